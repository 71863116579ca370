/*
 * store_registry.c — regions, industries, departments, enterprises and
 * projects over the statement API of db.h.
 *
 * Each entity has one row reader matching its *_COLS text, so a column
 * added to the SELECT is added in one place here.
 */
#include <string.h>

#include "db.h"

/* ---- regions and industries ----------------------------------------- */

static void read_region(Q *q, Arena *a, void *item)
{
  Region *r = item;

  r->code = q_col_text(q, 0, a);
  r->name = q_col_text(q, 1, a);
  r->parent_code = q_col_text(q, 2, a);
  r->level = q_col_text(q, 3, a);
}

QtCode store_region_list(Store *st, const char *parent, Arena *a,
                         Region **items, int *n_items, QtError *err)
{
  Q q;

  if (q_open(st, parent ? STMT_REGION_LIST_CHILDREN : STMT_REGION_LIST_ALL,
             &q, err) != QT_OK) {
    return err->code;
  }
  if (parent) q_text(&q, 1, *parent ? parent : NULL);
  /* Shandong has 153 regions; towns may add a few thousand. */
  return read_rows(&q, 100000, sizeof(Region), read_region, a,
                   (void **)items, n_items);
}

QtCode store_region_get(Store *st, const char *code, Arena *a, Region *out,
                        QtError *err)
{
  Q q;

  if (q_open(st, STMT_REGION_GET, &q, err) != QT_OK) return err->code;
  q_text(&q, 1, code);
  return read_one(&q, read_region, a, out, "region");
}

static void read_industry(Q *q, Arena *a, void *item)
{
  Industry *r = item;

  r->code = q_col_text(q, 0, a);
  r->name = q_col_text(q, 1, a);
  r->parent_code = q_col_text(q, 2, a);
  r->level = q_col_text(q, 3, a);
}

QtCode store_industry_list(Store *st, Arena *a, Industry **items,
                           int *n_items, QtError *err)
{
  Q q;

  if (q_open(st, STMT_INDUSTRY_LIST, &q, err) != QT_OK) return err->code;
  return read_rows(&q, 1000, sizeof(Industry), read_industry, a,
                   (void **)items, n_items);
}

/* ---- departments ------------------------------------------------------ */

static void read_department(Q *q, Arena *a, void *item)
{
  Department *d = item;

  d->id = q_col_int(q, 0);
  d->name = q_col_text(q, 1, a);
  d->kind = q_col_text(q, 2, a);
  d->region_code = q_col_text(q, 3, a);
  d->parent_id = q_col_int(q, 4);
  d->path = q_col_text(q, 5, a);
  d->is_disabled = q_col_bool(q, 6);
  d->created_at = q_col_int(q, 7);
  d->updated_at = q_col_int(q, 8);
}

QtCode store_department_get(Store *st, int64_t id, Arena *a,
                            Department *out, QtError *err)
{
  Q q;

  if (q_open(st, STMT_DEPARTMENT_GET, &q, err) != QT_OK) return err->code;
  q_int(&q, 1, id);
  return read_one(&q, read_department, a, out, "department");
}

QtCode store_department_list(Store *st, const DepartmentFilter *f,
                             const Page *page, Arena *a, Department **items,
                             int *n_items, QtError *err)
{
  int limit = page_limit(page);
  Q q;

  if (q_open(st, STMT_DEPARTMENT_LIST, &q, err) != QT_OK) return err->code;
  q_int(&q, 1, page ? page->cursor : 0);
  q_int(&q, 2, limit);
  if (bind_region_filter(&q, 3, f->region, err) != QT_OK) {
    q_close(&q);
    return err->code;
  }
  q_id(&q, 5, f->parent_id);
  q_text(&q, 6, f->q);
  q_int(&q, 7, f->with_disabled);
  return read_rows(&q, limit, sizeof(Department), read_department, a,
                   (void **)items, n_items);
}

