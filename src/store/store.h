/*
 * store.h — the one interface to qitong's database.
 *
 * Everything above src/store reads and writes through these functions,
 * over the domain structs below; no SQL or JSON crosses this line.  The
 * backend is chosen by store_open from the --db argument: a path or
 * "sqlite:PATH" opens the embedded SQLite database, a "postgresql://" or
 * "postgres://" URL a PostgreSQL one; both behave alike behind these
 * functions (one schema, the same results, the same error codes).
 *
 * A Store is one connection: use it from one thread at a time.  Strings in
 * results are allocated in the Arena the caller passes and live as long as
 * it.  Calls touching user-visible rows take a Scope and apply it in the
 * query, so an out-of-scope row is QT_ENOTFOUND, exactly like an absent
 * one.  Writes that must commit together run between store_begin and
 * store_end.
 */
#ifndef QT_STORE_H
#define QT_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "calendar.h"
#include "demand.h"
#include "error.h"
#include "mem.h"
#include "qtime.h"
#include "rates.h"
#include "scope.h"

typedef struct Store Store;

/* ------------------------------------------------------------------ */
/* Connections, schema, transactions                                   */

typedef struct StoreOptions {
  bool is_durable;   /* commits wait for the disk: SQLite synchronous=FULL
                        rather than NORMAL, PostgreSQL synchronous_commit */
  int busy_timeout_ms; /* how long a writer waits for the lock; 0: 5000 */
  int cache_mib;     /* page cache of the connection; 0: SQLite's 2 MiB
                        (PostgreSQL manages its own) */
  bool stops_at_failure; /* the caller abandons a transaction at its first
                            failed statement, so PostgreSQL need not
                            guard each write with a savepoint (halves a
                            bulk writer's time: qitong demo) */
} StoreOptions;

/*
 * Open the database named by URL ("qitong.db", "sqlite:/x/qitong.db",
 * "postgresql://user@host:5432/qitong").  Does not create or migrate the
 * schema: see store_migrate.  Returns a new Store in *OUT (close with
 * store_close).  QT_ESTORE when it cannot be opened or reached,
 * QT_EINVALID for a URL of an unknown kind.
 */
QtCode store_open(const char *url, const StoreOptions *opts, Store **out,
                  QtError *err);
void store_close(Store *st);

/* "sqlite" or "postgresql": which backend ST runs on (for messages and
 * the tools that copy between them; nothing else may depend on it). */
const char *store_backend(const Store *st);

/*
 * Bring the schema to this binary's version, each migration in its own
 * transaction, then load the reference data (regions, industries,
 * holidays) when absent.  QT_ECONFLICT when the database is newer than
 * this binary, saying both versions.  *APPLIED (may be NULL) counts the
 * migrations run.
 */
QtCode store_migrate(Store *st, int *applied, QtError *err);

/* QT_OK when the schema is exactly this binary's version; QT_ECONFLICT
 * with advice ("run qitong init") otherwise. */
QtCode store_check_version(Store *st, QtError *err);

/* What store_backup copied. */
typedef struct StoreBackupInfo {
  int64_t pages;      /* database pages copied */
  int64_t bytes;      /* size of the copy, in bytes */
  int schema_version; /* the copy's last migration; 0 if it has none */
} StoreBackupInfo;

/*
 * Copy the database of ST, as it stood at one moment, to the new file TO
 * while other connections and processes go on writing to it.  The copy is
 * made in a temporary file beside TO (TO.tmp-XXXXXX), checked with PRAGMA
 * integrity_check, synced, and only then given the name TO: TO is either
 * untouched or a complete, checked copy.  It is one self-contained file
 * (rollback journal, no -wal) of mode 0600.  An existing TO is replaced
 * only when IS_FORCE, and never when it is the database itself or its
 * -wal, -shm or -journal file.  ST must not be inside a transaction.
 * Fills *INFO.  QT_ECONFLICT when TO exists and not IS_FORCE; QT_EINVALID
 * when TO is a directory or the database itself; QT_ESTORE when reading,
 * writing or the check fails (the temporary file is removed).  SQLite
 * only: a PostgreSQL database is backed up with pg_dump, and a backend
 * without a backup of its own answers QT_EINVALID saying so.
 */
QtCode store_backup(Store *st, const char *to, bool is_force,
                    StoreBackupInfo *info, QtError *err);


/* The schema version of ST's database in *HAVE (0: none yet) and this
 * binary's in *WANT. */
QtCode store_schema_version(Store *st, int *have, int *want, QtError *err);

/* store_migrate without the reference data: the schema alone (and the
 * rows its migrations insert), for a database about to be filled by
 * store_copy. */
QtCode store_migrate_schema(Store *st, int *applied, QtError *err);

/* ------------------------------------------------------------------ */
/* Copying a whole database (store_copy.c; qitong migrate-store)       */

/* The tables a copy moves, in the order it moves them: I from 0 to
 * store_copy_n_tables() - 1; NULL past the end. */
int store_copy_n_tables(void);
const char *store_copy_table(int i);

/* Set *IS_EMPTY when no table of ST (all migrated) holds a row; else
 * *TABLE names the first that does. */
QtCode store_is_empty(Store *st, bool *is_empty, const char **table,
                      QtError *err);

/* Told of each table copied, with its rows. */
typedef void (*StoreCopyProgress)(void *arg, const char *table,
                                  int64_t n_rows);

/*
 * Copy every row of every table of FROM into TO, both at this binary's
 * schema version, in one transaction on TO (all or nothing): the rows
 * TO's migrations inserted are replaced by FROM's, ids are kept, and
 * the ids TO hands out next follow them.  The caller checks first that
 * TO held nothing (store_is_empty) and after that the sums agree.
 */
QtCode store_copy(Store *from, Store *to, StoreCopyProgress progress,
                  void *arg, QtError *err);

/*
 * Count the rows of TABLE on ST and hash them (SHA-256 over each row's
 * values as text, in the copy's order, into SHA256 as hex), reading the
 * columns in the order LIKE (another store, or NULL for ST) has them:
 * equal data gives equal sums on either backend.
 */
QtCode store_table_sum(Store *st, const char *table, const Store *like,
                       int64_t *n_rows, char sha256[65], QtError *err);

/* Start a write transaction, taking the write lock at once: SQLite's
 * one writer, or on PostgreSQL one advisory lock every server shares, so
 * that what the transaction reads stays as read until it ends.  Inside
 * it a failed statement undoes only itself, on either backend. */
