// pages/handler/actions.js — what the lead department does on a demand's
// page: accept it, return it (not our remit; the reason is required),
// answer the enterprise, resolve it with an outcome and the result, ask
// for more days (1–90, with a reason; "待审批" while the supervisor
// decides), pause the clock while the enterprise supplies material and
// resume it.  The server decides (403/409); these only offer what it allows.
import { api } from '../../api.js';
import { t } from '../../i18n/index.js';
import { h, field, radioGroup, openDialog, showErrors, clearErrors, busy, toast, confirmDialog } from '../../ui.js';
import { failed } from '../dispatcher/actions.js';

const reload = (ctx) => (ctx.reload ? ctx.reload() : ctx.refresh());

// A dialog with a form of FIELDS that posts ACTION; BODY(form) builds the
// request body or returns an array of field errors.
function actionDialog(d, ctx, { title, lead, fields, submitLabel, danger = false, body, done }) {
  const submit = h('button', { type: 'submit', class: danger ? 'btn btn-danger' : 'btn btn-primary' }, submitLabel);
  const cancel = h('button', { type: 'button', class: 'btn' }, t('common.cancel'));
  const form = h('form', { class: 'form', novalidate: true },
    lead ? h('p', { class: 'muted' }, lead) : null,
    fields, h('div', { class: 'form-actions' }, cancel, submit));
  const dlg = openDialog({ title, body: form });
  cancel.addEventListener('click', () => dlg.close());
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const b = body(form);
    if (Array.isArray(b)) { showErrors(form, b); return; }
    try {
      await busy(form, api.post(`/demands/${d.id}/${b.action}`, b.body));
    } catch (err) {
      failed(form, err);
      return;
    }
    dlg.close();
    toast(done);
    reload(ctx);
  });
  return dlg;
}

const required = (name) => [{ field: name, message: t('form.required') }];

function textArea(rows = 4, max = 5000) {
  return h('textarea', { rows: String(rows), maxlength: String(max) });
}

export async function accept(d, ctx) {
  const ok = await confirmDialog({ title: t('hdl.accept.title'), message: t('hdl.accept.message', { code: d.code }),
    confirmLabel: t('hdl.accept.open') });
  if (!ok) return;
  try {
    await api.post(`/demands/${d.id}/accept`, {});
  } catch (err) {
    toast(err.status ? t('error.server', { status: err.status, detail: err.detail }) : t('error.network'), 'error');
    return;
  }
  toast(t('hdl.accept.done'));
  reload(ctx);
}

export function returnDialog(d, ctx) {
  const note = textArea(4);
  return actionDialog(d, ctx, {
    title: t('hdl.return.title'), lead: t('hdl.return.lead'), danger: true,
    fields: [field({ label: t('hdl.return.note'), name: 'note', control: note, required: true })],
    submitLabel: t('hdl.return.submit'), done: t('hdl.return.done'),
    body: () => (note.value.trim() ? { action: 'return', body: { note: note.value.trim() } } : required('note')),
  });
}

export function answerDialog(d, ctx) {
  const note = textArea(5);
  return actionDialog(d, ctx, {
    title: t('hdl.answer.title'), lead: t('hdl.answer.lead'),
    fields: [field({ label: t('hdl.answer.note'), name: 'note', control: note, required: true, hint: t('hdl.answer.hint') })],
    submitLabel: t('hdl.answer.submit'), done: t('hdl.answer.done'),
    body: () => (note.value.trim() ? { action: 'answer', body: { note: note.value.trim() } } : required('note')),
  });
}

export function resolveDialog(d, ctx) {
  const note = textArea(5);
  const outcome = radioGroup({
    legend: t('hdl.resolve.outcome'), name: 'outcome', required: true,
    options: ['resolved', 'partial', 'explained'].map((v) => ({ value: v, label: t(`outcome.${v}`) })),
  });
  return actionDialog(d, ctx, {
    title: t('hdl.resolve.title'), lead: t('hdl.resolve.lead'),
    fields: [outcome, field({ label: t('hdl.resolve.note'), name: 'note', control: note, required: true })],
    submitLabel: t('hdl.resolve.submit'), done: t('hdl.resolve.done'),
    body: (form) => {
      const errs = [];
      const o = form.elements.outcome.value;
      if (!o) errs.push({ field: 'outcome', message: t('hdl.resolve.pick') });
      if (!note.value.trim()) errs.push(...required('note'));
      return errs.length ? errs : { action: 'resolve', body: { outcome: o, note: note.value.trim() } };
    },
  });
}

