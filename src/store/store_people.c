/*
 * store_people.c — users, teams (入企小分队) and pairings over db.h.
 */
#include <string.h>

#include "db.h"

/* ---- users ------------------------------------------------------------ */

static void read_user(Q *q, Arena *a, void *item)
{
  User *u = item;
  QtError ignored;
  char role[16];

  u->id = q_col_int(q, 0);
  u->username = q_col_text(q, 1, a);
  u->display_name = q_col_text(q, 2, a);
  q_col_copy(q, 3, role, sizeof role);
  /* The CHECK constraint keeps role valid; a failed parse stays least
   * privileged rather than guessing. */
  qt_error_clear(&ignored);
  if (role_parse(role, &u->role, &ignored) != QT_OK) {
    u->role = ROLE_ENTERPRISE;
  }
  u->department_id = q_col_int(q, 4);
  u->department_path = q_col_text(q, 5, a);
  u->region_code = q_col_text(q, 6, a);
  u->enterprise_id = q_col_int(q, 7);
  u->level = q_col_text(q, 8, a);
  u->phone = q_col_text(q, 9, a);
  u->password_hash = q_col_text(q, 10, a);
  u->is_disabled = q_col_bool(q, 11);
  u->created_at = q_col_int(q, 12);
  u->updated_at = q_col_int(q, 13);
}

QtCode store_user_get(Store *st, const Scope *scope, int64_t id, Arena *a,
                      User *out, QtError *err)
{
  Q q;

  if (q_open_scoped(st, STMT_USER_GET, scope, &q, err) != QT_OK) {
    return err->code;
  }
  q_int(&q, 6, id);
  return read_one(&q, read_user, a, out, "user");
}

QtCode store_user_by_name(Store *st, const char *username, Arena *a,
                          User *out, QtError *err)
{
  Q q;

  if (q_open(st, STMT_USER_BY_NAME, &q, err) != QT_OK) return err->code;
  q_text(&q, 1, username);
  return read_one(&q, read_user, a, out, "user");
}

QtCode store_user_list(Store *st, const Scope *scope, const UserFilter *f,
                       const Page *page, Arena *a, User **items,
                       int *n_items, QtError *err)
{
  int limit = page_limit(page);
  Q q;

  *n_items = 0;
  if (q_open_scoped(st, STMT_USER_LIST, scope, &q, err) != QT_OK) {
    return err->code == QT_ENOTFOUND ? QT_OK : err->code;
  }
  q_int(&q, 6, page ? page->cursor : 0);
  q_int(&q, 7, limit);
  if (bind_region_filter(&q, 8, f->region, err) != QT_OK) {
    q_close(&q);
    return err->code;
  }
  q_text(&q, 10, f->has_role ? role_name(f->role) : NULL);
  q_id(&q, 11, f->department_id);
  q_text(&q, 12, f->q);
  q_int(&q, 13, f->with_disabled);
  return read_rows(&q, limit, sizeof(User), read_user, a, (void **)items,
                   n_items);
}

QtCode store_user_create(Store *st, User *u, QtError *err)
{
  QtTime now = qt_now();
  Q q;

  if (q_open(st, STMT_USER_INSERT, &q, err) != QT_OK) return err->code;
  q_text(&q, 1, u->username);
  q_text(&q, 2, u->display_name);
  q_text(&q, 3, role_name(u->role));
  q_id(&q, 4, u->department_id);
  q_text(&q, 5, u->region_code);
  q_id(&q, 6, u->enterprise_id);
  q_text(&q, 7, u->level);
  q_text(&q, 8, u->phone);
  q_text(&q, 9, u->password_hash);
  q_int(&q, 10, u->is_disabled);
  q_int(&q, 11, now);
  if (q_insert(&q, &u->id) != QT_OK) {
    if (err->code == QT_ECONFLICT) {
      qt_field(err, "username", "is taken");
      return qt_fail(err, QT_ECONFLICT, "The username '%.48s' is taken.",
                     u->username);
    }
    return err->code;
  }
  u->created_at = u->updated_at = now;
  return QT_OK;
}

QtCode store_user_update(Store *st, const Scope *scope, User *u,
                         QtError *err)
{
  Q q;

  if (q_open_scoped(st, STMT_USER_UPDATE, scope, &q, err) != QT_OK) {
    return err->code;
  }
  q_int(&q, 6, u->id);
  q_text(&q, 7, u->display_name);
  q_text(&q, 8, role_name(u->role));
  q_id(&q, 9, u->department_id);
  q_text(&q, 10, u->region_code);
  q_id(&q, 11, u->enterprise_id);
  q_text(&q, 12, u->level);
  q_text(&q, 13, u->phone);
  q_int(&q, 14, u->is_disabled);
  u->updated_at = qt_now();
  q_int(&q, 15, u->updated_at);
  return updated_one(&q, "user");
}

