/* common.c — what every subcommand shares; see cli.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cli_fail(const QtError *err)
{
  int i;

  fprintf(stderr, "qitong: %s\n", err->message);
  for (i = 0; i < err->n_fields; i++) {
    fprintf(stderr, "  %s: %s\n", err->fields[i].name,
            err->fields[i].message);
  }
  switch (err->code) {
  case QT_EBADREQ:
  case QT_EINVALID:
    return EXIT_USAGE;
  default:
    return EXIT_FAIL;
  }
}

int cli_usage(const char *usage)
{
  fputs(usage, stderr);
  return EXIT_USAGE;
}

bool cli_is_help(const char *arg)
{
  return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

QtCode cli_open(const char *url, bool migrate, Store **out, QtError *err)
{
  StoreOptions opts = {.is_durable = true, .busy_timeout_ms = 10000};
  QtCode rc = store_open(url, &opts, out, err);

  if (rc == QT_OK) {
    rc = migrate ? store_migrate(*out, NULL, err)
                 : store_check_version(*out, err);
  }
  if (rc != QT_OK) {
    store_close(*out);
    *out = NULL;
  }
  return rc;
}

bool cli_parse_seed(const char *s, uint64_t *out)
{
  char *end;
  unsigned long long v;

  if (s[0] < '0' || s[0] > '9') return false;
  errno = 0;
  v = strtoull(s, &end, 10);
  if (errno != 0 || *end != '\0') return false;
  *out = (uint64_t)v;
  return true;
}
