/*
 * test_demand.c — the demand lifecycle (src/core/demand.c).
 *
 * The first tests walk every cell of status x action x role, and the
 * system actor, against a table written here from DESIGN.md ("The demand
 * lifecycle", "Deadlines") and the comments of demand.h, never from
 * demand.c.  The rest check one behaviour each, driving demands through
 * demand_submit and demand_apply on a calendar built in the test, at fixed
 * instants.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "calendar.h"
#include "demand.h"
#include "qtime.h"
#include "scope.h"

enum {
  DEMAND_ID = 1,
  OTHER_DEMAND_ID = 2,
  ENTERPRISE = 100,
  OTHER_ENTERPRISE = 101,
  LEAD = 10,      /* the lead department of the fixtures */
  CO = 11,        /* their co-department */
  UNRELATED = 12, /* a department with nothing to do with them */
  NEW_LEAD = 20,  /* where the dispatcher reassigns */
  NEW_CO = 21,
  DAY = 86400
};

/* A calendar with one holiday: Wednesday 2025-03-12 (a fiction, so that a
 * working-day count has something to skip). */
static Calendar cal;

static QtTime at(const char *rfc3339)
{
  QtTime t = 0;
  QtError err;

  qt_error_clear(&err);
  assert_int_equal(qt_time_parse(rfc3339, &t, &err), QT_OK);
  return t;
}

/* 2025-03-03 is a Monday. */
#define T_SUBMIT at("2025-03-03T09:00:00+08:00")
#define T_ASSIGN at("2025-03-03T10:00:00+08:00")
#define T_ACCEPT at("2025-03-04T09:30:00+08:00")
#define T_ANSWER at("2025-03-05T16:00:00+08:00")
#define T_RESOLVE at("2025-03-10T11:00:00+08:00")
#define T_NOW at("2025-03-11T15:00:00+08:00")

static int setup(void **state)
{
  (void)state;
  calendar_init(&cal);
  calendar_set(&cal, calendar_day_of(at("2025-03-12T12:00:00+08:00")),
               DAY_HOLIDAY);
  return 0;
}

static int teardown(void **state)
{
  (void)state;
  calendar_reset(&cal);
  return 0;
}

/* ---------------------------------------------------------------------
 * Actors and inputs
 */

static Actor actor(Role role)
{
  Actor a;

  memset(&a, 0, sizeof a);
  a.user_id = 1000 + (int64_t)role;
  a.role = role;
  if (role == ROLE_ENTERPRISE) a.enterprise_id = ENTERPRISE;
  if (role == ROLE_HANDLER) a.department_id = LEAD;
  return a;
}

static Actor handler_of(int64_t department_id)
{
  Actor a = actor(ROLE_HANDLER);

  a.department_id = department_id;
  return a;
}

static Actor system_actor(void)
{
  Actor a = actor(ROLE_ADMIN); /* the role must not matter */

  a.is_system = true;
  a.user_id = 0;
  return a;
}

static DemandInput input(const char *note)
{
  DemandInput in;

  memset(&in, 0, sizeof in);
  in.note = note;
  return in;
}

static DemandInput assign_to(int64_t lead, int64_t co)
{
  DemandInput in = input(NULL);

  in.lead_department_id = lead;
  if (co) {
    in.co_department_ids[0] = co;
    in.n_co = 1;
  }
  return in;
}

/* ---------------------------------------------------------------------
 * The expected table, from DESIGN.md and demand.h
 */

#define ST(x) (1u << DEMAND_##x)
#define RO(x) (1u << ROLE_##x)
/* Open: "submitted..resolved: the demand is still being worked on". */
#define OPEN_STATES                                                        \
  (ST(SUBMITTED) | ST(ASSIGNED) | ST(ACCEPTED) | ST(ANSWERED) |            \
   ST(RESOLVED))
/* A department holds it and the resolve clock runs: assigned to answered. */
#define RUNNING_STATES (ST(ASSIGNED) | ST(ACCEPTED) | ST(ANSWERED))

enum { SAME = -1 }; /* the action leaves the status as it is */

static const struct Expected {
  unsigned roles; /* who may take the action */
  unsigned from;  /* the statuses it may start from */
  int to;         /* the status it leads to, or SAME */
} expected[ACT_COUNT] = {
  /* DESIGN: "assign (dispatcher)", submitted --assign--> assigned. */
  [ACT_ASSIGN] = {RO(DISPATCHER), ST(SUBMITTED), DEMAND_ASSIGNED},
  /* assigned --accept--> accepted, by the lead handler. */
  [ACT_ACCEPT] = {RO(HANDLER), ST(ASSIGNED), DEMAND_ACCEPTED},
  /* "A return sends an assigned or accepted demand back to the
   * dispatcher". */
  [ACT_RETURN] = {RO(HANDLER), ST(ASSIGNED) | ST(ACCEPTED),
                  DEMAND_SUBMITTED},
  /* The dispatcher refuses it: back to the status it was returned from,
   * which in the fixture below is accepted. */
  [ACT_REFUSE_RETURN] = {RO(DISPATCHER), ST(SUBMITTED), DEMAND_ACCEPTED},
  /* accepted --answer--> answered; answering an assigned demand accepts
   * it on the way. */
  [ACT_ANSWER] = {RO(HANDLER), ST(ASSIGNED) | ST(ACCEPTED),
                  DEMAND_ANSWERED},
  [ACT_RESOLVE] = {RO(HANDLER), ST(ANSWERED), DEMAND_RESOLVED},
  /* "confirm (the enterprise, or its commissioner on its behalf)"; the
   * fixture input is satisfied, so it closes. */
  [ACT_CONFIRM] = {RO(ENTERPRISE) | RO(COMMISSIONER), ST(RESOLVED),
                   DEMAND_CLOSED},
  /* "Any open demand can be withdrawn by its enterprise"; ACT_WITHDRAW:
   * "enterprise (or its commissioner)". */
  [ACT_WITHDRAW] = {RO(ENTERPRISE) | RO(COMMISSIONER), OPEN_STATES,
                    DEMAND_WITHDRAWN},
  /* "or merged into another by the dispatcher". */
  [ACT_MERGE] = {RO(DISPATCHER), OPEN_STATES, DEMAND_MERGED},
  /* "anyone who may see it, but the leader"; a closed demand can still be
   * discussed, a withdrawn or merged one cannot. */
  [ACT_COMMENT] = {RO(ENTERPRISE) | RO(COMMISSIONER) | RO(DISPATCHER) |
                     RO(HANDLER) | RO(SUPERVISOR) | RO(ADMIN),
                   OPEN_STATES | ST(CLOSED), SAME},
  /* "lead handler asks for more time to resolve", while it is to do. */
  [ACT_EXTEND] = {RO(HANDLER), RUNNING_STATES, SAME},
  /* "supervisor approves or refuses it". */
  [ACT_DECIDE_EXTENSION] = {RO(SUPERVISOR), RUNNING_STATES, SAME},
  /* "lead handler: waiting on the enterprise". */
  [ACT_PAUSE] = {RO(HANDLER), RUNNING_STATES, SAME},
  /* "lead handler or the enterprise (or its commissioner)". */
  [ACT_RESUME] = {RO(HANDLER) | RO(ENTERPRISE) | RO(COMMISSIONER),
                  RUNNING_STATES, SAME},
  /* "the system: a result left unanswered"; no role may. */
  [ACT_AUTO_CLOSE] = {0, ST(RESOLVED), DEMAND_CLOSED},
};

static bool role_may(DemandAction a, Role r)
{
  return (expected[a].roles & (1u << r)) != 0;
}

static bool may_start_from(DemandAction a, DemandStatus s)
{
  return (expected[a].from & (1u << s)) != 0;
}

