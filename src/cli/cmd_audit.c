/* cmd_audit.c — qitong audit verify: check the audit log's hash chain. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
  "usage: qitong audit verify [--db PATH]\n"
  "Recompute the audit log's hash chain.  Exit 0 when it is intact, 1\n"
  "when an entry was changed, removed or inserted (naming the first).\n";

int cmd_audit(int argc, char **argv)
{
  static const struct option opts[] = {
    {"db", required_argument, NULL, 'd'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
  };
  const char *db = "qitong.db";
  Store *st;
  QtError err;
  int64_t n;
  int c;
  QtCode rc;

  if (argc < 1 || cli_is_help(argv[0])) {
    fputs(usage, argc < 1 ? stderr : stdout);
    return argc < 1 ? EXIT_USAGE : EXIT_OK;
  }
  if (strcmp(argv[0], "verify") != 0) return cli_usage(usage);
  optind = 0;
  while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
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
  if (cli_open(db, false, &st, &err) != QT_OK) return cli_fail(&err);
  rc = store_audit_verify(st, &n, &err);
  store_close(st);
  if (rc != QT_OK) return cli_fail(&err);
  printf("qitong: audit log intact (%lld entries)\n", (long long)n);
  return EXIT_OK;
}
