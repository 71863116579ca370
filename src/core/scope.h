/*
 * scope.h — roles, actors and what each may see.
 *
 * Data scope follows the region tree (GB/T 2260 codes) and the department
 * tree.  This module decides *which* scope an actor has; the store applies
 * it inside its WHERE clauses, so an out-of-scope row is never read.
 *
 * Region codes nest by prefix: 370000 (province) holds 3707xx (city) holds
 * 370702 (county) holds 370702001 (town).  So "region and below" is the
 * range of codes that start with the region's significant prefix, which an
 * ordinary index answers.  Department paths ("/3/17/") nest the same way.
 */
#ifndef QT_SCOPE_H
#define QT_SCOPE_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"

typedef enum Role {
  ROLE_ENTERPRISE,
  ROLE_COMMISSIONER,
  ROLE_DISPATCHER,
  ROLE_HANDLER,
  ROLE_SUPERVISOR,
  ROLE_LEADER,
  ROLE_ADMIN,
  ROLE_COUNT
} Role;

/* Bit for ROLE in a set of roles, as route access rules use. */
#define ROLE_BIT(r) (1u << (r))
#define ROLES_ALL ((1u << ROLE_COUNT) - 1u)
#define ROLES_STAFF (ROLES_ALL & ~ROLE_BIT(ROLE_ENTERPRISE))

/* "enterprise", "commissioner", ... */
const char *role_name(Role role);
/* QT_EINVALID (field "role") when NAME is not a role. */
QtCode role_parse(const char *name, Role *out, QtError *err);

typedef enum ScopeKind {
  SCOPE_ALL,        /* everything (admin) */
  SCOPE_REGION,     /* region_lo <= code < region_hi */
  SCOPE_DEPARTMENT, /* dept_lo <= department path < dept_hi */
  SCOPE_PAIRED,     /* enterprises paired with user_id, alone or by team */
  SCOPE_ENTERPRISE, /* the one enterprise enterprise_id */
  SCOPE_NONE        /* nothing: a disabled or misconfigured account */
} ScopeKind;

/* What an actor may see.  Every store call on user-visible rows takes one. */
typedef struct Scope {
  ScopeKind kind;       /* which of the bounds below apply */
  char region_lo[16];   /* significant prefix of the actor's region */
  char region_hi[16];   /* region_lo with its last digit incremented */
  char dept_lo[64];     /* the actor's department path "/3/17/" */
  char dept_hi[64];     /* dept_lo with its final '/' made '0' */
  int64_t user_id;      /* the actor, for SCOPE_PAIRED */
  int64_t enterprise_id; /* for SCOPE_ENTERPRISE */
  int64_t department_id; /* for SCOPE_DEPARTMENT: the co-department */
} Scope;

/* The signed-in user a request acts for. */
typedef struct Actor {
  bool is_system;         /* the scheduler acting on its own */
  int64_t user_id;        /* 0 for the system itself (scheduler, CLI) */
  Role role;              /* what the user may do */
  char region[16];        /* GB/T 2260 code, "" when none */
  int64_t department_id;  /* 0 when none */
  char dept_path[64];     /* the department's tree path, "" when none */
  int64_t enterprise_id;  /* for ROLE_ENTERPRISE; 0 otherwise */
  Scope scope;            /* derived by scope_for_actor */
} Actor;

/*
 * Fill A->scope from A's role and attributes: admin sees all; leader,
 * supervisor and dispatcher their region and below; handler the region of
 * its department and below for the registry (demands narrow it to the
 * department); commissioner its paired enterprises; enterprise its own.
 * An account missing the attribute its role needs gets SCOPE_NONE.
 */
void scope_for_actor(Actor *a);

/*
 * Write into LO and HI (16 bytes each) the code range of region CODE and
 * below: "370700" gives "3707" and "3708".  QT_EINVALID (field "region")
 * when CODE is not 6 or 9 digits.
 */
QtCode scope_region_range(const char *code, char lo[16], char hi[16],
                          QtError *err);

/* True when region CODE lies inside S's region range (or S is all). */
bool scope_has_region(const Scope *s, const char *code);

#endif
