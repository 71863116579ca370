/*
 * fuzz_qtime.c — RFC 3339 dates and times (src/core/qtime.c), which
 * clients send in query filters ("from", "to"), JSON bodies and the test
 * clock.
 *
 * Input: any bytes, the text (up to the first NUL).  Checked:
 *  - an accepted text means the instant glibc's timegm computes from its
 *    fields and offset (a second implementation of the calendar);
 *  - qt_time_format of that instant parses back to it, and so does
 *    qt_date_format's day (to its midnight in China Standard Time);
 *  - a date alone is that day's midnight at +08:00, and a full time at
 *    +08:00 without fraction or leap second formats back to the text;
 *  - a refusal is QT_EINVALID with a message that is valid UTF-8.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "fuzz.h"
#include "qtime.h"
#include "text.h"

/* The instant of the accepted text S, by timegm. */
static QtTime reference(const char *s)
{
  struct tm tm;
  int y, mo, d, h = 0, mi = 0, sec = 0, oh = 8, om = 0;
  const char *p = s + 19;
  int sign = 1;

  memset(&tm, 0, sizeof tm);
  FUZZ_CHECK(sscanf(s, "%4d-%2d-%2d", &y, &mo, &d) == 3, "'%s'", s);
  if (s[10]) {
    FUZZ_CHECK(sscanf(s + 11, "%2d:%2d:%2d", &h, &mi, &sec) == 3, "'%s'", s);
    if (*p == '.') {
      for (p++; *p >= '0' && *p <= '9'; p++) {
      }
    }
    if (*p == 'Z' || *p == 'z') {
      oh = om = 0;
    } else {
      sign = *p == '-' ? -1 : 1;
      FUZZ_CHECK(sscanf(p + 1, "%2d:%2d", &oh, &om) == 2, "'%s'", s);
    }
  }
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = sec == 60 ? 59 : sec;
  return (QtTime)timegm(&tm) - sign * (oh * 3600 + om * 60);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *s = fuzz_strndup(data, size);
  char text[QT_TIME_TEXT], day[QT_TIME_TEXT], norm[64];
  QtTime t, back;
  QtError err;
  QtCode rc;

  qt_error_clear(&err);
  rc = qt_time_parse(s, &t, &err);
  if (rc != QT_OK) {
    FUZZ_CHECK(rc == QT_EINVALID && err.code == rc, "rc %d", rc);
    FUZZ_CHECK(err.message[0] && utf8_valid(err.message, strlen(err.message)),
               "the message is not UTF-8: '%s'", err.message);
    free(s);
    return 0;
  }
  FUZZ_CHECK(t == reference(s), "'%s' is %lld, timegm says %lld", s,
             (long long)t, (long long)reference(s));
  qt_time_format(t, text);
  qt_error_clear(&err);
  FUZZ_CHECK(qt_time_parse(text, &back, &err) == QT_OK && back == t,
             "'%s' formats as '%s', which does not parse back", s, text);
  qt_date_format(t, day);
  FUZZ_CHECK(strlen(day) == 10 && strncmp(day, text, 10) == 0, "%s", day);
  FUZZ_CHECK(qt_time_parse(day, &back, &err) == QT_OK && back <= t &&
               t - back < 86400, "'%s' is not the day of '%s'", day, text);
  if (strlen(s) == 10) {
    FUZZ_CHECK(strcmp(day, s) == 0 && strcmp(text + 10, "T00:00:00+08:00") ==
                 0, "'%s' became '%s'", s, text);
  }
  if (strlen(s) == 25 && strcmp(s + 19, "+08:00") == 0 &&
      strncmp(s + 17, "60", 2) != 0) {
    snprintf(norm, sizeof norm, "%s", s);
    norm[10] = 'T';
    FUZZ_CHECK(strcmp(norm, text) == 0, "'%s' formats as '%s'", s, text);
  }
  free(s);
  return 0;
}
