/*
 * cmd_migrate_store.c — qitong migrate-store: copy every row of one
 * database into another, empty one (SQLite to PostgreSQL, or back), then
 * prove the copy whole, table by table, by row counts and checksums.
 *
 * The target is created and filled in one transaction, so a failure
 * leaves it as it was.  The source is held under its write lock for the
 * copy and the check (no server can change it meanwhile); stop the
 * servers first all the same, as sessions are written outside that lock.
 * Attachments' files are not in the database: copy the files directory
 * beside it.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
  "usage: qitong migrate-store --from PATH|URL --to PATH|URL\n"
  "Copy every table of the --from database into the --to database, which\n"
  "must be empty (no qitong schema yet, or no row in any table), check\n"
  "each table's row count and checksum on both, and exit 1 on any\n"
  "difference.  Stop the servers first.  Attachment files are not in the\n"
  "database: copy the --files directory as it is.\n";

static void progress(void *arg, const char *table, int64_t n_rows)
{
  (void)arg;
  printf("copied %-26s %10lld rows\n", table, (long long)n_rows);
}

/* Refuse a target that holds anything; migrate it (inside the caller's
 * transaction) when it has no schema yet. */
static QtCode prepare_target(Store *to, const char *url, QtError *err)
{
  const char *table;
  bool is_empty;
  int have, want;

  if (store_schema_version(to, &have, &want, err) != QT_OK) return err->code;
  if (have == 0) return store_migrate_schema(to, NULL, err);
  if (have != want) {
    return qt_fail(err, QT_ECONFLICT,
                   "The target %.200s has schema version %d, not %d: give "
                   "migrate-store an empty database.",
                   url, have, want);
  }
  if (store_is_empty(to, &is_empty, &table, err) != QT_OK) return err->code;
  if (!is_empty) {
    return qt_fail(err, QT_ECONFLICT,
                   "The target %.200s is not empty (table %s has rows): "
                   "migrate-store copies only into an empty database.",
                   url, table);
  }
  return QT_OK;
}

/* Compare every table's count and sum on both sides, printing each. */
static int verify(Store *from, Store *to, QtError *err)
{
  char a[65], b[65];
  int64_t na, nb;
  int i, bad = 0;
  const char *t;

  for (i = 0; (t = store_copy_table(i)) != NULL; i++) {
    if (store_table_sum(from, t, NULL, &na, a, err) != QT_OK ||
        store_table_sum(to, t, from, &nb, b, err) != QT_OK) {
      return -1;
    }
    if (na != nb || strcmp(a, b) != 0) {
      fprintf(stderr,
              "qitong: table %s differs: source %lld rows (sha256 %.16s), "
              "target %lld rows (sha256 %.16s)\n",
              t, (long long)na, a, (long long)nb, b);
      bad++;
    } else {
      printf("checked %-25s %10lld rows  sha256 %.16s  ok\n", t,
             (long long)na, a);
    }
  }
  return bad;
}

int cmd_migrate_store(int argc, char **argv)
{
  static const struct option opts[] = {
    {"from", required_argument, NULL, 'f'},
    {"to", required_argument, NULL, 't'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
  };
  const char *from_url = NULL, *to_url = NULL;
  Store *from = NULL, *to = NULL;
  QtError err;
  QtCode rc;
  int c, bad;

  optind = 0;
  while ((c = getopt_long(argc + 1, argv - 1, "", opts, NULL)) != -1) {
    switch (c) {
    case 'f': from_url = optarg; break;
    case 't': to_url = optarg; break;
    case 'h': fputs(usage, stdout); return EXIT_OK;
    default: return cli_usage(usage);
    }
  }
  if (!from_url || !to_url || optind < argc + 1) return cli_usage(usage);
  if (strcmp(from_url, to_url) == 0) {
    fprintf(stderr, "qitong: --from and --to name the same database\n");
    return EXIT_USAGE;
  }
  qt_error_clear(&err);
  rc = cli_open(from_url, false, &from, &err);
  if (rc == QT_OK) rc = store_open(to_url, NULL, &to, &err);
  /* The source's write lock keeps it as copied until it is checked. */
  if (rc == QT_OK) rc = store_begin(from, &err);
  if (rc == QT_OK) {
    rc = store_begin(to, &err);
    if (rc == QT_OK) rc = prepare_target(to, to_url, &err);
    if (rc == QT_OK) rc = store_copy(from, to, progress, NULL, &err);
    rc = store_end(to, rc, &err);
    bad = rc == QT_OK ? verify(from, to, &err) : 0;
    if (rc == QT_OK && bad < 0) rc = err.code;
    if (rc == QT_OK && bad > 0) {
      rc = qt_fail(&err, QT_ESTORE,
                   "The copy differs from the source in %d table%s (see "
                   "above); the target is not to be used.",
                   bad, bad == 1 ? "" : "s");
    }
    (void)store_end(from, QT_ECONFLICT, &err); /* read only: roll back */
  }
  store_close(from);
  store_close(to);
  if (rc != QT_OK) return cli_fail(&err);
  printf("qitong: %s now holds a verified copy of %s\n", to_url, from_url);
  return EXIT_OK;
}
