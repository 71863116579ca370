/*
 * calendar.c — working days and deadlines in China Standard Time; see
 * calendar.h.
 *
 * A Calendar holds only the exceptions to the weekday rule (official days
 * off and make-up working days), sorted by day, so that every look-up is a
 * binary search and counting working days can jump over the long runs of
 * ordinary weeks between exceptions in constant time.  Days are counted in
 * UTC+8 by arithmetic alone: nothing here reads the process's time zone,
 * because a server in another zone must still compute the deadlines the
 * people in Shandong live by.  Reading the CSV file, and deciding which
 * calendar a deadline uses, is left to the callers.
 */
#include "calendar.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "mem.h"

enum {
  SECONDS_PER_DAY = 86400,
  DAYS_PER_WEEK = 7,
  WEEKDAYS_PER_WEEK = 5,    /* Monday to Friday */
  MONDAY_BEFORE_EPOCH = -3, /* 1969-12-29; 1970-01-01 was a Thursday */
  MAX_CSV_ROWS = 10000,     /* over two centuries of notices */
  MIN_CAP = 32              /* first allocation, about a year's rows */
};

/* One data row of the CSV, kept until the whole file has been checked. */
typedef struct Row {
  QtDay day;    /* the row's date */
  DayKind kind; /* DAY_HOLIDAY or DAY_WORKDAY */
  long line;    /* where the row starts, for error messages */
} Row;

/* The rows read so far. */
typedef struct RowList {
  Row *rows;  /* owned, n_rows used of cap */
  int n_rows; /* rows read */
  int cap;    /* rows allocated */
} RowList;

/* A floor division and its remainder, so that days before 1970 (negative
 * numbers) fall into the right day and week. */
static int64_t floor_div(int64_t a, int64_t b)
{
  int64_t q = a / b;

  if ((a % b != 0) && ((a < 0) != (b < 0))) {
    q--;
  }
  return q;
}

static int64_t floor_mod(int64_t a, int64_t b)
{
  return a - floor_div(a, b) * b;
}

/* 0 for Monday through 6 for Sunday. */
static int64_t weekday(int64_t day)
{
  return floor_mod(day - MONDAY_BEFORE_EPOCH, DAYS_PER_WEEK);
}

static bool is_weekend(int64_t day)
{
  return weekday(day) >= WEEKDAYS_PER_WEEK;
}

/* Monday-to-Friday days in [1969-12-29, DAY), negative before it.  The
 * difference of two values counts the weekdays between two days. */
static int64_t weekdays_before(int64_t day)
{
  int64_t r = day - MONDAY_BEFORE_EPOCH;
  int64_t weeks = floor_div(r, DAYS_PER_WEEK);
  int64_t rest = r - weeks * DAYS_PER_WEEK;

  return weeks * WEEKDAYS_PER_WEEK +
         (rest < WEEKDAYS_PER_WEEK ? rest : WEEKDAYS_PER_WEEK);
}

/* The K-th Monday-to-Friday day (K >= 1) counting from DAY itself. */
static int64_t nth_weekday_from(int64_t day, int64_t k)
{
  int64_t w = weekday(day);
  int64_t idx;

  assert(k >= 1);
  if (w >= WEEKDAYS_PER_WEEK) {
    day += DAYS_PER_WEEK - w;
    w = 0;
  }
  /* IDX counts weekdays from the Monday of DAY's week, 0-based. */
  idx = w + k - 1;
  return day - w + (idx / WEEKDAYS_PER_WEEK) * DAYS_PER_WEEK +
         idx % WEEKDAYS_PER_WEEK;
}

