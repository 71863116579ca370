/*
 * h_projects.c — key projects (重点项目): list, read, register, update.
 *
 * Reads are scoped by the store, through the project's region and its
 * owner enterprise.  Admins and dispatchers register and update; a
 * dispatcher only within its region, and only for an owner enterprise it
 * can see.  Investment is in 万元 (10,000 yuan), dates are plain dates in
 * China Standard Time.
 */
#include <string.h>

#include "handlers.h"
#include "views.h"

/* 10^9 万元 is ten trillion yuan: above any real project, below overflow. */
#define MAX_INVESTMENT INT64_C(1000000000)

static const char *const stages[] = {"negotiating", "signed", "started",
                                     "completed", "producing", NULL};

static bool is_stage(const char *s)
{
  int i;

  for (i = 0; stages[i]; i++) {
    if (strcmp(stages[i], s) == 0) return true;
  }
  return false;
}

/* Read the writable fields from IN over P (defaults are P's values). */
static void read_fields(JsonIn *in, Project *p, unsigned req)
{
  p->name = jin_str(in, "name", req | J_LINE, 200, p->name);
  p->enterprise_id = jin_int(in, "enterprise_id", req, 1, INT64_MAX,
                             p->enterprise_id);
  p->region_code = jin_str(in, "region_code", J_LINE, 12, p->region_code);
  p->total_investment = jin_int(in, "total_investment", 0, 0,
                                MAX_INVESTMENT, p->total_investment);
  p->annual_investment = jin_int(in, "annual_investment", 0, 0,
                                 MAX_INVESTMENT, p->annual_investment);
  p->stage = jin_enum(in, "stage", 0, stages, p->stage);
  p->planned_start = jin_date(in, "planned_start", J_NULLABLE,
                              p->planned_start);
  p->planned_end = jin_date(in, "planned_end", J_NULLABLE, p->planned_end);
  p->actual_start = jin_date(in, "actual_start", J_NULLABLE,
                             p->actual_start);
  p->actual_end = jin_date(in, "actual_end", J_NULLABLE, p->actual_end);
  p->is_disabled = jin_bool(in, "disabled", 0, p->is_disabled);
}

/* Dates "YYYY-MM-DD" compare as text. */
static bool ends_before(const char *start, const char *end)
{
  return start && end && strcmp(end, start) < 0;
}

/* Rules over the whole record, checked after the fields parsed.  A
 * project without a region takes its owner's. */
static void check_rules(Req *req, JsonIn *in, Project *p)
{
  QtError lookup;
  Enterprise e;
  Region r;

  if (p->enterprise_id) {
    qt_error_clear(&lookup);
    /* Scoped: an enterprise the actor cannot see reads as unknown, so
     * the answer does not reveal that it exists. */
    if (store_enterprise_get(req->store, &req->actor.scope, p->enterprise_id,
                             req->arena, &e, &lookup) != QT_OK) {
      jin_invalid(in, "enterprise_id", "is not a known enterprise");
    } else if (!p->region_code) {
      p->region_code = e.region_code;
    }
  }
  if (p->region_code) {
    qt_error_clear(&lookup);
    if (store_region_get(req->store, p->region_code, req->arena, &r,
                         &lookup) != QT_OK) {
      jin_invalid(in, "region_code", "is not a known region code");
    } else if (!scope_has_region(&req->actor.scope, p->region_code)) {
      jin_invalid(in, "region_code", "is outside your region");
    }
  }
  if (p->total_investment > 0 &&
      p->annual_investment > p->total_investment) {
    jin_invalid(in, "annual_investment",
                "must not exceed total_investment");
  }
  if (ends_before(p->planned_start, p->planned_end)) {
    jin_invalid(in, "planned_end", "must not be before planned_start");
  }
  if (ends_before(p->actual_start, p->actual_end)) {
    jin_invalid(in, "actual_end", "must not be before actual_start");
  }
}