/* ---------------------------------------------------------------------
 * Fixtures: a demand in each status, consistent with its history
 */

static void demand_in(Demand *d, DemandStatus s)
{
  memset(d, 0, sizeof *d);
  d->id = DEMAND_ID;
  d->enterprise_id = ENTERPRISE;
  d->status = s;
  demand_limits_default(&d->limits);
  d->submitted_at = T_SUBMIT;
  d->assign_due = T_SUBMIT + DAY;
  /* Every fixture has been assigned to LEAD with CO: a submitted one is
   * the same demand returned by LEAD after accepting it, so that a
   * handler of LEAD can still see it and the return can be refused. */
  d->lead_department_id = LEAD;
  d->co_department_ids[0] = CO;
  d->n_co = 1;
  d->assigned_at = d->first_assigned_at = T_ASSIGN;
  d->answer_due = T_ASSIGN + 3 * DAY;
  d->resolve_due = T_ASSIGN + 15 * DAY;
  d->accepted_at = T_ACCEPT;
  switch (s) {
  case DEMAND_SUBMITTED:
    d->is_return_pending = true;
    d->returned_from = LEAD;
    d->status_before_return = DEMAND_ACCEPTED;
    d->return_count = 1;
    break;
  case DEMAND_ASSIGNED:
    d->accepted_at = 0;
    break;
  case DEMAND_ACCEPTED:
    break;
  case DEMAND_ANSWERED:
    d->answered_at = T_ANSWER;
    break;
  case DEMAND_RESOLVED:
    d->answered_at = T_ANSWER;
    d->resolved_at = T_RESOLVE;
    d->outcome = OUTCOME_RESOLVED;
    break;
  case DEMAND_CLOSED:
    d->answered_at = T_ANSWER;
    d->resolved_at = T_RESOLVE;
    d->outcome = OUTCOME_RESOLVED;
    d->satisfaction = SAT_SATISFIED;
    d->closed_at = T_RESOLVE + DAY;
    break;
  case DEMAND_WITHDRAWN:
    d->closed_at = T_ACCEPT + DAY;
    break;
  case DEMAND_MERGED:
    d->duplicate_of = OTHER_DEMAND_ID;
    d->closed_at = T_ACCEPT + DAY;
    break;
  case DEMAND_STATUS_COUNT:
    fail();
  }
}

/* What ACTION needs of the demand beyond its status. */
static void prepare_for(Demand *d, DemandAction action)
{
  if (action == ACT_DECIDE_EXTENSION) d->extension_pending_days = 5;
  if (action == ACT_RESUME) d->paused_at = T_NOW - 2 * DAY;
}

/* An input every action accepts. */
static DemandInput full_input(void)
{
  DemandInput in = input("Materials and reasons as required.");

  in.lead_department_id = NEW_LEAD;
  in.co_department_ids[0] = NEW_CO;
  in.co_department_ids[1] = CO;
  in.n_co = 2;
  in.outcome = OUTCOME_RESOLVED;
  in.satisfaction = SAT_SATISFIED;
  in.duplicate_of = OTHER_DEMAND_ID;
  in.extension_days = 5;
  in.is_approved = true;
  return in;
}

/* Run one cell; true when the result is the EXPECTED code (and status). */
static bool cell_holds(DemandStatus s, DemandAction a, const Actor *who,
                       QtCode want, int want_to)
{
  Demand d, before;
  DemandEvent ev;
  DemandInput in = full_input();
  QtError err;
  QtCode rc;
  bool ok;

  demand_in(&d, s);
  prepare_for(&d, a);
  memcpy(&before, &d, sizeof d);
  memset(&ev, 0, sizeof ev);
  qt_error_clear(&err);
  rc = demand_apply(&d, who, a, &in, &cal, T_NOW, &ev, &err);
  if (want == QT_OK) {
    int to = want_to == SAME ? (int)s : want_to;

    ok = rc == QT_OK && (int)d.status == to && ev.action == a &&
         ev.from == s && ev.to == d.status && ev.at == T_NOW;
  } else {
    ok = rc == want && memcmp(&d, &before, sizeof d) == 0;
  }
  if (!ok) {
    print_error("%s %s by %s: got %s (%s), status %s; want %s\n",
                demand_status_name(s), demand_action_name(a),
                who->is_system ? "system" : role_name(who->role),
                qt_code_name(rc), err.message,
                demand_status_name(d.status), qt_code_name(want));
  }
  return ok;
}

static void test_every_status_action_and_role_follows_the_table(
  void **state)
{
  int s, a, r, n_cases = 0, n_wrong = 0, n_allowed = 0;

  (void)state;
  for (s = 0; s < DEMAND_STATUS_COUNT; s++) {
    for (a = 0; a < ACT_COUNT; a++) {
      for (r = 0; r < ROLE_COUNT; r++) {
        DemandStatus st = (DemandStatus)s;
        DemandAction act = (DemandAction)a;
        Actor who = actor((Role)r);
        bool is_allowed = role_may(act, (Role)r) && may_start_from(act, st);
        QtCode want = is_allowed             ? QT_OK
                      : role_may(act, (Role)r) ? QT_ECONFLICT
                                               : QT_EFORBIDDEN;

        n_cases++;
        n_allowed += is_allowed;
        if (!cell_holds(st, act, &who, want, expected[a].to)) n_wrong++;
      }
    }
  }
  assert_int_equal(n_cases, 8 * 15 * 7);
  assert_int_equal(n_wrong, 0);
  assert_true(n_allowed > 0);
}

static void test_demand_allows_agrees_with_the_table(void **state)
{
  int s, a, r, n_wrong = 0;

  (void)state;
  for (s = 0; s < DEMAND_STATUS_COUNT; s++) {
    for (a = 0; a < ACT_COUNT; a++) {
      for (r = 0; r < ROLE_COUNT; r++) {
        bool want = role_may((DemandAction)a, (Role)r) &&
                    may_start_from((DemandAction)a, (DemandStatus)s);

        if (demand_allows((DemandStatus)s, (DemandAction)a, (Role)r) !=
            want) {
          print_error("demand_allows(%s, %s, %s) is not %d\n",
                      demand_status_name((DemandStatus)s),
                      demand_action_name((DemandAction)a),
                      role_name((Role)r), want);
          n_wrong++;
        }
      }
    }
  }
  assert_int_equal(n_wrong, 0);
}

static void test_system_actor_may_only_auto_close_resolved_demands(
  void **state)
{
  Actor sys = system_actor();
  int s, a, n_cases = 0, n_wrong = 0;

  (void)state;
  for (s = 0; s < DEMAND_STATUS_COUNT; s++) {
    for (a = 0; a < ACT_COUNT; a++) {
      QtCode want = a != ACT_AUTO_CLOSE   ? QT_EFORBIDDEN
                    : s == DEMAND_RESOLVED ? QT_OK
                                           : QT_ECONFLICT;

      n_cases++;
      if (!cell_holds((DemandStatus)s, (DemandAction)a, &sys, want,
                      DEMAND_CLOSED)) {
        n_wrong++;
      }
    }
  }
  assert_int_equal(n_cases, 8 * 15);
  assert_int_equal(n_wrong, 0);
}

/* ---------------------------------------------------------------------
 * Behaviours, on demands driven through the real transitions
 */

static void apply_ok(Demand *d, Actor who, DemandAction a, DemandInput in,
                     QtTime now)
{
  DemandEvent ev;
  QtError err;
  QtCode rc;

  qt_error_clear(&err);
  rc = demand_apply(d, &who, a, &in, &cal, now, &ev, &err);
  if (rc != QT_OK) print_error("%s: %s\n", demand_action_name(a), err.message);
  assert_int_equal(rc, QT_OK);
}

