/*
 * test_text.c — tests of src/core/text.c: strict UTF-8, trimming, and
 * GB18030 detection and conversion.  GB18030 bytes are written out by hand
 * so that the test does not trust the converter it tests.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "text.h"

/* utf8_valid over a string literal, counting embedded NULs. */
#define VALID(lit) utf8_valid((lit), sizeof(lit) - 1)

/* "企通" in GB18030 and in UTF-8. */
static const char qitong_gb[] = "\xC6\xF3\xCD\xA8";
static const char qitong_utf8[] = "\xE4\xBC\x81\xE9\x80\x9A";

static void test_utf8_accepts_ascii_and_chinese(void **state)
{
  (void)state;
  assert_true(VALID("abc \xE4\xBC\x81\xE9\x80\x9A"));
}

static void test_utf8_accepts_highest_code_point(void **state)
{
  (void)state;
  assert_true(VALID("\xF4\x8F\xBF\xBF")); /* U+10FFFF */
}

static void test_utf8_accepts_nul_byte(void **state)
{
  (void)state;
  assert_true(VALID("a\0b"));
}

static void test_utf8_rejects_overlong_two_byte(void **state)
{
  (void)state;
  assert_false(VALID("\xC0\xAF")); /* '/' in two bytes */
}

static void test_utf8_rejects_overlong_three_byte(void **state)
{
  (void)state;
  assert_false(VALID("\xE0\x80\xAF"));
}

static void test_utf8_rejects_overlong_four_byte(void **state)
{
  (void)state;
  assert_false(VALID("\xF0\x8F\xBF\xBF")); /* U+FFFF in four bytes */
}

static void test_utf8_rejects_surrogate(void **state)
{
  (void)state;
  assert_false(VALID("\xED\xA0\x80")); /* U+D800 */
}

static void test_utf8_accepts_code_point_before_surrogates(void **state)
{
  (void)state;
  assert_true(VALID("\xED\x9F\xBF")); /* U+D7FF */
}

static void test_utf8_rejects_code_point_past_10ffff(void **state)
{
  (void)state;
  assert_false(VALID("\xF4\x90\x80\x80")); /* U+110000 */
}

static void test_utf8_rejects_truncated_sequence(void **state)
{
  (void)state;
  assert_false(VALID("ab\xE4\xBC"));
}

static void test_utf8_stops_at_length(void **state)
{
  (void)state;
  /* The bytes are a whole character, but LEN cuts it short. */
  assert_false(utf8_valid("\xE4\xBC\x81", 2));
}

static void test_utf8_rejects_lone_continuation_byte(void **state)
{
  (void)state;
  assert_false(VALID("a\x80"));
}

static void test_utf8_rejects_bad_continuation_byte(void **state)
{
  (void)state;
  assert_false(VALID("\xE4\xBC\x41"));
}

static void test_utf8_length_counts_code_points(void **state)
{
  (void)state;
  assert_int_equal(utf8_length("\xE4\xBC\x81\xE9\x80\x9A"), 2);
  assert_int_equal(utf8_length("a\xE4\xBC\x81" "b\xF0\xA0\x80\x80"), 4);
  assert_int_equal(utf8_length(""), 0);
}

static void test_repair_keeps_valid_text(void **state)
{
  char s[] = "企通 qitong \xF4\x8F\xBF\xBF";

  (void)state;
  utf8_repair(s);
  assert_string_equal(s, "企通 qitong \xF4\x8F\xBF\xBF");
}

static void test_repair_marks_a_cut_character(void **state)
{
  /* "'企" cut after two of its three bytes, then the quote. */
  char s[] = "'\xE4\xBC' is not a date";

  (void)state;
  utf8_repair(s);
  assert_string_equal(s, "'?" "?' is not a date"); /* not a trigraph */
}

static void test_repair_marks_bytes_that_are_not_utf8(void **state)
{
  char s[] = "a\xFF\xC0\xAF" "b\xED\xA0\x80";

  (void)state;
  utf8_repair(s);
  assert_string_equal(s, "a?" "??b?" "??");
  assert_true(utf8_valid(s, strlen(s)));
}

static void test_trim_removes_ascii_white_space(void **state)
{
  char s[] = " \t\r\n a b \n\v\f";

  (void)state;
  assert_string_equal(text_trim(s), "a b");
}

