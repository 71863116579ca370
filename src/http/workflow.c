/*
 * workflow.c — submissions, actions and scheduler steps; see workflow.h.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "workflow.h"

/* ---- the calendar, cached per thread ----------------------------------- */

/* One thread's copy of the calendar.  It lives in thread-specific data
 * rather than in _Thread_local storage because a key's destructor frees
 * it when the thread exits: server worker threads and the scheduler's
 * come and go with the server, and their copies went with them. */
typedef struct ThreadCalendar {
  Calendar cal;    /* the copy */
  Store *st;       /* the connection it was loaded from */
  int64_t version; /* the calendar version it holds; -1 none yet */
} ThreadCalendar;

static pthread_key_t thread_cal_key;
static pthread_once_t thread_cal_once = PTHREAD_ONCE_INIT;

static void thread_cal_free(void *p)
{
  ThreadCalendar *tc = p;

  calendar_reset(&tc->cal);
  free(tc);
}

static void thread_cal_key_make(void)
{
  /* Fails only when the process is out of keys; then every thread's
   * copy leaks at its exit, which is all the key was for. */
  (void)pthread_key_create(&thread_cal_key, thread_cal_free);
}

QtCode workflow_calendar(Store *st, const Calendar **out, QtError *err)
{
  ThreadCalendar *tc;
  int64_t version;

  pthread_once(&thread_cal_once, thread_cal_key_make);
  tc = pthread_getspecific(thread_cal_key);
  if (!tc) {
    tc = qt_calloc(1, sizeof *tc);
    calendar_init(&tc->cal);
    tc->version = -1;
    (void)pthread_setspecific(thread_cal_key, tc); /* see key_make */
  }
  if (store_calendar_version(st, &version, err) != QT_OK) return err->code;
  if (tc->st != st || version != tc->version) {
    Calendar fresh;
    calendar_init(&fresh);
    if (store_calendar_load(st, &fresh, &version, err) != QT_OK) {
      calendar_reset(&fresh);
      return err->code;
    }
    calendar_reset(&tc->cal);
    tc->cal = fresh;
    tc->st = st;
    tc->version = version;
  }
  *out = &tc->cal;
  return QT_OK;
}

/* ---- submitting --------------------------------------------------------- */

/* The commissioner a demand of ENTERPRISE_ID counts for: the one who
 * submits it, or else the enterprise's first active pairing (a team's
 * leader for a team pairing, never a leader's 挂包); 0 when it has none.
 * The store finds it through an index: the paged pairing list scanned
 * every pairing of the city for each submission. */
static int64_t paired_commissioner(Store *st, const Actor *actor,
                                   int64_t enterprise_id)
{
  int64_t id = 0;
  QtError err;

  if (actor->role == ROLE_COMMISSIONER) return actor->user_id;
  qt_error_clear(&err);
  if (store_demand_commissioner(st, enterprise_id, &id, &err) != QT_OK) {
    return 0;
  }
  return id;
}

/* A demand raised on a visit names a visit ACTOR recorded, to the
 * enterprise the demand is for; QT_EINVALID on visit_id otherwise (one
 * answer for absent, out of scope and someone else's, so the field does
 * not reveal which visits exist). */
static QtCode check_visit(Store *st, const Actor *actor,
                          const SubmitInput *in, Arena *a, QtError *err)
{
  Scope scope;
  Visit v;
  QtError lookup;
  QtCode rc;

  store_visit_scope(actor, &scope);
  qt_error_clear(&lookup);
  rc = store_visit_get(st, &scope, in->visit_id, a, &v, &lookup);
  if (rc != QT_OK && rc != QT_ENOTFOUND) {
    *err = lookup;
    return rc;
  }
  if (rc == QT_ENOTFOUND || v.user_id != actor->user_id) {
    qt_field(err, "visit_id", "is not a visit you recorded");
    return qt_fail(err, QT_EINVALID, "No such visit of yours.");
  }
  if (v.enterprise_id != in->enterprise_id) {
    qt_field(err, "visit_id", "is a visit to another enterprise");
    return qt_fail(err, QT_EINVALID,
                   "The visit was to another enterprise than the demand's.");
  }
  return QT_OK;
}

