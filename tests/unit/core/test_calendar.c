/*
 * test_calendar.c — tests of src/core/calendar.c: known facts of the real
 * holiday file (data/holidays-cn.csv), the deadline rules, loading and
 * editing a calendar, and the fast working-day count against a day-by-day
 * oracle.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "calendar.h"
#include "mem.h"

#define REAL_CSV QT_SOURCE_DIR "/data/holidays-cn.csv"

/* The instant S names; S must parse. */
static QtTime at(const char *s)
{
  QtError err;
  QtTime t = 0;

  qt_error_clear(&err);
  assert_int_equal(qt_time_parse(s, &t, &err), QT_OK);
  return t;
}

/* The day S names; S must parse. */
static QtDay day(const char *s)
{
  QtError err;
  QtDay d = 0;

  qt_error_clear(&err);
  assert_int_equal(calendar_day_parse(s, &d, &err), QT_OK);
  return d;
}

/* Compare instants as text, so that a failure shows both dates. */
static void assert_time(QtTime actual, const char *expected)
{
  char text[QT_TIME_TEXT];

  qt_time_format(actual, text);
  assert_string_equal(text, expected);
}

/* Load CSV text LIT into CAL, expecting success. */
#define LOAD_OK(cal, lit)                                                   \
  do {                                                                      \
    QtError load_err_;                                                      \
    qt_error_clear(&load_err_);                                             \
    assert_int_equal(calendar_load_csv((cal), (lit), sizeof(lit) - 1,       \
                                       &load_err_),                         \
                     QT_OK);                                                \
  } while (0)

/* The contents of PATH; the caller frees them. */
static char *read_file(const char *path, size_t *len)
{
  FILE *f = fopen(path, "rb");
  char *data;
  long size;

  assert_non_null(f);
  assert_int_equal(fseek(f, 0, SEEK_END), 0);
  size = ftell(f);
  assert_true(size > 0);
  assert_int_equal(fseek(f, 0, SEEK_SET), 0);
  data = qt_malloc((size_t)size);
  assert_int_equal(fread(data, 1, (size_t)size, f), (size_t)size);
  assert_int_equal(fclose(f), 0);
  *len = (size_t)size;
  return data;
}

/* Setup: *STATE is a new Calendar holding the real holiday file. */
static int setup_real(void **state)
{
  Calendar *cal = qt_malloc(sizeof *cal);
  QtError err;
  size_t len;
  char *data = read_file(REAL_CSV, &len);

  calendar_init(cal);
  qt_error_clear(&err);
  if (calendar_load_csv(cal, data, len, &err) != QT_OK) {
    print_error("%s: %s\n", REAL_CSV, err.message);
    free(data);
    calendar_reset(cal);
    free(cal);
    return -1;
  }
  free(data);
  *state = cal;
  return 0;
}

static int teardown_real(void **state)
{
  calendar_reset(*state);
  free(*state);
  return 0;
}

/* ---- The day-by-day oracle ------------------------------------------- */

static int cmp_day(const void *key, const void *elem)
{
  QtDay a = *(const QtDay *)key;
  QtDay b = *(const QtDay *)elem;

  return (a > b) - (a < b);
}

/* Working day by the rule in DESIGN.md, computed apart from calendar.c:
 * the weekday from 1970-01-01 being a Thursday (0 = Sunday here), the
 * exceptions by the C library's bsearch. */
static int oracle_is_working(const Calendar *cal, QtDay d)
{
  const QtDay *hit = NULL;
  int dow = ((d % 7) + 7 + 4) % 7;

  if (cal->n_days > 0) {
    hit = bsearch(&d, cal->days, (size_t)cal->n_days, sizeof *cal->days,
                  cmp_day);
  }
  if (hit != NULL) return cal->kinds[hit - cal->days] == DAY_WORKDAY;
  return dow != 0 && dow != 6;
}