/* Apply and expect failure with WANT, leaving D untouched; ERR is left for
 * the caller to inspect. */
static void apply_fails(Demand *d, Actor who, DemandAction a, DemandInput in,
                        QtTime now, QtCode want, QtError *err)
{
  Demand before;
  DemandEvent ev;

  memcpy(&before, d, sizeof *d);
  qt_error_clear(err);
  assert_int_equal(demand_apply(d, &who, a, &in, &cal, now, &ev, err), want);
  assert_memory_equal(d, &before, sizeof *d);
}

static void submitted(Demand *d)
{
  DemandLimits limits;
  DemandEvent ev;
  Actor who = actor(ROLE_ENTERPRISE);

  memset(d, 0, sizeof *d);
  d->id = DEMAND_ID;
  d->enterprise_id = ENTERPRISE;
  demand_limits_default(&limits);
  demand_submit(d, &limits, &cal, &who, T_SUBMIT, &ev);
}

static void assigned(Demand *d)
{
  submitted(d);
  apply_ok(d, actor(ROLE_DISPATCHER), ACT_ASSIGN, assign_to(LEAD, CO),
           T_ASSIGN);
}

static void accepted(Demand *d)
{
  assigned(d);
  apply_ok(d, actor(ROLE_HANDLER), ACT_ACCEPT, input(NULL), T_ACCEPT);
}

static void answered(Demand *d)
{
  accepted(d);
  apply_ok(d, actor(ROLE_HANDLER), ACT_ANSWER,
           input("We will call on Thursday."), T_ANSWER);
}

static void resolved(Demand *d)
{
  DemandInput in = input("The permit was issued.");

  answered(d);
  in.outcome = OUTCOME_RESOLVED;
  apply_ok(d, actor(ROLE_HANDLER), ACT_RESOLVE, in, T_RESOLVE);
}

static void test_submit_starts_the_assign_clock_one_day_later(void **state)
{
  Demand d;

  (void)state;
  submitted(&d);
  assert_int_equal(d.status, DEMAND_SUBMITTED);
  assert_int_equal(d.id, DEMAND_ID);
  assert_int_equal(d.enterprise_id, ENTERPRISE);
  assert_int_equal(d.submitted_at, T_SUBMIT);
  assert_int_equal(d.assign_due, at("2025-03-04T09:00:00+08:00"));
  assert_int_equal(d.lead_department_id, 0);
  assert_int_equal(d.answer_due, 0);
}

static void test_assign_sets_departments_and_starts_answer_and_resolve_clocks(
  void **state)
{
  Demand d;
  DemandInput in = assign_to(LEAD, CO);

  (void)state;
  submitted(&d);
  in.co_department_ids[1] = UNRELATED;
  in.n_co = 2;
  apply_ok(&d, actor(ROLE_DISPATCHER), ACT_ASSIGN, in, T_ASSIGN);
  assert_int_equal(d.status, DEMAND_ASSIGNED);
  assert_int_equal(d.lead_department_id, LEAD);
  assert_int_equal(d.n_co, 2);
  assert_int_equal(d.co_department_ids[0], CO);
  assert_int_equal(d.co_department_ids[1], UNRELATED);
  assert_int_equal(d.assigned_at, T_ASSIGN);
  assert_int_equal(d.first_assigned_at, T_ASSIGN);
  assert_int_equal(d.answer_due, at("2025-03-06T10:00:00+08:00"));
  assert_int_equal(d.resolve_due, at("2025-03-18T10:00:00+08:00"));
}

static void test_assign_rejects_a_co_department_equal_to_the_lead(
  void **state)
{
  Demand d;
  QtError err;

  (void)state;
  submitted(&d);
  apply_fails(&d, actor(ROLE_DISPATCHER), ACT_ASSIGN, assign_to(LEAD, LEAD),
              T_ASSIGN, QT_EINVALID, &err);
  assert_int_equal(err.n_fields, 1);
  assert_string_equal(err.fields[0].name, "co_department_ids");
}

static void test_assign_rejects_a_co_department_named_twice(void **state)
{
  Demand d;
  DemandInput in = assign_to(LEAD, CO);
  QtError err;

  (void)state;
  submitted(&d);
  in.co_department_ids[1] = UNRELATED;
  in.co_department_ids[2] = CO;
  in.n_co = 3;
  apply_fails(&d, actor(ROLE_DISPATCHER), ACT_ASSIGN, in, T_ASSIGN,
              QT_EINVALID, &err);
  assert_int_equal(err.n_fields, 1);
  assert_string_equal(err.fields[0].name, "co_department_ids");
}

static void test_assign_requires_a_lead_department(void **state)
{
  Demand d;
  QtError err;

  (void)state;
  submitted(&d);
  apply_fails(&d, actor(ROLE_DISPATCHER), ACT_ASSIGN, assign_to(0, CO),
              T_ASSIGN, QT_EINVALID, &err);
  assert_string_equal(err.fields[0].name, "lead_department_id");
}

static void test_co_department_handler_may_comment_but_not_answer(
  void **state)
{
  Demand d;
  QtError err;

  (void)state;
  accepted(&d);
  apply_ok(&d, handler_of(CO), ACT_COMMENT, input("We can help."), T_NOW);
  assert_int_equal(d.status, DEMAND_ACCEPTED);
  apply_fails(&d, handler_of(CO), ACT_ANSWER, input("Our answer."), T_NOW,
              QT_EFORBIDDEN, &err);
}

static void test_unrelated_department_may_not_accept(void **state)
{
  Demand d;
  QtError err;

  (void)state;
  assigned(&d);
  apply_fails(&d, handler_of(UNRELATED), ACT_ACCEPT, input(NULL), T_ACCEPT,
              QT_EFORBIDDEN, &err);
  apply_fails(&d, handler_of(UNRELATED), ACT_COMMENT, input("Hello."),
              T_ACCEPT, QT_EFORBIDDEN, &err);
}

static void test_return_requires_a_reason(void **state)
{
  Demand d;
  QtError err;

  (void)state;
  accepted(&d);
  apply_fails(&d, actor(ROLE_HANDLER), ACT_RETURN, input(""), T_NOW,
              QT_EINVALID, &err);
  assert_string_equal(err.fields[0].name, "note");
  apply_fails(&d, actor(ROLE_HANDLER), ACT_RETURN, input(NULL), T_NOW,
              QT_EINVALID, &err);
  assert_string_equal(err.fields[0].name, "note");
}

static void test_return_goes_back_to_the_dispatcher_and_is_counted(
  void **state)
{
  Demand d;

  (void)state;
  accepted(&d);
  apply_ok(&d, actor(ROLE_HANDLER), ACT_RETURN,
           input("Land use is the natural resources bureau's remit."),
           T_NOW);
  assert_int_equal(d.status, DEMAND_SUBMITTED);
  assert_true(d.is_return_pending);
  assert_int_equal(d.returned_from, LEAD);
  assert_int_equal(d.return_count, 1);
}