QtCode store_user_set_password(Store *st, int64_t id, const char *hash,
                               QtError *err)
{
  Q q;

  if (q_open(st, STMT_USER_SET_PASSWORD, &q, err) != QT_OK) return err->code;
  q_int(&q, 1, id);
  q_text(&q, 2, hash);
  q_int(&q, 3, qt_now());
  if (updated_one(&q, "user") != QT_OK) return err->code;
  if (q_open(st, STMT_SESSION_DELETE_USER, &q, err) != QT_OK) {
    return err->code;
  }
  q_int(&q, 1, id);
  return q_exec(&q);
}

/* ---- teams ------------------------------------------------------------ */

static void read_team(Q *q, Arena *a, void *item)
{
  Team *t = item;

  t->id = q_col_int(q, 0);
  t->name = q_col_text(q, 1, a);
  t->leader_id = q_col_int(q, 2);
  t->region_code = q_col_text(q, 3, a);
  t->is_disabled = q_col_bool(q, 4);
  t->created_at = q_col_int(q, 5);
  t->updated_at = q_col_int(q, 6);
  t->leader_name = q_col_text(q, 7, a);
}

enum { TEAM_MAX_MEMBERS = 200 };

static QtCode load_members(Store *st, Team *t, Arena *a, QtError *err)
{
  Q q;
  int rc = 0;

  t->member_ids = arena_alloc(a, sizeof(int64_t) * TEAM_MAX_MEMBERS);
  t->member_names = arena_alloc(a, sizeof(char *) * TEAM_MAX_MEMBERS);
  t->n_member_ids = 0;
  if (q_open(st, STMT_TEAM_MEMBERS, &q, err) != QT_OK) return err->code;
  q_int(&q, 1, t->id);
  while (t->n_member_ids < TEAM_MAX_MEMBERS) {
    rc = q_step(&q);
    if (rc != 1) break;
    t->member_ids[t->n_member_ids] = q_col_int(&q, 0);
    t->member_names[t->n_member_ids] = q_col_text(&q, 1, a);
    t->n_member_ids++;
  }
  q_close(&q);
  return rc < 0 ? err->code : QT_OK;
}

QtCode store_team_get(Store *st, const Scope *scope, int64_t id, Arena *a,
                      Team *out, QtError *err)
{
  Q q;

  if (q_open_scoped(st, STMT_TEAM_GET, scope, &q, err) != QT_OK) {
    return err->code;
  }
  q_int(&q, 6, id);
  if (read_one(&q, read_team, a, out, "team") != QT_OK) return err->code;
  return load_members(st, out, a, err);
}

QtCode store_team_list(Store *st, const Scope *scope, const TeamFilter *f,
                       const Page *page, Arena *a, Team **items,
                       int *n_items, QtError *err)
{
  int limit = page_limit(page), i;
  Q q;

  *n_items = 0;
  if (q_open_scoped(st, STMT_TEAM_LIST, scope, &q, err) != QT_OK) {
    return err->code == QT_ENOTFOUND ? QT_OK : err->code;
  }
  q_int(&q, 6, page ? page->cursor : 0);
  q_int(&q, 7, limit);
  if (bind_region_filter(&q, 8, f->region, err) != QT_OK) {
    q_close(&q);
    return err->code;
  }
  q_id(&q, 10, f->member_id);
  q_text(&q, 11, f->q);
  q_int(&q, 12, f->with_disabled);
  if (read_rows(&q, limit, sizeof(Team), read_team, a, (void **)items,
                n_items) != QT_OK) {
    return err->code;
  }
  for (i = 0; i < *n_items; i++) {
    if (load_members(st, &(*items)[i], a, err) != QT_OK) return err->code;
  }
  return QT_OK;
}

/* Replace T's members: every one must be an enabled commissioner. */
static QtCode save_members(Store *st, const Team *t, QtError *err)
{
  Q q;
  int i, rc;
  char role[16];
  bool is_disabled;

  if (t->n_member_ids > TEAM_MAX_MEMBERS) {
    qt_field(err, "member_ids", "at most %d members", TEAM_MAX_MEMBERS);
    return qt_fail(err, QT_EINVALID, "The team has too many members.");
  }
  if (q_open(st, STMT_TEAM_MEMBER_CLEAR, &q, err) != QT_OK) return err->code;
  q_int(&q, 1, t->id);
  if (q_exec(&q) != QT_OK) return err->code;
  for (i = 0; i < t->n_member_ids; i++) {
    if (q_open(st, STMT_USER_ROLE, &q, err) != QT_OK) return err->code;
    q_int(&q, 1, t->member_ids[i]);
    rc = q_step(&q);
    if (rc == 1) {
      q_col_copy(&q, 0, role, sizeof role);
      is_disabled = q_col_bool(&q, 1);
    }
    q_close(&q);
    if (rc < 0) return err->code;
    if (rc == 0 || strcmp(role, "commissioner") != 0 || is_disabled) {
      qt_field(err, "member_ids", "user %lld is not an active commissioner",
               (long long)t->member_ids[i]);
      return qt_fail(err, QT_EINVALID,
                     "Team members must be active commissioners.");
    }
    if (q_open(st, STMT_TEAM_MEMBER_ADD, &q, err) != QT_OK) return err->code;
    q_int(&q, 1, t->id);
    q_int(&q, 2, t->member_ids[i]);
    if (q_exec(&q) != QT_OK) return err->code;
  }
  return QT_OK;
}

