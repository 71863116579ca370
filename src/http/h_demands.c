/*
 * h_demands.c — demands (诉求): submit, list, read with the timeline, and
 * the actions of the lifecycle (POST /api/v1/demands/{id}/{action}).
 *
 * The handlers parse and render; src/http/workflow.c changes demands and
 * src/core/demand.c decides what may change.
 */
#include <string.h>

#include "handlers.h"
#include "views.h"
#include "workflow.h"

static const char *const channels[] = {"web", "mobile", "visit", "hotline",
                                       "email", NULL};
static const char *const kinds[] = {"enquiry", "help", "complaint",
                                    "suggestion", NULL};
static const char *const urgencies[] = {"normal", "urgent", "most_urgent",
                                        NULL};

/* A demand answer to write when the body is built: after the commit,
 * on the worker, under group commit (resp_json_render). */
typedef struct DemandBody {
  DemandRecord r;
  const DemandEventRecord *events; /* in the arena; NULL: no timeline */
  int n_events;
} DemandBody;

static void render_demand(Req *req, const void *data, JsonWriter *w)
{
  const DemandBody *b = data;

  jw_demand(w, NULL, &b->r, b->events, b->n_events, req->now);
}

/* R (with its timeline when EVENTS is not NULL) as the body.  R's
 * strings and EVENTS are in the arena already. */
static QtCode resp_demand(Req *req, Resp *resp, int status,
                          const DemandRecord *r,
                          const DemandEventRecord *events, int n_events)
{
  DemandBody *b = arena_alloc(req->arena, sizeof *b);

  b->r = *r;
  b->events = events;
  b->n_events = n_events;
  return resp_json_render(req, resp, status, render_demand, b);
}

/* True when CODE is a category of the dictionary.  One row by its key:
 * the whole list, read for each submission, was a twentieth of the
 * writer thread's time under group commit. */
static bool is_category(Req *req, const char *code)
{
  bool exists = false;
  QtError err;

  qt_error_clear(&err);
  if (store_category_exists(req->store, code, &exists, &err) != QT_OK) {
    return false;
  }
  return exists;
}

QtCode h_demands_create(Req *req, Resp *resp, QtError *err)
{
  SubmitInput in;
  DemandRecord r;
  JsonIn j;
  QtCode rc;

  memset(&in, 0, sizeof in);
  if (jin_begin(req, &j, err) != QT_OK) return err->code;
  /* An enterprise's own people need not say which enterprise. */
  in.enterprise_id = jin_int(&j, "enterprise_id",
                             req->actor.role == ROLE_ENTERPRISE ? 0
                                                                : J_REQUIRED,
                             1, INT64_MAX, req->actor.enterprise_id);
  in.project_id = jin_int(&j, "project_id", J_NULLABLE, 1, INT64_MAX, 0);
  /* A demand raised on a visit (走访) came in through the visit. */
  in.visit_id = jin_int(&j, "visit_id", J_NULLABLE, 1, INT64_MAX, 0);
  in.channel = jin_enum(&j, "channel", 0, channels,
                        in.visit_id ? "visit" : "web");
  in.category = jin_str(&j, "category", J_REQUIRED | J_LINE, 32, NULL);
  in.subcategory = jin_str(&j, "subcategory", J_NULLABLE | J_LINE, 50, NULL);
  in.kind = jin_enum(&j, "kind", 0, kinds, "help");
  in.urgency = jin_enum(&j, "urgency", 0, urgencies, "normal");
  in.title = jin_str(&j, "title", J_REQUIRED | J_LINE, 100, NULL);
  in.content = jin_str(&j, "content", J_REQUIRED, 5000, NULL);
  if (in.category && !is_category(req, in.category)) {
    jin_invalid(&j, "category", "is not a demand category");
  }
  if (in.visit_id && in.channel && strcmp(in.channel, "visit") != 0) {
    jin_invalid(&j, "channel", "must be visit for a demand raised on a visit");
  }
  if (in.channel && strcmp(in.channel, "hotline") == 0 &&
      req->actor.role == ROLE_ENTERPRISE) {
    jin_invalid(&j, "channel", "hotline demands are entered by the office");
  }
  rc = jin_end(&j);
  if (rc != QT_OK) return rc;
  rc = workflow_submit(req->store, &req->actor, &in, req->now, req->arena,
                       &r, err);
  if (rc != QT_OK) return rc;
  return resp_demand(req, resp, 201, &r, NULL, 0);
}

