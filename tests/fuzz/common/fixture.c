/*
 * fixture.c — the world of the request targets, and requests against it
 * (see fixture.h).
 *
 * What server.c does around a handler is done here the same way, in the
 * same order, with the same functions where they are not static:
 * req_check_input, routes_dispatch and resp_problem.  Two steps are
 * libmicrohttpd's and are imitated: splitting the query string into
 * arguments (MHD_parse_arguments_: '&' and '=', '+' for a space, then
 * MHD_http_unescape, which is called for real) and collect_query's cap
 * on their number.
 */
#include "fixture.h"

#include <microhttpd.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "log.h"
#include "routes.h"
#include "secret.h"
#include "server.h"
#include "text.h"
#include "uscc.h"

static Store *store;
static ServerConfig cfg;
static FuzzWorld world;
static bool is_built;
static char dir[256];        /* the world's temporary directory */
static Arena *world_arena;   /* strings that live as long as the world */

/* ---- a fast stand-in for Argon2 ---------------------------------------- */

/* These replace libsodium's own for the fuzz targets (the executable's
 * definitions come first): secret.c hashes and verifies through them.  The
 * "hash" is a prefix and the SHA-256 of the password, in the space
 * libsodium promises (crypto_pwhash_STRBYTES). */
int crypto_pwhash_str_alg(char out[crypto_pwhash_STRBYTES],
                          const char *const passwd,
                          unsigned long long passwdlen,
                          unsigned long long opslimit, size_t memlimit,
                          int alg)
{
  char hex[SECRET_SHA256_HEX];

  (void)opslimit;
  (void)memlimit;
  (void)alg;
  secret_sha256_hex(passwd, (size_t)passwdlen, hex);
  snprintf(out, crypto_pwhash_STRBYTES, "$fuzz$%s", hex);
  return 0;
}

int crypto_pwhash_str_verify(const char *str, const char *const passwd,
                             unsigned long long passwdlen)
{
  char want[crypto_pwhash_STRBYTES];

  if (crypto_pwhash_str_alg(want, passwd, passwdlen, 0, 0, 0) != 0) {
    return -1;
  }
  return strcmp(str, want) == 0 ? 0 : -1;
}

/* ---- requests ---------------------------------------------------------- */

char *fuzz_unescape(char *s)
{
  size_t n = MHD_http_unescape(s);

  s[n] = '\0';
  return s;
}

static void add_query(Req *req, char *key, char *value)
{
  char *p;

  /* collect_query (server.c): past REQ_MAX_QUERY, mark and stop. */
  if (req->n_query > REQ_MAX_QUERY) return;
  if (req->n_query == REQ_MAX_QUERY) {
    req->n_query = REQ_MAX_QUERY + 1;
    return;
  }
  for (p = key; *p; p++) {
    if (*p == '+') *p = ' ';
  }
  for (p = value; p && *p; p++) {
    if (*p == '+') *p = ' ';
  }
  req->query[req->n_query].key = fuzz_unescape(key);
  req->query[req->n_query].value = value ? fuzz_unescape(value) : "";
  req->n_query++;
}

/* Split the query string ARGS (a copy in the arena) as MHD does. */
static void parse_query(Req *req, char *args)
{
  char *amp, *eq;

  while (args && *args) {
    amp = strchr(args, '&');
    if (amp) *amp++ = '\0';
    eq = strchr(args, '=');
    if (eq) *eq++ = '\0';
    add_query(req, args, eq);
    args = amp;
  }
}

static void fill_req(Req *req, const FuzzCall *c, Arena *a)
{
  const char *q = strchr(c->target, '?');
  char *path;

  memset(req, 0, sizeof *req);
  req->arena = a;
  req->store = store;
  req->cfg = &cfg;
  req->method = c->method;
  path = q ? arena_strndup(a, c->target, (size_t)(q - c->target))
           : arena_strdup(a, c->target);
  req->path = fuzz_unescape(path);
  if (q) parse_query(req, arena_strdup(a, q + 1));
  req->address = "127.0.0.1";
  if (c->authorization) {
    req->authorization = c->authorization;
  } else if (c->actor != FA_NOBODY) {
    req->authorization = arena_printf(a, "Bearer %s",
                                      world.tokens[c->actor]);
  }
  req->cookie = c->cookie;
  req->csrf = c->csrf;
  req->content_type = c->content_type;
  if (!req->content_type && c->len > 0) {
    req->content_type = "application/json";
  }
  buf_init(&req->body);
  if (c->len > 0) buf_append(&req->body, c->body, c->len);
  snprintf(req->request_id, sizeof req->request_id, "fuzz");
  req->now = world.now;
}