QtCode workflow_submit(Store *st, const Actor *actor, const SubmitInput *in,
                       QtTime now, Arena *a, DemandRecord *out,
                       QtError *err)
{
  const Calendar *cal;
  Enterprise e;
  SlaPolicy policy;
  DemandEvent ev;
  QtError lookup;
  QtCode rc;

  memset(out, 0, sizeof *out);
  rc = store_begin(st, err);
  if (rc != QT_OK) return rc;
  qt_error_clear(&lookup);
  rc = store_enterprise_get(st, &actor->scope, in->enterprise_id, a, &e,
                            &lookup);
  if (rc == QT_ENOTFOUND) {
    qt_field(err, "enterprise_id", "is not an enterprise you serve");
    rc = qt_fail(err, QT_EINVALID, "No such enterprise in your scope.");
  } else if (rc != QT_OK) {
    *err = lookup;
  } else if (e.is_disabled) {
    qt_field(err, "enterprise_id", "is disabled");
    rc = qt_fail(err, QT_EINVALID, "The enterprise is disabled.");
  }
  if (rc == QT_OK && in->project_id) {
    Project p;
    qt_error_clear(&lookup);
    if (store_project_get(st, &actor->scope, in->project_id, a, &p,
                          &lookup) != QT_OK ||
        p.enterprise_id != in->enterprise_id) {
      qt_field(err, "project_id", "is not a project of this enterprise");
      rc = qt_fail(err, QT_EINVALID, "No such project of the enterprise.");
    }
  }
  if (rc == QT_OK && in->visit_id) rc = check_visit(st, actor, in, a, err);
  if (rc == QT_OK) {
    rc = store_policy_match(st, in->category, in->kind, in->urgency, a,
                            &policy, err);
  }
  if (rc == QT_OK) rc = workflow_calendar(st, &cal, err);
  if (rc == QT_OK) {
    out->d.enterprise_id = in->enterprise_id;
    demand_submit(&out->d, &policy.limits, cal, actor, now, &ev);
    out->project_id = in->project_id;
    out->submitter_id = actor->user_id;
    out->commissioner_id = paired_commissioner(st, actor, in->enterprise_id);
    out->channel = (char *)in->channel;
    out->category = (char *)in->category;
    out->subcategory = (char *)in->subcategory;
    out->kind = (char *)in->kind;
    out->urgency = (char *)in->urgency;
    out->title = (char *)in->title;
    out->content = (char *)in->content;
    out->region_code = e.region_code;
    out->enterprise_name = e.name;
    out->policy_id = policy.id;
    out->visit_id = in->visit_id;
    rc = store_demand_create(st, out, &ev, NULL, cal, a, err);
  }
  return store_end(st, rc, err);
}

/* ---- acting ------------------------------------------------------------- */

/* Departments named by an assignment must exist and be enabled. */
/*
 * A department may take a demand when it serves the demand's region or a
 * region above it (a provincial bureau), or lies inside the assigning
 * office's own region (a county bureau of the city).  Another city's
 * bureau is neither: its handlers would then read a demand that is none of
 * their city's business.
 */
static bool may_take(const Actor *actor, const Department *dept,
                     const char *demand_region)
{
  Scope serves = {.kind = SCOPE_REGION};
  QtError ignored;

  if (scope_has_region(&actor->scope, dept->region_code)) return true;
  qt_error_clear(&ignored);
  return demand_region &&
         scope_region_range(dept->region_code, serves.region_lo,
                            serves.region_hi, &ignored) == QT_OK &&
         scope_has_region(&serves, demand_region);
}

