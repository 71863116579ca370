/*
 * server.c — the libmicrohttpd glue, and the only file that includes it.
 *
 * A request goes through three phases in the access handler: set up (an
 * arena and a Req, on the first call; a body announced past the cap, or
 * a large upload the caller may not make, is answered there, unread),
 * body (chunks appended to a capped Buf: past the cap the rest is dropped
 * and the answer is 413), and dispatch (route, access rule, handler,
 * response).  Each worker thread
 * keeps one store connection for all the requests it serves.
 *
 * Writes go through group commit: a request whose route writes (see
 * routes_find) is checked on its worker up to the handler (input, route,
 * credentials, access), then suspended and queued for the one writer
 * thread.  The writer takes what is queued, runs each handler on its own
 * connection inside one shared transaction (store_batch_begin: each
 * handler's transaction a savepoint in it), commits once, and only then
 * hands each request its answer and resumes it.  One fsync thus covers a
 * whole batch, an answer never precedes the commit that makes it true,
 * and no worker waits on a disk meanwhile: reads go on being served.
 */
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "auth.h"
#include "log.h"
#include "proxy.h"
#include "routes.h"
#include "scheduler.h"
#include "secret.h"
#include "server.h"

void server_config_init(ServerConfig *cfg)
{
  memset(cfg, 0, sizeof *cfg);
  cfg->db_url = "qitong.db";
  snprintf(cfg->host, sizeof cfg->host, "127.0.0.1");
  cfg->port = 8080;
  cfg->max_body = 1024 * 1024;
  cfg->max_upload = 10 * 1024 * 1024;
  cfg->threads = 4;
  cfg->conn_timeout = 30;
  cfg->max_connections = 1000;
  cfg->session_idle = 2 * 3600;
  cfg->session_max = 12 * 3600;
  cfg->tick_seconds = 30;
}

/* ---- per-thread store connections ------------------------------------ */

enum { MAX_THREADS = 64 };

static const ServerConfig *server_cfg;
static pthread_mutex_t stores_lock = PTHREAD_MUTEX_INITIALIZER;
static Store *stores[MAX_THREADS + 8]; /* every connection, to close */
static int n_stores;
static _Thread_local Store *thread_store;

/* This thread's store, opened on first use. */
static QtCode thread_store_get(Store **out, QtError *err)
{
  StoreOptions opts = {.is_durable = true, .busy_timeout_ms = 5000};

  if (!thread_store) {
    if (store_open(server_cfg->db_url, &opts, &thread_store, err) != QT_OK) {
      return err->code;
    }
    pthread_mutex_lock(&stores_lock);
    if (n_stores < (int)(sizeof stores / sizeof stores[0])) {
      stores[n_stores++] = thread_store;
    }
    pthread_mutex_unlock(&stores_lock);
  }
  *out = thread_store;
  return QT_OK;
}

/* ---- one request ------------------------------------------------------ */

typedef struct Conn {
  Req req;          /* what the handler sees */
  bool is_too_big;  /* the body passed max_body */
  bool is_upload;   /* a file upload: binary body, larger cap */
  size_t max_body;  /* this request's body cap */
  int64_t start_us; /* when the first byte was seen */
  int status;       /* the status sent, for the access log */
  /* A grouped write, between its worker and the writer: */
  struct MHD_Connection *conn; /* suspended, to resume when answered */
  Handler handler;  /* what the writer runs */
  struct Conn *next; /* in the writer's queue */
  bool is_awaited;  /* queued and not yet answered (n_awaiting counts it) */
  bool is_answered; /* the writer ran it: RC, ERR and RESP are the answer */
  int batch;        /* how many writes its commit carried (access log) */
  QtCode rc;
  QtError err;
  Resp resp;
} Conn;

/* Smallest upload body refused on its head (is_large_or_awaited). */
enum { EARLY_REFUSAL_MIN = 64 * 1024 };

