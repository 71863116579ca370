/*
 * scheduler.h — running the deadline ladder (催办, 督办, 升级, 问责 and
 * auto-close) without anyone asking.
 *
 * workflow_tick (workflow.h) does the work of one batch; this module
 * repeats batches until the due work is done (a pass), and runs passes
 * on a background thread of `qitong serve`, on its own store connection,
 * every few seconds.  `qitong tick` and the test clock run single passes
 * on the caller's connection.  Passes may overlap across threads and
 * processes: a step fires only while it is its demand's pending step.
 */
#ifndef QT_SCHEDULER_H
#define QT_SCHEDULER_H

#include "store.h"

/* Demands one batch of a pass takes at most.  A batch is one transaction
 * holding the write lock (workflow_tick), so this bounds how long the
 * server's writes wait on a pass: about 0.1 s of work here, where a
 * demand costs 0.2-0.4 ms; fewer would add a sync of the disk per few
 * demands. */
enum { SCHEDULER_BATCH = 250 };

/*
 * One pass at NOW on ST: batches of workflow_tick, each of at most
 * SCHEDULER_BATCH demands, repeated while a batch was full and moved a
 * demand on (there may be more).  *FIRED counts the steps of every
 * batch.  Uses ST's transactions, so call it outside one.  Fails
 * with workflow_tick's code (QT_ESTORE, QT_EBUSY) when a batch cannot
 * take the lock, find its due work or commit; one demand's failure is
 * logged and skipped, not returned.
 */
QtCode scheduler_pass(Store *st, QtTime now, int *fired, QtError *err);

typedef struct Scheduler Scheduler;

/*
 * Start a thread that runs a pass at qt_now() at once and then every
 * INTERVAL seconds (> 0) on its own connection to DB_URL, logging one
 * line for each pass that fired anything.  Returns a new Scheduler in
 * *OUT (stop it with scheduler_stop).  QT_ESTORE when the connection
 * cannot be opened, QT_EINTERNAL when the thread cannot be started.
 */
QtCode scheduler_start(const char *db_url, int interval, Scheduler **out,
                       QtError *err);

/* Ask S's thread to stop, wait for it (a pass under way finishes its
 * current batch first), close its connection and free S.  Accepts NULL. */
void scheduler_stop(Scheduler *s);

#endif
