// pages/shared/files.js — choosing files to attach to a demand, checked
// before upload as the server will (type, 10 MiB each, 20 per demand), and
// a progress bar per file while it uploads.
import { t, formatBytes } from '../../i18n/index.js';
import { h, uid } from '../../ui.js';

export const MAX_FILE = 10 * 1024 * 1024;
export const MAX_FILES = 20;
// What the server accepts (it judges by the bytes; this is a first check).
export const ACCEPT = '.pdf,.png,.jpg,.jpeg,.gif,.docx,.xlsx,.pptx,.txt';

// Why FILE cannot be attached, or null.
export function checkFile(file) {
  const ext = (file.name.split('.').pop() || '').toLowerCase();
  if (!ACCEPT.split(',').includes(`.${ext}`)) return t('attach.badType');
  if (file.size > MAX_FILE) return t('attach.tooBig', { max: formatBytes(MAX_FILE) });
  if (file.size === 0) return t('attach.empty');
  return null;
}

// A file input that keeps a list of the chosen files (each pick adds to
// it; each can be removed).  Returns {el, files(), error(msg), lock()}:
// files() gives [{file, progress(p), done(), fail(msg)}].
export function filePicker({ name = 'file', label = t('attach.choose'), max = MAX_FILES }) {
  const input = h('input', { type: 'file', multiple: true, accept: ACCEPT, class: 'file-input' });
  input.id = uid('file');
  const list = h('ul', { class: 'picked' });
  const err = h('p', { class: 'field-error', 'aria-live': 'polite' });
  const items = [];
  let locked = false;

  function draw() {
    list.replaceChildren(...items.map((it) => it.li));
  }

  input.addEventListener('change', () => {
    err.textContent = '';
    const problems = [];
    for (const file of input.files) {
      const why = checkFile(file);
      if (why) { problems.push(`${file.name}: ${why}`); continue; }
      if (items.length >= max) { problems.push(t('attach.tooMany', { n: max })); break; }
      const bar = h('progress', { max: '1', value: '0', class: 'file-progress', 'aria-label': file.name });
      const state = h('span', { class: 'picked-state muted small' }, formatBytes(file.size));
      const remove = h('button', { type: 'button', class: 'btn-link', 'aria-label': t('attach.remove', { name: file.name }) },
        t('common.remove'));
      const li = h('li', { class: 'picked-item' },
        h('span', { class: 'picked-name' }, file.name), state, remove, bar);
      const item = {
        file, li,
        progress(p) { bar.value = p; state.textContent = `${Math.round(p * 100)}%`; },
        done() { bar.value = 1; state.textContent = t('attach.done'); li.classList.add('is-done'); remove.hidden = true; },
        fail(msg) { li.classList.add('is-failed'); state.textContent = msg; },
      };
      remove.addEventListener('click', () => {
        if (locked) return;
        items.splice(items.indexOf(item), 1);
        draw();
        input.focus();
      });
      items.push(item);
    }
    input.value = '';
    if (problems.length) err.textContent = problems.join('\n');
    draw();
  });

  const el = h('div', { class: 'field file-field', dataset: { field: name } },
    h('label', { for: input.id, class: 'field-label' }, label),
    input,
    h('p', { class: 'field-hint' }, t('attach.hint', { max: formatBytes(MAX_FILE), n: max })),
    err, list);
  return {
    el,
    files: () => items.filter((i) => !i.li.classList.contains('is-done')),
    error: (msg) => { err.textContent = msg; },
    lock: (v = true) => { locked = v; input.disabled = v; },
  };
}
