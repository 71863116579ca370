/*
 * routes.c — every route on one line: method, pattern, handler, and who
 * may call it.  No route exists without an access rule, and a test
 * compares this table with docs/openapi.json.
 */
#include <string.h>

#include "auth.h"
#include "handlers.h"
#include "routes.h"

#define STAFF ROLES_STAFF
#define ALL ROLES_ALL
#define ADMIN ROLE_BIT(ROLE_ADMIN)
#define REGISTRARS (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_DISPATCHER))
#define DISPATCHER ROLE_BIT(ROLE_DISPATCHER)
#define HANDLER ROLE_BIT(ROLE_HANDLER)
#define SUPERVISOR ROLE_BIT(ROLE_SUPERVISOR)
#define PARTIES (ROLE_BIT(ROLE_ENTERPRISE) | ROLE_BIT(ROLE_COMMISSIONER))
#define SUBMITTERS (PARTIES | ROLE_BIT(ROLE_DISPATCHER))
#define COMMENTERS (ROLES_ALL & ~ROLE_BIT(ROLE_LEADER))

const Route routes[] = {
  {"GET", "/api/v1/openapi.json", h_openapi, ACCESS_PUBLIC, 0, false},
  {"POST", "/api/v1/session", h_session_create, ACCESS_PUBLIC, 0, false},
  {"GET", "/api/v1/session", h_session_get, ACCESS_ROLES, ALL, false},
  {"DELETE", "/api/v1/session", h_session_delete, ACCESS_ROLES, ALL, false},
  {"POST", "/api/v1/tokens", h_tokens_create, ACCESS_ROLES, ALL, false},
  {"PUT", "/api/v1/test/clock", h_test_clock, ACCESS_PUBLIC, 0, true},

  {"GET", "/api/v1/regions", h_regions_list, ACCESS_ROLES, ALL, false},
  {"GET", "/api/v1/regions/{code}", h_regions_get, ACCESS_ROLES, ALL, false},
  {"GET", "/api/v1/industries", h_industries_list, ACCESS_ROLES, ALL, false},

  {"GET", "/api/v1/enterprises", h_enterprises_list, ACCESS_ROLES, ALL,
   false},
  {"POST", "/api/v1/enterprises", h_enterprises_create, ACCESS_ROLES,
   REGISTRARS, false},
  {"GET", "/api/v1/enterprises/{id}", h_enterprises_get, ACCESS_ROLES, ALL,
   false},
  {"PATCH", "/api/v1/enterprises/{id}", h_enterprises_update, ACCESS_ROLES,
   REGISTRARS, false},
  {"GET", "/api/v1/enterprises/{id}/commissioners",
   h_enterprises_commissioners, ACCESS_ROLES, ALL, false},

  /* registry: departments, projects, users, teams, pairings */
  {"GET", "/api/v1/departments", h_departments_list, ACCESS_ROLES, ALL,
   false},
  {"POST", "/api/v1/departments", h_departments_create, ACCESS_ROLES, ADMIN,
   false},
  {"GET", "/api/v1/departments/{id}", h_departments_get, ACCESS_ROLES, ALL,
   false},
  {"PATCH", "/api/v1/departments/{id}", h_departments_update, ACCESS_ROLES,
   ADMIN, false},
  {"GET", "/api/v1/projects", h_projects_list, ACCESS_ROLES, ALL, false},
  {"POST", "/api/v1/projects", h_projects_create, ACCESS_ROLES, REGISTRARS,
   false},
  {"GET", "/api/v1/projects/{id}", h_projects_get, ACCESS_ROLES, ALL, false},
  {"PATCH", "/api/v1/projects/{id}", h_projects_update, ACCESS_ROLES,
   REGISTRARS, false},
  {"GET", "/api/v1/users", h_users_list, ACCESS_ROLES, STAFF, false},
  {"POST", "/api/v1/users", h_users_create, ACCESS_ROLES, ADMIN, false},
  {"GET", "/api/v1/users/{id}", h_users_get, ACCESS_ROLES, STAFF, false},
  {"PATCH", "/api/v1/users/{id}", h_users_update, ACCESS_ROLES, ADMIN,
   false},
  {"POST", "/api/v1/users/{id}/password", h_users_set_password,
   ACCESS_ROLES, ADMIN, false},
  {"GET", "/api/v1/teams", h_teams_list, ACCESS_ROLES, STAFF, false},
  {"POST", "/api/v1/teams", h_teams_create, ACCESS_ROLES, REGISTRARS,
   false},
  {"GET", "/api/v1/teams/{id}", h_teams_get, ACCESS_ROLES, STAFF, false},
  {"PATCH", "/api/v1/teams/{id}", h_teams_update, ACCESS_ROLES, REGISTRARS,
   false},
  {"GET", "/api/v1/pairings", h_pairings_list, ACCESS_ROLES, ALL, false},
  {"POST", "/api/v1/pairings", h_pairings_create, ACCESS_ROLES, REGISTRARS,
   false},
  {"GET", "/api/v1/pairings/{id}", h_pairings_get, ACCESS_ROLES, ALL,
   false},
  {"PATCH", "/api/v1/pairings/{id}", h_pairings_update, ACCESS_ROLES,
   REGISTRARS, false},

  /* ledgers: import and export */
  {"POST", "/api/v1/imports/{kind}", h_imports_create, ACCESS_ROLES, ADMIN,
   false},
  {"GET", "/api/v1/exports/{kind}", h_exports_get, ACCESS_ROLES, STAFF,
   false},

  /* demands: who may submit; each action's own roles are the lifecycle
   * table's (src/core/demand.c), which the handler applies */
  {"GET", "/api/v1/categories", h_categories_list, ACCESS_ROLES, ALL, false},
  {"POST", "/api/v1/demands", h_demands_create, ACCESS_ROLES, SUBMITTERS,
   false},
  {"GET", "/api/v1/demands", h_demands_list, ACCESS_ROLES, ALL, false},
  {"GET", "/api/v1/demands/{id}", h_demands_get, ACCESS_ROLES, ALL, false},
  {"POST", "/api/v1/demands/{id}/assign", h_demands_act, ACCESS_ROLES,
   DISPATCHER, false},
  {"POST", "/api/v1/demands/{id}/accept", h_demands_act, ACCESS_ROLES,
   HANDLER, false},
  {"POST", "/api/v1/demands/{id}/return", h_demands_act, ACCESS_ROLES,
   HANDLER, false},
  {"POST", "/api/v1/demands/{id}/refuse-return", h_demands_act,
   ACCESS_ROLES, DISPATCHER, false},
  {"POST", "/api/v1/demands/{id}/answer", h_demands_act, ACCESS_ROLES,
   HANDLER, false},
  {"POST", "/api/v1/demands/{id}/resolve", h_demands_act, ACCESS_ROLES,
   HANDLER, false},
  {"POST", "/api/v1/demands/{id}/confirm", h_demands_act, ACCESS_ROLES,
   PARTIES, false},
  {"POST", "/api/v1/demands/{id}/withdraw", h_demands_act, ACCESS_ROLES,
   PARTIES, false},
  {"POST", "/api/v1/demands/{id}/merge", h_demands_act, ACCESS_ROLES,
   DISPATCHER, false},
  {"POST", "/api/v1/demands/{id}/comment", h_demands_act, ACCESS_ROLES,
   COMMENTERS, false},
  {"POST", "/api/v1/demands/{id}/extend", h_demands_act, ACCESS_ROLES,
   HANDLER, false},
  {"POST", "/api/v1/demands/{id}/decide-extension", h_demands_act,
   ACCESS_ROLES, SUPERVISOR, false},
  {"POST", "/api/v1/demands/{id}/pause", h_demands_act, ACCESS_ROLES,
   HANDLER, false},
  {"POST", "/api/v1/demands/{id}/resume", h_demands_act, ACCESS_ROLES,
   HANDLER | PARTIES, false},
  /* attachments: anyone who sees the demand reads them; all but
   * leaders (read-only) add them (h_attachments.c) */
  {"GET", "/api/v1/demands/{id}/attachments", h_attachments_list,
   ACCESS_ROLES, ALL, false},
  {"POST", "/api/v1/demands/{id}/attachments", h_attachments_create,
   ACCESS_ROLES, COMMENTERS, false},
  {"GET", "/api/v1/attachments/{id}", h_attachments_get, ACCESS_ROLES, ALL,
   false},

  /* visits (走访): commissioners record them for enterprises paired with
   * them; the log is read in the visit scope (h_visits.c), never by
   * handlers.  /due is matched before {id}. */
  {"POST", "/api/v1/visits", h_visits_create, ACCESS_ROLES,
   ROLE_BIT(ROLE_COMMISSIONER), false},
  {"GET", "/api/v1/visits", h_visits_list, ACCESS_ROLES,
   PARTIES | DISPATCHER | SUPERVISOR | ROLE_BIT(ROLE_LEADER) | ADMIN, false},
  {"GET", "/api/v1/visits/due", h_visits_due, ACCESS_ROLES,
   ROLE_BIT(ROLE_COMMISSIONER), false},
  {"GET", "/api/v1/visits/{id}", h_visits_get, ACCESS_ROLES,
   PARTIES | DISPATCHER | SUPERVISOR | ROLE_BIT(ROLE_LEADER) | ADMIN, false},

  /* rates */
  {"GET", "/api/v1/stats/rates", h_stats_rates, ACCESS_ROLES,
   ROLE_BIT(ROLE_LEADER) | SUPERVISOR | DISPATCHER | ADMIN, false},
  {"GET", "/api/v1/stats/rankings", h_stats_rankings, ACCESS_ROLES,
   ROLE_BIT(ROLE_LEADER) | SUPERVISOR | DISPATCHER | ADMIN, false},

  /* deadlines: supervision, accountability, notifications, policies,
   * calendar */
  {"GET", "/api/v1/supervisions", h_supervisions_list, ACCESS_ROLES,
   SUPERVISOR | DISPATCHER | ROLE_BIT(ROLE_LEADER) | ADMIN | HANDLER, false},
  {"GET", "/api/v1/accountability", h_accountability_list, ACCESS_ROLES,
   SUPERVISOR | ROLE_BIT(ROLE_LEADER) | ADMIN, false},
  {"GET", "/api/v1/notifications", h_notifications_list, ACCESS_ROLES, ALL,
   false},
  /* A notice's read mark is shared by everyone its office serves; the
   * leader only reads, so may not clear it for the office. */
  {"POST", "/api/v1/notifications/{id}/read", h_notifications_read,
   ACCESS_ROLES, COMMENTERS, false},
  {"GET", "/api/v1/sla-policies", h_sla_policies_list, ACCESS_ROLES, STAFF,
   false},
  {"PUT", "/api/v1/sla-policies", h_sla_policies_put, ACCESS_ROLES, ADMIN,
   false},
  {"GET", "/api/v1/calendar", h_calendar_list, ACCESS_ROLES, ALL, false},
  {"PUT", "/api/v1/calendar/{date}", h_calendar_set, ACCESS_ROLES, ADMIN,
   false},

  {NULL, NULL, NULL, ACCESS_PUBLIC, 0, false},
};

