// pages/shared/demands.js — what every role's demand pages show the same
// way: status chips, labels of kinds and urgencies, the category
// dictionary, the demand table and its URL filters.
import { api } from '../../api.js';
import { t, lang, formatDateTime } from '../../i18n/index.js';
import { h, table } from '../../ui.js';

export const STATUSES = ['submitted', 'assigned', 'accepted', 'answered',
  'resolved', 'closed', 'withdrawn', 'merged'];
export const OPEN = ['submitted', 'assigned', 'accepted', 'answered'];
export const KINDS = ['help', 'enquiry', 'complaint', 'suggestion'];
export const URGENCIES = ['normal', 'urgent', 'most_urgent'];

// The status as a coloured chip (colour is never the only signal: the
// text says it).
export function statusChip(status) {
  return h('span', { class: `chip chip-${status}` }, t(`status.${status}`));
}

export function overdueTag(d) {
  return d.overdue ? h('span', { class: 'tag tag-danger' }, t('demand.overdue')) : null;
}

export function urgencyTag(u) {
  if (!u || u === 'normal') return null;
  return h('span', { class: `tag tag-${u === 'most_urgent' ? 'danger' : 'warn'}` }, t(`urgency.${u}`));
}

// ---------------------------------------------------------------- categories
let categories = null;

// The category dictionary ([{code, name, name_en}]), read once.
export function loadCategories() {
  if (!categories) {
    categories = api.get('/categories').then((r) => r.items)
      .catch((e) => { categories = null; throw e; });
  }
  return categories;
}

export function categoryName(list, code) {
  const c = (list || []).find((x) => x.code === code);
  if (!c) return code || '';
  return lang() === 'zh-CN' ? c.name : (c.name_en || c.name);
}

// ---------------------------------------------------------------- table
// The demand list as a table.  HREF(d) is each title's link.
export function demandTable(items, { cats, href = (d) => `/demands/${d.id}`, showEnterprise = false }) {
  const columns = [
    { label: t('demand.code'), className: 'nowrap', cell: (d) => h('span', { class: 'mono' }, d.code) },
    {
      label: t('demand.titleField'),
      className: 'col-title',
      cell: (d) => h('div', null,
        h('a', { href: href(d), class: 'title-link' }, d.title),
        showEnterprise ? h('div', { class: 'muted small' }, d.enterprise_name || '') : null),
    },
    { label: t('demand.category'), cell: (d) => categoryName(cats, d.category) },
    {
      label: t('demand.status'),
      cell: (d) => h('span', { class: 'chips' }, statusChip(d.status), overdueTag(d), urgencyTag(d.urgency)),
    },
    { label: t('demand.submittedAt'), className: 'nowrap', cell: (d) => formatDateTime(d.submitted_at) },
    {
      label: t('demand.currentDue'),
      className: 'nowrap',
      cell: (d) => (d.current_due ? h('span', { class: d.overdue ? 'text-danger' : null },
        formatDateTime(d.current_due)) : h('span', { class: 'muted' }, '—')),
    },
  ];
  return table({ columns, rows: items, caption: t('demand.listCaption'), empty: t('demand.empty'), className: 'demand-table' });
}
