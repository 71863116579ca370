/*
 * store_visit.c — visits (走访) of commissioners to enterprises over db.h:
 * recording one, reading one, the scoped log, the demands raised on a
 * visit, and how recently each enterprise of a scope was visited.
 *
 * Who may record a visit for which enterprise (its commissioner, one
 * paired with it) is the handler's rule; this file applies the scope of
 * the reader in every query and stores what it is given.
 */
#include <stdio.h>
#include <string.h>

#include "db.h"

void store_visit_scope(const Actor *actor, Scope *out)
{
  *out = actor->scope;
  /* A handler's registry scope is its department's region; visits are
   * the commissioners' work and none of a department's. */
  if (actor->role == ROLE_HANDLER) out->kind = SCOPE_NONE;
}

static void read_visit(Q *q, Arena *a, void *item)
{
  Visit *v = item;

  v->id = q_col_int(q, 0);
  v->user_id = q_col_int(q, 1);
  v->user_name = q_col_text(q, 2, a);
  v->enterprise_id = q_col_int(q, 3);
  v->enterprise_name = q_col_text(q, 4, a);
  v->project_id = q_col_int(q, 5);
  v->project_name = q_col_text(q, 6, a);
  v->region_code = q_col_text(q, 7, a);
  v->visited_at = q_col_int(q, 8);
  v->mode = q_col_text(q, 9, a);
  v->notes = q_col_text(q, 10, a);
  v->created_at = q_col_int(q, 11);
  v->n_demands = (int)q_col_int(q, 12);
  v->credit_code = q_col_text(q, 13, a);
}

QtCode store_visit_create(Store *st, Visit *v, QtError *err)
{
  QtTime now = qt_now();
  Q q;

  if (q_open(st, STMT_VISIT_INSERT, &q, err) != QT_OK) return err->code;
  q_int(&q, 1, v->user_id);
  q_int(&q, 2, v->enterprise_id);
  q_id(&q, 3, v->project_id);
  q_text(&q, 4, v->region_code);
  q_int(&q, 5, v->visited_at);
  q_text(&q, 6, v->mode);
  q_text(&q, 7, v->notes);
  q_int(&q, 8, now);
  if (q_insert(&q, &v->id) != QT_OK) return err->code;
  v->created_at = now;
  return QT_OK;
}

QtCode store_visit_get(Store *st, const Scope *scope, int64_t id, Arena *a,
                       Visit *out, QtError *err)
{
  Q q;

  if (q_open_scoped(st, STMT_VISIT_GET, scope, &q, err) != QT_OK) {
    return err->code;
  }
  q_int(&q, 6, id);
  return read_one(&q, read_visit, a, out, "visit");
}

QtCode store_visit_list(Store *st, const Scope *scope, const VisitFilter *f,
                        const char *cursor, int limit, Arena *a,
                        Visit **items, int *n_items, char **next,
                        QtError *err)
{
  long long c_at = INT64_MAX, c_id = INT64_MAX;
  Q q;

  *n_items = 0;
  *next = NULL;
  if (cursor && sscanf(cursor, "%lld.%lld", &c_at, &c_id) != 2) {
    qt_field(err, "cursor", "is not a cursor this list returned");
    return qt_fail(err, QT_EBADREQ, "The cursor is invalid.");
  }
  if (q_open_scoped(st, STMT_VISIT_LIST, scope, &q, err) != QT_OK) {
    /* A scope that sees nothing has an empty log, not a missing one. */
    if (err->code != QT_ENOTFOUND) return err->code;
    qt_error_clear(err);
    return QT_OK;
  }
  q_int(&q, 6, c_id);
  q_int(&q, 7, limit);
  q_int(&q, 8, c_at);
  q_id(&q, 9, f->enterprise_id);
  q_id(&q, 10, f->user_id);
  q_id(&q, 11, f->from);
  q_id(&q, 12, f->to);
  if (read_rows(&q, limit, sizeof(Visit), read_visit, a, (void **)items,
                n_items) != QT_OK) {
    return err->code;
  }
  if (*n_items == limit) {
    const Visit *last = &(*items)[*n_items - 1];
    *next = arena_printf(a, "%lld.%lld", (long long)last->visited_at,
                         (long long)last->id);
  }
  return QT_OK;
}

static void read_visit_demand(Q *q, Arena *a, void *item)
{
  VisitDemand *d = item;

  d->id = q_col_int(q, 0);
  d->code = q_col_text(q, 1, a);
  d->title = q_col_text(q, 2, a);
  d->category = q_col_text(q, 3, a);
  d->status = q_col_text(q, 4, a);
  d->submitted_at = q_col_int(q, 5);
}

/* A visit raises a handful of demands; the margin is for the unusual. */
enum { VISIT_MAX_DEMANDS = 200 };

QtCode store_visit_demands(Store *st, int64_t visit_id, Arena *a,
                           VisitDemand **items, int *n_items, QtError *err)
{
  Q q;

  *n_items = 0;
  if (q_open(st, STMT_VISIT_DEMANDS, &q, err) != QT_OK) return err->code;
  q_int(&q, 1, visit_id);
  return read_rows(&q, VISIT_MAX_DEMANDS, sizeof(VisitDemand),
                   read_visit_demand, a, (void **)items, n_items);
}

/* One row of STMT_VISIT_DUE; is_due needs the threshold, so
 * store_visit_due sets it after. */
static void read_visit_due(Q *q, Arena *a, void *item)
{
  VisitDue *d = item;

  d->enterprise_id = q_col_int(q, 0);
  d->enterprise_name = q_col_text(q, 1, a);
  d->region_code = q_col_text(q, 2, a);
  d->region_name = q_col_text(q, 3, a);
  d->is_four_above = q_col_bool(q, 4);
  d->is_key = q_col_bool(q, 5);
  d->contact_name = q_col_text(q, 6, a);
  d->contact_phone = q_col_text(q, 7, a);
  d->last_visited_at = q_col_is_null(q, 8) ? 0 : q_col_int(q, 8);
  d->n_recent = (int)q_col_int(q, 9);
}

QtCode store_visit_due(Store *st, const Scope *scope, QtTime since,
                       bool only_due, const Page *page, Arena *a,
                       VisitDue **items, int *n_items, QtError *err)
{
  int limit = page_limit(page), i;
  Q q;

  *n_items = 0;
  if (q_open_scoped(st, STMT_VISIT_DUE, scope, &q, err) != QT_OK) {
    if (err->code != QT_ENOTFOUND) return err->code;
    qt_error_clear(err);
    return QT_OK;
  }
  q_int(&q, 6, page ? page->cursor : 0);
  q_int(&q, 7, limit);
  q_int(&q, 8, since);
  q_int(&q, 9, only_due);
  if (read_rows(&q, limit, sizeof(VisitDue), read_visit_due, a,
                (void **)items, n_items) != QT_OK) {
    return err->code;
  }
  for (i = 0; i < *n_items; i++) {
    VisitDue *d = &(*items)[i];
    d->is_due = d->last_visited_at == 0 || d->last_visited_at < since;
  }
  return QT_OK;
}
