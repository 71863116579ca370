/*
 * stat_columns.h — the demand_stat counter columns, in the order of
 * DemandStats (src/core/rates.h), for constant SQL texts.  Written from
 * stats_counter_name(); test_store checks the two stay the same.
 */
#ifndef QT_STAT_COLUMNS_H
#define QT_STAT_COLUMNS_H

/* The counter columns. */
#define STAT_COLUMNS \
  "total, status_submitted, status_assigned, status_accepted," \
  " status_answered, status_resolved, status_closed, status_withdrawn," \
  " status_merged, closed_resolved, closed_partial, closed_explained," \
  " answer_due, answer_on_time, resolve_due, resolve_on_time, rated," \
  " rated_ok, reopened, returned, overdue, to_assign_n," \
  " to_assign_seconds, to_assign_h0, to_assign_h1, to_assign_h2," \
  " to_assign_h3, to_assign_h4, to_assign_h5, to_assign_h6," \
  " to_assign_h7, to_assign_h8, to_assign_h9, to_assign_h10," \
  " to_assign_h11, to_assign_h12, to_assign_h13, to_assign_h14," \
  " to_assign_h15, to_answer_n, to_answer_seconds, to_answer_h0," \
  " to_answer_h1, to_answer_h2, to_answer_h3, to_answer_h4," \
  " to_answer_h5, to_answer_h6, to_answer_h7, to_answer_h8," \
  " to_answer_h9, to_answer_h10, to_answer_h11, to_answer_h12," \
  " to_answer_h13, to_answer_h14, to_answer_h15, to_resolve_n," \
  " to_resolve_seconds, to_resolve_h0, to_resolve_h1, to_resolve_h2," \
  " to_resolve_h3, to_resolve_h4, to_resolve_h5, to_resolve_h6," \
  " to_resolve_h7, to_resolve_h8, to_resolve_h9, to_resolve_h10," \
  " to_resolve_h11, to_resolve_h12, to_resolve_h13, to_resolve_h14," \
  " to_resolve_h15"

/* Their values, bound from ?5 on. */
#define STAT_PARAMS \
  "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18," \
  " ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31," \
  " ?32, ?33, ?34, ?35, ?36, ?37, ?38, ?39, ?40, ?41, ?42, ?43, ?44," \
  " ?45, ?46, ?47, ?48, ?49, ?50, ?51, ?52, ?53, ?54, ?55, ?56, ?57," \
  " ?58, ?59, ?60, ?61, ?62, ?63, ?64, ?65, ?66, ?67, ?68, ?69, ?70," \
  " ?71, ?72, ?73, ?74, ?75, ?76, ?77, ?78, ?79"

