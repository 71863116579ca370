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
#define D_INSTR(h, n) "instr(" h ", " n ")"
/* FTS5 with the trigram tokenizer: a phrase (quotes doubled) matches
 * where its text occurs, ignoring case. */
#define D_FTS(p)                                                             \
  "d.id IN (SELECT rowid FROM demand_fts WHERE demand_fts MATCH"             \
  " '\"' || replace(" p ", '\"', '\"\"') || '\"')"
/* Trigrams cannot match two characters, but every place they occur
 * starts a trigram of the index unless they end the column: so the
 * demands holding one of the trigrams that begin with P (read in order
 * from the index's vocabulary), and those whose title or content ends in
 * P (the tail indexes of migration 006).  The vocabulary is case-folded,
 * hence P without letters with case.  With no such trigram the match
 * is one that holds nowhere: FTS5 refuses an empty expression.  UNION
 * ALL, as "IN" keeps each id once anyway: UNION sorted every candidate
 * into a B-tree of its own first, a third of a common word's cost. */
#define SHORT_TEXT_TRIGRAMS(p)                                               \
  "(SELECT coalesce("                                                        \
  " group_concat('\"' || replace(term, '\"', '\"\"') || '\"', ' OR '),"      \
  " '\"000\" NOT \"000\"')"                                                  \
  " FROM demand_fts_vocab WHERE term >= " p " AND term < " p                 \
  " || char(1114111))"
#define D_SHORT_TEXT_IDS(p)                                                  \
  "SELECT rowid FROM demand_fts WHERE demand_fts MATCH "                     \
  SHORT_TEXT_TRIGRAMS(p) " UNION ALL SELECT id FROM demand"                  \
  " WHERE substr(title, -2) = " p " UNION ALL SELECT id FROM demand"         \
  " WHERE substr(content, -2) = " p
/* The same candidates as three streams in id order, each reading demand
 * rows only as far as the caller's LIMIT needs: the index in rowid order
 * (FTS5 serves "ORDER BY rowid DESC" and "rowid < BEFORE" itself, so the
 * stream selects its rowid, not d.id) and the two tail indexes, whose
 * entries follow the rowid within a key.  UNION with ORDER BY and LIMIT
 * is SQLite's merge of sorted streams, which keeps each id once without
 * a temporary B-tree; the IN list of D_SHORT_TEXT_IDS held every
 * candidate before the first row was read.  The cursor's likelihood: with
 * all of a commissioner's or a department's scope and filters the planner
 * counted so few rows that it sorted a tail stream it could read in order
 * (test_demand_plans checks every scope's plan). */
#define D_SHORT_TEXT_PAGE(p, before, cond)                                   \
  "SELECT demand_fts.rowid FROM demand_fts"                                  \
  " JOIN demand d ON d.id = demand_fts.rowid WHERE demand_fts MATCH "        \
  SHORT_TEXT_TRIGRAMS(p) " AND demand_fts.rowid < " before " AND " cond      \
  " UNION SELECT d.id FROM demand d WHERE substr(d.title, -2) = " p          \
  " AND likelihood(d.id < " before ", 0.99) AND " cond                       \
  " UNION SELECT d.id FROM demand d WHERE substr(d.content, -2) = " p        \
  " AND likelihood(d.id < " before ", 0.99) AND " cond
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
