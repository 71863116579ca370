/*
 * h_pairings.c — who serves which enterprise or project: list, read,
 * pair, end.
 *
 * A pairing joins one commissioner (one_to_one), one team (team) or one
 * leading cadre (leader, 挂包) to one enterprise or one project, from a
 * date and, once ended, to a date.  Pairings are never deleted or
 * rewritten: the only change is setting the end date, so the record of
 * who served whom, and when, stays whole.  Reads are scoped by the store
 * through the paired enterprise or project; admins and dispatchers pair
 * and end, a dispatcher only with people, teams and enterprises it can
 * see.
 */
#include <string.h>

#include "handlers.h"
#include "views.h"

static const char *const kinds[] = {"one_to_one", "team", "leader", NULL};

/* Whether S is one of the NULL-terminated LIST. */
static bool is_one_of(const char *s, const char *const *list)
{
  int i;

  for (i = 0; list[i]; i++) {
    if (strcmp(list[i], s) == 0) return true;
  }
  return false;
}

QtCode pairing_filter_from_query(Req *req, PairingFilter *f, QtError *err)
{
  static const char *const states[] = {"active", "ended", "all", NULL};
  const char *status = req_query(req, "status");
  int64_t v;
  bool b;

  memset(f, 0, sizeof *f);
  if (req_query_int(req, "user_id", 1, INT64_MAX, 0, &v, err) != QT_OK) {
    return err->code;
  }
  f->user_id = v;
  if (req_query_int(req, "team_id", 1, INT64_MAX, 0, &v, err) != QT_OK) {
    return err->code;
  }
  f->team_id = v;
  if (req_query_int(req, "enterprise_id", 1, INT64_MAX, 0, &v, err) !=
      QT_OK) {
    return err->code;
  }
  f->enterprise_id = v;
  if (req_query_int(req, "project_id", 1, INT64_MAX, 0, &v, err) != QT_OK) {
    return err->code;
  }
  f->project_id = v;
  f->kind = req_query(req, "kind");
  if (f->kind && !is_one_of(f->kind, kinds)) {
    qt_field(err, "kind", "must be one of one_to_one, team, leader");
    return qt_fail(err, QT_EBADREQ, "The query argument 'kind' is invalid.");
  }
  if (req_query_bool(req, "ended", false, &b, err) != QT_OK) {
    return err->code;
  }
  f->with_ended = b;
  if (!status) return QT_OK;
  if (!is_one_of(status, states)) {
    qt_field(err, "status", "must be one of active, ended, all");
    return qt_fail(err, QT_EBADREQ,
                   "The query argument 'status' is invalid.");
  }
  if (req_query(req, "ended")) {
    qt_field(err, "status", "give status or ended, not both");
    return qt_fail(err, QT_EBADREQ,
                   "The query arguments 'status' and 'ended' overlap.");
  }
  f->with_ended = strcmp(status, "active") != 0;
  f->only_ended = strcmp(status, "ended") == 0;
  return QT_OK;
}

/* The fields a pairing is made of, which ending it does not change. */
static const char *const fixed_fields[] = {
  "kind",       "user_id",  "team_id", "enterprise_id",
  "project_id", "starts_on", NULL};

/* Read an optional id field NAME: 0 when absent or null. */
static int64_t read_id(JsonIn *in, const char *name)
{
  return jin_int(in, name, J_NULLABLE, 1, INT64_MAX, 0);
}

/* Whether user ID, as the actor sees it, may be paired as KIND.  Returns
 * NULL when it may, or why not.  Leading cadres hang on enterprises as
 * 'leader' pairings; everyone else paired is a commissioner. */
static const char *unfit_user(Req *req, int64_t id, const char *kind)
{
  QtError lookup;
  User u;
  bool is_leader_kind = kind && strcmp(kind, "leader") == 0;

  qt_error_clear(&lookup);
  if (store_user_get(req->store, &req->actor.scope, id, req->arena, &u,
                     &lookup) != QT_OK) {
    return "is not a known user";
  }
  if (u.is_disabled) return "is a disabled account";
  if (u.role == ROLE_COMMISSIONER) return NULL;
  if (u.role == ROLE_LEADER && is_leader_kind) return NULL;
  return is_leader_kind ? "must be a commissioner or a leader"
                        : "must be a commissioner";
}

