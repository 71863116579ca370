/*
 * test_stat_columns.c — the rate aggregates' column list (written out in
 * src/store/stat_columns.h for constant SQL) must name DemandStats'
 * counters in their order, or every figure would land in the wrong
 * column.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "rates.h"
#include "stat_columns.h"

static void test_columns_follow_the_counters_in_order(void **state)
{
  char expected[4096] = "", name[STATS_NAME_MAX];
  int i;

  (void)state;
  for (i = 0; i < STATS_N_COUNTERS; i++) {
    assert_true(stats_counter_name(i, name));
    if (i) strcat(expected, ", ");
    strcat(expected, name);
  }
  assert_string_equal(STAT_COLUMNS, expected);
}

static void test_there_is_one_parameter_per_counter(void **state)
{
  char expected[1024] = "", one[16];
  int i;

  (void)state;
  for (i = 0; i < STATS_N_COUNTERS; i++) {
    snprintf(one, sizeof one, "%s?%d", i ? ", " : "", i + 5);
    strcat(expected, one);
  }
  assert_string_equal(STAT_PARAMS, expected);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_columns_follow_the_counters_in_order),
    cmocka_unit_test(test_there_is_one_parameter_per_counter),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
