// pages/commissioner/submit.js — 代企业提交诉求: the commissioner enters a
// demand at the enterprise's gate (channel visit) for a paired enterprise.
// The enterprise's own form (pages/enterprise/submit.js) has no
// enterprise_id, so this is a short form over the same shared pieces.
// With ?visit=ID (from 记录走访 or a visit's page) the demand is raised on
// that visit: it carries visit_id, and the visit's page follows.
import { api } from '../../api.js';
import { t, formatDateTime } from '../../i18n/index.js';
import { h, field, radioGroup, showErrors, clearErrors, formAlert, pageHead, panel, toast, busy } from '../../ui.js';
import { loadCategories, categoryName, KINDS, URGENCIES } from '../shared/demands.js';

export async function onBehalfPage(ctx) {
  const id = Number(ctx.params.id);
  const visitId = /^\d+$/.test(ctx.query.get('visit') || '') ? Number(ctx.query.get('visit')) : 0;
  const [e, cats, visit] = await Promise.all([
    api.get(`/enterprises/${id}`), loadCategories(),
    visitId ? api.get(`/visits/${visitId}`).catch(() => null) : null,
  ]);
  // A visit to another enterprise cannot carry this demand: the form goes
  // on without it rather than fail on submit.
  const onVisit = visit && visit.enterprise_id === id ? visit : null;
  const back = onVisit ? `/visits/${onVisit.id}` : `/enterprises/${id}`;
  const category = h('select', null,
    h('option', { value: '' }, t('comm.submit.pickCategory')),
    cats.map((c) => h('option', { value: c.code }, categoryName(cats, c.code))));
  const title = h('input', { type: 'text', maxlength: '100', autocomplete: 'off' });
  const content = h('textarea', { rows: '6', maxlength: '5000' });
  const form = h('form', { class: 'form form-wide', novalidate: true },
    h('p', { class: 'notice notice-info' }, t('comm.submit.lead', { name: e.name }),
      onVisit ? [h('br'), t('comm.submit.onVisit', { date: formatDateTime(onVisit.visited_at) })] : null),
    field({ label: t('demand.category'), name: 'category', control: category, required: true }),
    radioGroup({ legend: t('demand.urgency'), name: 'urgency', value: 'normal',
      options: URGENCIES.map((u) => ({ value: u, label: t(`urgency.${u}`) })) }),
    radioGroup({ legend: t('demand.kind'), name: 'kind', value: 'help',
      options: KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) })) }),
    field({ label: t('demand.titleField'), name: 'title', control: title, required: true }),
    field({ label: t('demand.content'), name: 'content', control: content, required: true,
      hint: t('comm.submit.contentHint') }),
    h('div', { class: 'form-actions' },
      h('a', { class: 'btn', href: back }, t('common.cancel')),
      h('button', { type: 'submit', class: 'btn btn-primary' }, t('comm.submit.submit'))));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const body = {
      enterprise_id: id, channel: 'visit',
      category: category.value,
      kind: form.elements.kind.value || 'help',
      urgency: form.elements.urgency.value || 'normal',
      title: title.value.trim(), content: content.value.trim(),
    };
    if (onVisit) body.visit_id = onVisit.id;
    const missing = ['category', 'title', 'content'].filter((k) => !body[k])
      .map((k) => ({ field: k, message: t('form.required') }));
    if (missing.length) { showErrors(form, missing); return; }
    let d;
    try {
      d = await busy(form, api.post('/demands', body));
    } catch (err) {
      if (err.errors?.length) showErrors(form, err.errors, t('form.fix'));
      else formAlert(form, err.status ? t('error.server', { status: err.status, detail: err.detail }) : t('error.network'));
      return;
    }
    toast(t('comm.submit.done', { code: d.code }));
    ctx.navigate(back, { replace: true });
  });
  return h('div', null,
    h('p', { class: 'back' }, h('a', { href: back }, '‹ ',
      onVisit ? t('comm.visit.detailTitle') : e.name)),
    pageHead(t('comm.submit.title')),
    panel(null, form));
}
