/* views.c — JSON renderings of domain structs; see views.h. */
#include <stdlib.h>

#include "http.h"
#include "pii.h"
#include "views.h"

json_t *jphone(const char *phone, PhoneView view)
{
  char *masked;
  json_t *j;

  if (!phone || view == PHONE_WHOLE) return jstr(phone);
  masked = qt_strdup(phone);
  pii_mask_phone(masked);
  j = json_string(masked);
  free(masked);
  return j;
}

json_t *json_user(const User *u, PhoneView phone)
{
  return json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:b, "
                   "s:b, s:o, s:o}",
                   "id", (json_int_t)u->id, "username", u->username,
                   "display_name", u->display_name, "role",
                   role_name(u->role), "department_id",
                   jid(u->department_id), "region_code", jstr(u->region_code),
                   "enterprise_id", jid(u->enterprise_id), "level",
                   jstr(u->level), "phone", jphone(u->phone, phone), "disabled",
                   u->is_disabled, "can_sign_in", u->password_hash != NULL,
                   "created_at", jtime(u->created_at), "updated_at",
                   jtime(u->updated_at));
}

json_t *json_enterprise(const Enterprise *e, PhoneView phone)
{
  json_t *j = json_pack(
    "{s:I, s:s, s:o, s:s, s:s, s:o, s:o, s:s, s:b, s:b, s:b, s:b}", "id",
    (json_int_t)e->id, "credit_code", e->credit_code, "code_exception",
    jstr(e->code_exception), "name", e->name, "region_code", e->region_code,
    "region_name", jstr(e->region_name), "industry_code",
    jstr(e->industry_code), "scale", e->scale, "four_above",
    e->is_four_above, "key", e->is_key, "foreign_invested",
    e->is_foreign_invested, "foreign_trade", e->is_foreign_trade);

  json_object_set_new(j, "employees", e->employees < 0
                                        ? json_null()
                                        : json_integer(e->employees));
  json_object_set_new(j, "address", jstr(e->address));
  json_object_set_new(j, "contact_name", jstr(e->contact_name));
  json_object_set_new(j, "contact_phone", jphone(e->contact_phone, phone));
  json_object_set_new(j, "disabled", json_boolean(e->is_disabled));
  json_object_set_new(j, "created_at", jtime(e->created_at));
  json_object_set_new(j, "updated_at", jtime(e->updated_at));
  return j;
}

json_t *json_department(const Department *d)
{
  return json_pack("{s:I, s:s, s:s, s:s, s:o, s:s, s:b, s:o, s:o}", "id",
                   (json_int_t)d->id, "name", d->name, "kind", d->kind,
                   "region_code", d->region_code, "parent_id",
                   jid(d->parent_id), "path", d->path ? d->path : "",
                   "disabled", d->is_disabled, "created_at",
                   jtime(d->created_at), "updated_at", jtime(d->updated_at));
}

json_t *json_project(const Project *p)
{
  json_t *j = json_pack(
    "{s:I, s:s, s:I, s:o, s:s, s:I, s:I, s:s}", "id", (json_int_t)p->id,
    "name", p->name, "enterprise_id", (json_int_t)p->enterprise_id,
    "enterprise_name", jstr(p->enterprise_name), "region_code",
    p->region_code, "total_investment", (json_int_t)p->total_investment,
    "annual_investment", (json_int_t)p->annual_investment, "stage",
    p->stage);

  json_object_set_new(j, "planned_start", jstr(p->planned_start));
  json_object_set_new(j, "planned_end", jstr(p->planned_end));
  json_object_set_new(j, "actual_start", jstr(p->actual_start));
  json_object_set_new(j, "actual_end", jstr(p->actual_end));
  json_object_set_new(j, "disabled", json_boolean(p->is_disabled));
  json_object_set_new(j, "created_at", jtime(p->created_at));
  json_object_set_new(j, "updated_at", jtime(p->updated_at));
  return j;
}