static void test_refused_return_restores_the_status_and_original_clocks(
  void **state)
{
  Demand d;

  (void)state;
  accepted(&d);
  apply_ok(&d, actor(ROLE_HANDLER), ACT_RETURN, input("Not ours."), T_NOW);
  apply_ok(&d, actor(ROLE_DISPATCHER), ACT_REFUSE_RETURN,
           input("It is yours."), T_NOW + DAY);
  assert_int_equal(d.status, DEMAND_ACCEPTED);
  assert_false(d.is_return_pending);
  assert_int_equal(d.lead_department_id, LEAD);
  assert_int_equal(d.return_count, 1);
  assert_int_equal(d.assigned_at, T_ASSIGN);
  assert_int_equal(d.accepted_at, T_ACCEPT);
  assert_int_equal(d.answer_due, at("2025-03-06T10:00:00+08:00"));
  assert_int_equal(d.resolve_due, at("2025-03-18T10:00:00+08:00"));

  /* Returned from assigned, it goes back to assigned. */
  assigned(&d);
  apply_ok(&d, actor(ROLE_HANDLER), ACT_RETURN, input("Not ours."), T_NOW);
  apply_ok(&d, actor(ROLE_DISPATCHER), ACT_REFUSE_RETURN, input(NULL),
           T_NOW + DAY);
  assert_int_equal(d.status, DEMAND_ASSIGNED);
  assert_int_equal(d.assigned_at, T_ASSIGN);
}

static void test_refusing_a_return_that_was_never_made_conflicts(
  void **state)
{
  Demand d;
  QtError err;

  (void)state;
  submitted(&d);
  apply_fails(&d, actor(ROLE_DISPATCHER), ACT_REFUSE_RETURN, input(NULL),
              T_ASSIGN, QT_ECONFLICT, &err);
}

static void test_reassigning_after_a_return_restarts_the_clocks_from_now(
  void **state)
{
  Demand d;
  QtTime now = at("2025-03-11T09:00:00+08:00");

  (void)state;
  accepted(&d);
  apply_ok(&d, actor(ROLE_HANDLER), ACT_RETURN, input("Not ours."),
           now - DAY);
  apply_ok(&d, actor(ROLE_DISPATCHER), ACT_ASSIGN,
           assign_to(NEW_LEAD, NEW_CO), now);
  assert_int_equal(d.status, DEMAND_ASSIGNED);
  assert_false(d.is_return_pending);
  assert_int_equal(d.lead_department_id, NEW_LEAD);
  assert_int_equal(d.co_department_ids[0], NEW_CO);
  assert_int_equal(d.assigned_at, now);
  assert_int_equal(d.first_assigned_at, T_ASSIGN);
  assert_int_equal(d.accepted_at, 0);
  assert_int_equal(d.answer_due, at("2025-03-14T09:00:00+08:00"));
  assert_int_equal(d.resolve_due, at("2025-03-26T09:00:00+08:00"));
}

static void test_reassigning_to_the_returning_department_refuses_the_return(
  void **state)
{
  Demand d;

  (void)state;
  accepted(&d);
  apply_ok(&d, actor(ROLE_HANDLER), ACT_RETURN, input("Not ours."), T_NOW);
  apply_ok(&d, actor(ROLE_DISPATCHER), ACT_ASSIGN, assign_to(LEAD, 0),
           T_NOW + DAY);
  assert_int_equal(d.status, DEMAND_ACCEPTED);
  assert_false(d.is_return_pending);
  assert_int_equal(d.lead_department_id, LEAD);
  assert_int_equal(d.assigned_at, T_ASSIGN);
  assert_int_equal(d.accepted_at, T_ACCEPT);
  assert_int_equal(d.answer_due, at("2025-03-06T10:00:00+08:00"));
  assert_int_equal(d.resolve_due, at("2025-03-18T10:00:00+08:00"));
}

static void test_answer_from_assigned_also_accepts(void **state)
{
  Demand d;

  (void)state;
  assigned(&d);
  apply_ok(&d, actor(ROLE_HANDLER), ACT_ANSWER, input("We will call."),
           T_ANSWER);
  assert_int_equal(d.status, DEMAND_ANSWERED);
  assert_int_equal(d.accepted_at, T_ANSWER);
  assert_int_equal(d.answered_at, T_ANSWER);
}

static void test_answer_keeps_an_earlier_acceptance_time(void **state)
{
  Demand d;

  (void)state;
  answered(&d);
  assert_int_equal(d.accepted_at, T_ACCEPT);
  assert_int_equal(d.answered_at, T_ANSWER);
}

static void test_resolve_requires_outcome_and_note(void **state)
{
  Demand d;
  DemandInput in = input(NULL);
  QtError err;

  (void)state;
  answered(&d);
  apply_fails(&d, actor(ROLE_HANDLER), ACT_RESOLVE, in, T_RESOLVE,
              QT_EINVALID, &err);
  assert_int_equal(err.n_fields, 2);
  assert_string_equal(err.fields[0].name, "outcome");
  assert_string_equal(err.fields[1].name, "note");

  in.outcome = OUTCOME_PARTIAL;
  apply_fails(&d, actor(ROLE_HANDLER), ACT_RESOLVE, in, T_RESOLVE,
              QT_EINVALID, &err);
  assert_string_equal(err.fields[0].name, "note");

  in = input("Half the quota was granted.");
  apply_fails(&d, actor(ROLE_HANDLER), ACT_RESOLVE, in, T_RESOLVE,
              QT_EINVALID, &err);
  assert_string_equal(err.fields[0].name, "outcome");

  in.outcome = OUTCOME_PARTIAL;
  apply_ok(&d, actor(ROLE_HANDLER), ACT_RESOLVE, in, T_RESOLVE);
  assert_int_equal(d.status, DEMAND_RESOLVED);
  assert_int_equal(d.outcome, OUTCOME_PARTIAL);
  assert_int_equal(d.resolved_at, T_RESOLVE);
}

static void test_unsatisfied_confirmation_reopens_with_fresh_clocks(
  void **state)
{
  Demand d;
  DemandInput in = input("Nothing has changed.");
  QtTime now = at("2025-03-12T08:00:00+08:00");

  (void)state;
  resolved(&d);
  in.satisfaction = SAT_UNSATISFIED;
  apply_ok(&d, actor(ROLE_ENTERPRISE), ACT_CONFIRM, in, now);
  assert_int_equal(d.status, DEMAND_ASSIGNED);
  assert_int_equal(d.reopen_count, 1);
  assert_int_equal(d.outcome, OUTCOME_NONE);
  assert_int_equal(d.satisfaction, SAT_UNSATISFIED);
  assert_int_equal(d.lead_department_id, LEAD);
  assert_int_equal(d.assigned_at, now);
  assert_int_equal(d.first_assigned_at, T_ASSIGN);
  assert_int_equal(d.answered_at, 0);
  assert_int_equal(d.closed_at, 0);
  assert_int_equal(d.answer_due, at("2025-03-15T08:00:00+08:00"));
  assert_int_equal(d.resolve_due, at("2025-03-27T08:00:00+08:00"));
}

static void test_satisfied_or_basic_confirmation_closes(void **state)
{
  Demand d;
  DemandInput in = input(NULL);

  (void)state;
  resolved(&d);
  in.satisfaction = SAT_SATISFIED;
  apply_ok(&d, actor(ROLE_ENTERPRISE), ACT_CONFIRM, in, T_NOW);
  assert_int_equal(d.status, DEMAND_CLOSED);
  assert_int_equal(d.closed_at, T_NOW);
  assert_int_equal(d.satisfaction, SAT_SATISFIED);
  assert_int_equal(d.outcome, OUTCOME_RESOLVED);
  assert_int_equal(d.reopen_count, 0);

  resolved(&d);
  in.satisfaction = SAT_BASIC;
  apply_ok(&d, actor(ROLE_COMMISSIONER), ACT_CONFIRM, in, T_NOW);
  assert_int_equal(d.status, DEMAND_CLOSED);
  assert_int_equal(d.closed_at, T_NOW);
  assert_int_equal(d.satisfaction, SAT_BASIC);
}

