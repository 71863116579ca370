/*
 * pg.c — the PostgreSQL backend (libpq), behind the operations of db.h.
 *
 * One connection per Store, as with SQLite: the server opens one Store
 * per worker thread.  Each statement text (sql_pg.c) is rewritten from
 * ?N to $N and prepared once per connection with PQprepare, letting the
 * server infer the parameters' types; parameters a text does not use
 * (a scope variant that ignores the region bounds, say) are declared
 * text so that binding them is harmless.  The demand lists are run with
 * their text each time instead (stmt_is_planned_per_run), so that each
 * run is planned with its values.  Values travel as text and results
 * come back whole, read row by row from the PGresult.
 *
 * Two differences from SQLite are absorbed here rather than upstairs:
 *
 * - A failed statement aborts a PostgreSQL transaction, where SQLite
 *   rolls back only the statement.  Callers rely on the latter (an
 *   import rejects a row on a taken credit code and goes on), so every
 *   write inside a transaction runs under a savepoint, released when it
 *   succeeds and rolled back to when it fails.  The three commands go in
 *   one pipeline: one round trip, as a bare statement takes; the server's
 *   work for a write about doubles, which a caller that gives up at its
 *   first failure may decline (StoreOptions.stops_at_failure).
 *
 * - A lost connection fails the statement (QT_ESTORE) and is
 *   re-established on the next use outside a transaction, preparing the
 *   statements again as they are used.
 *
 * Transaction control, migrations and reference data are db.c's.
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "log.h"

/* The most parameters a text has: the import's many-row insert. */
enum { PG_MAX_PARAMS = 512, PG_TEXT_OID = 25 };

typedef struct PgParam {
  char num[24];      /* an integer's text */
  char *heap;        /* a copied string, or NULL */
  const char *value; /* num, heap or NULL (SQL NULL) */
} PgParam;

typedef struct PgStmt {
  char name[24];    /* what it is prepared as */
  bool is_prepared; /* PQprepare'd on this connection */
  bool is_write;    /* INSERT, UPDATE or DELETE: guarded in transactions */
  bool has_run;     /* executed since the last reset */
  bool is_per_run;  /* planned with each run's values (db.h) */
  char *text;       /* when is_per_run: its $N text, run each time */
  Oid *types;       /* and the types of its n_params parameters */
  int n_params;     /* the highest ?N of its text */
  PgParam *params;  /* n_params of them, allocated on first prepare */
  PGresult *res;    /* the rows of the last run, or NULL */
  int row;          /* the current row of res */
} PgStmt;

typedef struct PgStore {
  Store base;                /* first: a Store * is one of these */
  PGconn *conn;              /* the connection */
  PgStmt stmts[STMT_COUNT];  /* statement state, by id */
  int64_t changes;           /* rows the last statement changed */
  int n_adhoc;               /* ad hoc statements prepared so far */
  int lock_timeout_ms;       /* how long a writer waits for a lock */
  bool is_durable;           /* synchronous_commit on */
  bool is_unguarded;         /* no savepoints: StoreOptions.stops_at_failure */
} PgStore;

static PgStore *pgs(Store *st)
{
  return (PgStore *)st;
}

static PgStmt *stmt_of(Q *q)
{
  return q->h;
}

static void pg_reset(Q *q);


/* ---- errors ----------------------------------------------------------- */

/* Map RES's failure (or the connection's, when RES is NULL) to a code,
 * as sqlite.c maps SQLite's. */
static QtCode fail_pg(PgStore *s, const PGresult *res, QtError *err,
                      const char *what)
{
  const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
  const char *msg = res ? PQresultErrorMessage(res) : "";

  if (!msg || !*msg) msg = PQerrorMessage(s->conn);
  if (state && strcmp(state, "23505") == 0) {
    return qt_fail(err, QT_ECONFLICT, "A record with that key exists.");
  }
  if (state && strcmp(state, "23503") == 0) {
    return qt_fail(err, QT_EINVALID,
                   "A referenced record (region, department, enterprise, "
                   "user or team) does not exist.");
  }
  if (state && (strcmp(state, "23514") == 0 || strcmp(state, "23502") == 0)) {
    return qt_fail(err, QT_EINVALID, "A value breaks a rule of the record.");
  }
  if (state && (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
                strcmp(state, "55P03") == 0)) {
    return qt_fail(err, QT_EBUSY,
                   "The database is busy; please try again shortly.");
  }
  qt_log(QT_LOG_ERROR, "store.error what=%s backend=postgresql state=%s "
                       "msg=\"%s\"",
         what, state ? state : "-", msg);
  if (PQstatus(s->conn) != CONNECTION_OK) {
    return qt_fail(err, QT_ESTORE,
                   "The database connection was lost (%s).", what);
  }
  return qt_fail(err, QT_ESTORE, "The database failed (%s).", what);
}

