/* log.c — formatting log lines for the installed sink; see log.h. */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "qtime.h"

static QtLogSink log_sink = qt_log_stderr;
static QtLogLevel log_min = QT_LOG_INFO;

void qt_log_init(QtLogSink sink, QtLogLevel min_level)
{
  log_sink = sink;
  log_min = min_level;
}

void qt_log(QtLogLevel level, const char *fmt, ...)
{
  char line[2048];
  va_list ap;
  char *p;

  if (!log_sink || level < log_min) return;
  va_start(ap, fmt);
  vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  for (p = line; *p; p++) {
    if (*p == '\n' || *p == '\r') *p = ' ';
  }
  log_sink(level, line);
}

void qt_log_stderr(QtLogLevel level, const char *line)
{
  static const char *names[] = {"debug", "info", "warn", "error"};
  char when[QT_TIME_TEXT];

  /* The wall clock, not qt_now(): logs tell when things really happened,
   * even while a test clock is set. */
  qt_time_format((QtTime)time(NULL), when);
  fprintf(stderr, "%s level=%s %s\n", when, names[level], line);
}