QtCode store_begin(Store *st, QtError *err);
/* Commit when RC is QT_OK, roll back otherwise; returns the final code
 * (a failed commit turns QT_OK into QT_ESTORE). */
QtCode store_end(Store *st, QtCode rc, QtError *err);

/* True inside store_begin .. store_end or a batch: a store_begin now
 * nests in the caller's transaction. */
bool store_in_transaction(const Store *st);

/*
 * Group commit (the server's writer): one transaction that the work of
 * many requests shares, committed once.  Inside it, each outermost
 * store_begin .. store_end becomes a savepoint, so a transaction that
 * fails undoes only itself and one that succeeds is kept, exactly as
 * alone, but nothing is durable until store_batch_end commits them all.
 * store_batch_begin takes the write lock (QT_EBUSY when it does not
 * come).  store_batch_alive is false once the transaction is gone (SQLite
 * rolls all of it back on a full disk or an I/O error) or a caller left a
 * level open; what ran in it then is lost.  store_batch_end commits when
 * IS_COMMIT and the batch is alive, else rolls back; QT_OK only when
 * everything done inside is durable.
 */
QtCode store_batch_begin(Store *st, QtError *err);
bool store_batch_alive(Store *st);
QtCode store_batch_end(Store *st, bool is_commit, QtError *err);

/* ------------------------------------------------------------------ */
/* Lists                                                               */

enum { STORE_LIST_DEFAULT = 50, STORE_LIST_MAX = 500 };

/* Paging shared by every list: items with id > cursor, ascending id. */
typedef struct Page {
  int64_t cursor; /* 0 for the first page */
  int limit;      /* 1..STORE_LIST_MAX */
} Page;

/* ------------------------------------------------------------------ */
/* Reference data: regions and industries                              */

typedef struct Region {
  char *code;        /* GB/T 2260 */
  char *name;
  char *parent_code; /* NULL for the province */
  char *level;       /* province | city | county | town */
} Region;

typedef struct Industry {
  char *code;        /* GB/T 4754-2017: section letter or 2-digit division */
  char *name;
  char *parent_code; /* the section of a division; NULL for sections */
  char *level;       /* section | division */
} Industry;

/* Regions under PARENT ("" for the top), or all when PARENT is NULL. */
QtCode store_region_list(Store *st, const char *parent, Arena *a,
                         Region **items, int *n_items, QtError *err);
QtCode store_region_get(Store *st, const char *code, Arena *a, Region *out,
                        QtError *err);
QtCode store_industry_list(Store *st, Arena *a, Industry **items,
                           int *n_items, QtError *err);

/* ------------------------------------------------------------------ */
/* Departments                                                         */

typedef struct Department {
  int64_t id;
  char *name;        /* 潍坊市工业和信息化局 */
  char *kind;        /* service_office | supervision | bureau | town | other */
  char *region_code; /* where it serves */
  int64_t parent_id; /* 0 at the top of its tree */
  char *path;        /* "/3/17/": ids from the root, for subtree scopes */
  bool is_disabled;  /* kept for history, hidden from new assignments */
  QtTime created_at;
  QtTime updated_at;
} Department;

typedef struct DepartmentFilter {
  const char *region;  /* region and below; NULL for any */
  int64_t parent_id;   /* direct children only; 0 for any */
  const char *q;       /* name contains; NULL for any */
  bool with_disabled;  /* include disabled ones */
} DepartmentFilter;

/* Departments are reference data for every signed-in user: not scoped. */
QtCode store_department_get(Store *st, int64_t id, Arena *a,
                            Department *out, QtError *err);
QtCode store_department_list(Store *st, const DepartmentFilter *f,
                             const Page *page, Arena *a, Department **items,
                             int *n_items, QtError *err);
/* Insert D (id, path and times are set on return).  QT_EINVALID when the
 * region or parent does not exist. */
QtCode store_department_create(Store *st, Department *d, Arena *a,
                               QtError *err);
/* Update name, kind, region and is_disabled of D->id. */
QtCode store_department_update(Store *st, Department *d, QtError *err);

/* ------------------------------------------------------------------ */
/* Enterprises                                                         */

typedef struct Enterprise {
  int64_t id;
  char *credit_code;      /* 统一社会信用代码, upper case */
  char *code_exception;   /* why an admin accepted a code failing its
                             check; NULL for a valid code */
  char *name;
  char *region_code;
  char *region_name;      /* read only, from the region table */
  char *industry_code;    /* GB/T 4754 division or section; NULL unknown */
  char *scale;            /* above (规上) | below (规下) */
  bool is_four_above;     /* 四上 */
  bool is_key;            /* 重点企业 */
  bool is_foreign_invested;
  bool is_foreign_trade;
  int64_t employees;      /* -1 when unknown */
  char *address;
  char *contact_name;
  char *contact_phone;
  bool is_disabled;
  QtTime created_at;
  QtTime updated_at;
} Enterprise;

/* Whether a commissioner serves an enterprise today: through an
 * active one_to_one pairing, or a team pairing whose team is enabled.
 * Leaders' pairings (挂包) do not count: coverage (全覆盖) asks for a
 * commissioner.  SERVED_ANY is 0, so a zeroed filter does not narrow. */
typedef enum ServedFilter {
  SERVED_ANY = 0, /* do not filter */
  SERVED_YES,     /* only enterprises a commissioner serves */
  SERVED_NO       /* only enterprises no commissioner serves */
} ServedFilter;

typedef struct EnterpriseFilter {
  const char *region;   /* region and below; NULL for any */
  const char *industry; /* exact code; NULL for any */
  const char *scale;    /* above | below; NULL for any */
  int four_above;       /* 1 only 四上, 0 only not, -1 any */
  int is_key;           /* likewise */
  const char *q;        /* name or credit code contains; NULL for any */
  bool with_disabled;
  ServedFilter served;  /* whether a commissioner serves it today */
} EnterpriseFilter;

QtCode store_enterprise_get(Store *st, const Scope *scope, int64_t id,
                            Arena *a, Enterprise *out, QtError *err);
QtCode store_enterprise_list(Store *st, const Scope *scope,
                             const EnterpriseFilter *f, const Page *page,
                             Arena *a, Enterprise **items, int *n_items,
                             QtError *err);
/* Insert E.  QT_ECONFLICT when the credit code exists; QT_EINVALID when
 * the region or industry does not exist. */
QtCode store_enterprise_create(Store *st, Enterprise *e, QtError *err);
/* Insert ITEMS[0..STORE_ENTERPRISE_MANY) in one statement, for imports.
 * On a row that breaks a rule, the code store_enterprise_create gives;
 * the rows before it may have been written all the same (SQLite) or not
 * (PostgreSQL): *N_WRITTEN says how many, with their ids set. */
