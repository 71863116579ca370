/* test_rates.c — contributions and rates (src/core/rates.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "rates.h"

enum { HOUR = 3600, DAY = 86400 };
static const QtTime T0 = 1740963600; /* 2025-03-03T09:00:00+08:00 */

/* A demand assigned an hour after T0 with the default 3/15-day clocks. */
static Demand base(void)
{
  Demand d;

  memset(&d, 0, sizeof d);
  demand_limits_default(&d.limits);
  d.status = DEMAND_ASSIGNED;
  d.lead_department_id = 7;
  d.submitted_at = T0;
  d.assign_due = T0 + DAY;
  d.first_assigned_at = d.assigned_at = T0 + HOUR;
  d.answer_due = d.assigned_at + 3 * DAY;
  d.resolve_due = d.assigned_at + 15 * DAY;
  return d;
}

static Demand closed(Outcome outcome, Satisfaction rating, int64_t answer_after)
{
  Demand d = base();

  d.status = DEMAND_CLOSED;
  d.answered_at = d.assigned_at + answer_after;
  d.resolved_at = d.answered_at + DAY;
  d.outcome = outcome;
  d.satisfaction = rating;
  d.closed_at = d.resolved_at + HOUR;
  return d;
}

static void add(DemandStats *acc, const Demand *d)
{
  DemandStats one;

  stats_of_demand(d, &one);
  stats_add(acc, &one, 1);
}

static void test_hand_checked_set_gives_each_rate(void **state)
{
  DemandStats s;
  Rates r;
  Demand on_time = closed(OUTCOME_RESOLVED, SAT_SATISFIED, 2 * DAY);
  Demand late = closed(OUTCOME_PARTIAL, SAT_BASIC, 4 * DAY);
  Demand silent = base();
  Demand withdrawn = closed(OUTCOME_RESOLVED, SAT_SATISFIED, HOUR);

  (void)state;
  silent.steps_done = DEMAND_STEP_BIT(STAGE_ANSWER, RUNG_OVERDUE);
  withdrawn.status = DEMAND_WITHDRAWN;
  memset(&s, 0, sizeof s);
  add(&s, &on_time);
  add(&s, &late);
  add(&s, &silent);
  add(&s, &withdrawn);
  rates_compute(&s, &r);
  assert_int_equal(s.total, 3);          /* withdrawn is not counted */
  assert_int_equal(s.by_status[DEMAND_WITHDRAWN], 1);
  assert_true(r.response > 0.333 && r.response < 0.334);   /* 1 of 3 */
  assert_true(r.resolution > 0.333 && r.resolution < 0.334); /* 1 of 3 */
  assert_true(r.satisfaction == 1.0);    /* 2 of 2 rated */
  assert_int_equal(s.overdue, 1);
  assert_true(r.on_time_resolution == 1.0); /* 2 resolved, both in time */
}

static void test_weifang_resolution_rate_is_97_5_percent(void **state)
{
  DemandStats s;
  Rates r;

  (void)state;
  memset(&s, 0, sizeof s);
  s.total = 35363;
  s.closed_resolved = 34485;
  rates_compute(&s, &r);
  assert_true(r.resolution > 0.9751 && r.resolution < 0.9752);
}

static void test_a_reopened_demand_counts_once_by_its_latest_rating(void **s)
{
  DemandStats st;
  Rates r;
  Demand d = closed(OUTCOME_RESOLVED, SAT_SATISFIED, DAY);

  (void)s;
  d.reopen_count = 1; /* was rated unsatisfied before */
  memset(&st, 0, sizeof st);
  add(&st, &d);
  rates_compute(&st, &r);
  assert_int_equal(st.rated, 1);
  assert_int_equal(st.reopened, 1);
  assert_true(r.satisfaction == 1.0);
  assert_true(r.reopen == 1.0);
}

