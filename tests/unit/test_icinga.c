/*
 * test_icinga.c - the Icinga 2 API modules: request bodies and answers as
 * JSON (jansson reads them back), the host query's answer, URL and secret
 * handling, and the submitting sink against an HTTP stub of ours running
 * in a thread on 127.0.0.1: kept-alive connections, one retry on 503,
 * an empty reply never resent (not even by libcurl on a kept-alive
 * connection), stop after 401, truthful counts when the stub stalls past
 * the deadline.  Which failed POST may be resent; the password file.
 * (TLS is exercised against a real Icinga 2 by tests/bulk/run.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "icinga/icinga_post.h"
#include "clock.h"
#include "icinga/icinga_query.h"
#include "resolve/readyq.h"
#include "sinks/submit_icinga.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <jansson.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* ---- pure parts ------------------------------------------------------------ */

static struct submit_item item(const char *object)
{
    struct submit_item it;
    memset(&it, 0, sizeof(it));
    it.object = object;
    it.exit_status = 1;
    snprintf(it.output, sizeof(it.output), "PING CRITICAL - 192.0.2.6: no reply \"quoted\"");
    snprintf(it.pl, sizeof(it.pl), "pl=100%%;;;0;100");
    return it;
}

static void test_icinga_host_body(void **state)
{
    (void)state;
    struct submit_item it = item("web \"1\"");
    struct submit_batch b = {.check_source = "sat-1", .ttl_s = 300};
    char *text = icinga_submit_body(&it, &b, 1700000001.5);
    json_t *j = json_loads(text, 0, NULL);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "type")), "Host");
    assert_string_equal(json_string_value(json_object_get(j, "host")), "web \"1\"");
    assert_null(json_object_get(j, "filter"));
    assert_int_equal(json_integer_value(json_object_get(j, "exit_status")), 1);
    assert_string_equal(json_string_value(json_object_get(j, "plugin_output")), it.output);
    json_t *perf = json_object_get(j, "performance_data");
    assert_int_equal(json_array_size(perf), 1);
    assert_string_equal(json_string_value(json_array_get(perf, 0)), "pl=100%;;;0;100");
    assert_string_equal(json_string_value(json_object_get(j, "check_source")), "sat-1");
    /* stamped when sent: never older than what the core stored meanwhile */
    assert_true(json_real_value(json_object_get(j, "execution_start")) == 1700000001.5);
    assert_true(json_real_value(json_object_get(j, "execution_end")) == 1700000001.5);
    assert_int_equal(json_integer_value(json_object_get(j, "ttl")), 300);
    json_decref(j);
    free(text);
}

/* A text that is not UTF-8 makes no body: one item fails, not the run. */
static void test_icinga_body_refuses_non_utf8(void **state)
{
    (void)state;
    struct submit_item it = item("bad\xff");
    struct submit_batch b = {.check_source = "n", .ttl_s = 60};
    assert_null(icinga_submit_body(&it, &b, 1.0));
}

static void test_icinga_service_body(void **state)
{
    (void)state;
    struct submit_item it = item("web1");
    struct submit_batch b = {.service = "ping4", .check_source = "n", .ttl_s = 60};
    char *text = icinga_submit_body(&it, &b, 1.0);
    json_t *j = json_loads(text, 0, NULL);
    assert_string_equal(json_string_value(json_object_get(j, "type")), "Service");
    assert_string_equal(json_string_value(json_object_get(j, "service")), "web1!ping4");
    assert_null(json_object_get(j, "host"));
    json_decref(j);
    free(text);
}

/* One object's failure or everyone's: a "results" entry speaks for its
 * object, a 401 or a 403 without one for the request (issue 20). */
static void test_icinga_classify_object_or_request(void **state)
{
    (void)state;
    char why[200];
    const char *ok = "{\"results\":[{\"code\":200.0,\"status\":\"Successfully processed\"}]}";
    const char *bad = "{\"results\":[{\"code\":400.0,\"status\":\"Invalid 'ttl'\"}]}";
    const char *passive = "{\"results\":[{\"code\":403.0,\"status\":\"Passive checks are "
                          "disabled for object 'x'.\"}]}";
    const char *newer = "{\"results\":[{\"code\":409.0,\"status\":\"Newer check result "
                        "already present.\"}]}";
    const char *none = "{\"error\":404.0,\"status\":\"No objects found.\"}";
    const char *denied = "{\"error\":403.0,\"status\":\"No permission.\"}";
    assert_int_equal(icinga_submit_classify(200, ok, strlen(ok), why, sizeof(why)),
                     ICINGA_ANSWER_OK);
    assert_int_equal(icinga_submit_classify(400, bad, strlen(bad), why, sizeof(why)),
                     ICINGA_ANSWER_OBJECT);
    assert_non_null(strstr(why, "Invalid 'ttl'"));
    assert_int_equal(icinga_submit_classify(403, passive, strlen(passive), why, sizeof(why)),
                     ICINGA_ANSWER_OBJECT);
    assert_string_equal(why,
                        "HTTP 403 for the object: Passive checks are disabled for object 'x'.");
    assert_int_equal(icinga_submit_classify(409, newer, strlen(newer), why, sizeof(why)),
                     ICINGA_ANSWER_SUPERSEDED);
    assert_int_equal(icinga_submit_classify(404, none, strlen(none), why, sizeof(why)),
                     ICINGA_ANSWER_OBJECT);
    assert_non_null(strstr(why, "no such object"));
    assert_int_equal(icinga_submit_classify(403, denied, strlen(denied), why, sizeof(why)),
                     ICINGA_ANSWER_REQUEST);
    assert_int_equal(icinga_submit_classify(401, "{}", 2, why, sizeof(why)), ICINGA_ANSWER_REQUEST);
    assert_int_equal(icinga_submit_classify(500, "<html>", 6, why, sizeof(why)),
                     ICINGA_ANSWER_OBJECT);
    assert_int_equal(icinga_submit_classify(200, "{\"results\":[]}", 14, why, sizeof(why)),
                     ICINGA_ANSWER_OBJECT);
}