enum { STORE_ENTERPRISE_MANY = 32 };
QtCode store_enterprise_create_many(Store *st, Enterprise *items,
                                    int *n_written, QtError *err);
/* Update every field of E->id but id and created_at; scoped like get. */
QtCode store_enterprise_update(Store *st, const Scope *scope, Enterprise *e,
                               QtError *err);

/* ------------------------------------------------------------------ */
/* Projects (重点项目)                                                   */

typedef struct Project {
  int64_t id;
  char *name;
  int64_t enterprise_id;      /* the owner */
  char *enterprise_name;      /* read only */
  char *region_code;
  int64_t total_investment;   /* 万元 (10,000 yuan) */
  int64_t annual_investment;  /* 万元 planned this year */
  char *stage;  /* negotiating | signed | started | completed | producing */
  char *planned_start;        /* dates "2026-03-02", NULL when unknown */
  char *planned_end;
  char *actual_start;
  char *actual_end;
  bool is_disabled;
  QtTime created_at;
  QtTime updated_at;
} Project;

typedef struct ProjectFilter {
  const char *region;
  const char *stage;
  int64_t enterprise_id; /* 0 for any */
  const char *q;
  bool with_disabled;
} ProjectFilter;

/* Projects are scoped through their region and owner enterprise. */
QtCode store_project_get(Store *st, const Scope *scope, int64_t id,
                         Arena *a, Project *out, QtError *err);
QtCode store_project_list(Store *st, const Scope *scope,
                          const ProjectFilter *f, const Page *page, Arena *a,
                          Project **items, int *n_items, QtError *err);
QtCode store_project_create(Store *st, Project *p, QtError *err);
QtCode store_project_update(Store *st, const Scope *scope, Project *p,
                            QtError *err);

/* ------------------------------------------------------------------ */
/* Users                                                               */

typedef struct User {
  int64_t id;
  char *username;
  char *display_name;
  Role role;
  int64_t department_id;  /* 0 when none */
  char *department_path;  /* read only; NULL when no department */
  char *region_code;      /* NULL when none */
  int64_t enterprise_id;  /* enterprise users only; 0 otherwise */
  char *level;            /* city | county | town, commissioners; or NULL */
  char *phone;
  char *password_hash;    /* argon2id; NULL: cannot sign in yet */
  bool is_disabled;
  QtTime created_at;
  QtTime updated_at;
} User;

typedef struct UserFilter {
  const char *region;
  int has_role;          /* 1 when role below filters */
  Role role;
  int64_t department_id;
  const char *q;         /* username or display name contains */
  bool with_disabled;
} UserFilter;

/* Users are scoped by their region (admins see all; region roles their
 * region and below); other roles see only themselves. */
QtCode store_user_get(Store *st, const Scope *scope, int64_t id, Arena *a,
                      User *out, QtError *err);
/* For sign-in: unscoped, by username (case-sensitive).  QT_ENOTFOUND. */
QtCode store_user_by_name(Store *st, const char *username, Arena *a,
                          User *out, QtError *err);
QtCode store_user_list(Store *st, const Scope *scope, const UserFilter *f,
                       const Page *page, Arena *a, User **items,
                       int *n_items, QtError *err);
/* QT_ECONFLICT for a taken username. */
QtCode store_user_create(Store *st, User *u, QtError *err);
/* Update display name, role, department, region, enterprise, level,
 * phone, is_disabled (not the password). */
QtCode store_user_update(Store *st, const Scope *scope, User *u,
                         QtError *err);
/* Set the password hash of user ID and end every session the user has,
 * so a reset password locks out whoever knew the old one. */
QtCode store_user_set_password(Store *st, int64_t id, const char *hash,
                               QtError *err);

/* ------------------------------------------------------------------ */
/* Teams (入企小分队) and pairings                                      */

typedef struct Team {
  int64_t id;
  char *name;
  int64_t leader_id;
  char *leader_name;    /* read only: the leader's display name */
  char *region_code;
  int64_t *member_ids;  /* arena; the leader is a member too */
  char **member_names;  /* read only, arena: display names by member_ids;
                           NULL until the team is read back */
  int n_member_ids;
  bool is_disabled;
  QtTime created_at;
  QtTime updated_at;
} Team;

typedef struct TeamFilter {
  const char *region;
  int64_t member_id;   /* teams this user belongs to; 0 any */
  const char *q;
  bool with_disabled;
} TeamFilter;

/* Teams are scoped by region; a commissioner sees the teams it is in. */
QtCode store_team_get(Store *st, const Scope *scope, int64_t id, Arena *a,
                      Team *out, QtError *err);
QtCode store_team_list(Store *st, const Scope *scope, const TeamFilter *f,
                       const Page *page, Arena *a, Team **items,
                       int *n_items, QtError *err);
/* Insert T with its members.  QT_EINVALID for an unknown or
 * non-commissioner member. */
QtCode store_team_create(Store *st, Team *t, QtError *err);
/* Replace name, leader, region, is_disabled and the member list. */
QtCode store_team_update(Store *st, const Scope *scope, Team *t,
                         QtError *err);

typedef struct Pairing {
  int64_t id;
  char *kind;            /* one_to_one | team | leader (挂包) */
  int64_t user_id;       /* the commissioner, or 0 when a team */
  int64_t team_id;       /* or 0 when a single commissioner */
  int64_t enterprise_id; /* exactly one of enterprise and project */
  int64_t project_id;
  char *starts_on;       /* date */
  char *ends_on;         /* date, NULL while it lasts */
  QtTime created_at;
  char *user_name;       /* read only: the person's display name, or NULL */
  char *team_name;       /* read only: the team's name, or NULL */
  char *enterprise_name; /* read only: the enterprise's name, or NULL */
  char *project_name;    /* read only: the project's name, or NULL */
} Pairing;

typedef struct PairingFilter {
  int64_t user_id;        /* pairings of this commissioner (direct) */
  int64_t team_id;
  int64_t enterprise_id;
  int64_t project_id;
  const char *kind;       /* one_to_one | team | leader; NULL for any */
  bool with_ended;        /* include pairings that have ended */
  bool only_ended;        /* only those that ended before today (implies
                             with_ended) */
} PairingFilter;

/* Pairings are scoped through the enterprise or project they pair. */
QtCode store_pairing_get(Store *st, const Scope *scope, int64_t id,
                         Arena *a, Pairing *out, QtError *err);
