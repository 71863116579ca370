/*
 * json.c — JSON request bodies into C values, at the edge only.
 *
 * The body is parsed with duplicates rejected and NUL refused (jansson's
 * defaults), after a depth check of our own: jansson's limit is far deeper
 * than any request needs.  Each jin_* call reads one field and records
 * what is wrong with it; jin_end reports everything at once.
 */
#include <string.h>

#include "http.h"
#include "qtime.h"
#include "text.h"

enum { JSON_MAX_DEPTH = 16 };

/* Deepest nesting of arrays and objects in TEXT, not counting brackets
 * inside strings.  Stops counting past LIMIT. */
static int json_depth(const char *text, size_t len, int limit)
{
  int depth = 0, max = 0;
  bool in_string = false;
  size_t i;

  for (i = 0; i < len && max <= limit; i++) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > max) max = depth;
    } else if (c == '}' || c == ']') {
      depth--;
    }
  }
  return max;
}

QtCode jin_begin(Req *req, JsonIn *in, QtError *err)
{
  json_error_t jerr;

  memset(in, 0, sizeof *in);
  in->arena = req->arena;
  in->err = err;
  if (req->body.len == 0) {
    return qt_fail(err, QT_EBADREQ, "The request needs a JSON body.");
  }
  if (req->content_type &&
      strncmp(req->content_type, "application/json", 16) != 0) {
    return qt_fail(err, QT_EBADREQ,
                   "The body must be application/json, not '%.60s'.",
                   req->content_type);
  }
  if (json_depth(req->body.data, req->body.len, JSON_MAX_DEPTH) >
      JSON_MAX_DEPTH) {
    return qt_fail(err, QT_EBADREQ, "The JSON is nested deeper than %d.",
                   JSON_MAX_DEPTH);
  }
  in->obj = json_loadb(req->body.data, req->body.len,
                       JSON_REJECT_DUPLICATES, &jerr);
  if (!in->obj) {
    return qt_fail(err, QT_EBADREQ,
                   "The body is not valid JSON: %s (line %d, column %d).",
                   jerr.text, jerr.line, jerr.column);
  }
  if (!json_is_object(in->obj)) {
    json_decref(in->obj);
    in->obj = NULL;
    return qt_fail(err, QT_EBADREQ, "The body must be a JSON object.");
  }
  return QT_OK;
}

/* The value of NAME, remembering that the handler knows the field. */
static json_t *field(JsonIn *in, const char *name)
{
  if (in->n_seen < (int)(sizeof in->seen / sizeof in->seen[0])) {
    in->seen[in->n_seen++] = name;
  }
  return json_object_get(in->obj, name);
}

static void wrong_type(JsonIn *in, const char *name, const char *want)
{
  in->is_malformed = true;
  qt_field(in->err, name, "must be %s", want);
}

void jin_invalid(JsonIn *in, const char *name, const char *message)
{
  qt_field(in->err, name, "%s", message);
}

bool jin_has(JsonIn *in, const char *name)
{
  return field(in, name) != NULL;
}

/* Common absent / null handling; true when the caller should read V. */
static bool present(JsonIn *in, const char *name, json_t *v, unsigned flags)
{
  if (!v) {
    if (flags & J_REQUIRED) qt_field(in->err, name, "is required");
    return false;
  }
  if (json_is_null(v)) {
    if (!(flags & J_NULLABLE)) {
      qt_field(in->err, name, (flags & J_REQUIRED) ? "is required"
                                                   : "may not be null");
    }
    return false;
  }
  return true;
}

char *jin_str(JsonIn *in, const char *name, unsigned flags,
              size_t max_chars, char *dflt)
{
  json_t *v = field(in, name);
  const char *s;
  size_t n, i;
  char *copy;

  if (!present(in, name, v, flags)) {
    return v && json_is_null(v) && (flags & J_NULLABLE) ? NULL : dflt;
  }
  if (!json_is_string(v)) {
    wrong_type(in, name, "a string");
    return dflt;
  }
  s = json_string_value(v);
  n = json_string_length(v);
  for (i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x20 && ((flags & J_LINE) || (c != '\n' && c != '\t' &&
                                          c != '\r'))) {
      qt_field(in->err, name, "must not hold control characters");
      return dflt;
    }
  }
  copy = arena_strndup(in->arena, s, n);
  if (!(flags & J_VERBATIM)) copy = text_trim(copy);
  if ((flags & J_REQUIRED) && !*copy) {
    qt_field(in->err, name, "must not be empty");
    return dflt;
  }
  if (utf8_length(copy) > max_chars) {
    qt_field(in->err, name, "must be at most %zu characters", max_chars);
    return dflt;
  }
  return copy;
}

