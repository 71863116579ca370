// pages/dispatcher/paging.js — cursor pages in the URL (?cursor=&page=),
// with the cursors of the pages seen kept so "previous" can go back, and
// the count of a list asked with count=true.  The handler's, supervisor's
// and leader's lists use it too.
import { t } from '../../i18n/index.js';
import { withQuery } from '../../router.js';
import { h, pager } from '../../ui.js';

const trail = new Map();

export function pageOf(ctx) {
  const cursor = ctx.query.get('cursor') || null;
  return {
    cursor,
    // Without a cursor it is the first page, whatever ?page says.
    page: cursor ? Math.max(1, parseInt(ctx.query.get('page') || '1', 10) || 1) : 1,
  };
}

// The pager for PATH with filters F, after the answer R of page PAGE.
export function cursorPager(ctx, path, f, { cursor, page }, r) {
  const key = `${path}?${JSON.stringify(f)}`;
  const seen = trail.get(key) || [null];
  seen[page - 1] = cursor;
  trail.set(key, seen);
  const url = (extra) => withQuery(path, { ...f, ...extra });
  const prev = page > 1 ? seen[page - 2] : undefined;
  const onPrev = page > 1 ? () => ctx.navigate(prev !== undefined && prev !== null
    ? url({ cursor: prev, page: page - 1 }) : url({})) : null;
  const onNext = r.next_cursor ? () => ctx.navigate(url({ cursor: r.next_cursor, page: page + 1 })) : null;
  return pager({ page, onPrev, onNext });
}

// "共 N 件" for the server's TOTAL (data-count holds it for tests), and
// which of them page PAGE of SIZE shows when there is more than one page.
export function listCount(total, { page }, shown, size) {
  const first = (page - 1) * size + 1;
  return h('p', { class: 'list-count', dataset: { count: String(total) } },
    t('lead.list.count', { n: total }),
    shown && shown < total ? ` · ${t('common.range', { from: first, to: first + shown - 1 })}` : null);
}
