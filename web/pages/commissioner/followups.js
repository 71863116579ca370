// pages/commissioner/followups.js — 待跟进: the demands of the
// commissioner's enterprises whose result waits for the enterprise's
// confirmation (status resolved; the commissioner may confirm on its
// behalf from the demand's page), the open ones past a deadline, and the
// paired enterprises due a visit (应走访, visits.js).
import { api } from '../../api.js';
import { t } from '../../i18n/index.js';
import { h, pageHead } from '../../ui.js';
import { demandTable, loadCategories } from '../shared/demands.js';
import { dueSection } from './visits.js';

export async function followupsPage(ctx) {
  const me = ctx.user.id;
  const [cats, resolved, overdue, due] = await Promise.all([
    loadCategories().catch(() => []),
    api.get('/demands', { commissioner: me, status: 'resolved', limit: 50 }),
    api.get('/demands', { commissioner: me, status: 'open', overdue: 'any', sort: 'due', limit: 50 }),
    dueSection(),
  ]);
  const section = (title, lead, r) => h('section', { class: 'panel panel-flush' },
    h('h2', { class: 'panel-title' }, title, ' ', h('span', { class: 'muted small' }, `(${r.items.length}${r.next_cursor ? '+' : ''})`)),
    h('div', { class: 'panel-toolbar' }, h('p', { class: 'muted small' }, lead)),
    demandTable(r.items, { cats, showEnterprise: true }));
  return h('div', null,
    pageHead(t('comm.follow.title')),
    section(t('comm.follow.confirm'), t('comm.follow.confirmLead'), resolved),
    section(t('comm.follow.overdue'), t('comm.follow.overdueLead'), overdue),
    due);
}