static bool result_ok(const PGresult *res)
{
  ExecStatusType t = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;

  return t == PGRES_COMMAND_OK || t == PGRES_TUPLES_OK;
}

/* ---- the connection --------------------------------------------------- */

static void forget_statements(PgStore *s)
{
  int i, k;

  for (i = 0; i < STMT_COUNT; i++) {
    PgStmt *p = &s->stmts[i];
    PQclear(p->res);
    p->res = NULL;
    p->has_run = false;
    p->is_prepared = false;
    for (k = 0; k < p->n_params && p->params; k++) {
      free(p->params[k].heap);
      p->params[k].heap = NULL;
      p->params[k].value = NULL;
    }
  }
}

static QtCode pg_exec(Store *st, const char *sql, QtError *err)
{
  PgStore *s = pgs(st);
  PGresult *res = PQexec(s->conn, sql);
  QtCode rc = QT_OK;

  if (!result_ok(res)) {
    rc = fail_pg(s, res, err, "exec");
  } else {
    s->changes = atoll(PQcmdTuples(res));
  }
  PQclear(res);
  return rc;
}

/* The session's settings, after every (re)connection: how long to wait
 * for a lock before QT_EBUSY, whether a commit waits for the disk, and
 * quiet notices ("already exists, skipping"). */
static QtCode session_setup(PgStore *s, QtError *err)
{
  char sql[256];

  snprintf(sql, sizeof sql,
           "SET lock_timeout = %d; SET synchronous_commit = %s;"
           " SET client_min_messages = warning;"
           " SET client_encoding = 'UTF8'",
           s->lock_timeout_ms, s->is_durable ? "on" : "off");
  return pg_exec(&s->base, sql, err);
}

/* Reconnect a lost connection, when no transaction was open on it (one
 * that was is gone with it, and its owner has been told). */
static QtCode ensure_connected(PgStore *s, QtError *err)
{
  if (PQstatus(s->conn) == CONNECTION_OK) return QT_OK;
  if (s->base.tx_depth > 0) {
    return qt_fail(err, QT_ESTORE, "The database connection was lost.");
  }
  forget_statements(s);
  PQreset(s->conn);
  if (PQstatus(s->conn) != CONNECTION_OK) {
    qt_log(QT_LOG_ERROR, "store.reconnect failed msg=\"%s\"",
           PQerrorMessage(s->conn));
    return qt_fail(err, QT_ESTORE, "The database cannot be reached.");
  }
  qt_log(QT_LOG_WARN, "store.reconnect ok backend=postgresql");
  return session_setup(s, err);
}

static void pg_close(Store *st)
{
  PgStore *s = pgs(st);
  int i;

  forget_statements(s);
  for (i = 0; i < STMT_COUNT; i++) {
    free(s->stmts[i].params);
    free(s->stmts[i].text);
    free(s->stmts[i].types);
  }
  PQfinish(s->conn);
  free(s);
}

static void ignore_notice(void *arg, const char *message)
{
  (void)arg;
  (void)message; /* client_min_messages keeps them rare; none matter */
}

/* ---- statements ------------------------------------------------------- */

/* Rewrite TEXT's ?N parameters to $N (outside quotes) into a new string,
 * noting which numbers occur in USED[] (PG_MAX_PARAMS + 1 entries) and
 * the highest in *N_PARAMS. */
static char *rewrite_params(const char *text, bool *used, int *n_params)
{
  size_t len = strlen(text);
  char *out = qt_malloc(len + 1), *o = out;
  const char *p = text;
  char quote = 0;

  *n_params = 0;
  while (*p) {
    if (quote) {
      if (*p == quote) quote = 0; /* '' re-enters at once: still right */
      *o++ = *p++;
      continue;
    }
    if (*p == '\'' || *p == '"') {
      quote = *p;
      *o++ = *p++;
      continue;
    }
    if (*p == '?' && p[1] >= '0' && p[1] <= '9') {
      int n = 0;
      *o++ = '$';
      p++;
      while (*p >= '0' && *p <= '9') {
        n = n * 10 + (*p - '0');
        *o++ = *p++;
      }
      if (n >= 1 && n <= PG_MAX_PARAMS) {
        used[n] = true;
        if (n > *n_params) *n_params = n;
      }
      continue;
    }
    *o++ = *p++;
  }
  *o = '\0';
  return out;
}

