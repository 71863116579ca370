/*
 * text.c — UTF-8 checks, trimming, and GB18030 to UTF-8; see text.h.
 *
 * The GB18030 tables are glibc's, reached through iconv(3), so this file
 * knows nothing of them; it only decides when to call iconv and reports
 * where a conversion failed.  Reading files is the caller's business.
 */
#include "text.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char utf8_bom[] = "\xEF\xBB\xBF";
enum { UTF8_BOM_LEN = 3 };

/*
 * The offset of the first byte of S[0..LEN) that does not start a valid
 * UTF-8 sequence, or LEN when all of S is valid.  Follows the well-formed
 * byte sequences table of Unicode chapter 3 (table 3-7), which rules out
 * overlong forms, surrogates and code points past U+10FFFF by narrowing
 * the range of the second byte.
 */
static size_t utf8_scan(const unsigned char *s, size_t len)
{
  size_t i = 0;

  while (i < len) {
    unsigned char c = s[i];
    unsigned char lo = 0x80;
    unsigned char hi = 0xBF;
    size_t need;
    size_t k;

    if (c < 0x80) {
      i++;
      continue;
    }
    if (c >= 0xC2 && c <= 0xDF) {
      need = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      need = 2;
      if (c == 0xE0) {
        lo = 0xA0; /* below is an overlong form of U+0000..U+07FF */
      } else if (c == 0xED) {
        hi = 0x9F; /* above are the surrogates U+D800..U+DFFF */
      }
    } else if (c >= 0xF0 && c <= 0xF4) {
      need = 3;
      if (c == 0xF0) {
        lo = 0x90; /* below is an overlong form of U+0000..U+FFFF */
      } else if (c == 0xF4) {
        hi = 0x8F; /* above is past U+10FFFF */
      }
    } else {
      /* A stray continuation byte, an overlong lead (C0, C1) or F5..FF. */
      return i;
    }
    if (len - i <= need) return i;
    if (s[i + 1] < lo || s[i + 1] > hi) return i;
    for (k = 2; k <= need; k++) {
      if (s[i + k] < 0x80 || s[i + k] > 0xBF) return i;
    }
    i += need + 1;
  }
  return len;
}

static bool has_bom(const char *data, size_t len)
{
  return len >= UTF8_BOM_LEN && memcmp(data, utf8_bom, UTF8_BOM_LEN) == 0;
}

bool utf8_valid(const char *s, size_t len)
{
  return utf8_scan((const unsigned char *)s, len) == len;
}

void utf8_repair(char *s)
{
  size_t len = strlen(s), i = 0, bad;

  while (i < len) {
    bad = i + utf8_scan((const unsigned char *)s + i, len - i);
    if (bad == len) break;
    s[bad] = '?';
    i = bad + 1;
  }
}

size_t utf8_length(const char *s)
{
  size_t n = 0;

  /* Every code point has exactly one byte that is not a continuation. */
  for (; *s != '\0'; s++) {
    if (((unsigned char)*s & 0xC0) != 0x80) {
      n++;
    }
  }
  return n;
}

/* Bytes of white space at S: 1 for ASCII white space, 3 for U+3000 (the
 * ideographic space Chinese input methods type), 0 otherwise.  S is
 * NUL-terminated, so looking at S[1] and S[2] after a matching S[0] never
 * reads past the end. */
static size_t space_at(const char *s)
{
  switch (*s) {
  case ' ':
  case '\t':
  case '\n':
  case '\v':
  case '\f':
  case '\r':
    return 1;
  default:
    break;
  }
  if (s[0] == '\xE3' && s[1] == '\x80' && s[2] == '\x80') return 3;
  return 0;
}

