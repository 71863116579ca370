/*
 * sqlite.c — the embedded SQLite backend: the connection and its
 * statement cache, behind the operations of db.h.
 *
 * A connection runs in WAL mode (many readers, one writer), with foreign
 * keys on and synchronous=FULL by default, so a write acknowledged to a
 * client survives a power cut.  Statements are prepared once per
 * connection and kept.  Transactions, migrations and reference data are
 * db.c's; entity functions live in store_*.c.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "log.h"

typedef struct SqliteStore {
  Store base;                      /* first: a Store * is one of these */
  sqlite3 *db;                     /* the connection */
  sqlite3_stmt *stmts[STMT_COUNT]; /* prepared on first use, kept */
} SqliteStore;

static SqliteStore *lite(Store *st)
{
  return (SqliteStore *)st;
}

static sqlite3_stmt *stmt_of(Q *q)
{
  return q->h;
}

static QtCode fail_sqlite(Store *st, QtError *err, const char *what)
{
  sqlite3 *db = lite(st)->db;
  int code = sqlite3_extended_errcode(db);

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
         sqlite3_errmsg(db));
  return qt_fail(err, QT_ESTORE, "The database failed (%s).", what);
}

static QtCode lite_exec(Store *st, const char *sql, QtError *err)
{
  char *msg = NULL;

  if (sqlite3_exec(lite(st)->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
    qt_log(QT_LOG_ERROR, "store.exec msg=\"%s\"", msg ? msg : "?");
    sqlite3_free(msg);
    return fail_sqlite(st, err, "exec");
  }
  return QT_OK;
}

static void lite_close(Store *st)
{
  SqliteStore *s = lite(st);
  int i;

  for (i = 0; i < STMT_COUNT; i++) {
    sqlite3_finalize(s->stmts[i]);
  }
  sqlite3_close(s->db);
  free(s);
}

static QtCode lite_prepare(Q *q)
{
  SqliteStore *s = lite(q->st);

  if (!s->stmts[q->id]) {
    if (sqlite3_prepare_v3(s->db, sql_sqlite[q->id], -1,
                           SQLITE_PREPARE_PERSISTENT, &s->stmts[q->id],
                           NULL) != SQLITE_OK) {
      qt_log(QT_LOG_ERROR, "store.prepare id=%d msg=\"%s\"", (int)q->id,
             sqlite3_errmsg(s->db));
      return qt_fail(q->err, QT_ESTORE, "The database failed (prepare).");
    }
  }
  q->h = s->stmts[q->id];
  sqlite3_reset(q->h);
  sqlite3_clear_bindings(q->h);
  return QT_OK;
}

static void lite_reset(Q *q)
{
  sqlite3_reset(stmt_of(q));
}

/* A bind fails only on a programming error (a wrong index or an
 * out-of-memory copy); say so loudly rather than run a wrong query. */
static void check_bind(Q *q, int rc, int idx)
{
  if (rc != SQLITE_OK) {
    qt_log(QT_LOG_ERROR, "store.bind idx=%d rc=%d sql=\"%.60s\"", idx, rc,
           sqlite3_sql(stmt_of(q)));
  }
}

static void lite_bind_int(Q *q, int idx, int64_t v)
{
  check_bind(q, sqlite3_bind_int64(stmt_of(q), idx, v), idx);
}

static void lite_bind_text(Q *q, int idx, const char *s)
{
  check_bind(q, sqlite3_bind_text(stmt_of(q), idx, s, -1, SQLITE_TRANSIENT),
             idx);
}

static void lite_bind_null(Q *q, int idx)
{
  check_bind(q, sqlite3_bind_null(stmt_of(q), idx), idx);
}

static int lite_step(Q *q)
{
  int rc = sqlite3_step(stmt_of(q));

  if (rc == SQLITE_ROW) return 1;
  if (rc == SQLITE_DONE) return 0;
  fail_sqlite(q->st, q->err, "step");
  return -1;
}

static int64_t lite_col_int(Q *q, int col)
{
  return sqlite3_column_int64(stmt_of(q), col);
}

static const char *lite_col_text(Q *q, int col, size_t *len)
{
  const unsigned char *t;

  *len = 0;
  if (sqlite3_column_type(stmt_of(q), col) == SQLITE_NULL) return NULL;
  t = sqlite3_column_text(stmt_of(q), col);
  *len = (size_t)sqlite3_column_bytes(stmt_of(q), col);
  return t ? (const char *)t : "";
}

static int64_t lite_changes(Store *st)
{
  return sqlite3_changes64(lite(st)->db);
}

static bool lite_in_tx(Store *st)
{
  return sqlite3_get_autocommit(lite(st)->db) == 0;
}

static QtCode lite_prepare_sql(Q *q, const char *sql)
{
  SqliteStore *s = lite(q->st);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2(s->db, sql, -1, &stmt, NULL) != SQLITE_OK) {
    qt_log(QT_LOG_ERROR, "store.prepare sql=\"%.80s\" msg=\"%s\"", sql,
           sqlite3_errmsg(s->db));
    return qt_fail(q->err, QT_ESTORE, "The database failed (prepare).");
  }
  q->h = stmt;
  return QT_OK;
}