QtCode store_pairing_list(Store *st, const Scope *scope,
                          const PairingFilter *f, const Page *page,
                          Arena *a, Pairing **items, int *n_items,
                          QtError *err);
QtCode store_pairing_create(Store *st, Pairing *p, QtError *err);
/* Set ends_on (ending a pairing is how it is removed: history stays). */
QtCode store_pairing_update(Store *st, const Scope *scope, Pairing *p,
                            QtError *err);

/* ------------------------------------------------------------------ */
/* Sessions, API tokens and sign-in throttling                         */

typedef struct Session {
  char token_hash[65];  /* SHA-256 of the cookie value */
  int64_t user_id;
  char csrf[48];        /* echoed in X-CSRF-Token by cookie-signed writes */
  QtTime created_at;
  QtTime last_seen_at;  /* for the idle expiry */
  QtTime expires_at;    /* absolute expiry */
} Session;

QtCode store_session_create(Store *st, const Session *s, QtError *err);
/* QT_ENOTFOUND when absent or past NOW (idle or absolute). */
QtCode store_session_get(Store *st, const char *token_hash, QtTime now,
                         QtTime idle_limit, Session *out, QtError *err);
QtCode store_session_touch(Store *st, const char *token_hash, QtTime now,
                           QtError *err);
QtCode store_session_delete(Store *st, const char *token_hash,
                            QtError *err);

typedef struct ApiToken {
  int64_t id;
  int64_t user_id;
  char *name;
  QtTime created_at;
} ApiToken;

QtCode store_token_create(Store *st, ApiToken *t, const char *token_hash,
                          QtError *err);
/* The user a live token acts for.  QT_ENOTFOUND when unknown or revoked. */
QtCode store_token_user(Store *st, const char *token_hash, int64_t *user_id,
                        QtError *err);

/* Failures recorded under KEY ("u:name", "a:127.0.0.1") since SINCE.
 * Inside store_begin, no other writer can add one before the caller's
 * own write: count and record there to make the limit exact. */
QtCode store_signin_failures(Store *st, const char *key, QtTime since,
                             int *count, QtError *err);
/* Record a failure (or an attempt not yet decided) under KEY at AT. */
QtCode store_signin_fail(Store *st, const char *key, QtTime at,
                         QtError *err);
/* Forget every failure under KEY. */
QtCode store_signin_clear(Store *st, const char *key, QtError *err);
/* Forget one failure under KEY recorded at AT (an attempt that
 * succeeded after all); none there is not an error. */
QtCode store_signin_forget(Store *st, const char *key, QtTime at,
                           QtError *err);

/* ------------------------------------------------------------------ */
/* Audit log: append-only, hash-chained                                */

typedef struct AuditEntry {
  int64_t user_id;     /* 0 for the system or the command line */
  const char *address; /* client address, or "cli" */
  const char *action;  /* "enterprise.create" */
  const char *entity;  /* "enterprise" */
  int64_t entity_id;
  const char *detail;  /* JSON text of what changed, or NULL */
} AuditEntry;

/* Append E, chaining its hash to the previous entry's.  Call inside the
 * transaction of the write it records. */
QtCode store_audit_append(Store *st, const AuditEntry *e, QtTime at,
                          QtError *err);
/* Recompute the chain.  QT_OK when intact; QT_ECONFLICT naming the first
 * entry that does not match.  *N_CHECKED counts the entries read. */
QtCode store_audit_verify(Store *st, int64_t *n_checked, QtError *err);

/* ------------------------------------------------------------------ */
/* Lookups by natural key, for imports and ledgers (store_lookup.c)    */

/*
 * The id of the enterprise whose credit code is exactly CREDIT_CODE
 * (callers upper-case it), in *ID.  Unscoped and including disabled
 * enterprises: importers resolve references with it and are admin-only.
 * QT_ENOTFOUND when there is none.
 */
QtCode store_enterprise_find_code(Store *st, const char *credit_code,
                                  int64_t *id, QtError *err);

/*
 * Find departments named exactly NAME, only in REGION when it is not
 * NULL, and only enabled ones unless WITH_DISABLED.  *N_FOUND is 0, 1 or
 * 2 (two or more: the name is ambiguous); *ID is the lowest id found, or
 * 0.  Unscoped, like departments themselves.
 */
QtCode store_department_find(Store *st, const char *name, const char *region,
                             bool with_disabled, int64_t *id, int *n_found,
                             QtError *err);

/* Find enabled teams named exactly NAME, with the contract of
 * store_department_find.  Unscoped: for admin imports. */
QtCode store_team_find(Store *st, const char *name, int64_t *id,
                       int *n_found, QtError *err);

/*
 * Set *IS_PAIRED when commissioner USER_ID (or, with USER_ID 0, team
 * TEAM_ID) already has a pairing with ENTERPRISE_ID that lasts on TODAY
 * ("2026-03-02": not ended, or ending today or later).
 */
QtCode store_pairing_active(Store *st, int64_t user_id, int64_t team_id,
                            int64_t enterprise_id, const char *today,
                            bool *is_paired, QtError *err);

/*
 * Labels of records by id, for ledgers that show names where a row holds
 * ids.  Unscoped: call them only for ids taken from rows the caller was
 * allowed to read.  Strings are new copies in A.  QT_ENOTFOUND when the
 * id does not exist.
 */
QtCode store_enterprise_label(Store *st, int64_t id, Arena *a,
                              char **credit_code, char **name, QtError *err);
QtCode store_user_label(Store *st, int64_t id, Arena *a, char **username,
                        char **display_name, QtError *err);
QtCode store_team_label(Store *st, int64_t id, Arena *a, char **name,
                        QtError *err);
QtCode store_project_label(Store *st, int64_t id, Arena *a, char **name,
                           QtError *err);

/*
 * Prepare ST for one long transaction that writes many rows (IS_BULK
 * true), or return it to normal (false); call it outside a transaction,
 * and always turn it off again after, on every path.  Bulk mode lets the
 * connection cache up to 256 MiB of pages, so a large import does not
 * spill its pages before the commit.  With REFERENCES_CHECKED the caller
 * vouches that it checks every foreign key it writes against rows read
 * inside its transaction, and the database stops checking them until
 * bulk mode ends (a million-row import spends a third of its time on
 * those lookups otherwise).  Turning bulk mode off restores both.
 */
QtCode store_bulk_mode(Store *st, bool is_bulk, bool references_checked,
                       QtError *err);


/* ------------------------------------------------------------------ */
/* Demands (诉求): policies, calendar, records, history, supervision     */


