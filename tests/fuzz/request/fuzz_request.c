/*
 * fuzz_request.c — what a request carries besides a JSON body: the path,
 * the query string and every filter the list routes read from it
 * (demand_filter_from_query, pairing_filter_from_query, req_page,
 * req_query_int/bool, the stats period, groups and weights, export
 * formats...), and the headers qitong reads: Authorization, the
 * qt_session cookie, X-CSRF-Token and Content-Type (req_check_input,
 * routes.c, auth.c).  Requests go through the router against the world
 * of common/fixture.h, so filters reach the store's queries.
 *
 * Input: text like an HTTP request:
 *
 *   GET /api/v1/demands?status=open&sort=due&limit=5
 *   Authorization: Bearer $DISPATCHER
 *   Cookie: qt_session=$COOKIE
 *   X-CSRF-Token: $CSRF
 *
 *   body
 *
 * where $ADMIN, $DISPATCHER, ... stand for the world's API tokens, and
 * $COOKIE and $CSRF for the dispatcher's session, which no fuzzer would
 * guess.  Checked, besides what fuzz_call checks of every request:
 *  - a request is signed in only with a credential of the world, exactly,
 *    as the user it belongs to; with both, the Authorization header wins;
 *  - a cookie-signed request that changes something carries the
 *    session's CSRF token exactly;
 *  - without credentials only the public routes answer 2xx;
 *  - a paged list never holds more items than the limit asked for.
 */
#include <string.h>
#include <strings.h>

#include "auth.h"
#include "fixture.h"

static const struct {
  const char *name;  /* as written in an input */
  FuzzActor actor;   /* whose token it stands for */
} placeholders[] = {
  {"$ADMIN", FA_ADMIN},           {"$DISPATCHER", FA_DISPATCHER},
  {"$HANDLER_B", FA_HANDLER_B},   {"$HANDLER", FA_HANDLER},
  {"$SUPERVISOR", FA_SUPERVISOR}, {"$LEADER", FA_LEADER},
  {"$COMMISSIONER", FA_COMMISSIONER}, {"$ENTERPRISE", FA_ENTERPRISE},
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
  (void)argc;
  (void)argv;
  (void)fuzz_world();
  return 0;
}

/* LINE with the placeholders replaced, in A. */
static char *expand(const char *line, Arena *a)
{
  const FuzzWorld *w = fuzz_world();
  Buf b;
  char *out;
  size_t i;

  buf_init(&b);
  while (*line) {
    const char *value = NULL;
    size_t n = 0;
    if (*line == '$') {
      for (i = 0; i < sizeof placeholders / sizeof placeholders[0]; i++) {
        n = strlen(placeholders[i].name);
        if (strncmp(line, placeholders[i].name, n) == 0) {
          value = w->tokens[placeholders[i].actor];
          break;
        }
      }
      if (!value && strncmp(line, "$COOKIE", 7) == 0) {
        value = w->cookie;
        n = 7;
      } else if (!value && strncmp(line, "$CSRF", 5) == 0) {
        value = w->csrf;
        n = 5;
      }
    }
    if (value) {
      buf_puts(&b, value);
      line += n;
    } else {
      buf_append(&b, line++, 1);
    }
  }
  out = arena_strdup(a, buf_str(&b));
  buf_reset(&b);
  return out;
}

/* The qt_session cookie of the Cookie header H, as MHD finds it: pairs
 * separated by ';', spaces around them ignored, the first of that name,
 * its value unquoted. */
static const char *session_cookie(char *h)
{
  char *pair, *save = NULL, *eq, *v;
  size_t n;

  for (pair = strtok_r(h, ";", &save); pair; pair = strtok_r(NULL, ";",
                                                            &save)) {
    while (*pair == ' ' || *pair == '\t') pair++;
    eq = strchr(pair, '=');
    if (!eq || (size_t)(eq - pair) != strlen(AUTH_COOKIE) ||
        strncmp(pair, AUTH_COOKIE, (size_t)(eq - pair)) != 0) {
      continue;
    }
    v = eq + 1;
    n = strlen(v);
    while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t')) v[--n] = '\0';
    if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
      v[n - 1] = '\0';
      v++;
    }
    return v;
  }
  return NULL;
}

static bool is_public(const char *method, const char *target)
{
  if (strncmp(target, "/api/", 5) != 0) return true; /* the UI's files */
  return strncmp(target, "/api/v1/openapi.json", 20) == 0 ||
         (strcmp(method, "POST") == 0 &&
          strncmp(target, "/api/v1/session", 15) == 0);
}