/* The checks every response must pass, whatever the request was. */
static void check_response(const FuzzCall *c, FuzzResult *r, int n_fields)
{
  json_error_t jerr;
  json_t *errors;
  bool is_json, is_problem;

  FUZZ_CHECK(r->rc != QT_ESTORE && r->rc != QT_EINTERNAL,
             "%s %s answered %d: %s", c->method, c->target, r->status,
             r->err.message);
  FUZZ_CHECK(r->status >= 200 && r->status < 500, "%s %s: status %d",
             c->method, c->target, r->status);
  FUZZ_CHECK(store->tx_depth == 1,
             "%s %s left %d transactions open", c->method, c->target,
             store->tx_depth - 1);
  is_problem = r->content_type &&
               strncmp(r->content_type, "application/problem+json", 24) == 0;
  is_json = is_problem ||
            (r->content_type &&
             strncmp(r->content_type, "application/json", 16) == 0);
  FUZZ_CHECK(r->rc == QT_OK || is_problem, "a failure without a problem");
  if (!is_json) return;
  r->json = json_loadb(r->body, r->len, JSON_REJECT_DUPLICATES, &jerr);
  FUZZ_CHECK(r->json != NULL, "%s %s: the response is not JSON (%s): %.*s",
             c->method, c->target, jerr.text, (int)r->len, r->body);
  if (!is_problem) return;
  FUZZ_CHECK(json_integer_value(json_object_get(r->json, "status")) ==
               r->status, "problem status");
  FUZZ_CHECK(json_string_length(json_object_get(r->json, "detail")) > 0,
             "%s %s: a problem without its detail: %.*s", c->method,
             c->target, (int)r->len, r->body);
  errors = json_object_get(r->json, "errors");
  /* An import refused as a whole is a problem of its own making
   * (h_ledgers.c), with its report instead of field errors. */
  if (r->rc != QT_OK) {
    FUZZ_CHECK((int)json_array_size(errors) == n_fields,
               "%s %s: %d field errors, %zu in the problem: %.*s",
               c->method, c->target, n_fields, json_array_size(errors),
               (int)r->len, r->body);
  }
}

void fuzz_call(const FuzzCall *c, FuzzResult *out)
{
  Req req;
  Resp resp;
  QtError tx_err;
  int n_fields = 0;

  (void)fuzz_world();
  memset(out, 0, sizeof *out);
  out->arena = arena_new();
  fill_req(&req, c, out->arena);
  memset(&resp, 0, sizeof resp);
  resp.status = 200;
  qt_error_clear(&out->err);
  qt_error_clear(&tx_err);
  FUZZ_CHECK(store_begin(store, &tx_err) == QT_OK, "begin: %s",
             tx_err.message);
  out->rc = req_check_input(&req, false, &out->err);
  if (out->rc == QT_OK) out->rc = routes_dispatch(&req, &resp, &out->err);
  if (out->rc != QT_OK) {
    /* As server.c's dispatch: keep the headers, drop the rest. */
    int n_headers = resp.n_headers;
    KeyValue headers[RESP_MAX_HEADERS];
    if (resp.has_file) close(resp.file_fd);
    memcpy(headers, resp.headers, sizeof headers);
    memset(&resp, 0, sizeof resp);
    memcpy(resp.headers, headers, sizeof headers);
    resp.n_headers = n_headers;
    out->err.code = out->rc;
    n_fields = problem_status(out->rc) < 500 ? out->err.n_fields : 0;
    resp_problem(&req, &resp, &out->err);
  } else if (resp.has_file) {
    close(resp.file_fd);
  }
  out->status = resp.status;
  out->content_type = resp.content_type;
  out->body = resp.body ? resp.body : "";
  out->len = resp.len;
  out->is_signed_in = req.is_signed_in;
  out->user_id = req.is_signed_in ? req.actor.user_id : 0;
  if (getenv("QT_FUZZ_VERBOSE")) {
    fprintf(stderr, "fuzz: %s %s as %d -> %d %.*s\n", c->method, c->target,
            (int)c->actor, out->status, (int)(out->len < 300 ? out->len : 300),
            out->body);
  }
  check_response(c, out, n_fields);
  /* Undo whatever the request wrote. */
  (void)store_end(store, QT_EINVALID, &tx_err);
  FUZZ_CHECK(store->tx_depth == 0, "the transaction did not end");
  buf_reset(&req.body);
}

