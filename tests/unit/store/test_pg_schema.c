/*
 * test_pg_schema.c — the two backends' schemas stay in step: the same
 * tables with the same columns, of the same kind (integer or text) and
 * nullability, after every migration; every statement text of the
 * PostgreSQL dialect prepares (its parameters' types can be inferred);
 * and migrate-store's copy moves every table the migrations made.
 * Runs against the server of QITONG_TEST_PG (see pgtest.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "db.h"
#include "litetest.h"
#include "pgtest.h"
#include "store.h"

typedef struct Fixture {
  char lite_path[LITETEST_PATH]; /* the SQLite file */
  char pg_name[64];   /* the PostgreSQL database */
  char pg_url[512];
  Store *lite;        /* both open and migrated */
  Store *pg;
} Fixture;

static int setup(void **state)
{
  Fixture *fx = calloc(1, sizeof *fx);
  QtError err;

  *state = fx;
  if (litetest_file(fx->lite_path, "schema") != 0) return -1;
  if (pgtest_create(fx->pg_name, fx->pg_url) != 0) return -1;
  qt_error_clear(&err);
  if (store_open(fx->lite_path, NULL, &fx->lite, &err) != QT_OK ||
      store_migrate(fx->lite, NULL, &err) != QT_OK ||
      store_open(fx->pg_url, NULL, &fx->pg, &err) != QT_OK ||
      store_migrate(fx->pg, NULL, &err) != QT_OK) {
    fprintf(stderr, "setup: %s\n", err.message);
    return -1;
  }
  return 0;
}

static int teardown(void **state)
{
  Fixture *fx = *state;
  store_close(fx->lite);
  store_close(fx->pg);
  if (fx->pg_name[0]) pgtest_drop(fx->pg_name);
  litetest_remove(fx->lite_path);
  free(fx);
  return 0;
}

/* Lines "table.column kind null" of a schema, sorted, in one string. */
typedef struct Lines {
  char **items;
  int n;
} Lines;

static void lines_add(Lines *l, const char *table, const char *column,
                      const char *kind, bool is_nullable)
{
  char line[200];

  snprintf(line, sizeof line, "%s.%s %s %s", table, column, kind,
           is_nullable ? "null" : "not-null");
  l->items = realloc(l->items, sizeof *l->items * (size_t)(l->n + 1));
  l->items[l->n++] = strdup(line);
}

static int cmp_str(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *lines_join(Lines *l)
{
  size_t size = 1;
  char *out;
  int i;

  qsort(l->items, (size_t)l->n, sizeof *l->items, cmp_str);
  for (i = 0; i < l->n; i++) size += strlen(l->items[i]) + 1;
  out = calloc(1, size);
  for (i = 0; i < l->n; i++) {
    strcat(out, l->items[i]);
    strcat(out, "\n");
    free(l->items[i]);
  }
  free(l->items);
  return out;
}

/* An integer or text column, from a declared or reported type. */
static const char *kind_of(const char *type)
{
  if (strcasecmp(type, "INTEGER") == 0 || strcasecmp(type, "bigint") == 0 ||
      strcasecmp(type, "integer") == 0) {
    return "int";
  }
  if (strcasecmp(type, "TEXT") == 0 || strcasecmp(type, "text") == 0) {
    return "text";
  }
  return type;
}

static char *sqlite_schema(const char *path)
{
  sqlite3 *db;
  sqlite3_stmt *s;
  Lines l = {0};
  int rc;

  assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
  /* demand_fts and demand_bigram, and their shadow tables, are SQLite's
   * search indexes, as the GIN index demand_trgm is PostgreSQL's. */
  assert_int_equal(
    sqlite3_prepare_v2(db,
                       "SELECT m.name, c.name, c.type, c.\"notnull\", c.pk"
                       " FROM sqlite_master m, pragma_table_info(m.name) c"
                       " WHERE m.type = 'table'"
                       " AND m.name NOT LIKE 'sqlite_%'"
                       " AND m.name NOT LIKE 'demand_fts%'"
                       " AND m.name NOT LIKE 'demand_bigram%'",
                       -1, &s, NULL),
    SQLITE_OK);
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    /* A key is never NULL, whatever SQLite's rowid tables let in. */
    bool is_nullable = !sqlite3_column_int(s, 3) && !sqlite3_column_int(s, 4);
    lines_add(&l, (const char *)sqlite3_column_text(s, 0),
              (const char *)sqlite3_column_text(s, 1),
              kind_of((const char *)sqlite3_column_text(s, 2)), is_nullable);
  }
  /* Every table read: a table the plain connection cannot open (a
   * search index's tokenizer) must not end the list early. */
  assert_int_equal(rc, SQLITE_DONE);
  sqlite3_finalize(s);
  sqlite3_close(db);
  return lines_join(&l);
}