QtCode h_projects_list(Req *req, Resp *resp, QtError *err)
{
  ProjectFilter f;
  Page page;
  Project *items;
  int64_t v;
  int n, i;
  bool b;
  json_t *arr;

  memset(&f, 0, sizeof f);
  if (req_page(req, &page, err) != QT_OK) return err->code;
  f.region = req_query(req, "region");
  f.stage = req_query(req, "stage");
  f.q = req_query(req, "q");
  if (f.stage && !is_stage(f.stage)) {
    qt_field(err, "stage", "must be one of negotiating, signed, started, "
                           "completed, producing");
    return qt_fail(err, QT_EBADREQ, "The query argument 'stage' is "
                                    "invalid.");
  }
  if (req_query_int(req, "enterprise_id", 1, INT64_MAX, 0, &v, err) !=
      QT_OK) {
    return err->code;
  }
  f.enterprise_id = v;
  if (req_query_bool(req, "disabled", false, &b, err) != QT_OK) {
    return err->code;
  }
  f.with_disabled = b;
  if (store_project_list(req->store, &req->actor.scope, &f, &page,
                         req->arena, &items, &n, err) != QT_OK) {
    /* A malformed region filter is the client's query, not a rule. */
    return err->code == QT_EINVALID ? QT_EBADREQ : err->code;
  }
  arr = json_array();
  for (i = 0; i < n; i++) {
    json_array_append_new(arr, json_project(&items[i]));
  }
  return resp_list(req, resp, arr, n, page.limit, n ? items[n - 1].id : 0);
}

QtCode h_projects_get(Req *req, Resp *resp, QtError *err)
{
  Project p;
  int64_t id;

  if (req_path_id(req, "id", &id, err) != QT_OK) return err->code;
  if (store_project_get(req->store, &req->actor.scope, id, req->arena, &p,
                        err) != QT_OK) {
    return err->code;
  }
  return resp_json(req, resp, 200, json_project(&p));
}

QtCode h_projects_create(Req *req, Resp *resp, QtError *err)
{
  Project p;
  JsonIn in;
  QtCode rc;

  memset(&p, 0, sizeof p);
  p.stage = "negotiating";
  if (jin_begin(req, &in, err) != QT_OK) return err->code;
  read_fields(&in, &p, J_REQUIRED);
  check_rules(req, &in, &p);
  rc = jin_end(&in);
  if (rc != QT_OK) return rc;
  rc = store_begin(req->store, err);
  if (rc == QT_OK) rc = store_project_create(req->store, &p, err);
  if (rc == QT_OK) {
    /* Read it back for the columns the store derives (owner's name). */
    rc = store_project_get(req->store, &req->actor.scope, p.id, req->arena,
                           &p, err);
  }
  if (rc == QT_OK) {
    rc = req_audit(req, "project.create", "project", p.id, json_project(&p),
                   err);
  }
  rc = store_end(req->store, rc, err);
  if (rc != QT_OK) return rc;
  return resp_json(req, resp, 201, json_project(&p));
}

QtCode h_projects_update(Req *req, Resp *resp, QtError *err)
{
  Project p;
  JsonIn in;
  int64_t id, owner = 0;
  QtCode rc;

  if (req_path_id(req, "id", &id, err) != QT_OK) return err->code;
  if (jin_begin(req, &in, err) != QT_OK) return err->code;
  rc = store_begin(req->store, err);
  if (rc == QT_OK) {
    rc = store_project_get(req->store, &req->actor.scope, id, req->arena, &p,
                           err);
  }
  if (rc == QT_OK) {
    owner = p.enterprise_id;
    read_fields(&in, &p, 0);
    check_rules(req, &in, &p);
    rc = jin_end(&in);
  } else {
    json_decref(in.obj); /* the record is gone: its fields do not matter */
  }
  if (rc == QT_OK) {
    rc = store_project_update(req->store, &req->actor.scope, &p, err);
  }
  if (rc == QT_OK && p.enterprise_id != owner) {
    /* The owner's name shown with the project changed with it. */
    rc = store_project_get(req->store, &req->actor.scope, p.id, req->arena,
                           &p, err);
  }
  if (rc == QT_OK) {
    rc = req_audit(req, "project.update", "project", p.id, json_project(&p),
                   err);
  }
  rc = store_end(req->store, rc, err);
  if (rc != QT_OK) return rc;
  return resp_json(req, resp, 200, json_project(&p));
}
