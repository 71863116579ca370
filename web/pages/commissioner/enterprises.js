// pages/commissioner/enterprises.js — 我的企业: the enterprises paired with
// the commissioner (GET /enterprises is scoped to them), with contact,
// 四上/重点 badges and search; filters and the page are in the URL
// (?q=&four_above=&key=&cursor=&page=).  And one enterprise's page: its
// card, its demands, its visit log (visits.js), 记录走访 and
// 代企业提交诉求.
import { api } from '../../api.js';
import { t } from '../../i18n/index.js';
import { withQuery } from '../../router.js';
import { h, pageHead, pager, icon, field, showErrors, table, panel, dl, phoneLink } from '../../ui.js';
import { demandTable, loadCategories } from '../shared/demands.js';
import { enterpriseVisits } from './visits.js';

const PAGE_SIZE = 20;
const trail = new Map();

export function badges(e) {
  return h('span', { class: 'chips' },
    e.four_above ? h('span', { class: 'tag tag-ok' }, t('comm.badge.fourAbove')) : null,
    e.key ? h('span', { class: 'tag tag-warn' }, t('comm.badge.key')) : null,
    e.disabled ? h('span', { class: 'tag tag-danger' }, t('comm.badge.disabled')) : null);
}

// An enterprise's contact: the list has the phone masked (plain text),
// the enterprise's own page has it whole (a tel: link).
export function contact(e) {
  if (!e.contact_name && !e.contact_phone) return h('span', { class: 'muted' }, '—');
  return h('span', null, e.contact_name || '',
    e.contact_phone ? [' ', phoneLink(e.contact_phone, 'nowrap')] : null);
}

export async function myEnterprisesPage(ctx) {
  const q = ctx.query;
  const f = { q: q.get('q') || '', four_above: q.get('four_above') === '1' ? '1' : '', key: q.get('key') === '1' ? '1' : '' };
  const cursor = q.get('cursor') || null;
  const page = Math.max(1, parseInt(q.get('page') || '1', 10) || 1);
  const r = await api.get('/enterprises', { ...f, limit: PAGE_SIZE, cursor });
  const k = JSON.stringify(f);
  const seen = trail.get(k) || [null];
  seen[page - 1] = cursor;
  trail.set(k, seen);
  const url = (extra) => withQuery('/enterprises', { ...f, ...extra });

  const words = h('input', { type: 'search', value: f.q, maxlength: '100', placeholder: t('comm.ent.searchHint') });
  const four = h('input', { type: 'checkbox', id: 'f-four', checked: !!f.four_above });
  const key = h('input', { type: 'checkbox', id: 'f-key', checked: !!f.key });
  const form = h('form', { class: 'filters', role: 'search' },
    field({ label: t('comm.ent.search'), name: 'q', control: words }),
    h('div', { class: 'field' },
      h('span', { class: 'radio' }, four, h('label', { for: 'f-four' }, t('comm.badge.fourAbove'))),
      h('span', { class: 'radio' }, key, h('label', { for: 'f-key' }, t('comm.badge.key')))),
    h('div', { class: 'filters-actions' },
      h('button', { type: 'submit', class: 'btn btn-primary' }, t('common.search')),
      (f.q || f.four_above || f.key) ? h('a', { class: 'btn', href: '/enterprises' }, t('common.reset')) : null));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const w = words.value.trim();
    if ([...w].length === 1) { showErrors(form, [{ field: 'q', message: t('comm.ent.qShort') }]); return; }
    ctx.navigate(url({ q: w, four_above: four.checked ? '1' : '', key: key.checked ? '1' : '', cursor: '', page: '' }));
  });

  const columns = [
    { label: t('comm.ent.name'), className: 'col-title', cell: (e) => h('div', null,
      h('a', { href: `/enterprises/${e.id}`, class: 'title-link' }, e.name), ' ', badges(e)) },
    { label: t('comm.ent.region'), cell: (e) => e.region_name || e.region_code },
    { label: t('comm.ent.contact'), cell: contact },
    { label: t('comm.ent.actions'), cell: (e) => h('span', { class: 'row-actions' },
      h('a', { class: 'btn', href: `/enterprises/${e.id}/visit` }, icon('pin'), t('comm.visit.short')),
      h('a', { class: 'btn', href: `/enterprises/${e.id}/new` }, icon('plus'), t('comm.submit.short'))) },
  ];
  const onPrev = page > 1 ? () => ctx.navigate(url({ cursor: seen[page - 2] ?? '', page: page - 1 > 1 ? page - 1 : '' })) : null;
  const onNext = r.next_cursor ? () => ctx.navigate(url({ cursor: r.next_cursor, page: page + 1 })) : null;
  return h('div', null,
    pageHead(t('comm.ent.title')),
    h('p', { class: 'page-lead' }, t('comm.ent.lead')),
    h('div', { class: 'panel panel-flush' },
      h('div', { class: 'panel-toolbar' }, form),
      table({ columns, rows: r.items, caption: t('comm.ent.title'), empty: t('comm.ent.empty'), className: 'ent-table' }),
      pager({ page, onPrev, onNext })));
}

export async function enterprisePage(ctx) {
  const id = ctx.params.id;
  const cursor = ctx.query.get('cursor') || null;
  const [e, cats, r, visits] = await Promise.all([
    api.get(`/enterprises/${id}`),
    loadCategories().catch(() => []),
    api.get('/demands', { enterprise: id, limit: 20, cursor }),
    enterpriseVisits(id),
  ]);
  ctx.setTitle(e.name);
  return h('div', null,
    h('p', { class: 'back' }, h('a', { href: '/enterprises' }, '‹ ', t('comm.ent.title'))),
    pageHead(e.name,
      h('a', { class: 'btn btn-primary', href: `/enterprises/${e.id}/visit` },
        icon('pin'), t('comm.visit.record')),
      h('a', { class: 'btn', href: `/enterprises/${e.id}/new` },
        icon('plus'), t('comm.submit.title'))),
    panel(null, badges(e), dl([
      [t('comm.ent.creditCode'), h('span', { class: 'mono' }, e.credit_code)],
      [t('comm.ent.region'), e.region_name || e.region_code],
      [t('comm.ent.address'), e.address],
      [t('comm.ent.contact'), contact(e)],
      [t('comm.ent.employees'), e.employees],
    ])),
    h('section', { class: 'panel panel-flush' },
      h('h2', { class: 'panel-title' }, t('comm.ent.demands')),
      demandTable(r.items, { cats }),
      pager({ page: cursor ? 2 : 1, onPrev: cursor ? () => ctx.navigate(`/enterprises/${id}`) : null,
        onNext: r.next_cursor ? () => ctx.navigate(withQuery(`/enterprises/${id}`, { cursor: r.next_cursor })) : null })),
    visits);
}
