/*
 * h_deadlines.c — what the deadline ladder produces and what drives it:
 * supervision notices (督办单), accountability items (问责),
 * notifications, SLA policies and the working-day calendar.
 *
 * The scheduler (scheduler.c, workflow.c) writes notices, items and
 * notifications; these handlers only read them, in the reader's demand
 * scope.  Policies and the calendar are the admin's: a policy change is a
 * new version that only new demands live by, and a calendar change moves
 * the deadlines computed after it (each server reloads its copy when the
 * calendar's version moves), never the ones already set.
 */
#include <stdlib.h>
#include <string.h>

#include "handlers.h"

/* ---- supervision and accountability ----------------------------------- */

static json_t *json_supervision(const SupervisionRecord *s,
                                bool is_accountability)
{
  json_t *j = json_pack("{s:I, s:I, s:s, s:s, s:s, s:o, s:o, s:s}", "id",
                        (json_int_t)s->id, "demand_id",
                        (json_int_t)s->demand_id, "demand_code",
                        s->demand_code, "demand_title", s->demand_title,
                        "stage", s->stage, "department_id",
                        jid(s->department_id), "department_name",
                        jstr(s->department_name), "region_code",
                        s->region_code);

  if (is_accountability) {
    json_object_set_new(j, "at", jtime(s->opened_at));
    return j;
  }
  json_object_set_new(j, "opened_at", jtime(s->opened_at));
  json_object_set_new(j, "escalated_at", s->escalated_at
                                           ? jtime(s->escalated_at)
                                           : json_null());
  json_object_set_new(j, "closed_at", s->closed_at ? jtime(s->closed_at)
                                                   : json_null());
  return j;
}

QtCode h_supervisions_list(Req *req, Resp *resp, QtError *err)
{
  SupervisionRecord *items;
  Scope scope;
  Page page;
  bool is_open_only, want_total;
  int64_t total = -1;
  json_t *arr;
  int n, i;

  if (req_page(req, &page, err) != QT_OK ||
      req_query_bool(req, "open", true, &is_open_only, err) != QT_OK ||
      req_query_bool(req, "count", false, &want_total, err) != QT_OK) {
    return err->code;
  }
  store_demand_scope(&req->actor, &scope);
  if (store_supervision_list(req->store, &scope, !is_open_only, page.cursor,
                             page.limit, req->arena, &items, &n, err) !=
        QT_OK ||
      (want_total && store_supervision_count(req->store, &scope,
                                             !is_open_only, &total, err) !=
                       QT_OK)) {
    return err->code;
  }
  arr = json_array();
  for (i = 0; i < n; i++) {
    json_array_append_new(arr, json_supervision(&items[i], false));
  }
  return resp_list_total(req, resp, arr, n, page.limit,
                         n ? items[n - 1].id : 0, total);
}

/* True when S is a month "2026-03". */
static bool is_month(const char *s)
{
  int i;

  if (strlen(s) != 7 || s[4] != '-') return false;
  for (i = 0; i < 7; i++) {
    if (i != 4 && (s[i] < '0' || s[i] > '9')) return false;
  }
  return (s[5] == '0' && s[6] >= '1') || (s[5] == '1' && s[6] <= '2');
}

/* Query argument NAME as a month, DFLT when absent. */
static QtCode month_arg(Req *req, const char *name, const char *dflt,
                        const char **out, QtError *err)
{
  const char *v = req_query(req, name);

  *out = v ? v : dflt;
  if (!is_month(*out)) {
    qt_field(err, name, "must be a month like 2026-03");
    return qt_fail(err, QT_EBADREQ, "The query argument '%s' is invalid.",
                   name);
  }
  return QT_OK;
}