static atomic_uint_fast64_t request_counter;
static atomic_int n_awaiting; /* grouped writes queued or not yet sent */
static char id_prefix[8];

static enum MHD_Result collect_query(void *cls, enum MHD_ValueKind kind,
                                     const char *key, const char *value)
{
  Conn *c = cls;
  Req *req = &c->req;

  (void)kind;
  if (req->n_query >= REQ_MAX_QUERY) {
    req->n_query = REQ_MAX_QUERY + 1; /* marks "too many" */
    return MHD_NO;
  }
  req->query[req->n_query].key = arena_strdup(req->arena, key);
  req->query[req->n_query].value = arena_strdup(req->arena, value ? value
                                                                  : "");
  req->n_query++;
  return MHD_YES;
}

static const char *header(struct MHD_Connection *conn, const char *name)
{
  return MHD_lookup_connection_value(conn, MHD_HEADER_KIND, name);
}

static bool is_upload_path(const char *url)
{
  static const char suffix[] = "/attachments";
  size_t n = strlen(url), k = sizeof suffix - 1;

  return n > k && strcmp(url + n - k, suffix) == 0;
}

static enum MHD_Result collect_xff(void *cls, enum MHD_ValueKind kind,
                                   const char *key, const char *value)
{
  Buf *b = cls;

  (void)kind;
  if (strcasecmp(key, "X-Forwarded-For") == 0 && value) {
    if (b->len > 0) buf_puts(b, ",");
    buf_puts(b, value);
  }
  return MHD_YES;
}

/* A request from a trusted proxy (--trusted-proxy) comes from the client
 * and over the scheme the proxy says; from anyone else the forwarded
 * headers are ignored (proxy.h). */
static void apply_proxy(Req *req, struct MHD_Connection *conn)
{
  char client[PROXY_ADDR_TEXT];
  Buf xff;

  buf_init(&xff);
  /* Several X-Forwarded-For fields are one list, in order (RFC 9110
   * 5.3), and the last is the nearest proxy's. */
  MHD_get_connection_values(conn, MHD_HEADER_KIND, collect_xff, &xff);
  if (xff.len > 0) {
    if (proxy_client_address(req->cfg, buf_str(&xff), client)) {
      req->address = arena_strdup(req->arena, client);
    } else {
      qt_log(QT_LOG_WARN,
             "proxy.bad_forwarded_for req=%s peer=%s bytes=%zu",
             req->request_id, req->address, xff.len);
    }
  }
  buf_reset(&xff);
  req->is_secure = proxy_is_https(header(conn, "X-Forwarded-Proto"));
}

static void setup(Conn *c, struct MHD_Connection *conn, const char *url,
                  const char *method)
{
  Req *req = &c->req;
  const union MHD_ConnectionInfo *info;
  char addr[INET6_ADDRSTRLEN] = "unknown";
  bool is_from_proxy = false;
  uint_fast64_t n = atomic_fetch_add(&request_counter, 1);

  c->start_us = qt_monotonic_us();
  req->arena = arena_new();
  req->cfg = server_cfg;
  buf_init(&req->body);
  req->method = arena_strdup(req->arena, method);
  req->path = arena_strdup(req->arena, url);
  snprintf(req->request_id, sizeof req->request_id, "%s%08llx", id_prefix,
           (unsigned long long)n);
  info = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  if (info && info->client_addr) {
    const struct sockaddr *sa = info->client_addr;
    if (sa->sa_family == AF_INET) {
      const struct in_addr *in =
        &((const struct sockaddr_in *)(const void *)sa)->sin_addr;
      inet_ntop(AF_INET, in, addr, sizeof addr);
      is_from_proxy = proxy_is_trusted(server_cfg, ntohl(in->s_addr));
    } else if (sa->sa_family == AF_INET6) {
      inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)
                            ->sin6_addr, addr, sizeof addr);
    }
  }
  req->address = arena_strdup(req->arena, addr);
  if (is_from_proxy) apply_proxy(req, conn);
  req->cookie = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND,
                                            AUTH_COOKIE);
  req->authorization = header(conn, MHD_HTTP_HEADER_AUTHORIZATION);
  req->csrf = header(conn, "X-CSRF-Token");
  req->content_type = header(conn, MHD_HTTP_HEADER_CONTENT_TYPE);
  MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_query, c);
  /* Uploads (POST to .../attachments) carry a file of up to max_upload
   * in multipart framing; raising the cap for them alone keeps every
   * other body, which is parsed as JSON in memory, at max_body. */
  c->is_upload = strcmp(method, "POST") == 0 && is_upload_path(url);
  c->max_body = c->is_upload ? server_cfg->max_upload + REQ_UPLOAD_FRAMING
                             : server_cfg->max_body;
}

