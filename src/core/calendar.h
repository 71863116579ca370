/*
 * calendar.h — working days and deadlines in China Standard Time.
 *
 * Deadlines are counted in hours, calendar days (自然日) or working days
 * (工作日).  Working days skip Saturdays, Sundays and public holidays, and
 * include the make-up working days (调休) the State Council announces each
 * year, so the calendar is data (holidays-cn.csv, editable by admins), not
 * a rule.  All arithmetic is in UTC+8 whatever the server's time zone.
 */
#ifndef QT_CALENDAR_H
#define QT_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "qtime.h"

/* A day, as days since 1970-01-01 in China Standard Time. */
typedef int32_t QtDay;

typedef enum DayKind {
  DAY_NORMAL,  /* as the weekday says */
  DAY_HOLIDAY, /* an official day off, even on a weekday */
  DAY_WORKDAY  /* a make-up working day, even on a weekend */
} DayKind;

/* The exceptions to the weekday rule, sorted by day.  Owned by the caller
 * that filled it (calendar_init / calendar_reset). */
typedef struct Calendar {
  QtDay *days;     /* sorted ascending, no duplicates */
  DayKind *kinds;  /* kinds[i] is the kind of days[i] */
  int n_days;      /* entries used */
  int cap;         /* entries allocated */
} Calendar;

/* Make CAL an empty calendar, where only weekdays are working days.
 * Allocates nothing; pair with calendar_reset. */
void calendar_init(Calendar *cal);
/* Free what CAL holds and leave it empty, ready for reuse.  Accepts NULL. */
void calendar_reset(Calendar *cal);

/* Record that DAY is KIND, replacing what CAL said of DAY before;
 * DAY_NORMAL removes the exception.  Any kind is accepted on any day (a
 * workday on a weekday is simply a working day).  O(log n) to find DAY,
 * O(n) to insert or remove it; aborts on out-of-memory like qt_malloc. */
void calendar_set(Calendar *cal, QtDay day, DayKind kind);

/*
 * Load the CSV text DATA[0..LEN) (UTF-8, borrowed) with header
 * "date,kind,name" and rows like "2024-02-04,workday,春节" into CAL (kind
 * holiday|workday).  The rows are merged into what CAL holds, a row
 * replacing an exception for the same day; start from calendar_init to
 * load a file alone.  QT_EINVALID, with "line N" in the message and the
 * column in err->fields, for the first bad row: a missing or wrong header,
 * a row without exactly three fields, a date that is not YYYY-MM-DD or not
 * in the calendar, a kind other than holiday or workday, a workday that is
 * not a Saturday or Sunday (it would change nothing, so it is a typo), or a
 * date listed twice.  QT_ETOOBIG past 10000 rows.  On any error CAL is
 * unchanged.
 */
QtCode calendar_load_csv(Calendar *cal, const char *data, size_t len,
                         QtError *err);

/* The CST day holding instant T, floor((T + 8 h) / 1 day), and the
 * instant 00:00 CST of DAY.  Neither reads the process's time zone. */
QtDay calendar_day_of(QtTime t);
QtTime calendar_day_start(QtDay day);
/* Parse "2024-02-04" (exactly YYYY-MM-DD, years 1900-9999, a real
 * calendar date) as a day.  QT_EINVALID otherwise. */
QtCode calendar_day_parse(const char *s, QtDay *out, QtError *err);

/* True when DAY is a working day in CAL: listed as a workday, or a Monday
 * to Friday not listed as a holiday.  O(log n). */
bool calendar_is_working_day(const Calendar *cal, QtDay day);

/*
 * The instant N working days after T (N >= 0): the same time of day on the
 * N-th working day after T's day, so Monday 10:00 plus 1 is Tuesday 10:00
 * and 2025-09-30 10:00 plus 1 is 2025-10-09 10:00 (National Day week off).
 * When T falls on a non-working day it counts as 00:00 of the next working
 * day: Saturday 15:00 plus 1 is Tuesday 00:00, the end of Monday.  N = 0
 * gives T itself, or that 00:00 when T is not on a working day.  A
 * negative N counts as 0.  O(log n) plus O(1) for each exception between
 * T and the result, whatever N is.
 */
QtTime calendar_add_working_days(const Calendar *cal, QtTime t, int n);

/* T plus N calendar days (same time of day; UTC+8 has no daylight saving,
 * so this is N * 86400 seconds).  A negative N goes back. */
QtTime calendar_add_days(QtTime t, int n);

typedef enum LimitUnit {
  LIMIT_HOURS,        /* elapsed hours, around the clock */
  LIMIT_DAYS,         /* calendar days (自然日) */
  LIMIT_WORKING_DAYS  /* working days (工作日) */
} LimitUnit;

/* A deadline rule: AMOUNT of UNIT. */
typedef struct Limit {
  LimitUnit unit;
  int amount; /* >= 0; a negative amount counts as 0 */
} Limit;

/* The deadline LIMIT after START: AMOUNT * 3600 seconds for LIMIT_HOURS,
 * calendar_add_days for LIMIT_DAYS, calendar_add_working_days for
 * LIMIT_WORKING_DAYS.  A negative amount counts as 0. */
QtTime calendar_deadline(const Calendar *cal, QtTime start, Limit limit);

/* "hours" | "days" | "working_days" and back (exact, lower case).  The name
 * is a static string.  Parsing anything else, NULL included, gives
 * QT_EINVALID. */
const char *limit_unit_name(LimitUnit u);
QtCode limit_unit_parse(const char *s, LimitUnit *out, QtError *err);

#endif
