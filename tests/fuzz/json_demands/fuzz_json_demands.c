/*
 * fuzz_json_demands.c — JSON bodies of the demand routes: submitting a
 * demand and every action of its lifecycle (src/http/h_demands.c, json.c,
 * workflow.c, core/demand.c), sent by the roles that may send them, to
 * demands in every state of the world (common/fixture.h).
 *
 * Input: a letter for the route (a = submit, b = assign, ... in the order
 * of the table), a digit for the demand (its state) and the sender, then
 * the body.  Checked: what fuzz_call checks of every request (no 5xx, a
 * parsable answer, closed transactions, a complete problem) and what
 * fuzz_routes checks of an accepted body (its fields come back as sent).
 */
#include "fixture.h"

static const FuzzRoute family[] = {
  {"POST", "/api/v1/demands", FID_NONE,
   {FA_ENTERPRISE, FA_COMMISSIONER, FA_DISPATCHER}, false},
  {"POST", "/api/v1/demands/%lld/assign", FID_DEMAND, {FA_DISPATCHER}, false},
  {"POST", "/api/v1/demands/%lld/accept", FID_DEMAND,
   {FA_HANDLER, FA_HANDLER_B}, false},
  {"POST", "/api/v1/demands/%lld/return", FID_DEMAND, {FA_HANDLER}, false},
  {"POST", "/api/v1/demands/%lld/refuse-return", FID_DEMAND,
   {FA_DISPATCHER}, false},
  {"POST", "/api/v1/demands/%lld/answer", FID_DEMAND, {FA_HANDLER}, false},
  {"POST", "/api/v1/demands/%lld/resolve", FID_DEMAND, {FA_HANDLER}, false},
  {"POST", "/api/v1/demands/%lld/confirm", FID_DEMAND,
   {FA_ENTERPRISE, FA_COMMISSIONER}, false},
  {"POST", "/api/v1/demands/%lld/withdraw", FID_DEMAND,
   {FA_ENTERPRISE, FA_COMMISSIONER}, false},
  {"POST", "/api/v1/demands/%lld/merge", FID_DEMAND, {FA_DISPATCHER}, false},
  {"POST", "/api/v1/demands/%lld/comment", FID_DEMAND,
   {FA_ENTERPRISE, FA_HANDLER, FA_SUPERVISOR, FA_HANDLER_B}, false},
  {"POST", "/api/v1/demands/%lld/extend", FID_DEMAND, {FA_HANDLER}, false},
  {"POST", "/api/v1/demands/%lld/decide-extension", FID_DEMAND,
   {FA_SUPERVISOR}, false},
  {"POST", "/api/v1/demands/%lld/pause", FID_DEMAND, {FA_HANDLER}, false},
  {"POST", "/api/v1/demands/%lld/resume", FID_DEMAND,
   {FA_HANDLER, FA_ENTERPRISE}, false},
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
