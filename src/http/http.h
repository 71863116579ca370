/*
 * http.h — what a handler sees of a request and builds of a response.
 *
 * Only server.c talks to libmicrohttpd: it fills a Req from the
 * connection, finds the route, applies its access rule (auth.c), calls the
 * handler and turns the Resp into an MHD response.  Handlers parse input
 * (json.c), call core and the store, and render; they return QtCode and,
 * on failure, the router renders ERR as problem+json (problem.c).
 */
#ifndef QT_HTTP_H
#define QT_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "mem.h"
#include "qtime.h"
#include "scope.h"
#include "store.h"

enum {
  REQ_MAX_PARAMS = 4,  /* {name} segments in a route pattern */
  REQ_MAX_QUERY = 32,  /* query arguments; more is a 400 */
  RESP_MAX_HEADERS = 4, /* extra response headers */
  /* Room an upload's body has for its multipart framing (boundaries,
   * part headers) beyond the file itself. */
  REQ_UPLOAD_FRAMING = 64 * 1024,
  SERVER_MAX_PROXIES = 16 /* --trusted-proxy entries */
};

/* One --trusted-proxy entry: the IPv4 addresses A with
 * (A & mask) == net, both in host byte order. */
typedef struct ProxyNet {
  uint32_t net;  /* the network's address, host bits zero */
  uint32_t mask; /* its prefix as a mask: /24 is 0xffffff00 */
} ProxyNet;

/* Settings of one server, fixed at start. */
typedef struct ServerConfig {
  const char *db_url;     /* --db */
  char host[64];          /* listen address, loopback by default */
  uint16_t port;          /* listen port */
  size_t max_body;        /* request body cap in bytes (413 past it) */
  size_t max_upload;      /* largest file an upload (POST to a path
                             ending in /attachments) may carry: its body
                             cap is this plus REQ_UPLOAD_FRAMING */
  const char *files_dir;  /* --files: attachment blobs, DIR/ab/cd/<sha> */
  int threads;            /* worker threads, each with its own store */
  int conn_timeout;       /* seconds an idle connection is kept */
  int max_connections;    /* concurrent connections; more are refused */
  bool has_test_clock;    /* --test-clock: PUT /api/v1/test/clock exists */
  int session_idle;       /* seconds of inactivity that end a session */
  int session_max;        /* seconds after which a session always ends */
  int tick_seconds;       /* --tick-seconds: scheduler passes every N
                             seconds on a thread of its own; 0: none */
  ProxyNet proxies[SERVER_MAX_PROXIES]; /* --trusted-proxy (proxy.h) */
  int n_proxies;          /* used entries of proxies; 0 trusts none */
} ServerConfig;

typedef struct KeyValue {
  const char *key;
  const char *value;
} KeyValue;

typedef struct Req {
  Arena *arena;            /* owns everything the request allocates */
  Store *store;            /* this worker thread's connection */
  const ServerConfig *cfg; /* borrowed */
  const char *method;      /* "GET", "POST", ... */
  const char *path;        /* decoded path, no query */
  const char *address;     /* client IP as text: the peer's, or the one a
                              trusted proxy forwarded (proxy.h) */
  bool is_secure;          /* came over HTTPS, as a trusted proxy says
                              (qitong itself speaks plain HTTP) */
  const char *cookie;      /* value of the qt_session cookie, or NULL */
  const char *authorization; /* Authorization header, or NULL */
  const char *csrf;        /* X-CSRF-Token header, or NULL */
  const char *content_type; /* Content-Type header, or NULL */
  Buf body;                /* the request body, capped at cfg->max_body
                              (an upload's at max_upload + framing); only
                              an upload's may hold NUL bytes */
  KeyValue params[REQ_MAX_PARAMS]; /* path parameters of the route */
  int n_params;
  KeyValue query[REQ_MAX_QUERY];   /* query arguments, decoded */
  int n_query;
  char request_id[20];     /* for logs and problem details */
  QtTime now;              /* qt_now() when the request was dispatched */
  bool is_signed_in;       /* actor below is valid */
  bool via_cookie;         /* signed in by session cookie (CSRF applies) */
  char session_hash[65];   /* the session row, when via_cookie */
  char session_csrf[48];   /* its CSRF token */
  Actor actor;             /* who is asking, with their scope */
  bool defers_json;        /* resp_json leaves the body to resp_encode:
                              set on the writer thread (group commit),
                              whose time every write waits for */
} Req;

typedef struct JsonWriter JsonWriter; /* below, with jw.c's functions */

