/*
 * store_demand.c — demands, their history, deadlines' paperwork
 * (supervision, accountability, extensions, notifications), SLA policies,
 * the calendar and the rates' aggregates, over db.h.
 *
 * The lifecycle itself is src/core/demand.c; this file only stores what
 * it decides.  Every save keeps three things in step in the caller's
 * transaction: the row, its event, and the demand's contribution to the
 * rate aggregates (old one out, new one in).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "text.h"

/* ---- scope ------------------------------------------------------------ */

void store_demand_scope(const Actor *actor, Scope *out)
{
  size_t n = strlen(actor->dept_path);

  *out = actor->scope;
  if (actor->role != ROLE_HANDLER) return;
  /* A handler sees the demands of its department, not of its region. */
  if (n < 2 || n >= sizeof out->dept_lo || !actor->department_id) {
    out->kind = SCOPE_NONE;
    return;
  }
  out->kind = SCOPE_DEPARTMENT;
  memcpy(out->dept_lo, actor->dept_path, n + 1);
  memcpy(out->dept_hi, actor->dept_path, n + 1);
  out->dept_hi[n - 1] = '0'; /* '/' + 1 */
  out->department_id = actor->department_id;
}

/* ---- names <-> text --------------------------------------------------- */

static char *outcome_text(Outcome o)
{
  return o == OUTCOME_NONE ? NULL : (char *)outcome_name(o);
}

static char *satisfaction_text(Satisfaction s)
{
  return s == SAT_NONE ? NULL : (char *)satisfaction_name(s);
}

/* Column COL as an enum value through PARSE; DFLT for NULL or a value
 * the CHECK constraints would not have let in. */
static DemandStatus col_status(Q *q, int col, DemandStatus dflt)
{
  char text[16];
  DemandStatus v = dflt;
  QtError ignored;

  if (q_col_is_null(q, col)) return dflt;
  q_col_copy(q, col, text, sizeof text);
  qt_error_clear(&ignored);
  (void)demand_status_parse(text, &v, &ignored); /* keeps dflt on error */
  return v;
}

static Outcome col_outcome(Q *q, int col)
{
  char text[16];
  Outcome v = OUTCOME_NONE;
  QtError ignored;

  if (q_col_is_null(q, col)) return OUTCOME_NONE;
  q_col_copy(q, col, text, sizeof text);
  qt_error_clear(&ignored);
  (void)outcome_parse(text, &v, &ignored);
  return v;
}

static Satisfaction col_satisfaction(Q *q, int col)
{
  char text[16];
  Satisfaction v = SAT_NONE;
  QtError ignored;

  if (q_col_is_null(q, col)) return SAT_NONE;
  q_col_copy(q, col, text, sizeof text);
  qt_error_clear(&ignored);
  (void)satisfaction_parse(text, &v, &ignored);
  return v;
}

static Limit col_limit(Q *q, int col)
{
  char text[16];
  Limit l = {LIMIT_DAYS, (int)q_col_int(q, col + 1)};
  QtError ignored;

  q_col_copy(q, col, text, sizeof text);
  qt_error_clear(&ignored);
  (void)limit_unit_parse(text, &l.unit, &ignored);
  return l;
}

/* Read the 13 limit columns starting at COL. */
static void col_limits(Q *q, int col, DemandLimits *out)
{
  out->assign = col_limit(q, col);
  out->answer = col_limit(q, col + 2);
  out->resolve = col_limit(q, col + 4);
  out->remind_percent = (int)q_col_int(q, col + 6);
  out->escalate_after = col_limit(q, col + 7);
  out->account_after = col_limit(q, col + 9);
  out->auto_close = col_limit(q, col + 11);
}

static void bind_limit(Q *q, int idx, Limit l)
{
  q_text(q, idx, limit_unit_name(l.unit));
  q_int(q, idx + 1, l.amount);
}

/* ---- SLA policies ----------------------------------------------------- */

static void read_policy(Q *q, Arena *a, void *item)
{
  SlaPolicy *p = item;

  p->id = q_col_int(q, 0);
  p->category = q_col_text(q, 1, a);
  p->kind = q_col_text(q, 2, a);
  p->urgency = q_col_text(q, 3, a);
  col_limits(q, 4, &p->limits);
  p->created_at = q_col_int(q, 17);
  p->created_by = q_col_int(q, 18);
}

QtCode store_policy_match(Store *st, const char *category, const char *kind,
                          const char *urgency, Arena *a, SlaPolicy *out,
                          QtError *err)
{
  Q q;

  if (q_open(st, STMT_POLICY_MATCH, &q, err) != QT_OK) return err->code;
  q_text(&q, 1, category);
  q_text(&q, 2, kind);
  q_text(&q, 3, urgency);
  return read_one(&q, read_policy, a, out, "policy");
}

QtCode store_policy_get(Store *st, int64_t id, Arena *a, SlaPolicy *out,
                        QtError *err)
{
  Q q;

  if (q_open(st, STMT_POLICY_GET, &q, err) != QT_OK) return err->code;
  q_int(&q, 1, id);
  return read_one(&q, read_policy, a, out, "policy");
}

QtCode store_policy_list(Store *st, Arena *a, SlaPolicy **items,
                         int *n_items, QtError *err)
{
  Q q;

  if (q_open(st, STMT_POLICY_LIST, &q, err) != QT_OK) return err->code;
  return read_rows(&q, 1000, sizeof(SlaPolicy), read_policy, a,
                   (void **)items, n_items);
}

QtCode store_policy_save(Store *st, SlaPolicy *p, QtError *err)
{
  QtTime now = qt_now();
  const DemandLimits *l = &p->limits;
  Q q;

  if (q_open(st, STMT_POLICY_SUPERSEDE, &q, err) != QT_OK) return err->code;
  q_text(&q, 1, p->category);
  q_text(&q, 2, p->kind);
  q_text(&q, 3, p->urgency);
  q_int(&q, 4, now);
  if (q_exec(&q) != QT_OK) return err->code;
  if (q_open(st, STMT_POLICY_INSERT, &q, err) != QT_OK) return err->code;
  q_text(&q, 1, p->category);
  q_text(&q, 2, p->kind);
  q_text(&q, 3, p->urgency);
  bind_limit(&q, 4, l->assign);
  bind_limit(&q, 6, l->answer);
  bind_limit(&q, 8, l->resolve);
  q_int(&q, 10, l->remind_percent);
  bind_limit(&q, 11, l->escalate_after);
  bind_limit(&q, 13, l->account_after);
  bind_limit(&q, 15, l->auto_close);
  q_int(&q, 17, now);
  q_id(&q, 18, p->created_by);
  if (q_insert(&q, &p->id) != QT_OK) return err->code;
  p->created_at = now;
  return QT_OK;
}

/* ---- calendar and categories ------------------------------------------ */

QtCode store_calendar_version(Store *st, int64_t *version, QtError *err)
{
  Q q;
  int rc;

  *version = 0;
  if (q_open(st, STMT_CALENDAR_VERSION, &q, err) != QT_OK) return err->code;
  rc = q_step(&q);
  if (rc == 1) *version = q_col_int(&q, 0);
  q_close(&q);
  return rc < 0 ? err->code : QT_OK;
}

static void read_calendar_day(Q *q, Arena *a, void *item)
{
  CalendarDay *d = item;

  d->day = q_col_text(q, 0, a);
  d->kind = q_col_text(q, 1, a);
  d->name = q_col_text(q, 2, a);
}

QtCode store_calendar_list(Store *st, int year, Arena *a,
                           CalendarDay **items, int *n_items, QtError *err)
{
  char lo[24], hi[24];
  Q q;

  if (year) {
    if (q_open(st, STMT_CALENDAR_YEAR, &q, err) != QT_OK) return err->code;
    snprintf(lo, sizeof lo, "%04d-01-01", year);
    snprintf(hi, sizeof hi, "%04d-01-01", year + 1);
    q_text(&q, 1, lo);
    q_text(&q, 2, hi);
  } else if (q_open(st, STMT_CALENDAR_ALL, &q, err) != QT_OK) {
    return err->code;
  }
  return read_rows(&q, 20000, sizeof(CalendarDay), read_calendar_day, a,
                   (void **)items, n_items);
}

