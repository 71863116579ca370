/*
 * qtime.h — instants, RFC 3339 text, and the program's one clock.
 *
 * An instant is seconds since the Unix epoch (QtTime).  Text always carries
 * China Standard Time (+08:00), whatever the server's time zone, because
 * that is the time the deadlines and the people who meet them live in.
 */
#ifndef QT_QTIME_H
#define QT_QTIME_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"

typedef int64_t QtTime;

enum { QT_CST_OFFSET = 8 * 3600, QT_TIME_TEXT = 32 };

/*
 * Parse S as RFC 3339 ("2026-03-02T09:00:00+08:00", "...Z", fractional
 * seconds dropped) or as a date alone ("2026-03-02", midnight in China
 * Standard Time).  QT_EINVALID with a message when S is neither, or when
 * the instant is outside the years 1900 to 9999 in China Standard Time
 * (the text qt_time_format writes must parse back).
 */
QtCode qt_time_parse(const char *s, QtTime *out, QtError *err);

/* Write T as "2026-03-02T09:00:00+08:00" into OUT (QT_TIME_TEXT bytes). */
void qt_time_format(QtTime t, char out[QT_TIME_TEXT]);

/* Write the China Standard Time date of T as "2026-03-02" into OUT. */
void qt_date_format(QtTime t, char out[QT_TIME_TEXT]);

/*
 * The clock.  Everything in qitong that needs "now" asks qt_now(), so that
 * `serve --test-clock` can move time for every part at once.
 */
QtTime qt_now(void);

/* Fix the clock at T (test clock) or, with IS_SET false, release it. */
void qt_clock_set(bool is_set, QtTime t);

/* Microseconds from a monotonic clock, for measuring durations. */
int64_t qt_monotonic_us(void);

#endif
