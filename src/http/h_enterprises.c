/*
 * h_enterprises.c — the enterprise registry: list, read, register, update.
 *
 * Reads are scoped by the store.  Admins and dispatchers register; a
 * dispatcher only within its region.  The credit code must pass its check
 * character; an admin may accept a real code that fails it (some codes
 * issued early do) by giving the reason in code_exception.  Contact
 * phones are masked in the list and the audit log, and whole on the
 * record only for those pii_sees_enterprise_phone names.
 */
#include <ctype.h>
#include <string.h>

#include "handlers.h"
#include "pii.h"
#include "uscc.h"
#include "views.h"

/* How the single record E shows its contact phone to the caller
 * (pii.h). */
static PhoneView phone_view(const Req *req, const Enterprise *e)
{
  return pii_sees_enterprise_phone(&req->actor, e->id) ? PHONE_WHOLE
                                                       : PHONE_MASKED;
}

static const char *const scales[] = {"above", "below", NULL};

/* Upper-case a credit code in place: people type it either way. */
static char *upcase(char *s)
{
  char *p;

  for (p = s; p && *p; p++) {
    *p = (char)toupper((unsigned char)*p);
  }
  return s;
}

/* Read the writable fields from IN over E (defaults are E's values). */
static void read_fields(JsonIn *in, Enterprise *e, unsigned req)
{
  e->credit_code = upcase(jin_str(in, "credit_code", req | J_LINE, 18,
                                  e->credit_code));
  e->code_exception = jin_str(in, "code_exception", J_NULLABLE | J_LINE,
                              200, e->code_exception);
  e->name = jin_str(in, "name", req | J_LINE, 200, e->name);
  e->region_code = jin_str(in, "region_code", req | J_LINE, 12,
                           e->region_code);
  e->industry_code = jin_str(in, "industry_code", J_NULLABLE | J_LINE, 4,
                             e->industry_code);
  e->scale = jin_enum(in, "scale", req, scales, e->scale);
  e->is_four_above = jin_bool(in, "four_above", 0, e->is_four_above);
  e->is_key = jin_bool(in, "key", 0, e->is_key);
  e->is_foreign_invested = jin_bool(in, "foreign_invested", 0,
                                    e->is_foreign_invested);
  e->is_foreign_trade = jin_bool(in, "foreign_trade", 0, e->is_foreign_trade);
  if (jin_has(in, "employees")) {
    e->employees = jin_int(in, "employees", J_NULLABLE, 0, 10000000, -1);
  }
  e->address = jin_str(in, "address", J_NULLABLE | J_LINE, 200, e->address);
  e->contact_name = jin_str(in, "contact_name", J_NULLABLE | J_LINE, 50,
                            e->contact_name);
  e->contact_phone = jin_str(in, "contact_phone", J_NULLABLE | J_LINE, 30,
                             e->contact_phone);
  e->is_disabled = jin_bool(in, "disabled", 0, e->is_disabled);
}

/* False when CODE is not one of the industry codes the store holds.  A
 * store that cannot list them is left to fail on the write itself. */
static bool is_known_industry(Req *req, const char *code)
{
  Industry *items;
  QtError err;
  int n, i;

  qt_error_clear(&err);
  if (store_industry_list(req->store, req->arena, &items, &n, &err) !=
      QT_OK) {
    return true;
  }
  for (i = 0; i < n; i++) {
    if (strcmp(items[i].code, code) == 0) return true;
  }
  return false;
}

/* Rules over the whole record, checked after the fields parsed. */
static void check_rules(Req *req, JsonIn *in, Enterprise *e)
{
  QtError code_err;
  Region r;

  qt_error_clear(&code_err);
  if (e->credit_code && uscc_check(e->credit_code, &code_err) != QT_OK) {
    if (!e->code_exception) {
      jin_invalid(in, "credit_code", code_err.message);
    } else if (req->actor.role != ROLE_ADMIN) {
      jin_invalid(in, "code_exception",
                  "only an admin may accept a code that fails its check");
    }
  } else if (e->credit_code) {
    e->code_exception = NULL; /* a valid code needs no excuse */
  }
  if (e->region_code) {
    qt_error_clear(&code_err);
    if (store_region_get(req->store, e->region_code, req->arena, &r,
                         &code_err) != QT_OK) {
      jin_invalid(in, "region_code", "is not a known region code");
    } else if (!scope_has_region(&req->actor.scope, e->region_code)) {
      jin_invalid(in, "region_code", "is outside your region");
    }
  }
  /* Checked here so that the 422 names the field: the store's foreign
   * key would refuse the code too, but without saying which. */
  if (e->industry_code && !is_known_industry(req, e->industry_code)) {
    jin_invalid(in, "industry_code", "is not a GB/T 4754-2017 code");
  }
  if (e->contact_phone &&
      strspn(e->contact_phone, "0123456789+- ") !=
        strlen(e->contact_phone)) {
    jin_invalid(in, "contact_phone", "may hold only digits, +, - and spaces");
  }
}

