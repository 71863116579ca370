// pages/commissioner/projects.js — 我的项目: the key projects the
// commissioner serves (GET /projects is scoped to them: projects paired
// with the commissioner or with a team it belongs to, and the projects of
// its paired enterprises), with search and stage filters and the page in
// the URL (?q=&stage=&cursor=&page=); each row says how the project came
// to the commissioner (GET /pairings, scoped to its own and its teams').
// And one project's page: its fields and its owner enterprise.
import { api, getAll } from '../../api.js';
import { t } from '../../i18n/index.js';
import { withQuery } from '../../router.js';
import { h, pageHead, pager, field, showErrors, table, panel, dl } from '../../ui.js';

const PAGE_SIZE = 20;
export const STAGES = ['negotiating', 'signed', 'started', 'completed', 'producing'];
const trail = new Map();

// How the commissioner serves each project: project id → 'direct' (paired
// with it) or 'team' (paired with one of its teams).  A project that is
// in neither came through its owner enterprise.
async function pairedProjects() {
  const list = await getAll('/pairings', {}, 2000).catch(() => []);
  const how = new Map();
  for (const p of list) {
    if (!p.project_id) continue;
    if (p.user_id) how.set(p.project_id, { via: 'direct' });
    else if (!how.has(p.project_id)) how.set(p.project_id, { via: 'team', team: p.team_name });
  }
  return how;
}

function viaText(how, pr) {
  const x = how.get(pr.id);
  if (!x) return t('comm.proj.via.enterprise', { name: pr.enterprise_name || '' });
  if (x.via === 'team') return t('comm.proj.via.team', { name: x.team || '' });
  return t('comm.proj.via.direct');
}

export function stageTag(stage) {
  const cls = stage === 'producing' || stage === 'completed' ? 'tag tag-ok'
    : stage === 'started' ? 'tag tag-warn' : 'tag';
  return h('span', { class: `${cls} proj-stage stage-${stage}` }, t(`comm.proj.stage.${stage}`));
}

// 万元 as the commissioner reads it.
const money = (n) => (n === null || n === undefined ? '—' : t('comm.proj.wan', { n: Number(n).toLocaleString('zh-CN') }));

export async function myProjectsPage(ctx) {
  const q = ctx.query;
  const f = { q: q.get('q') || '', stage: STAGES.includes(q.get('stage')) ? q.get('stage') : '' };
  const cursor = q.get('cursor') || null;
  const page = Math.max(1, parseInt(q.get('page') || '1', 10) || 1);
  const [r, how] = await Promise.all([
    api.get('/projects', { ...f, limit: PAGE_SIZE, cursor }),
    pairedProjects(),
  ]);
  const k = JSON.stringify(f);
  const seen = trail.get(k) || [null];
  seen[page - 1] = cursor;
  trail.set(k, seen);
  const url = (extra) => withQuery('/projects', { ...f, ...extra });

  const words = h('input', { type: 'search', value: f.q, maxlength: '100', placeholder: t('comm.proj.searchHint') });
  const stage = h('select', null, h('option', { value: '' }, t('comm.proj.anyStage')),
    STAGES.map((s) => h('option', { value: s, selected: s === f.stage }, t(`comm.proj.stage.${s}`))));
  const form = h('form', { class: 'filters', role: 'search' },
    field({ label: t('comm.proj.search'), name: 'q', control: words }),
    field({ label: t('comm.proj.stage'), name: 'stage', control: stage }),
    h('div', { class: 'filters-actions' },
      h('button', { type: 'submit', class: 'btn btn-primary' }, t('common.search')),
      (f.q || f.stage) ? h('a', { class: 'btn', href: '/projects' }, t('common.reset')) : null));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const w = words.value.trim();
    if ([...w].length === 1) { showErrors(form, [{ field: 'q', message: t('comm.ent.qShort') }]); return; }
    ctx.navigate(url({ q: w, stage: stage.value, cursor: '', page: '' }));
  });

  const columns = [
    { label: t('comm.proj.name'), className: 'col-title', cell: (p) => h('div', null,
      h('a', { href: `/projects/${p.id}`, class: 'title-link' }, p.name)) },
    { label: t('comm.proj.owner'), cell: (p) => p.enterprise_name || '—' },
    { label: t('comm.proj.stage'), cell: (p) => stageTag(p.stage) },
    { label: t('comm.proj.total'), className: 'nowrap', cell: (p) => money(p.total_investment) },
    { label: t('comm.proj.via'), cell: (p) => h('span', { class: 'muted small proj-via' }, viaText(how, p)) },
  ];
  const onPrev = page > 1 ? () => ctx.navigate(url({ cursor: seen[page - 2] ?? '', page: page - 1 > 1 ? page - 1 : '' })) : null;
  const onNext = r.next_cursor ? () => ctx.navigate(url({ cursor: r.next_cursor, page: page + 1 })) : null;
  return h('div', null,
    pageHead(t('comm.proj.title')),
    h('p', { class: 'page-lead' }, t('comm.proj.lead')),
    h('div', { class: 'panel panel-flush' },
      h('div', { class: 'panel-toolbar' }, form),
      table({ columns, rows: r.items, caption: t('comm.proj.title'), empty: t('comm.proj.empty'), className: 'proj-table' }),
      pager({ page, onPrev, onNext })));
}

export async function projectPage(ctx) {
  const id = ctx.params.id;
  const [p, how] = await Promise.all([api.get(`/projects/${id}`), pairedProjects()]);
  // The owner is linked only when the commissioner may open it: a project
  // paired on its own does not bring its owner enterprise into scope.  A
  // search by name (scoped, like every list) tells without provoking a 404.
  const owner = p.enterprise_name
    ? (await api.get('/enterprises', { q: p.enterprise_name, limit: 50 }).catch(() => ({ items: [] })))
      .items.find((e) => e.id === p.enterprise_id) || null
    : null;
  ctx.setTitle(p.name);
  const dates = (a, b) => (a || b ? `${a || '—'} – ${b || '—'}` : null);
  return h('div', null,
    h('p', { class: 'back' }, h('a', { href: '/projects' }, '‹ ', t('comm.proj.title'))),
    pageHead(p.name),
    panel(null, h('p', { class: 'chips' }, stageTag(p.stage), p.disabled ? h('span', { class: 'tag tag-danger' }, t('comm.badge.disabled')) : null),
      dl([
        [t('comm.proj.owner'), owner
          ? h('a', { href: `/enterprises/${owner.id}`, class: 'proj-owner' }, owner.name)
          : h('span', { class: 'proj-owner' }, p.enterprise_name || '—')],
        [t('comm.ent.creditCode'), owner ? h('span', { class: 'mono' }, owner.credit_code) : null],
        [t('comm.ent.region'), owner?.region_name || p.region_code],
        [t('comm.proj.total'), money(p.total_investment)],
        [t('comm.proj.annual'), money(p.annual_investment)],
        [t('comm.proj.planned'), dates(p.planned_start, p.planned_end)],
        [t('comm.proj.actual'), dates(p.actual_start, p.actual_end)],
        [t('comm.proj.via'), viaText(how, p)],
      ], 'proj-fields')),
    owner ? null : h('p', { class: 'muted small' }, t('comm.proj.ownerNotPaired')));
}
