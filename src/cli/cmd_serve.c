/* cmd_serve.c — qitong serve: the web UI and the API. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "proxy.h"
#include "server.h"

static const char usage[] =
  "usage: qitong serve [--db PATH] [--listen HOST:PORT] [--threads N]\n"
  "                    [--max-body BYTES] [--tick-seconds N] [--test-clock]\n"
  "                    [--files DIR] [--trusted-proxy ADDR[,ADDR...]]\n"
  "                    [--max-connections N] [--conn-timeout SECONDS]\n"
  "Serve the web UI and the API (default 127.0.0.1:8080).  The database\n"
  "is migrated at start.  Deadlines (reminders, supervision notices,\n"
  "escalation, accountability, auto-close) are checked at start and then\n"
  "every --tick-seconds (default 30; 0 leaves them to `qitong tick`).\n"
  "--test-clock adds PUT /api/v1/test/clock so tests can move time; never\n"
  "use it in production.  Attachments are kept under --files DIR (default:\n"
  "the database path with .files appended, as in qitong.db.files; required\n"
  "with a postgresql:// database).  At most --max-connections (default\n"
  "1000, at least --threads) connections are served at once; more are\n"
  "closed as they arrive.  A connection idle for --conn-timeout seconds\n"
  "(default 30) is closed.\n"
  "--trusted-proxy names the reverse proxies in front of qitong (IPv4\n"
  "addresses or networks, 127.0.0.1 or 10.0.0.0/8; repeatable; default\n"
  "none).  Only from them are X-Forwarded-For (the client's address, for\n"
  "sign-in throttling and the audit log) and X-Forwarded-Proto (https\n"
  "makes the session cookie Secure and adds Strict-Transport-Security)\n"
  "believed; from anyone else both are ignored.\n";

static bool parse_listen(const char *s, ServerConfig *cfg)
{
  const char *colon = strrchr(s, ':');
  char *end;
  long port;

  if (!colon || colon == s || (size_t)(colon - s) >= sizeof cfg->host) {
    return false;
  }
  port = strtol(colon + 1, &end, 10);
  if (*end || port < 1 || port > 65535) return false;
  memcpy(cfg->host, s, (size_t)(colon - s));
  cfg->host[colon - s] = '\0';
  cfg->port = (uint16_t)port;
  return true;
}

static bool parse_num(const char *s, long min, long max, long *out)
{
  char *end;
  long v = strtol(s, &end, 10);

  if (!*s || *end || v < min || v > max) return false;
  *out = v;
  return true;
}

/* Attachments live beside the database unless --files says otherwise:
 * "qitong.db" keeps them in "qitong.db.files".  FILES holds the name. */
static QtCode default_files_dir(ServerConfig *cfg, char *files, size_t size,
                                QtError *err)
{
  const char *path = cfg->db_url;
  int n;

  if (cfg->files_dir) return QT_OK;
  if (strstr(path, "://")) {
    /* Several servers may share a PostgreSQL database, and must then
     * share one files directory too: the operator names it. */
    return qt_fail(err, QT_EINVALID,
                   "With a PostgreSQL database, say where attachments are "
                   "kept: --files DIR (one directory every server shares).");
  }
  if (strncmp(path, "sqlite:", 7) == 0) path += 7;
  n = snprintf(files, size, "%s.files", path);
  if (n < 0 || (size_t)n >= size) {
    return qt_fail(err, QT_EINVALID, "The database path is too long.");
  }
  cfg->files_dir = files;
  return QT_OK;
}

int cmd_serve(int argc, char **argv)
{
  static const struct option opts[] = {
    {"db", required_argument, NULL, 'd'},
    {"listen", required_argument, NULL, 'l'},
    {"threads", required_argument, NULL, 't'},
    {"max-body", required_argument, NULL, 'b'},
    {"test-clock", no_argument, NULL, 'c'},
    {"tick-seconds", required_argument, NULL, 'k'},
    {"files", required_argument, NULL, 'f'},
    {"trusted-proxy", required_argument, NULL, 'p'},
    {"max-connections", required_argument, NULL, 'm'},
    {"conn-timeout", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
  };
  char files[4096];
  ServerConfig cfg;
  Store *st;
  QtError err;
  long v;
  int c;

  server_config_init(&cfg);
  qt_error_clear(&err);
  optind = 0;
  while ((c = getopt_long(argc + 1, argv - 1, "", opts, NULL)) != -1) {
    switch (c) {
    case 'd': cfg.db_url = optarg; break;
    case 'l':
      if (!parse_listen(optarg, &cfg)) return cli_usage(usage);
      break;
    case 't':
      if (!parse_num(optarg, 1, 64, &v)) return cli_usage(usage);
      cfg.threads = (int)v;
      break;
    case 'b':
      if (!parse_num(optarg, 1024, 64L * 1024 * 1024, &v)) {
        return cli_usage(usage);
      }
      cfg.max_body = (size_t)v;
      break;
    case 'c': cfg.has_test_clock = true; break;
    case 'f':
      if (!*optarg) return cli_usage(usage);
      cfg.files_dir = optarg;
      break;
    case 'k':
      if (!parse_num(optarg, 0, 86400, &v)) return cli_usage(usage);
      cfg.tick_seconds = (int)v;
      break;
    case 'p':
      if (proxy_parse_list(optarg, &cfg, &err) != QT_OK) {
        return cli_fail(&err);
      }
      break;
    case 'm':
      if (!parse_num(optarg, 1, 100000, &v)) return cli_usage(usage);
      cfg.max_connections = (int)v;
      break;
    case 'o':
      if (!parse_num(optarg, 1, 3600, &v)) return cli_usage(usage);
      cfg.conn_timeout = (int)v;
      break;
    case 'h': fputs(usage, stdout); return EXIT_OK;
    default: return cli_usage(usage);
    }
  }
  if (cli_open(cfg.db_url, true, &st, &err) != QT_OK) return cli_fail(&err);
  store_close(st);
  if (default_files_dir(&cfg, files, sizeof files, &err) != QT_OK) {
    return cli_fail(&err);
  }
  if (server_run(&cfg, &err) != QT_OK) return cli_fail(&err);
  return EXIT_OK;
}