typedef struct Resp {
  int status;               /* HTTP status; 200 unless set */
  const char *content_type; /* static string */
  char *body;               /* owned by the request arena, or static */
  size_t len;               /* bytes of body */
  json_t *json;             /* a body still to encode (Req.defers_json),
                               owned; resp_encode makes it BODY */
  /* Or one still to write: RENDER(REQ, DATA, W), DATA in the arena
   * (resp_json_render). */
  void (*render)(Req *req, const void *data, JsonWriter *w);
  const void *render_data;
  KeyValue headers[RESP_MAX_HEADERS]; /* extra headers, arena strings */
  int n_headers;
  /* A file body instead of BODY (downloads): when HAS_FILE, server.c
   * sends FILE_SIZE bytes of FILE_FD and takes ownership of the
   * descriptor, closing it whether the response goes out or the request
   * fails.  Set it as the handler's last step, just before QT_OK. */
  bool has_file;
  int file_fd;              /* open for reading, at offset 0 */
  uint64_t file_size;       /* bytes to send */
} Resp;

/* A handler: parse REQ, act, fill RESP; on failure fill ERR and return its
 * code (the router renders it). */
typedef QtCode (*Handler)(Req *req, Resp *resp, QtError *err);

/* ---- request helpers (req.c) ---- */

/* Everything a client sends must be valid UTF-8 without NUL before any
 * handler sees it; server.c calls this once before dispatch, so it covers
 * every route.  QT_EBADREQ for more than REQ_MAX_QUERY query arguments, a
 * path or query argument that is not UTF-8, a query value over 1024
 * bytes, or a NUL in the body.  An upload's body (IS_BINARY) may hold
 * any bytes: files do, and its multipart parser checks the textual parts
 * itself. */
QtCode req_check_input(const Req *req, bool is_binary, QtError *err);

/* Path parameter NAME as a positive 64-bit id.  A malformed one is
 * QT_ENOTFOUND: no such resource can exist. */
QtCode req_path_id(Req *req, const char *name, int64_t *out, QtError *err);
/* Path parameter NAME, borrowed. */
const char *req_path(Req *req, const char *name);
/* Query argument NAME, or NULL.  Values are valid UTF-8 (server.c). */
const char *req_query(Req *req, const char *name);
/* Query argument NAME as an integer in [MIN, MAX]; DFLT when absent.
 * QT_EBADREQ naming the argument otherwise. */
QtCode req_query_int(Req *req, const char *name, int64_t min, int64_t max,
                     int64_t dflt, int64_t *out, QtError *err);
/* Query argument NAME as an instant (a date is its midnight, China
 * Standard Time); 0 when absent.  QT_EBADREQ naming it otherwise. */
QtCode req_query_time(Req *req, const char *name, QtTime *out, QtError *err);
/* Query argument NAME as a flag: "1"/"true" or "0"/"false". */
QtCode req_query_bool(Req *req, const char *name, bool dflt, bool *out,
                      QtError *err);
/* The paging arguments limit (1..500, default 50) and cursor. */
QtCode req_page(Req *req, Page *page, QtError *err);
/* Append an entry to the audit log for this request's actor. */
QtCode req_audit(Req *req, const char *action, const char *entity,
                 int64_t entity_id, json_t *detail, QtError *err);

/* ---- responses (resp.c) ---- */

/* Render J (takes ownership) as the JSON body with STATUS. */
QtCode resp_json(Req *req, Resp *resp, int status, json_t *j);
/* resp_json of RENDER(REQ, DATA), which reads only DATA (in the arena,
 * unchanged until the answer is sent) and no store: with
 * Req.defers_json, built by resp_encode on the worker. */
QtCode resp_json_render(Req *req, Resp *resp, int status,
                        void (*render)(Req *req, const void *data,
                                       JsonWriter *w),
                        const void *data);
/* Build and encode the JSON body resp_json or resp_json_render left
 * (Req.defers_json) into BODY. */
void resp_encode(Req *req, Resp *resp);
/* A list page: {"items": ITEMS, "next_cursor": "<id>" or null}; takes
 * ownership of ITEMS.  NEXT is the last id when the page was full. */
QtCode resp_list(Req *req, Resp *resp, json_t *items, int n, int limit,
                 int64_t last_id);
/* The same with "total": TOTAL, the rows on all pages, for a list asked
 * with count=true; TOTAL < 0 leaves it out. */
QtCode resp_list_total(Req *req, Resp *resp, json_t *items, int n,
                       int limit, int64_t last_id, int64_t total);
/* Body BODY (borrowed for the life of the request) of TYPE. */
void resp_bytes(Resp *resp, int status, const char *type, const char *body,
                size_t len);
/* Add a header; NAME and VALUE are copied into the request arena. */
void resp_header(Req *req, Resp *resp, const char *name, const char *value);

/* Render ERR as application/problem+json into RESP (problem.c). */
void resp_problem(Req *req, Resp *resp, const QtError *err);
/* HTTP status for CODE. */
int problem_status(QtCode code);

/* ---- JSON input (json.c) ---- */