static void security_headers(struct MHD_Response *r)
{
  MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
  MHD_add_response_header(r, "X-Frame-Options", "DENY");
  MHD_add_response_header(r, "Content-Security-Policy",
                          "default-src 'self'; img-src 'self' data:; "
                          "style-src 'self'; script-src 'self'; "
                          "object-src 'none'; base-uri 'none'; "
                          "frame-ancestors 'none'; form-action 'self'");
  MHD_add_response_header(r, "Cache-Control", "no-store");
}

static char keep_alive[32]; /* "timeout=30": --conn-timeout */

static enum MHD_Result send_resp(Conn *c, struct MHD_Connection *conn,
                                 Resp *resp)
{
  struct MHD_Response *r;
  enum MHD_Result ret;
  int i;

  if (resp->has_file) {
    /* MHD owns the descriptor from here and closes it with the
     * response; if it cannot take it, we must. */
    r = MHD_create_response_from_fd((size_t)resp->file_size, resp->file_fd);
    if (!r) {
      close(resp->file_fd);
      return MHD_NO;
    }
  } else {
    /* The body lives in the request arena (or is static) and the arena
     * outlives the response: MHD frees the response before it calls
     * request_completed, where the arena goes. */
    r = MHD_create_response_from_buffer(resp->len, resp->body,
                                        MHD_RESPMEM_PERSISTENT);
  }
  if (!r) return MHD_NO;
  security_headers(r);
  /* Only over HTTPS: a browser ignores it over HTTP anyway, and it must
   * not be pinned to a host reached without TLS (RFC 6797 7.2). */
  if (c->req.is_secure) {
    MHD_add_response_header(r, "Strict-Transport-Security",
                            "max-age=31536000");
  }
  if (resp->content_type) {
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
                            resp->content_type);
  }
  MHD_add_response_header(r, "X-Request-Id", c->req.request_id);
  /* The idle timeout, told: a client that keeps connections for reuse
   * (Node's fetch, say) then drops one before we close it, rather than
   * sending a request on it as it closes and seeing the request fail. */
  MHD_add_response_header(r, "Keep-Alive", keep_alive);
  for (i = 0; i < resp->n_headers; i++) {
    MHD_add_response_header(r, resp->headers[i].key,
                            resp->headers[i].value);
  }
  c->status = resp->status;
  ret = MHD_queue_response(conn, (unsigned)resp->status, r);
  MHD_destroy_response(r);
  return ret;
}

/* Send the answer RC (with ERR when it failed, RESP when it did not) to
 * the request of C; with IS_HEAD, a check made on its head alone, which
 * sends nothing when it passed. */