QtCode store_calendar_load(Store *st, Calendar *cal, int64_t *version,
                           QtError *err)
{
  Arena *a = arena_new();
  CalendarDay *days;
  QtDay day;
  int n, i;
  QtCode rc = store_calendar_version(st, version, err);

  if (rc == QT_OK) rc = store_calendar_list(st, 0, a, &days, &n, err);
  for (i = 0; rc == QT_OK && i < n; i++) {
    if (calendar_day_parse(days[i].day, &day, err) != QT_OK) {
      rc = err->code;
      break;
    }
    calendar_set(cal, day,
                 strcmp(days[i].kind, "holiday") == 0 ? DAY_HOLIDAY
                                                      : DAY_WORKDAY);
  }
  arena_free(a);
  return rc;
}

QtCode store_calendar_set(Store *st, const char *day, const char *kind,
                          const char *name, QtError *err)
{
  Q q;

  if (kind) {
    if (q_open(st, STMT_CALENDAR_UPSERT, &q, err) != QT_OK) return err->code;
    q_text(&q, 1, day);
    q_text(&q, 2, kind);
    q_text(&q, 3, name ? name : "");
  } else {
    if (q_open(st, STMT_CALENDAR_DELETE, &q, err) != QT_OK) return err->code;
    q_text(&q, 1, day);
  }
  if (q_exec(&q) != QT_OK) return err->code;
  if (q_open(st, STMT_CALENDAR_BUMP, &q, err) != QT_OK) return err->code;
  return q_exec(&q);
}

static void read_category(Q *q, Arena *a, void *item)
{
  Category *c = item;

  c->code = q_col_text(q, 0, a);
  c->name = q_col_text(q, 1, a);
  c->name_en = q_col_text(q, 2, a);
}

QtCode store_category_list(Store *st, Arena *a, Category **items,
                           int *n_items, QtError *err)
{
  Q q;

  if (q_open(st, STMT_CATEGORY_LIST, &q, err) != QT_OK) return err->code;
  return read_rows(&q, 200, sizeof(Category), read_category, a,
                   (void **)items, n_items);
}

QtCode store_category_exists(Store *st, const char *code, bool *exists,
                             QtError *err)
{
  Q q;
  int rc;

  if (q_open(st, STMT_CATEGORY_EXISTS, &q, err) != QT_OK) return err->code;
  q_text(&q, 1, code);
  rc = q_step(&q);
  q_close(&q);
  *exists = rc == 1;
  return rc < 0 ? err->code : QT_OK;
}

/* ---- demands ---------------------------------------------------------- */

/* The co-departments, column COL's "3,10" (D_CO_IDS), into D: the first
 * DEMAND_MAX_CO, which an assignment never exceeds (and which the text's
 * room holds whole, at 19 digits an id). */
static void col_co(Q *q, int col, Demand *d)
{
  char text[DEMAND_MAX_CO * 21];
  const char *p = text;
  int64_t v;

  q_col_copy(q, col, text, sizeof text);
  d->n_co = 0;
  while (*p && d->n_co < DEMAND_MAX_CO) {
    for (v = 0; *p >= '0' && *p <= '9'; p++) {
      v = v * 10 + (*p - '0');
    }
    d->co_department_ids[d->n_co++] = v;
    if (*p) p++; /* the comma */
  }
}

static void read_demand(Q *q, Arena *a, void *item)
{
  DemandRecord *r = item;
  Demand *d = &r->d;

  memset(r, 0, sizeof *r);
  d->id = q_col_int(q, 0);
  r->code = q_col_text(q, 1, a);
  d->enterprise_id = q_col_int(q, 2);
  r->enterprise_name = q_col_text(q, 3, a);
  r->project_id = q_col_int(q, 4);
  r->region_code = q_col_text(q, 5, a);
  r->submitter_id = q_col_int(q, 6);
  r->commissioner_id = q_col_int(q, 7);
  r->channel = q_col_text(q, 8, a);
  r->category = q_col_text(q, 9, a);
  r->subcategory = q_col_text(q, 10, a);
  r->kind = q_col_text(q, 11, a);
  r->urgency = q_col_text(q, 12, a);
  r->title = q_col_text(q, 13, a);
  r->content = q_col_text(q, 14, a);
  r->policy_id = q_col_int(q, 15);
  d->status = col_status(q, 16, DEMAND_SUBMITTED);
  d->lead_department_id = q_col_int(q, 17);
  r->lead_department_name = q_col_text(q, 18, a);
  d->is_return_pending = q_col_bool(q, 19);
  d->returned_from = q_col_int(q, 20);
  d->status_before_return = col_status(q, 21, DEMAND_ASSIGNED);
  d->return_count = (int)q_col_int(q, 22);
  d->reopen_count = (int)q_col_int(q, 23);
  d->outcome = col_outcome(q, 24);
  d->satisfaction = col_satisfaction(q, 25);
  d->duplicate_of = q_col_int(q, 26);
  d->extension_pending_days = (int)q_col_int(q, 27);
  d->extension_days = (int)q_col_int(q, 28);
  d->submitted_at = q_col_int(q, 29);
  d->assigned_at = q_col_int(q, 30);
  d->first_assigned_at = q_col_int(q, 31);
  d->accepted_at = q_col_int(q, 32);
  d->answered_at = q_col_int(q, 33);
  d->resolved_at = q_col_int(q, 34);
  d->closed_at = q_col_int(q, 35);
  d->assign_due = q_col_int(q, 36);
  d->answer_due = q_col_int(q, 37);
  d->resolve_due = q_col_int(q, 38);
  d->paused_at = q_col_int(q, 39);
  d->paused_seconds = q_col_int(q, 40);
  d->steps_done = (uint32_t)q_col_int(q, 41);
  r->next_due_at = q_col_int(q, 42);
  r->answer = q_col_text(q, 43, a);
  r->result = q_col_text(q, 44, a);
  col_limits(q, 45, &d->limits);
  r->visit_id = q_col_int(q, 58);
  col_co(q, 59, d);
}

static void month_of(QtTime t, char out[8])
{
  char date[QT_TIME_TEXT];

  qt_date_format(t, date);
  memcpy(out, date, 7);
  out[7] = '\0';
}

/* Add counters C to the row of upsert ID keyed by MONTH, REGION, KEY
 * (a department or commissioner id) and CATEGORY (bound, and unused but
 * by demand_stat's). */
static QtCode stat_add(Store *st, StmtId id, const char *month,
                       const char *region, int64_t key, const char *category,
                       const int64_t *c, QtError *err)
{
  Q q;
  int i;

  if (q_open(st, id, &q, err) != QT_OK) return err->code;
  q_text(&q, 1, month);
  q_text(&q, 2, region);
  q_int(&q, 3, key);
  q_text(&q, 4, category);
  for (i = 0; i < STATS_N_COUNTERS; i++) {
    q_int(&q, 5 + i, c[i]);
  }
  return q_exec(&q);
}

/* Add C to the rollups of a demand of MONTH, REGION, lead department
 * DEPARTMENT_ID and CATEGORY: demand_stat, and demand_stat_department,
 * which is the same without category (migration 007). */
static QtCode stat_add_department(Store *st, const char *month,
                                  const char *region, int64_t department_id,
                                  const char *category, const int64_t *c,
                                  QtError *err)
{
  if (stat_add(st, STMT_STAT_ADD, month, region, department_id, category, c,
               err) != QT_OK) {
    return err->code;
  }
  return stat_add(st, STMT_STAT_DEPARTMENT_ADD, month, region, department_id,
                  category, c, err);
}

/* Add SIGN times R's contribution to its aggregate rows. */
static QtCode stats_apply(Store *st, const DemandRecord *r,
                          const DemandStats *s, QtError *err)
{
  const int64_t *c = stats_counters(s);
  char month[8];
  int i;
  bool is_zero = true;

  for (i = 0; i < STATS_N_COUNTERS && is_zero; i++) {
    is_zero = c[i] == 0;
  }
  if (is_zero) return QT_OK; /* a comment changes no figure */
  month_of(r->d.submitted_at, month);
  if (stat_add_department(st, month, r->region_code,
                          r->d.lead_department_id, r->category, c,
                          err) != QT_OK) {
    return err->code;
  }
  if (!r->commissioner_id) return QT_OK;
  return stat_add(st, STMT_STAT_COMMISSIONER_ADD, month, r->region_code,
                  r->commissioner_id, r->category, c, err);
}

/* Move R from the aggregates OLD counted it in to its new state. */
static QtCode stats_move(Store *st, const DemandRecord *old,
                         const DemandRecord *r, QtError *err)
{
  DemandStats before, after;

  stats_of_demand(&r->d, &after);
  if (!old) return stats_apply(st, r, &after, err);
  stats_of_demand(&old->d, &before);
  if (old->d.lead_department_id == r->d.lead_department_id) {
    stats_add(&after, &before, -1);
    return stats_apply(st, r, &after, err);
  }
  /* The lead department is part of the key: out of one row, into
   * another. */
  stats_add(&before, &before, -2); /* negate */
  if (stats_apply(st, old, &before, err) != QT_OK) return err->code;
  return stats_apply(st, r, &after, err);
}

