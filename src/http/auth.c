/*
 * auth.c — resolving the actor of a request.
 *
 * Integrations send "Authorization: Bearer <token>"; browsers send the
 * session cookie, and with it, on every state-changing request, the CSRF
 * token they were given at sign-in (the cookie alone would let another
 * site's page act for the user).  Only hashes of tokens are stored.
 */
#include <string.h>

#include "auth.h"
#include "secret.h"

static bool is_safe_method(const char *m)
{
  return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0 ||
         strcmp(m, "OPTIONS") == 0;
}

QtCode auth_actor_for(Store *st, const User *user, Arena *a, Actor *out,
                      QtError *err)
{
  Department d;

  memset(out, 0, sizeof *out);
  out->user_id = user->id;
  out->role = user->role;
  out->enterprise_id = user->enterprise_id;
  out->department_id = user->department_id;
  if (user->region_code) {
    snprintf(out->region, sizeof out->region, "%s", user->region_code);
  }
  if (user->department_id) {
    if (store_department_get(st, user->department_id, a, &d, err) != QT_OK) {
      return err->code == QT_ENOTFOUND ? QT_OK : err->code;
    }
    snprintf(out->dept_path, sizeof out->dept_path, "%s", d.path);
    /* A department's staff work where the department serves. */
    if (!out->region[0]) {
      snprintf(out->region, sizeof out->region, "%s", d.region_code);
    }
  }
  scope_for_actor(out);
  return QT_OK;
}

/* The user behind ID, who must still be allowed to sign in. */
static QtCode load_actor(Req *req, int64_t user_id, QtError *err)
{
  Scope all = {.kind = SCOPE_ALL};
  User u;

  if (store_user_get(req->store, &all, user_id, req->arena, &u, err) !=
        QT_OK ||
      u.is_disabled) {
    qt_error_clear(err);
    return qt_fail(err, QT_EAUTH, "The account is disabled or removed.");
  }
  if (auth_actor_for(req->store, &u, req->arena, &req->actor, err) !=
      QT_OK) {
    return err->code;
  }
  req->is_signed_in = true;
  return QT_OK;
}

static QtCode by_token(Req *req, const char *token, QtError *err)
{
  char hash[SECRET_SHA256_HEX];
  int64_t user_id;

  secret_sha256_hex(token, strlen(token), hash);
  if (store_token_user(req->store, hash, &user_id, err) != QT_OK) {
    if (err->code != QT_ENOTFOUND) return err->code;
    qt_error_clear(err);
    return qt_fail(err, QT_EAUTH, "The API token is not valid.");
  }
  return load_actor(req, user_id, err);
}

static QtCode by_cookie(Req *req, QtError *err)
{
  const ServerConfig *cfg = req->cfg;
  char hash[SECRET_SHA256_HEX];
  Session s;

  secret_sha256_hex(req->cookie, strlen(req->cookie), hash);
  if (store_session_get(req->store, hash, req->now, cfg->session_idle, &s,
                        err) != QT_OK) {
    if (err->code != QT_ENOTFOUND) return err->code;
    qt_error_clear(err);
    return qt_fail(err, QT_EAUTH,
                   "The session has ended; please sign in again.");
  }
  /* Record activity at most once a minute: a write on every read would
   * serialise all readers behind the one writer. */
  if (req->now - s.last_seen_at >= 60 &&
      store_session_touch(req->store, hash, req->now, err) != QT_OK) {
    return err->code;
  }
  memcpy(req->session_hash, hash, sizeof req->session_hash);
  snprintf(req->session_csrf, sizeof req->session_csrf, "%s", s.csrf);
  req->via_cookie = true;
  if (load_actor(req, s.user_id, err) != QT_OK) return err->code;
  if (!is_safe_method(req->method) &&
      (!req->csrf || !secret_equal(req->csrf, s.csrf))) {
    return qt_fail(err, QT_EFORBIDDEN,
                   "The X-CSRF-Token header is missing or wrong; it is "
                   "returned at sign-in.");
  }
  return QT_OK;
}

QtCode auth_resolve(Req *req, QtError *err)
{
  const char *h = req->authorization;

  if (h) {
    if (strncmp(h, "Bearer ", 7) != 0 || strlen(h + 7) < 20 ||
        strlen(h + 7) > 100) {
      return qt_fail(err, QT_EAUTH,
                     "The Authorization header must be 'Bearer <token>'.");
    }
    return by_token(req, h + 7, err);
  }
  if (req->cookie && *req->cookie) {
    if (strlen(req->cookie) > 100) {
      return qt_fail(err, QT_EAUTH,
                     "The session has ended; please sign in again.");
    }
    return by_cookie(req, err);
  }
  return QT_OK;
}
