/*
 * cmd_export.c — qitong export: a registry list or the demands as a CSV
 * or Excel ledger (台账) on standard output or in a file.
 *
 * The command line acts as the system: it sees every row and every phone
 * whole, and the export is recorded in the audit log with no user, the
 * address "cli" and the login name that ran it, like every export (PIPL
 * asks that exports of personal data be recorded).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "ledger.h"

static const char usage[] =
  "usage: qitong export [--db PATH] --kind KIND [--format csv|xlsx]\n"
  "                     [--region CODE] [--q TEXT] [--disabled] [--ended]\n"
  "                     [--output|-o FILE] [> FILE]\n"
  "Write a ledger: KIND is one of enterprises, departments, projects,\n"
  "users, teams, pairings, regions, industries, demands, visits.\n"
  "--format xlsx (the default) writes an Excel workbook, csv a UTF-8 CSV\n"
  "with a BOM that Chinese Excel opens as it is.  Headers are in Chinese;\n"
  "registry ledgers import back with 'qitong import'.  --region keeps a\n"
  "region and those below it, --q records whose name (a demand's title or\n"
  "content) holds TEXT, --disabled adds disabled ones, --ended adds\n"
  "pairings that have ended.\n"
  "At most 1,000,000 rows: a larger ledger is refused, so narrow it.\n"
  "Users' password hashes are never exported; phones are exported whole.\n"
  "Every export is recorded in the audit log with your login name.\n"
  "--output creates FILE readable only by its owner.\n";

/* The login name running us, for the audit entry: the account's name,
 * or its number when the password database has none.  Borrowed (static
 * storage). */
static const char *login_name(void)
{
  static char uid[24];
  struct passwd *pw = getpwuid(geteuid());

  if (pw && pw->pw_name && *pw->pw_name) return pw->pw_name;
  snprintf(uid, sizeof uid, "uid %lu", (unsigned long)geteuid());
  return uid;
}

/* Write all of DATA[0..LEN) to FD. */
static bool write_all(int fd, const char *data, size_t len)
{
  ssize_t n;

  while (len > 0) {
    n = write(fd, data, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    len -= (size_t)n;
  }
  return true;
}

int cmd_export(int argc, char **argv)
{
  static const struct option opts[] = {
    {"db", required_argument, NULL, 'd'},
    {"kind", required_argument, NULL, 'k'},
    {"format", required_argument, NULL, 'f'},
    {"region", required_argument, NULL, 'r'},
    {"q", required_argument, NULL, 'q'},
    {"disabled", no_argument, NULL, 'x'},
    {"ended", no_argument, NULL, 'e'},
    {"output", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
  };
  const char *db = "qitong.db", *kind_name = NULL, *format_name = "xlsx";
  const char *output = NULL;
  static const Scope all = {.kind = SCOPE_ALL};
  LedgerFilter f;
  LedgerKind kind;
  LedgerFormat format;
  Store *st;
  QtError err;
  LedgerWho who = {0, "cli", NULL};
  LedgerCount count;
  Buf out;
  int c, fd;
  QtCode rc;

  ledger_filter_init(&f);
  optind = 0;
  while ((c = getopt_long(argc + 1, argv - 1, "o:", opts, NULL)) != -1) {
    switch (c) {
    case 'd': db = optarg; break;
    case 'k': kind_name = optarg; break;
    case 'f': format_name = optarg; break;
    case 'r': f.region = optarg; break;
    case 'q': f.q = optarg; break;
    case 'x': f.with_disabled = true; break;
    case 'e': f.with_ended = true; break;
    case 'o': output = optarg; break;
    case 'h': fputs(usage, stdout); return EXIT_OK;
    default: return cli_usage(usage);
    }
  }
  if (!kind_name || optind != argc + 1) return cli_usage(usage);
  qt_error_clear(&err);
  if (ledger_kind_parse(kind_name, &kind, &err) != QT_OK ||
      ledger_format_parse(format_name, &format, &err) != QT_OK) {
    return cli_fail(&err);
  }
  if (!output && format == LEDGER_XLSX && isatty(STDOUT_FILENO)) {
    fputs("qitong: an Excel file is binary: redirect standard output to a "
          "file, or use --output FILE\n",
          stderr);
    return EXIT_USAGE;
  }
  if (cli_open(db, false, &st, &err) != QT_OK) return cli_fail(&err);
  buf_init(&out);
  rc = ledger_export(st, NULL, &all, kind, &f, format, &out, &count, &err);
  if (rc == QT_OK) {
    who.os_user = login_name();
    rc = ledger_audit(st, kind, format, &f, &count, &who, qt_now(), &err);
  }
  store_close(st);
  if (rc != QT_OK) {
    buf_reset(&out);
    return cli_fail(&err);
  }
  /* Ledgers hold personal data (names, phone numbers): a file made here
   * is for its owner only, whatever the umask. */
  fd = output ? open(output, O_WRONLY | O_CREAT | O_TRUNC, 0600)
              : STDOUT_FILENO;
  if (fd < 0 || !write_all(fd, out.data ? out.data : "", out.len)) {
    fprintf(stderr, "qitong: cannot write %s: %s\n",
            output ? output : "standard output", strerror(errno));
    if (fd >= 0 && fd != STDOUT_FILENO) close(fd);
    buf_reset(&out);
    return EXIT_FAIL;
  }
  if (fd != STDOUT_FILENO && close(fd) != 0) {
    fprintf(stderr, "qitong: cannot write %s: %s\n", output,
            strerror(errno));
    buf_reset(&out);
    return EXIT_FAIL;
  }
  buf_reset(&out);
  fprintf(stderr, "qitong: exported %ld rows of %s (%s) as %s\n", count.rows,
          ledger_kind_title(kind), ledger_kind_name(kind),
          ledger_format_name(format));
  return EXIT_OK;
}