export function extendDialog(d, ctx) {
  const days = h('input', { type: 'number', min: '1', max: '90', step: '1', inputmode: 'numeric' });
  const note = textArea(3);
  return actionDialog(d, ctx, {
    title: t('hdl.extend.title'), lead: t('hdl.extend.lead'),
    fields: [
      field({ label: t('hdl.extend.days'), name: 'days', control: days, required: true, hint: t('hdl.extend.daysHint') }),
      field({ label: t('hdl.extend.note'), name: 'note', control: note, required: true }),
    ],
    submitLabel: t('hdl.extend.submit'), done: t('hdl.extend.done'),
    body: () => {
      const errs = [];
      const n = Number(days.value);
      if (!days.value.trim()) errs.push(...required('days'));
      else if (!Number.isInteger(n) || n < 1 || n > 90) errs.push({ field: 'days', message: t('hdl.extend.range') });
      if (!note.value.trim()) errs.push(...required('note'));
      return errs.length ? errs : { action: 'extend', body: { days: n, note: note.value.trim() } };
    },
  });
}

export function pauseDialog(d, ctx) {
  const note = textArea(3);
  return actionDialog(d, ctx, {
    title: t('hdl.pause.title'), lead: t('hdl.pause.lead'),
    fields: [field({ label: t('hdl.pause.note'), name: 'note', control: note, required: true })],
    submitLabel: t('hdl.pause.submit'), done: t('hdl.pause.done'),
    body: () => (note.value.trim() ? { action: 'pause', body: { note: note.value.trim() } } : required('note')),
  });
}

export async function resume(d, ctx) {
  try {
    await api.post(`/demands/${d.id}/resume`, {});
  } catch (err) {
    toast(err.status ? t('error.server', { status: err.status, detail: err.detail }) : t('error.network'), 'error');
    return;
  }
  toast(t('hdl.resume.done'));
  reload(ctx);
}

export function handlerActions(d, ctx) {
  const mine = d.lead_department_id && d.lead_department_id === ctx.user?.department_id;
  if (!mine) {
    return (d.co_department_ids || []).includes(ctx.user?.department_id)
      ? [h('p', { class: 'action-note' }, t('hdl.coNote'))] : [];
  }
  const out = [];
  const btn = (label, fn, cls = 'btn') => h('button', { type: 'button', class: cls, onclick: () => fn(d, ctx) }, label);
  const working = ['assigned', 'accepted', 'answered'].includes(d.status);
  if (d.status === 'submitted' && d.return_pending) {
    out.push(h('p', { class: 'action-note' }, t('hdl.returnPending')));
  }
  if (d.status === 'assigned') out.push(btn(t('hdl.accept.open'), accept, 'btn btn-primary'));
  if (['assigned', 'accepted'].includes(d.status)) {
    out.push(btn(t('hdl.answer.open'), answerDialog, d.status === 'accepted' ? 'btn btn-primary' : 'btn'));
  }
  if (d.status === 'answered') out.push(btn(t('hdl.resolve.open'), resolveDialog, 'btn btn-primary'));
  if (working) {
    if (d.extension_pending_days) {
      out.push(h('span', { class: 'tag tag-warn extension-pending' }, t('hdl.extensionPending', { n: d.extension_pending_days })));
    } else {
      out.push(btn(t('hdl.extend.open'), extendDialog));
    }
    out.push(d.paused ? btn(t('hdl.resume.open'), resume) : btn(t('hdl.pause.open'), pauseDialog));
  }
  if (['assigned', 'accepted'].includes(d.status)) out.push(btn(t('hdl.return.open'), returnDialog, 'btn btn-danger-outline'));
  return out;
}
