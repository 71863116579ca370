/*
 * scheduler.c — passes of the deadline ladder, and the thread that runs
 * them inside `qitong serve`; see scheduler.h.
 *
 * The thread sleeps on a condition variable rather than in sleep(), so
 * scheduler_stop wakes it at once: a server stops in the time one batch
 * takes, never a whole interval.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#include "log.h"
#include "scheduler.h"
#include "workflow.h"

struct Scheduler {
  pthread_t thread;        /* runs loop() */
  pthread_mutex_t lock;    /* held while deciding to wait or to stop */
  pthread_cond_t wake;     /* signalled by scheduler_stop */
  atomic_bool is_stopping; /* set once, by scheduler_stop, under lock */
  int interval;            /* seconds from the end of a pass to the next */
  Store *st;               /* the thread's own connection */
};

/* Batches until the due work is done or *STOP (may be NULL) is set. */
static QtCode run_pass(Store *st, QtTime now, const atomic_bool *stop,
                       int *fired, int *batches, QtError *err)
{
  bool is_more;
  int batch;
  QtCode rc;

  *fired = 0;
  *batches = 0;
  do {
    if (stop && atomic_load(stop)) break;
    batch = 0;
    rc = workflow_tick(st, now, SCHEDULER_BATCH, &batch, &is_more, err);
    *fired += batch;
    (*batches)++;
    if (rc != QT_OK) return rc;
    /* Not "while the batch fired SCHEDULER_BATCH steps": with several
     * servers, two passes share one batch's demands, each fires fewer
     * steps than that, and both would stop with due work left behind. */
  } while (is_more);
  return QT_OK;
}

QtCode scheduler_pass(Store *st, QtTime now, int *fired, QtError *err)
{
  int batches;

  return run_pass(st, now, NULL, fired, &batches, err);
}

/* One pass of the background thread, logged when it did anything. */
static void background_pass(Scheduler *s)
{
  int64_t start = qt_monotonic_us();
  int fired = 0, batches = 0;
  QtError err;

  qt_error_clear(&err);
  if (run_pass(s->st, qt_now(), &s->is_stopping, &fired, &batches, &err) !=
      QT_OK) {
    /* A busy database is expected now and then; the next pass retries. */
    qt_log(err.code == QT_EBUSY ? QT_LOG_WARN : QT_LOG_ERROR,
           "tick.fail fired=%d error=\"%s\"", fired, err.message);
  }
  if (fired > 0) {
    qt_log(QT_LOG_INFO, "tick fired=%d batches=%d us=%lld", fired, batches,
           (long long)(qt_monotonic_us() - start));
  }
}

static void *loop(void *arg)
{
  Scheduler *s = arg;
  struct timespec until;
  int rc;

  pthread_mutex_lock(&s->lock);
  while (!atomic_load(&s->is_stopping)) {
    pthread_mutex_unlock(&s->lock);
    background_pass(s);
    pthread_mutex_lock(&s->lock);
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += s->interval;
    rc = 0;
    /* Wakes early only to stop; a spurious wake-up waits again. */
    while (!atomic_load(&s->is_stopping) && rc != ETIMEDOUT) {
      rc = pthread_cond_timedwait(&s->wake, &s->lock, &until);
    }
  }
  pthread_mutex_unlock(&s->lock);
  return NULL;
}

QtCode scheduler_start(const char *db_url, int interval, Scheduler **out,
                       QtError *err)
{
  StoreOptions opts = {.is_durable = true, .busy_timeout_ms = 5000};
  pthread_condattr_t attr;
  sigset_t all, old;
  Scheduler *s;
  int rc;

  *out = NULL;
  if (interval < 1) {
    return qt_fail(err, QT_EINTERNAL, "The tick interval must be positive.");
  }
  s = qt_calloc(1, sizeof *s);
  s->interval = interval;
  atomic_init(&s->is_stopping, false);
  if (store_open(db_url, &opts, &s->st, err) != QT_OK) {
    free(s);
    return err->code;
  }
  pthread_mutex_init(&s->lock, NULL);
  /* Waits measure the monotonic clock, so neither a test clock nor a
   * change of the system time can stretch or skip an interval. */
  pthread_condattr_init(&attr);
  pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
  pthread_cond_init(&s->wake, &attr);
  pthread_condattr_destroy(&attr);
  /* The thread must never take a signal meant for the server's sigwait,
   * whatever the caller's mask: it starts with every signal blocked. */
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  rc = pthread_create(&s->thread, NULL, loop, s);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  if (rc != 0) {
    pthread_cond_destroy(&s->wake);
    pthread_mutex_destroy(&s->lock);
    store_close(s->st);
    free(s);
    return qt_fail(err, QT_EINTERNAL, "Cannot start the scheduler thread.");
  }
  *out = s;
  return QT_OK;
}

void scheduler_stop(Scheduler *s)
{
  if (!s) return;
  pthread_mutex_lock(&s->lock);
  atomic_store(&s->is_stopping, true);
  pthread_cond_signal(&s->wake);
  pthread_mutex_unlock(&s->lock);
  pthread_join(s->thread, NULL);
  pthread_cond_destroy(&s->wake);
  pthread_mutex_destroy(&s->lock);
  store_close(s->st);
  free(s);
}
