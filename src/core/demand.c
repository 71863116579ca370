/*
 * demand.c — the lifecycle table and the transitions; see demand.h.
 */
#include "demand.h"

#include <string.h>

#define S(x) (1u << (x))
#define OPEN                                                                 \
  (S(DEMAND_SUBMITTED) | S(DEMAND_ASSIGNED) | S(DEMAND_ACCEPTED) |           \
   S(DEMAND_ANSWERED) | S(DEMAND_RESOLVED))
/* Stages in which the department's clocks run. */
#define WORKING (S(DEMAND_ASSIGNED) | S(DEMAND_ACCEPTED) | S(DEMAND_ANSWERED))
#define R(x) ROLE_BIT(ROLE_##x)
#define OFFICE R(DISPATCHER)
#define PARTY (R(ENTERPRISE) | R(COMMISSIONER))

/* Who may take each action, from which statuses.  The one place that says
 * so; demand_allows reads it and tests walk every cell of it. */
static const struct {
  unsigned from;  /* statuses the action may start from */
  unsigned roles; /* roles that may take it */
} rules[ACT_COUNT] = {
  [ACT_ASSIGN] = {S(DEMAND_SUBMITTED), OFFICE},
  [ACT_ACCEPT] = {S(DEMAND_ASSIGNED), R(HANDLER)},
  [ACT_RETURN] = {S(DEMAND_ASSIGNED) | S(DEMAND_ACCEPTED), R(HANDLER)},
  [ACT_REFUSE_RETURN] = {S(DEMAND_SUBMITTED), OFFICE},
  [ACT_ANSWER] = {S(DEMAND_ASSIGNED) | S(DEMAND_ACCEPTED), R(HANDLER)},
  [ACT_RESOLVE] = {S(DEMAND_ANSWERED), R(HANDLER)},
  [ACT_CONFIRM] = {S(DEMAND_RESOLVED), PARTY},
  [ACT_WITHDRAW] = {OPEN, PARTY},
  [ACT_MERGE] = {OPEN, OFFICE},
  [ACT_COMMENT] = {OPEN | S(DEMAND_CLOSED),
                   ROLES_ALL & ~R(LEADER)},
  [ACT_EXTEND] = {WORKING, R(HANDLER)},
  [ACT_DECIDE_EXTENSION] = {WORKING, R(SUPERVISOR)},
  [ACT_PAUSE] = {WORKING, R(HANDLER)},
  [ACT_RESUME] = {WORKING, R(HANDLER) | PARTY},
  [ACT_AUTO_CLOSE] = {S(DEMAND_RESOLVED), 0}, /* the system only */
};

static const char *const status_names[DEMAND_STATUS_COUNT] = {
  "submitted", "assigned", "accepted", "answered",
  "resolved",  "closed",   "withdrawn", "merged",
};

static const char *const action_names[ACT_COUNT] = {
  "assign",  "accept",  "return",  "refuse-return", "answer",
  "resolve", "confirm", "withdraw", "merge",        "comment",
  "extend",  "decide-extension", "pause", "resume",  "auto-close",
};

static const char *const outcome_names[] = {"none", "resolved", "partial",
                                            "explained"};
static const char *const satisfaction_names[] = {"none", "satisfied",
                                                 "basic", "unsatisfied"};

static QtCode parse_name(const char *const *names, int n, const char *s,
                         int *out, const char *what, QtError *err)
{
  int i;

  for (i = 0; i < n; i++) {
    if (strcmp(names[i], s) == 0) {
      *out = i;
      return QT_OK;
    }
  }
  return qt_fail(err, QT_EINVALID, "'%.32s' is not a %s.", s, what);
}

const char *demand_status_name(DemandStatus s)
{
  return s < DEMAND_STATUS_COUNT ? status_names[s] : "unknown";
}

QtCode demand_status_parse(const char *s, DemandStatus *out, QtError *err)
{
  int v = 0;
  QtCode rc = parse_name(status_names, DEMAND_STATUS_COUNT, s, &v,
                         "demand status", err);
  if (rc == QT_OK) *out = (DemandStatus)v;
  return rc;
}