static QtCode insert_event(Store *st, int64_t demand_id,
                           const DemandEvent *ev, const char *data,
                           QtError *err)
{
  Q q;

  if (q_open(st, STMT_DEMAND_EVENT_INSERT, &q, err) != QT_OK) {
    return err->code;
  }
  q_int(&q, 1, demand_id);
  q_int(&q, 2, ev->at);
  q_id(&q, 3, ev->actor_id);
  if (ev->actor_id) {
    q_text(&q, 4, role_name(ev->actor_role));
  } else {
    q_text(&q, 4, "system");
  }
  if (ev->is_step) {
    q_text(&q, 5, "step");
  } else if (ev->action == ACT_COUNT) {
    q_text(&q, 5, "submit");
  } else {
    q_text(&q, 5, demand_action_name(ev->action));
  }
  q_text(&q, 6, demand_status_name(ev->from));
  q_text(&q, 7, demand_status_name(ev->to));
  q_text(&q, 8, ev->is_step ? demand_stage_name(ev->stage) : NULL);
  q_text(&q, 9, ev->is_step ? demand_rung_name(ev->rung) : NULL);
  q_text(&q, 10, ev->note);
  q_text(&q, 11, data);
  return q_exec(&q);
}

static QtTime next_due(const Demand *d, const Calendar *cal)
{
  DemandStep step;

  return demand_next_step(d, cal, &step) ? step.at : 0;
}

QtCode store_demand_create(Store *st, DemandRecord *r, const DemandEvent *ev,
                           const char *data, const Calendar *cal, Arena *a,
                           QtError *err)
{
  char date[QT_TIME_TEXT], month[8];
  int64_t seq;
  int year;
  Q q;
  int rc;

  qt_date_format(r->d.submitted_at, date);
  year = (date[0] - '0') * 1000 + (date[1] - '0') * 100 +
         (date[2] - '0') * 10 + (date[3] - '0');
  if (q_open(st, STMT_DEMAND_SEQ_NEXT, &q, err) != QT_OK) return err->code;
  q_int(&q, 1, year);
  rc = q_step(&q);
  seq = rc == 1 ? q_col_int(&q, 0) : 0;
  q_close(&q);
  if (rc != 1) return rc < 0 ? err->code : qt_fail(err, QT_ESTORE, "seq");
  /* Six digits cover a city's year; a province's takes a seventh
   * (QT-2026-1000000 on), so the code widens rather than refusing. */
  if (seq > 9999999) {
    return qt_fail(err, QT_ECONFLICT,
                   "The demand numbers of %04d (up to QT-%04d-9999999) "
                   "are used up.", year, year);
  }
  r->code = arena_printf(a, "QT-%04d-%06lld", year, (long long)seq);
  month_of(r->d.submitted_at, month);
  r->next_due_at = next_due(&r->d, cal);
  if (q_open(st, STMT_DEMAND_INSERT, &q, err) != QT_OK) return err->code;
  q_text(&q, 1, r->code);
  q_int(&q, 2, r->d.enterprise_id);
  q_id(&q, 3, r->project_id);
  q_text(&q, 4, r->region_code);
  q_int(&q, 5, r->submitter_id);
  q_id(&q, 6, r->commissioner_id);
  q_text(&q, 7, r->channel);
  q_text(&q, 8, r->category);
  q_text(&q, 9, r->subcategory);
  q_text(&q, 10, r->kind);
  q_text(&q, 11, r->urgency);
  q_text(&q, 12, r->title);
  q_text(&q, 13, r->content);
  q_int(&q, 14, r->policy_id);
  q_text(&q, 15, demand_status_name(r->d.status));
  q_int(&q, 16, r->d.submitted_at);
  q_int(&q, 17, r->d.assign_due);
  q_id(&q, 18, r->next_due_at);
  q_text(&q, 19, month);
  q_id(&q, 20, r->visit_id);
  if (q_insert(&q, &r->d.id) != QT_OK) return err->code;
  if (insert_event(st, r->d.id, ev, data, err) != QT_OK) return err->code;
  return stats_move(st, NULL, r, err);
}

QtCode store_demand_get(Store *st, const Scope *scope, int64_t id, Arena *a,
                        DemandRecord *out, QtError *err)
{
  Q q;

  if (q_open_scoped_dept(st, STMT_DEMAND_GET, scope, &q, err) != QT_OK) {
    return err->code;
  }
  q_int(&q, 6, id);
  return read_one(&q, read_demand, a, out, "demand");
}

static bool same_text(const char *a, const char *b)
{
  return a == b || (a && b && strcmp(a, b) == 0);
}

/* True when, of the columns STMT_DEMAND_UPDATE writes, only steps_done
 * and next_due_at may differ between OLD and R (a fired ladder step):
 * keep the list in step with that statement's. */
static bool only_steps_moved(const DemandRecord *old, const DemandRecord *r)
{
  const Demand *o = &old->d, *d = &r->d;

  return o->status == d->status &&
         o->lead_department_id == d->lead_department_id &&
         o->is_return_pending == d->is_return_pending &&
         o->returned_from == d->returned_from &&
         o->status_before_return == d->status_before_return &&
         o->return_count == d->return_count &&
         o->reopen_count == d->reopen_count && o->outcome == d->outcome &&
         o->satisfaction == d->satisfaction &&
         o->extension_pending_days == d->extension_pending_days &&
         o->extension_days == d->extension_days &&
         o->assigned_at == d->assigned_at &&
         o->first_assigned_at == d->first_assigned_at &&
         o->accepted_at == d->accepted_at &&
         o->answered_at == d->answered_at &&
         o->resolved_at == d->resolved_at && o->closed_at == d->closed_at &&
         o->answer_due == d->answer_due &&
         o->resolve_due == d->resolve_due && o->paused_at == d->paused_at &&
         o->paused_seconds == d->paused_seconds &&
         same_text(old->answer, r->answer) &&
         same_text(old->result, r->result);
}

QtCode store_demand_save(Store *st, const DemandRecord *old,
                         DemandRecord *r, const DemandEvent *ev,
                         const char *data, const Calendar *cal,
                         QtError *err)
{
  const Demand *d = &r->d;
  Q q;
  int i;

  r->next_due_at = next_due(d, cal);
  if (only_steps_moved(old, r)) {
    if (q_open(st, STMT_DEMAND_UPDATE_STEPS, &q, err) != QT_OK) {
      return err->code;
    }
    q_int(&q, 1, d->id);
    q_int(&q, 2, (int64_t)d->steps_done);
    q_id(&q, 3, r->next_due_at);
    if (updated_one(&q, "demand") != QT_OK) return err->code;
  } else {
    if (q_open(st, STMT_DEMAND_UPDATE, &q, err) != QT_OK) return err->code;
    q_int(&q, 1, d->id);
    q_text(&q, 2, demand_status_name(d->status));
    q_id(&q, 3, d->lead_department_id);
    q_int(&q, 4, d->is_return_pending);
    q_id(&q, 5, d->returned_from);
    q_text(&q, 6, d->is_return_pending
                    ? demand_status_name(d->status_before_return)
                    : NULL);
    q_int(&q, 7, d->return_count);
    q_int(&q, 8, d->reopen_count);
    q_text(&q, 9, outcome_text(d->outcome));
    q_text(&q, 10, satisfaction_text(d->satisfaction));
    q_int(&q, 12, d->extension_pending_days);
    q_int(&q, 13, d->extension_days);
    q_id(&q, 14, d->assigned_at);
    q_id(&q, 15, d->first_assigned_at);
    q_id(&q, 16, d->accepted_at);
    q_id(&q, 17, d->answered_at);
    q_id(&q, 18, d->resolved_at);
    q_id(&q, 19, d->closed_at);
    q_id(&q, 20, d->answer_due);
    q_id(&q, 21, d->resolve_due);
    q_id(&q, 22, d->paused_at);
    q_int(&q, 23, d->paused_seconds);
    q_int(&q, 24, (int64_t)d->steps_done);
    q_id(&q, 25, r->next_due_at);
    q_text(&q, 26, r->answer);
    q_text(&q, 27, r->result);
    if (updated_one(&q, "demand") != QT_OK) return err->code;
  }
  if (old->d.duplicate_of != d->duplicate_of) {
    if (q_open(st, STMT_DEMAND_SET_DUPLICATE, &q, err) != QT_OK) {
      return err->code;
    }
    q_int(&q, 1, d->id);
    q_id(&q, 2, d->duplicate_of);
    if (q_exec(&q) != QT_OK) return err->code;
  }
  if (old->d.n_co != d->n_co ||
      memcmp(old->d.co_department_ids, d->co_department_ids,
             sizeof d->co_department_ids) != 0) {
    if (q_open(st, STMT_DEMAND_CO_CLEAR, &q, err) != QT_OK) return err->code;
    q_int(&q, 1, d->id);
    if (q_exec(&q) != QT_OK) return err->code;
    for (i = 0; i < d->n_co; i++) {
      if (q_open(st, STMT_DEMAND_CO_ADD, &q, err) != QT_OK) return err->code;
      q_int(&q, 1, d->id);
      q_int(&q, 2, d->co_department_ids[i]);
      if (q_exec(&q) != QT_OK) return err->code;
    }
  }
  if (insert_event(st, d->id, ev, data, err) != QT_OK) return err->code;
  return stats_move(st, old, r, err);
}

