/*
 * sqlite.c — the embedded SQLite backend: connections, transactions,
 * migrations, reference data, the statement cache and online backups.
 *
 * A connection runs in WAL mode (many readers, one writer), with foreign
 * keys on and synchronous=FULL by default, so a write acknowledged to a
 * client survives a power cut.  Statements are prepared once per
 * connection and kept.  Entity functions live in store_*.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csv.h"
#include "db.h"
#include "embedded.h"
#include "log.h"

/* Migrations shipped in the binary: src/store/migrations/NNN_name.sql. */
#define MIGRATION_DIR "src/store/migrations/"

static QtCode fail_sqlite(Store *st, QtError *err, const char *what)
{
  int code = sqlite3_extended_errcode(st->db);

  if (code == SQLITE_BUSY || code == SQLITE_LOCKED ||
      (code & 0xff) == SQLITE_BUSY) {
    return qt_fail(err, QT_EBUSY,
                   "The database is busy; please try again shortly.");
  }
  if (code == SQLITE_CONSTRAINT_UNIQUE ||
      code == SQLITE_CONSTRAINT_PRIMARYKEY) {
    return qt_fail(err, QT_ECONFLICT, "A record with that key exists.");
  }
  if (code == SQLITE_CONSTRAINT_FOREIGNKEY) {
    return qt_fail(err, QT_EINVALID,
                   "A referenced record (region, department, enterprise, "
                   "user or team) does not exist.");
  }
  if (code == SQLITE_CONSTRAINT_CHECK || code == SQLITE_CONSTRAINT_NOTNULL) {
    return qt_fail(err, QT_EINVALID, "A value breaks a rule of the record.");
  }
  qt_log(QT_LOG_ERROR, "store.error what=%s code=%d msg=\"%s\"", what, code,
         sqlite3_errmsg(st->db));
  return qt_fail(err, QT_ESTORE, "The database failed (%s).", what);
}

static QtCode exec_sql(Store *st, const char *sql, QtError *err)
{
  char *msg = NULL;

  if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
    qt_log(QT_LOG_ERROR, "store.exec msg=\"%s\"", msg ? msg : "?");
    sqlite3_free(msg);
    return fail_sqlite(st, err, "exec");
  }
  return QT_OK;
}

QtCode store_open(const char *url, const StoreOptions *opts, Store **out,
                  QtError *err)
{
  const char *path = url;
  Store *st;
  char pragmas[256];
  int timeout = opts && opts->busy_timeout_ms > 0 ? opts->busy_timeout_ms
                                                  : 5000;
  bool durable = !opts || opts->is_durable;

  *out = NULL;
  if (strncmp(url, "sqlite:", 7) == 0) {
    path = url + 7;
  } else if (strstr(url, "://")) {
    return qt_fail(err, QT_EINVALID,
                   "Unsupported database URL '%.64s': use a file path or "
                   "sqlite:PATH.",
                   url);
  }
  if (!*path) return qt_fail(err, QT_EINVALID, "The database path is empty.");
  st = qt_calloc(1, sizeof *st);
  if (sqlite3_open_v2(path, &st->db,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                        SQLITE_OPEN_NOMUTEX,
                      NULL) != SQLITE_OK) {
    qt_fail(err, QT_ESTORE, "Cannot open database '%.128s': %s.", path,
            st->db ? sqlite3_errmsg(st->db) : "out of memory");
    store_close(st);
    return QT_ESTORE;
  }
  sqlite3_busy_timeout(st->db, timeout);
  sqlite3_extended_result_codes(st->db, 1);
  snprintf(pragmas, sizeof pragmas,
           "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; "
           "PRAGMA synchronous=%s; PRAGMA temp_store=MEMORY;",
           durable ? "FULL" : "NORMAL");
  if (exec_sql(st, pragmas, err) != QT_OK) {
    store_close(st);
    return err->code;
  }
  /* A bulk writer (qitong demo) touches far more pages than the default
   * cache holds, and would read them back through the kernel. */
  if (opts && opts->cache_mib > 0) {
    snprintf(pragmas, sizeof pragmas, "PRAGMA cache_size=-%d;",
             opts->cache_mib * 1024);
    if (exec_sql(st, pragmas, err) != QT_OK) {
      store_close(st);
      return err->code;
    }
  }
  *out = st;
  return QT_OK;
}