const char *demand_action_name(DemandAction a)
{
  return a < ACT_COUNT ? action_names[a] : "unknown";
}

QtCode demand_action_parse(const char *s, DemandAction *out, QtError *err)
{
  int v = 0;
  QtCode rc = parse_name(action_names, ACT_COUNT, s, &v, "demand action",
                         err);
  if (rc == QT_OK) *out = (DemandAction)v;
  return rc;
}

const char *outcome_name(Outcome o)
{
  return o <= OUTCOME_EXPLAINED ? outcome_names[o] : "unknown";
}

QtCode outcome_parse(const char *s, Outcome *out, QtError *err)
{
  int v = 0;
  /* "none" is not something a handler can choose. */
  QtCode rc = parse_name(outcome_names + 1, 3, s, &v, "outcome", err);
  if (rc == QT_OK) *out = (Outcome)(v + 1);
  return rc;
}

const char *satisfaction_name(Satisfaction s)
{
  return s <= SAT_UNSATISFIED ? satisfaction_names[s] : "unknown";
}

QtCode satisfaction_parse(const char *s, Satisfaction *out, QtError *err)
{
  int v = 0;
  QtCode rc = parse_name(satisfaction_names + 1, 3, s, &v, "rating", err);
  if (rc == QT_OK) *out = (Satisfaction)(v + 1);
  return rc;
}

bool demand_is_open(DemandStatus s)
{
  return (OPEN & S(s)) != 0;
}

void demand_limits_default(DemandLimits *out)
{
  out->assign = (Limit){LIMIT_DAYS, 1};
  out->answer = (Limit){LIMIT_DAYS, 3};
  out->resolve = (Limit){LIMIT_DAYS, 15};
  out->remind_percent = 75;
  out->escalate_after = (Limit){LIMIT_DAYS, 1};
  out->account_after = (Limit){LIMIT_DAYS, 3};
  out->auto_close = (Limit){LIMIT_DAYS, 7};
}

bool demand_allows(DemandStatus s, DemandAction action, Role role)
{
  if (action >= ACT_COUNT || s >= DEMAND_STATUS_COUNT) return false;
  return (rules[action].from & S(s)) && (rules[action].roles & ROLE_BIT(role));
}

void demand_submit(Demand *d, const DemandLimits *limits,
                   const Calendar *cal, const Actor *actor, QtTime now,
                   DemandEvent *ev)
{
  int64_t id = d->id, enterprise_id = d->enterprise_id;

  memset(d, 0, sizeof *d);
  d->id = id;
  d->enterprise_id = enterprise_id;
  d->status = DEMAND_SUBMITTED;
  d->limits = *limits;
  d->submitted_at = now;
  d->assign_due = calendar_deadline(cal, now, limits->assign);
  memset(ev, 0, sizeof *ev);
  ev->action = ACT_COUNT; /* "submit" is not an action on a demand */
  ev->from = ev->to = DEMAND_SUBMITTED;
  ev->actor_id = actor->user_id;
  ev->actor_role = actor->role;
  ev->at = now;
}

/* End a running pause at NOW: the paused time is excluded from whatever
 * deadlines still run, and counted for the timeline. */
static void end_pause(Demand *d, QtTime now)
{
  int64_t delta;

  if (!d->paused_at) return;
  delta = now > d->paused_at ? now - d->paused_at : 0;
  d->paused_seconds += delta;
  if (!d->answered_at) d->answer_due += delta;
  d->resolve_due += delta;
  d->paused_at = 0;
}

/* Nothing of a finished cycle may linger into the next or past the end:
 * a pending extension, return or pause belongs to the cycle it was
 * asked in. */
static void end_cycle(Demand *d, QtTime now)
{
  end_pause(d, now);
  d->extension_pending_days = 0;
  d->is_return_pending = false;
}