/* calendar_add_working_days, the slow and obvious way. */
static QtTime oracle_add_working_days(const Calendar *cal, QtTime t, int n)
{
  int64_t local = t + 8 * 3600;
  QtDay d = (QtDay)(local >= 0 ? local / 86400 : (local - 86399) / 86400);
  QtTime time_of_day = local - (int64_t)d * 86400;

  if (!oracle_is_working(cal, d)) {
    time_of_day = 0;
    do {
      d++;
    } while (!oracle_is_working(cal, d));
  }
  while (n > 0) {
    d++;
    if (oracle_is_working(cal, d)) n--;
  }
  return (int64_t)d * 86400 - 8 * 3600 + time_of_day;
}

/* splitmix64, so that the cases are the same on every machine. */
static uint64_t next_random(uint64_t *s)
{
  uint64_t z;

  *s += 0x9E3779B97F4A7C15u;
  z = *s;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
  return z ^ (z >> 31);
}

/* A number in [LO, HI]. */
static int64_t random_between(uint64_t *s, int64_t lo, int64_t hi)
{
  return lo + (int64_t)(next_random(s) % (uint64_t)(hi - lo + 1));
}

/* Compare the fast count with the oracle for N_CASES random starts between
 * FIRST and LAST and random N up to 3650, a quarter of them exactly 2000. */
static void compare_with_oracle(const Calendar *cal, QtTime first,
                                QtTime last, uint64_t seed, int n_cases)
{
  uint64_t s = seed;
  int i;

  for (i = 0; i < n_cases; i++) {
    QtTime t = random_between(&s, first, last);
    int n;
    QtTime fast;
    QtTime slow;

    switch (i % 4) {
    case 0: n = 2000; break;
    case 1: n = (int)random_between(&s, 0, 10); break;
    case 2: n = (int)random_between(&s, 0, 60); break;
    default: n = (int)random_between(&s, 0, 3650); break;
    }
    fast = calendar_add_working_days(cal, t, n);
    slow = oracle_add_working_days(cal, t, n);
    if (fast != slow) {
      char a[QT_TIME_TEXT], b[QT_TIME_TEXT], c[QT_TIME_TEXT];

      qt_time_format(t, a);
      qt_time_format(fast, b);
      qt_time_format(slow, c);
      fail_msg("case %d: %s + %d working days: got %s, expected %s", i, a,
               n, b, c);
    }
  }
}

/* ---- Facts of the real calendar -------------------------------------- */

static void test_2024_02_04_sunday_was_a_working_day(void **state)
{
  Calendar plain;

  calendar_init(&plain);
  assert_false(calendar_is_working_day(&plain, day("2024-02-04")));
  assert_true(calendar_is_working_day(*state, day("2024-02-04")));
}

static void test_2024_02_18_sunday_was_a_working_day(void **state)
{
  Calendar plain;

  calendar_init(&plain);
  assert_false(calendar_is_working_day(&plain, day("2024-02-18")));
  assert_true(calendar_is_working_day(*state, day("2024-02-18")));
}

static void test_2024_02_10_to_17_spring_festival_were_days_off(void **state)
{
  QtDay d;

  for (d = day("2024-02-10"); d <= day("2024-02-17"); d++) {
    assert_false(calendar_is_working_day(*state, d));
  }
  /* The days around the break were worked, so the range above is exact. */
  assert_true(calendar_is_working_day(*state, day("2024-02-09")));
  assert_true(calendar_is_working_day(*state, day("2024-02-18")));
}

static void test_2020_spring_festival_was_extended_to_2_february(void **state)
{
  /* Friday 31 January was a weekday, and Saturday 1 February had been
   * announced as a make-up day before the extension cancelled it. */
  assert_false(calendar_is_working_day(*state, day("2020-01-31")));
  assert_false(calendar_is_working_day(*state, day("2020-02-01")));
  assert_false(calendar_is_working_day(*state, day("2020-02-02")));
}

static void test_2020_02_03_monday_was_a_working_day(void **state)
{
  assert_true(calendar_is_working_day(*state, day("2020-02-03")));
  assert_time(calendar_add_working_days(*state,
                                        at("2020-01-23T10:00:00+08:00"), 1),
              "2020-02-03T10:00:00+08:00");
}