enum { MAX_SEGMENTS = 12 };

/* Match PATH against PATTERN, capturing {name} segments into REQ. */
static bool match(const char *pattern, const char *path, Req *req)
{
  const char *p = pattern, *s = path;
  int n = 0;

  while (*p && *s) {
    if (*p == '{') {
      const char *close = strchr(p, '}');
      const char *end = strchr(s, '/');
      size_t len = end ? (size_t)(end - s) : strlen(s);
      if (!close || len == 0 || n >= REQ_MAX_PARAMS) return false;
      req->params[n].key = arena_strndup(req->arena, p + 1,
                                         (size_t)(close - p - 1));
      req->params[n].value = arena_strndup(req->arena, s, len);
      n++;
      p = close + 1;
      s += len;
    } else if (*p == *s) {
      p++;
      s++;
    } else {
      return false;
    }
  }
  if (*p || *s) return false;
  req->n_params = n;
  return true;
}

static bool route_enabled(const Req *req, const Route *r)
{
  return !r->is_test_only || req->cfg->has_test_clock;
}

/* REQ's route (under /api) in *OUT, once the actor is resolved and the
 * route's access rule is met. */
static QtCode find_allowed(Req *req, Resp *resp, const Route **out,
                           QtError *err)
{
  const Route *r, *found = NULL;
  Buf allow;
  QtCode rc;

  buf_init(&allow);
  for (r = routes; r->method; r++) {
    if (!route_enabled(req, r) || !match(r->pattern, req->path, req)) {
      continue;
    }
    if (strcmp(r->method, req->method) == 0) {
      found = r;
      break;
    }
    buf_printf(&allow, "%s%s", allow.len ? ", " : "", r->method);
  }
  if (!found) {
    if (allow.len) {
      resp_header(req, resp, "Allow", buf_str(&allow));
      buf_reset(&allow);
      return qt_fail(err, QT_EMETHOD, "%s is not allowed here.",
                     req->method);
    }
    return qt_fail(err, QT_ENOTFOUND, "No such API path.");
  }
  buf_reset(&allow);
  rc = auth_resolve(req, err);
  if (rc != QT_OK && found->access == ACCESS_PUBLIC && rc != QT_ESTORE) {
    /* A public route serves anyone: credentials that have ended (a stale
     * cookie in the browser) must not stop a person signing in again. */
    qt_error_clear(err);
    memset(&req->actor, 0, sizeof req->actor);
    req->is_signed_in = false;
    req->via_cookie = false;
    rc = QT_OK;
  }
  if (rc != QT_OK) return rc;
  if (found->access == ACCESS_ROLES) {
    if (!req->is_signed_in) {
      return qt_fail(err, QT_EAUTH, "Please sign in.");
    }
    if (!(found->roles & ROLE_BIT(req->actor.role))) {
      return qt_fail(err, QT_EFORBIDDEN, "The role %s may not do this.",
                     role_name(req->actor.role));
    }
  }
  *out = found;
  return QT_OK;
}

