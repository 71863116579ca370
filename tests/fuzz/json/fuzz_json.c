/*
 * fuzz_json.c — the JSON body reader every handler uses (src/http/json.c:
 * jin_begin, the jin_* field readers, jin_end), without a store, over
 * one set of fields of every kind and flag.
 *
 * Input: the body.  Checked:
 *  - jin_begin accepts exactly the bodies that are one JSON object
 *    (jansson, duplicates refused) nested at most 16 deep, so its own
 *    depth count, made before parsing, agrees with the parsed value;
 *  - each reader returns what the body holds, within its rules: strings
 *    are the JSON string trimmed (verbatim for J_VERBATIM), UTF-8, within
 *    their length in characters and free of control characters (J_LINE:
 *    any; otherwise all but tab and line breaks); numbers within their
 *    range; dates that parse; enums from their list; id arrays of at most
 *    their length, all positive; a value refused leaves the default;
 *  - jin_end succeeds exactly when no field was refused and the body has
 *    no other field, and its errors are UTF-8.
 */
#include <string.h>

#include "fuzz.h"
#include "http.h"
#include "text.h"

static const char *const choices[] = {"open", "done", "合并", NULL};

/* Deepest nesting of V: 1 for an empty object or array. */
static int depth(json_t *v)
{
  size_t i;
  const char *key;
  json_t *x;
  int most = 0, d;

  if (json_is_object(v)) {
    json_object_foreach(v, key, x) {
      d = depth(x);
      if (d > most) most = d;
    }
    return most + 1;
  }
  if (json_is_array(v)) {
    json_array_foreach(v, i, x) {
      d = depth(x);
      if (d > most) most = d;
    }
    return most + 1;
  }
  return 0;
}

static bool has_control(const char *s, bool allow_breaks)
{
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c < 0x20 && !(allow_breaks && (c == '\n' || c == '\t' || c == '\r'))) {
      return true;
    }
  }
  return false;
}

/* A string field NAME read with FLAGS and MAX: check it against J. */
static void check_str(JsonIn *in, json_t *j, const char *name,
                      unsigned flags, size_t max)
{
  static char dflt[] = "default";
  json_t *v = json_object_get(j, name);
  int errors = in->err->n_fields;
  char *got = jin_str(in, name, flags, max, dflt), *want;

  if (got == dflt || !got) {
    /* Refused, absent or null: the default (NULL for a nullable null). */
    FUZZ_CHECK(got == dflt || (json_is_null(v) && (flags & J_NULLABLE)),
               "%s", name);
    if (json_is_string(v) && got == dflt) {
      FUZZ_CHECK(in->err->n_fields > errors, "'%s' refused silently", name);
    }
    return;
  }
  FUZZ_CHECK(json_is_string(v), "%s read from a non-string", name);
  FUZZ_CHECK(in->err->n_fields == errors, "%s read and refused", name);
  FUZZ_CHECK(utf8_valid(got, strlen(got)), "%s", name);
  FUZZ_CHECK(utf8_length(got) <= max, "%s: %zu characters", name,
             utf8_length(got));
  FUZZ_CHECK(!has_control(got, !(flags & J_LINE)), "%s", name);
  want = strndup(json_string_value(v), json_string_length(v));
  if (!(flags & J_VERBATIM)) text_trim(want);
  FUZZ_CHECK(strcmp(got, want) == 0, "%s: '%s' read as '%s'", name, want,
             got);
  FUZZ_CHECK(!(flags & J_REQUIRED) || *got, "%s: empty", name);
  free(want);
}

