/*
 * h_visits.c — visits (走访): a commissioner records one to an enterprise
 * paired with it; the visit log, read in the visit scope (a commissioner
 * its own visits, region staff their region's, an enterprise the visits
 * to it); one visit with the demands raised on it; and which of a
 * commissioner's enterprises are due a visit.
 *
 * The due list serves the pairing rule of visit frequency, 无事不扰: an
 * enterprise should be neither forgotten nor disturbed without cause, so
 * each item says when it was last visited (by anyone) and how often in
 * the window, not only whether it is due.  Demands raised on a visit are
 * linked by POST /demands with visit_id (h_demands.c, workflow.c).
 */
#include <string.h>

#include "handlers.h"
#include "views.h"

static const char *const modes[] = {"on_site", "phone", "video", NULL};

enum {
  DAY_SECONDS = 86400,
  VISIT_NOTES_MAX = 2000,       /* as the table's CHECK allows */
  VISIT_FUTURE_SLACK = 10 * 60, /* phones' clocks run a little ahead */
  VISIT_BACKDATE_DAYS = 90,     /* how late a visit may still be entered */
  DUE_DAYS_DEFAULT = 30,
  DUE_DAYS_MAX = 365
};

/* Rules over the new visit V that need the store: the enterprise is one
 * the commissioner serves, enabled, and a project named is one of its. */
static void check_visit(Req *req, JsonIn *in, Visit *v)
{
  QtError lookup;
  Enterprise e;
  Project p;

  if (v->enterprise_id) {
    qt_error_clear(&lookup);
    if (store_enterprise_get(req->store, &req->actor.scope, v->enterprise_id,
                             req->arena, &e, &lookup) != QT_OK) {
      jin_invalid(in, "enterprise_id", "is not an enterprise paired with you");
    } else if (e.is_disabled) {
      jin_invalid(in, "enterprise_id", "is a disabled enterprise");
    } else {
      v->region_code = e.region_code;
    }
  }
  if (v->project_id) {
    qt_error_clear(&lookup);
    if (store_project_get(req->store, &req->actor.scope, v->project_id,
                          req->arena, &p, &lookup) != QT_OK ||
        p.enterprise_id != v->enterprise_id) {
      jin_invalid(in, "project_id", "is not a project of this enterprise");
    }
  }
}

QtCode h_visits_create(Req *req, Resp *resp, QtError *err)
{
  Visit v, saved;
  JsonIn in;
  Scope scope;
  QtCode rc;

  memset(&v, 0, sizeof v);
  if (jin_begin(req, &in, err) != QT_OK) return err->code;
  v.user_id = req->actor.user_id;
  v.enterprise_id = jin_int(&in, "enterprise_id", J_REQUIRED, 1, INT64_MAX,
                            0);
  v.project_id = jin_int(&in, "project_id", J_NULLABLE, 1, INT64_MAX, 0);
  v.visited_at = jin_time(&in, "visited_at", 0, req->now);
  v.mode = jin_enum(&in, "mode", 0, modes, "on_site");
  v.notes = jin_str(&in, "notes", J_REQUIRED, VISIT_NOTES_MAX, NULL);
  if (v.visited_at > req->now + VISIT_FUTURE_SLACK) {
    jin_invalid(&in, "visited_at", "must not be in the future");
  } else if (v.visited_at <
             req->now - (QtTime)VISIT_BACKDATE_DAYS * DAY_SECONDS) {
    jin_invalid(&in, "visited_at", "must be within the last 90 days");
  }
  /* The pairing is checked inside the transaction that records the
   * visit, so a pairing ended meanwhile cannot slip through. */
  rc = store_begin(req->store, err);
  if (rc != QT_OK) {
    json_decref(in.obj); /* nothing will read the fields now */
    return rc;
  }
  check_visit(req, &in, &v);
  rc = jin_end(&in);
  if (rc == QT_OK) rc = store_visit_create(req->store, &v, err);
  if (rc == QT_OK) {
    /* Read back in the reader's scope, with the names the log shows. */
    store_visit_scope(&req->actor, &scope);
    rc = store_visit_get(req->store, &scope, v.id, req->arena, &saved, err);
  }
  if (rc == QT_OK) {
    rc = req_audit(req, "visit.create", "visit", saved.id,
                   json_visit(&saved, NULL, 0), err);
  }
  rc = store_end(req->store, rc, err);
  if (rc != QT_OK) return rc;
  return resp_json(req, resp, 201, json_visit(&saved, NULL, 0));
}