void store_close(Store *st)
{
  int i;

  if (!st) return;
  for (i = 0; i < STMT_COUNT; i++) {
    sqlite3_finalize(st->stmts[i]);
  }
  sqlite3_close(st->db);
  free(st);
}

QtCode q_open(Store *st, StmtId id, Q *q, QtError *err)
{
  q->st = st;
  q->err = err;
  q->s = NULL;
  if (!st->stmts[id]) {
    if (sqlite3_prepare_v3(st->db, sql_sqlite[id], -1,
                           SQLITE_PREPARE_PERSISTENT, &st->stmts[id],
                           NULL) != SQLITE_OK) {
      qt_log(QT_LOG_ERROR, "store.prepare id=%d msg=\"%s\"", (int)id,
             sqlite3_errmsg(st->db));
      return qt_fail(err, QT_ESTORE, "The database failed (prepare).");
    }
  }
  q->s = st->stmts[id];
  sqlite3_reset(q->s);
  sqlite3_clear_bindings(q->s);
  return QT_OK;
}

static QtCode open_variant(Store *st, StmtId base, const Scope *scope,
                           bool has_department, Q *q, QtError *err)
{
  int variant;
  char today[QT_TIME_TEXT];
  bool by_department = false;

  switch (scope->kind) {
  case SCOPE_ALL: variant = SV_ALL; break;
  case SCOPE_REGION: variant = SV_REGION; break;
  case SCOPE_PAIRED: variant = SV_PAIRED; break;
  case SCOPE_ENTERPRISE: variant = SV_ENTERPRISE; break;
  case SCOPE_DEPARTMENT:
    if (has_department) {
      variant = SV_DEPARTMENT;
      by_department = true;
      break;
    }
    /* A department scope alone sees no registry rows. */
    return qt_fail(err, QT_ENOTFOUND, "Not found.");
  default:
    return qt_fail(err, QT_ENOTFOUND, "Not found.");
  }
  if (q_open(st, (StmtId)(base + variant), q, err) != QT_OK) return err->code;
  db_today(today);
  q_text(q, 1, by_department ? scope->dept_lo : scope->region_lo);
  q_text(q, 2, by_department ? scope->dept_hi : scope->region_hi);
  q_int(q, 3, scope->user_id);
  q_int(q, 4, by_department ? scope->department_id : scope->enterprise_id);
  q_text(q, 5, today);
  return QT_OK;
}

QtCode q_open_scoped(Store *st, StmtId base, const Scope *scope, Q *q,
                     QtError *err)
{
  return open_variant(st, base, scope, false, q, err);
}

QtCode q_open_scoped_dept(Store *st, StmtId base, const Scope *scope, Q *q,
                          QtError *err)
{
  return open_variant(st, base, scope, true, q, err);
}

void q_close(Q *q)
{
  if (q->s) sqlite3_reset(q->s);
  q->s = NULL;
}

/* A bind fails only on a programming error (a wrong index or an
 * out-of-memory copy); say so loudly rather than run a wrong query. */
static void check_bind(Q *q, int rc, int idx)
{
  if (rc != SQLITE_OK) {
    qt_log(QT_LOG_ERROR, "store.bind idx=%d rc=%d sql=\"%.60s\"", idx, rc,
           sqlite3_sql(q->s));
  }
}

void q_int(Q *q, int idx, int64_t v)
{
  check_bind(q, sqlite3_bind_int64(q->s, idx, v), idx);
}

void q_text(Q *q, int idx, const char *s)
{
  if (!s) {
    q_null(q, idx);
    return;
  }
  check_bind(q, sqlite3_bind_text(q->s, idx, s, -1, SQLITE_TRANSIENT), idx);
}

void q_null(Q *q, int idx)
{
  check_bind(q, sqlite3_bind_null(q->s, idx), idx);
}

void q_id(Q *q, int idx, int64_t v)
{
  if (v) {
    q_int(q, idx, v);
  } else {
    q_null(q, idx);
  }
}

