/*
 * h_session.c — signing in and out, the current user, API tokens.
 *
 * Sign-in is throttled per account and per address, in the database so
 * that every server counts the same failures: five failures for one
 * account, or thirty from one address, within fifteen minutes lock further
 * attempts until the window has passed.  The address is the one
 * server.c settled on (a trusted proxy's X-Forwarded-For, else the
 * peer).  A new session is made at every sign-in (never reused), which
 * rotates the cookie.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "handlers.h"
#include "log.h"
#include "secret.h"
#include "views.h"

enum {
  THROTTLE_WINDOW = 15 * 60,
  THROTTLE_ACCOUNT = 5,
  THROTTLE_ADDRESS = 30
};

/* A real argon2id hash of a random password, verified against when the
 * account does not exist, so that the answer takes as long as for a real
 * account and does not tell which usernames exist. */
static char dummy_hash[SECRET_HASH_TEXT];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy_hash(void)
{
  char password[SECRET_TOKEN_TEXT];
  QtError ignored;

  secret_token_new(password);
  qt_error_clear(&ignored);
  (void)secret_password_hash(password, dummy_hash, &ignored);
}

/* QT_EBUSY when KEY already has LIMIT failures in the window. */
static QtCode check_limit(Req *req, const char *key, int limit, QtError *err)
{
  int n;

  if (store_signin_failures(req->store, key, req->now - THROTTLE_WINDOW, &n,
                            err) != QT_OK) {
    return err->code;
  }
  if (n >= limit) {
    qt_log(QT_LOG_INFO, "signin.locked req=%s addr=%s by=%s",
           req->request_id, req->address,
           key[0] == 'u' ? "account" : "address");
    return qt_fail(err, QT_EBUSY,
                   "Too many failed sign-ins; wait %d minutes and try "
                   "again.",
                   THROTTLE_WINDOW / 60);
  }
  return QT_OK;
}

/* Take one attempt under the account's limit (UKEY) and the address's
 * (AKEY), or refuse it.  The attempt is counted and recorded as a
 * failure in one transaction, under the write lock, before the password
 * is checked; a sign-in that succeeds takes it back.  So attempts that
 * arrive together, on any thread or server, are counted one after
 * another, and no more than the limit are ever checked: a count read
 * first and a failure written after the slow password check let 7 of 20
 * simultaneous wrong passwords through instead of 5. */
static QtCode take_attempt(Req *req, const char *ukey, const char *akey,
                           QtError *err)
{
  QtCode rc = store_begin(req->store, err);

  if (rc == QT_OK) rc = check_limit(req, ukey, THROTTLE_ACCOUNT, err);
  if (rc == QT_OK) rc = check_limit(req, akey, THROTTLE_ADDRESS, err);
  if (rc == QT_OK) rc = store_signin_fail(req->store, ukey, req->now, err);
  if (rc == QT_OK) rc = store_signin_fail(req->store, akey, req->now, err);
  return store_end(req->store, rc, err);
}

/* The session cookie's attributes: Secure only when the request came
 * over HTTPS, or the browser would not send it back over plain HTTP. */
static const char *cookie_attributes(const Req *req)
{
  return req->is_secure ? "Path=/; HttpOnly; SameSite=Strict; Secure"
                        : "Path=/; HttpOnly; SameSite=Strict";
}

