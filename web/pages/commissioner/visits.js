// pages/commissioner/visits.js — 走访: the commissioner's visits to the
// enterprises paired with it.  记录走访 (/enterprises/:id/visit): when,
// how (实地 / 电话 / 视频) and what was found, then optionally straight on
// to 代企业提交诉求 for a demand raised on the visit (?visit= carries its
// id); 走访记录 (/visits): my visits, filtered by enterprise and dates in
// the URL, paged; one visit (/visits/:id) with the demands raised on it;
// and the pieces other pages show: an enterprise's visit log and the
// enterprises due a visit (无事不扰: neither forgotten nor disturbed).
// Times are entered and shown in China Standard Time, as the server keeps
// them.
import { api, getAll } from '../../api.js';
import { t, formatDateTime } from '../../i18n/index.js';
import { withQuery } from '../../router.js';
import {
  h, field, radioGroup, showErrors, clearErrors, formAlert, pageHead, panel,
  toast, busy, table, dl, icon,
} from '../../ui.js';
import { pageOf, cursorPager } from '../dispatcher/paging.js';
import { statusChip, categoryName, loadCategories } from '../shared/demands.js';
import { badges, contact } from './enterprises.js';

export const MODES = ['on_site', 'phone', 'video'];
export const DUE_DAYS = 30;        // as GET /visits/due defaults
const BACKDATE_DAYS = 90;          // as the server allows
const DAY = 86400 * 1000;
const CST = 8 * 3600 * 1000;
const PAGE_SIZE = 20;
const OFTEN = 3;                   // visits in DUE_DAYS that call for restraint

// "2026-03-02T09:30" for the instant MS in China Standard Time (the value
// a datetime-local input takes).
function cstLocal(ms) {
  return new Date(ms + CST).toISOString().slice(0, 16);
}

// The instant of a datetime-local VALUE read as China Standard Time.
function cstInstant(value) {
  const v = value.length === 16 ? `${value}:00` : value;
  return `${v}+08:00`;
}

// The date after DATE ("2026-03-02" → "2026-03-03"): the API's "to" is
// exclusive, the page's inclusive.
function dayAfter(date) {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
}

const isDate = (s) => /^\d{4}-\d{2}-\d{2}$/.test(s || '') && !Number.isNaN(Date.parse(s));

function snippet(text, n = 60) {
  const chars = [...(text || '')];
  return chars.length > n ? `${chars.slice(0, n).join('')}…` : chars.join('');
}

export function modeTag(mode) {
  return h('span', { class: `tag visit-mode visit-mode-${mode}` }, t(`comm.visit.mode.${mode}`));
}

function demandCount(v) {
  return v.demand_count ? t('comm.visit.demandCount', { n: v.demand_count })
    : h('span', { class: 'muted' }, '—');
}

// Visits as a table (cards on a phone); SHOWENTERPRISE adds whose.
export function visitTable(items, { showEnterprise = false, empty } = {}) {
  const columns = [
    {
      label: t('comm.visit.notes'),
      className: 'col-title',
      cell: (v) => h('div', null,
        h('a', { href: `/visits/${v.id}`, class: 'title-link' }, snippet(v.notes)),
        showEnterprise ? h('div', { class: 'muted small' }, v.enterprise_name || '') : null),
    },
    { label: t('comm.visit.when'), className: 'nowrap', cell: (v) => formatDateTime(v.visited_at) },
    { label: t('comm.visit.mode'), cell: (v) => modeTag(v.mode) },
    { label: t('comm.visit.demands'), cell: demandCount },
  ];
  return table({ columns, rows: items, caption: t('comm.visit.title'),
    empty: empty || t('comm.visit.empty'), className: 'visit-table' });
}