/* Rules over the new pairing P, checked after the fields parsed. */
static void check_rules(Req *req, JsonIn *in, Pairing *p)
{
  QtError lookup;
  Team t;
  Enterprise e;
  Project pr;
  const char *why;

  if ((p->user_id != 0) == (p->team_id != 0)) {
    jin_invalid(in, "user_id", "give exactly one of user_id and team_id");
    jin_invalid(in, "team_id", "give exactly one of user_id and team_id");
  }
  if ((p->enterprise_id != 0) == (p->project_id != 0)) {
    jin_invalid(in, "enterprise_id",
                "give exactly one of enterprise_id and project_id");
    jin_invalid(in, "project_id",
                "give exactly one of enterprise_id and project_id");
  }
  if (p->kind && strcmp(p->kind, "team") == 0 && p->user_id) {
    jin_invalid(in, "kind", "a team pairing names a team_id");
  } else if (p->kind && strcmp(p->kind, "team") != 0 && p->team_id) {
    jin_invalid(in, "kind", "a team_id is paired with kind 'team'");
  }
  if (p->user_id) {
    why = unfit_user(req, p->user_id, p->kind);
    if (why) {
      jin_invalid(in, "user_id", why);
    }
  }
  if (p->team_id) {
    qt_error_clear(&lookup);
    if (store_team_get(req->store, &req->actor.scope, p->team_id,
                       req->arena, &t, &lookup) != QT_OK) {
      jin_invalid(in, "team_id", "is not a known team");
    } else if (t.is_disabled) {
      jin_invalid(in, "team_id", "is a disabled team");
    }
  }
  if (p->enterprise_id) {
    qt_error_clear(&lookup);
    if (store_enterprise_get(req->store, &req->actor.scope, p->enterprise_id,
                             req->arena, &e, &lookup) != QT_OK) {
      jin_invalid(in, "enterprise_id", "is not a known enterprise");
    } else if (e.is_disabled) {
      jin_invalid(in, "enterprise_id", "is a disabled enterprise");
    }
  }
  if (p->project_id) {
    qt_error_clear(&lookup);
    if (store_project_get(req->store, &req->actor.scope, p->project_id,
                          req->arena, &pr, &lookup) != QT_OK) {
      jin_invalid(in, "project_id", "is not a known project");
    } else if (pr.is_disabled) {
      jin_invalid(in, "project_id", "is a disabled project");
    }
  }
  if (p->starts_on && p->ends_on && strcmp(p->ends_on, p->starts_on) < 0) {
    jin_invalid(in, "ends_on", "must not be before starts_on");
  }
}

/* QT_ECONFLICT when the same commissioner or team already serves the
 * same enterprise or project under a pairing that has not ended. */
static QtCode check_duplicate(Req *req, const Pairing *p, QtError *err)
{
  PairingFilter f;
  Page page = {0, 1};
  Pairing *items;
  int n;

  memset(&f, 0, sizeof f);
  f.user_id = p->user_id;
  f.team_id = p->team_id;
  f.enterprise_id = p->enterprise_id;
  f.project_id = p->project_id;
  if (store_pairing_list(req->store, &req->actor.scope, &f, &page,
                         req->arena, &items, &n, err) != QT_OK) {
    return err->code;
  }
  if (n == 0) return QT_OK;
  qt_field(err, p->user_id ? "user_id" : "team_id",
           "already serves this %s (pairing %lld)",
           p->enterprise_id ? "enterprise" : "project",
           (long long)items[0].id);
  return qt_fail(err, QT_ECONFLICT,
                 "This pairing exists already; end it before pairing "
                 "again.");
}

QtCode h_pairings_list(Req *req, Resp *resp, QtError *err)
{
  PairingFilter f;
  Page page;
  Pairing *items;
  int n, i;
  json_t *arr;

  if (req_page(req, &page, err) != QT_OK) return err->code;
  if (pairing_filter_from_query(req, &f, err) != QT_OK) return err->code;
  if (store_pairing_list(req->store, &req->actor.scope, &f, &page,
                         req->arena, &items, &n, err) != QT_OK) {
    return err->code;
  }
  arr = json_array();
  for (i = 0; i < n; i++) {
    json_array_append_new(arr, json_pairing(&items[i]));
  }
  return resp_list(req, resp, arr, n, page.limit, n ? items[n - 1].id : 0);
}