int q_step(Q *q)
{
  int rc = sqlite3_step(q->s);

  if (rc == SQLITE_ROW) return 1;
  if (rc == SQLITE_DONE) return 0;
  fail_sqlite(q->st, q->err, "step");
  return -1;
}

QtCode q_exec(Q *q)
{
  int rc;

  do {
    rc = q_step(q);
  } while (rc == 1);
  q_close(q);
  return rc < 0 ? q->err->code : QT_OK;
}

int64_t q_col_int(Q *q, int col)
{
  return sqlite3_column_int64(q->s, col);
}

bool q_col_bool(Q *q, int col)
{
  return sqlite3_column_int64(q->s, col) != 0;
}

char *q_col_text(Q *q, int col, Arena *a)
{
  const unsigned char *t;

  if (sqlite3_column_type(q->s, col) == SQLITE_NULL) return NULL;
  t = sqlite3_column_text(q->s, col);
  return arena_strndup(a, (const char *)t,
                       (size_t)sqlite3_column_bytes(q->s, col));
}

void q_col_copy(Q *q, int col, char *out, size_t size)
{
  const unsigned char *t = sqlite3_column_text(q->s, col);

  snprintf(out, size, "%s", t ? (const char *)t : "");
}

bool q_col_is_null(Q *q, int col)
{
  return sqlite3_column_type(q->s, col) == SQLITE_NULL;
}

int64_t db_changes(Store *st)
{
  return sqlite3_changes64(st->db);
}

int64_t db_last_id(Store *st)
{
  return sqlite3_last_insert_rowid(st->db);
}

void db_today(char out[QT_TIME_TEXT])
{
  qt_date_format(qt_now(), out);
}

int page_limit(const Page *page)
{
  if (!page || page->limit <= 0) return STORE_LIST_DEFAULT;
  return page->limit > STORE_LIST_MAX ? STORE_LIST_MAX : page->limit;
}

/* Transactions nest: only the outermost level commits or rolls back, and
 * a failure at any level rolls the whole transaction back. */
QtCode store_begin(Store *st, QtError *err)
{
  Q q;

  if (st->tx_depth++ > 0) return QT_OK;
  st->tx_failed = false;
  if (q_open(st, STMT_BEGIN, &q, err) != QT_OK || q_exec(&q) != QT_OK) {
    st->tx_depth = 0;
    return err->code;
  }
  return QT_OK;
}

QtCode store_end(Store *st, QtCode rc, QtError *err)
{
  QtError end_err;
  Q q;

  if (rc != QT_OK) st->tx_failed = true;
  if (st->tx_depth <= 0) return rc;
  if (--st->tx_depth > 0) return rc;
  qt_error_clear(&end_err);
  if (!st->tx_failed) {
    if (q_open(st, STMT_COMMIT, &q, &end_err) == QT_OK &&
        q_exec(&q) == QT_OK) {
      return QT_OK;
    }
    *err = end_err;
    rc = err->code;
  } else if (rc == QT_OK) {
    /* An inner level failed and its caller went on: what it leaves is
     * rolled back, and must not be reported as done. */
    rc = qt_fail(err, QT_ESTORE, "The transaction was rolled back: a step "
                                 "inside it failed.");
  }
  /* Roll back whatever is left; a failed COMMIT may have done so. */
  if (sqlite3_get_autocommit(st->db) == 0 &&
      q_open(st, STMT_ROLLBACK, &q, &end_err) == QT_OK) {
    (void)q_exec(&q); /* nothing more can be done if this fails */
  }
  return rc;
}

/* ---- migrations ------------------------------------------------------ */

typedef struct Migration {
  int version;           /* NNN of the file name */
  const char *name;      /* the file name */
  const QtEmbedded *file; /* its text */
} Migration;

enum { MAX_MIGRATIONS = 256 };

static int cmp_migration(const void *a, const void *b)
{
  return ((const Migration *)a)->version - ((const Migration *)b)->version;
}

static int list_migrations(Migration *out)
{
  const QtEmbedded *e;
  size_t prefix = strlen(MIGRATION_DIR);
  int n = 0;

  for (e = qt_embedded; e->path && n < MAX_MIGRATIONS; e++) {
    if (strncmp(e->path, MIGRATION_DIR, prefix) != 0) continue;
    out[n].name = e->path + prefix;
    out[n].version = atoi(out[n].name);
    out[n].file = e;
    n++;
  }
  qsort(out, (size_t)n, sizeof *out, cmp_migration);
  return n;
}