// ------------------------------------------------------------ 记录走访
export async function recordVisitPage(ctx) {
  const id = Number(ctx.params.id);
  // The due list with all=true says, for every enterprise paired with
  // me, when anyone last visited it and how often of late: what 无事不扰
  // asks the commissioner to weigh before going again.
  const [e, paired, projects] = await Promise.all([
    api.get(`/enterprises/${id}`),
    getAll('/visits/due', { days: DUE_DAYS, all: 'true' }, 1000).catch(() => []),
    api.get('/projects', { enterprise_id: id, limit: 100 }).catch(() => ({ items: [] })),
  ]);
  const seen = paired.find((x) => x.enterprise_id === id);
  ctx.setTitle(t('comm.visit.recordTitle'));
  const now = Date.now();
  const when = h('input', {
    type: 'datetime-local', value: cstLocal(now), max: cstLocal(now),
    min: cstLocal(now - BACKDATE_DAYS * DAY),
  });
  const notes = h('textarea', { rows: '6', maxlength: '2000' });
  const project = projects.items.length ? h('select', null,
    h('option', { value: '' }, t('comm.visit.noProject')),
    projects.items.map((p) => h('option', { value: String(p.id) }, p.name))) : null;
  const raise = h('input', { type: 'checkbox', id: 'visit-raise' });
  const often = seen && seen.recent_visits >= OFTEN;
  const form = h('form', { class: 'form form-wide', novalidate: true },
    h('p', { class: 'notice notice-info' }, t('comm.visit.recordLead', { name: e.name })),
    seen ? h('p', { class: 'muted small visit-last' }, seen.last_visited_at
      ? t('comm.visit.last', { date: formatDateTime(seen.last_visited_at), n: seen.days_since })
      : t('comm.visit.never')) : null,
    often ? h('p', { class: 'notice notice-warn' },
      t('comm.visit.often', { n: seen.recent_visits, days: DUE_DAYS })) : null,
    field({ label: t('comm.visit.when'), name: 'visited_at', control: when, required: true,
      hint: t('comm.visit.whenHint', { days: BACKDATE_DAYS }) }),
    radioGroup({ legend: t('comm.visit.mode'), name: 'mode', value: 'on_site',
      options: MODES.map((m) => ({ value: m, label: t(`comm.visit.mode.${m}`) })) }),
    project ? field({ label: t('comm.visit.project'), name: 'project_id', control: project }) : null,
    field({ label: t('comm.visit.notes'), name: 'notes', control: notes, required: true,
      hint: t('comm.visit.notesHint') }),
    h('div', { class: 'field' },
      h('span', { class: 'radio' }, raise, h('label', { for: 'visit-raise' }, t('comm.visit.raise')))),
    h('div', { class: 'form-actions' },
      h('a', { class: 'btn', href: `/enterprises/${id}` }, t('common.cancel')),
      h('button', { type: 'submit', class: 'btn btn-primary' }, t('comm.visit.save'))));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const problems = [];
    const at = when.value ? Date.parse(cstInstant(when.value)) : NaN;
    if (Number.isNaN(at)) problems.push({ field: 'visited_at', message: t('comm.visit.err.when') });
    else if (at > Date.now() + 10 * 60 * 1000) problems.push({ field: 'visited_at', message: t('comm.visit.err.future') });
    else if (at < Date.now() - BACKDATE_DAYS * DAY) {
      problems.push({ field: 'visited_at', message: t('comm.visit.err.old', { days: BACKDATE_DAYS }) });
    }
    if (!notes.value.trim()) problems.push({ field: 'notes', message: t('form.required') });
    if (problems.length) { showErrors(form, problems); return; }
    const body = {
      enterprise_id: id, visited_at: cstInstant(when.value),
      mode: form.elements.mode.value || 'on_site', notes: notes.value.trim(),
    };
    if (project && project.value) body.project_id = Number(project.value);
    let v;
    try {
      v = await busy(form, api.post('/visits', body));
    } catch (err) {
      if (err.errors?.length) showErrors(form, err.errors, t('form.fix'));
      else formAlert(form, err.status ? t('error.server', { status: err.status, detail: err.detail }) : t('error.network'));
      return;
    }
    toast(t('comm.visit.saved'));
    ctx.navigate(raise.checked ? withQuery(`/enterprises/${id}/new`, { visit: v.id }) : `/enterprises/${id}`,
      { replace: true });
  });
  return h('div', null,
    h('p', { class: 'back' }, h('a', { href: `/enterprises/${id}` }, '‹ ', e.name)),
    pageHead(t('comm.visit.recordTitle')),
    panel(null, form));
}

