/*
 * sock_config.c - an open ICMP socket shaped by the run's send parameters
 * (send_params.h): device, mark, source address, TOS / traffic class,
 * TTL / hop limit, fragmentation.  See sock.h for the API.
 *
 * Why here and in this order: SO_MARK needs a privilege (cap_net_admin, or
 * cap_net_raw on Linux >= 5.17) that exists only while sock_open() runs, so
 * every option is set right after the socket opens and before privileges
 * are dropped; the device comes before the source address because an
 * address inside a VRF can only be bound once the socket belongs to it.
 *
 * Datagram ICMP sockets accept every option used here on the kernels we
 * support; if one ever refuses (ENOPROTOOPT, EINVAL) under --socket=auto,
 * the family falls back to a raw socket, which accepts them all.
 */
#include "icmp.h"
#include "sock.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* A failed step: what it was for (the option's name) and why. */
struct config_error {
    const char *option;
    int err;
};

/* rc of a system call made for `option`: 0, or -1 with the reason kept. */
static int checked(int rc, const char *option, struct config_error *e)
{
    if (rc == 0)
        return 0;
    e->option = option;
    e->err = errno;
    return -1;
}

static int set_int(int fd, int level, int name, int value, const char *option,
                   struct config_error *e)
{
    return checked(setsockopt(fd, level, name, &value, sizeof(value)), option, e);
}

static int set_device(const struct icmp_socket *s, const struct send_params *send,
                      struct config_error *e)
{
    if (send->interface[0] == '\0')
        return 0;
    return checked(setsockopt(s->fd, SOL_SOCKET, SO_BINDTODEVICE, send->interface,
                              (socklen_t)strlen(send->interface) + 1),
                   "--interface", e);
}

static int set_mark(const struct icmp_socket *s, const struct send_params *send,
                    struct config_error *e)
{
    if (!send->has_mark)
        return 0;
    return set_int(s->fd, SOL_SOCKET, SO_MARK, (int)send->mark, "--mark", e);
}

static int bind_source(const struct icmp_socket *s, const struct send_params *send,
                       struct config_error *e)
{
    const struct ipaddr *src = &send->source[s->family == AF_INET ? 0 : 1];
    if (!src->family)
        return 0;
    struct sockaddr_storage ss;
    socklen_t len = ipaddr_to_sockaddr(src, &ss);
    return checked(bind(s->fd, (struct sockaddr *)&ss, len), "--source", e);
}

static int set_v4(const struct icmp_socket *s, const struct send_params *send,
                  struct config_error *e)
{
    if (send->tos != SEND_PARAMS_UNSET && set_int(s->fd, IPPROTO_IP, IP_TOS, send->tos, "--tos", e))
        return -1;
    if (send->ttl != SEND_PARAMS_UNSET && set_int(s->fd, IPPROTO_IP, IP_TTL, send->ttl, "--ttl", e))
        return -1;
    /* Without --dont-fragment the DF bit stays clear (the kernel's default
     * would set it on requests that fit the known path MTU): a large
     * request is then fragmented rather than lost on a smaller link.
     * send->df_small (--watch): small ones carry DF, ignoring the learned
     * path MTU (PROBE), which they cannot exceed (send_params.h). */
    bool small = 20 + ICMP_HEADER_LEN + send->payload_size <= SEND_PARAMS_DF_SMALL;
    int pmtu = send->dont_fragment       ? IP_PMTUDISC_DO
               : send->df_small && small ? IP_PMTUDISC_PROBE
                                         : IP_PMTUDISC_DONT;
    return set_int(s->fd, IPPROTO_IP, IP_MTU_DISCOVER, pmtu, "--dont-fragment", e);
}

static int set_v6(const struct icmp_socket *s, const struct send_params *send,
                  struct config_error *e)
{
    if (send->tos != SEND_PARAMS_UNSET &&
        set_int(s->fd, IPPROTO_IPV6, IPV6_TCLASS, send->tos, "--tos", e))
        return -1;
    if (send->ttl != SEND_PARAMS_UNSET &&
        (set_int(s->fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, send->ttl, "--ttl", e) ||
         set_int(s->fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, send->ttl, "--ttl", e)))
        return -1;
    /* IPv6 routers never fragment; only the sender may, and with
     * IPV6_DONTFRAG it does not (a too-large send fails with EMSGSIZE). */
    if (!send->dont_fragment)
        return 0;
    if (set_int(s->fd, IPPROTO_IPV6, IPV6_MTU_DISCOVER, IPV6_PMTUDISC_DO, "--dont-fragment", e))
        return -1;
    return set_int(s->fd, IPPROTO_IPV6, IPV6_DONTFRAG, 1, "--dont-fragment", e);
}

