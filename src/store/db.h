/*
 * db.h — inside src/store only: statements by id, binding and reading,
 * and the table of operations each backend (sqlite.c, pg.c) provides.
 *
 * Entity code (store_*.c) is written once against this small API and
 * never knows which backend runs.  The statement texts live once, in
 * sql_texts.h, written with a few dialect macros that sql_sqlite.c and
 * sql_pg.c define before including it; they use numbered parameters ?N,
 * which the PostgreSQL backend rewrites to $N when it prepares them.
 *
 * Scoped statements come in variants, one per scope kind, generated from
 * one text (see sql_texts.h).  Their parameters ?1..?5 are the scope's
 * bounds (see open_variant in db.c) and their own parameters start at ?6.
 */
#ifndef QT_DB_H
#define QT_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store.h"

/* Variants of a scoped statement, in this order after its base id.
 * Registry statements have the first four; demand statements also one for
 * a department (handlers), declared with SCOPED_DEPT. */
enum { SV_ALL, SV_REGION, SV_PAIRED, SV_ENTERPRISE, SV_DEPARTMENT,
       SV_N_DEPT /* how many variants SCOPED_DEPT declares */ };

#define SCOPED(name) name, name##_REGION, name##_PAIRED, name##_ENTERPRISE
#define SCOPED_DEPT(name) SCOPED(name), name##_DEPARTMENT

/* Demand lists and their count come once more per filter that can lead
 * the query through an index of its own (migration 005): the same text
 * with that filter also stated plainly, so the planner can use it, rather
 * than only as an optional "(?N IS NULL OR ...)" term, which no index
 * serves.  Each driver has the SCOPED_DEPT variants, in this order. */
typedef enum DemandDriver {
  DRIVE_SCOPE,      /* no filter leads: the scope's index */
  DRIVE_DEPARTMENT, /* the lead department (demand_lead_department) */
  DRIVE_EXTENSION,  /* a pending extension (demand_extension_pending) */
  DRIVE_OPEN,       /* an open status (demand_status) */
  DRIVE_SHORT_TEXT, /* a two-character search (migration 006) */
  DRIVE_INBOX,      /* a department's open demands (migration 006) */
  DRIVE_CITY,       /* a city, or a county or town in it (migration 010) */
  DRIVE_OPEN_CITY,  /* a city's open demands (migration 010) */
  DRIVE_ID,         /* wider than a city, newest first: by id */
  DRIVE_COUNT
} DemandDriver;