/* The version recorded in the database; 0 for a new one. */
static QtCode schema_version(Store *st, int *version, QtError *err)
{
  Q q;
  int rc;

  *version = 0;
  if (exec_sql(st,
               "CREATE TABLE IF NOT EXISTS schema_migrations ("
               " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
               " applied_at INTEGER NOT NULL) STRICT",
               err) != QT_OK) {
    return err->code;
  }
  if (q_open(st, STMT_SCHEMA_VERSION, &q, err) != QT_OK) return err->code;
  rc = q_step(&q);
  if (rc == 1) *version = (int)q_col_int(&q, 0);
  q_close(&q);
  return rc < 0 ? err->code : QT_OK;
}

static int binary_version(void)
{
  Migration m[MAX_MIGRATIONS];
  int n = list_migrations(m);
  return n ? m[n - 1].version : 0;
}

QtCode store_check_version(Store *st, QtError *err)
{
  int have, want = binary_version();

  if (schema_version(st, &have, err) != QT_OK) return err->code;
  if (have > want) {
    return qt_fail(err, QT_ECONFLICT,
                   "The database has schema version %d, newer than this "
                   "qitong (version %d): use a newer qitong.",
                   have, want);
  }
  if (have < want) {
    return qt_fail(err, QT_ECONFLICT,
                   "The database has schema version %d and this qitong "
                   "needs %d: run 'qitong init --db ...' to migrate it.",
                   have, want);
  }
  return QT_OK;
}

static QtCode load_reference(Store *st, QtError *err);

QtCode store_migrate(Store *st, int *applied, QtError *err)
{
  Migration m[MAX_MIGRATIONS];
  int n = list_migrations(m), i, have;
  Q q;
  QtCode rc;

  if (applied) *applied = 0;
  if (schema_version(st, &have, err) != QT_OK) return err->code;
  if (n && have > m[n - 1].version) return store_check_version(st, err);
  for (i = 0; i < n; i++) {
    if (m[i].version <= have) continue;
    rc = store_begin(st, err);
    if (rc != QT_OK) return rc;
    rc = exec_sql(st, (const char *)m[i].file->data, err);
    if (rc == QT_OK) rc = q_open(st, STMT_MIGRATION_RECORD, &q, err);
    if (rc == QT_OK) {
      q_int(&q, 1, m[i].version);
      q_text(&q, 2, m[i].name);
      q_int(&q, 3, qt_now());
      rc = q_exec(&q);
    }
    rc = store_end(st, rc, err);
    if (rc != QT_OK) {
      qt_log(QT_LOG_ERROR, "store.migrate failed=%s", m[i].name);
      return rc;
    }
    qt_log(QT_LOG_INFO, "store.migrate applied=%s", m[i].name);
    if (applied) (*applied)++;
  }
  return load_reference(st, err);
}

/* ---- reference data -------------------------------------------------- */

/* Insert every row (after the header) of embedded CSV PATH with STMT,
 * binding its first N_COLUMNS columns as ?1.. (empty binds NULL). */
static QtCode load_csv(Store *st, const char *path, StmtId stmt,
                       int n_columns, QtError *err)
{
  const QtEmbedded *f = qt_embedded_find(path);
  CsvReader r;
  CsvRecord rec;
  Q q;
  int got = 0, i;
  bool header = true;
  QtCode rc = QT_OK;

  if (!f) return qt_fail(err, QT_EINTERNAL, "%s is not embedded.", path);
  csv_reader_init(&r, (const char *)f->data, f->size);
  while (rc == QT_OK && (got = csv_next(&r, &rec, err)) == 1) {
    if (header) {
      header = false;
      continue;
    }
    if (rec.n_fields < n_columns) {
      rc = qt_fail(err, QT_EINTERNAL, "%s line %ld is short.", path,
                   rec.line);
      break;
    }
    rc = q_open(st, stmt, &q, err);
    if (rc != QT_OK) break;
    for (i = 0; i < n_columns; i++) {
      q_text(&q, i + 1, rec.fields[i][0] ? rec.fields[i] : NULL);
    }
    rc = q_exec(&q);
  }
  if (rc == QT_OK && got < 0) rc = err->code;
  csv_reader_reset(&r);
  return rc;
}

