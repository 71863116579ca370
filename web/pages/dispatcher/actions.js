// pages/dispatcher/actions.js — what the service office (服务专员办) does
// with a demand: assign it to a lead department (主办) and any
// co-departments (协办), refuse a department's return, merge a duplicate
// into the demand it repeats.  Used by the queue and, through
// demandActions, by the shared demand page.  The server decides (403/409).
import { api, getAll } from '../../api.js';
import { t } from '../../i18n/index.js';
import {
  h, field, openDialog, showErrors, clearErrors, formAlert, busy, toast, confirmDialog, uid,
} from '../../ui.js';
import { OPEN } from '../shared/demands.js';
import { combobox } from '../shared/combobox.js';

export const MAX_CO = 8;

export function failed(form, err) {
  if (err.errors?.length) showErrors(form, err.errors);
  else formAlert(form, err.status === 409 ? t('error.conflict', { detail: err.detail })
    : err.status ? t('error.server', { status: err.status, detail: err.detail }) : t('error.network'));
}

// The reason of the latest return in D's timeline ({note, by, at}), or null.
export function lastReturn(d) {
  const ev = [...(d.timeline || [])].reverse().find((e) => e.action === 'return');
  return ev ? { note: ev.note || '', by: ev.actor_name || '', at: ev.at } : null;
}

// ---------------------------------------------------------------- assign
export function assignDialog(d, ctx, onDone = () => (ctx.reload ? ctx.reload() : ctx.refresh())) {
  const chosen = [];          // [{id, name}]
  let lead = null;            // id of the lead department
  const region = ctx.user?.region_code || '';

  const picked = h('ul', { class: 'dept-picked' });
  Object.assign(picked.style, { listStyle: 'none', margin: '0', padding: '0' });
  const pickedEmpty = h('p', { class: 'muted small' }, t('disp.assign.noneChosen'));

  const combo = combobox({
    placeholder: t('disp.assign.searchHint'),
    search: async (text) => {
      const r = await api.get('/departments', { q: text, region, limit: 20 });
      return r.items.filter((x) => !x.disabled).map((x) => ({
        id: x.id, label: x.name,
        sub: chosen.some((c) => c.id === x.id) ? t('disp.assign.already') : null,
      }));
    },
    onPick: (it) => {
      if (chosen.some((c) => c.id === it.id)) return;
      if (chosen.length >= MAX_CO + 1) {
        showErrors(form, [{ field: 'co_department_ids', message: t('disp.assign.tooMany', { n: MAX_CO }) }]);
        return;
      }
      chosen.push({ id: it.id, name: it.label });
      if (lead === null) lead = it.id;
      draw();
      combo.status.textContent = t(lead === it.id ? 'disp.assign.addedLead' : 'disp.assign.addedCo', { name: it.label });
    },
  });

  function draw() {
    pickedEmpty.hidden = chosen.length > 0;
    picked.replaceChildren(...chosen.map((c) => {
      const rid = uid('lead');
      const isLead = c.id === lead;
      const radio = h('input', { type: 'radio', name: 'lead', id: rid, value: String(c.id), checked: isLead });
      radio.addEventListener('change', () => { lead = c.id; draw(); });
      const remove = h('button', { type: 'button', class: 'btn-link', 'aria-label': t('disp.assign.removeDept', { name: c.name }) },
        t('common.remove'));
      remove.addEventListener('click', () => {
        chosen.splice(chosen.indexOf(c), 1);
        if (lead === c.id) lead = chosen[0]?.id ?? null;
        draw();
        combo.input.focus();
      });
      const li = h('li', { class: 'dept-item', dataset: { id: String(c.id), role: isLead ? 'lead' : 'co' } },
        h('span', { class: `tag ${isLead ? 'tag-ok' : 'tag-warn'}` }, t(isLead ? 'disp.assign.lead' : 'disp.assign.co')),
        h('span', { class: 'dept-name' }, c.name),
        h('span', { class: 'radio' }, radio, h('label', { for: rid }, t('disp.assign.makeLead'))),
        remove);
      Object.assign(li.style, { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: '8px',
        padding: '6px 0', borderBottom: '1px solid var(--c-border)' });
      li.firstChild.style.marginLeft = '0';
      return li;
    }));
  }

  const note = h('textarea', { rows: '2', maxlength: '1000' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('disp.assign.submit'));
  const cancel = h('button', { type: 'button', class: 'btn' }, t('common.cancel'));
  const searchField = field({ label: t('disp.assign.search'), name: 'lead_department_id', control: combo.input,
    hint: t('disp.assign.searchKeys') });
  searchField.querySelector('.field-error').before(combo.list);
  const ret = d.return_pending ? lastReturn(d) : null;
  const form = h('form', { class: 'form assign-form', novalidate: true },
    h('p', null, h('span', { class: 'mono' }, d.code), ' ', d.title),
    ret ? h('p', { class: 'notice notice-warn' }, t('disp.returnedBy', { dept: d.lead_department_name || '', note: ret.note })) : null,
    searchField, combo.status,
    h('div', { class: 'field', dataset: { field: 'co_department_ids' } },
      h('p', { class: 'field-label' }, t('disp.assign.chosen')),
      h('p', { class: 'field-hint' }, t('disp.assign.chosenHint', { n: MAX_CO })),
      pickedEmpty, picked, h('p', { class: 'field-error', 'aria-live': 'polite' }),
    ),
    field({ label: t('disp.assign.note'), name: 'note', control: note }),
    h('div', { class: 'form-actions' }, cancel, submit));
  const dlg = openDialog({ title: t('disp.assign.title'), body: form, className: 'dialog-wide' });
  cancel.addEventListener('click', () => dlg.close());
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    if (lead === null) {
      showErrors(form, [{ field: 'lead_department_id', message: t('disp.assign.needLead') }]);
      return;
    }
    const body = { lead_department_id: lead, co_department_ids: chosen.filter((c) => c.id !== lead).map((c) => c.id) };
    if (note.value.trim()) body.note = note.value.trim();
    try {
      await busy(form, api.post(`/demands/${d.id}/assign`, body));
    } catch (err) {
      failed(form, err);
      return;
    }
    dlg.close();
    toast(t('disp.assign.done', { name: chosen.find((c) => c.id === lead).name }));
    onDone();
  });
  return dlg;
}