QtCode visit_filter_from_query(Req *req, VisitFilter *f, QtError *err)
{
  int64_t v;

  memset(f, 0, sizeof *f);
  if (req_query_int(req, "enterprise", 1, INT64_MAX, 0, &v, err) != QT_OK) {
    return err->code;
  }
  f->enterprise_id = v;
  if (req_query_int(req, "user", 1, INT64_MAX, 0, &v, err) != QT_OK) {
    return err->code;
  }
  f->user_id = v;
  if (req_query_time(req, "from", &f->from, err) != QT_OK ||
      req_query_time(req, "to", &f->to, err) != QT_OK) {
    return err->code;
  }
  return QT_OK;
}

QtCode h_visits_list(Req *req, Resp *resp, QtError *err)
{
  VisitFilter f;
  Visit *items;
  Scope scope;
  int64_t limit;
  char *next;
  json_t *arr;
  int n, i;

  if (req_query_int(req, "limit", 1, STORE_LIST_MAX, STORE_LIST_DEFAULT,
                    &limit, err) != QT_OK ||
      visit_filter_from_query(req, &f, err) != QT_OK) {
    return err->code;
  }
  store_visit_scope(&req->actor, &scope);
  if (store_visit_list(req->store, &scope, &f, req_query(req, "cursor"),
                       (int)limit, req->arena, &items, &n, &next,
                       err) != QT_OK) {
    return err->code;
  }
  arr = json_array();
  for (i = 0; i < n; i++) {
    json_array_append_new(arr, json_visit(&items[i], NULL, 0));
  }
  return resp_json(req, resp, 200,
                   json_pack("{s:o, s:o}", "items", arr, "next_cursor",
                             jstr(next)));
}

QtCode h_visits_get(Req *req, Resp *resp, QtError *err)
{
  Visit v;
  VisitDemand *demands;
  Scope scope;
  int64_t id;
  int n;

  if (req_path_id(req, "id", &id, err) != QT_OK) return err->code;
  store_visit_scope(&req->actor, &scope);
  if (store_visit_get(req->store, &scope, id, req->arena, &v, err) !=
        QT_OK ||
      store_visit_demands(req->store, id, req->arena, &demands, &n, err) !=
        QT_OK) {
    return err->code;
  }
  return resp_json(req, resp, 200, json_visit(&v, demands, n));
}

QtCode h_visits_due(Req *req, Resp *resp, QtError *err)
{
  VisitDue *items;
  Page page;
  int64_t days;
  bool is_all;
  json_t *arr;
  int n, i;

  if (req_page(req, &page, err) != QT_OK ||
      req_query_int(req, "days", 1, DUE_DAYS_MAX, DUE_DAYS_DEFAULT, &days,
                    err) != QT_OK ||
      req_query_bool(req, "all", false, &is_all, err) != QT_OK) {
    return err->code;
  }
  /* The registry's scope: a commissioner's enterprises are those paired
   * with it today, and each one's visits count whoever made them, since
   * it is the enterprise that is visited too seldom or too often. */
  if (store_visit_due(req->store, &req->actor.scope,
                      req->now - days * DAY_SECONDS, !is_all, &page,
                      req->arena, &items, &n, err) != QT_OK) {
    return err->code;
  }
  arr = json_array();
  for (i = 0; i < n; i++) {
    json_array_append_new(arr, json_visit_due(&items[i], req->now));
  }
  return resp_list(req, resp, arr, n, page.limit,
                   n ? items[n - 1].enterprise_id : 0);
}
