/*
 * log.h — one line of key=value pairs per event.
 *
 * Core formats; it never writes.  main installs a sink (stderr by default),
 * as sqlite3_log does.  Lines never hold CR or LF: they are replaced, so a
 * value from a client cannot forge a log line.  Passwords, tokens, cookies
 * and ID numbers are never logged.
 */
#ifndef QT_LOG_H
#define QT_LOG_H

typedef enum QtLogLevel {
  QT_LOG_DEBUG,
  QT_LOG_INFO,
  QT_LOG_WARN,
  QT_LOG_ERROR
} QtLogLevel;

/* Receives each finished line (no newline at the end). */
typedef void (*QtLogSink)(QtLogLevel level, const char *line);

/* Install SINK (NULL: discard) and the lowest level that is formatted. */
void qt_log_init(QtLogSink sink, QtLogLevel min_level);

/* Format and hand one line to the sink when LEVEL is enabled. */
void qt_log(QtLogLevel level, const char *fmt, ...)
  __attribute__((format(printf, 2, 3)));

/* The standard sink: "2026-03-02T09:00:00+08:00 level=info ..." on stderr. */
void qt_log_stderr(QtLogLevel level, const char *line);

#endif
