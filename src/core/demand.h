/*
 * demand.h — the demand (诉求) lifecycle, with no I/O.
 *
 *   submitted --assign--> assigned --accept--> accepted --answer-->
 *   answered --resolve--> resolved --confirm(ok)--> closed
 *
 * A return sends an assigned or accepted demand back to the dispatcher,
 * who reassigns it (accepting the return) or refuses the return, which
 * gives it back to the same department on its old clocks: the first
 * department to receive a demand owns it until a return is accepted
 * (首接负责制).  An unsatisfied confirmation reopens the demand to
 * assigned and restarts the answer and resolve clocks.  Any open demand
 * can be withdrawn by its enterprise or merged into another by the
 * dispatcher.
 *
 * One table (demand.c) decides, for each status x action x role, what is
 * allowed and where it leads; demand_apply is the only way a demand
 * changes, and every change yields the event that explains it.  The
 * caller has already checked that the actor may see the demand (the store
 * scopes every read); this module checks the role, the state and the
 * actor's relation to the demand (lead department, own enterprise).
 *
 * Duties are separate: only the dispatcher assigns, merges and refuses
 * returns, and only the supervisor decides extensions; the platform's
 * admin manages the registry and policies but does not act on demands.
 * A demand's latest rating stands when the system later closes it
 * unrated: an enterprise that was unsatisfied said so.
 */
#ifndef QT_DEMAND_H
#define QT_DEMAND_H

#include <stdbool.h>
#include <stdint.h>

#include "calendar.h"
#include "error.h"
#include "qtime.h"
#include "scope.h"

typedef enum DemandStatus {
  DEMAND_SUBMITTED,
  DEMAND_ASSIGNED,
  DEMAND_ACCEPTED,
  DEMAND_ANSWERED,
  DEMAND_RESOLVED,
  DEMAND_CLOSED,
  DEMAND_WITHDRAWN,
  DEMAND_MERGED,
  DEMAND_STATUS_COUNT
} DemandStatus;

typedef enum DemandAction {
  ACT_ASSIGN,        /* dispatcher: lead and co-departments */
  ACT_ACCEPT,        /* lead handler takes it on */
  ACT_RETURN,        /* lead handler: not our remit, with the reason */
  ACT_REFUSE_RETURN, /* dispatcher: the return is refused */
  ACT_ANSWER,        /* lead handler: what will be done, by when */
  ACT_RESOLVE,       /* lead handler: outcome and result */
  ACT_CONFIRM,       /* enterprise (or its commissioner): the rating */
  ACT_WITHDRAW,      /* enterprise (or its commissioner) */
  ACT_MERGE,         /* dispatcher: a duplicate of another demand */
  ACT_COMMENT,       /* anyone who may see it, but the leader */
  ACT_EXTEND,        /* lead handler asks for more time to resolve */
  ACT_DECIDE_EXTENSION, /* supervisor approves or refuses it */
  ACT_PAUSE,         /* lead handler: waiting on the enterprise */
  ACT_RESUME,        /* lead handler, or the enterprise (or its
                        commissioner) that supplied what was missing */
  ACT_AUTO_CLOSE,    /* the system: a result left unanswered; when is
                        the scheduler's decision (limits.auto_close) */
  ACT_COUNT
} DemandAction;

typedef enum Outcome {
  OUTCOME_NONE,
  OUTCOME_RESOLVED,  /* solved */
  OUTCOME_PARTIAL,   /* partly solved */
  OUTCOME_EXPLAINED  /* cannot be solved; explained to the enterprise */
} Outcome;

typedef enum Satisfaction {
  SAT_NONE,        /* not rated (yet, or closed by the system) */
  SAT_SATISFIED,   /* 满意 */
  SAT_BASIC,       /* 基本满意 */
  SAT_UNSATISFIED  /* 不满意: reopens the demand */
} Satisfaction;

enum { DEMAND_MAX_CO = 8 };

/* The deadlines a demand lives by, copied from its SLA policy when it is
 * submitted, so later policy changes apply to new demands only. */