static void test_confirm_requires_a_rating(void **state)
{
  Demand d;
  QtError err;

  (void)state;
  resolved(&d);
  apply_fails(&d, actor(ROLE_ENTERPRISE), ACT_CONFIRM, input(NULL), T_NOW,
              QT_EINVALID, &err);
  assert_string_equal(err.fields[0].name, "satisfaction");
}

static void test_another_enterprise_may_not_confirm(void **state)
{
  Demand d;
  Actor other = actor(ROLE_ENTERPRISE);
  DemandInput in = input(NULL);
  QtError err;

  (void)state;
  resolved(&d);
  other.enterprise_id = OTHER_ENTERPRISE;
  in.satisfaction = SAT_SATISFIED;
  apply_fails(&d, other, ACT_CONFIRM, in, T_NOW, QT_EFORBIDDEN, &err);
}

static void test_withdraw_works_from_every_open_state(void **state)
{
  static void (*const reach[])(Demand *) = {submitted, assigned, accepted,
                                             answered, resolved};
  Demand d;
  size_t i;

  (void)state;
  for (i = 0; i < sizeof reach / sizeof *reach; i++) {
    reach[i](&d);
    apply_ok(&d, actor(ROLE_ENTERPRISE), ACT_WITHDRAW,
             input("Solved it ourselves."), T_NOW);
    assert_int_equal(d.status, DEMAND_WITHDRAWN);
    assert_int_equal(d.closed_at, T_NOW);
  }
}

static void test_finished_demands_cannot_be_withdrawn(void **state)
{
  static const DemandStatus finished[] = {DEMAND_CLOSED, DEMAND_WITHDRAWN,
                                          DEMAND_MERGED};
  Demand d;
  QtError err;
  size_t i;

  (void)state;
  for (i = 0; i < sizeof finished / sizeof *finished; i++) {
    demand_in(&d, finished[i]);
    apply_fails(&d, actor(ROLE_ENTERPRISE), ACT_WITHDRAW, input(NULL), T_NOW,
                QT_ECONFLICT, &err);
  }
}

static void test_merge_records_the_original(void **state)
{
  Demand d;
  DemandInput in = input(NULL);

  (void)state;
  assigned(&d);
  in.duplicate_of = OTHER_DEMAND_ID;
  apply_ok(&d, actor(ROLE_DISPATCHER), ACT_MERGE, in, T_NOW);
  assert_int_equal(d.status, DEMAND_MERGED);
  assert_int_equal(d.duplicate_of, OTHER_DEMAND_ID);
}

static void test_merge_into_itself_is_invalid(void **state)
{
  Demand d;
  DemandInput in = input(NULL);
  QtError err;

  (void)state;
  submitted(&d);
  in.duplicate_of = DEMAND_ID;
  apply_fails(&d, actor(ROLE_DISPATCHER), ACT_MERGE, in, T_NOW, QT_EINVALID,
              &err);
  assert_string_equal(err.fields[0].name, "duplicate_of");
  in.duplicate_of = 0;
  apply_fails(&d, actor(ROLE_DISPATCHER), ACT_MERGE, in, T_NOW, QT_EINVALID,
              &err);
}

/* Assigned Monday 2025-03-03 10:00 with 5 working days to resolve:
 * due Monday 2025-03-10 10:00. */
static void assigned_on_working_days(Demand *d)
{
  submitted(d);
  d->limits.resolve = (Limit){LIMIT_WORKING_DAYS, 5};
  apply_ok(d, actor(ROLE_DISPATCHER), ACT_ASSIGN, assign_to(LEAD, 0),
           T_ASSIGN);
  assert_int_equal(d->resolve_due, at("2025-03-10T10:00:00+08:00"));
}

static DemandInput extension(int days)
{
  DemandInput in = input("The enterprise needs an environmental review.");

  in.extension_days = days;
  return in;
}

static DemandInput decision(bool is_approved)
{
  DemandInput in = input(NULL);

  in.is_approved = is_approved;
  return in;
}

static void test_approved_extension_moves_resolve_due_in_working_days(
  void **state)
{
  Demand d;

  (void)state;
  assigned_on_working_days(&d);
  apply_ok(&d, actor(ROLE_HANDLER), ACT_EXTEND, extension(3), T_ACCEPT);
  assert_int_equal(d.extension_pending_days, 3);
  assert_int_equal(d.resolve_due, at("2025-03-10T10:00:00+08:00"));
  apply_ok(&d, actor(ROLE_SUPERVISOR), ACT_DECIDE_EXTENSION, decision(true),
           T_ACCEPT + 3600);
  /* Tue 11, (Wed 12 is a holiday), Thu 13, Fri 14. */
  assert_int_equal(d.resolve_due, at("2025-03-14T10:00:00+08:00"));
  assert_int_equal(d.extension_days, 3);
  assert_int_equal(d.extension_pending_days, 0);
  assert_int_equal(d.status, DEMAND_ASSIGNED);
}

static void test_approved_extension_moves_resolve_due_in_calendar_days(
  void **state)
{
  Demand d;

  (void)state;
  assigned(&d); /* 15 calendar days: due 2025-03-18 10:00 */
  apply_ok(&d, actor(ROLE_HANDLER), ACT_EXTEND, extension(3), T_ACCEPT);
  apply_ok(&d, actor(ROLE_SUPERVISOR), ACT_DECIDE_EXTENSION, decision(true),
           T_ACCEPT + 3600);
  assert_int_equal(d.resolve_due, at("2025-03-21T10:00:00+08:00"));
}

static void test_refused_extension_leaves_resolve_due(void **state)
{
  Demand d;

  (void)state;
  assigned_on_working_days(&d);
  apply_ok(&d, actor(ROLE_HANDLER), ACT_EXTEND, extension(3), T_ACCEPT);
  apply_ok(&d, actor(ROLE_SUPERVISOR), ACT_DECIDE_EXTENSION, decision(false),
           T_ACCEPT + 3600);
  assert_int_equal(d.resolve_due, at("2025-03-10T10:00:00+08:00"));
  assert_int_equal(d.extension_days, 0);
  assert_int_equal(d.extension_pending_days, 0);
}

static void test_second_extension_while_one_is_pending_conflicts(
  void **state)
{
  Demand d;
  QtError err;

  (void)state;
  assigned_on_working_days(&d);
  apply_ok(&d, actor(ROLE_HANDLER), ACT_EXTEND, extension(3), T_ACCEPT);
  apply_fails(&d, actor(ROLE_HANDLER), ACT_EXTEND, extension(2),
              T_ACCEPT + 60, QT_ECONFLICT, &err);
}

static void test_extension_days_must_be_1_to_90(void **state)
{
  Demand d;
  QtError err;

  (void)state;
  assigned(&d);
  apply_fails(&d, actor(ROLE_HANDLER), ACT_EXTEND, extension(0), T_ACCEPT,
              QT_EINVALID, &err);
  apply_fails(&d, actor(ROLE_HANDLER), ACT_EXTEND, extension(91), T_ACCEPT,
              QT_EINVALID, &err);
}

static void test_deciding_without_a_pending_extension_conflicts(
  void **state)
{
  Demand d;
  QtError err;

  (void)state;
  assigned(&d);
  apply_fails(&d, actor(ROLE_SUPERVISOR), ACT_DECIDE_EXTENSION,
              decision(true), T_ACCEPT, QT_ECONFLICT, &err);
}

