// pages/enterprise/actions.js — what the enterprise does on a demand's
// page: confirm a resolved demand with a rating (satisfied / basic /
// unsatisfied; unsatisfied sends it back to be handled again), withdraw an
// open one.  The server decides (403/409); these only offer what it allows.
import { api } from '../../api.js';
import { t } from '../../i18n/index.js';
import { h, field, radioGroup, openDialog, showErrors, clearErrors, formAlert, busy, toast } from '../../ui.js';
import { OPEN } from '../shared/demands.js';

function failed(form, err) {
  if (err.errors?.length) showErrors(form, err.errors);
  else formAlert(form, err.status === 409 ? t('error.conflict', { detail: err.detail })
    : err.status ? t('error.server', { status: err.status, detail: err.detail }) : t('error.network'));
}

export function rateDialog(d, ctx) {
  const note = h('textarea', { rows: '3', maxlength: '1000' });
  const ratings = radioGroup({
    legend: t('rate.question'), name: 'satisfaction', required: true,
    options: ['satisfied', 'basic', 'unsatisfied'].map((v) => ({ value: v, label: t(`satisfaction.${v}`) })),
  });
  const warn = h('p', { class: 'notice notice-warn', hidden: true }, t('rate.unsatisfiedHint'));
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('rate.submit'));
  const cancel = h('button', { type: 'button', class: 'btn' }, t('common.cancel'));
  const form = h('form', { class: 'form', novalidate: true },
    h('p', { class: 'muted' }, t('rate.lead')),
    ratings, warn,
    field({ label: t('rate.note'), name: 'note', control: note, hint: t('rate.noteHint') }),
    h('div', { class: 'form-actions' }, cancel, submit));
  ratings.addEventListener('change', () => {
    warn.hidden = form.elements.satisfaction.value !== 'unsatisfied';
  });
  const dlg = openDialog({ title: t('rate.title'), body: form });
  cancel.addEventListener('click', () => dlg.close());
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const satisfaction = form.elements.satisfaction.value;
    if (!satisfaction) {
      showErrors(form, [{ field: 'satisfaction', message: t('rate.pick') }]);
      return;
    }
    const body = { satisfaction };
    if (note.value.trim()) body.note = note.value.trim();
    try {
      await busy(form, api.post(`/demands/${d.id}/confirm`, body));
    } catch (err) {
      failed(form, err);
      return;
    }
    dlg.close();
    toast(t(satisfaction === 'unsatisfied' ? 'rate.reopened' : 'rate.thanks'));
    ctx.reload();
  });
  return dlg;
}

export function withdrawDialog(d, ctx) {
  const note = h('textarea', { rows: '3', maxlength: '1000' });
  const submit = h('button', { type: 'submit', class: 'btn btn-danger' }, t('withdraw.submit'));
  const cancel = h('button', { type: 'button', class: 'btn' }, t('common.cancel'));
  const form = h('form', { class: 'form', novalidate: true },
    h('p', null, t('withdraw.lead', { code: d.code })),
    field({ label: t('withdraw.note'), name: 'note', control: note }),
    h('div', { class: 'form-actions' }, cancel, submit));
  const dlg = openDialog({ title: t('withdraw.title'), body: form });
  cancel.addEventListener('click', () => dlg.close());
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const body = note.value.trim() ? { note: note.value.trim() } : {};
    try {
      await busy(form, api.post(`/demands/${d.id}/withdraw`, body));
    } catch (err) {
      failed(form, err);
      return;
    }
    dlg.close();
    toast(t('withdraw.done'));
    ctx.reload();
  });
  return dlg;
}

export function enterpriseActions(d, ctx) {
  const out = [];
  if (d.status === 'resolved') {
    out.push(h('button', { type: 'button', class: 'btn btn-primary', onclick: () => rateDialog(d, ctx) },
      t('rate.open')));
  }
  if (OPEN.includes(d.status)) {
    out.push(h('button', { type: 'button', class: 'btn btn-danger-outline', onclick: () => withdrawDialog(d, ctx) },
      t('withdraw.open')));
  }
  if (d.status === 'resolved') {
    out.unshift(h('p', { class: 'action-note' }, t('rate.prompt')));
  }
  return out;
}