/* One version of an SLA policy.  NULL category/kind/urgency match any. */
typedef struct SlaPolicy {
  int64_t id;
  char *category;      /* category code, or NULL for every category */
  char *kind;          /* enquiry | help | complaint | suggestion, or NULL */
  char *urgency;       /* normal | urgent | most_urgent, or NULL */
  DemandLimits limits; /* the deadlines it sets */
  QtTime created_at;
  int64_t created_by;  /* 0 for the built-in default */
} SlaPolicy;

/* The current policy that fits best (most fields matching exactly, then
 * the default).  The default always exists. */
QtCode store_policy_match(Store *st, const char *category, const char *kind,
                          const char *urgency, Arena *a, SlaPolicy *out,
                          QtError *err);
QtCode store_policy_get(Store *st, int64_t id, Arena *a, SlaPolicy *out,
                        QtError *err);
/* The current (not superseded) policies, default first. */
QtCode store_policy_list(Store *st, Arena *a, SlaPolicy **items,
                         int *n_items, QtError *err);
/* Save P as the current policy for its category/kind/urgency: the
 * previous version (if any) is superseded, never changed, so demands
 * keep the rules they were submitted under.  P->id is the new version. */
QtCode store_policy_save(Store *st, SlaPolicy *p, QtError *err);

typedef struct CalendarDay {
  char *day;  /* "2024-02-04" */
  char *kind; /* holiday | workday */
  char *name; /* 春节 */
} CalendarDay;

/* Load every exception into CAL (calendar_init'ed by the caller) and say
 * its version, which changes with every edit. */
QtCode store_calendar_load(Store *st, Calendar *cal, int64_t *version,
                           QtError *err);
/* The version alone: cheap, for knowing when a loaded copy is stale. */
QtCode store_calendar_version(Store *st, int64_t *version, QtError *err);
/* Days of YEAR (0: all), in order. */
QtCode store_calendar_list(Store *st, int year, Arena *a,
                           CalendarDay **items, int *n_items, QtError *err);
/* Set DAY to KIND ("holiday"/"workday") with NAME, or back to normal
 * when KIND is NULL; bumps the version. */
QtCode store_calendar_set(Store *st, const char *day, const char *kind,
                          const char *name, QtError *err);

typedef struct Category {
  char *code;    /* labour, finance, ... */
  char *name;    /* 用工 */
  char *name_en; /* Labour */
} Category;

QtCode store_category_list(Store *st, Arena *a, Category **items,
                           int *n_items, QtError *err);
/* *EXISTS: CODE is a category of the dictionary. */
QtCode store_category_exists(Store *st, const char *code, bool *exists,
                             QtError *err);

/* A demand as stored: its lifecycle state and what surrounds it. */
typedef struct DemandRecord {
  Demand d;                  /* the lifecycle state (src/core/demand.h) */
  char *code;                /* QT-2026-000123, gap-free per year */
  int64_t project_id;        /* 0 when none */
  int64_t submitter_id;      /* who entered it */
  int64_t commissioner_id;   /* the commissioner it is counted for; 0 */
  char *channel;             /* web | mobile | visit | hotline | email |
                                import */
  char *category;            /* category code */
  char *subcategory;         /* free text, or NULL */
  char *kind;                /* enquiry | help | complaint | suggestion */
  char *urgency;             /* normal | urgent | most_urgent */
  char *title;
  char *content;
  char *region_code;         /* the enterprise's region */
  char *enterprise_name;     /* read only */
  char *lead_department_name; /* read only; NULL until assigned */
  char *answer;              /* the latest answer, or NULL */
  char *result;              /* the latest result, or NULL */
  int64_t policy_id;         /* the SLA policy version it lives by */
  QtTime next_due_at;        /* the scheduler's next step, 0 none */
  int64_t visit_id;          /* the visit (走访) it was raised on; 0 */
} DemandRecord;

/*
 * The scope demands are read in: admin all; leader, supervisor and
 * dispatcher their region and below; handler its department and below as
 * lead, or its department as co-department; commissioner the demands of
 * its paired enterprises and those it submitted; enterprise its own.
 */
void store_demand_scope(const Actor *actor, Scope *out);

/*
 * Insert R (R->d already submitted by demand_submit) with the event EV in
 * the current transaction: the code is drawn from the year's sequence
 * (gap-free: a rolled-back insert returns its number), the policy's
 * version recorded, the rates' aggregates updated.  R->d.id and R->code
 * are set on return.
 */
QtCode store_demand_create(Store *st, DemandRecord *r, const DemandEvent *ev,
                           const char *data, const Calendar *cal, Arena *a,
                           QtError *err);

/* Read demand ID if SCOPE (from store_demand_scope) sees it; with its
 * co-departments and limits.  QT_ENOTFOUND otherwise. */
QtCode store_demand_get(Store *st, const Scope *scope, int64_t id, Arena *a,
                        DemandRecord *out, QtError *err);

/*
 * Save R, changed from OLD by the event EV (with DATA, JSON text or NULL),
 * in the current transaction: the row, its co-departments, the event, the
 * next step's time and the rates' aggregates (OLD's contribution out,
 * R's in).  Call with the pair returned by store_demand_get.
 */
QtCode store_demand_save(Store *st, const DemandRecord *old,
                         DemandRecord *r, const DemandEvent *ev,
                         const char *data, const Calendar *cal,
                         QtError *err);

/*
 * Bulk loading, for generators of benchmark data (qitong bench-data),
 * which bring each demand to its final state in memory through the
 * lifecycle (src/core/demand.h) and then write the outcome once: cheaper
 * by the number of steps than store_demand_create and store_demand_save,
 * and the rows are the same.  The caller holds the transaction and keeps
 * the rates' aggregates itself (store_bulk_stat); nothing here updates
 * them.
 *
 * store_bulk_demand inserts R as it is (R->code given, every column from
 * R->d and R, next_due_at from R->next_due_at, the lead path from the
 * lead department) with its co-departments, and sets R->d.id.
 */
QtCode store_bulk_demand(Store *st, DemandRecord *r, QtError *err);
/* Append EV (with DATA, JSON text or NULL) to demand DEMAND_ID's history. */
QtCode store_bulk_event(Store *st, int64_t demand_id, const DemandEvent *ev,
                        const char *data, QtError *err);
/* Insert notice S as it is (escalated_at and closed_at 0 for none; the
 * demand's code, title and department name are not read). */
