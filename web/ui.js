// ui.js — building blocks for pages: h() to build DOM safely, dialogs,
// toasts, tables, pagers, form fields with errors, status chips.
//
// The rule for every page: text goes in as text.  h() sets children with
// text nodes and attributes with setAttribute, so data from the server
// can never become markup.  Do not use innerHTML, insertAdjacentHTML or
// document.write anywhere (a test greps for them).
import { t, serverMessage } from './i18n/index.js';

// h('a', {href: '/x', class: 'link', onclick: fn}, 'text', child, [more])
// Attributes: "class", "for", any attribute; on<event> functions become
// listeners; true sets a boolean attribute, false/null/undefined skip it;
// "dataset" takes an object.  Children: strings, numbers, Nodes, arrays,
// and null/false (skipped).
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === false || v === null || v === undefined) continue;
      if (k.startsWith('on') && typeof v === 'function') {
        el.addEventListener(k.slice(2).toLowerCase(), v);
      } else if (k === 'dataset') {
        Object.assign(el.dataset, v);
      } else if (k === 'value' && 'value' in el) {
        el.value = v;
      } else if (k === 'checked' || k === 'selected') {
        el[k] = Boolean(v);
        if (v) el.setAttribute(k, '');
      } else {
        el.setAttribute(k, v === true ? '' : String(v));
      }
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

let idSeq = 0;
export function uid(prefix = 'qt') {
  idSeq += 1;
  return `${prefix}-${idSeq}`;
}

// ---------------------------------------------------------------- icons
// A few line icons as SVG built with createElementNS (no markup strings).
const ICONS = {
  doc: ['M6 2h8l4 4v16H6z', 'M14 2v4h4', 'M9 12h6', 'M9 16h6'],
  plus: ['M12 5v14', 'M5 12h14'],
  user: ['M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8z', 'M4 21c0-4 4-6 8-6s8 2 8 6'],
  home: ['M3 11l9-7 9 7', 'M5 10v10h14V10'],
  list: ['M8 6h13', 'M8 12h13', 'M8 18h13', 'M3 6h1', 'M3 12h1', 'M3 18h1'],
  clip: ['M21 11l-8.5 8.5a5 5 0 0 1-7-7L14 4a3.5 3.5 0 0 1 5 5l-8.5 8.5a2 2 0 0 1-3-3L15 7'],
  out: ['M15 4h4v16h-4', 'M10 8l-4 4 4 4', 'M6 12h11'],
  globe: ['M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z', 'M3 12h18', 'M12 3c3 3 3 15 0 18', 'M12 3c-3 3-3 15 0 18'],
  phone: ['M5 3h4l2 5-3 2a12 12 0 0 0 6 6l2-3 5 2v4a2 2 0 0 1-2 2A17 17 0 0 1 3 5a2 2 0 0 1 2-2z'],
  chart: ['M4 20V4', 'M4 20h16', 'M8 16v-5', 'M12 16V8', 'M16 16v-3'],
  check: ['M5 12l5 5 9-10'],
  clock: ['M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z', 'M12 7v5l3 2'],
  team: ['M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7z', 'M2 20c0-3.5 3-5.5 7-5.5s7 2 7 5.5', 'M16 4.5a3.5 3.5 0 0 1 0 6.5', 'M18 14.7c2.4.6 4 2.3 4 5.3'],
  link: ['M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1', 'M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1'],
  pin: ['M12 21s-7-6.2-7-11a7 7 0 0 1 14 0c0 4.8-7 11-7 11z', 'M12 12.5a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5z'],
};

export function icon(name) {
  const NS = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', 'icon');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  for (const d of ICONS[name] || []) {
    const p = document.createElementNS(NS, 'path');
    p.setAttribute('d', d);
    svg.append(p);
  }
  return svg;
}

// ---------------------------------------------------------------- toasts
let toastRegion = null;

function toastHost() {
  if (!toastRegion || !toastRegion.isConnected) {
    toastRegion = h('div', { class: 'toasts', role: 'status', 'aria-live': 'polite' });
    document.body.append(toastRegion);
  }
  return toastRegion;
}

// A short message that goes away by itself.  KIND: 'ok' | 'error' | 'info'.
// The live region exists from the start, so the first toast is announced.
if (document.body) toastHost();

export function toast(message, kind = 'ok') {
  const el = h('div', { class: `toast toast-${kind}` }, message);
  toastHost().append(el);
  setTimeout(() => el.classList.add('toast-out'), 4200);
  setTimeout(() => el.remove(), 4600);
  return el;
}

// ---------------------------------------------------------------- dialogs
const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), ' +
  'select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