/* The reference data ships in the binary and is loaded into an empty
 * database; the holiday calendar once, after which admins edit it (its
 * version is 0 until then). */
static QtCode load_reference(Store *st, QtError *err)
{
  Q q;
  int64_t n = 0, version = -1;
  QtCode rc;

  rc = q_open(st, STMT_REGION_COUNT, &q, err);
  if (rc != QT_OK) return rc;
  if (q_step(&q) == 1) n = q_col_int(&q, 0);
  q_close(&q);
  rc = q_open(st, STMT_CALENDAR_VERSION, &q, err);
  if (rc != QT_OK) return rc;
  if (q_step(&q) == 1) version = q_col_int(&q, 0);
  q_close(&q);
  if (n > 0 && version != 0) return QT_OK;
  rc = store_begin(st, err);
  if (rc != QT_OK) return rc;
  if (n == 0) {
    rc = load_csv(st, "data/regions-shandong.csv", STMT_REGION_INSERT, 4,
                  err);
    if (rc == QT_OK) {
      rc = load_csv(st, "data/industries-gbt4754-2017.csv",
                    STMT_INDUSTRY_INSERT, 4, err);
    }
  }
  if (rc == QT_OK && version == 0) {
    rc = load_csv(st, "data/holidays-cn.csv", STMT_CALENDAR_INSERT, 3, err);
    if (rc == QT_OK) rc = q_open(st, STMT_CALENDAR_BUMP, &q, err);
    if (rc == QT_OK) rc = q_exec(&q);
  }
  return store_end(st, rc, err);
}

/* ---- online backup --------------------------------------------------- */

/* Pages copied per sqlite3_backup_step: 1 MiB at the 4 KiB page size. */
enum { BACKUP_STEP_PAGES = 256 };

/* QT_OK when TO may be written: absent, or (with IS_FORCE) a file that is
 * not the database or one of its companions. */
static QtCode backup_check_target(Store *st, const char *to, bool is_force,
                                  QtError *err)
{
  static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
  const char *db = sqlite3_db_filename(st->db, "main");
  char path[4096];
  struct stat t, s;
  size_t i;

  if (stat(to, &t) != 0) {
    if (errno == ENOENT) return QT_OK;
    return qt_fail(err, QT_ESTORE, "Cannot look at '%.200s': %s.", to,
                   strerror(errno));
  }
  if (S_ISDIR(t.st_mode)) {
    return qt_fail(err, QT_EINVALID,
                   "'%.200s' is a directory: name the file to write.", to);
  }
  for (i = 0; db && *db && i < sizeof suffixes / sizeof suffixes[0]; i++) {
    snprintf(path, sizeof path, "%s%s", db, suffixes[i]);
    if (stat(path, &s) == 0 && s.st_dev == t.st_dev &&
        s.st_ino == t.st_ino) {
      return qt_fail(err, QT_EINVALID,
                     "'%.200s' is the database itself%s%s: write the "
                     "backup somewhere else.",
                     to, *suffixes[i] ? ", its file " : "", suffixes[i]);
    }
  }
  if (!is_force) {
    return qt_fail(err, QT_ECONFLICT,
                   "'%.200s' exists already; it is replaced only with "
                   "--force.",
                   to);
  }
  return QT_OK;
}

/* Remove the temporary copy TMP and whatever SQLite left beside it. */
static void backup_discard(const char *tmp)
{
  static const char *const suffixes[] = {"", "-journal", "-wal", "-shm"};
  char path[4096];
  size_t i;

  for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
    snprintf(path, sizeof path, "%s%s", tmp, suffixes[i]);
    (void)unlink(path); /* absent is what we want */
  }
}

/* Sync the directory that holds PATH, so that a new name in it survives a
 * power cut as the file's contents already do. */