static void test_icinga_query_body_and_answer(void **state)
{
    (void)state;
    struct icinga_query q = {"\"linux\" in host.groups", false, false, false};
    char *body = icinga_query_body(&q);
    assert_string_equal(body, "{\"filter\":\"\\\"linux\\\" in host.groups\",\"attrs\":[\"name\","
                              "\"address\",\"address6\",\"enable_passive_checks\"]}");
    free(body);
    const char *answer = "{\"results\":[{\"attrs\":{\"name\":\"a\",\"address\":\"192.0.2.1\","
                         "\"address6\":\"2001:db8::1\"},\"name\":\"a\",\"type\":\"Host\"},"
                         "{\"attrs\":{\"name\":\"b\",\"address\":\"\",\"address6\":\"\"}}]}";
    struct objects o;
    char err[256];
    objects_init(&o);
    assert_int_equal(icinga_query_parse(&q, answer, strlen(answer), &o, err, sizeof(err)), 0);
    q.ipv6 = true;
    assert_int_equal(icinga_query_parse(&q, answer, strlen(answer), &o, err, sizeof(err)), 0);
    assert_int_equal(o.count, 4);
    assert_string_equal(objects_address(&o, 0), "192.0.2.1");
    assert_string_equal(objects_address(&o, 1), "b"); /* no address: the object name */
    assert_string_equal(objects_address(&o, 2), "2001:db8::1");
    assert_int_equal(o.items[0].core_state, -1); /* states not asked */
    assert_int_equal(icinga_query_parse(&q, "{\"results\":3}", 13, &o, err, sizeof(err)), -1);
    assert_string_equal(err, "Icinga 2 API: the answer has no \"results\" array");
    assert_int_equal(icinga_query_parse(&q, "nope", 4, &o, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "the answer is not JSON"));
    assert_int_equal(
        icinga_query_parse(&q, "{\"results\":[{\"attrs\":{}}]}", 26, &o, err, sizeof(err)), -1);
    assert_string_equal(err, "Icinga 2 API: a host without attrs.name in the answer");
    objects_free(&o);
}

/* --skip-unchanged asks three numbers more, never last_check_result. */
static void test_icinga_query_states_of_hosts(void **state)
{
    (void)state;
    struct icinga_query q = {"true", false, true, false};
    char *body = icinga_query_body(&q);
    assert_string_equal(body,
                        "{\"filter\":\"true\",\"attrs\":[\"name\",\"address\",\"address6\","
                        "\"enable_passive_checks\",\"state\",\"state_type\",\"last_check\"]}");
    free(body);
    const char *answer = "{\"results\":["
                         "{\"attrs\":{\"name\":\"up\",\"address\":\"192.0.2.1\",\"state\":0.0,"
                         "\"state_type\":1.0,\"last_check\":1800000000.5}},"
                         "{\"attrs\":{\"name\":\"soft\",\"address\":\"192.0.2.2\",\"state\":1.0,"
                         "\"state_type\":0.0,\"last_check\":1800000001.0}},"
                         "{\"attrs\":{\"name\":\"never\",\"address\":\"192.0.2.3\",\"state\":0.0,"
                         "\"state_type\":1.0,\"last_check\":-1.0}},"
                         "{\"attrs\":{\"name\":\"odd\",\"address\":\"192.0.2.4\",\"state\":7.0,"
                         "\"state_type\":1.0,\"last_check\":1800000000.0}},"
                         "{\"attrs\":{\"name\":\"text\",\"address\":\"192.0.2.5\",\"state\":\"0\","
                         "\"state_type\":1.0,\"last_check\":1800000000.0}}]}";
    struct objects o;
    char err[256];
    objects_init(&o);
    assert_int_equal(icinga_query_parse(&q, answer, strlen(answer), &o, err, sizeof(err)), 0);
    assert_int_equal(o.count, 5);
    assert_int_equal(o.items[0].core_state, 0);
    assert_true(o.items[0].core_hard);
    assert_int_equal(o.items[0].core_checked, 1800000000u);
    assert_int_equal(o.items[1].core_state, 1);
    assert_false(o.items[1].core_hard);
    assert_int_equal(o.items[2].core_checked, 0); /* no result yet */
    assert_int_equal(o.items[3].core_state, -1);  /* not a state */
    assert_int_equal(o.items[4].core_state, -1);
    objects_free(&o);
}