// A modal dialog.  BODY is a Node (often a form).  Focus moves into it,
// stays in it (Tab wraps), and returns to where it was when it closes;
// Escape and the close button close it.  Returns {el, close}.  ONCLOSE
// runs once, however it closed.
export function openDialog({ title, body, onClose, className = '' }) {
  const before = document.activeElement;
  const titleId = uid('dlg-title');
  const closeBtn = h('button', {
    type: 'button', class: 'btn-icon dialog-close', 'aria-label': t('common.close'),
  }, '×');
  const dlg = h('dialog', { class: `dialog ${className}`, 'aria-labelledby': titleId },
    h('div', { class: 'dialog-head' },
      h('h2', { id: titleId, class: 'dialog-title' }, title), closeBtn),
    h('div', { class: 'dialog-body' }, body));
  let closed = false;
  function close(result) {
    if (closed) return;
    closed = true;
    if (dlg.open) dlg.close();
    dlg.remove();
    if (before && before.isConnected && typeof before.focus === 'function') before.focus();
    if (onClose) onClose(result);
  }
  closeBtn.addEventListener('click', () => close());
  // Escape: the browser fires "cancel" on a modal dialog.
  dlg.addEventListener('cancel', (e) => { e.preventDefault(); close(); });
  dlg.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') { e.preventDefault(); close(); return; }
    if (e.key !== 'Tab') return;
    const items = [...dlg.querySelectorAll(FOCUSABLE)].filter((x) => x.offsetParent !== null);
    if (!items.length) return;
    const first = items[0];
    const last = items[items.length - 1];
    if (e.shiftKey && document.activeElement === first) { e.preventDefault(); last.focus(); }
    else if (!e.shiftKey && document.activeElement === last) { e.preventDefault(); first.focus(); }
  });
  document.body.append(dlg);
  dlg.showModal();
  const firstField = dlg.querySelector('.dialog-body').querySelector(FOCUSABLE);
  (firstField || closeBtn).focus();
  return { el: dlg, close };
}

// Ask a yes/no question.  Resolves true when confirmed.
export function confirmDialog({ title, message, confirmLabel, danger = false }) {
  return new Promise((resolve) => {
    let answer = false;
    const ok = h('button', { type: 'button', class: danger ? 'btn btn-danger' : 'btn btn-primary' },
      confirmLabel || t('common.confirm'));
    const cancel = h('button', { type: 'button', class: 'btn' }, t('common.cancel'));
    const d = openDialog({
      title,
      body: h('div', null, h('p', null, message),
        h('div', { class: 'form-actions' }, cancel, ok)),
      onClose: () => resolve(answer),
    });
    ok.addEventListener('click', () => { answer = true; d.close(); });
    cancel.addEventListener('click', () => d.close());
  });
}