struct SupervisionRecord; /* below, with the supervision lists */
QtCode store_bulk_supervision(Store *st, const struct SupervisionRecord *s,
                              QtError *err);
/* Record an accountability item of demand R's STAGE at AT, as the
 * scheduler does (store_accountability_add). */
QtCode store_bulk_accountability(Store *st, const DemandRecord *r,
                                 DemandStage stage, QtTime at, QtError *err);
/* Add S to the rates' aggregate row of MONTH ("YYYY-MM"), REGION, lead
 * department DEPARTMENT_ID (0: unassigned) and CATEGORY; and, when
 * COMMISSIONER_ID is not 0, to that commissioner's row of MONTH and
 * REGION instead (DEPARTMENT_ID and CATEGORY then unused). */
QtCode store_bulk_stat(Store *st, const char *month, const char *region,
                       int64_t department_id, const char *category,
                       int64_t commissioner_id, const DemandStats *s,
                       QtError *err);
/* What store_bulk_defer took away, for store_bulk_restore. */
typedef struct StoreDeferred {
  char **texts;        /* the CREATE statements, as the schema holds them */
  int n_texts;         /* entries of texts */
  bool is_fts_deferred; /* the full-text index waits for a rebuild */
} StoreDeferred;

/*
 * Before a bulk load of demands on SQLite: drop the secondary indexes of
 * demand and demand_event and the trigger that indexes each new demand's
 * text, keeping their definitions (from the schema itself) in *OUT,
 * allocated in A.  Building an index once from the finished table sorts;
 * keeping it up row by row seeks, which at ten million demands costs
 * several times more.  The database is incomplete until
 * store_bulk_restore: only for a new database a failure may discard.  On
 * PostgreSQL nothing is dropped.
 */
QtCode store_bulk_defer(Store *st, Arena *a, StoreDeferred *out,
                        QtError *err);
/* Recreate what D names and rebuild the full-text index of demands. */
QtCode store_bulk_restore(Store *st, const StoreDeferred *d, QtError *err);
/* Set the last demand number of YEAR to LAST, so codes drawn after a bulk
 * load continue from it. */
QtCode store_bulk_code_seq(Store *st, int year, int64_t last, QtError *err);

typedef enum DemandSort {
  DEMAND_SORT_NEWEST, /* id descending: the cursor is the last id */
  DEMAND_SORT_DUE     /* the nearest running deadline first */
} DemandSort;

typedef struct DemandFilter {
  const char *statuses;    /* ",assigned,accepted," or NULL for any */
  const char *category;
  int64_t department_id;   /* lead department; 0 any */
  const char *region;      /* region and below */
  bool is_region_exact;    /* REGION itself only, not the regions below */
  int64_t enterprise_id;
  int64_t commissioner_id;
  const char *overdue;     /* "any", "assign", "answer", "resolve", or NULL */
  QtTime from, to;         /* submitted in [from, to); 0 open */
  const char *q;           /* full text over title and content */
  bool is_extension_pending; /* only those whose department asked for
                                more days that no supervisor granted or
                                refused yet */
  DemandSort sort;
  QtTime now;              /* for the overdue filter */
} DemandFilter;

/* A page of demands; the cursor of DEMAND_SORT_DUE is "due.id" text, so
 * CURSOR is a string: NULL for the first page; *NEXT (in A) is NULL on
 * the last. */
QtCode store_demand_list(Store *st, const Scope *scope,
                         const DemandFilter *f, const char *cursor, int limit,
                         Arena *a, DemandRecord **items, int *n_items,
                         char **next, QtError *err);

/* The number of demands the list of SCOPE and F holds on all its pages
 * (F->sort does not matter), into *TOTAL: one COUNT over the list's
 * scoped WHERE, with nothing read but the index or the row each filter
 * needs.  0 for a scope that sees nothing; QT_EBADREQ for a malformed
 * region. */
QtCode store_demand_count(Store *st, const Scope *scope,
                          const DemandFilter *f, int64_t *total, QtError *err);

typedef struct DemandEventRecord {
  int64_t id;
  QtTime at;
  int64_t actor_id;     /* 0: the system */
  char *actor_name;     /* display name, or NULL */
  char *actor_role;
  char *action;         /* submit, assign, ..., step */
  char *from_status;
  char *to_status;
  char *stage;          /* steps only */
  char *rung;
  char *note;
  char *data;           /* JSON text or NULL */
} DemandEventRecord;

/* The timeline of demand ID, oldest first (the caller checked scope). */
QtCode store_demand_events(Store *st, int64_t id, Arena *a,
                           DemandEventRecord **items, int *n_items,
                           QtError *err);

/* Ids of demands whose next step is due at NOW, soonest first, at most
 * LIMIT: the scheduler's work, found through the next_due_at index. */
QtCode store_demand_due(Store *st, QtTime now, int limit, Arena *a,
                        int64_t **ids, int *n_ids, QtError *err);

/* The commissioner the demands of ENTERPRISE_ID count for, into
 * *USER_ID: the user of its first pairing active today, or the leader of
 * its team for a team pairing; a leader's 挂包 does not count.  0 when it
 * has none. */
QtCode store_demand_commissioner(Store *st, int64_t enterprise_id,
                                 int64_t *user_id, QtError *err);

/* Store when R's next step falls due, as demand_next_step says on CAL:
 * for a demand the scheduler found due but had nothing to fire for. */
QtCode store_demand_reschedule(Store *st, const DemandRecord *r,
                               const Calendar *cal, QtError *err);

/* Supervision notices, escalations, accountability, notifications and
 * extension requests, written by the handlers and the scheduler in the
 * demand's transaction. */
QtCode store_supervision_open(Store *st, const DemandRecord *r,
                              DemandStage stage, QtTime at, QtError *err);
QtCode store_supervision_escalate(Store *st, int64_t demand_id,
                                  DemandStage stage, QtTime at,
                                  QtError *err);
/* Close the open notices of stages R has done. */
QtCode store_supervision_close_done(Store *st, const DemandRecord *r,
                                    QtTime at, QtError *err);
QtCode store_accountability_add(Store *st, const DemandRecord *r,
                                DemandStage stage, QtTime at, QtError *err);
QtCode store_notify(Store *st, const char *kind, int64_t demand_id,
                    int64_t user_id, int64_t department_id,
                    const char *region_code, const char *text, QtTime at,
                    QtError *err);
QtCode store_extension_request(Store *st, int64_t demand_id, int days,
                               const char *reason, int64_t user_id,
                               QtTime at, QtError *err);
