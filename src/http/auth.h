/*
 * auth.h — who is asking: sessions, bearer tokens and CSRF.
 */
#ifndef QT_AUTH_H
#define QT_AUTH_H

#include "http.h"

#define AUTH_COOKIE "qt_session"

/*
 * Find the actor of REQ from its bearer token or session cookie and fill
 * req->actor (with its scope).  No credentials leave req->is_signed_in
 * false and return QT_OK; credentials that are wrong, expired or belong to
 * a disabled account are QT_EAUTH.  A cookie-signed request with an unsafe
 * method must carry the session's CSRF token (QT_EFORBIDDEN otherwise).
 */
QtCode auth_resolve(Req *req, QtError *err);

/* Build the actor for USER (department and scope filled in). */
QtCode auth_actor_for(Store *st, const User *user, Arena *a, Actor *out,
                      QtError *err);

#endif