json_t *json_team(const Team *t)
{
  json_t *ids = json_array(), *members = json_array();
  int i;

  for (i = 0; i < t->n_member_ids; i++) {
    json_array_append_new(ids, json_integer(t->member_ids[i]));
    json_array_append_new(
      members,
      json_pack("{s:I, s:o}", "id", (json_int_t)t->member_ids[i],
                "display_name",
                jstr(t->member_names ? t->member_names[i] : NULL)));
  }
  return json_pack("{s:I, s:s, s:I, s:o, s:s, s:o, s:o, s:b, s:o, s:o}",
                   "id", (json_int_t)t->id, "name", t->name, "leader_id",
                   (json_int_t)t->leader_id, "leader_name",
                   jstr(t->leader_name), "region_code", t->region_code,
                   "member_ids", ids, "members", members, "disabled",
                   t->is_disabled, "created_at", jtime(t->created_at),
                   "updated_at", jtime(t->updated_at));
}

json_t *json_pairing(const Pairing *p)
{
  json_t *j = json_pack(
    "{s:I, s:s, s:o, s:o, s:o, s:o, s:s, s:o, s:o}", "id", (json_int_t)p->id,
    "kind", p->kind, "user_id", jid(p->user_id), "team_id", jid(p->team_id),
    "enterprise_id", jid(p->enterprise_id), "project_id", jid(p->project_id),
    "starts_on", p->starts_on, "ends_on", jstr(p->ends_on), "created_at",
    jtime(p->created_at));

  json_object_set_new(j, "user_name", jstr(p->user_name));
  json_object_set_new(j, "team_name", jstr(p->team_name));
  json_object_set_new(j, "enterprise_name", jstr(p->enterprise_name));
  json_object_set_new(j, "project_name", jstr(p->project_name));
  return j;
}

/* A time, or null for 0 (not yet). */
static void jw_time_or_null(JsonWriter *w, const char *key, QtTime t)
{
  if (t) {
    jw_time(w, key, t);
  } else {
    jw_null(w, key);
  }
}

static json_t *json_event(const DemandEventRecord *e)
{
  json_t *j = json_pack("{s:I, s:o, s:o, s:o, s:o, s:s, s:s, s:s}", "id",
                        (json_int_t)e->id, "at", jtime(e->at), "actor_id",
                        jid(e->actor_id), "actor_name", jstr(e->actor_name),
                        "actor_role", jstr(e->actor_role), "action",
                        e->action, "from", e->from_status, "to",
                        e->to_status);
  json_t *data = e->data ? json_loads(e->data, 0, NULL) : NULL;

  json_object_set_new(j, "stage", jstr(e->stage));
  json_object_set_new(j, "rung", jstr(e->rung));
  json_object_set_new(j, "note", jstr(e->note));
  json_object_set_new(j, "data", data ? data : json_null());
  return j;
}

