/*
 * h_teams.c — commissioner teams (入企小分队): list, read, create, update.
 *
 * A team has a leader and members, all active commissioners, and serves
 * the enterprises it is paired with (h_pairings.c).  Staff read the teams
 * their scope shows (a commissioner the teams it is in).  Admins and
 * dispatchers create and update teams; a dispatcher only in its region and
 * only with commissioners it can see.  The leader is always a member.
 */
#include <stdio.h>
#include <string.h>

#include "handlers.h"
#include "views.h"

enum { TEAM_MAX_MEMBERS = 200 }; /* as the store allows */

/* Read the writable fields from IN over T (defaults are T's values). */
static void read_fields(JsonIn *in, Team *t, unsigned req)
{
  int64_t *ids;
  int n;

  t->name = jin_str(in, "name", req | J_LINE, 100, t->name);
  t->leader_id = jin_int(in, "leader_id", req, 1, INT64_MAX, t->leader_id);
  t->region_code = jin_str(in, "region_code", req | J_LINE, 12,
                           t->region_code);
  ids = jin_ids(in, "member_ids", 0, TEAM_MAX_MEMBERS, &n);
  if (n >= 0) {
    t->member_ids = ids;
    t->n_member_ids = n;
  }
  t->is_disabled = jin_bool(in, "disabled", 0, t->is_disabled);
}

/* The members of T without repeats, with the leader added when missing;
 * a new array in A. */
static void normalise_members(Team *t, Arena *a)
{
  int64_t *ids = arena_alloc(a, sizeof *ids * (size_t)(t->n_member_ids + 1));
  int n = 0, i, j;
  bool has_leader = false, seen;

  for (i = 0; i < t->n_member_ids; i++) {
    seen = false;
    for (j = 0; j < n && !seen; j++) {
      seen = ids[j] == t->member_ids[i];
    }
    if (seen) continue;
    ids[n++] = t->member_ids[i];
    has_leader = has_leader || t->member_ids[i] == t->leader_id;
  }
  if (!has_leader && t->leader_id) {
    ids[n++] = t->leader_id;
  }
  t->member_ids = ids;
  t->n_member_ids = n;
}

/* Whether user ID, as the actor sees it, may serve on a team.  Returns
 * NULL when it may, or why not. */
static const char *unfit_member(Req *req, int64_t id)
{
  QtError lookup;
  User u;

  qt_error_clear(&lookup);
  if (store_user_get(req->store, &req->actor.scope, id, req->arena, &u,
                     &lookup) != QT_OK) {
    return "is not a known user";
  }
  if (u.role != ROLE_COMMISSIONER || u.is_disabled) {
    return "is not an active commissioner";
  }
  return NULL;
}

/* True when ID is among the N ids of IDS. */
static bool has_id(const int64_t *ids, int n, int64_t id)
{
  int i;

  for (i = 0; i < n; i++) {
    if (ids[i] == id) return true;
  }
  return false;
}

/* Rules over the whole record, checked after the fields parsed.  BEFORE
 * is the team as stored (NULL when creating): only people it does not
 * already hold are checked against the actor's scope, so a dispatcher
 * can rename a team an admin staffed across regions.  (The store still
 * insists that every member is an active commissioner.) */
static void check_rules(Req *req, JsonIn *in, Team *t, const Team *before)
{
  QtError lookup;
  Region r;
  const char *why;
  char message[96];
  int i;

  if (t->region_code) {
    qt_error_clear(&lookup);
    if (store_region_get(req->store, t->region_code, req->arena, &r,
                         &lookup) != QT_OK) {
      jin_invalid(in, "region_code", "is not a known region code");
    } else if (!scope_has_region(&req->actor.scope, t->region_code)) {
      jin_invalid(in, "region_code", "is outside your region");
    }
  }
  if (t->leader_id && (!before || t->leader_id != before->leader_id)) {
    why = unfit_member(req, t->leader_id);
    if (why) {
      jin_invalid(in, "leader_id", why);
    }
  }
  normalise_members(t, req->arena);
  if (t->n_member_ids > TEAM_MAX_MEMBERS) {
    jin_invalid(in, "member_ids", "must hold at most 200 members, the "
                                  "leader included");
    return;
  }
  /* Report the first unfit member only: one is enough to fix, and the
   * error list has room for few entries. */
  for (i = 0; i < t->n_member_ids; i++) {
    if (t->member_ids[i] == t->leader_id) continue;
    if (before &&
        has_id(before->member_ids, before->n_member_ids, t->member_ids[i])) {
      continue;
    }
    why = unfit_member(req, t->member_ids[i]);
    if (why) {
      snprintf(message, sizeof message, "user %lld %s",
               (long long)t->member_ids[i], why);
      jin_invalid(in, "member_ids", message);
      return;
    }
  }
}