QtCode h_session_create(Req *req, Resp *resp, QtError *err)
{
  JsonIn in;
  char *username, *password;
  char ukey[160], akey[80], token[SECRET_TOKEN_TEXT], cookie[256];
  User u;
  Session s;
  QtError lookup;
  bool is_known;
  QtCode rc;

  if (jin_begin(req, &in, err) != QT_OK) return err->code;
  username = jin_str(&in, "username", J_REQUIRED | J_LINE, 64, NULL);
  password = jin_str(&in, "password", J_REQUIRED | J_VERBATIM, 128, NULL);
  rc = jin_end(&in);
  if (rc != QT_OK) return rc;
  snprintf(ukey, sizeof ukey, "u:%s", username);
  snprintf(akey, sizeof akey, "a:%s", req->address);
  if (take_attempt(req, ukey, akey, err) != QT_OK) return err->code;
  qt_error_clear(&lookup);
  rc = store_user_by_name(req->store, username, req->arena, &u, &lookup);
  if (rc != QT_OK && rc != QT_ENOTFOUND) {
    *err = lookup;
    return rc;
  }
  is_known = rc == QT_OK && u.password_hash && !u.is_disabled;
  pthread_once(&dummy_once, make_dummy_hash);
  if (!secret_password_verify(is_known ? u.password_hash : dummy_hash,
                              password) ||
      !is_known) {
    /* take_attempt recorded the failure already. */
    qt_log(QT_LOG_INFO, "signin.fail req=%s addr=%s", req->request_id,
           req->address);
    return qt_fail(err, QT_EAUTH, "Wrong username or password.");
  }
  secret_token_new(token);
  memset(&s, 0, sizeof s);
  secret_sha256_hex(token, strlen(token), s.token_hash);
  secret_token_new(s.csrf);
  s.user_id = u.id;
  s.created_at = s.last_seen_at = req->now;
  s.expires_at = req->now + req->cfg->session_max;
  rc = store_begin(req->store, err);
  if (rc == QT_OK) rc = store_signin_clear(req->store, ukey, err);
  if (rc == QT_OK) {
    rc = store_signin_forget(req->store, akey, req->now, err);
  }
  if (rc == QT_OK && req->cookie && *req->cookie) {
    /* The browser's cookie is replaced below; the session it named (this
     * or another account's) must not live on unseen, in a copy of it. */
    char old[SECRET_SHA256_HEX];
    secret_sha256_hex(req->cookie, strlen(req->cookie), old);
    rc = store_session_delete(req->store, old, err);
  }
  if (rc == QT_OK) rc = store_session_create(req->store, &s, err);
  if (rc == QT_OK) {
    rc = req_audit(req, "session.create", "user", u.id, NULL, err);
  }
  rc = store_end(req->store, rc, err);
  if (rc != QT_OK) return rc;
  req->is_signed_in = true;
  req->actor.user_id = u.id;
  snprintf(cookie, sizeof cookie, AUTH_COOKIE "=%s; %s; Max-Age=%d", token,
           cookie_attributes(req), req->cfg->session_max);
  resp_header(req, resp, "Set-Cookie", cookie);
  return resp_json(req, resp, 201,
                   json_pack("{s:o, s:s}", "user", json_user(&u, PHONE_WHOLE),
                             "csrf_token", s.csrf));
}

QtCode h_session_get(Req *req, Resp *resp, QtError *err)
{
  Scope all = {.kind = SCOPE_ALL};
  User u;
  json_t *j;

  if (store_user_get(req->store, &all, req->actor.user_id, req->arena, &u,
                     err) != QT_OK) {
    return err->code;
  }
  j = json_pack("{s:o}", "user", json_user(&u, PHONE_WHOLE));
  json_object_set_new(j, "csrf_token",
                      req->via_cookie ? json_string(req->session_csrf)
                                      : json_null());
  return resp_json(req, resp, 200, j);
}

QtCode h_session_delete(Req *req, Resp *resp, QtError *err)
{
  char cookie[128];
  QtCode rc;

  if (req->via_cookie) {
    rc = store_begin(req->store, err);
    if (rc == QT_OK) {
      rc = store_session_delete(req->store, req->session_hash, err);
    }
    if (rc == QT_OK) {
      rc = req_audit(req, "session.delete", "user", req->actor.user_id,
                     NULL, err);
    }
    rc = store_end(req->store, rc, err);
    if (rc != QT_OK) return rc;
  }
  snprintf(cookie, sizeof cookie, AUTH_COOKIE "=; %s; Max-Age=0",
           cookie_attributes(req));
  resp_header(req, resp, "Set-Cookie", cookie);
  resp_bytes(resp, 204, NULL, "", 0);
  return QT_OK;
}

QtCode h_tokens_create(Req *req, Resp *resp, QtError *err)
{
  JsonIn in;
  ApiToken t;
  char token[SECRET_TOKEN_TEXT], hash[SECRET_SHA256_HEX];
  QtCode rc;

  if (jin_begin(req, &in, err) != QT_OK) return err->code;
  memset(&t, 0, sizeof t);
  t.name = jin_str(&in, "name", J_REQUIRED | J_LINE, 100, NULL);
  rc = jin_end(&in);
  if (rc != QT_OK) return rc;
  t.user_id = req->actor.user_id;
  secret_token_new(token);
  secret_sha256_hex(token, strlen(token), hash);
  rc = store_begin(req->store, err);
  if (rc == QT_OK) rc = store_token_create(req->store, &t, hash, err);
  if (rc == QT_OK) {
    rc = req_audit(req, "token.create", "api_token", t.id,
                   json_pack("{s:s}", "name", t.name), err);
  }
  rc = store_end(req->store, rc, err);
  if (rc != QT_OK) return rc;
  return resp_json(req, resp, 201,
                   json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)t.id,
                             "name", t.name, "token", token, "created_at",
                             jtime(t.created_at)));
}