void jw_demand(JsonWriter *w, const char *key, const DemandRecord *r,
               const DemandEventRecord *events, int n_events, QtTime now)
{
  const Demand *d = &r->d;
  QtTime due = demand_running_due(d);
  int i;

  jw_object_begin(w, key);
  jw_int(w, "id", d->id);
  jw_str(w, "code", r->code);
  jw_int(w, "enterprise_id", d->enterprise_id);
  jw_str(w, "enterprise_name", r->enterprise_name);
  jw_id(w, "project_id", r->project_id);
  jw_str(w, "region_code", r->region_code);
  jw_str(w, "channel", r->channel);
  jw_str(w, "category", r->category);
  jw_str(w, "subcategory", r->subcategory);
  jw_str(w, "kind", r->kind);
  jw_str(w, "urgency", r->urgency);
  jw_str(w, "title", r->title);
  jw_str(w, "content", r->content);
  jw_str(w, "status", demand_status_name(d->status));
  jw_id(w, "submitter_id", r->submitter_id);
  jw_id(w, "commissioner_id", r->commissioner_id);
  jw_id(w, "visit_id", r->visit_id);
  jw_id(w, "lead_department_id", d->lead_department_id);
  jw_str(w, "lead_department_name", r->lead_department_name);
  jw_array_begin(w, "co_department_ids");
  for (i = 0; i < d->n_co; i++) {
    jw_int(w, NULL, d->co_department_ids[i]);
  }
  jw_array_end(w);
  jw_bool(w, "return_pending", d->is_return_pending);
  jw_id(w, "returned_from", d->returned_from);
  jw_int(w, "return_count", d->return_count);
  jw_int(w, "reopen_count", d->reopen_count);
  jw_str(w, "outcome",
         d->outcome == OUTCOME_NONE ? NULL : outcome_name(d->outcome));
  jw_str(w, "satisfaction", d->satisfaction == SAT_NONE
                              ? NULL
                              : satisfaction_name(d->satisfaction));
  jw_id(w, "duplicate_of", d->duplicate_of);
  jw_str(w, "answer", r->answer);
  jw_str(w, "result", r->result);
  jw_id(w, "extension_pending_days", d->extension_pending_days);
  jw_int(w, "extension_days", d->extension_days);
  jw_bool(w, "paused", d->paused_at != 0);
  jw_int(w, "paused_seconds", d->paused_seconds);
  jw_time(w, "submitted_at", d->submitted_at);
  jw_time_or_null(w, "assigned_at", d->first_assigned_at);
  jw_time_or_null(w, "accepted_at", d->accepted_at);
  jw_time_or_null(w, "answered_at", d->answered_at);
  jw_time_or_null(w, "resolved_at", d->resolved_at);
  jw_time_or_null(w, "closed_at", d->closed_at);
  jw_object_begin(w, "due");
  jw_time(w, "assign", d->assign_due);
  jw_time_or_null(w, "answer", d->answer_due);
  jw_time_or_null(w, "resolve", d->resolve_due);
  jw_object_end(w);
  if (due == INT64_MAX) {
    jw_null(w, "current_due");
  } else {
    jw_time(w, "current_due", due);
  }
  jw_bool(w, "overdue", demand_is_overdue(d, now));
  jw_time_or_null(w, "next_step_at", r->next_due_at);
  if (events) {
    jw_array_begin(w, "timeline");
    for (i = 0; i < n_events; i++) {
      jw_json(w, NULL, json_event(&events[i]));
    }
    jw_array_end(w);
  }
  jw_object_end(w);
}

/* A rate, or null when it has no denominator (rates_compute's -1). */
static json_t *jrate(double v)
{
  return v < 0 ? json_null() : json_real(v);
}

/* {avg, p90} hours of a stage, or null when no demand has the duration. */
static json_t *jhours(const StatsDuration *m, double avg, double p90)
{
  if (m->n <= 0) return json_null();
  return json_pack("{s:f, s:f}", "avg", avg, "p90", p90);
}

