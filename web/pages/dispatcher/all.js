// pages/dispatcher/all.js — 全部诉求: every demand of the office's region,
// filtered by status, category and overdue stage (all in the URL), with
// the demand ledger to download under the same filters.
import { api } from '../../api.js';
import { t } from '../../i18n/index.js';
import { withQuery } from '../../router.js';
import { h, pageHead, field, icon } from '../../ui.js';
import { demandTable, loadCategories, categoryName, STATUSES } from '../shared/demands.js';
import { pageOf, cursorPager } from './paging.js';

const PAGE_SIZE = 30;
const STATUS_OPTIONS = ['open', 'done', ...STATUSES];
const OVERDUE = ['any', 'assign', 'answer', 'resolve'];

export function filtersOf(q) {
  const status = STATUS_OPTIONS.includes(q.get('status')) ? q.get('status') : '';
  const overdue = OVERDUE.includes(q.get('overdue')) ? q.get('overdue') : '';
  return { status, category: q.get('category') || '', overdue };
}

// The ledger download of the demands under filters F.
export function exportHref(format, f) {
  const q = new URLSearchParams({ format });
  for (const [k, v] of Object.entries(f)) if (v) q.set(k, v);
  return `/api/v1/exports/demands?${q}`;
}

export async function allDemandsPage(ctx) {
  const f = filtersOf(ctx.query);
  const pg = pageOf(ctx);
  const [cats, r] = await Promise.all([
    loadCategories().catch(() => []),
    api.get('/demands', { ...f, limit: PAGE_SIZE, cursor: pg.cursor }),
  ]);
  const url = (extra) => withQuery('/all', { ...f, ...extra });

  const statusSel = h('select', null,
    h('option', { value: '' }, t('disp.all.anyStatus')),
    STATUS_OPTIONS.map((s) => h('option', { value: s, selected: s === f.status },
      t(s === 'open' || s === 'done' ? `disp.all.status.${s}` : `status.${s}`))));
  const catSel = h('select', null,
    h('option', { value: '' }, t('ent.demands.allCategories')),
    cats.map((c) => h('option', { value: c.code, selected: c.code === f.category }, categoryName(cats, c.code))));
  const overdueSel = h('select', null,
    h('option', { value: '' }, t('disp.all.overdue.none')),
    OVERDUE.map((o) => h('option', { value: o, selected: o === f.overdue }, t(`disp.all.overdue.${o}`))));
  const form = h('form', { class: 'filters', role: 'search' },
    field({ label: t('demand.status'), name: 'status', control: statusSel }),
    field({ label: t('demand.category'), name: 'category', control: catSel }),
    field({ label: t('disp.all.overdueLabel'), name: 'overdue', control: overdueSel }),
    h('div', { class: 'filters-actions' },
      h('button', { type: 'submit', class: 'btn btn-primary' }, t('common.search')),
      (f.status || f.category || f.overdue) ? h('a', { class: 'btn', href: '/all' }, t('common.reset')) : null));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    ctx.navigate(url({ status: statusSel.value, category: catSel.value, overdue: overdueSel.value }));
  });

  return h('div', null,
    pageHead(t('disp.all.title'),
      h('a', { class: 'btn', href: exportHref('xlsx', f), download: true }, icon('doc'), t('disp.all.exportXlsx')),
      h('a', { class: 'btn', href: exportHref('csv', f), download: true }, icon('doc'), t('disp.all.exportCsv'))),
    h('p', { class: 'page-lead' }, t('disp.all.lead')),
    h('div', { class: 'panel panel-flush' },
      h('div', { class: 'panel-toolbar' }, form),
      demandTable(r.items, { cats, showEnterprise: true }),
      cursorPager(ctx, '/all', f, pg, r)));
}