/* Handlers that write but keep to their own transactions (routes_find):
 * their slow part runs outside the write lock, which a batch would hold
 * through it. */
static const Handler ungrouped[] = {
  h_session_create,     /* argon2id over the password */
  h_users_create,       /* the same */
  h_users_set_password, /* the same */
  h_attachments_create, /* up to 10 MiB hashed and synced */
  h_imports_create,     /* thousands of rows */
  h_test_clock,         /* a whole scheduler pass */
};

static bool is_safe_method(const char *method)
{
  return strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
}

QtCode routes_find(Req *req, Resp *resp, Handler *handler, bool *is_grouped,
                   QtError *err)
{
  const Route *r;
  QtCode rc;
  size_t i;

  *handler = NULL;
  *is_grouped = false;
  if (strncmp(req->path, "/api/", 5) != 0) {
    if (!is_safe_method(req->method)) {
      return qt_fail(err, QT_ENOTFOUND, "Not found.");
    }
    *handler = h_static;
    return QT_OK;
  }
  rc = find_allowed(req, resp, &r, err);
  if (rc != QT_OK) return rc;
  *handler = r->handler;
  *is_grouped = !is_safe_method(req->method);
  for (i = 0; i < sizeof ungrouped / sizeof ungrouped[0]; i++) {
    if (ungrouped[i] == r->handler) *is_grouped = false;
  }
  return QT_OK;
}

QtCode routes_dispatch(Req *req, Resp *resp, QtError *err)
{
  Handler handler;
  bool is_grouped;
  QtCode rc = routes_find(req, resp, &handler, &is_grouped, err);

  return rc == QT_OK ? handler(req, resp, err) : rc;
}

/* Handlers with checks to make before their body is read. */
static const struct {
  Handler handler;                         /* the route's handler */
  QtCode (*check)(Req *req, QtError *err); /* what it checks first */
} early_checks[] = {
  {h_attachments_create, h_attachments_create_check},
};

QtCode routes_authorize(Req *req, Resp *resp, QtError *err)
{
  const Route *r;
  size_t i;
  QtCode rc;

  if (strncmp(req->path, "/api/", 5) != 0) return QT_OK;
  rc = find_allowed(req, resp, &r, err);
  if (rc != QT_OK) return rc;
  for (i = 0; i < sizeof early_checks / sizeof early_checks[0]; i++) {
    if (early_checks[i].handler == r->handler) {
      return early_checks[i].check(req, err);
    }
  }
  return QT_OK;
}
