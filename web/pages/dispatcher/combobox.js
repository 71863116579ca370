// pages/dispatcher/combobox.js — a search box with a list of matches under
// it (the ARIA combobox pattern): typing searches, ↓/↑ move through the
// matches, Enter picks, Escape closes the list.  SEARCH(text) resolves
// [{id, label, sub?}]; ONPICK(item) is told the choice.
import { t } from '../../i18n/index.js';
import { h, uid } from '../../ui.js';

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
    }) : [h('li', { class: 'muted combo-empty', role: 'presentation' }, t('disp.combo.none'))]));
    [...list.children].forEach((li) => { li.style.padding = '6px 10px'; });
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    status.textContent = t('disp.combo.count', { n: found.length });
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