static enum MHD_Result answer(Conn *c, struct MHD_Connection *conn,
                              QtCode rc, Resp *resp, QtError *err,
                              bool is_head)
{
  Req *req = &c->req;

  if (is_head && rc == QT_OK) return MHD_YES;
  if (rc != QT_OK) {
    /* Keep headers the failing step set (Allow, Retry-After), drop the
     * rest of what it may have built. */
    int n_headers = resp->n_headers;
    KeyValue headers[RESP_MAX_HEADERS];
    if (resp->has_file) close(resp->file_fd);
    json_decref(resp->json);
    memcpy(headers, resp->headers, sizeof headers);
    memset(resp, 0, sizeof *resp);
    memcpy(resp->headers, headers, sizeof headers);
    resp->n_headers = n_headers;
    /* The code returned decides the status: a handler may reclassify a
     * failure below it (a store's QT_EINVALID on a query filter is the
     * client's 400) without rewriting ERR. */
    err->code = rc;
    resp_problem(req, resp, err);
    if (rc == QT_EAUTH) {
      resp_header(req, resp, "WWW-Authenticate", "Bearer realm=\"qitong\"");
    }
    if (rc == QT_EBUSY) resp_header(req, resp, "Retry-After", "60");
    if (rc == QT_EUNAVAILABLE) resp_header(req, resp, "Retry-After", "1");
    /* Answered on its head, the body was never read: the connection
     * cannot carry another request. */
    if (rc == QT_ETOOBIG || is_head) {
      resp_header(req, resp, "Connection", "close");
    }
  }
  resp_encode(req, resp);
  return send_resp(c, conn, resp);
}

static bool writer_enqueue(Conn *c, struct MHD_Connection *conn,
                           Handler handler);

/* Answer the request of C, or with IS_HEAD, only check on its head what
 * can be checked before its body is read (routes_authorize): MHD_YES
 * with nothing queued when it may go on.  A grouped write is handed to
 * the writer and answered when MHD calls again after its resumption. */
static enum MHD_Result dispatch(Conn *c, struct MHD_Connection *conn,
                                bool is_head)
{
  Req *req = &c->req;
  Resp resp;
  QtError err;
  QtCode rc;
  Handler handler;
  bool is_grouped;

  if (c->is_answered) {
    c->is_answered = false;
    c->is_awaited = false;
    atomic_fetch_sub(&n_awaiting, 1);
    return answer(c, conn, c->rc, &c->resp, &c->err, false);
  }
  memset(&resp, 0, sizeof resp);
  resp.status = 200;
  qt_error_clear(&err);
  req->now = qt_now();
  if (c->is_too_big) {
    rc = qt_fail(&err, QT_ETOOBIG,
                 "The request body is larger than %zu bytes.",
                 c->max_body);
  } else {
    rc = req_check_input(req, c->is_upload, &err);
    if (rc == QT_OK) rc = thread_store_get(&req->store, &err);
    if (rc == QT_OK && is_head) {
      rc = routes_authorize(req, &resp, &err);
    } else if (rc == QT_OK) {
      rc = routes_find(req, &resp, &handler, &is_grouped, &err);
      if (rc == QT_OK && is_grouped && writer_enqueue(c, conn, handler)) {
        return MHD_YES;
      }
      if (rc == QT_OK) rc = handler(req, &resp, &err);
    }
  }
  return answer(c, conn, rc, &resp, &err, is_head);
}

/* An upload the caller may not make is refused on its head, before up to
 * 10 MiB arrive (other bodies are small enough to read first).  Only
 * when its body is large or of unknown length, or when the client waits
 * for leave to send it (Expect: 100-continue): an answer on the head
 * closes the connection with the body unread, and a client still sending
 * then sees the connection reset instead of the answer, a poor trade for
 * a body that costs nothing to read. */
