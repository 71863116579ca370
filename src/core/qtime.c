/* qtime.c — RFC 3339 text and the clock; see qtime.h. */
#include "qtime.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Days from 1970-01-01 to Y-M-D in the proleptic Gregorian calendar
 * (Howard Hinnant's days_from_civil), so no time-zone state is touched. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
  int64_t era, yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
  int64_t era, doe, yoe, doy, mp;

  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = (int)(yoe + era * 400 + (*m <= 2));
}

static bool digits(const char *s, int n, int *out)
{
  int v = 0, i;

  for (i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

static int month_days(int y, int m)
{
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : days[m - 1];
}

QtCode qt_time_parse(const char *s, QtTime *out, QtError *err)
{
  int y, mo, d, h = 0, mi = 0, sec = 0, oh, om;
  int64_t offset = QT_CST_OFFSET;
  QtTime t;
  const char *p;

  if (!digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) ||
      s[7] != '-' || !digits(s + 8, 2, &d)) {
    goto bad;
  }
  if (y < 1900 || y > 9999 || mo < 1 || mo > 12 || d < 1 ||
      d > month_days(y, mo)) {
    goto bad;
  }
  p = s + 10;
  if (*p != '\0') {
    if ((*p != 'T' && *p != 't' && *p != ' ') || !digits(p + 1, 2, &h) ||
        p[3] != ':' || !digits(p + 4, 2, &mi) || p[6] != ':' ||
        !digits(p + 7, 2, &sec)) {
      goto bad;
    }
    if (h > 23 || mi > 59 || sec > 60) goto bad;
    p += 9;
    if (*p == '.') {
      p++;
      if (*p < '0' || *p > '9') goto bad;
      while (*p >= '0' && *p <= '9') {
        p++;
      }
    }
    if ((*p == 'Z' || *p == 'z') && p[1] == '\0') {
      offset = 0;
    } else if ((*p == '+' || *p == '-') && digits(p + 1, 2, &oh) &&
               p[3] == ':' && digits(p + 4, 2, &om) && p[6] == '\0' &&
               oh <= 23 && om <= 59) {
      offset = (int64_t)(oh * 3600 + om * 60) * (*p == '-' ? -1 : 1);
    } else {
      goto bad;
    }
  }
  if (sec == 60) sec = 59; /* a leap second is held at :59 */
  t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - offset;
  /* The years were checked in the text's own offset; in China Standard
   * Time, which qt_time_format writes, "9999-12-31T23:59:59Z" is in the
   * year 10000 and "1900-01-01T00:00:00+09:00" in 1899, which this
   * function would refuse to read back. */
  if (t < days_from_civil(1900, 1, 1) * 86400 - QT_CST_OFFSET ||
      t > days_from_civil(9999, 12, 31) * 86400 + 86399 - QT_CST_OFFSET) {
    return qt_fail(err, QT_EINVALID,
                   "'%.40s' is outside the years 1900 to 9999 in China "
                   "Standard Time",
                   s);
  }
  *out = t;
  return QT_OK;
bad:
  return qt_fail(err, QT_EINVALID,
                 "'%.40s' is not a date-time like "
                 "2026-03-02T09:00:00+08:00 or a date like 2026-03-02",
                 s);
}

/* Write V (0 <= V < 10^N) as N decimal digits at OUT. */
static void put_digits(char *out, int n, int v)
{
  while (n-- > 0) {
    out[n] = (char)('0' + v % 10);
    v /= 10;
  }
}

void qt_time_format(QtTime t, char out[QT_TIME_TEXT])
{
  int64_t local = t + QT_CST_OFFSET;
  int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  int64_t secs = local - days * 86400;
  int y, m, d;

  civil_from_days(days, &y, &m, &d);
  if (y < 0 || y > 9999) {
    snprintf(out, QT_TIME_TEXT, "%04d-%02d-%02dT%02d:%02d:%02d+08:00", y, m,
             d, (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
    return;
  }
  /* By hand: a page of demands formats hundreds of times, and snprintf
   * was a tenth of its cost. */
  memcpy(out, "0000-00-00T00:00:00+08:00", 26);
  put_digits(out, 4, y);
  put_digits(out + 5, 2, m);
  put_digits(out + 8, 2, d);
  put_digits(out + 11, 2, (int)(secs / 3600));
  put_digits(out + 14, 2, (int)(secs / 60 % 60));
  put_digits(out + 17, 2, (int)(secs % 60));
}

void qt_date_format(QtTime t, char out[QT_TIME_TEXT])
{
  qt_time_format(t, out);
  out[10] = '\0';
}

/* The test clock: 0 means "not set"; an instant is never exactly 0 here. */
static _Atomic int64_t fixed_now;

QtTime qt_now(void)
{
  int64_t t = atomic_load(&fixed_now);
  return t ? t : (QtTime)time(NULL);
}

void qt_clock_set(bool is_set, QtTime t)
{
  atomic_store(&fixed_now, is_set ? (t ? t : 1) : 0);
}

int64_t qt_monotonic_us(void)
{
  struct timespec ts;

  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}