static void test_2025_09_28_sunday_and_10_11_saturday_were_make_up_days(
  void **state)
{
  assert_true(calendar_is_working_day(*state, day("2025-09-28")));
  assert_true(calendar_is_working_day(*state, day("2025-10-11")));
  /* The Saturday before and the Sunday after were ordinary weekends. */
  assert_false(calendar_is_working_day(*state, day("2025-09-27")));
  assert_false(calendar_is_working_day(*state, day("2025-10-12")));
}

static void test_one_working_day_after_2025_09_30_is_2025_10_09(
  void **state)
{
  assert_time(calendar_add_working_days(*state,
                                        at("2025-09-30T10:00:00+08:00"), 1),
              "2025-10-09T10:00:00+08:00");
}

static void test_three_working_days_after_friday_2025_09_26_is_09_30(
  void **state)
{
  /* By hand from the CSV: Sat 27 is not listed (off), Sun 28 is a
   * workday (1), Mon 29 (2), Tue 30 (3). */
  assert_time(calendar_add_working_days(*state,
                                        at("2025-09-26T10:00:00+08:00"), 3),
              "2025-09-30T10:00:00+08:00");
}

static void test_four_working_days_after_2025_09_26_crosses_national_day(
  void **state)
{
  /* 1-8 October off, Thursday 9 October is the fourth. */
  assert_time(calendar_add_working_days(*state,
                                        at("2025-09-26T10:00:00+08:00"), 4),
              "2025-10-09T10:00:00+08:00");
}

static void test_working_day_deadline_crosses_national_day(void **state)
{
  Limit limit = {LIMIT_WORKING_DAYS, 3};

  /* 9 Oct (1), 10 Oct (2), Saturday 11 Oct make-up day (3). */
  assert_time(calendar_deadline(*state, at("2025-09-30T10:00:00+08:00"),
                                limit),
              "2025-10-11T10:00:00+08:00");
}

static void test_real_file_has_254_rows_208_holidays_46_workdays(
  void **state)
{
  const Calendar *cal = *state;
  int n_holidays = 0;
  int i;

  for (i = 0; i < cal->n_days; i++) {
    if (cal->kinds[i] == DAY_HOLIDAY) n_holidays++;
  }
  assert_int_equal(cal->n_days, 254);
  assert_int_equal(n_holidays, 208);
}

/* ---- Deadline rules, in a week without exceptions (March 2025) ------- */

static void test_saturday_15h_plus_one_working_day_is_tuesday_midnight(
  void **state)
{
  assert_time(calendar_add_working_days(*state,
                                        at("2025-03-15T15:00:00+08:00"), 1),
              "2025-03-18T00:00:00+08:00");
}

static void test_monday_10h_plus_one_working_day_is_tuesday_10h(void **state)
{
  assert_time(calendar_add_working_days(*state,
                                        at("2025-03-17T10:00:00+08:00"), 1),
              "2025-03-18T10:00:00+08:00");
}

static void test_friday_10h_plus_one_working_day_is_monday_10h(void **state)
{
  assert_time(calendar_add_working_days(*state,
                                        at("2025-03-14T10:00:00+08:00"), 1),
              "2025-03-17T10:00:00+08:00");
}

static void test_zero_working_days_on_a_working_day_is_identity(void **state)
{
  QtTime t = at("2025-03-18T13:45:07+08:00");

  assert_int_equal(calendar_add_working_days(*state, t, 0), t);
}

static void test_zero_working_days_on_a_holiday_is_next_working_midnight(
  void **state)
{
  assert_time(calendar_add_working_days(*state,
                                        at("2025-10-03T14:00:00+08:00"), 0),
              "2025-10-09T00:00:00+08:00");
}

static void test_negative_amount_counts_as_zero(void **state)
{
  QtTime sat = at("2025-03-15T15:00:00+08:00");
  Limit hours = {LIMIT_HOURS, -3};
  Limit days = {LIMIT_DAYS, -3};
  Limit working = {LIMIT_WORKING_DAYS, -3};

  assert_int_equal(calendar_deadline(*state, sat, hours), sat);
  assert_int_equal(calendar_deadline(*state, sat, days), sat);
  assert_time(calendar_deadline(*state, sat, working),
              "2025-03-17T00:00:00+08:00");
  assert_time(calendar_add_working_days(*state, sat, -3),
              "2025-03-17T00:00:00+08:00");
}

