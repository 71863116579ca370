/*
 * fuzz_text.c — UTF-8 checks, trimming and GB18030 decoding
 * (src/core/text.c), which every CSV import and every request passes
 * through.
 *
 * Input: any bytes.  Checked:
 *  - utf8_valid agrees with an independent decoder (common/fuzz.c), and
 *    utf8_length with its count of code points;
 *  - text_detect_encoding says UTF-8 exactly for valid UTF-8 or a BOM;
 *  - text_to_utf8 either appends valid UTF-8 to what the buffer held, or
 *    fails with QT_EINVALID, a UTF-8 message and the buffer unchanged;
 *    valid UTF-8 comes out as it went in (less a BOM); text decoded from
 *    GB18030 encodes back to the same bytes;
 *  - text_trim leaves a part of its input, with no white space (ASCII or
 *    U+3000) at either end, and trimming again changes nothing.
 */
#include <errno.h>
#include <iconv.h>
#include <string.h>

#include "fuzz.h"
#include "mem.h"
#include "text.h"

static iconv_t to_gb18030;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
  (void)argc;
  (void)argv;
  to_gb18030 = iconv_open("GB18030", "UTF-8");
  if (to_gb18030 == (iconv_t)-1) abort();
  return 0;
}

/* UTF8[0..LEN) encoded as GB18030 must be ORIG[0..ORIG_LEN). */
static void check_round_trip(const char *utf8, size_t len, const char *orig,
                             size_t orig_len)
{
  size_t cap = len * 2 + 16, in_left = len, out_left = cap;
  char *back = qt_malloc(cap), *in_p = (char *)utf8, *out_p = back;
  size_t r;

  (void)iconv(to_gb18030, NULL, NULL, NULL, NULL);
  r = iconv(to_gb18030, &in_p, &in_left, &out_p, &out_left);
  FUZZ_CHECK(r != (size_t)-1, "UTF-8 from GB18030 does not go back: %s",
             strerror(errno));
  FUZZ_CHECK((size_t)(out_p - back) == orig_len &&
               memcmp(back, orig, orig_len) == 0,
             "GB18030 round trip changed %zu bytes into %zu", orig_len,
             (size_t)(out_p - back));
  free(back);
}

/* Whether the white space text_trim removes starts S / ends S[0..N). */
static bool is_space_at_start(const char *s)
{
  return (s[0] && strchr(" \t\n\v\f\r", s[0])) ||
         strncmp(s, "\xE3\x80\x80", 3) == 0;
}

static bool is_space_at_end(const char *s, size_t n)
{
  return n > 0 && ((s[n - 1] && strchr(" \t\n\v\f\r", s[n - 1])) ||
                   (n >= 3 && memcmp(s + n - 3, "\xE3\x80\x80", 3) == 0));
}

static void check_trim(const uint8_t *data, size_t size)
{
  char *s = fuzz_strndup(data, size), *orig = fuzz_strndup(data, size);
  char *again;
  size_t n;

  FUZZ_CHECK(text_trim(s) == s, "trim moved the string");
  n = strlen(s);
  FUZZ_CHECK(n <= strlen(orig) && strstr(orig, s) != NULL,
             "trim made text that was not in its input");
  if (utf8_valid(orig, strlen(orig))) {
    FUZZ_CHECK(n == 0 || (!is_space_at_start(s) && !is_space_at_end(s, n)),
               "trim left white space: '%s'", s);
    FUZZ_CHECK(utf8_valid(s, n), "trim broke UTF-8");
  }
  again = strdup(s);
  text_trim(again);
  FUZZ_CHECK(strcmp(again, s) == 0, "trim is not idempotent");
  free(again);
  free(orig);
  free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *text = (const char *)data;
  bool is_valid = fuzz_utf8_valid(text, size);
  bool has_bom = size >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0;
  Buf out;
  QtError err;
  QtCode rc;

  FUZZ_CHECK(utf8_valid(text, size) == is_valid, "utf8_valid says %d",
             !is_valid);
  if (is_valid && !memchr(text, '\0', size)) {
    char *s = fuzz_strndup(data, size);
    FUZZ_CHECK(utf8_length(s) == fuzz_utf8_count(s, size), "length");
    free(s);
  }
  FUZZ_CHECK((text_detect_encoding(text, size) == TEXT_UTF8) ==
               (is_valid || has_bom), "detected encoding");

  buf_init(&out);
  buf_puts(&out, "prefix:");
  qt_error_clear(&err);
  rc = text_to_utf8(text, size, &out, &err);
  FUZZ_CHECK(strncmp(out.data, "prefix:", 7) == 0, "prefix lost");
  if (rc == QT_OK) {
    const char *got = out.data + 7;
    size_t n = out.len - 7;
    FUZZ_CHECK(fuzz_utf8_valid(got, n), "output is not UTF-8");
    if (has_bom && fuzz_utf8_valid(text + 3, size - 3)) {
      FUZZ_CHECK(n == size - 3 && memcmp(got, text + 3, n) == 0, "BOM");
    } else if (is_valid) {
      FUZZ_CHECK(n == size && memcmp(got, text, n) == 0, "UTF-8 changed");
    } else {
      FUZZ_CHECK(!has_bom, "bad UTF-8 after a BOM was decoded");
      check_round_trip(got, n, text, size);
    }
  } else {
    FUZZ_CHECK(rc == QT_EINVALID && err.code == rc, "rc %d", rc);
    FUZZ_CHECK(out.len == 7, "a failure changed the buffer");
    FUZZ_CHECK(!is_valid, "valid UTF-8 refused");
    FUZZ_CHECK(utf8_valid(err.message, strlen(err.message)) &&
                 err.message[0], "message '%s'", err.message);
  }
  buf_reset(&out);
  check_trim(data, size);
  return 0;
}