static bool is_large_or_awaited(struct MHD_Connection *conn,
                                const char *length)
{
  const char *expect = header(conn, MHD_HTTP_HEADER_EXPECT);

  return !length || strtoull(length, NULL, 10) > EARLY_REFUSAL_MIN ||
         (expect && strcasecmp(expect, "100-continue") == 0);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
                                  const char *url, const char *method,
                                  const char *version,
                                  const char *upload_data,
                                  size_t *upload_data_size, void **req_cls)
{
  Conn *c = *req_cls;
  const char *length;

  (void)cls;
  (void)version;
  if (!c) {
    c = qt_calloc(1, sizeof *c);
    setup(c, conn, url, method);
    *req_cls = c;
    /* Refuse an announced oversized body before reading any of it. */
    length = header(conn, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (length && strtoull(length, NULL, 10) > c->max_body) {
      c->is_too_big = true;
      return dispatch(c, conn, true);
    }
    if (c->is_upload && is_large_or_awaited(conn, length)) {
      return dispatch(c, conn, true);
    }
    return MHD_YES;
  }
  if (*upload_data_size > 0) {
    if (!c->is_too_big &&
        c->req.body.len + *upload_data_size <= c->max_body) {
      buf_append(&c->req.body, upload_data, *upload_data_size);
    } else {
      c->is_too_big = true;
    }
    *upload_data_size = 0;
    return MHD_YES;
  }
  return dispatch(c, conn, false);
}

static void on_completed(void *cls, struct MHD_Connection *conn,
                         void **req_cls, enum MHD_RequestTerminationCode why)
{
  Conn *c = *req_cls;
  char batch[24] = "";

  (void)cls;
  (void)conn;
  if (!c) return;
  /* A write says how many its commit carried (group commit). */
  if (c->batch > 0) snprintf(batch, sizeof batch, " batch=%d", c->batch);
  /* A client gone while its write waited: it is answered all the same. */
  if (c->is_awaited) atomic_fetch_sub(&n_awaiting, 1);
  if (c->is_answered && c->resp.has_file) close(c->resp.file_fd);
  if (c->is_answered) json_decref(c->resp.json);
  qt_log(QT_LOG_INFO,
         "access req=%s addr=%s method=%s path=\"%s\" status=%d us=%lld "
         "user=%lld%s%s",
         c->req.request_id, c->req.address, c->req.method, c->req.path,
         c->status,
         (long long)(qt_monotonic_us() - c->start_us),
         (long long)(c->req.is_signed_in ? c->req.actor.user_id : 0),
         batch, why == MHD_REQUEST_TERMINATED_COMPLETED_OK ? ""
                                                          : " aborted=1");
  buf_reset(&c->req.body);
  arena_free(c->req.arena);
  free(c);
  *req_cls = NULL;
}

/* ---- the writer: group commit ------------------------------------------ */

/* At most this many requests share a commit: a bound on how long the
 * first of them waits for the last, and on the transaction's size. */
enum { BATCH_MAX = 256 };

static struct {
  pthread_mutex_t lock;
  pthread_cond_t wake;
  Conn *head, *tail; /* queued writes, oldest first */
  bool is_running;   /* takes writes; else they run on their workers */
  bool is_stopping;  /* answer what is queued, then end */
  pthread_t thread;
  Store *st;         /* the writer's own connection */
} writer = {.lock = PTHREAD_MUTEX_INITIALIZER,
            .wake = PTHREAD_COND_INITIALIZER};

/* Queue C for the writer; false when it runs no more (the server is
 * stopping), and the caller runs the handler itself, as without group
 * commit.  Called in the access handler, the only place MHD allows a
 * suspension; the connection is suspended before the writer can see it,
 * as it may only resume a suspended one. */
static bool writer_enqueue(Conn *c, struct MHD_Connection *conn,
                           Handler handler)
{
  bool is_queued;

  pthread_mutex_lock(&writer.lock);
  is_queued = writer.is_running;
  if (is_queued) {
    c->conn = conn;
    c->handler = handler;
    c->next = NULL;
    c->is_awaited = true;
    atomic_fetch_add(&n_awaiting, 1);
    MHD_suspend_connection(conn);
    if (writer.tail) {
      writer.tail->next = c;
    } else {
      writer.head = c;
    }
    writer.tail = c;
    pthread_cond_signal(&writer.wake);
  }
  pthread_mutex_unlock(&writer.lock);
  return is_queued;
}

/* Move up to MAX queued writes into OUT (writer.lock held). */
static int writer_take(Conn **out, int max)
{
  int n = 0;

  while (n < max && writer.head) {
    out[n++] = writer.head;
    writer.head = writer.head->next;
  }
  if (!writer.head) writer.tail = NULL;
  return n;
}

/* Run the handler of C on the writer's connection, inside the batch. */
static void writer_run(Conn *c)
{
  Req *req = &c->req;
  Store *own = req->store;

  memset(&c->resp, 0, sizeof c->resp);
  c->resp.status = 200;
  qt_error_clear(&c->err);
  req->store = writer.st;
  /* Encoding the answer needs no store: its worker does it, after. */
  req->defers_json = true;
  c->rc = c->handler(req, &c->resp, &c->err);
  req->defers_json = false;
  req->store = own;
}

/* C ran in a batch that was not committed: whatever it answered, nothing
 * it did was kept. */
static void writer_void(Conn *c, const QtError *why)
{
  if (c->resp.has_file) close(c->resp.file_fd);
  json_decref(c->resp.json);
  memset(&c->resp, 0, sizeof c->resp);
  qt_error_clear(&c->err);
  c->rc = qt_fail(&c->err, QT_EUNAVAILABLE,
                  "Its batch was not committed: %s", why->message);
}

/* Run the N writes of BATCH in one transaction, commit it, answer and
 * resume them.  Writes that arrive meanwhile join the batch (up to
 * BATCH_MAX) without waiting for them: a batch is what queued while the
 * last commit was syncing, so a lone write is not delayed.  Returns how
 * many writes were left to run, moved to the front of BATCH: those after
 * one that lost the transaction (SQLite ends it on a full disk), which
 * go into the next batch. */
static int writer_batch(Conn **batch, int n)
{
  QtError err;
  QtCode rc;
  int i, ran = 0;

  qt_error_clear(&err);
  rc = store_batch_begin(writer.st, &err);
  if (rc != QT_OK) {
    /* No lock (another process held it past the busy timeout) or no
     * database: each write fails as it would have on its own. */
    for (i = 0; i < n; i++) {
      memset(&batch[i]->resp, 0, sizeof batch[i]->resp);
      batch[i]->err = err;
      batch[i]->rc = rc;
    }
    ran = n;
  } else {
    for (i = 0; i < n; i++) {
      writer_run(batch[i]);
      ran = i + 1;
      if (!store_batch_alive(writer.st)) break;
      if (i + 1 == n && n < BATCH_MAX) {
        pthread_mutex_lock(&writer.lock);
        n += writer_take(batch + n, BATCH_MAX - n);
        pthread_mutex_unlock(&writer.lock);
      }
    }
    /* A failed commit, or a transaction lost on the way, keeps nothing
     * of the batch (SQLite and PostgreSQL both undo a failed COMMIT
     * whole), so every write that ran in it is told so: none of them
     * may be acknowledged, whatever it answered. */
    rc = store_batch_end(writer.st, store_batch_alive(writer.st), &err);
    if (rc != QT_OK) {
      qt_log(QT_LOG_ERROR, "writer.batch failed writes=%d msg=\"%s\"", ran,
             err.message);
      for (i = 0; i < ran; i++) writer_void(batch[i], &err);
    }
  }
  /* Once resumed, a request may be answered and freed at once. */
  for (i = 0; i < ran; i++) {
    batch[i]->is_answered = true;
    batch[i]->batch = ran;
    MHD_resume_connection(batch[i]->conn);
  }
  memmove(batch, batch + ran, (size_t)(n - ran) * sizeof *batch);
  return n - ran;
}

static void *writer_main(void *arg)
{
  Conn *batch[BATCH_MAX];
  int n = 0;

  (void)arg;
  for (;;) {
    pthread_mutex_lock(&writer.lock);
    while (!writer.head && n == 0 && !writer.is_stopping) {
      pthread_cond_wait(&writer.wake, &writer.lock);
    }
    if (!writer.head && n == 0) {
      pthread_mutex_unlock(&writer.lock);
      break;
    }
    n += writer_take(batch + n, BATCH_MAX - n);
    pthread_mutex_unlock(&writer.lock);
    n = writer_batch(batch, n);
  }
  return NULL;
}

static QtCode writer_start(QtError *err)
{
  StoreOptions opts = {.is_durable = true, .busy_timeout_ms = 5000};

  if (store_open(server_cfg->db_url, &opts, &writer.st, err) != QT_OK) {
    return err->code;
  }
  writer.head = writer.tail = NULL;
  writer.is_stopping = false;
  writer.is_running = true;
  if (pthread_create(&writer.thread, NULL, writer_main, NULL) != 0) {
    writer.is_running = false;
    store_close(writer.st);
    writer.st = NULL;
    return qt_fail(err, QT_EINTERNAL, "Cannot start the writer thread.");
  }
  return QT_OK;
}

/* Stop taking writes (later ones run on their workers), answer those
 * queued, and wait a little for their answers to go out: MHD must not
 * be stopped with a connection suspended, and one just resumed would
 * be closed unanswered. */
static void writer_stop(void)
{
  int i;

  pthread_mutex_lock(&writer.lock);
  writer.is_running = false;
  writer.is_stopping = true;
  pthread_cond_signal(&writer.wake);
  pthread_mutex_unlock(&writer.lock);
  pthread_join(writer.thread, NULL);
  store_close(writer.st);
  writer.st = NULL;
  for (i = 0; i < 200 && atomic_load(&n_awaiting) > 0; i++) {
    usleep(10 * 1000);
  }
}

/* ---- connections ----------------------------------------------------- */

static atomic_int n_connections;       /* open now, as MHD reports them */
static atomic_uint_fast64_t n_shed;    /* closed at accept, not yet logged */
static _Atomic int64_t shed_logged_us; /* when that was last logged */

static void on_connection(void *cls, struct MHD_Connection *conn,
                          void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
  (void)cls;
  (void)conn;
  (void)socket_context;
  if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
    atomic_fetch_add(&n_connections, 1);
  } else {
    atomic_fetch_sub(&n_connections, 1);
  }
}