static bool starts_with_word(const char *text, const char *word)
{
  size_t n = strlen(word);

  while (*text == ' ') text++;
  return strncmp(text, word, n) == 0 && text[n] == ' ';
}

/* Prepare SQL as P->name (set by the caller), sizing P's parameters. */
static QtCode prepare_text(PgStore *s, PgStmt *p, const char *sql,
                           QtError *err)
{
  bool used[PG_MAX_PARAMS + 1] = {false};
  Oid types[PG_MAX_PARAMS];
  char *text;
  PGresult *res;
  int i, n;
  QtCode rc = QT_OK;

  text = rewrite_params(sql, used, &n);
  for (i = 0; i < n; i++) {
    types[i] = used[i + 1] ? 0 : PG_TEXT_OID;
  }
  res = PQprepare(s->conn, p->name, text, n, types);
  if (!result_ok(res)) {
    qt_log(QT_LOG_ERROR, "store.prepare name=%s sql=\"%.80s\"", p->name,
           text);
    rc = fail_pg(s, res, err, "prepare");
  }
  PQclear(res);
  if (rc == QT_OK && p->is_per_run && !p->text) {
    /* Prepared all the same: so a mistake in the text shows at once, as
     * for every other statement. */
    p->text = text;
    p->types = qt_calloc((size_t)(n ? n : 1), sizeof *p->types);
    memcpy(p->types, types, (size_t)n * sizeof *types);
    text = NULL;
  }
  free(text);
  if (rc != QT_OK) return rc;
  if (!p->params) {
    p->params = qt_calloc((size_t)(n ? n : 1), sizeof *p->params);
    p->n_params = n;
  }
  p->is_prepared = true;
  return QT_OK;
}

static QtCode prepare_stmt(PgStore *s, StmtId id, QtError *err)
{
  PgStmt *p = &s->stmts[id];

  snprintf(p->name, sizeof p->name, "qt%d", (int)id);
  p->is_write = starts_with_word(sql_pg[id], "INSERT") ||
                starts_with_word(sql_pg[id], "UPDATE") ||
                starts_with_word(sql_pg[id], "DELETE");
  p->is_per_run = stmt_is_planned_per_run(id);
  return prepare_text(s, p, sql_pg[id], err);
}

/* Ad hoc statements are the copy's, which stops at its first failure:
 * they run without a savepoint (is_write stays false), which a copy of
 * millions of rows would otherwise pay for on every one. */
static QtCode pg_prepare_sql(Q *q, const char *sql)
{
  PgStore *s = pgs(q->st);
  PgStmt *p;

  if (ensure_connected(s, q->err) != QT_OK) return q->err->code;
  p = qt_calloc(1, sizeof *p);
  snprintf(p->name, sizeof p->name, "qt_adhoc%d", ++s->n_adhoc);
  if (prepare_text(s, p, sql, q->err) != QT_OK) {
    free(p->params);
    free(p);
    return q->err->code;
  }
  q->h = p;
  return QT_OK;
}

static void pg_finalize(Q *q)
{
  PgStore *s = pgs(q->st);
  PgStmt *p = stmt_of(q);
  char sql[64];

  pg_reset(q);
  snprintf(sql, sizeof sql, "DEALLOCATE %s", p->name);
  PQclear(PQexec(s->conn, sql)); /* gone with the connection otherwise */
  free(p->params);
  free(p);
}

static QtCode pg_reset_ids(Store *st, const char *table, QtError *err)
{
  char sql[256];

  snprintf(sql, sizeof sql,
           "SELECT setval(pg_get_serial_sequence('%s', 'id'),"
           " coalesce(max(id), 0) + 1, false) FROM %s",
           table, table);
  return pg_exec(st, sql, err);
}

static int64_t pg_last_id(Store *st)
{
  (void)st;
  return 0; /* every insert says RETURNING id */
}

static void pg_reset(Q *q)
{
  PgStmt *p = stmt_of(q);
  int k;

  PQclear(p->res);
  p->res = NULL;
  p->has_run = false;
  for (k = 0; k < p->n_params; k++) {
    free(p->params[k].heap);
    p->params[k].heap = NULL;
    p->params[k].value = NULL;
  }
}

static QtCode pg_prepare(Q *q)
{
  PgStore *s = pgs(q->st);

  if (ensure_connected(s, q->err) != QT_OK) return q->err->code;
  if (!s->stmts[q->id].is_prepared &&
      prepare_stmt(s, q->id, q->err) != QT_OK) {
    return q->err->code;
  }
  q->h = &s->stmts[q->id];
  pg_reset(q);
  return QT_OK;
}

