/*
 * submit_icinga.h - the sink for the Icinga 2 REST API: one
 * POST /v1/actions/process-check-result per object, type Host (or Service
 * with a service name), with exit_status, plugin_output,
 * performance_data, check_source, execution_start/end and ttl.  The
 * object is named in the body ("host": NAME, or "service": "HOST!NAME"),
 * which Icinga looks up directly: a filter expression would be evaluated
 * against every host for every request (10,000 hosts: 10^8 evaluations),
 * and no name is ever spliced into an expression or a URL.
 *
 * Transport: libcurl's multi interface on the calling thread, with
 * ICINGA_SUBMIT_SLOTS transfers in flight on as many kept-alive
 * connections; each slot holds one request body and at most
 * ICINGA_SUBMIT_RESPONSE_MAX bytes of answer, so memory does not grow with
 * the number of hosts.  A request is sent once more only when it cannot
 * have reached Icinga (icinga_post.h).  Transfers end at batch.deadline_ns.  After an
 * error every further request would meet too (401, 403, TLS, no
 * connection) nothing more is sent.
 */
#ifndef MULTIPING_SUBMIT_ICINGA_H
#define MULTIPING_SUBMIT_ICINGA_H

#include "icinga/icinga_conn.h"
#include "submit.h"

/* overridable at build time (-DICINGA_SUBMIT_SLOTS=N) for bench/bulk's probe */
#ifndef ICINGA_SUBMIT_SLOTS
#define ICINGA_SUBMIT_SLOTS 4
#endif
#define ICINGA_SUBMIT_RESPONSE_MAX 4096

/* The JSON body for one item (malloc'd), or NULL when out of memory. */
char *icinga_submit_body(const struct submit_item *item, const struct submit_batch *batch);

/* 1 if an answer body says every object was processed (code 200). */
int icinga_submit_answer_ok(const char *json, size_t n, char *status, size_t len);

/* The first per-object code that is not 200 in an answer (200 when all
 * are; the top-level "error" when there is no "results" array). */
int icinga_submit_answer_code(const char *json, size_t n);

/* conn must outlive the sink. */
struct submit_sink *submit_icinga_new(const struct icinga_conn *conn, char *err, size_t errlen);

#endif
