// pages/supervisor/extensions.js — 延期审批: open demands of the region
// whose department asked for more days (extension_pending_days), to
// approve or refuse.  The API has no filter for a pending extension, so
// this reads the region's open demands and keeps those (nothing was added
// server-side).
import { getAll } from '../../api.js';
import { t } from '../../i18n/index.js';
import { h, pageHead, table } from '../../ui.js';
import { statusChip } from '../shared/demands.js';
import { useStyles } from '../leader/period.js';
import { demandLink, when, decideDialog } from './common.js';

export async function extensionsPage(ctx) {
  useStyles();
  const items = (await getAll('/demands', { status: 'open', sort: 'due' }, 5000))
    .filter((d) => d.extension_pending_days);
  const columns = [
    { label: t('demand.titleField'), className: 'col-title', cell: (d) => demandLink(d.id, d.code, d.title) },
    { label: t('demand.status'), cell: (d) => statusChip(d.status) },
    { label: t('demand.lead'), cell: (d) => d.lead_department_name || '—' },
    { label: t('sup.col.days'), cell: (d) => t('demand.days', { n: d.extension_pending_days }) },
    { label: t('demand.currentDue'), cell: (d) => when(d.current_due) },
    {
      label: t('sup.col.decide'),
      cell: (d) => h('div', { class: 'row-actions' },
        h('button', { type: 'button', class: 'btn btn-primary', onclick: () => decideDialog(d, true, () => ctx.refresh()) },
          t('sup.ext.approve')),
        h('button', { type: 'button', class: 'btn btn-danger-outline', onclick: () => decideDialog(d, false, () => ctx.refresh()) },
          t('sup.ext.refuse'))),
    },
  ];
  return h('div', null,
    pageHead(t('sup.ext.title')),
    h('p', { class: 'page-lead' }, t('sup.ext.lead')),
    h('div', { class: 'panel panel-flush' },
      table({ columns, rows: items, caption: t('sup.ext.title'), empty: t('sup.ext.none'), className: 'ext-table' })));
}
