/*
 * heartbeat.c - the daemon's own result (see heartbeat.h).
 */
#include "heartbeat.h"

#include <stdio.h>

int heartbeat_format(const struct heartbeat_figures *f, char *output, size_t output_len,
                     char *perfdata, size_t perfdata_len)
{
    static const char *const words[] = {"OK", "WARNING", "CRITICAL"};
    int state = 0;
    if (f->failed_recent > 0 || f->oldest_unsent_s > 2 * f->interval_s)
        state = 1;
    if (f->late_recent > 0)
        state = 2;
    snprintf(output, output_len,
             "MULTIPING WATCH %s - %u hosts: %u up, %u down, %u unknown, %.1f probes/s, %llu "
             "results submitted, %llu failed, oldest unsent change %.1f s",
             words[state], f->hosts, f->up, f->down, f->unknown, f->probes_per_s,
             (unsigned long long)f->submitted, (unsigned long long)f->failed, f->oldest_unsent_s);
    snprintf(perfdata, perfdata_len,
             "hosts=%u;;;0 up=%u;;;0;%u down=%u;;;0;%u unknown=%u;;;0;%u "
             "probes_per_second=%.1f;;;0 submitted=%lluc failed=%lluc late=%lluc "
             "oldest_unsent=%.1fs;;;0",
             f->hosts, f->up, f->hosts, f->down, f->hosts, f->unknown, f->hosts, f->probes_per_s,
             (unsigned long long)f->submitted, (unsigned long long)f->failed,
             (unsigned long long)f->late, f->oldest_unsent_s);
    return state;
}
