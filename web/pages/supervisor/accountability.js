// pages/supervisor/accountability.js — 问责: the accountability items of
// a month range (?from=YYYY-MM&to=YYYY-MM; default the 8 months up to the
// last month with demands), newest first, a page at a time (cursor in the
// URL), with the server's count of them.
import { api } from '../../api.js';
import { t } from '../../i18n/index.js';
import { withQuery } from '../../router.js';
import { h, pageHead, table } from '../../ui.js';
import { periodOf, periodForm, periodText, useStyles } from '../leader/period.js';
import { pageOf, cursorPager, listCount } from '../dispatcher/paging.js';
import { demandLink, when } from './common.js';

const PAGE_SIZE = 50;

export async function accountabilityPage(ctx) {
  useStyles();
  const p = await periodOf(ctx.query);
  const pg = pageOf(ctx);
  const r = await api.get('/accountability', {
    from: p.from, to: p.to, count: 'true', limit: PAGE_SIZE, cursor: pg.cursor,
  });
  const columns = [
    { label: t('demand.titleField'), className: 'col-title', cell: (s) => demandLink(s.demand_id, s.demand_code, s.demand_title) },
    { label: t('sup.col.stage'), cell: (s) => t(`stage.${s.stage}`) },
    { label: t('sup.col.department'), cell: (s) => s.department_name || h('span', { class: 'muted' }, t('sup.acc.noDept')) },
    { label: t('sup.col.at'), cell: (s) => when(s.at || s.opened_at) },
  ];
  // The period stays in the URL only when it was asked for, so the
  // default keeps following the data.
  const f = p.explicit ? { from: p.from, to: p.to } : {};
  return h('div', null,
    pageHead(t('sup.acc.title')),
    h('p', { class: 'page-lead' }, t('sup.acc.lead')),
    h('div', { class: 'panel panel-flush' },
      h('div', { class: 'panel-toolbar' },
        periodForm(p, (np) => ctx.navigate(withQuery(ctx.path, np))),
        h('div', { class: 'acc-count' }, h('span', { class: 'muted' }, periodText(p)),
          listCount(r.total, pg, r.items.length, PAGE_SIZE))),
      table({ columns, rows: r.items, caption: t('sup.acc.title'), empty: t('sup.acc.none'), className: 'acc-table' }),
      cursorPager(ctx, '/accountability', f, pg, r)));
}
