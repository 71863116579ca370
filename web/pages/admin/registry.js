// pages/admin/registry.js — the registry lists (企业, 部门, 用户): search,
// filters and the cursor page in the URL, export of the same filtered
// ledger as xlsx or csv (GET /exports/{kind}, a plain download link).
import { api, getAll } from '../../api.js';
import { t, formatDateTime } from '../../i18n/index.js';
import { withQuery } from '../../router.js';
import { h, pageHead, pager, field, showErrors, table, icon } from '../../ui.js';

const PAGE_SIZE = 20;
const trail = new Map();
let regions = null;

export function loadRegions() {
  if (!regions) regions = getAll('/regions').catch((e) => { regions = null; throw e; });
  return regions;
}

export function regionSelect(list, value, emptyLabel) {
  return h('select', null, h('option', { value: '' }, emptyLabel),
    list.map((r) => h('option', { value: r.code, selected: r.code === value },
      `${'　'.repeat(Math.max(0, ['province', 'city', 'county', 'town'].indexOf(r.level) - 1))}${r.name}`)));
}

// code → name, for the lists that carry only a region code.
function regionName(list) {
  const m = new Map(list.map((r) => [r.code, r.name]));
  return (code) => (code ? m.get(code) || code : '—');
}

export function exportLinks(kind, f) {
  const href = (format) => withQuery(`/api/v1/exports/${kind}`, { ...f, format });
  return [
    h('a', { class: 'btn', href: href('xlsx'), download: '' }, icon('out'), t('adm.export.xlsx')),
    h('a', { class: 'btn', href: href('csv'), download: '' }, icon('out'), t('adm.export.csv')),
  ];
}

// The cursor and page number of a list page, from the URL.
export function pageOf(ctx) {
  return {
    cursor: ctx.query.get('cursor') || null,
    page: Math.max(1, parseInt(ctx.query.get('page') || '1', 10) || 1),
  };
}

// The pager of list page PATH with filters F, after the answer R for
// {cursor, page}: the cursors of the pages seen are kept, so "previous"
// goes back to the page it came from.
export function listPager(ctx, path, f, { cursor, page }, r) {
  const k = path + JSON.stringify(f);
  const seen = trail.get(k) || [null];
  seen[page - 1] = cursor;
  trail.set(k, seen);
  const url = (extra) => withQuery(path, { ...f, ...extra });
  const onPrev = page > 1 ? () => ctx.navigate(url({ cursor: seen[page - 2] ?? '', page: page - 1 > 1 ? page - 1 : '' })) : null;
  const onNext = r.next_cursor ? () => ctx.navigate(url({ cursor: r.next_cursor, page: page + 1 })) : null;
  return pager({ page, onPrev, onNext });
}

