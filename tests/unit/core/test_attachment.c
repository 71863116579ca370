/* test_attachment.c — file types by content and safe names
 * (src/core/attachment.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "attachment.h"

static const char *clean(const char *raw)
{
  static char out[ATTACHMENT_NAME_SIZE];

  assert_true(attachment_name_clean(raw, out));
  return out;
}

static void test_path_traversal_keeps_the_base_name(void **s)
{
  (void)s;
  assert_string_equal(clean("../../etc/passwd"), "passwd");
  assert_string_equal(clean("C:\\Users\\张三\\申请表.pdf"), "申请表.pdf");
  assert_string_equal(clean("/abs/dir/"), ATTACHMENT_NAME_DEFAULT);
}

static void test_dot_names_and_empty_names_become_the_default(void **s)
{
  (void)s;
  assert_string_equal(clean(""), ATTACHMENT_NAME_DEFAULT);
  assert_string_equal(clean(".."), ATTACHMENT_NAME_DEFAULT);
  assert_string_equal(clean("a/."), ATTACHMENT_NAME_DEFAULT);
  assert_string_equal(clean(" \t　"), ATTACHMENT_NAME_DEFAULT);
}

static void test_control_and_reordering_characters_are_dropped(void **s)
{
  (void)s;
  assert_string_equal(clean("a\r\nb\x7f.txt"), "ab.txt");
  /* U+202E RIGHT-TO-LEFT OVERRIDE would display "xyz" + "fdp.exe" as
   * "xyzexe.pdf". */
  assert_string_equal(clean("xyz\xe2\x80\xae" "fdp.exe"), "xyzfdp.exe");
  assert_string_equal(clean("\xc2\x85name"), "name"); /* C1 NEL */
}

static void test_long_names_are_cut_at_200_characters(void **s)
{
  char raw[700];
  size_t i;

  (void)s;
  raw[0] = '\0';
  for (i = 0; i < 230; i++) strcat(raw, "附");
  assert_int_equal(strlen(clean(raw)), 200 * 3);
}

/* Issue 6: a long name was cut at 200 characters, extension and all, so
 * a PDF called 1,000 characters came back without ".pdf". */
static void test_long_names_keep_a_short_extension(void **s)
{
  char raw[4000];
  const char *out;
  size_t i;

  (void)s;
  raw[0] = '\0';
  for (i = 0; i < 996; i++) strcat(raw, "长");
  strcat(raw, ".pdf");
  out = clean(raw);
  assert_int_equal(strlen(out), 196 * 3 + 4);
  assert_string_equal(out + 196 * 3, ".pdf");
  assert_string_equal(clean(out), out);
  /* An "extension" too long to be one is cut like the rest. */
  strcpy(raw, "a.");
  for (i = 0; i < 230; i++) strcat(raw, "x");
  assert_int_equal(strlen(clean(raw)), 200);
  /* A name of 200 characters is kept whole. */
  memset(raw, 'n', 196);
  strcpy(raw + 196, ".txt");
  assert_string_equal(clean(raw), raw);
}

static void test_invalid_utf8_name_is_refused(void **s)
{
  char out[ATTACHMENT_NAME_SIZE];

  (void)s;
  assert_false(attachment_name_clean("bad\xff.pdf", out));
  assert_string_equal(out, ATTACHMENT_NAME_DEFAULT);
}

static const char *type_of(const char *data, size_t len, const char *name)
{
  const char *mime = NULL;
  QtError err;

  qt_error_clear(&err);
  if (attachment_type(data, len, name, &mime, &err) != QT_OK) return NULL;
  return mime;
}

static void test_signatures_decide_whatever_the_name(void **s)
{
  (void)s;
  assert_string_equal(type_of("%PDF-1.7\n", 9, "x.txt"), "application/pdf");
  assert_string_equal(type_of("\x89PNG\r\n\x1a\n\0\0", 10, "a.pdf"),
                      "image/png");
  assert_string_equal(type_of("\xff\xd8\xff\xe0", 4, "a"), "image/jpeg");
  assert_string_equal(type_of("GIF89a..", 8, "a.gif"), "image/gif");
}

static void test_zip_needs_an_office_name_and_content_types(void **s)
{
  static const char ooxml[] = "PK\x03\x04....[Content_Types].xml....";
  static const char zip[] = "PK\x03\x04....word/document.xml";

  (void)s;
  assert_non_null(type_of(ooxml, sizeof ooxml - 1, "报告.DOCX"));
  assert_non_null(type_of(ooxml, sizeof ooxml - 1, "表.xlsx"));
  assert_null(type_of(ooxml, sizeof ooxml - 1, "a.zip"));
  assert_null(type_of(zip, sizeof zip - 1, "a.docx"));
}

static void test_text_must_not_claim_another_type(void **s)
{
  static const char html[] = "<html><script>alert(1)</script></html>";

  (void)s;
  assert_string_equal(type_of("说明\n", 7, "说明.txt"), "text/plain");
  assert_string_equal(type_of("a,b\n", 4, "README"), "text/plain");
  assert_null(type_of(html, sizeof html - 1, "invoice.pdf"));
  assert_null(type_of(html, sizeof html - 1, "page.html"));
}

static void test_binary_and_empty_files_are_refused(void **s)
{
  const char *mime;
  QtError err;

  (void)s;
  assert_null(type_of("\x7f" "ELF\x02\x01\x01\0", 8, "a.pdf"));
  assert_null(type_of("MZ\x90\0\x03\0", 6, "a.pdf"));
  assert_null(type_of("a\0b", 3, "a.txt"));
  qt_error_clear(&err);
  assert_int_equal(attachment_type("", 0, "a.txt", &mime, &err),
                   QT_EINVALID);
  assert_string_equal(err.fields[0].name, "file");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_path_traversal_keeps_the_base_name),
    cmocka_unit_test(test_dot_names_and_empty_names_become_the_default),
    cmocka_unit_test(test_control_and_reordering_characters_are_dropped),
    cmocka_unit_test(test_long_names_are_cut_at_200_characters),
    cmocka_unit_test(test_long_names_keep_a_short_extension),
    cmocka_unit_test(test_invalid_utf8_name_is_refused),
    cmocka_unit_test(test_signatures_decide_whatever_the_name),
    cmocka_unit_test(test_zip_needs_an_office_name_and_content_types),
    cmocka_unit_test(test_text_must_not_claim_another_type),
    cmocka_unit_test(test_binary_and_empty_files_are_refused),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