void fuzz_result_reset(FuzzResult *r)
{
  json_decref(r->json);
  arena_free(r->arena);
  memset(r, 0, sizeof *r);
}

/* ---- JSON route families ----------------------------------------------- */

/* The id VARIANT picks among IDS, and how many there are. */
static int64_t pick_id(FuzzIds ids, unsigned variant, unsigned *n_ids)
{
  int64_t list[FD_COUNT + FA_COUNT];
  unsigned n = 0, i;

  switch (ids) {
  case FID_NONE:
    list[n++] = 0;
    break;
  case FID_DEMAND:
    for (i = 0; i < FD_COUNT; i++) list[n++] = world.demands[i];
    break;
  case FID_USER:
    for (i = FA_ADMIN; i < FA_COUNT; i++) list[n++] = world.users[i];
    break;
  case FID_ENTERPRISE:
    list[n++] = world.e1;
    list[n++] = world.e2;
    list[n++] = world.e3;
    list[n++] = 999999;
    break;
  case FID_DEPARTMENT:
    list[n++] = world.dept_a;
    list[n++] = world.dept_b;
    list[n++] = world.dept_qd;
    list[n++] = 999999;
    break;
  case FID_PROJECT:
    list[n++] = world.project;
    list[n++] = 999999;
    break;
  case FID_TEAM:
    list[n++] = world.team;
    list[n++] = 999999;
    break;
  case FID_PAIRING:
    list[n++] = world.pairing;
    list[n++] = 999999;
    break;
  case FID_SMALL:
    for (i = 1; i <= 8; i++) list[n++] = i;
    break;
  }
  *n_ids = n;
  return list[variant % n];
}

/* Whether the handler is documented to change field KEY on its way in. */
static bool is_normalised(const char *key)
{
  return strcmp(key, "credit_code") == 0;
}

/* The request's fields that the accepted response also has must hold
 * what was sent (see fuzz_routes). */
static void check_echo(const FuzzRoute *r, const char *body, size_t len,
                       const FuzzResult *res)
{
  json_t *in = json_loadb(body, len, JSON_REJECT_DUPLICATES, NULL);
  const char *key;
  json_t *v, *w;

  if (!json_is_object(in) || !json_is_object(res->json)) {
    json_decref(in);
    return;
  }
  json_object_foreach(in, key, v) {
    w = json_object_get(res->json, key);
    if (!w || is_normalised(key)) continue;
    if (json_is_string(v) && json_is_string(w)) {
      char *sent = strndup(json_string_value(v), json_string_length(v));
      text_trim(sent);
      FUZZ_CHECK(strcmp(sent, json_string_value(w)) == 0,
                 "%s %s: \"%s\" was sent as '%s', came back as '%s'",
                 r->method, r->target, key, sent, json_string_value(w));
      free(sent);
    } else if (json_is_integer(v) && json_is_integer(w)) {
      FUZZ_CHECK(json_integer_value(v) == json_integer_value(w),
                 "%s %s: \"%s\" changed", r->method, r->target, key);
    } else if (json_is_boolean(v) && json_is_boolean(w)) {
      FUZZ_CHECK(json_is_true(v) == json_is_true(w),
                 "%s %s: \"%s\" changed", r->method, r->target, key);
    }
  }
  json_decref(in);
}