typedef struct DemandLimits {
  Limit assign;          /* submission -> assignment (default 1 day) */
  Limit answer;          /* assignment -> answer (default 3 days) */
  Limit resolve;         /* assignment -> resolution (default 15 days) */
  int remind_percent;    /* reminder at this share of a stage (75) */
  Limit escalate_after;  /* past a deadline, escalate to the supervisor */
  Limit account_after;   /* past a deadline, an accountability item */
  Limit auto_close;      /* resolved -> closed unrated (default 7 days) */
} DemandLimits;

/* The state of one demand that the lifecycle reads and writes. */
typedef struct Demand {
  int64_t id;
  int64_t enterprise_id;      /* whose demand it is */
  DemandStatus status;
  int64_t lead_department_id; /* 主办; 0 until assigned */
  int64_t co_department_ids[DEMAND_MAX_CO]; /* 协办 */
  int n_co;
  bool is_return_pending;     /* returned, waiting for the dispatcher */
  int64_t returned_from;      /* the department that returned it */
  DemandStatus status_before_return; /* where a refused return goes */
  int return_count;
  int reopen_count;
  Outcome outcome;
  Satisfaction satisfaction;  /* the latest rating */
  int64_t duplicate_of;       /* when merged */
  int extension_pending_days; /* asked for, not yet decided; 0 none */
  int extension_days;         /* approved in total */
  QtTime submitted_at;
  QtTime assigned_at;         /* latest (re)assignment or reopening */
  QtTime first_assigned_at;   /* for time-to-assign figures */
  QtTime accepted_at;
  QtTime answered_at;
  QtTime resolved_at;
  QtTime closed_at;
  QtTime assign_due;          /* deadlines of the current cycle; kept */
  QtTime answer_due;          /* after the stage is done, so figures can */
  QtTime resolve_due;         /* say whether it was done on time */
  QtTime paused_at;           /* 0 unless the clock is paused */
  int64_t paused_seconds;     /* paused so far, already added to dues */
  uint32_t steps_done;        /* DEMAND_STEP_BITs fired this cycle */
  DemandLimits limits;
} Demand;

/*
 * The scheduler's steps.  Each stage with a deadline (assign, answer,
 * resolve) climbs a ladder: a reminder (催办) at the policy's share of the
 * stage, the overdue mark with a supervision notice (督办单) at the
 * deadline, escalation to the supervisor some time later, and an
 * accountability item (问责) past the rule.  A resolved demand the
 * enterprise leaves unanswered is closed by the system.  Each step fires
 * once per cycle: Demand.steps_done remembers it, and restarting a clock
 * clears that stage's steps.
 */
typedef enum DemandStage {
  STAGE_ASSIGN,
  STAGE_ANSWER,
  STAGE_RESOLVE,
  STAGE_COUNT
} DemandStage;

typedef enum DemandRung {
  RUNG_REMIND,   /* 催办 */
  RUNG_OVERDUE,  /* 逾期, with a 督办单 to the department */
  RUNG_ESCALATE, /* 升级 to the region's supervisor */
  RUNG_ACCOUNT,  /* 问责 */
  RUNG_COUNT
} DemandRung;

typedef struct DemandStep {
  bool is_auto_close; /* the step closes the demand; stage/rung unused */
  DemandStage stage;
  DemandRung rung;
  QtTime at;          /* when it falls due */
} DemandStep;

/* Bit of STAGE's RUNG in Demand.steps_done; the auto-close bit. */
#define DEMAND_STEP_BIT(stage, rung) (1u << ((stage) * RUNG_COUNT + (rung)))
#define DEMAND_STEP_AUTO_CLOSE (1u << (STAGE_COUNT * RUNG_COUNT))

/* What an action carries beyond its name. */
typedef struct DemandInput {
  int64_t lead_department_id;     /* assign */
  int64_t co_department_ids[DEMAND_MAX_CO]; /* assign */
  int n_co;
  Outcome outcome;                /* resolve */
  Satisfaction satisfaction;      /* confirm */
  int64_t duplicate_of;           /* merge */
  int extension_days;             /* extend: 1..90 */
  bool is_approved;               /* decide-extension */
  const char *note;               /* reason, answer, result, comment */
} DemandInput;

