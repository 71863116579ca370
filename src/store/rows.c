/*
 * rows.c — reading result rows into arrays and single structs, for every
 * entity file of the store.  Written against db.h only.
 */
#include "db.h"

/* A filter's region "and below" bounds, or NULLs when there is none. */
QtCode bind_region_filter(Q *q, int idx, const char *region, QtError *err)
{
  char lo[16], hi[16];

  if (!region) return QT_OK;
  if (scope_region_range(region, lo, hi, err) != QT_OK) return err->code;
  q_text(q, idx, lo);
  q_text(q, idx + 1, hi);
  return QT_OK;
}

/* Run list query Q, reading each row with READ into an array of SIZE-byte
 * items in A; LIMIT bounds the rows. */
QtCode read_rows(Q *q, int limit, size_t size, RowReader read, Arena *a,
                 void **items, int *n_items)
{
  char *out = arena_alloc(a, size * (size_t)limit);
  int n = 0, rc = 0;

  while (n < limit) {
    rc = q_step(q);
    if (rc != 1) break;
    read(q, a, out + size * (size_t)n);
    n++;
  }
  q_close(q);
  *items = out;
  *n_items = n;
  return n < limit && rc < 0 ? q->err->code : QT_OK;
}

/* Read one row with READ; QT_ENOTFOUND when there is none. */
QtCode read_one(Q *q, RowReader read, Arena *a, void *item,
                const char *what)
{
  int rc = q_step(q);

  if (rc == 1) read(q, a, item);
  q_close(q);
  if (rc < 0) return q->err->code;
  if (rc == 0) return qt_fail(q->err, QT_ENOTFOUND, "No such %s.", what);
  return QT_OK;
}

/* An UPDATE that touched no row: absent, or out of the actor's scope. */
QtCode updated_one(Q *q, const char *what)
{
  if (q_exec(q) != QT_OK) return q->err->code;
  if (db_changes(q->st) == 0) {
    return qt_fail(q->err, QT_ENOTFOUND, "No such %s.", what);
  }
  return QT_OK;
}