char *text_trim(char *s)
{
  size_t start = 0;
  size_t end;
  size_t w;

  for (w = space_at(s); w > 0; w = space_at(s + start)) {
    start += w;
  }
  end = start + strlen(s + start);
  /* Going backward, E3 80 80 can only be U+3000: E3 is never a
   * continuation byte, so it cannot be the tail of a longer character. */
  while (end > start) {
    if (space_at(s + end - 1) == 1) {
      end--;
    } else if (end - start >= 3 && space_at(s + end - 3) == 3) {
      end -= 3;
    } else {
      break;
    }
  }
  memmove(s, s + start, end - start);
  s[end - start] = '\0';
  return s;
}

TextEncoding text_detect_encoding(const char *data, size_t len)
{
  if (has_bom(data, len)) return TEXT_UTF8;
  if (utf8_valid(data, len)) return TEXT_UTF8;
  return TEXT_GB18030;
}

/* Convert DATA[0..LEN) from GB18030 and append it to OUT; see
 * text_to_utf8 for the contract. */
static QtCode gb18030_to_utf8(const char *data, size_t len, Buf *out,
                              QtError *err)
{
  iconv_t cd;
  char *in_p = (char *)data; /* iconv's prototype lacks const; it reads */
  size_t in_left = len;
  char *dst = NULL;
  size_t cap;
  size_t used = 0;
  QtCode rc = QT_OK;

  /* A GB18030 character of 1, 2 or 4 bytes becomes at most 1, 3 or 4
   * bytes of UTF-8, so one and a half times the input always suffices;
   * the loop below grows the buffer all the same, should a table ever map
   * a character to more. */
  if (len > (SIZE_MAX - 16) / 2) {
    return qt_fail(err, QT_ETOOBIG,
                   "text of %zu bytes is too large to convert", len);
  }
  cap = len + len / 2 + 16;
  cd = iconv_open("UTF-8", "GB18030");
  if (cd == (iconv_t)-1) {
    return qt_fail(err, QT_EINTERNAL,
                   "the GB18030 converter is not available");
  }
  dst = qt_malloc(cap);
  for (;;) {
    char *out_p = dst + used;
    size_t out_left = cap - used;
    size_t r = iconv(cd, &in_p, &in_left, &out_p, &out_left);

    used = (size_t)(out_p - dst);
    if (r != (size_t)-1) break;
    if (errno == E2BIG && cap <= SIZE_MAX / 2) {
      cap *= 2;
      dst = qt_realloc(dst, cap);
      continue;
    }
    if (errno == E2BIG) {
      rc = qt_fail(err, QT_ETOOBIG,
                   "text of %zu bytes is too large to convert", len);
    } else if (errno == EINVAL) {
      rc = qt_fail(err, QT_EINVALID,
                   "text ends in the middle of a character at byte "
                   "offset %zu",
                   (size_t)(in_p - data));
    } else {
      rc = qt_fail(err, QT_EINVALID,
                   "text is neither UTF-8 nor GB18030 at byte offset %zu",
                   (size_t)(in_p - data));
    }
    goto out;
  }
  buf_append(out, dst, used);
out:
  free(dst);
  (void)iconv_close(cd); /* only fails for a bad descriptor, not ours */
  return rc;
}

QtCode text_to_utf8(const char *data, size_t len, Buf *out, QtError *err)
{
  if (has_bom(data, len)) {
    /* A BOM declares UTF-8, so bad bytes after it are an error rather
     * than a hint to try GB18030. */
    size_t bad = utf8_scan((const unsigned char *)data + UTF8_BOM_LEN,
                    len - UTF8_BOM_LEN);
    if (bad != len - UTF8_BOM_LEN) {
      return qt_fail(err, QT_EINVALID,
                     "text marked as UTF-8 is not valid UTF-8 at byte "
                     "offset %zu",
                     bad + UTF8_BOM_LEN);
    }
    buf_append(out, data + UTF8_BOM_LEN, len - UTF8_BOM_LEN);
    return QT_OK;
  }
  if (utf8_valid(data, len)) {
    buf_append(out, data, len);
    return QT_OK;
  }
  return gb18030_to_utf8(data, len, out, err);
}