static void test_calendar_days_cross_a_month_end(void **state)
{
  Limit limit = {LIMIT_DAYS, 3};

  assert_time(calendar_deadline(*state, at("2025-01-30T10:00:00+08:00"),
                                limit),
              "2025-02-02T10:00:00+08:00");
  assert_time(calendar_add_days(at("2024-02-28T23:30:00+08:00"), 2),
              "2024-03-01T23:30:00+08:00");
}

static void test_hours_cross_midnight(void **state)
{
  Limit limit = {LIMIT_HOURS, 4};

  assert_time(calendar_deadline(*state, at("2025-03-17T22:30:00+08:00"),
                                limit),
              "2025-03-18T02:30:00+08:00");
}

static void test_new_york_time_zone_changes_nothing(void **state)
{
  const char *old = getenv("TZ");
  char *saved = old != NULL ? qt_strdup(old) : NULL;
  QtTime t;
  QtDay d;

  assert_int_equal(setenv("TZ", "America/New_York", 1), 0);
  tzset();
  /* 16:30 UTC on the 16th is already 00:30 on the 17th in China, and
   * still the 16th in New York. */
  d = calendar_day_of(at("2025-03-16T16:30:00Z"));
  t = calendar_add_working_days(*state, at("2025-09-30T10:00:00+08:00"), 1);
  if (saved != NULL) {
    assert_int_equal(setenv("TZ", saved, 1), 0);
  } else {
    assert_int_equal(unsetenv("TZ"), 0);
  }
  tzset();
  free(saved);
  assert_int_equal(d, day("2025-03-17"));
  assert_time(t, "2025-10-09T10:00:00+08:00");
}

/* ---- Days and units ---------------------------------------------------- */

static void test_day_of_floors_before_1970(void **state)
{
  (void)state;
  assert_int_equal(calendar_day_of(at("1970-01-01T00:00:00+08:00")), 0);
  assert_int_equal(calendar_day_of(at("1969-12-31T23:59:59+08:00")), -1);
  assert_int_equal(calendar_day_of(at("1969-12-31T16:00:00Z")), 0);
  assert_int_equal(calendar_day_start(-1), at("1969-12-31T00:00:00+08:00"));
}

static void test_day_parse_takes_only_real_dates(void **state)
{
  QtError err;
  QtDay d = 0;

  (void)state;
  assert_int_equal(day("2024-02-29") - day("2024-02-28"), 1);
  qt_error_clear(&err);
  assert_int_equal(calendar_day_parse("2024-02-30", &d, &err), QT_EINVALID);
  assert_int_equal(calendar_day_parse("2024-2-4", &d, &err), QT_EINVALID);
  assert_int_equal(calendar_day_parse("2024-02-04T00:00:00+08:00", &d, &err),
                   QT_EINVALID);
  assert_non_null(strstr(err.message, "2024-02-04T00:00:00"));
}

static void test_limit_unit_names_round_trip(void **state)
{
  static const LimitUnit units[] = {LIMIT_HOURS, LIMIT_DAYS,
                                    LIMIT_WORKING_DAYS};
  QtError err;
  size_t i;

  (void)state;
  assert_string_equal(limit_unit_name(LIMIT_WORKING_DAYS), "working_days");
  for (i = 0; i < sizeof units / sizeof units[0]; i++) {
    LimitUnit u = (LimitUnit)-1;

    qt_error_clear(&err);
    assert_int_equal(limit_unit_parse(limit_unit_name(units[i]), &u, &err),
                     QT_OK);
    assert_int_equal(u, units[i]);
  }
}