int64_t jin_int(JsonIn *in, const char *name, unsigned flags, int64_t min,
                int64_t max, int64_t dflt)
{
  json_t *v = field(in, name);
  json_int_t n;

  if (!present(in, name, v, flags)) return dflt;
  if (!json_is_integer(v)) {
    wrong_type(in, name, "a whole number");
    return dflt;
  }
  n = json_integer_value(v);
  if (n < min || n > max) {
    qt_field(in->err, name, "must be from %lld to %lld", (long long)min,
             (long long)max);
    return dflt;
  }
  return n;
}

bool jin_bool(JsonIn *in, const char *name, unsigned flags, bool dflt)
{
  json_t *v = field(in, name);

  if (!present(in, name, v, flags)) return dflt;
  if (!json_is_boolean(v)) {
    wrong_type(in, name, "true or false");
    return dflt;
  }
  return json_is_true(v);
}

char *jin_date(JsonIn *in, const char *name, unsigned flags, char *dflt)
{
  char *s = jin_str(in, name, flags | J_LINE, 10, dflt);
  QtError perr;
  QtTime t;

  if (!s || s == dflt) return s;
  qt_error_clear(&perr);
  if (strlen(s) != 10 || qt_time_parse(s, &t, &perr) != QT_OK) {
    qt_field(in->err, name, "must be a date like 2026-03-02");
    return dflt;
  }
  return s;
}

QtTime jin_time(JsonIn *in, const char *name, unsigned flags, QtTime dflt)
{
  char *s = jin_str(in, name, flags | J_LINE, 40, NULL);
  QtError perr;
  QtTime t;

  if (!s) return dflt;
  qt_error_clear(&perr);
  /* A date alone would read as midnight: an instant needs its time. */
  if (strlen(s) <= 10 || qt_time_parse(s, &t, &perr) != QT_OK) {
    qt_field(in->err, name,
             "must be a date and time like 2026-03-02T09:00:00+08:00");
    return dflt;
  }
  return t;
}

char *jin_enum(JsonIn *in, const char *name, unsigned flags,
               const char *const *choices, char *dflt)
{
  char *s = jin_str(in, name, flags | J_LINE, 64, dflt);
  Buf list;
  int i;

  if (!s || s == dflt) return s;
  for (i = 0; choices[i]; i++) {
    if (strcmp(s, choices[i]) == 0) return s;
  }
  buf_init(&list);
  for (i = 0; choices[i]; i++) {
    buf_printf(&list, "%s%s", i ? ", " : "", choices[i]);
  }
  qt_field(in->err, name, "must be one of %s", buf_str(&list));
  buf_reset(&list);
  return dflt;
}

int64_t *jin_ids(JsonIn *in, const char *name, unsigned flags, int max,
                 int *n)
{
  json_t *v = field(in, name), *item;
  int64_t *ids;
  size_t i;

  *n = -1;
  if (!present(in, name, v, flags)) return NULL;
  if (!json_is_array(v)) {
    wrong_type(in, name, "an array of ids");
    return NULL;
  }
  if (json_array_size(v) > (size_t)max) {
    qt_field(in->err, name, "must hold at most %d ids", max);
    return NULL;
  }
  ids = arena_alloc(in->arena, sizeof *ids * (json_array_size(v) + 1));
  json_array_foreach(v, i, item) {
    if (!json_is_integer(item) || json_integer_value(item) < 1) {
      wrong_type(in, name, "an array of positive ids");
      return NULL;
    }
    ids[i] = json_integer_value(item);
  }
  *n = (int)json_array_size(v);
  return ids;
}

QtCode jin_end(JsonIn *in)
{
  const char *key;
  json_t *v;
  int i;
  bool known;

  json_object_foreach(in->obj, key, v) {
    known = false;
    for (i = 0; i < in->n_seen && !known; i++) {
      known = strcmp(in->seen[i], key) == 0;
    }
    if (!known) {
      in->is_malformed = true;
      qt_field(in->err, key, "is not a field of this request");
    }
  }
  json_decref(in->obj);
  in->obj = NULL;
  if (in->err->n_fields == 0) return QT_OK;
  if (in->is_malformed) {
    return qt_fail(in->err, QT_EBADREQ,
                   "The request body has fields of the wrong type or "
                   "unknown fields.");
  }
  return qt_fail(in->err, QT_EINVALID, "Some fields are invalid.");
}
