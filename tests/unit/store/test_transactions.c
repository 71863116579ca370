/*
 * test_transactions.c — store_begin/store_end nest: only the outermost
 * level commits, and a failure at any level rolls the whole transaction
 * back, which the outermost store_end must report even when its own
 * caller saw nothing go wrong (qitong demo nests every workflow call in
 * one transaction; a scheduler step that failed inside it once left an
 * empty database behind a success message).
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

#include "store.h"

typedef struct Fixture {
  char path[64]; /* the database file, removed afterwards */
  Store *st;     /* open and migrated */
} Fixture;

static int setup(void **state)
{
  Fixture *fx = calloc(1, sizeof *fx);
  QtError err;
  int fd;

  snprintf(fx->path, sizeof fx->path, "/tmp/qitong-tx-XXXXXX");
  fd = mkstemp(fx->path);
  if (fd < 0) return -1;
  close(fd);
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
  char side[96];

  store_close(fx->st);
  unlink(fx->path);
  snprintf(side, sizeof side, "%s-wal", fx->path);
  unlink(side);
  snprintf(side, sizeof side, "%s-shm", fx->path);
  unlink(side);
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

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(
      test_nested_levels_commit_once_at_the_outermost, setup, teardown),
    cmocka_unit_test_setup_teardown(
      test_inner_failure_rolls_back_and_the_outermost_says_so, setup,
      teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
