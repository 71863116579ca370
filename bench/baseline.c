/*
 * baseline.c — the limit of the HTTP layer on this machine: libmicrohttpd
 * answering one fixed small JSON body, started with the daemon flags and
 * connection options of src/http/server.c, so that bench/run.mjs can say
 * what share of it qitong's handlers keep.  Keep the two in step.
 *
 * usage: qitong-baseline PORT [THREADS]   (127.0.0.1 only; default 4)
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char body[] = "{\"ok\":true}";

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
                                  const char *url, const char *method,
                                  const char *version, const char *upload,
                                  size_t *upload_size, void **req_cls)
{
  struct MHD_Response *r;
  enum MHD_Result rc;

  (void)cls;
  (void)url;
  (void)method;
  (void)version;
  (void)upload;
  (void)req_cls;
  /* A POST's body would arrive in later calls: drop it unread. */
  if (*upload_size) {
    *upload_size = 0;
    return MHD_YES;
  }
  r = MHD_create_response_from_buffer(sizeof body - 1, (void *)body,
                                      MHD_RESPMEM_PERSISTENT);
  if (!r) return MHD_NO;
  MHD_add_response_header(r, "Content-Type", "application/json");
  rc = MHD_queue_response(conn, 200, r);
  MHD_destroy_response(r);
  return rc;
}

int main(int argc, char **argv)
{
  struct sockaddr_in sa;
  struct MHD_Daemon *d;
  sigset_t set;
  long port, threads = 4;
  int sig;

  if (argc < 2 || argc > 3) {
    fprintf(stderr, "usage: qitong-baseline PORT [THREADS]\n");
    return 2;
  }
  port = strtol(argv[1], NULL, 10);
  if (argc == 3) threads = strtol(argv[2], NULL, 10);
  if (port < 1 || port > 65535 || threads < 1 || threads > 64) {
    fprintf(stderr, "qitong-baseline: bad PORT or THREADS\n");
    return 2;
  }
  memset(&sa, 0, sizeof sa);
  sa.sin_family = AF_INET;
  sa.sin_port = htons((unsigned short)port);
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, NULL);
  signal(SIGPIPE, SIG_IGN);
  /* server.c's defaults: 4 threads, 30 s idle timeout, 1000 connections
   * (plus one per thread), 64 KiB per connection. */
  d = MHD_start_daemon(
    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG, 0,
    NULL, NULL, on_request, NULL, MHD_OPTION_SOCK_ADDR,
    (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
    MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_CONNECTION_LIMIT,
    (unsigned)(1000 + threads), MHD_OPTION_CONNECTION_MEMORY_LIMIT,
    (size_t)(64 * 1024), MHD_OPTION_END);
  if (!d) {
    fprintf(stderr, "qitong-baseline: cannot listen on 127.0.0.1:%ld\n",
            port);
    return 1;
  }
  printf("qitong-baseline: serving on http://127.0.0.1:%ld\n", port);
  fflush(stdout);
  sigwait(&set, &sig);
  MHD_stop_daemon(d);
  return 0;
}