static void test_trim_removes_ideographic_space(void **state)
{
  char s[] = "\xE3\x80\x80 \xE4\xBC\x81\xE9\x80\x9A\xE3\x80\x80";

  (void)state;
  assert_string_equal(text_trim(s), "\xE4\xBC\x81\xE9\x80\x9A");
}

static void test_trim_keeps_inner_ideographic_space(void **state)
{
  char s[] = "\xE3\x80\x80" "a\xE3\x80\x80" "b ";

  (void)state;
  assert_string_equal(text_trim(s), "a\xE3\x80\x80" "b");
}

static void test_trim_keeps_character_next_to_space(void **state)
{
  /* U+4E00 (E4 B8 80) ends in the same byte as U+3000 (E3 80 80). */
  char s[] = "\xE4\xB8\x80\xE3\x80\x80";

  (void)state;
  assert_string_equal(text_trim(s), "\xE4\xB8\x80");
}

static void test_trim_of_only_spaces_is_empty(void **state)
{
  char s[] = " \xE3\x80\x80\t";

  (void)state;
  assert_string_equal(text_trim(s), "");
}

static void test_trim_returns_its_argument(void **state)
{
  char s[] = "  x";

  (void)state;
  assert_ptr_equal(text_trim(s), s);
}

static void test_detect_valid_utf8(void **state)
{
  (void)state;
  assert_int_equal(text_detect_encoding(qitong_utf8, 6), TEXT_UTF8);
}

static void test_detect_bom_means_utf8(void **state)
{
  (void)state;
  /* A BOM wins even when what follows is not valid UTF-8. */
  assert_int_equal(text_detect_encoding("\xEF\xBB\xBF\xC6\xF3", 5),
                   TEXT_UTF8);
}

static void test_detect_gb18030(void **state)
{
  (void)state;
  assert_int_equal(text_detect_encoding(qitong_gb, 4), TEXT_GB18030);
}

static void test_to_utf8_strips_bom(void **state)
{
  Buf out;
  QtError err;

  (void)state;
  buf_init(&out);
  qt_error_clear(&err);
  assert_int_equal(text_to_utf8("\xEF\xBB\xBF" "a,b", 6, &out, &err), QT_OK);
  assert_string_equal(buf_str(&out), "a,b");
  buf_reset(&out);
}

static void test_to_utf8_copies_utf8_unchanged(void **state)
{
  Buf out;
  QtError err;

  (void)state;
  buf_init(&out);
  qt_error_clear(&err);
  assert_int_equal(text_to_utf8(qitong_utf8, 6, &out, &err), QT_OK);
  assert_int_equal(out.len, 6);
  assert_memory_equal(out.data, qitong_utf8, 6);
  buf_reset(&out);
}

static void test_to_utf8_converts_two_byte_gb18030(void **state)
{
  Buf out;
  QtError err;

  (void)state;
  buf_init(&out);
  qt_error_clear(&err);
  assert_int_equal(text_to_utf8(qitong_gb, 4, &out, &err), QT_OK);
  assert_int_equal(out.len, 6);
  assert_memory_equal(out.data, qitong_utf8, 6);
  buf_reset(&out);
}

static void test_to_utf8_converts_four_byte_gb18030(void **state)
{
  /* "a" U+20000 "b" with U+20000 in GB18030's four-byte form. */
  static const char gb[] = "a\x95\x32\x82\x36" "b";
  Buf out;
  QtError err;

  (void)state;
  buf_init(&out);
  qt_error_clear(&err);
  assert_int_equal(text_to_utf8(gb, sizeof gb - 1, &out, &err), QT_OK);
  assert_string_equal(buf_str(&out), "a\xF0\xA0\x80\x80" "b");
  buf_reset(&out);
}

static void test_to_utf8_appends_to_existing_contents(void **state)
{
  Buf out;
  QtError err;

  (void)state;
  buf_init(&out);
  buf_puts(&out, "x");
  qt_error_clear(&err);
  assert_int_equal(text_to_utf8(qitong_gb, 4, &out, &err), QT_OK);
  assert_string_equal(buf_str(&out), "x\xE4\xBC\x81\xE9\x80\x9A");
  buf_reset(&out);
}