void fuzz_routes(const FuzzRoute *table, int n, const uint8_t *data,
                 size_t size)
{
  const FuzzRoute *r;
  unsigned variant, n_ids, n_actors = 0;
  char target[128];
  FuzzResult res;
  FuzzCall c;
  int64_t id;

  (void)fuzz_world();
  if (size < 2) return;
  r = &table[(unsigned char)(data[0] - 'a') % (unsigned)n];
  variant = (unsigned char)(data[1] - '0');
  id = pick_id(r->ids, variant, &n_ids);
  while (n_actors < 4 && r->actors[n_actors] != FA_NOBODY) n_actors++;
  snprintf(target, sizeof target, r->target, (long long)id);
  memset(&c, 0, sizeof c);
  c.method = r->method;
  c.target = target;
  c.actor = n_actors ? r->actors[(variant / n_ids) % n_actors] : FA_NOBODY;
  c.body = (const char *)data + 2;
  c.len = size - 2;
  fuzz_call(&c, &res);
  if (res.rc == QT_OK && res.status < 300 && !r->is_body_ignored) {
    check_echo(r, c.body, c.len, &res);
  }
  fuzz_result_reset(&res);
}

/* ---- building the world ------------------------------------------------ */

/* Make a request that must succeed, and keep what it wrote.  Returns the
 * "id" of the response, or 0 when it has none. */
