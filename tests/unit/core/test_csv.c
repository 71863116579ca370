/*
 * test_csv.c — tests of src/core/csv.c: the RFC 4180 reader, its limits
 * and line numbers, and the field writer with its formula guard.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "csv.h"

/* Read the one record of LIT, expecting success. */
#define READ_ONE(r, rec, err, lit)                                          \
  do {                                                                      \
    csv_reader_init(&(r), (lit), sizeof(lit) - 1);                          \
    qt_error_clear(&(err));                                                 \
    assert_int_equal(csv_next(&(r), &(rec), &(err)), 1);                    \
  } while (0)

/* The result of csv_next on the first record of LEN bytes at DATA. */
static int read_first(const char *data, size_t len, QtError *err)
{
  CsvReader r;
  CsvRecord rec;
  int rc;

  csv_reader_init(&r, data, len);
  qt_error_clear(err);
  rc = csv_next(&r, &rec, err);
  csv_reader_reset(&r);
  return rc;
}

/* FIELD written by csv_write_field; the caller frees it. */
static char *written(const char *field)
{
  Buf out;

  buf_init(&out);
  csv_write_field(&out, field);
  return buf_take(&out);
}

static void test_plain_fields_are_split_at_commas(void **state)
{
  CsvReader r;
  CsvRecord rec;
  QtError err;

  (void)state;
  READ_ONE(r, rec, err, "a,bc,,d\n");
  assert_int_equal(rec.n_fields, 4);
  assert_string_equal(rec.fields[0], "a");
  assert_string_equal(rec.fields[1], "bc");
  assert_string_equal(rec.fields[2], "");
  assert_string_equal(rec.fields[3], "d");
  csv_reader_reset(&r);
}

static void test_trailing_comma_gives_empty_last_field(void **state)
{
  CsvReader r;
  CsvRecord rec;
  QtError err;

  (void)state;
  READ_ONE(r, rec, err, "a,");
  assert_int_equal(rec.n_fields, 2);
  assert_string_equal(rec.fields[1], "");
  csv_reader_reset(&r);
}

static void test_quoted_comma_stays_in_field(void **state)
{
  CsvReader r;
  CsvRecord rec;
  QtError err;

  (void)state;
  READ_ONE(r, rec, err, "\"济南,历下\",x\n");
  assert_int_equal(rec.n_fields, 2);
  assert_string_equal(rec.fields[0], "济南,历下");
  assert_string_equal(rec.fields[1], "x");
  csv_reader_reset(&r);
}

static void test_doubled_quote_is_one_quote(void **state)
{
  CsvReader r;
  CsvRecord rec;
  QtError err;

  (void)state;
  READ_ONE(r, rec, err, "\"say \"\"hi\"\"\",\"\"\"\"\n");
  assert_string_equal(rec.fields[0], "say \"hi\"");
  assert_string_equal(rec.fields[1], "\"");
  csv_reader_reset(&r);
}

static void test_empty_quoted_field_is_empty(void **state)
{
  CsvReader r;
  CsvRecord rec;
  QtError err;

  (void)state;
  READ_ONE(r, rec, err, "\"\",b");
  assert_int_equal(rec.n_fields, 2);
  assert_string_equal(rec.fields[0], "");
  csv_reader_reset(&r);
}

static void test_quoted_newline_is_kept(void **state)
{
  CsvReader r;
  CsvRecord rec;
  QtError err;

  (void)state;
  READ_ONE(r, rec, err, "\"one\r\ntwo\nthree\",x\r\n");
  assert_int_equal(rec.n_fields, 2);
  assert_string_equal(rec.fields[0], "one\r\ntwo\nthree");
  csv_reader_reset(&r);
}

static void test_quoted_newline_keeps_later_line_numbers(void **state)
{
  static const char data[] = "h1,h2\n"
                             "\"a\nb\nc\",d\n"
                             "e,f\n";
  CsvReader r;
  CsvRecord rec;
  QtError err;

  (void)state;
  csv_reader_init(&r, data, sizeof data - 1);
  qt_error_clear(&err);
  assert_int_equal(csv_next(&r, &rec, &err), 1);
  assert_int_equal(rec.line, 1);
  assert_int_equal(csv_next(&r, &rec, &err), 1);
  assert_int_equal(rec.line, 2);
  assert_int_equal(csv_next(&r, &rec, &err), 1);
  assert_int_equal(rec.line, 5);
  assert_string_equal(rec.fields[0], "e");
  assert_int_equal(csv_next(&r, &rec, &err), 0);
  csv_reader_reset(&r);
}

