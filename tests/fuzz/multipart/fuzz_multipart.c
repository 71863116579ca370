/*
 * fuzz_multipart.c — multipart/form-data uploads (src/http/multipart.c)
 * and what the upload handler does with the file part next: clean its
 * name and judge its type (src/core/attachment.c).
 *
 * Input: the Content-Type header, a line feed, then the body (binary).
 * Checked:
 *  - a parsed body has 1 to MULTIPART_MAX_PARTS parts, each with a name,
 *    its data inside the body and followed there by the delimiter, and
 *    header values that are valid UTF-8 without line breaks;
 *  - a refusal is QT_EBADREQ with a UTF-8 message;
 *  - the parts written out again as a form (as a browser would send
 *    them) parse to the same names, file names, types and data;
 *  - each file name cleans to a name attachment.h allows, and a type is
 *    judged without reading past the data.
 */
#include <string.h>

#include "attachment.h"
#include "fuzz.h"
#include "multipart.h"
#include "text.h"

/* Whether S can be written back as a quoted form parameter: HTML forms
 * escape only '"', CR and LF, so a value with '%' before "22", "0D" or
 * "0A" would read back differently. */
static bool is_writable_param(const char *s)
{
  const char *p;

  for (p = strchr(s, '%'); p; p = strchr(p + 1, '%')) {
    if ((p[1] == '2' && p[2] == '2') ||
        (p[1] == '0' && strchr("DdAa", p[2]) && p[2])) {
      return false;
    }
  }
  return true;
}

/* Append S as a quoted parameter value, escaped as browsers escape file
 * names (a name without a quote needs none). */
static void put_escaped(Buf *b, const char *s)
{
  for (; *s; s++) {
    if (*s == '"') {
      buf_puts(b, "%22");
    } else if (*s == '\r') {
      buf_puts(b, "%0D");
    } else if (*s == '\n') {
      buf_puts(b, "%0A");
    } else {
      buf_append(b, s, 1);
    }
  }
}

/* Whether NEEDLE occurs in HAY[0..N). */
static bool contains(const char *hay, size_t n, const char *needle)
{
  size_t m = strlen(needle), i;

  for (i = 0; i + m <= n; i++) {
    if (memcmp(hay + i, needle, m) == 0) return true;
  }
  return false;
}

static void check_part(const FormPart *p, const char *body, size_t len)
{
  static const char delim[] = "\r\n--";
  char name[ATTACHMENT_NAME_SIZE];
  const char *mime;
  QtError err;
  size_t n;

  FUZZ_CHECK(p->name != NULL, "a part without a name");
  FUZZ_CHECK(p->data >= body && p->data + p->len <= body + len, "data");
  n = sizeof delim - 1;
  FUZZ_CHECK((size_t)(body + len - (p->data + p->len)) >= n &&
               memcmp(p->data + p->len, delim, n) == 0,
             "a part's data is not followed by the delimiter");
  FUZZ_CHECK(utf8_valid(p->name, strlen(p->name)), "name");
  FUZZ_CHECK(!strpbrk(p->name, "\r\n"), "name has a line break");
  if (p->type) {
    FUZZ_CHECK(utf8_valid(p->type, strlen(p->type)), "type");
    FUZZ_CHECK(!strpbrk(p->type, "\r\n"), "type has a line break");
  }
  if (!p->filename) return;
  FUZZ_CHECK(utf8_valid(p->filename, strlen(p->filename)), "filename");
  /* What h_attachments_create does with the part (attachment.h says
   * what a clean name is; fuzz_attachment checks that more closely). */
  FUZZ_CHECK(attachment_name_clean(p->filename, name), "valid name refused");
  FUZZ_CHECK(name[0] && !strpbrk(name, "/\\\r\n"), "'%s'", name);
  qt_error_clear(&err);
  if (attachment_type(p->data, p->len, name, &mime, &err) == QT_OK) {
    FUZZ_CHECK(mime != NULL, "no type");
  } else {
    FUZZ_CHECK(err.code == QT_EINVALID && err.n_fields == 1, "type error");
    FUZZ_CHECK(utf8_valid(err.fields[0].message,
                          strlen(err.fields[0].message)),
               "'%s'", err.fields[0].message);
  }
}

