/*
 * options_send.c - the send options of the native command line (-S, -I,
 * --mark, --tos, --dscp, --ttl, -b, --dont-fragment) into struct
 * send_params.  Values are checked here, at the edge; whether the machine
 * has a source address or lets us set a mark is the kernel's answer when
 * sock_config.c applies them.
 */
#include "option_table.h"

#include "excerpt.h"
#include "net/icmp.h"

#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

/* -S: a literal (scoped for IPv6 link-local), once per family and layer:
 * the command line's replaces an --extra-opts file's.  Whether this
 * machine has it is the kernel's answer when the socket binds. */
static int parse_source(const char *arg, struct options *opt, char *err, size_t errlen)
{
    struct ipaddr a;
    char quoted[EXCERPT_LEN];
    if (ipaddr_parse_scoped(arg, &a) != IPADDR_SCOPED_OK) {
        snprintf(err, errlen, "--source: '%s' is not an IPv4 or IPv6 address",
                 excerpt_quote(arg, quoted, sizeof(quoted)));
        return -1;
    }
    int f = a.family == AF_INET ? 0 : 1;
    if (opt->origin.source[f] == opt->origin.current) {
        snprintf(err, errlen, "--source: '%s' is the second %s source address (one per family)",
                 excerpt_quote(arg, quoted, sizeof(quoted)), f == 0 ? "IPv4" : "IPv6");
        return -1;
    }
    opt->send.source[f] = a;
    opt->origin.source[f] = opt->origin.current;
    return 0;
}

static int parse_interface(const char *arg, struct send_params *send, char *err, size_t errlen)
{
    if (arg[0] == '\0' || strlen(arg) >= sizeof(send->interface) || if_nametoindex(arg) == 0) {
        char quoted[EXCERPT_LEN];
        snprintf(err, errlen, "--interface: '%s' is not a network device of this machine",
                 excerpt_quote(arg, quoted, sizeof(quoted)));
        return -1;
    }
    snprintf(send->interface, sizeof(send->interface), "%s", arg);
    return 0;
}

/* DSCP class names (RFC 2474, 2597, 3246) -> code point, 0-63. */
static int dscp_value(const char *text)
{
    if (strcasecmp(text, "ef") == 0)
        return 46;
    if ((text[0] == 'c' || text[0] == 'C') && (text[1] == 's' || text[1] == 'S') &&
        text[2] >= '0' && text[2] <= '7' && text[3] == '\0')
        return (text[2] - '0') << 3;
    if ((text[0] == 'a' || text[0] == 'A') && (text[1] == 'f' || text[1] == 'F') &&
        text[2] >= '1' && text[2] <= '4' && text[3] >= '1' && text[3] <= '3' && text[4] == '\0')
        return (text[2] - '0') << 3 | (text[3] - '0') << 1;
    return -1;
}

/* --tos and --dscp set the same byte: both given in one layer would leave
 * one ignored; the command line's replaces an --extra-opts file's. */
static int parse_tos(int id, const char *arg, struct options *opt, char *err, size_t errlen)
{
    uint64_t v;
    if (opt->origin.tos == opt->origin.current) {
        snprintf(err, errlen, "--%s: --tos and --dscp set the same byte; give one, once",
                 options_label(id));
        return -1;
    }
    opt->origin.tos = opt->origin.current;
    int dscp = id == OPT_DSCP ? dscp_value(arg) : -1;
    if (dscp >= 0) {
        opt->send.tos = dscp << 2;
        return 0;
    }
    if (options_parse_uint(id, arg, 0, id == OPT_DSCP ? 63 : 255, &v, err, errlen) < 0) {
        char quoted[EXCERPT_LEN];
        if (id == OPT_DSCP)
            snprintf(err, errlen,
                     "--dscp: '%s' is not a DSCP class (ef, af11..af43, cs0..cs7) or 0-63",
                     excerpt_quote(arg, quoted, sizeof(quoted)));
        return -1;
    }
    opt->send.tos = (int)(id == OPT_DSCP ? v << 2 : v);
    return 0;
}

int options_apply_send(int id, const char *arg, struct options *opt, char *err, size_t errlen)
{
    uint64_t v;
    switch (id) {
    case OPT_SOURCE:
        return parse_source(arg, opt, err, errlen);
    case OPT_INTERFACE:
        return parse_interface(arg, &opt->send, err, errlen);
    case OPT_MARK:
        if (options_parse_uint(id, arg, 0, UINT32_MAX, &v, err, errlen) < 0)
            return -1;
        opt->send.has_mark = true;
        opt->send.mark = (uint32_t)v;
        return 0;
    case OPT_TOS:
    case OPT_DSCP:
        return parse_tos(id, arg, opt, err, errlen);
    case OPT_TTL:
        if (options_parse_uint(id, arg, 1, 255, &v, err, errlen) < 0)
            return -1;
        opt->send.ttl = (int)v;
        return 0;
    case OPT_SIZE:
        if (options_parse_uint(id, arg, ICMP_PROBE_LEN, ICMP_MAX_PAYLOAD_V6, &v, err, errlen) < 0)
            return -1;
        opt->send.payload_size = (uint32_t)v;
        return 0;
    }
    opt->send.dont_fragment = true;
    return 0;
}

/* What only the whole command line can tell.  An --extra-opts file's
 * source of the family the command line's -4/-6 leaves out is a default
 * that does not apply: dropped, not an error. */
int options_check_send(struct options *opt, char *err, size_t errlen)
{
    struct send_params *send = &opt->send;
    int unused = opt->family == AF_INET ? 1 : opt->family == AF_INET6 ? 0 : -1;
    if (unused >= 0 && opt->origin.family == LAYER_COMMAND_LINE &&
        opt->origin.source[unused] == LAYER_FILE) {
        send->source[unused] = (struct ipaddr){0};
        opt->origin.source[unused] = LAYER_NONE;
    }
    if (send->payload_size > ICMP_MAX_PAYLOAD_V4 && opt->family != AF_INET6) {
        snprintf(err, errlen,
                 "--size: %u bytes do not fit an IPv4 datagram (at most %u); add -6 for up "
                 "to %u",
                 (unsigned)send->payload_size, ICMP_MAX_PAYLOAD_V4, ICMP_MAX_PAYLOAD_V6);
        return -1;
    }
    if ((opt->family == AF_INET && send->source[1].family) ||
        (opt->family == AF_INET6 && send->source[0].family)) {
        snprintf(err, errlen, "--source: an %s source address with %s",
                 opt->family == AF_INET ? "IPv6" : "IPv4", opt->family == AF_INET ? "-4" : "-6");
        return -1;
    }
    return 0;
}
