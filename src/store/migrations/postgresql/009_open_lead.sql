-- 009: a department's open demands by its place in the tree.
--
-- A handler's own inbox (open statuses, no department filter) is scoped to
-- the department and those below it, by lead_path.  Read through the open
-- statuses, it went through every open demand of the database; this
-- partial index holds the open ones by lead_path, for the list's variant
-- that names them (sql_texts.h, DEPARTMENT_OPEN_IDS).
CREATE INDEX demand_open_lead ON demand(lead_path, id)
  WHERE status IN ('submitted', 'assigned', 'accepted', 'answered',
                   'resolved');
