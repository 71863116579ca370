// pages/leader/demands.js — the demands behind a figure of the dashboard
// (/leader/demands?department=&region=&category=&status=&overdue=&from=&to=),
// read only.  Every filter is in the URL; the list is read whole (up to
// 5,000) so its count can be compared with the figure, then shown 20 a page.
import { api, getAll } from '../../api.js';
import { t } from '../../i18n/index.js';
import { withQuery } from '../../router.js';
import { h, pageHead, pager } from '../../ui.js';
import { demandTable, loadCategories, categoryName, STATUSES } from '../shared/demands.js';
import { demandBounds, periodText, useStyles } from './period.js';

const PAGE_SIZE = 20;
const MAX = 5000;
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
    const page = Math.max(1, parseInt(ctx.query.get('page') || '1', 10) || 1);
    const query = {
      department: f.department, region: f.region, category: f.category, overdue: f.overdue,
      status: f.status || (f.overdue ? 'open' : COUNTED.join(',')),
      sort: f.overdue ? 'due' : '',
      ...(f.from ? demandBounds(f) : {}),
    };
    const cats = await loadCategories().catch(() => []);
    const [got, parts] = await Promise.all([getAll('/demands', query, MAX), describe(f, cats)]);
    // exact=1: the region's own demands, not its counties' (the API's
    // region filter takes the region and below).
    const items = f.exact ? got.filter((d) => d.region_code === f.region) : got;
    const pages = Math.max(1, Math.ceil(items.length / PAGE_SIZE));
    const n = Math.min(page, pages);
    const url = (extra) => withQuery(base, { ...f, ...extra });
    const rows = items.slice((n - 1) * PAGE_SIZE, n * PAGE_SIZE);
    return h('div', null,
      pageHead(t('lead.list.title'), h('a', { class: 'btn', href: withQuery('/dashboard', { from: f.from, to: f.to }) },
        '‹ ', t('lead.list.back'))),
      h('p', { class: 'page-lead' }, parts.length ? parts.join(' · ') : t('lead.list.all')),
      h('div', { class: 'panel panel-flush' },
        h('div', { class: 'panel-toolbar' },
          h('p', { class: 'list-count', dataset: { count: String(items.length) } },
            t(items.length >= MAX ? 'lead.list.countMax' : 'lead.list.count', { n: items.length }))),
        demandTable(rows, { cats, showEnterprise: true }),
        pager({
          page: n,
          onPrev: n > 1 ? () => ctx.navigate(url({ page: n - 1 > 1 ? n - 1 : '' })) : null,
          onNext: n < pages ? () => ctx.navigate(url({ page: n + 1 })) : null,
        })));
  };
}