static void test_resume_shifts_the_running_deadlines_by_the_paused_time(
  void **state)
{
  Demand d;
  QtTime paused = at("2025-03-04T10:00:00+08:00");

  (void)state;
  accepted(&d);
  apply_ok(&d, actor(ROLE_HANDLER), ACT_PAUSE,
           input("Send the land certificate."), paused);
  assert_int_equal(d.paused_at, paused);
  apply_ok(&d, actor(ROLE_ENTERPRISE), ACT_RESUME, input(NULL),
           paused + 2 * DAY);
  assert_int_equal(d.paused_at, 0);
  assert_int_equal(d.paused_seconds, 2 * DAY);
  assert_int_equal(d.answer_due, at("2025-03-08T10:00:00+08:00"));
  assert_int_equal(d.resolve_due, at("2025-03-20T10:00:00+08:00"));
  assert_int_equal(d.status, DEMAND_ACCEPTED);
}

static void test_resume_after_the_answer_leaves_answer_due(void **state)
{
  Demand d;
  QtTime paused = at("2025-03-06T10:00:00+08:00");

  (void)state;
  answered(&d);
  apply_ok(&d, actor(ROLE_HANDLER), ACT_PAUSE, input("Send the plans."),
           paused);
  apply_ok(&d, actor(ROLE_HANDLER), ACT_RESUME, input(NULL),
           paused + 2 * DAY);
  assert_int_equal(d.paused_seconds, 2 * DAY);
  assert_int_equal(d.answer_due, at("2025-03-06T10:00:00+08:00"));
  assert_int_equal(d.resolve_due, at("2025-03-20T10:00:00+08:00"));

  /* A second pause adds to the first. */
  apply_ok(&d, actor(ROLE_HANDLER), ACT_PAUSE, input("And the permit."),
           paused + 3 * DAY);
  apply_ok(&d, actor(ROLE_HANDLER), ACT_RESUME, input(NULL),
           paused + 3 * DAY + 3600);
  assert_int_equal(d.paused_seconds, 2 * DAY + 3600);
  assert_int_equal(d.resolve_due, at("2025-03-20T11:00:00+08:00"));
}

static void test_resume_without_a_pause_conflicts(void **state)
{
  Demand d;
  QtError err;

  (void)state;
  accepted(&d);
  apply_fails(&d, actor(ROLE_HANDLER), ACT_RESUME, input(NULL), T_NOW,
              QT_ECONFLICT, &err);
}

static void test_pausing_a_paused_clock_conflicts(void **state)
{
  Demand d;
  QtError err;

  (void)state;
  accepted(&d);
  apply_ok(&d, actor(ROLE_HANDLER), ACT_PAUSE, input("Send it."), T_NOW);
  apply_fails(&d, actor(ROLE_HANDLER), ACT_PAUSE, input("Send it."),
              T_NOW + 60, QT_ECONFLICT, &err);
}

static void test_only_the_system_auto_closes_and_only_a_result(void **state)
{
  Demand d;
  DemandEvent ev;
  QtError err;
  Actor sys = system_actor();
  int r;

  (void)state;
  resolved(&d);
  for (r = 0; r < ROLE_COUNT; r++) {
    apply_fails(&d, actor((Role)r), ACT_AUTO_CLOSE, input(NULL), T_NOW,
                QT_EFORBIDDEN, &err);
  }
  qt_error_clear(&err);
  assert_int_equal(demand_apply(&d, &sys, ACT_AUTO_CLOSE, &(DemandInput){0},
                                &cal, T_NOW, &ev, &err),
                   QT_OK);
  assert_int_equal(d.status, DEMAND_CLOSED);
  assert_int_equal(d.closed_at, T_NOW);
  assert_int_equal(d.satisfaction, SAT_NONE);
  assert_int_equal(ev.actor_id, 0);

  answered(&d);
  apply_fails(&d, sys, ACT_AUTO_CLOSE, input(NULL), T_NOW, QT_ECONFLICT,
              &err);
}

static void test_comment_is_allowed_on_closed_but_not_on_withdrawn(
  void **state)
{
  Demand d;
  DemandInput in = input(NULL);
  QtError err;

  (void)state;
  resolved(&d);
  in.satisfaction = SAT_SATISFIED;
  apply_ok(&d, actor(ROLE_ENTERPRISE), ACT_CONFIRM, in, T_NOW);
  apply_ok(&d, actor(ROLE_COMMISSIONER), ACT_COMMENT,
           input("Thanks to the bureau."), T_NOW + DAY);
  assert_int_equal(d.status, DEMAND_CLOSED);

  assigned(&d);
  apply_ok(&d, actor(ROLE_ENTERPRISE), ACT_WITHDRAW, input(NULL), T_NOW);
  apply_fails(&d, actor(ROLE_COMMISSIONER), ACT_COMMENT, input("Why?"),
              T_NOW + DAY, QT_ECONFLICT, &err);
}

static void test_comment_requires_text(void **state)
{
  Demand d;
  QtError err;

  (void)state;
  assigned(&d);
  apply_fails(&d, actor(ROLE_DISPATCHER), ACT_COMMENT, input(""), T_NOW,
              QT_EINVALID, &err);
}

static void test_leader_may_not_comment(void **state)
{
  Demand d;
  QtError err;

  (void)state;
  assigned(&d);
  apply_fails(&d, actor(ROLE_LEADER), ACT_COMMENT, input("Hurry."), T_NOW,
              QT_EFORBIDDEN, &err);
}

static void test_event_records_action_statuses_actor_and_note(void **state)
{
  Demand d;
  DemandEvent ev;
  DemandInput in;
  QtError err;
  Actor dispatcher = actor(ROLE_DISPATCHER);
  Actor handler = actor(ROLE_HANDLER);
  Actor enterprise = actor(ROLE_ENTERPRISE);

  (void)state;
  submitted(&d);
  in = assign_to(LEAD, CO);
  in.note = "Labour bureau, please.";
  qt_error_clear(&err);
  assert_int_equal(demand_apply(&d, &dispatcher, ACT_ASSIGN, &in, &cal,
                                T_ASSIGN, &ev, &err),
                   QT_OK);
  assert_int_equal(ev.action, ACT_ASSIGN);
  assert_int_equal(ev.from, DEMAND_SUBMITTED);
  assert_int_equal(ev.to, DEMAND_ASSIGNED);
  assert_int_equal(ev.actor_id, dispatcher.user_id);
  assert_int_equal(ev.actor_role, ROLE_DISPATCHER);
  assert_int_equal(ev.at, T_ASSIGN);
  assert_ptr_equal(ev.note, in.note);

  in = input("Not our remit.");
  assert_int_equal(demand_apply(&d, &handler, ACT_RETURN, &in, &cal,
                                T_ACCEPT, &ev, &err),
                   QT_OK);
  assert_int_equal(ev.action, ACT_RETURN);
  assert_int_equal(ev.from, DEMAND_ASSIGNED);
  assert_int_equal(ev.to, DEMAND_SUBMITTED);
  assert_int_equal(ev.actor_id, handler.user_id);
  assert_int_equal(ev.actor_role, ROLE_HANDLER);
  assert_ptr_equal(ev.note, in.note);

  resolved(&d);
  in = input("The loan was not granted.");
  in.satisfaction = SAT_UNSATISFIED;
  assert_int_equal(demand_apply(&d, &enterprise, ACT_CONFIRM, &in, &cal,
                                T_NOW, &ev, &err),
                   QT_OK);
  assert_int_equal(ev.action, ACT_CONFIRM);
  assert_int_equal(ev.from, DEMAND_RESOLVED);
  assert_int_equal(ev.to, DEMAND_ASSIGNED);
  assert_int_equal(ev.actor_id, enterprise.user_id);
  assert_int_equal(ev.actor_role, ROLE_ENTERPRISE);
  assert_int_equal(ev.at, T_NOW);
  assert_ptr_equal(ev.note, in.note);

  in = input("Still waiting for the bank.");
  assert_int_equal(demand_apply(&d, &enterprise, ACT_COMMENT, &in, &cal,
                                T_NOW + 60, &ev, &err),
                   QT_OK);
  assert_int_equal(ev.action, ACT_COMMENT);
  assert_int_equal(ev.from, DEMAND_ASSIGNED);
  assert_int_equal(ev.to, DEMAND_ASSIGNED);
  assert_ptr_equal(ev.note, in.note);
}

