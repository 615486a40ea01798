/*
 * submit_cmdfile.c - results as external commands on a command pipe (see
 * submit_cmdfile.h).  Owns the descriptor; single-threaded.
 */
#include "submit_cmdfile.h"
#include "clock.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A line fits in one atomic pipe write. */
#define CMDFILE_LINE_MAX PIPE_BUF

struct cmdfile_sink {
    struct submit_sink sink;
    int fd;
    char path[256];
};

/* The core splits a line at '|' (output|perfdata) and at '\n': neither may
 * come from the output text. */
static void copy_output(const char *in, char *out, size_t len)
{
    size_t n = 0;
    for (; *in && n + 1 < len; in++)
        out[n++] = *in == '|' ? '/' : (*in == '\n' || *in == '\r') ? ' ' : *in;
    out[n] = '\0';
}

size_t cmdfile_format_line(const struct submit_item *item, const char *service, time_t now,
                           char *buf, size_t len)
{
    char output[SUBMIT_OUTPUT_LEN];
    copy_output(item->output, output, sizeof(output));
    const char *sep = item->pl[0] && item->rta[0] ? " " : "";
    const char *sep2 = item->jitter[0] ? " " : "";
    const char *extra = item->perfdata ? item->perfdata : "";
    const char *sep3 = extra[0] && (item->rta[0] || item->pl[0]) ? " " : "";
    int n;
    if (service)
        n = snprintf(buf, len, "[%lld] PROCESS_SERVICE_CHECK_RESULT;%s;%s;%d;%s|%s%s%s%s%s%s%s\n",
                     (long long)now, item->object, service, item->exit_status, output, item->rta,
                     sep, item->pl, sep2, item->jitter, sep3, extra);
    else
        n = snprintf(buf, len, "[%lld] PROCESS_HOST_CHECK_RESULT;%s;%d;%s|%s%s%s%s%s%s%s\n",
                     (long long)now, item->object, item->exit_status, output, item->rta, sep,
                     item->pl, sep2, item->jitter, sep3, extra);
    if (n < 0 || (size_t)n >= len)
        return 0;
    return (size_t)n;
}

/* One write of the whole line; waits for room until the deadline. */
static int write_line(struct cmdfile_sink *s, const char *line, size_t n, uint64_t deadline_ns,
                      struct submit_counts *c)
{
    for (;;) {
        ssize_t w = write(s->fd, line, n);
        if (w == (ssize_t)n)
            return 0;
        if (w >= 0) {
            /* only a regular file can write less; the rest would be torn */
            submit_note_error(c, "%s: short write", s->path);
            return -1;
        }
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN) {
            submit_note_error(c, "%s: %s", s->path, strerror(errno));
            return -1;
        }
        uint64_t now = clock_mono_ns();
        if (now >= deadline_ns) {
            submit_note_error(c, "%s: the pipe stayed full until the deadline", s->path);
            return -1;
        }
        struct pollfd p = {s->fd, POLLOUT, 0};
        uint64_t wait_ms = (deadline_ns - now + 999999) / 1000000;
        if (poll(&p, 1, wait_ms > 1000 ? 1000 : (int)wait_ms) < 0 && errno != EINTR) {
            submit_note_error(c, "%s: poll: %s", s->path, strerror(errno));
            return -1;
        }
    }
}

/* Every item not written yet failed for the same reason. */
static void fail_rest(const struct submit_batch *b, struct submit_counts *c, size_t from)
{
    char reason[SUBMIT_ERROR_LEN + 16];
    snprintf(reason, sizeof(reason), "not written: %s", c->error);
    for (size_t i = from; i < b->count; i++)
        submit_record(b, c, i, SUBMIT_FAILED, reason);
}

static void cmdfile_send(struct submit_sink *sink, const struct submit_batch *b,
                         struct submit_counts *c)
{
    struct cmdfile_sink *s = (struct cmdfile_sink *)sink;
    struct submit_item item;
    char line[CMDFILE_LINE_MAX], reason[96];
    memset(c, 0, sizeof(*c));
    for (size_t i = 0; i < b->count; i++) {
        b->format(b->ctx, i, &item);
        if (item.unfinished) {
            /* as the API sink: a host cut short by -t would read as down */
            submit_record(b, c, i, SUBMIT_HELD,
                          "not written: its host was not finished when -t ran out");
            continue;
        }
        size_t n = cmdfile_format_line(&item, b->service, time(NULL), line, sizeof(line));
        if (n == 0) {
            snprintf(reason, sizeof(reason), "line longer than %d bytes", CMDFILE_LINE_MAX);
            submit_note_error(c, "object '%.64s': %s", item.object, reason);
            submit_record(b, c, i, SUBMIT_FAILED, reason);
            continue;
        }
        if (write_line(s, line, n, b->deadline_ns, c) < 0) {
            fail_rest(b, c, i);
            return;
        }
        submit_record(b, c, i, SUBMIT_OK, "");
    }
}

static void cmdfile_free(struct submit_sink *sink)
{
    struct cmdfile_sink *s = (struct cmdfile_sink *)sink;
    if (s->fd >= 0)
        close(s->fd);
    free(s);
}

struct submit_sink *submit_cmdfile_open(const char *path, char *err, size_t errlen)
{
    struct cmdfile_sink *s = calloc(1, sizeof(*s));
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    /* O_NONBLOCK: open fails with ENXIO instead of waiting for a reader,
     * and a full pipe makes write() fail instead of blocking past -t. */
    s->fd = open(path, O_WRONLY | O_APPEND | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (s->fd < 0) {
        int e = errno;
        snprintf(err, errlen, "--command-file %s: %s", path,
                 e == ENXIO ? "no process reads the pipe (is the core running?)" : strerror(e));
        free(s);
        return NULL;
    }
    snprintf(s->path, sizeof(s->path), "%s", path);
    s->sink.name = "command file";
    s->sink.send = cmdfile_send;
    s->sink.free = cmdfile_free;
    return &s->sink;
}
