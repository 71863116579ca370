/*
 * fixture.h — a small world in a real store, and requests made against it
 * through the code a request goes through in `qitong serve`, without a
 * network: the input check, the router, the actor's credentials, the
 * handler and the problem document (src/http).
 *
 * The world is a temporary SQLite database built once per process through
 * the API itself: departments, enterprises, one account of each role with
 * an API token, a team, a project, a pairing and demands in each state of
 * their lifecycle.  Every fuzzed request runs inside a transaction that is
 * rolled back afterwards (transactions nest, src/store/db.c), so each
 * input meets the same world however many it follows.
 *
 * Passwords are hashed with a fast stand-in for Argon2 (fixture.c), so
 * that a body with a password costs microseconds, not a tenth of a
 * second; nothing fuzzed here judges the hash itself.
 */
#ifndef QT_FUZZ_FIXTURE_H
#define QT_FUZZ_FIXTURE_H

#include <jansson.h>

#include "fuzz.h"
#include "http.h"

/* Who sends a request: an account of the world, by its role. */
typedef enum FuzzActor {
  FA_NOBODY,       /* no credentials */
  FA_ADMIN,
  FA_DISPATCHER,   /* 潍坊 (370700) */
  FA_HANDLER,      /* department A, the lead of the assigned demands */
  FA_HANDLER_B,    /* department B, co-department of the assigned ones */
  FA_SUPERVISOR,   /* 潍坊 */
  FA_LEADER,       /* 潍坊 */
  FA_COMMISSIONER, /* 潍坊, paired with enterprise E1 */
  FA_ENTERPRISE,   /* E1's account, which submitted every demand */
  FA_COUNT
} FuzzActor;

/* The demands of the world, by the state they were left in. */
typedef enum FuzzDemand {
  FD_SUBMITTED,
  FD_ASSIGNED,  /* to department A, with B as co-department */
  FD_ACCEPTED,
  FD_ANSWERED,
  FD_RESOLVED,
  FD_RETURNED,  /* returned by A: waiting for the dispatcher */
  FD_EXTENDING, /* answered, with an extension waiting for a decision */
  FD_PAUSED,    /* accepted, its clock paused */
  FD_CLOSED,
  FD_COUNT
} FuzzDemand;

/* What the world holds; borrowed from fuzz_world. */
typedef struct FuzzWorld {
  int64_t users[FA_COUNT];     /* each actor's user id; 0 for nobody */
  char tokens[FA_COUNT][64];   /* each actor's API token; "" for nobody */
  int64_t dept_a;              /* 潍坊市工业和信息化局, 370700 */
  int64_t dept_b;              /* 潍坊市人力资源和社会保障局, 370700 */
  int64_t dept_qd;             /* 青岛市工业和信息化局, 370200 */
  int64_t e1, e2, e3;          /* enterprises in 370702, 370700, 370202 */
  int64_t team;                /* the commissioner's team, 370700 */
  int64_t project;             /* E1's key project */
  int64_t pairing;             /* the commissioner with E1 */
  int64_t demands[FD_COUNT];   /* ids, by state */
  char cookie[64];             /* a session of the dispatcher: the value
                                  of the qt_session cookie */
  char csrf[48];               /* that session's CSRF token */
  QtTime now;                  /* the fixed clock of every request */
} FuzzWorld;

/* The world, built on the first call (which also fixes the clock and
 * initialises libsodium and jansson as main does).  Aborts, saying why,
 * if building it fails: that is a bug of the fixture, not a finding. */
const FuzzWorld *fuzz_world(void);

/* One request. */
typedef struct FuzzCall {
  const char *method;        /* "GET", "POST", ... */
  const char *target;        /* path, with "?query" percent-encoded as a
                                client sends it; decoded as MHD does */
  FuzzActor actor;           /* sends this actor's bearer token */
  const char *authorization; /* when not NULL, the Authorization header
                                instead of the actor's */
  const char *cookie;        /* the qt_session cookie, or NULL */
  const char *csrf;          /* X-CSRF-Token, or NULL */
  const char *content_type;  /* NULL: application/json with a body */
  const char *body;          /* borrowed; may be NULL when LEN is 0 */
  size_t len;                /* bytes of BODY */
} FuzzCall;

/* What a request returned.  Pair fuzz_call with fuzz_result_reset. */
typedef struct FuzzResult {
  QtCode rc;                 /* what the router returned */
  QtError err;               /* its error, when rc is not QT_OK */
  int status;                /* the HTTP status sent */
  const char *content_type;  /* of the response, or NULL */
  const char *body;          /* the response body (request arena) */
  size_t len;                /* bytes of body */
  json_t *json;              /* owned: the body parsed, when it is JSON */
  bool is_signed_in;         /* the request resolved an actor */
  int64_t user_id;           /* whose, when is_signed_in */
  Arena *arena;              /* owned: the request's arena */
} FuzzResult;

/*
 * Make CALL as server.c does (req_check_input, routes_dispatch, and a
 * problem document for a failure) inside a transaction that is rolled
 * back, and fill *OUT.  Checks what must hold for every request, whatever
 * its input: no 5xx (a client cannot make the server fail); every
 * transaction a handler opens is closed; a JSON or problem+json body
 * parses; a problem has its status, a detail, and one entry per field
 * error.  Aborts (a finding) when one does not hold.  With QT_FUZZ_VERBOSE
 * in the environment, each request and the start of its answer go to
 * standard error (to see what seeds do: run the target on them).
 */
void fuzz_call(const FuzzCall *call, FuzzResult *out);
void fuzz_result_reset(FuzzResult *r);

/* Which ids a route's path takes, for fuzz_routes. */
typedef enum FuzzIds {
  FID_NONE,       /* the path has no id */
  FID_DEMAND,     /* the world's demands, one of each state */
  FID_USER,       /* the world's accounts */
  FID_ENTERPRISE, /* E1, E2, E3 and one that does not exist */
  FID_DEPARTMENT, /* A, B, 青岛 and one that does not exist */
  FID_PROJECT,    /* the project and one that does not exist */
  FID_TEAM,       /* the team and one that does not exist */
  FID_PAIRING,    /* the pairing and one that does not exist */
  FID_SMALL       /* 1 to 8 (notifications, whatever the world holds) */
} FuzzIds;

/* One route a JSON target sends bodies to. */
typedef struct FuzzRoute {
  const char *method;       /* "POST", "PATCH", "PUT" */
  const char *target;       /* the path; "%lld" where its id goes */
  FuzzIds ids;              /* which ids go there */
  FuzzActor actors[4];      /* who sends it, FA_NOBODY after the last
                               (an empty list: nobody, a public route) */
  bool is_body_ignored;     /* the handler reads no body, so its fields
                               need not come back */
} FuzzRoute;

/*
 * Run one input of a JSON route family: its first byte picks the route
 * of TABLE[0..N) (counting from 'a', so seeds read "a0{...}"), its
 * second picks the id and the sender (from '0'), the rest is the body.
 * Besides fuzz_call's checks, a body the handler accepts must come back:
 * each string, number and boolean field of the request that the response
 * also has (at the top level) has the value sent, trimmed, except the
 * fields the route's handler documents as normalised (credit_code is
 * upper-cased).
 */
void fuzz_routes(const FuzzRoute *table, int n, const uint8_t *data,
                 size_t size);

/* Decode the percent-encoded S in place as MHD decodes URLs (%XX only;
 * a '+' stays a '+'); returns S. */
char *fuzz_unescape(char *s);

#endif
