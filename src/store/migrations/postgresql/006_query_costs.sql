-- 006: the index for a handler's inbox (SQLite's 006).
--
-- A department's open demands are a few among all it ever led, which
-- demand_lead_department reads through; this partial index holds only the
-- open ones, for the list's variant that states both filters plainly
-- (sql_texts.h, DEMAND_DRIVEN, _BY_INBOX).
--
-- SQLite's 006 also serves two-character search from the vocabulary of
-- its trigram index.  pg_trgm has no such list to read, so a search that
-- short still reads the demands in scope here (sql_pg.c,
-- D_SHORT_TEXT_IDS).
CREATE INDEX demand_open_department ON demand(lead_department_id, id)
  WHERE status IN ('submitted', 'assigned', 'accepted', 'answered',
                   'resolved');
