-- 006: two-character search (SQLite's 006).
--
-- SQLite serves it from the vocabulary of its trigram index.  pg_trgm
-- has no such list to read, so a two-character search still reads the
-- demands in scope here (sql_pg.c, D_SHORT_TEXT_IDS), and this migration
-- only keeps the two schemas' versions in step.
SELECT 1;