/* --submit-service: the service's state goes to its host's object. */
static void test_icinga_query_states_of_services(void **state)
{
    (void)state;
    char *body = icinga_query_service_body("\"x\" in host.groups", "ping4");
    json_t *root = json_loads(body, 0, NULL);
    assert_string_equal(json_string_value(json_object_get(root, "filter")),
                        "service.name == multiping_service && (\"x\" in host.groups)");
    assert_string_equal(json_string_value(json_object_get(json_object_get(root, "filter_vars"),
                                                          "multiping_service")),
                        "ping4");
    assert_int_equal(json_array_size(json_object_get(root, "attrs")), 5);
    json_decref(root);
    free(body);
    struct objects o;
    char err[256];
    objects_init(&o);
    assert_int_equal(objects_add(&o, "h2", "192.0.2.2", err, sizeof(err)), 0);
    assert_int_equal(objects_add(&o, "h1", "192.0.2.1", err, sizeof(err)), 0);
    assert_int_equal(objects_index_names(&o), 0);
    const char *answer = "{\"results\":[{\"name\":\"h1!ping4\",\"attrs\":{\"host_name\":\"h1\","
                         "\"state\":2.0,\"state_type\":1.0,\"last_check\":1800000000.0}},"
                         "{\"attrs\":{\"host_name\":\"elsewhere\",\"state\":0.0,"
                         "\"state_type\":1.0,\"last_check\":1800000000.0}}]}";
    assert_int_equal(icinga_query_parse_services(answer, strlen(answer), &o, err, sizeof(err)), 0);
    assert_int_equal(o.items[1].core_state, 2);
    assert_int_equal(o.items[0].core_state, -1); /* h2 has no such service */
    assert_int_equal(
        icinga_query_parse_services("{\"results\":[{\"attrs\":{}}]}", 26, &o, err, sizeof(err)),
        -1);
    assert_string_equal(err, "Icinga 2 API: a service without attrs.host_name in the answer");
    const char *off = "{\"results\":[{\"attrs\":{\"host_name\":\"h2\",\"state\":0.0,"
                      "\"enable_passive_checks\":false}}]}";
    assert_int_equal(icinga_query_parse_services(off, strlen(off), &o, err, sizeof(err)), 0);
    assert_int_equal(o.items[0].outcome, OBJECT_REFUSED);
    assert_string_equal(objects_reason(&o, 0),
                        "passive checks are disabled for the service in the core");
    objects_free(&o);
}

/* Issue 20: objects Icinga accepts but no result can reach (a typo in
 * the address, a ';' in the name, passive checks disabled) are refused
 * one by one: the answer is read to its end and the others are kept. */
static void test_icinga_query_refuses_objects_one_by_one(void **state)
{
    (void)state;
    struct icinga_query q = {"true", false, false, false};
    const char *answer = "{\"results\":["
                         "{\"attrs\":{\"name\":\"typo\",\"address\":\"10.9.0.300\"}},"
                         "{\"attrs\":{\"name\":\"semi;colon\",\"address\":\"192.0.2.1\"}},"
                         "{\"attrs\":{\"name\":\"off\",\"address\":\"192.0.2.2\","
                         "\"enable_passive_checks\":false}},"
                         "{\"attrs\":{\"name\":\"on\",\"address\":\"192.0.2.3\","
                         "\"enable_passive_checks\":true}}]}";
    struct objects o;
    struct hostset set;
    char err[256];
    objects_init(&o);
    hostset_init(&set);
    assert_int_equal(icinga_query_parse(&q, answer, strlen(answer), &o, err, sizeof(err)), 0);
    assert_int_equal(o.count, 4);
    assert_int_equal(objects_build(&o, AF_UNSPEC, &set, err, sizeof(err)), 0);
    assert_int_equal(set.count, 1);
    assert_int_equal(o.items[0].outcome, OBJECT_REFUSED);
    assert_non_null(strstr(objects_reason(&o, 0), "'10.9.0.300'"));
    assert_int_equal(o.items[1].outcome, OBJECT_REFUSED);
    assert_int_equal(o.items[2].outcome, OBJECT_REFUSED);
    assert_string_equal(objects_reason(&o, 2),
                        "passive checks are disabled for the host in the core");
    assert_int_equal(o.items[3].outcome, OBJECT_PENDING);
    assert_int_equal(o.items[3].host, 0);
    /* results to services: the host's own flag does not refuse it */
    q.services = true;
    assert_int_equal(icinga_query_parse(&q, answer, strlen(answer), &o, err, sizeof(err)), 0);
    assert_int_equal(o.items[6].outcome, OBJECT_PENDING);
    hostset_free(&set);
    objects_free(&o);
}

static void test_icinga_url_with_credentials_refused(void **state)
{
    (void)state;
    char err[256];
    assert_int_equal(icinga_conn_check_url("https://root:s3cret@master:5665", err, sizeof(err)),
                     -1);
    assert_null(strstr(err, "s3cret"));
    assert_int_equal(icinga_conn_check_url("ftp://master", err, sizeof(err)), -1);
    assert_int_equal(icinga_conn_check_url("https://master:5665", err, sizeof(err)), 0);
    assert_int_equal(icinga_conn_check_url("https://master:5665/x@y", err, sizeof(err)), 0);
}