static QtCode check_departments(Store *st, const Actor *actor,
                                const DemandInput *in,
                                const char *demand_region, Arena *a,
                                QtError *err)
{
  Department dept;
  QtError lookup;
  int i;

  qt_error_clear(&lookup);
  if (in->lead_department_id) {
    if (store_department_get(st, in->lead_department_id, a, &dept,
                             &lookup) != QT_OK ||
        dept.is_disabled) {
      qt_field(err, "lead_department_id", "is not an active department");
    } else if (!may_take(actor, &dept, demand_region)) {
      qt_field(err, "lead_department_id",
               "serves neither this demand's region nor yours");
    }
  }
  for (i = 0; i < in->n_co; i++) {
    qt_error_clear(&lookup);
    if (store_department_get(st, in->co_department_ids[i], a, &dept,
                             &lookup) != QT_OK ||
        dept.is_disabled) {
      qt_field(err, "co_department_ids", "%lld is not an active department",
               (long long)in->co_department_ids[i]);
    } else if (!may_take(actor, &dept, demand_region)) {
      qt_field(err, "co_department_ids",
               "%lld serves neither this demand's region nor yours",
               (long long)in->co_department_ids[i]);
    }
  }
  if (err->n_fields) {
    return qt_fail(err, QT_EINVALID, "The assignment names departments "
                                     "that cannot take this demand.");
  }
  return QT_OK;
}

/* JSON text for the event's data, when the action carries any. */
static const char *event_data(DemandAction action, const DemandInput *in,
                              Arena *a)
{
  Buf b;
  char *out;
  int i;

  switch (action) {
  case ACT_ASSIGN:
    buf_init(&b);
    buf_printf(&b, "{\"lead_department_id\":%lld,\"co_department_ids\":[",
               (long long)in->lead_department_id);
    for (i = 0; i < in->n_co; i++) {
      buf_printf(&b, "%s%lld", i ? "," : "",
                 (long long)in->co_department_ids[i]);
    }
    buf_puts(&b, "]}");
    out = arena_strdup(a, buf_str(&b));
    buf_reset(&b);
    return out;
  case ACT_RESOLVE:
    return arena_printf(a, "{\"outcome\":\"%s\"}", outcome_name(in->outcome));
  case ACT_CONFIRM:
    return arena_printf(a, "{\"satisfaction\":\"%s\"}",
                        satisfaction_name(in->satisfaction));
  case ACT_MERGE:
    return arena_printf(a, "{\"duplicate_of\":%lld}",
                        (long long)in->duplicate_of);
  case ACT_EXTEND:
    return arena_printf(a, "{\"days\":%d}", in->extension_days);
  case ACT_DECIDE_EXTENSION:
    return arena_printf(a, "{\"approved\":%s}",
                        in->is_approved ? "true" : "false");
  default:
    return NULL;
  }
}

/* What an action records beside the demand row. */
static QtCode paperwork(Store *st, const Actor *actor, DemandAction action,
                        const DemandInput *in, const DemandRecord *old,
                        DemandRecord *r, QtTime now, Arena *a, QtError *err)
{
  switch (action) {
  case ACT_ANSWER:
    r->answer = arena_strdup(a, in->note);
    break;
  case ACT_RESOLVE:
    r->result = arena_strdup(a, in->note);
    break;
  case ACT_EXTEND:
    if (store_extension_request(st, r->d.id, in->extension_days, in->note,
                                actor->user_id, now, err) != QT_OK) {
      return err->code;
    }
    break;
  case ACT_DECIDE_EXTENSION:
    if (store_extension_decide(st, r->d.id, in->is_approved, actor->user_id,
                               now, err) != QT_OK) {
      return err->code;
    }
    break;
  case ACT_ASSIGN:
    if (store_notify(st, "assigned", r->d.id, 0, r->d.lead_department_id,
                     r->region_code, r->title, now, err) != QT_OK) {
      return err->code;
    }
    break;
  case ACT_RETURN:
    if (store_notify(st, "returned", r->d.id, 0, 0, r->region_code,
                     in->note, now, err) != QT_OK) {
      return err->code;
    }
    break;
  default:
    break;
  }
  (void)old;
  /* Notices of stages now done are closed; a reopened demand's answer
   * and resolve notices were closed when it was first answered. */
  return store_supervision_close_done(st, r, now, err);
}