// ---------------------------------------------------------------- refuse return
export async function refuseReturn(d, ctx, onDone = () => (ctx.reload ? ctx.reload() : ctx.refresh())) {
  const ok = await confirmDialog({
    title: t('disp.refuse.title'),
    message: t('disp.refuse.message', { dept: d.lead_department_name || '' }),
    confirmLabel: t('disp.refuse.submit'),
  });
  if (!ok) return;
  try {
    await api.post(`/demands/${d.id}/refuse-return`, {});
  } catch (err) {
    toast(err.status ? t('error.server', { status: err.status, detail: err.detail }) : t('error.network'), 'error');
    return;
  }
  toast(t('disp.refuse.done'));
  onDone();
}

// ---------------------------------------------------------------- merge
const CODE = /^QT-\d{4}-\d{6}$/i;

export function mergeDialog(d, ctx, onDone = () => (ctx.reload ? ctx.reload() : ctx.refresh())) {
  let open = null;            // the open demands of the region, read once
  let target = null;          // {id, code, title}
  const load = () => {
    open ??= getAll('/demands', { status: OPEN.join(',') }, 5000)
      .catch((e) => { open = null; throw e; });
    return open;
  };
  const chosen = h('p', { class: 'merge-target muted' }, t('disp.merge.noneChosen'));
  const combo = combobox({
    placeholder: t('disp.merge.searchHint'),
    search: async (text) => {
      const all = (await load()).filter((x) => x.id !== d.id);
      const q = text.toLowerCase();
      const hits = q ? all.filter((x) => x.code.toLowerCase().includes(q) || x.title.includes(text)) : all;
      return hits.slice(0, 20).map((x) => ({ id: x.id, label: x.code, sub: x.title, demand: x }));
    },
    onPick: (it) => {
      target = it.demand;
      chosen.className = 'merge-target';
      chosen.replaceChildren(t('disp.merge.chosen'), h('span', { class: 'mono' }, target.code), ` ${target.title}`);
    },
  });
  // Typing again drops the choice: what is typed is what counts.
  combo.input.addEventListener('input', () => {
    if (!target) return;
    target = null;
    chosen.className = 'merge-target muted';
    chosen.textContent = t('disp.merge.noneChosen');
  });
  const note = h('textarea', { rows: '2', maxlength: '1000' });
  const submit = h('button', { type: 'submit', class: 'btn btn-danger' }, t('disp.merge.submit'));
  const cancel = h('button', { type: 'button', class: 'btn' }, t('common.cancel'));
  const searchField = field({ label: t('disp.merge.search'), name: 'duplicate_of', control: combo.input,
    hint: t('disp.merge.searchKeys') });
  searchField.querySelector('.field-error').before(combo.list);
  const form = h('form', { class: 'form merge-form', novalidate: true },
    h('p', null, t('disp.merge.lead', { code: d.code })),
    searchField, combo.status, chosen,
    field({ label: t('disp.merge.note'), name: 'note', control: note }),
    h('div', { class: 'form-actions' }, cancel, submit));
  const dlg = openDialog({ title: t('disp.merge.title'), body: form });
  cancel.addEventListener('click', () => dlg.close());
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    // A code typed in full and not picked from the list still counts.
    const typed = combo.input.value.trim();
    if (!target && CODE.test(typed)) {
      const all = await load().catch(() => []);
      target = all.find((x) => x.code.toUpperCase() === typed.toUpperCase() && x.id !== d.id) || null;
      if (!target) {
        showErrors(form, [{ field: 'duplicate_of', message: t('disp.merge.notFound', { code: typed }) }]);
        return;
      }
    }
    if (!target) {
      showErrors(form, [{ field: 'duplicate_of', message: t('disp.merge.pick') }]);
      return;
    }
    const body = { duplicate_of: target.id };
    if (note.value.trim()) body.note = note.value.trim();
    try {
      await busy(form, api.post(`/demands/${d.id}/merge`, body));
    } catch (err) {
      failed(form, err);
      return;
    }
    dlg.close();
    toast(t('disp.merge.done', { code: target.code }));
    onDone();
  });
  return dlg;
}

// ---------------------------------------------------------------- detail page
export function dispatcherActions(d, ctx) {
  const out = [];
  if (d.status === 'submitted') {
    out.push(h('button', { type: 'button', class: 'btn btn-primary', onclick: () => assignDialog(d, ctx) },
      t(d.return_pending ? 'disp.reassign' : 'disp.assign.open')));
  }
  if (d.status === 'submitted' && d.return_pending) {
    const ret = lastReturn(d);
    out.unshift(h('p', { class: 'action-note' }, h('span', { class: 'tag tag-warn' }, t('disp.returned')), ' ',
      t('disp.returnedBy', { dept: d.lead_department_name || '', note: ret?.note || '' })));
    out.push(h('button', { type: 'button', class: 'btn', onclick: () => refuseReturn(d, ctx) }, t('disp.refuse.open')));
  }
  if (OPEN.includes(d.status)) {
    out.push(h('button', { type: 'button', class: 'btn btn-danger-outline', onclick: () => mergeDialog(d, ctx) },
      t('disp.merge.open')));
  }
  return out;
}