/* The variants of a driven statement are laid out as db.h says. */
_Static_assert(STMT_DEMAND_LIST_BY_OPEN ==
                 STMT_DEMAND_LIST + DRIVE_OPEN * SV_N_DEPT,
               "DRIVEN variants follow DemandDriver");
_Static_assert(STMT_DEMAND_COUNT_BY_OPEN ==
                 STMT_DEMAND_COUNT + DRIVE_OPEN * SV_N_DEPT,
               "DRIVEN variants follow DemandDriver");
_Static_assert(STMT_DEMAND_COUNT_BY_INBOX ==
                 STMT_DEMAND_COUNT + DRIVE_INBOX * SV_N_DEPT,
               "DRIVEN variants follow DemandDriver");
_Static_assert(STMT_DEMAND_COUNT_BY_ID ==
                 STMT_DEMAND_COUNT + DRIVE_ID * SV_N_DEPT,
               "DRIVEN variants follow DemandDriver");

/* True when the status set STATUSES (",a,b,") holds open statuses only. */
static bool is_open_only(const char *statuses)
{
  static const char *const done[] = {",closed,", ",withdrawn,", ",merged,"};
  size_t i;

  for (i = 0; i < sizeof done / sizeof done[0]; i++) {
    if (strstr(statuses, done[i])) return false;
  }
  return true;
}

/* True when Q is two characters, which the pair index (demand_bigram,
 * migration 011) holds as one term each: as they are, case and all, as
 * instr then tests them.  The HTTP layer takes only UTF-8, so the count
 * of characters is the tokenizer's (bigram.c). */
static bool is_short_text(const char *q)
{
  return utf8_length(q) == 2;
}

/* A region code's digits that name its city: CITY_KEY's substr. */
#define CITY_DIGITS 4

/* The filter of F that should lead the query, if any: the rarest first.
 * Each driver's plain term must follow from F's filters, so that the
 * variant selects exactly the rows the others do: an overdue stage is a
 * running one, so its demand is open.  NARROW is the scope narrowed by
 * F's region (narrowed_scope): a region of a city or below leads by its
 * city (CITY_KEY), in id order, which a page stops early in.  A count
 * (COUNTS) reads every row it counts, and demand_region's range holds a
 * county's alone where its city holds a dozen counties: it reads the
 * city only for the open demands, of which the city has fewer than the
 * county has in all.  Wider than a city, or an admin's, a list newest
 * first reads by id (DRIVE_ID): the scope is most of the rows, where
 * demand_status or demand_region would read all it holds and sort. */
static DemandDriver driver_of(const DemandFilter *f, const Scope *narrow,
                              StmtId base)
{
  bool is_open = f->overdue || (f->statuses && is_open_only(f->statuses));
  bool in_city = narrow->kind == SCOPE_REGION &&
                 strlen(narrow->region_lo) >= CITY_DIGITS;
  bool counts = base == STMT_DEMAND_COUNT;
  bool is_wide = base == STMT_DEMAND_LIST &&
                 (narrow->kind == SCOPE_ALL ||
                  (narrow->kind == SCOPE_REGION && !in_city));

  if (f->is_extension_pending) return DRIVE_EXTENSION;
  if (f->department_id) {
    return is_open ? DRIVE_INBOX : DRIVE_DEPARTMENT;
  }
  if (f->q && is_short_text(f->q)) return DRIVE_SHORT_TEXT;
  if (in_city && is_open) return DRIVE_OPEN_CITY;
  if (in_city && !counts) return DRIVE_CITY;
  if (is_wide) return DRIVE_ID;
  if (is_open) return DRIVE_OPEN;
  return DRIVE_SCOPE;
}

/*
 * The scope to bind for F: SCOPE itself, or, when F's region filter lies
 * inside a region scope (or an admin's), that region's range, so the
 * demand_region index reads the county asked for rather than the whole
 * city.  The filter itself stays in the query, so the rows are the same;
 * a region around the scope keeps the scope, and one beside it (prefix
 * ranges nest or are apart) leaves nothing to read: SCOPE_NONE, which
 * finds nothing without walking the city it would not match in.  For
 * the region alone (is_region_exact) the range is [code, code "0"), which
 * holds the code and nothing longer or different.
 */
static void narrowed_scope(const Scope *scope, const DemandFilter *f,
                           Scope *out)
{
  char lo[16], hi[16];
  QtError ignored;
  size_t n;

  *out = *scope;
  if (!f->region ||
      (scope->kind != SCOPE_REGION && scope->kind != SCOPE_ALL)) {
    return;
  }
  qt_error_clear(&ignored);
  /* A malformed code is reported when the filter is bound. */
  if (scope_region_range(f->region, lo, hi, &ignored) != QT_OK) return;
  if (f->is_region_exact) {
    n = strlen(f->region);
    memcpy(lo, f->region, n + 1);
    memcpy(hi, f->region, n);
    hi[n] = '0';
    hi[n + 1] = '\0';
  }
  if (scope->kind == SCOPE_REGION && (strcmp(hi, scope->region_lo) <= 0 ||
                                      strcmp(lo, scope->region_hi) >= 0)) {
    out->kind = SCOPE_NONE;
    return;
  }
  if (scope->kind == SCOPE_REGION && (strcmp(lo, scope->region_lo) < 0 ||
                                      strcmp(hi, scope->region_hi) > 0)) {
    return;
  }
  out->kind = SCOPE_REGION;
  memcpy(out->region_lo, lo, sizeof out->region_lo);
  memcpy(out->region_hi, hi, sizeof out->region_hi);
}

/* Open the variant of driven statement BASE for SCOPE and F, and bind
 * F's filters (?8..?20, ?22, ?23); the caller binds the cursor and
 * limit.  QT_ENOTFOUND when SCOPE sees nothing; QT_EBADREQ for a
 * malformed region. */
static QtCode open_demands(Store *st, StmtId base, const Scope *scope,
                           const DemandFilter *f, Q *q, QtError *err)
{
  Scope narrow;
  DemandDriver driver;
  size_t chars;

  narrowed_scope(scope, f, &narrow);
  driver = driver_of(f, &narrow, base);
  if (q_open_scoped_dept(st, (StmtId)(base + driver * SV_N_DEPT), &narrow,
                         q, err) != QT_OK) {
    return err->code;
  }
  if (driver == DRIVE_CITY || driver == DRIVE_OPEN_CITY) {
    char city[CITY_DIGITS + 1];
    memcpy(city, narrow.region_lo, CITY_DIGITS);
    city[CITY_DIGITS] = '\0';
    q_text(q, 24, city);
  }
  q_text(q, 8, f->statuses);
  q_text(q, 9, f->category);
  q_id(q, 10, f->department_id);
  if (bind_region_filter(q, 11, f->region, err) != QT_OK) {
    q_close(q);
    /* A malformed code is the client's mistake, like any bad filter. */
    err->code = QT_EBADREQ;
    return QT_EBADREQ;
  }
  q_id(q, 13, f->enterprise_id);
  q_id(q, 14, f->commissioner_id);
  q_id(q, 15, f->from);
  q_id(q, 16, f->to);
  if (f->q) {
    /* Trigrams need three characters; shorter words are searched
     * directly (and case-sensitively, as instr does). */
    chars = utf8_length(f->q);
    if (chars >= 3) {
      q_text(q, 17, f->q);
    } else {
      q_text(q, 18, f->q);
    }
  }
  q_text(q, 19, f->overdue);
  q_int(q, 20, f->now);
  if (f->is_extension_pending) q_int(q, 22, 1);
  if (f->is_region_exact) q_text(q, 23, f->region);
  return QT_OK;
}