static void test_icinga_password_from_file_and_env(void **state)
{
    (void)state;
    struct icinga_conn c;
    char path[] = "/tmp/test_icinga_pw.XXXXXX", err[256];
    memset(&c, 0, sizeof(c));
    int fd = mkstemp(path);
    assert_int_equal(write(fd, "s3cret\r\nsecond line\n", 20), 20);
    close(fd);
    assert_int_equal(icinga_conn_read_password(&c, path, err, sizeof(err)), 0);
    assert_string_equal(c.password, "s3cret");
    unlink(path);
    assert_int_equal(icinga_conn_read_password(&c, path, err, sizeof(err)), -1);
    assert_null(strstr(err, "s3cret"));
    setenv("TEST_ICINGA_PW", "fromenv", 1);
    char *raw = getenv("TEST_ICINGA_PW");
    assert_int_equal(icinga_conn_password_from_env(&c, "TEST_ICINGA_PW", err, sizeof(err)), 1);
    assert_string_equal(c.password, "fromenv");
    assert_null(getenv("TEST_ICINGA_PW"));
    (void)raw; /* setenv's copy is freed by unsetenv: not inspected */
    assert_int_equal(icinga_conn_password_from_env(&c, "TEST_ICINGA_PW", err, sizeof(err)), 0);
    icinga_conn_wipe(&c);
    assert_string_equal(c.password, "");
}

/* read() does not NUL-terminate: the line end is looked for only in what
 * was read (ASan saw a stack-buffer-overflow read here with the 1,100-byte
 * file, valgrind uninitialised reads with the 2-byte one). */
static void test_icinga_password_file_without_newline(void **state)
{
    (void)state;
    struct icinga_conn c;
    char path[] = "/tmp/test_icinga_pw.XXXXXX", err[256], big[1100];
    memset(&c, 0, sizeof(c));
    memset(big, 'p', sizeof(big));
    int fd = mkstemp(path);
    assert_int_equal(write(fd, big, sizeof(big)), (ssize_t)sizeof(big));
    close(fd);
    assert_int_equal(icinga_conn_read_password(&c, path, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "longer than 1023 bytes"));
    assert_null(strstr(err, "ppp"));
    fd = open(path, O_WRONLY | O_TRUNC);
    assert_int_equal(write(fd, "pw", 2), 2);
    close(fd);
    assert_int_equal(icinga_conn_read_password(&c, path, err, sizeof(err)), 0);
    assert_string_equal(c.password, "pw");
    /* A line that goes on past the buffer is refused even where the
     * buffer's end is carriage returns (cutting them left 1,009 bytes of a
     * longer password: found by fuzz_password). */
    memset(big + 1009, '\r', 20);
    fd = open(path, O_WRONLY | O_TRUNC);
    assert_int_equal(write(fd, big, sizeof(big)), (ssize_t)sizeof(big));
    close(fd);
    assert_int_equal(icinga_conn_read_password(&c, path, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "longer than 1023 bytes"));
    unlink(path);
}

static void test_icinga_proxy_url_with_credentials_refused(void **state)
{
    (void)state;
    char err[256];
    assert_int_equal(icinga_conn_check_proxy("http://u:s3cret@proxy:3128", err, sizeof(err)), -1);
    assert_null(strstr(err, "s3cret"));
    assert_int_equal(icinga_conn_check_proxy("u:s3cret@proxy:3128", err, sizeof(err)), -1);
    assert_int_equal(icinga_conn_check_proxy("http://proxy:3128", err, sizeof(err)), 0);
}

/* A POST that may have reached Icinga is never sent again. */
static void test_icinga_post_fate(void **state)
{
    (void)state;
    assert_int_equal(icinga_post_fate(CURLE_OK, 200, true), ICINGA_POST_ANSWERED);
    assert_int_equal(icinga_post_fate(CURLE_OK, 500, true), ICINGA_POST_ANSWERED);
    assert_int_equal(icinga_post_fate(CURLE_OK, 503, true), ICINGA_POST_RETRY);
    assert_int_equal(icinga_post_fate(CURLE_COULDNT_CONNECT, 0, false), ICINGA_POST_RETRY);
    assert_int_equal(icinga_post_fate(CURLE_SEND_ERROR, 0, false), ICINGA_POST_RETRY);
    assert_int_equal(icinga_post_fate(CURLE_RECV_ERROR, 0, false), ICINGA_POST_RETRY);
    assert_int_equal(icinga_post_fate(CURLE_GOT_NOTHING, 0, false), ICINGA_POST_RETRY);
    assert_int_equal(icinga_post_fate(CURLE_PEER_FAILED_VERIFICATION, 0, false),
                     ICINGA_POST_NOT_SENT);
    assert_int_equal(icinga_post_fate(CURLE_OPERATION_TIMEDOUT, 0, false), ICINGA_POST_NOT_SENT);
    /* once the body may have left: unknown, whatever broke */
    assert_int_equal(icinga_post_fate(CURLE_GOT_NOTHING, 0, true), ICINGA_POST_UNKNOWN);
    assert_int_equal(icinga_post_fate(CURLE_RECV_ERROR, 0, true), ICINGA_POST_UNKNOWN);
    assert_int_equal(icinga_post_fate(CURLE_SEND_ERROR, 0, true), ICINGA_POST_UNKNOWN);
    assert_int_equal(icinga_post_fate(CURLE_PARTIAL_FILE, 0, true), ICINGA_POST_UNKNOWN);
    assert_int_equal(icinga_post_fate(CURLE_SEND_FAIL_REWIND, 0, true), ICINGA_POST_UNKNOWN);
    assert_int_equal(icinga_post_fate(CURLE_OPERATION_TIMEDOUT, 0, true), ICINGA_POST_UNKNOWN);
}

