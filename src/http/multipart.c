/*
 * multipart.c — multipart/form-data bodies into parts (see multipart.h).
 *
 * The body is searched for "CRLF--boundary" with memmem, so content may
 * hold any bytes, NUL included.  Header blocks are small and textual and
 * are checked as such.  Nothing here decides what a part may contain:
 * that is the handler's (and src/core/attachment.c's) business.
 */
#include <string.h>
#include <strings.h>

#include "multipart.h"
#include "text.h"

enum { BOUNDARY_MAX = 70 }; /* RFC 2046 5.1.1 */

/* The first NEEDLE[0..M) in HAY[0..N), or NULL.  memmem is a GNU
 * extension; this stays linear for our needles ("\r\n--boundary" and
 * "\r\n\r\n"), as a match can only start at a CR. */
static const char *find(const char *hay, size_t n, const char *needle,
                        size_t m)
{
  const char *p = hay, *end = hay + n;

  while (m > 0 && (size_t)(end - p) >= m) {
    p = memchr(p, needle[0], (size_t)(end - p) - m + 1);
    if (!p) return NULL;
    if (memcmp(p, needle, m) == 0) return p;
    p++;
  }
  return NULL;
}

static QtCode bad(QtError *err, const char *what)
{
  return qt_fail(err, QT_EBADREQ, "The multipart body is malformed: %s.",
                 what);
}

static bool is_space(char c)
{
  return c == ' ' || c == '\t';
}

/* RFC 2046 bchars: digits, letters and '()+_,-./:=? and space. */
static bool is_bchar(char c)
{
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
         (c >= 'A' && c <= 'Z') || strchr("'()+_,-./:=? ", c) != NULL;
}

/* RFC 9110 token characters, for header and parameter names. */
static bool is_tchar(char c)
{
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
         (c >= 'A' && c <= 'Z') || (c && strchr("!#$%&'*+-.^_`|~", c));
}

/*
 * Read the next "; key=value" of a header value at *P into *KEY and
 * *VALUE (copies in A).  Quoted values run to the next quote with no
 * backslash escapes, as HTML forms send them (they write a quote as %22
 * instead).  Returns 1 for a parameter, 0 at the end, -1 if malformed.
 */
static int next_param(const char **p, Arena *a, char **key, char **value)
{
  const char *s = *p, *start;

  while (is_space(*s)) s++;
  if (!*s) return 0;
  if (*s != ';') return -1;
  s++;
  while (is_space(*s)) s++;
  if (!*s) return 0; /* a trailing ';' says nothing more */
  for (start = s; is_tchar(*s) && *s != '='; s++) {
  }
  if (s == start || *s != '=') return -1;
  *key = arena_strndup(a, start, (size_t)(s - start));
  s++;
  if (*s == '"') {
    const char *close = strchr(s + 1, '"');
    if (!close) return -1;
    *value = arena_strndup(a, s + 1, (size_t)(close - s - 1));
    s = close + 1;
  } else {
    for (start = s; *s && *s != ';' && !is_space(*s); s++) {
    }
    if (s == start) return -1;
    *value = arena_strndup(a, start, (size_t)(s - start));
  }
  *p = s;
  return 1;
}

/* If S starts with TYPE (any case) followed by the end, a space or ';',
 * the rest after TYPE; NULL otherwise. */
static const char *after_type(const char *s, const char *type)
{
  size_t n = strlen(type);

  while (is_space(*s)) s++;
  if (strncasecmp(s, type, n) != 0) return NULL;
  s += n;
  return *s == '\0' || *s == ';' || is_space(*s) ? s : NULL;
}

/* The boundary of CONTENT_TYPE into *OUT (in A). */
static QtCode read_boundary(const char *content_type, Arena *a, char **out,
                            QtError *err)
{
  const char *p = content_type ? after_type(content_type,
                                            "multipart/form-data")
                               : NULL;
  char *key, *value;
  size_t n, i;
  int rc;

  *out = NULL;
  if (!p) {
    return qt_fail(err, QT_EBADREQ,
                   "Send the file as multipart/form-data.");
  }
  while ((rc = next_param(&p, a, &key, &value)) == 1) {
    if (strcasecmp(key, "boundary") == 0 && !*out) *out = value;
  }
  if (rc < 0) return bad(err, "the Content-Type parameters do not parse");
  if (!*out) return bad(err, "the Content-Type names no boundary");
  n = strlen(*out);
  if (n < 1 || n > BOUNDARY_MAX || (*out)[n - 1] == ' ') {
    return bad(err, "the boundary must be 1 to 70 characters");
  }
  for (i = 0; i < n; i++) {
    if (!is_bchar((*out)[i])) {
      return bad(err, "the boundary has a character RFC 2046 forbids");
    }
  }
  return QT_OK;
}

/* Undo the HTML form encoding of a file name: %22, %0D and %0A stand for
 * '"', CR and LF (which the name cleaning then drops). */
static char *form_unescape(char *s)
{
  char *r = s, *w = s;

  while (*r) {
    if (r[0] == '%' && r[1] == '2' && r[2] == '2') {
      *w++ = '"';
      r += 3;
    } else if (r[0] == '%' && r[1] == '0' &&
               (r[2] == 'D' || r[2] == 'd' || r[2] == 'A' || r[2] == 'a')) {
      *w++ = (r[2] == 'D' || r[2] == 'd') ? '\r' : '\n';
      r += 3;
    } else {
      *w++ = *r++;
    }
  }
  *w = '\0';
  return s;
}

