// pages/admin/pairings.js — 包联关系: who serves which enterprise or
// project.  The list's filters (enterprise, project, commissioner, team,
// kind, active/ended) and its cursor page are in the URL; the export
// links carry the same filters.  新建结对 pairs a commissioner (一对一), a
// team (小分队) or a leading cadre (领导挂包) with an enterprise or a
// project, each picked by a search box; 结束结对 sets the end date after
// a confirmation (a pairing is never deleted: history stays).  Above the
// list, the 全覆盖 check: 四上 enterprises no commissioner serves today
// (GET /enterprises?four_above=1&paired=false, scoped like every list).
import { api } from '../../api.js';
import { t } from '../../i18n/index.js';
import { withQuery } from '../../router.js';
import {
  h, field, radioGroup, openDialog, showErrors, clearErrors, busy, toast, pageHead, table,
} from '../../ui.js';
import { exportLinks, listPager, pageOf, loadRegions } from './registry.js';
import { pickOne, comboField } from '../shared/combobox.js';
import { failed, regionNamer, userSearch } from './teams.js';

const PAGE_SIZE = 20;
export const KINDS = ['one_to_one', 'team', 'leader'];
const STATUSES = ['active', 'ended', 'all'];
const COVERAGE_PEEK = 100;

// Today in China Standard Time, as the server dates pairings.
export function today() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------- search
const enterpriseSearch = async (text) => (await api.get('/enterprises', { q: text, limit: 20 })).items
  .map((e) => ({ id: e.id, label: e.name, sub: e.credit_code }));
const projectSearch = async (text) => (await api.get('/projects', { q: text, limit: 20 })).items
  .map((p) => ({ id: p.id, label: p.name, sub: p.enterprise_name }));
const teamSearch = (regionName) => async (text) => (await api.get('/teams', { q: text, limit: 20 })).items
  .map((x) => ({ id: x.id, label: x.name, sub: [x.leader_name, regionName(x.region_code)].filter(Boolean).join(' · ') }));

// The {id, label} of record ID at PATH (for a filter named in the URL),
// or a bare "#id" when it cannot be read.
async function named(path, id, label) {
  if (!id) return null;
  try {
    return { id: Number(id), label: label(await api.get(`${path}/${id}`)) };
  } catch {
    return { id: Number(id), label: `#${id}` };
  }
}

// ---------------------------------------------------------------- status
export function pairingState(p, now = today()) {
  if (!p.ends_on) return 'active';
  return p.ends_on < now ? 'ended' : 'ending';
}

function stateTag(p) {
  const s = pairingState(p);
  if (s === 'active') return h('span', { class: 'tag tag-ok' }, t('adm.pair.state.active'));
  if (s === 'ending') return h('span', { class: 'tag tag-warn' }, t('adm.pair.state.ending', { date: p.ends_on }));
  return h('span', { class: 'tag tag-danger' }, t('adm.pair.state.ended'));
}

function who(p) {
  return p.team_id
    ? h('div', null, h('a', { href: withQuery('/pairings', { team_id: p.team_id }) }, p.team_name || `#${p.team_id}`),
      h('div', { class: 'muted small' }, t('adm.pair.aTeam')))
    : h('div', null, h('a', { href: withQuery('/pairings', { user_id: p.user_id }) }, p.user_name || `#${p.user_id}`));
}

function what(p) {
  return p.project_id
    ? h('div', null, h('span', { class: 'pair-target' }, p.project_name || `#${p.project_id}`),
      h('div', { class: 'muted small' }, t('adm.pair.aProject')))
    : h('div', null, h('a', { class: 'pair-target', href: withQuery('/pairings', { enterprise_id: p.enterprise_id }) },
      p.enterprise_name || `#${p.enterprise_id}`));
}