static char *pg_schema(const char *url)
{
  PGconn *c = PQconnectdb(url);
  PGresult *r;
  Lines l = {0};
  int i;

  assert_int_equal(PQstatus(c), CONNECTION_OK);
  r = PQexec(c, "SELECT table_name, column_name, data_type, is_nullable"
                " FROM information_schema.columns"
                " WHERE table_schema = current_schema()");
  assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
  for (i = 0; i < PQntuples(r); i++) {
    lines_add(&l, PQgetvalue(r, i, 0), PQgetvalue(r, i, 1),
              kind_of(PQgetvalue(r, i, 2)),
              strcmp(PQgetvalue(r, i, 3), "YES") == 0);
  }
  PQclear(r);
  PQfinish(c);
  return lines_join(&l);
}

static void test_both_schemas_have_the_same_tables_and_columns(void **state)
{
  Fixture *fx = *state;
  char *lite = sqlite_schema(fx->lite_path);
  char *pg = pg_schema(fx->pg_url);

  assert_true(strlen(lite) > 1000); /* really read: dozens of tables */
  assert_string_equal(lite, pg);
  free(lite);
  free(pg);
}

static void test_every_statement_prepares_on_both(void **state)
{
  Fixture *fx = *state;
  QtError err;
  Q q;
  int id;

  for (id = 0; id < STMT_COUNT; id++) {
    qt_error_clear(&err);
    if (id == STMT_BEGIN || id == STMT_COMMIT || id == STMT_ROLLBACK ||
        id == STMT_SCHEMA_INIT) {
      continue; /* scripts, run with exec rather than prepared */
    }
    if (q_open(fx->pg, (StmtId)id, &q, &err) != QT_OK) {
      fail_msg("statement %d does not prepare on PostgreSQL: %s", id,
               err.message);
    }
    q_close(&q);
    if (q_open(fx->lite, (StmtId)id, &q, &err) != QT_OK) {
      fail_msg("statement %d does not prepare on SQLite: %s", id,
               err.message);
    }
    q_close(&q);
  }
}

/* A table a migration adds must be added to store_copy's list too, or
 * migrate-store leaves its rows behind (and, on PostgreSQL, fails on the
 * first row referring to them). */
static void test_every_table_is_copied(void **state)
{
  Fixture *fx = *state;
  PGconn *c = PQconnectdb(fx->pg_url);
  PGresult *r;
  int i, k, n_copied = store_copy_n_tables();
  bool is_listed;

  assert_int_equal(PQstatus(c), CONNECTION_OK);
  r = PQexec(c, "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema = current_schema()"
                " AND table_type = 'BASE TABLE'"
                " AND table_name <> 'schema_migrations'");
  assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
  for (i = 0; i < PQntuples(r); i++) {
    is_listed = false;
    for (k = 0; k < n_copied && !is_listed; k++) {
      is_listed = strcmp(store_copy_table(k), PQgetvalue(r, i, 0)) == 0;
    }
    if (!is_listed) {
      fail_msg("table %s is not in store_copy's list", PQgetvalue(r, i, 0));
    }
  }
  /* And the list names no table that is not there. */
  assert_int_equal(PQntuples(r), n_copied);
  PQclear(r);
  PQfinish(c);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_both_schemas_have_the_same_tables_and_columns),
    cmocka_unit_test(test_every_statement_prepares_on_both),
    cmocka_unit_test(test_every_table_is_copied),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