QtCode h_accountability_list(Req *req, Resp *resp, QtError *err)
{
  char today[QT_TIME_TEXT];
  const char *from, *to;
  SupervisionRecord *items;
  Scope scope;
  Page page;
  bool want_total;
  int64_t total = -1;
  json_t *arr;
  int n, i;

  /* The period a circular (通报) covers: this month unless asked. */
  qt_date_format(req->now, today);
  today[7] = '\0';
  if (req_page(req, &page, err) != QT_OK ||
      month_arg(req, "from", today, &from, err) != QT_OK ||
      month_arg(req, "to", today, &to, err) != QT_OK ||
      req_query_bool(req, "count", false, &want_total, err) != QT_OK) {
    return err->code;
  }
  if (strcmp(from, to) > 0) {
    qt_field(err, "to", "must not be before from");
    return qt_fail(err, QT_EBADREQ, "The period ends before it starts.");
  }
  store_demand_scope(&req->actor, &scope);
  if (store_accountability_list(req->store, &scope, from, to, page.cursor,
                                page.limit, req->arena, &items, &n, err) !=
        QT_OK ||
      (want_total && store_accountability_count(req->store, &scope, from,
                                                to, &total, err) != QT_OK)) {
    return err->code;
  }
  arr = json_array();
  for (i = 0; i < n; i++) {
    json_array_append_new(arr, json_supervision(&items[i], true));
  }
  return resp_list_total(req, resp, arr, n, page.limit,
                         n ? items[n - 1].id : 0, total);
}

/* ---- notifications ---------------------------------------------------- */

static json_t *json_notification(const NotificationRecord *n)
{
  json_t *j = json_pack("{s:I, s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "id",
                        (json_int_t)n->id, "kind", n->kind, "demand_id",
                        jid(n->demand_id), "demand_code",
                        jstr(n->demand_code), "user_id", jid(n->user_id),
                        "department_id", jid(n->department_id),
                        "region_code", jstr(n->region_code), "created_at",
                        jtime(n->created_at));

  json_object_set_new(j, "read_at", n->read_at ? jtime(n->read_at)
                                               : json_null());
  json_object_set_new(j, "text", jstr(n->text));
  return j;
}

QtCode h_notifications_list(Req *req, Resp *resp, QtError *err)
{
  NotificationRecord *items;
  Scope scope;
  Page page;
  bool is_unread_only;
  json_t *arr;
  int n, i;

  if (req_page(req, &page, err) != QT_OK ||
      req_query_bool(req, "unread", false, &is_unread_only, err) != QT_OK) {
    return err->code;
  }
  store_demand_scope(&req->actor, &scope);
  if (store_notification_list(req->store, &scope, is_unread_only,
                              page.cursor, page.limit, req->arena, &items,
                              &n, err) != QT_OK) {
    return err->code;
  }
  arr = json_array();
  for (i = 0; i < n; i++) {
    json_array_append_new(arr, json_notification(&items[i]));
  }
  return resp_list(req, resp, arr, n, page.limit, n ? items[n - 1].id : 0);
}

QtCode h_notifications_read(Req *req, Resp *resp, QtError *err)
{
  NotificationRecord n;
  Scope scope;
  int64_t id;

  if (req_path_id(req, "id", &id, err) != QT_OK) return err->code;
  store_demand_scope(&req->actor, &scope);
  if (store_notification_read(req->store, &scope, id, req->now, req->arena,
                              &n, err) != QT_OK) {
    return err->code;
  }
  return resp_json(req, resp, 200, json_notification(&n));
}

/* ---- SLA policies ----------------------------------------------------- */

static const char *const kinds[] = {"enquiry", "help", "complaint",
                                    "suggestion", NULL};
static const char *const urgencies[] = {"normal", "urgent", "most_urgent",
                                        NULL};

static json_t *json_limit(Limit l)
{
  return json_pack("{s:s, s:i}", "unit", limit_unit_name(l.unit), "amount",
                   l.amount);
}

static json_t *json_policy(const SlaPolicy *p)
{
  const DemandLimits *l = &p->limits;
  json_t *j = json_pack("{s:I, s:o, s:o, s:o}", "id", (json_int_t)p->id,
                        "category", jstr(p->category), "kind",
                        jstr(p->kind), "urgency", jstr(p->urgency));

  json_object_set_new(j, "assign", json_limit(l->assign));
  json_object_set_new(j, "answer", json_limit(l->answer));
  json_object_set_new(j, "resolve", json_limit(l->resolve));
  json_object_set_new(j, "remind_percent", json_integer(l->remind_percent));
  json_object_set_new(j, "escalate_after", json_limit(l->escalate_after));
  json_object_set_new(j, "account_after", json_limit(l->account_after));
  json_object_set_new(j, "auto_close", json_limit(l->auto_close));
  json_object_set_new(j, "created_at", jtime(p->created_at));
  json_object_set_new(j, "created_by", jid(p->created_by));
  return j;
}