/* Every ladder step of the department's stages, and auto-close. */
#define DEPARTMENT_STEPS                                                     \
  ((((1u << RUNG_COUNT) - 1u) << (STAGE_ANSWER * RUNG_COUNT)) |              \
   (((1u << RUNG_COUNT) - 1u) << (STAGE_RESOLVE * RUNG_COUNT)) |             \
   DEMAND_STEP_AUTO_CLOSE)

/* Start the department's clocks from NOW (assignment or reopening); their
 * ladders start again from the bottom. */
static void start_clocks(Demand *d, const Calendar *cal, QtTime now)
{
  end_cycle(d, now);
  d->steps_done &= ~DEPARTMENT_STEPS;
  d->assigned_at = now;
  d->accepted_at = d->answered_at = d->resolved_at = 0;
  d->answer_due = calendar_deadline(cal, now, d->limits.answer);
  d->resolve_due = calendar_deadline(cal, now, d->limits.resolve);
}

static bool has_text(const char *s)
{
  return s && *s;
}

/* The relation ACTION needs between ACTOR and D, beyond role and state. */
static QtCode check_relation(const Demand *d, const Actor *actor,
                             DemandAction action, QtError *err)
{
  int i;

  if (actor->role == ROLE_HANDLER) {
    if (d->lead_department_id && actor->department_id == d->lead_department_id) {
      return QT_OK;
    }
    if (action == ACT_COMMENT) {
      for (i = 0; i < d->n_co; i++) {
        if (d->co_department_ids[i] == actor->department_id) return QT_OK;
      }
    }
    return qt_fail(err, QT_EFORBIDDEN,
                   "Only the lead department (主办单位) may %s this "
                   "demand.",
                   demand_action_name(action));
  }
  if (actor->role == ROLE_ENTERPRISE &&
      actor->enterprise_id != d->enterprise_id) {
    return qt_fail(err, QT_EFORBIDDEN, "This is another enterprise's "
                                       "demand.");
  }
  return QT_OK;
}

static QtCode check_assignment(const DemandInput *in, QtError *err)
{
  int i, j;

  if (in->lead_department_id <= 0) {
    qt_field(err, "lead_department_id", "is required");
  }
  if (in->n_co < 0 || in->n_co > DEMAND_MAX_CO) {
    qt_field(err, "co_department_ids", "at most %d", DEMAND_MAX_CO);
  } else {
    for (i = 0; i < in->n_co; i++) {
      if (in->co_department_ids[i] == in->lead_department_id) {
        qt_field(err, "co_department_ids",
                 "must not include the lead department");
        break;
      }
      for (j = 0; j < i; j++) {
        if (in->co_department_ids[j] == in->co_department_ids[i]) {
          qt_field(err, "co_department_ids", "holds a department twice");
          i = in->n_co;
          break;
        }
      }
    }
  }
  if (err->n_fields) {
    return qt_fail(err, QT_EINVALID, "The assignment is incomplete.");
  }
  return QT_OK;
}

static QtCode need_note(const DemandInput *in, const char *field,
                        const char *what, QtError *err)
{
  if (has_text(in->note)) return QT_OK;
  qt_field(err, field, "is required");
  return qt_fail(err, QT_EINVALID, "%s is required.", what);
}

