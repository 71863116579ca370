/*
 * test_pg_tx.c — PostgreSQL behaves as SQLite does where callers rely on
 * it: a failed write inside a transaction undoes only itself (imports go
 * on after a rejected row); store_begin excludes every other writer, on
 * any connection, and one that waits too long gets QT_EBUSY; a lost
 * connection fails one call and is re-established for the next.  And
 * one of its own: a list is planned with its values on every run.
 * Runs against the server of QITONG_TEST_PG (see pgtest.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "db.h"
#include "pgtest.h"
#include "store.h"

typedef struct Fixture {
  char name[64]; /* the database */
  char url[512];
  Store *st;     /* open and migrated */
} Fixture;

static int setup(void **state)
{
  Fixture *fx = calloc(1, sizeof *fx);
  QtError err;

  *state = fx;
  if (pgtest_create(fx->name, fx->url) != 0) return -1;
  qt_error_clear(&err);
  if (store_open(fx->url, NULL, &fx->st, &err) != QT_OK ||
      store_migrate(fx->st, NULL, &err) != QT_OK) {
    fprintf(stderr, "setup: %s\n", err.message);
    return -1;
  }
  return 0;
}

static int teardown(void **state)
{
  Fixture *fx = *state;

  store_close(fx->st);
  if (fx->name[0]) pgtest_drop(fx->name);
  free(fx);
  return 0;
}

static QtCode add_user(Store *st, const char *username, QtError *err)
{
  User u = {.username = (char *)username, .display_name = "测试",
            .role = ROLE_ADMIN};

  return store_user_create(st, &u, err);
}

static bool user_exists(Store *st, const char *username)
{
  Arena *a = arena_new();
  User u;
  QtError err;
  QtCode rc;

  qt_error_clear(&err);
  rc = store_user_by_name(st, username, a, &u, &err);
  arena_free(a);
  return rc == QT_OK;
}

static void test_a_failed_write_undoes_only_itself(void **state)
{
  Fixture *fx = *state;
  QtError err;

  qt_error_clear(&err);
  assert_int_equal(add_user(fx->st, "first", &err), QT_OK);
  assert_int_equal(store_begin(fx->st, &err), QT_OK);
  assert_int_equal(add_user(fx->st, "second", &err), QT_OK);
  qt_error_clear(&err);
  assert_int_equal(add_user(fx->st, "first", &err), QT_ECONFLICT);
  qt_error_clear(&err);
  assert_int_equal(add_user(fx->st, "third", &err), QT_OK);
  assert_int_equal(store_end(fx->st, QT_OK, &err), QT_OK);
  assert_true(user_exists(fx->st, "second"));
  assert_true(user_exists(fx->st, "third"));
}

static void test_a_second_writer_waits_then_is_told_busy(void **state)
{
  Fixture *fx = *state;
  StoreOptions quick = {.is_durable = true, .busy_timeout_ms = 200};
  Store *other;
  QtError err;

  qt_error_clear(&err);
  assert_int_equal(store_open(fx->url, &quick, &other, &err), QT_OK);
  assert_int_equal(store_begin(fx->st, &err), QT_OK);
  assert_int_equal(store_begin(other, &err), QT_EBUSY);
  assert_int_equal(store_end(fx->st, QT_OK, &err), QT_OK);
  qt_error_clear(&err);
  assert_int_equal(store_begin(other, &err), QT_OK);
  assert_int_equal(add_user(other, "after-the-wait", &err), QT_OK);
  assert_int_equal(store_end(other, QT_OK, &err), QT_OK);
  store_close(other);
  assert_true(user_exists(fx->st, "after-the-wait"));
}

static void test_a_lost_connection_comes_back(void **state)
{
  Fixture *fx = *state;
  char sql[256];
  QtError err;

  assert_true(user_exists(fx->st, "first"));
  snprintf(sql, sizeof sql,
           "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
           " WHERE datname = '%s' AND pid <> pg_backend_pid()",
           fx->name);
  assert_int_equal(pgtest_admin(sql), 0);
  qt_error_clear(&err);
  /* The call that finds the connection gone fails; the next ones work. */
  assert_int_equal(add_user(fx->st, "during", &err), QT_ESTORE);
  assert_true(user_exists(fx->st, "first"));
  qt_error_clear(&err);
  assert_int_equal(add_user(fx->st, "after", &err), QT_OK);
}

/* A list's optional filters fold away only in a plan made with their
 * values, and a region range planned without them looks like a few rows:
 * PostgreSQL would keep such a generic plan after five runs and read a
 * whole city's demands for one department's (db.h,
 * stmt_is_planned_per_run). */
static void test_a_list_is_planned_with_its_values_every_run(void **state)
{
  Fixture *fx = *state;
  DemandFilter f = {.statuses = ",submitted,assigned,accepted,answered,"
                                "resolved,",
                    .department_id = 1};
  Scope scope = {.kind = SCOPE_REGION, .region_lo = "3707",
                 .region_hi = "3708"};
  int64_t total, generic = -1;
  QtError err;
  Q q;
  int i;

  qt_error_clear(&err);
  for (i = 0; i < 8; i++) {
    assert_int_equal(store_demand_count(fx->st, &scope, &f, &total, &err),
                     QT_OK);
    assert_int_equal(total, 0);
  }
  assert_int_equal(q_open_sql(fx->st,
                              "SELECT coalesce(sum(generic_plans), 0)"
                              " FROM pg_prepared_statements WHERE"
                              " statement LIKE 'SELECT count(*) FROM demand%'",
                              &q, &err),
                   QT_OK);
  assert_int_equal(q_step(&q), 1);
  generic = q_col_int(&q, 0);
  q_close(&q);
  assert_int_equal(generic, 0);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_a_failed_write_undoes_only_itself),
    cmocka_unit_test(test_a_second_writer_waits_then_is_told_busy),
    cmocka_unit_test(test_a_lost_connection_comes_back),
    cmocka_unit_test(test_a_list_is_planned_with_its_values_every_run),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
