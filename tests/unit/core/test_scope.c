/* test_scope.c — roles and data scopes (src/core/scope.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "scope.h"

static void check_range(const char *code, const char *lo, const char *hi)
{
  char l[16], h[16];
  QtError err;

  qt_error_clear(&err);
  assert_int_equal(scope_region_range(code, l, h, &err), QT_OK);
  assert_string_equal(l, lo);
  assert_string_equal(h, hi);
}

static void test_province_range_keeps_two_digits(void **state)
{
  (void)state;
  check_range("370000", "37", "38");
}

static void test_city_range_keeps_four_digits(void **state)
{
  (void)state;
  check_range("370700", "3707", "3708");
}

static void test_county_and_town_ranges_keep_all_digits(void **state)
{
  (void)state;
  check_range("370702", "370702", "370703");
  check_range("370702001", "370702001", "370702002");
}

static void test_range_carries_over_nines(void **state)
{
  (void)state;
  check_range("370799", "370799", "370800");
  check_range("379900", "3799", "3800");
}

static void test_malformed_region_codes_are_rejected(void **state)
{
  static const char *bad[] = {"", "37070", "3707000", "37070a", "37-700",
                              "3707020011"};
  char l[16], h[16];
  QtError err;
  size_t i;

  (void)state;
  for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    qt_error_clear(&err);
    assert_int_equal(scope_region_range(bad[i], l, h, &err), QT_EINVALID);
    assert_string_equal(err.fields[0].name, "region");
  }
}

static void test_city_scope_holds_its_counties_and_towns_only(void **state)
{
  Actor a;

  (void)state;
  memset(&a, 0, sizeof a);
  a.user_id = 5;
  a.role = ROLE_DISPATCHER;
  strcpy(a.region, "370700");
  scope_for_actor(&a);
  assert_int_equal(a.scope.kind, SCOPE_REGION);
  assert_true(scope_has_region(&a.scope, "370700"));
  assert_true(scope_has_region(&a.scope, "370702"));
  assert_true(scope_has_region(&a.scope, "370702001"));
  assert_false(scope_has_region(&a.scope, "370600"));
  assert_false(scope_has_region(&a.scope, "370800"));
  assert_false(scope_has_region(&a.scope, "370000"));
}

static void test_each_role_gets_its_scope_kind(void **state)
{
  static const struct {
    Role role;
    ScopeKind kind;
  } cases[] = {
    {ROLE_ADMIN, SCOPE_ALL},          {ROLE_LEADER, SCOPE_REGION},
    {ROLE_SUPERVISOR, SCOPE_REGION},  {ROLE_DISPATCHER, SCOPE_REGION},
    {ROLE_HANDLER, SCOPE_REGION},     {ROLE_COMMISSIONER, SCOPE_PAIRED},
    {ROLE_ENTERPRISE, SCOPE_ENTERPRISE},
  };
  Actor a;
  size_t i;

  (void)state;
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    memset(&a, 0, sizeof a);
    a.user_id = 9;
    a.role = cases[i].role;
    a.enterprise_id = 3;
    strcpy(a.region, "370700");
    strcpy(a.dept_path, "/1/4/");
    scope_for_actor(&a);
    assert_int_equal(a.scope.kind, cases[i].kind);
  }
}

static void test_handler_gets_its_department_subtree(void **state)
{
  Actor a;

  (void)state;
  memset(&a, 0, sizeof a);
  a.role = ROLE_HANDLER;
  strcpy(a.region, "370702");
  strcpy(a.dept_path, "/1/4/");
  scope_for_actor(&a);
  assert_string_equal(a.scope.dept_lo, "/1/4/");
  assert_string_equal(a.scope.dept_hi, "/1/40");
  /* "/1/4/9/" is below; "/1/41/" is a sibling and must fall outside. */
  assert_true(strcmp("/1/4/9/", a.scope.dept_lo) >= 0 &&
              strcmp("/1/4/9/", a.scope.dept_hi) < 0);
  assert_false(strcmp("/1/41/", a.scope.dept_lo) >= 0 &&
               strcmp("/1/41/", a.scope.dept_hi) < 0);
}

static void test_accounts_missing_their_anchor_see_nothing(void **state)
{
  Actor a;

  (void)state;
  memset(&a, 0, sizeof a);
  a.role = ROLE_ENTERPRISE; /* no enterprise_id */
  scope_for_actor(&a);
  assert_int_equal(a.scope.kind, SCOPE_NONE);
  memset(&a, 0, sizeof a);
  a.role = ROLE_LEADER; /* no region */
  scope_for_actor(&a);
  assert_int_equal(a.scope.kind, SCOPE_NONE);
  assert_false(scope_has_region(&a.scope, "370700"));
}

static void test_role_names_round_trip(void **state)
{
  Role r;
  QtError err;
  int i;

  (void)state;
  for (i = 0; i < ROLE_COUNT; i++) {
    qt_error_clear(&err);
    assert_int_equal(role_parse(role_name((Role)i), &r, &err), QT_OK);
    assert_int_equal(r, i);
  }
  qt_error_clear(&err);
  assert_int_equal(role_parse("root", &r, &err), QT_EINVALID);
  assert_string_equal(err.fields[0].name, "role");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_province_range_keeps_two_digits),
    cmocka_unit_test(test_city_range_keeps_four_digits),
    cmocka_unit_test(test_county_and_town_ranges_keep_all_digits),
    cmocka_unit_test(test_range_carries_over_nines),
    cmocka_unit_test(test_malformed_region_codes_are_rejected),
    cmocka_unit_test(test_city_scope_holds_its_counties_and_towns_only),
    cmocka_unit_test(test_each_role_gets_its_scope_kind),
    cmocka_unit_test(test_handler_gets_its_department_subtree),
    cmocka_unit_test(test_accounts_missing_their_anchor_see_nothing),
    cmocka_unit_test(test_role_names_round_trip),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
