/*
 * pgtest.h — for store tests that run against PostgreSQL: a fresh
 * database per test run, made from the server named by QITONG_TEST_PG
 * (a URL of a database the tests may CREATE DATABASE from, e.g.
 * postgresql://postgres@127.0.0.1:55432/postgres) and dropped after.
 *
 * These tests are registered only when CMake was given QT_TEST_PG; run
 * without QITONG_TEST_PG they fail loudly rather than skip, so a CI that
 * meant to test PostgreSQL cannot pass without doing so.
 */
#ifndef QT_PGTEST_H
#define QT_PGTEST_H

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* URL with its database name replaced by NAME, into OUT. */
static inline void pgtest_url(const char *url, const char *name, char *out,
                              size_t size)
{
  const char *host = strstr(url, "://");
  const char *slash = host ? strchr(host + 3, '/') : NULL;
  const char *query = strchr(url, '?');
  int head;

  if (!slash || (query && slash > query)) slash = query;
  head = slash ? (int)(slash - url) : (int)strlen(url);
  snprintf(out, size, "%.*s/%s%s", head, url, name, query ? query : "");
}

/* Run SQL on the server of QITONG_TEST_PG; 0 on success. */
static inline int pgtest_admin(const char *sql)
{
  const char *url = getenv("QITONG_TEST_PG");
  PGconn *c;
  PGresult *r;
  int rc;

  if (!url || !*url) {
    fprintf(stderr, "QITONG_TEST_PG is not set: this test needs a "
                    "PostgreSQL server (see docs/operations.md)\n");
    return -1;
  }
  c = PQconnectdb(url);
  if (PQstatus(c) != CONNECTION_OK) {
    fprintf(stderr, "QITONG_TEST_PG: %s", PQerrorMessage(c));
    PQfinish(c);
    return -1;
  }
  r = PQexec(c, sql);
  rc = PQresultStatus(r) == PGRES_COMMAND_OK ||
           PQresultStatus(r) == PGRES_TUPLES_OK
         ? 0
         : -1;
  if (rc) fprintf(stderr, "%s: %s", sql, PQresultErrorMessage(r));
  PQclear(r);
  PQfinish(c);
  return rc;
}

/* Create a fresh database; its name into NAME and URL into URL. */
static inline int pgtest_create(char name[64], char url[512])
{
  char sql[128];

  snprintf(name, 64, "qt_store_%ld_%d", (long)getpid(), rand() % 100000);
  snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
  if (pgtest_admin(sql) != 0) return -1;
  pgtest_url(getenv("QITONG_TEST_PG"), name, url, 512);
  return 0;
}

static inline void pgtest_drop(const char *name)
{
  char sql[128];

  snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
  (void)pgtest_admin(sql);
}

#endif