/* Check the input ACTION needs; nothing is changed yet. */
static QtCode check_input(const Demand *d, DemandAction action,
                          const DemandInput *in, QtError *err)
{
  switch (action) {
  case ACT_ASSIGN:
    return check_assignment(in, err);
  case ACT_REFUSE_RETURN:
    if (!d->is_return_pending) {
      return qt_fail(err, QT_ECONFLICT, "The demand has not been returned.");
    }
    return QT_OK;
  case ACT_RETURN:
    return need_note(in, "note", "The reason for the return", err);
  case ACT_ANSWER:
    return need_note(in, "note", "The answer", err);
  case ACT_RESOLVE:
    if (in->outcome == OUTCOME_NONE) qt_field(err, "outcome", "is required");
    if (!has_text(in->note)) qt_field(err, "note", "is required");
    if (err->n_fields) {
      return qt_fail(err, QT_EINVALID, "The outcome and result are "
                                       "required.");
    }
    return QT_OK;
  case ACT_CONFIRM:
    if (in->satisfaction == SAT_NONE) {
      qt_field(err, "satisfaction", "is required");
      return qt_fail(err, QT_EINVALID, "The rating is required.");
    }
    return QT_OK;
  case ACT_MERGE:
    if (in->duplicate_of <= 0 || in->duplicate_of == d->id) {
      qt_field(err, "duplicate_of", "must be another demand");
      return qt_fail(err, QT_EINVALID, "Name the demand this duplicates.");
    }
    return QT_OK;
  case ACT_COMMENT:
    return need_note(in, "note", "The comment", err);
  case ACT_EXTEND:
    if (d->extension_pending_days) {
      return qt_fail(err, QT_ECONFLICT,
                     "An extension is already waiting for a decision.");
    }
    if (in->extension_days < 1 || in->extension_days > 90) {
      qt_field(err, "days", "must be from 1 to 90");
      return qt_fail(err, QT_EINVALID, "The extension is out of range.");
    }
    return need_note(in, "note", "The reason for the extension", err);
  case ACT_DECIDE_EXTENSION:
    if (!d->extension_pending_days) {
      return qt_fail(err, QT_ECONFLICT, "No extension is waiting.");
    }
    return QT_OK;
  case ACT_PAUSE:
    if (d->paused_at) {
      return qt_fail(err, QT_ECONFLICT, "The clock is already paused.");
    }
    return need_note(in, "note", "What the enterprise must supply", err);
  case ACT_RESUME:
    if (!d->paused_at) {
      return qt_fail(err, QT_ECONFLICT, "The clock is not paused.");
    }
    return QT_OK;
  default:
    return QT_OK;
  }
}

