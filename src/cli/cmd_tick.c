/* cmd_tick.c — qitong tick: one pass of the deadline scheduler. */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "scheduler.h"

static const char usage[] =
  "usage: qitong tick [--db PATH] [--now RFC3339]\n"
  "Fire every deadline step that is due (reminders, supervision notices,\n"
  "escalation, accountability, auto-close), each once, as the server's\n"
  "scheduler does; safe while a server runs.  --now replays the pass at\n"
  "another time, for operators.\n";

int cmd_tick(int argc, char **argv)
{
  static const struct option opts[] = {
    {"db", required_argument, NULL, 'd'},
    {"now", required_argument, NULL, 'n'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
  };
  const char *db = "qitong.db";
  const char *now_text = NULL;
  QtTime now;
  Store *st;
  QtError err;
  int c, fired = 0;
  QtCode rc;

  qt_error_clear(&err);
  optind = 0;
  while ((c = getopt_long(argc + 1, argv - 1, "", opts, NULL)) != -1) {
    switch (c) {
    case 'd': db = optarg; break;
    case 'n': now_text = optarg; break;
    case 'h': fputs(usage, stdout); return EXIT_OK;
    default: return cli_usage(usage);
    }
  }
  if (optind < argc + 1) return cli_usage(usage);
  if (now_text) {
    if (qt_time_parse(now_text, &now, &err) != QT_OK) {
      fprintf(stderr, "qitong: --now must be an RFC 3339 date-time.\n");
      return cli_usage(usage);
    }
    /* Everything the pass stamps (events, notices) takes this time. */
    qt_clock_set(true, now);
  }
  if (cli_open(db, false, &st, &err) != QT_OK) return cli_fail(&err);
  rc = scheduler_pass(st, qt_now(), &fired, &err);
  store_close(st);
  if (rc != QT_OK) return cli_fail(&err);
  printf("qitong: %d steps fired\n", fired);
  return EXIT_OK;
}