QtCode store_demand_list(Store *st, const Scope *scope,
                         const DemandFilter *f, const char *cursor, int limit,
                         Arena *a, DemandRecord **items, int *n_items,
                         char **next, QtError *err)
{
  bool by_due = f->sort == DEMAND_SORT_DUE;
  long long c_due = INT64_MIN, c_id = by_due ? 0 : INT64_MAX;
  Q q;

  *n_items = 0;
  *next = NULL;
  if (cursor) {
    int ok = by_due ? sscanf(cursor, "%lld.%lld", &c_due, &c_id) == 2
                    : sscanf(cursor, "%lld", &c_id) == 1;
    if (!ok) {
      qt_field(err, "cursor", "is not a cursor this list returned");
      return qt_fail(err, QT_EBADREQ, "The cursor is invalid.");
    }
  }
  if (open_demands(st, by_due ? STMT_DEMAND_LIST_DUE : STMT_DEMAND_LIST,
                   scope, f, &q, err) != QT_OK) {
    return err->code == QT_ENOTFOUND ? QT_OK : err->code;
  }
  q_int(&q, 6, c_id);
  q_int(&q, 7, limit);
  if (by_due) q_int(&q, 21, c_due);
  if (read_rows(&q, limit, sizeof(DemandRecord), read_demand, a,
                (void **)items, n_items) != QT_OK) {
    return err->code;
  }
  if (*n_items == limit) {
    const DemandRecord *last = &(*items)[*n_items - 1];
    if (by_due) {
      *next = arena_printf(a, "%lld.%lld",
                           (long long)demand_running_due(&last->d),
                           (long long)last->d.id);
    } else {
      *next = arena_printf(a, "%lld", (long long)last->d.id);
    }
  }
  return QT_OK;
}

/* Run count statement Q (opened and bound) into *TOTAL; closes Q. */
static QtCode read_count(Q *q, int64_t *total)
{
  int rc = q_step(q);

  if (rc == 1) *total = q_col_int(q, 0);
  q_close(q);
  return rc < 0 ? q->err->code : QT_OK;
}

/* True when T is the first second of a month in China Standard Time,
 * that month's 'YYYY-MM' into MONTH. */
static bool is_month_start(QtTime t, char month[8])
{
  char date[QT_TIME_TEXT];

  qt_date_format(t, date);
  if ((t + QT_CST_OFFSET) % 86400 != 0 || strcmp(date + 7, "-01") != 0) {
    return false;
  }
  month_of(t, month);
  return true;
}

/*
 * Count the demands of SCOPE and F from the rollups, when they can say:
 * F filters by nothing but statuses, category, lead department, region
 * and whole months of submission, in a region scope or an admin's.
 * Every demand is one in its status's column of the row of its month,
 * region, lead department and category (stats_of_demand), moved in the
 * transaction that changes it (stats_move), so the sum is the count of
 * the rows.  False leaves the count to the rows.  The leader's list of
 * what the rates count (every status but two) totals a city's 800,000
 * demands at the province size: 2.5 s read row by row.
 */
static bool count_from_rollups(Store *st, const Scope *scope,
                               const DemandFilter *f, int64_t *total,
                               QtError *err, QtCode *rc)
{
  char from[8], to[8], name[24], lo[16], hi[16];
  QtError ignored;
  Scope narrow;
  Q q;
  int i;

  if (f->enterprise_id || f->commissioner_id || f->overdue || f->q ||
      f->is_extension_pending || (f->from && !is_month_start(f->from, from)) ||
      (f->to && !is_month_start(f->to, to))) {
    return false;
  }
  /* A malformed region is the rows' count's to report (open_demands). */
  qt_error_clear(&ignored);
  if (f->region && scope_region_range(f->region, lo, hi, &ignored) != QT_OK) {
    return false;
  }
  narrowed_scope(scope, f, &narrow);
  if (narrow.kind != SCOPE_REGION && narrow.kind != SCOPE_ALL) return false;
  *rc = q_open(st, f->category ? STMT_DEMAND_COUNT_ROLLUP_CATEGORY
                               : STMT_DEMAND_COUNT_ROLLUP, &q, err);
  if (*rc != QT_OK) return true;
  /* An admin's range is every code, as in store_stats. */
  q_text(&q, 1, narrow.kind == SCOPE_REGION ? narrow.region_lo : "");
  q_text(&q, 2, narrow.kind == SCOPE_REGION ? narrow.region_hi : "~");
  q_text(&q, 4, f->category);
  q_id(&q, 5, f->department_id);
  q_text(&q, 6, f->from ? from : NULL);
  q_text(&q, 7, f->to ? to : NULL);
  *rc = q_step(&q) < 0 ? err->code : QT_OK;
  for (i = 0; *rc == QT_OK && i < DEMAND_STATUS_COUNT; i++) {
    snprintf(name, sizeof name, ",%s,", demand_status_name((DemandStatus)i));
    if (!f->statuses || strstr(f->statuses, name)) *total += q_col_int(&q, i);
  }
  q_close(&q);
  return true;
}

QtCode store_demand_count(Store *st, const Scope *scope,
                          const DemandFilter *f, int64_t *total, QtError *err)
{
  QtCode rc;
  Q q;

  *total = 0;
  if (count_from_rollups(st, scope, f, total, err, &rc)) return rc;
  if (open_demands(st, STMT_DEMAND_COUNT, scope, f, &q, err) != QT_OK) {
    return err->code == QT_ENOTFOUND ? QT_OK : err->code;
  }
  return read_count(&q, total);
}

static void read_event(Q *q, Arena *a, void *item)
{
  DemandEventRecord *e = item;

  e->id = q_col_int(q, 0);
  e->at = q_col_int(q, 1);
  e->actor_id = q_col_int(q, 2);
  e->actor_name = q_col_text(q, 3, a);
  e->actor_role = q_col_text(q, 4, a);
  e->action = q_col_text(q, 5, a);
  e->from_status = q_col_text(q, 6, a);
  e->to_status = q_col_text(q, 7, a);
  e->stage = q_col_text(q, 8, a);
  e->rung = q_col_text(q, 9, a);
  e->note = q_col_text(q, 10, a);
  e->data = q_col_text(q, 11, a);
}

QtCode store_demand_events(Store *st, int64_t id, Arena *a,
                           DemandEventRecord **items, int *n_items,
                           QtError *err)
{
  Q q;

  if (q_open(st, STMT_DEMAND_EVENTS, &q, err) != QT_OK) return err->code;
  q_int(&q, 1, id);
  /* A demand's whole life fits: even a much-disputed one has dozens. */
  return read_rows(&q, 5000, sizeof(DemandEventRecord), read_event, a,
                   (void **)items, n_items);
}

QtCode store_demand_due(Store *st, QtTime now, int limit, Arena *a,
                        int64_t **ids, int *n_ids, QtError *err)
{
  Q q;
  int rc = 0;

  *ids = arena_alloc(a, sizeof **ids * (size_t)(limit > 0 ? limit : 1));
  *n_ids = 0;
  if (q_open(st, STMT_DEMAND_DUE, &q, err) != QT_OK) return err->code;
  q_int(&q, 1, now);
  q_int(&q, 2, limit);
  while (*n_ids < limit) {
    rc = q_step(&q);
    if (rc != 1) break;
    (*ids)[(*n_ids)++] = q_col_int(&q, 0);
  }
  q_close(&q);
  return rc < 0 ? err->code : QT_OK;
}

QtCode store_demand_commissioner(Store *st, int64_t enterprise_id,
                                 int64_t *user_id, QtError *err)
{
  char today[QT_TIME_TEXT];
  Q q;
  int rc;

  *user_id = 0;
  db_today(today);
  if (q_open(st, STMT_DEMAND_COMMISSIONER, &q, err) != QT_OK) {
    return err->code;
  }
  q_int(&q, 1, enterprise_id);
  q_text(&q, 2, today);
  rc = q_step(&q);
  if (rc == 1) *user_id = q_col_int(&q, 0);
  q_close(&q);
  return rc < 0 ? err->code : QT_OK;
}

QtCode store_demand_reschedule(Store *st, const DemandRecord *r,
                               const Calendar *cal, QtError *err)
{
  Q q;

  if (q_open(st, STMT_DEMAND_SET_NEXT_DUE, &q, err) != QT_OK) {
    return err->code;
  }
  q_int(&q, 1, r->d.id);
  q_id(&q, 2, next_due(&r->d, cal));
  return q_exec(&q);
}

/* ---- supervision, accountability, notifications, extensions ------------ */