/* The slot of parameter ?IDX, or NULL (logged) for one the text lacks:
 * a programming error, as SQLite's SQLITE_RANGE is. */
static PgParam *param(Q *q, int idx)
{
  PgStmt *p = stmt_of(q);

  if (idx < 1 || idx > p->n_params) {
    qt_log(QT_LOG_ERROR, "store.bind id=%d idx=%d n=%d", (int)q->id, idx,
           p->n_params);
    return NULL;
  }
  return &p->params[idx - 1];
}

static void pg_bind_int(Q *q, int idx, int64_t v)
{
  PgParam *p = param(q, idx);

  if (!p) return;
  free(p->heap);
  p->heap = NULL;
  snprintf(p->num, sizeof p->num, "%lld", (long long)v);
  p->value = p->num;
}

static void pg_bind_text(Q *q, int idx, const char *v)
{
  PgParam *p = param(q, idx);

  if (!p) return;
  free(p->heap);
  p->heap = qt_strdup(v);
  p->value = p->heap;
}

static void pg_bind_null(Q *q, int idx)
{
  PgParam *p = param(q, idx);

  if (!p) return;
  free(p->heap);
  p->heap = NULL;
  p->value = NULL;
}

/* The next result of a pipeline, with the NULL that ends each query's
 * results consumed; NULL when the connection has none to give. */
static PGresult *pipeline_result(PGconn *conn)
{
  PGresult *res = PQgetResult(conn), *end;

  if (res && PQresultStatus(res) != PGRES_PIPELINE_SYNC) {
    while ((end = PQgetResult(conn)) != NULL) {
      PQclear(end); /* a query gives one result; this is defensive */
    }
  }
  return res;
}

/* Run statement P (named NAME) with VALUES under a savepoint, in one
 * round trip; on failure roll back to the savepoint, so the transaction
 * goes on as SQLite's would.  Returns the statement's result (the
 * caller clears it), or NULL when the connection failed. */
static PGresult *run_guarded(PgStore *s, const char *name, int n,
                             const char *const *values)
{
  PGconn *c = s->conn;
  PGresult *sp, *res, *rel, *sync;

  if (!PQenterPipelineMode(c)) return NULL;
  if (!PQsendQueryParams(c, "SAVEPOINT qt_stmt", 0, NULL, NULL, NULL, NULL,
                         0) ||
      !PQsendQueryPrepared(c, name, n, values, NULL, NULL, 0) ||
      !PQsendQueryParams(c, "RELEASE SAVEPOINT qt_stmt", 0, NULL, NULL,
                         NULL, NULL, 0) ||
      !PQpipelineSync(c)) {
    (void)PQexitPipelineMode(c);
    return NULL;
  }
  sp = pipeline_result(c);
  res = pipeline_result(c);
  rel = pipeline_result(c);
  sync = pipeline_result(c);
  (void)PQexitPipelineMode(c); /* fails only on a broken connection */
  if (!result_ok(sp) && sp) {
    /* No savepoint (the transaction had failed already): its error is
     * the statement's. */
    PQclear(res);
    res = sp;
    sp = NULL;
  } else if (res && !result_ok(res) &&
             PQresultStatus(res) != PGRES_PIPELINE_ABORTED) {
    PGresult *back = PQexec(c, "ROLLBACK TO SAVEPOINT qt_stmt;"
                               " RELEASE SAVEPOINT qt_stmt");
    if (!result_ok(back)) {
      qt_log(QT_LOG_ERROR, "store.savepoint msg=\"%s\"",
             PQerrorMessage(c));
    }
    PQclear(back);
  }
  PQclear(sp);
  PQclear(rel);
  PQclear(sync);
  return res;
}

static QtCode run(Q *q)
{
  PgStore *s = pgs(q->st);
  PgStmt *p = stmt_of(q);
  const char *values[PG_MAX_PARAMS];
  int i;
  PGTransactionStatusType tx = PQtransactionStatus(s->conn);

  for (i = 0; i < p->n_params; i++) {
    values[i] = p->params[i].value;
  }
  PQclear(p->res);
  if (p->is_write && tx == PQTRANS_INTRANS && !s->is_unguarded) {
    p->res = run_guarded(s, p->name, p->n_params, values);
  } else if (p->is_per_run) {
    /* An unnamed statement: parsed and planned with these values, where
     * a prepared one would settle on a plan made without them after five
     * runs.  For a city's list of one department's open demands that
     * plan reads all 35,000 entries of the city's demand_region (22 ms)
     * rather than the department's in demand_lead_department (1 ms). */
    p->res = PQexecParams(s->conn, p->text, p->n_params, p->types, values,
                          NULL, NULL, 0);
  } else {
    p->res = PQexecPrepared(s->conn, p->name, p->n_params, values, NULL,
                            NULL, 0);
  }
  p->has_run = true;
  p->row = 0;
  if (!result_ok(p->res)) {
    QtCode rc = fail_pg(s, p->res, q->err, "step");
    PQclear(p->res);
    p->res = NULL;
    return rc;
  }
  s->changes = atoll(PQcmdTuples(p->res));
  return QT_OK;
}

