/* rates.c — a demand's contribution and the rates; see rates.h. */
#include "rates.h"

#include <stdio.h>
#include <string.h>

const int stats_bucket_hours[STATS_BUCKETS] = {
  1, 2, 4, 8, 12, 24, 36, 48, 72, 96, 120, 168, 240, 360, 720, 0,
};

_Static_assert(sizeof(DemandStats) % sizeof(int64_t) == 0,
               "DemandStats must be int64_t counters only");

static int bucket_of(int64_t seconds)
{
  int i;

  for (i = 0; i < STATS_BUCKETS - 1; i++) {
    if (seconds < (int64_t)stats_bucket_hours[i] * 3600) return i;
  }
  return STATS_BUCKETS - 1;
}

static void measure(StatsDuration *m, QtTime from, QtTime to)
{
  int64_t seconds;

  if (!from || !to) return;
  seconds = to > from ? to - from : 0;
  m->n = 1;
  m->seconds = seconds;
  m->hist[bucket_of(seconds)] = 1;
}

void stats_of_demand(const Demand *d, DemandStats *out)
{
  uint32_t answer_overdue = DEMAND_STEP_BIT(STAGE_ANSWER, RUNG_OVERDUE);
  uint32_t resolve_overdue = DEMAND_STEP_BIT(STAGE_RESOLVE, RUNG_OVERDUE);
  uint32_t assign_overdue = DEMAND_STEP_BIT(STAGE_ASSIGN, RUNG_OVERDUE);
  bool counted = d->status != DEMAND_WITHDRAWN &&
                 d->status != DEMAND_MERGED;

  memset(out, 0, sizeof *out);
  out->by_status[d->status] = 1;
  if (!counted) return;
  out->total = 1;
  if (d->status == DEMAND_CLOSED) {
    out->closed_resolved = d->outcome == OUTCOME_RESOLVED;
    out->closed_partial = d->outcome == OUTCOME_PARTIAL;
    out->closed_explained = d->outcome == OUTCOME_EXPLAINED;
  }
  if (d->answered_at) {
    out->answer_due = 1;
    out->answer_on_time = d->answered_at <= d->answer_due;
  } else if (d->steps_done & answer_overdue) {
    out->answer_due = 1;
  }
  if (d->resolved_at) {
    out->resolve_due = 1;
    out->resolve_on_time = d->resolved_at <= d->resolve_due;
  } else if (d->steps_done & resolve_overdue) {
    out->resolve_due = 1;
  }
  out->rated = d->satisfaction != SAT_NONE;
  out->rated_ok = d->satisfaction == SAT_SATISFIED ||
                  d->satisfaction == SAT_BASIC;
  out->reopened = d->reopen_count > 0;
  out->returned = d->return_count > 0;
  /* Overdue now: the overdue mark fired and its stage is still not done.
   * The scheduler fires the mark when the deadline passes, so this needs
   * no clock and the aggregate stays exact. */
  out->overdue = demand_is_open(d->status) &&
                 (((d->steps_done & assign_overdue) && !d->first_assigned_at) ||
                  ((d->steps_done & answer_overdue) && !d->answered_at) ||
                  ((d->steps_done & resolve_overdue) && !d->resolved_at));
  measure(&out->to_assign, d->submitted_at, d->first_assigned_at);
  measure(&out->to_answer, d->assigned_at, d->answered_at);
  measure(&out->to_resolve, d->assigned_at, d->resolved_at);
}

const int64_t *stats_counters(const DemandStats *s)
{
  return (const int64_t *)(const void *)s;
}

int64_t *stats_counters_mut(DemandStats *s)
{
  return (int64_t *)(void *)s;
}

void stats_add(DemandStats *acc, const DemandStats *x, int sign)
{
  int64_t *a = stats_counters_mut(acc);
  const int64_t *b = stats_counters(x);
  int i;

  for (i = 0; i < STATS_N_COUNTERS; i++) {
    a[i] += sign * b[i];
  }
}

