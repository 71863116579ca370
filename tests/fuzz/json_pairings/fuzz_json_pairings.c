/*
 * fuzz_json_pairings.c — JSON bodies of pairings (包联): pairing a
 * commissioner, a team or a leader with an enterprise or a project, and
 * ending a pairing (src/http/h_pairings.c), as the admin and as the
 * dispatcher of 潍坊.
 *
 * Input: a letter for the route (a = pair, b = end), a digit for the
 * pairing and the sender, then the body.  Checked: what fuzz_call and
 * fuzz_routes check (common/fixture.h).
 */
#include "fixture.h"

static const FuzzRoute family[] = {
  {"POST", "/api/v1/pairings", FID_NONE, {FA_ADMIN, FA_DISPATCHER}, false},
  {"PATCH", "/api/v1/pairings/%lld", FID_PAIRING, {FA_ADMIN, FA_DISPATCHER},
   false},
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