/* The history entry a transition produces (demand_event). */
typedef struct DemandEvent {
  DemandAction action;  /* ACT_COUNT for submission and ladder steps */
  bool is_step;         /* a scheduler step: see stage and rung */
  DemandStage stage;
  DemandRung rung;
  DemandStatus from;
  DemandStatus to;
  int64_t actor_id;   /* 0 for the system */
  Role actor_role;
  QtTime at;
  const char *note;   /* borrowed from the input */
} DemandEvent;

/* "submitted" ... and back.  QT_EINVALID on an unknown name. */
const char *demand_status_name(DemandStatus s);
QtCode demand_status_parse(const char *s, DemandStatus *out, QtError *err);
/* "assign" ... "refuse-return", "decide-extension", "auto-close". */
const char *demand_action_name(DemandAction a);
QtCode demand_action_parse(const char *s, DemandAction *out, QtError *err);
const char *outcome_name(Outcome o);
QtCode outcome_parse(const char *s, Outcome *out, QtError *err);
const char *satisfaction_name(Satisfaction s);
QtCode satisfaction_parse(const char *s, Satisfaction *out, QtError *err);

/* True for submitted..resolved: the demand is still being worked on. */
bool demand_is_open(DemandStatus s);

/* The default policy: 1 day, 3 days, 15 days, remind at 75 %, escalate 1
 * day and account 3 days past a deadline, auto-close after 7 days. */
void demand_limits_default(DemandLimits *out);

/*
 * Whether the table lets ROLE take ACTION on a demand in status S (state
 * and role only; relations are checked by demand_apply).
 */
bool demand_allows(DemandStatus s, DemandAction action, Role role);

/*
 * Start demand D as submitted at NOW with LIMITS: sets the status, the
 * assign deadline (on CAL) and clears everything else that the
 * lifecycle owns.  Fills *EV.
 */
void demand_submit(Demand *d, const DemandLimits *limits,
                   const Calendar *cal, const Actor *actor, QtTime now,
                   DemandEvent *ev);

/*
 * Apply ACTION by ACTOR with IN to D at NOW.  On success D holds the new
 * state (deadlines computed on CAL) and *EV the event that explains it;
 * the caller saves both in one transaction.  QT_EFORBIDDEN when the role
 * may not take ACTION at all, or the actor is not the lead department /
 * the demand's enterprise where that is required; QT_ECONFLICT when the
 * status forbids it (the message says the status); QT_EINVALID for an
 * input the action cannot use (no lead department, a merge into itself,
 * a co-department equal to the lead...).  Allocates nothing; on failure
 * D is unchanged.
 */
QtCode demand_apply(Demand *d, const Actor *actor, DemandAction action,
                    const DemandInput *in, const Calendar *cal, QtTime now,
                    DemandEvent *ev, QtError *err);

/* "assign", "answer", "resolve"; "remind", "overdue", "escalate",
 * "account". */
const char *demand_stage_name(DemandStage s);
const char *demand_rung_name(DemandRung r);

/*
 * The earliest step of D that has not fired, into *STEP; false when none
 * is pending (the demand is closed, paused, or every rung has fired).
 * Steps of a stage apply only while that stage runs: assign until the
 * first assignment, answer until answered, resolve until resolved (a
 * returned demand's clocks keep running: its first department still owns
 * it).  The store keeps STEP->at as the demand's next_due_at, so the
 * scheduler finds due work through an index.
 */
bool demand_next_step(const Demand *d, const Calendar *cal,
                      DemandStep *step);

/*
 * Mark STEP as fired on D at NOW and describe it in *EV (action
 * ACT_COUNT for a ladder step; the caller records the notice, escalation
 * or accountability item it implies).  An auto-close step applies
 * ACT_AUTO_CLOSE.  QT_ECONFLICT when STEP is not D's pending step (it
 * fired already, or the demand moved on), so a step can never fire twice.
 */
QtCode demand_fire_step(Demand *d, const DemandStep *step,
                        const Calendar *cal, QtTime now, DemandEvent *ev,
                        QtError *err);

/* The deadline D is worked to now, for sorting an inbox: the assign
 * deadline while submitted, the answer deadline while assigned or
 * accepted, the resolve deadline while answered; INT64_MAX otherwise.
 * The store's "due" sort computes the same in SQL. */
QtTime demand_running_due(const Demand *d);

/* True when a stage of D is past its deadline and not done (at NOW). */
bool demand_is_overdue(const Demand *d, QtTime now);

#endif
