/* test_secret.c — passwords, tokens and digests (src/core/secret.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "secret.h"

static int setup(void **state)
{
  QtError err;

  (void)state;
  qt_error_clear(&err);
  return secret_init(&err) == QT_OK ? 0 : -1;
}

static void test_password_hash_verifies_only_the_same_password(void **s)
{
  char hash[SECRET_HASH_TEXT];
  QtError err;

  (void)s;
  qt_error_clear(&err);
  assert_int_equal(secret_password_hash("Correct-horse-1", hash, &err), QT_OK);
  assert_true(strncmp(hash, "$argon2id$", 10) == 0);
  assert_true(secret_password_verify(hash, "Correct-horse-1"));
  assert_false(secret_password_verify(hash, "Correct-horse-2"));
  assert_false(secret_password_verify(hash, ""));
}

static void test_same_password_hashes_differently_each_time(void **s)
{
  char a[SECRET_HASH_TEXT], b[SECRET_HASH_TEXT];
  QtError err;

  (void)s;
  qt_error_clear(&err);
  assert_int_equal(secret_password_hash("Same-password-9", a, &err), QT_OK);
  assert_int_equal(secret_password_hash("Same-password-9", b, &err), QT_OK);
  assert_string_not_equal(a, b);
}

static void test_password_policy_names_what_is_missing(void **s)
{
  static const struct {
    const char *password;
    QtCode code;
  } cases[] = {
    {"short1!", QT_EINVALID},      {"onlyletterspass", QT_EINVALID},
    {"1234567890123", QT_EINVALID}, {"aaaaaaaaaaaa", QT_EINVALID},
    {"Qitong-2026", QT_OK},        {"企通服务专员2026年", QT_OK},
  };
  QtError err;
  size_t i;

  (void)s;
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    qt_error_clear(&err);
    assert_int_equal(secret_password_check(cases[i].password, &err),
                     cases[i].code);
    if (cases[i].code != QT_OK) {
      assert_string_equal(err.fields[0].name, "password");
    }
  }
}

static void test_tokens_are_256_bit_and_distinct(void **s)
{
  char a[SECRET_TOKEN_TEXT], b[SECRET_TOKEN_TEXT];

  (void)s;
  secret_token_new(a);
  secret_token_new(b);
  assert_int_equal(strlen(a), 43); /* 32 bytes in base64url */
  assert_string_not_equal(a, b);
  assert_int_equal(strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqr"
                             "stuvwxyz0123456789-_"),
                   43);
}

static void test_sha256_matches_the_published_vector(void **s)
{
  char out[SECRET_SHA256_HEX];

  (void)s;
  secret_sha256_hex("abc", 3, out);
  assert_string_equal(out, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9c"
                           "b410ff61f20015ad");
}

static void test_secret_equal_compares_whole_strings(void **s)
{
  (void)s;
  assert_true(secret_equal("abc", "abc"));
  assert_false(secret_equal("abc", "abd"));
  assert_false(secret_equal("abc", "abcd"));
  assert_false(secret_equal("", "a"));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_password_hash_verifies_only_the_same_password),
    cmocka_unit_test(test_same_password_hashes_differently_each_time),
    cmocka_unit_test(test_password_policy_names_what_is_missing),
    cmocka_unit_test(test_tokens_are_256_bit_and_distinct),
    cmocka_unit_test(test_sha256_matches_the_published_vector),
    cmocka_unit_test(test_secret_equal_compares_whole_strings),
  };
  return cmocka_run_group_tests(tests, setup, NULL);
}
