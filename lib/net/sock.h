/*
 * sock.h - opening the ICMP sockets, and giving up privilege afterwards.
 *
 * Order of preference, as careful pingers do: an unprivileged ICMP datagram
 * socket (SOCK_DGRAM/IPPROTO_ICMP{,V6}; allowed when the caller's group is in
 * net.ipv4.ping_group_range), else a raw socket (root or cap_net_raw).  With
 * a datagram socket the kernel chooses the echo identifier and delivers only
 * replies carrying it; with a raw socket we see every ICMP packet on the
 * machine and filter ourselves (icmp.h, engine.c).
 *
 * Both families are opened before anything else happens, and shaped by the
 * run's send parameters right away (sock_configure, in sock_config.c: the
 * firewall mark needs the privilege too), so that privilege can be dropped
 * (sock_drop_privileges) before host files are read or names resolved:
 * nothing after that point runs with more than the real user's rights.
 */
#ifndef MULTIPING_SOCK_H
#define MULTIPING_SOCK_H

#include "send_params.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum sock_mode {
    SOCK_MODE_AUTO = 0, /* datagram, else raw */
    SOCK_MODE_DGRAM,
    SOCK_MODE_RAW,
};

enum sock_kind {
    SOCK_KIND_NONE = 0,
    SOCK_KIND_DGRAM,
    SOCK_KIND_RAW,
};

struct icmp_socket {
    int fd;     /* -1 when not open */
    int family; /* AF_INET or AF_INET6 */
    enum sock_kind kind;
    int open_errno;      /* why it is not open (the last attempt's errno) */
    enum sock_mode mode; /* what was asked for: the advice on failure depends on it */
};

/* Open one family's socket in the given mode; on failure fd is -1 and
 * open_errno says why.  Never fails otherwise: the caller decides whether a
 * missing family matters (it does only if a host of that family exists). */
void sock_open(struct icmp_socket *s, int family, enum sock_mode mode);
void sock_close(struct icmp_socket *s);

/*
 * Shape an open socket (fd -1: nothing to do) by the send parameters:
 * device, mark, source address, TOS / traffic class, TTL / hop limit,
 * don't-fragment (sock_config.c).  Call it with privileges resumed: the
 * mark needs them.  Under --socket=auto a datagram socket that does not
 * know an option is replaced by a raw one.  Returns 0, or -1 with one line
 * naming the option and what to do ("--mark: ... setcap ...").
 */
int sock_configure(struct icmp_socket *s, const struct send_params *send, char *err, size_t errlen);

/*
 * The path MTU the kernel knows towards `to` for requests leaving as the
 * send parameters say, or 0 if it cannot tell.  For the reason of a
 * request refused with EMSGSIZE under --dont-fragment; opens and closes a
 * UDP socket (nothing is sent), so only for that rare path.
 */
uint32_t sock_path_mtu(const struct send_params *send, const struct ipaddr *to);

/*
 * What the kernel's route lookup says of `to` for requests leaving as the
 * send parameters say: 0 (a route), or the errno connect() gives
 * (ENETUNREACH, EHOSTUNREACH, EACCES ...); 0 too if it cannot tell.  Like
 * sock_path_mtu(), a UDP socket opened and closed, nothing sent: for the
 * rare path of a send that failed with an error an ICMP error could also
 * have left on the socket (sender.c, transmit()).
 */
int sock_route_errno(const struct send_params *send, const struct ipaddr *to);

/* Raw sockets: have the kernel drop echo replies that do not carry our
 * identifier (and everything but replies and errors).  0, or -1 (the
 * socket then still works, unfiltered). */
int sock_filter_id(const struct icmp_socket *s, uint16_t id);

/* How many packets the kernel dropped on this socket for want of buffer
 * space (SO_MEMINFO).  A dropped reply must not pass for a dead host, so a
 * run with drops cannot be trusted.  Packets a filter rejected do not count. */
uint64_t sock_dropped(const struct icmp_socket *s);
/* The same for any socket (the resolver's). */
uint64_t sock_fd_dropped(int fd);

/* The echo identifier the kernel bound a datagram socket to (its local
 * "port"), valid after the first send; 0 if unknown. */
uint16_t sock_dgram_id(const struct icmp_socket *s);

/* One line telling the user what to do when no socket could be opened. */
void sock_explain_failure(const struct icmp_socket *s, char *buf, size_t len);

/*
 * Until the sockets are open, run with the real user's rights: the
 * effective uid becomes the real one (the saved uid keeps a setuid
 * install's) and the effective capability set is emptied (the permitted
 * one keeps cap_net_raw).  sock_resume_privileges() undoes both just for
 * sock_open(); sock_drop_privileges() then makes it final.  Errors here are
 * not fatal: without privilege there is nothing to suspend.
 */
void sock_suspend_privileges(void);
void sock_resume_privileges(void);

/*
 * Give up every privilege: clear all capabilities (effective, permitted,
 * inheritable, ambient, bounding where allowed) and set the real uid/gid as
 * effective and saved ids.  Run as plain root (uid 0, not setuid) it keeps
 * uid 0 but still clears the capability sets.  Returns 0, or -1 with a
 * message.
 */
int sock_drop_privileges(char *err, size_t errlen);

#endif
