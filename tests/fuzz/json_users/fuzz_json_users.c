/*
 * fuzz_json_users.c — JSON bodies about accounts: creating and updating
 * users, setting a password (src/http/h_users.c), signing in and making
 * an API token (h_session.c), on every account of the world.
 *
 * Input: a letter for the route (a = create, b = update, c = password,
 * d = sign in, e = token), a digit for the account and the sender, then
 * the body.  Checked: what fuzz_call and fuzz_routes check
 * (common/fixture.h); the fixture's stand-in for Argon2 keeps a password
 * in the body cheap.
 */
#include "fixture.h"

static const FuzzRoute family[] = {
  {"POST", "/api/v1/users", FID_NONE, {FA_ADMIN}, false},
  {"PATCH", "/api/v1/users/%lld", FID_USER, {FA_ADMIN}, false},
  {"POST", "/api/v1/users/%lld/password", FID_USER, {FA_ADMIN}, false},
  {"POST", "/api/v1/session", FID_NONE, {FA_NOBODY}, false},
  {"POST", "/api/v1/tokens", FID_NONE,
   {FA_ENTERPRISE, FA_HANDLER, FA_LEADER, FA_ADMIN}, false},
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