// ------------------------------------------------------------ one enterprise's log
// The visit log panel of enterprise ID's page: its latest visits.
export async function enterpriseVisits(id) {
  const r = await api.get('/visits', { enterprise: id, limit: 10 });
  return h('section', { class: 'panel panel-flush' },
    h('h2', { class: 'panel-title' }, t('comm.visit.log')),
    visitTable(r.items, { empty: t('comm.visit.logEmpty') }),
    r.next_cursor ? h('p', { class: 'panel-note panel-more' },
      h('a', { href: withQuery('/visits', { enterprise: id }) }, t('comm.visit.all'))) : null);
}

// ------------------------------------------------------------ 走访记录
export async function visitsPage(ctx) {
  const q = ctx.query;
  const f = {
    enterprise: /^\d+$/.test(q.get('enterprise') || '') ? q.get('enterprise') : '',
    from: isDate(q.get('from')) ? q.get('from') : '',
    to: isDate(q.get('to')) ? q.get('to') : '',
  };
  const pg = pageOf(ctx);
  const [mine, r] = await Promise.all([
    getAll('/enterprises', {}, 1000).catch(() => []),
    api.get('/visits', {
      enterprise: f.enterprise, from: f.from, to: f.to ? dayAfter(f.to) : '',
      limit: PAGE_SIZE, cursor: pg.cursor,
    }),
  ]);
  const url = (extra) => withQuery('/visits', { ...f, ...extra });
  const entSel = h('select', null,
    h('option', { value: '' }, t('comm.visit.allEnterprises')),
    mine.map((e) => h('option', { value: String(e.id), selected: String(e.id) === f.enterprise }, e.name)));
  const from = h('input', { type: 'date', value: f.from });
  const to = h('input', { type: 'date', value: f.to });
  const form = h('form', { class: 'filters filters-visits', role: 'search' },
    field({ label: t('comm.visit.enterprise'), name: 'enterprise', control: entSel }),
    field({ label: t('comm.visit.from'), name: 'from', control: from }),
    field({ label: t('comm.visit.to'), name: 'to', control: to }),
    h('div', { class: 'filters-actions' },
      h('button', { type: 'submit', class: 'btn btn-primary' }, t('common.search')),
      (f.enterprise || f.from || f.to) ? h('a', { class: 'btn', href: '/visits' }, t('common.reset')) : null));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (from.value && to.value && to.value < from.value) {
      showErrors(form, [{ field: 'to', message: t('comm.visit.rangeBad') }]);
      return;
    }
    ctx.navigate(url({ enterprise: entSel.value, from: from.value, to: to.value, cursor: '', page: '' }));
  });
  return h('div', null,
    pageHead(t('comm.visit.title')),
    h('p', { class: 'page-lead' }, t('comm.visit.lead')),
    h('div', { class: 'panel panel-flush' },
      h('div', { class: 'panel-toolbar' }, form),
      visitTable(r.items, { showEnterprise: true }),
      cursorPager(ctx, '/visits', f, pg, r)));
}

