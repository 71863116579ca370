/*
 * handlers.h — every route handler, one file per resource (h_*.c).
 * Each has the Handler signature of http.h; routes.c names who may call
 * it.
 */
#ifndef QT_HANDLERS_H
#define QT_HANDLERS_H

#include "http.h"

/* h_meta.c: the API document, reference data, the test clock, the UI */
QtCode h_openapi(Req *req, Resp *resp, QtError *err);
QtCode h_regions_list(Req *req, Resp *resp, QtError *err);
QtCode h_regions_get(Req *req, Resp *resp, QtError *err);
QtCode h_industries_list(Req *req, Resp *resp, QtError *err);
QtCode h_test_clock(Req *req, Resp *resp, QtError *err);
QtCode h_static(Req *req, Resp *resp, QtError *err);

/* h_session.c: sign-in, sign-out, who am I, API tokens */
QtCode h_session_create(Req *req, Resp *resp, QtError *err);
QtCode h_session_get(Req *req, Resp *resp, QtError *err);
QtCode h_session_delete(Req *req, Resp *resp, QtError *err);
QtCode h_tokens_create(Req *req, Resp *resp, QtError *err);

/* h_enterprises.c */
QtCode h_enterprises_list(Req *req, Resp *resp, QtError *err);
QtCode h_enterprises_get(Req *req, Resp *resp, QtError *err);
QtCode h_enterprises_create(Req *req, Resp *resp, QtError *err);
QtCode h_enterprises_update(Req *req, Resp *resp, QtError *err);
/* The contact cards of the commissioners serving an enterprise. */
QtCode h_enterprises_commissioners(Req *req, Resp *resp, QtError *err);

/* registry: departments, projects, users, teams, pairings */
/* h_departments.c: the department tree; every role reads, admin writes */
QtCode h_departments_list(Req *req, Resp *resp, QtError *err);
QtCode h_departments_get(Req *req, Resp *resp, QtError *err);
QtCode h_departments_create(Req *req, Resp *resp, QtError *err);
QtCode h_departments_update(Req *req, Resp *resp, QtError *err);
/* h_projects.c: key projects; reads scoped, admin and dispatcher write */
QtCode h_projects_list(Req *req, Resp *resp, QtError *err);
QtCode h_projects_get(Req *req, Resp *resp, QtError *err);
QtCode h_projects_create(Req *req, Resp *resp, QtError *err);
QtCode h_projects_update(Req *req, Resp *resp, QtError *err);
/* h_users.c: accounts; staff read in scope, admin writes */
QtCode h_users_list(Req *req, Resp *resp, QtError *err);
QtCode h_users_get(Req *req, Resp *resp, QtError *err);
QtCode h_users_create(Req *req, Resp *resp, QtError *err);
QtCode h_users_update(Req *req, Resp *resp, QtError *err);
QtCode h_users_set_password(Req *req, Resp *resp, QtError *err);
/* h_teams.c: commissioner teams; admin and dispatcher write */
QtCode h_teams_list(Req *req, Resp *resp, QtError *err);
QtCode h_teams_get(Req *req, Resp *resp, QtError *err);
QtCode h_teams_create(Req *req, Resp *resp, QtError *err);
QtCode h_teams_update(Req *req, Resp *resp, QtError *err);
/* h_pairings.c: who serves which enterprise or project, and since when */
QtCode h_pairings_list(Req *req, Resp *resp, QtError *err);
QtCode h_pairings_get(Req *req, Resp *resp, QtError *err);
QtCode h_pairings_create(Req *req, Resp *resp, QtError *err);
QtCode h_pairings_update(Req *req, Resp *resp, QtError *err);

/* h_deadlines.c: supervision notices, accountability, notifications (in
 * the reader's demand scope), SLA policies and the calendar (admin) */
QtCode h_supervisions_list(Req *req, Resp *resp, QtError *err);
QtCode h_accountability_list(Req *req, Resp *resp, QtError *err);
QtCode h_notifications_list(Req *req, Resp *resp, QtError *err);
QtCode h_notifications_read(Req *req, Resp *resp, QtError *err);
QtCode h_sla_policies_list(Req *req, Resp *resp, QtError *err);
QtCode h_sla_policies_put(Req *req, Resp *resp, QtError *err);
QtCode h_calendar_list(Req *req, Resp *resp, QtError *err);
QtCode h_calendar_set(Req *req, Resp *resp, QtError *err);

/* ledgers: import and export (h_ledgers.c) */
QtCode h_imports_create(Req *req, Resp *resp, QtError *err);
QtCode h_exports_get(Req *req, Resp *resp, QtError *err);

/* h_demands.c */
QtCode h_demands_create(Req *req, Resp *resp, QtError *err);
QtCode h_demands_list(Req *req, Resp *resp, QtError *err);
QtCode h_demands_get(Req *req, Resp *resp, QtError *err);
QtCode h_demands_act(Req *req, Resp *resp, QtError *err);
QtCode h_categories_list(Req *req, Resp *resp, QtError *err);
/* h_attachments.c: files attached to demands (upload, list, download) */
QtCode h_attachments_create(Req *req, Resp *resp, QtError *err);
/* What h_attachments_create checks before it reads the form (the demand
 * exists in the actor's scope, takes files, has room), for the router to
 * apply before the body arrives; the handler checks again. */
QtCode h_attachments_create_check(Req *req, QtError *err);
QtCode h_attachments_list(Req *req, Resp *resp, QtError *err);
QtCode h_attachments_get(Req *req, Resp *resp, QtError *err);
/* The demand list's query arguments (status, from, to, category, region,
 * region_exact, q, department, enterprise, commissioner, overdue,
 * extension, sort) into *F, for
 * the list and the demand ledger; F->now is the request's.  Strings are
 * borrowed from REQ.  QT_EBADREQ naming the argument when one is
 * malformed. */
QtCode demand_filter_from_query(Req *req, DemandFilter *f, QtError *err);
/* The pairing list's query arguments (user_id, team_id, enterprise_id,
 * project_id, kind, status or the older ended) into *F, for the list and
 * the pairing ledger.  status is active (the default: not ended before
 * today), ended or all; ended=true means all, and naming both is refused.
 * Strings are borrowed from REQ.  QT_EBADREQ naming the argument when one
 * is malformed. */
QtCode pairing_filter_from_query(Req *req, PairingFilter *f, QtError *err);

/* h_visits.c: visits (走访) of commissioners, the demands raised on them,
 * and the enterprises due a visit */
QtCode h_visits_create(Req *req, Resp *resp, QtError *err);
QtCode h_visits_list(Req *req, Resp *resp, QtError *err);
QtCode h_visits_get(Req *req, Resp *resp, QtError *err);
QtCode h_visits_due(Req *req, Resp *resp, QtError *err);
/* The visit list's query arguments (enterprise, user, from, to) into *F,
 * for the list and the visit ledger.  QT_EBADREQ naming the argument
 * when one is malformed. */
QtCode visit_filter_from_query(Req *req, VisitFilter *f, QtError *err);

/* h_stats.c: rates and rankings over the aggregates (regional roles) */
QtCode h_stats_rates(Req *req, Resp *resp, QtError *err);
QtCode h_stats_rankings(Req *req, Resp *resp, QtError *err);

#endif