static QtCode sync_parent(const char *path, QtError *err)
{
  char dir[4096];
  const char *slash = strrchr(path, '/');
  int fd, rc;

  if (!slash) {
    snprintf(dir, sizeof dir, ".");
  } else if (slash == path) {
    snprintf(dir, sizeof dir, "/");
  } else {
    snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
  }
  fd = open(dir, O_RDONLY | O_DIRECTORY);
  if (fd < 0) {
    return qt_fail(err, QT_ESTORE, "Cannot open directory '%.200s': %s.",
                   dir, strerror(errno));
  }
  rc = fsync(fd);
  close(fd);
  if (rc != 0) {
    return qt_fail(err, QT_ESTORE, "Cannot sync directory '%.200s': %s.",
                   dir, strerror(errno));
  }
  return QT_OK;
}

/* Give the finished copy TMP the name TO: atomically replacing TO when
 * IS_FORCE, and otherwise never replacing a TO that appeared meanwhile
 * (link fails when the name exists, where rename would overwrite it). */
static QtCode backup_publish(const char *tmp, const char *to, bool is_force,
                             QtError *err)
{
  struct stat t;

  if (!is_force) {
    if (link(tmp, to) == 0) {
      (void)unlink(tmp); /* TO holds the copy now */
      return QT_OK;
    }
    if (errno == EEXIST) {
      return qt_fail(err, QT_ECONFLICT,
                     "'%.200s' appeared during the backup; it is replaced "
                     "only with --force.",
                     to);
    }
    /* A file system without hard links: check, then rename. */
    if (errno != EPERM && errno != EOPNOTSUPP && errno != ENOSYS) {
      return qt_fail(err, QT_ESTORE, "Cannot name the copy '%.200s': %s.",
                     to, strerror(errno));
    }
    if (stat(to, &t) == 0 || errno != ENOENT) {
      return qt_fail(err, QT_ECONFLICT,
                     "'%.200s' appeared during the backup; it is replaced "
                     "only with --force.",
                     to);
    }
  }
  if (rename(tmp, to) != 0) {
    return qt_fail(err, QT_ESTORE, "Cannot name the copy '%.200s': %s.", to,
                   strerror(errno));
  }
  return QT_OK;
}

/* Check the copy DST, make it one self-contained file and read its schema
 * version into INFO. */
static QtCode backup_check_copy(sqlite3 *dst, StoreBackupInfo *info,
                                QtError *err)
{
  sqlite3_stmt *s = NULL;
  char *msg = NULL;
  QtCode rc = QT_OK;

  /* The copy carries the source's WAL flag; a backup is easier to keep,
   * copy and open read-only as a single file. */
  if (sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, &msg) !=
      SQLITE_OK) {
    rc = qt_fail(err, QT_ESTORE, "The copy failed (journal mode: %s).",
                 msg ? msg : sqlite3_errmsg(dst));
    sqlite3_free(msg);
    return rc;
  }
  if (sqlite3_prepare_v2(dst, "PRAGMA integrity_check", -1, &s, NULL) !=
        SQLITE_OK ||
      sqlite3_step(s) != SQLITE_ROW) {
    rc = qt_fail(err, QT_ESTORE, "The copy could not be checked: %s.",
                 sqlite3_errmsg(dst));
  } else {
    const unsigned char *verdict = sqlite3_column_text(s, 0);
    char first[161];
    char *nl;

    if (!verdict || strcmp((const char *)verdict, "ok") != 0) {
      /* The verdict spans lines; errors are one line, so keep its start. */
      snprintf(first, sizeof first, "%s",
               verdict ? (const char *)verdict : "no verdict");
      for (nl = strchr(first, '\n'); nl; nl = strchr(nl, '\n')) {
        *nl = ' ';
      }
      rc = qt_fail(err, QT_ESTORE, "The copy failed its integrity check: %s",
                   first);
    }
  }
  sqlite3_finalize(s);
  if (rc != QT_OK) return rc;
  /* A database that was never initialised has no migrations table; its
   * copy is still a faithful one, of version 0. */
  s = NULL;
  if (sqlite3_prepare_v2(dst, "SELECT max(version) FROM schema_migrations",
                         -1, &s, NULL) == SQLITE_OK &&
      sqlite3_step(s) == SQLITE_ROW) {
    info->schema_version = sqlite3_column_int(s, 0);
  }
  sqlite3_finalize(s);
  return QT_OK;
}

