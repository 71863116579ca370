/*
 * cmd_import.c — qitong import: load registry records (enterprises,
 * departments, users, pairings) from a CSV file.
 *
 * The work is import.c's, shared with POST /api/v1/imports/{kind}; this
 * file reads the file, shows progress on a terminal and prints the report
 * the way a compiler prints errors (FILE:LINE: field: reason), so an
 * editor can jump to each bad row.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "import.h"

static const char usage[] =
  "usage: qitong import [--db PATH] --kind KIND [--partial] FILE.csv\n"
  "Import registry records from a CSV file.  KIND is one of enterprises,\n"
  "departments, users, pairings.  FILE may be UTF-8 (with or without a\n"
  "BOM) or GB18030, as Chinese Excel saves CSV; '-' reads standard input;\n"
  "at most 256 MiB.  The first line names the columns, in English\n"
  "(credit_code, name, region_code, scale, ...) or with the Chinese\n"
  "headers 'qitong export' writes (统一社会信用代码, 企业名称, ...); other\n"
  "columns are ignored.\n"
  "\n"
  "The file is one transaction.  By default it is all or nothing: if any\n"
  "row is rejected, nothing is written.  With --partial the good rows are\n"
  "written and the bad ones reported.  Every rejected row is reported on\n"
  "standard error as FILE:LINE: field: reason.  Imported users have no\n"
  "password: an admin sets one before they can sign in.\n"
  "\n"
  "Exit status: 0 when every row was imported; 1 when any row was\n"
  "rejected (with --partial the good rows are written all the same, and\n"
  "the summary on standard output says how many), when the file cannot\n"
  "be read, or when the database fails; 2 for bad usage.\n";

/* Progress on a terminal: at most ten updates a second. */
typedef struct Progress {
  int64_t last_us; /* when the line was last drawn */
  bool is_drawn;   /* a line is on the screen and needs a newline */
} Progress;

static void show_progress(void *ctx, long done, long total)
{
  Progress *p = ctx;
  int64_t now = qt_monotonic_us();

  if (done < total && now - p->last_us < 100000) return;
  p->last_us = now;
  p->is_drawn = true;
  fprintf(stderr, "\rimported %ld/%ld rows", done, total);
  fflush(stderr);
}

/* Read all of PATH ("-" for standard input) into a new buffer *OUT
 * (free with free()) of *LEN bytes.  A regular file is read into one
 * allocation of its size and refused before reading when it is over
 * IMPORT_MAX_BYTES; a pipe is read until it passes the cap. */
static QtCode read_input(const char *path, char **out, size_t *len,
                         QtError *err)
{
  struct stat sb;
  size_t cap = 1 << 20, used = 0;
  char *data;
  ssize_t n;
  int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY);
  int saved = 0;

  *out = NULL;
  *len = 0;
  if (fd < 0) {
    return qt_fail(err, QT_ENOTFOUND, "Cannot open %s: %s.", path,
                   strerror(errno));
  }
  if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode)) {
    if (sb.st_size > IMPORT_MAX_BYTES) used = (size_t)sb.st_size;
    cap = (size_t)sb.st_size + 1; /* +1: the end shows at once */
  }
  data = used ? NULL : qt_malloc(cap);
  while (used <= IMPORT_MAX_BYTES) {
    if (used == cap) {
      cap *= 2;
      data = qt_realloc(data, cap);
    }
    n = read(fd, data + used, cap - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) saved = errno;
    if (n <= 0) break;
    used += (size_t)n;
  }
  if (fd != STDIN_FILENO) close(fd);
  if (used > IMPORT_MAX_BYTES) {
    free(data);
    return qt_fail(err, QT_ETOOBIG, "%s is larger than %d MiB: split it.",
                   path, IMPORT_MAX_BYTES / (1024 * 1024));
  }
  if (saved) {
    free(data);
    return qt_fail(err, QT_EINTERNAL, "Cannot read %s: %s.", path,
                   strerror(saved));
  }
  *out = data;
  *len = used;
  return QT_OK;
}

static void print_report(const char *path, const ImportReport *r)
{
  long i;
  int c;

  for (i = 0; i < r->n_rejected; i++) {
    fprintf(stderr, "%s:%ld: %s: %s\n", path, r->rejected[i].line,
            r->rejected[i].field, r->rejected[i].message);
  }
  if (r->n_ignored > 0) {
    fputs("qitong: ignored columns:", stderr);
    for (c = 0; c < r->n_ignored; c++) {
      fprintf(stderr, "%s %s", c ? "," : "", r->ignored[c]);
    }
    fputc('\n', stderr);
  }
}

int cmd_import(int argc, char **argv)
{
  static const struct option opts[] = {
    {"db", required_argument, NULL, 'd'},
    {"kind", required_argument, NULL, 'k'},
    {"partial", no_argument, NULL, 'p'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
  };
  const char *db = "qitong.db", *kind = NULL, *path;
  ImportOptions opt;
  ImportReport report;
  Progress progress = {0, false};
  Store *st;
  QtError err;
  char *data;
  size_t len;
  int c, status;
  QtCode rc;

  memset(&opt, 0, sizeof opt);
  optind = 0;
  while ((c = getopt_long(argc + 1, argv - 1, "", opts, NULL)) != -1) {
    switch (c) {
    case 'd': db = optarg; break;
    case 'k': kind = optarg; break;
    case 'p': opt.is_partial = true; break;
    case 'h': fputs(usage, stdout); return EXIT_OK;
    default: return cli_usage(usage);
    }
  }
  /* getopt saw argv - 1, so its optind counts the command name too. */
  if (!kind || optind != argc) return cli_usage(usage);
  path = argv[optind - 1];
  qt_error_clear(&err);
  if (import_kind_parse(kind, &opt.kind, &err) != QT_OK) {
    return cli_fail(&err);
  }
  opt.source = path;
  opt.address = "cli";
  if (isatty(STDERR_FILENO)) {
    opt.progress = show_progress;
    opt.progress_ctx = &progress;
  }
  if (read_input(path, &data, &len, &err) != QT_OK) {
    fprintf(stderr, "qitong: %s\n", err.message);
    return EXIT_FAIL;
  }
  if (cli_open(db, false, &st, &err) != QT_OK) {
    free(data);
    return cli_fail(&err);
  }
  import_report_init(&report);
  rc = import_csv(st, &opt, data, len, &report, &err);
  store_close(st);
  free(data);
  if (progress.is_drawn) fputc('\n', stderr);
  print_report(path, &report);
  if (rc != QT_OK) {
    fprintf(stderr, "qitong: %s\n", err.message);
    status = EXIT_FAIL;
  } else if (report.rejected_rows > 0) {
    printf("qitong: imported %ld of %ld %s from %s; %ld rows rejected\n",
           report.imported, report.rows, ledger_kind_name(opt.kind), path,
           report.rejected_rows);
    status = EXIT_FAIL;
  } else {
    printf("qitong: imported %ld %s from %s\n", report.imported,
           ledger_kind_name(opt.kind), path);
    status = EXIT_OK;
  }
  import_report_reset(&report);
  return status;
}