/* Record the decision on the pending request of DEMAND_ID. */
QtCode store_extension_decide(Store *st, int64_t demand_id, bool approved,
                              int64_t user_id, QtTime at, QtError *err);

typedef struct SupervisionRecord {
  int64_t id;
  int64_t demand_id;
  char *demand_code;
  char *demand_title;
  char *stage;
  int64_t department_id;
  char *department_name;
  char *region_code;
  QtTime opened_at;
  QtTime escalated_at; /* 0 */
  QtTime closed_at;    /* 0 while open */
} SupervisionRecord;

/* Notices in SCOPE's region (a handler: its department's), newest first;
 * only open ones unless WITH_CLOSED. */
QtCode store_supervision_list(Store *st, const Scope *scope,
                              bool with_closed, int64_t cursor, int limit,
                              Arena *a, SupervisionRecord **items,
                              int *n_items, QtError *err);
/* How many notices store_supervision_list gives on all its pages, into
 * *TOTAL (one COUNT over its scoped WHERE). */
QtCode store_supervision_count(Store *st, const Scope *scope,
                               bool with_closed, int64_t *total,
                               QtError *err);
/* Accountability items in SCOPE's region, for months [FROM, TO]
 * ("2026-03"); the same record shape (escalated_at/closed_at 0). */
QtCode store_accountability_list(Store *st, const Scope *scope,
                                 const char *from, const char *to,
                                 int64_t cursor, int limit, Arena *a,
                                 SupervisionRecord **items, int *n_items,
                                 QtError *err);
/* How many items store_accountability_list gives on all its pages. */
QtCode store_accountability_count(Store *st, const Scope *scope,
                                  const char *from, const char *to,
                                  int64_t *total, QtError *err);

/* An in-app notification (催办, 督办, escalation ...).  It is addressed to
 * one user, or else to a department, or else to a region's office (the
 * dispatchers, supervisors and leaders of the region and above). */
typedef struct NotificationRecord {
  int64_t id;
  char *kind;            /* assigned | returned | reminder | supervision |
                            escalation | accountability */
  int64_t demand_id;     /* 0 when about no demand */
  char *demand_code;     /* read only; NULL when about no demand */
  int64_t user_id;       /* the one user it is for; 0 */
  int64_t department_id; /* the department it is for; 0 */
  char *region_code;     /* the demand's region; NULL when none */
  QtTime created_at;
  QtTime read_at;        /* 0 while unread; one reading counts for all */
  char *text;
} NotificationRecord;

/*
 * The notifications SCOPE (from store_demand_scope) receives, newest
 * first, with id below CURSOR (0: from the newest), at most LIMIT, only
 * unread ones when UNREAD_ONLY: a department scope its department's, a
 * region scope those of its region's office (no department, no user, in
 * the region or below), anyone those addressed to SCOPE->user_id, admin
 * all.  Strings in A.  A scope that receives nothing gives no items.
 */
QtCode store_notification_list(Store *st, const Scope *scope,
                               bool unread_only, int64_t cursor, int limit,
                               Arena *a, NotificationRecord **items,
                               int *n_items, QtError *err);

/* Mark notification ID read at AT (an earlier reading stands) when SCOPE
 * receives it, and read it back into *OUT (strings in A).  QT_ENOTFOUND
 * ("No such notification.") otherwise, as for an absent one. */
QtCode store_notification_read(Store *st, const Scope *scope, int64_t id,
                               QtTime at, Arena *a, NotificationRecord *out,
                               QtError *err);

/* ---- rates -------------------------------------------------------- */

typedef enum StatsGroup {
  STATS_BY_DEPARTMENT,
  STATS_BY_REGION,      /* the next level below the scope's region */
  STATS_BY_COMMISSIONER,
  STATS_BY_CATEGORY,
  STATS_BY_MONTH,
  STATS_BY_NONE         /* one row: the whole scope */
} StatsGroup;

typedef struct StatsRow {
  char *key;        /* department id, region code, ... as text */
  char *label;      /* its name (department, region, commissioner,
                       category), or the month itself */
  DemandStats stats;
} StatsRow;

/*
 * Sum the aggregates of demands submitted in months [FROM, TO] ("2026-03")
 * in SCOPE's region (admin: all) grouped by GROUP.  A region-scoped
 * actor groups by region one level below its own (a city's counties).
 */
QtCode store_stats(Store *st, const Scope *scope, const char *from,
                   const char *to, StatsGroup group, Arena *a,
                   StatsRow **rows, int *n_rows, QtError *err);

/* ------------------------------------------------------------------ */
/* Attachments (附件) of demands (store_attachment.c)                   */

/* One file attached to a demand; its bytes are the blob SHA256. */
typedef struct Attachment {
  int64_t id;
  int64_t demand_id;
  char *sha256;           /* 64 lower-case hex digits: the blob's name */
  char *name;             /* base name, cleaned (attachment_name_clean) */
  char *mime;             /* the type its content proved */
  int64_t size;           /* bytes */
  int64_t uploaded_by;    /* user id */
  char *uploaded_by_name; /* display name, read only */
  QtTime uploaded_at;
} Attachment;

/* Number of attachments demand DEMAND_ID holds, in *N (the caller
 * checked scope). */
QtCode store_attachment_count(Store *st, int64_t demand_id, int *n,
                              QtError *err);

/* Insert A (every field but id and uploaded_by_name) and set A->id.  The
 * blob must be in place already (store_blob_commit). */
QtCode store_attachment_add(Store *st, Attachment *a, QtError *err);

/* The attachments of demand DEMAND_ID, oldest first, strings in A (the
 * caller checked scope; a demand holds at most a few dozen). */
QtCode store_attachment_list(Store *st, int64_t demand_id, Arena *a,
                             Attachment **items, int *n_items,
                             QtError *err);

/* Attachment ID if SCOPE (from store_demand_scope) sees its demand;
 * QT_ENOTFOUND ("No such attachment.") otherwise, as for an absent one. */
QtCode store_attachment_get(Store *st, const Scope *scope, int64_t id,
                            Arena *a, Attachment *out, QtError *err);

/*
 * Append to demand DEMAND_ID's timeline an event by ACTOR at AT that does
 * not change its status (from and to are the status it has): ACTION
 * ("attach"), NOTE (the file name, or NULL) and DATA (JSON text, or
 * NULL).  Call in the transaction of the change it records.
 * QT_ENOTFOUND when there is no such demand.
 */
QtCode store_demand_note_event(Store *st, int64_t demand_id,
                               const Actor *actor, const char *action,
                               const char *note, const char *data,
                               QtTime at, QtError *err);

