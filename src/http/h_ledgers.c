/*
 * h_ledgers.c — ledgers over HTTP: registry imports from CSV
 * (POST /api/v1/imports/{kind}, admins) and exports of the lists, the
 * demands' included, as CSV or Excel (GET /api/v1/exports/{kind}, staff,
 * scoped).
 *
 * The work is done by import.c and ledger.c, shared with the command
 * line; these handlers read the request, call them, and shape the answer.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "handlers.h"
#include "import.h"
#include "ledger.h"

/* ---- imports ---------------------------------------------------------- */

/* Content types a CSV upload may arrive with: browsers label .csv files
 * text/csv, or application/vnd.ms-excel where Excel is installed. */
static bool is_csv_type(const char *type)
{
  static const char *const accepted[] = {
    "text/csv", "application/csv", "text/plain",
    "application/vnd.ms-excel", "application/octet-stream", NULL,
  };
  size_t n;
  int i;

  if (!type) return true;
  n = strcspn(type, "; ");
  for (i = 0; accepted[i]; i++) {
    if (strlen(accepted[i]) == n && strncasecmp(type, accepted[i], n) == 0) {
      return true;
    }
  }
  return false;
}

/* The report as JSON members added to J. */
static void report_json(json_t *j, const ImportReport *r)
{
  json_t *rejected = json_array(), *ignored = json_array();
  long i;

  json_object_set_new(j, "kind", json_string(ledger_kind_name(r->kind)));
  json_object_set_new(j, "rows", json_integer(r->rows));
  json_object_set_new(j, "imported", json_integer(r->imported));
  json_object_set_new(j, "rejected_rows", json_integer(r->rejected_rows));
  for (i = 0; i < r->n_rejected; i++) {
    json_array_append_new(
      rejected, json_pack("{s:I, s:s, s:s}", "line",
                          (json_int_t)r->rejected[i].line, "field",
                          r->rejected[i].field, "message",
                          r->rejected[i].message));
  }
  json_object_set_new(j, "rejected", rejected);
  for (i = 0; i < r->n_ignored; i++) {
    json_array_append_new(ignored, json_string(r->ignored[i]));
  }
  json_object_set_new(j, "ignored_columns", ignored);
  json_object_set_new(j, "written", json_boolean(r->is_written));
}

/* POST /api/v1/imports/{kind}[?partial=1][&filename=NAME]: the body is
 * the CSV file.  200 with the report when rows were written; 422, a
 * problem carrying the same report, when the file was refused whole. */
QtCode h_imports_create(Req *req, Resp *resp, QtError *err)
{
  ImportOptions opt;
  ImportReport report;
  json_t *j;
  bool is_partial;
  QtCode rc;

  memset(&opt, 0, sizeof opt);
  if (import_kind_parse(req_path(req, "kind"), &opt.kind, err) != QT_OK) {
    qt_error_clear(err);
    return qt_fail(err, QT_ENOTFOUND,
                   "No such import: enterprises, departments, users or "
                   "pairings.");
  }
  if (!is_csv_type(req->content_type)) {
    return qt_fail(err, QT_EBADREQ,
                   "Send the CSV file itself as the body, with "
                   "Content-Type text/csv.");
  }
  if (req_query_bool(req, "partial", false, &is_partial, err) != QT_OK) {
    return err->code;
  }
  opt.is_partial = is_partial;
  opt.source = req_query(req, "filename");
  if (!opt.source) opt.source = "upload";
  opt.user_id = req->actor.user_id;
  opt.address = req->address;
  import_report_init(&report);
  rc = import_csv(req->store, &opt, req->body.data ? req->body.data : "",
                  req->body.len, &report, err);
  if (rc != QT_OK && !(rc == QT_EINVALID && report.n_rejected > 0)) {
    import_report_reset(&report);
    return rc;
  }
  j = json_object();
  if (rc != QT_OK) {
    /* Rejected as a whole: a problem document (RFC 9457) that carries
     * the report as extension members, so a client finds every bad row
     * in one answer. */
    json_object_set_new(j, "type", json_string("urn:qitong:problem:invalid"));
    json_object_set_new(j, "title", json_string("Invalid"));
    json_object_set_new(j, "status", json_integer(422));
    json_object_set_new(j, "detail", json_string(err->message));
    json_object_set_new(j, "request_id", json_string(req->request_id));
  }
  report_json(j, &report);
  import_report_reset(&report);
  resp_json(req, resp, rc == QT_OK ? 200 : 422, j);
  if (rc != QT_OK) resp->content_type = "application/problem+json; "
                                        "charset=utf-8";
  return QT_OK;
}

/* ---- exports ---------------------------------------------------------- */

/* Query argument NAME as an id filter (0 when absent). */
static QtCode query_id(Req *req, const char *name, int64_t *out,
                       QtError *err)
{
  return req_query_int(req, name, 0, INT64_MAX, 0, out, err);
}

