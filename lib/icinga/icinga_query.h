/*
 * icinga_query.h - the targets of a bulk run from the Icinga 2 API: every
 * host object that matches a filter expression, with the address to ping.
 *
 *   POST /v1/objects/hosts   X-HTTP-Method-Override: GET
 *   {"filter": FILTER, "attrs": ["name", "address", "address6"]}
 *
 * (POST with the override carries the filter in the body, where no URL
 * length limit or escaping applies.)  The answer is parsed with jansson.
 * Each object's `address` is pinged, its `address6` under -6; an object
 * with an empty one is pinged by its object name.  The answer is read into
 * memory up to ICINGA_QUERY_MAX_BYTES (about 200 bytes per host).
 */
#ifndef MULTIPING_ICINGA_QUERY_H
#define MULTIPING_ICINGA_QUERY_H

#include "icinga_conn.h"
#include "hosts/objects.h"

#include <stddef.h>
#include <stdint.h>

#define ICINGA_QUERY_MAX_BYTES (256u << 20)

/* The request body for FILTER (malloc'd JSON text), or NULL. */
char *icinga_query_body(const char *filter);

/* Add the objects of an API answer (JSON text of n bytes) to o; ipv6 picks
 * address6.  -1 with a message when the answer is not what the API sends. */
int icinga_query_parse(const char *json, size_t n, int ipv6, struct objects *o, char *err,
                       size_t errlen);

/* Ask the API and add what it answers to o; stops at deadline_ns. */
int icinga_query_hosts(const struct icinga_conn *c, const char *filter, int ipv6,
                       uint64_t deadline_ns, struct objects *o, char *err, size_t errlen);

#endif
