// pages/handler/inbox.js — 待办: the department's open demands, the nearest
// deadline first, each with a countdown coloured by urgency; 已办: what it
// has finished.
import { api } from '../../api.js';
import { t, formatDateTime } from '../../i18n/index.js';
import { h, pageHead, table } from '../../ui.js';
import { loadCategories, categoryName, statusChip, urgencyTag, demandTable } from '../shared/demands.js';
import { pageOf, cursorPager } from '../dispatcher/paging.js';
import { handlerCountdown, handlerStage } from './countdown.js';

const PAGE_SIZE = 30;
export const WORKING = 'assigned,accepted,answered';

// The small tags after the status: extension waiting, clock paused, reopened.
export function stateTags(d) {
  return [
    d.extension_pending_days ? h('span', { class: 'tag tag-warn' }, t('hdl.extensionPending', { n: d.extension_pending_days })) : null,
    d.paused ? h('span', { class: 'tag tag-warn' }, t('hdl.pausedTag')) : null,
    d.reopen_count ? h('span', { class: 'tag tag-danger' }, t('hdl.reopened', { n: d.reopen_count })) : null,
  ];
}

export async function inboxPage(ctx) {
  const pg = pageOf(ctx);
  const [cats, r] = await Promise.all([
    loadCategories().catch(() => []),
    api.get('/demands', { status: WORKING, sort: 'due', limit: PAGE_SIZE, cursor: pg.cursor }),
  ]);
  const now = Date.now();
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
      cell: (d) => h('span', { class: 'chips' }, statusChip(d.status), urgencyTag(d.urgency), stateTags(d)),
    },
    {
      label: t('hdl.inbox.stage'),
      className: 'nowrap',
      cell: (d) => {
        const { stage, due } = handlerStage(d);
        return h('div', null, handlerCountdown(d, now),
          stage ? h('div', { class: 'muted small' }, `${t(`stage.${stage}`)} · ${formatDateTime(due)}`) : null);
      },
    },
  ];
  const counts = { overdue: 0, remind: 0 };
  const body = table({ columns, rows: r.items, caption: t('hdl.inbox.title'), empty: t('hdl.inbox.empty'), className: 'demand-table inbox-table' });
  for (const el of body.querySelectorAll('[data-urgency]')) {
    if (counts[el.dataset.urgency] !== undefined) counts[el.dataset.urgency] += 1;
  }
  return h('div', null,
    pageHead(t('hdl.inbox.title')),
    h('p', { class: 'page-lead' }, t('hdl.inbox.lead')),
    r.items.length ? h('p', { class: 'inbox-summary' },
      h('span', { class: 'tag tag-danger' }, t('hdl.inbox.nOverdue', { n: counts.overdue })), ' ',
      h('span', { class: 'tag tag-warn' }, t('hdl.inbox.nRemind', { n: counts.remind })), ' ',
      h('span', { class: 'muted small' }, t('hdl.inbox.legend'))) : null,
    h('div', { class: 'panel panel-flush' }, body, cursorPager(ctx, '/inbox', {}, pg, r)));
}

export async function donePage(ctx) {
  const pg = pageOf(ctx);
  const [cats, r] = await Promise.all([
    loadCategories().catch(() => []),
    api.get('/demands', { status: 'done', limit: PAGE_SIZE, cursor: pg.cursor }),
  ]);
  return h('div', null,
    pageHead(t('hdl.done.title')),
    h('p', { class: 'page-lead' }, t('hdl.done.lead')),
    h('div', { class: 'panel panel-flush' },
      demandTable(r.items, { cats, showEnterprise: true }),
      cursorPager(ctx, '/done', {}, pg, r)));
}
