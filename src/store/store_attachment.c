/*
 * store_attachment.c — attachments of demands: their rows over db.h, the
 * timeline event that records each, and the blobs that hold the bytes.
 *
 * Blobs are plain files named by the SHA-256 of their content, written
 * the way a crash cannot tear: a temporary file in the final directory,
 * fsync, rename, fsync of the directory.  What a file is (its type, its
 * name) is decided in src/core/attachment.c before it gets here; who may
 * attach it is the handler's business.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"
#include "secret.h"

/* ---- rows ------------------------------------------------------------- */

static void read_attachment(Q *q, Arena *a, void *item)
{
  Attachment *t = item;

  t->id = q_col_int(q, 0);
  t->demand_id = q_col_int(q, 1);
  t->sha256 = q_col_text(q, 2, a);
  t->name = q_col_text(q, 3, a);
  t->mime = q_col_text(q, 4, a);
  t->size = q_col_int(q, 5);
  t->uploaded_by = q_col_int(q, 6);
  t->uploaded_by_name = q_col_text(q, 7, a);
  t->uploaded_at = q_col_int(q, 8);
}

QtCode store_attachment_count(Store *st, int64_t demand_id, int *n,
                              QtError *err)
{
  Q q;
  int rc;

  *n = 0;
  if (q_open(st, STMT_ATTACHMENT_COUNT, &q, err) != QT_OK) return err->code;
  q_int(&q, 1, demand_id);
  rc = q_step(&q);
  if (rc == 1) *n = (int)q_col_int(&q, 0);
  q_close(&q);
  return rc < 0 ? err->code : QT_OK;
}

QtCode store_attachment_add(Store *st, Attachment *a, QtError *err)
{
  Q q;

  if (q_open(st, STMT_ATTACHMENT_INSERT, &q, err) != QT_OK) return err->code;
  q_int(&q, 1, a->demand_id);
  q_text(&q, 2, a->sha256);
  q_text(&q, 3, a->name);
  q_text(&q, 4, a->mime);
  q_int(&q, 5, a->size);
  q_int(&q, 6, a->uploaded_by);
  q_int(&q, 7, a->uploaded_at);
  if (q_insert(&q, &a->id) != QT_OK) return err->code;
  return QT_OK;
}

QtCode store_attachment_list(Store *st, int64_t demand_id, Arena *a,
                             Attachment **items, int *n_items, QtError *err)
{
  Q q;

  *n_items = 0;
  if (q_open(st, STMT_ATTACHMENT_LIST, &q, err) != QT_OK) return err->code;
  q_int(&q, 1, demand_id);
  /* The handler caps a demand at ATTACHMENT_MAX_PER_DEMAND; the margin
   * keeps a list whole should two uploads have raced past the cap. */
  return read_rows(&q, 1000, sizeof(Attachment), read_attachment, a,
                   (void **)items, n_items);
}

QtCode store_attachment_get(Store *st, const Scope *scope, int64_t id,
                            Arena *a, Attachment *out, QtError *err)
{
  DemandRecord d;
  Q q;

  if (q_open(st, STMT_ATTACHMENT_GET, &q, err) != QT_OK) return err->code;
  q_int(&q, 1, id);
  if (read_one(&q, read_attachment, a, out, "attachment") != QT_OK) {
    return err->code;
  }
  /* An attachment is as visible as its demand, and one outside the
   * scope must look exactly like one that does not exist. */
  if (store_demand_get(st, scope, out->demand_id, a, &d, err) != QT_OK) {
    if (err->code != QT_ENOTFOUND) return err->code;
    qt_error_clear(err);
    memset(out, 0, sizeof *out);
    return qt_fail(err, QT_ENOTFOUND, "No such attachment.");
  }
  return QT_OK;
}

QtCode store_demand_note_event(Store *st, int64_t demand_id,
                               const Actor *actor, const char *action,
                               const char *note, const char *data,
                               QtTime at, QtError *err)
{
  Q q;

  if (q_open(st, STMT_DEMAND_NOTE_EVENT, &q, err) != QT_OK) {
    return err->code;
  }
  q_int(&q, 1, demand_id);
  q_int(&q, 2, at);
  q_id(&q, 3, actor->user_id);
  q_text(&q, 4, actor->user_id ? role_name(actor->role) : "system");
  q_text(&q, 5, action);
  q_text(&q, 6, note);
  q_text(&q, 7, data);
  return updated_one(&q, "demand");
}

/* ---- blobs ------------------------------------------------------------ */

static QtCode io_fail(QtError *err, const char *what, const char *path)
{
  return qt_fail(err, QT_ESTORE, "Cannot %s %.160s: %s.", what, path,
                 strerror(errno));
}

/* Create directory PATH unless it exists; *MADE says whether it did. */
static QtCode make_dir(const char *path, bool *made, QtError *err)
{
  *made = false;
  if (mkdir(path, 0750) == 0) {
    *made = true;
    return QT_OK;
  }
  if (errno != EEXIST) return io_fail(err, "create the directory", path);
  return QT_OK;
}

/* Flush directory PATH, so that names created or renamed in it survive
 * a crash (rename alone is atomic but not durable). */