QtCode store_backup(Store *st, const char *to, bool is_force,
                    StoreBackupInfo *info, QtError *err)
{
  sqlite3 *dst = NULL;
  sqlite3_backup *b;
  struct stat t;
  QtError ignored;
  char *tmp = NULL;
  size_t n;
  int fd, step, finish;
  QtCode rc;

  memset(info, 0, sizeof *info);
  if (st->tx_depth > 0 || sqlite3_get_autocommit(st->db) == 0) {
    return qt_fail(err, QT_EINTERNAL,
                   "A backup cannot start inside a transaction.");
  }
  rc = backup_check_target(st, to, is_force, err);
  if (rc != QT_OK) return rc;
  n = strlen(to) + sizeof ".tmp-XXXXXX";
  tmp = qt_malloc(n);
  snprintf(tmp, n, "%s.tmp-XXXXXX", to);
  fd = mkstemp(tmp); /* mode 0600, which the copy keeps */
  if (fd < 0) {
    rc = qt_fail(err, QT_ESTORE, "Cannot create a file beside '%.200s': %s.",
                 to, strerror(errno));
    free(tmp);
    return rc;
  }
  close(fd);
  if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
      sqlite3_exec(dst, "PRAGMA synchronous=FULL", NULL, NULL, NULL) !=
        SQLITE_OK) {
    rc = qt_fail(err, QT_ESTORE, "Cannot open the copy '%.200s': %s.", tmp,
                 dst ? sqlite3_errmsg(dst) : "out of memory");
    goto out;
  }
  /*
   * One read transaction spans every step, so the copy is of one moment.
   * Read between steps in transactions of their own, the source would
   * change under the backup at each write by the server, and SQLite would
   * restart the copy from its first page every time: under a steady
   * stream of writes it might never finish.  In WAL mode (store_open sets
   * it) a reader blocks no writer; the price is that the WAL cannot be
   * checkpointed past this snapshot until the copy is done, so it grows
   * for as long as the copy takes.
   */
  if (exec_sql(st, "BEGIN; SELECT count(*) FROM sqlite_schema;", err) !=
      QT_OK) {
    rc = err->code;
    goto out;
  }
  b = sqlite3_backup_init(dst, "main", st->db, "main");
  if (!b) {
    rc = qt_fail(err, QT_ESTORE, "The backup could not start: %s.",
                 sqlite3_errmsg(dst));
    goto out;
  }
  /* With the snapshot held no writer waits on a step, so their size only
   * bounds how long each call runs; the source is only read through this
   * connection, so no step meets SQLITE_BUSY or SQLITE_LOCKED. */
  do {
    step = sqlite3_backup_step(b, BACKUP_STEP_PAGES);
  } while (step == SQLITE_OK);
  info->pages = sqlite3_backup_pagecount(b);
  finish = sqlite3_backup_finish(b);
  if (step != SQLITE_DONE || finish != SQLITE_OK) {
    rc = qt_fail(err, QT_ESTORE, "The backup failed: %s.",
                 sqlite3_errstr(step != SQLITE_DONE ? step : finish));
    goto out;
  }
  if (exec_sql(st, "COMMIT", err) != QT_OK) {
    rc = err->code;
    goto out;
  }
  rc = backup_check_copy(dst, info, err);
  if (rc != QT_OK) goto out;
  if (sqlite3_close(dst) != SQLITE_OK) {
    rc = qt_fail(err, QT_ESTORE, "Cannot close the copy: %s.",
                 sqlite3_errmsg(dst));
    goto out;
  }
  dst = NULL;
  rc = backup_publish(tmp, to, is_force, err);
  if (rc == QT_OK) rc = sync_parent(to, err);
  if (rc == QT_OK && stat(to, &t) == 0) info->bytes = (int64_t)t.st_size;
out:
  /* No transaction was open at the start: one open now is the snapshot,
   * which only read, so rolling it back loses nothing. */
  qt_error_clear(&ignored);
  if (sqlite3_get_autocommit(st->db) == 0) {
    (void)exec_sql(st, "ROLLBACK", &ignored); /* the error is logged */
  }
  if (dst) sqlite3_close(dst);
  if (rc != QT_OK) backup_discard(tmp);
  free(tmp);
  return rc;
}