json_t *json_stats_row(const StatsRow *r, const RateWeights *w)
{
  const DemandStats *s = &r->stats;
  json_t *by_status = json_object(), *counts, *rates, *hours;
  Rates x;
  int i;

  for (i = 0; i < DEMAND_STATUS_COUNT; i++) {
    json_object_set_new(by_status, demand_status_name((DemandStatus)i),
                        json_integer(s->by_status[i]));
  }
  counts = json_pack(
    "{s:I, s:o, s:{s:I, s:I, s:I}, s:I, s:I, s:I, s:I, s:I}", "total",
    (json_int_t)s->total, "by_status", by_status, "closed", "resolved",
    (json_int_t)s->closed_resolved, "partial", (json_int_t)s->closed_partial,
    "explained", (json_int_t)s->closed_explained, "rated",
    (json_int_t)s->rated, "reopened", (json_int_t)s->reopened, "returned",
    (json_int_t)s->returned, "overdue_now", (json_int_t)s->overdue,
    "rated_ok", (json_int_t)s->rated_ok);
  /* The rates' own numerators and denominators, so a figure can be
   * checked by anyone who doubts it. */
  json_object_set_new(counts, "answer_due", json_integer(s->answer_due));
  json_object_set_new(counts, "answer_on_time",
                      json_integer(s->answer_on_time));
  json_object_set_new(counts, "resolve_due", json_integer(s->resolve_due));
  json_object_set_new(counts, "resolve_on_time",
                      json_integer(s->resolve_on_time));
  rates_compute(s, &x);
  rates = json_pack("{s:o, s:o, s:o, s:o, s:o}", "response",
                    jrate(x.response), "resolution", jrate(x.resolution),
                    "satisfaction", jrate(x.satisfaction),
                    "on_time_resolution", jrate(x.on_time_resolution),
                    "reopen", jrate(x.reopen));
  hours = json_pack(
    "{s:o, s:o, s:o}", "assign",
    jhours(&s->to_assign, x.avg_hours_assign, x.p90_hours_assign), "answer",
    jhours(&s->to_answer, x.avg_hours_answer, x.p90_hours_answer),
    "resolve",
    jhours(&s->to_resolve, x.avg_hours_resolve, x.p90_hours_resolve));
  return json_pack("{s:s, s:s, s:o, s:o, s:o, s:o}", "key",
                   r->key ? r->key : "", "label", r->label ? r->label : "",
                   "counts", counts, "rates", rates, "hours", hours, "score",
                   x.response < 0 && x.resolution < 0 && x.satisfaction < 0
                     ? json_null()
                     : json_real(rates_score(&x, w)));
}

json_t *json_visit(const Visit *v, const VisitDemand *demands, int n_demands)
{
  json_t *j = json_pack("{s:I, s:I, s:o, s:I, s:o, s:o, s:o, s:s, s:o,"
                        " s:s, s:s, s:o, s:i}",
                        "id", (json_int_t)v->id, "user_id",
                        (json_int_t)v->user_id, "user_name",
                        jstr(v->user_name), "enterprise_id",
                        (json_int_t)v->enterprise_id, "enterprise_name",
                        jstr(v->enterprise_name), "project_id",
                        jid(v->project_id), "project_name",
                        jstr(v->project_name), "region_code", v->region_code,
                        "visited_at", jtime(v->visited_at), "mode", v->mode,
                        "notes", v->notes, "created_at",
                        jtime(v->created_at), "demand_count", v->n_demands);
  json_t *arr;
  int i;

  if (!demands) return j;
  arr = json_array();
  for (i = 0; i < n_demands; i++) {
    const VisitDemand *d = &demands[i];
    json_array_append_new(
      arr, json_pack("{s:I, s:s, s:s, s:s, s:s, s:o}", "id",
                     (json_int_t)d->id, "code", d->code, "title", d->title,
                     "category", d->category, "status", d->status,
                     "submitted_at", jtime(d->submitted_at)));
  }
  json_object_set_new(j, "demands", arr);
  return j;
}

json_t *json_visit_due(const VisitDue *d, QtTime now)
{
  json_t *j = json_pack("{s:I, s:s, s:s, s:o, s:b, s:b, s:o, s:o}",
                        "enterprise_id", (json_int_t)d->enterprise_id,
                        "enterprise_name", d->enterprise_name,
                        "region_code", d->region_code, "region_name",
                        jstr(d->region_name), "four_above", d->is_four_above,
                        "key", d->is_key, "contact_name",
                        jstr(d->contact_name), "contact_phone",
                        jphone(d->contact_phone, PHONE_MASKED));

  json_object_set_new(j, "last_visited_at",
                      d->last_visited_at ? jtime(d->last_visited_at)
                                         : json_null());
  /* Whole days since, as the person reading counts them: a visit this
   * morning is 0 days ago. */
  json_object_set_new(j, "days_since",
                      d->last_visited_at
                        ? json_integer((now - d->last_visited_at) / 86400)
                        : json_null());
  json_object_set_new(j, "recent_visits", json_integer(d->n_recent));
  json_object_set_new(j, "due", json_boolean(d->is_due));
  return j;
}
