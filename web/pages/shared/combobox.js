// pages/shared/combobox.js — the one search-and-pick box of the UI (the
// ARIA combobox pattern): typing searches, ↓/↑ move through the matches,
// Enter picks, Escape closes the list.  SEARCH(text) resolves
// [{id, label, sub?}]; ONPICK(item) is told the choice.
//
// combobox() adds picks to something else (the dispatcher's departments,
// a team's members); pickOne() holds one choice (an enterprise, a
// commissioner); comboField() labels either as a form field whose
// data-field is the API's name, so showErrors() finds it.
import { t } from '../../i18n/index.js';
import { h, uid, field } from '../../ui.js';

export function combobox({ search, onPick, placeholder = '', delay = 200 }) {
  const listId = uid('lb');
  const input = h('input', {
    type: 'search', role: 'combobox', autocomplete: 'off', maxlength: '100', placeholder,
    'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': listId,
  });
  const list = h('ul', { role: 'listbox', id: listId, class: 'combo-list', hidden: true });
  Object.assign(list.style, {
    listStyle: 'none', margin: '4px 0 0', padding: '4px 0', maxHeight: '240px', overflowY: 'auto',
    border: '1px solid var(--c-border-strong)', borderRadius: 'var(--radius-sm)', background: 'var(--c-surface)',
  });
  const status = h('p', { class: 'sr-only', 'aria-live': 'polite' });
  let items = [];
  let active = -1;
  let timer = null;
  let blurTimer = null;
  let seq = 0;

  function mark() {
    [...list.children].forEach((li, i) => {
      const on = i === active;
      li.setAttribute('aria-selected', on ? 'true' : 'false');
      li.style.background = on ? 'var(--c-primary-soft)' : '';
      li.style.outline = on ? '2px solid var(--c-focus)' : '';
      li.style.outlineOffset = '-2px';
      if (on) li.scrollIntoView({ block: 'nearest' });
    });
    if (active >= 0) input.setAttribute('aria-activedescendant', list.children[active].id);
    else input.removeAttribute('aria-activedescendant');
  }

  function close() {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  }

  function show(found) {
    items = found;
    active = found.length ? 0 : -1;
    list.replaceChildren(...(found.length ? found.map((it) => {
      const li = h('li', { role: 'option', id: uid('opt'), class: 'combo-option', dataset: { id: String(it.id) } },
        h('span', null, it.label), it.sub ? h('span', { class: 'muted small' }, ` · ${it.sub}`) : null);
      Object.assign(li.style, { padding: '6px 10px', cursor: 'pointer' });
      li.addEventListener('mousedown', (e) => e.preventDefault());
      li.addEventListener('click', () => pick(it));
      return li;
    }) : [h('li', { class: 'muted combo-empty', role: 'presentation' }, t('common.combo.none'))]));
    [...list.children].forEach((li) => { li.style.padding = '6px 10px'; });
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    status.textContent = t('common.combo.count', { n: found.length });
    mark();
  }

  function pick(it) {
    close();
    input.value = '';
    onPick(it);
    input.focus();
  }

  // Search for what the box holds now; a newer search wins.
  async function run() {
    clearTimeout(timer);
    timer = null;
    const text = input.value.trim();
    const mine = ++seq;
    let found;
    try {
      found = await search(text);
    } catch {
      found = [];
    }
    if (mine !== seq) return false;   // a newer search is under way
    if (document.activeElement === input) show(found);
    else items = found;
    return true;
  }

  input.addEventListener('input', () => {
    // What is listed no longer matches: nothing to pick until it does.
    seq += 1;
    items = [];
    active = -1;
    close();
    clearTimeout(timer);
    timer = setTimeout(run, delay);
  });
  input.addEventListener('focus', () => {
    clearTimeout(blurTimer);
    if (list.hidden && !timer) run();
  });
  input.addEventListener('blur', () => {
    clearTimeout(blurTimer);
    blurTimer = setTimeout(close, 150);
  });
  input.addEventListener('keydown', async (e) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (list.hidden) { run(); return; }
      if (items.length) { active = (active + 1) % items.length; mark(); }
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      if (items.length) { active = (active - 1 + items.length) % items.length; mark(); }
    } else if (e.key === 'Enter') {
      // Enter in the box picks; it never submits the form.  Typed but not
      // yet searched: search now, then pick the first match.
      e.preventDefault();
      if (timer || list.hidden) {
        if (!(await run())) return;
      }
      if (!list.hidden && active >= 0 && items[active]) pick(items[active]);
    } else if (e.key === 'Escape' && !list.hidden) {
      e.preventDefault();
      e.stopPropagation();
      close();
    }
  });
  return { input, list, status, refresh: run, close };
}

// A combobox that holds one choice.  The picked item's label stays in the
// box and a line under it names the choice (with its sub-label) beside a
// clear button; typing something else drops the choice.  VALUE is the
// first choice ({id, label, sub?}) or null; ONCHANGE(item|null) is told
// every change.  Returns the combobox's pieces plus value() and set().
export function pickOne({ search, placeholder = '', value = null, onChange = () => {} }) {
  let current = null;
  const label = h('span', { class: 'combo-picked-label' });
  const clearBtn = h('button', { type: 'button', class: 'btn-link combo-clear' }, t('common.combo.clear'));
  const line = h('p', { class: 'combo-picked small', hidden: true }, label, ' ', clearBtn);
  const combo = combobox({ search, placeholder, onPick: (it) => set(it) });

  function set(it, quiet = false) {
    current = it || null;
    combo.input.value = current ? current.label : '';
    combo.input.dataset.pickedId = current ? String(current.id) : '';
    label.textContent = current
      ? t('common.combo.picked', { name: current.sub ? `${current.label} · ${current.sub}` : current.label })
      : '';
    line.hidden = !current;
    if (!quiet) {
      combo.status.textContent = current ? label.textContent : t('common.combo.cleared');
      onChange(current);
    }
  }
  combo.input.addEventListener('input', () => {
    if (current && combo.input.value !== current.label) set(null);
  });
  clearBtn.addEventListener('click', () => {
    set(null);
    combo.input.focus();
  });
  set(value, true);
  return { ...combo, picked: line, value: () => current, set };
}

// A labelled form field around COMBO (from combobox() or pickOne()): the
// list, the live status and, for pickOne(), the choice line go under the
// box, above the field's error line.  EXTRA nodes follow them.
export function comboField({ label, name, combo, hint, required = false, extra = [] }) {
  const box = field({ label, name, control: combo.input, hint, required });
  box.querySelector('.field-error').before(combo.list, combo.status,
    ...(combo.picked ? [combo.picked] : []), ...extra);
  return box;
}