QtCode store_department_create(Store *st, Department *d, Arena *a,
                               QtError *err)
{
  QtTime now = qt_now();
  QtCode rc;
  Q q;

  if (q_open(st, STMT_DEPARTMENT_INSERT, &q, err) != QT_OK) return err->code;
  q_text(&q, 1, d->name);
  q_text(&q, 2, d->kind);
  q_text(&q, 3, d->region_code);
  q_id(&q, 4, d->parent_id);
  q_int(&q, 5, d->is_disabled);
  q_int(&q, 6, now);
  if (q_insert(&q, &d->id) != QT_OK) return err->code;
  d->created_at = d->updated_at = now;
  if (q_open(st, STMT_DEPARTMENT_SET_PATH, &q, err) != QT_OK) return err->code;
  q_int(&q, 1, d->id);
  rc = q_step(&q) == 1 ? QT_OK : err->code;
  if (rc == QT_OK) d->path = q_col_text(&q, 0, a);
  q_close(&q);
  return rc;
}

QtCode store_department_update(Store *st, Department *d, QtError *err)
{
  Q q;

  if (q_open(st, STMT_DEPARTMENT_UPDATE, &q, err) != QT_OK) return err->code;
  q_int(&q, 1, d->id);
  q_text(&q, 2, d->name);
  q_text(&q, 3, d->kind);
  q_text(&q, 4, d->region_code);
  q_int(&q, 5, d->is_disabled);
  d->updated_at = qt_now();
  q_int(&q, 6, d->updated_at);
  return updated_one(&q, "department");
}

/* ---- enterprises ------------------------------------------------------ */

static void read_enterprise(Q *q, Arena *a, void *item)
{
  Enterprise *e = item;

  e->id = q_col_int(q, 0);
  e->credit_code = q_col_text(q, 1, a);
  e->code_exception = q_col_text(q, 2, a);
  e->name = q_col_text(q, 3, a);
  e->region_code = q_col_text(q, 4, a);
  e->region_name = q_col_text(q, 5, a);
  e->industry_code = q_col_text(q, 6, a);
  e->scale = q_col_text(q, 7, a);
  e->is_four_above = q_col_bool(q, 8);
  e->is_key = q_col_bool(q, 9);
  e->is_foreign_invested = q_col_bool(q, 10);
  e->is_foreign_trade = q_col_bool(q, 11);
  e->employees = q_col_is_null(q, 12) ? -1 : q_col_int(q, 12);
  e->address = q_col_text(q, 13, a);
  e->contact_name = q_col_text(q, 14, a);
  e->contact_phone = q_col_text(q, 15, a);
  e->is_disabled = q_col_bool(q, 16);
  e->created_at = q_col_int(q, 17);
  e->updated_at = q_col_int(q, 18);
}

QtCode store_enterprise_get(Store *st, const Scope *scope, int64_t id,
                            Arena *a, Enterprise *out, QtError *err)
{
  Q q;

  if (q_open_scoped(st, STMT_ENTERPRISE_GET, scope, &q, err) != QT_OK) {
    return err->code;
  }
  q_int(&q, 6, id);
  return read_one(&q, read_enterprise, a, out, "enterprise");
}

/* -1 means "any": bind NULL so the filter drops out. */
static void bind_tristate(Q *q, int idx, int v)
{
  if (v < 0) {
    q_null(q, idx);
  } else {
    q_int(q, idx, v);
  }
}

