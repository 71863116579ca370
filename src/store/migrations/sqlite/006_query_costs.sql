-- 006: indexes for a handler's inbox and for two-character search.
--
-- A department's open demands are a few among all it ever led, which
-- demand_lead_department reads through; this partial index holds only the
-- open ones, for the list's variant that states both filters plainly
-- (sql_texts.h, DEMAND_DRIVEN, _BY_INBOX).
CREATE INDEX demand_open_department ON demand(lead_department_id, id)
  WHERE status IN ('submitted', 'assigned', 'accepted', 'answered',
                   'resolved');

-- A search of two characters (most Chinese words) is too short for the
-- trigram index, and read every demand in scope.  Yet each place the two
-- characters occur begins a trigram of the index, unless they end the
-- title or content: so the index's vocabulary, read in order from the two
-- characters, names the trigrams to match, and these indexes on each
-- column's last two characters find the rest (sql_sqlite.c,
-- D_SHORT_TEXT_IDS).  The list still tests the text itself.
CREATE VIRTUAL TABLE demand_fts_vocab USING fts5vocab(demand_fts, 'row');
CREATE INDEX demand_title_tail ON demand(substr(title, -2));
CREATE INDEX demand_content_tail ON demand(substr(content, -2));
