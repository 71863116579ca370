-- 008: a new demand is queued for the search index and indexed when its
-- transaction commits, not by a trigger on its insert.
--
-- FTS5 writes the terms it holds out as a new segment at every savepoint
-- (SQLite 3.40), and SQLite opens a statement savepoint around an insert
-- whose trigger writes another table: so each demand made a segment of
-- its own, and the merges after it cost milliseconds once the index is
-- large.  Now the trigger only queues the demand's id, and the backend
-- indexes the whole queue in one statement before COMMIT (sqlite.c,
-- lite_before_commit): one segment per transaction, per batch under
-- group commit.  A savepoint rolled back takes its queue entries with it.
CREATE TABLE demand_fts_queue (
  id INTEGER PRIMARY KEY
);
DROP TRIGGER demand_fts_insert;
CREATE TRIGGER demand_fts_queue_insert AFTER INSERT ON demand BEGIN
  INSERT INTO demand_fts_queue (id) VALUES (new.id);
END;
-- A demand still queued is not in the index yet, and is indexed with the
-- text it has at the commit: it must not be taken out of it.
DROP TRIGGER demand_fts_update;
CREATE TRIGGER demand_fts_update AFTER UPDATE OF title, content ON demand
WHEN NOT EXISTS (SELECT 1 FROM demand_fts_queue WHERE id = old.id) BEGIN
  INSERT INTO demand_fts (demand_fts, rowid, title, content)
  VALUES ('delete', old.id, old.title, old.content);
  INSERT INTO demand_fts (rowid, title, content)
  VALUES (new.id, new.title, new.content);
END;