/* "open" and "done" name sets of statuses; otherwise a comma list. */
static QtCode status_filter(Req *req, const char *v, const char **out,
                            QtError *err)
{
  Buf b;
  const char *p = v;
  DemandStatus s;

  *out = NULL;
  if (!v) return QT_OK;
  if (strcmp(v, "open") == 0) {
    *out = ",submitted,assigned,accepted,answered,resolved,";
    return QT_OK;
  }
  if (strcmp(v, "done") == 0) {
    *out = ",closed,withdrawn,merged,";
    return QT_OK;
  }
  buf_init(&b);
  buf_puts(&b, ",");
  while (*p) {
    size_t n = strcspn(p, ",");
    char *one = arena_strndup(req->arena, p, n);
    if (demand_status_parse(one, &s, err) != QT_OK) {
      buf_reset(&b);
      qt_error_clear(err);
      qt_field(err, "status", "must be open, done or statuses separated "
                              "by commas");
      return qt_fail(err, QT_EBADREQ, "The status filter is invalid.");
    }
    buf_printf(&b, "%s,", one);
    p += n;
    if (*p == ',') p++;
  }
  *out = arena_strdup(req->arena, buf_str(&b));
  buf_reset(&b);
  return QT_OK;
}

QtCode demand_filter_from_query(Req *req, DemandFilter *f, QtError *err)
{
  static const char *const overdue[] = {"any", "assign", "answer",
                                        "resolve"};
  const char *sort, *extension;
  int64_t v;
  size_t i;

  memset(f, 0, sizeof *f);
  f->now = req->now;
  if (status_filter(req, req_query(req, "status"), &f->statuses, err) !=
        QT_OK ||
      req_query_time(req, "from", &f->from, err) != QT_OK ||
      req_query_time(req, "to", &f->to, err) != QT_OK) {
    return err->code;
  }
  f->category = req_query(req, "category");
  f->region = req_query(req, "region");
  f->q = req_query(req, "q");
  if (f->q && !*f->q) f->q = NULL;
  if (req_query_int(req, "department", 1, INT64_MAX, 0, &v, err) != QT_OK) {
    return err->code;
  }
  f->department_id = v;
  if (req_query_int(req, "enterprise", 1, INT64_MAX, 0, &v, err) != QT_OK) {
    return err->code;
  }
  f->enterprise_id = v;
  if (req_query_int(req, "commissioner", 1, INT64_MAX, 0, &v, err) != QT_OK) {
    return err->code;
  }
  f->commissioner_id = v;
  f->overdue = req_query(req, "overdue");
  if (f->overdue) {
    for (i = 0; i < 4 && strcmp(f->overdue, overdue[i]) != 0; i++) {
    }
    if (i == 4) {
      qt_field(err, "overdue", "must be any, assign, answer or resolve");
      return qt_fail(err, QT_EBADREQ, "The overdue filter is invalid.");
    }
  }
  extension = req_query(req, "extension");
  if (extension && strcmp(extension, "pending") != 0) {
    qt_field(err, "extension", "must be pending");
    return qt_fail(err, QT_EBADREQ, "The extension filter is invalid.");
  }
  f->is_extension_pending = extension != NULL;
  if (req_query_bool(req, "region_exact", false, &f->is_region_exact,
                     err) != QT_OK) {
    return err->code;
  }
  if (f->is_region_exact && !f->region) {
    qt_field(err, "region_exact", "needs a region");
    return qt_fail(err, QT_EBADREQ, "region_exact needs a region.");
  }
  sort = req_query(req, "sort");
  if (sort && strcmp(sort, "due") == 0) {
    f->sort = DEMAND_SORT_DUE;
  } else if (sort && strcmp(sort, "newest") != 0) {
    qt_field(err, "sort", "must be newest or due");
    return qt_fail(err, QT_EBADREQ, "The sort is invalid.");
  }
  return QT_OK;
}

QtCode h_demands_list(Req *req, Resp *resp, QtError *err)
{
  DemandFilter f;
  DemandRecord *items;
  Scope scope;
  int64_t limit, total = 0;
  bool want_total;
  char *next_cursor;
  JsonWriter w;
  int n, k;

  if (demand_filter_from_query(req, &f, err) != QT_OK ||
      req_query_int(req, "limit", 1, STORE_LIST_MAX, STORE_LIST_DEFAULT,
                    &limit, err) != QT_OK ||
      req_query_bool(req, "count", false, &want_total, err) != QT_OK) {
    return err->code;
  }
  store_demand_scope(&req->actor, &scope);
  if (store_demand_list(req->store, &scope, &f, req_query(req, "cursor"),
                        (int)limit, req->arena, &items, &n, &next_cursor,
                        err) != QT_OK ||
      (want_total &&
       store_demand_count(req->store, &scope, &f, &total, err) != QT_OK)) {
    return err->code == QT_EINVALID ? QT_EBADREQ : err->code;
  }
  jw_init(&w);
  jw_object_begin(&w, NULL);
  jw_array_begin(&w, "items");
  for (k = 0; k < n; k++) {
    jw_demand(&w, NULL, &items[k], NULL, 0, req->now);
  }
  jw_array_end(&w);
  jw_str(&w, "next_cursor", next_cursor);
  if (want_total) jw_int(&w, "total", total);
  jw_object_end(&w);
  return resp_jw(req, resp, 200, &w);
}

