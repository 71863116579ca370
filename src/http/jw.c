/* jw.c — JSON written as text as it is built; see http.h. */
#include <stdlib.h>
#include <string.h>

#include "http.h"

void jw_init(JsonWriter *w)
{
  memset(w, 0, sizeof *w);
  buf_init(&w->out);
}

void jw_reset(JsonWriter *w)
{
  buf_reset(&w->out);
  w->depth = 0;
}

/* Room for N more bytes (and the NUL) at the end of B.  The writer
 * fills it in place rather than appending piece by piece: a page of
 * demands is some 3,000 values. */
static char *room(Buf *b, size_t n)
{
  size_t cap = b->cap ? b->cap : 8192;

  if (b->len + n + 1 > b->cap) {
    while (cap < b->len + n + 1) cap *= 2;
    b->data = qt_realloc(b->data, cap);
    b->cap = cap;
  }
  return b->data + b->len;
}

static void put(Buf *b, const char *s, size_t n)
{
  memcpy(room(b, n), s, n);
  b->len += n;
  b->data[b->len] = '\0';
}

/* Append S[0..N) as a JSON string: jansson escapes the quote, the
 * backslash and the control characters, the usual five by name and the
 * rest as \u00XX in capitals, and nothing else (JSON_COMPACT without
 * JSON_ENSURE_ASCII or JSON_ESCAPE_SLASH). */
static void put_string(Buf *b, const char *s, size_t n)
{
  static const char hex[] = "0123456789ABCDEF";
  char *start = room(b, 6 * n + 2), *p = start;
  unsigned char c;
  size_t i;

  *p++ = '"';
  for (i = 0; i < n; i++) {
    c = (unsigned char)s[i];
    if (c >= 0x20 && c != '"' && c != '\\') {
      *p++ = (char)c;
      continue;
    }
    *p++ = '\\';
    switch (c) {
    case '"': *p++ = '"'; break;
    case '\\': *p++ = '\\'; break;
    case '\b': *p++ = 'b'; break;
    case '\f': *p++ = 'f'; break;
    case '\n': *p++ = 'n'; break;
    case '\r': *p++ = 'r'; break;
    case '\t': *p++ = 't'; break;
    default:
      memcpy(p, "u00", 3);
      p[3] = hex[c >> 4];
      p[4] = hex[c & 15];
      p += 5;
      break;
    }
  }
  *p++ = '"';
  b->len += (size_t)(p - start);
  b->data[b->len] = '\0';
}

/* The separator and KEY before a value.  Keys are our own names, ASCII
 * without quotes or backslashes, so they are written as they are. */
static void put_key(JsonWriter *w, const char *key)
{
  size_t n = key ? strlen(key) : 0;
  char *p = room(&w->out, n + 4), *start = p;

  if (w->depth > 0) {
    if (w->has_value[w->depth - 1]) *p++ = ',';
    w->has_value[w->depth - 1] = true;
  }
  if (key) {
    *p++ = '"';
    memcpy(p, key, n);
    p += n;
    *p++ = '"';
    *p++ = ':';
  }
  w->out.len += (size_t)(p - start);
  w->out.data[w->out.len] = '\0';
}

static void open_container(JsonWriter *w, const char *key, const char *c)
{
  put_key(w, key);
  put(&w->out, c, 1);
  /* The nesting is our code's, never the client's: a mismatch is our
   * bug, and writing on would corrupt the writer. */
  if (w->depth >= JW_MAX_DEPTH) abort();
  w->has_value[w->depth++] = false;
}

void jw_object_begin(JsonWriter *w, const char *key)
{
  open_container(w, key, "{");
}

void jw_object_end(JsonWriter *w)
{
  if (w->depth <= 0) abort();
  w->depth--;
  put(&w->out, "}", 1);
}

void jw_array_begin(JsonWriter *w, const char *key)
{
  open_container(w, key, "[");
}

void jw_array_end(JsonWriter *w)
{
  if (w->depth <= 0) abort();
  w->depth--;
  put(&w->out, "]", 1);
}

void jw_str(JsonWriter *w, const char *key, const char *s)
{
  put_key(w, key);
  if (s) {
    put_string(&w->out, s, strlen(s));
  } else {
    put(&w->out, "null", 4);
  }
}

void jw_int(JsonWriter *w, const char *key, int64_t v)
{
  char text[24], *p = text + sizeof text;
  /* Negated as unsigned, so INT64_MIN has its digits too. */
  uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;

  do {
    *--p = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (v < 0) *--p = '-';
  put_key(w, key);
  put(&w->out, p, (size_t)(text + sizeof text - p));
}

void jw_id(JsonWriter *w, const char *key, int64_t id)
{
  if (id) {
    jw_int(w, key, id);
  } else {
    jw_null(w, key);
  }
}

void jw_bool(JsonWriter *w, const char *key, bool v)
{
  put_key(w, key);
  if (v) {
    put(&w->out, "true", 4);
  } else {
    put(&w->out, "false", 5);
  }
}

void jw_null(JsonWriter *w, const char *key)
{
  put_key(w, key);
  put(&w->out, "null", 4);
}

void jw_time(JsonWriter *w, const char *key, QtTime t)
{
  char *p;
  size_t n;

  put_key(w, key);
  /* Formatted in place; digits, dashes and colons need no escaping. */
  p = room(&w->out, QT_TIME_TEXT + 2);
  p[0] = '"';
  qt_time_format(t, p + 1);
  n = strlen(p + 1);
  p[n + 1] = '"';
  w->out.len += n + 2;
  w->out.data[w->out.len] = '\0';
}

void jw_json(JsonWriter *w, const char *key, json_t *v)
{
  char *text = v ? json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;

  json_decref(v);
  put_key(w, key);
  if (text) {
    put(&w->out, text, strlen(text));
  } else {
    put(&w->out, "null", 4);
  }
  free(text);
}

QtCode resp_jw(Req *req, Resp *resp, int status, JsonWriter *w)
{
  if (w->depth != 0) abort();
  resp->len = w->out.len;
  resp->body = arena_strndup(req->arena, buf_str(&w->out), w->out.len);
  resp->status = status;
  resp->content_type = "application/json; charset=utf-8";
  jw_reset(w);
  return QT_OK;
}