/* The index of the first exception on or after DAY (n_days if none). */
static int lower_bound(const Calendar *cal, int64_t day)
{
  int lo = 0;
  int hi = cal->n_days;

  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;

    if (cal->days[mid] < day) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

static bool is_working(const Calendar *cal, int64_t day)
{
  int i = lower_bound(cal, day);

  if (i < cal->n_days && cal->days[i] == day) {
    return cal->kinds[i] == DAY_WORKDAY;
  }
  return !is_weekend(day);
}

/*
 * The K-th working day (K >= 1) after DAY, DAY itself not counted.  Walks
 * from one exception to the next: between two exceptions every weekday is
 * a working day, so a run of any length is counted, or the answer found in
 * it, in constant time.  O(log E) for the first search plus O(1) for each
 * exception passed.
 */
static int64_t nth_working_day_after(const Calendar *cal, int64_t day,
                                     int64_t k)
{
  int64_t cur = day + 1; /* the first day not yet counted */
  int i = lower_bound(cal, cur);

  assert(k >= 1);
  for (; i < cal->n_days; i++) {
    int64_t next = cal->days[i];
    int64_t run = weekdays_before(next) - weekdays_before(cur);

    if (run >= k) break;
    k -= run;
    /* An exception is a working day only when it says so: a holiday on a
     * weekday is off, a make-up day on a weekend is worked. */
    if (cal->kinds[i] == DAY_WORKDAY) {
      if (k == 1) return next;
      k--;
    }
    cur = next + 1;
  }
  return nth_weekday_from(cur, k);
}

static QtTime start_of(int64_t day)
{
  return day * SECONDS_PER_DAY - QT_CST_OFFSET;
}

static int64_t day_holding(QtTime t)
{
  return floor_div(t + QT_CST_OFFSET, SECONDS_PER_DAY);
}

void calendar_init(Calendar *cal)
{
  cal->days = NULL;
  cal->kinds = NULL;
  cal->n_days = 0;
  cal->cap = 0;
}

void calendar_reset(Calendar *cal)
{
  if (cal == NULL) return;
  free(cal->days);
  free(cal->kinds);
  calendar_init(cal);
}

/* Make room for at least N exceptions in CAL. */
static void reserve(Calendar *cal, int n)
{
  int cap = cal->cap > 0 ? cal->cap : MIN_CAP;

  if (n <= cal->cap) return;
  while (cap < n) {
    assert(cap <= INT32_MAX / 2);
    cap *= 2;
  }
  /* qt_realloc aborts rather than fail, so the old block cannot leak. */
  cal->days = qt_realloc(cal->days, (size_t)cap * sizeof *cal->days);
  cal->kinds = qt_realloc(cal->kinds, (size_t)cap * sizeof *cal->kinds);
  cal->cap = cap;
}

void calendar_set(Calendar *cal, QtDay day, DayKind kind)
{
  int i = lower_bound(cal, day);
  bool is_listed = i < cal->n_days && cal->days[i] == day;
  size_t n_after;

  assert(kind == DAY_NORMAL || kind == DAY_HOLIDAY || kind == DAY_WORKDAY);
  if (is_listed && kind != DAY_NORMAL) {
    cal->kinds[i] = kind;
    return;
  }
  if (is_listed) {
    n_after = (size_t)(cal->n_days - i - 1);
    memmove(cal->days + i, cal->days + i + 1, n_after * sizeof *cal->days);
    memmove(cal->kinds + i, cal->kinds + i + 1,
            n_after * sizeof *cal->kinds);
    cal->n_days--;
    return;
  }
  /* A normal day that is not listed is already as the weekday says. */
  if (kind == DAY_NORMAL) return;
  reserve(cal, cal->n_days + 1);
  n_after = (size_t)(cal->n_days - i);
  memmove(cal->days + i + 1, cal->days + i, n_after * sizeof *cal->days);
  memmove(cal->kinds + i + 1, cal->kinds + i, n_after * sizeof *cal->kinds);
  cal->days[i] = day;
  cal->kinds[i] = kind;
  cal->n_days++;
}

/* Order rows by day, and rows of the same day by line. */
static int row_cmp(const void *a, const void *b)
{
  const Row *x = a;
  const Row *y = b;

  if (x->day != y->day) return x->day < y->day ? -1 : 1;
  if (x->line != y->line) return x->line < y->line ? -1 : 1;
  return 0;
}

/*
 * Check one data record and append it to LIST.  QT_EINVALID naming the
 * line and the column at fault, QT_ETOOBIG past MAX_CSV_ROWS.
 */
static QtCode add_row(const CsvRecord *rec, RowList *list, QtError *err)
{
  QtError date_err;
  QtDay day = 0;
  DayKind kind;
  Row *row;

  if (rec->n_fields != 3) {
    return qt_fail(err, QT_EINVALID,
                   "line %ld has %d fields; expected date,kind,name",
                   rec->line, rec->n_fields);
  }
  qt_error_clear(&date_err);
  if (calendar_day_parse(rec->fields[0], &day, &date_err) != QT_OK) {
    qt_field(err, "date", "must be a date like 2024-02-04");
    return qt_fail(err, QT_EINVALID,
                   "line %ld: '%.40s' is not a date like 2024-02-04",
                   rec->line, rec->fields[0]);
  }
  if (strcmp(rec->fields[1], "holiday") == 0) {
    kind = DAY_HOLIDAY;
  } else if (strcmp(rec->fields[1], "workday") == 0) {
    kind = DAY_WORKDAY;
  } else {
    qt_field(err, "kind", "must be holiday or workday");
    return qt_fail(err, QT_EINVALID,
                   "line %ld: kind '%.40s' is not holiday or workday",
                   rec->line, rec->fields[1]);
  }
  /* A make-up working day on a weekday changes nothing, so such a row is
   * almost certainly a mistyped date, and letting it through would leave
   * the real make-up day off and a deadline a day late. */
  if (kind == DAY_WORKDAY && !is_weekend(day)) {
    qt_field(err, "date", "a make-up working day must be a weekend day");
    return qt_fail(err, QT_EINVALID,
                   "line %ld: %s is a weekday, so it cannot be a make-up "
                   "working day",
                   rec->line, rec->fields[0]);
  }
  /* The cap is checked before growing, so the file's size cannot make us
   * allocate more than MAX_CSV_ROWS rows. */
  if (list->n_rows >= MAX_CSV_ROWS) {
    return qt_fail(err, QT_ETOOBIG, "line %ld: more than %d rows",
                   rec->line, MAX_CSV_ROWS);
  }
  if (list->n_rows == list->cap) {
    list->cap = list->cap > 0 ? list->cap * 2 : MIN_CAP;
    list->rows = qt_realloc(list->rows, (size_t)list->cap * sizeof *row);
  }
  row = &list->rows[list->n_rows++];
  row->day = day;
  row->kind = kind;
  row->line = rec->line;
  return QT_OK;
}

/*
 * Read every data row of DATA[0..LEN) into LIST, stopping at the first
 * bad one.  The rows read before a bad one are kept, so that a date
 * repeated among them, which comes earlier in the file, can be reported
 * instead.
 */
static QtCode read_rows(const char *data, size_t len, RowList *list,
                        QtError *err)
{
  CsvReader r;
  CsvRecord rec;
  QtCode rc = QT_OK;
  int got;

  csv_reader_init(&r, data, len);
  got = csv_next(&r, &rec, err);
  if (got < 0) {
    rc = err->code;
    goto out;
  }
  if (got == 0 || rec.n_fields != 3 || strcmp(rec.fields[0], "date") != 0 ||
      strcmp(rec.fields[1], "kind") != 0 ||
      strcmp(rec.fields[2], "name") != 0) {
    /* Blank lines before the header are skipped, so it may not be on
     * line 1. */
    rc = qt_fail(err, QT_EINVALID,
                 "line %ld must be the header date,kind,name",
                 got == 0 ? 1L : rec.line);
    goto out;
  }
  for (;;) {
    got = csv_next(&r, &rec, err);
    if (got < 0) {
      rc = err->code;
      goto out;
    }
    if (got == 0) break;
    rc = add_row(&rec, list, err);
    if (rc != QT_OK) goto out;
  }
out:
  csv_reader_reset(&r);
  return rc;
}

/* Merge LIST, sorted and without repeated days, into CAL; a row wins over
 * an exception CAL already holds for the same day. */
static void merge_rows(Calendar *cal, const RowList *list)
{
  Calendar out;
  int i = 0;
  int j = 0;

  calendar_init(&out);
  reserve(&out, cal->n_days + list->n_rows);
  while (i < cal->n_days || j < list->n_rows) {
    const Row *row = j < list->n_rows ? &list->rows[j] : NULL;
    bool is_row_next =
      row != NULL && (i == cal->n_days || row->day <= cal->days[i]);

    if (is_row_next) {
      if (i < cal->n_days && cal->days[i] == row->day) i++;
      out.days[out.n_days] = row->day;
      out.kinds[out.n_days] = row->kind;
      j++;
    } else {
      out.days[out.n_days] = cal->days[i];
      out.kinds[out.n_days] = cal->kinds[i];
      i++;
    }
    out.n_days++;
  }
  calendar_reset(cal);
  *cal = out;
}

/* The index in LIST, sorted, of the second listing of a repeated date that
 * comes first in the file, or -1 when every date is listed once. */
static int first_repeat(const RowList *list)
{
  int found = -1;
  int i;

  for (i = 1; i < list->n_rows; i++) {
    if (list->rows[i].day == list->rows[i - 1].day &&
        (found < 0 || list->rows[i].line < list->rows[found].line)) {
      found = i;
    }
  }
  return found;
}

QtCode calendar_load_csv(Calendar *cal, const char *data, size_t len,
                         QtError *err)
{
  QtError scan_err;
  RowList list = {NULL, 0, 0};
  char date[QT_TIME_TEXT];
  QtCode rc;
  int rep;
  int i;

  qt_error_clear(&scan_err);
  rc = read_rows(data, len, &list, &scan_err);
  if (list.n_rows > 0) {
    qsort(list.rows, (size_t)list.n_rows, sizeof *list.rows, row_cmp);
  }
  /* A repeated date comes before any bad row that stopped the reading, so
   * when there is one it is the first fault in the file. */
  rep = first_repeat(&list);
  if (rep >= 0) {
    qt_date_format(calendar_day_start(list.rows[rep].day), date);
    qt_field(err, "date", "is listed twice");
    rc = qt_fail(err, QT_EINVALID,
                 "line %ld: %s is already listed on line %ld",
                 list.rows[rep].line, date, list.rows[rep - 1].line);
  } else if (rc != QT_OK) {
    for (i = 0; i < scan_err.n_fields; i++) {
      qt_field(err, scan_err.fields[i].name, "%s",
               scan_err.fields[i].message);
    }
    rc = qt_fail(err, rc, "%s", scan_err.message);
  } else {
    merge_rows(cal, &list);
  }
  free(list.rows);
  return rc;
}

QtDay calendar_day_of(QtTime t)
{
  return (QtDay)day_holding(t);
}

QtTime calendar_day_start(QtDay day)
{
  return start_of(day);
}

QtCode calendar_day_parse(const char *s, QtDay *out, QtError *err)
{
  QtError time_err;
  QtTime t;

  /* qt_time_parse checks the calendar (month lengths, leap years) but
   * also takes a time of day, which a day must not have. */
  qt_error_clear(&time_err);
  if (s == NULL || strlen(s) != 10 ||
      qt_time_parse(s, &t, &time_err) != QT_OK) {
    return qt_fail(err, QT_EINVALID, "'%.40s' is not a date like 2024-02-04",
                   s == NULL ? "" : s);
  }
  *out = calendar_day_of(t);
  return QT_OK;
}

bool calendar_is_working_day(const Calendar *cal, QtDay day)
{
  return is_working(cal, day);
}

QtTime calendar_add_working_days(const Calendar *cal, QtTime t, int n)
{
  int64_t day = day_holding(t);
  int64_t k = n > 0 ? n : 0;

  if (!is_working(cal, day)) {
    /* Time spent on a day off does not count: the clock starts at 00:00
     * of the next working day, which is itself the first day to find. */
    return start_of(nth_working_day_after(cal, day, k + 1));
  }
  if (k == 0) return t;
  return t + (nth_working_day_after(cal, day, k) - day) * SECONDS_PER_DAY;
}

QtTime calendar_add_days(QtTime t, int n)
{
  /* UTC+8 has no daylight saving, so every day is 86400 seconds long. */
  return t + (int64_t)n * SECONDS_PER_DAY;
}

QtTime calendar_deadline(const Calendar *cal, QtTime start, Limit limit)
{
  int amount = limit.amount > 0 ? limit.amount : 0;

  switch (limit.unit) {
  case LIMIT_HOURS: return start + (int64_t)amount * 3600;
  case LIMIT_DAYS: return calendar_add_days(start, amount);
  case LIMIT_WORKING_DAYS:
    return calendar_add_working_days(cal, start, amount);
  }
  /* Units come from limit_unit_parse or from the enum in code. */
  assert(0 && "unknown LimitUnit");
  return start;
}

const char *limit_unit_name(LimitUnit u)
{
  switch (u) {
  case LIMIT_HOURS: return "hours";
  case LIMIT_DAYS: return "days";
  case LIMIT_WORKING_DAYS: return "working_days";
  }
  assert(0 && "unknown LimitUnit");
  return "unknown";
}

QtCode limit_unit_parse(const char *s, LimitUnit *out, QtError *err)
{
  static const LimitUnit units[] = {LIMIT_HOURS, LIMIT_DAYS,
                                    LIMIT_WORKING_DAYS};
  size_t i;

  for (i = 0; s != NULL && i < sizeof units / sizeof units[0]; i++) {
    if (strcmp(s, limit_unit_name(units[i])) == 0) {
      *out = units[i];
      return QT_OK;
    }
  }
  return qt_fail(err, QT_EINVALID,
                 "'%.40s' is not a limit unit: hours, days or working_days",
                 s == NULL ? "" : s);
}
