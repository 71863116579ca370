-- 012: the open supervision notices by region.
--
-- A supervisor's 督办 page lists a city's open notices with their count.
-- Notices stay after they close, so a city had 120,000 at the province
-- size, of which a few hundred were open: the page read them all, through
-- supervision_region, to find those (a quarter of a second).  The open
-- ones are a small index of their own (sql_texts.h, SUPERVISION_OPEN).
CREATE INDEX supervision_open ON supervision(region_code, id)
  WHERE closed_at IS NULL;
