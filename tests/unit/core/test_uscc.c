/*
 * test_uscc.c — tests of src/core/uscc.c against the vectors in
 * tests/data/uscc-test-vectors.csv (explained in SOURCES.md section 5)
 * and a few codes built here to reach one rule each.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "uscc.h"

enum { MAX_VECTORS = 256, MAX_LINE = 512 };

typedef struct Vector {
  char code[MAX_LINE];   /* the code as written in the file */
  int is_valid;          /* the valid column */
  char reason[MAX_LINE]; /* the reason column, quotes left in */
  int line;              /* line in the file, for failure messages */
} Vector;

/* Fill V from the vectors file; returns how many rows it holds.  The first
 * two columns never need quoting, so splitting at commas is enough. */
static int load_vectors(Vector *v, int max)
{
  FILE *f = fopen(QT_TEST_DATA "/uscc-test-vectors.csv", "r");
  char line[MAX_LINE];
  int n = 0;
  int line_no = 0;

  if (f == NULL) fail_msg("cannot open %s", QT_TEST_DATA);
  while (fgets(line, sizeof line, f) != NULL) {
    char *c1;
    char *c2;

    line_no++;
    line[strcspn(line, "\r\n")] = '\0';
    if (line_no == 1 || line[0] == '\0') continue; /* the header row */
    c1 = strchr(line, ',');
    c2 = c1 != NULL ? strchr(c1 + 1, ',') : NULL;
    if (c2 == NULL) fail_msg("vectors line %d has no reason", line_no);
    if (n == max) fail_msg("more than %d vectors", max);
    *c1 = '\0';
    *c2 = '\0';
    snprintf(v[n].code, sizeof v[n].code, "%s", line);
    if (strcmp(c1 + 1, "true") == 0) {
      v[n].is_valid = 1;
    } else if (strcmp(c1 + 1, "false") == 0) {
      v[n].is_valid = 0;
    } else {
      fail_msg("vectors line %d: valid is '%s'", line_no, c1 + 1);
    }
    snprintf(v[n].reason, sizeof v[n].reason, "%s", c2 + 1);
    v[n].line = line_no;
    n++;
  }
  fclose(f);
  return n;
}

/* The words uscc_check's message must contain for an invalid vector,
 * judged from the reason column; NULL when the reason names no rule we
 * know, which fails the test so that new vectors get classified. */
static const char *expected_rule(const char *reason)
{
  /* Order matters: "non-digit in region segment ... even though the check
   * digit matches" is about the region, not the check digit. */
  if (strstr(reason, "non-digit in region") != NULL) return "region code";
  if (strstr(reason, "wrong length") != NULL ||
      strstr(reason, "separator") != NULL) {
    return "must be 18 characters";
  }
  if (strstr(reason, "forbidden letter") != NULL ||
      strstr(reason, "not in the character set") != NULL ||
      strstr(reason, "lowercase") != NULL) {
    return "character outside 0-9";
  }
  if (strstr(reason, "check digit") != NULL) return "check character";
  return NULL;
}

/* CODE = BODY17 followed by its correct check character. */
static void make_code(char code[19], const char *body17)
{
  memcpy(code, body17, 17);
  code[17] = uscc_check_char(body17);
  code[18] = '\0';
  assert_true(code[17] != '\0');
}

static void test_every_valid_vector_passes(void **state)
{
  static Vector v[MAX_VECTORS];
  int n = load_vectors(v, MAX_VECTORS);
  int n_valid = 0;
  int i;

  (void)state;
  for (i = 0; i < n; i++) {
    QtError err;

    if (!v[i].is_valid) continue;
    n_valid++;
    qt_error_clear(&err);
    if (uscc_check(v[i].code, &err) != QT_OK) {
      fail_msg("line %d %s refused: %s", v[i].line, v[i].code,
               err.message);
    }
  }
  assert_true(n_valid > 0);
}

static void test_every_invalid_vector_fails_on_its_rule(void **state)
{
  static Vector v[MAX_VECTORS];
  int n = load_vectors(v, MAX_VECTORS);
  int n_invalid = 0;
  int i;

  (void)state;
  for (i = 0; i < n; i++) {
    QtError err;
    const char *rule;

    if (v[i].is_valid) continue;
    n_invalid++;
    rule = expected_rule(v[i].reason);
    if (rule == NULL) {
      fail_msg("line %d: no rule known for reason %s", v[i].line,
               v[i].reason);
    }
    qt_error_clear(&err);
    if (uscc_check(v[i].code, &err) != QT_EINVALID) {
      fail_msg("line %d %s accepted", v[i].line, v[i].code);
    }
    if (strstr(err.message, rule) == NULL) {
      fail_msg("line %d %s: message \"%s\" lacks \"%s\"", v[i].line,
               v[i].code, err.message, rule);
    }
  }
  assert_true(n_invalid > 0);
}

static void test_check_char_of_standard_example_is_3(void **state)
{
  (void)state;
  assert_int_equal(uscc_check_char("91350100M000100Y4"), '3');
}

static void test_check_char_is_0_when_sum_is_multiple_of_31(void **state)
{
  (void)state;
  /* The vectors' edge case: 31 - 0 = 31, written as 0. */
  assert_int_equal(uscc_check_char("91370112MAUHP4WR9"), '0');
}

static void test_check_char_ignores_characters_after_17(void **state)
{
  (void)state;
  assert_int_equal(uscc_check_char("91350100M000100Y4Z"), '3');
}

static void test_check_char_is_nul_outside_alphabet(void **state)
{
  (void)state;
  assert_int_equal(uscc_check_char("91350100M000100I4"), '\0');
}

