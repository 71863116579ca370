/*
 * store_auth.c — sessions, API tokens, sign-in throttling and the
 * hash-chained audit log over db.h.
 *
 * Sessions and throttling live in the database, not in a server's memory,
 * so that several servers behind one proxy share them.
 */
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "secret.h"

QtCode store_session_create(Store *st, const Session *s, QtError *err)
{
  Q q;

  /* Expired sessions are swept as new ones arrive, which keeps the table
   * as small as the number of people signed in. */
  if (q_open(st, STMT_SESSION_PURGE, &q, err) != QT_OK) return err->code;
  q_int(&q, 1, s->created_at);
  if (q_exec(&q) != QT_OK) return err->code;
  if (q_open(st, STMT_SESSION_INSERT, &q, err) != QT_OK) return err->code;
  q_text(&q, 1, s->token_hash);
  q_int(&q, 2, s->user_id);
  q_text(&q, 3, s->csrf);
  q_int(&q, 4, s->created_at);
  q_int(&q, 5, s->last_seen_at);
  q_int(&q, 6, s->expires_at);
  return q_exec(&q);
}

QtCode store_session_get(Store *st, const char *token_hash, QtTime now,
                         QtTime idle_limit, Session *out, QtError *err)
{
  Q q;
  int rc;

  if (q_open(st, STMT_SESSION_GET, &q, err) != QT_OK) return err->code;
  q_text(&q, 1, token_hash);
  q_int(&q, 2, now);
  q_int(&q, 3, idle_limit);
  rc = q_step(&q);
  if (rc == 1) {
    q_col_copy(&q, 0, out->token_hash, sizeof out->token_hash);
    out->user_id = q_col_int(&q, 1);
    q_col_copy(&q, 2, out->csrf, sizeof out->csrf);
    out->created_at = q_col_int(&q, 3);
    out->last_seen_at = q_col_int(&q, 4);
    out->expires_at = q_col_int(&q, 5);
  }
  q_close(&q);
  if (rc < 0) return err->code;
  if (rc == 0) return qt_fail(err, QT_ENOTFOUND, "No such session.");
  return QT_OK;
}

QtCode store_session_touch(Store *st, const char *token_hash, QtTime now,
                           QtError *err)
{
  Q q;

  if (q_open(st, STMT_SESSION_TOUCH, &q, err) != QT_OK) return err->code;
  q_text(&q, 1, token_hash);
  q_int(&q, 2, now);
  return q_exec(&q);
}

QtCode store_session_delete(Store *st, const char *token_hash, QtError *err)
{
  Q q;

  if (q_open(st, STMT_SESSION_DELETE, &q, err) != QT_OK) return err->code;
  q_text(&q, 1, token_hash);
  return q_exec(&q);
}

QtCode store_token_create(Store *st, ApiToken *t, const char *token_hash,
                          QtError *err)
{
  Q q;

  t->created_at = qt_now();
  if (q_open(st, STMT_TOKEN_INSERT, &q, err) != QT_OK) return err->code;
  q_int(&q, 1, t->user_id);
  q_text(&q, 2, t->name);
  q_text(&q, 3, token_hash);
  q_int(&q, 4, t->created_at);
  if (q_insert(&q, &t->id) != QT_OK) return err->code;
  return QT_OK;
}

QtCode store_token_user(Store *st, const char *token_hash, int64_t *user_id,
                        QtError *err)
{
  Q q;
  int rc;

  if (q_open(st, STMT_TOKEN_USER, &q, err) != QT_OK) return err->code;
  q_text(&q, 1, token_hash);
  rc = q_step(&q);
  if (rc == 1) *user_id = q_col_int(&q, 0);
  q_close(&q);
  if (rc < 0) return err->code;
  if (rc == 0) return qt_fail(err, QT_ENOTFOUND, "No such token.");
  return QT_OK;
}

QtCode store_signin_failures(Store *st, const char *key, QtTime since,
                             int *count, QtError *err)
{
  Q q;
  int rc;

  *count = 0;
  if (q_open(st, STMT_SIGNIN_COUNT, &q, err) != QT_OK) return err->code;
  q_text(&q, 1, key);
  q_int(&q, 2, since);
  rc = q_step(&q);
  if (rc == 1) *count = (int)q_col_int(&q, 0);
  q_close(&q);
  return rc < 0 ? err->code : QT_OK;
}

QtCode store_signin_fail(Store *st, const char *key, QtTime at, QtError *err)
{
  Q q;

  if (q_open(st, STMT_SIGNIN_INSERT, &q, err) != QT_OK) return err->code;
  q_text(&q, 1, key);
  q_int(&q, 2, at);
  return q_exec(&q);
}