QtCode h_enterprises_list(Req *req, Resp *resp, QtError *err)
{
  EnterpriseFilter f;
  Page page;
  Enterprise *items;
  int64_t v;
  int n, i;
  bool b;
  json_t *arr;

  memset(&f, 0, sizeof f);
  if (req_page(req, &page, err) != QT_OK) return err->code;
  f.region = req_query(req, "region");
  f.industry = req_query(req, "industry");
  f.scale = req_query(req, "scale");
  f.q = req_query(req, "q");
  if (req_query_int(req, "four_above", -1, 1, -1, &v, err) != QT_OK) {
    return err->code;
  }
  f.four_above = (int)v;
  if (req_query_int(req, "key", -1, 1, -1, &v, err) != QT_OK) {
    return err->code;
  }
  f.is_key = (int)v;
  if (req_query_bool(req, "disabled", false, &b, err) != QT_OK) {
    return err->code;
  }
  f.with_disabled = b;
  if (req_query(req, "paired")) {
    if (req_query_bool(req, "paired", false, &b, err) != QT_OK) {
      return err->code;
    }
    f.served = b ? SERVED_YES : SERVED_NO;
  }
  if (store_enterprise_list(req->store, &req->actor.scope, &f, &page,
                            req->arena, &items, &n, err) != QT_OK) {
    return err->code == QT_EINVALID ? QT_EBADREQ : err->code;
  }
  arr = json_array();
  for (i = 0; i < n; i++) {
    json_array_append_new(arr, json_enterprise(&items[i], PHONE_MASKED));
  }
  return resp_list(req, resp, arr, n, page.limit, n ? items[n - 1].id : 0);
}

QtCode h_enterprises_get(Req *req, Resp *resp, QtError *err)
{
  Enterprise e;
  int64_t id;

  if (req_path_id(req, "id", &id, err) != QT_OK) return err->code;
  if (store_enterprise_get(req->store, &req->actor.scope, id, req->arena, &e,
                           err) != QT_OK) {
    return err->code;
  }
  return resp_json(req, resp, 200, json_enterprise(&e, phone_view(req, &e)));
}

QtCode h_enterprises_create(Req *req, Resp *resp, QtError *err)
{
  Enterprise e;
  JsonIn in;
  QtCode rc;

  memset(&e, 0, sizeof e);
  e.employees = -1;
  if (jin_begin(req, &in, err) != QT_OK) return err->code;
  read_fields(&in, &e, J_REQUIRED);
  check_rules(req, &in, &e);
  rc = jin_end(&in);
  if (rc != QT_OK) return rc;
  rc = store_begin(req->store, err);
  if (rc == QT_OK) rc = store_enterprise_create(req->store, &e, err);
  if (rc == QT_OK) {
    /* Read it back for the columns the store derives (region name). */
    rc = store_enterprise_get(req->store, &req->actor.scope, e.id,
                              req->arena, &e, err);
  }
  if (rc == QT_OK) {
    /* Masked: the append-only audit log must not keep the number. */
    rc = req_audit(req, "enterprise.create", "enterprise", e.id,
                   json_enterprise(&e, PHONE_MASKED), err);
  }
  rc = store_end(req->store, rc, err);
  if (rc != QT_OK) return rc;
  return resp_json(req, resp, 201, json_enterprise(&e, phone_view(req, &e)));
}