QtCode store_enterprise_list(Store *st, const Scope *scope,
                             const EnterpriseFilter *f, const Page *page,
                             Arena *a, Enterprise **items, int *n_items,
                             QtError *err)
{
  int limit = page_limit(page);
  Q q;

  *n_items = 0;
  if (q_open_scoped(st, STMT_ENTERPRISE_LIST, scope, &q, err) != QT_OK) {
    return err->code == QT_ENOTFOUND ? QT_OK : err->code;
  }
  q_int(&q, 6, page ? page->cursor : 0);
  q_int(&q, 7, limit);
  if (bind_region_filter(&q, 8, f->region, err) != QT_OK) {
    q_close(&q);
    return err->code;
  }
  q_text(&q, 10, f->industry);
  q_text(&q, 11, f->scale);
  bind_tristate(&q, 12, f->four_above);
  bind_tristate(&q, 13, f->is_key);
  q_text(&q, 14, f->q);
  q_int(&q, 15, f->with_disabled);
  if (f->served == SERVED_ANY) {
    q_null(&q, 16);
  } else {
    q_int(&q, 16, f->served == SERVED_YES);
  }
  return read_rows(&q, limit, sizeof(Enterprise), read_enterprise, a,
                   (void **)items, n_items);
}

/* Bind the writable columns of E from parameter FIRST on, in the order
 * of the INSERT and UPDATE texts.  Both run the statement at once, while
 * E's strings still stand: an import binds a million of them. */
static void bind_enterprise(Q *q, int first, const Enterprise *e)
{
  q_text_static(q, first, e->credit_code);
  q_text_static(q, first + 1, e->code_exception);
  q_text_static(q, first + 2, e->name);
  q_text_static(q, first + 3, e->region_code);
  q_text_static(q, first + 4, e->industry_code);
  q_text_static(q, first + 5, e->scale);
  q_int(q, first + 6, e->is_four_above);
  q_int(q, first + 7, e->is_key);
  q_int(q, first + 8, e->is_foreign_invested);
  q_int(q, first + 9, e->is_foreign_trade);
  if (e->employees < 0) {
    q_null(q, first + 10);
  } else {
    q_int(q, first + 10, e->employees);
  }
  q_text_static(q, first + 11, e->address);
  q_text_static(q, first + 12, e->contact_name);
  q_text_static(q, first + 13, e->contact_phone);
  q_int(q, first + 14, e->is_disabled);
}

static QtCode duplicate_code(QtError *err)
{
  if (err->code != QT_ECONFLICT) return err->code;
  qt_field(err, "credit_code", "is already registered");
  return qt_fail(err, QT_ECONFLICT,
                 "An enterprise with this credit code is already "
                 "registered.");
}

QtCode store_enterprise_create(Store *st, Enterprise *e, QtError *err)
{
  QtTime now = qt_now();
  Q q;

  if (q_open(st, STMT_ENTERPRISE_INSERT, &q, err) != QT_OK) return err->code;
  bind_enterprise(&q, 1, e);
  q_int(&q, 16, now);
  if (q_insert(&q, &e->id) != QT_OK) return duplicate_code(err);
  e->created_at = e->updated_at = now;
  return QT_OK;
}

QtCode store_enterprise_create_many(Store *st, Enterprise *items,
                                    int *n_written, QtError *err)
{
  QtTime now = qt_now();
  int64_t ids[STORE_ENTERPRISE_MANY];
  QtCode rc;
  Q q;
  int i;

  *n_written = 0;
  if (q_open(st, STMT_ENTERPRISE_INSERT_MANY, &q, err) != QT_OK) {
    return err->code;
  }
  q_int(&q, 1, now);
  for (i = 0; i < STORE_ENTERPRISE_MANY; i++) {
    bind_enterprise(&q, 2 + 15 * i, &items[i]);
  }
  rc = q_insert_many(&q, ids, STORE_ENTERPRISE_MANY, n_written);
  for (i = 0; i < *n_written; i++) {
    items[i].id = ids[i];
    items[i].created_at = items[i].updated_at = now;
  }
  return rc == QT_OK ? QT_OK : duplicate_code(err);
}

QtCode store_enterprise_update(Store *st, const Scope *scope, Enterprise *e,
                               QtError *err)
{
  Q q;

  if (q_open_scoped(st, STMT_ENTERPRISE_UPDATE, scope, &q, err) != QT_OK) {
    return err->code;
  }
  q_int(&q, 6, e->id);
  bind_enterprise(&q, 7, e);
  e->updated_at = qt_now();
  q_int(&q, 22, e->updated_at);
  if (updated_one(&q, "enterprise") != QT_OK) return duplicate_code(err);
  return QT_OK;
}

