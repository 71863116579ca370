/* test_qtime.c — RFC 3339 text and the clock (src/core/qtime.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <stdio.h>

#include "qtime.h"

static QtTime parse(const char *s)
{
  QtTime t = 0;
  QtError err;

  qt_error_clear(&err);
  assert_int_equal(qt_time_parse(s, &t, &err), QT_OK);
  return t;
}

static void test_offsets_name_the_same_instant(void **state)
{
  (void)state;
  assert_int_equal(parse("2026-03-02T09:00:00+08:00"),
                   parse("2026-03-02T01:00:00Z"));
  assert_int_equal(parse("2026-03-02T01:00:00Z"), 1772413200);
  assert_int_equal(parse("2026-03-01T20:00:00-05:00"),
                   parse("2026-03-02T09:00:00+08:00"));
}

static void test_a_date_alone_is_midnight_in_china(void **state)
{
  (void)state;
  assert_int_equal(parse("2026-03-02"), parse("2026-03-02T00:00:00+08:00"));
}

static void test_fractional_seconds_are_dropped(void **state)
{
  (void)state;
  assert_int_equal(parse("2026-03-02T09:00:00.999+08:00"),
                   parse("2026-03-02T09:00:00+08:00"));
}

static void test_format_is_china_standard_time_whatever_tz(void **state)
{
  char out[QT_TIME_TEXT];

  (void)state;
  setenv("TZ", "America/New_York", 1);
  qt_time_format(parse("2026-03-01T16:30:05Z"), out);
  assert_string_equal(out, "2026-03-02T00:30:05+08:00");
  qt_date_format(parse("2026-03-01T16:30:05Z"), out);
  assert_string_equal(out, "2026-03-02");
}

static void test_leap_day_round_trips(void **state)
{
  char out[QT_TIME_TEXT];

  (void)state;
  qt_time_format(parse("2024-02-29T23:59:59+08:00"), out);
  assert_string_equal(out, "2024-02-29T23:59:59+08:00");
}

/* Every instant formats, and parses back, as the year 1 to 9999 allows:
 * the digits written by hand, across day, month and year ends and
 * years with leading zeros; outside those years the text still says the
 * instant, as printf would. */
static void test_format_writes_every_field_with_its_zeros(void **state)
{
  static const char *texts[] = {
    "0001-01-01T00:00:00+08:00", "0999-12-31T23:59:59+08:00",
    "1970-01-01T08:00:00+08:00", "2000-02-29T12:05:09+08:00",
    "2026-11-23T04:10:18+08:00", "9999-12-31T23:59:59+08:00",
  };
  char out[QT_TIME_TEXT];
  QtTime t;
  size_t i;

  (void)state;
  for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
    /* The parser refuses years before 1900: count back from 1970. */
    if (i == 0) {
      t = parse("1970-01-01T00:00:00+08:00") - (int64_t)719162 * 86400;
    } else if (i == 1) {
      t = parse("1970-01-01T00:00:00+08:00") - (int64_t)354285 * 86400 - 1;
    } else {
      t = parse(texts[i]);
    }
    qt_time_format(t, out);
    assert_string_equal(out, texts[i]);
  }
  qt_time_format(parse("9999-12-31T23:59:59+08:00") + 1, out);
  assert_string_equal(out, "10000-01-01T00:00:00+08:00");
}

static void test_impossible_dates_are_rejected(void **state)
{
  static const char *bad[] = {
    "2025-02-29", "2026-13-01", "2026-04-31", "2026-03-02T24:00:00+08:00",
    "2026-03-02T09:00:00", "2026-03-02T09:00:00+8:00", "02/03/2026",
    "2026-03-02T09:00:00+08:00x", "", "2026-3-2",
  };
  QtError err;
  QtTime t;
  size_t i;

  (void)state;
  for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    qt_error_clear(&err);
    assert_int_equal(qt_time_parse(bad[i], &t, &err), QT_EINVALID);
  }
}

/* Found by tests/fuzz/qtime: the years were checked in the text's own
 * offset, so these were accepted, and formatted as 10000-01-01T07:59:59
 * and 1899-12-31T23:00:00, which do not parse. */
static void test_instants_outside_years_1900_to_9999_in_cst_are_rejected(
  void **state)
{
  static const char *bad[] = {"9999-12-31T23:59:59+00:00",
                              "1900-01-01T00:00:00+09:00"};
  QtError err;
  QtTime t;
  size_t i;

  (void)state;
  for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    qt_error_clear(&err);
    assert_int_equal(qt_time_parse(bad[i], &t, &err), QT_EINVALID);
    assert_non_null(strstr(err.message, "outside the years 1900 to 9999"));
  }
  /* The first and the last second of the range are still read. */
  assert_int_equal(parse("1900-01-01"), parse("1900-01-01T00:00:00+08:00"));
  assert_int_equal(parse("9999-12-31T15:59:59Z"),
                   parse("9999-12-31T23:59:59+08:00"));
}

static void test_test_clock_fixes_and_releases_now(void **state)
{
  QtTime t = parse("2020-01-23T10:00:00+08:00");

  (void)state;
  qt_clock_set(true, t);
  assert_int_equal(qt_now(), t);
  qt_clock_set(false, 0);
  assert_true(qt_now() > parse("2026-01-01"));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_offsets_name_the_same_instant),
    cmocka_unit_test(test_a_date_alone_is_midnight_in_china),
    cmocka_unit_test(test_fractional_seconds_are_dropped),
    cmocka_unit_test(test_format_writes_every_field_with_its_zeros),
    cmocka_unit_test(test_format_is_china_standard_time_whatever_tz),
    cmocka_unit_test(test_leap_day_round_trips),
    cmocka_unit_test(test_impossible_dates_are_rejected),
    cmocka_unit_test(
      test_instants_outside_years_1900_to_9999_in_cst_are_rejected),
    cmocka_unit_test(test_test_clock_fixes_and_releases_now),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