QtCode h_enterprises_update(Req *req, Resp *resp, QtError *err)
{
  Enterprise e;
  JsonIn in;
  int64_t id;
  QtCode rc;

  if (req_path_id(req, "id", &id, err) != QT_OK) return err->code;
  if (jin_begin(req, &in, err) != QT_OK) return err->code;
  rc = store_begin(req->store, err);
  if (rc == QT_OK) {
    rc = store_enterprise_get(req->store, &req->actor.scope, id, req->arena,
                              &e, err);
  }
  if (rc == QT_OK) {
    read_fields(&in, &e, 0);
    check_rules(req, &in, &e);
  }
  if (rc == QT_OK) {
    rc = jin_end(&in);
  } else {
    json_decref(in.obj); /* the record is gone: its fields do not matter */
  }
  if (rc == QT_OK) {
    rc = store_enterprise_update(req->store, &req->actor.scope, &e, err);
  }
  if (rc == QT_OK) {
    rc = req_audit(req, "enterprise.update", "enterprise", e.id,
                   json_enterprise(&e, PHONE_MASKED), err);
  }
  rc = store_end(req->store, rc, err);
  if (rc != QT_OK) return rc;
  return resp_json(req, resp, 200, json_enterprise(&e, phone_view(req, &e)));
}

/* One contact card: what an enterprise may know of who serves it.  The
 * phone is whole for the enterprise the card is for (reaching its
 * commissioner is what the card is for) and for those pii.h lets see the
 * user's phone; masked for the rest, such as fellow commissioners. */
static json_t *contact_card(const Req *req, const User *u, const Pairing *p,
                            const Team *t)
{
  PhoneView view = req->actor.role == ROLE_ENTERPRISE ||
                       pii_sees_user_phone(&req->actor, u->id)
                     ? PHONE_WHOLE
                     : PHONE_MASKED;
  json_t *j = json_pack("{s:I, s:s, s:o, s:o, s:s, s:s}", "user_id",
                        (json_int_t)u->id, "display_name", u->display_name,
                        "phone", jphone(u->phone, view), "level",
                        jstr(u->level), "kind", p->kind, "starts_on",
                        p->starts_on);

  json_object_set_new(j, "team",
                      t ? json_pack("{s:I, s:s, s:b}", "id", (json_int_t)t->id,
                                    "name", t->name, "is_leader",
                                    t->leader_id == u->id)
                        : json_null());
  return j;
}

QtCode h_enterprises_commissioners(Req *req, Resp *resp, QtError *err)
{
  /* The pairing and the people behind it are read unscoped: seeing the
   * enterprise (checked first, in the actor's scope) is what entitles a
   * reader to its commissioners' cards, and the cards hold only what a
   * printed contact card (联系卡) would. */
  Scope all = {.kind = SCOPE_ALL};
  PairingFilter f;
  Page page = {0, STORE_LIST_MAX};
  Enterprise e;
  Pairing *items;
  Team team;
  User u;
  QtError one;
  json_t *arr;
  int64_t id;
  int n, i, m;

  if (req_path_id(req, "id", &id, err) != QT_OK ||
      store_enterprise_get(req->store, &req->actor.scope, id, req->arena, &e,
                           err) != QT_OK) {
    return err->code;
  }
  memset(&f, 0, sizeof f);
  f.enterprise_id = id;
  if (store_pairing_list(req->store, &all, &f, &page, req->arena, &items, &n,
                         err) != QT_OK) {
    return err->code;
  }
  arr = json_array();
  for (i = 0; i < n; i++) {
    qt_error_clear(&one);
    if (items[i].user_id) {
      if (store_user_get(req->store, &all, items[i].user_id, req->arena, &u,
                         &one) == QT_OK &&
          !u.is_disabled) {
        json_array_append_new(arr, contact_card(req, &u, &items[i], NULL));
      }
      continue;
    }
    if (store_team_get(req->store, &all, items[i].team_id, req->arena, &team,
                       &one) != QT_OK ||
        team.is_disabled) {
      continue;
    }
    for (m = 0; m < team.n_member_ids; m++) {
      qt_error_clear(&one);
      if (store_user_get(req->store, &all, team.member_ids[m], req->arena,
                         &u, &one) == QT_OK &&
          !u.is_disabled) {
        json_array_append_new(arr, contact_card(req, &u, &items[i], &team));
      }
    }
  }
  return resp_json(req, resp, 200, json_pack("{s:o}", "items", arr));
}