/* An upsert adds the new values to the old (the table is aliased t). */
#define STAT_ADD \
  "total = t.total + excluded.total," \
  " status_submitted = t.status_submitted + excluded.status_submitted," \
  " status_assigned = t.status_assigned + excluded.status_assigned," \
  " status_accepted = t.status_accepted + excluded.status_accepted," \
  " status_answered = t.status_answered + excluded.status_answered," \
  " status_resolved = t.status_resolved + excluded.status_resolved," \
  " status_closed = t.status_closed + excluded.status_closed," \
  " status_withdrawn = t.status_withdrawn + excluded.status_withdrawn," \
  " status_merged = t.status_merged + excluded.status_merged," \
  " closed_resolved = t.closed_resolved + excluded.closed_resolved," \
  " closed_partial = t.closed_partial + excluded.closed_partial," \
  " closed_explained = t.closed_explained + excluded.closed_explained," \
  " answer_due = t.answer_due + excluded.answer_due," \
  " answer_on_time = t.answer_on_time + excluded.answer_on_time," \
  " resolve_due = t.resolve_due + excluded.resolve_due," \
  " resolve_on_time = t.resolve_on_time + excluded.resolve_on_time," \
  " rated = t.rated + excluded.rated," \
  " rated_ok = t.rated_ok + excluded.rated_ok," \
  " reopened = t.reopened + excluded.reopened," \
  " returned = t.returned + excluded.returned," \
  " overdue = t.overdue + excluded.overdue," \
  " to_assign_n = t.to_assign_n + excluded.to_assign_n," \
  " to_assign_seconds = t.to_assign_seconds + excluded.to_assign_seconds," \
  " to_assign_h0 = t.to_assign_h0 + excluded.to_assign_h0," \
  " to_assign_h1 = t.to_assign_h1 + excluded.to_assign_h1," \
  " to_assign_h2 = t.to_assign_h2 + excluded.to_assign_h2," \
  " to_assign_h3 = t.to_assign_h3 + excluded.to_assign_h3," \
  " to_assign_h4 = t.to_assign_h4 + excluded.to_assign_h4," \
  " to_assign_h5 = t.to_assign_h5 + excluded.to_assign_h5," \
  " to_assign_h6 = t.to_assign_h6 + excluded.to_assign_h6," \
  " to_assign_h7 = t.to_assign_h7 + excluded.to_assign_h7," \
  " to_assign_h8 = t.to_assign_h8 + excluded.to_assign_h8," \
  " to_assign_h9 = t.to_assign_h9 + excluded.to_assign_h9," \
  " to_assign_h10 = t.to_assign_h10 + excluded.to_assign_h10," \
  " to_assign_h11 = t.to_assign_h11 + excluded.to_assign_h11," \
  " to_assign_h12 = t.to_assign_h12 + excluded.to_assign_h12," \
  " to_assign_h13 = t.to_assign_h13 + excluded.to_assign_h13," \
  " to_assign_h14 = t.to_assign_h14 + excluded.to_assign_h14," \
  " to_assign_h15 = t.to_assign_h15 + excluded.to_assign_h15," \
  " to_answer_n = t.to_answer_n + excluded.to_answer_n," \
  " to_answer_seconds = t.to_answer_seconds + excluded.to_answer_seconds," \
  " to_answer_h0 = t.to_answer_h0 + excluded.to_answer_h0," \
  " to_answer_h1 = t.to_answer_h1 + excluded.to_answer_h1," \
  " to_answer_h2 = t.to_answer_h2 + excluded.to_answer_h2," \
  " to_answer_h3 = t.to_answer_h3 + excluded.to_answer_h3," \
  " to_answer_h4 = t.to_answer_h4 + excluded.to_answer_h4," \
  " to_answer_h5 = t.to_answer_h5 + excluded.to_answer_h5," \
  " to_answer_h6 = t.to_answer_h6 + excluded.to_answer_h6," \
  " to_answer_h7 = t.to_answer_h7 + excluded.to_answer_h7," \
  " to_answer_h8 = t.to_answer_h8 + excluded.to_answer_h8," \
  " to_answer_h9 = t.to_answer_h9 + excluded.to_answer_h9," \
  " to_answer_h10 = t.to_answer_h10 + excluded.to_answer_h10," \
  " to_answer_h11 = t.to_answer_h11 + excluded.to_answer_h11," \
  " to_answer_h12 = t.to_answer_h12 + excluded.to_answer_h12," \
  " to_answer_h13 = t.to_answer_h13 + excluded.to_answer_h13," \
  " to_answer_h14 = t.to_answer_h14 + excluded.to_answer_h14," \
  " to_answer_h15 = t.to_answer_h15 + excluded.to_answer_h15," \
  " to_resolve_n = t.to_resolve_n + excluded.to_resolve_n," \
  " to_resolve_seconds = t.to_resolve_seconds + excluded.to_resolve_seconds," \
  " to_resolve_h0 = t.to_resolve_h0 + excluded.to_resolve_h0," \
  " to_resolve_h1 = t.to_resolve_h1 + excluded.to_resolve_h1," \
  " to_resolve_h2 = t.to_resolve_h2 + excluded.to_resolve_h2," \
  " to_resolve_h3 = t.to_resolve_h3 + excluded.to_resolve_h3," \
  " to_resolve_h4 = t.to_resolve_h4 + excluded.to_resolve_h4," \
  " to_resolve_h5 = t.to_resolve_h5 + excluded.to_resolve_h5," \
  " to_resolve_h6 = t.to_resolve_h6 + excluded.to_resolve_h6," \
  " to_resolve_h7 = t.to_resolve_h7 + excluded.to_resolve_h7," \
  " to_resolve_h8 = t.to_resolve_h8 + excluded.to_resolve_h8," \
  " to_resolve_h9 = t.to_resolve_h9 + excluded.to_resolve_h9," \
  " to_resolve_h10 = t.to_resolve_h10 + excluded.to_resolve_h10," \
  " to_resolve_h11 = t.to_resolve_h11 + excluded.to_resolve_h11," \
  " to_resolve_h12 = t.to_resolve_h12 + excluded.to_resolve_h12," \
  " to_resolve_h13 = t.to_resolve_h13 + excluded.to_resolve_h13," \
  " to_resolve_h14 = t.to_resolve_h14 + excluded.to_resolve_h14," \
  " to_resolve_h15 = t.to_resolve_h15 + excluded.to_resolve_h15"

#endif
