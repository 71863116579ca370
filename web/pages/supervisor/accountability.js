// pages/supervisor/accountability.js — 问责: the accountability items of
// a month range (?from=YYYY-MM&to=YYYY-MM; default the 8 months up to the
// last month with demands).
import { getAll } from '../../api.js';
import { t } from '../../i18n/index.js';
import { withQuery } from '../../router.js';
import { h, pageHead, table } from '../../ui.js';
import { periodOf, periodForm, periodText, useStyles } from '../leader/period.js';
import { demandLink, when } from './common.js';

export async function accountabilityPage(ctx) {
  useStyles();
  const p = await periodOf(ctx.query);
  const items = await getAll('/accountability', { from: p.from, to: p.to }, 5000);
  const columns = [
    { label: t('demand.titleField'), className: 'col-title', cell: (s) => demandLink(s.demand_id, s.demand_code, s.demand_title) },
    { label: t('sup.col.stage'), cell: (s) => t(`stage.${s.stage}`) },
    { label: t('sup.col.department'), cell: (s) => s.department_name || h('span', { class: 'muted' }, t('sup.acc.noDept')) },
    { label: t('sup.col.at'), cell: (s) => when(s.at || s.opened_at) },
  ];
  return h('div', null,
    pageHead(t('sup.acc.title')),
    h('p', { class: 'page-lead' }, t('sup.acc.lead')),
    h('div', { class: 'panel panel-flush' },
      h('div', { class: 'panel-toolbar' },
        periodForm(p, (np) => ctx.navigate(withQuery(ctx.path, np))),
        h('p', { class: 'list-count', dataset: { count: String(items.length) } },
          periodText(p), ' · ', t('lead.list.count', { n: items.length }))),
      table({ columns, rows: items, caption: t('sup.acc.title'), empty: t('sup.acc.none'), className: 'acc-table' })));
}
