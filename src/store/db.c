/*
 * db.c — what every backend shares: choosing one from the URL, statement
 * use through its operations (db.h), scope binding, nested transactions,
 * migrations and the reference data.
 *
 * The backends (sqlite.c, pg.c) only run statements; everything here is
 * written once, so the two cannot drift apart in how a transaction nests
 * or which migration runs when.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "db.h"
#include "embedded.h"
#include "log.h"

/* ---- opening ------------------------------------------------------- */

QtCode store_open(const char *url, const StoreOptions *opts, Store **out,
                  QtError *err)
{
  *out = NULL;
  if (strncmp(url, "postgresql://", 13) == 0 ||
      strncmp(url, "postgres://", 11) == 0) {
    return pg_store_open(url, opts, out, err);
  }
  if (strncmp(url, "sqlite:", 7) == 0) {
    return sqlite_store_open(url + 7, opts, out, err);
  }
  if (strstr(url, "://")) {
    return qt_fail(err, QT_EINVALID,
                   "Unsupported database URL '%.64s': use a file path, "
                   "sqlite:PATH or postgresql://...",
                   url);
  }
  return sqlite_store_open(url, opts, out, err);
}

void store_close(Store *st)
{
  if (st) st->ops->close(st);
}

const char *store_backend(const Store *st)
{
  return st->ops->name;
}

/* ---- statements ------------------------------------------------------ */