/* ---- the sink against a stub ----------------------------------------------- */

enum stub_mode {
    STUB_OK,
    STUB_503_ONCE,
    STUB_401,
    STUB_STALL_AFTER_5,
    STUB_EMPTY_ALL,    /* every request read whole, then the connection closed unanswered */
    STUB_EMPTY_SECOND, /* the first request of a connection answered, the second not */
    STUB_PER_OBJECT,
    STUB_403,
    STUB_404
};

struct stub {
    int listen_fd;
    uint16_t port;
    enum stub_mode mode;
    _Atomic int requests;     /* requests read */
    _Atomic int answered_200; /* answered with code 200 */
    _Atomic int connections;
    _Atomic int stop;
    pthread_t acceptor;
    pthread_t workers[16];
    _Atomic int worker_count;
};

struct conn_arg {
    struct stub *stub;
    int fd;
};

/* Read one request (headers and Content-Length body); 0 at EOF. */
static int read_request(int fd, char *buf, size_t cap)
{
    size_t len = 0;
    char *end = NULL;
    while (!end) {
        ssize_t n = read(fd, buf + len, cap - 1 - len);
        if (n <= 0)
            return 0;
        len += (size_t)n;
        buf[len] = '\0';
        end = strstr(buf, "\r\n\r\n");
    }
    const char *cl = strcasestr(buf, "Content-Length:");
    size_t body = cl ? (size_t)strtoul(cl + 15, NULL, 10) : 0;
    size_t want = (size_t)(end + 4 - buf) + body;
    while (len < want) {
        ssize_t n = read(fd, buf + len, cap - 1 - len);
        if (n <= 0)
            return 0;
        len += (size_t)n;
    }
    return 1;
}

static void answer(int fd, int status, const char *reason, const char *body)
{
    char head[256];
    int n = snprintf(head, sizeof(head),
                     "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\n"
                     "Content-Length: %zu\r\n\r\n",
                     status, reason, strlen(body));
    assert_true(write(fd, head, (size_t)n) == n);
    assert_true(write(fd, body, strlen(body)) == (ssize_t)strlen(body));
}

/* STUB_PER_OBJECT: Icinga's answers for one object, chosen by its name;
 * STUB_403: the ApiUser lacks the action (no result entry). */
static bool answer_per_object(int fd, enum stub_mode mode, const char *request)
{
    if (mode == STUB_403) {
        answer(fd, 403, "Forbidden", "{\"error\":403,\"status\":\"No permission.\"}");
        return true;
    }
    if (mode == STUB_404) {
        answer(fd, 404, "Not Found", "{\"error\":404,\"status\":\"No objects found.\"}");
        return true;
    }
    if (mode != STUB_PER_OBJECT)
        return false;
    if (strstr(request, "\"host\":\"passive-off\""))
        answer(fd, 403, "Forbidden",
               "{\"results\":[{\"code\":403.0,\"status\":\"Passive checks are disabled for "
               "object 'passive-off'.\"}]}");
    else if (strstr(request, "\"host\":\"deleted\""))
        answer(fd, 404, "No such object", "{\"error\":404,\"status\":\"No objects found.\"}");
    else if (strstr(request, "\"host\":\"newer\""))
        answer(fd, 409, "Conflict",
               "{\"results\":[{\"code\":409.0,\"status\":\"Newer check result already "
               "present.\"}]}");
    else if (strstr(request, "\"host\":\"broken\""))
        answer(fd, 500, "Internal Server Error",
               "{\"results\":[{\"code\":500.0,\"status\":\"Exception.\"}]}");
    else
        return false;
    return true;
}

static void *stub_conn(void *p)
{
    struct conn_arg a = *(struct conn_arg *)p;
    free(p);
    char buf[16384];
    int on_connection = 0;
    while (!atomic_load(&a.stub->stop) && read_request(a.fd, buf, sizeof(buf))) {
        int nth = atomic_fetch_add(&a.stub->requests, 1) + 1;
        if (a.stub->mode == STUB_EMPTY_ALL ||
            (a.stub->mode == STUB_EMPTY_SECOND && ++on_connection == 2))
            break;
        if (a.stub->mode == STUB_401) {
            answer(a.fd, 401, "Unauthorized", "{\"error\":401,\"status\":\"Unauthorized.\"}");
            continue;
        }
        if (a.stub->mode == STUB_503_ONCE && nth == 1) {
            answer(a.fd, 503, "Service Unavailable", "{}");
            continue;
        }
        if (answer_per_object(a.fd, a.stub->mode, buf))
            continue;
        if (a.stub->mode == STUB_STALL_AFTER_5 && nth > 5) {
            while (!atomic_load(&a.stub->stop))
                usleep(10000);
            break;
        }
        atomic_fetch_add(&a.stub->answered_200, 1);
        answer(a.fd, 200, "OK", "{\"results\":[{\"code\":200.0,\"status\":\"ok\"}]}");
    }
    close(a.fd);
    return NULL;
}

