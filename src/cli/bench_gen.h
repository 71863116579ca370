/*
 * bench_gen.h — inside src/cli only: the data set behind `qitong
 * bench-data`, a province's worth of demands for measuring the server.
 *
 * Unlike `qitong demo`, which runs every demand through the workflow on a
 * simulated clock (a few thousand demands a second at best), the bench
 * generator brings each demand through the same lifecycle (src/core
 * demand.c) in memory, scheduler steps included, and writes the outcome
 * once through the store's bulk path (store_bulk_*): the rows are the
 * ones the workflow would have written, at the speed of the inserts.  The
 * registry (departments, enterprises, users, pairings) goes through the
 * ordinary store calls.  The world reuses demo.h's pieces: bureau names,
 * demand texts, credit codes, person names.
 */
#ifndef QT_BENCH_GEN_H
#define QT_BENCH_GEN_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "store.h"

/* How big a bench data set is. */
typedef struct BenchSpec {
  const char *name;     /* "test", "small", "medium", "province" */
  int n_cities;         /* cities of Shandong used, 0 all sixteen */
  int64_t n_demands;    /* over the 24 months before now */
  int n_enterprises;
  int n_users;          /* about: every bureau gets a handler at least */
} BenchSpec;

/* The spec named NAME, or NULL. */
const BenchSpec *bench_spec(const char *name);

/* What bench_generate made, for the report. */
typedef struct BenchResult {
  int n_places;            /* cities and counties used */
  int n_departments;
  int n_enterprises;
  int n_users;             /* of which: */
  int n_handlers;
  int n_dispatchers;
  int n_commissioners;
  int n_enterprise_users;
  int n_pairings;
  int64_t n_demands;
  int64_t n_open;          /* submitted .. resolved at the end */
  int64_t n_due;           /* open with a scheduler step due at NOW */
  int64_t n_overdue;       /* open with a stage past its deadline */
  int64_t n_events;
  int64_t n_supervisions;
  int64_t n_accountability;
  int64_t by_status[DEMAND_STATUS_COUNT];
  double registry_seconds; /* departments .. pairings */
  double demand_seconds;   /* demands, events, rollups */
  double index_seconds;    /* the demands' indexes, built at the end */
  char city[16];           /* region code of the first city */
  int64_t handler_department_id; /* the "handler" account's bureau */
} BenchResult;

/*
 * Fill the empty database ST with SPEC drawn from SEED, the demands
 * submitted over the 24 months before NOW and brought up to NOW: the
 * registry first (one transaction), then the demands in transactions of
 * 50,000 demands each with their indexes deferred (store_bulk_defer),
 * then the rates' aggregates, then the indexes.  Every account shares
 * DEMO_PASSWORD, hashed once.  With SHOW_PROGRESS, rates go to standard
 * error as the demands are written.  QT_ENOTFOUND when the region table
 * lacks Shandong (370000); errors of the store or the lifecycle
 * otherwise (a failure halfway leaves the batches before it committed).
 */
QtCode bench_generate(Store *st, const BenchSpec *spec, uint64_t seed,
                      QtTime now, bool show_progress, BenchResult *out,
                      QtError *err);

#endif