static int pg_step(Q *q)
{
  PgStmt *p = stmt_of(q);

  if (!p->has_run) {
    if (run(q) != QT_OK) return -1;
  } else if (p->res) {
    p->row++;
  } else {
    return 0;
  }
  return p->row < PQntuples(p->res) ? 1 : 0;
}

static int64_t pg_col_int(Q *q, int col)
{
  PgStmt *p = stmt_of(q);
  const char *v;

  if (!p->res || PQgetisnull(p->res, p->row, col)) return 0;
  v = PQgetvalue(p->res, p->row, col);
  if (v[0] == 't' && !v[1]) return 1; /* a boolean */
  if (v[0] == 'f' && !v[1]) return 0;
  return strtoll(v, NULL, 10);
}

static const char *pg_col_text(Q *q, int col, size_t *len)
{
  PgStmt *p = stmt_of(q);

  *len = 0;
  if (!p->res || PQgetisnull(p->res, p->row, col)) return NULL;
  *len = (size_t)PQgetlength(p->res, p->row, col);
  return PQgetvalue(p->res, p->row, col);
}

static int64_t pg_changes(Store *st)
{
  return pgs(st)->changes;
}

static bool pg_in_tx(Store *st)
{
  PGTransactionStatusType t = PQtransactionStatus(pgs(st)->conn);

  return t == PQTRANS_INTRANS || t == PQTRANS_INERROR;
}

static bool pg_is_aborted(Store *st)
{
  return PQtransactionStatus(pgs(st)->conn) == PQTRANS_INERROR;
}

static const DbOps pg_ops = {
  .name = "postgresql",
  .sql = sql_pg,
  .migrations = "src/store/migrations/postgresql/",
  .close = pg_close,
  .exec = pg_exec,
  .prepare = pg_prepare,
  .bind_int = pg_bind_int,
  .bind_text = pg_bind_text,
  .bind_null = pg_bind_null,
  .step = pg_step,
  .reset = pg_reset,
  .col_int = pg_col_int,
  .col_text = pg_col_text,
  .changes = pg_changes,
  .in_tx = pg_in_tx,
  .is_aborted = pg_is_aborted,
  .prepare_sql = pg_prepare_sql,
  .finalize = pg_finalize,
  .reset_ids = pg_reset_ids,
  .last_id = pg_last_id,
};

QtCode pg_store_open(const char *url, const StoreOptions *opts, Store **out,
                     QtError *err)
{
  PgStore *s;

  *out = NULL;
  s = qt_calloc(1, sizeof *s);
  s->base.ops = &pg_ops;
  s->lock_timeout_ms = opts && opts->busy_timeout_ms > 0
                         ? opts->busy_timeout_ms
                         : 5000;
  s->is_durable = !opts || opts->is_durable;
  s->is_unguarded = opts && opts->stops_at_failure;
  s->conn = PQconnectdb(url);
  if (!s->conn || PQstatus(s->conn) != CONNECTION_OK) {
    /* The message names host and port, never the password. */
    const char *why = s->conn ? PQerrorMessage(s->conn) : "out of memory";
    char line[200];
    size_t n;
    snprintf(line, sizeof line, "%s", why);
    n = strcspn(line, "\r\n");
    line[n] = '\0';
    qt_fail(err, QT_ESTORE, "Cannot connect to PostgreSQL: %s", line);
    pg_close(&s->base);
    return QT_ESTORE;
  }
  PQsetNoticeProcessor(s->conn, ignore_notice, NULL);
  if (PQserverVersion(s->conn) < 130000) {
    qt_fail(err, QT_ESTORE,
            "PostgreSQL %d.%d is too old: qitong needs 13 or newer.",
            PQserverVersion(s->conn) / 10000,
            PQserverVersion(s->conn) % 10000);
    pg_close(&s->base);
    return QT_ESTORE;
  }
  if (session_setup(s, err) != QT_OK) {
    pg_close(&s->base);
    return err->code;
  }
  *out = &s->base;
  return QT_OK;
}
