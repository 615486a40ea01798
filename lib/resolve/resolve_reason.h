/*
 * resolve_reason.h - why a name did not resolve: the value kept in
 * host.error_code of a HOST_UNRESOLVED host, whichever resolver ran
 * (getaddrinfo's EAI_* codes are mapped into it by resolve_pool.c), and its
 * one text.  Its own module so that the formatters need nothing of the
 * resolvers.
 */
#ifndef MULTIPING_RESOLVE_REASON_H
#define MULTIPING_RESOLVE_REASON_H

/* Why a name did not resolve (host.error_code of a HOST_UNRESOLVED host). */
enum resolve_reason {
    RESOLVE_OK = 0,
    RESOLVE_NO_SUCH_NAME,   /* NXDOMAIN, or not in /etc/hosts and no DNS asked */
    RESOLVE_NO_ADDRESS,     /* the name exists, without an address (any family) */
    RESOLVE_NO_ADDRESS4,    /* ... without an IPv4 address (-4) */
    RESOLVE_NO_ADDRESS6,    /* ... without an IPv6 address (-6) */
    RESOLVE_SERVER_FAILURE, /* SERVFAIL */
    RESOLVE_SERVER_REFUSED, /* REFUSED */
    RESOLVE_TIMEOUT,        /* no answer within the resolver timeout */
    RESOLVE_NO_SERVER,      /* resolv.conf names no name server, none answers */
    RESOLVE_UNREACHABLE,    /* the name server refused the connection (port closed) */
    RESOLVE_SERVERS_FAILED, /* several servers: each failed, refused or was unreachable */
    RESOLVE_BAD_ANSWER,     /* the answer did not parse */
    RESOLVE_TEMPORARY,      /* getaddrinfo EAI_AGAIN: time-out or server failure */
    RESOLVE_FAILED,         /* any other failure */
    RESOLVE_REASON_COUNT
};

/* "no such name (NXDOMAIN)"... for the long output, -v and JSON. */
const char *resolve_reason_text(int reason);
/* "nxdomain", "timeout"... a stable key (JSON "error_reason"). */
const char *resolve_reason_key(int reason);

#endif
