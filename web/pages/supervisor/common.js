// pages/supervisor/common.js — pieces the supervisor's pages share: the
// stage a late demand is in, how late, the decide-extension dialog.
import { api } from '../../api.js';
import { t, formatDateTime } from '../../i18n/index.js';
import { h, field, openDialog, showErrors, clearErrors, formAlert, busy, toast } from '../../ui.js';

// The running stage of an open demand (the one whose deadline counts).
export function stageOf(d) {
  if (d.status === 'submitted') return 'assign';
  if (d.status === 'assigned' || d.status === 'accepted') return 'answer';
  if (d.status === 'answered') return 'resolve';
  return null;
}

// Hours past DUE (ISO) at NOW (ms); 0 when not late.
export function hoursLate(due, now = Date.now()) {
  if (!due) return 0;
  return Math.max(0, (now - new Date(due).getTime()) / 3600000);
}

export function lateText(hours) {
  if (hours < 24) return t('sup.late.hours', { n: Math.max(1, Math.round(hours)) });
  return t('sup.late.days', { d: Math.floor(hours / 24), h: Math.round(hours % 24) });
}

export function demandLink(id, code, title) {
  return h('div', null,
    h('a', { href: `/demands/${id}`, class: 'title-link' }, title || code),
    h('div', { class: 'muted small mono' }, code));
}

export function when(iso) {
  return iso ? h('span', { class: 'nowrap' }, formatDateTime(iso)) : h('span', { class: 'muted' }, '—');
}

// Approve (APPROVE true) or refuse the pending extension of D; DONE()
// after the server agreed.
export function decideDialog(d, approve, done) {
  const note = h('textarea', { rows: '3', maxlength: '1000' });
  const submit = h('button', { type: 'submit', class: approve ? 'btn btn-primary' : 'btn btn-danger' },
    t(approve ? 'sup.ext.approve' : 'sup.ext.refuse'));
  const cancel = h('button', { type: 'button', class: 'btn' }, t('common.cancel'));
  const form = h('form', { class: 'form', novalidate: true },
    h('p', null, t(approve ? 'sup.ext.approveLead' : 'sup.ext.refuseLead',
      { code: d.code, days: d.extension_pending_days })),
    field({ label: t('sup.ext.note'), name: 'note', control: note }),
    h('div', { class: 'form-actions' }, cancel, submit));
  const dlg = openDialog({ title: t(approve ? 'sup.ext.approveTitle' : 'sup.ext.refuseTitle'), body: form });
  cancel.addEventListener('click', () => dlg.close());
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const body = { approve };
    if (note.value.trim()) body.note = note.value.trim();
    try {
      await busy(form, api.post(`/demands/${d.id}/decide-extension`, body));
    } catch (err) {
      if (err.errors?.length) showErrors(form, err.errors);
      else formAlert(form, err.status === 409 ? t('error.conflict', { detail: err.detail })
        : err.status ? t('error.server', { status: err.status, detail: err.detail }) : t('error.network'));
      return;
    }
    dlg.close();
    toast(t(approve ? 'sup.ext.approved' : 'sup.ext.refused'));
    done();
  });
  return dlg;
}

// Buttons on the shared demand page: decide a pending extension.
export function supervisorActions(d, ctx) {
  if (!d.extension_pending_days) return [];
  return [
    h('p', { class: 'action-note' }, t('sup.ext.pending', { days: d.extension_pending_days })),
    h('button', { type: 'button', class: 'btn btn-primary', onclick: () => decideDialog(d, true, () => ctx.reload()) },
      t('sup.ext.approve')),
    h('button', { type: 'button', class: 'btn btn-danger-outline', onclick: () => decideDialog(d, false, () => ctx.reload()) },
      t('sup.ext.refuse')),
  ];
}
