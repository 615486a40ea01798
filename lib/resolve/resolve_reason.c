/*
 * resolve_reason.c - the text of each resolve_reason (see resolve_reason.h).
 */
#include "resolve_reason.h"

#include <stddef.h>

static const struct {
    const char *key;
    const char *text;
} reasons[RESOLVE_REASON_COUNT] = {
    [RESOLVE_OK] = {"ok", "resolved"},
    [RESOLVE_NO_SUCH_NAME] = {"nxdomain", "no such name (NXDOMAIN)"},
    [RESOLVE_NO_ADDRESS] = {"no_address", "the name has no address"},
    [RESOLVE_NO_ADDRESS4] = {"no_address", "the name has no IPv4 address"},
    [RESOLVE_NO_ADDRESS6] = {"no_address", "the name has no IPv6 address"},
    [RESOLVE_SERVER_FAILURE] = {"servfail", "name server failure (SERVFAIL)"},
    [RESOLVE_SERVER_REFUSED] = {"refused", "name server refused the query (REFUSED)"},
    [RESOLVE_TIMEOUT] = {"timeout", "name server timed out"},
    [RESOLVE_NO_SERVER] = {"no_server", "no name server configured (resolv.conf)"},
    [RESOLVE_UNREACHABLE] = {"unreachable", "name server unreachable (connection refused)"},
    [RESOLVE_SERVERS_FAILED] = {"servers_failed",
                                "every name server failed (SERVFAIL, REFUSED or unreachable)"},
    [RESOLVE_BAD_ANSWER] = {"bad_answer", "malformed answer from the name server"},
    [RESOLVE_TEMPORARY] = {"temporary",
                           "temporary failure in name resolution (time-out or server failure)"},
    [RESOLVE_FAILED] = {"failed", "name resolution failed"},
};

const char *resolve_reason_text(int reason)
{
    if (reason < 0 || reason >= RESOLVE_REASON_COUNT)
        reason = RESOLVE_FAILED;
    return reasons[reason].text;
}

const char *resolve_reason_key(int reason)
{
    if (reason < 0 || reason >= RESOLVE_REASON_COUNT)
        reason = RESOLVE_FAILED;
    return reasons[reason].key;
}