QtCode h_pairings_get(Req *req, Resp *resp, QtError *err)
{
  Pairing p;
  int64_t id;

  if (req_path_id(req, "id", &id, err) != QT_OK) return err->code;
  if (store_pairing_get(req->store, &req->actor.scope, id, req->arena, &p,
                        err) != QT_OK) {
    return err->code;
  }
  return resp_json(req, resp, 200, json_pairing(&p));
}

QtCode h_pairings_create(Req *req, Resp *resp, QtError *err)
{
  Pairing p;
  JsonIn in;
  char today[QT_TIME_TEXT];
  QtCode rc;

  memset(&p, 0, sizeof p);
  qt_date_format(req->now, today);
  if (jin_begin(req, &in, err) != QT_OK) return err->code;
  p.kind = jin_enum(&in, "kind", 0, kinds, NULL);
  p.user_id = read_id(&in, "user_id");
  p.team_id = read_id(&in, "team_id");
  p.enterprise_id = read_id(&in, "enterprise_id");
  p.project_id = read_id(&in, "project_id");
  p.starts_on = jin_date(&in, "starts_on", 0, today);
  p.ends_on = jin_date(&in, "ends_on", J_NULLABLE, NULL);
  if (!p.kind && (p.user_id != 0) != (p.team_id != 0)) {
    /* The kind follows from what is paired unless a leader hangs on. */
    p.kind = p.team_id ? "team" : "one_to_one";
  }
  check_rules(req, &in, &p);
  rc = jin_end(&in);
  if (rc != QT_OK) return rc;
  rc = store_begin(req->store, err);
  if (rc == QT_OK) rc = check_duplicate(req, &p, err);
  if (rc == QT_OK) rc = store_pairing_create(req->store, &p, err);
  if (rc == QT_OK) {
    /* Read it back for the names of what it pairs. */
    rc = store_pairing_get(req->store, &req->actor.scope, p.id, req->arena,
                           &p, err);
  }
  if (rc == QT_OK) {
    rc = req_audit(req, "pairing.create", "pairing", p.id, json_pairing(&p),
                   err);
  }
  rc = store_end(req->store, rc, err);
  if (rc != QT_OK) return rc;
  return resp_json(req, resp, 201, json_pairing(&p));
}

QtCode h_pairings_update(Req *req, Resp *resp, QtError *err)
{
  Pairing p;
  JsonIn in;
  char today[QT_TIME_TEXT];
  int64_t id;
  int i;
  QtCode rc;

  if (req_path_id(req, "id", &id, err) != QT_OK) return err->code;
  if (jin_begin(req, &in, err) != QT_OK) return err->code;
  qt_date_format(req->now, today);
  rc = store_begin(req->store, err);
  if (rc == QT_OK) {
    rc = store_pairing_get(req->store, &req->actor.scope, id, req->arena, &p,
                           err);
  }
  if (rc == QT_OK && p.ends_on && strcmp(p.ends_on, today) < 0) {
    /* Its end is history now; changing it would rewrite who served. */
    json_decref(in.obj);
    qt_field(err, "ends_on", "was %s", p.ends_on);
    rc = qt_fail(err, QT_ECONFLICT, "This pairing has already ended.");
  } else if (rc == QT_OK) {
    for (i = 0; fixed_fields[i]; i++) {
      if (jin_has(&in, fixed_fields[i])) {
        jin_invalid(&in, fixed_fields[i],
                    "cannot be changed: end this pairing and make a new "
                    "one");
      }
    }
    p.ends_on = jin_date(&in, "ends_on", J_REQUIRED, p.ends_on);
    if (p.ends_on && strcmp(p.ends_on, p.starts_on) < 0) {
      jin_invalid(&in, "ends_on", "must not be before starts_on");
    }
    rc = jin_end(&in);
  } else {
    json_decref(in.obj); /* the record is gone: its fields do not matter */
  }
  if (rc == QT_OK) {
    rc = store_pairing_update(req->store, &req->actor.scope, &p, err);
  }
  if (rc == QT_OK) {
    rc = req_audit(req, "pairing.end", "pairing", p.id, json_pairing(&p),
                   err);
  }
  rc = store_end(req->store, rc, err);
  if (rc != QT_OK) return rc;
  return resp_json(req, resp, 200, json_pairing(&p));
}
