/*
 * bulk.h - main's wiring for bulk host checks (--from-api, --submit): the
 * API connection and its secret, the objects of the run, and the hand-over
 * of the finished host table to one sink (submit.h).
 *
 * Order, as main calls it:
 *   bulk_load_curl() with --api, before any thread (curl_global_init)
 * then, privileges dropped:
 *   bulk_connect()  password file or ICINGA2_API_PASSWORD, URL checked
 *   bulk_load()     objects from --from-api or from -f/-H, into the host table
 *   ... the engine pings ...
 *   bulk_submit()   every object's result to --api or --command-file
 *   bulk_describe() the objects that failed or were refused, for the report
 *   bulk_free()     the password wiped, everything freed
 */
#ifndef MULTIPING_BULK_H
#define MULTIPING_BULK_H

#include "icinga/curldl.h"
#include "hosts/hostset.h"
#include "icinga/icinga_conn.h"
#include "hosts/objects.h"
#include "options.h"
#include "sinks/submit.h"
#include "sinks/submit_report.h"

#include <stdbool.h>
#include <stdint.h>

struct bulk {
    bool active;        /* --submit or --from-api: hosts are objects */
    struct curldl curl; /* loaded only with --api */
    struct icinga_conn conn;
    struct objects objects;
    struct submit_counts counts; /* failed: refused objects included */
    size_t refused;              /* objects that could take no result */
    struct submit_report report; /* after bulk_describe() */
};

void bulk_init(struct bulk *b, const struct options *opt);
/* With --api: load libcurl (before any thread starts); 0 or -1. */
int bulk_load_curl(struct bulk *b, const struct options *opt, char *err, size_t errlen);
int bulk_connect(struct bulk *b, const struct options *opt, char *err, size_t errlen);
int bulk_load(struct bulk *b, const struct options *opt, uint64_t deadline_ns, struct hostset *set,
              char *err, size_t errlen);
/* The same into objects of the caller's (--watch reads the list again at
 * each reload into a new generation). */
int bulk_load_objects(struct bulk *b, const struct options *opt, uint64_t deadline_ns,
                      struct objects *objects, struct hostset *set, char *err, size_t errlen);
/* The sink the options name: --command-file, else the API. */
struct submit_sink *bulk_open_sink(struct bulk *b, const struct options *opt, char *err,
                                   size_t errlen);
/* -1 with a message when the sink could not even start. */
int bulk_submit(struct bulk *b, const struct options *opt, const struct hostset *set,
                uint64_t deadline_ns, char *err, size_t errlen);
/* "560 results submitted, 0 failed" (+ the first error); with
 * --skip-unchanged "12 results submitted, 548 unchanged, 0 failed"; with
 * refused or held-back objects "(2 refused, 0 held back: ...)" after the
 * failed count, which includes them.  Without --submit: how many objects
 * were refused. */
void bulk_note(const struct bulk *b, const struct options *opt, char *buf, size_t len);
/* Any object failed or refused: the run cannot be OK. */
bool bulk_failed(const struct bulk *b);
/* Fill b->report (at most BULK_NAMED_MAX objects in its text); 0 or -1. */
#define BULK_NAMED_MAX 20
int bulk_describe(struct bulk *b);
void bulk_free(struct bulk *b);

#endif
