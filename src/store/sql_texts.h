/*
 * sql_texts.h — every SQL text, by statement id, for both backends.
 *
 * Included by sql_sqlite.c and sql_pg.c, each after defining SQL_TABLE
 * (the array's name) and the dialect macros below, which are the only
 * places the two SQLs differ; everything else is written in the SQL both
 * accept (IS NOT DISTINCT FROM, ON CONFLICT DO NOTHING, TRUE/FALSE, CASE,
 * NULLS FIRST, INSERT INTO t AS alias, RETURNING).  Parameters are ?N;
 * the PostgreSQL backend rewrites them to $N when it prepares a text (so
 * never write $N here: SQLite would read it as a named parameter).
 * PostgreSQL infers each parameter's type from where it is used, so a
 * parameter that is only ever tested for NULL carries a CAST.
 *
 *   D_BEGIN, D_COMMIT, D_ROLLBACK  transaction control (scripts)
 *   D_SCHEMA_INIT        create schema_migrations if absent (a script)
 *   D_OPT(p, cond)       " AND (COND or P is NULL)", in the order the
 *                        dialect needs
 *   D_INSTR(h, n)        position of text N in H, 0 when absent
 *   D_FTS(p)             demand d's title or content contains text P,
 *                        case-insensitively, through the search index
 *   D_SHORT_TEXT_IDS(p)  ids of demands whose title or content may contain
 *                        two-character text P (a superset: the caller
 *                        still tests the text itself)
 *   D_SHORT_TEXT_PAGE(p, before, cond)
 *                        ids of demands d below id BEFORE for which COND
 *                        holds, among those D_SHORT_TEXT_IDS(p) names,
 *                        as a query the caller ends with "ORDER BY 1
 *                        DESC LIMIT n" (COND tests the text itself)
 *   D_UNINDEXED(col)     column COL, in a term no index may serve
 *   D_CACHE_BULK, D_CACHE_DEFAULT, D_FOREIGN_KEYS_OFF, D_FOREIGN_KEYS_ON
 *                        connection settings for bulk writes
 *   D_TABLE_COLUMNS      the column names of table ?1, in order
 *   D_ROW_ID             a row's own identity in a table without a key
 *   D_RETURNING_ID       " RETURNING id" where an insert needs it to tell
 *                        its id (q_insert reads it either way)
 *   D_INSERT_OR_FAIL     an INSERT of many rows that, at a failing row,
 *                        may keep the rows before it (SQLite) or not
 *                        (PostgreSQL); the caller asks which
 *
 * Texts are constants and values are always bound.  Scoped statements are
 * written once and expanded into one variant per scope kind (db.h), so
 * each variant is a plain query the planner can serve from an index,
 * rather than one query full of ORs on bound flags.  Their ?1..?5 are the
 * scope: region range, user id, enterprise id, today.
 */
#include "db.h"
#include "stat_columns.h"

/* Enterprises paired with user ?3, directly or through a team that is
 * still active, today: a pairing that has not started yet grants nothing,
 * like one that ended. */
#define PAIRED_ENTERPRISES                                                   \
  "SELECT enterprise_id FROM pairing WHERE user_id = ?3"                     \
  " AND enterprise_id IS NOT NULL AND starts_on <= ?5"                       \
  " AND (ends_on IS NULL OR ends_on >= ?5)"                                  \
  " UNION SELECT p.enterprise_id FROM pairing p"                             \
  " JOIN team_member m ON m.team_id = p.team_id"                             \
  " JOIN team t ON t.id = p.team_id AND t.disabled = 0 WHERE m.user_id = ?3" \
  " AND p.enterprise_id IS NOT NULL AND p.starts_on <= ?5"                   \
  " AND (p.ends_on IS NULL OR p.ends_on >= ?5)"

/* Projects paired with user ?3 in the same way. */
#define PAIRED_PROJECTS                                                      \
  "SELECT project_id FROM pairing WHERE user_id = ?3"                        \
  " AND project_id IS NOT NULL AND starts_on <= ?5"                          \
  " AND (ends_on IS NULL OR ends_on >= ?5)"                                  \
  " UNION SELECT p.project_id FROM pairing p"                                \
  " JOIN team_member m ON m.team_id = p.team_id"                             \
  " JOIN team t ON t.id = p.team_id AND t.disabled = 0 WHERE m.user_id = ?3" \
  " AND p.project_id IS NOT NULL AND p.starts_on <= ?5"                      \
  " AND (p.ends_on IS NULL OR p.ends_on >= ?5)"

#define IN_REGION(col) "(" col " >= ?1 AND " col " < ?2)"