// ------------------------------------------------------------ one visit
export async function visitPage(ctx) {
  const [v, cats] = await Promise.all([
    api.get(`/visits/${ctx.params.id}`),
    loadCategories().catch(() => []),
  ]);
  ctx.setTitle(t('comm.visit.detailTitle'));
  const columns = [
    { label: t('demand.code'), className: 'nowrap', cell: (d) => h('span', { class: 'mono' }, d.code) },
    { label: t('demand.titleField'), className: 'col-title',
      cell: (d) => h('a', { href: `/demands/${d.id}`, class: 'title-link' }, d.title) },
    { label: t('demand.category'), cell: (d) => categoryName(cats, d.category) },
    { label: t('demand.status'), cell: (d) => statusChip(d.status) },
    { label: t('demand.submittedAt'), className: 'nowrap', cell: (d) => formatDateTime(d.submitted_at) },
  ];
  const mine = v.user_id === ctx.user.id;
  return h('div', null,
    h('p', { class: 'back' }, h('a', { href: '/visits' }, '‹ ', t('comm.visit.title'))),
    pageHead(t('comm.visit.detailTitle'),
      mine ? h('a', { class: 'btn btn-primary', href: withQuery(`/enterprises/${v.enterprise_id}/new`, { visit: v.id }) },
        icon('plus'), t('comm.visit.raiseOnVisit')) : null),
    panel(null, dl([
      [t('comm.visit.enterprise'), h('a', { href: `/enterprises/${v.enterprise_id}` }, v.enterprise_name)],
      [t('comm.visit.when'), formatDateTime(v.visited_at)],
      [t('comm.visit.mode'), modeTag(v.mode)],
      [t('comm.visit.project'), v.project_name],
      [t('comm.visit.by'), v.user_name],
      [t('comm.visit.recordedAt'), formatDateTime(v.created_at)],
    ])),
    panel(t('comm.visit.notes'), h('p', { class: 'prose' }, v.notes)),
    h('section', { class: 'panel panel-flush' },
      h('h2', { class: 'panel-title' }, t('comm.visit.demands')),
      table({ columns, rows: v.demands || [], caption: t('comm.visit.demands'),
        empty: t('comm.visit.noDemands'), className: 'visit-demands' })));
}

// ------------------------------------------------------------ 应走访
// The follow-ups page's section: paired enterprises not visited in
// DUE_DAYS days, never-visited first, then the longest unvisited.
export async function dueSection() {
  const r = await api.get('/visits/due', { days: DUE_DAYS, limit: 200 });
  const items = [...r.items].sort((a, b) =>
    (a.last_visited_at ? Date.parse(a.last_visited_at) : 0) -
    (b.last_visited_at ? Date.parse(b.last_visited_at) : 0) || a.enterprise_id - b.enterprise_id);
  const columns = [
    {
      label: t('comm.due.enterprise'),
      className: 'col-title',
      cell: (x) => h('div', null,
        h('a', { href: `/enterprises/${x.enterprise_id}`, class: 'title-link' }, x.enterprise_name), ' ',
        badges({ four_above: x.four_above, key: x.key })),
    },
    {
      label: t('comm.due.lastVisit'),
      cell: (x) => (x.last_visited_at
        ? h('span', null, formatDateTime(x.last_visited_at).slice(0, 10), ' ',
          h('span', { class: 'muted small' }, t('comm.due.daysAgo', { n: x.days_since })))
        : h('span', { class: 'text-danger' }, t('comm.due.never'))),
    },
    { label: t('comm.due.contact'), cell: (x) => contact(x) },
    {
      label: t('comm.ent.actions'),
      cell: (x) => h('a', { class: 'btn', href: `/enterprises/${x.enterprise_id}/visit` },
        icon('pin'), t('comm.visit.record')),
    },
  ];
  return h('section', { class: 'panel panel-flush due-visits' },
    h('h2', { class: 'panel-title' }, t('comm.due.title'), ' ',
      h('span', { class: 'muted small' }, `(${items.length}${r.next_cursor ? '+' : ''})`)),
    h('div', { class: 'panel-toolbar' }, h('p', { class: 'muted small' }, t('comm.due.lead', { days: DUE_DAYS }))),
    table({ columns, rows: items, caption: t('comm.due.title'),
      empty: t('comm.due.none', { days: DUE_DAYS }), className: 'due-table' }));
}
