/*
 * sql_pg.c — the PostgreSQL dialect of the statement texts (sql_texts.h).
 */

/* Writers take one advisory lock for the whole transaction: the same
 * guarantee as SQLite's BEGIN IMMEDIATE, across every server sharing the
 * database (a demand read, changed and written back; the audit chain's
 * last hash; the scheduler's steps, each fired once).  The number is
 * arbitrary and only ours: "qitong" in ASCII. */
#define D_BEGIN "BEGIN; SELECT pg_advisory_xact_lock(113105116111110103)"
#define D_COMMIT "COMMIT"
#define D_ROLLBACK "ROLLBACK"
#define D_SCHEMA_INIT                                                        \
  "CREATE TABLE IF NOT EXISTS schema_migrations ("                           \
  " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"                        \
  " applied_at BIGINT NOT NULL)"
/* The condition first: PostgreSQL infers P's type from its first use,
 * and "P IS NULL" alone says nothing of it. */
#define D_OPT(p, cond) " AND ((" cond ") OR " p " IS NULL)"
/* A term no index serves: PostgreSQL's planner weighs the range with its
 * statistics, so it needs no hint. */
#define D_UNINDEXED(col) col
#define D_INSTR(h, n) "strpos(" h ", " n ")"
/* ILIKE over both columns, served by the pg_trgm GIN index demand_trgm;
 * the text is matched literally (LIKE's wildcards and escape escaped),
 * folding case as the database's locale does, as FTS5's trigrams do. */
#define D_LIKE_ANY(p)                                                        \
  "'%' || replace(replace(replace(" p ", '\\', '\\\\'), '%', '\\%'),"        \
  " '_', '\\_') || '%'"
#define D_FTS(p)                                                             \
  "(d.title ILIKE " D_LIKE_ANY(p) " OR d.content ILIKE " D_LIKE_ANY(p) ")"
/* pg_trgm cannot serve two characters either: the demands holding P,
 * by reading them, as without the driver. */
#define D_SHORT_TEXT_IDS(p)                                                  \
  "SELECT id FROM demand WHERE strpos(title, " p ") > 0"                     \
  " OR strpos(content, " p ") > 0"
/* COND tests the text itself (strpos): the demands below BEFORE, read
 * backwards by key until the caller's LIMIT. */
#define D_SHORT_TEXT_PAGE(p, before, cond)                                   \
  "SELECT d.id FROM demand d WHERE d.id < " before " AND " cond
/* A demand's co-departments as "3,10" in ascending order (NULL for
 * none): see sql_sqlite.c. */
#define D_CO_IDS                                                             \
  "(SELECT string_agg(department_id::text, ',' ORDER BY department_id)"     \
  " FROM demand_co_department WHERE demand_id = d.id)"
/* The server manages its own cache, and foreign keys stay checked: the
 * importer's vouching for its references buys nothing here. */
#define D_CACHE_BULK "SELECT 1"
#define D_CACHE_DEFAULT "SELECT 1"
#define D_FOREIGN_KEYS_OFF "SELECT 1"
#define D_FOREIGN_KEYS_ON "SELECT 1"

#define D_TABLE_COLUMNS                                                      \
  "SELECT column_name FROM information_schema.columns"                       \
  " WHERE table_schema = current_schema() AND table_name = ?1"               \
  " ORDER BY ordinal_position"

#define D_OPEN_LEAD "demand"
#define D_ROW_ID "ctid"
#define D_RETURNING_ID " RETURNING id"
/* A failing statement is undone whole, by its savepoint. */
#define D_INSERT_OR_FAIL "INSERT"

#define SQL_TABLE sql_pg
#include "sql_texts.h"
