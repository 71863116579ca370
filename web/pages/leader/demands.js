// pages/leader/demands.js — the demands behind a figure of the dashboard
// (/leader/demands?department=&region=&exact=&category=&status=&overdue=
// &from=&to=), read only, 20 a page (cursor in the URL).  The count is the
// server's total under the same filters (count=true), so it can be
// compared with the figure it came from: the rates count the demands
// submitted in the period but the withdrawn and merged ones, and exact=1
// (region_exact) the region's own demands, as the ranking's own row does.
import { api } from '../../api.js';
import { t } from '../../i18n/index.js';
import { withQuery } from '../../router.js';
import { h, pageHead } from '../../ui.js';
import { demandTable, loadCategories, categoryName, STATUSES } from '../shared/demands.js';
import { pageOf, cursorPager, listCount } from '../dispatcher/paging.js';
import { demandBounds, periodText, useStyles } from './period.js';

const PAGE_SIZE = 20;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
// The rates count every demand but the withdrawn and merged ones.
const COUNTED = ['submitted', 'assigned', 'accepted', 'answered', 'resolved', 'closed'];

function filters(q) {
  const status = (q.get('status') || '').split(',').filter((s) => STATUSES.includes(s));
  const from = q.get('from') || '';
  const to = q.get('to') || '';
  return {
    department: /^\d+$/.test(q.get('department') || '') ? q.get('department') : '',
    region: /^\d{6}$/.test(q.get('region') || '') ? q.get('region') : '',
    exact: /^\d{6}$/.test(q.get('region') || '') && q.get('exact') === '1' ? '1' : '',
    category: q.get('category') || '',
    status: status.join(','),
    overdue: ['any', 'assign', 'answer', 'resolve'].includes(q.get('overdue')) ? q.get('overdue') : '',
    from: MONTH.test(from) && MONTH.test(to) && from <= to ? from : '',
    to: MONTH.test(from) && MONTH.test(to) && from <= to ? to : '',
  };
}

async function describe(f, cats) {
  const parts = [];
  if (f.department) {
    const d = await api.get(`/departments/${f.department}`).catch(() => null);
    parts.push(t('lead.list.department', { name: d?.name || f.department }));
  }
  if (f.region) {
    const all = await api.get('/regions').catch(() => ({ items: [] }));
    const r = (all.items || []).find((x) => x.code === f.region);
    parts.push(t(f.exact ? 'lead.list.regionExact' : 'lead.list.region', { name: r?.name || f.region }));
  }
  if (f.category) parts.push(t('lead.list.category', { name: categoryName(cats, f.category) }));
  if (f.status) parts.push(f.status.split(',').map((s) => t(`status.${s}`)).join('、'));
  if (f.overdue) parts.push(t('lead.list.overdue'));
  if (f.from) parts.push(periodText(f));
  return parts;
}

export function demandListPage(base) {
  return async (ctx) => {
    useStyles();
    const f = filters(ctx.query);
    const pg = pageOf(ctx);
    const query = {
      department: f.department, region: f.region, region_exact: f.exact ? 'true' : '',
      category: f.category, overdue: f.overdue,
      status: f.status || (f.overdue ? 'open' : COUNTED.join(',')),
      sort: f.overdue ? 'due' : '',
      ...(f.from ? demandBounds(f) : {}),
      count: 'true', limit: PAGE_SIZE, cursor: pg.cursor,
    };
    const cats = await loadCategories().catch(() => []);
    const [r, parts] = await Promise.all([api.get('/demands', query), describe(f, cats)]);
    return h('div', null,
      pageHead(t('lead.list.title'), h('a', { class: 'btn', href: withQuery('/dashboard', { from: f.from, to: f.to }) },
        '‹ ', t('lead.list.back'))),
      h('p', { class: 'page-lead' }, parts.length ? parts.join(' · ') : t('lead.list.all')),
      h('div', { class: 'panel panel-flush' },
        h('div', { class: 'panel-toolbar' }, listCount(r.total, pg, r.items.length, PAGE_SIZE)),
        demandTable(r.items, { cats, showEnterprise: true }),
        cursorPager(ctx, base, f, pg, r)));
  };
}
