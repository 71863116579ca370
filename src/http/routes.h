/*
 * routes.h — the route table and dispatch.
 */
#ifndef QT_ROUTES_H
#define QT_ROUTES_H

#include "http.h"

/* Who may call a route, besides the roles in its role set. */
typedef enum Access {
  ACCESS_ROLES, /* signed in, with one of the route's roles */
  ACCESS_PUBLIC /* anyone, signed in or not */
} Access;

typedef struct Route {
  const char *method;  /* "GET", "POST", "PATCH", "PUT", "DELETE" */
  const char *pattern; /* "/api/v1/enterprises/{id}" */
  Handler handler;
  Access access;
  unsigned roles;      /* ROLE_BIT set for ACCESS_ROLES */
  bool is_test_only;   /* exists only under serve --test-clock */
} Route;

/* The table, ending in a route whose method is NULL. */
extern const Route routes[];

/*
 * Find REQ's route, resolve the actor, apply the access rule and call the
 * handler.  Paths outside /api are the web UI's static files.  Unknown
 * paths are QT_ENOTFOUND; a known path with another method is 405 with
 * Allow; a route the role may not use is QT_EFORBIDDEN (QT_EAUTH when not
 * signed in).
 */
QtCode routes_dispatch(Req *req, Resp *resp, QtError *err);

/*
 * routes_dispatch up to the handler, which it returns in *HANDLER rather
 * than calls.  *IS_GROUPED says the handler may run on the server's
 * writer, in a batch committed with others (store_batch_begin), not on
 * the caller's thread: every route that writes (any method but GET and
 * HEAD) but those whose slow part (a password hash, a file reaching the
 * disk, an import, a scheduler pass) must not hold up all other writes
 * while it runs.  Those write as before, in transactions of their own.
 */
QtCode routes_find(Req *req, Resp *resp, Handler *handler, bool *is_grouped,
                   QtError *err);

/*
 * What routes_dispatch checks before it calls the handler, and the checks
 * of the few handlers that have some to make before the body is read (an
 * upload's demand must be one the actor may add files to), so that the
 * server can refuse a request on its head alone.  QT_OK when the request
 * may go on (a path outside /api always may); otherwise the code
 * routes_dispatch would return, with ERR and any Allow header in RESP.
 * Needs req->store and req->now; changes nothing stored but the session's
 * last activity, as routes_dispatch does.
 */
QtCode routes_authorize(Req *req, Resp *resp, QtError *err);

#endif
