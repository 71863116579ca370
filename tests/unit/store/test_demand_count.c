/*
 * test_demand_count.c — store_demand_count answers as store_demand_list
 * does for a malformed region filter: QT_EBADREQ naming "region".  A
 * count the rollups can answer (count_from_rollups) once read the
 * malformed code as no filter and counted the whole scope.
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
  Store *st;                /* open and migrated */
} Fixture;

static int setup(void **state)
{
  Fixture *fx = calloc(1, sizeof *fx);
  QtError err;

  qt_error_clear(&err);
  if (litetest_file(fx->path, "count") != 0) return -1;
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

static void test_a_malformed_region_is_a_bad_request_for_the_count(
  void **state)
{
  Fixture *fx = *state;
  Scope scopes[2];
  DemandFilter f;
  QtError err;
  int64_t total;
  size_t i;

  memset(scopes, 0, sizeof scopes);
  scopes[0].kind = SCOPE_ALL;
  scopes[1].kind = SCOPE_REGION;
  strcpy(scopes[1].region_lo, "3707");
  strcpy(scopes[1].region_hi, "3708");
  memset(&f, 0, sizeof f);
  f.region = "37070X";
  f.statuses = ",closed,";
  for (i = 0; i < sizeof scopes / sizeof scopes[0]; i++) {
    qt_error_clear(&err);
    total = -1;
    assert_int_equal(store_demand_count(fx->st, &scopes[i], &f, &total, &err),
                     QT_EBADREQ);
    assert_int_equal(err.n_fields, 1);
    assert_string_equal(err.fields[0].name, "region");
  }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(
      test_a_malformed_region_is_a_bad_request_for_the_count, setup,
      teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
