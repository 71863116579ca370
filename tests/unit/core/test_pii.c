/* test_pii.c — phone masking and who sees a phone whole (src/core/pii.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "pii.h"

/* PHONE masked, in a copy. */
static void check_mask(const char *phone, const char *want)
{
  char s[64];

  snprintf(s, sizeof s, "%s", phone);
  pii_mask_phone(s);
  assert_string_equal(s, want);
}

static void test_mobile_keeps_first_three_and_last_four(void **state)
{
  (void)state;
  check_mask("13812345678", "138****5678");
  check_mask("138 1234 5678", "138 **** 5678");
  check_mask("138-1234-5678", "138-****-5678");
}

static void test_mobile_after_country_code_keeps_it(void **state)
{
  (void)state;
  check_mask("+86 138 1234 5678", "+86 138 **** 5678");
  check_mask("+8613812345678", "+86138****5678");
  check_mask("0086 13812345678", "0086 138****5678");
}

static void test_landline_keeps_its_area_code(void **state)
{
  (void)state;
  check_mask("0531-88881234", "0531-****1234");
  check_mask("053188881234", "0531****1234");
  check_mask("010-12345678", "010-****5678");
  check_mask("021-62345678", "021-****5678");
}

static void test_short_local_number_hides_four_digits(void **state)
{
  (void)state;
  /* Seven local digits: showing four would leave three to guess. */
  check_mask("0536-8888888", "0536-****888");
  check_mask("+86 536 8888", "+86 536 ****");
  check_mask("88881234", "****1234");
  check_mask("8888123", "****123");
}

static void test_numbers_without_a_known_prefix_keep_only_the_tail(void **state)
{
  (void)state;
  check_mask("400-800-1234", "***-***-1234");
  check_mask("+1 212 555 0123", "+* *** *** 0123");
  check_mask("8613812345678", "*********5678");
  check_mask("12345", "****5");
}

static void test_four_digits_or_fewer_are_hidden_whole(void **state)
{
  (void)state;
  check_mask("1234", "****");
  check_mask("010", "***");
  check_mask("0531-1", "0***-*");
}

static void test_every_mask_hides_at_least_four_digits(void **state)
{
  static const char *const phones[] = {
    "13812345678", "0531-88881234", "010-1234567", "+86 10 1234 5678",
    "05311234", "+86 0531 12345", "00861", "0086 0", "1", "99999",
    "0000000000000000000000000000",
  };
  char s[64];
  size_t i, n, hidden;
  const char *p;

  (void)state;
  for (i = 0; i < sizeof phones / sizeof phones[0]; i++) {
    snprintf(s, sizeof s, "%s", phones[i]);
    pii_mask_phone(s);
    assert_int_equal(strlen(s), strlen(phones[i]));
    n = hidden = 0;
    for (p = phones[i]; *p; p++) n += *p >= '0' && *p <= '9';
    for (p = s; *p; p++) hidden += *p == '*';
    if (hidden < (n < 4 ? n : 4)) {
      fail_msg("%s masked as %s hides %zu of %zu digits", phones[i], s,
               hidden, n);
    }
  }
}

static void test_text_without_digits_and_null_are_left_alone(void **state)
{
  (void)state;
  check_mask("", "");
  check_mask("+- ", "+- ");
  pii_mask_phone(NULL);
}

static Actor actor(Role role, int64_t user_id, int64_t enterprise_id)
{
  Actor a;

  memset(&a, 0, sizeof a);
  a.role = role;
  a.user_id = user_id;
  a.enterprise_id = enterprise_id;
  return a;
}

static void test_enterprise_phone_whole_for_those_who_call_it(void **state)
{
  Actor a;

  (void)state;
  a = actor(ROLE_ADMIN, 1, 0);
  assert_true(pii_sees_enterprise_phone(&a, 7));
  a = actor(ROLE_DISPATCHER, 2, 0);
  assert_true(pii_sees_enterprise_phone(&a, 7));
  a = actor(ROLE_COMMISSIONER, 3, 0);
  assert_true(pii_sees_enterprise_phone(&a, 7));
  a = actor(ROLE_ENTERPRISE, 4, 7);
  assert_true(pii_sees_enterprise_phone(&a, 7));
  a = actor(ROLE_ADMIN, 0, 0);
  a.is_system = true;
  assert_true(pii_sees_enterprise_phone(&a, 7));
}

static void test_enterprise_phone_masked_for_the_rest(void **state)
{
  Actor a;

  (void)state;
  a = actor(ROLE_ENTERPRISE, 4, 8);
  assert_false(pii_sees_enterprise_phone(&a, 7));
  a = actor(ROLE_ENTERPRISE, 4, 0);
  assert_false(pii_sees_enterprise_phone(&a, 0));
  a = actor(ROLE_HANDLER, 5, 0);
  assert_false(pii_sees_enterprise_phone(&a, 7));
  a = actor(ROLE_SUPERVISOR, 6, 0);
  assert_false(pii_sees_enterprise_phone(&a, 7));
  a = actor(ROLE_LEADER, 7, 0);
  assert_false(pii_sees_enterprise_phone(&a, 7));
}

static void test_user_phone_whole_for_admins_dispatchers_and_self(void **state)
{
  Actor a;
  Role r;

  (void)state;
  a = actor(ROLE_ADMIN, 1, 0);
  assert_true(pii_sees_user_phone(&a, 9));
  a = actor(ROLE_DISPATCHER, 2, 0);
  assert_true(pii_sees_user_phone(&a, 9));
  for (r = ROLE_ENTERPRISE; r < ROLE_COUNT; r++) {
    a = actor(r, 9, 0);
    assert_true(pii_sees_user_phone(&a, 9));
  }
  a = actor(ROLE_ADMIN, 0, 0);
  a.is_system = true;
  assert_true(pii_sees_user_phone(&a, 9));
}

static void test_user_phone_masked_for_other_roles(void **state)
{
  static const Role others[] = {ROLE_ENTERPRISE, ROLE_COMMISSIONER,
                                ROLE_HANDLER, ROLE_SUPERVISOR, ROLE_LEADER};
  Actor a;
  size_t i;

  (void)state;
  for (i = 0; i < sizeof others / sizeof others[0]; i++) {
    a = actor(others[i], 3, 0);
    assert_false(pii_sees_user_phone(&a, 9));
  }
  /* No account at all is nobody's self. */
  a = actor(ROLE_LEADER, 0, 0);
  assert_false(pii_sees_user_phone(&a, 0));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_mobile_keeps_first_three_and_last_four),
    cmocka_unit_test(test_mobile_after_country_code_keeps_it),
    cmocka_unit_test(test_landline_keeps_its_area_code),
    cmocka_unit_test(test_short_local_number_hides_four_digits),
    cmocka_unit_test(test_numbers_without_a_known_prefix_keep_only_the_tail),
    cmocka_unit_test(test_four_digits_or_fewer_are_hidden_whole),
    cmocka_unit_test(test_every_mask_hides_at_least_four_digits),
    cmocka_unit_test(test_text_without_digits_and_null_are_left_alone),
    cmocka_unit_test(test_enterprise_phone_whole_for_those_who_call_it),
    cmocka_unit_test(test_enterprise_phone_masked_for_the_rest),
    cmocka_unit_test(test_user_phone_whole_for_admins_dispatchers_and_self),
    cmocka_unit_test(test_user_phone_masked_for_other_roles),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