static void lite_finalize(Q *q)
{
  sqlite3_finalize(stmt_of(q));
}

static QtCode lite_reset_ids(Store *st, const char *table, QtError *err)
{
  (void)st;
  (void)table;
  (void)err;
  return QT_OK; /* a rowid follows the largest one by itself */
}

static const DbOps lite_ops = {
  .name = "sqlite",
  .sql = sql_sqlite,
  .migrations = "src/store/migrations/sqlite/",
  .close = lite_close,
  .exec = lite_exec,
  .prepare = lite_prepare,
  .bind_int = lite_bind_int,
  .bind_text = lite_bind_text,
  .bind_null = lite_bind_null,
  .step = lite_step,
  .reset = lite_reset,
  .col_int = lite_col_int,
  .col_text = lite_col_text,
  .changes = lite_changes,
  .in_tx = lite_in_tx,
  .prepare_sql = lite_prepare_sql,
  .finalize = lite_finalize,
  .reset_ids = lite_reset_ids,
};

QtCode sqlite_store_open(const char *path, const StoreOptions *opts,
                         Store **out, QtError *err)
{
  SqliteStore *s;
  char pragmas[256];
  int timeout = opts && opts->busy_timeout_ms > 0 ? opts->busy_timeout_ms
                                                  : 5000;
  bool durable = !opts || opts->is_durable;

  *out = NULL;
  if (!*path) return qt_fail(err, QT_EINVALID, "The database path is empty.");
  s = qt_calloc(1, sizeof *s);
  s->base.ops = &lite_ops;
  if (sqlite3_open_v2(path, &s->db,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                        SQLITE_OPEN_NOMUTEX,
                      NULL) != SQLITE_OK) {
    qt_fail(err, QT_ESTORE, "Cannot open database '%.128s': %s.", path,
            s->db ? sqlite3_errmsg(s->db) : "out of memory");
    lite_close(&s->base);
    return QT_ESTORE;
  }
  sqlite3_busy_timeout(s->db, timeout);
  sqlite3_extended_result_codes(s->db, 1);
  snprintf(pragmas, sizeof pragmas,
           "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; "
           "PRAGMA synchronous=%s; PRAGMA temp_store=MEMORY;",
           durable ? "FULL" : "NORMAL");
  if (lite_exec(&s->base, pragmas, err) != QT_OK) {
    lite_close(&s->base);
    return err->code;
  }
  /* A bulk writer (qitong demo) touches far more pages than the default
   * cache holds, and would read them back through the kernel. */
  if (opts && opts->cache_mib > 0) {
    snprintf(pragmas, sizeof pragmas, "PRAGMA cache_size=-%d;",
             opts->cache_mib * 1024);
    if (lite_exec(&s->base, pragmas, err) != QT_OK) {
      lite_close(&s->base);
      return err->code;
    }
  }
  *out = &s->base;
  return QT_OK;
}