// ---------------------------------------------------------------- create
// Errors may name the field of the side that is hidden (user_id while a
// team is chosen): show them on the visible one.
function onShown(errors, kind, target) {
  const side = kind === 'team' ? 'team_id' : 'user_id';
  const aim = target === 'project' ? 'project_id' : 'enterprise_id';
  const map = { user_id: side, team_id: side, enterprise_id: aim, project_id: aim };
  const seen = new Set();
  return errors.map((e) => ({ ...e, field: map[e.field] || e.field }))
    .filter((e) => { const k = `${e.field}:${e.message}`; if (seen.has(k)) return false; seen.add(k); return true; });
}

export async function pairingDialog(ctx, preset = {}) {
  const regs = await loadRegions().catch(() => []);
  const regionName = regionNamer(regs);
  const kindGroup = radioGroup({ legend: t('adm.pair.kind'), name: 'kind', value: 'one_to_one', required: true,
    options: KINDS.map((k) => ({ value: k, label: t(`adm.pair.kind.${k}`) })) });
  const targetGroup = radioGroup({ legend: t('adm.pair.targetKind'), name: 'target', value: preset.project ? 'project' : 'enterprise',
    options: [{ value: 'enterprise', label: t('adm.pair.enterprise') }, { value: 'project', label: t('adm.pair.project') }] });
  const person = pickOne({ placeholder: t('adm.pair.searchUser'), search: (text) => userSearch(regionName, roles())(text), value: preset.user || null });
  const team = pickOne({ placeholder: t('adm.pair.searchTeam'), search: teamSearch(regionName), value: preset.team || null });
  const ent = pickOne({ placeholder: t('adm.pair.searchEnterprise'), search: enterpriseSearch, value: preset.enterprise || null });
  const proj = pickOne({ placeholder: t('adm.pair.searchProject'), search: projectSearch, value: preset.project || null });
  const starts = h('input', { type: 'date', value: today() });
  const personBox = comboField({ label: t('adm.pair.commissioner'), name: 'user_id', combo: person, required: true });
  const teamBox = comboField({ label: t('adm.pair.team'), name: 'team_id', combo: team, required: true });
  const entBox = comboField({ label: t('adm.pair.enterprise'), name: 'enterprise_id', combo: ent, required: true, hint: t('adm.pair.enterpriseHint') });
  const projBox = comboField({ label: t('adm.pair.project'), name: 'project_id', combo: proj, required: true });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('adm.pair.create'));
  const cancel = h('button', { type: 'button', class: 'btn' }, t('common.cancel'));
  const form = h('form', { class: 'form pairing-form', novalidate: true },
    kindGroup, personBox, teamBox, targetGroup, entBox, projBox,
    field({ label: t('adm.pair.startsOn'), name: 'starts_on', control: starts, hint: t('adm.pair.startsHint') }),
    h('div', { class: 'form-actions' }, cancel, submit));
  const kind = () => form.elements.kind.value || 'one_to_one';
  const target = () => form.elements.target.value || 'enterprise';
  function roles() { return kind() === 'leader' ? ['leader', 'commissioner'] : ['commissioner']; }
  const show = (el, on) => { el.hidden = !on; el.style.display = on ? '' : 'none'; };
  function sync() {
    show(personBox, kind() !== 'team');
    show(teamBox, kind() === 'team');
    personBox.querySelector('.field-label').firstChild.textContent =
      t(kind() === 'leader' ? 'adm.pair.leader' : 'adm.pair.commissioner');
    show(entBox, target() === 'enterprise');
    show(projBox, target() === 'project');
  }
  if (preset.team) form.elements.kind.value = 'team';
  kindGroup.addEventListener('change', sync);
  targetGroup.addEventListener('change', sync);
  sync();
  const dlg = openDialog({ title: t('adm.pair.new'), body: form });
  cancel.addEventListener('click', () => dlg.close());
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const body = { kind: kind() };
    if (kind() === 'team') body.team_id = team.value()?.id;
    else body.user_id = person.value()?.id;
    if (target() === 'project') body.project_id = proj.value()?.id;
    else body.enterprise_id = ent.value()?.id;
    if (starts.value) body.starts_on = starts.value;
    const missing = ['user_id', 'team_id', 'enterprise_id', 'project_id']
      .filter((k) => k in body && !body[k]).map((k) => ({ field: k, message: t('adm.pair.pick') }));
    if (missing.length) { showErrors(form, missing); return; }
    let p;
    try {
      p = await busy(form, api.post('/pairings', body));
    } catch (err) {
      if (err.errors?.length) err.errors = onShown(err.errors, kind(), target());
      failed(form, err, t('adm.pair.duplicate'));
      return;
    }
    dlg.close();
    toast(t('adm.pair.created', { who: p.user_name || p.team_name || '', what: p.enterprise_name || p.project_name || '' }));
    ctx.navigate(withQuery('/pairings', p.enterprise_id ? { enterprise_id: p.enterprise_id } : { project_id: p.project_id }));
  });
  return dlg;
}