/* Past --max-connections a new connection is closed as it is accepted.
 * Left to MHD's own limit, it would be left unaccepted in the listen
 * queue, its client waiting with no answer until some other connection
 * ends, which under a flood of idle connections may be never.  The check
 * and the count are not one step, so with several threads accepting at
 * once a few more may get in; MHD's own limit, set a little higher, is
 * the hard one. */
static enum MHD_Result on_accept(void *cls, const struct sockaddr *addr,
                                 socklen_t addrlen)
{
  int64_t now, last;
  uint_fast64_t n;

  (void)cls;
  (void)addr;
  (void)addrlen;
  if (atomic_load(&n_connections) < server_cfg->max_connections) {
    return MHD_YES;
  }
  atomic_fetch_add(&n_shed, 1);
  /* One line every ten seconds at most: a flood must not fill the log. */
  now = qt_monotonic_us();
  last = atomic_load(&shed_logged_us);
  if (now - last >= 10 * 1000000LL &&
      atomic_compare_exchange_strong(&shed_logged_us, &last, now)) {
    n = atomic_exchange(&n_shed, 0);
    qt_log(QT_LOG_WARN, "http.shed connections=%d limit=%d closed=%llu",
           atomic_load(&n_connections), server_cfg->max_connections,
           (unsigned long long)n);
  }
  return MHD_NO;
}

