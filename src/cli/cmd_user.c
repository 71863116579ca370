/*
 * cmd_user.c — qitong user add: create an account from the command line,
 * the way the first admin comes to exist.  The password is read from
 * standard input so it never shows in the process list or shell history.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "secret.h"

static const char usage[] =
  "usage: qitong user add [--db PATH] --username NAME --role ROLE\n"
  "                       [--display-name NAME] [--region CODE]\n"
  "                       [--department ID] [--enterprise ID]\n"
  "                       --password-stdin\n"
  "Roles: enterprise commissioner dispatcher handler supervisor leader "
  "admin.\n";

/* Read one line (the password) from standard input, without the newline. */
static bool read_password(char *out, size_t size)
{
  size_t n;

  if (!fgets(out, (int)size, stdin)) return false;
  n = strcspn(out, "\r\n");
  out[n] = '\0';
  return true;
}

int cmd_user(int argc, char **argv)
{
  static const struct option opts[] = {
    {"db", required_argument, NULL, 'd'},
    {"username", required_argument, NULL, 'u'},
    {"display-name", required_argument, NULL, 'n'},
    {"role", required_argument, NULL, 'r'},
    {"region", required_argument, NULL, 'g'},
    {"department", required_argument, NULL, 'p'},
    {"enterprise", required_argument, NULL, 'e'},
    {"password-stdin", no_argument, NULL, 's'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
  };
  const char *db = "qitong.db", *role = NULL;
  char password[256], hash[SECRET_HASH_TEXT];
  bool from_stdin = false;
  Store *st;
  User u;
  QtError err;
  int c;
  QtCode rc;

  if (argc < 1 || cli_is_help(argv[0])) {
    fputs(usage, argc < 1 ? stderr : stdout);
    return argc < 1 ? EXIT_USAGE : EXIT_OK;
  }
  if (strcmp(argv[0], "add") != 0) return cli_usage(usage);
  memset(&u, 0, sizeof u);
  optind = 0;
  while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
    switch (c) {
    case 'd': db = optarg; break;
    case 'u': u.username = optarg; break;
    case 'n': u.display_name = optarg; break;
    case 'r': role = optarg; break;
    case 'g': u.region_code = optarg; break;
    case 'p': u.department_id = atoll(optarg); break;
    case 'e': u.enterprise_id = atoll(optarg); break;
    case 's': from_stdin = true; break;
    case 'h': fputs(usage, stdout); return EXIT_OK;
    default: return cli_usage(usage);
    }
  }
  if (!u.username || !role || !from_stdin) return cli_usage(usage);
  if (!u.display_name) u.display_name = u.username;
  qt_error_clear(&err);
  if (role_parse(role, &u.role, &err) != QT_OK) return cli_fail(&err);
  if (!read_password(password, sizeof password)) {
    fputs("qitong: no password on standard input\n", stderr);
    return EXIT_USAGE;
  }
  if (secret_password_check(password, &err) != QT_OK ||
      secret_password_hash(password, hash, &err) != QT_OK) {
    return cli_fail(&err);
  }
  u.password_hash = hash;
  if (cli_open(db, false, &st, &err) != QT_OK) return cli_fail(&err);
  rc = store_begin(st, &err);
  if (rc == QT_OK) rc = store_user_create(st, &u, &err);
  if (rc == QT_OK) {
    AuditEntry e = {0, "cli", "user.create", "user", u.id, NULL};
    rc = store_audit_append(st, &e, qt_now(), &err);
  }
  rc = store_end(st, rc, &err);
  store_close(st);
  if (rc != QT_OK) return cli_fail(&err);
  printf("qitong: user %s (%s) added with id %lld\n", u.username, role,
         (long long)u.id);
  return EXIT_OK;
}
