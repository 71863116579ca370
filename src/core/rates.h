/*
 * rates.h — what leadership ranks departments and regions by.
 *
 * Over demands submitted in a period, excluding withdrawn and merged:
 *   response rate (响应率)     answered on or before the answer deadline
 *                              / answered or past the answer deadline
 *   resolution rate (解决率)   closed with outcome "resolved" / all
 *   satisfaction rate (满意率) latest rating satisfied or basic / rated
 *   on-time resolution rate    resolved by the resolve deadline
 *                              / resolved or past the resolve deadline
 *   reopen rate                reopened at least once / all
 * with average and 90th-percentile hours to assign, answer and resolve.
 *
 * Each demand contributes a DemandStats computed from its state alone
 * (stats_of_demand), so the store keeps sums per month, region,
 * department and category and updates them in the same transaction as
 * the demand: subtract the old contribution, add the new.  Rates are then
 * sums over a few aggregate rows, whatever the number of demands.  The
 * 90th percentile comes from a histogram of hours, exact to its bucket.
 */
#ifndef QT_RATES_H
#define QT_RATES_H

#include <stdbool.h>
#include <stdint.h>

#include "demand.h"

enum { STATS_BUCKETS = 16 };

/* Upper bounds, in hours, of the histogram buckets; the last is open. */
extern const int stats_bucket_hours[STATS_BUCKETS];

/* A duration measure: count, sum and histogram. */
typedef struct StatsDuration {
  int64_t n;                      /* demands that have the duration */
  int64_t seconds;                /* their sum */
  int64_t hist[STATS_BUCKETS];    /* how many fall in each bucket */
} StatsDuration;

typedef struct DemandStats {
  int64_t total;          /* counted: every status but withdrawn, merged */
  int64_t by_status[DEMAND_STATUS_COUNT]; /* every status, for counts */
  int64_t closed_resolved;  /* closed with outcome resolved */
  int64_t closed_partial;   /* closed with outcome partial */
  int64_t closed_explained; /* closed with outcome explained */
  int64_t answer_due;       /* answered, or past the answer deadline */
  int64_t answer_on_time;   /* answered by the answer deadline */
  int64_t resolve_due;      /* resolved, or past the resolve deadline */
  int64_t resolve_on_time;  /* resolved by the resolve deadline */
  int64_t rated;            /* with a rating */
  int64_t rated_ok;         /* latest rating satisfied or basic */
  int64_t reopened;         /* reopened at least once */
  int64_t returned;         /* returned at least once */
  int64_t overdue;          /* a stage overdue now (its mark fired) */
  StatsDuration to_assign;  /* submission -> first assignment */
  StatsDuration to_answer;  /* assignment -> answer (latest cycle) */
  StatsDuration to_resolve; /* assignment -> resolution (latest cycle) */
} DemandStats;

/* Number of int64_t counters in DemandStats, in declaration order, so
 * the store can bind and sum them as one array. */
enum {
  STATS_N_COUNTERS = (int)(sizeof(DemandStats) / sizeof(int64_t))
};

/* The contribution of D to every aggregate it belongs to. */
void stats_of_demand(const Demand *d, DemandStats *out);

/* ACC += SIGN * X, counter by counter (SIGN is 1 or -1). */
void stats_add(DemandStats *acc, const DemandStats *x, int sign);

/* DemandStats as an array of STATS_N_COUNTERS counters, and back. */
const int64_t *stats_counters(const DemandStats *s);
int64_t *stats_counters_mut(DemandStats *s);

enum { STATS_NAME_MAX = 40 };

/* Write the column name of counter I ("total", "status_submitted",
 * "to_answer_h3", ...) into OUT, for the store's schema and exports;
 * false when I is out of range. */
bool stats_counter_name(int i, char out[STATS_NAME_MAX]);

typedef struct Rates {
  double response;        /* 0..1, or -1 when the denominator is 0 */
  double resolution;
  double satisfaction;
  double on_time_resolution;
  double reopen;
  double avg_hours_assign;  /* -1 when nothing to average */
  double avg_hours_answer;
  double avg_hours_resolve;
  double p90_hours_assign;  /* upper bound of the 90th-percentile bucket */
  double p90_hours_answer;
  double p90_hours_resolve;
} Rates;

void rates_compute(const DemandStats *s, Rates *out);

/* Weights of the composite score; they need not sum to 1. */
typedef struct RateWeights {
  double response;      /* default 0.30 */
  double resolution;    /* default 0.35 */
  double satisfaction;  /* default 0.35 */
} RateWeights;

void rate_weights_default(RateWeights *w);

/* The composite score, 0..100: the weighted mean of the rates that have a
 * denominator (a unit with no rated demands is not punished for it). */
double rates_score(const Rates *r, const RateWeights *w);

#endif