QtCode demand_apply(Demand *d, const Actor *actor, DemandAction action,
                    const DemandInput *in, const Calendar *cal, QtTime now,
                    DemandEvent *ev, QtError *err)
{
  DemandStatus from = d->status;
  bool role_ok;

  if (action >= ACT_COUNT) return qt_fail(err, QT_EINVALID, "No action.");
  role_ok = actor->is_system ? action == ACT_AUTO_CLOSE
                             : (rules[action].roles &
                                ROLE_BIT(actor->role)) != 0;
  if (!role_ok) {
    return qt_fail(err, QT_EFORBIDDEN, "The role %s may not %s a demand.",
                   actor->is_system ? "system" : role_name(actor->role),
                   demand_action_name(action));
  }
  if (!(rules[action].from & S(from))) {
    return qt_fail(err, QT_ECONFLICT,
                   "'%s' is not possible while the demand is %s.",
                   demand_action_name(action), demand_status_name(from));
  }
  if (!actor->is_system && check_relation(d, actor, action, err) != QT_OK) {
    return err->code;
  }
  if (check_input(d, action, in, err) != QT_OK) return err->code;

  switch (action) {
  case ACT_ASSIGN:
    if (d->is_return_pending && d->returned_from == in->lead_department_id) {
      /* Reassigning to the department that returned it is refusing the
       * return: it keeps its clocks. */
      d->status = d->status_before_return;
    } else {
      d->status = DEMAND_ASSIGNED;
      if (!d->first_assigned_at) d->first_assigned_at = now;
      start_clocks(d, cal, now);
    }
    d->is_return_pending = false;
    d->lead_department_id = in->lead_department_id;
    memcpy(d->co_department_ids, in->co_department_ids,
           sizeof d->co_department_ids);
    d->n_co = in->n_co;
    break;
  case ACT_ACCEPT:
    d->status = DEMAND_ACCEPTED;
    d->accepted_at = now;
    break;
  case ACT_RETURN:
    d->status_before_return = from;
    d->status = DEMAND_SUBMITTED;
    d->is_return_pending = true;
    d->returned_from = d->lead_department_id;
    d->return_count++;
    break;
  case ACT_REFUSE_RETURN:
    d->status = d->status_before_return;
    d->is_return_pending = false;
    break;
  case ACT_ANSWER:
    end_pause(d, now);
    d->status = DEMAND_ANSWERED;
    if (!d->accepted_at) d->accepted_at = now;
    d->answered_at = now;
    break;
  case ACT_RESOLVE:
    d->status = DEMAND_RESOLVED;
    end_cycle(d, now);
    d->outcome = in->outcome;
    d->resolved_at = now;
    break;
  case ACT_CONFIRM:
    d->satisfaction = in->satisfaction;
    if (in->satisfaction == SAT_UNSATISFIED) {
      d->status = DEMAND_ASSIGNED;
      d->reopen_count++;
      d->outcome = OUTCOME_NONE;
      start_clocks(d, cal, now);
    } else {
      d->status = DEMAND_CLOSED;
      d->closed_at = now;
    }
    break;
  case ACT_WITHDRAW:
    end_cycle(d, now);
    d->status = DEMAND_WITHDRAWN;
    d->closed_at = now;
    break;
  case ACT_MERGE:
    end_cycle(d, now);
    d->status = DEMAND_MERGED;
    d->duplicate_of = in->duplicate_of;
    d->closed_at = now;
    break;
  case ACT_EXTEND:
    d->extension_pending_days = in->extension_days;
    break;
  case ACT_DECIDE_EXTENSION:
    if (in->is_approved) {
      Limit more = {d->limits.resolve.unit == LIMIT_WORKING_DAYS
                      ? LIMIT_WORKING_DAYS
                      : LIMIT_DAYS,
                    d->extension_pending_days};
      d->resolve_due = calendar_deadline(cal, d->resolve_due, more);
      d->extension_days += d->extension_pending_days;
    }
    d->extension_pending_days = 0;
    break;
  case ACT_PAUSE:
    d->paused_at = now;
    break;
  case ACT_RESUME:
    end_pause(d, now);
    break;
  case ACT_AUTO_CLOSE:
    d->status = DEMAND_CLOSED;
    d->closed_at = now;
    break;
  case ACT_COMMENT:
  case ACT_COUNT:
    break;
  }
  memset(ev, 0, sizeof *ev);
  ev->action = action;
  ev->from = from;
  ev->to = d->status;
  ev->actor_id = actor->user_id;
  ev->actor_role = actor->role;
  ev->at = now;
  ev->note = in->note;
  return QT_OK;
}

/* ---- the scheduler's ladder --------------------------------------------- */

static const char *const stage_names[STAGE_COUNT] = {"assign", "answer",
                                                     "resolve"};
static const char *const rung_names[RUNG_COUNT] = {"remind", "overdue",
                                                   "escalate", "account"};

const char *demand_stage_name(DemandStage s)
{
  return s < STAGE_COUNT ? stage_names[s] : "unknown";
}

const char *demand_rung_name(DemandRung r)
{
  return r < RUNG_COUNT ? rung_names[r] : "unknown";
}

/* Whether STAGE runs for D, with its start and deadline. */
static bool stage_runs(const Demand *d, DemandStage stage, QtTime *start,
                       QtTime *due)
{
  bool owned = d->lead_department_id != 0 &&
               (d->status == DEMAND_ASSIGNED || d->status == DEMAND_ACCEPTED ||
                (d->status == DEMAND_SUBMITTED && d->is_return_pending));

  switch (stage) {
  case STAGE_ASSIGN:
    *start = d->submitted_at;
    *due = d->assign_due;
    return d->status == DEMAND_SUBMITTED && !d->first_assigned_at;
  case STAGE_ANSWER:
    *start = d->assigned_at;
    *due = d->answer_due;
    return owned && !d->answered_at;
  case STAGE_RESOLVE:
    *start = d->assigned_at;
    *due = d->resolve_due;
    return (owned || d->status == DEMAND_ANSWERED) && !d->resolved_at;
  case STAGE_COUNT:
    break;
  }
  return false;
}

