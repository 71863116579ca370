/* cmd_backup.c — qitong backup: copy a live SQLite database safely. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char usage[] =
  "usage: qitong backup [--db PATH] --to FILE [--force]\n"
  "Copy the SQLite database to FILE while `qitong serve` goes on working:\n"
  "the copy is of one moment, checked with PRAGMA integrity_check and\n"
  "given the name FILE only once complete (mode 0600, one file).  An\n"
  "existing FILE is refused unless --force.  Attachments live outside the\n"
  "database (PATH.files): copy that directory after the backup.  To\n"
  "restore, stop the server and put the copy in place of PATH (removing\n"
  "PATH-wal and PATH-shm); docs/operations.md has the steps.  A PostgreSQL\n"
  "database is backed up with pg_dump -Fc instead.\n";

int cmd_backup(int argc, char **argv)
{
  static const struct option opts[] = {
    {"db", required_argument, NULL, 'd'},
    {"to", required_argument, NULL, 't'},
    {"force", no_argument, NULL, 'f'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
  };
  const char *db = "qitong.db";
  const char *to = NULL;
  const char *path;
  bool is_force = false;
  StoreBackupInfo info;
  Store *st;
  QtError err;
  int c;
  QtCode rc;

  optind = 0;
  while ((c = getopt_long(argc + 1, argv - 1, "", opts, NULL)) != -1) {
    switch (c) {
    case 'd': db = optarg; break;
    case 't': to = optarg; break;
    case 'f': is_force = true; break;
    case 'h': fputs(usage, stdout); return EXIT_OK;
    default: return cli_usage(usage);
    }
  }
  if (optind < argc + 1 || !to || !*to) return cli_usage(usage);
  if (strstr(db, "://")) {
    fprintf(stderr, "qitong: backup copies SQLite databases; back up "
                    "PostgreSQL with pg_dump -Fc (docs/operations.md).\n");
    return EXIT_USAGE;
  }
  /* Opening a missing path would create an empty database, and back that
   * up without complaint. */
  path = strncmp(db, "sqlite:", 7) == 0 ? db + 7 : db;
  if (access(path, F_OK) != 0) {
    fprintf(stderr, "qitong: cannot back up '%s': %s.\n", path,
            strerror(errno));
    return EXIT_FAIL;
  }
  qt_error_clear(&err);
  /* Not cli_open: a database of another schema version is backed up as it
   * is, which is what one wants before migrating it. */
  rc = store_open(db, NULL, &st, &err);
  if (rc == QT_OK) rc = store_backup(st, to, is_force, &info, &err);
  store_close(st);
  if (rc != QT_OK) return cli_fail(&err);
  printf("qitong: backed up %s to %s (%lld pages, %lld bytes, schema "
         "version %d, integrity ok)\n",
         path, to, (long long)info.pages, (long long)info.bytes,
         info.schema_version);
  return EXIT_OK;
}