static int64_t must(FuzzActor actor, const char *method, const char *target,
                    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int64_t must(FuzzActor actor, const char *method, const char *target,
                    const char *fmt, ...)
{
  Arena *a = arena_new();
  char body[4096];
  FuzzCall c;
  Req req;
  Resp resp;
  QtError err;
  json_t *j;
  int64_t id = 0;
  va_list ap;
  QtCode rc;

  va_start(ap, fmt);
  vsnprintf(body, sizeof body, fmt, ap);
  va_end(ap);
  memset(&c, 0, sizeof c);
  c.method = method;
  c.target = target;
  c.actor = actor;
  c.body = body;
  c.len = strlen(body);
  fill_req(&req, &c, a);
  memset(&resp, 0, sizeof resp);
  qt_error_clear(&err);
  rc = routes_dispatch(&req, &resp, &err);
  FUZZ_CHECK(rc == QT_OK, "fixture: %s %s %s: %s (%s)", method, target, body,
             err.message, err.n_fields ? err.fields[0].message : "");
  j = json_loadb(resp.body, resp.len, 0, NULL);
  if (j && json_is_integer(json_object_get(j, "id"))) {
    id = json_integer_value(json_object_get(j, "id"));
  }
  json_decref(j);
  buf_reset(&req.body);
  arena_free(a);
  return id;
}

/* A user with ROLE and an API token, made in the store directly (the
 * first admin has no one to make it through the API). */
static void token_for(FuzzActor who)
{
  char hash[SECRET_SHA256_HEX];
  ApiToken t;
  QtError err;

  snprintf(world.tokens[who], sizeof world.tokens[who],
           "fuzz-token-%d-4f2a9c7e1b3d5a6f8e0c", (int)who);
  secret_sha256_hex(world.tokens[who], strlen(world.tokens[who]), hash);
  memset(&t, 0, sizeof t);
  t.user_id = world.users[who];
  t.name = "fuzz";
  qt_error_clear(&err);
  FUZZ_CHECK(store_token_create(store, &t, hash, &err) == QT_OK,
             "fixture: token: %s", err.message);
}

static int64_t account(FuzzActor who, const char *name, const char *extra)
{
  world.users[who] = must(FA_ADMIN, "POST", "/api/v1/users",
                          "{\"username\": \"%s\", \"display_name\": \"%s\", "
                          "\"password\": \"Fuzz-pass-2026\", %s}",
                          name, name, extra);
  token_for(who);
  return world.users[who];
}

/* An enterprise in REGION with the Nth credit code of that region. */
static int64_t enterprise(const char *region, int n, const char *name,
                          const char *scale)
{
  char code[19];

  snprintf(code, sizeof code, "91%s%09d", region, n);
  code[17] = uscc_check_char(code);
  code[18] = '\0';
  return must(FA_ADMIN, "POST", "/api/v1/enterprises",
              "{\"credit_code\": \"%s\", \"name\": \"%s\", "
              "\"region_code\": \"%s\", \"scale\": \"%s\", "
              "\"employees\": 120}",
              code, name, region, scale);
}

static int64_t demand(const char *title)
{
  return must(FA_ENTERPRISE, "POST", "/api/v1/demands",
              "{\"category\": \"labour\", \"title\": \"%s\", "
              "\"content\": \"企业反映的问题，请协调解决。\"}",
              title);
}

static void act(FuzzActor who, int64_t id, const char *action,
                const char *body)
{
  char target[96];

  snprintf(target, sizeof target, "/api/v1/demands/%lld/%s", (long long)id,
           action);
  must(who, "POST", target, "%s", body);
}

static void build(void)
{
  const char *assign_a, *tmp;
  char target[96];
  QtError err;
  User admin;
  Session s;
  int i;

  json_set_alloc_funcs(qt_malloc, free);
  qt_log_init(NULL, QT_LOG_ERROR); /* no sink: fuzzing would drown in it */
  qt_error_clear(&err);
  FUZZ_CHECK(secret_init(&err) == QT_OK, "sodium");
  FUZZ_CHECK(qt_time_parse("2026-03-02T09:00:00+08:00", &world.now, &err) ==
               QT_OK, "clock");
  /* Pairings and "today" follow the clock: fix it for every request. */
  qt_clock_set(true, world.now);

  tmp = getenv("TMPDIR");
  snprintf(dir, sizeof dir, "%s/qitong-fuzz-world.XXXXXX",
           tmp && *tmp ? tmp : "/tmp");
  FUZZ_CHECK(mkdtemp(dir) != NULL, "mkdtemp in %s", dir);
  server_config_init(&cfg);
  world_arena = arena_new();
  cfg.db_url = arena_printf(world_arena, "%s/qitong.db", dir);
  cfg.files_dir = arena_printf(world_arena, "%s/files", dir);
  FUZZ_CHECK(store_open(cfg.db_url, &(StoreOptions){.busy_timeout_ms = 100},
                        &store, &err) == QT_OK &&
               store_migrate(store, NULL, &err) == QT_OK,
             "fixture: store: %s", err.message);

  memset(&admin, 0, sizeof admin);
  admin.username = "admin";
  admin.display_name = "admin";
  admin.role = ROLE_ADMIN;
  FUZZ_CHECK(store_user_create(store, &admin, &err) == QT_OK, "admin: %s",
             err.message);
  world.users[FA_ADMIN] = admin.id;
  token_for(FA_ADMIN);

  world.dept_a = must(FA_ADMIN, "POST", "/api/v1/departments",
                      "{\"name\": \"潍坊市工业和信息化局\", \"kind\": "
                      "\"bureau\", \"region_code\": \"370700\"}");
  world.dept_b = must(FA_ADMIN, "POST", "/api/v1/departments",
                      "{\"name\": \"潍坊市人力资源和社会保障局\", \"kind\": "
                      "\"bureau\", \"region_code\": \"370700\"}");
  world.dept_qd = must(FA_ADMIN, "POST", "/api/v1/departments",
                       "{\"name\": \"青岛市工业和信息化局\", \"kind\": "
                       "\"bureau\", \"region_code\": \"370200\"}");
  world.e1 = enterprise("370702", 1, "潍坊一号机械有限公司", "above");
  world.e2 = enterprise("370700", 2, "潍坊二号纺织有限公司", "below");
  world.e3 = enterprise("370202", 3, "青岛三号港务有限公司", "above");

  account(FA_DISPATCHER, "dispatcher", "\"role\": \"dispatcher\", "
                                       "\"region_code\": \"370700\"");
  account(FA_SUPERVISOR, "supervisor", "\"role\": \"supervisor\", "
                                       "\"region_code\": \"370700\"");
  account(FA_LEADER, "leader", "\"role\": \"leader\", "
                               "\"region_code\": \"370700\"");
  account(FA_COMMISSIONER, "commissioner",
          "\"role\": \"commissioner\", \"region_code\": \"370700\", "
          "\"level\": \"city\", \"phone\": \"0536-1234567\"");
  snprintf(target, sizeof target, "\"role\": \"handler\", "
                                  "\"department_id\": %lld",
           (long long)world.dept_a);
  account(FA_HANDLER, "handlerA", target);
  snprintf(target, sizeof target, "\"role\": \"handler\", "
                                  "\"department_id\": %lld",
           (long long)world.dept_b);
  account(FA_HANDLER_B, "handlerB", target);
  snprintf(target, sizeof target, "\"role\": \"enterprise\", "
                                  "\"enterprise_id\": %lld",
           (long long)world.e1);
  account(FA_ENTERPRISE, "entE1", target);

  world.team = must(FA_ADMIN, "POST", "/api/v1/teams",
                    "{\"name\": \"潍坊一组\", \"leader_id\": %lld, "
                    "\"region_code\": \"370700\", \"member_ids\": [%lld]}",
                    (long long)world.users[FA_COMMISSIONER],
                    (long long)world.users[FA_COMMISSIONER]);
  world.project = must(FA_ADMIN, "POST", "/api/v1/projects",
                       "{\"name\": \"潍坊一号新厂房\", \"enterprise_id\": "
                       "%lld, \"total_investment\": 50000, "
                       "\"planned_start\": \"2026-04-01\"}",
                       (long long)world.e1);
  world.pairing = must(FA_ADMIN, "POST", "/api/v1/pairings",
                       "{\"user_id\": %lld, \"enterprise_id\": %lld}",
                       (long long)world.users[FA_COMMISSIONER],
                       (long long)world.e1);

  for (i = 0; i < FD_COUNT; i++) {
    char title[64];
    snprintf(title, sizeof title, "测试诉求第%d件", i + 1);
    world.demands[i] = demand(title);
  }
  assign_a = arena_printf(world_arena,
                          "{\"lead_department_id\": %lld, "
                          "\"co_department_ids\": [%lld]}",
                          (long long)world.dept_a, (long long)world.dept_b);
  for (i = FD_ASSIGNED; i < FD_COUNT; i++) {
    act(FA_DISPATCHER, world.demands[i], "assign", assign_a);
  }
  for (i = FD_ACCEPTED; i < FD_COUNT; i++) {
    if (i == FD_RETURNED) continue;
    act(FA_HANDLER, world.demands[i], "accept", "");
  }
  act(FA_HANDLER, world.demands[FD_RETURNED], "return",
      "{\"note\": \"不属于本部门职责\"}");
  act(FA_HANDLER, world.demands[FD_PAUSED], "pause",
      "{\"note\": \"请企业补充材料\"}");
  for (i = FD_ANSWERED; i < FD_COUNT; i++) {
    if (i == FD_RETURNED || i == FD_PAUSED) continue;
    act(FA_HANDLER, world.demands[i], "answer",
        "{\"note\": \"已联系企业，本周内答复。\"}");
  }
  act(FA_HANDLER, world.demands[FD_EXTENDING], "extend",
      "{\"days\": 10, \"note\": \"需要协调省级部门\"}");
  act(FA_HANDLER, world.demands[FD_RESOLVED], "resolve",
      "{\"outcome\": \"resolved\", \"note\": \"问题已解决。\"}");
  act(FA_HANDLER, world.demands[FD_CLOSED], "resolve",
      "{\"outcome\": \"resolved\", \"note\": \"问题已解决。\"}");
  act(FA_ENTERPRISE, world.demands[FD_CLOSED], "confirm",
      "{\"satisfaction\": \"satisfied\"}");

  /* A browser's session for the dispatcher, with its CSRF token. */
  secret_token_new(world.cookie);
  secret_token_new(world.csrf);
  memset(&s, 0, sizeof s);
  secret_sha256_hex(world.cookie, strlen(world.cookie), s.token_hash);
  snprintf(s.csrf, sizeof s.csrf, "%s", world.csrf);
  s.user_id = world.users[FA_DISPATCHER];
  s.created_at = s.last_seen_at = world.now;
  s.expires_at = world.now + cfg.session_max;
  FUZZ_CHECK(store_session_create(store, &s, &err) == QT_OK, "session: %s",
             err.message);
}

/* The database lives only as long as the process.  A crash skips this;
 * fuzz-run.sh gives the target a TMPDIR of its own and removes that. */
static void remove_world(void)
{
  char cmd[128];

  store_close(store);
  arena_free(world_arena);
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0) {
    fprintf(stderr, "fuzz: could not remove %s\n", dir);
  }
}

const FuzzWorld *fuzz_world(void)
{
  if (!is_built) {
    is_built = true;
    build();
    atexit(remove_world);
  }
  return &world;
}