static void test_to_utf8_rejects_bad_gb18030_with_offset(void **state)
{
  /* 0xFF starts no GB18030 character. */
  static const char bad[] = "\xC6\xF3" "ab\xFF" "c";
  Buf out;
  QtError err;

  (void)state;
  buf_init(&out);
  buf_puts(&out, "keep");
  qt_error_clear(&err);
  assert_int_equal(text_to_utf8(bad, sizeof bad - 1, &out, &err),
                   QT_EINVALID);
  assert_non_null(strstr(err.message, "byte offset 4"));
  assert_string_equal(buf_str(&out), "keep");
  buf_reset(&out);
}

static void test_to_utf8_rejects_truncated_gb18030(void **state)
{
  Buf out;
  QtError err;

  (void)state;
  buf_init(&out);
  qt_error_clear(&err);
  assert_int_equal(text_to_utf8("\xC6\xF3\xCD", 3, &out, &err),
                   QT_EINVALID);
  assert_non_null(strstr(err.message, "byte offset 2"));
  assert_int_equal(out.len, 0);
  buf_reset(&out);
}

static void test_to_utf8_rejects_bad_utf8_after_bom(void **state)
{
  Buf out;
  QtError err;

  (void)state;
  buf_init(&out);
  qt_error_clear(&err);
  assert_int_equal(text_to_utf8("\xEF\xBB\xBF" "ab\xC6\xF3", 7, &out, &err),
                   QT_EINVALID);
  assert_non_null(strstr(err.message, "byte offset 5"));
  assert_int_equal(out.len, 0);
  buf_reset(&out);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_utf8_accepts_ascii_and_chinese),
    cmocka_unit_test(test_utf8_accepts_highest_code_point),
    cmocka_unit_test(test_utf8_accepts_nul_byte),
    cmocka_unit_test(test_utf8_rejects_overlong_two_byte),
    cmocka_unit_test(test_utf8_rejects_overlong_three_byte),
    cmocka_unit_test(test_utf8_rejects_overlong_four_byte),
    cmocka_unit_test(test_utf8_rejects_surrogate),
    cmocka_unit_test(test_utf8_accepts_code_point_before_surrogates),
    cmocka_unit_test(test_utf8_rejects_code_point_past_10ffff),
    cmocka_unit_test(test_utf8_rejects_truncated_sequence),
    cmocka_unit_test(test_utf8_stops_at_length),
    cmocka_unit_test(test_utf8_rejects_lone_continuation_byte),
    cmocka_unit_test(test_utf8_rejects_bad_continuation_byte),
    cmocka_unit_test(test_utf8_length_counts_code_points),
    cmocka_unit_test(test_repair_keeps_valid_text),
    cmocka_unit_test(test_repair_marks_a_cut_character),
    cmocka_unit_test(test_repair_marks_bytes_that_are_not_utf8),
    cmocka_unit_test(test_trim_removes_ascii_white_space),
    cmocka_unit_test(test_trim_removes_ideographic_space),
    cmocka_unit_test(test_trim_keeps_inner_ideographic_space),
    cmocka_unit_test(test_trim_keeps_character_next_to_space),
    cmocka_unit_test(test_trim_of_only_spaces_is_empty),
    cmocka_unit_test(test_trim_returns_its_argument),
    cmocka_unit_test(test_detect_valid_utf8),
    cmocka_unit_test(test_detect_bom_means_utf8),
    cmocka_unit_test(test_detect_gb18030),
    cmocka_unit_test(test_to_utf8_strips_bom),
    cmocka_unit_test(test_to_utf8_copies_utf8_unchanged),
    cmocka_unit_test(test_to_utf8_converts_two_byte_gb18030),
    cmocka_unit_test(test_to_utf8_converts_four_byte_gb18030),
    cmocka_unit_test(test_to_utf8_appends_to_existing_contents),
    cmocka_unit_test(test_to_utf8_rejects_bad_gb18030_with_offset),
    cmocka_unit_test(test_to_utf8_rejects_truncated_gb18030),
    cmocka_unit_test(test_to_utf8_rejects_bad_utf8_after_bom),
  };

  return cmocka_run_group_tests(tests, NULL, NULL);
}