static void test_crlf_ends_records(void **state)
{
  static const char data[] = "a,b\r\nc,d\r\n";
  CsvReader r;
  CsvRecord rec;
  QtError err;

  (void)state;
  csv_reader_init(&r, data, sizeof data - 1);
  qt_error_clear(&err);
  assert_int_equal(csv_next(&r, &rec, &err), 1);
  assert_string_equal(rec.fields[1], "b"); /* no CR left on the field */
  assert_int_equal(csv_next(&r, &rec, &err), 1);
  assert_int_equal(rec.line, 2);
  assert_string_equal(rec.fields[0], "c");
  assert_string_equal(rec.fields[1], "d");
  assert_int_equal(csv_next(&r, &rec, &err), 0);
  csv_reader_reset(&r);
}

static void test_cr_at_end_of_input_ends_record(void **state)
{
  CsvReader r;
  CsvRecord rec;
  QtError err;

  (void)state;
  READ_ONE(r, rec, err, "a,b\r");
  assert_string_equal(rec.fields[1], "b");
  assert_int_equal(csv_next(&r, &rec, &err), 0);
  csv_reader_reset(&r);
}

static void test_lone_cr_inside_line_is_data(void **state)
{
  CsvReader r;
  CsvRecord rec;
  QtError err;

  (void)state;
  READ_ONE(r, rec, err, "a\rb,c\n");
  assert_int_equal(rec.n_fields, 2);
  assert_string_equal(rec.fields[0], "a\rb");
  csv_reader_reset(&r);
}

static void test_final_record_without_newline_is_read(void **state)
{
  static const char data[] = "a\nb,c";
  CsvReader r;
  CsvRecord rec;
  QtError err;

  (void)state;
  csv_reader_init(&r, data, sizeof data - 1);
  qt_error_clear(&err);
  assert_int_equal(csv_next(&r, &rec, &err), 1);
  assert_int_equal(csv_next(&r, &rec, &err), 1);
  assert_int_equal(rec.n_fields, 2);
  assert_string_equal(rec.fields[1], "c");
  assert_int_equal(csv_next(&r, &rec, &err), 0);
  csv_reader_reset(&r);
}

static void test_bom_is_skipped(void **state)
{
  CsvReader r;
  CsvRecord rec;
  QtError err;

  (void)state;
  READ_ONE(r, rec, err, "\xEF\xBB\xBFname,code\n");
  assert_string_equal(rec.fields[0], "name");
  assert_int_equal(rec.line, 1);
  csv_reader_reset(&r);
}

static void test_blank_lines_are_skipped_but_counted(void **state)
{
  static const char data[] = "\na\n\r\n\nb\n\n";
  CsvReader r;
  CsvRecord rec;
  QtError err;

  (void)state;
  csv_reader_init(&r, data, sizeof data - 1);
  qt_error_clear(&err);
  assert_int_equal(csv_next(&r, &rec, &err), 1);
  assert_string_equal(rec.fields[0], "a");
  assert_int_equal(rec.line, 2);
  assert_int_equal(csv_next(&r, &rec, &err), 1);
  assert_string_equal(rec.fields[0], "b");
  assert_int_equal(rec.line, 5);
  assert_int_equal(csv_next(&r, &rec, &err), 0);
  csv_reader_reset(&r);
}

static void test_empty_input_has_no_records(void **state)
{
  QtError err;

  (void)state;
  assert_int_equal(read_first("", 0, &err), 0);
  assert_int_equal(read_first("\xEF\xBB\xBF", 3, &err), 0);
}

static void test_unterminated_quote_names_its_line(void **state)
{
  static const char data[] = "a,b\nc,\"open\nstill open\n";
  CsvReader r;
  CsvRecord rec;
  QtError err;

  (void)state;
  csv_reader_init(&r, data, sizeof data - 1);
  qt_error_clear(&err);
  assert_int_equal(csv_next(&r, &rec, &err), 1);
  assert_int_equal(csv_next(&r, &rec, &err), -1);
  assert_int_equal(err.code, QT_EINVALID);
  assert_string_equal(err.message, "the quote opened on line 2 is not closed");
  csv_reader_reset(&r);
}

