/*
 * problem.c — errors as application/problem+json (RFC 9457).
 *
 * One table maps each QtCode to its status and type.  A 5xx never shows
 * the client the internal detail: it gets a generic sentence and the
 * request id, and the log gets the rest.
 */
#include <string.h>

#include "http.h"
#include "log.h"

static const struct {
  int status;        /* HTTP status */
  const char *title; /* short, stable summary of the problem type */
} problems[] = {
  [QT_OK] = {200, "OK"},
  [QT_EBADREQ] = {400, "Bad request"},
  [QT_EAUTH] = {401, "Not signed in"},
  [QT_EFORBIDDEN] = {403, "Not allowed"},
  [QT_ENOTFOUND] = {404, "Not found"},
  [QT_ECONFLICT] = {409, "Conflict"},
  [QT_ETOOBIG] = {413, "Too large"},
  [QT_EINVALID] = {422, "Invalid"},
  [QT_EBUSY] = {429, "Too many requests"},
  [QT_ESTORE] = {500, "Database failure"},
  [QT_EINTERNAL] = {500, "Internal error"},
  [QT_EMETHOD] = {405, "Method not allowed"},
  [QT_EUNAVAILABLE] = {503, "Service unavailable"},
};

int problem_status(QtCode code)
{
  if ((unsigned)code >= sizeof problems / sizeof problems[0]) return 500;
  return problems[code].status;
}

void resp_problem(Req *req, Resp *resp, const QtError *err)
{
  int status = problem_status(err->code), i;
  json_t *j = json_object(), *fields;
  char type[64];

  snprintf(type, sizeof type, "urn:qitong:problem:%s",
           qt_code_name(err->code));
  json_object_set_new(j, "type", json_string(type));
  json_object_set_new(j, "title", json_string(problems[err->code].title));
  json_object_set_new(j, "status", json_integer(status));
  if (status >= 500) {
    qt_log(QT_LOG_ERROR, "req=%s error=%s detail=\"%s\"", req->request_id,
           qt_code_name(err->code), err->message);
    json_object_set_new(j, "detail",
                        json_string("The server failed; the request id "
                                    "identifies it in the log."));
  } else {
    json_object_set_new(j, "detail", json_string(err->message[0]
                                                   ? err->message
                                                   : "Request failed."));
  }
  json_object_set_new(j, "request_id", json_string(req->request_id));
  if (err->n_fields > 0 && status < 500) {
    fields = json_array();
    for (i = 0; i < err->n_fields; i++) {
      json_array_append_new(
        fields, json_pack("{s:s, s:s}", "field", err->fields[i].name,
                          "message", err->fields[i].message));
    }
    json_object_set_new(j, "errors", fields);
  }
  resp_json(req, resp, status, j);
  resp->content_type = "application/problem+json; charset=utf-8";
}