QtCode workflow_act(Store *st, const Actor *actor, int64_t id,
                    DemandAction action, const DemandInput *in, QtTime now,
                    Arena *a, DemandRecord *out, QtError *err)
{
  const Calendar *cal;
  DemandRecord old, target;
  DemandEvent ev;
  Scope scope;
  QtError lookup;
  QtCode rc;

  store_demand_scope(actor, &scope);
  rc = store_begin(st, err);
  if (rc != QT_OK) return rc;
  rc = store_demand_get(st, &scope, id, a, &old, err);
  if (rc == QT_OK && action == ACT_ASSIGN) {
    rc = check_departments(st, actor, in, old.region_code, a, err);
  }
  if (rc == QT_OK && action == ACT_MERGE && in->duplicate_of &&
      in->duplicate_of != id) {
    qt_error_clear(&lookup);
    if (store_demand_get(st, &scope, in->duplicate_of, a, &target,
                         &lookup) != QT_OK ||
        !demand_is_open(target.d.status)) {
      qt_field(err, "duplicate_of", "is not an open demand you can see");
      rc = qt_fail(err, QT_EINVALID, "Merge into an open demand.");
    }
  }
  if (rc == QT_OK) rc = workflow_calendar(st, &cal, err);
  if (rc == QT_OK) {
    *out = old;
    rc = demand_apply(&out->d, actor, action, in, cal, now, &ev, err);
  }
  if (rc == QT_OK) {
    rc = paperwork(st, actor, action, in, &old, out, now, a, err);
  }
  if (rc == QT_OK) {
    rc = store_demand_save(st, &old, out, &ev, event_data(action, in, a),
                           cal, err);
  }
  rc = store_end(st, rc, err);
  if (rc == QT_OK && out->d.lead_department_id != old.d.lead_department_id) {
    /* Read back what the store derives (the lead department's name). */
    Scope all = {.kind = SCOPE_ALL};
    qt_error_clear(&lookup);
    (void)store_demand_get(st, &all, id, a, out, &lookup);
  }
  return rc;
}

/* ---- the scheduler ------------------------------------------------------ */

static const char *const rung_notice[RUNG_COUNT] = {
  "reminder",    /* 催办 */
  "supervision", /* 督办单 */
  "escalation",  /* 升级 */
  "accountability", /* 问责 */
};

/* Record what a fired ladder step means. */
static QtCode step_paperwork(Store *st, const DemandRecord *r,
                             const DemandStep *step, QtTime now,
                             QtError *err)
{
  int64_t dept = step->stage == STAGE_ASSIGN ? 0 : r->d.lead_department_id;
  const char *kind = rung_notice[step->rung];
  QtCode rc = QT_OK;

  switch (step->rung) {
  case RUNG_REMIND:
    break;
  case RUNG_OVERDUE:
    rc = store_supervision_open(st, r, step->stage, now, err);
    break;
  case RUNG_ESCALATE:
    rc = store_supervision_escalate(st, r->d.id, step->stage, now, err);
    break;
  case RUNG_ACCOUNT:
    rc = store_accountability_add(st, r, step->stage, now, err);
    break;
  case RUNG_COUNT:
    break;
  }
  if (rc != QT_OK) return rc;
  /* The department hears of every rung; escalations and accountability
   * also go to the region's supervisors.  A notification addressed to a
   * department reaches only that department, so the region's office gets
   * its own (before assignment the office was the addressee already). */
  rc = store_notify(st, kind, r->d.id, 0, dept, r->region_code, r->title,
                    now, err);
  if (rc == QT_OK && dept &&
      (step->rung == RUNG_ESCALATE || step->rung == RUNG_ACCOUNT)) {
    rc = store_notify(st, kind, r->d.id, 0, 0, r->region_code, r->title,
                      now, err);
  }
  return rc;
}

