/*
 * watch_log.c - --watch's rate-limited log lines (see watch_log.h).
 */
#include "watch_log.h"

#include "clock.h"

#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

int watch_log_init(struct watch_log *l, FILE *out, uint64_t min_gap_ns)
{
    memset(l, 0, sizeof(*l));
    l->out = out;
    l->min_gap_ns = min_gap_ns;
    return pthread_mutex_init(&l->lock, NULL) == 0 ? 0 : -1;
}

void watch_log_destroy(struct watch_log *l)
{
    pthread_mutex_destroy(&l->lock);
}

void watch_log(struct watch_log *l, enum watch_log_class c, const char *fmt, ...)
{
    char line[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    uint64_t now = clock_mono_ns();
    pthread_mutex_lock(&l->lock);
    bool limited =
        c != WATCH_LOG_LIFECYCLE && l->last_ns[c] != 0 && now - l->last_ns[c] < l->min_gap_ns;
    if (limited) {
        l->held[c]++;
    } else {
        if (l->held[c] > 0)
            fprintf(l->out, WATCH_LOG_PREFIX "%s (%u more like this)\n", line, l->held[c]);
        else
            fprintf(l->out, WATCH_LOG_PREFIX "%s\n", line);
        fflush(l->out);
        l->held[c] = 0;
        l->last_ns[c] = now;
    }
    pthread_mutex_unlock(&l->lock);
}