/* Field flags for jin_* readers. */
enum {
  J_REQUIRED = 1, /* absence is a 422 */
  J_NULLABLE = 2, /* null is allowed and reads as "unset" */
  J_LINE = 4,     /* a single line: no control characters */
  J_VERBATIM = 8  /* kept exactly as sent: no trimming (passwords) */
};

/* Reads one JSON object field by field, collecting every problem before
 * reporting, so a client learns all its mistakes at once. */
typedef struct JsonIn {
  json_t *obj;          /* owned: the parsed body */
  Arena *arena;         /* where strings are copied */
  QtError *err;         /* field errors accumulate here */
  bool is_malformed;    /* a wrong JSON type was seen: 400, not 422 */
  const char *seen[48]; /* field names asked for, for the unknown check */
  int n_seen;
} JsonIn;

/* Parse the request body as one JSON object into IN (depth, size and UTF-8
 * checked).  QT_EBADREQ with the line and column on malformed JSON. */
QtCode jin_begin(Req *req, JsonIn *in, QtError *err);
/* String field NAME of at most MAX_CHARS characters; DFLT when absent
 * (and when null, if J_NULLABLE; then the result is NULL). */
char *jin_str(JsonIn *in, const char *name, unsigned flags,
              size_t max_chars, char *dflt);
/* True when NAME is present (even as null). */
bool jin_has(JsonIn *in, const char *name);
/* Integer field in [MIN, MAX]; DFLT when absent. */
int64_t jin_int(JsonIn *in, const char *name, unsigned flags, int64_t min,
                int64_t max, int64_t dflt);
/* Boolean field; DFLT when absent. */
bool jin_bool(JsonIn *in, const char *name, unsigned flags, bool dflt);
/* Date field "2026-03-02"; DFLT when absent; NULL when null and
 * J_NULLABLE. */
char *jin_date(JsonIn *in, const char *name, unsigned flags, char *dflt);
/* Instant field, RFC 3339 with its time ("2026-03-02T09:00:00+08:00");
 * DFLT when absent (and when null, if J_NULLABLE). */
QtTime jin_time(JsonIn *in, const char *name, unsigned flags, QtTime dflt);
/* String field that must be one of the NULL-terminated CHOICES. */
char *jin_enum(JsonIn *in, const char *name, unsigned flags,
               const char *const *choices, char *dflt);
/* Array of at most MAX positive ids; *N is -1 when absent. */
int64_t *jin_ids(JsonIn *in, const char *name, unsigned flags, int max,
                 int *n);
/* Record a field error found by the handler itself (a rule, not a type). */
void jin_invalid(JsonIn *in, const char *name, const char *message);
/* Finish: unknown fields are errors; returns QT_OK, QT_EBADREQ (types,
 * unknown fields) or QT_EINVALID (rules), and frees the parsed body. */
QtCode jin_end(JsonIn *in);

/* JSON output helpers: NULL strings become null. */
json_t *jstr(const char *s);
json_t *jtime(QtTime t);
json_t *jid(int64_t id); /* 0 becomes null */

/* ---- JSON written as text (jw.c) ----
 *
 * For pages of many records, where building a jansson tree only to dump
 * and free it cost most of the request (a 50-demand page: 12 of 15 M
 * instructions).  The text is what json_dumps(JSON_COMPACT) would give
 * for the same values in the same order, byte for byte, so a view may
 * move from one to the other unseen.  KEY names the member inside an
 * object; it is NULL for an array's element or the top-level value.
 * Strings are the program's own, valid UTF-8 (text.h); NULL ones are
 * written as null, as jstr does.
 */
enum { JW_MAX_DEPTH = 8 };

struct JsonWriter {
  Buf out;
  int depth;                     /* containers open */
  bool has_value[JW_MAX_DEPTH];  /* the open container has a member */
};

void jw_init(JsonWriter *w);
void jw_reset(JsonWriter *w);
void jw_object_begin(JsonWriter *w, const char *key);
void jw_object_end(JsonWriter *w);
void jw_array_begin(JsonWriter *w, const char *key);
void jw_array_end(JsonWriter *w);
void jw_str(JsonWriter *w, const char *key, const char *s);
void jw_int(JsonWriter *w, const char *key, int64_t v);
void jw_id(JsonWriter *w, const char *key, int64_t id); /* 0: null */
void jw_bool(JsonWriter *w, const char *key, bool v);
void jw_null(JsonWriter *w, const char *key);
void jw_time(JsonWriter *w, const char *key, QtTime t);
/* V, a jansson value, dumped in place; takes ownership of V (NULL is
 * written as null). */
void jw_json(JsonWriter *w, const char *key, json_t *v);
/* The text of W (all containers closed) as the JSON body with STATUS;
 * W is left empty. */
QtCode resp_jw(Req *req, Resp *resp, int status, JsonWriter *w);

#endif