/* One text, four variants: HEAD scope-condition TAIL. */
#define VARIANTS(id, head, all, region, paired, ent, tail)                   \
  [id] = head all tail, [id##_REGION] = head region tail,                    \
  [id##_PAIRED] = head paired tail, [id##_ENTERPRISE] = head ent tail

#define ENTERPRISE_COLS                                                      \
  "e.id, e.credit_code, e.code_exception, e.name, e.region_code, r.name,"    \
  " e.industry_code, e.scale, e.four_above, e.is_key, e.foreign_invested,"   \
  " e.foreign_trade, e.employees, e.address, e.contact_name,"                \
  " e.contact_phone, e.disabled, e.created_at, e.updated_at"                 \
  " FROM enterprise e JOIN region r ON r.code = e.region_code"

#define ENTERPRISE_SCOPED(id, head, tail)                                    \
  VARIANTS(id, head, "TRUE", IN_REGION("e.region_code"),                     \
           "e.id IN (" PAIRED_ENTERPRISES ")", "e.id = ?4", tail)

#define PROJECT_COLS                                                         \
  "pr.id, pr.name, pr.enterprise_id, e.name, pr.region_code,"                \
  " pr.total_investment, pr.annual_investment, pr.stage, pr.planned_start,"  \
  " pr.planned_end, pr.actual_start, pr.actual_end, pr.disabled,"            \
  " pr.created_at, pr.updated_at"                                            \
  " FROM project pr JOIN enterprise e ON e.id = pr.enterprise_id"

#define PROJECT_SCOPED(id, head, tail)                                       \
  VARIANTS(id, head, "TRUE", IN_REGION("pr.region_code"),                    \
           "(pr.enterprise_id IN (" PAIRED_ENTERPRISES ")"                   \
           " OR pr.id IN (" PAIRED_PROJECTS "))",                            \
           "pr.enterprise_id = ?4", tail)

#define USER_COLS                                                            \
  "u.id, u.username, u.display_name, u.role, u.department_id, d.path,"       \
  " u.region_code, u.enterprise_id, u.level, u.phone, u.password_hash,"      \
  " u.disabled, u.created_at, u.updated_at"                                  \
  " FROM app_user u LEFT JOIN department d ON d.id = u.department_id"

/* Region roles see users of their region and below; others themselves. */
#define USER_SCOPED(id, head, tail)                                          \
  VARIANTS(id, head, "TRUE", IN_REGION("u.region_code"), "u.id = ?3",        \
           "u.id = ?3", tail)

#define TEAM_COLS                                                            \
  "t.id, t.name, t.leader_id, t.region_code, t.disabled, t.created_at,"      \
  " t.updated_at, lu.display_name FROM team t"                               \
  " LEFT JOIN app_user lu ON lu.id = t.leader_id"

#define TEAM_SCOPED(id, head, tail)                                          \
  VARIANTS(id, head, "TRUE", IN_REGION("t.region_code"),                     \
           "t.id IN (SELECT team_id FROM team_member WHERE user_id = ?3)",   \
           "FALSE", tail)

#define PAIRING_COLS                                                         \
  "pa.id, pa.kind, pa.user_id, pa.team_id, pa.enterprise_id,"                \
  " pa.project_id, pa.starts_on, pa.ends_on, pa.created_at,"                 \
  " pu.display_name, pt.name, e.name, pr.name"                               \
  " FROM pairing pa LEFT JOIN enterprise e ON e.id = pa.enterprise_id"       \
  " LEFT JOIN project pr ON pr.id = pa.project_id"                           \
  " LEFT JOIN app_user pu ON pu.id = pa.user_id"                             \
  " LEFT JOIN team pt ON pt.id = pa.team_id"

#define PAIRING_SCOPED(id, head, tail)                                       \
  VARIANTS(id, head, "TRUE",                                                 \
           IN_REGION("coalesce(e.region_code, pr.region_code)"),             \
           "(pa.user_id = ?3 OR pa.team_id IN"                               \
           " (SELECT team_id FROM team_member WHERE user_id = ?3))",         \
           "coalesce(pa.enterprise_id, pr.enterprise_id) = ?4", tail)

/* Optional filter COND on parameter P (NULL: no filter). */
#define OPT(p, cond) D_OPT(p, cond)

/* 1 when a commissioner serves enterprise e today (store.h, ServedFilter):
 * an active one_to_one pairing, or a team pairing of an enabled team. */
#define SERVED_NOW                                                           \
  "CASE WHEN EXISTS (SELECT 1 FROM pairing sp"                               \
  " LEFT JOIN team st ON st.id = sp.team_id"                                 \
  " WHERE sp.enterprise_id = e.id AND sp.kind IN ('one_to_one', 'team')"     \
  " AND sp.starts_on <= ?5 AND (sp.ends_on IS NULL OR sp.ends_on >= ?5)"     \
  " AND (sp.team_id IS NULL OR st.disabled = 0)) THEN 1 ELSE 0 END"

/* ---- demands ---------------------------------------------------------- */

/* Five variants: the registry's four and a department's (handlers): its
 * department and below as lead, or its department as co-department. */
#define VARIANTS5(id, head, all, region, paired, ent, dept, tail)            \
  VARIANTS(id, head, all, region, paired, ent, tail),                        \
  [id##_DEPARTMENT] = head dept tail

#define DEMAND_COLS                                                          \
  "d.id, d.code, d.enterprise_id, e.name, d.project_id, d.region_code,"      \
  " d.submitter_id, d.commissioner_id, d.channel, d.category,"               \
  " d.subcategory, d.kind, d.urgency, d.title, d.content, d.policy_id,"      \
  " d.status, d.lead_department_id, ld.name, d.is_return_pending,"           \
  " d.returned_from, d.status_before_return, d.return_count,"                \
  " d.reopen_count, d.outcome, d.satisfaction, d.duplicate_of,"              \
  " d.extension_pending_days, d.extension_days, d.submitted_at,"             \
  " d.assigned_at, d.first_assigned_at, d.accepted_at, d.answered_at,"       \
  " d.resolved_at, d.closed_at, d.assign_due, d.answer_due, d.resolve_due,"  \
  " d.paused_at, d.paused_seconds, d.steps_done, d.next_due_at, d.answer,"   \
  " d.result, " POLICY_LIMIT_COLS ", d.visit_id, " D_CO_IDS                  \
  " FROM demand d JOIN enterprise e ON e.id = d.enterprise_id"               \
  " JOIN sla_policy p ON p.id = d.policy_id"                                 \
  " LEFT JOIN department ld ON ld.id = d.lead_department_id"

#define POLICY_LIMIT_COLS                                                    \
  "p.assign_unit, p.assign_amount, p.answer_unit, p.answer_amount,"          \
  " p.resolve_unit, p.resolve_amount, p.remind_percent, p.escalate_unit,"    \
  " p.escalate_amount, p.account_unit, p.account_amount,"                    \
  " p.auto_close_unit, p.auto_close_amount"

#define POLICY_COLS                                                          \
  "p.id, p.category, p.kind, p.urgency, " POLICY_LIMIT_COLS                  \
  ", p.created_at, p.created_by FROM sla_policy p"

/* A commissioner's demands: of the enterprises paired with them, and
 * those they submitted. */
#define PAIRED_SCOPE                                                         \
  "(d.enterprise_id IN (" PAIRED_ENTERPRISES ") OR d.submitter_id = ?3)"

/* A department's demands (handlers): those it or a department below it
 * leads, and those it is co-department of. */
#define DEPARTMENT_SCOPE                                                     \
  "((d.lead_path >= ?1 AND d.lead_path < ?2) OR d.id IN"                     \
  " (SELECT demand_id FROM demand_co_department WHERE department_id = ?4))"

/* HEAD WRAP(scope) TAIL per scope kind: WRAP may put the scope inside a
 * text of its own (DEMAND_PAGE_BY_SHORT_TEXT, a subquery with its LIMIT);
 * DEMAND_SCOPED's WRAP is the scope itself. */
#define DEMAND_SCOPED_AS(id, head, wrap, tail)                               \
  VARIANTS5(id, head, wrap("TRUE"), wrap(IN_REGION("d.region_code")),       \
            wrap(PAIRED_SCOPE), wrap("d.enterprise_id = ?4"),               \
            wrap(DEPARTMENT_SCOPE), tail)
#define SCOPE_ITSELF(scope) scope
#define DEMAND_SCOPED(id, head, tail)                                        \
  DEMAND_SCOPED_AS(id, head, SCOPE_ITSELF, tail)

/* The list filters, from ?8 on; ?6 and ?7 are the cursor and limit, ?21
 * the due cursor.  Overdue is demand_is_overdue's rule: a returned
 * demand's clocks keep running while the dispatcher decides (its first
 * department owns it).  ?22: only a pending extension (the department
 * asked for more days, no supervisor decided yet: demand_apply clears the
 * days on a decision and when the cycle ends); it is only ever tested for
 * NULL, so it carries its type.  ?23: the region itself, not those below
 * it. */
#define DEMAND_FILTERS                                                       \
  OPT("?8", D_INSTR("?8", "',' || d.status || ','") " > 0")                 \
  OPT("?9", "d.category = ?9")                                               \
  OPT("?10", "d.lead_department_id = ?10")                                   \
  OPT("?11", "(d.region_code >= ?11 AND d.region_code < ?12)")               \
  OPT("?13", "d.enterprise_id = ?13")                                        \
  OPT("?14", "d.commissioner_id = ?14")                                      \
  OPT("?15", "d.submitted_at >= ?15")                                        \
  OPT("?16", "d.submitted_at < ?16")                                         \
  OPT("?17", D_FTS("?17"))                                                   \
  OPT("?18", "(" D_INSTR("d.title", "?18") " > 0 OR "                        \
             D_INSTR("d.content", "?18") " > 0)")                            \
  OPT("?19", "(?19 IN ('any', 'assign') AND d.status = 'submitted'"          \
             " AND d.first_assigned_at IS NULL AND d.assign_due < ?20)"      \
             " OR (?19 IN ('any', 'answer') AND d.answered_at IS NULL"       \
             " AND (d.status IN ('assigned', 'accepted')"                    \
             " OR d.is_return_pending = 1)"                                  \
             " AND d.paused_at IS NULL AND d.answer_due < ?20)"              \
             " OR (?19 IN ('any', 'resolve') AND d.resolved_at IS NULL"      \
             " AND (d.status IN ('assigned', 'accepted', 'answered')"        \
             " OR d.is_return_pending = 1)"                                  \
             " AND d.paused_at IS NULL AND d.resolve_due < ?20)")          \
  OPT("CAST(?22 AS BIGINT)", "d.extension_pending_days > 0")                 \
  OPT("?23", "d.region_code = ?23")

/* The few demands with a pending extension, read from the partial index
 * demand_extension_pending.  As "d.id IN (...)" SQLite looks them up by
 * rowid; a plain "d.extension_pending_days > 0" would lose to the scope's
 * region range there, its planner knowing nothing of the index's size.
 * PostgreSQL's planner reads the same text as a semi-join led by the
 * partial index. */
#define EXTENSION_PENDING_IDS                                                \
  "SELECT id FROM demand WHERE extension_pending_days > 0"

/* The open statuses, written as the partial index demand_open_department
 * (migration 006) is, which is how the planners see the index applies. */
#define OPEN_STATUSES                                                        \
  "d.status IN ('submitted', 'assigned', 'accepted', 'answered',"            \
  " 'resolved')"

/* A department's open demands, for a handler's list of open statuses
 * without a department filter (the handler's own inbox page): those it
 * leads from the partial index demand_open_lead (migration 009), and
 * those it is co-department of.  Stated as "d.id IN (...)", SQLite looks
 * the few up by rowid; the scope's OR of the two, which no index serves,
 * had it read every open demand of the database instead (221,026 at the
 * province size: a second a page).  The co-departments' demands are
 * tested for the open statuses in the statement, as an expression
 * ("d.status || ''") so that no planner reads them through demand_status
 * instead of by rowid. */
#define DEPARTMENT_OPEN_IDS                                                  \
  "SELECT id FROM " D_OPEN_LEAD " WHERE lead_path >= ?1 AND lead_path < ?2"  \
  " AND"                                                                     \
  " status IN ('submitted', 'assigned', 'accepted', 'answered', 'resolved')"  \
  " UNION ALL SELECT demand_id FROM demand_co_department"                    \
  " WHERE department_id = ?4"

/* The city ?24 (a code's first four digits) of a region scope or filter
 * at city level or below: an equality on demand_city or demand_open_city
 * (migration 010), which give the city's demands in id order, where the
 * range of codes gave them by code and the page sorted them all. */
#define CITY_KEY "substr(d.region_code, 1, 4) = ?24"

/* A region scope wider than a city (a province) for a list newest
 * first: read by id, the range tested on each row (D_UNINDEXED), which
 * stops at the page where most rows are the scope's; through
 * demand_region, the range would be read whole and sorted (all of a
 * one-province database). */
#define WIDE_REGION                                                          \
  "(" D_UNINDEXED("d.region_code") " >= ?1 AND "                             \
  D_UNINDEXED("d.region_code") " < ?2)"

/* A demand statement per driver (db.h DemandDriver): HEAD scope TAIL, and
 * again with the driving filter stated plainly before TAIL.  The plain
 * term only repeats what the filters in TAIL already require (the store
 * picks a driver only then: store_demand.c, driver_of), or for a short
 * text names a superset of what they keep, so every variant selects the
 * same rows; it is there for the planner.  So is the inbox's "d.id > 0"
 * (every id is): without it SQLite 3.40, which has no statistics here,
 * read demand_open_department in id order and still sorted the page's
 * whole rows in a temporary B-tree, a sixth of the inbox's cost
 * (tests/unit/store/test_demand_plans.c checks each scope's plan). */
#define DEMAND_DRIVEN_BUT_SHORT_TEXT(id, head, tail)                         \
  DEMAND_SCOPED(id, head, tail),                                             \
  DEMAND_SCOPED(id##_BY_DEPARTMENT, head,                                    \
                " AND d.lead_department_id = ?10" tail),                     \
  DEMAND_SCOPED(id##_BY_EXTENSION, head,                                     \
                " AND d.id IN (" EXTENSION_PENDING_IDS ")" tail),            \
  VARIANTS(id##_BY_OPEN, head, "TRUE", IN_REGION("d.region_code"),          \
           PAIRED_SCOPE, "d.enterprise_id = ?4", " AND " OPEN_STATUSES tail),\
  [id##_BY_OPEN_DEPARTMENT] = head DEPARTMENT_SCOPE                          \
    " AND d.id IN (" DEPARTMENT_OPEN_IDS ") AND (d.status || '') IN"         \
    " ('submitted', 'assigned', 'accepted', 'answered', 'resolved')" tail,    \
  DEMAND_SCOPED(id##_BY_INBOX, head,                                         \
                " AND d.lead_department_id = ?10 AND " OPEN_STATUSES         \
                " AND d.id > 0" tail),                                       \
  DEMAND_SCOPED(id##_BY_CITY, head, " AND " CITY_KEY tail),                  \
  DEMAND_SCOPED(id##_BY_OPEN_CITY, head,                                     \
                " AND " OPEN_STATUSES " AND " CITY_KEY tail),                \
  VARIANTS5(id##_BY_ID, head, "TRUE", WIDE_REGION, PAIRED_SCOPE,             \
            "d.enterprise_id = ?4", DEPARTMENT_SCOPE, tail)
#define DEMAND_DRIVEN(id, head, tail)                                        \
  DEMAND_DRIVEN_BUT_SHORT_TEXT(id, head, tail),                              \
  DEMAND_SCOPED(id##_BY_SHORT_TEXT, head,                                    \
                " AND d.id IN (" D_SHORT_TEXT_IDS("?18") ")" tail)

/* The id-ordered list's page of a two-character search, in scope SCOPE:
 * the ids of its rows, newest first, below cursor ?6, at most ?7 of them.
 * D_SHORT_TEXT_PAGE streams the candidates in id order and the filters
 * (the text's own test among them) decide, so the page ends at its ?7th
 * row, where the IN list of D_SHORT_TEXT_IDS held every candidate before
 * the first row was read (docs/performance.md, "Search").  The scope and
 * filters are inside, with the stream they filter. */
#define DEMAND_PAGE_BY_SHORT_TEXT(scope)                                     \
  D_SHORT_TEXT_PAGE("?18", "?6", scope DEMAND_FILTERS)                       \
  " ORDER BY 1 DESC LIMIT ?7"

#define DEMAND_COUNT_ROLLUP(table)                                           \
  "SELECT sum(s.status_submitted), sum(s.status_assigned),"                  \
  " sum(s.status_accepted), sum(s.status_answered), sum(s.status_resolved)," \
  " sum(s.status_closed), sum(s.status_withdrawn), sum(s.status_merged)"    \
  " FROM " table " s WHERE s.region_code >= ?1 AND s.region_code < ?2"     \
  OPT("?5", "s.department_id = ?5") OPT("?6", "s.month >= ?6")               \
  OPT("?7", "s.month < ?7")

/* The running deadline a handler works to: answer, then resolve. */
#define DEMAND_DUE_EXPR                                                      \
  "coalesce(CASE WHEN d.status IN ('assigned', 'accepted') THEN"             \
  " d.answer_due WHEN d.status = 'answered' THEN d.resolve_due"              \
  " WHEN d.status = 'submitted' THEN d.assign_due END, 9223372036854775807)"

#define SUPERVISION_LIST_HEAD                                                \
  "SELECT s.id, s.demand_id, d.code, d.title, s.stage, s.department_id,"     \
  " dp.name, s.region_code, s.opened_at, s.escalated_at, s.closed_at"        \
  " FROM supervision s JOIN demand d ON d.id = s.demand_id"                  \
  " LEFT JOIN department dp ON dp.id = s.department_id WHERE "

/* Only the open notices, as the partial index supervision_open
 * (migration 012) is written, so the planners see it applies: a city's
 * open ones are a few hundred among its 120,000 at the province size. */
#define SUPERVISION_OPEN " AND s.closed_at IS NULL"
/* Months [?8, ?9] of the circular. */
#define ACCOUNTABILITY_FILTERS " AND s.month >= ?8 AND s.month <= ?9"

#define SUPERVISION_SCOPED(id, head, alias, tail)                            \
  VARIANTS5(id, head, "TRUE", IN_REGION(alias ".region_code"), "FALSE",  \
            "FALSE",        \
            alias ".department_id IN (SELECT id FROM department"             \
            " WHERE path >= ?1 AND path < ?2)",                              \
            tail)

/* Who receives a notification: a region's office those of its region and
 * below addressed to no department and no user; a department (handlers)
 * its own; commissioners and enterprises only their own. */
#define NOTIFICATION_SCOPED(id, head, tail)                                  \
  VARIANTS5(id, head, "TRUE",                                                \
            "((n.department_id IS NULL AND n.user_id IS NULL"                \
            " AND " IN_REGION("n.region_code") ") OR n.user_id = ?3)",       \
            "n.user_id = ?3", "n.user_id = ?3",                              \
            "(n.department_id = ?4 OR n.user_id = ?3)", tail)

/* ---- visits ----------------------------------------------------------- */

#define VISIT_COLS                                                           \
  "v.id, v.user_id, u.display_name, v.enterprise_id, e.name, v.project_id,"  \
  " pr.name, v.region_code, v.visited_at, v.mode, v.notes, v.created_at,"    \
  " (SELECT count(*) FROM demand dv WHERE dv.visit_id = v.id),"              \
  " e.credit_code"                                                           \
  " FROM visit v JOIN enterprise e ON e.id = v.enterprise_id"                \
  " JOIN app_user u ON u.id = v.user_id"                                     \
  " LEFT JOIN project pr ON pr.id = v.project_id"

/* A commissioner sees the visits it made, an enterprise the visits made
 * to it, region staff the visits made in their region and below. */
#define VISIT_SCOPED(id, head, tail)                                         \
  VARIANTS(id, head, "TRUE", IN_REGION("v.region_code"), "v.user_id = ?3",   \
           "v.enterprise_id = ?4", tail)

/* The rates read a rollup's rows in scope and period, each with the key
 * and label of its group, and store_stats sums them: a GROUP BY would
 * sort every wide row and step ninety sum()s per row. */
#define STATS_ROWS(key, label, table)                                        \
  "SELECT " key ", " label ", " STAT_COLUMNS " FROM " table " s"

#define STATS_WHERE                                                          \
  " WHERE s.region_code >= ?1 AND s.region_code < ?2"                        \
  " AND s.month >= ?3 AND s.month <= ?4"

/* One row of STMT_ENTERPRISE_INSERT_MANY: its fifteen columns' parameters
 * (as STMT_ENTERPRISE_INSERT's ?1..?15), and the time ?1 for both of its
 * times. */
#define E_ROW(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o)                   \
  "(?" #a ", ?" #b ", ?" #c ", ?" #d ", ?" #e ", ?" #f ", ?" #g ", ?" #h      \
  ", ?" #i ", ?" #j ", ?" #k ", ?" #l ", ?" #m ", ?" #n ", ?" #o ", ?1, ?1)"

const char *const SQL_TABLE[STMT_COUNT] = {
  [STMT_BEGIN] = D_BEGIN,
  [STMT_COMMIT] = D_COMMIT,
  [STMT_ROLLBACK] = D_ROLLBACK,
  /* A transaction inside a batch (db.c): prepared once and kept, as it
   * runs twice for every write of group commit. */
  [STMT_SAVEPOINT] = "SAVEPOINT qt_tx",
  [STMT_SAVEPOINT_RELEASE] = "RELEASE SAVEPOINT qt_tx",
  [STMT_SCHEMA_INIT] = D_SCHEMA_INIT,
  [STMT_SCHEMA_VERSION] = "SELECT max(version) FROM schema_migrations",
  [STMT_MIGRATION_RECORD] =
    "INSERT INTO schema_migrations (version, name, applied_at)"
    " VALUES (?1, ?2, ?3)",

  [STMT_REGION_COUNT] = "SELECT count(*) FROM region",
  [STMT_REGION_INSERT] =
    "INSERT INTO region (code, name, parent_code, level)"
    " VALUES (?1, ?2, ?3, ?4)",
  [STMT_REGION_GET] =
    "SELECT code, name, parent_code, level FROM region WHERE code = ?1",
  [STMT_REGION_LIST_ALL] =
    "SELECT code, name, parent_code, level FROM region ORDER BY code",
  [STMT_REGION_LIST_CHILDREN] =
    "SELECT code, name, parent_code, level FROM region"
    " WHERE parent_code IS NOT DISTINCT FROM ?1 ORDER BY code",
  [STMT_INDUSTRY_INSERT] =
    "INSERT INTO industry (code, name, parent_code, level)"
    " VALUES (?1, ?2, ?3, ?4)",
  [STMT_INDUSTRY_LIST] =
    "SELECT code, name, parent_code, level FROM industry"
    " ORDER BY level DESC, code",

  [STMT_DEPARTMENT_GET] =
    "SELECT id, name, kind, region_code, parent_id, path, disabled,"
    " created_at, updated_at FROM department WHERE id = ?1",
  [STMT_DEPARTMENT_LIST] =
    "SELECT id, name, kind, region_code, parent_id, path, disabled,"
    " created_at, updated_at FROM department WHERE id > ?1"
    OPT("?3", "(region_code >= ?3 AND region_code < ?4)")
    OPT("?5", "parent_id = ?5")
    OPT("?6", D_INSTR("name", "?6") " > 0")
    " AND (?7 = 1 OR disabled = 0) ORDER BY id LIMIT ?2",
  [STMT_DEPARTMENT_INSERT] =
    "INSERT INTO department (name, kind, region_code, parent_id, path,"
    " disabled, created_at, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, '', ?5, ?6, ?6) RETURNING id",
  [STMT_DEPARTMENT_SET_PATH] =
    "UPDATE department SET path = coalesce((SELECT path FROM department p"
    " WHERE p.id = department.parent_id), '/') || id || '/' WHERE id = ?1"
    " RETURNING path",
  [STMT_DEPARTMENT_UPDATE] =
    "UPDATE department SET name = ?2, kind = ?3, region_code = ?4,"
    " disabled = ?5, updated_at = ?6 WHERE id = ?1",

  ENTERPRISE_SCOPED(STMT_ENTERPRISE_GET,
                    "SELECT " ENTERPRISE_COLS " WHERE ", " AND e.id = ?6"),
  ENTERPRISE_SCOPED(STMT_ENTERPRISE_LIST,
                    "SELECT " ENTERPRISE_COLS " WHERE ",
                    " AND e.id > ?6"
                    OPT("?8", "(e.region_code >= ?8 AND e.region_code < ?9)")
                    OPT("?10", "e.industry_code = ?10")
                    OPT("?11", "e.scale = ?11")
                    OPT("?12", "e.four_above = ?12")
                    OPT("?13", "e.is_key = ?13")
                    OPT("?14", D_INSTR("e.name", "?14") " > 0"
                               " OR " D_INSTR("e.credit_code", "?14") " > 0")
                    " AND (?15 = 1 OR e.disabled = 0)"
                    OPT("?16", "?16 = " SERVED_NOW)
                    " ORDER BY e.id LIMIT ?7"),
  [STMT_ENTERPRISE_INSERT] =
    "INSERT INTO enterprise (credit_code, code_exception, name, region_code,"
    " industry_code, scale, four_above, is_key, foreign_invested,"
    " foreign_trade, employees, address, contact_name, contact_phone,"
    " disabled, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
    " ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16)" D_RETURNING_ID,
  [STMT_ENTERPRISE_INSERT_MANY] =
    D_INSERT_OR_FAIL " INTO enterprise (credit_code, code_exception, name,"
    " region_code, industry_code, scale, four_above, is_key, foreign_invested,"
    " foreign_trade, employees, address, contact_name, contact_phone,"
    " disabled, created_at, updated_at) VALUES "
    E_ROW(2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16) ","
    E_ROW(17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31) ","
    E_ROW(32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46) ","
    E_ROW(47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61) ","
    E_ROW(62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76) ","
    E_ROW(77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91) ","
    E_ROW(92, 93, 94, 95, 96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106) ","
    E_ROW(107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120,
          121) ","
    E_ROW(122, 123, 124, 125, 126, 127, 128, 129, 130, 131, 132, 133, 134, 135,
          136) ","
    E_ROW(137, 138, 139, 140, 141, 142, 143, 144, 145, 146, 147, 148, 149, 150,
          151) ","
    E_ROW(152, 153, 154, 155, 156, 157, 158, 159, 160, 161, 162, 163, 164, 165,
          166) ","
    E_ROW(167, 168, 169, 170, 171, 172, 173, 174, 175, 176, 177, 178, 179, 180,
          181) ","
    E_ROW(182, 183, 184, 185, 186, 187, 188, 189, 190, 191, 192, 193, 194, 195,
          196) ","
    E_ROW(197, 198, 199, 200, 201, 202, 203, 204, 205, 206, 207, 208, 209, 210,
          211) ","
    E_ROW(212, 213, 214, 215, 216, 217, 218, 219, 220, 221, 222, 223, 224, 225,
          226) ","
    E_ROW(227, 228, 229, 230, 231, 232, 233, 234, 235, 236, 237, 238, 239, 240,
          241) ","
    E_ROW(242, 243, 244, 245, 246, 247, 248, 249, 250, 251, 252, 253, 254, 255,
          256) ","
    E_ROW(257, 258, 259, 260, 261, 262, 263, 264, 265, 266, 267, 268, 269, 270,
          271) ","
    E_ROW(272, 273, 274, 275, 276, 277, 278, 279, 280, 281, 282, 283, 284, 285,
          286) ","
    E_ROW(287, 288, 289, 290, 291, 292, 293, 294, 295, 296, 297, 298, 299, 300,
          301) ","
    E_ROW(302, 303, 304, 305, 306, 307, 308, 309, 310, 311, 312, 313, 314, 315,
          316) ","
    E_ROW(317, 318, 319, 320, 321, 322, 323, 324, 325, 326, 327, 328, 329, 330,
          331) ","
    E_ROW(332, 333, 334, 335, 336, 337, 338, 339, 340, 341, 342, 343, 344, 345,
          346) ","
    E_ROW(347, 348, 349, 350, 351, 352, 353, 354, 355, 356, 357, 358, 359, 360,
          361) ","
    E_ROW(362, 363, 364, 365, 366, 367, 368, 369, 370, 371, 372, 373, 374, 375,
          376) ","
    E_ROW(377, 378, 379, 380, 381, 382, 383, 384, 385, 386, 387, 388, 389, 390,
          391) ","
    E_ROW(392, 393, 394, 395, 396, 397, 398, 399, 400, 401, 402, 403, 404, 405,
          406) ","
    E_ROW(407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 419, 420,
          421) ","
    E_ROW(422, 423, 424, 425, 426, 427, 428, 429, 430, 431, 432, 433, 434, 435,
          436) ","
    E_ROW(437, 438, 439, 440, 441, 442, 443, 444, 445, 446, 447, 448, 449, 450,
          451) ","
    E_ROW(452, 453, 454, 455, 456, 457, 458, 459, 460, 461, 462, 463, 464, 465,
          466) ","
    E_ROW(467, 468, 469, 470, 471, 472, 473, 474, 475, 476, 477, 478, 479, 480,
          481)
    D_RETURNING_ID,
  ENTERPRISE_SCOPED(STMT_ENTERPRISE_UPDATE,
                    "UPDATE enterprise AS e SET credit_code = ?7,"
                    " code_exception = ?8, name = ?9, region_code = ?10,"
                    " industry_code = ?11, scale = ?12, four_above = ?13,"
                    " is_key = ?14, foreign_invested = ?15,"
                    " foreign_trade = ?16, employees = ?17, address = ?18,"
                    " contact_name = ?19, contact_phone = ?20,"
                    " disabled = ?21, updated_at = ?22 WHERE ",
                    " AND e.id = ?6"),

  PROJECT_SCOPED(STMT_PROJECT_GET, "SELECT " PROJECT_COLS " WHERE ",
                 " AND pr.id = ?6"),
  PROJECT_SCOPED(STMT_PROJECT_LIST, "SELECT " PROJECT_COLS " WHERE ",
                 " AND pr.id > ?6"
                 OPT("?8", "(pr.region_code >= ?8 AND pr.region_code < ?9)")
                 OPT("?10", "pr.stage = ?10")
                 OPT("?11", "pr.enterprise_id = ?11")
                 OPT("?12", D_INSTR("pr.name", "?12") " > 0")
                 " AND (?13 = 1 OR pr.disabled = 0)"
                 " ORDER BY pr.id LIMIT ?7"),
  [STMT_PROJECT_INSERT] =
    "INSERT INTO project (name, enterprise_id, region_code,"
    " total_investment, annual_investment, stage, planned_start,"
    " planned_end, actual_start, actual_end, disabled, created_at,"
    " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
    " ?12, ?12) RETURNING id",
  PROJECT_SCOPED(STMT_PROJECT_UPDATE,
                 "UPDATE project AS pr SET name = ?7, enterprise_id = ?8,"
                 " region_code = ?9, total_investment = ?10,"
                 " annual_investment = ?11, stage = ?12,"
                 " planned_start = ?13, planned_end = ?14,"
                 " actual_start = ?15, actual_end = ?16, disabled = ?17,"
                 " updated_at = ?18 WHERE ",
                 " AND pr.id = ?6"),

  USER_SCOPED(STMT_USER_GET, "SELECT " USER_COLS " WHERE ", " AND u.id = ?6"),
  USER_SCOPED(STMT_USER_LIST, "SELECT " USER_COLS " WHERE ",
              " AND u.id > ?6"
              OPT("?8", "(u.region_code >= ?8 AND u.region_code < ?9)")
              OPT("?10", "u.role = ?10")
              OPT("?11", "u.department_id = ?11")
              OPT("?12", D_INSTR("u.username", "?12") " > 0"
                         " OR " D_INSTR("u.display_name", "?12") " > 0")
              " AND (?13 = 1 OR u.disabled = 0)"
              " ORDER BY u.id LIMIT ?7"),
  [STMT_USER_BY_NAME] = "SELECT " USER_COLS " WHERE u.username = ?1",
  [STMT_USER_INSERT] =
    "INSERT INTO app_user (username, display_name, role, department_id,"
    " region_code, enterprise_id, level, phone, password_hash, disabled,"
    " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
    " ?10, ?11, ?11) RETURNING id",
  USER_SCOPED(STMT_USER_UPDATE,
              "UPDATE app_user AS u SET display_name = ?7, role = ?8,"
              " department_id = ?9, region_code = ?10, enterprise_id = ?11,"
              " level = ?12, phone = ?13, disabled = ?14, updated_at = ?15"
              " WHERE ",
              " AND u.id = ?6"),
  [STMT_USER_SET_PASSWORD] =
    "UPDATE app_user SET password_hash = ?2, updated_at = ?3 WHERE id = ?1",

  TEAM_SCOPED(STMT_TEAM_GET, "SELECT " TEAM_COLS " WHERE ", " AND t.id = ?6"),
  TEAM_SCOPED(STMT_TEAM_LIST, "SELECT " TEAM_COLS " WHERE ",
              " AND t.id > ?6"
              OPT("?8", "(t.region_code >= ?8 AND t.region_code < ?9)")
              OPT("?10", "t.id IN (SELECT team_id FROM team_member"
                         " WHERE user_id = ?10)")
              OPT("?11", D_INSTR("t.name", "?11") " > 0")
              " AND (?12 = 1 OR t.disabled = 0)"
              " ORDER BY t.id LIMIT ?7"),
  [STMT_TEAM_INSERT] =
    "INSERT INTO team (name, leader_id, region_code, disabled, created_at,"
    " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5) RETURNING id",
  TEAM_SCOPED(STMT_TEAM_UPDATE,
              "UPDATE team AS t SET name = ?7, leader_id = ?8,"
              " region_code = ?9, disabled = ?10, updated_at = ?11 WHERE ",
              " AND t.id = ?6"),
  [STMT_TEAM_MEMBERS] =
    "SELECT m.user_id, u.display_name FROM team_member m"
    " JOIN app_user u ON u.id = m.user_id WHERE m.team_id = ?1"
    " ORDER BY m.user_id",
  [STMT_TEAM_MEMBER_CLEAR] = "DELETE FROM team_member WHERE team_id = ?1",
  [STMT_TEAM_MEMBER_ADD] =
    "INSERT INTO team_member (team_id, user_id) VALUES (?1, ?2)"
    " ON CONFLICT DO NOTHING",
  [STMT_USER_ROLE] = "SELECT role, disabled FROM app_user WHERE id = ?1",

  PAIRING_SCOPED(STMT_PAIRING_GET, "SELECT " PAIRING_COLS " WHERE ",
                 " AND pa.id = ?6"),
  PAIRING_SCOPED(STMT_PAIRING_LIST, "SELECT " PAIRING_COLS " WHERE ",
                 " AND pa.id > ?6"
                 OPT("?8", "pa.user_id = ?8")
                 OPT("?9", "pa.team_id = ?9")
                 OPT("?10", "pa.enterprise_id = ?10")
                 OPT("?11", "pa.project_id = ?11")
                 " AND (?12 = 1 OR pa.ends_on IS NULL OR pa.ends_on >= ?5)"
                 OPT("?13", "pa.kind = ?13")
                 " AND (?14 = 0 OR pa.ends_on < ?5)"
                 " ORDER BY pa.id LIMIT ?7"),
  [STMT_PAIRING_INSERT] =
    "INSERT INTO pairing (kind, user_id, team_id, enterprise_id, project_id,"
    " starts_on, ends_on, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
    " ?8) RETURNING id",
  PAIRING_SCOPED(STMT_PAIRING_UPDATE,
                 "UPDATE pairing SET ends_on = ?7 WHERE id = ?6 AND id IN"
                 " (SELECT pa.id FROM pairing pa"
                 " LEFT JOIN enterprise e ON e.id = pa.enterprise_id"
                 " LEFT JOIN project pr ON pr.id = pa.project_id WHERE ",
                 ")"),

  [STMT_SESSION_INSERT] =
    "INSERT INTO session (token_hash, user_id, csrf, created_at,"
    " last_seen_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
  [STMT_SESSION_GET] =
    "SELECT token_hash, user_id, csrf, created_at, last_seen_at, expires_at"
    " FROM session WHERE token_hash = ?1 AND expires_at > ?2"
    " AND last_seen_at > ?2 - CAST(?3 AS BIGINT)",
  [STMT_SESSION_TOUCH] =
    "UPDATE session SET last_seen_at = ?2 WHERE token_hash = ?1",
  [STMT_SESSION_DELETE] = "DELETE FROM session WHERE token_hash = ?1",
  [STMT_SESSION_PURGE] = "DELETE FROM session WHERE expires_at <= ?1",
  [STMT_SESSION_DELETE_USER] = "DELETE FROM session WHERE user_id = ?1",
  [STMT_TOKEN_INSERT] =
    "INSERT INTO api_token (user_id, name, token_hash, created_at)"
    " VALUES (?1, ?2, ?3, ?4) RETURNING id",
  [STMT_TOKEN_USER] =
    "SELECT user_id FROM api_token WHERE token_hash = ?1"
    " AND revoked_at IS NULL",
  [STMT_SIGNIN_COUNT] =
    "SELECT count(*) FROM signin_failure WHERE key = ?1 AND at >= ?2",
  [STMT_SIGNIN_INSERT] = "INSERT INTO signin_failure (key, at) VALUES (?1, ?2)",
  [STMT_SIGNIN_CLEAR] = "DELETE FROM signin_failure WHERE key = ?1",
  /* The rows are alike but for key and time, so any one will do. */
  [STMT_SIGNIN_FORGET] =
    "DELETE FROM signin_failure WHERE " D_ROW_ID " = (SELECT " D_ROW_ID
    " FROM signin_failure WHERE key = ?1 AND at = ?2 LIMIT 1)",
  [STMT_AUDIT_LAST] = "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1",
  [STMT_AUDIT_INSERT] =
    "INSERT INTO audit_log (at, user_id, address, action, entity, entity_id,"
    " detail, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
  [STMT_AUDIT_ALL] =
    "SELECT id, at, user_id, address, action, entity, entity_id, detail,"
    " prev_hash, hash FROM audit_log ORDER BY id",

  /* Lookups by natural key (store_lookup.c).  Department and team names
   * carry no index: there are a few thousand at most, and importers
   * cache what they have resolved. */
  [STMT_ENTERPRISE_BY_CODE] =
    "SELECT id FROM enterprise WHERE credit_code = ?1",
  [STMT_DEPARTMENT_FIND] =
    "SELECT id FROM department WHERE name = ?1"
    OPT("?2", "region_code = ?2")
    " AND (?3 = 1 OR disabled = 0) ORDER BY id LIMIT 2",
  [STMT_TEAM_FIND] =
    "SELECT id FROM team WHERE name = ?1 AND disabled = 0"
    " ORDER BY id LIMIT 2",
  [STMT_PAIRING_ACTIVE] =
    "SELECT 1 FROM pairing WHERE enterprise_id = ?3"
    " AND user_id IS NOT DISTINCT FROM ?1"
    " AND team_id IS NOT DISTINCT FROM ?2"
    " AND (ends_on IS NULL OR ends_on >= ?4) LIMIT 1",
  [STMT_ENTERPRISE_LABEL] =
    "SELECT credit_code, name FROM enterprise WHERE id = ?1",
  [STMT_USER_LABEL] =
    "SELECT username, display_name FROM app_user WHERE id = ?1",
  [STMT_TEAM_LABEL] = "SELECT name FROM team WHERE id = ?1",
  [STMT_PROJECT_LABEL] = "SELECT name FROM project WHERE id = ?1",
  /* A bulk import keeps its transaction's pages in memory (256 MiB)
   * rather than spilling them to the WAL before the commit. */
  [STMT_CACHE_BULK] = D_CACHE_BULK,
  [STMT_CACHE_DEFAULT] = D_CACHE_DEFAULT,
  [STMT_FOREIGN_KEYS_OFF] = D_FOREIGN_KEYS_OFF,
  [STMT_FOREIGN_KEYS_ON] = D_FOREIGN_KEYS_ON,
  [STMT_CALENDAR_INSERT] =
    "INSERT INTO calendar_day (day, kind, name) VALUES (?1, ?2, ?3)",
  [STMT_CALENDAR_ALL] = "SELECT day, kind, name FROM calendar_day ORDER BY day",
  [STMT_CALENDAR_YEAR] =
    "SELECT day, kind, name FROM calendar_day WHERE day >= ?1 AND day < ?2"
    " ORDER BY day",
  [STMT_CALENDAR_UPSERT] =
    "INSERT INTO calendar_day (day, kind, name) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (day) DO UPDATE SET kind = excluded.kind,"
    " name = excluded.name",
  [STMT_CALENDAR_DELETE] = "DELETE FROM calendar_day WHERE day = ?1",
  [STMT_CALENDAR_VERSION] =
    "SELECT value FROM meta WHERE key = 'calendar_version'",
  [STMT_CALENDAR_BUMP] =
    "UPDATE meta SET value = value + 1 WHERE key = 'calendar_version'",
  [STMT_CATEGORY_LIST] =
    "SELECT code, name, name_en FROM category ORDER BY ord",
  [STMT_CATEGORY_EXISTS] = "SELECT 1 FROM category WHERE code = ?1",
  /* Most specific first: an exact match on more fields wins. */
  [STMT_POLICY_MATCH] =
    "SELECT " POLICY_COLS " WHERE p.superseded_at IS NULL"
    " AND (p.category IS NULL OR p.category = ?1)"
    " AND (p.kind IS NULL OR p.kind = ?2)"
    " AND (p.urgency IS NULL OR p.urgency = ?3)"
    " ORDER BY CASE WHEN p.category IS NULL THEN 0 ELSE 4 END"
    " + CASE WHEN p.kind IS NULL THEN 0 ELSE 2 END"
    " + CASE WHEN p.urgency IS NULL THEN 0 ELSE 1 END DESC, p.id DESC"
    " LIMIT 1",
  [STMT_POLICY_GET] = "SELECT " POLICY_COLS " WHERE p.id = ?1",
  [STMT_POLICY_LIST] =
    "SELECT " POLICY_COLS " WHERE p.superseded_at IS NULL"
    " ORDER BY p.category NULLS FIRST, p.kind NULLS FIRST,"
    " p.urgency NULLS FIRST",
  [STMT_POLICY_SUPERSEDE] =
    "UPDATE sla_policy SET superseded_at = ?4 WHERE superseded_at IS NULL"
    " AND category IS NOT DISTINCT FROM ?1"
    " AND kind IS NOT DISTINCT FROM ?2 AND urgency IS NOT DISTINCT FROM ?3",
  [STMT_POLICY_INSERT] =
    "INSERT INTO sla_policy (category, kind, urgency, assign_unit,"
    " assign_amount, answer_unit, answer_amount, resolve_unit,"
    " resolve_amount, remind_percent, escalate_unit, escalate_amount,"
    " account_unit, account_amount, auto_close_unit, auto_close_amount,"
    " created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
    " ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18) RETURNING id",
  [STMT_DEMAND_SEQ_NEXT] =
    "INSERT INTO demand_code_seq (year, last) VALUES (?1, 1)"
    " ON CONFLICT (year) DO UPDATE SET last = demand_code_seq.last + 1"
    " RETURNING last",
  [STMT_DEMAND_INSERT] =
    "INSERT INTO demand (code, enterprise_id, project_id, region_code,"
    " submitter_id, commissioner_id, channel, category, subcategory, kind,"
    " urgency, title, content, policy_id, status, submitted_at, assign_due,"
    " next_due_at, stat_month, visit_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
    " ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)"
    " RETURNING id",
  DEMAND_SCOPED(STMT_DEMAND_GET, "SELECT " DEMAND_COLS " WHERE ",
                " AND d.id = ?6"),
  DEMAND_DRIVEN_BUT_SHORT_TEXT(STMT_DEMAND_LIST,
                               "SELECT " DEMAND_COLS " WHERE ",
                               " AND d.id < ?6" DEMAND_FILTERS
                               " ORDER BY d.id DESC LIMIT ?7"),
  DEMAND_SCOPED_AS(STMT_DEMAND_LIST_BY_SHORT_TEXT,
                   "SELECT " DEMAND_COLS " WHERE d.id IN (",
                   DEMAND_PAGE_BY_SHORT_TEXT, ") ORDER BY d.id DESC LIMIT ?7"),
  /* Nearest deadline first; the cursor is (due ?21, id ?6).  DEMAND_COLS
   * ends in its FROM clause, so the due expression is written out where
   * it is used rather than selected as a column. */
  DEMAND_DRIVEN(STMT_DEMAND_LIST_DUE, "SELECT " DEMAND_COLS " WHERE ",
                " AND (" DEMAND_DUE_EXPR " > ?21 OR (" DEMAND_DUE_EXPR
                " = ?21 AND d.id > ?6))" DEMAND_FILTERS
                " ORDER BY " DEMAND_DUE_EXPR ", d.id LIMIT ?7"),
  /* How many rows the list holds on all its pages: its scope and filters
   * without the cursor (?6, ?7 and ?21 are absent; PostgreSQL declares
   * them text, pg.c).  The list's joins are left out: they are to parents
   * the foreign keys guarantee (enterprise, policy) or LEFT, so they
   * neither drop nor repeat a demand. */
  DEMAND_DRIVEN(STMT_DEMAND_COUNT, "SELECT count(*) FROM demand d WHERE ",
                DEMAND_FILTERS),
  /* The same count from the rollups, per status in DemandStatus order
   * (store_demand.c, count_from_rollups): region range ?1, ?2, lead
   * department ?5, months [?6, ?7); category ?4 from demand_stat, which
   * is keyed by it, else from demand_stat_department (fewer rows). */
  [STMT_DEMAND_COUNT_ROLLUP] =
    DEMAND_COUNT_ROLLUP("demand_stat_department"),
  [STMT_DEMAND_COUNT_ROLLUP_CATEGORY] =
    DEMAND_COUNT_ROLLUP("demand_stat") " AND s.category = ?4",
  [STMT_DEMAND_UPDATE] =
    "UPDATE demand SET status = ?2, lead_department_id = ?3,"
    " lead_path = (SELECT path FROM department WHERE id = ?3),"
    " is_return_pending = ?4, returned_from = ?5,"
    " status_before_return = ?6, return_count = ?7, reopen_count = ?8,"
    " outcome = ?9, satisfaction = ?10,"
    " extension_pending_days = ?12, extension_days = ?13,"
    " assigned_at = ?14, first_assigned_at = ?15, accepted_at = ?16,"
    " answered_at = ?17, resolved_at = ?18, closed_at = ?19,"
    " answer_due = ?20, resolve_due = ?21, paused_at = ?22,"
    " paused_seconds = ?23, steps_done = ?24, next_due_at = ?25,"
    " answer = ?26, result = ?27 WHERE id = ?1",
  /* A fired ladder step moves only these two: every index of the row
   * that names a column in a SET is rewritten, and the full update above
   * would rewrite six for nothing (the scheduler's pass, per demand). */
  [STMT_DEMAND_UPDATE_STEPS] =
    "UPDATE demand SET steps_done = ?2, next_due_at = ?3 WHERE id = ?1",
  /* Apart from the row update (?11 unused there): setting duplicate_of,
   * a reference to demand itself, makes SQLite rewrite every index of the
   * row, so it is written only when a merge changes it. */
  [STMT_DEMAND_SET_DUPLICATE] =
    "UPDATE demand SET duplicate_of = ?2 WHERE id = ?1",
  /* The commissioner an enterprise's demands count for, through the
   * pairing_enterprise index: its first active commissioner or team
   * pairing (the team's leader), never a leader's 挂包. */
  [STMT_DEMAND_COMMISSIONER] =
    "SELECT coalesce(pa.user_id, t.leader_id) FROM pairing pa"
    " LEFT JOIN team t ON t.id = pa.team_id"
    " WHERE pa.enterprise_id = ?1 AND pa.kind <> 'leader'"
    " AND (pa.ends_on IS NULL OR pa.ends_on >= ?2)"
    " ORDER BY pa.id LIMIT 1",
  [STMT_DEMAND_CO_CLEAR] =
    "DELETE FROM demand_co_department WHERE demand_id = ?1",
  [STMT_DEMAND_CO_ADD] =
    "INSERT INTO demand_co_department (demand_id, department_id)"
    " VALUES (?1, ?2)",
  [STMT_DEMAND_EVENT_INSERT] =
    "INSERT INTO demand_event (demand_id, at, actor_id, actor_role, action,"
    " from_status, to_status, stage, rung, note, data) VALUES (?1, ?2, ?3,"
    " ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
  [STMT_DEMAND_EVENTS] =
    "SELECT ev.id, ev.at, ev.actor_id, u.display_name, ev.actor_role,"
    " ev.action, ev.from_status, ev.to_status, ev.stage, ev.rung, ev.note,"
    " ev.data FROM demand_event ev LEFT JOIN app_user u ON u.id = ev.actor_id"
    " WHERE ev.demand_id = ?1 ORDER BY ev.id",
  [STMT_DEMAND_DUE] =
    "SELECT id FROM demand WHERE next_due_at <= ?1"
    " ORDER BY next_due_at LIMIT ?2",
  [STMT_DEMAND_SET_NEXT_DUE] =
    "UPDATE demand SET next_due_at = ?2 WHERE id = ?1",
  [STMT_STAT_ADD] =
    "INSERT INTO demand_stat AS t (month, region_code, department_id,"
    " category, "
    STAT_COLUMNS ") VALUES (?1, ?2, ?3, ?4, " STAT_PARAMS ")"
    " ON CONFLICT (month, region_code, department_id, category)"
    " DO UPDATE SET " STAT_ADD,
  /* ?4 is bound and unused, so the upserts share their parameters. */
  [STMT_STAT_DEPARTMENT_ADD] =
    "INSERT INTO demand_stat_department AS t (month, region_code,"
    " department_id, " STAT_COLUMNS ") VALUES (?1, ?2, ?3, " STAT_PARAMS
    ") ON CONFLICT (month, region_code, department_id) DO UPDATE SET "
    STAT_ADD,
  [STMT_STAT_COMMISSIONER_ADD] =
    "INSERT INTO demand_stat_commissioner AS t (month, region_code,"
    " commissioner_id, " STAT_COLUMNS ") VALUES (?1, ?2, ?3, " STAT_PARAMS
    ") ON CONFLICT (month, commissioner_id, region_code) DO UPDATE SET "
    STAT_ADD,
  /* A demand in whatever state a generator brought it to, every column
   * given; the lead path is the lead department's, as STMT_DEMAND_UPDATE
   * writes it. */
  [STMT_BULK_DEMAND_INSERT] =
    "INSERT INTO demand (code, enterprise_id, project_id, region_code,"
    " submitter_id, commissioner_id, channel, category, subcategory, kind,"
    " urgency, title, content, policy_id, status, lead_department_id,"
    " lead_path, is_return_pending, returned_from, status_before_return,"
    " return_count, reopen_count, outcome, satisfaction, duplicate_of,"
    " extension_pending_days, extension_days, submitted_at, assigned_at,"
    " first_assigned_at, accepted_at, answered_at, resolved_at, closed_at,"
    " assign_due, answer_due, resolve_due, paused_at, paused_seconds,"
    " steps_done, next_due_at, answer, result, stat_month, visit_id)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
    " ?15, ?16, (SELECT path FROM department WHERE id = ?16), ?17, ?18,"
    " ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31,"
    " ?32, ?33, ?34, ?35, ?36, ?37, ?38, ?39, ?40, ?41, ?42, ?43, ?44)"
    " RETURNING id",
  [STMT_BULK_SUPERVISION_INSERT] =
    "INSERT INTO supervision (demand_id, stage, department_id,"
    " region_code, opened_at, escalated_at, closed_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
  [STMT_BULK_SEQ_SET] =
    "INSERT INTO demand_code_seq (year, last) VALUES (?1, ?2)"
    " ON CONFLICT (year) DO UPDATE SET last = excluded.last",
  [STMT_STATS_BY_DEPARTMENT] =
    STATS_ROWS("s.department_id", "coalesce(dp.name, '')",
               "demand_stat_department")
    " LEFT JOIN department dp ON dp.id = s.department_id" STATS_WHERE,
  /* One level below the scope: ?5 digits of the code, padded to six. */
  [STMT_STATS_BY_REGION] =
    "SELECT s.k, coalesce(r.name, s.k), " STAT_COLUMNS " FROM (SELECT CASE"
    " WHEN ?5 < 6 THEN substr(region_code, 1, ?5)"
    " || substr('000000', 1, 6 - ?5) ELSE substr(region_code, 1, ?5) END"
    " AS k, * FROM demand_stat_department WHERE region_code >= ?1"
    " AND region_code < ?2 AND month >= ?3 AND month <= ?4) s"
    " LEFT JOIN region r ON r.code = s.k",
  [STMT_STATS_BY_CATEGORY] =
    STATS_ROWS("s.category", "coalesce(c.name, s.category)", "demand_stat")
    " LEFT JOIN category c ON c.code = s.category" STATS_WHERE,
  [STMT_STATS_BY_MONTH] =
    STATS_ROWS("s.month", "s.month", "demand_stat_department") STATS_WHERE,
  [STMT_STATS_BY_NONE] =
    STATS_ROWS("'all'", "''", "demand_stat_department") STATS_WHERE,
  [STMT_STATS_BY_COMMISSIONER] =
    STATS_ROWS("s.commissioner_id", "coalesce(u.display_name, '')",
               "demand_stat_commissioner")
    " LEFT JOIN app_user u ON u.id = s.commissioner_id" STATS_WHERE,
  /* Newest first below cursor ?6; ?8 one id only, ?9 unread only. */
  NOTIFICATION_SCOPED(STMT_NOTIFICATION_LIST,
                      "SELECT n.id, n.kind, n.demand_id, d.code, n.user_id,"
                      " n.department_id, n.region_code, n.created_at,"
                      " n.read_at, n.text FROM notification n"
                      " LEFT JOIN demand d ON d.id = n.demand_id WHERE ",
                      " AND n.id < ?6" OPT("?8", "n.id = ?8")
                      " AND (CAST(?9 AS BIGINT) IS NULL"
                      " OR n.read_at IS NULL)"
                      " ORDER BY n.id DESC LIMIT ?7"),
  NOTIFICATION_SCOPED(STMT_NOTIFICATION_READ,
                      "UPDATE notification AS n"
                      " SET read_at = coalesce(n.read_at, ?7) WHERE ",
                      " AND n.id = ?6"),
  [STMT_SUPERVISION_OPEN] =
    "INSERT INTO supervision (demand_id, stage, department_id,"
    " region_code, opened_at) VALUES (?1, ?2, ?3, ?4, ?5)"
    " ON CONFLICT DO NOTHING",
  [STMT_SUPERVISION_ESCALATE] =
    "UPDATE supervision SET escalated_at = ?3 WHERE demand_id = ?1"
    " AND stage = ?2 AND closed_at IS NULL AND escalated_at IS NULL",
  [STMT_SUPERVISION_CLOSE] =
    "UPDATE supervision SET closed_at = ?3 WHERE demand_id = ?1"
    " AND stage = ?2 AND closed_at IS NULL",
  SUPERVISION_SCOPED(STMT_SUPERVISION_LIST, SUPERVISION_LIST_HEAD, "s",
                     " AND s.id < ?6 ORDER BY s.id DESC LIMIT ?7"),
  SUPERVISION_SCOPED(STMT_SUPERVISION_LIST_OPEN, SUPERVISION_LIST_HEAD, "s",
                     SUPERVISION_OPEN
                     " AND s.id < ?6 ORDER BY s.id DESC LIMIT ?7"),
  /* The lists' rows on all pages; their joins are to the demand (a
   * foreign key) and LEFT, so leaving them out changes no count. */
  SUPERVISION_SCOPED(STMT_SUPERVISION_COUNT,
                     "SELECT count(*) FROM supervision s WHERE ", "s", ""),
  SUPERVISION_SCOPED(STMT_SUPERVISION_COUNT_OPEN,
                     "SELECT count(*) FROM supervision s WHERE ", "s",
                     SUPERVISION_OPEN),
  SUPERVISION_SCOPED(STMT_ACCOUNTABILITY_LIST,
                     "SELECT s.id, s.demand_id, d.code, d.title, s.stage,"
                     " s.department_id, dp.name, s.region_code, s.at, 0, 0"
                     " FROM accountability s"
                     " JOIN demand d ON d.id = s.demand_id"
                     " LEFT JOIN department dp ON dp.id = s.department_id"
                     " WHERE ", "s",
                     " AND s.id < ?6" ACCOUNTABILITY_FILTERS
                     " ORDER BY s.id DESC LIMIT ?7"),
  SUPERVISION_SCOPED(STMT_ACCOUNTABILITY_COUNT,
                     "SELECT count(*) FROM accountability s WHERE ", "s",
                     ACCOUNTABILITY_FILTERS),
  [STMT_ACCOUNTABILITY_INSERT] =
    "INSERT INTO accountability (demand_id, stage, department_id,"
    " region_code, at, month) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
  [STMT_NOTIFY] =
    "INSERT INTO notification (kind, demand_id, user_id, department_id,"
    " region_code, created_at, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
  [STMT_EXTENSION_INSERT] =
    "INSERT INTO extension (demand_id, days, reason, requested_by,"
    " requested_at) VALUES (?1, ?2, ?3, ?4, ?5)",
  [STMT_EXTENSION_DECIDE] =
    "UPDATE extension SET decided_by = ?3, decided_at = ?4, approved = ?2"
    " WHERE demand_id = ?1 AND decided_at IS NULL",
  /* attachments */
  [STMT_ATTACHMENT_INSERT] =
    "INSERT INTO attachment (demand_id, sha256, name, mime, size,"
    " uploaded_by, uploaded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
    " RETURNING id",
  [STMT_ATTACHMENT_COUNT] =
    "SELECT count(*) FROM attachment WHERE demand_id = ?1",
  [STMT_ATTACHMENT_LIST] =
    "SELECT a.id, a.demand_id, a.sha256, a.name, a.mime, a.size,"
    " a.uploaded_by, u.display_name, a.uploaded_at FROM attachment a"
    " LEFT JOIN app_user u ON u.id = a.uploaded_by"
    " WHERE a.demand_id = ?1 ORDER BY a.id",
  [STMT_ATTACHMENT_GET] =
    "SELECT a.id, a.demand_id, a.sha256, a.name, a.mime, a.size,"
    " a.uploaded_by, u.display_name, a.uploaded_at FROM attachment a"
    " LEFT JOIN app_user u ON u.id = a.uploaded_by WHERE a.id = ?1",
  /* An event that leaves the status as it is (an attachment, a note):
   * from and to are the demand's current status, read in the insert. */
  [STMT_DEMAND_NOTE_EVENT] =
    "INSERT INTO demand_event (demand_id, at, actor_id, actor_role, action,"
    " from_status, to_status, note, data) SELECT id, ?2, ?3, ?4, ?5, status,"
    " status, ?6, ?7 FROM demand WHERE id = ?1",
  /* visits (store_visit.c) */
  [STMT_VISIT_INSERT] =
    "INSERT INTO visit (user_id, enterprise_id, project_id, region_code,"
    " visited_at, mode, notes, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
    " ?7, ?8) RETURNING id",
  VISIT_SCOPED(STMT_VISIT_GET, "SELECT " VISIT_COLS " WHERE ",
               " AND v.id = ?6"),
  /* Newest visit first; the cursor is (visited_at ?8, id ?6), which the
   * scope's index (user, enterprise or region, then visited_at) serves. */
  VISIT_SCOPED(STMT_VISIT_LIST, "SELECT " VISIT_COLS " WHERE ",
               " AND (v.visited_at, v.id) < (?8, ?6)"
               OPT("?9", "v.enterprise_id = ?9")
               OPT("?10", "v.user_id = ?10")
               OPT("?11", "v.visited_at >= ?11")
               OPT("?12", "v.visited_at < ?12")
               " ORDER BY v.visited_at DESC, v.id DESC LIMIT ?7"),
  /* Through the partial index demand_visit; the caller checked that the
   * reader sees the visit, and every demand raised on it is the visit's
   * enterprise's, submitted by the visit's commissioner. */
  [STMT_VISIT_DEMANDS] =
    "SELECT id, code, title, category, status, submitted_at FROM demand"
    " WHERE visit_id = ?1 ORDER BY id",
  /* The enterprises the scope sees (a commissioner: those paired with it
   * today), by id after cursor ?6, each with its latest visit by anyone
   * and its visits since ?8, read through visit_enterprise in the same
   * statement; with ?9 = 1 only those due: never visited, or not since
   * ?8.  PostgreSQL (before 16) wants the derived table named. */
  ENTERPRISE_SCOPED(STMT_VISIT_DUE,
                    "SELECT id, name, region_code, region_name, four_above,"
                    " is_key, contact_name, contact_phone, last_at, n_recent"
                    " FROM (SELECT e.id AS id, e.name AS name,"
                    " e.region_code AS region_code, r.name AS region_name,"
                    " e.four_above AS four_above, e.is_key AS is_key,"
                    " e.contact_name AS contact_name,"
                    " e.contact_phone AS contact_phone,"
                    " (SELECT max(vl.visited_at) FROM visit vl"
                    " WHERE vl.enterprise_id = e.id) AS last_at,"
                    " (SELECT count(*) FROM visit vr"
                    " WHERE vr.enterprise_id = e.id"
                    " AND vr.visited_at >= ?8) AS n_recent"
                    " FROM enterprise e JOIN region r"
                    " ON r.code = e.region_code WHERE ",
                    " AND e.id > ?6 AND e.disabled = 0) AS due"
                    " WHERE ?9 = 0 OR last_at IS NULL OR last_at < ?8"
                    " ORDER BY id LIMIT ?7"),
  /* The columns of table ?1, in their order. */
  [STMT_TABLE_COLUMNS] = D_TABLE_COLUMNS,
};
