/*
 * fuzz_json_deadlines.c — JSON bodies of what drives the deadlines: SLA
 * policies (PUT /api/v1/sla-policies), days of the working-day calendar
 * (PUT /api/v1/calendar/{date}, 1 to 8 October 2026, weekdays and a
 * weekend among them) and marking notifications read
 * (src/http/h_deadlines.c).
 *
 * Input: a letter for the route (a = policy, b = calendar day,
 * c = notification read), a digit for the day or notification and the
 * sender, then the body.  Checked: what fuzz_call and fuzz_routes check
 * (common/fixture.h).
 */
#include "fixture.h"

static const FuzzRoute family[] = {
  {"PUT", "/api/v1/sla-policies", FID_NONE, {FA_ADMIN}, false},
  {"PUT", "/api/v1/calendar/2026-10-%02lld", FID_SMALL, {FA_ADMIN}, false},
  {"POST", "/api/v1/notifications/%lld/read", FID_SMALL,
   {FA_HANDLER, FA_DISPATCHER, FA_ENTERPRISE, FA_SUPERVISOR}, true},
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
