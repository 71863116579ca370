/*
 * workflow.h — the one way a demand changes: submitted, acted on, or
 * moved by the scheduler.  Handlers, the scheduler thread, `qitong tick`
 * and `qitong demo` all call these, so every path writes the same event,
 * paperwork (supervision notices, accountability, extensions,
 * notifications) and rate aggregates in one transaction.
 *
 * Decisions come from src/core/demand.c; storage from the store.
 */
#ifndef QT_WORKFLOW_H
#define QT_WORKFLOW_H

#include "store.h"

/*
 * The holiday calendar for ST's database, loaded once per thread and
 * reloaded when an admin has changed it (its version moved).  Borrowed
 * until the next call on this thread.
 */
QtCode workflow_calendar(Store *st, const Calendar **out, QtError *err);

/* What a submission says, beyond the enterprise's own record. */
typedef struct SubmitInput {
  int64_t enterprise_id;
  int64_t project_id;      /* 0 when none */
  const char *channel;     /* web | mobile | visit | hotline | email | import */
  const char *category;
  const char *subcategory; /* or NULL */
  const char *kind;        /* enquiry | help | complaint | suggestion */
  const char *urgency;     /* normal | urgent | most_urgent */
  const char *title;
  const char *content;
  int64_t visit_id;        /* the visit (走访) it was raised on; 0 none */
} SubmitInput;

/*
 * Submit a demand for IN->enterprise_id by ACTOR at NOW, in its own
 * transaction: the enterprise must be in ACTOR's scope (QT_EINVALID on
 * enterprise_id otherwise), a visit named by IN->visit_id must be one
 * ACTOR recorded, to the same enterprise (QT_EINVALID on visit_id
 * otherwise), the best-fitting SLA policy's version is recorded, and a
 * commissioner submitting for an enterprise is the one the demand counts
 * for.  *OUT holds the stored demand.
 */
QtCode workflow_submit(Store *st, const Actor *actor, const SubmitInput *in,
                       QtTime now, Arena *a, DemandRecord *out,
                       QtError *err);

/*
 * Apply ACTION with IN to demand ID as ACTOR at NOW, in its own
 * transaction: the demand is read in ACTOR's demand scope (QT_ENOTFOUND
 * outside it), the lifecycle decides (QT_EFORBIDDEN, QT_ECONFLICT,
 * QT_EINVALID), and the change, its event and its paperwork are saved.
 * Departments named in an assignment must exist and be enabled, and a
 * merge's target must be an open demand the actor can see.  *OUT holds
 * the demand afterwards.
 */
QtCode workflow_act(Store *st, const Actor *actor, int64_t id,
                    DemandAction action, const DemandInput *in, QtTime now,
                    Arena *a, DemandRecord *out, QtError *err);

/*
 * One batch of a scheduler pass at NOW: the (at most) MAX demands with
 * the oldest due work, in one transaction committed once, each demand in
 * a savepoint of it so a failure undoes only that demand (called inside
 * a transaction of the caller's, they join that instead); every step of
 * theirs due by NOW fires once.  *FIRED counts the steps committed:
 * none when the commit fails, which is returned (QT_ESTORE).  *IS_MORE
 * is set when the batch was full and moved at least one demand on, so
 * more may be due: call again.  Each such call leaves a demand with
 * nothing due by NOW, so calling while *IS_MORE ends.  Safe to run from several threads or processes at
 * once: a step fires only while it is the demand's pending step, checked
 * inside the write transaction.
 */
QtCode workflow_tick(Store *st, QtTime now, int max, int *fired,
                     bool *is_more, QtError *err);

#endif
