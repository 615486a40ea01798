/*
 * watch.h - main's wiring for --watch: the options into the daemon's
 * configuration (lib/daemon/daemon.h), the host list loader and the sink
 * taken from the bulk wiring (bulk.h), stderr as the log.
 */
#ifndef MULTIPING_WATCH_H
#define MULTIPING_WATCH_H

#include "bulk.h"
#include "net/sock.h"
#include "options.h"

#include <stddef.h>

/* Run the daemon until SIGTERM/SIGINT: 0; 1 when a thread of it was still
 * busy (exit at once, freeing nothing); -1 with a message when it could
 * not start.  Privileges are dropped and the sockets open. */
int watch_run(struct bulk *b, struct options *opt, struct icmp_socket sockets[2], char *err,
              size_t errlen);

#endif