QtCode h_teams_list(Req *req, Resp *resp, QtError *err)
{
  TeamFilter f;
  Page page;
  Team *items;
  int64_t v;
  int n, i;
  bool b;
  json_t *arr;

  memset(&f, 0, sizeof f);
  if (req_page(req, &page, err) != QT_OK) return err->code;
  f.region = req_query(req, "region");
  f.q = req_query(req, "q");
  if (req_query_int(req, "member_id", 1, INT64_MAX, 0, &v, err) != QT_OK) {
    return err->code;
  }
  f.member_id = v;
  if (req_query_bool(req, "disabled", false, &b, err) != QT_OK) {
    return err->code;
  }
  f.with_disabled = b;
  if (store_team_list(req->store, &req->actor.scope, &f, &page, req->arena,
                      &items, &n, err) != QT_OK) {
    /* A malformed region filter is the client's query, not a rule. */
    return err->code == QT_EINVALID ? QT_EBADREQ : err->code;
  }
  arr = json_array();
  for (i = 0; i < n; i++) {
    json_array_append_new(arr, json_team(&items[i]));
  }
  return resp_list(req, resp, arr, n, page.limit, n ? items[n - 1].id : 0);
}

QtCode h_teams_get(Req *req, Resp *resp, QtError *err)
{
  Team t;
  int64_t id;

  if (req_path_id(req, "id", &id, err) != QT_OK) return err->code;
  if (store_team_get(req->store, &req->actor.scope, id, req->arena, &t,
                     err) != QT_OK) {
    return err->code;
  }
  return resp_json(req, resp, 200, json_team(&t));
}

/* The store checks members again inside the transaction (a member may
 * have been disabled since check_rules); its error names member_ids. */
static QtCode member_error(QtError *err)
{
  if (err->code == QT_EINVALID && err->n_fields == 0) {
    qt_field(err, "member_ids", "holds a user who cannot be a member");
  }
  return err->code;
}

QtCode h_teams_create(Req *req, Resp *resp, QtError *err)
{
  Team t;
  JsonIn in;
  QtCode rc;

  memset(&t, 0, sizeof t);
  if (jin_begin(req, &in, err) != QT_OK) return err->code;
  read_fields(&in, &t, J_REQUIRED);
  check_rules(req, &in, &t, NULL);
  rc = jin_end(&in);
  if (rc != QT_OK) return rc;
  rc = store_begin(req->store, err);
  if (rc == QT_OK) {
    rc = store_team_create(req->store, &t, err);
    if (rc != QT_OK) {
      rc = member_error(err);
    }
  }
  if (rc == QT_OK) {
    rc = store_team_get(req->store, &req->actor.scope, t.id, req->arena, &t,
                        err);
  }
  if (rc == QT_OK) {
    rc = req_audit(req, "team.create", "team", t.id, json_team(&t), err);
  }
  rc = store_end(req->store, rc, err);
  if (rc != QT_OK) return rc;
  return resp_json(req, resp, 201, json_team(&t));
}

QtCode h_teams_update(Req *req, Resp *resp, QtError *err)
{
  Team t, before;
  JsonIn in;
  int64_t id;
  QtCode rc;

  if (req_path_id(req, "id", &id, err) != QT_OK) return err->code;
  if (jin_begin(req, &in, err) != QT_OK) return err->code;
  rc = store_begin(req->store, err);
  if (rc == QT_OK) {
    rc = store_team_get(req->store, &req->actor.scope, id, req->arena, &t,
                        err);
  }
  if (rc == QT_OK) {
    before = t; /* its member array stays: read_fields replaces, not edits */
    read_fields(&in, &t, 0);
    check_rules(req, &in, &t, &before);
    rc = jin_end(&in);
  } else {
    json_decref(in.obj); /* the record is gone: its fields do not matter */
  }
  if (rc == QT_OK) {
    rc = store_team_update(req->store, &req->actor.scope, &t, err);
    if (rc != QT_OK) {
      rc = member_error(err);
    }
  }
  if (rc == QT_OK) {
    rc = store_team_get(req->store, &req->actor.scope, t.id, req->arena, &t,
                        err);
  }
  if (rc == QT_OK) {
    rc = req_audit(req, "team.update", "team", t.id, json_team(&t), err);
  }
  rc = store_end(req->store, rc, err);
  if (rc != QT_OK) return rc;
  return resp_json(req, resp, 200, json_team(&t));
}
