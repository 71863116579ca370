/*
 * req.c — the check every request passes before any handler sees it,
 * reading path and query parameters, building responses, and the audit
 * entry every write makes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "text.h"

QtCode req_check_input(const Req *req, bool is_binary, QtError *err)
{
  int i;

  if (req->n_query > REQ_MAX_QUERY) {
    return qt_fail(err, QT_EBADREQ, "Too many query arguments (over %d).",
                   REQ_MAX_QUERY);
  }
  if (!utf8_valid(req->path, strlen(req->path))) {
    return qt_fail(err, QT_EBADREQ, "The path is not valid UTF-8.");
  }
  for (i = 0; i < req->n_query; i++) {
    const char *v = req->query[i].value;
    if (!utf8_valid(req->query[i].key, strlen(req->query[i].key)) ||
        !utf8_valid(v, strlen(v))) {
      return qt_fail(err, QT_EBADREQ,
                     "The query argument '%.32s' is not valid UTF-8.",
                     req->query[i].key);
    }
    if (strlen(v) > 1024) {
      qt_field(err, req->query[i].key, "must be at most 1024 bytes");
      return qt_fail(err, QT_EBADREQ, "A query argument is too long.");
    }
  }
  if (!is_binary &&
      memchr(req->body.data ? req->body.data : "", '\0', req->body.len)) {
    return qt_fail(err, QT_EBADREQ, "The body holds a NUL byte.");
  }
  return QT_OK;
}

const char *req_path(Req *req, const char *name)
{
  int i;

  for (i = 0; i < req->n_params; i++) {
    if (strcmp(req->params[i].key, name) == 0) return req->params[i].value;
  }
  return NULL;
}

/* Parse S as a decimal integer in [MIN, MAX] with nothing after it. */
static bool parse_int(const char *s, int64_t min, int64_t max, int64_t *out)
{
  char *end;
  long long v;

  if (!s || !*s || strlen(s) > 20) return false;
  errno = 0;
  v = strtoll(s, &end, 10);
  if (errno || *end || v < min || v > max) return false;
  *out = v;
  return true;
}

QtCode req_path_id(Req *req, const char *name, int64_t *out, QtError *err)
{
  if (!parse_int(req_path(req, name), 1, INT64_MAX, out)) {
    return qt_fail(err, QT_ENOTFOUND, "Not found.");
  }
  return QT_OK;
}

const char *req_query(Req *req, const char *name)
{
  int i;

  for (i = 0; i < req->n_query; i++) {
    if (strcmp(req->query[i].key, name) == 0) return req->query[i].value;
  }
  return NULL;
}

QtCode req_query_int(Req *req, const char *name, int64_t min, int64_t max,
                     int64_t dflt, int64_t *out, QtError *err)
{
  const char *v = req_query(req, name);

  if (!v) {
    *out = dflt;
    return QT_OK;
  }
  if (!parse_int(v, min, max, out)) {
    qt_field(err, name, "must be a whole number from %lld to %lld",
             (long long)min, (long long)max);
    return qt_fail(err, QT_EBADREQ, "The query argument '%s' is invalid.",
                   name);
  }
  return QT_OK;
}

QtCode req_query_time(Req *req, const char *name, QtTime *out, QtError *err)
{
  const char *v = req_query(req, name);

  *out = 0;
  if (!v) return QT_OK;
  if (qt_time_parse(v, out, err) != QT_OK) {
    qt_error_clear(err);
    qt_field(err, name, "must be a date or RFC 3339 date-time");
    return qt_fail(err, QT_EBADREQ, "The '%s' filter is invalid.", name);
  }
  return QT_OK;
}

QtCode req_query_bool(Req *req, const char *name, bool dflt, bool *out,
                      QtError *err)
{
  const char *v = req_query(req, name);

  if (!v) {
    *out = dflt;
  } else if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0) {
    *out = true;
  } else if (strcmp(v, "0") == 0 || strcmp(v, "false") == 0) {
    *out = false;
  } else {
    qt_field(err, name, "must be true or false");
    return qt_fail(err, QT_EBADREQ, "The query argument '%s' is invalid.",
                   name);
  }
  return QT_OK;
}

