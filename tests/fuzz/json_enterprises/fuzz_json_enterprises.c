/*
 * fuzz_json_enterprises.c — JSON bodies of the enterprise registry:
 * registering and updating enterprises (src/http/h_enterprises.c, with
 * the credit code check of core/uscc.c and the region scope), as the
 * admin and as the dispatcher of 潍坊, on E1, E2, E3 (青岛, outside the
 * dispatcher's region) and an id that does not exist.
 *
 * Input: a letter for the route (a = register, b = update), a digit for
 * the enterprise and the sender, then the body.  Checked: what
 * fuzz_call and fuzz_routes check (common/fixture.h).
 */
#include "fixture.h"

static const FuzzRoute family[] = {
  {"POST", "/api/v1/enterprises", FID_NONE, {FA_ADMIN, FA_DISPATCHER}, false},
  {"PATCH", "/api/v1/enterprises/%lld", FID_ENTERPRISE,
   {FA_ADMIN, FA_DISPATCHER}, false},
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