/* The unit a stage's notice goes to: the dispatcher's office (NULL
 * department) before assignment, the lead department after. */
static int64_t stage_department(const DemandRecord *r, DemandStage stage)
{
  return stage == STAGE_ASSIGN ? 0 : r->d.lead_department_id;
}

QtCode store_supervision_open(Store *st, const DemandRecord *r,
                              DemandStage stage, QtTime at, QtError *err)
{
  Q q;

  if (q_open(st, STMT_SUPERVISION_OPEN, &q, err) != QT_OK) return err->code;
  q_int(&q, 1, r->d.id);
  q_text(&q, 2, demand_stage_name(stage));
  q_id(&q, 3, stage_department(r, stage));
  q_text(&q, 4, r->region_code);
  q_int(&q, 5, at);
  return q_exec(&q);
}

QtCode store_supervision_escalate(Store *st, int64_t demand_id,
                                  DemandStage stage, QtTime at, QtError *err)
{
  Q q;

  if (q_open(st, STMT_SUPERVISION_ESCALATE, &q, err) != QT_OK) {
    return err->code;
  }
  q_int(&q, 1, demand_id);
  q_text(&q, 2, demand_stage_name(stage));
  q_int(&q, 3, at);
  return q_exec(&q);
}

QtCode store_supervision_close_done(Store *st, const DemandRecord *r,
                                    QtTime at, QtError *err)
{
  const Demand *d = &r->d;
  bool done[STAGE_COUNT];
  bool is_over = !demand_is_open(d->status);
  int s;
  Q q;

  done[STAGE_ASSIGN] = is_over || d->first_assigned_at != 0;
  done[STAGE_ANSWER] = is_over || d->answered_at != 0;
  done[STAGE_RESOLVE] = is_over || d->resolved_at != 0;
  for (s = 0; s < STAGE_COUNT; s++) {
    if (!done[s]) continue;
    if (q_open(st, STMT_SUPERVISION_CLOSE, &q, err) != QT_OK) {
      return err->code;
    }
    q_int(&q, 1, d->id);
    q_text(&q, 2, demand_stage_name((DemandStage)s));
    q_int(&q, 3, at);
    if (q_exec(&q) != QT_OK) return err->code;
  }
  return QT_OK;
}

QtCode store_accountability_add(Store *st, const DemandRecord *r,
                                DemandStage stage, QtTime at, QtError *err)
{
  char month[8];
  Q q;

  month_of(at, month);
  if (q_open(st, STMT_ACCOUNTABILITY_INSERT, &q, err) != QT_OK) {
    return err->code;
  }
  q_int(&q, 1, r->d.id);
  q_text(&q, 2, demand_stage_name(stage));
  q_id(&q, 3, stage_department(r, stage));
  q_text(&q, 4, r->region_code);
  q_int(&q, 5, at);
  q_text(&q, 6, month);
  return q_exec(&q);
}

QtCode store_notify(Store *st, const char *kind, int64_t demand_id,
                    int64_t user_id, int64_t department_id,
                    const char *region_code, const char *text, QtTime at,
                    QtError *err)
{
  Q q;

  if (q_open(st, STMT_NOTIFY, &q, err) != QT_OK) return err->code;
  q_text(&q, 1, kind);
  q_id(&q, 2, demand_id);
  q_id(&q, 3, user_id);
  q_id(&q, 4, department_id);
  q_text(&q, 5, region_code);
  q_int(&q, 6, at);
  q_text(&q, 7, text);
  return q_exec(&q);
}

QtCode store_extension_request(Store *st, int64_t demand_id, int days,
                               const char *reason, int64_t user_id,
                               QtTime at, QtError *err)
{
  Q q;

  if (q_open(st, STMT_EXTENSION_INSERT, &q, err) != QT_OK) return err->code;
  q_int(&q, 1, demand_id);
  q_int(&q, 2, days);
  q_text(&q, 3, reason);
  q_int(&q, 4, user_id);
  q_int(&q, 5, at);
  return q_exec(&q);
}

QtCode store_extension_decide(Store *st, int64_t demand_id, bool approved,
                              int64_t user_id, QtTime at, QtError *err)
{
  Q q;

  if (q_open(st, STMT_EXTENSION_DECIDE, &q, err) != QT_OK) return err->code;
  q_int(&q, 1, demand_id);
  q_int(&q, 2, approved);
  q_int(&q, 3, user_id);
  q_int(&q, 4, at);
  return q_exec(&q);
}

static void read_supervision(Q *q, Arena *a, void *item)
{
  SupervisionRecord *s = item;

  s->id = q_col_int(q, 0);
  s->demand_id = q_col_int(q, 1);
  s->demand_code = q_col_text(q, 2, a);
  s->demand_title = q_col_text(q, 3, a);
  s->stage = q_col_text(q, 4, a);
  s->department_id = q_col_int(q, 5);
  s->department_name = q_col_text(q, 6, a);
  s->region_code = q_col_text(q, 7, a);
  s->opened_at = q_col_int(q, 8);
  s->escalated_at = q_col_int(q, 9);
  s->closed_at = q_col_int(q, 10);
}

QtCode store_supervision_list(Store *st, const Scope *scope,
                              bool with_closed, int64_t cursor, int limit,
                              Arena *a, SupervisionRecord **items,
                              int *n_items, QtError *err)
{
  Q q;

  *n_items = 0;
  if (q_open_scoped_dept(st, with_closed ? STMT_SUPERVISION_LIST
                                         : STMT_SUPERVISION_LIST_OPEN,
                         scope, &q, err) != QT_OK) {
    return err->code == QT_ENOTFOUND ? QT_OK : err->code;
  }
  q_int(&q, 6, cursor > 0 ? cursor : INT64_MAX);
  q_int(&q, 7, limit);
  return read_rows(&q, limit, sizeof(SupervisionRecord), read_supervision, a,
                   (void **)items, n_items);
}

QtCode store_supervision_count(Store *st, const Scope *scope,
                               bool with_closed, int64_t *total,
                               QtError *err)
{
  Q q;

  *total = 0;
  if (q_open_scoped_dept(st, with_closed ? STMT_SUPERVISION_COUNT
                                         : STMT_SUPERVISION_COUNT_OPEN,
                         scope, &q, err) != QT_OK) {
    return err->code == QT_ENOTFOUND ? QT_OK : err->code;
  }
  return read_count(&q, total);
}

QtCode store_accountability_list(Store *st, const Scope *scope,
                                 const char *from, const char *to,
                                 int64_t cursor, int limit, Arena *a,
                                 SupervisionRecord **items, int *n_items,
                                 QtError *err)
{
  Q q;

  *n_items = 0;
  if (q_open_scoped_dept(st, STMT_ACCOUNTABILITY_LIST, scope, &q, err) !=
      QT_OK) {
    return err->code == QT_ENOTFOUND ? QT_OK : err->code;
  }
  q_int(&q, 6, cursor > 0 ? cursor : INT64_MAX);
  q_int(&q, 7, limit);
  q_text(&q, 8, from);
  q_text(&q, 9, to);
  return read_rows(&q, limit, sizeof(SupervisionRecord), read_supervision, a,
                   (void **)items, n_items);
}

QtCode store_accountability_count(Store *st, const Scope *scope,
                                  const char *from, const char *to,
                                  int64_t *total, QtError *err)
{
  Q q;

  *total = 0;
  if (q_open_scoped_dept(st, STMT_ACCOUNTABILITY_COUNT, scope, &q, err) !=
      QT_OK) {
    return err->code == QT_ENOTFOUND ? QT_OK : err->code;
  }
  q_text(&q, 8, from);
  q_text(&q, 9, to);
  return read_count(&q, total);
}

static void read_notification(Q *q, Arena *a, void *item)
{
  NotificationRecord *n = item;

  n->id = q_col_int(q, 0);
  n->kind = q_col_text(q, 1, a);
  n->demand_id = q_col_int(q, 2);
  n->demand_code = q_col_text(q, 3, a);
  n->user_id = q_col_int(q, 4);
  n->department_id = q_col_int(q, 5);
  n->region_code = q_col_text(q, 6, a);
  n->created_at = q_col_int(q, 7);
  n->read_at = q_col_int(q, 8);
  n->text = q_col_text(q, 9, a);
}

/* Open the notification list in SCOPE; QT_ENOTFOUND when SCOPE receives
 * nothing at all. */
static QtCode open_notifications(Store *st, const Scope *scope,
                                 int64_t cursor, int limit, Q *q,
                                 QtError *err)
{
  if (q_open_scoped_dept(st, STMT_NOTIFICATION_LIST, scope, q, err) !=
      QT_OK) {
    return err->code;
  }
  q_int(q, 6, cursor > 0 ? cursor : INT64_MAX);
  q_int(q, 7, limit);
  return QT_OK;
}

