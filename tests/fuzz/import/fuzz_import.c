/*
 * fuzz_import.c — registry imports from CSV through the API
 * (POST /api/v1/imports/{kind}: src/http/h_ledgers.c and import.c, over
 * text.c's UTF-8/GB18030 decoding and csv.c), as the admin, into the
 * world of common/fixture.h, all or nothing or partial.
 *
 * Input: a letter for the kind (a = enterprises, b = departments,
 * c = users, d = pairings), a digit (odd: ?partial=1), then the file, in
 * UTF-8 or GB18030.  Checked, besides what fuzz_call checks of every
 * request:
 *  - the answer is the report (200 when written, a 422 problem carrying
 *    it when refused) or a plain problem (400, 413, 422 without rows);
 *  - its counts add up: no more rows imported or rejected than read; a
 *    refused import imports none; a partial one that was written
 *    accounts for every row, imported or rejected;
 *  - every rejected row is listed, with its line and a field, in line
 *    order.
 */
#include <string.h>

#include "fixture.h"

static const char *const kinds[] = {"enterprises", "departments", "users",
                                    "pairings"};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
  (void)argc;
  (void)argv;
  (void)fuzz_world();
  return 0;
}

static json_int_t member(json_t *j, const char *name)
{
  json_t *v = json_object_get(j, name);

  FUZZ_CHECK(json_is_integer(v), "the report has no \"%s\"", name);
  return json_integer_value(v);
}

static void check_report(const FuzzResult *r, bool is_partial)
{
  json_t *j = r->json, *rejected = json_object_get(j, "rejected"), *x;
  json_int_t rows = member(j, "rows"), imported = member(j, "imported");
  json_int_t rejected_rows = member(j, "rejected_rows"), line, last = 0;
  json_int_t distinct = 0;
  size_t i;

  FUZZ_CHECK(json_is_array(rejected), "no rejected list");
  FUZZ_CHECK(json_is_boolean(json_object_get(j, "written")), "written");
  FUZZ_CHECK(json_is_true(json_object_get(j, "written")) ==
               (r->status == 200), "written but %d", r->status);
  FUZZ_CHECK(imported >= 0 && rejected_rows >= 0 &&
               imported + rejected_rows <= rows + 1,
             "%lld imported and %lld rejected of %lld rows",
             (long long)imported, (long long)rejected_rows, (long long)rows);
  if (r->status != 200) {
    FUZZ_CHECK(imported == 0, "refused, yet %lld imported",
               (long long)imported);
  } else if (is_partial) {
    FUZZ_CHECK(imported + rejected_rows == rows,
               "partial: %lld imported + %lld rejected != %lld rows",
               (long long)imported, (long long)rejected_rows,
               (long long)rows);
  }
  json_array_foreach(rejected, i, x) {
    line = json_integer_value(json_object_get(x, "line"));
    FUZZ_CHECK(line >= 1 && line >= last, "rejection on line %lld after %lld",
               (long long)line, (long long)last);
    FUZZ_CHECK(json_string_length(json_object_get(x, "field")) > 0 &&
                 json_string_length(json_object_get(x, "message")) > 0,
               "a rejection without its field or message");
    if (line != last) distinct++;
    last = line;
  }
  FUZZ_CHECK(distinct == rejected_rows,
             "%lld rows rejected, %lld listed: %.*s", (long long)rejected_rows,
             (long long)distinct, (int)r->len, r->body);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char target[64];
  bool is_partial;
  FuzzResult r;
  FuzzCall c;

  if (size < 2) return 0;
  is_partial = (unsigned char)(data[1] - '0') % 2 == 1;
  snprintf(target, sizeof target, "/api/v1/imports/%s%s",
           kinds[(unsigned char)(data[0] - 'a') % 4],
           is_partial ? "?partial=1&filename=fuzz.csv" : "");
  memset(&c, 0, sizeof c);
  c.method = "POST";
  c.target = target;
  c.actor = FA_ADMIN;
  c.content_type = "text/csv; charset=utf-8";
  c.body = (const char *)data + 2;
  c.len = size - 2;
  fuzz_call(&c, &r);
  if (r.json && json_object_get(r.json, "rows")) {
    check_report(&r, is_partial);
  } else {
    FUZZ_CHECK(r.status != 200, "200 without a report");
  }
  fuzz_result_reset(&r);
  return 0;
}
