/* cmd_init.c — qitong init: create or migrate the database. */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"

static const char usage[] =
  "usage: qitong init [--db PATH]\n"
  "Create the database, or bring an existing one to this version's "
  "schema,\nand load the reference data (regions, industries).\n";

int cmd_init(int argc, char **argv)
{
  static const struct option opts[] = {
    {"db", required_argument, NULL, 'd'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
  };
  const char *db = "qitong.db";
  Store *st;
  QtError err;
  int c, applied = 0;
  QtCode rc;

  optind = 0;
  while ((c = getopt_long(argc + 1, argv - 1, "", opts, NULL)) != -1) {
    if (c == 'd') {
      db = optarg;
    } else if (c == 'h') {
      fputs(usage, stdout);
      return EXIT_OK;
    } else {
      return cli_usage(usage);
    }
  }
  qt_error_clear(&err);
  rc = store_open(db, NULL, &st, &err);
  if (rc == QT_OK) rc = store_migrate(st, &applied, &err);
  store_close(st);
  if (rc != QT_OK) return cli_fail(&err);
  printf("qitong: %s is ready (%d migration%s applied)\n", db, applied,
         applied == 1 ? "" : "s");
  return EXIT_OK;
}
