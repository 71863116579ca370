/*
 * sqlite.c — the embedded SQLite backend: the connection and its
 * statement cache, behind the operations of db.h, and online backups.
 *
 * A connection runs in WAL mode (many readers, one writer), with foreign
 * keys on and synchronous=FULL by default, so a write acknowledged to a
 * client survives a power cut.  Statements are prepared once per
 * connection and kept.  Transactions, migrations and reference data are
 * db.c's; entity functions live in store_*.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bigram.h"
#include "db.h"
#include "log.h"

/* The search indexes' upkeep (before_commit), prepared on first use. */
enum {
  FTS_HAS_QUEUE,
  FTS_HAS_BIGRAM,
  FTS_ANY,
  FTS_INDEX,
  FTS_BIGRAM_INDEX,
  FTS_CLEAR,
  FTS_N
};

static const char *const fts_sql[FTS_N] = {
  [FTS_HAS_QUEUE] = "SELECT 1 FROM sqlite_master WHERE type = 'table'"
                    " AND name = 'demand_fts_queue'",
  [FTS_HAS_BIGRAM] = "SELECT 1 FROM sqlite_master WHERE type = 'table'"
                     " AND name = 'demand_bigram'",
  [FTS_ANY] = "SELECT 1 FROM demand_fts_queue LIMIT 1",
  [FTS_INDEX] = "INSERT INTO demand_fts (rowid, title, content)"
                " SELECT d.id, d.title, d.content FROM demand_fts_queue q"
                " JOIN demand d ON d.id = q.id",
  [FTS_BIGRAM_INDEX] = "INSERT INTO demand_bigram (rowid, title, content)"
                       " SELECT d.id, d.title, d.content"
                       " FROM demand_fts_queue q JOIN demand d ON d.id = q.id",
  [FTS_CLEAR] = "DELETE FROM demand_fts_queue",
};

