/*
 * h_attachments.c — attachments (附件) of demands: upload
 * (POST /api/v1/demands/{id}/attachments, multipart/form-data with one
 * "file" part), list (GET the same path) and download
 * (GET /api/v1/attachments/{id}).
 *
 * An attachment is as visible as its demand (store_demand_scope): anyone
 * who sees a demand may list and download its files, and anyone but a
 * leader may add one while the demand is neither withdrawn nor merged.
 * The file's type is judged by its bytes (src/core/attachment.c); the
 * bytes go to the files directory (store_blob_*), the row, a timeline
 * event and an audit entry to the database in one transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attachment.h"
#include "handlers.h"
#include "log.h"
#include "multipart.h"

static json_t *json_attachment(const Attachment *t)
{
  json_t *j = json_pack("{s:I, s:I, s:s, s:s, s:I, s:s}", "id",
                        (json_int_t)t->id, "demand_id",
                        (json_int_t)t->demand_id, "name", t->name, "mime",
                        t->mime, "size", (json_int_t)t->size, "sha256",
                        t->sha256);

  json_object_set_new(j, "uploaded_by", jid(t->uploaded_by));
  json_object_set_new(j, "uploaded_by_name", jstr(t->uploaded_by_name));
  json_object_set_new(j, "uploaded_at", jtime(t->uploaded_at));
  return j;
}

/* Read demand ID as the actor sees it; QT_ENOTFOUND outside the scope. */
static QtCode visible_demand(Req *req, int64_t id, DemandRecord *d,
                             QtError *err)
{
  Scope scope;

  store_demand_scope(&req->actor, &scope);
  return store_demand_get(req->store, &scope, id, req->arena, d, err);
}

/* A withdrawn or merged demand is finished with: nothing more is added. */
static QtCode check_open_for_files(const DemandRecord *d, QtError *err)
{
  if (d->d.status == DEMAND_WITHDRAWN || d->d.status == DEMAND_MERGED) {
    return qt_fail(err, QT_ECONFLICT,
                   "The demand is %s: files can no longer be attached.",
                   demand_status_name(d->d.status));
  }
  return QT_OK;
}

static QtCode check_room(Req *req, int64_t demand_id, QtError *err)
{
  int n;

  if (store_attachment_count(req->store, demand_id, &n, err) != QT_OK) {
    return err->code;
  }
  if (n >= ATTACHMENT_MAX_PER_DEMAND) {
    return qt_fail(err, QT_ECONFLICT,
                   "The demand already has %d attachments, the most it "
                   "may hold.", ATTACHMENT_MAX_PER_DEMAND);
  }
  return QT_OK;
}

/* The one "file" part of the form in *FILE; every other field is unknown
 * and refused, as unknown JSON fields are. */
static QtCode read_form(Req *req, FormPart *file, QtError *err)
{
  FormPart parts[MULTIPART_MAX_PARTS];
  int n, i, n_files = 0;

  if (multipart_parse(req->content_type, req->body.data ? req->body.data
                                                        : "",
                      req->body.len, req->arena, parts, &n, err) != QT_OK) {
    return err->code;
  }
  for (i = 0; i < n; i++) {
    if (strcmp(parts[i].name, "file") != 0) {
      qt_field(err, parts[i].name, "is not a field of an upload");
      return qt_fail(err, QT_EBADREQ, "The form has an unknown field.");
    }
    *file = parts[i];
    n_files++;
  }
  if (n_files != 1) {
    qt_field(err, "file", n_files ? "one file per request"
                                  : "is required");
    return qt_fail(err, QT_EBADREQ, "Send exactly one file, as the "
                                    "form field \"file\".");
  }
  return QT_OK;
}

/* The row, the timeline event and the audit entry, with the blob put in
 * place once every check has passed again under the write lock. */
static QtCode save(Req *req, DemandRecord *d, Attachment *t, Blob *blob,
                   QtError *err)
{
  json_t *data;
  char *text;
  QtCode rc;

  rc = store_begin(req->store, err);
  if (rc != QT_OK) return rc;
  rc = visible_demand(req, t->demand_id, d, err);
  if (rc == QT_OK) rc = check_open_for_files(d, err);
  if (rc == QT_OK) rc = check_room(req, t->demand_id, err);
  if (rc == QT_OK) rc = store_blob_commit(blob, err);
  if (rc == QT_OK) rc = store_attachment_add(req->store, t, err);
  if (rc == QT_OK) {
    data = json_pack("{s:I}", "attachment_id", (json_int_t)t->id);
    text = json_dumps(data, JSON_COMPACT);
    json_decref(data);
    rc = store_demand_note_event(req->store, t->demand_id, &req->actor,
                                 "attach", t->name, text, req->now, err);
    free(text);
  }
  if (rc == QT_OK) {
    rc = req_audit(req, "attachment.create", "attachment", t->id,
                   json_pack("{s:I, s:s, s:s, s:I, s:s}", "demand_id",
                             (json_int_t)t->demand_id, "name", t->name,
                             "mime", t->mime, "size", (json_int_t)t->size,
                             "sha256", t->sha256),
                   err);
  }
  return store_end(req->store, rc, err);
}

QtCode h_attachments_create_check(Req *req, QtError *err)
{
  DemandRecord d;
  int64_t id;

  if (req_path_id(req, "id", &id, err) != QT_OK ||
      visible_demand(req, id, &d, err) != QT_OK ||
      check_open_for_files(&d, err) != QT_OK ||
      check_room(req, id, err) != QT_OK) {
    return err->code;
  }
  return QT_OK;
}