static void test_limit_unit_parse_rejects_unknown_units(void **state)
{
  QtError err;
  LimitUnit u;

  (void)state;
  qt_error_clear(&err);
  assert_int_equal(limit_unit_parse("Days", &u, &err), QT_EINVALID);
  assert_int_equal(limit_unit_parse("weeks", &u, &err), QT_EINVALID);
  assert_int_equal(limit_unit_parse("", &u, &err), QT_EINVALID);
  assert_int_equal(limit_unit_parse(NULL, &u, &err), QT_EINVALID);
}

/* ---- Loading ------------------------------------------------------------ */

/* Load LIT into a calendar holding one holiday (2024-10-08, a Tuesday) and
 * expect CODE, a message naming LINE_TEXT, and the calendar unchanged. */
static void expect_rejected(const char *lit, QtCode code,
                            const char *line_text, const char *field)
{
  Calendar cal;
  QtError err;

  calendar_init(&cal);
  calendar_set(&cal, day("2024-10-08"), DAY_HOLIDAY);
  qt_error_clear(&err);
  assert_int_equal(calendar_load_csv(&cal, lit, strlen(lit), &err), code);
  if (strstr(err.message, line_text) == NULL) {
    fail_msg("'%s' does not name '%s'", err.message, line_text);
  }
  if (field != NULL) {
    assert_int_equal(err.n_fields, 1);
    assert_string_equal(err.fields[0].name, field);
  }
  assert_int_equal(cal.n_days, 1);
  assert_int_equal(cal.days[0], day("2024-10-08"));
  assert_int_equal(cal.kinds[0], DAY_HOLIDAY);
  calendar_reset(&cal);
}

static void test_load_rejects_bad_kind_by_line_and_changes_nothing(
  void **state)
{
  (void)state;
  expect_rejected("date,kind,name\n"
                  "2024-10-01,holiday,国庆节\n"
                  "2024-10-02,holliday,国庆节\n",
                  QT_EINVALID, "line 3", "kind");
}

static void test_load_rejects_bad_date_by_line_and_changes_nothing(
  void **state)
{
  (void)state;
  expect_rejected("date,kind,name\n"
                  "2024-10-01,holiday,国庆节\n"
                  "\n"
                  "2024-02-30,holiday,春节\n",
                  QT_EINVALID, "line 4", "date");
}

static void test_load_rejects_a_date_listed_twice_naming_both_lines(
  void **state)
{
  (void)state;
  /* The repeat on line 3 comes before the bad kind on line 4. */
  expect_rejected("date,kind,name\n"
                  "2024-10-01,holiday,国庆节\n"
                  "2024-10-01,holiday,国庆节\n"
                  "2024-10-02,nope,国庆节\n",
                  QT_EINVALID, "line 3: 2024-10-01 is already listed on "
                  "line 2", "date");
}

static void test_load_rejects_a_make_up_day_on_a_weekday(void **state)
{
  (void)state;
  /* The source lists Monday 2020-02-03 as not off; it is no make-up day. */
  expect_rejected("date,kind,name\n2020-02-03,workday,春节\n", QT_EINVALID,
                  "line 2", "date");
}

static void test_load_rejects_a_missing_header(void **state)
{
  (void)state;
  expect_rejected("2024-10-01,holiday,国庆节\n", QT_EINVALID, "line 1",
                  NULL);
  expect_rejected("", QT_EINVALID, "line 1", NULL);
}

static void test_load_rejects_a_row_without_three_fields(void **state)
{
  (void)state;
  expect_rejected("date,kind,name\n2024-10-01,holiday\n", QT_EINVALID,
                  "line 2", NULL);
}

static void test_load_rejects_malformed_csv_naming_its_line(void **state)
{
  (void)state;
  expect_rejected("date,kind,name\n2024-10-01,holiday,\"国庆节\n",
                  QT_EINVALID, "line 2", NULL);
}

static void test_load_rejects_more_than_10000_rows(void **state)
{
  Buf csv;
  int i;

  (void)state;
  buf_init(&csv);
  buf_puts(&csv, "date,kind,name\n");
  for (i = 0; i < 10001; i++) {
    char text[QT_TIME_TEXT];

    qt_date_format(calendar_day_start(day("2000-01-01") + i), text);
    buf_printf(&csv, "%s,holiday,x\n", text);
  }
  expect_rejected(buf_str(&csv), QT_ETOOBIG, "line 10002", NULL);
  buf_reset(&csv);
}

