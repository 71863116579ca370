-- 005: indexes for the demand list's common filters and their counts.
--
-- A list filter is written "(?N IS NULL OR cond)" so one statement serves
-- every combination, and no index can serve such a term.  So when one of
-- these filters is given, the store picks a variant of the statement that
-- also states it plainly (sql_texts.h, DEMAND_DRIVEN), and these indexes
-- let that term lead the query instead of the whole scope (a city's
-- 35,000 demands): the lead department's, and the few whose extension
-- awaits a supervisor's decision.  The open statuses use demand_status.
CREATE INDEX demand_lead_department ON demand(lead_department_id, id);
CREATE INDEX demand_extension_pending ON demand(id)
  WHERE extension_pending_days > 0;
