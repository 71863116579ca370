/*
 * test_transactions.c — store_begin/store_end nest: only the outermost
 * level commits, and a failure at any level rolls the whole transaction
 * back, which the outermost store_end must report even when its own
 * caller saw nothing go wrong (qitong demo nests every workflow call in
 * one transaction; a scheduler step that failed inside it once left an
 * empty database behind a success message).
 *
 * In a batch (the server's group commit) each outermost level is a
 * savepoint instead: it keeps or undoes only itself, and nothing is
 * visible to another connection, or durable, until the batch commits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "litetest.h"
#include "store.h"

typedef struct Fixture {
  char path[LITETEST_PATH]; /* the database file, removed afterwards */
  Store *st;     /* open and migrated */
} Fixture;

static int setup(void **state)
{
  Fixture *fx = calloc(1, sizeof *fx);
  QtError err;

  if (litetest_file(fx->path, "tx") != 0) return -1;
  qt_error_clear(&err);
  if (store_open(fx->path, NULL, &fx->st, &err) != QT_OK ||
      store_migrate(fx->st, NULL, &err) != QT_OK) {
    fprintf(stderr, "setup: %s\n", err.message);
    return -1;
  }
  *state = fx;
  return 0;
}

static int teardown(void **state)
{
  Fixture *fx = *state;
  store_close(fx->st);
  litetest_remove(fx->path);
  free(fx);
  return 0;
}

static int64_t calendar_version(Store *st)
{
  int64_t version = -1;
  QtError err;

  qt_error_clear(&err);
  assert_int_equal(store_calendar_version(st, &version, &err), QT_OK);
  return version;
}

static void test_nested_levels_commit_once_at_the_outermost(void **state)
{
  Fixture *fx = *state;
  int64_t before = calendar_version(fx->st);
  QtError err;

  qt_error_clear(&err);
  assert_int_equal(store_begin(fx->st, &err), QT_OK);
  assert_int_equal(store_begin(fx->st, &err), QT_OK);
  assert_int_equal(store_calendar_set(fx->st, "2030-01-02", "holiday", "x",
                                      &err),
                   QT_OK);
  assert_int_equal(store_end(fx->st, QT_OK, &err), QT_OK);
  assert_int_equal(store_end(fx->st, QT_OK, &err), QT_OK);
  assert_int_equal(calendar_version(fx->st), before + 1);
}

static void test_inner_failure_rolls_back_and_the_outermost_says_so(
  void **state)
{
  Fixture *fx = *state;
  int64_t before = calendar_version(fx->st);
  QtError err;

  qt_error_clear(&err);
  assert_int_equal(store_begin(fx->st, &err), QT_OK);
  assert_int_equal(store_begin(fx->st, &err), QT_OK);
  assert_int_equal(store_calendar_set(fx->st, "2030-01-03", "holiday", "x",
                                      &err),
                   QT_OK);
  assert_int_equal(store_end(fx->st, QT_ECONFLICT, &err), QT_ECONFLICT);
  qt_error_clear(&err);
  assert_int_equal(store_end(fx->st, QT_OK, &err), QT_ESTORE);
  assert_true(strstr(err.message, "rolled back") != NULL);
  assert_int_equal(calendar_version(fx->st), before);
  /* The next transaction starts clean. */
  qt_error_clear(&err);
  assert_int_equal(store_begin(fx->st, &err), QT_OK);
  assert_int_equal(store_end(fx->st, QT_OK, &err), QT_OK);
}

static QtCode set_day(Store *st, const char *date, QtError *err)
{
  return store_calendar_set(st, date, "holiday", "x", err);
}

