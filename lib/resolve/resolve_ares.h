/*
 * resolve_ares.h - the asynchronous resolver: c-ares on one thread (see
 * resolve.h for when it runs and what it honours).
 */
#ifndef MULTIPING_RESOLVE_ARES_H
#define MULTIPING_RESOLVE_ARES_H

#include "hosts/hostset.h"
#include "nameconf/nsswitch.h"
#include "readyq.h"
#include "resolve.h"

#include <stdatomic.h>
#include <stddef.h>

struct resolve_ares;

/* Read the hosts file and resolv.conf, then start the thread for every
 * HOST_RESOLVING host of set.  NULL with a message on failure (a resource
 * failure also goes to *system_errno). */
struct resolve_ares *resolve_ares_start(struct hostset *set, struct readyq *queue,
                                        const struct resolve_config *cfg,
                                        const struct nsswitch_hosts *nss, _Atomic int *system_errno,
                                        char *err, size_t errlen);

/* What a c-ares status says of one query: a RESOLVE_ANSWER_* of
 * resolve_jobs.h, from which resolve_slot_reason() tells the reason. */
int resolve_ares_answer(int ares_status);

/* Wake the thread, which cancels every query still in flight; join it and
 * free everything.  Returns promptly: the thread never blocks but in poll(). */
void resolve_ares_stop(struct resolve_ares *a);

#endif
