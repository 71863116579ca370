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

/* registry: departments, projects, users, teams, pairings */

/* ledgers: import and export */

#endif