/* Apply the header line LINE (NUL-terminated, in A) to PART. */
static QtCode read_header(char *line, Arena *a, FormPart *part,
                          bool *has_disposition, QtError *err)
{
  char *colon = strchr(line, ':'), *p, *key, *value;
  const char *rest;
  int rc;

  if (!colon || colon == line) return bad(err, "a part header has no name");
  for (p = line; p < colon; p++) {
    if (!is_tchar(*p)) return bad(err, "a part header name is invalid");
  }
  *colon = '\0';
  for (p = colon + 1; is_space(*p); p++) {
  }
  if (strcasecmp(line, "Content-Type") == 0) {
    part->type = p;
    return QT_OK;
  }
  if (strcasecmp(line, "Content-Disposition") != 0) {
    return QT_OK; /* others (Content-Transfer-Encoding) change nothing */
  }
  if (*has_disposition) {
    return bad(err, "a part has two Content-Disposition headers");
  }
  *has_disposition = true;
  rest = after_type(p, "form-data");
  if (!rest) return bad(err, "a part is not form-data");
  while ((rc = next_param(&rest, a, &key, &value)) == 1) {
    if (strcasecmp(key, "name") == 0 && !part->name) {
      part->name = value;
    } else if (strcasecmp(key, "filename") == 0 && !part->filename) {
      part->filename = form_unescape(value);
    }
  }
  if (rc < 0) return bad(err, "a Content-Disposition does not parse");
  return QT_OK;
}

/* Read the header block HEAD[0..LEN) of one part into PART. */
static QtCode read_headers(const char *head, size_t len, Arena *a,
                           FormPart *part, QtError *err)
{
  bool has_disposition = false;
  const char *p = head, *end = head + len, *eol;
  size_t i;

  for (i = 0; i < len; i++) {
    unsigned char c = (unsigned char)head[i];
    if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7f) {
      return bad(err, "a part header holds a control character");
    }
  }
  if (!utf8_valid(head, len)) {
    return bad(err, "a part header is not valid UTF-8");
  }
  while (p < end) {
    eol = find(p, (size_t)(end - p), "\r\n", 2);
    if (!eol) eol = end;
    if (eol == p || is_space(*p)) {
      return bad(err, "a part header line is empty or folded");
    }
    if (memchr(p, '\r', (size_t)(eol - p)) ||
        memchr(p, '\n', (size_t)(eol - p))) {
      return bad(err, "a part header has a bare CR or LF");
    }
    if (read_header(arena_strndup(a, p, (size_t)(eol - p)), a, part,
                    &has_disposition, err) != QT_OK) {
      return err->code;
    }
    p = eol == end ? end : eol + 2;
  }
  if (!has_disposition || !part->name) {
    return bad(err, "a part has no Content-Disposition with a name");
  }
  return QT_OK;
}

QtCode multipart_parse(const char *content_type, const char *body,
                       size_t len, Arena *a, FormPart *parts, int *n_parts,
                       QtError *err)
{
  const char *end = body + len, *p, *head_end, *next;
  char *boundary, *delim;
  size_t n_delim;

  *n_parts = 0;
  if (read_boundary(content_type, a, &boundary, err) != QT_OK) {
    return err->code;
  }
  /* Every delimiter but a leading one is CRLF "--" boundary. */
  delim = arena_printf(a, "\r\n--%s", boundary);
  n_delim = strlen(delim);
  if (len >= n_delim - 2 && memcmp(body, delim + 2, n_delim - 2) == 0) {
    p = body + n_delim - 2;
  } else {
    p = find(body, len, delim, n_delim);
    if (!p) return bad(err, "the boundary never appears in the body");
    p += n_delim;
  }
  for (;;) {
    FormPart *part;
    size_t room = (size_t)(end - p);

    /* After a delimiter: "--" closes the body; otherwise optional
     * padding, CRLF, and the next part's headers. */
    if (room >= 2 && p[0] == '-' && p[1] == '-') break;
    while (p < end && is_space(*p)) p++;
    if (end - p < 2 || p[0] != '\r' || p[1] != '\n') {
      return bad(err, "a delimiter is not followed by a line break");
    }
    p += 2;
    if (*n_parts >= MULTIPART_MAX_PARTS) {
      return bad(err, "it has too many parts");
    }
    part = &parts[(*n_parts)++];
    memset(part, 0, sizeof *part);
    if (end - p >= 2 && p[0] == '\r' && p[1] == '\n') {
      head_end = p; /* no headers at all: refused below */
    } else {
      size_t scan = (size_t)(end - p);
      if (scan > MULTIPART_MAX_HEADER_BYTES + 4) {
        scan = MULTIPART_MAX_HEADER_BYTES + 4;
      }
      head_end = find(p, scan, "\r\n\r\n", 4);
      if (!head_end) return bad(err, "a part's headers do not end");
    }
    if (read_headers(p, (size_t)(head_end - p), a, part, err) != QT_OK) {
      return err->code;
    }
    p = head_end + (head_end == p ? 2 : 4);
    next = find(p, (size_t)(end - p), delim, n_delim);
    if (!next) return bad(err, "it ends without its closing boundary");
    part->data = p;
    part->len = (size_t)(next - p);
    p = next + n_delim;
  }
  if (*n_parts == 0) return bad(err, "it has no parts");
  return QT_OK;
}