QtCode store_notification_list(Store *st, const Scope *scope,
                               bool unread_only, int64_t cursor, int limit,
                               Arena *a, NotificationRecord **items,
                               int *n_items, QtError *err)
{
  QtError none;
  Q q;

  *items = NULL;
  *n_items = 0;
  qt_error_clear(&none);
  if (open_notifications(st, scope, cursor, limit, &q, &none) != QT_OK) {
    if (none.code == QT_ENOTFOUND) return QT_OK;
    *err = none;
    return err->code;
  }
  if (unread_only) q_int(&q, 9, 1);
  return read_rows(&q, limit, sizeof(NotificationRecord), read_notification,
                   a, (void **)items, n_items);
}

QtCode store_notification_read(Store *st, const Scope *scope, int64_t id,
                               QtTime at, Arena *a, NotificationRecord *out,
                               QtError *err)
{
  Q q;

  if (q_open_scoped_dept(st, STMT_NOTIFICATION_READ, scope, &q, err) !=
      QT_OK) {
    if (err->code != QT_ENOTFOUND) return err->code;
    return qt_fail(err, QT_ENOTFOUND, "No such notification.");
  }
  q_int(&q, 6, id);
  q_int(&q, 7, at);
  if (updated_one(&q, "notification") != QT_OK) return err->code;
  if (open_notifications(st, scope, 0, 1, &q, err) != QT_OK) {
    return err->code;
  }
  q_int(&q, 8, id);
  return read_one(&q, read_notification, a, out, "notification");
}

/* ---- rates ------------------------------------------------------------ */

/* The groups summed in C from a rollup's rows (store_stats), in the
 * order the rows come: slots index them by key. */
typedef struct GroupSums {
  StatsRow *rows;  /* owned (qt_realloc); keys and labels in the arena */
  size_t *lens;    /* owned: each key's length */
  int n_rows;
  int cap;         /* entries of rows and lens */
  int *slots;      /* owned: index + 1 into rows, 0 when free */
  size_t mask;     /* slots has mask + 1 entries, a power of two */
} GroupSums;

static size_t key_hash(const char *s, size_t n)
{
  uint64_t h = 14695981039346656037u; /* FNV-1a */
  size_t i;

  for (i = 0; i < n; i++) {
    h = (h ^ (unsigned char)s[i]) * 1099511628211u;
  }
  return (size_t)h;
}

/* The slot of KEY (N bytes) in G: its group's, or the free one where it
 * would go. */
static size_t group_slot(const GroupSums *g, const char *key, size_t n)
{
  size_t i = key_hash(key, n) & g->mask;
  int k;

  for (;;) {
    k = g->slots[i];
    if (k == 0 ||
        (g->lens[k - 1] == n && memcmp(g->rows[k - 1].key, key, n) == 0)) {
      return i;
    }
    i = (i + 1) & g->mask;
  }
}

/* Room for one more group, the slots at most half full. */
static void group_reserve(GroupSums *g)
{
  size_t i;
  int k;

  if (g->n_rows == g->cap) {
    g->cap = g->cap ? g->cap * 2 : 256;
    g->rows = qt_realloc(g->rows, sizeof *g->rows * (size_t)g->cap);
    g->lens = qt_realloc(g->lens, sizeof *g->lens * (size_t)g->cap);
  }
  if ((size_t)(g->n_rows + 1) * 2 <= g->mask + 1) return;
  g->mask = g->mask ? g->mask * 2 + 1 : 511;
  free(g->slots);
  g->slots = qt_calloc(g->mask + 1, sizeof *g->slots);
  for (k = 0; k < g->n_rows; k++) {
    i = group_slot(g, g->rows[k].key, g->lens[k]);
    g->slots[i] = k + 1;
  }
}

/* Step Q to the end, adding each row (key, label, counters) to its
 * group's sums in G. */
static QtCode sum_rows(Q *q, Arena *a, GroupSums *g)
{
  StatsRow *r;
  const char *key;
  int64_t *c;
  size_t n, i;
  int rc, k;

  group_reserve(g);
  for (;;) {
    rc = q_step(q);
    if (rc != 1) break;
    key = q_col_peek(q, 0, &n);
    if (!key) key = ""; /* keys are NOT NULL columns or literals */
    i = group_slot(g, key, n);
    if (g->slots[i] == 0) {
      group_reserve(g);
      i = group_slot(g, key, n);
      r = &g->rows[g->n_rows];
      memset(r, 0, sizeof *r);
      r->key = arena_strndup(a, key, n);
      r->label = q_col_text(q, 1, a);
      g->lens[g->n_rows] = n;
      g->slots[i] = ++g->n_rows;
    }
    c = stats_counters_mut(&g->rows[g->slots[i] - 1].stats);
    for (k = 0; k < STATS_N_COUNTERS; k++) {
      c[k] += q_col_int(q, 2 + k);
    }
  }
  q_close(q);
  return rc < 0 ? q->err->code : QT_OK;
}

/* Ids in key order: as numbers, which they are (no sign, no leading
 * zero), so the shorter is the smaller. */
static int cmp_id_key(const void *pa, const void *pb)
{
  const StatsRow *a = pa, *b = pb;
  size_t na = strlen(a->key), nb = strlen(b->key);

  if (na != nb) return na < nb ? -1 : 1;
  return strcmp(a->key, b->key);
}

/* Region codes, months and categories: bytewise, as SQLite's BINARY
 * collation and the "C" collation of PostgreSQL's columns order them. */
static int cmp_text_key(const void *pa, const void *pb)
{
  return strcmp(((const StatsRow *)pa)->key, ((const StatsRow *)pb)->key);
}

/* A demand leaves its aggregate row when it moves (assigned out of the
 * unassigned row, reassigned to another department), and the row stays
 * behind at zero.  A group whose rows hold no demand in any status is no
 * group: drop it, keeping the order. */
static void drop_empty_groups(StatsRow *rows, int *n_rows)
{
  int i, k, n = 0;
  int64_t demands;

  for (i = 0; i < *n_rows; i++) {
    demands = 0;
    for (k = 0; k < DEMAND_STATUS_COUNT; k++) {
      demands += rows[i].stats.by_status[k];
    }
    if (demands != 0) rows[n++] = rows[i];
  }
  *n_rows = n;
}

QtCode store_stats(Store *st, const Scope *scope, const char *from,
                   const char *to, StatsGroup group, Arena *a,
                   StatsRow **rows, int *n_rows, QtError *err)
{
  static const StmtId stmts[] = {
    [STATS_BY_DEPARTMENT] = STMT_STATS_BY_DEPARTMENT,
    [STATS_BY_REGION] = STMT_STATS_BY_REGION,
    [STATS_BY_COMMISSIONER] = STMT_STATS_BY_COMMISSIONER,
    [STATS_BY_CATEGORY] = STMT_STATS_BY_CATEGORY,
    [STATS_BY_MONTH] = STMT_STATS_BY_MONTH,
    [STATS_BY_NONE] = STMT_STATS_BY_NONE,
  };
  /* Groups are units of one region: a province has 16 cities, a city a
   * few hundred departments and thousands of commissioners. */
  enum { MAX_GROUPS = 20000 };
  const char *lo = "", *hi = "~";
  GroupSums g = {0};
  QtCode rc;
  Q q;

  *rows = NULL;
  *n_rows = 0;
  if (scope->kind == SCOPE_REGION) {
    lo = scope->region_lo;
    hi = scope->region_hi;
  } else if (scope->kind != SCOPE_ALL) {
    /* Rates are for those who rank units: the roles with a region. */
    return qt_fail(err, QT_EFORBIDDEN, "Rates are for regional roles.");
  }
  if (q_open(st, stmts[group], &q, err) != QT_OK) return err->code;
  q_text(&q, 1, lo);
  q_text(&q, 2, hi);
  q_text(&q, 3, from);
  q_text(&q, 4, to);
  if (group == STATS_BY_REGION) {
    size_t n = strlen(lo);
    q_int(&q, 5, n == 0 ? 2 : n < 6 ? (int64_t)n + 2 : 9);
  }
  rc = sum_rows(&q, a, &g);
  if (rc == QT_OK) {
    if (g.n_rows > 1) {
      qsort(g.rows, (size_t)g.n_rows, sizeof *g.rows,
            group == STATS_BY_DEPARTMENT || group == STATS_BY_COMMISSIONER
              ? cmp_id_key
              : cmp_text_key);
    }
    if (group == STATS_BY_NONE && g.n_rows == 0) {
      /* The whole scope is one row, if only of zeros. */
      memset(&g.rows[0], 0, sizeof g.rows[0]);
      g.rows[0].key = arena_strdup(a, "all");
      g.rows[0].label = arena_strdup(a, "");
      g.n_rows = 1;
    } else if (group != STATS_BY_NONE) {
      drop_empty_groups(g.rows, &g.n_rows);
    }
    *n_rows = g.n_rows < MAX_GROUPS ? g.n_rows : MAX_GROUPS;
    *rows = arena_alloc(a, sizeof **rows * (size_t)(*n_rows ? *n_rows : 1));
    memcpy(*rows, g.rows, sizeof **rows * (size_t)*n_rows);
  }
  free(g.rows);
  free(g.lens);
  free(g.slots);
  return rc;
}