static void test_names_round_trip(void **state)
{
  QtError err;
  int i;

  (void)state;
  for (i = 0; i < DEMAND_STATUS_COUNT; i++) {
    DemandStatus s;

    qt_error_clear(&err);
    assert_int_equal(
      demand_status_parse(demand_status_name((DemandStatus)i), &s, &err),
      QT_OK);
    assert_int_equal(s, i);
  }
  for (i = 0; i < ACT_COUNT; i++) {
    DemandAction a;

    qt_error_clear(&err);
    assert_int_equal(
      demand_action_parse(demand_action_name((DemandAction)i), &a, &err),
      QT_OK);
    assert_int_equal(a, i);
  }
  for (i = OUTCOME_RESOLVED; i <= OUTCOME_EXPLAINED; i++) {
    Outcome o;

    qt_error_clear(&err);
    assert_int_equal(outcome_parse(outcome_name((Outcome)i), &o, &err),
                     QT_OK);
    assert_int_equal(o, i);
  }
  for (i = SAT_SATISFIED; i <= SAT_UNSATISFIED; i++) {
    Satisfaction s;

    qt_error_clear(&err);
    assert_int_equal(
      satisfaction_parse(satisfaction_name((Satisfaction)i), &s, &err),
      QT_OK);
    assert_int_equal(s, i);
  }
}

static void test_names_are_the_documented_spellings(void **state)
{
  (void)state;
  assert_string_equal(demand_status_name(DEMAND_SUBMITTED), "submitted");
  assert_string_equal(demand_status_name(DEMAND_MERGED), "merged");
  assert_string_equal(demand_action_name(ACT_ASSIGN), "assign");
  assert_string_equal(demand_action_name(ACT_REFUSE_RETURN),
                      "refuse-return");
  assert_string_equal(demand_action_name(ACT_DECIDE_EXTENSION),
                      "decide-extension");
  assert_string_equal(demand_action_name(ACT_AUTO_CLOSE), "auto-close");
  assert_string_equal(outcome_name(OUTCOME_EXPLAINED), "explained");
  assert_string_equal(satisfaction_name(SAT_UNSATISFIED), "unsatisfied");
  assert_string_equal(satisfaction_name(SAT_BASIC), "basic");
}

static void test_unknown_names_are_invalid(void **state)
{
  DemandStatus s;
  DemandAction a;
  Outcome o;
  Satisfaction sat;
  QtError err;

  (void)state;
  qt_error_clear(&err);
  assert_int_equal(demand_status_parse("open", &s, &err), QT_EINVALID);
  qt_error_clear(&err);
  assert_int_equal(demand_action_parse("refuse_return", &a, &err),
                   QT_EINVALID);
  qt_error_clear(&err);
  assert_int_equal(demand_action_parse("", &a, &err), QT_EINVALID);
  qt_error_clear(&err);
  assert_int_equal(outcome_parse("solved", &o, &err), QT_EINVALID);
  qt_error_clear(&err);
  assert_int_equal(satisfaction_parse("happy", &sat, &err), QT_EINVALID);
}

/* ---------------------------------------------------------------------
 * The scheduler's ladder
 */

static void submitted_demand(Demand *d)
{
  DemandLimits limits;
  DemandEvent ev;
  Actor who = actor(ROLE_ENTERPRISE);

  memset(d, 0, sizeof *d);
  d->id = DEMAND_ID;
  d->enterprise_id = ENTERPRISE;
  demand_limits_default(&limits);
  demand_submit(d, &limits, &cal, &who, T_SUBMIT, &ev);
}

/* Fire every step due by NOW, in order; returns how many fired. */
static int run_ladder(Demand *d, QtTime now, DemandStep *fired, int max)
{
  DemandStep step;
  DemandEvent ev;
  QtError err;
  int n = 0;

  while (n < max && demand_next_step(d, &cal, &step) && step.at <= now) {
    qt_error_clear(&err);
    assert_int_equal(demand_fire_step(d, &step, &cal, now, &ev, &err),
                     QT_OK);
    fired[n++] = step;
  }
  return n;
}

static void test_first_step_is_the_assign_reminder_at_75_percent(void **s)
{
  Demand d;
  DemandStep step;

  (void)s;
  submitted_demand(&d);
  assert_true(demand_next_step(&d, &cal, &step));
  assert_false(step.is_auto_close);
  assert_int_equal(step.stage, STAGE_ASSIGN);
  assert_int_equal(step.rung, RUNG_REMIND);
  assert_int_equal(step.at, T_SUBMIT + 18 * 3600);
}

static void test_an_unassigned_demand_climbs_the_whole_ladder_once(void **s)
{
  Demand d;
  DemandStep fired[16];
  int n;

  (void)s;
  submitted_demand(&d);
  /* Ten days later, catching up after downtime: each rung exactly once,
   * in order, at its own time. */
  n = run_ladder(&d, T_SUBMIT + 10 * DAY, fired, 16);
  assert_int_equal(n, 4);
  assert_int_equal(fired[0].rung, RUNG_REMIND);
  assert_int_equal(fired[1].rung, RUNG_OVERDUE);
  assert_int_equal(fired[1].at, T_SUBMIT + DAY);
  assert_int_equal(fired[2].rung, RUNG_ESCALATE);
  assert_int_equal(fired[2].at, T_SUBMIT + 2 * DAY);
  assert_int_equal(fired[3].rung, RUNG_ACCOUNT);
  assert_int_equal(fired[3].at, T_SUBMIT + 4 * DAY);
  assert_int_equal(run_ladder(&d, T_SUBMIT + 20 * DAY, fired, 16), 0);
}

static void test_a_step_cannot_fire_twice_or_early(void **s)
{
  Demand d;
  DemandStep step;
  DemandEvent ev;
  QtError err;

  (void)s;
  submitted_demand(&d);
  assert_true(demand_next_step(&d, &cal, &step));
  qt_error_clear(&err);
  assert_int_equal(demand_fire_step(&d, &step, &cal, step.at - 1, &ev, &err),
                   QT_ECONFLICT);
  assert_int_equal(demand_fire_step(&d, &step, &cal, step.at, &ev, &err),
                   QT_OK);
  assert_true(ev.is_step);
  qt_error_clear(&err);
  assert_int_equal(demand_fire_step(&d, &step, &cal, step.at, &ev, &err),
                   QT_ECONFLICT);
}

static void test_assignment_ends_the_assign_ladder_and_starts_answer(void **s)
{
  Demand d;
  DemandStep step;
  DemandEvent ev;
  DemandInput in = assign_to(LEAD, 0);
  Actor who = actor(ROLE_DISPATCHER);
  QtError err;

  (void)s;
  submitted_demand(&d);
  qt_error_clear(&err);
  assert_int_equal(demand_apply(&d, &who, ACT_ASSIGN, &in, &cal, T_ASSIGN,
                                &ev, &err),
                   QT_OK);
  assert_true(demand_next_step(&d, &cal, &step));
  assert_int_equal(step.stage, STAGE_ANSWER);
  assert_int_equal(step.rung, RUNG_REMIND);
  /* 75 % of the three days from assignment. */
  assert_int_equal(step.at, T_ASSIGN + 3 * DAY * 3 / 4);
}

