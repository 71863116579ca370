/*
 * sql_sqlite.c — the SQLite dialect of the statement texts (sql_texts.h).
 */

/* The write lock at once, so that a read-modify-write inside the
 * transaction sees no other writer between its read and its write. */
#define D_BEGIN "BEGIN IMMEDIATE"
#define D_COMMIT "COMMIT"
#define D_ROLLBACK "ROLLBACK"
#define D_SCHEMA_INIT                                                        \
  "CREATE TABLE IF NOT EXISTS schema_migrations ("                           \
  " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"                        \
  " applied_at INTEGER NOT NULL) STRICT"
#define D_OPT(p, cond) " AND (" p " IS NULL OR " cond ")"
/* A term no index serves: unary + (SQLite's way to keep a column's
 * index out of a plan). */
#define D_UNINDEXED(col) "+" col
#define D_INSTR(h, n) "instr(" h ", " n ")"
/* FTS5 with the trigram tokenizer: a phrase (quotes doubled) matches
 * where its text occurs, ignoring case. */
#define D_FTS(p)                                                             \
  "d.id IN (SELECT rowid FROM demand_fts WHERE demand_fts MATCH"             \
  " '\"' || replace(" p ", '\"', '\"\"') || '\"')"
/* Two characters, for the trigram index too short: the demands holding
 * P as a pair of consecutive characters, from demand_bigram (migration
 * 011, bigram.c).  P has no letter with case (store_demand.c,
 * is_short_text), which the pair index does not fold, and the list still
 * tests the text itself. */
#define SHORT_TEXT_MATCH(p)                                                  \
  "demand_bigram MATCH '\"' || replace(" p ", '\"', '\"\"') || '\"'"
#define D_SHORT_TEXT_IDS(p)                                                  \
  "SELECT rowid FROM demand_bigram WHERE " SHORT_TEXT_MATCH(p)
/* The same, as a stream in id order that reads demand rows only as far
 * as the caller's LIMIT needs: FTS5 serves "ORDER BY rowid DESC" and
 * "rowid < BEFORE" itself (index flags 192), so the stream selects the
 * index's rowid, not d.id, and joins the demand by key; the IN list of
 * D_SHORT_TEXT_IDS holds every candidate before the first row is read. */
#define D_SHORT_TEXT_PAGE(p, before, cond)                                   \
  "SELECT demand_bigram.rowid FROM demand_bigram"                            \
  " JOIN demand d ON d.id = demand_bigram.rowid WHERE " SHORT_TEXT_MATCH(p)  \
  " AND demand_bigram.rowid < " before " AND " cond
/* A demand's co-departments as "3,10" in ascending order (NULL for
 * none), a column of the demand's own row rather than a query per demand
 * (a page of 50 made 50).  The ordered subquery fixes group_concat's
 * order: SQLite aggregates rows in the order the subquery gives them. */
#define D_CO_IDS                                                             \
  "(SELECT group_concat(department_id) FROM (SELECT department_id"           \
  " FROM demand_co_department WHERE demand_id = d.id"                        \
  " ORDER BY department_id))"
/* A bulk import keeps its transaction's pages in memory (256 MiB)
 * rather than spilling them to the WAL before the commit. */
#define D_CACHE_BULK "PRAGMA cache_size = -262144"
#define D_CACHE_DEFAULT "PRAGMA cache_size = -2000"
#define D_FOREIGN_KEYS_OFF "PRAGMA foreign_keys = OFF"
#define D_FOREIGN_KEYS_ON "PRAGMA foreign_keys = ON"

#define D_TABLE_COLUMNS "SELECT name FROM pragma_table_info(?1) ORDER BY cid"

/* The department's open demands by lead_path (sql_texts.h,
 * DEPARTMENT_OPEN_IDS): with no statistics SQLite takes the five
 * statuses for the narrower term and reads every open demand. */
#define D_OPEN_LEAD "demand INDEXED BY demand_open_lead"
#define D_ROW_ID "rowid"
/* SQLite runs RETURNING as a trigger: every row then opens a statement
 * journal (a copy of each page it changes) and a temporary table, which
 * cost more than the insert itself.  An insert that needs only its id
 * leaves the clause out and q_insert reads last_insert_rowid. */
#define D_RETURNING_ID ""
/* A many-row insert that stops at a failing row and keeps the rows
 * before it: with nothing to undo, SQLite keeps no statement journal
 * (a copy of every page the statement changes). */
#define D_INSERT_OR_FAIL "INSERT OR FAIL"

#define SQL_TABLE sql_sqlite
#include "sql_texts.h"