static void *stub_accept(void *p)
{
    struct stub *s = p;
    for (;;) {
        int fd = accept(s->listen_fd, NULL, NULL);
        if (fd < 0 || atomic_load(&s->stop)) {
            if (fd >= 0)
                close(fd);
            return NULL;
        }
        atomic_fetch_add(&s->connections, 1);
        struct conn_arg *a = malloc(sizeof(*a));
        *a = (struct conn_arg){s, fd};
        int i = atomic_fetch_add(&s->worker_count, 1);
        assert_true(i < 16);
        assert_int_equal(pthread_create(&s->workers[i], NULL, stub_conn, a), 0);
    }
}

static void stub_start(struct stub *s, enum stub_mode mode)
{
    memset(s, 0, sizeof(*s));
    s->mode = mode;
    s->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in sin = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof(sin);
    assert_int_equal(bind(s->listen_fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
    assert_int_equal(listen(s->listen_fd, 16), 0);
    assert_int_equal(getsockname(s->listen_fd, (struct sockaddr *)&sin, &len), 0);
    s->port = ntohs(sin.sin_port);
    assert_int_equal(pthread_create(&s->acceptor, NULL, stub_accept, s), 0);
}

static void stub_stop(struct stub *s)
{
    atomic_store(&s->stop, 1);
    shutdown(s->listen_fd, SHUT_RDWR);
    pthread_join(s->acceptor, NULL);
    for (int i = 0; i < atomic_load(&s->worker_count); i++)
        pthread_join(s->workers[i], NULL);
    close(s->listen_fd);
}

static char object_names[1000][16];
static void format_nth(const void *ctx, size_t i, struct submit_item *out)
{
    (void)ctx;
    snprintf(object_names[i], sizeof(object_names[0]), "h%zu", i);
    *out = item(object_names[i]);
}

/* libcurl, loaded once for the whole program as main does */
static struct curldl curl;

static void stub_conn_of(const struct stub *s, struct icinga_conn *conn, char *url, size_t len)
{
    memset(conn, 0, sizeof(*conn));
    conn->curl = &curl;
    snprintf(url, len, "http://127.0.0.1:%u", s->port);
    conn->url = url;
    conn->user = "bulk";
    snprintf(conn->password, sizeof(conn->password), "pw");
}

static void run_batch(struct stub *s, struct submit_batch *b, struct submit_counts *c)
{
    char url[64], err[256];
    struct icinga_conn conn;
    stub_conn_of(s, &conn, url, sizeof(url));
    struct submit_sink *sink = submit_icinga_new(&conn, err, sizeof(err));
    assert_non_null(sink);
    sink->send(sink, b, c);
    sink->free(sink);
}

static void run_sink(struct stub *s, size_t count, uint64_t budget_ms, struct submit_counts *c)
{
    struct submit_batch b = {.count = count,
                             .format = format_nth,
                             .check_source = "n",
                             .ttl_s = 60,
                             .deadline_ns = clock_mono_ns() + budget_ms * 1000000u};
    run_batch(s, &b, c);
}

/* Named objects, some held back (unfinished), and what became of each. */
struct named {
    const char *const *names;
    const bool *unfinished;
    enum submit_outcome outcome[16];
    char reason[16][128];
    int told[16];
};

static void format_named(const void *ctx, size_t i, struct submit_item *out)
{
    const struct named *n = ctx;
    *out = item(n->names[i]);
    out->unfinished = n->unfinished && n->unfinished[i];
}

static void record_named(void *ctx, size_t i, enum submit_outcome outcome, const char *reason)
{
    struct named *n = ctx;
    n->outcome[i] = outcome;
    n->told[i]++;
    snprintf(n->reason[i], sizeof(n->reason[i]), "%s", reason);
}

static void run_named_until(struct stub *s, struct named *n, size_t count, uint64_t deadline_ns,
                            struct submit_counts *c)
{
    struct submit_batch b = {.count = count,
                             .format = format_named,
                             .ctx = n,
                             .check_source = "n",
                             .ttl_s = 60,
                             .deadline_ns = deadline_ns,
                             .outcome = record_named,
                             .outcome_ctx = n};
    run_batch(s, &b, c);
}

static void run_named(struct stub *s, struct named *n, size_t count, struct submit_counts *c)
{
    run_named_until(s, n, count, clock_mono_ns() + 5000 * 1000000ull, c);
}

static void test_icinga_sink_keeps_connections_alive(void **state)
{
    (void)state;
    struct stub s;
    struct submit_counts c;
    stub_start(&s, STUB_OK);
    run_sink(&s, 200, 5000, &c);
    stub_stop(&s);
    assert_int_equal(c.submitted, 200);
    assert_int_equal(c.failed, 0);
    assert_string_equal(c.error, "");
    assert_int_equal(atomic_load(&s.requests), 200);
    assert_true(atomic_load(&s.connections) <= ICINGA_SUBMIT_SLOTS);
}

static void test_icinga_sink_retries_503_once(void **state)
{
    (void)state;
    struct stub s;
    struct submit_counts c;
    stub_start(&s, STUB_503_ONCE);
    run_sink(&s, 10, 5000, &c);
    stub_stop(&s);
    assert_int_equal(c.submitted, 10);
    assert_int_equal(atomic_load(&s.requests), 11);
}

/* An empty reply after the request was read: the result may be stored, so
 * it is counted failed and never sent again, neither by the sink nor by
 * libcurl's own retry on a kept-alive connection (STUB_EMPTY_SECOND). */
static void test_icinga_sink_never_resends_after_empty_reply(void **state)
{
    (void)state;
    struct stub s;
    struct submit_counts c;
    stub_start(&s, STUB_EMPTY_ALL);
    run_sink(&s, 6, 5000, &c);
    stub_stop(&s);
    assert_int_equal(atomic_load(&s.requests), 6);
    assert_int_equal(c.submitted, 0);
    assert_int_equal(c.failed, 6);
    assert_non_null(strstr(c.error, "outcome unknown"));

    stub_start(&s, STUB_EMPTY_SECOND);
    run_sink(&s, 12, 5000, &c);
    stub_stop(&s);
    assert_int_equal(atomic_load(&s.requests), 12);
    assert_int_equal(c.submitted, (size_t)atomic_load(&s.answered_200));
    assert_int_equal(c.failed, 12 - c.submitted);
    assert_true(c.failed >= 1);
    assert_non_null(strstr(c.error, "outcome unknown"));
}

static void test_icinga_sink_stops_after_401(void **state)
{
    (void)state;
    struct stub s;
    struct submit_counts c;
    stub_start(&s, STUB_401);
    run_sink(&s, 100, 5000, &c);
    stub_stop(&s);
    assert_int_equal(c.submitted, 0);
    assert_int_equal(c.failed, 100);
    assert_true(atomic_load(&s.requests) <= ICINGA_SUBMIT_SLOTS);
    assert_non_null(strstr(c.error, "HTTP 401 Unauthorized"));
    assert_null(strstr(c.error, "pw"));
}

static void test_icinga_sink_counts_truthfully_when_stalled(void **state)
{
    (void)state;
    struct stub s;
    struct submit_counts c;
    stub_start(&s, STUB_STALL_AFTER_5);
    uint64_t start = clock_mono_ns();
    run_sink(&s, 50, 400, &c);
    uint64_t took_ms = (clock_mono_ns() - start) / 1000000;
    stub_stop(&s);
    assert_true(took_ms < 1000);
    assert_int_equal(c.submitted, (size_t)atomic_load(&s.answered_200));
    assert_int_equal(c.submitted, 5);
    assert_int_equal(c.failed, 45);
    /* the loop's deadline or libcurl's transfer timeout, whichever first */
    assert_non_null(strstr(c.error, "timed out"));
}

/* Issue 20, defect 2: a 403 "passive checks are disabled", a 404 for an
 * object deleted since the query and a 500 with a result entry cost their
 * object only; a 409 is superseded, not a failure; every object's outcome
 * is told once, with the reason.  The 4xx are refused (the object would
 * refuse the same again: --watch does not retry them), the 500 failed. */
static void test_icinga_sink_object_errors_cost_their_object(void **state)
{
    (void)state;
    static const char *const names[] = {"a",     "passive-off", "b", "deleted", "c",
                                        "newer", "broken",      "d", "e",       "f"};
    struct named n = {.names = names};
    struct stub s;
    struct submit_counts c;
    stub_start(&s, STUB_PER_OBJECT);
    run_named(&s, &n, 10, &c);
    stub_stop(&s);
    assert_int_equal(atomic_load(&s.requests), 10);
    assert_int_equal(c.submitted, 7); /* 6 confirmed, 1 superseded */
    assert_int_equal(c.superseded, 1);
    assert_int_equal(c.failed, 3);
    for (size_t i = 0; i < 10; i++)
        assert_int_equal(n.told[i], 1);
    assert_int_equal(n.outcome[0], SUBMIT_OK);
    assert_int_equal(n.outcome[1], SUBMIT_REFUSED);
    assert_non_null(strstr(n.reason[1], "Passive checks are disabled for object 'passive-off'."));
    assert_int_equal(n.outcome[3], SUBMIT_REFUSED);
    assert_non_null(strstr(n.reason[3], "no such object"));
    assert_int_equal(n.outcome[5], SUBMIT_SUPERSEDED);
    assert_int_equal(n.outcome[6], SUBMIT_FAILED);
    assert_int_equal(n.outcome[9], SUBMIT_OK);
}

/* A 403 without a result for the object: the ApiUser lacks the action,
 * every request would meet it: stop, and say so for every object. */
static void test_icinga_sink_stops_after_403_without_result(void **state)
{
    (void)state;
    static const char *const names[] = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"};
    struct named n = {.names = names};
    struct stub s;
    struct submit_counts c;
    stub_start(&s, STUB_403);
    run_named(&s, &n, 10, &c);
    stub_stop(&s);
    assert_true(atomic_load(&s.requests) <= ICINGA_SUBMIT_SLOTS);
    assert_int_equal(c.submitted, 0);
    assert_int_equal(c.failed, 10);
    for (size_t i = 0; i < 10; i++)
        assert_int_equal(n.told[i], 1);
    assert_non_null(strstr(n.reason[9], "not sent: "));
    assert_non_null(strstr(n.reason[9], "403"));
}

/* Issue 20, defect 4: a host not finished when -t ran out is not sent. */
static void test_icinga_sink_holds_back_unfinished(void **state)
{
    (void)state;
    static const char *const names[] = {"a", "b", "c", "d"};
    static const bool unfinished[] = {false, true, false, true};
    struct named n = {.names = names, .unfinished = unfinished};
    struct stub s;
    struct submit_counts c;
    stub_start(&s, STUB_OK);
    run_named(&s, &n, 4, &c);
    stub_stop(&s);
    assert_int_equal(atomic_load(&s.requests), 2);
    assert_int_equal(c.submitted, 2);
    assert_int_equal(c.held, 2);
    assert_int_equal(c.failed, 2);
    assert_int_equal(n.outcome[1], SUBMIT_HELD);
    assert_int_equal(n.outcome[3], SUBMIT_HELD);
}

/* A run cut by -t reaches the sink after its deadline: nothing is
 * confirmed, and every unfinished host counts as held back, also those
 * never formatted for a request. */
static void test_icinga_sink_past_deadline_counts_held(void **state)
{
    (void)state;
    static const char *const names[] = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"};
    static const bool unfinished[] = {false, true, false, true, false, true,
                                      false, true, false, true, false, true};
    struct named n = {.names = names, .unfinished = unfinished};
    struct stub s;
    struct submit_counts c;
    stub_start(&s, STUB_OK);
    run_named_until(&s, &n, 12, clock_mono_ns(), &c);
    stub_stop(&s);
    assert_int_equal(c.submitted, 0);
    assert_int_equal(c.held, 6);
    assert_int_equal(c.failed, 12);
    for (size_t i = 0; i < 12; i++) {
        assert_int_equal(n.told[i], 1);
        assert_int_equal(n.outcome[i], unfinished[i] ? SUBMIT_HELD : SUBMIT_FAILED);
    }
}

/* --submit-service without --skip-unchanged: the services' query is only
 * for their enable_passive_checks, and a 404 (an ApiUser without
 * objects/query/Service) loses that check, not the run. */
static void test_icinga_service_query_404_optional(void **state)
{
    (void)state;
    struct stub s;
    struct objects o;
    struct icinga_conn conn;
    char url[64], err[512];
    objects_init(&o);
    assert_int_equal(objects_add(&o, "h1", "192.0.2.1", err, sizeof(err)), 0);
    stub_start(&s, STUB_404);
    stub_conn_of(&s, &conn, url, sizeof(url));
    uint64_t deadline = clock_mono_ns() + 5000 * 1000000ull;
    assert_int_equal(
        icinga_query_services(&conn, "true", "ping4", true, deadline, &o, err, sizeof(err)), 0);
    assert_int_equal(o.items[0].outcome, OBJECT_PENDING);
    assert_int_equal(
        icinga_query_services(&conn, "true", "ping4", false, deadline, &o, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "service query failed: HTTP 404"));
    stub_stop(&s);
    objects_free(&o);
}

static void test_icinga_sink_api_down(void **state)
{
    (void)state;
    struct stub s;
    struct submit_counts c;
    stub_start(&s, STUB_OK);
    stub_stop(&s); /* the port is closed again: connections are refused */
    run_sink(&s, 20, 2000, &c);
    assert_int_equal(c.submitted, 0);
    assert_int_equal(c.failed, 20);
    assert_non_null(strstr(c.error, "Couldn't connect") ? c.error : strstr(c.error, "connect"));
}

int main(void)
{
    char err[256];
    if (curldl_load(&curl, err, sizeof(err)) < 0) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_icinga_host_body),
        cmocka_unit_test(test_icinga_service_body),
        cmocka_unit_test(test_icinga_classify_object_or_request),
        cmocka_unit_test(test_icinga_body_refuses_non_utf8),
        cmocka_unit_test(test_icinga_query_body_and_answer),
        cmocka_unit_test(test_icinga_query_states_of_hosts),
        cmocka_unit_test(test_icinga_query_states_of_services),
        cmocka_unit_test(test_icinga_query_refuses_objects_one_by_one),
        cmocka_unit_test(test_icinga_url_with_credentials_refused),
        cmocka_unit_test(test_icinga_password_from_file_and_env),
        cmocka_unit_test(test_icinga_password_file_without_newline),
        cmocka_unit_test(test_icinga_proxy_url_with_credentials_refused),
        cmocka_unit_test(test_icinga_post_fate),
        cmocka_unit_test(test_icinga_sink_keeps_connections_alive),
        cmocka_unit_test(test_icinga_sink_retries_503_once),
        cmocka_unit_test(test_icinga_sink_never_resends_after_empty_reply),
        cmocka_unit_test(test_icinga_sink_stops_after_401),
        cmocka_unit_test(test_icinga_sink_counts_truthfully_when_stalled),
        cmocka_unit_test(test_icinga_sink_api_down),
        cmocka_unit_test(test_icinga_sink_object_errors_cost_their_object),
        cmocka_unit_test(test_icinga_sink_stops_after_403_without_result),
        cmocka_unit_test(test_icinga_sink_holds_back_unfinished),
        cmocka_unit_test(test_icinga_sink_past_deadline_counts_held),
        cmocka_unit_test(test_icinga_service_query_404_optional),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    curldl_unload(&curl);
    return rc;
}
