/*
 * h_users.c — accounts: list, read, create, update, set a password.
 *
 * Staff read the users their scope shows (the store decides: admins all,
 * region roles their region and below, everyone else only themselves).
 * Only an admin creates and changes accounts.  What a role needs is
 * checked here: a region for every role that works in one, a department
 * for handlers, an enterprise for enterprise users, a level only for
 * commissioners.  A password is hashed at once and never shown, logged or
 * written to the audit log; a disabled account cannot sign in (auth.c).
 * Phones are masked in the list and the audit log, and whole on the
 * record only for those pii_sees_user_phone names.
 */
#include <stdio.h>
#include <string.h>

#include "handlers.h"
#include "pii.h"
#include "secret.h"
#include "views.h"

static const char *const levels[] = {"city", "county", "town", NULL};

/* How the single record U shows its phone to the caller (pii.h). */
static PhoneView phone_view(const Req *req, const User *u)
{
  return pii_sees_user_phone(&req->actor, u->id) ? PHONE_WHOLE
                                                 : PHONE_MASKED;
}

/* Copy the field errors of SRC (a core check) into IN. */
static void take_fields(JsonIn *in, const QtError *src)
{
  int i;

  for (i = 0; i < src->n_fields; i++) {
    jin_invalid(in, src->fields[i].name, src->fields[i].message);
  }
}

/* Read the writable fields from IN over U (defaults are U's values); REQ
 * is J_REQUIRED when creating. */
static void read_fields(JsonIn *in, User *u, unsigned req)
{
  QtError parse;
  char *role;

  u->display_name = jin_str(in, "display_name", req | J_LINE, 100,
                            u->display_name);
  role = jin_str(in, "role", req | J_LINE, 16, NULL);
  if (role) {
    qt_error_clear(&parse);
    if (role_parse(role, &u->role, &parse) != QT_OK) {
      take_fields(in, &parse);
    }
  }
  if (jin_has(in, "department_id")) {
    u->department_id = jin_int(in, "department_id", J_NULLABLE, 1,
                               INT64_MAX, 0);
  }
  u->region_code = jin_str(in, "region_code", J_NULLABLE | J_LINE, 12,
                           u->region_code);
  if (jin_has(in, "enterprise_id")) {
    u->enterprise_id = jin_int(in, "enterprise_id", J_NULLABLE, 1,
                               INT64_MAX, 0);
  }
  u->level = jin_enum(in, "level", J_NULLABLE, levels, u->level);
  u->phone = jin_str(in, "phone", J_NULLABLE | J_LINE, 30, u->phone);
  u->is_disabled = jin_bool(in, "disabled", 0, u->is_disabled);
}

/* True for the roles that cannot work without a region of their own.  A
 * handler needs one too, but takes its department's when it has none, so
 * the error to report for it is the department's. */
static bool needs_region(Role role)
{
  return role == ROLE_COMMISSIONER || role == ROLE_DISPATCHER ||
         role == ROLE_SUPERVISOR || role == ROLE_LEADER;
}

/* Rules over the whole record, checked after the fields parsed.  A
 * handler without a region takes its department's, and an enterprise user
 * its enterprise's, so that region scopes find them.  BEFORE is the user
 * as stored (NULL when creating): a department disabled since it was
 * assigned must not stop an admin from editing, or disabling, the user. */
static void check_rules(Req *req, JsonIn *in, User *u, const User *before)
{
  QtError lookup;
  Department d;
  Enterprise e;
  Region r;

  if (u->department_id) {
    qt_error_clear(&lookup);
    if (store_department_get(req->store, u->department_id, req->arena, &d,
                             &lookup) != QT_OK) {
      jin_invalid(in, "department_id", "is not a known department");
    } else if (d.is_disabled &&
               (!before || before->department_id != u->department_id)) {
      jin_invalid(in, "department_id", "is a disabled department");
    } else if (!u->region_code && u->role == ROLE_HANDLER) {
      u->region_code = d.region_code;
    }
  } else if (u->role == ROLE_HANDLER) {
    jin_invalid(in, "department_id", "is required for handlers");
  }
  if (u->role == ROLE_ENTERPRISE) {
    if (!u->enterprise_id) {
      jin_invalid(in, "enterprise_id", "is required for enterprise users");
    } else {
      qt_error_clear(&lookup);
      if (store_enterprise_get(req->store, &req->actor.scope,
                               u->enterprise_id, req->arena, &e,
                               &lookup) != QT_OK) {
        jin_invalid(in, "enterprise_id", "is not a known enterprise");
      } else if (!u->region_code) {
        u->region_code = e.region_code;
      }
    }
  } else if (u->enterprise_id) {
    jin_invalid(in, "enterprise_id", "is only for enterprise users");
  }
  if (u->region_code) {
    qt_error_clear(&lookup);
    if (store_region_get(req->store, u->region_code, req->arena, &r,
                         &lookup) != QT_OK) {
      jin_invalid(in, "region_code", "is not a known region code");
    }
  } else if (needs_region(u->role)) {
    jin_invalid(in, "region_code", "is required for this role");
  }
  if (u->level && u->role != ROLE_COMMISSIONER) {
    jin_invalid(in, "level", "is only for commissioners");
  }
  if (u->phone &&
      strspn(u->phone, "0123456789+- ") != strlen(u->phone)) {
    jin_invalid(in, "phone", "may hold only digits, +, - and spaces");
  }
}