static void test_load_merges_rows_over_existing_exceptions(void **state)
{
  Calendar cal;

  (void)state;
  calendar_init(&cal);
  calendar_set(&cal, day("2024-10-08"), DAY_HOLIDAY);
  calendar_set(&cal, day("2024-10-12"), DAY_HOLIDAY);
  LOAD_OK(&cal, "\xEF\xBB\xBF" "date,kind,name\r\n"
                "2024-10-12,workday,国庆节\r\n"
                "2024-10-01,holiday,国庆节\r\n");
  assert_int_equal(cal.n_days, 3);
  assert_false(calendar_is_working_day(&cal, day("2024-10-01")));
  assert_false(calendar_is_working_day(&cal, day("2024-10-08")));
  assert_true(calendar_is_working_day(&cal, day("2024-10-12")));
  assert_true(cal.days[0] < cal.days[1] && cal.days[1] < cal.days[2]);
  calendar_reset(&cal);
}

/* ---- Editing ------------------------------------------------------------ */

static void test_set_overrides_an_exception(void **state)
{
  Calendar cal;
  QtDay sat = day("2025-03-15");

  (void)state;
  calendar_init(&cal);
  calendar_set(&cal, sat, DAY_WORKDAY);
  assert_true(calendar_is_working_day(&cal, sat));
  calendar_set(&cal, sat, DAY_HOLIDAY);
  assert_false(calendar_is_working_day(&cal, sat));
  assert_int_equal(cal.n_days, 1);
  assert_int_equal(cal.kinds[0], DAY_HOLIDAY);
  calendar_reset(&cal);
}

static void test_set_normal_removes_an_exception(void **state)
{
  Calendar cal;
  QtDay tue = day("2025-03-18");

  (void)state;
  calendar_init(&cal);
  calendar_set(&cal, day("2025-03-17"), DAY_HOLIDAY);
  calendar_set(&cal, tue, DAY_HOLIDAY);
  calendar_set(&cal, day("2025-03-19"), DAY_HOLIDAY);
  assert_false(calendar_is_working_day(&cal, tue));
  calendar_set(&cal, tue, DAY_NORMAL);
  assert_true(calendar_is_working_day(&cal, tue));
  assert_int_equal(cal.n_days, 2);
  assert_int_equal(cal.days[0], day("2025-03-17"));
  assert_int_equal(cal.days[1], day("2025-03-19"));
  /* Removing a day that is not listed changes nothing. */
  calendar_set(&cal, tue, DAY_NORMAL);
  assert_int_equal(cal.n_days, 2);
  calendar_reset(&cal);
}

static void test_set_keeps_days_sorted_without_repeats(void **state)
{
  Calendar cal;
  uint64_t s = 7;
  int i;

  (void)state;
  calendar_init(&cal);
  for (i = 0; i < 3000; i++) {
    calendar_set(&cal, (QtDay)random_between(&s, 0, 999),
                 (DayKind)random_between(&s, 0, 2));
  }
  assert_true(cal.n_days > 0);
  for (i = 1; i < cal.n_days; i++) {
    assert_true(cal.days[i - 1] < cal.days[i]);
    assert_int_not_equal(cal.kinds[i], DAY_NORMAL);
  }
  calendar_reset(&cal);
}

/* ---- The fast count against the oracle -------------------------------- */

static void test_many_working_days_on_real_calendar_match_day_by_day(
  void **state)
{
  /* Starts from 2019 to 2027, so that some counts begin before the data
   * and many run past its end. */
  compare_with_oracle(*state, at("2019-06-01T00:00:00+08:00"),
                      at("2027-06-01T00:00:00+08:00"), 20250930, 2000);
}

