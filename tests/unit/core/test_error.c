/*
 * test_error.c — tests of src/core/error.c: what qt_fail and qt_field
 * leave in a QtError, which the HTTP layer sends to clients as JSON.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "error.h"
#include "text.h"

static void test_fail_sets_code_and_message(void **state)
{
  QtError err;

  (void)state;
  qt_error_clear(&err);
  assert_int_equal(qt_fail(&err, QT_ENOTFOUND, "No %s.", "demand"),
                   QT_ENOTFOUND);
  assert_int_equal(err.code, QT_ENOTFOUND);
  assert_string_equal(err.message, "No demand.");
}

static void test_field_keeps_the_first_eight(void **state)
{
  QtError err;
  int i;

  (void)state;
  qt_error_clear(&err);
  for (i = 0; i < 10; i++) qt_field(&err, "f", "n=%d", i);
  assert_int_equal(err.n_fields, QT_ERR_MAX_FIELDS);
  assert_string_equal(err.fields[7].message, "n=7");
}

/* Found by tests/fuzz/qtime, attachment and the request targets: a
 * message quoting client text with "%.40s" cut a character in two, or
 * copied bytes that were never UTF-8, and json_string refused the
 * message, so problem+json went out without its detail. */
static void test_fail_message_cut_inside_a_character_is_utf8(void **state)
{
  QtError err;

  (void)state;
  qt_error_clear(&err);
  /* 13 Chinese characters are 39 bytes: %.40s keeps one byte of the
   * 14th. */
  qt_fail(&err, QT_EINVALID, "'%.40s' is not a date",
          "二〇二六年三月二日星期一上午九点");
  assert_true(utf8_valid(err.message, strlen(err.message)));
  assert_string_equal(err.message,
                      "'二〇二六年三月二日星期一上?' is not a date");
}

static void test_fail_message_of_bytes_not_utf8_is_utf8(void **state)
{
  QtError err;

  (void)state;
  qt_error_clear(&err);
  qt_fail(&err, QT_EBADREQ, "The query argument '%.32s' is not valid UTF-8.",
          "q\xC3\x28");
  assert_string_equal(err.message,
                      "The query argument 'q?(' is not valid UTF-8.");
}

static void test_long_message_cut_at_its_size_is_utf8(void **state)
{
  char text[400];
  QtError err;
  size_t i;

  (void)state;
  /* 255 bytes fit: 85 three-byte characters, but one byte of "x" first
   * leaves the last one cut. */
  text[0] = 'x';
  for (i = 0; i < 100; i++) memcpy(text + 1 + 3 * i, "潍", 3);
  text[301] = '\0';
  qt_error_clear(&err);
  qt_fail(&err, QT_EINVALID, "%s", text);
  assert_int_equal(strlen(err.message), sizeof err.message - 1);
  assert_true(utf8_valid(err.message, strlen(err.message)));
}

static void test_field_name_and_message_cut_are_utf8(void **state)
{
  QtError err;

  (void)state;
  qt_error_clear(&err);
  /* A client's JSON key of 20 Chinese characters: 60 bytes, cut to 47. */
  qt_field(&err, "统一社会信用代码统一社会信用代码统一社会信", "is %.10s",
           "not a field of this request");
  assert_true(utf8_valid(err.fields[0].name, strlen(err.fields[0].name)));
  assert_int_equal(strlen(err.fields[0].name), 47);
  assert_string_equal(err.fields[0].message, "is not a fiel");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_fail_sets_code_and_message),
    cmocka_unit_test(test_field_keeps_the_first_eight),
    cmocka_unit_test(test_fail_message_cut_inside_a_character_is_utf8),
    cmocka_unit_test(test_fail_message_of_bytes_not_utf8_is_utf8),
    cmocka_unit_test(test_long_message_cut_at_its_size_is_utf8),
    cmocka_unit_test(test_field_name_and_message_cut_are_utf8),
  };

  return cmocka_run_group_tests(tests, NULL, NULL);
}
