/*
 * icinga_query.h - the targets of a bulk run from the Icinga 2 API: every
 * host object that matches a filter expression, with the address to ping,
 * and (for --skip-unchanged) what the core holds for each object now.
 *
 *   POST /v1/objects/hosts   X-HTTP-Method-Override: GET
 *   {"filter": FILTER,
 *    "attrs": ["name", "address", "address6", "enable_passive_checks"]}
 *
 * (POST with the override carries the filter in the body, where no URL
 * length limit or escaping applies.)  Each object's `address` is pinged,
 * its `address6` under -6; an object with an empty one is pinged by its
 * object name.  An object that cannot be used (an address such as
 * 10.9.0.300, a name with ';', passive checks disabled) is refused on its
 * own (objects.h): the others go on.  With states, the attrs grow by
 * "state", "state_type" and "last_check" (a number each: never the whole
 * last_check_result).  For --submit-service the service objects are asked
 * too, for their enable_passive_checks (and their states with
 * --skip-unchanged; without it, an ApiUser lacking objects/query/Service
 * only loses that check):
 *
 *   POST /v1/objects/services
 *   {"filter": "service.name == multiping_service && (FILTER)",
 *    "filter_vars": {"multiping_service": NAME},
 *    "attrs": ["host_name", "enable_passive_checks", "state", "state_type",
 *              "last_check"]}
 *
 * (the name travels as a variable, never spliced into the expression).
 * Answers are read as they arrive, one result at a time (result_stream.h):
 * memory holds the objects' names and addresses, not the answer, and no
 * size of answer is refused.
 */
#ifndef MULTIPING_ICINGA_QUERY_H
#define MULTIPING_ICINGA_QUERY_H

#include "hosts/objects.h"
#include "icinga_conn.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct icinga_query {
    const char *filter; /* --from-api */
    bool ipv6;          /* ping address6 */
    bool states;        /* ask for state, state_type and last_check too */
    bool services;      /* results go to services (--submit-service): the host's
                           enable_passive_checks does not matter, theirs does */
};

/* The request bodies (malloc'd JSON text), or NULL when out of memory. */
char *icinga_query_body(const struct icinga_query *q);
char *icinga_query_service_body(const char *filter, const char *service);

/* Add the objects of a host query answer (JSON text of n bytes) to o.  -1
 * with a message when the answer is not what the API sends. */
int icinga_query_parse(const struct icinga_query *q, const char *json, size_t n, struct objects *o,
                       char *err, size_t errlen);
/* Record the states of a service query answer on the objects of o (which
 * objects_index_names() has indexed); services of other hosts are ignored. */
int icinga_query_parse_services(const char *json, size_t n, struct objects *o, char *err,
                                size_t errlen);

/* Ask the API and add what it answers to o; stops at deadline_ns. */
int icinga_query_hosts(const struct icinga_conn *c, const struct icinga_query *q,
                       uint64_t deadline_ns, struct objects *o, char *err, size_t errlen);
/* The states of service NAME of the filter's hosts, onto o's objects, and
 * which of them take no passive result (refused).  optional: a 404 (no
 * such service, or an ApiUser without objects/query/Service) is no error
 * and tells nothing; the submission's per-object answers then say it. */
int icinga_query_services(const struct icinga_conn *c, const char *filter, const char *service,
                          bool optional, uint64_t deadline_ns, struct objects *o, char *err,
                          size_t errlen);

#endif