static void on_mhd_error(void *cls, const char *fmt, va_list ap)
{
  char line[512];

  (void)cls;
  vsnprintf(line, sizeof line, fmt, ap);
  qt_log(QT_LOG_WARN, "http.mhd msg=\"%s\"", line);
}

QtCode server_run(const ServerConfig *cfg, QtError *err)
{
  struct MHD_Daemon *d;
  Scheduler *sched = NULL;
  struct sockaddr_in sa;
  char token[SECRET_TOKEN_TEXT];
  sigset_t set;
  int sig, i;

  server_cfg = cfg;
  snprintf(keep_alive, sizeof keep_alive, "timeout=%d", cfg->conn_timeout);
  memset(&sa, 0, sizeof sa);
  sa.sin_family = AF_INET;
  sa.sin_port = htons(cfg->port);
  if (inet_pton(AF_INET, cfg->host, &sa.sin_addr) != 1) {
    return qt_fail(err, QT_EINVALID,
                   "'%s' is not an IPv4 address to listen on.", cfg->host);
  }
  if (cfg->threads < 1 || cfg->threads > MAX_THREADS) {
    return qt_fail(err, QT_EINVALID, "--threads must be 1 to %d.",
                   MAX_THREADS);
  }
  /* MHD shares the limit out among the worker threads: each needs one. */
  if (cfg->max_connections < cfg->threads) {
    return qt_fail(err, QT_EINVALID,
                   "--max-connections must be at least --threads (%d).",
                   cfg->threads);
  }
  /* Request ids start with a per-process prefix, so that ids from several
   * servers sharing one log never collide. */
  secret_token_new(token);
  snprintf(id_prefix, sizeof id_prefix, "%.6s", token);
  /* Signals are taken by sigwait below, so block them in every thread
   * MHD starts from here on. */
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, NULL);
  signal(SIGPIPE, SIG_IGN);
  atomic_store(&n_connections, 0);
  atomic_store(&n_awaiting, 0);
  /* The writer is up before the first request can need it. */
  if (writer_start(err) != QT_OK) return err->code;
  atomic_store(&shed_logged_us, qt_monotonic_us() - 10 * 1000000LL);
  d = MHD_start_daemon(
    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG |
      MHD_ALLOW_SUSPEND_RESUME,
    0, on_accept, NULL, on_request, NULL,
    /* The logger must come first to catch what the other options say. */
    MHD_OPTION_EXTERNAL_LOGGER, on_mhd_error, NULL,
    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg->threads,
    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->conn_timeout,
    MHD_OPTION_CONNECTION_LIMIT,
    (unsigned)(cfg->max_connections + cfg->threads),
    MHD_OPTION_NOTIFY_CONNECTION, on_connection, NULL,
    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
    MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
    MHD_OPTION_END);
  if (!d) {
    writer_stop();
    return qt_fail(err, QT_EINVALID,
                   "Cannot listen on %s:%u (in use, or not allowed).",
                   cfg->host, (unsigned)cfg->port);
  }
  /* Deadlines move on their own: the scheduler has its own thread and
   * connection, so a long pass never holds up a request. */
  if (cfg->tick_seconds > 0 &&
      scheduler_start(cfg->db_url, cfg->tick_seconds, &sched, err) != QT_OK) {
    writer_stop();
    MHD_stop_daemon(d);
    return err->code;
  }
  qt_log(QT_LOG_INFO,
         "serve listen=http://%s:%u threads=%d tick=%d proxies=%d db=%s",
         cfg->host, (unsigned)cfg->port, cfg->threads, cfg->tick_seconds,
         cfg->n_proxies, cfg->db_url);
  fprintf(stdout, "qitong: serving on http://%s:%u\n", cfg->host,
          (unsigned)cfg->port);
  fflush(stdout);
  sigwait(&set, &sig);
  qt_log(QT_LOG_INFO, "serve stopping signal=%d", sig);
  scheduler_stop(sched);
  writer_stop();
  MHD_stop_daemon(d);
  for (i = 0; i < n_stores; i++) {
    store_close(stores[i]);
  }
  n_stores = 0;
  return QT_OK;
}
