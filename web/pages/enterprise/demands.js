// pages/enterprise/demands.js — 我的诉求: the enterprise's own demands,
// newest first, filtered by status chip, category and words.  Every
// filter and the page are in the URL (?status=&category=&q=&cursor=&page=)
// so a link can be shared and Back works.
import { api } from '../../api.js';
import { t } from '../../i18n/index.js';
import { withQuery } from '../../router.js';
import { h, pageHead, pager, icon, field, showErrors } from '../../ui.js';
import { demandTable, loadCategories, categoryName } from '../shared/demands.js';

// The status chips: the URL's word → the server's status filter.
const CHIPS = [
  { key: '', statuses: '' },
  { key: 'processing', statuses: 'submitted,assigned,accepted,answered' },
  { key: 'confirm', statuses: 'resolved' },
  { key: 'closed', statuses: 'closed' },
  { key: 'withdrawn', statuses: 'withdrawn,merged' },
];
const PAGE_SIZE = 20;

// Cursors of the pages seen, per filter, so "previous" can go back
// without the server knowing about pages: filterKey → [cursor of page 1, 2…].
const trail = new Map();

function filters(q) {
  const status = CHIPS.some((c) => c.key === q.get('status')) ? q.get('status') : '';
  return {
    status,
    category: q.get('category') || '',
    q: q.get('q') || '',
  };
}

export async function myDemandsPage(ctx) {
  const f = filters(ctx.query);
  const cursor = ctx.query.get('cursor') || null;
  const page = Math.max(1, parseInt(ctx.query.get('page') || '1', 10) || 1);
  const chip = CHIPS.find((c) => c.key === f.status);
  const [cats, r] = await Promise.all([
    loadCategories().catch(() => []),
    api.get('/demands', {
      status: chip.statuses, category: f.category, q: f.q, limit: PAGE_SIZE, cursor,
    }),
  ]);

  const key = JSON.stringify(f);
  const seen = trail.get(key) || [null];
  seen[page - 1] = cursor;
  trail.set(key, seen);
  const url = (extra) => withQuery('/demands', { ...f, ...extra });

  const chips = h('nav', { class: 'chipbar', 'aria-label': t('ent.demands.byStatus') },
    CHIPS.map((c) => h('a', {
      href: url({ status: c.key }),
      class: 'chip-filter',
      'aria-current': c.key === f.status ? 'true' : null,
    }, t(`ent.demands.chip.${c.key || 'all'}`))));

  const catSelect = h('select', null,
    h('option', { value: '' }, t('ent.demands.allCategories')),
    cats.map((c) => h('option', { value: c.code, selected: c.code === f.category }, categoryName(cats, c.code))));
  const words = h('input', { type: 'search', value: f.q, maxlength: '100', placeholder: t('ent.demands.searchHint') });
  const form = h('form', { class: 'filters', role: 'search' },
    field({ label: t('demand.category'), name: 'category', control: catSelect }),
    field({ label: t('ent.demands.search'), name: 'q', control: words }),
    h('div', { class: 'filters-actions' },
      h('button', { type: 'submit', class: 'btn btn-primary' }, t('common.search')),
      (f.category || f.q) ? h('a', { class: 'btn', href: url({ category: '', q: '' }) }, t('common.reset')) : null));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = words.value.trim();
    // The server's full-text search needs two characters or more.
    if ([...q].length === 1) {
      showErrors(form, [{ field: 'q', message: t('ent.demands.qShort') }]);
      return;
    }
    ctx.navigate(url({ category: catSelect.value, q }));
  });

  const prevCursor = page > 1 ? seen[page - 2] : undefined;
  const onPrev = page > 1 ? () => ctx.navigate(prevCursor !== undefined
    ? url({ cursor: prevCursor, page: page - 1 > 1 ? page - 1 : '' }) : url({})) : null;
  const onNext = r.next_cursor ? () => ctx.navigate(url({ cursor: r.next_cursor, page: page + 1 })) : null;

  const filtered = f.status || f.category || f.q;
  return h('div', null,
    pageHead(t('ent.demands.title'),
      h('a', { class: 'btn btn-primary', href: '/demands/new' }, icon('plus'), t('nav.ent.submit'))),
    h('p', { class: 'page-lead' }, t('ent.demands.lead')),
    h('div', { class: 'panel panel-flush' },
      h('div', { class: 'panel-toolbar' }, chips, form),
      demandTable(r.items, { cats }),
      !r.items.length && !filtered && page === 1 ? h('p', { class: 'empty-cta' },
        h('a', { class: 'btn btn-primary', href: '/demands/new' }, t('ent.demands.first'))) : null,
      pager({ page, onPrev, onNext })));
}
