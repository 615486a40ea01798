/*
 * send_params.h - how requests leave this machine: one value, set from the
 * command line (either personality) before any thread starts, then read
 * only.  sock.c configures the sockets from it (source address, device,
 * mark, TOS/traffic class, TTL/hop limit, don't-fragment) and icmp.c sizes
 * the echo requests from it; the sender never parses an option.
 */
#ifndef MULTIPING_SEND_PARAMS_H
#define MULTIPING_SEND_PARAMS_H

#include "ipaddr.h"

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#define SEND_PARAMS_UNSET (-1)

struct send_params {
    struct ipaddr source[2];     /* [0] IPv4, [1] IPv6; family 0 = the kernel chooses */
    char interface[IF_NAMESIZE]; /* "" = no SO_BINDTODEVICE */
    bool has_mark;
    uint32_t mark;         /* SO_MARK, when has_mark */
    int tos;               /* 0-255 (IPv4 TOS, IPv6 traffic class), or SEND_PARAMS_UNSET */
    int ttl;               /* 1-255 (TTL, hop limit), or SEND_PARAMS_UNSET */
    uint32_t payload_size; /* ICMP payload bytes */
    bool dont_fragment;
    /* --watch: IPv4 requests that fit in SEND_PARAMS_DF_SMALL bytes leave
     * with DF (IP_PMTUDISC_PROBE) even without dont_fragment.  No link
     * fragments a packet that small, and with DF the kernel gives it IP ID
     * 0 instead of drawing an ID from its hashed counters for each request
     * (~5 % of the daemon's CPU at 20,000 requests a second). */
    bool df_small;
};

/* The IPv4 datagram every link must carry whole (RFC 791: an MTU of at
 * least 68); the default request is 52 bytes. */
#define SEND_PARAMS_DF_SMALL 68

#endif
