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
 * have reached Icinga (icinga_post.h).  Transfers end at batch.deadline_ns.
 *
 * One object or everyone (issue 20): an answer with a "results" entry
 * speaks for its object (403 "passive checks are disabled", 404, 400,
 * 500: that object failed; 409: superseded, the core holds a newer
 * result), and so does a 404 without one (the object was deleted since
 * the host query); the others go on.  After an error every further
 * request would meet too (401, a 403 without an object result: the
 * ApiUser lacks the action; TLS; no connection) nothing more is sent.
 * A host not finished when -t ran out is held back, never sent.
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

/* The JSON body for one item (malloc'd), stamped with now (Unix time) as
 * execution_start and execution_end; NULL when out of memory or when a
 * text is not UTF-8. */
char *icinga_submit_body(const struct submit_item *item, const struct submit_batch *batch,
                         double now);

enum icinga_answer {
    ICINGA_ANSWER_OK,         /* the core processed the result */
    ICINGA_ANSWER_SUPERSEDED, /* 409: it holds a newer one; not a failure */
    ICINGA_ANSWER_OBJECT,     /* this object failed; the others go on */
    ICINGA_ANSWER_REQUEST,    /* the request itself was refused: stop */
};
/* What an answer (HTTP status, body of n bytes) says, and why in reason. */
enum icinga_answer icinga_submit_classify(long status, const char *json, size_t n, char *reason,
                                          size_t len);

/* The first per-object code that is not 200 in an answer (200 when all
 * are; the top-level "error" when there is no "results" array). */
int icinga_submit_answer_code(const char *json, size_t n);

/* The object's own code in an answer: its "results" entry's, else the
 * HTTP status. */
long icinga_submit_object_code(long status, const char *json, size_t n);

/* conn must outlive the sink. */
struct submit_sink *submit_icinga_new(const struct icinga_conn *conn, char *err, size_t errlen);

#endif