// ---------------------------------------------------------------- end
export function endDialog(ctx, p) {
  const ends = h('input', { type: 'date', value: today(), min: p.starts_on });
  const submit = h('button', { type: 'submit', class: 'btn btn-danger' }, t('adm.pair.end'));
  const cancel = h('button', { type: 'button', class: 'btn' }, t('common.cancel'));
  const form = h('form', { class: 'form end-form', novalidate: true },
    h('p', null, t('adm.pair.endAsk', {
      who: p.user_name || p.team_name || '', what: p.enterprise_name || p.project_name || '', from: p.starts_on,
    })),
    field({ label: t('adm.pair.endsOn'), name: 'ends_on', control: ends, required: true, hint: t('adm.pair.endsHint') }),
    h('div', { class: 'form-actions' }, cancel, submit));
  const dlg = openDialog({ title: t('adm.pair.endTitle'), body: form });
  cancel.addEventListener('click', () => dlg.close());
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    if (!ends.value) { showErrors(form, [{ field: 'ends_on', message: t('form.required') }]); return; }
    try {
      await busy(form, api.patch(`/pairings/${p.id}`, { ends_on: ends.value }));
    } catch (err) { failed(form, err); return; }
    dlg.close();
    toast(t('adm.pair.ended', { date: ends.value }));
    ctx.refresh();
  });
  return dlg;
}

// ---------------------------------------------------------------- coverage
async function coverage() {
  let r;
  try {
    r = await api.get('/enterprises', { four_above: 1, paired: 'false', limit: COVERAGE_PEEK });
  } catch {
    return null;
  }
  const n = r.items.length;
  const href = withQuery('/enterprises', { four_above: 1, paired: 0 });
  if (!n) return h('p', { class: 'notice notice-info pair-coverage', role: 'status' }, t('adm.pair.covered'));
  return h('p', { class: 'notice notice-warn pair-coverage', role: 'status' },
    t('adm.pair.uncovered', { n: r.next_cursor ? `${n}+` : String(n) }), ' ',
    h('a', { href }, t('adm.pair.uncoveredLink')));
}