/* Fire every step of demand ID due by NOW, in one transaction (a
 * savepoint of the batch's); add the steps to *FIRED once it is kept. */
static QtCode tick_one(Store *st, int64_t id, QtTime now, Arena *a,
                       int *fired, QtError *err)
{
  Scope all = {.kind = SCOPE_ALL};
  const Calendar *cal;
  DemandRecord old, r;
  DemandStep step;
  DemandEvent ev;
  QtCode rc;
  int guard, n = 0;

  rc = store_begin(st, err);
  if (rc != QT_OK) return rc;
  rc = store_demand_get(st, &all, id, a, &r, err);
  if (rc == QT_OK) rc = workflow_calendar(st, &cal, err);
  /* A demand climbs at most its whole ladder in one pass. */
  for (guard = 0; rc == QT_OK && guard < 16; guard++) {
    if (!demand_next_step(&r.d, cal, &step) || step.at > now) {
      /* Nothing (more) is due: store when something will be, so the
       * index stops offering this demand (a calendar edit can move it). */
      if (guard == 0) rc = store_demand_reschedule(st, &r, cal, err);
      break;
    }
    old = r;
    rc = demand_fire_step(&r.d, &step, cal, now, &ev, err);
    if (rc == QT_OK && !step.is_auto_close) {
      rc = step_paperwork(st, &r, &step, now, err);
    }
    if (rc == QT_OK && step.is_auto_close) {
      rc = store_supervision_close_done(st, &r, now, err);
    }
    if (rc == QT_OK) rc = store_demand_save(st, &old, &r, &ev, NULL, cal, err);
    if (rc == QT_OK) n++;
  }
  rc = store_end(st, rc, err);
  if (rc == QT_OK) *fired += n;
  return rc;
}

QtCode workflow_tick(Store *st, QtTime now, int max, int *fired,
                     bool *is_more, QtError *err)
{
  /* The batch is one transaction, each demand a savepoint in it: one
   * commit, so one sync of the disk, rather than one per demand (each
   * cost a few ms, far more than its statements).  Inside a caller's
   * transaction (qitong demo's simulated day) the demands join that. */
  bool is_batch = !store_in_transaction(st);
  Arena *a = arena_new();
  int64_t *ids;
  int n = 0, i, moved = 0, done = 0;
  QtError one, end;
  QtCode rc = QT_OK, end_rc;

  *fired = 0;
  *is_more = false;
  if (is_batch) rc = store_batch_begin(st, err);
  if (rc == QT_OK) rc = store_demand_due(st, now, max, a, &ids, &n, err);
  for (i = 0; rc == QT_OK && i < n; i++) {
    qt_error_clear(&one);
    if (tick_one(st, ids[i], now, a, &done, &one) != QT_OK) {
      /* One demand's failure must not stop the others' deadlines. */
      qt_log(QT_LOG_ERROR, "tick.demand id=%lld error=\"%s\"",
             (long long)ids[i], one.message);
      if (is_batch && !store_batch_alive(st)) {
        /* It took the whole transaction with it (SQLite does so on a
         * full disk or an I/O error): nothing of the batch is left. */
        *err = one;
        rc = one.code;
      }
    } else {
      moved++;
    }
  }
  if (is_batch && (rc == QT_OK || store_in_transaction(st))) {
    qt_error_clear(&end);
    end_rc = store_batch_end(st, rc == QT_OK, &end);
    if (rc == QT_OK && end_rc != QT_OK) {
      *err = end;
      rc = end_rc;
    }
  }
  /* Only what the commit kept has fired. */
  if (rc == QT_OK) *fired = done;
  /* How many steps fired says nothing of what is left: another server's
   * pass may have fired most of this batch's steps first (this one then
   * found them done), and a demand may need only its next due time
   * moved.  A full batch may have more behind it.  Each demand moved on
   * has nothing due by NOW any more, so the next batch is a new one; a
   * batch where every demand failed would only take the same ones again. */
  *is_more = rc == QT_OK && n >= max && moved > 0;
  arena_free(a);
  return rc;
}