// ---------------------------------------------------------------- forms
// A labelled field: returns the wrapper; the control gets an id, the label
// points at it, and an error line (aria-live) sits under it for
// showErrors().  NAME is the API field name the server's errors use.
export function field({ label, name, control, hint, required = false }) {
  const id = control.id || uid(`f-${name}`);
  control.id = id;
  control.name = control.name || name;
  const hintId = hint ? `${id}-hint` : null;
  const errId = `${id}-err`;
  control.setAttribute('aria-describedby', [hintId, errId].filter(Boolean).join(' '));
  if (required) control.required = true;
  return h('div', { class: 'field', dataset: { field: name } },
    h('label', { for: id, class: 'field-label' }, label,
      required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
    control,
    hint ? h('p', { class: 'field-hint', id: hintId }, hint) : null,
    h('p', { class: 'field-error', id: errId, 'aria-live': 'polite' }));
}

// A group of radio buttons inside a fieldset with a legend.
export function radioGroup({ legend, name, options, value, required = false }) {
  return h('fieldset', { class: 'field radio-group', dataset: { field: name } },
    h('legend', { class: 'field-label' }, legend,
      required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
    h('div', { class: 'radios' }, options.map((o) => {
      const id = uid(`r-${name}`);
      return h('span', { class: 'radio' },
        h('input', { type: 'radio', id, name, value: o.value, checked: o.value === value, required }),
        h('label', { for: id }, o.label));
    })),
    h('p', { class: 'field-error', 'aria-live': 'polite' }));
}

// Show ERRORS ([{field, message}], from a problem+json) next to the fields
// of FORM (by data-field); what matches no field goes to the form's alert
// box.  Focuses the first field in error.  Returns how many were shown.
export function showErrors(form, errors = [], fallback = '') {
  clearErrors(form);
  let first = null;
  const loose = [];
  for (const e of errors) {
    const box = form.querySelector(`[data-field="${CSS.escape(e.field || '')}"]`);
    if (!box) { loose.push(`${e.field}: ${serverMessage(e.message)}`); continue; }
    box.classList.add('has-error');
    const line = box.querySelector('.field-error');
    if (line) line.textContent = serverMessage(e.message);
    // The error goes once the person changes the field.
    const fixed = () => {
      box.classList.remove('has-error');
      if (line) line.textContent = '';
      for (const c of box.querySelectorAll('[aria-invalid]')) c.removeAttribute('aria-invalid');
    };
    box.addEventListener('input', fixed, { once: true });
    box.addEventListener('change', fixed, { once: true });
    const control = box.querySelector('input, select, textarea');
    if (control) {
      control.setAttribute('aria-invalid', 'true');
      first ??= control;
    }
  }
  const msg = [fallback, ...loose].filter(Boolean).join(' ');
  if (msg) formAlert(form, msg);
  if (first) first.focus();
  return errors.length;
}

export function clearErrors(form) {
  for (const box of form.querySelectorAll('.has-error')) box.classList.remove('has-error');
  for (const line of form.querySelectorAll('.field-error')) line.textContent = '';
  for (const c of form.querySelectorAll('[aria-invalid]')) c.removeAttribute('aria-invalid');
  const alert = form.querySelector('.form-alert');
  if (alert) { alert.textContent = ''; alert.hidden = true; }
}

// The alert box at the top of FORM (made if missing), with MESSAGE.
export function formAlert(form, message) {
  let box = form.querySelector('.form-alert');
  if (!box) {
    box = h('div', { class: 'form-alert', role: 'alert' });
    form.prepend(box);
  }
  box.textContent = message;
  box.hidden = !message;
  return box;
}

// Disable a form's controls while WORK (a promise) runs.
export async function busy(form, work) {
  const controls = [...form.querySelectorAll('button, input, select, textarea')];
  const was = controls.map((c) => c.disabled);
  controls.forEach((c) => { c.disabled = true; });
  form.setAttribute('aria-busy', 'true');
  try {
    return await work;
  } finally {
    controls.forEach((c, i) => { c.disabled = was[i]; });
    form.removeAttribute('aria-busy');
  }
}

// ---------------------------------------------------------------- tables
// A table that becomes a list of cards on narrow screens (each cell shows
// its column's label before it).  COLUMNS: [{label, cell(row) → Node|str,
// className?}].  EMPTY: text when ROWS is empty.
export function table({ columns, rows, caption, empty, className = '' }) {
  if (!rows.length) {
    return h('div', { class: 'empty' }, icon('doc'), h('p', null, empty || t('common.empty')));
  }
  return h('div', { class: 'table-wrap' },
    h('table', { class: `table ${className}` },
      caption ? h('caption', { class: 'sr-only' }, caption) : null,
      h('thead', null, h('tr', null, columns.map((c) =>
        h('th', { scope: 'col', class: c.className || null }, c.label)))),
      h('tbody', null, rows.map((r) => h('tr', null, columns.map((c) =>
        h('td', { class: c.className || null, dataset: { label: c.label } }, c.cell(r))))))));
}

// Pager for cursor lists: "previous" and "next" with the page number.
// onPrev/onNext null disables that side.
export function pager({ page, onPrev, onNext }) {
  if (!onPrev && !onNext) return null;
  return h('nav', { class: 'pager', 'aria-label': t('pager.label') },
    h('button', { type: 'button', class: 'btn', disabled: !onPrev, onclick: onPrev || null },
      '‹ ', t('pager.prev')),
    h('span', { class: 'pager-page', 'aria-current': 'page' }, t('pager.page', { n: page })),
    h('button', { type: 'button', class: 'btn', disabled: !onNext, onclick: onNext || null },
      t('pager.next'), ' ›'));
}

// ---------------------------------------------------------------- misc
// A phone number: a tel: link when whole, plain text when the server sent
// it masked (lists do: 138****5678), which no phone can dial.
export function phoneLink(number, className = '') {
  if (!number) return null;
  if (number.includes('*')) {
    return h('span', { class: `${className} phone-masked`.trim(), title: t('common.phoneMasked') }, number);
  }
  return h('a', { href: `tel:${number.replace(/[\s-]/g, '')}`, class: className || null }, number);
}

// A definition list from [[label, value], ...]; null values are skipped.
export function dl(pairs, className = '') {
  return h('dl', { class: `dl ${className}` }, pairs.filter((p) => p && p[1] !== null &&
    p[1] !== undefined && p[1] !== '').map(([k, v]) =>
    h('div', { class: 'dl-row' }, h('dt', null, k), h('dd', null, v))));
}

// A panel (card) with a heading.
export function panel(title, ...children) {
  return h('section', { class: 'panel' },
    title ? h('h2', { class: 'panel-title' }, title) : null, ...children);
}

// The page heading (focused after navigation so screen readers hear it),
// with optional actions on the right.
export function pageHead(title, ...actions) {
  return h('div', { class: 'page-head' },
    h('h1', { class: 'page-title', tabindex: '-1' }, title),
    actions.length ? h('div', { class: 'page-actions' }, actions) : null);
}

export function spinner(label) {
  return h('div', { class: 'loading', role: 'status' },
    h('span', { class: 'spin', 'aria-hidden': 'true' }), label || t('common.loading'));
}

// An error box for a failed load, with a retry button when RETRY is given.
export function errorBox(message, retry) {
  return h('div', { class: 'notice notice-error', role: 'alert' },
    h('p', null, message),
    retry ? h('button', { type: 'button', class: 'btn', onclick: retry }, t('common.retry')) : null);
}