/* ---- bulk loading --------------------------------------------------------- */

QtCode store_bulk_demand(Store *st, DemandRecord *r, QtError *err)
{
  const Demand *d = &r->d;
  char month[8];
  Q q;
  int i;

  month_of(d->submitted_at, month);
  if (q_open(st, STMT_BULK_DEMAND_INSERT, &q, err) != QT_OK) {
    return err->code;
  }
  q_text(&q, 1, r->code);
  q_int(&q, 2, d->enterprise_id);
  q_id(&q, 3, r->project_id);
  q_text(&q, 4, r->region_code);
  q_int(&q, 5, r->submitter_id);
  q_id(&q, 6, r->commissioner_id);
  q_text(&q, 7, r->channel);
  q_text(&q, 8, r->category);
  q_text(&q, 9, r->subcategory);
  q_text(&q, 10, r->kind);
  q_text(&q, 11, r->urgency);
  q_text(&q, 12, r->title);
  q_text(&q, 13, r->content);
  q_int(&q, 14, r->policy_id);
  q_text(&q, 15, demand_status_name(d->status));
  q_id(&q, 16, d->lead_department_id);
  q_int(&q, 17, d->is_return_pending);
  q_id(&q, 18, d->returned_from);
  q_text(&q, 19, d->is_return_pending
                   ? demand_status_name(d->status_before_return)
                   : NULL);
  q_int(&q, 20, d->return_count);
  q_int(&q, 21, d->reopen_count);
  q_text(&q, 22, outcome_text(d->outcome));
  q_text(&q, 23, satisfaction_text(d->satisfaction));
  q_id(&q, 24, d->duplicate_of);
  q_int(&q, 25, d->extension_pending_days);
  q_int(&q, 26, d->extension_days);
  q_int(&q, 27, d->submitted_at);
  q_id(&q, 28, d->assigned_at);
  q_id(&q, 29, d->first_assigned_at);
  q_id(&q, 30, d->accepted_at);
  q_id(&q, 31, d->answered_at);
  q_id(&q, 32, d->resolved_at);
  q_id(&q, 33, d->closed_at);
  q_int(&q, 34, d->assign_due);
  q_id(&q, 35, d->answer_due);
  q_id(&q, 36, d->resolve_due);
  q_id(&q, 37, d->paused_at);
  q_int(&q, 38, d->paused_seconds);
  q_int(&q, 39, (int64_t)d->steps_done);
  q_id(&q, 40, r->next_due_at);
  q_text(&q, 41, r->answer);
  q_text(&q, 42, r->result);
  q_text(&q, 43, month);
  q_id(&q, 44, r->visit_id);
  if (q_insert(&q, &r->d.id) != QT_OK) return err->code;
  for (i = 0; i < d->n_co; i++) {
    if (q_open(st, STMT_DEMAND_CO_ADD, &q, err) != QT_OK) return err->code;
    q_int(&q, 1, d->id);
    q_int(&q, 2, d->co_department_ids[i]);
    if (q_exec(&q) != QT_OK) return err->code;
  }
  return QT_OK;
}

QtCode store_bulk_event(Store *st, int64_t demand_id, const DemandEvent *ev,
                        const char *data, QtError *err)
{
  return insert_event(st, demand_id, ev, data, err);
}

QtCode store_bulk_supervision(Store *st, const SupervisionRecord *s,
                              QtError *err)
{
  Q q;

  if (q_open(st, STMT_BULK_SUPERVISION_INSERT, &q, err) != QT_OK) {
    return err->code;
  }
  q_int(&q, 1, s->demand_id);
  q_text(&q, 2, s->stage);
  q_id(&q, 3, s->department_id);
  q_text(&q, 4, s->region_code);
  q_int(&q, 5, s->opened_at);
  q_id(&q, 6, s->escalated_at);
  q_id(&q, 7, s->closed_at);
  return q_exec(&q);
}

QtCode store_bulk_accountability(Store *st, const DemandRecord *r,
                                 DemandStage stage, QtTime at, QtError *err)
{
  return store_accountability_add(st, r, stage, at, err);
}

QtCode store_bulk_stat(Store *st, const char *month, const char *region,
                       int64_t department_id, const char *category,
                       int64_t commissioner_id, const DemandStats *s,
                       QtError *err)
{
  const int64_t *c = stats_counters(s);

  if (commissioner_id) {
    return stat_add(st, STMT_STAT_COMMISSIONER_ADD, month, region,
                    commissioner_id, "", c, err);
  }
  return stat_add_department(st, month, region, department_id, category, c,
                             err);
}

QtCode store_bulk_code_seq(Store *st, int year, int64_t last, QtError *err)
{
  Q q;

  if (q_open(st, STMT_BULK_SEQ_SET, &q, err) != QT_OK) return err->code;
  q_int(&q, 1, year);
  q_int(&q, 2, last);
  return q_exec(&q);
}

/* Run one statement text taken from the schema itself. */
static QtCode exec_schema_text(Store *st, const char *sql, QtError *err)
{
  Q q;

  if (q_open_sql(st, sql, &q, err) != QT_OK) return err->code;
  return q_exec(&q);
}

QtCode store_bulk_defer(Store *st, Arena *a, StoreDeferred *out,
                        QtError *err)
{
  static const char list[] =
    "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND"
    " ((type = 'index' AND tbl_name IN ('demand', 'demand_event'))"
    " OR (type = 'trigger' AND name = 'demand_fts_queue_insert'))"
    " ORDER BY type, name";
  char **names, *type;
  int cap = 32, rc, i;
  Q q;

  memset(out, 0, sizeof *out);
  if (strcmp(store_backend(st), "sqlite") != 0) return QT_OK;
  out->texts = arena_alloc(a, (size_t)cap * sizeof *out->texts);
  names = arena_alloc(a, (size_t)cap * sizeof *names);
  if (q_open_sql(st, list, &q, err) != QT_OK) return err->code;
  while ((rc = q_step(&q)) == 1 && out->n_texts < cap) {
    type = q_col_text(&q, 0, a);
    names[out->n_texts] =
      arena_printf(a, "DROP %s \"%s\"",
                   strcmp(type, "index") == 0 ? "INDEX" : "TRIGGER",
                   q_col_text(&q, 1, a));
    out->texts[out->n_texts] = q_col_text(&q, 2, a);
    if (strcmp(type, "trigger") == 0) out->is_fts_deferred = true;
    out->n_texts++;
  }
  q_close(&q);
  if (rc < 0) return err->code;
  for (i = 0; i < out->n_texts; i++) {
    if (exec_schema_text(st, names[i], err) != QT_OK) return err->code;
  }
  return QT_OK;
}

QtCode store_bulk_restore(Store *st, const StoreDeferred *d, QtError *err)
{
  int i;

  for (i = 0; i < d->n_texts; i++) {
    if (exec_schema_text(st, d->texts[i], err) != QT_OK) return err->code;
  }
  if (!d->is_fts_deferred) return QT_OK;
  /* With FTS5's default hashsize (1 MiB of pending terms) the rebuild
   * writes a segment per megabyte and merges them into levels as it goes,
   * as an index grown by use would be.  A larger one (64 MiB) wrote the
   * whole index as one segment on level 0, which the server's first small
   * segments were then merged with: every few commits rewrote the whole
   * index (seconds at 100,000 demands), in the middle of the requests.
   * The CPU time of the rebuild is the same either way. */
  if (exec_schema_text(st, "INSERT INTO demand_fts (demand_fts) VALUES "
                           "('rebuild')",
                       err) != QT_OK) {
    return err->code;
  }
  return exec_schema_text(st, "INSERT INTO demand_bigram (demand_bigram)"
                              " VALUES ('rebuild')",
                          err);
}