QtCode q_open(Store *st, StmtId id, Q *q, QtError *err)
{
  q->st = st;
  q->id = id;
  q->err = err;
  q->h = NULL;
  return st->ops->prepare(q);
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

QtCode q_open_sql(Store *st, const char *sql, Q *q, QtError *err)
{
  q->st = st;
  q->id = STMT_COUNT;
  q->err = err;
  q->h = NULL;
  return st->ops->prepare_sql(q, sql);
}

void q_close(Q *q)
{
  if (q->h && q->id == STMT_COUNT) {
    q->st->ops->finalize(q);
  } else if (q->h) {
    q->st->ops->reset(q);
  }
  q->h = NULL;
}

void q_int(Q *q, int idx, int64_t v)
{
  q->st->ops->bind_int(q, idx, v);
}

void q_text(Q *q, int idx, const char *s)
{
  if (!s) {
    q_null(q, idx);
    return;
  }
  q->st->ops->bind_text(q, idx, s);
}

void q_text_static(Q *q, int idx, const char *s)
{
  if (!s) {
    q_null(q, idx);
  } else if (q->st->ops->bind_text_static) {
    q->st->ops->bind_text_static(q, idx, s);
  } else {
    q->st->ops->bind_text(q, idx, s);
  }
}

void q_null(Q *q, int idx)
{
  q->st->ops->bind_null(q, idx);
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
  return q->st->ops->step(q);
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

QtCode q_exec_again(Q *q)
{
  int rc;

  do {
    rc = q_step(q);
  } while (rc == 1);
  q->st->ops->reset(q);
  return rc < 0 ? q->err->code : QT_OK;
}

QtCode q_insert(Q *q, int64_t *id)
{
  int rc = q_step(q);

  if (rc == 1) {
    *id = q_col_int(q, 0);
  } else {
    *id = rc == 0 ? q->st->ops->last_id(q->st) : 0; /* no RETURNING */
  }
  while (rc == 1) rc = q_step(q);
  q_close(q);
  if (rc < 0) return q->err->code;
  if (*id == 0) {
    return qt_fail(q->err, QT_ESTORE, "The database failed (insert).");
  }
  return QT_OK;
}

QtCode q_insert_many(Q *q, int64_t *ids, int n, int *n_kept)
{
  int64_t last;
  int rc = q_step(q), got = 0, i;

  for (; rc == 1; rc = q_step(q)) {
    if (got < n) ids[got++] = q_col_int(q, 0);
  }
  q_close(q);
  *n_kept = got;
  if (rc == 0 && got == n) return QT_OK;
  /* No RETURNING (SQLite): a statement's new rows take consecutive
   * rowids, each one past the largest, so the last one's gives them all
   * (short of the largest rowid, where SQLite would pick at random).
   * Where the backend has no last id, a failed statement kept nothing. */
  last = got == 0 ? q->st->ops->last_id(q->st) : 0;
  if (last > 0) {
    got = rc == 0 ? n : (int)q->st->ops->changes(q->st);
    if (got < 0 || got > n) got = 0;
    for (i = 0; i < got; i++) ids[i] = last - (got - 1) + i;
    *n_kept = got;
  }
  if (rc < 0) return q->err->code;
  if (*n_kept != n) {
    return qt_fail(q->err, QT_ESTORE, "The database failed (insert).");
  }
  return QT_OK;
}

int64_t q_col_int(Q *q, int col)
{
  return q->st->ops->col_int(q, col);
}

bool q_col_bool(Q *q, int col)
{
  return q_col_int(q, col) != 0;
}

char *q_col_text(Q *q, int col, Arena *a)
{
  size_t len;
  const char *t = q->st->ops->col_text(q, col, &len);

  return t ? arena_strndup(a, t, len) : NULL;
}

void q_col_copy(Q *q, int col, char *out, size_t size)
{
  size_t len;
  const char *t = q->st->ops->col_text(q, col, &len);

  /* Not snprintf: its set-up alone (a zeroed FILE) cost 1,400
   * instructions a call, and a page of 50 demands makes 750 calls. */
  if (size == 0) return;
  if (!t) len = 0;
  if (len >= size) len = size - 1;
  if (len) memcpy(out, t, len);
  out[len] = '\0';
}

const char *q_col_peek(Q *q, int col, size_t *len)
{
  return q->st->ops->col_text(q, col, len);
}

bool q_col_is_null(Q *q, int col)
{
  size_t len;

  return q->st->ops->col_text(q, col, &len) == NULL;
}

int64_t db_changes(Store *st)
{
  return st->ops->changes(st);
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

/* ---- transactions ---------------------------------------------------- */

/* What a transaction at the level tx_base opens, commits and undoes
 * when a batch (store_batch_begin) holds the real one: a savepoint
 * (STMT_SAVEPOINT, STMT_SAVEPOINT_RELEASE, and this), the same text on
 * both backends. */
static const char SP_ROLLBACK[] = "ROLLBACK TO SAVEPOINT qt_tx; "
                                  "RELEASE SAVEPOINT qt_tx";

/* Open or commit a transaction: with IS_SAVEPOINT the prepared statement
 * SAVEPOINT_ID, else the script ALONE_ID (BEGIN and COMMIT are scripts
 * on PostgreSQL). */
static QtCode tx_run(Store *st, bool is_savepoint, StmtId savepoint_id,
                     StmtId alone_id, QtError *err)
{
  Q q;

  if (!is_savepoint) return st->ops->exec(st, st->ops->sql[alone_id], err);
  if (q_open(st, savepoint_id, &q, err) != QT_OK) return err->code;
  return q_exec(&q);
}

/* Transactions nest: only the outermost level commits or rolls back, and
 * a failure at any level rolls the whole transaction back.  The outermost
 * level takes the write lock at once (BEGIN IMMEDIATE on SQLite, one
 * advisory lock on PostgreSQL), so a read-modify-write inside it sees no
 * other writer's changes between its read and its write.  Inside a batch
 * the "outermost" level is the one above the batch's, and it is a
 * savepoint: it commits into the batch or undoes only itself, so each
 * caller's transaction keeps the meaning it has alone, and the lock is
 * the batch's, already held. */
QtCode store_begin(Store *st, QtError *err)
{
  bool in_batch = st->tx_base > 0;

  if (st->tx_depth++ > st->tx_base) return QT_OK;
  st->tx_failed = false;
  if (tx_run(st, in_batch, STMT_SAVEPOINT, STMT_BEGIN, err) != QT_OK) {
    st->tx_depth = st->tx_base;
    if (!in_batch && st->ops->in_tx(st)) {
      QtError ignored;
      qt_error_clear(&ignored);
      /* BEGIN ran but the lock did not come: nothing is held. */
      (void)st->ops->exec(st, st->ops->sql[STMT_ROLLBACK], &ignored);
    }
    return err->code;
  }
  return QT_OK;
}

QtCode store_end(Store *st, QtCode rc, QtError *err)
{
  QtError end_err;
  bool in_batch = st->tx_base > 0;

  /* A caller may end what failed to begin: then there is no level of
   * its own to mark, and the batch's must not be. */
  if (st->tx_depth <= st->tx_base) return rc;
  if (rc != QT_OK) st->tx_failed = true;
  if (--st->tx_depth > st->tx_base) return rc;
  qt_error_clear(&end_err);
  if (!st->tx_failed && !in_batch && st->ops->is_aborted(st)) {
    /* A statement failed outside a savepoint and its caller went on: a
     * COMMIT now would roll back and report success. */
    rc = qt_fail(err, QT_ESTORE, "The transaction was rolled back: a "
                                 "statement inside it failed.");
  } else if (!st->tx_failed) {
    if ((in_batch || !st->ops->before_commit ||
         st->ops->before_commit(st, &end_err) == QT_OK) &&
        tx_run(st, in_batch, STMT_SAVEPOINT_RELEASE, STMT_COMMIT,
               &end_err) == QT_OK) {
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
  if (in_batch) {
    /* The batch goes on without it.  Should the undo itself fail, the
     * batch's owner finds the transaction gone (store_batch_alive). */
    st->tx_failed = false;
    if (st->ops->in_tx(st)) {
      (void)st->ops->exec(st, SP_ROLLBACK, &end_err);
    }
    return rc;
  }
  /* Roll back whatever is left; a failed COMMIT may have done so. */
  if (st->ops->in_tx(st)) {
    /* nothing more can be done if this fails */
    (void)st->ops->exec(st, st->ops->sql[STMT_ROLLBACK], &end_err);
  }
  return rc;
}

bool store_in_transaction(const Store *st)
{
  return st->tx_depth > 0;
}

QtCode store_batch_begin(Store *st, QtError *err)
{
  if (st->tx_depth != 0) {
    return qt_fail(err, QT_EINTERNAL, "A batch must not start inside a "
                                      "transaction.");
  }
  if (store_begin(st, err) != QT_OK) return err->code;
  st->tx_base = 1;
  return QT_OK;
}

bool store_batch_alive(Store *st)
{
  return st->tx_depth == st->tx_base && st->ops->in_tx(st) &&
         !st->ops->is_aborted(st);
}

QtCode store_batch_end(Store *st, bool is_commit, QtError *err)
{
  QtCode rc = QT_OK;

  if (st->tx_base == 0) return QT_OK;
  /* A caller that left a level open is a bug: close it, undone. */
  while (st->tx_depth > st->tx_base) {
    (void)store_end(st, QT_EINTERNAL, err);
  }
  st->tx_base = 0;
  if (!is_commit) {
    rc = qt_fail(err, QT_ESTORE, "The batch was abandoned.");
  } else if (!st->ops->in_tx(st) || st->ops->is_aborted(st)) {
    /* SQLite rolls the whole transaction back on some failures (a full
     * disk, an I/O error), and PostgreSQL's cannot commit after an error
     * outside a savepoint: the batch is gone, and must not count as
     * committed because COMMIT has nothing to commit. */
    rc = qt_fail(err, QT_ESTORE, "The batch's transaction was lost.");
  }
  return store_end(st, rc, err);
}

/* ---- migrations ------------------------------------------------------ */

typedef struct Migration {
  int version;            /* NNN of the file name */
  const char *name;       /* the file name */
  const QtEmbedded *file; /* its text */
} Migration;

enum { MAX_MIGRATIONS = 256 };

static int cmp_migration(const void *a, const void *b)
{
  return ((const Migration *)a)->version - ((const Migration *)b)->version;
}

/* The migrations of the backend whose embedded folder is DIR. */
static int list_migrations(const char *dir, Migration *out)
{
  const QtEmbedded *e;
  size_t prefix = strlen(dir);
  int n = 0;

  for (e = qt_embedded; e->path && n < MAX_MIGRATIONS; e++) {
    if (strncmp(e->path, dir, prefix) != 0) continue;
    if (strchr(e->path + prefix, '/')) continue;
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
  if (q_open(st, STMT_SCHEMA_VERSION, &q, err) != QT_OK) return err->code;
  rc = q_step(&q);
  if (rc == 1) *version = (int)q_col_int(&q, 0);
  q_close(&q);
  return rc < 0 ? err->code : QT_OK;
}

/* Create the table that records migrations, under the write lock, so
 * that servers starting together against one PostgreSQL database do not
 * race to create it. */
static QtCode schema_init(Store *st, QtError *err)
{
  QtCode rc = store_begin(st, err);

  if (rc != QT_OK) return rc;
  rc = st->ops->exec(st, st->ops->sql[STMT_SCHEMA_INIT], err);
  return store_end(st, rc, err);
}

static int binary_version(Store *st)
{
  Migration m[MAX_MIGRATIONS];
  int n = list_migrations(st->ops->migrations, m);
  return n ? m[n - 1].version : 0;
}

QtCode store_schema_version(Store *st, int *have, int *want, QtError *err)
{
  *want = binary_version(st);
  if (schema_init(st, err) != QT_OK) return err->code;
  return schema_version(st, have, err);
}

QtCode store_check_version(Store *st, QtError *err)
{
  int have, want = binary_version(st);

  if (schema_init(st, err) != QT_OK) return err->code;
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

/* Apply migration M unless the database has it already: the version is
 * read again under the write lock, as another server may have applied it
 * since we looked.  *DONE says whether it ran. */
static QtCode apply_migration(Store *st, const Migration *m, bool *done,
                              QtError *err)
{
  int have = 0;
  Q q;
  QtCode rc;

  *done = false;
  rc = store_begin(st, err);
  if (rc != QT_OK) return rc;
  rc = schema_version(st, &have, err);
  if (rc == QT_OK && have < m->version) {
    rc = st->ops->exec(st, (const char *)m->file->data, err);
    if (rc == QT_OK) rc = q_open(st, STMT_MIGRATION_RECORD, &q, err);
    if (rc == QT_OK) {
      q_int(&q, 1, m->version);
      q_text(&q, 2, m->name);
      q_int(&q, 3, qt_now());
      rc = q_exec(&q);
    }
    *done = rc == QT_OK;
  }
  return store_end(st, rc, err);
}

QtCode store_migrate(Store *st, int *applied, QtError *err)
{
  QtCode rc = store_migrate_schema(st, applied, err);

  return rc == QT_OK ? load_reference(st, err) : rc;
}

QtCode store_migrate_schema(Store *st, int *applied, QtError *err)
{
  Migration m[MAX_MIGRATIONS];
  int n = list_migrations(st->ops->migrations, m), i, have;
  bool done;
  QtCode rc;

  if (applied) *applied = 0;
  if (schema_init(st, err) != QT_OK) return err->code;
  if (schema_version(st, &have, err) != QT_OK) return err->code;
  if (n && have > m[n - 1].version) return store_check_version(st, err);
  for (i = 0; i < n; i++) {
    if (m[i].version <= have) continue;
    rc = apply_migration(st, &m[i], &done, err);
    if (rc != QT_OK) {
      qt_log(QT_LOG_ERROR, "store.migrate failed=%s backend=%s", m[i].name,
             st->ops->name);
      return rc;
    }
    if (!done) continue;
    qt_log(QT_LOG_INFO, "store.migrate applied=%s backend=%s", m[i].name,
           st->ops->name);
    if (applied) (*applied)++;
  }
  return QT_OK;
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

/* How many regions there are and the calendar's version (-1: none). */
static QtCode reference_state(Store *st, int64_t *n, int64_t *version,
                              QtError *err)
{
  Q q;
  int rc;

  *n = 0;
  *version = -1;
  if (q_open(st, STMT_REGION_COUNT, &q, err) != QT_OK) return err->code;
  rc = q_step(&q);
  if (rc == 1) *n = q_col_int(&q, 0);
  q_close(&q);
  if (rc < 0) return err->code;
  if (q_open(st, STMT_CALENDAR_VERSION, &q, err) != QT_OK) return err->code;
  rc = q_step(&q);
  if (rc == 1) *version = q_col_int(&q, 0);
  q_close(&q);
  return rc < 0 ? err->code : QT_OK;
}

/* The reference data ships in the binary and is loaded into an empty
 * database; the holiday calendar once, after which admins edit it (its
 * version is 0 until then).  What is missing is decided again under the
 * write lock, so two servers starting together load it once. */
static QtCode load_reference(Store *st, QtError *err)
{
  Q q;
  int64_t n = 0, version = -1;
  QtCode rc;

  rc = reference_state(st, &n, &version, err);
  if (rc != QT_OK) return rc;
  if (n > 0 && version != 0) return QT_OK;
  rc = store_begin(st, err);
  if (rc != QT_OK) return rc;
  rc = reference_state(st, &n, &version, err);
  if (rc == QT_OK && n == 0) {
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