/* The list routes' filters from the query string into F. */
static QtCode read_filter(Req *req, LedgerFilter *f, QtError *err)
{
  const char *role = req_query(req, "role");
  int64_t v;
  bool b;

  ledger_filter_init(f);
  f->region = req_query(req, "region");
  f->q = req_query(req, "q");
  f->industry = req_query(req, "industry");
  f->scale = req_query(req, "scale");
  f->stage = req_query(req, "stage");
  if (req_query_int(req, "four_above", -1, 1, -1, &v, err) != QT_OK) {
    return err->code;
  }
  f->four_above = (int)v;
  if (req_query_int(req, "key", -1, 1, -1, &v, err) != QT_OK) {
    return err->code;
  }
  f->is_key = (int)v;
  if (role) {
    if (role_parse(role, &f->role, err) != QT_OK) {
      return qt_fail(err, QT_EBADREQ, "The query argument 'role' is "
                                      "invalid.");
    }
    f->has_role = true;
  }
  if (query_id(req, "enterprise_id", &f->enterprise_id, err) != QT_OK ||
      query_id(req, "department_id", &f->department_id, err) != QT_OK ||
      query_id(req, "parent_id", &f->parent_id, err) != QT_OK ||
      query_id(req, "member_id", &f->member_id, err) != QT_OK ||
      query_id(req, "user_id", &f->user_id, err) != QT_OK ||
      query_id(req, "team_id", &f->team_id, err) != QT_OK ||
      query_id(req, "project_id", &f->project_id, err) != QT_OK) {
    return err->code;
  }
  if (req_query_bool(req, "disabled", false, &b, err) != QT_OK) {
    return err->code;
  }
  f->with_disabled = b;
  if (req_query_bool(req, "ended", false, &b, err) != QT_OK) {
    return err->code;
  }
  f->with_ended = b;
  if (req_query(req, "paired")) {
    if (req_query_bool(req, "paired", false, &b, err) != QT_OK) {
      return err->code;
    }
    f->served = b ? SERVED_YES : SERVED_NO;
  }
  return QT_OK;
}

/* GET /api/v1/exports/{kind}?format=csv|xlsx plus the list's filters:
 * the ledger as the caller's scope shows it, each phone whole or masked
 * as that row's single record would show it to the caller, as a
 * download, recorded in the audit log before it is sent. */
QtCode h_exports_get(Req *req, Resp *resp, QtError *err)
{
  LedgerKind kind;
  LedgerFormat format;
  LedgerFilter f;
  DemandFilter demands;
  PairingFilter pairings;
  VisitFilter visits;
  Scope scope = req->actor.scope;
  const char *fmt = req_query(req, "format");
  LedgerWho who = {req->actor.user_id, req->address, NULL};
  LedgerCount count;
  char rows[24];
  char *body;
  Buf out;
  QtCode rc;

  if (ledger_kind_parse(req_path(req, "kind"), &kind, err) != QT_OK) {
    qt_error_clear(err);
    return qt_fail(err, QT_ENOTFOUND, "No such ledger.");
  }
  if (ledger_format_parse(fmt ? fmt : "xlsx", &format, err) != QT_OK) {
    return qt_fail(err, QT_EBADREQ, "The query argument 'format' must be "
                                    "csv or xlsx.");
  }
  if (read_filter(req, &f, err) != QT_OK) return err->code;
  if (kind == LEDGER_DEMANDS) {
    /* The demand ledger is the demand list: its filters, and the scope
     * demands are read in (a handler's department, not its region). */
    if (demand_filter_from_query(req, &demands, err) != QT_OK) {
      return err->code;
    }
    f.demand = &demands;
    store_demand_scope(&req->actor, &scope);
  } else if (kind == LEDGER_PAIRINGS) {
    /* The pairing ledger is the pairing list, with its kind and status. */
    if (pairing_filter_from_query(req, &pairings, err) != QT_OK) {
      return err->code;
    }
    f.pairing = &pairings;
  } else if (kind == LEDGER_VISITS) {
    /* The visit ledger is the visit log: its filters, and the scope
     * visits are read in (none for handlers). */
    if (visit_filter_from_query(req, &visits, err) != QT_OK) {
      return err->code;
    }
    f.visit = &visits;
    store_visit_scope(&req->actor, &scope);
  }
  buf_init(&out);
  rc = ledger_export(req->store, &req->actor, &scope, kind, &f, format,
                     &out, &count, err);
  if (rc == QT_EINVALID) rc = QT_EBADREQ; /* a malformed filter */
  if (rc == QT_OK) {
    rc = ledger_audit(req->store, kind, format, &f, &count, &who, req->now,
                      err);
  }
  if (rc != QT_OK) {
    buf_reset(&out);
    return rc;
  }
  /* The response body must live in the request arena (http.h). */
  body = arena_alloc(req->arena, out.len + 1);
  if (out.len) memcpy(body, out.data, out.len);
  resp_bytes(resp, 200, ledger_content_type(format), body, out.len);
  buf_reset(&out);
  resp_header(req, resp, "Content-Disposition",
              ledger_disposition(kind, format, req->now, req->arena));
  snprintf(rows, sizeof rows, "%ld", count.rows);
  resp_header(req, resp, "X-Ledger-Rows", rows);
  return QT_OK;
}
