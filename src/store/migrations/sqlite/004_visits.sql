-- 004: visits (走访) of commissioners to the enterprises paired with them,
-- and the demands raised on them.
--
-- A visit is what one commissioner recorded of one contact with one
-- enterprise (on site, by phone or by video), and optionally of one of its
-- key projects.  It keeps the enterprise's region as it was at the visit,
-- so region staff keep seeing the visits made in their region, and so the
-- scoped lists filter on an indexed column of the row itself.  Visits are
-- history: nothing updates or deletes them.
CREATE TABLE visit (
  id            INTEGER PRIMARY KEY,
  user_id       INTEGER NOT NULL REFERENCES app_user(id),  -- the commissioner
  enterprise_id INTEGER NOT NULL REFERENCES enterprise(id),
  project_id    INTEGER REFERENCES project(id),            -- NULL: none
  region_code   TEXT NOT NULL REFERENCES region(code),     -- the enterprise's
  visited_at    INTEGER NOT NULL,
  mode          TEXT NOT NULL CHECK (mode IN ('on_site','phone','video')),
  notes         TEXT NOT NULL CHECK (length(notes) BETWEEN 1 AND 2000),
  created_at    INTEGER NOT NULL
) STRICT;
-- One per scope of the list (the commissioner's own, an enterprise's, a
-- region's, everything), each in the list's order: newest visit first.
-- The enterprise index also answers "when was it last visited".
CREATE INDEX visit_user ON visit(user_id, visited_at);
CREATE INDEX visit_enterprise ON visit(enterprise_id, visited_at);
CREATE INDEX visit_region ON visit(region_code, visited_at);
CREATE INDEX visit_time ON visit(visited_at);

-- The visit a demand was raised on (channel 'visit'); NULL for the rest.
-- Most demands have none, so the index holds only those that do.
ALTER TABLE demand ADD COLUMN visit_id INTEGER REFERENCES visit(id);
CREATE INDEX demand_visit ON demand(visit_id) WHERE visit_id IS NOT NULL;

-- Visits are append-only, like the history of demands.
CREATE TRIGGER visit_no_update BEFORE UPDATE ON visit
BEGIN SELECT RAISE(ABORT, 'visit is append-only'); END;
CREATE TRIGGER visit_no_delete BEFORE DELETE ON visit
BEGIN SELECT RAISE(ABORT, 'visit is append-only'); END;
