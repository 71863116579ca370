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
/* A bulk import keeps its transaction's pages in memory (256 MiB)
 * rather than spilling them to the WAL before the commit. */
#define D_CACHE_BULK "PRAGMA cache_size = -262144"
#define D_CACHE_DEFAULT "PRAGMA cache_size = -2000"
#define D_FOREIGN_KEYS_OFF "PRAGMA foreign_keys = OFF"
#define D_FOREIGN_KEYS_ON "PRAGMA foreign_keys = ON"

#define D_TABLE_COLUMNS "SELECT name FROM pragma_table_info(?1) ORDER BY cid"

#define D_ROW_ID "rowid"

#define SQL_TABLE sql_sqlite
#include "sql_texts.h"
