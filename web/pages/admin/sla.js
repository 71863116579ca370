// pages/admin/sla.js — 时限策略: the current SLA policies (GET
// /sla-policies, the default first) and a dialog to set one (PUT: a new
// version; demands keep theirs).  Each duration is an amount and a unit:
// hours, days or working days.
import { api } from '../../api.js';
import { t } from '../../i18n/index.js';
import { h, field, openDialog, showErrors, clearErrors, formAlert, busy, toast, pageHead, table } from '../../ui.js';
import { loadCategories, categoryName, KINDS, URGENCIES } from '../shared/demands.js';

const UNITS = ['hours', 'days', 'working_days'];
const STAGES = ['assign', 'answer', 'resolve', 'escalate_after', 'account_after', 'auto_close'];
const REQUIRED = ['assign', 'answer', 'resolve'];

const span = (x) => (x ? `${x.amount} ${t(`adm.sla.unit.${x.unit}`)}` : '—');

function scope(p, cats) {
  return [p.category ? categoryName(cats, p.category) : t('adm.sla.anyCategory'),
    p.kind ? t(`kind.${p.kind}`) : t('adm.sla.anyKind'),
    p.urgency ? t(`urgency.${p.urgency}`) : t('adm.sla.anyUrgency')].join(' · ');
}

function editDialog(p, cats, ctx) {
  const sel = (name, values, label, value) => h('select', null, h('option', { value: '' }, label),
    values.map(([v, l]) => h('option', { value: v, selected: v === value }, l)));
  const cat = sel('category', cats.map((c) => [c.code, categoryName(cats, c.code)]), t('adm.sla.anyCategory'), p?.category || '');
  const kind = sel('kind', KINDS.map((k) => [k, t(`kind.${k}`)]), t('adm.sla.anyKind'), p?.kind || '');
  const urg = sel('urgency', URGENCIES.map((u) => [u, t(`urgency.${u}`)]), t('adm.sla.anyUrgency'), p?.urgency || '');
  if (p) for (const s of [cat, kind, urg]) s.disabled = true;
  const rows = STAGES.map((s) => {
    const amount = h('input', { type: 'number', min: '0', step: '1', inputmode: 'numeric', value: p?.[s] ? String(p[s].amount) : '', class: 'sla-amount' });
    const unit = h('select', { 'aria-label': t('adm.sla.unit') },
      UNITS.map((u) => h('option', { value: u, selected: u === (p?.[s]?.unit || 'working_days') }, t(`adm.sla.unit.${u}`))));
    const box = field({ label: t(`adm.sla.stage.${s}`), name: s, control: amount, required: REQUIRED.includes(s) });
    // The amount and its unit side by side.
    const pair = h('div', null);
    pair.style.display = 'flex';
    pair.style.gap = '8px';
    amount.replaceWith(pair);
    pair.append(amount, unit);
    return { s, amount, unit, box };
  });
  const remind = h('input', { type: 'number', min: '0', max: '99', value: p?.remind_percent != null ? String(p.remind_percent) : '' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('adm.sla.save'));
  const cancel = h('button', { type: 'button', class: 'btn' }, t('common.cancel'));
  const form = h('form', { class: 'form sla-form', novalidate: true },
    h('div', { class: 'form-row' },
      field({ label: t('demand.category'), name: 'category', control: cat }),
      field({ label: t('demand.kind'), name: 'kind', control: kind }),
      field({ label: t('demand.urgency'), name: 'urgency', control: urg })),
    rows.map((r) => r.box),
    field({ label: t('adm.sla.remind'), name: 'remind_percent', control: remind, hint: t('adm.sla.remindHint') }),
    h('p', { class: 'muted small' }, t('adm.sla.versionNote')),
    h('div', { class: 'form-actions' }, cancel, submit));
  const dlg = openDialog({ title: p ? t('adm.sla.edit') : t('adm.sla.new'), body: form });
  cancel.addEventListener('click', () => dlg.close());
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const body = { category: cat.value || null, kind: kind.value || null, urgency: urg.value || null };
    const errs = [];
    for (const r of rows) {
      const v = r.amount.value.trim();
      if (v === '') { if (REQUIRED.includes(r.s)) errs.push({ field: r.s, message: t('form.required') }); continue; }
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) { errs.push({ field: r.s, message: t('adm.sla.badAmount') }); continue; }
      body[r.s] = { unit: r.unit.value, amount: n };
    }
    if (remind.value.trim() !== '') body.remind_percent = Number(remind.value);
    if (errs.length) { showErrors(form, errs); return; }
    try {
      await busy(form, api.put('/sla-policies', body));
    } catch (err) {
      if (err.errors?.length) showErrors(form, err.errors.map((x) => ({ ...x, field: String(x.field || '').split('.')[0] })), t('form.fix'));
      else formAlert(form, err.status ? t('error.server', { status: err.status, detail: err.detail }) : t('error.network'));
      return;
    }
    dlg.close();
    toast(t('adm.sla.saved'));
    ctx.refresh();
  });
}

export async function slaPage(ctx) {
  const [cats, r] = await Promise.all([loadCategories().catch(() => []), api.get('/sla-policies')]);
  const columns = [
    { label: t('adm.sla.scope'), className: 'col-title', cell: (p) => scope(p, cats) },
    ...['assign', 'answer', 'resolve'].map((s) => ({ label: t(`adm.sla.stage.${s}`), className: 'nowrap', cell: (p) => span(p[s]) })),
    { label: t('adm.sla.remind'), cell: (p) => (p.remind_percent != null ? `${p.remind_percent}%` : '—') },
    { label: t('adm.sla.stage.auto_close'), className: 'nowrap', cell: (p) => span(p.auto_close) },
    { label: t('adm.actions'), cell: (p) => h('button', { type: 'button', class: 'btn btn-ghost', onclick: () => editDialog(p, cats, ctx) }, t('adm.sla.edit')) },
  ];
  return h('div', null,
    pageHead(t('adm.sla.title'), h('button', { type: 'button', class: 'btn btn-primary', onclick: () => editDialog(null, cats, ctx) }, t('adm.sla.new'))),
    h('p', { class: 'page-lead' }, t('adm.sla.lead')),
    h('div', { class: 'panel panel-flush' }, table({ columns, rows: r.items, caption: t('adm.sla.title'), className: 'sla-table' })));
}