QtCode h_demands_get(Req *req, Resp *resp, QtError *err)
{
  DemandRecord r;
  DemandEventRecord *events;
  Scope scope;
  int64_t id;
  int n;

  if (req_path_id(req, "id", &id, err) != QT_OK) return err->code;
  store_demand_scope(&req->actor, &scope);
  if (store_demand_get(req->store, &scope, id, req->arena, &r, err) !=
        QT_OK ||
      store_demand_events(req->store, id, req->arena, &events, &n, err) !=
        QT_OK) {
    return err->code;
  }
  return resp_demand(req, resp, 200, &r, events, n);
}

/* The action is the last segment of the path. */
static QtCode path_action(Req *req, DemandAction *out, QtError *err)
{
  const char *slash = strrchr(req->path, '/');

  if (!slash || demand_action_parse(slash + 1, out, err) != QT_OK ||
      *out == ACT_AUTO_CLOSE) {
    qt_error_clear(err);
    return qt_fail(err, QT_ENOTFOUND, "No such demand action.");
  }
  return QT_OK;
}

/* Read the body ACTION takes into IN. */
static QtCode read_action(Req *req, DemandAction action, DemandInput *in,
                          QtError *err)
{
  static const char *const outcomes[] = {"resolved", "partial", "explained",
                                         NULL};
  static const char *const ratings[] = {"satisfied", "basic", "unsatisfied",
                                        NULL};
  JsonIn j;
  char *s;
  int64_t *co;
  int n;

  memset(in, 0, sizeof *in);
  if (req->body.len == 0) {
    /* accept, refuse-return and resume need nothing said. */
    if (action == ACT_ACCEPT || action == ACT_REFUSE_RETURN ||
        action == ACT_RESUME || action == ACT_WITHDRAW) {
      return QT_OK;
    }
  }
  if (jin_begin(req, &j, err) != QT_OK) return err->code;
  in->note = jin_str(&j, "note", 0, 5000, NULL);
  switch (action) {
  case ACT_ASSIGN:
    in->lead_department_id = jin_int(&j, "lead_department_id", J_REQUIRED, 1,
                                     INT64_MAX, 0);
    co = jin_ids(&j, "co_department_ids", J_NULLABLE, DEMAND_MAX_CO, &n);
    if (co && n > 0) {
      memcpy(in->co_department_ids, co, sizeof *co * (size_t)n);
      in->n_co = n;
    }
    break;
  case ACT_RESOLVE:
    s = jin_enum(&j, "outcome", J_REQUIRED, outcomes, NULL);
    if (s) (void)outcome_parse(s, &in->outcome, err);
    break;
  case ACT_CONFIRM:
    s = jin_enum(&j, "satisfaction", J_REQUIRED, ratings, NULL);
    if (s) (void)satisfaction_parse(s, &in->satisfaction, err);
    break;
  case ACT_MERGE:
    in->duplicate_of = jin_int(&j, "duplicate_of", J_REQUIRED, 1, INT64_MAX,
                               0);
    break;
  case ACT_EXTEND:
    in->extension_days = (int)jin_int(&j, "days", J_REQUIRED, 1, 90, 0);
    break;
  case ACT_DECIDE_EXTENSION:
    in->is_approved = jin_bool(&j, "approve", J_REQUIRED, false);
    break;
  default:
    break;
  }
  return jin_end(&j);
}

QtCode h_demands_act(Req *req, Resp *resp, QtError *err)
{
  DemandAction action;
  DemandInput in;
  DemandRecord r;
  DemandEventRecord *events;
  int64_t id;
  int n;

  if (req_path_id(req, "id", &id, err) != QT_OK ||
      path_action(req, &action, err) != QT_OK ||
      read_action(req, action, &in, err) != QT_OK ||
      workflow_act(req->store, &req->actor, id, action, &in, req->now,
                   req->arena, &r, err) != QT_OK ||
      store_demand_events(req->store, id, req->arena, &events, &n, err) !=
        QT_OK) {
    return err->code;
  }
  return resp_demand(req, resp, 200, &r, events, n);
}

QtCode h_categories_list(Req *req, Resp *resp, QtError *err)
{
  Category *items;
  int n, i;
  json_t *arr;

  if (store_category_list(req->store, req->arena, &items, &n, err) !=
      QT_OK) {
    return err->code;
  }
  arr = json_array();
  for (i = 0; i < n; i++) {
    json_array_append_new(arr, json_pack("{s:s, s:s, s:s}", "code",
                                         items[i].code, "name", items[i].name,
                                         "name_en", items[i].name_en));
  }
  return resp_json(req, resp, 200, json_pack("{s:o}", "items", arr));
}