static QtTime rung_time(const Demand *d, const Calendar *cal, DemandRung r,
                        QtTime start, QtTime due)
{
  switch (r) {
  case RUNG_REMIND:
    return start + (due - start) * d->limits.remind_percent / 100;
  case RUNG_OVERDUE:
    return due;
  case RUNG_ESCALATE:
    return calendar_deadline(cal, due, d->limits.escalate_after);
  case RUNG_ACCOUNT:
    return calendar_deadline(cal, due, d->limits.account_after);
  case RUNG_COUNT:
    break;
  }
  return due;
}

bool demand_next_step(const Demand *d, const Calendar *cal,
                      DemandStep *step)
{
  QtTime start, due, at;
  bool found = false;
  int s, r;

  if (d->paused_at) return false;
  if (d->status == DEMAND_RESOLVED &&
      !(d->steps_done & DEMAND_STEP_AUTO_CLOSE)) {
    memset(step, 0, sizeof *step);
    step->is_auto_close = true;
    step->at = calendar_deadline(cal, d->resolved_at, d->limits.auto_close);
    return true;
  }
  for (s = 0; s < STAGE_COUNT; s++) {
    if (!stage_runs(d, (DemandStage)s, &start, &due)) continue;
    for (r = 0; r < RUNG_COUNT; r++) {
      if (d->steps_done & DEMAND_STEP_BIT(s, r)) continue;
      /* A policy without reminders says so with 0 %. */
      if (r == RUNG_REMIND && d->limits.remind_percent <= 0) continue;
      at = rung_time(d, cal, (DemandRung)r, start, due);
      if (!found || at < step->at) {
        step->is_auto_close = false;
        step->stage = (DemandStage)s;
        step->rung = (DemandRung)r;
        step->at = at;
        found = true;
      }
      break; /* a stage's rungs climb in order */
    }
  }
  return found;
}

QtCode demand_fire_step(Demand *d, const DemandStep *step,
                        const Calendar *cal, QtTime now, DemandEvent *ev,
                        QtError *err)
{
  Actor system = {.is_system = true, .role = ROLE_ADMIN};
  DemandInput none = {0};
  DemandStep pending;

  if (!demand_next_step(d, cal, &pending) ||
      pending.is_auto_close != step->is_auto_close ||
      (!step->is_auto_close &&
       (pending.stage != step->stage || pending.rung != step->rung)) ||
      pending.at > now) {
    return qt_fail(err, QT_ECONFLICT, "That step is not due.");
  }
  if (step->is_auto_close) {
    if (demand_apply(d, &system, ACT_AUTO_CLOSE, &none, cal, now, ev,
                     err) != QT_OK) {
      return err->code;
    }
    d->steps_done |= DEMAND_STEP_AUTO_CLOSE;
    return QT_OK;
  }
  d->steps_done |= DEMAND_STEP_BIT(step->stage, step->rung);
  memset(ev, 0, sizeof *ev);
  ev->action = ACT_COUNT;
  ev->is_step = true;
  ev->stage = step->stage;
  ev->rung = step->rung;
  ev->from = ev->to = d->status;
  ev->actor_role = ROLE_ADMIN;
  ev->at = now;
  return QT_OK;
}

bool demand_is_overdue(const Demand *d, QtTime now)
{
  QtTime start, due;
  int s;

  /* A paused clock is waiting on the enterprise, not late. */
  if (d->paused_at) return false;
  for (s = 0; s < STAGE_COUNT; s++) {
    if (stage_runs(d, (DemandStage)s, &start, &due) && now > due) {
      return true;
    }
  }
  return false;
}

QtTime demand_running_due(const Demand *d)
{
  QtTime due = 0;

  switch (d->status) {
  case DEMAND_SUBMITTED: due = d->assign_due; break;
  case DEMAND_ASSIGNED:
  case DEMAND_ACCEPTED: due = d->answer_due; break;
  case DEMAND_ANSWERED: due = d->resolve_due; break;
  default: break;
  }
  return due ? due : INT64_MAX;
}