QtCode h_attachments_create(Req *req, Resp *resp, QtError *err)
{
  char name[ATTACHMENT_NAME_SIZE];
  const char *mime;
  DemandRecord d;
  FormPart file = {0};
  Attachment t;
  Blob blob;
  int64_t id;
  QtCode rc;

  if (req_path_id(req, "id", &id, err) != QT_OK ||
      visible_demand(req, id, &d, err) != QT_OK ||
      check_open_for_files(&d, err) != QT_OK ||
      read_form(req, &file, err) != QT_OK) {
    return err->code;
  }
  if (file.len > req->cfg->max_upload) {
    return qt_fail(err, QT_ETOOBIG, "The file is larger than %zu MiB.",
                   req->cfg->max_upload / (1024 * 1024));
  }
  if (!attachment_name_clean(file.filename ? file.filename : "", name)) {
    qt_field(err, "file", "its name is not valid UTF-8");
    return qt_fail(err, QT_EBADREQ, "The file name is not valid UTF-8.");
  }
  if (attachment_type(file.data, file.len, name, &mime, err) != QT_OK ||
      check_room(req, id, err) != QT_OK) {
    return err->code;
  }
  /* Hash and write the bytes before taking the write lock: a large file
   * must not hold up every other writer while it reaches the disk. */
  if (store_blob_stage(req->cfg->files_dir, file.data, file.len, &blob,
                       err) != QT_OK) {
    return err->code;
  }
  memset(&t, 0, sizeof t);
  t.demand_id = id;
  t.sha256 = blob.sha256;
  t.name = name;
  t.mime = (char *)mime;
  t.size = (int64_t)file.len;
  t.uploaded_by = req->actor.user_id;
  t.uploaded_at = req->now;
  rc = save(req, &d, &t, &blob, err);
  store_blob_discard(&blob);
  if (rc != QT_OK) return rc;
  qt_log(QT_LOG_INFO,
         "attachment.create req=%s id=%lld demand=%lld size=%lld new=%d",
         req->request_id, (long long)t.id, (long long)id, (long long)t.size,
         blob.is_new ? 1 : 0);
  return resp_json(req, resp, 201, json_attachment(&t));
}

QtCode h_attachments_list(Req *req, Resp *resp, QtError *err)
{
  Attachment *items;
  DemandRecord d;
  json_t *arr;
  int64_t id;
  int n, i;

  if (req_path_id(req, "id", &id, err) != QT_OK ||
      visible_demand(req, id, &d, err) != QT_OK ||
      store_attachment_list(req->store, id, req->arena, &items, &n, err) !=
        QT_OK) {
    return err->code;
  }
  arr = json_array();
  for (i = 0; i < n; i++) {
    json_array_append_new(arr, json_attachment(&items[i]));
  }
  /* A demand holds a few files at most: one page, no cursor. */
  return resp_json(req, resp, 200,
                   json_pack("{s:o, s:n}", "items", arr, "next_cursor"));
}

/* The Content-Disposition of NAME: a plain ASCII filename for old
 * clients (anything else, quotes and backslashes become '_') and the
 * real name as RFC 8187 UTF-8 percent-encoding in filename*. */
static char *disposition(Req *req, const char *name)
{
  static const char hex[] = "0123456789ABCDEF";
  Buf b;
  const unsigned char *p;
  char *out;

  buf_init(&b);
  buf_puts(&b, "attachment; filename=\"");
  for (p = (const unsigned char *)name; *p; p++) {
    char c = (char)(*p < 0x20 || *p >= 0x7f || *p == '"' || *p == '\\'
                      ? '_'
                      : *p);
    buf_append(&b, &c, 1);
  }
  buf_puts(&b, "\"; filename*=UTF-8''");
  for (p = (const unsigned char *)name; *p; p++) {
    /* RFC 8187 attr-char: ALPHA / DIGIT / "!#$&+-.^_`|~" */
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
        (*p >= '0' && *p <= '9') || strchr("!#$&+-.^_`|~", *p)) {
      buf_append(&b, p, 1);
    } else {
      char esc[3] = {'%', hex[*p >> 4], hex[*p & 15]};
      buf_append(&b, esc, 3);
    }
  }
  out = arena_strdup(req->arena, buf_str(&b));
  buf_reset(&b);
  return out;
}

QtCode h_attachments_get(Req *req, Resp *resp, QtError *err)
{
  Attachment t;
  Scope scope;
  int64_t id, size;
  int fd;

  if (req_path_id(req, "id", &id, err) != QT_OK) return err->code;
  store_demand_scope(&req->actor, &scope);
  if (store_attachment_get(req->store, &scope, id, req->arena, &t, err) !=
        QT_OK ||
      store_blob_open(req->cfg->files_dir, t.sha256, &fd, &size, err) !=
        QT_OK) {
    return err->code;
  }
  if (size != t.size) {
    close(fd);
    return qt_fail(err, QT_ESTORE,
                   "Blob %s has %lld bytes; its row says %lld.", t.sha256,
                   (long long)size, (long long)t.size);
  }
  resp->status = 200;
  resp->content_type = strcmp(t.mime, "text/plain") == 0
                         ? "text/plain; charset=utf-8"
                         : t.mime;
  resp_header(req, resp, "Content-Disposition", disposition(req, t.name));
  resp->has_file = true;
  resp->file_fd = fd;
  resp->file_size = (uint64_t)size;
  return QT_OK;
}