QtCode store_team_create(Store *st, Team *t, QtError *err)
{
  QtTime now = qt_now();
  Q q;

  if (q_open(st, STMT_TEAM_INSERT, &q, err) != QT_OK) return err->code;
  q_text(&q, 1, t->name);
  q_int(&q, 2, t->leader_id);
  q_text(&q, 3, t->region_code);
  q_int(&q, 4, t->is_disabled);
  q_int(&q, 5, now);
  if (q_insert(&q, &t->id) != QT_OK) return err->code;
  t->created_at = t->updated_at = now;
  return save_members(st, t, err);
}

QtCode store_team_update(Store *st, const Scope *scope, Team *t,
                         QtError *err)
{
  Q q;

  if (q_open_scoped(st, STMT_TEAM_UPDATE, scope, &q, err) != QT_OK) {
    return err->code;
  }
  q_int(&q, 6, t->id);
  q_text(&q, 7, t->name);
  q_int(&q, 8, t->leader_id);
  q_text(&q, 9, t->region_code);
  q_int(&q, 10, t->is_disabled);
  t->updated_at = qt_now();
  q_int(&q, 11, t->updated_at);
  if (updated_one(&q, "team") != QT_OK) return err->code;
  return save_members(st, t, err);
}

/* ---- pairings --------------------------------------------------------- */

static void read_pairing(Q *q, Arena *a, void *item)
{
  Pairing *p = item;

  p->id = q_col_int(q, 0);
  p->kind = q_col_text(q, 1, a);
  p->user_id = q_col_int(q, 2);
  p->team_id = q_col_int(q, 3);
  p->enterprise_id = q_col_int(q, 4);
  p->project_id = q_col_int(q, 5);
  p->starts_on = q_col_text(q, 6, a);
  p->ends_on = q_col_text(q, 7, a);
  p->created_at = q_col_int(q, 8);
  p->user_name = q_col_text(q, 9, a);
  p->team_name = q_col_text(q, 10, a);
  p->enterprise_name = q_col_text(q, 11, a);
  p->project_name = q_col_text(q, 12, a);
}

QtCode store_pairing_get(Store *st, const Scope *scope, int64_t id,
                         Arena *a, Pairing *out, QtError *err)
{
  Q q;

  if (q_open_scoped(st, STMT_PAIRING_GET, scope, &q, err) != QT_OK) {
    return err->code;
  }
  q_int(&q, 6, id);
  return read_one(&q, read_pairing, a, out, "pairing");
}

QtCode store_pairing_list(Store *st, const Scope *scope,
                          const PairingFilter *f, const Page *page,
                          Arena *a, Pairing **items, int *n_items,
                          QtError *err)
{
  int limit = page_limit(page);
  Q q;

  *n_items = 0;
  if (q_open_scoped(st, STMT_PAIRING_LIST, scope, &q, err) != QT_OK) {
    return err->code == QT_ENOTFOUND ? QT_OK : err->code;
  }
  q_int(&q, 6, page ? page->cursor : 0);
  q_int(&q, 7, limit);
  q_id(&q, 8, f->user_id);
  q_id(&q, 9, f->team_id);
  q_id(&q, 10, f->enterprise_id);
  q_id(&q, 11, f->project_id);
  q_int(&q, 12, f->with_ended || f->only_ended);
  q_text(&q, 13, f->kind);
  q_int(&q, 14, f->only_ended);
  return read_rows(&q, limit, sizeof(Pairing), read_pairing, a,
                   (void **)items, n_items);
}

QtCode store_pairing_create(Store *st, Pairing *p, QtError *err)
{
  QtTime now = qt_now();
  Q q;

  if (q_open(st, STMT_PAIRING_INSERT, &q, err) != QT_OK) return err->code;
  q_text(&q, 1, p->kind);
  q_id(&q, 2, p->user_id);
  q_id(&q, 3, p->team_id);
  q_id(&q, 4, p->enterprise_id);
  q_id(&q, 5, p->project_id);
  q_text(&q, 6, p->starts_on);
  q_text(&q, 7, p->ends_on);
  q_int(&q, 8, now);
  if (q_insert(&q, &p->id) != QT_OK) return err->code;
  p->created_at = now;
  return QT_OK;
}

QtCode store_pairing_update(Store *st, const Scope *scope, Pairing *p,
                            QtError *err)
{
  Q q;

  if (q_open_scoped(st, STMT_PAIRING_UPDATE, scope, &q, err) != QT_OK) {
    return err->code;
  }
  q_int(&q, 6, p->id);
  q_text(&q, 7, p->ends_on);
  return updated_one(&q, "pairing");
}
