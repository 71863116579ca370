/* scope.c — roles and data scopes; see scope.h. */
#include "scope.h"

#include <stdio.h>
#include <string.h>

static const char *const role_names[ROLE_COUNT] = {
  "enterprise", "commissioner", "dispatcher", "handler",
  "supervisor", "leader",       "admin",
};

const char *role_name(Role role)
{
  return role < ROLE_COUNT ? role_names[role] : "unknown";
}

QtCode role_parse(const char *name, Role *out, QtError *err)
{
  int r;

  for (r = 0; r < ROLE_COUNT; r++) {
    if (strcmp(name, role_names[r]) == 0) {
      *out = (Role)r;
      return QT_OK;
    }
  }
  qt_field(err, "role",
           "must be one of enterprise, commissioner, dispatcher, handler, "
           "supervisor, leader, admin");
  return qt_fail(err, QT_EINVALID, "'%.32s' is not a role.", name);
}

QtCode scope_region_range(const char *code, char lo[16], char hi[16],
                          QtError *err)
{
  size_t n = strlen(code), i, keep;

  for (i = 0; i < n; i++) {
    if (code[i] < '0' || code[i] > '9') break;
  }
  if (i != n || (n != 6 && n != 9)) {
    qt_field(err, "region", "must be a 6-digit GB/T 2260 code or a "
                            "9-digit town code");
    return qt_fail(err, QT_EINVALID, "'%.16s' is not a region code.", code);
  }
  /* Province xx0000 keeps 2 digits, city xxxx00 keeps 4, others all. */
  if (n == 6 && strcmp(code + 2, "0000") == 0) {
    keep = 2;
  } else if (n == 6 && strcmp(code + 4, "00") == 0) {
    keep = 4;
  } else {
    keep = n;
  }
  memcpy(lo, code, keep);
  lo[keep] = '\0';
  memcpy(hi, lo, keep + 1);
  /* Increment as a decimal string; "39" -> "40".  A prefix of all nines
   * gets ':' (the byte after '9'), which still sorts above every digit. */
  for (i = keep; i-- > 0;) {
    if (hi[i] != '9') {
      hi[i]++;
      break;
    }
    if (i == 0) {
      hi[keep - 1] = ':';
      break;
    }
    hi[i] = '0';
  }
  return QT_OK;
}

bool scope_has_region(const Scope *s, const char *code)
{
  if (s->kind == SCOPE_ALL) return true;
  if (s->kind != SCOPE_REGION) return false;
  return strcmp(code, s->region_lo) >= 0 && strcmp(code, s->region_hi) < 0;
}

static void region_scope(Scope *s, const char *region)
{
  QtError err;

  qt_error_clear(&err);
  if (scope_region_range(region, s->region_lo, s->region_hi, &err) == QT_OK) {
    s->kind = SCOPE_REGION;
  } else {
    s->kind = SCOPE_NONE;
  }
}

void scope_for_actor(Actor *a)
{
  Scope *s = &a->scope;
  size_t n;

  memset(s, 0, sizeof *s);
  s->user_id = a->user_id;
  s->kind = SCOPE_NONE;
  switch (a->role) {
  case ROLE_ADMIN:
    s->kind = SCOPE_ALL;
    break;
  case ROLE_LEADER:
  case ROLE_SUPERVISOR:
  case ROLE_DISPATCHER:
  case ROLE_HANDLER:
    region_scope(s, a->region);
    n = strlen(a->dept_path);
    if (a->role == ROLE_HANDLER && n > 1 && n < sizeof s->dept_lo) {
      memcpy(s->dept_lo, a->dept_path, n + 1);
      memcpy(s->dept_hi, a->dept_path, n + 1);
      s->dept_hi[n - 1] = '0'; /* '/' + 1: every path below sorts before */
    }
    break;
  case ROLE_COMMISSIONER:
    if (a->user_id > 0) s->kind = SCOPE_PAIRED;
    break;
  case ROLE_ENTERPRISE:
    if (a->enterprise_id > 0) {
      s->kind = SCOPE_ENTERPRISE;
      s->enterprise_id = a->enterprise_id;
    }
    break;
  case ROLE_COUNT:
    break;
  }
}
