/*
 * server.h — starting and stopping the HTTP server.
 */
#ifndef QT_SERVER_H
#define QT_SERVER_H

#include "http.h"

/* Defaults for CFG: loopback:8080, 1 MiB bodies, 4 threads, ... */
void server_config_init(ServerConfig *cfg);

/*
 * Serve CFG until SIGINT or SIGTERM.  Each worker thread opens its own
 * store connection on first use; with CFG->tick_seconds, a scheduler
 * thread (scheduler.h) runs the deadline ladder on a connection of its
 * own, and is joined before the server returns.  QT_ESTORE / QT_EINVALID
 * when it cannot start (the message says why); QT_OK after a clean
 * shutdown.
 */
QtCode server_run(const ServerConfig *cfg, QtError *err);

#endif