bool stats_counter_name(int i, char out[STATS_NAME_MAX])
{
  static const char *const plain[] = {
    "closed_resolved", "closed_partial", "closed_explained", "answer_due",
    "answer_on_time",  "resolve_due",    "resolve_on_time",  "rated",
    "rated_ok",        "reopened",       "returned",         "overdue",
  };
  static const char *const durations[] = {"to_assign", "to_answer",
                                          "to_resolve"};
  enum { N_PLAIN = sizeof plain / sizeof plain[0] };
  enum { PER_DURATION = 2 + STATS_BUCKETS };
  int k;

  /* The order is DemandStats' declaration order; test_rates.c checks it
   * against the struct's own offsets. */
  if (i < 0 || i >= STATS_N_COUNTERS) return false;
  if (i == 0) {
    snprintf(out, STATS_NAME_MAX, "total");
  } else if (i <= DEMAND_STATUS_COUNT) {
    snprintf(out, STATS_NAME_MAX, "status_%s",
             demand_status_name((DemandStatus)(i - 1)));
  } else if (i <= DEMAND_STATUS_COUNT + N_PLAIN) {
    snprintf(out, STATS_NAME_MAX, "%s", plain[i - 1 - DEMAND_STATUS_COUNT]);
  } else {
    k = i - 1 - DEMAND_STATUS_COUNT - N_PLAIN;
    if (k % PER_DURATION == 0) {
      snprintf(out, STATS_NAME_MAX, "%s_n", durations[k / PER_DURATION]);
    } else if (k % PER_DURATION == 1) {
      snprintf(out, STATS_NAME_MAX, "%s_seconds", durations[k / PER_DURATION]);
    } else {
      snprintf(out, STATS_NAME_MAX, "%s_h%d", durations[k / PER_DURATION],
               k % PER_DURATION - 2);
    }
  }
  return true;
}

static double ratio(int64_t num, int64_t den)
{
  return den > 0 ? (double)num / (double)den : -1.0;
}

static double avg_hours(const StatsDuration *m)
{
  return m->n > 0 ? (double)m->seconds / (double)m->n / 3600.0 : -1.0;
}

/* The upper bound of the bucket holding the 90th percentile.  When it
 * lies in the open last bucket, the last finite bound is reported: "more
 * than 720 hours" is what the figure can honestly say. */
static double p90_hours(const StatsDuration *m)
{
  int64_t need, seen = 0;
  int i;

  if (m->n <= 0) return -1.0;
  need = (m->n * 9 + 9) / 10; /* ceil(0.9 n) */
  for (i = 0; i < STATS_BUCKETS - 1; i++) {
    seen += m->hist[i];
    if (seen >= need) return (double)stats_bucket_hours[i];
  }
  return (double)stats_bucket_hours[STATS_BUCKETS - 2];
}

void rates_compute(const DemandStats *s, Rates *out)
{
  out->response = ratio(s->answer_on_time, s->answer_due);
  out->resolution = ratio(s->closed_resolved, s->total);
  out->satisfaction = ratio(s->rated_ok, s->rated);
  out->on_time_resolution = ratio(s->resolve_on_time, s->resolve_due);
  out->reopen = ratio(s->reopened, s->total);
  out->avg_hours_assign = avg_hours(&s->to_assign);
  out->avg_hours_answer = avg_hours(&s->to_answer);
  out->avg_hours_resolve = avg_hours(&s->to_resolve);
  out->p90_hours_assign = p90_hours(&s->to_assign);
  out->p90_hours_answer = p90_hours(&s->to_answer);
  out->p90_hours_resolve = p90_hours(&s->to_resolve);
}

void rate_weights_default(RateWeights *w)
{
  w->response = 0.30;
  w->resolution = 0.35;
  w->satisfaction = 0.35;
}

double rates_score(const Rates *r, const RateWeights *w)
{
  double sum = 0, weight = 0;

  if (r->response >= 0) {
    sum += w->response * r->response;
    weight += w->response;
  }
  if (r->resolution >= 0) {
    sum += w->resolution * r->resolution;
    weight += w->resolution;
  }
  if (r->satisfaction >= 0) {
    sum += w->satisfaction * r->satisfaction;
    weight += w->satisfaction;
  }
  return weight > 0 ? 100.0 * sum / weight : 0.0;
}