QtCode req_page(Req *req, Page *page, QtError *err)
{
  int64_t limit, cursor;

  if (req_query_int(req, "limit", 1, STORE_LIST_MAX, STORE_LIST_DEFAULT,
                    &limit, err) != QT_OK ||
      req_query_int(req, "cursor", 0, INT64_MAX, 0, &cursor, err) != QT_OK) {
    return err->code;
  }
  page->limit = (int)limit;
  page->cursor = cursor;
  return QT_OK;
}

QtCode req_audit(Req *req, const char *action, const char *entity,
                 int64_t entity_id, json_t *detail, QtError *err)
{
  AuditEntry e;
  char *text = NULL;
  QtCode rc;

  if (detail) text = json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS);
  json_decref(detail);
  e.user_id = req->is_signed_in ? req->actor.user_id : 0;
  e.address = req->address;
  e.action = action;
  e.entity = entity;
  e.entity_id = entity_id;
  e.detail = text;
  rc = store_audit_append(req->store, &e, req->now, err);
  free(text);
  return rc;
}

QtCode resp_json(Req *req, Resp *resp, int status, json_t *j)
{
  resp->status = status;
  resp->content_type = "application/json; charset=utf-8";
  json_decref(resp->json);
  resp->json = j;
  if (!req->defers_json) resp_encode(req, resp);
  return QT_OK;
}

QtCode resp_json_render(Req *req, Resp *resp, int status,
                        void (*render)(Req *req, const void *data,
                                       JsonWriter *w),
                        const void *data)
{
  resp->status = status;
  resp->content_type = "application/json; charset=utf-8";
  resp->render = render;
  resp->render_data = data;
  if (!req->defers_json) resp_encode(req, resp);
  return QT_OK;
}

void resp_encode(Req *req, Resp *resp)
{
  char *text;
  size_t n;

  if (resp->render) {
    JsonWriter w;

    jw_init(&w);
    resp->render(req, resp->render_data, &w);
    resp->render = NULL;
    (void)resp_jw(req, resp, resp->status, &w);
    return;
  }
  if (!resp->json) return;
  text = json_dumps(resp->json, JSON_COMPACT);
  json_decref(resp->json);
  resp->json = NULL;
  /* jansson allocates with qt_malloc (main sets it up), so only a value
   * that cannot be encoded fails here, and we never build one. */
  if (!text) text = qt_strdup("null");
  n = strlen(text);
  resp->body = arena_strndup(req->arena, text, n);
  free(text);
  resp->len = n;
}

QtCode resp_list(Req *req, Resp *resp, json_t *items, int n, int limit,
                 int64_t last_id)
{
  return resp_list_total(req, resp, items, n, limit, last_id, -1);
}

QtCode resp_list_total(Req *req, Resp *resp, json_t *items, int n,
                       int limit, int64_t last_id, int64_t total)
{
  char next[24];
  json_t *j = json_object();

  json_object_set_new(j, "items", items);
  if (n >= limit && last_id > 0) {
    /* The cursor is opaque to clients; today it is the last id seen. */
    snprintf(next, sizeof next, "%lld", (long long)last_id);
    json_object_set_new(j, "next_cursor", json_string(next));
  } else {
    json_object_set_new(j, "next_cursor", json_null());
  }
  if (total >= 0) json_object_set_new(j, "total", json_integer(total));
  return resp_json(req, resp, 200, j);
}

void resp_bytes(Resp *resp, int status, const char *type, const char *body,
                size_t len)
{
  resp->status = status;
  resp->content_type = type;
  resp->body = (char *)body;
  resp->len = len;
}

void resp_header(Req *req, Resp *resp, const char *name, const char *value)
{
  if (resp->n_headers >= RESP_MAX_HEADERS) return;
  resp->headers[resp->n_headers].key = arena_strdup(req->arena, name);
  resp->headers[resp->n_headers].value = arena_strdup(req->arena, value);
  resp->n_headers++;
}

json_t *jstr(const char *s)
{
  return s ? json_string(s) : json_null();
}

json_t *jtime(QtTime t)
{
  char text[QT_TIME_TEXT];

  qt_time_format(t, text);
  return json_string(text);
}

json_t *jid(int64_t id)
{
  return id ? json_integer(id) : json_null();
}