static void test_check_char_is_nul_for_short_body(void **state)
{
  (void)state;
  assert_int_equal(uscc_check_char("91350100M"), '\0');
}

static void test_length_message_gives_count(void **state)
{
  QtError err;

  (void)state;
  qt_error_clear(&err);
  assert_int_equal(uscc_check("91370502MA3RBA290", &err), QT_EINVALID);
  assert_string_equal(err.message,
                      "credit code must be 18 characters, got 17");
}

static void test_length_counts_multibyte_characters_once(void **state)
{
  QtError err;

  (void)state;
  qt_error_clear(&err);
  /* 17 ASCII characters and one full-width Ｋ (3 bytes of UTF-8). */
  assert_int_equal(uscc_check("91370502MA3RBA290\xEF\xBC\xAB", &err),
                   QT_EINVALID);
  assert_non_null(strstr(err.message, "position 18"));
}

/* Found by tests/fuzz/uscc: a byte that continues a UTF-8 sequence is
 * not counted as a character, and only the first 18 bytes were checked,
 * so a valid code with such a byte after it passed. */
static void test_stray_continuation_byte_after_code_is_refused(void **state)
{
  QtError err;

  (void)state;
  qt_error_clear(&err);
  assert_int_equal(uscc_check("91350100M000100Y43\xA7", &err), QT_EINVALID);
  assert_non_null(strstr(err.message, "position 19"));
}

static void test_charset_message_names_position(void **state)
{
  QtError err;

  (void)state;
  qt_error_clear(&err);
  assert_int_equal(uscc_check("513702025IJW13XE9W", &err), QT_EINVALID);
  assert_string_equal(err.message,
                      "credit code has a character outside 0-9 and A-Y "
                      "without I, O, S, V, Z at position 10");
}

static void test_unknown_authority_is_refused(void **state)
{
  char code[19];
  QtError err;

  (void)state;
  make_code(code, "X1370102MAQBCFP69");
  qt_error_clear(&err);
  assert_int_equal(uscc_check(code, &err), QT_EINVALID);
  assert_non_null(strstr(err.message, "registration authority 'X'"));
}

static void test_agriculture_authority_n_is_accepted(void **state)
{
  char code[19];
  QtError err;

  (void)state;
  /* N2: a village collective economic organisation. */
  make_code(code, "N2370102MAQBCFP69");
  qt_error_clear(&err);
  assert_int_equal(uscc_check(code, &err), QT_OK);
}

static void test_letter_institution_kind_is_refused(void **state)
{
  char code[19];
  QtError err;

  (void)state;
  make_code(code, "9A370102MAQBCFP69");
  qt_error_clear(&err);
  assert_int_equal(uscc_check(code, &err), QT_EINVALID);
  assert_non_null(strstr(err.message, "institution kind 'A'"));
}

static void test_zero_institution_kind_is_refused(void **state)
{
  char code[19];
  QtError err;

  (void)state;
  make_code(code, "90370102MAQBCFP69");
  qt_error_clear(&err);
  assert_int_equal(uscc_check(code, &err), QT_EINVALID);
  assert_non_null(strstr(err.message, "institution kind '0'"));
}

static void test_region_letter_is_refused_despite_good_check(void **state)
{
  QtError err;

  (void)state;
  qt_error_clear(&err);
  assert_int_equal(uscc_check("9137A502MA3RBA290F", &err), QT_EINVALID);
  assert_non_null(strstr(err.message, "region code must be six digits"));
  assert_non_null(strstr(err.message, "position 5"));
}

static void test_region_letter_at_last_place_is_refused(void **state)
{
  char code[19];
  QtError err;

  (void)state;
  make_code(code, "9137050AMA3RBA290");
  qt_error_clear(&err);
  assert_int_equal(uscc_check(code, &err), QT_EINVALID);
  assert_non_null(strstr(err.message, "position 8"));
}

static void test_check_message_names_expected_character(void **state)
{
  QtError err;

  (void)state;
  qt_error_clear(&err);
  assert_int_equal(uscc_check("91370502MA3RBA290L", &err), QT_EINVALID);
  assert_string_equal(err.message, "check character should be 'K', not 'L'");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_every_valid_vector_passes),
    cmocka_unit_test(test_every_invalid_vector_fails_on_its_rule),
    cmocka_unit_test(test_check_char_of_standard_example_is_3),
    cmocka_unit_test(test_check_char_is_0_when_sum_is_multiple_of_31),
    cmocka_unit_test(test_check_char_ignores_characters_after_17),
    cmocka_unit_test(test_check_char_is_nul_outside_alphabet),
    cmocka_unit_test(test_check_char_is_nul_for_short_body),
    cmocka_unit_test(test_length_message_gives_count),
    cmocka_unit_test(test_length_counts_multibyte_characters_once),
    cmocka_unit_test(test_stray_continuation_byte_after_code_is_refused),
    cmocka_unit_test(test_charset_message_names_position),
    cmocka_unit_test(test_unknown_authority_is_refused),
    cmocka_unit_test(test_agriculture_authority_n_is_accepted),
    cmocka_unit_test(test_letter_institution_kind_is_refused),
    cmocka_unit_test(test_zero_institution_kind_is_refused),
    cmocka_unit_test(test_region_letter_is_refused_despite_good_check),
    cmocka_unit_test(test_region_letter_at_last_place_is_refused),
    cmocka_unit_test(test_check_message_names_expected_character),
  };

  return cmocka_run_group_tests(tests, NULL, NULL);
}
