/*
 * fuzz_attachment.c — upload file names and types (src/core/attachment.c).
 *
 * Input: the file name as a client sent it, a line feed, then the file.
 * Checked:
 *  - attachment_name_clean refuses exactly the names that are not UTF-8;
 *    what it leaves is UTF-8, not empty, at most ATTACHMENT_NAME_CHARS
 *    characters, without '/', '\', control characters or the marks that
 *    reorder text, not "." or "..", with no white space at either end,
 *    and cleaning it again changes nothing;
 *  - attachment_type accepts only what the bytes prove (the signature of
 *    the type it names; an OOXML package with its marker and a name that
 *    says which; UTF-8 text without NUL under a text name), and refuses
 *    with QT_EINVALID and one UTF-8 message for the field "file".
 */
#include <string.h>
#include <strings.h>

#include "attachment.h"
#include "fuzz.h"
#include "text.h"

/* Decode the UTF-8 character at S (valid input), storing its length. */
static unsigned long next_char(const char *s, size_t *n)
{
  const unsigned char *p = (const unsigned char *)s;

  if (p[0] < 0x80) {
    *n = 1;
    return p[0];
  }
  if (p[0] < 0xE0) {
    *n = 2;
    return ((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu);
  }
  if (p[0] < 0xF0) {
    *n = 3;
    return ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
  }
  *n = 4;
  return ((p[0] & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) |
         ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu);
}

static void check_clean_name(const char *raw)
{
  char out[ATTACHMENT_NAME_SIZE], again[ATTACHMENT_NAME_SIZE];
  bool is_valid = fuzz_utf8_valid(raw, strlen(raw));
  size_t len, i, n, chars = 0;
  unsigned long cp;

  FUZZ_CHECK(attachment_name_clean(raw, out) == is_valid, "valid %d",
             is_valid);
  len = strlen(out);
  FUZZ_CHECK(len > 0 && len < ATTACHMENT_NAME_SIZE, "length %zu", len);
  FUZZ_CHECK(fuzz_utf8_valid(out, len), "'%s' is not UTF-8", out);
  FUZZ_CHECK(!is_valid || strcmp(out, ATTACHMENT_NAME_DEFAULT) == 0 ||
               !strpbrk(out, "/\\"), "'%s' has a separator", out);
  FUZZ_CHECK(strcmp(out, ".") != 0 && strcmp(out, "..") != 0, "dots");
  for (i = 0; i < len; i += n) {
    cp = next_char(out + i, &n);
    FUZZ_CHECK(cp >= 0x20 && !(cp >= 0x7F && cp <= 0x9F) && cp != 0x200E &&
                 cp != 0x200F && !(cp >= 0x202A && cp <= 0x202E) &&
                 !(cp >= 0x2066 && cp <= 0x2069),
               "'%s' keeps U+%04lX", out, cp);
    chars++;
  }
  FUZZ_CHECK(chars <= ATTACHMENT_NAME_CHARS, "%zu characters", chars);
  FUZZ_CHECK(!strchr(" \t", out[0]) && !strchr(" \t", out[len - 1]) &&
               strncmp(out, "\xE3\x80\x80", 3) != 0 &&
               (len < 3 || strcmp(out + len - 3, "\xE3\x80\x80") != 0),
             "'%s' is not trimmed", out);
  FUZZ_CHECK(attachment_name_clean(out, again) && strcmp(again, out) == 0,
             "'%s' cleans again to '%s'", out, again);
}

static const char *extension(const char *name)
{
  const char *dot = strrchr(name, '.');

  return dot && dot != name ? dot + 1 : "";
}

static bool starts(const char *data, size_t len, const char *magic)
{
  size_t n = strlen(magic);

  return len >= n && memcmp(data, magic, n) == 0;
}

static bool contains(const char *hay, size_t n, const char *needle)
{
  size_t m = strlen(needle), i;

  for (i = 0; i + m <= n; i++) {
    if (memcmp(hay + i, needle, m) == 0) return true;
  }
  return false;
}

static void check_type(const char *data, size_t len, const char *name)
{
  const char *mime = "unset", *ext = extension(name);
  QtError err;
  QtCode rc;

  qt_error_clear(&err);
  rc = attachment_type(data, len, name, &mime, &err);
  if (rc != QT_OK) {
    FUZZ_CHECK(rc == QT_EINVALID && mime == NULL, "rc %d", rc);
    FUZZ_CHECK(err.n_fields == 1 && strcmp(err.fields[0].name, "file") == 0,
               "fields");
    FUZZ_CHECK(utf8_valid(err.fields[0].message,
                          strlen(err.fields[0].message)),
               "field message is not UTF-8: '%s'", err.fields[0].message);
    FUZZ_CHECK(utf8_valid(err.message, strlen(err.message)), "message");
    return;
  }
  FUZZ_CHECK(len > 0, "an empty file accepted");
  if (strcmp(mime, "application/pdf") == 0) {
    FUZZ_CHECK(starts(data, len, "%PDF-"), "pdf");
  } else if (strcmp(mime, "image/png") == 0) {
    FUZZ_CHECK(starts(data, len, "\x89PNG\r\n\x1a\n"), "png");
  } else if (strcmp(mime, "image/jpeg") == 0) {
    FUZZ_CHECK(starts(data, len, "\xff\xd8\xff"), "jpeg");
  } else if (strcmp(mime, "image/gif") == 0) {
    FUZZ_CHECK(starts(data, len, "GIF87a") || starts(data, len, "GIF89a"),
               "gif");
  } else if (strcmp(mime, "text/plain") == 0) {
    FUZZ_CHECK(!memchr(data, '\0', len) && fuzz_utf8_valid(data, len),
               "text that is not UTF-8 text");
    FUZZ_CHECK(!*ext || strcasecmp(ext, "txt") == 0 ||
                 strcasecmp(ext, "csv") == 0 || strcasecmp(ext, "md") == 0 ||
                 strcasecmp(ext, "log") == 0, "text as .%s", ext);
  } else {
    FUZZ_CHECK(starts(data, len, "PK\x03\x04") &&
                 contains(data, len, "[Content_Types].xml"), "%s", mime);
    FUZZ_CHECK(strcasecmp(ext, "docx") == 0 || strcasecmp(ext, "xlsx") == 0 ||
                 strcasecmp(ext, "pptx") == 0, "%s as .%s", mime, ext);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const uint8_t *nl = memchr(data, '\n', size);
  char clean[ATTACHMENT_NAME_SIZE];
  char *raw, *file;
  size_t len;

  if (!nl) return 0;
  raw = fuzz_strndup(data, (size_t)(nl - data));
  len = size - (size_t)(nl + 1 - data);
  /* Exactly LEN bytes, so that ASan sees a read past the file. */
  file = malloc(len ? len : 1);
  if (len) memcpy(file, nl + 1, len);
  check_clean_name(raw);
  /* The handler judges the type under the cleaned name. */
  (void)attachment_name_clean(raw, clean);
  check_type(file, len, clean);
  free(file);
  free(raw);
  return 0;
}
