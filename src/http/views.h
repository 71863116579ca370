/*
 * views.h — domain structs as the API's JSON, one function each, shared by
 * the handlers and the exports so a record looks the same everywhere.
 * Each returns a new reference; jw_demand writes its text instead.
 */
#ifndef QT_VIEWS_H
#define QT_VIEWS_H

#include <jansson.h>

#include "http.h" /* JsonWriter */
#include "store.h"

/* How a view shows a phone number: masked (pii_mask_phone), as lists and
 * the audit log always do, or whole, for a single record shown to someone
 * pii_sees_*_phone allows. */
typedef enum PhoneView {
  PHONE_MASKED,
  PHONE_WHOLE
} PhoneView;

/* PHONE as JSON (null when NULL), masked unless VIEW is PHONE_WHOLE. */
json_t *jphone(const char *phone, PhoneView view);

/* A user, its phone as PHONE says (never its password hash). */
json_t *json_user(const User *u, PhoneView phone);
/* An enterprise, its contact phone as PHONE says. */
json_t *json_enterprise(const Enterprise *e, PhoneView phone);
json_t *json_department(const Department *d);
json_t *json_project(const Project *p);
json_t *json_team(const Team *t);
json_t *json_pairing(const Pairing *p);

/* A demand with its deadlines and, when EVENTS is not NULL, its
 * timeline, written to W as member KEY (http.h, JsonWriter): a page of
 * them is the inbox, read far more than anything else.  NOW decides the
 * overdue flags. */
void jw_demand(JsonWriter *w, const char *key, const DemandRecord *r,
               const DemandEventRecord *events, int n_events, QtTime now);

/* A visit; with its demands (the list of N_DEMANDS) when DEMANDS is not
 * NULL, as GET /visits/{id} shows it. */
json_t *json_visit(const Visit *v, const VisitDemand *demands,
                   int n_demands);

/* One enterprise of the due-for-visit list, with its days since the
 * latest visit as of NOW; a list, so its contact phone is masked. */
json_t *json_visit_due(const VisitDue *d, QtTime now);

/* One row of rates (store_stats) as {key, label, counts, rates, hours,
 * score}: counts from the aggregates, the rates of rates_compute (null
 * without a denominator), average and 90th-percentile hours per stage
 * (null when none), and the composite score under W (null when the row
 * has none of the three rates). */
json_t *json_stats_row(const StatsRow *r, const RateWeights *w);

#endif
