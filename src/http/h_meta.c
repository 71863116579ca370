/*
 * h_meta.c — the API document, reference data (regions, industries), the
 * test clock, and the web UI's static files.  Everything served here is
 * compiled into the binary.
 */
#include <string.h>

#include "embedded.h"
#include "handlers.h"
#include "log.h"
#include "scheduler.h"

QtCode h_openapi(Req *req, Resp *resp, QtError *err)
{
  const QtEmbedded *f = qt_embedded_find("docs/openapi.json");

  (void)req;
  if (!f) return qt_fail(err, QT_EINTERNAL, "openapi.json is not embedded");
  resp_bytes(resp, 200, "application/json; charset=utf-8",
             (const char *)f->data, f->size);
  return QT_OK;
}

static json_t *json_region(const Region *r)
{
  return json_pack("{s:s, s:s, s:o, s:s}", "code", r->code, "name", r->name,
                   "parent_code", jstr(r->parent_code), "level", r->level);
}

QtCode h_regions_list(Req *req, Resp *resp, QtError *err)
{
  const char *parent = req_query(req, "parent");
  Region *items;
  int n, i;
  json_t *arr;

  if (store_region_list(req->store, parent, req->arena, &items, &n, err) !=
      QT_OK) {
    return err->code;
  }
  arr = json_array();
  for (i = 0; i < n; i++) {
    json_array_append_new(arr, json_region(&items[i]));
  }
  return resp_json(req, resp, 200, json_pack("{s:o}", "items", arr));
}

QtCode h_regions_get(Req *req, Resp *resp, QtError *err)
{
  Region r;

  if (store_region_get(req->store, req_path(req, "code"), req->arena, &r,
                       err) != QT_OK) {
    return err->code;
  }
  return resp_json(req, resp, 200, json_region(&r));
}

QtCode h_industries_list(Req *req, Resp *resp, QtError *err)
{
  Industry *items;
  int n, i;
  json_t *arr;

  if (store_industry_list(req->store, req->arena, &items, &n, err) != QT_OK) {
    return err->code;
  }
  arr = json_array();
  for (i = 0; i < n; i++) {
    json_array_append_new(
      arr, json_pack("{s:s, s:s, s:o, s:s}", "code", items[i].code, "name",
                     items[i].name, "parent_code",
                     jstr(items[i].parent_code), "level", items[i].level));
  }
  return resp_json(req, resp, 200, json_pack("{s:o}", "items", arr));
}

QtCode h_test_clock(Req *req, Resp *resp, QtError *err)
{
  JsonIn in;
  char *now;
  QtTime t = 0;
  int fired = 0;
  QtCode rc;

  if (jin_begin(req, &in, err) != QT_OK) return err->code;
  now = jin_str(&in, "now", J_REQUIRED | J_LINE, 40, NULL);
  if (now && qt_time_parse(now, &t, err) != QT_OK) {
    qt_error_clear(err);
    jin_invalid(&in, "now", "must be an RFC 3339 date-time");
  }
  rc = jin_end(&in);
  if (rc != QT_OK) return rc;
  qt_clock_set(true, t);
  /* Tests must see a deadline's effects as soon as the clock passes it,
   * not whenever the scheduler thread next wakes: one pass runs here,
   * before the answer. */
  rc = scheduler_pass(req->store, t, &fired, err);
  qt_log(QT_LOG_INFO, "test.clock now=%s fired=%d", now, fired);
  if (rc != QT_OK) return rc;
  return resp_json(req, resp, 200,
                   json_pack("{s:o, s:i}", "now", jtime(t), "fired", fired));
}

static const char *mime_type(const char *path)
{
  static const struct {
    const char *ext;  /* file name ending */
    const char *type; /* Content-Type */
  } types[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
  };
  size_t n = strlen(path), i;

  for (i = 0; i < sizeof types / sizeof types[0]; i++) {
    size_t e = strlen(types[i].ext);
    if (n > e && strcmp(path + n - e, types[i].ext) == 0) {
      return types[i].type;
    }
  }
  return "application/octet-stream";
}

QtCode h_static(Req *req, Resp *resp, QtError *err)
{
  const QtEmbedded *f;
  const char *path = req->path;
  char *name;

  /* Every page of the single-page UI is served by index.html. */
  if (strcmp(path, "/") == 0 || !strchr(path + 1, '.')) {
    path = "/index.html";
  }
  /* Only names from the embedded table can match, so ".." cannot reach
   * anything; refuse it anyway for a clear answer. */
  if (strstr(path, "..")) return qt_fail(err, QT_ENOTFOUND, "Not found.");
  name = arena_printf(req->arena, "web%s", path);
  f = qt_embedded_find(name);
  if (!f) return qt_fail(err, QT_ENOTFOUND, "Not found.");
  resp_bytes(resp, 200, mime_type(name), (const char *)f->data, f->size);
  return QT_OK;
}
