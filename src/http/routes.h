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

#endif