static void test_text_after_closing_quote_is_refused(void **state)
{
  QtError err;
  static const char data[] = "\"ab\"c,d\n";

  (void)state;
  assert_int_equal(read_first(data, sizeof data - 1, &err), -1);
  assert_int_equal(err.code, QT_EINVALID);
  assert_non_null(strstr(err.message, "line 1"));
  assert_non_null(strstr(err.message, "after the closing quote"));
}

/* A record of N fields "x,x,...,x". */
static char *record_of(int n)
{
  char *s = malloc((size_t)n * 2 + 1);
  int i;

  assert_non_null(s);
  for (i = 0; i < n; i++) {
    s[2 * i] = 'x';
    s[2 * i + 1] = ',';
  }
  s[2 * n - 1] = '\n';
  s[2 * n] = '\0';
  return s;
}

static void test_max_fields_are_accepted(void **state)
{
  char *data = record_of(CSV_MAX_FIELDS);
  CsvReader r;
  CsvRecord rec;
  QtError err;

  (void)state;
  csv_reader_init(&r, data, strlen(data));
  qt_error_clear(&err);
  assert_int_equal(csv_next(&r, &rec, &err), 1);
  assert_int_equal(rec.n_fields, CSV_MAX_FIELDS);
  assert_string_equal(rec.fields[CSV_MAX_FIELDS - 1], "x");
  csv_reader_reset(&r);
  free(data);
}

static void test_too_many_fields_are_refused(void **state)
{
  char *fields = record_of(CSV_MAX_FIELDS + 1);
  char *data = malloc(strlen(fields) + 3);
  CsvReader r;
  CsvRecord rec;
  QtError err;

  (void)state;
  assert_non_null(data);
  strcpy(data, "a\n");
  strcat(data, fields);
  csv_reader_init(&r, data, strlen(data));
  qt_error_clear(&err);
  assert_int_equal(csv_next(&r, &rec, &err), 1);
  assert_int_equal(csv_next(&r, &rec, &err), -1);
  assert_int_equal(err.code, QT_EINVALID);
  assert_string_equal(err.message, "line 2 has more than 64 fields");
  csv_reader_reset(&r);
  free(data);
  free(fields);
}

/* LEN bytes of 'y', quoted when IS_QUOTED, then "\n". */
static char *long_field(size_t len, int is_quoted)
{
  char *s = malloc(len + 4);
  size_t at = 0;

  assert_non_null(s);
  if (is_quoted) s[at++] = '"';
  memset(s + at, 'y', len);
  at += len;
  if (is_quoted) s[at++] = '"';
  s[at++] = '\n';
  s[at] = '\0';
  return s;
}

static void test_field_at_size_limit_is_accepted(void **state)
{
  char *data = long_field(CSV_MAX_FIELD_BYTES, 0);
  QtError err;

  (void)state;
  assert_int_equal(read_first(data, strlen(data), &err), 1);
  free(data);
}

static void test_field_over_size_limit_is_refused(void **state)
{
  char *data = long_field(CSV_MAX_FIELD_BYTES + 1, 0);
  QtError err;

  (void)state;
  assert_int_equal(read_first(data, strlen(data), &err), -1);
  assert_int_equal(err.code, QT_EINVALID);
  assert_string_equal(err.message,
                      "field 1 on line 1 is longer than 65536 bytes");
  free(data);
}

static void test_quoted_field_over_size_limit_is_refused(void **state)
{
  char *data = long_field(CSV_MAX_FIELD_BYTES + 1, 1);
  QtError err;

  (void)state;
  assert_int_equal(read_first(data, strlen(data), &err), -1);
  assert_non_null(strstr(err.message, "longer than 65536 bytes"));
  free(data);
}

static void test_plain_field_is_written_as_is(void **state)
{
  char *s = written("企通 abc");

  (void)state;
  assert_string_equal(s, "企通 abc");
  free(s);
}

static void test_field_with_comma_is_quoted(void **state)
{
  char *s = written("a,b");

  (void)state;
  assert_string_equal(s, "\"a,b\"");
  free(s);
}

static void test_field_with_quote_is_quoted_and_doubled(void **state)
{
  char *s = written("say \"hi\"");

  (void)state;
  assert_string_equal(s, "\"say \"\"hi\"\"\"");
  free(s);
}

static void test_field_with_line_break_is_quoted(void **state)
{
  char *lf = written("a\nb");
  char *cr = written("a\rb");

  (void)state;
  assert_string_equal(lf, "\"a\nb\"");
  assert_string_equal(cr, "\"a\rb\"");
  free(lf);
  free(cr);
}