/* Usernames are typed at sign-in and appear in logs: keep them plain. */
static void check_username(JsonIn *in, const char *name)
{
  static const char allowed[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-";

  if (!name) return;
  if (strlen(name) < 3) {
    jin_invalid(in, "username", "must be at least 3 characters");
  } else if (strspn(name, allowed) != strlen(name)) {
    jin_invalid(in, "username",
                "may hold only letters, digits, '.', '_' and '-'");
  }
}

/* The "password" field when it meets the policy, or NULL (absent, or
 * wrong: then IN has the field error). */
static char *read_password(JsonIn *in, unsigned req)
{
  QtError check;
  char *password = jin_str(in, "password", req | J_VERBATIM, 128, NULL);

  if (!password) return NULL;
  qt_error_clear(&check);
  if (secret_password_check(password, &check) != QT_OK) {
    take_fields(in, &check);
    return NULL;
  }
  return password;
}

QtCode h_users_list(Req *req, Resp *resp, QtError *err)
{
  UserFilter f;
  Page page;
  User *items;
  QtError parse;
  const char *role;
  int64_t v;
  int n, i;
  bool b;
  json_t *arr;

  memset(&f, 0, sizeof f);
  if (req_page(req, &page, err) != QT_OK) return err->code;
  f.region = req_query(req, "region");
  f.q = req_query(req, "q");
  role = req_query(req, "role");
  if (role) {
    qt_error_clear(&parse);
    if (role_parse(role, &f.role, &parse) != QT_OK) {
      *err = parse;
      err->code = QT_EBADREQ;
      return QT_EBADREQ;
    }
    f.has_role = 1;
  }
  if (req_query_int(req, "department_id", 1, INT64_MAX, 0, &v, err) !=
      QT_OK) {
    return err->code;
  }
  f.department_id = v;
  if (req_query_bool(req, "disabled", false, &b, err) != QT_OK) {
    return err->code;
  }
  f.with_disabled = b;
  if (store_user_list(req->store, &req->actor.scope, &f, &page, req->arena,
                      &items, &n, err) != QT_OK) {
    /* A malformed region filter is the client's query, not a rule. */
    return err->code == QT_EINVALID ? QT_EBADREQ : err->code;
  }
  arr = json_array();
  for (i = 0; i < n; i++) {
    json_array_append_new(arr, json_user(&items[i], PHONE_MASKED));
  }
  return resp_list(req, resp, arr, n, page.limit, n ? items[n - 1].id : 0);
}

QtCode h_users_get(Req *req, Resp *resp, QtError *err)
{
  User u;
  int64_t id;

  if (req_path_id(req, "id", &id, err) != QT_OK) return err->code;
  if (store_user_get(req->store, &req->actor.scope, id, req->arena, &u,
                     err) != QT_OK) {
    return err->code;
  }
  return resp_json(req, resp, 200, json_user(&u, phone_view(req, &u)));
}

QtCode h_users_create(Req *req, Resp *resp, QtError *err)
{
  User u;
  JsonIn in;
  char hash[SECRET_HASH_TEXT], *password;
  QtCode rc;

  memset(&u, 0, sizeof u);
  u.role = ROLE_COUNT; /* no role until one parses */
  if (jin_begin(req, &in, err) != QT_OK) return err->code;
  u.username = jin_str(&in, "username", J_REQUIRED | J_LINE, 64, NULL);
  check_username(&in, u.username);
  read_fields(&in, &u, J_REQUIRED);
  if (u.role != ROLE_COUNT) {
    check_rules(req, &in, &u, NULL); /* the rules depend on the role */
  }
  password = read_password(&in, 0);
  rc = jin_end(&in);
  if (rc != QT_OK) return rc;
  /* Hashing takes a tenth of a second on purpose: do it before taking
   * the write lock, and only for a valid request. */
  if (password) {
    if (secret_password_hash(password, hash, err) != QT_OK) return err->code;
    u.password_hash = hash;
  }
  rc = store_begin(req->store, err);
  if (rc == QT_OK) rc = store_user_create(req->store, &u, err);
  if (rc == QT_OK) {
    /* The audit log is append-only and kept for good, so it holds the
     * phone masked: it records that a number was set, not the number. */
    rc = req_audit(req, "user.create", "user", u.id,
                   json_user(&u, PHONE_MASKED), err);
  }
  rc = store_end(req->store, rc, err);
  if (rc != QT_OK) return rc;
  return resp_json(req, resp, 201, json_user(&u, phone_view(req, &u)));
}

QtCode h_users_update(Req *req, Resp *resp, QtError *err)
{
  User u, before;
  JsonIn in;
  char *username;
  int64_t id;
  QtCode rc;

  if (req_path_id(req, "id", &id, err) != QT_OK) return err->code;
  if (jin_begin(req, &in, err) != QT_OK) return err->code;
  rc = store_begin(req->store, err);
  if (rc == QT_OK) {
    rc = store_user_get(req->store, &req->actor.scope, id, req->arena, &u,
                        err);
  }
  if (rc == QT_OK) {
    username = jin_str(&in, "username", J_LINE, 64, NULL);
    if (username && strcmp(username, u.username) != 0) {
      jin_invalid(&in, "username",
                  "cannot be changed: history refers to it");
    }
    before = u;
    read_fields(&in, &u, 0);
    check_rules(req, &in, &u, &before);
    /* An admin who disables or demotes itself could leave no one able
     * to repair the registry. */
    if (u.id == req->actor.user_id && u.is_disabled) {
      jin_invalid(&in, "disabled", "you cannot disable your own account");
    }
    if (u.id == req->actor.user_id && u.role != req->actor.role) {
      jin_invalid(&in, "role", "you cannot change your own role");
    }
    if (jin_has(&in, "password")) {
      jin_invalid(&in, "password",
                  "is set with POST /api/v1/users/{id}/password");
    }
    rc = jin_end(&in);
  } else {
    json_decref(in.obj); /* the record is gone: its fields do not matter */
  }
  if (rc == QT_OK) {
    rc = store_user_update(req->store, &req->actor.scope, &u, err);
  }
  if (rc == QT_OK) {
    rc = req_audit(req, "user.update", "user", u.id,
                   json_user(&u, PHONE_MASKED), err);
  }
  rc = store_end(req->store, rc, err);
  if (rc != QT_OK) return rc;
  return resp_json(req, resp, 200, json_user(&u, phone_view(req, &u)));
}

QtCode h_users_set_password(Req *req, Resp *resp, QtError *err)
{
  User u;
  JsonIn in;
  char hash[SECRET_HASH_TEXT], key[80], *password;
  int64_t id;
  QtCode rc;

  if (req_path_id(req, "id", &id, err) != QT_OK) return err->code;
  if (jin_begin(req, &in, err) != QT_OK) return err->code;
  password = read_password(&in, J_REQUIRED);
  rc = jin_end(&in);
  if (rc != QT_OK) return rc;
  if (secret_password_hash(password, hash, err) != QT_OK) return err->code;
  rc = store_begin(req->store, err);
  if (rc == QT_OK) {
    rc = store_user_get(req->store, &req->actor.scope, id, req->arena, &u,
                        err);
  }
  if (rc == QT_OK) rc = store_user_set_password(req->store, u.id, hash, err);
  if (rc == QT_OK) {
    /* A new password is how an admin lets a locked-out user back in. */
    snprintf(key, sizeof key, "u:%s", u.username);
    rc = store_signin_clear(req->store, key, err);
  }
  if (rc == QT_OK) {
    /* Who and whose, never what: the detail holds no secret. */
    rc = req_audit(req, "user.password", "user", u.id,
                   json_pack("{s:s}", "username", u.username), err);
  }
  if (rc == QT_OK) {
    rc = store_user_get(req->store, &req->actor.scope, id, req->arena, &u,
                        err);
  }
  rc = store_end(req->store, rc, err);
  if (rc != QT_OK) return rc;
  return resp_json(req, resp, 200, json_user(&u, phone_view(req, &u)));
}