static void read_fields(JsonIn *in, json_t *j)
{
  json_t *v;
  int64_t n, *ids;
  char *s;
  bool b;
  int k, i;

  check_str(in, j, "line", J_LINE, 10);
  check_str(in, j, "text", J_NULLABLE, 100);
  check_str(in, j, "password", J_REQUIRED | J_VERBATIM, 128);

  v = json_object_get(j, "number");
  n = jin_int(in, "number", J_NULLABLE, 1, 100, -7);
  FUZZ_CHECK(n == -7 || (n >= 1 && n <= 100 && json_is_integer(v) &&
                         json_integer_value(v) == n), "number %lld",
             (long long)n);

  v = json_object_get(j, "flag");
  b = jin_bool(in, "flag", 0, false);
  FUZZ_CHECK(!b || json_is_true(v), "flag");

  s = jin_date(in, "date", J_NULLABLE, "dflt");
  if (s && strcmp(s, "dflt") != 0) {
    QtError e;
    QtTime t;
    qt_error_clear(&e);
    FUZZ_CHECK(strlen(s) == 10 && qt_time_parse(s, &t, &e) == QT_OK,
               "date '%s'", s);
  }

  s = jin_enum(in, "choice", 0, choices, "dflt");
  if (s && strcmp(s, "dflt") != 0) {
    for (k = 0; choices[k] && strcmp(choices[k], s) != 0; k++) {
    }
    FUZZ_CHECK(choices[k] != NULL, "choice '%s'", s);
  }

  v = json_object_get(j, "ids");
  ids = jin_ids(in, "ids", J_NULLABLE, 8, &k);
  if (ids) {
    FUZZ_CHECK(k >= 0 && k <= 8 && (size_t)k == json_array_size(v), "ids");
    for (i = 0; i < k; i++) {
      FUZZ_CHECK(ids[i] >= 1 &&
                   ids[i] == json_integer_value(json_array_get(v, (size_t)i)),
                 "id %d", i);
    }
  } else {
    FUZZ_CHECK(k == -1, "no ids but a count");
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const char *const known[] = {"line", "text", "password", "number",
                                      "flag", "date", "choice", "ids", NULL};
  Req req;
  JsonIn in;
  QtError err;
  json_t *j;
  json_error_t jerr;
  const char *key;
  json_t *v;
  bool is_object, has_unknown = false;
  int i;
  QtCode rc;

  memset(&req, 0, sizeof req);
  req.arena = arena_new();
  req.content_type = "application/json; charset=utf-8";
  buf_init(&req.body);
  buf_append(&req.body, data, size);
  /* What jansson makes of the body alone, to judge jin_begin by. */
  j = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &jerr);
  is_object = json_is_object(j);
  qt_error_clear(&err);
  rc = jin_begin(&req, &in, &err);
  if (rc != QT_OK) {
    FUZZ_CHECK(rc == QT_EBADREQ && err.message[0], "rc %d", rc);
    FUZZ_CHECK(utf8_valid(err.message, strlen(err.message)), "%s",
               err.message);
    FUZZ_CHECK(!is_object || depth(j) > 16,
               "an object %d deep refused: %s", depth(j), err.message);
    goto out;
  }
  FUZZ_CHECK(is_object && depth(j) <= 16, "accepted: %d deep",
             is_object ? depth(j) : -1);
  read_fields(&in, j);
  json_object_foreach(j, key, v) {
    for (i = 0; known[i] && strcmp(known[i], key) != 0; i++) {
    }
    if (!known[i]) has_unknown = true;
  }
  {
    int n_fields = err.n_fields;
    rc = jin_end(&in);
    FUZZ_CHECK((rc == QT_OK) == (n_fields == 0 && !has_unknown),
               "jin_end %d with %d field errors", rc, n_fields);
  }
  if (rc != QT_OK) {
    FUZZ_CHECK(rc == QT_EBADREQ || rc == QT_EINVALID, "rc %d", rc);
    for (i = 0; i < err.n_fields; i++) {
      FUZZ_CHECK(utf8_valid(err.fields[i].name, strlen(err.fields[i].name)),
                 "field name");
    }
  }
out:
  json_decref(j);
  buf_reset(&req.body);
  arena_free(req.arena);
  return 0;
}
