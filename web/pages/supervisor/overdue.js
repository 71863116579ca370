// pages/supervisor/overdue.js — 逾期看板: the region's demands with a
// running stage past its deadline (overdue=any), the latest first — the
// server's sort=due, earliest deadline first — a page at a time (cursor
// in the URL), the rows of the page in groups by how late (more than 7
// days, 3–7, 1–3, under a day).  The count is the server's total.
import { api } from '../../api.js';
import { t } from '../../i18n/index.js';
import { h, pageHead, table } from '../../ui.js';
import { statusChip } from '../shared/demands.js';
import { useStyles } from '../leader/period.js';
import { pageOf, cursorPager, listCount } from '../dispatcher/paging.js';
import { stageOf, hoursLate, lateText, demandLink, when } from './common.js';

const PAGE_SIZE = 50;
const GROUPS = [
  { key: 'week', min: 24 * 7 },
  { key: 'days3', min: 24 * 3 },
  { key: 'day', min: 24 },
  { key: 'hours', min: 0 },
];

export async function overduePage(ctx) {
  useStyles();
  const pg = pageOf(ctx);
  const r = await api.get('/demands', {
    overdue: 'any', sort: 'due', count: 'true', limit: PAGE_SIZE, cursor: pg.cursor,
  });
  const now = Date.now();
  const items = r.items.map((d) => ({ ...d, late: hoursLate(d.current_due, now) }));
  const columns = [
    { label: t('demand.titleField'), className: 'col-title', cell: (d) => demandLink(d.id, d.code, d.title) },
    { label: t('sup.col.stage'), cell: (d) => (stageOf(d) ? t(`stage.${stageOf(d)}`) : '—') },
    { label: t('demand.status'), cell: (d) => statusChip(d.status) },
    { label: t('demand.lead'), cell: (d) => d.lead_department_name || h('span', { class: 'muted' }, t('demand.notAssigned')) },
    { label: t('demand.currentDue'), cell: (d) => when(d.current_due) },
    { label: t('sup.col.late'), cell: (d) => h('span', { class: 'late-text' }, lateText(d.late)) },
  ];
  const groups = GROUPS.map((g, i) => ({
    ...g,
    rows: items.filter((d) => d.late >= g.min && (i === 0 || d.late < GROUPS[i - 1].min)),
  })).filter((g) => g.rows.length);
  return h('div', null,
    pageHead(t('sup.overdue.title')),
    h('p', { class: 'page-lead' }, t('sup.overdue.lead', { n: r.total })),
    h('div', { class: 'list-head' }, listCount(r.total, pg, items.length, PAGE_SIZE)),
    items.length ? groups.map((g) => h('section', { class: 'panel panel-flush late-group', dataset: { group: g.key } },
      h('div', { class: 'panel-toolbar' },
        h('h2', { class: 'panel-title' }, t(`sup.overdue.${g.key}`),
          h('span', { class: 'late-badge', title: t('sup.overdue.onPage') }, String(g.rows.length)))),
      table({ columns, rows: g.rows, caption: t(`sup.overdue.${g.key}`), className: 'demand-table' })))
      : h('div', { class: 'panel' }, h('p', { class: 'muted' }, t('sup.overdue.none'))),
    cursorPager(ctx, '/overdue', {}, pg, r));
}
