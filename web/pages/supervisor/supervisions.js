// pages/supervisor/supervisions.js — 督办单: the supervision notices the
// scheduler opened when a stage passed its deadline; open ones (default)
// or all (?all=1), newest first, a page at a time (cursor in the URL),
// with the server's count of them.
import { api } from '../../api.js';
import { t } from '../../i18n/index.js';
import { h, pageHead, table } from '../../ui.js';
import { useStyles } from '../leader/period.js';
import { pageOf, cursorPager, listCount } from '../dispatcher/paging.js';
import { demandLink, when } from './common.js';

const PAGE_SIZE = 50;

export async function supervisionsPage(ctx) {
  useStyles();
  const all = ctx.query.get('all') === '1';
  const pg = pageOf(ctx);
  const r = await api.get('/supervisions', {
    open: all ? 'false' : 'true', count: 'true', limit: PAGE_SIZE, cursor: pg.cursor,
  });
  const chips = h('nav', { class: 'chipbar', 'aria-label': t('sup.sv.filter') },
    [['', 'sup.sv.open'], ['1', 'sup.sv.all']].map(([v, key]) => h('a', {
      href: v ? '/supervisions?all=1' : '/supervisions', class: 'chip-filter',
      'aria-current': (v === '1') === all ? 'true' : null,
    }, t(key))));
  const columns = [
    { label: t('demand.titleField'), className: 'col-title', cell: (s) => demandLink(s.demand_id, s.demand_code, s.demand_title) },
    { label: t('sup.col.stage'), cell: (s) => t(`stage.${s.stage}`) },
    { label: t('demand.lead'), cell: (s) => s.department_name || h('span', { class: 'muted' }, t('demand.notAssigned')) },
    { label: t('sup.col.opened'), cell: (s) => when(s.opened_at) },
    {
      label: t('sup.col.escalated'),
      cell: (s) => (s.escalated_at ? h('span', { class: 'tag tag-danger' }, t('sup.sv.escalated'), ' ', when(s.escalated_at)) : when(null)),
    },
    {
      label: t('sup.col.state'),
      cell: (s) => (s.closed_at ? h('span', null, t('sup.sv.closed'), ' ', when(s.closed_at))
        : h('span', { class: 'tag tag-warn' }, t('sup.sv.isOpen'))),
    },
  ];
  return h('div', null,
    pageHead(t('sup.sv.title')),
    h('p', { class: 'page-lead' }, t('sup.sv.lead')),
    h('div', { class: 'panel panel-flush' },
      h('div', { class: 'panel-toolbar' }, chips, listCount(r.total, pg, r.items.length, PAGE_SIZE)),
      table({ columns, rows: r.items, caption: t('sup.sv.title'), empty: t('sup.sv.none'), className: 'sv-table' }),
      cursorPager(ctx, '/supervisions', all ? { all: '1' } : {}, pg, r)));
}