QtCode h_sla_policies_list(Req *req, Resp *resp, QtError *err)
{
  SlaPolicy *items;
  json_t *arr;
  int n, i;

  if (store_policy_list(req->store, req->arena, &items, &n, err) != QT_OK) {
    return err->code;
  }
  arr = json_array();
  for (i = 0; i < n; i++) {
    json_array_append_new(arr, json_policy(&items[i]));
  }
  return resp_json(req, resp, 200, json_pack("{s:o}", "items", arr));
}

/* Limit NAME of IN, {"unit": "hours"|"days"|"working_days", "amount": N},
 * into *OUT; kept as it is when absent unless IS_REQUIRED.  A year is the
 * longest any limit may be: 365 days or 8760 hours. */
static void read_limit(JsonIn *in, const char *name, bool is_required,
                       Limit *out)
{
  json_t *v, *unit, *amount, *x;
  const char *key;
  LimitUnit u = LIMIT_DAYS;
  QtError ignored;
  json_int_t n, max;
  bool is_unit_ok;

  if (!jin_has(in, name)) {
    if (is_required) jin_invalid(in, name, "is required");
    return;
  }
  v = json_object_get(in->obj, name);
  if (!json_is_object(v)) {
    in->is_malformed = true;
    qt_field(in->err, name, "must be an object {\"unit\", \"amount\"}");
    return;
  }
  json_object_foreach(v, key, x) {
    if (strcmp(key, "unit") != 0 && strcmp(key, "amount") != 0) {
      in->is_malformed = true;
      qt_field(in->err, name, "holds '%.32s', which is not unit or amount",
               key);
      return;
    }
  }
  unit = json_object_get(v, "unit");
  amount = json_object_get(v, "amount");
  qt_error_clear(&ignored);
  is_unit_ok = json_is_string(unit) &&
               limit_unit_parse(json_string_value(unit), &u, &ignored) ==
                 QT_OK;
  if (!is_unit_ok) {
    in->is_malformed = in->is_malformed || (unit && !json_is_string(unit));
    qt_field(in->err, name, "unit must be hours, days or working_days");
  }
  if (!json_is_integer(amount)) {
    in->is_malformed = in->is_malformed || amount != NULL;
    qt_field(in->err, name, "amount must be a whole number");
    return;
  }
  if (!is_unit_ok) return;
  n = json_integer_value(amount);
  max = u == LIMIT_HOURS ? 8760 : 365;
  if (n < 0 || n > max) {
    qt_field(in->err, name, "amount must be from 0 to %lld %s",
             (long long)max, limit_unit_name(u));
    return;
  }
  out->unit = u;
  out->amount = (int)n;
}

/* True when CODE is a category of the dictionary. */
static bool is_category(Req *req, const char *code)
{
  Category *items;
  int n, i;
  QtError err;

  qt_error_clear(&err);
  if (store_category_list(req->store, req->arena, &items, &n, &err) !=
      QT_OK) {
    return false;
  }
  for (i = 0; i < n; i++) {
    if (strcmp(items[i].code, code) == 0) return true;
  }
  return false;
}

