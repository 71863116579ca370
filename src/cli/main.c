/*
 * main.c — the qitong program: find the subcommand and run it.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "log.h"
#include "mem.h"
#include "secret.h"

static const struct {
  const char *name;                /* the word after "qitong" */
  int (*run)(int argc, char **argv); /* gets the arguments after it */
  const char *summary;             /* one line for the overview */
} commands[] = {
  {"init", cmd_init, "create or migrate the database"},
  {"serve", cmd_serve, "serve the web UI and the API"},
  {"user", cmd_user, "add users and set passwords"},
  {"audit", cmd_audit, "verify the audit log's hash chain"},
  /* import, export, demo */
  {"import", cmd_import, "import registry records from CSV"},
  {"export", cmd_export, "write a ledger as CSV or Excel"},
  {"demo", cmd_demo, "fill a database with demo data"},
  {"bench-data", cmd_bench_data,
   "fill a database with benchmark data (up to a province)"},
  {"tick", cmd_tick, "fire the deadline steps that are due, once"},
  {"backup", cmd_backup, "copy the SQLite database while it is in use"},
  {"migrate-store", cmd_migrate_store,
   "copy a whole database to another (SQLite <-> PostgreSQL)"},
};

static int overview(FILE *out)
{
  size_t i;

  fputs("usage: qitong COMMAND [OPTIONS]   (qitong COMMAND --help)\n\n"
        "qitong serves the enterprise service commissioner system.\n\n",
        out);
  for (i = 0; i < sizeof commands / sizeof commands[0]; i++) {
    fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
  }
  return out == stdout ? EXIT_OK : EXIT_USAGE;
}

int main(int argc, char **argv)
{
  QtError err;
  size_t i;

  qt_error_clear(&err);
  /* jansson allocates through qt_malloc, which never returns NULL. */
  json_set_alloc_funcs(qt_malloc, free);
  qt_log_init(qt_log_stderr, QT_LOG_INFO);
  if (secret_init(&err) != QT_OK) return cli_fail(&err);
  if (argc < 2) return overview(stderr);
  if (cli_is_help(argv[1]) || strcmp(argv[1], "help") == 0) {
    return overview(stdout);
  }
  for (i = 0; i < sizeof commands / sizeof commands[0]; i++) {
    if (strcmp(argv[1], commands[i].name) == 0) {
      return commands[i].run(argc - 2, argv + 2);
    }
  }
  fprintf(stderr, "qitong: unknown command '%s'\n", argv[1]);
  return overview(stderr);
}