static void test_no_denominator_means_no_rate(void **state)
{
  DemandStats s;
  Rates r;

  (void)state;
  memset(&s, 0, sizeof s);
  rates_compute(&s, &r);
  assert_true(r.response < 0 && r.resolution < 0 && r.satisfaction < 0);
  assert_true(r.avg_hours_answer < 0 && r.p90_hours_answer < 0);
}

static void test_subtracting_a_contribution_undoes_it(void **state)
{
  DemandStats s, zero;
  Demand d = closed(OUTCOME_EXPLAINED, SAT_UNSATISFIED, 5 * DAY);
  DemandStats one;

  (void)state;
  memset(&s, 0, sizeof s);
  memset(&zero, 0, sizeof zero);
  stats_of_demand(&d, &one);
  stats_add(&s, &one, 1);
  assert_memory_not_equal(&s, &zero, sizeof s);
  stats_add(&s, &one, -1);
  assert_memory_equal(&s, &zero, sizeof s);
}

static void test_averages_and_p90_come_from_the_durations(void **state)
{
  DemandStats s;
  Rates r;
  int h;

  (void)state;
  memset(&s, 0, sizeof s);
  for (h = 1; h <= 10; h++) {
    Demand d = closed(OUTCOME_RESOLVED, SAT_SATISFIED, h * HOUR - 1);
    add(&s, &d);
  }
  rates_compute(&s, &r);
  assert_true(r.avg_hours_assign > 0.999 && r.avg_hours_assign < 1.001);
  /* Answers took just under 1..10 hours: mean 5.5, and the 9th of 10
   * falls in the 8-12 hour bucket. */
  assert_true(r.avg_hours_answer > 5.49 && r.avg_hours_answer < 5.5);
  assert_true(r.p90_hours_answer == 12.0);
}

static void test_score_weights_only_the_rates_that_exist(void **state)
{
  Rates r;
  RateWeights w;

  (void)state;
  rate_weights_default(&w);
  memset(&r, 0, sizeof r);
  r.response = 1.0;
  r.resolution = 0.5;
  r.satisfaction = -1; /* nobody rated */
  /* (0.30 * 1 + 0.35 * 0.5) / 0.65 */
  assert_true(rates_score(&r, &w) > 73.07 && rates_score(&r, &w) < 73.08);
  r.satisfaction = 1.0;
  assert_true(rates_score(&r, &w) > 82.49 && rates_score(&r, &w) < 82.51);
}

static void test_counter_names_follow_the_struct_layout(void **state)
{
  char name[STATS_NAME_MAX];
  DemandStats s;
  int64_t *c = stats_counters_mut(&s);

  (void)state;
  assert_true(stats_counter_name(0, name));
  assert_string_equal(name, "total");
  assert_true(stats_counter_name((int)(&s.by_status[DEMAND_ANSWERED] - c),
                                 name));
  assert_string_equal(name, "status_answered");
  assert_true(stats_counter_name((int)(&s.rated_ok - c), name));
  assert_string_equal(name, "rated_ok");
  assert_true(stats_counter_name((int)(&s.overdue - c), name));
  assert_string_equal(name, "overdue");
  assert_true(stats_counter_name((int)(&s.to_answer.seconds - c), name));
  assert_string_equal(name, "to_answer_seconds");
  assert_true(stats_counter_name((int)(&s.to_resolve.hist[15] - c), name));
  assert_string_equal(name, "to_resolve_h15");
  assert_true(stats_counter_name(STATS_N_COUNTERS - 1, name));
  assert_false(stats_counter_name(STATS_N_COUNTERS, name));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_hand_checked_set_gives_each_rate),
    cmocka_unit_test(test_weifang_resolution_rate_is_97_5_percent),
    cmocka_unit_test(test_a_reopened_demand_counts_once_by_its_latest_rating),
    cmocka_unit_test(test_no_denominator_means_no_rate),
    cmocka_unit_test(test_subtracting_a_contribution_undoes_it),
    cmocka_unit_test(test_averages_and_p90_come_from_the_durations),
    cmocka_unit_test(test_score_weights_only_the_rates_that_exist),
    cmocka_unit_test(test_counter_names_follow_the_struct_layout),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