static void test_batch_keeps_each_transaction_apart(void **state)
{
  Fixture *fx = *state;
  int64_t before = calendar_version(fx->st);
  Store *other = NULL;
  QtError err;

  qt_error_clear(&err);
  assert_int_equal(store_open(fx->path, NULL, &other, &err), QT_OK);
  assert_int_equal(store_batch_begin(fx->st, &err), QT_OK);
  /* kept */
  assert_int_equal(store_begin(fx->st, &err), QT_OK);
  assert_int_equal(set_day(fx->st, "2030-01-04", &err), QT_OK);
  assert_int_equal(store_end(fx->st, QT_OK, &err), QT_OK);
  /* wrote, then failed: undone alone */
  assert_int_equal(store_begin(fx->st, &err), QT_OK);
  assert_int_equal(set_day(fx->st, "2030-01-05", &err), QT_OK);
  assert_int_equal(store_end(fx->st, QT_ECONFLICT, &err), QT_ECONFLICT);
  assert_true(store_batch_alive(fx->st));
  /* an inner level failed, its caller went on: undone, and said so */
  qt_error_clear(&err);
  assert_int_equal(store_begin(fx->st, &err), QT_OK);
  assert_int_equal(store_begin(fx->st, &err), QT_OK);
  assert_int_equal(set_day(fx->st, "2030-01-06", &err), QT_OK);
  assert_int_equal(store_end(fx->st, QT_EINVALID, &err), QT_EINVALID);
  qt_error_clear(&err);
  assert_int_equal(store_end(fx->st, QT_OK, &err), QT_ESTORE);
  /* a write outside any transaction is kept, as it would be alone */
  qt_error_clear(&err);
  assert_int_equal(set_day(fx->st, "2030-01-07", &err), QT_OK);
  assert_true(store_batch_alive(fx->st));
  /* nothing shows before the commit */
  assert_int_equal(calendar_version(other), before);
  assert_int_equal(calendar_version(fx->st), before + 2);
  assert_int_equal(store_batch_end(fx->st, true, &err), QT_OK);
  assert_int_equal(calendar_version(other), before + 2);
  store_close(other);
  /* After the batch, transactions commit on their own again. */
  assert_int_equal(store_begin(fx->st, &err), QT_OK);
  assert_int_equal(set_day(fx->st, "2030-01-08", &err), QT_OK);
  assert_int_equal(store_end(fx->st, QT_OK, &err), QT_OK);
  assert_int_equal(calendar_version(fx->st), before + 3);
}

static void test_batch_not_committed_keeps_nothing(void **state)
{
  Fixture *fx = *state;
  int64_t before = calendar_version(fx->st);
  QtError err;

  qt_error_clear(&err);
  assert_int_equal(store_batch_begin(fx->st, &err), QT_OK);
  assert_int_equal(store_begin(fx->st, &err), QT_OK);
  assert_int_equal(set_day(fx->st, "2030-01-09", &err), QT_OK);
  assert_int_equal(store_end(fx->st, QT_OK, &err), QT_OK);
  /* A level left open is a bug: the batch is no longer sound. */
  assert_int_equal(store_begin(fx->st, &err), QT_OK);
  assert_false(store_batch_alive(fx->st));
  assert_int_equal(store_batch_end(fx->st, store_batch_alive(fx->st), &err),
                   QT_ESTORE);
  assert_int_equal(calendar_version(fx->st), before);
  /* A batch cannot start inside a transaction. */
  assert_int_equal(store_begin(fx->st, &err), QT_OK);
  assert_int_equal(store_batch_begin(fx->st, &err), QT_EINTERNAL);
  assert_int_equal(store_end(fx->st, QT_OK, &err), QT_OK);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(
      test_nested_levels_commit_once_at_the_outermost, setup, teardown),
    cmocka_unit_test_setup_teardown(
      test_inner_failure_rolls_back_and_the_outermost_says_so, setup,
      teardown),
    cmocka_unit_test_setup_teardown(
      test_batch_keeps_each_transaction_apart, setup, teardown),
    cmocka_unit_test_setup_teardown(
      test_batch_not_committed_keeps_nothing, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
