/*
 * fuzz_json_registry.c — JSON bodies of the rest of the registry:
 * departments (src/http/h_departments.c), key projects (h_projects.c)
 * and commissioner teams (h_teams.c), created and updated by the roles
 * that may.
 *
 * Input: a letter for the route (a, b = departments create, update;
 * c, d = projects; e, f = teams), a digit for the record and the sender,
 * then the body.  Checked: what fuzz_call and fuzz_routes check
 * (common/fixture.h).
 */
#include "fixture.h"

static const FuzzRoute family[] = {
  {"POST", "/api/v1/departments", FID_NONE, {FA_ADMIN}, false},
  {"PATCH", "/api/v1/departments/%lld", FID_DEPARTMENT, {FA_ADMIN}, false},
  {"POST", "/api/v1/projects", FID_NONE, {FA_ADMIN, FA_DISPATCHER}, false},
  {"PATCH", "/api/v1/projects/%lld", FID_PROJECT, {FA_ADMIN, FA_DISPATCHER},
   false},
  {"POST", "/api/v1/teams", FID_NONE, {FA_ADMIN, FA_DISPATCHER}, false},
  {"PATCH", "/api/v1/teams/%lld", FID_TEAM, {FA_ADMIN, FA_DISPATCHER}, false},
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
  (void)argc;
  (void)argv;
  (void)fuzz_world();
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  fuzz_routes(family, (int)(sizeof family / sizeof family[0]), data, size);
  return 0;
}