static QtCode sync_dir(const char *path, QtError *err)
{
  int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int rc;

  if (fd < 0) return io_fail(err, "open the directory", path);
  rc = fsync(fd);
  close(fd);
  if (rc != 0) return io_fail(err, "sync the directory", path);
  return QT_OK;
}

/* Write all of DATA[0..LEN) to FD, as write(2) may do it in parts. */
static bool write_all(int fd, const char *data, size_t len)
{
  while (len > 0) {
    ssize_t n = write(fd, data, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    len -= (size_t)n;
  }
  return true;
}

static bool is_hex_digest(const char *s)
{
  size_t i;

  for (i = 0; i < 64; i++) {
    if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) {
      return false;
    }
  }
  return s[64] == '\0';
}

/* DIR/ab/cd/<sha256> into OUT, and its two directories into D1 and D2. */
static QtCode blob_paths(const char *dir, const char *sha256, char *out,
                         size_t size, char *d1, char *d2, QtError *err)
{
  int n = snprintf(out, size, "%s/%.2s/%.2s/%s", dir, sha256, sha256 + 2,
                   sha256);

  if (n < 0 || (size_t)n >= size) {
    return qt_fail(err, QT_ESTORE, "The files directory path is too long.");
  }
  snprintf(d1, size, "%s/%.2s", dir, sha256);
  snprintf(d2, size, "%s/%.2s/%.2s", dir, sha256, sha256 + 2);
  return QT_OK;
}

QtCode store_blob_stage(const char *dir, const void *data, size_t len,
                        Blob *b, QtError *err)
{
  char d1[sizeof b->path], d2[sizeof b->path];
  bool made_top, made1, made2;
  struct stat sb;
  int fd, n;

  memset(b, 0, sizeof *b);
  secret_sha256_hex(data, len, b->sha256);
  if (blob_paths(dir, b->sha256, b->path, sizeof b->path, d1, d2, err) !=
      QT_OK) {
    return err->code;
  }
  /* The same bytes are kept once: nothing to write. */
  if (stat(b->path, &sb) == 0) return QT_OK;
  if (make_dir(dir, &made_top, err) != QT_OK ||
      make_dir(d1, &made1, err) != QT_OK ||
      make_dir(d2, &made2, err) != QT_OK) {
    return err->code;
  }
  /* A new directory is only durable once its parent is synced. */
  if ((made1 && sync_dir(dir, err) != QT_OK) ||
      (made2 && sync_dir(d1, err) != QT_OK)) {
    return err->code;
  }
  n = snprintf(b->temp, sizeof b->temp, "%s/.tmp-XXXXXX", d2);
  if (n < 0 || (size_t)n >= sizeof b->temp) {
    b->temp[0] = '\0';
    return qt_fail(err, QT_ESTORE, "The files directory path is too long.");
  }
  fd = mkstemp(b->temp);
  if (fd < 0) {
    io_fail(err, "create a file in", d2);
    b->temp[0] = '\0';
    return err->code;
  }
  if (!write_all(fd, data, len) || fsync(fd) != 0) {
    io_fail(err, "write", b->temp);
    close(fd);
    store_blob_discard(b);
    return err->code;
  }
  if (close(fd) != 0) {
    io_fail(err, "close", b->temp);
    store_blob_discard(b);
    return err->code;
  }
  return QT_OK;
}

QtCode store_blob_commit(Blob *b, QtError *err)
{
  char *slash;
  struct stat sb;
  QtCode rc;

  if (!b->temp[0]) return QT_OK; /* it was in place at staging */
  if (stat(b->path, &sb) == 0) {
    /* An identical upload committed between our stage and commit. */
    store_blob_discard(b);
    return QT_OK;
  }
  if (rename(b->temp, b->path) != 0) {
    return io_fail(err, "move into place", b->path);
  }
  b->temp[0] = '\0';
  b->is_new = true;
  slash = strrchr(b->path, '/');
  *slash = '\0'; /* the blob's directory, briefly */
  rc = sync_dir(b->path, err);
  *slash = '/';
  return rc;
}

void store_blob_discard(Blob *b)
{
  if (!b->temp[0]) return;
  /* Nothing more can be done if this fails: the temporary's name tells
   * an operator it is debris. */
  (void)unlink(b->temp);
  b->temp[0] = '\0';
}

QtCode store_blob_open(const char *dir, const char *sha256, int *fd,
                       int64_t *size, QtError *err)
{
  char path[1024], d1[sizeof path], d2[sizeof path];
  struct stat sb;

  *fd = -1;
  *size = 0;
  if (!is_hex_digest(sha256)) {
    return qt_fail(err, QT_ESTORE, "An attachment names a bad digest.");
  }
  if (blob_paths(dir, sha256, path, sizeof path, d1, d2, err) != QT_OK) {
    return err->code;
  }
  *fd = open(path, O_RDONLY | O_CLOEXEC);
  if (*fd < 0) return io_fail(err, "open", path);
  if (fstat(*fd, &sb) != 0) {
    io_fail(err, "read", path);
  } else if (!S_ISREG(sb.st_mode)) {
    qt_fail(err, QT_ESTORE, "%.160s is not a regular file.", path);
  } else {
    *size = (int64_t)sb.st_size;
    return QT_OK;
  }
  close(*fd);
  *fd = -1;
  return err->code;
}