static void test_field_with_outer_space_is_quoted(void **state)
{
  char *lead = written(" a");
  char *trail = written("a ");

  (void)state;
  assert_string_equal(lead, "\" a\"");
  assert_string_equal(trail, "\"a \"");
  free(lead);
  free(trail);
}

static void test_empty_field_is_written_empty(void **state)
{
  char *s = written("");

  (void)state;
  assert_string_equal(s, "");
  free(s);
}

static void test_formula_gets_quote_prefix(void **state)
{
  static const char *const formulas[] = { "=1+2", "+1", "-1", "@SUM(A1)" };
  size_t i;

  (void)state;
  for (i = 0; i < sizeof formulas / sizeof formulas[0]; i++) {
    char want[64];
    char *s = written(formulas[i]);

    snprintf(want, sizeof want, "\"'%s\"", formulas[i]);
    assert_string_equal(s, want);
    free(s);
  }
}

static void test_formula_with_quote_is_prefixed_and_doubled(void **state)
{
  char *s = written("=HYPERLINK(\"http://x\")");

  (void)state;
  assert_string_equal(s, "\"'=HYPERLINK(\"\"http://x\"\")\"");
  free(s);
}

static void test_written_fields_read_back(void **state)
{
  static const char *const fields[] = { "a,b", "say \"hi\"", "x\r\ny",
                                        " pad ", "企通", "" };
  enum { N = sizeof fields / sizeof fields[0] };
  Buf out;
  CsvReader r;
  CsvRecord rec;
  QtError err;
  size_t i;

  (void)state;
  buf_init(&out);
  for (i = 0; i < N; i++) {
    if (i > 0) buf_puts(&out, ",");
    csv_write_field(&out, fields[i]);
  }
  buf_puts(&out, "\r\n");
  csv_reader_init(&r, out.data, out.len);
  qt_error_clear(&err);
  assert_int_equal(csv_next(&r, &rec, &err), 1);
  assert_int_equal(rec.n_fields, N);
  for (i = 0; i < N; i++) {
    assert_string_equal(rec.fields[i], fields[i]);
  }
  assert_int_equal(csv_next(&r, &rec, &err), 0);
  csv_reader_reset(&r);
  buf_reset(&out);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_plain_fields_are_split_at_commas),
    cmocka_unit_test(test_trailing_comma_gives_empty_last_field),
    cmocka_unit_test(test_quoted_comma_stays_in_field),
    cmocka_unit_test(test_doubled_quote_is_one_quote),
    cmocka_unit_test(test_empty_quoted_field_is_empty),
    cmocka_unit_test(test_quoted_newline_is_kept),
    cmocka_unit_test(test_quoted_newline_keeps_later_line_numbers),
    cmocka_unit_test(test_crlf_ends_records),
    cmocka_unit_test(test_cr_at_end_of_input_ends_record),
    cmocka_unit_test(test_lone_cr_inside_line_is_data),
    cmocka_unit_test(test_final_record_without_newline_is_read),
    cmocka_unit_test(test_bom_is_skipped),
    cmocka_unit_test(test_blank_lines_are_skipped_but_counted),
    cmocka_unit_test(test_empty_input_has_no_records),
    cmocka_unit_test(test_unterminated_quote_names_its_line),
    cmocka_unit_test(test_text_after_closing_quote_is_refused),
    cmocka_unit_test(test_max_fields_are_accepted),
    cmocka_unit_test(test_too_many_fields_are_refused),
    cmocka_unit_test(test_field_at_size_limit_is_accepted),
    cmocka_unit_test(test_field_over_size_limit_is_refused),
    cmocka_unit_test(test_quoted_field_over_size_limit_is_refused),
    cmocka_unit_test(test_plain_field_is_written_as_is),
    cmocka_unit_test(test_field_with_comma_is_quoted),
    cmocka_unit_test(test_field_with_quote_is_quoted_and_doubled),
    cmocka_unit_test(test_field_with_line_break_is_quoted),
    cmocka_unit_test(test_field_with_outer_space_is_quoted),
    cmocka_unit_test(test_empty_field_is_written_empty),
    cmocka_unit_test(test_formula_gets_quote_prefix),
    cmocka_unit_test(test_formula_with_quote_is_prefixed_and_doubled),
    cmocka_unit_test(test_written_fields_read_back),
  };

  return cmocka_run_group_tests(tests, NULL, NULL);
}