// SPEC: {kind, path, title, lead, columns, extra: [{name, label, options: [[value, label]]}], actions(ctx, reload)}
export async function registryPage(ctx, spec) {
  const q = ctx.query;
  const f = { q: q.get('q') || '', region: q.get('region') || '' };
  for (const x of spec.extra || []) f[x.name] = q.get(x.name) || '';
  const at = pageOf(ctx);
  const [regs, r] = await Promise.all([
    loadRegions().catch(() => []),
    api.get(`/${spec.kind}`, { ...f, limit: PAGE_SIZE, cursor: at.cursor }),
  ]);
  const url = (extra) => withQuery(spec.path, { ...f, ...extra });

  const words = h('input', { type: 'search', value: f.q, maxlength: '100' });
  const region = regionSelect(regs, f.region, t('adm.allRegions'));
  const extras = (spec.extra || []).map((x) => ({
    x,
    control: h('select', null, x.options.map(([v, label]) => h('option', { value: v, selected: v === f[x.name] }, label))),
  }));
  const form = h('form', { class: 'filters', role: 'search' },
    field({ label: t('adm.search'), name: 'q', control: words }),
    field({ label: t('adm.region'), name: 'region', control: region }),
    extras.map(({ x, control }) => field({ label: x.label, name: x.name, control })),
    h('div', { class: 'filters-actions' },
      h('button', { type: 'submit', class: 'btn btn-primary' }, t('common.search')),
      Object.values(f).some(Boolean) ? h('a', { class: 'btn', href: spec.path }, t('common.reset')) : null));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const w = words.value.trim();
    if ([...w].length === 1) { showErrors(form, [{ field: 'q', message: t('adm.qShort') }]); return; }
    const next = { q: w, region: region.value, cursor: '', page: '' };
    for (const { x, control } of extras) next[x.name] = control.value;
    ctx.navigate(url(next));
  });
  return h('div', null,
    pageHead(spec.title, ...(spec.actions ? spec.actions(ctx) : []), ...exportLinks(spec.kind, f)),
    spec.lead ? h('p', { class: 'page-lead' }, spec.lead) : null,
    h('div', { class: 'panel panel-flush' },
      h('div', { class: 'panel-toolbar' }, form),
      table({ columns: typeof spec.columns === 'function' ? spec.columns(regionName(regs)) : spec.columns, rows: r.items, caption: spec.title, className: `reg-table reg-${spec.kind}` }),
      listPager(ctx, spec.path, f, at, r)));
}

const yes = (b) => (b ? h('span', { class: 'tag tag-ok' }, t('adm.yes')) : h('span', { class: 'muted' }, '—'));
const state = (x) => (x.disabled ? h('span', { class: 'tag tag-danger' }, t('adm.disabled')) : h('span', { class: 'tag tag-ok' }, t('adm.enabled')));

export function enterprisesPage(ctx) {
  return registryPage(ctx, {
    kind: 'enterprises', path: '/enterprises', title: t('adm.ent.title'),
    extra: [
      { name: 'four_above', label: t('adm.ent.fourAbove'), options: [['', t('adm.any')], ['1', t('adm.yes')], ['0', t('adm.no')]] },
      { name: 'key', label: t('adm.ent.key'), options: [['', t('adm.any')], ['1', t('adm.yes')], ['0', t('adm.no')]] },
      { name: 'paired', label: t('adm.ent.paired'), options: [['', t('adm.any')], ['1', t('adm.ent.pairedYes')], ['0', t('adm.ent.pairedNo')]] },
    ],
    columns: [
      { label: t('adm.ent.name'), className: 'col-title', cell: (e) => h('div', null, e.name,
        h('div', { class: 'muted small mono' }, e.credit_code)) },
      { label: t('adm.region'), cell: (e) => e.region_name || e.region_code },
      { label: t('adm.ent.scale'), cell: (e) => t(`adm.scale.${e.scale}`) },
      { label: t('adm.ent.fourAbove'), cell: (e) => yes(e.four_above) },
      { label: t('adm.ent.key'), cell: (e) => yes(e.key) },
      { label: t('adm.ent.contact'), cell: (e) => [e.contact_name || '', ' ', e.contact_phone || ''].join('').trim() || '—' },
      { label: t('adm.state'), cell: state },
    ],
  });
}

export const DEPT_KINDS = ['service_office', 'supervision', 'bureau', 'town', 'other'];

export function departmentsPage(ctx) {
  return registryPage(ctx, {
    kind: 'departments', path: '/departments', title: t('adm.dept.title'),
    columns: (region) => [
      { label: t('adm.dept.name'), className: 'col-title', cell: (d) => d.name },
      { label: t('adm.dept.kind'), cell: (d) => t(`adm.dept.kind.${d.kind}`) },
      { label: t('adm.region'), cell: (d) => region(d.region_code) },
      { label: t('adm.dept.parent'), cell: (d) => (d.parent_id ? `#${d.parent_id}` : '—') },
      { label: t('adm.updated'), className: 'nowrap', cell: (d) => formatDateTime(d.updated_at) },
      { label: t('adm.state'), cell: state },
    ],
  });
}
