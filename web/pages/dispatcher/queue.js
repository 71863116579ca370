// pages/dispatcher/queue.js — 分派台: the demands waiting for the service
// office, the nearest assign deadline first: new ones (待交办) and those a
// department returned (退回, with its reason).  Each row: the countdown to
// the assign deadline and the buttons to assign, refuse the return, merge.
import { api } from '../../api.js';
import { t, formatDateTime } from '../../i18n/index.js';
import { h, pageHead, table } from '../../ui.js';
import { loadCategories, categoryName, statusChip, urgencyTag } from '../shared/demands.js';
import { countdown, handlerStage } from '../handler/countdown.js';
import { assignDialog, refuseReturn, mergeDialog, lastReturn } from './actions.js';
import { pageOf, cursorPager } from './paging.js';

const PAGE_SIZE = 30;

export async function queuePage(ctx) {
  const pg = pageOf(ctx);
  const [cats, r] = await Promise.all([
    loadCategories().catch(() => []),
    api.get('/demands', { status: 'submitted', sort: 'due', limit: PAGE_SIZE, cursor: pg.cursor }),
  ]);
  // A returned demand's reason is in its timeline: read those demands whole.
  const returned = await Promise.all(r.items.map((d) => (d.return_pending
    ? api.get(`/demands/${d.id}`).catch(() => d) : d)));
  const now = Date.now();
  const done = () => ctx.refresh();

  const columns = [
    { label: t('demand.code'), className: 'nowrap', cell: (d) => h('span', { class: 'mono' }, d.code) },
    {
      label: t('demand.titleField'),
      className: 'col-title',
      cell: (d) => h('div', null,
        h('a', { href: `/demands/${d.id}`, class: 'title-link' }, d.title),
        h('div', { class: 'muted small' }, [d.enterprise_name, categoryName(cats, d.category)].filter(Boolean).join(' · '))),
    },
    {
      label: t('demand.status'),
      cell: (d) => {
        const ret = d.return_pending ? lastReturn(d) : null;
        return h('div', null,
          h('span', { class: 'chips' }, statusChip(d.status),
            d.return_pending ? h('span', { class: 'tag tag-warn returned-badge' }, t('disp.returned')) : null,
            urgencyTag(d.urgency)),
          d.return_pending ? h('p', { class: 'small return-reason' },
            t('disp.returnedBy', { dept: d.lead_department_name || '', note: ret?.note || '' })) : null);
      },
    },
    {
      label: t('disp.queue.deadline'),
      className: 'nowrap',
      cell: (d) => {
        if (d.return_pending) {
          // The department's own clock keeps running while it is decided.
          const { due } = handlerStage(d);
          return h('div', null, countdown({ start: d.assigned_at || d.submitted_at, due, overdue: d.overdue, now }),
            h('div', { class: 'muted small' }, t('disp.queue.deptClock')));
        }
        return h('div', null, countdown({ start: d.submitted_at, due: d.due?.assign || d.current_due, overdue: d.overdue, now }),
          h('div', { class: 'muted small' }, t('deadline.due', { at: formatDateTime(d.due?.assign || d.current_due) })));
      },
    },
    {
      label: t('disp.queue.actions'),
      cell: (d) => h('div', { class: 'row-actions' },
        h('button', { type: 'button', class: 'btn btn-primary', 'aria-label': `${t(d.return_pending ? 'disp.reassign' : 'disp.assign.open')} ${d.code}`,
          onclick: () => assignDialog(d, ctx, done) }, t(d.return_pending ? 'disp.reassign' : 'disp.assign.open')),
        d.return_pending ? h('button', { type: 'button', class: 'btn', 'aria-label': `${t('disp.refuse.open')} ${d.code}`,
          onclick: () => refuseReturn(d, ctx, done) }, t('disp.refuse.open')) : null,
        h('button', { type: 'button', class: 'btn', 'aria-label': `${t('disp.merge.open')} ${d.code}`,
          onclick: () => mergeDialog(d, ctx, done) }, t('disp.merge.open'))),
    },
  ];
  const nReturned = returned.filter((d) => d.return_pending).length;
  const body = table({ columns, rows: returned, caption: t('disp.queue.title'), empty: t('disp.queue.empty'), className: 'demand-table queue-table' });
  for (const el of body.querySelectorAll('.row-actions')) {
    Object.assign(el.style, { display: 'flex', flexWrap: 'wrap', gap: '6px' });
  }
  return h('div', null,
    pageHead(t('disp.queue.title'), h('a', { class: 'btn', href: '/all' }, t('nav.disp.all'))),
    h('p', { class: 'page-lead' }, t('disp.queue.lead')),
    r.items.length ? h('p', { class: 'queue-summary muted' },
      t('disp.queue.summary', { n: r.items.length, r: nReturned }), r.next_cursor ? t('disp.queue.more') : '') : null,
    h('div', { class: 'panel panel-flush' }, body, cursorPager(ctx, '/queue', {}, pg, r)));
}