/* Write PARTS as a browser would send them and parse that again. */
static void check_round_trip(const FormPart *parts, int n, Arena *a)
{
  static const char boundary[] = "----fuzzFormBoundary7MA4YWxkTrZu0gW";
  FormPart again[MULTIPART_MAX_PARTS];
  int n_again, i;
  QtError err;
  Buf body;

  for (i = 0; i < n; i++) {
    if (strchr(parts[i].name, '"') || !is_writable_param(parts[i].name)) {
      return;
    }
    if (parts[i].filename && !is_writable_param(parts[i].filename)) return;
  }
  buf_init(&body);
  for (i = 0; i < n; i++) {
    if (contains(parts[i].data, parts[i].len, boundary)) {
      buf_reset(&body);
      return;
    }
    buf_printf(&body, "--%s\r\nContent-Disposition: form-data; name=\"%s\"",
               boundary, parts[i].name);
    if (parts[i].filename) {
      buf_puts(&body, "; filename=\"");
      put_escaped(&body, parts[i].filename);
      buf_puts(&body, "\"");
    }
    buf_puts(&body, "\r\n");
    if (parts[i].type) buf_printf(&body, "Content-Type: %s\r\n",
                                  parts[i].type);
    buf_puts(&body, "\r\n");
    buf_append(&body, parts[i].data, parts[i].len);
    buf_puts(&body, "\r\n");
  }
  buf_printf(&body, "--%s--\r\n", boundary);
  qt_error_clear(&err);
  FUZZ_CHECK(multipart_parse(arena_printf(a, "multipart/form-data; "
                                             "boundary=%s", boundary),
                             body.data, body.len, a, again, &n_again,
                             &err) == QT_OK,
             "the form written again does not parse: %s", err.message);
  FUZZ_CHECK(n_again == n, "%d parts came back as %d", n, n_again);
  for (i = 0; i < n; i++) {
    FUZZ_CHECK(strcmp(again[i].name, parts[i].name) == 0, "name");
    FUZZ_CHECK(!again[i].filename == !parts[i].filename &&
                 (!parts[i].filename ||
                  strcmp(again[i].filename, parts[i].filename) == 0),
               "filename '%s'", parts[i].filename);
    FUZZ_CHECK(!again[i].type == !parts[i].type &&
                 (!parts[i].type || strcmp(again[i].type, parts[i].type) == 0),
               "type");
    FUZZ_CHECK(again[i].len == parts[i].len &&
                 memcmp(again[i].data, parts[i].data, parts[i].len) == 0,
               "data of part %d", i);
  }
  buf_reset(&body);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const uint8_t *nl = memchr(data, '\n', size);
  FormPart parts[MULTIPART_MAX_PARTS];
  char *content_type, *body;
  size_t len;
  int n, i;
  Arena *a;
  QtError err;
  QtCode rc;

  if (!nl) return 0;
  content_type = fuzz_strndup(data, (size_t)(nl - data));
  len = size - (size_t)(nl + 1 - data);
  /* A copy of exactly LEN bytes, so that ASan sees any read past it. */
  body = malloc(len ? len : 1);
  if (len) memcpy(body, nl + 1, len);
  a = arena_new();
  qt_error_clear(&err);
  rc = multipart_parse(content_type, body, len, a, parts, &n, &err);
  if (rc == QT_OK) {
    FUZZ_CHECK(n >= 1 && n <= MULTIPART_MAX_PARTS, "%d parts", n);
    for (i = 0; i < n; i++) check_part(&parts[i], body, len);
    check_round_trip(parts, n, a);
  } else {
    FUZZ_CHECK(rc == QT_EBADREQ && err.code == rc, "rc %d", rc);
    FUZZ_CHECK(err.message[0] && utf8_valid(err.message, strlen(err.message)),
               "message '%s'", err.message);
  }
  arena_free(a);
  free(body);
  free(content_type);
  return 0;
}