#define DRIVEN(name)                                                         \
  SCOPED_DEPT(name), SCOPED_DEPT(name##_BY_DEPARTMENT),                      \
    SCOPED_DEPT(name##_BY_EXTENSION), SCOPED_DEPT(name##_BY_OPEN),           \
    SCOPED_DEPT(name##_BY_SHORT_TEXT), SCOPED_DEPT(name##_BY_INBOX),         \
    SCOPED_DEPT(name##_BY_CITY), SCOPED_DEPT(name##_BY_OPEN_CITY),           \
    SCOPED_DEPT(name##_BY_ID)

typedef enum StmtId {
  STMT_BEGIN,
  STMT_COMMIT,
  STMT_ROLLBACK,
  STMT_SAVEPOINT,
  STMT_SAVEPOINT_RELEASE,
  STMT_SCHEMA_INIT,
  STMT_SCHEMA_VERSION,
  STMT_MIGRATION_RECORD,
  STMT_REGION_COUNT,
  STMT_REGION_INSERT,
  STMT_REGION_GET,
  STMT_REGION_LIST_ALL,
  STMT_REGION_LIST_CHILDREN,
  STMT_INDUSTRY_INSERT,
  STMT_INDUSTRY_LIST,
  STMT_DEPARTMENT_GET,
  STMT_DEPARTMENT_LIST,
  STMT_DEPARTMENT_INSERT,
  STMT_DEPARTMENT_SET_PATH,
  STMT_DEPARTMENT_UPDATE,
  SCOPED(STMT_ENTERPRISE_GET),
  SCOPED(STMT_ENTERPRISE_LIST),
  STMT_ENTERPRISE_INSERT,
  STMT_ENTERPRISE_INSERT_MANY,
  SCOPED(STMT_ENTERPRISE_UPDATE),
  SCOPED(STMT_PROJECT_GET),
  SCOPED(STMT_PROJECT_LIST),
  STMT_PROJECT_INSERT,
  SCOPED(STMT_PROJECT_UPDATE),
  SCOPED(STMT_USER_GET),
  SCOPED(STMT_USER_LIST),
  STMT_USER_BY_NAME,
  STMT_USER_INSERT,
  SCOPED(STMT_USER_UPDATE),
  STMT_USER_SET_PASSWORD,
  SCOPED(STMT_TEAM_GET),
  SCOPED(STMT_TEAM_LIST),
  STMT_TEAM_INSERT,
  SCOPED(STMT_TEAM_UPDATE),
  STMT_TEAM_MEMBERS,
  STMT_TEAM_MEMBER_CLEAR,
  STMT_TEAM_MEMBER_ADD,
  STMT_USER_ROLE,
  SCOPED(STMT_PAIRING_GET),
  SCOPED(STMT_PAIRING_LIST),
  STMT_PAIRING_INSERT,
  SCOPED(STMT_PAIRING_UPDATE),
  STMT_SESSION_INSERT,
  STMT_SESSION_GET,
  STMT_SESSION_TOUCH,
  STMT_SESSION_DELETE,
  STMT_SESSION_PURGE,
  STMT_SESSION_DELETE_USER,
  STMT_TOKEN_INSERT,
  STMT_TOKEN_USER,
  STMT_SIGNIN_COUNT,
  STMT_SIGNIN_INSERT,
  STMT_SIGNIN_CLEAR,
  STMT_SIGNIN_FORGET,
  STMT_AUDIT_LAST,
  STMT_AUDIT_INSERT,
  STMT_AUDIT_ALL,
  /* lookups by natural key, for imports and ledgers (store_lookup.c) */
  STMT_ENTERPRISE_BY_CODE,
  STMT_DEPARTMENT_FIND,
  STMT_TEAM_FIND,
  STMT_PAIRING_ACTIVE,
  STMT_ENTERPRISE_LABEL,
  STMT_USER_LABEL,
  STMT_TEAM_LABEL,
  STMT_PROJECT_LABEL,
  STMT_CACHE_BULK,
  STMT_CACHE_DEFAULT,
  STMT_FOREIGN_KEYS_OFF,
  STMT_FOREIGN_KEYS_ON,
  /* demands */
  STMT_CALENDAR_INSERT,
  STMT_CALENDAR_ALL,
  STMT_CALENDAR_YEAR,
  STMT_CALENDAR_UPSERT,
  STMT_CALENDAR_DELETE,
  STMT_CALENDAR_VERSION,
  STMT_CALENDAR_BUMP,
  STMT_CATEGORY_LIST,
  STMT_CATEGORY_EXISTS,
  STMT_POLICY_MATCH,
  STMT_POLICY_GET,
  STMT_POLICY_LIST,
  STMT_POLICY_SUPERSEDE,
  STMT_POLICY_INSERT,
  STMT_DEMAND_SEQ_NEXT,
  STMT_DEMAND_INSERT,
  SCOPED_DEPT(STMT_DEMAND_GET),
  DRIVEN(STMT_DEMAND_LIST),
  DRIVEN(STMT_DEMAND_LIST_DUE),
  DRIVEN(STMT_DEMAND_COUNT),
  STMT_DEMAND_COUNT_ROLLUP,
  STMT_DEMAND_COUNT_ROLLUP_CATEGORY,
  STMT_DEMAND_UPDATE,
  STMT_DEMAND_UPDATE_STEPS,
  STMT_DEMAND_CO_CLEAR,
  STMT_DEMAND_CO_ADD,
  STMT_DEMAND_EVENT_INSERT,
  STMT_DEMAND_EVENTS,
  STMT_DEMAND_DUE,
  STMT_DEMAND_SET_NEXT_DUE,
  STMT_DEMAND_SET_DUPLICATE,
  STMT_DEMAND_COMMISSIONER,
  STMT_STAT_ADD,
  STMT_STAT_DEPARTMENT_ADD,
  STMT_STAT_COMMISSIONER_ADD,
  /* bulk loading (store_bulk_* in store_demand.c) */
  STMT_BULK_DEMAND_INSERT,
  STMT_BULK_SUPERVISION_INSERT,
  STMT_BULK_SEQ_SET,
  STMT_STATS_BY_DEPARTMENT,
  STMT_STATS_BY_REGION,
  STMT_STATS_BY_CATEGORY,
  STMT_STATS_BY_MONTH,
  STMT_STATS_BY_NONE,
  STMT_STATS_BY_COMMISSIONER,
  SCOPED_DEPT(STMT_NOTIFICATION_LIST),
  SCOPED_DEPT(STMT_NOTIFICATION_READ),
  STMT_SUPERVISION_OPEN,
  STMT_SUPERVISION_ESCALATE,
  STMT_SUPERVISION_CLOSE,
  SCOPED_DEPT(STMT_SUPERVISION_LIST),
  SCOPED_DEPT(STMT_SUPERVISION_LIST_OPEN),
  SCOPED_DEPT(STMT_SUPERVISION_COUNT),
  SCOPED_DEPT(STMT_SUPERVISION_COUNT_OPEN),
  SCOPED_DEPT(STMT_ACCOUNTABILITY_LIST),
  SCOPED_DEPT(STMT_ACCOUNTABILITY_COUNT),
  STMT_ACCOUNTABILITY_INSERT,
  STMT_NOTIFY,
  STMT_EXTENSION_INSERT,
  STMT_EXTENSION_DECIDE,
  /* attachments (store_attachment.c) */
  STMT_ATTACHMENT_INSERT,
  STMT_ATTACHMENT_COUNT,
  STMT_ATTACHMENT_LIST,
  STMT_ATTACHMENT_GET,
  STMT_DEMAND_NOTE_EVENT,
  /* visits (store_visit.c) */
  STMT_VISIT_INSERT,
  SCOPED(STMT_VISIT_GET),
  SCOPED(STMT_VISIT_LIST),
  STMT_VISIT_DEMANDS,
  SCOPED(STMT_VISIT_DUE),
  /* copying a database (store_copy.c) */
  STMT_TABLE_COLUMNS,
  STMT_COUNT
} StmtId;

/* True for the statements a backend that can plan a statement once for
 * all its runs should plan again with each run's values: the demand lists
 * and their count (DRIVEN, declared one after the other above).  Their
 * optional filters fold away only in a plan made with the values, and a
 * plan made without them takes the scope's region range for a few rows;
 * such a plan keeps reading a whole city's demands for one department's
 * (pg.c).  SQLite's planner does not look at the values, which is why
 * the drivers exist. */
static inline bool stmt_is_planned_per_run(StmtId id)
{
  return id >= STMT_DEMAND_LIST &&
         id <= STMT_DEMAND_COUNT_BY_ID_DEPARTMENT;
}

/* The texts of each backend, indexed by StmtId (sql_sqlite.c, sql_pg.c,
 * both built from sql_texts.h). */
extern const char *const sql_sqlite[STMT_COUNT];
extern const char *const sql_pg[STMT_COUNT];

typedef struct Q Q;

/*
 * What a backend does; the rest (transactions' nesting, migrations,
 * reference data, scopes, reading rows) is db.c's, written once.  Each
 * function reports failures through the QtError of its Q or its
 * argument, mapping the database's errors as q_step says.
 */
typedef struct DbOps {
  const char *name;          /* "sqlite" or "postgresql", for messages */
  const char *const *sql;    /* the statement texts, by StmtId */
  const char *migrations;    /* embedded path prefix of its migrations */
  /* Free the connection and everything it holds; ST itself too. */
  void (*close)(Store *st);
  /* Run SQL, a script of statements without parameters (migrations,
   * transaction control). */
  QtCode (*exec)(Store *st, const char *sql, QtError *err);
  /* Make Q->id ready to bind and step (preparing it the first time),
   * with no parameters bound: sets Q->h. */
  QtCode (*prepare)(Q *q);
  void (*bind_int)(Q *q, int idx, int64_t v);
  void (*bind_text)(Q *q, int idx, const char *s); /* S not NULL */
  /* As bind_text, S borrowed until the statement has run; NULL where
   * the backend copies anyway. */
  void (*bind_text_static)(Q *q, int idx, const char *s);
  void (*bind_null)(Q *q, int idx);
  /* 1 for a row, 0 when done, -1 on failure (*q->err set). */
  int (*step)(Q *q);
  /* Forget Q's rows and bindings; Q may be stepped again after binds. */
  void (*reset)(Q *q);
  int64_t (*col_int)(Q *q, int col);
  /* Column COL of the current row as text (borrowed until the next step
   * or reset) and its length; NULL for SQL NULL. */
  const char *(*col_text)(Q *q, int col, size_t *len);
  /* Rows changed by the last statement run. */
  int64_t (*changes)(Store *st);
  /* True while a transaction is open on the connection. */
  bool (*in_tx)(Store *st);
  /* True while the open transaction has failed and can only be rolled
   * back: PostgreSQL after an error outside a savepoint, where a COMMIT
   * would roll back and still succeed.  SQLite never: it ends a
   * transaction it cannot go on with itself. */
  bool (*is_aborted)(Store *st);
  /* Prepare the ad hoc text SQL for Q (Q->id is STMT_COUNT), not cached:
   * for the copy, whose texts name the schema's tables and columns. */
  QtCode (*prepare_sql)(Q *q, const char *sql);
  /* Free an ad hoc statement. */
  void (*finalize)(Q *q);
  /* After rows with explicit ids were copied into TABLE: make the ids
   * the database hands out next follow them. */
  QtCode (*reset_ids)(Store *st, const char *table, QtError *err);
  /* The id the last INSERT gave its row, for a text that leaves out
   * RETURNING (D_RETURNING_ID); 0 where the backend has none. */
  int64_t (*last_id)(Store *st);
  /* Work the backend owes the transaction before its COMMIT, outside
   * any savepoint (SQLite: indexing the demands it queued for search);
   * NULL when none. */
  QtCode (*before_commit)(Store *st, QtError *err);
} DbOps;

struct Store {
  const DbOps *ops; /* the backend */
  int tx_depth;     /* store_begin nesting */
  int tx_base;      /* levels a batch holds (store_batch_begin): 0 or 1 */
  bool tx_failed;   /* an inner level asked to roll back */
};

/* One use of a prepared statement: open, bind, step, close. */
struct Q {
  Store *st;    /* borrowed */
  StmtId id;    /* which statement */
  void *h;      /* the backend's handle for it, borrowed from st */
  QtError *err; /* where failures are reported */
};

/* Open a SQLite database file PATH (sqlite.c) or a PostgreSQL
 * connection URL (pg.c) into *OUT; the contract of store_open. */
QtCode sqlite_store_open(const char *path, const StoreOptions *opts,
                         Store **out, QtError *err);
QtCode pg_store_open(const char *url, const StoreOptions *opts, Store **out,
                     QtError *err);

/* Prepare (once per connection) and reset statement ID.  QT_ESTORE. */
QtCode q_open(Store *st, StmtId id, Q *q, QtError *err);
/* Like q_open for the variant of scoped statement BASE that fits SCOPE,
 * with the scope bound to ?1..?5.  QT_ENOTFOUND when SCOPE sees nothing
 * (a department scope sees no registry rows). */
QtCode q_open_scoped(Store *st, StmtId base, const Scope *scope, Q *q,
                     QtError *err);
/* The same for a statement declared with SCOPED_DEPT, whose department
 * variant takes the department path range as ?1, ?2 and the department
 * id as ?4. */
QtCode q_open_scoped_dept(Store *st, StmtId base, const Scope *scope, Q *q,
                          QtError *err);
void q_close(Q *q);
/* Open the ad hoc statement SQL (built at run time from names the
 * schema gave, never from input; the copy's only); q_close frees it. */
QtCode q_open_sql(Store *st, const char *sql, Q *q, QtError *err);

/* Bind parameter ?IDX.  A NULL string binds SQL NULL. */
void q_int(Q *q, int idx, int64_t v);
void q_text(Q *q, int idx, const char *s);
/* As q_text, for a string that stays put until the statement has run:
 * SQLite then reads it where it lies instead of copying it. */
void q_text_static(Q *q, int idx, const char *s);
void q_null(Q *q, int idx);
/* Bind V, or NULL when V is 0 (for optional foreign keys). */
void q_id(Q *q, int idx, int64_t v);

/* Step: 1 for a row, 0 when done, -1 on failure with *q->err set (unique
 * violation QT_ECONFLICT, foreign key QT_EINVALID, lock QT_EBUSY, else
 * QT_ESTORE). */
int q_step(Q *q);
/* Run a statement that returns no rows to the end; returns its code. */
QtCode q_exec(Q *q);
/* Like q_exec, but leave Q open for new bindings and another run (the
 * copy's inserts, one text for every row). */
QtCode q_exec_again(Q *q);
/* Run an INSERT of one row ending in D_RETURNING_ID: its id into *ID;
 * closes Q. */
QtCode q_insert(Q *q, int64_t *id);
/* The same for an INSERT of N rows (D_INSERT_OR_FAIL): their ids, in the
 * order of its VALUES, into IDS[0..N).  On failure the rows before the
 * failing one that the statement kept, *N_KEPT of them, have their ids
 * in IDS. */
QtCode q_insert_many(Q *q, int64_t *ids, int n, int *n_kept);

int64_t q_col_int(Q *q, int col);
bool q_col_bool(Q *q, int col);
/* Copy of column COL in A; NULL for SQL NULL. */
char *q_col_text(Q *q, int col, Arena *a);
/* Copy into a fixed buffer, truncating; "" for NULL. */
void q_col_copy(Q *q, int col, char *out, size_t size);
/* Column COL as text of *LEN bytes, borrowed until the next q_step or
 * q_close; NULL for SQL NULL.  For reading many rows without copying. */
const char *q_col_peek(Q *q, int col, size_t *len);

/* True when column COL of the current row is SQL NULL. */
bool q_col_is_null(Q *q, int col);

/* Reads the current row of Q into ITEM, strings in A. */
typedef void (*RowReader)(Q *q, Arena *a, void *item);

/* Step list query Q to the end or LIMIT rows, reading each with READ into
 * a new array of SIZE-byte items in A; closes Q. */
QtCode read_rows(Q *q, int limit, size_t size, RowReader read, Arena *a,
                 void **items, int *n_items);
/* Read one row with READ into ITEM; QT_ENOTFOUND ("No such WHAT.") when
 * there is none; closes Q. */
QtCode read_one(Q *q, RowReader read, Arena *a, void *item,
                const char *what);
/* Run UPDATE Q; QT_ENOTFOUND when it touched no row (absent, or outside
 * the scope the statement applied). */
QtCode updated_one(Q *q, const char *what);
/* Bind a filter's "REGION and below" as ?IDX and ?IDX+1 (nothing when
 * REGION is NULL).  QT_EINVALID for a malformed code. */
QtCode bind_region_filter(Q *q, int idx, const char *region, QtError *err);

/* Rows changed by the last statement on ST. */
int64_t db_changes(Store *st);

/* Today's date in China Standard Time, for "pairing still lasts" tests. */
void db_today(char out[QT_TIME_TEXT]);

/* Bound a caller's page: limit in 1..STORE_LIST_MAX, default 50. */
int page_limit(const Page *page);

#endif