/*
 * Blobs: file contents in the files directory DIR, one file per distinct
 * content at DIR/ab/cd/<sha256 hex> (ab and cd its first hex digits),
 * never rewritten once in place.  Adding one takes two steps so the slow
 * part runs outside the write transaction: stage (hash, write and fsync
 * a temporary file beside its final place) before store_begin, commit
 * (rename it into place) inside, after every check has passed; discard
 * in every case at the end.  Two uploads of the same bytes commit one
 * after the other under the write lock, so the second finds the first's
 * blob and keeps it.  A blob whose row then fails to commit stays behind
 * unreferenced: harmless, and reused by the next upload of those bytes.
 */
typedef struct Blob {
  char sha256[65];   /* hex digest of the content */
  char path[1024];   /* DIR/ab/cd/<sha256> */
  char temp[1024];   /* the staged copy; "" when none is pending */
  bool is_new;       /* commit put the content in place */
} Blob;

/* Stage DATA[0..LEN) for DIR in *B, creating DIR and its subdirectories
 * as needed; no temporary is written when the blob exists already.
 * QT_ESTORE on an I/O failure (the message names the path and why). */
QtCode store_blob_stage(const char *dir, const void *data, size_t len,
                        Blob *b, QtError *err);
/* Put the staged copy in place, unless an identical blob got there
 * first; fsyncs the directory.  QT_ESTORE on an I/O failure. */
QtCode store_blob_commit(Blob *b, QtError *err);
/* Remove a staged copy that was not committed.  Safe to call twice. */
void store_blob_discard(Blob *b);

/* Open blob SHA256 of DIR for reading: a new descriptor in *FD (the
 * caller closes it) and its size in *SIZE.  QT_ESTORE when it is missing
 * or unreadable: a row names it, so that is our failure, not the
 * client's. */
QtCode store_blob_open(const char *dir, const char *sha256, int *fd,
                       int64_t *size, QtError *err);

/* ------------------------------------------------------------------ */
/* Visits (走访) of commissioners to enterprises (store_visit.c)         */

/* One visit, as recorded by the commissioner who made it.  Visits are
 * history: once written they are never changed (the database refuses). */
typedef struct Visit {
  int64_t id;
  int64_t user_id;        /* the commissioner who visited */
  char *user_name;        /* its display name, read only */
  int64_t enterprise_id;  /* the enterprise visited */
  char *enterprise_name;  /* read only */
  char *credit_code;      /* the enterprise's, read only */
  int64_t project_id;     /* one of its key projects, or 0 */
  char *project_name;     /* read only; NULL without a project */
  char *region_code;      /* the enterprise's region at the visit */
  QtTime visited_at;      /* when the visit took place */
  char *mode;             /* on_site (实地) | phone (电话) | video (视频) */
  char *notes;            /* what was seen and said, 1..2000 characters */
  QtTime created_at;      /* when it was recorded */
  int n_demands;          /* demands raised on it, read only */
} Visit;

typedef struct VisitFilter {
  int64_t enterprise_id;  /* visits to this enterprise; 0 any */
  int64_t user_id;        /* visits by this commissioner; 0 any */
  QtTime from, to;        /* visited in [from, to); 0 leaves a side open */
} VisitFilter;

/* A demand raised on a visit, as the visit shows it. */
typedef struct VisitDemand {
  int64_t id;
  char *code;             /* QT-2026-000123 */
  char *title;
  char *category;         /* category code */
  char *status;           /* the demand's status name */
  QtTime submitted_at;
} VisitDemand;

/* A paired enterprise and how recently it was visited (无事不扰: not too
 * seldom, and not too often either). */
typedef struct VisitDue {
  int64_t enterprise_id;
  char *enterprise_name;
  char *region_code;
  char *region_name;
  bool is_four_above;     /* 四上 */
  bool is_key;            /* 重点企业 */
  char *contact_name;     /* or NULL */
  char *contact_phone;    /* or NULL */
  QtTime last_visited_at; /* its latest visit by anyone; 0 never */
  int n_recent;           /* its visits since the threshold, by anyone */
  bool is_due;            /* never visited, or not since the threshold */
} VisitDue;

/*
 * The scope visits are read in: admin all; leader, supervisor and
 * dispatcher their region and below; commissioner the visits it made
 * (SCOPE_PAIRED reads as "its own" for visits); enterprise the visits to
 * it; handlers none (visits are not a department's business).
 */
void store_visit_scope(const Actor *actor, Scope *out);

/* Insert V (every field but id, created_at and the read-only ones; the
 * caller checked the pairing) and set V->id and V->created_at.
 * QT_EINVALID when a referenced row does not exist or a value breaks the
 * table's rules. */
QtCode store_visit_create(Store *st, Visit *v, QtError *err);

/* Visit ID if SCOPE (from store_visit_scope) sees it; QT_ENOTFOUND ("No
 * such visit.") otherwise, as for an absent one.  Strings in A. */
QtCode store_visit_get(Store *st, const Scope *scope, int64_t id, Arena *a,
                       Visit *out, QtError *err);

/*
 * A page of the visits SCOPE sees that match F, newest visit first (by
 * visited_at, then id), at most LIMIT (1..STORE_LIST_MAX).  CURSOR is
 * NULL for the first page, else a *NEXT this function returned; *NEXT
 * (in A) is NULL on the last page.  QT_EBADREQ (field "cursor") for a
 * cursor this list did not make.
 */
QtCode store_visit_list(Store *st, const Scope *scope, const VisitFilter *f,
                        const char *cursor, int limit, Arena *a,
                        Visit **items, int *n_items, char **next,
                        QtError *err);

/* The demands raised on visit VISIT_ID, oldest first, strings in A (the
 * caller checked that the reader sees the visit). */
QtCode store_visit_demands(Store *st, int64_t visit_id, Arena *a,
                           VisitDemand **items, int *n_items, QtError *err);

/*
 * The enabled enterprises SCOPE sees (the registry's scope: a
 * commissioner's are those paired with it today, directly or through a
 * team), by ascending id after PAGE's cursor, each with its latest visit
 * and its visits since SINCE by any commissioner; only those due (never
 * visited, or not since SINCE) when ONLY_DUE.  One statement: the visit
 * figures come from the visit_enterprise index, not one query per
 * enterprise.  A scope that sees no enterprises gives no items.
 */
QtCode store_visit_due(Store *st, const Scope *scope, QtTime since,
                       bool only_due, const Page *page, Arena *a,
                       VisitDue **items, int *n_items, QtError *err);

#endif