static bool is_safe(const char *method)
{
  return strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0 ||
         strcmp(method, "OPTIONS") == 0;
}

/* The limit the query of TARGET asks for, or 0 when it names none or
 * when an argument's name is escaped (it might decode to "limit"). */
static long asked_limit(const char *target)
{
  const char *seg = strchr(target, '?'), *next, *amp;
  size_t len, key_len;
  char *end;
  long n;

  for (seg = seg ? seg + 1 : NULL; seg; seg = next) {
    amp = strchr(seg, '&');
    len = amp ? (size_t)(amp - seg) : strlen(seg);
    key_len = strcspn(seg, "=&");
    next = amp ? amp + 1 : NULL;
    if (memchr(seg, '%', key_len) || memchr(seg, '+', key_len)) return 0;
    if (key_len == 5 && strncmp(seg, "limit", 5) == 0) {
      if (len == key_len) return 0; /* "limit" alone */
      n = strtol(seg + 6, &end, 10);
      return end == seg + len && n >= 1 && n <= 500 ? n : 0;
    }
  }
  return 0;
}

static void check_auth(const FuzzCall *c, const FuzzResult *r)
{
  const FuzzWorld *w = fuzz_world();
  int i;

  if (!r->is_signed_in) {
    FUZZ_CHECK(r->rc != QT_OK || r->status >= 300 ||
                 is_public(c->method, c->target),
               "%s %s answered %d to nobody", c->method, c->target,
               r->status);
    return;
  }
  if (c->authorization) {
    for (i = FA_ADMIN; i < FA_COUNT; i++) {
      if (strncmp(c->authorization, "Bearer ", 7) == 0 &&
          strcmp(c->authorization + 7, w->tokens[i]) == 0) {
        break;
      }
    }
    FUZZ_CHECK(i < FA_COUNT && r->user_id == w->users[i],
               "signed in as %lld with '%s'", (long long)r->user_id,
               c->authorization);
    return;
  }
  FUZZ_CHECK(c->cookie && strcmp(c->cookie, w->cookie) == 0 &&
               r->user_id == w->users[FA_DISPATCHER],
             "signed in as %lld by cookie '%s'", (long long)r->user_id,
             c->cookie ? c->cookie : "(none)");
  if (r->rc == QT_OK && !is_safe(c->method)) {
    FUZZ_CHECK(c->csrf && strcmp(c->csrf, w->csrf) == 0,
               "%s %s by cookie without the CSRF token ('%s')", c->method,
               c->target, c->csrf ? c->csrf : "(none)");
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  Arena *a = arena_new();
  char *text = fuzz_strndup(data, size), *line, *next, *sp, *colon;
  const char *body = "";
  FuzzCall c;
  FuzzResult r;
  json_t *items;
  long limit;

  memset(&c, 0, sizeof c);
  /* The request line. */
  next = strchr(text, '\n');
  if (next) *next++ = '\0';
  sp = strchr(text, ' ');
  if (!sp) goto out;
  *sp = '\0';
  c.method = text;
  c.target = expand(sp + 1, a);
  if (c.target[0] != '/') goto out;
  /* Headers, up to an empty line; the body after it. */
  for (line = next; line; line = next) {
    next = strchr(line, '\n');
    if (next) *next++ = '\0';
    if (*line == '\0') {
      body = next ? next : "";
      break;
    }
    colon = strchr(line, ':');
    if (!colon) continue;
    *colon = '\0';
    for (colon++; *colon == ' '; colon++) {
    }
    if (strcasecmp(line, "Authorization") == 0) {
      c.authorization = expand(colon, a);
    } else if (strcasecmp(line, "Cookie") == 0) {
      c.cookie = session_cookie(expand(colon, a));
    } else if (strcasecmp(line, "X-CSRF-Token") == 0) {
      c.csrf = expand(colon, a);
    } else if (strcasecmp(line, "Content-Type") == 0) {
      c.content_type = arena_strdup(a, colon);
    }
  }
  c.body = body;
  c.len = strlen(body);
  fuzz_call(&c, &r);
  check_auth(&c, &r);
  limit = asked_limit(c.target);
  items = json_object_get(r.json, "items");
  /* Only paged lists (with a next_cursor) take a limit: the reference
   * lists (regions, industries, categories) answer whole. */
  if (limit && json_is_array(items) && json_object_get(r.json,
                                                       "next_cursor")) {
    FUZZ_CHECK((long)json_array_size(items) <= limit, "%zu items, limit %ld",
               json_array_size(items), limit);
  }
  fuzz_result_reset(&r);
out:
  free(text);
  arena_free(a);
  return 0;
}
