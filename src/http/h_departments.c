/*
 * h_departments.c — the department tree: list, read, create, update.
 *
 * Departments are reference data: every signed-in role reads all of them
 * (a demand names its departments to whoever may see the demand), and only
 * an admin creates or changes one.  A department hangs under a parent in
 * the same region or above it, and its place in the tree (its path) is
 * fixed at creation, because the scopes of its staff are ranges over
 * paths: moving it would silently move everyone's scope.
 */
#include <string.h>

#include "handlers.h"
#include "views.h"

static const char *const kinds[] = {"service_office", "supervision",
                                    "bureau",         "town",
                                    "other",          NULL};

/* Read the writable fields from IN over D (defaults are D's values). */
static void read_fields(JsonIn *in, Department *d, unsigned req)
{
  d->name = jin_str(in, "name", req | J_LINE, 100, d->name);
  d->kind = jin_enum(in, "kind", req, kinds, d->kind);
  d->region_code = jin_str(in, "region_code", req | J_LINE, 12,
                           d->region_code);
  d->is_disabled = jin_bool(in, "disabled", 0, d->is_disabled);
}

/* Rules over the whole record, checked after the fields parsed.  PARENT
 * is D's parent, or NULL at the top of a tree. */
static void check_rules(Req *req, JsonIn *in, const Department *d,
                        const Department *parent)
{
  QtError lookup;
  Region r;
  char lo[16], hi[16];

  if (!d->region_code) return;
  qt_error_clear(&lookup);
  if (store_region_get(req->store, d->region_code, req->arena, &r,
                       &lookup) != QT_OK) {
    jin_invalid(in, "region_code", "is not a known region code");
    return;
  }
  if (!parent) return;
  qt_error_clear(&lookup);
  if (scope_region_range(parent->region_code, lo, hi, &lookup) == QT_OK &&
      (strcmp(d->region_code, lo) < 0 || strcmp(d->region_code, hi) >= 0)) {
    jin_invalid(in, "region_code",
                "must be the parent department's region or one below it");
  }
}

QtCode h_departments_list(Req *req, Resp *resp, QtError *err)
{
  DepartmentFilter f;
  Page page;
  Department *items;
  int64_t v;
  int n, i;
  bool b;
  json_t *arr;

  memset(&f, 0, sizeof f);
  if (req_page(req, &page, err) != QT_OK) return err->code;
  f.region = req_query(req, "region");
  f.q = req_query(req, "q");
  if (req_query_int(req, "parent_id", 1, INT64_MAX, 0, &v, err) != QT_OK) {
    return err->code;
  }
  f.parent_id = v;
  if (req_query_bool(req, "disabled", false, &b, err) != QT_OK) {
    return err->code;
  }
  f.with_disabled = b;
  if (store_department_list(req->store, &f, &page, req->arena, &items, &n,
                            err) != QT_OK) {
    /* A malformed region filter is the client's query, not a rule. */
    return err->code == QT_EINVALID ? QT_EBADREQ : err->code;
  }
  arr = json_array();
  for (i = 0; i < n; i++) {
    json_array_append_new(arr, json_department(&items[i]));
  }
  return resp_list(req, resp, arr, n, page.limit, n ? items[n - 1].id : 0);
}

QtCode h_departments_get(Req *req, Resp *resp, QtError *err)
{
  Department d;
  int64_t id;

  if (req_path_id(req, "id", &id, err) != QT_OK) return err->code;
  if (store_department_get(req->store, id, req->arena, &d, err) != QT_OK) {
    return err->code;
  }
  return resp_json(req, resp, 200, json_department(&d));
}

QtCode h_departments_create(Req *req, Resp *resp, QtError *err)
{
  Department d, parent;
  const Department *parent_p = NULL;
  QtError lookup;
  JsonIn in;
  QtCode rc;

  memset(&d, 0, sizeof d);
  if (jin_begin(req, &in, err) != QT_OK) return err->code;
  read_fields(&in, &d, J_REQUIRED);
  d.parent_id = jin_int(&in, "parent_id", J_NULLABLE, 1, INT64_MAX, 0);
  if (d.parent_id) {
    qt_error_clear(&lookup);
    if (store_department_get(req->store, d.parent_id, req->arena, &parent,
                             &lookup) != QT_OK) {
      if (lookup.code != QT_ENOTFOUND) {
        json_decref(in.obj);
        *err = lookup;
        return lookup.code;
      }
      jin_invalid(&in, "parent_id", "is not a known department");
    } else if (parent.is_disabled) {
      jin_invalid(&in, "parent_id", "is a disabled department");
    } else {
      parent_p = &parent;
    }
  }
  check_rules(req, &in, &d, parent_p);
  rc = jin_end(&in);
  if (rc != QT_OK) return rc;
  rc = store_begin(req->store, err);
  if (rc == QT_OK) {
    rc = store_department_create(req->store, &d, req->arena, err);
  }
  if (rc == QT_OK) {
    rc = req_audit(req, "department.create", "department", d.id,
                   json_department(&d), err);
  }
  rc = store_end(req->store, rc, err);
  if (rc != QT_OK) return rc;
  return resp_json(req, resp, 201, json_department(&d));
}

QtCode h_departments_update(Req *req, Resp *resp, QtError *err)
{
  Department d, parent;
  const Department *parent_p = NULL;
  JsonIn in;
  int64_t id, parent_id;
  QtCode rc;

  if (req_path_id(req, "id", &id, err) != QT_OK) return err->code;
  if (jin_begin(req, &in, err) != QT_OK) return err->code;
  rc = store_begin(req->store, err);
  if (rc == QT_OK) {
    rc = store_department_get(req->store, id, req->arena, &d, err);
  }
  if (rc == QT_OK && d.parent_id) {
    rc = store_department_get(req->store, d.parent_id, req->arena, &parent,
                              err);
    parent_p = &parent;
  }
  if (rc == QT_OK) {
    read_fields(&in, &d, 0);
    if (jin_has(&in, "parent_id")) {
      parent_id = jin_int(&in, "parent_id", J_NULLABLE, 1, INT64_MAX, 0);
      if (parent_id != d.parent_id) {
        jin_invalid(&in, "parent_id",
                    "cannot be changed: the tree path decides staff "
                    "scopes; create a new department instead");
      }
    }
    check_rules(req, &in, &d, parent_p);
    rc = jin_end(&in);
  } else {
    json_decref(in.obj); /* the record is gone: its fields do not matter */
  }
  if (rc == QT_OK) rc = store_department_update(req->store, &d, err);
  if (rc == QT_OK) {
    rc = req_audit(req, "department.update", "department", d.id,
                   json_department(&d), err);
  }
  rc = store_end(req->store, rc, err);
  if (rc != QT_OK) return rc;
  return resp_json(req, resp, 200, json_department(&d));
}