// ---------------------------------------------------------------- page
export async function pairingsPage(ctx) {
  const q = ctx.query;
  const id = (k) => (/^\d+$/.test(q.get(k) || '') ? q.get(k) : '');
  const f = {
    enterprise_id: id('enterprise_id'), project_id: id('project_id'),
    user_id: id('user_id'), team_id: id('team_id'),
    kind: KINDS.includes(q.get('kind')) ? q.get('kind') : '',
    status: STATUSES.includes(q.get('status')) ? q.get('status') : '',
  };
  const at = pageOf(ctx);
  const regs = await loadRegions().catch(() => []);
  const regionName = regionNamer(regs);
  const [r, cover, entV, projV, userV, teamV] = await Promise.all([
    api.get('/pairings', { ...f, limit: PAGE_SIZE, cursor: at.cursor }),
    coverage(),
    named('/enterprises', f.enterprise_id, (x) => x.name),
    named('/projects', f.project_id, (x) => x.name),
    named('/users', f.user_id, (x) => x.display_name),
    named('/teams', f.team_id, (x) => x.name),
  ]);

  const ent = pickOne({ placeholder: t('adm.pair.searchEnterprise'), search: enterpriseSearch, value: entV });
  const proj = pickOne({ placeholder: t('adm.pair.searchProject'), search: projectSearch, value: projV });
  const person = pickOne({ placeholder: t('adm.pair.searchUser'), search: userSearch(regionName, ['commissioner', 'leader']), value: userV });
  const team = pickOne({ placeholder: t('adm.pair.searchTeam'), search: teamSearch(regionName), value: teamV });
  const kind = h('select', null, h('option', { value: '' }, t('adm.any')),
    KINDS.map((k) => h('option', { value: k, selected: k === f.kind }, t(`adm.pair.kind.${k}`))));
  const status = h('select', null,
    STATUSES.map((s) => h('option', { value: s === 'active' ? '' : s, selected: s === (f.status || 'active') }, t(`adm.pair.status.${s}`))));
  const form = h('form', { class: 'filters pair-filters', role: 'search' },
    comboField({ label: t('adm.pair.enterprise'), name: 'enterprise_id', combo: ent }),
    comboField({ label: t('adm.pair.project'), name: 'project_id', combo: proj }),
    comboField({ label: t('adm.pair.person'), name: 'user_id', combo: person }),
    comboField({ label: t('adm.pair.team'), name: 'team_id', combo: team }),
    field({ label: t('adm.pair.kind'), name: 'kind', control: kind }),
    field({ label: t('adm.state'), name: 'status', control: status }),
    h('div', { class: 'filters-actions' },
      h('button', { type: 'submit', class: 'btn btn-primary' }, t('common.search')),
      Object.values(f).some(Boolean) ? h('a', { class: 'btn', href: '/pairings' }, t('common.reset')) : null));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    ctx.navigate(withQuery('/pairings', {
      enterprise_id: ent.value()?.id, project_id: proj.value()?.id,
      user_id: person.value()?.id, team_id: team.value()?.id,
      kind: kind.value, status: status.value,
    }));
  });

  const columns = [
    { label: t('adm.pair.target'), className: 'col-title', cell: what },
    { label: t('adm.pair.servedBy'), cell: who },
    { label: t('adm.pair.kind'), cell: (p) => t(`adm.pair.kind.${p.kind}`) },
    { label: t('adm.pair.period'), className: 'nowrap', cell: (p) => `${p.starts_on} – ${p.ends_on || t('adm.pair.open')}` },
    { label: t('adm.state'), cell: stateTag },
    { label: t('adm.actions'), cell: (p) => (p.ends_on ? h('span', { class: 'muted' }, '—')
      : h('button', { type: 'button', class: 'btn btn-ghost', onclick: () => endDialog(ctx, p),
        'aria-label': t('adm.pair.endOf', { who: p.user_name || p.team_name || '', what: p.enterprise_name || p.project_name || '' }) },
      t('adm.pair.end'))) },
  ];
  const preset = { enterprise: entV, project: projV, user: userV && !teamV ? userV : null, team: teamV };
  return h('div', null,
    pageHead(t('adm.pair.title'),
      h('button', { type: 'button', class: 'btn btn-primary', onclick: () => pairingDialog(ctx, preset) }, t('adm.pair.new')),
      ...exportLinks('pairings', f)),
    h('p', { class: 'page-lead' }, t('adm.pair.lead')),
    cover,
    h('div', { class: 'panel panel-flush' },
      h('div', { class: 'panel-toolbar' }, form),
      table({ columns, rows: r.items, caption: t('adm.pair.title'), empty: t('adm.pair.empty'), className: 'reg-table pair-table' }),
      listPager(ctx, '/pairings', f, at, r)));
}
