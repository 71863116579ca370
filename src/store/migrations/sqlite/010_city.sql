-- 010: a city's demands, in id order.
--
-- A region scope is a range of codes: a city's list read its whole range
-- through demand_region (600,000 rows of 10 million), then sorted them
-- by id for the page of 30 (seconds a page).  A city, and every county or
-- town in it, is one value of the code's first four digits; its lists
-- read these indexes as an equality, in id order, and stop at the page
-- (sql_texts.h, the _BY_CITY and _BY_OPEN_CITY variants).  The open ones
-- have their own, for the open lists and the overdue board.
CREATE INDEX demand_city ON demand(substr(region_code, 1, 4), id);
CREATE INDEX demand_open_city ON demand(substr(region_code, 1, 4), id)
  WHERE status IN ('submitted', 'assigned', 'accepted', 'answered',
                   'resolved');