static int apply(const struct icmp_socket *s, const struct send_params *send,
                 struct config_error *e)
{
    if (set_device(s, send, e) || set_mark(s, send, e) || bind_source(s, send, e))
        return -1;
    return s->family == AF_INET ? set_v4(s, send, e) : set_v6(s, send, e);
}

static void explain(const struct icmp_socket *s, const struct send_params *send,
                    const struct config_error *e, char *err, size_t errlen)
{
    char addr[IPADDR_STRLEN];
    if (strcmp(e->option, "--mark") == 0 && (e->err == EPERM || e->err == EACCES)) {
        snprintf(err, errlen,
                 "--mark: setting a firewall mark is not permitted (%s): run as root, or "
                 "'setcap cap_net_raw,cap_net_admin+ep check_multiping'",
                 strerror(e->err));
    } else if (strcmp(e->option, "--source") == 0) {
        ipaddr_format(&send->source[s->family == AF_INET ? 0 : 1], addr, sizeof(addr));
        snprintf(err, errlen, "--source: cannot send from %s: %s%s", addr, strerror(e->err),
                 e->err == EADDRNOTAVAIL ? " (not an address of this machine)" : "");
    } else if (strcmp(e->option, "--interface") == 0) {
        snprintf(err, errlen, "--interface: cannot bind to device '%s': %s", send->interface,
                 strerror(e->err));
    } else {
        snprintf(err, errlen, "%s: the %s socket refused it: %s", e->option,
                 s->family == AF_INET ? "ICMP" : "ICMPv6", strerror(e->err));
    }
}

/* An option a datagram socket does not know, as opposed to a bad value or
 * a missing privilege (which a raw socket would refuse as well). */
static bool refused_by_kind(int err)
{
    return err == ENOPROTOOPT || err == EOPNOTSUPP;
}

int sock_configure(struct icmp_socket *s, const struct send_params *send, char *err, size_t errlen)
{
    struct config_error e = {NULL, 0};
    if (s->fd < 0 || apply(s, send, &e) == 0)
        return 0;
    if (s->mode == SOCK_MODE_AUTO && s->kind == SOCK_KIND_DGRAM && refused_by_kind(e.err)) {
        int family = s->family;
        sock_close(s);
        sock_open(s, family, SOCK_MODE_RAW);
        s->mode = SOCK_MODE_AUTO;
        if (s->fd < 0 || apply(s, send, &e) == 0)
            return 0;
    }
    explain(s, send, &e, err, errlen);
    return -1;
}

/* A UDP socket routed as our requests are (mark included when we may
 * still set it, which we may not after the privilege drop: then the main
 * table's route decides), connected to `to` (nothing is sent): -1 if it
 * cannot be opened, else the socket, and *connect_errno what connect()'s
 * route lookup said (0: a route). */
static int probe_socket(const struct send_params *send, const struct ipaddr *to, int *connect_errno)
{
    int fd = socket(to->family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    struct icmp_socket probe = {.fd = fd, .family = to->family, .kind = SOCK_KIND_DGRAM};
    struct config_error e;
    (void)set_device(&probe, send, &e);
    (void)set_mark(&probe, send, &e);
    (void)bind_source(&probe, send, &e);
    struct sockaddr_storage ss;
    socklen_t len = ipaddr_to_sockaddr(to, &ss);
    ((struct sockaddr_in *)&ss)->sin_port = htons(9); /* same offset in sockaddr_in6 */
    *connect_errno = connect(fd, (struct sockaddr *)&ss, len) == 0 ? 0 : errno;
    return fd;
}

uint32_t sock_path_mtu(const struct send_params *send, const struct ipaddr *to)
{
    int refused;
    int fd = probe_socket(send, to, &refused);
    if (fd < 0)
        return 0;
    int mtu = 0;
    socklen_t mtu_len = sizeof(mtu);
    if (refused == 0)
        (void)getsockopt(fd, to->family == AF_INET ? IPPROTO_IP : IPPROTO_IPV6,
                         to->family == AF_INET ? IP_MTU : IPV6_MTU, &mtu, &mtu_len);
    close(fd);
    return mtu > 0 ? (uint32_t)mtu : 0;
}

int sock_route_errno(const struct send_params *send, const struct ipaddr *to)
{
    int refused;
    int fd = probe_socket(send, to, &refused);
    if (fd < 0)
        return 0;
    close(fd);
    return refused;
}