static void test_late_answer_is_overdue_then_escalated_then_accounted(void **s)
{
  Demand d;
  DemandStep fired[16];
  int n, i, answer = 0;

  (void)s;
  demand_in(&d, DEMAND_ACCEPTED);
  d.answered_at = 0;
  d.steps_done = 0;
  n = run_ladder(&d, d.answer_due + 5 * DAY, fired, 16);
  for (i = 0; i < n; i++) {
    if (fired[i].stage == STAGE_ANSWER) answer++;
  }
  assert_int_equal(answer, 4);
  assert_true(demand_is_overdue(&d, d.answer_due + 1));
  assert_false(demand_is_overdue(&d, d.answer_due));
}

static void test_reopening_restarts_the_department_ladders(void **s)
{
  Demand d;
  DemandStep step, fired[16];
  DemandEvent ev;
  DemandInput in = input(NULL);
  Actor who = actor(ROLE_ENTERPRISE);
  QtError err;

  (void)s;
  demand_in(&d, DEMAND_RESOLVED);
  d.steps_done = ~0u & ~DEMAND_STEP_AUTO_CLOSE; /* every rung had fired */
  in.satisfaction = SAT_UNSATISFIED;
  qt_error_clear(&err);
  assert_int_equal(demand_apply(&d, &who, ACT_CONFIRM, &in, &cal, T_NOW,
                                &ev, &err),
                   QT_OK);
  assert_true(demand_next_step(&d, &cal, &step));
  assert_int_equal(step.stage, STAGE_ANSWER);
  assert_int_equal(step.rung, RUNG_REMIND);
  assert_true(step.at > T_NOW);
  assert_true(run_ladder(&d, T_NOW + 60 * DAY, fired, 16) == 8);
}

static void test_a_paused_clock_has_no_pending_step(void **s)
{
  Demand d;
  DemandStep step;

  (void)s;
  demand_in(&d, DEMAND_ACCEPTED);
  d.answered_at = 0;
  d.steps_done = 0;
  d.paused_at = T_ACCEPT;
  assert_false(demand_next_step(&d, &cal, &step));
  assert_false(demand_is_overdue(&d, d.resolve_due + DAY));
}

static void test_unanswered_result_is_closed_after_seven_days(void **s)
{
  Demand d;
  DemandStep step, fired[4];

  (void)s;
  demand_in(&d, DEMAND_RESOLVED);
  d.satisfaction = SAT_NONE;
  assert_true(demand_next_step(&d, &cal, &step));
  assert_true(step.is_auto_close);
  assert_int_equal(step.at, d.resolved_at + 7 * DAY);
  assert_int_equal(run_ladder(&d, d.resolved_at + 7 * DAY - 1, fired, 4), 0);
  assert_int_equal(run_ladder(&d, d.resolved_at + 7 * DAY, fired, 4), 1);
  assert_int_equal(d.status, DEMAND_CLOSED);
  assert_int_equal(d.satisfaction, SAT_NONE);
  assert_false(demand_next_step(&d, &cal, &step));
}

static void test_closed_withdrawn_and_merged_demands_have_no_steps(void **s)
{
  static const DemandStatus done[] = {DEMAND_CLOSED, DEMAND_WITHDRAWN,
                                      DEMAND_MERGED};
  Demand d;
  DemandStep step;
  size_t i;

  (void)s;
  for (i = 0; i < sizeof done / sizeof done[0]; i++) {
    demand_in(&d, done[i]);
    d.steps_done = 0;
    assert_false(demand_next_step(&d, &cal, &step));
  }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_every_status_action_and_role_follows_the_table),
    cmocka_unit_test(test_demand_allows_agrees_with_the_table),
    cmocka_unit_test(test_system_actor_may_only_auto_close_resolved_demands),
    cmocka_unit_test(test_submit_starts_the_assign_clock_one_day_later),
    cmocka_unit_test(
      test_assign_sets_departments_and_starts_answer_and_resolve_clocks),
    cmocka_unit_test(test_assign_rejects_a_co_department_equal_to_the_lead),
    cmocka_unit_test(test_assign_rejects_a_co_department_named_twice),
    cmocka_unit_test(test_assign_requires_a_lead_department),
    cmocka_unit_test(test_co_department_handler_may_comment_but_not_answer),
    cmocka_unit_test(test_unrelated_department_may_not_accept),
    cmocka_unit_test(test_return_requires_a_reason),
    cmocka_unit_test(test_return_goes_back_to_the_dispatcher_and_is_counted),
    cmocka_unit_test(
      test_refused_return_restores_the_status_and_original_clocks),
    cmocka_unit_test(test_refusing_a_return_that_was_never_made_conflicts),
    cmocka_unit_test(
      test_reassigning_after_a_return_restarts_the_clocks_from_now),
    cmocka_unit_test(
      test_reassigning_to_the_returning_department_refuses_the_return),
    cmocka_unit_test(test_answer_from_assigned_also_accepts),
    cmocka_unit_test(test_answer_keeps_an_earlier_acceptance_time),
    cmocka_unit_test(test_resolve_requires_outcome_and_note),
    cmocka_unit_test(test_unsatisfied_confirmation_reopens_with_fresh_clocks),
    cmocka_unit_test(test_satisfied_or_basic_confirmation_closes),
    cmocka_unit_test(test_confirm_requires_a_rating),
    cmocka_unit_test(test_another_enterprise_may_not_confirm),
    cmocka_unit_test(test_withdraw_works_from_every_open_state),
    cmocka_unit_test(test_finished_demands_cannot_be_withdrawn),
    cmocka_unit_test(test_merge_records_the_original),
    cmocka_unit_test(test_merge_into_itself_is_invalid),
    cmocka_unit_test(
      test_approved_extension_moves_resolve_due_in_working_days),
    cmocka_unit_test(
      test_approved_extension_moves_resolve_due_in_calendar_days),
    cmocka_unit_test(test_refused_extension_leaves_resolve_due),
    cmocka_unit_test(test_second_extension_while_one_is_pending_conflicts),
    cmocka_unit_test(test_extension_days_must_be_1_to_90),
    cmocka_unit_test(test_deciding_without_a_pending_extension_conflicts),
    cmocka_unit_test(
      test_resume_shifts_the_running_deadlines_by_the_paused_time),
    cmocka_unit_test(test_resume_after_the_answer_leaves_answer_due),
    cmocka_unit_test(test_resume_without_a_pause_conflicts),
    cmocka_unit_test(test_pausing_a_paused_clock_conflicts),
    cmocka_unit_test(test_only_the_system_auto_closes_and_only_a_result),
    cmocka_unit_test(
      test_comment_is_allowed_on_closed_but_not_on_withdrawn),
    cmocka_unit_test(test_comment_requires_text),
    cmocka_unit_test(test_leader_may_not_comment),
    cmocka_unit_test(test_event_records_action_statuses_actor_and_note),
    cmocka_unit_test(test_names_round_trip),
    cmocka_unit_test(test_names_are_the_documented_spellings),
    cmocka_unit_test(test_unknown_names_are_invalid),
    cmocka_unit_test(test_first_step_is_the_assign_reminder_at_75_percent),
    cmocka_unit_test(test_an_unassigned_demand_climbs_the_whole_ladder_once),
    cmocka_unit_test(test_a_step_cannot_fire_twice_or_early),
    cmocka_unit_test(test_assignment_ends_the_assign_ladder_and_starts_answer),
    cmocka_unit_test(test_late_answer_is_overdue_then_escalated_then_accounted),
    cmocka_unit_test(test_reopening_restarts_the_department_ladders),
    cmocka_unit_test(test_a_paused_clock_has_no_pending_step),
    cmocka_unit_test(test_unanswered_result_is_closed_after_seven_days),
    cmocka_unit_test(test_closed_withdrawn_and_merged_demands_have_no_steps),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