QtCode store_signin_clear(Store *st, const char *key, QtError *err)
{
  Q q;

  if (q_open(st, STMT_SIGNIN_CLEAR, &q, err) != QT_OK) return err->code;
  q_text(&q, 1, key);
  return q_exec(&q);
}

QtCode store_signin_forget(Store *st, const char *key, QtTime at,
                           QtError *err)
{
  Q q;

  if (q_open(st, STMT_SIGNIN_FORGET, &q, err) != QT_OK) return err->code;
  q_text(&q, 1, key);
  q_int(&q, 2, at);
  return q_exec(&q);
}

/* ---- audit log -------------------------------------------------------- */

/* The chained hash: SHA-256 over the previous hash and every field, each
 * followed by a newline (no field holds one unescaped: detail is JSON). */
static void audit_hash(const char *prev, QtTime at, int64_t user_id,
                       const char *address, const char *action,
                       const char *entity, int64_t entity_id,
                       const char *detail, char out[SECRET_SHA256_HEX])
{
  Buf b;

  buf_init(&b);
  buf_printf(&b, "%s\n%lld\n%lld\n%s\n%s\n%s\n%lld\n%s\n", prev,
             (long long)at, (long long)user_id, address, action, entity,
             (long long)entity_id, detail ? detail : "");
  secret_sha256_hex(b.data, b.len, out);
  buf_reset(&b);
}

/* The hash the first entry chains to. */
static const char GENESIS[] = "qitong-audit-v1";

QtCode store_audit_append(Store *st, const AuditEntry *e, QtTime at,
                          QtError *err)
{
  char prev[SECRET_SHA256_HEX] = "", hash[SECRET_SHA256_HEX];
  Q q;
  int rc;

  if (q_open(st, STMT_AUDIT_LAST, &q, err) != QT_OK) return err->code;
  rc = q_step(&q);
  if (rc == 1) q_col_copy(&q, 0, prev, sizeof prev);
  q_close(&q);
  if (rc < 0) return err->code;
  if (rc == 0) snprintf(prev, sizeof prev, "%s", GENESIS);
  audit_hash(prev, at, e->user_id, e->address, e->action, e->entity,
             e->entity_id, e->detail, hash);
  if (q_open(st, STMT_AUDIT_INSERT, &q, err) != QT_OK) return err->code;
  q_int(&q, 1, at);
  q_id(&q, 2, e->user_id);
  q_text(&q, 3, e->address);
  q_text(&q, 4, e->action);
  q_text(&q, 5, e->entity);
  q_id(&q, 6, e->entity_id);
  q_text(&q, 7, e->detail);
  q_text(&q, 8, prev);
  q_text(&q, 9, hash);
  return q_exec(&q);
}

QtCode store_audit_verify(Store *st, int64_t *n_checked, QtError *err)
{
  char prev[SECRET_SHA256_HEX], hash[SECRET_SHA256_HEX];
  char row_prev[SECRET_SHA256_HEX], row_hash[SECRET_SHA256_HEX];
  Arena *a = arena_new();
  QtCode result = QT_OK;
  int64_t id = 0;
  Q q;
  int rc;

  *n_checked = 0;
  snprintf(prev, sizeof prev, "%s", GENESIS);
  if (q_open(st, STMT_AUDIT_ALL, &q, err) != QT_OK) {
    arena_free(a);
    return err->code;
  }
  for (;;) {
    rc = q_step(&q);
    if (rc != 1) break;
    id = q_col_int(&q, 0);
    q_col_copy(&q, 8, row_prev, sizeof row_prev);
    q_col_copy(&q, 9, row_hash, sizeof row_hash);
    audit_hash(prev, q_col_int(&q, 1), q_col_int(&q, 2),
               q_col_text(&q, 3, a), q_col_text(&q, 4, a),
               q_col_text(&q, 5, a), q_col_int(&q, 6),
               q_col_text(&q, 7, a), hash);
    if (strcmp(row_prev, prev) != 0 || strcmp(row_hash, hash) != 0) {
      result = qt_fail(err, QT_ECONFLICT,
                       "The audit log is broken at entry %lld: it was "
                       "changed, removed or inserted after it was written.",
                       (long long)id);
      break;
    }
    memcpy(prev, hash, sizeof prev);
    (*n_checked)++;
    /* A long log must not pile up in memory: start each row afresh. */
    arena_free(a);
    a = arena_new();
  }
  q_close(&q);
  arena_free(a);
  if (rc < 0) return err->code;
  return result;
}
