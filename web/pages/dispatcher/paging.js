// pages/dispatcher/paging.js — cursor pages in the URL (?cursor=&page=),
// with the cursors of the pages seen kept so "previous" can go back.  The
// handler's lists use it too.
import { withQuery } from '../../router.js';
import { pager } from '../../ui.js';

const trail = new Map();

export function pageOf(ctx) {
  return {
    cursor: ctx.query.get('cursor') || null,
    page: Math.max(1, parseInt(ctx.query.get('page') || '1', 10) || 1),
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
