-- 011: an index of character pairs for two-character searches.
--
-- Most Chinese words are two characters, too short for the trigram index.
-- 006 answered them from the trigram index's vocabulary (the trigrams
-- that begin with the pair) and two indexes on each column's last two
-- characters; fts5vocab walks every posting of each term it lists,
-- hundreds of milliseconds a search at ten million demands.  This index
-- holds every pair of consecutive characters as a term (the qt_bigram
-- tokenizer, bigram.c), and only which demands hold it (detail=none, no
-- sizes): a search reads one term, newest first, and stops at the page
-- (sql_sqlite.c, D_SHORT_TEXT_PAGE).  It is filled from the same queue as
-- demand_fts (sqlite.c, lite_before_commit).
CREATE VIRTUAL TABLE demand_bigram USING fts5(
  title, content, content='demand', content_rowid='id',
  tokenize='qt_bigram', detail='none', columnsize=0);
INSERT INTO demand_bigram (demand_bigram) VALUES ('rebuild');
DROP TABLE demand_fts_vocab;
DROP INDEX demand_title_tail;
DROP INDEX demand_content_tail;
DROP TRIGGER demand_fts_update;
CREATE TRIGGER demand_fts_update AFTER UPDATE OF title, content ON demand
WHEN NOT EXISTS (SELECT 1 FROM demand_fts_queue WHERE id = old.id) BEGIN
  INSERT INTO demand_fts (demand_fts, rowid, title, content)
  VALUES ('delete', old.id, old.title, old.content);
  INSERT INTO demand_fts (rowid, title, content)
  VALUES (new.id, new.title, new.content);
  INSERT INTO demand_bigram (demand_bigram, rowid, title, content)
  VALUES ('delete', old.id, old.title, old.content);
  INSERT INTO demand_bigram (rowid, title, content)
  VALUES (new.id, new.title, new.content);
END;