typedef struct SqliteStore {
  Store base;                      /* first: a Store * is one of these */
  sqlite3 *db;                     /* the connection */
  sqlite3_stmt *stmts[STMT_COUNT]; /* prepared on first use, kept */
  sqlite3_stmt *fts[FTS_N];        /* the same, for fts_sql */
  bool has_fts_queue; /* the schema has demand_fts_queue (migration 008) */
  bool has_bigram;    /* and demand_bigram (migration 011) */
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
  for (i = 0; i < FTS_N; i++) {
    sqlite3_finalize(s->fts[i]);
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

static void lite_bind_text_static(Q *q, int idx, const char *s)
{
  check_bind(q, sqlite3_bind_text(stmt_of(q), idx, s, -1, SQLITE_STATIC),
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

  /* Two calls, not three: a page of demands reads some 2,000 texts. */
  *len = 0;
  t = sqlite3_column_text(stmt_of(q), col);
  if (!t) {
    /* SQL NULL, or no memory to convert the value: the type tells. */
    return sqlite3_column_type(stmt_of(q), col) == SQLITE_NULL ? NULL : "";
  }
  *len = (size_t)sqlite3_column_bytes(stmt_of(q), col);
  return (const char *)t;
}

static int64_t lite_changes(Store *st)
{
  return sqlite3_changes64(lite(st)->db);
}

static bool lite_in_tx(Store *st)
{
  return sqlite3_get_autocommit(lite(st)->db) == 0;
}

static bool lite_is_aborted(Store *st)
{
  (void)st;
  return false;
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

static int64_t lite_last_id(Store *st)
{
  return sqlite3_last_insert_rowid(lite(st)->db);
}

/* Run fts_sql[ID] to its end: 1 when it gave a row, 0 when none, -1 on
 * failure (ERR set). */
static int fts_run(SqliteStore *s, int id, QtError *err)
{
  int rc;

  if (!s->fts[id] &&
      sqlite3_prepare_v3(s->db, fts_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
                         &s->fts[id], NULL) != SQLITE_OK) {
    qt_log(QT_LOG_ERROR, "store.prepare fts=%d msg=\"%s\"", id,
           sqlite3_errmsg(s->db));
    qt_fail(err, QT_ESTORE, "The database failed (prepare).");
    return -1;
  }
  rc = sqlite3_step(s->fts[id]);
  sqlite3_reset(s->fts[id]);
  if (rc == SQLITE_ROW) return 1;
  if (rc == SQLITE_DONE) return 0;
  fail_sqlite(&s->base, err, "search index");
  return -1;
}

/* Index the demands the transaction queued, in one statement just before
 * it commits.  FTS5 writes its pending terms out as a new segment at
 * every savepoint, and SQLite opens one around each statement that fires
 * a trigger: indexed by a trigger, each demand cost a segment and the
 * merging that follows (milliseconds on a large index), and a batch of
 * group commit paid it once per write.  Queued by its trigger instead
 * (migration 008), a transaction's demands make one segment.  A queued
 * row rolled back with its savepoint leaves no queue entry either. */
static QtCode lite_before_commit(Store *st, QtError *err)
{
  SqliteStore *s = lite(st);
  int rc;

  if (!s->has_fts_queue) {
    /* Only while migrating a database from before 008. */
    rc = fts_run(s, FTS_HAS_QUEUE, err);
    if (rc <= 0) return rc < 0 ? err->code : QT_OK;
    s->has_fts_queue = true;
  }
  rc = fts_run(s, FTS_ANY, err);
  if (rc <= 0) return rc < 0 ? err->code : QT_OK;
  if (!s->has_bigram) {
    /* Only while migrating a database from before 011. */
    rc = fts_run(s, FTS_HAS_BIGRAM, err);
    if (rc < 0) return err->code;
    s->has_bigram = rc > 0;
  }
  if (fts_run(s, FTS_INDEX, err) < 0 ||
      (s->has_bigram && fts_run(s, FTS_BIGRAM_INDEX, err) < 0) ||
      fts_run(s, FTS_CLEAR, err) < 0) {
    return err->code;
  }
  return QT_OK;
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
  .bind_text_static = lite_bind_text_static,
  .bind_null = lite_bind_null,
  .step = lite_step,
  .reset = lite_reset,
  .col_int = lite_col_int,
  .col_text = lite_col_text,
  .changes = lite_changes,
  .in_tx = lite_in_tx,
  .is_aborted = lite_is_aborted,
  .prepare_sql = lite_prepare_sql,
  .finalize = lite_finalize,
  .reset_ids = lite_reset_ids,
  .last_id = lite_last_id,
  .before_commit = lite_before_commit,
};

/* SQLite's memory statistics, which nothing here reads, take a global
 * mutex on every allocation (5 % of an import's instructions).  They can
 * be turned off only before SQLite starts, hence once, before the first
 * connection. */
static void configure_once(void)
{
  (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); /* too late: harmless */
}

QtCode sqlite_store_open(const char *path, const StoreOptions *opts,
                         Store **out, QtError *err)
{
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  SqliteStore *s;
  char pragmas[256];
  int timeout = opts && opts->busy_timeout_ms > 0 ? opts->busy_timeout_ms
                                                  : 5000;
  bool durable = !opts || opts->is_durable;

  *out = NULL;
  pthread_once(&once, configure_once);
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
  if (qt_bigram_register(s->db) != SQLITE_OK) {
    qt_fail(err, QT_ESTORE, "Cannot add the search tokenizer: %s.",
            sqlite3_errmsg(s->db));
    lite_close(&s->base);
    return QT_ESTORE;
  }
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

/* ---- online backup --------------------------------------------------- */

/* Pages copied per sqlite3_backup_step: 1 MiB at the 4 KiB page size. */
enum { BACKUP_STEP_PAGES = 256 };

/* QT_OK when TO may be written: absent, or (with IS_FORCE) a file that is
 * not the database or one of its companions. */
static QtCode backup_check_target(Store *st, const char *to, bool is_force,
                                  QtError *err)
{
  static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
  const char *db = sqlite3_db_filename(lite(st)->db, "main");
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
  if (st->ops != &lite_ops) {
    return qt_fail(err, QT_EINVALID,
                   "qitong backup copies SQLite databases; back up "
                   "PostgreSQL with pg_dump -Fc.");
  }
  if (st->tx_depth > 0 || sqlite3_get_autocommit(lite(st)->db) == 0) {
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
  if (lite_exec(st, "BEGIN; SELECT count(*) FROM sqlite_schema;", err) !=
      QT_OK) {
    rc = err->code;
    goto out;
  }
  b = sqlite3_backup_init(dst, "main", lite(st)->db, "main");
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
  if (lite_exec(st, "COMMIT", err) != QT_OK) {
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
  if (sqlite3_get_autocommit(lite(st)->db) == 0) {
    (void)lite_exec(st, "ROLLBACK", &ignored); /* the error is logged */
  }
  if (dst) sqlite3_close(dst);
  if (rc != QT_OK) backup_discard(tmp);
  free(tmp);
  return rc;
}