static void test_many_working_days_on_dense_calendar_match_day_by_day(
  void **state)
{
  Calendar cal;
  uint64_t s = 42;
  QtDay d;
  QtDay first = day("1965-01-01");
  QtDay last = day("1990-01-01");

  (void)state;
  /* One day in three is an exception of either kind on any weekday, so
   * that every case (holiday on a weekend, workday on a weekday, runs of
   * adjacent exceptions, days before 1970) is met often. */
  calendar_init(&cal);
  for (d = first; d < last; d++) {
    int64_t r = random_between(&s, 0, 5);

    if (r == 0) calendar_set(&cal, d, DAY_HOLIDAY);
    if (r == 1) calendar_set(&cal, d, DAY_WORKDAY);
  }
  for (d = first - 30; d < last + 30; d++) {
    assert_int_equal(calendar_is_working_day(&cal, d),
                     oracle_is_working(&cal, d));
  }
  compare_with_oracle(&cal, calendar_day_start(first - 20),
                      calendar_day_start(last + 20), 1234, 2000);
  calendar_reset(&cal);
}

int main(void)
{
#define REAL(t) cmocka_unit_test_setup_teardown(t, setup_real, teardown_real)
  const struct CMUnitTest tests[] = {
    REAL(test_2024_02_04_sunday_was_a_working_day),
    REAL(test_2024_02_18_sunday_was_a_working_day),
    REAL(test_2024_02_10_to_17_spring_festival_were_days_off),
    REAL(test_2020_spring_festival_was_extended_to_2_february),
    REAL(test_2020_02_03_monday_was_a_working_day),
    REAL(test_2025_09_28_sunday_and_10_11_saturday_were_make_up_days),
    REAL(test_one_working_day_after_2025_09_30_is_2025_10_09),
    REAL(test_three_working_days_after_friday_2025_09_26_is_09_30),
    REAL(test_four_working_days_after_2025_09_26_crosses_national_day),
    REAL(test_working_day_deadline_crosses_national_day),
    REAL(test_real_file_has_254_rows_208_holidays_46_workdays),
    REAL(test_saturday_15h_plus_one_working_day_is_tuesday_midnight),
    REAL(test_monday_10h_plus_one_working_day_is_tuesday_10h),
    REAL(test_friday_10h_plus_one_working_day_is_monday_10h),
    REAL(test_zero_working_days_on_a_working_day_is_identity),
    REAL(test_zero_working_days_on_a_holiday_is_next_working_midnight),
    REAL(test_negative_amount_counts_as_zero),
    REAL(test_calendar_days_cross_a_month_end),
    REAL(test_hours_cross_midnight),
    REAL(test_new_york_time_zone_changes_nothing),
    cmocka_unit_test(test_day_of_floors_before_1970),
    cmocka_unit_test(test_day_parse_takes_only_real_dates),
    cmocka_unit_test(test_limit_unit_names_round_trip),
    cmocka_unit_test(test_limit_unit_parse_rejects_unknown_units),
    cmocka_unit_test(test_load_rejects_bad_kind_by_line_and_changes_nothing),
    cmocka_unit_test(test_load_rejects_bad_date_by_line_and_changes_nothing),
    cmocka_unit_test(test_load_rejects_a_date_listed_twice_naming_both_lines),
    cmocka_unit_test(test_load_rejects_a_make_up_day_on_a_weekday),
    cmocka_unit_test(test_load_rejects_a_missing_header),
    cmocka_unit_test(test_load_rejects_a_row_without_three_fields),
    cmocka_unit_test(test_load_rejects_malformed_csv_naming_its_line),
    cmocka_unit_test(test_load_rejects_more_than_10000_rows),
    cmocka_unit_test(test_load_merges_rows_over_existing_exceptions),
    cmocka_unit_test(test_set_overrides_an_exception),
    cmocka_unit_test(test_set_normal_removes_an_exception),
    cmocka_unit_test(test_set_keeps_days_sorted_without_repeats),
    REAL(test_many_working_days_on_real_calendar_match_day_by_day),
    cmocka_unit_test(test_many_working_days_on_dense_calendar_match_day_by_day),
  };
#undef REAL

  return cmocka_run_group_tests(tests, NULL, NULL);
}