QtCode h_sla_policies_put(Req *req, Resp *resp, QtError *err)
{
  SlaPolicy p;
  DemandLimits *l = &p.limits;
  JsonIn in;
  QtCode rc;

  memset(&p, 0, sizeof p);
  /* What a policy does not say is the 133 rule's default. */
  demand_limits_default(l);
  if (jin_begin(req, &in, err) != QT_OK) return err->code;
  p.category = jin_str(&in, "category", J_NULLABLE | J_LINE, 32, NULL);
  p.kind = jin_enum(&in, "kind", J_NULLABLE, kinds, NULL);
  p.urgency = jin_enum(&in, "urgency", J_NULLABLE, urgencies, NULL);
  read_limit(&in, "assign", true, &l->assign);
  read_limit(&in, "answer", true, &l->answer);
  read_limit(&in, "resolve", true, &l->resolve);
  l->remind_percent = (int)jin_int(&in, "remind_percent", 0, 0, 99,
                                   l->remind_percent);
  read_limit(&in, "escalate_after", false, &l->escalate_after);
  read_limit(&in, "account_after", false, &l->account_after);
  read_limit(&in, "auto_close", false, &l->auto_close);
  if (p.category && !is_category(req, p.category)) {
    jin_invalid(&in, "category", "is not a demand category");
  }
  /* An answer says what will be done by when, so it cannot come after
   * the resolution; across units the calendar decides, so only like
   * units are compared. */
  if (in.err->n_fields == 0 && l->answer.unit == l->resolve.unit &&
      l->answer.amount > l->resolve.amount) {
    jin_invalid(&in, "answer", "must not be longer than resolve");
  }
  rc = jin_end(&in);
  if (rc != QT_OK) return rc;
  p.created_by = req->actor.user_id;
  rc = store_begin(req->store, err);
  if (rc == QT_OK) rc = store_policy_save(req->store, &p, err);
  if (rc == QT_OK) {
    rc = req_audit(req, "sla_policy.save", "sla_policy", p.id,
                   json_policy(&p), err);
  }
  rc = store_end(req->store, rc, err);
  if (rc != QT_OK) return rc;
  return resp_json(req, resp, 200, json_policy(&p));
}

/* ---- calendar --------------------------------------------------------- */

QtCode h_calendar_list(Req *req, Resp *resp, QtError *err)
{
  char today[QT_TIME_TEXT];
  CalendarDay *items;
  int64_t year;
  json_t *arr;
  int n, i;

  qt_date_format(req->now, today);
  today[4] = '\0';
  if (req_query_int(req, "year", 1900, 9999, strtol(today, NULL, 10), &year,
                    err) != QT_OK) {
    return err->code;
  }
  if (store_calendar_list(req->store, (int)year, req->arena, &items, &n,
                          err) != QT_OK) {
    return err->code;
  }
  arr = json_array();
  for (i = 0; i < n; i++) {
    json_array_append_new(arr, json_pack("{s:s, s:s, s:s}", "date",
                                         items[i].day, "kind", items[i].kind,
                                         "name", items[i].name));
  }
  return resp_json(req, resp, 200,
                   json_pack("{s:I, s:o}", "year", (json_int_t)year,
                             "items", arr));
}

QtCode h_calendar_set(Req *req, Resp *resp, QtError *err)
{
  static const char *const day_kinds[] = {"holiday", "workday", NULL};
  const char *date = req_path(req, "date");
  Calendar weekdays;
  QtDay day;
  JsonIn in;
  char *kind, *name;
  json_t *j;
  QtCode rc;

  if (!date || strlen(date) != 10 ||
      calendar_day_parse(date, &day, err) != QT_OK) {
    qt_error_clear(err);
    return qt_fail(err, QT_ENOTFOUND,
                   "No such date: give one like 2026-10-01.");
  }
  if (jin_begin(req, &in, err) != QT_OK) return err->code;
  kind = jin_enum(&in, "kind", J_REQUIRED | J_NULLABLE, day_kinds, NULL);
  name = jin_str(&in, "name", J_NULLABLE | J_LINE, 50, NULL);
  /* A make-up working day (调休) on a weekday would change nothing: like
   * the holiday file's loader, take it for a mistake. */
  calendar_init(&weekdays);
  if (kind && strcmp(kind, "workday") == 0 &&
      calendar_is_working_day(&weekdays, day)) {
    jin_invalid(&in, "kind", "workday is for a Saturday or Sunday that is "
                             "worked");
  }
  calendar_reset(&weekdays);
  rc = jin_end(&in);
  if (rc != QT_OK) return rc;
  if (!kind) name = NULL;
  j = json_pack("{s:s, s:o, s:o}", "date", date, "kind", jstr(kind),
                "name", jstr(kind ? (name ? name : "") : NULL));
  rc = store_begin(req->store, err);
  if (rc == QT_OK) {
    rc = store_calendar_set(req->store, date, kind, name, err);
  }
  if (rc == QT_OK) {
    rc = req_audit(req, "calendar.set", "calendar_day", 0,
                   json_incref(j), err);
  }
  rc = store_end(req->store, rc, err);
  if (rc != QT_OK) {
    json_decref(j);
    return rc;
  }
  return resp_json(req, resp, 200, j);
}
