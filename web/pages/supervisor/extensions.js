// pages/supervisor/extensions.js — 延期审批: the region's demands whose
// department asked for more days that no supervisor decided yet
// (GET /demands?extension=pending), nearest deadline first, a page at a
// time (cursor in the URL), with the server's count; each to approve or
// refuse.
import { api } from '../../api.js';
import { t } from '../../i18n/index.js';
import { h, pageHead, table } from '../../ui.js';
import { statusChip } from '../shared/demands.js';
import { useStyles } from '../leader/period.js';
import { pageOf, cursorPager, listCount } from '../dispatcher/paging.js';
import { demandLink, when, decideDialog } from './common.js';

const PAGE_SIZE = 50;

export async function extensionsPage(ctx) {
  useStyles();
  const pg = pageOf(ctx);
  const r = await api.get('/demands', {
    extension: 'pending', sort: 'due', count: 'true', limit: PAGE_SIZE, cursor: pg.cursor,
  });
  // A decision takes the demand off the list: read the page again (its
  // cursor is a place in the order, still good without the demand).
  const decided = () => ctx.refresh();
  const columns = [
    { label: t('demand.titleField'), className: 'col-title', cell: (d) => demandLink(d.id, d.code, d.title) },
    { label: t('demand.status'), cell: (d) => statusChip(d.status) },
    { label: t('demand.lead'), cell: (d) => d.lead_department_name || '—' },
    { label: t('sup.col.days'), cell: (d) => t('demand.days', { n: d.extension_pending_days }) },
    { label: t('demand.currentDue'), cell: (d) => when(d.current_due) },
    {
      label: t('sup.col.decide'),
      cell: (d) => h('div', { class: 'row-actions' },
        h('button', { type: 'button', class: 'btn btn-primary', onclick: () => decideDialog(d, true, decided) },
          t('sup.ext.approve')),
        h('button', { type: 'button', class: 'btn btn-danger-outline', onclick: () => decideDialog(d, false, decided) },
          t('sup.ext.refuse'))),
    },
  ];
  return h('div', null,
    pageHead(t('sup.ext.title')),
    h('p', { class: 'page-lead' }, t('sup.ext.lead')),
    h('div', { class: 'panel panel-flush' },
      h('div', { class: 'panel-toolbar' }, listCount(r.total, pg, r.items.length, PAGE_SIZE)),
      table({ columns, rows: r.items, caption: t('sup.ext.title'), empty: t('sup.ext.none'), className: 'ext-table' }),
      cursorPager(ctx, '/extensions', {}, pg, r)));
}