/* ---- projects --------------------------------------------------------- */

static void read_project(Q *q, Arena *a, void *item)
{
  Project *p = item;

  p->id = q_col_int(q, 0);
  p->name = q_col_text(q, 1, a);
  p->enterprise_id = q_col_int(q, 2);
  p->enterprise_name = q_col_text(q, 3, a);
  p->region_code = q_col_text(q, 4, a);
  p->total_investment = q_col_int(q, 5);
  p->annual_investment = q_col_int(q, 6);
  p->stage = q_col_text(q, 7, a);
  p->planned_start = q_col_text(q, 8, a);
  p->planned_end = q_col_text(q, 9, a);
  p->actual_start = q_col_text(q, 10, a);
  p->actual_end = q_col_text(q, 11, a);
  p->is_disabled = q_col_bool(q, 12);
  p->created_at = q_col_int(q, 13);
  p->updated_at = q_col_int(q, 14);
}

QtCode store_project_get(Store *st, const Scope *scope, int64_t id,
                         Arena *a, Project *out, QtError *err)
{
  Q q;

  if (q_open_scoped(st, STMT_PROJECT_GET, scope, &q, err) != QT_OK) {
    return err->code;
  }
  q_int(&q, 6, id);
  return read_one(&q, read_project, a, out, "project");
}

QtCode store_project_list(Store *st, const Scope *scope,
                          const ProjectFilter *f, const Page *page, Arena *a,
                          Project **items, int *n_items, QtError *err)
{
  int limit = page_limit(page);
  Q q;

  *n_items = 0;
  if (q_open_scoped(st, STMT_PROJECT_LIST, scope, &q, err) != QT_OK) {
    return err->code == QT_ENOTFOUND ? QT_OK : err->code;
  }
  q_int(&q, 6, page ? page->cursor : 0);
  q_int(&q, 7, limit);
  if (bind_region_filter(&q, 8, f->region, err) != QT_OK) {
    q_close(&q);
    return err->code;
  }
  q_text(&q, 10, f->stage);
  q_id(&q, 11, f->enterprise_id);
  q_text(&q, 12, f->q);
  q_int(&q, 13, f->with_disabled);
  return read_rows(&q, limit, sizeof(Project), read_project, a,
                   (void **)items, n_items);
}

static void bind_project(Q *q, int first, const Project *p)
{
  q_text(q, first, p->name);
  q_int(q, first + 1, p->enterprise_id);
  q_text(q, first + 2, p->region_code);
  q_int(q, first + 3, p->total_investment);
  q_int(q, first + 4, p->annual_investment);
  q_text(q, first + 5, p->stage);
  q_text(q, first + 6, p->planned_start);
  q_text(q, first + 7, p->planned_end);
  q_text(q, first + 8, p->actual_start);
  q_text(q, first + 9, p->actual_end);
  q_int(q, first + 10, p->is_disabled);
}

QtCode store_project_create(Store *st, Project *p, QtError *err)
{
  QtTime now = qt_now();
  Q q;

  if (q_open(st, STMT_PROJECT_INSERT, &q, err) != QT_OK) return err->code;
  bind_project(&q, 1, p);
  q_int(&q, 12, now);
  if (q_insert(&q, &p->id) != QT_OK) return err->code;
  p->created_at = p->updated_at = now;
  return QT_OK;
}

QtCode store_project_update(Store *st, const Scope *scope, Project *p,
                            QtError *err)
{
  Q q;

  if (q_open_scoped(st, STMT_PROJECT_UPDATE, scope, &q, err) != QT_OK) {
    return err->code;
  }
  q_int(&q, 6, p->id);
  bind_project(&q, 7, p);
  p->updated_at = qt_now();
  q_int(&q, 18, p->updated_at);
  return updated_one(&q, "project");
}
