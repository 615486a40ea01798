/*
 * sock.c - ICMP socket setup and privilege drop (see sock.h).
 */
#include "sock.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/sock_diag.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <netinet/ip_icmp.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Large enough for a /16's replies to wait while the receiver is busy. */
#define SOCK_BUFFER_BYTES (8 * 1024 * 1024)
#define SOCK_ICMP_FILTER 1 /* ICMP_FILTER of <linux/icmp.h> */

static void set_buffers(int fd)
{
    int size = SOCK_BUFFER_BYTES;
    /* The FORCE variants ignore rmem_max/wmem_max but need CAP_NET_ADMIN;
     * without it the plain ones give what the sysctl allows. */
    if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) < 0)
        (void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
    if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof(size)) < 0)
        (void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof(size));
}

/* Raw sockets see all ICMP: let the kernel drop what we never look at. */
static void set_raw_filter(int fd, int family)
{
    if (family == AF_INET) {
        /* struct icmp_filter of <linux/icmp.h>, which clashes with glibc's
         * headers: one 32-bit mask of the types to block. */
        uint32_t blocked = ~((1u << ICMP_ECHOREPLY) | (1u << ICMP_DEST_UNREACH) |
                             (1u << ICMP_TIME_EXCEEDED) | (1u << ICMP_PARAMETERPROB));
        (void)setsockopt(fd, SOL_RAW, SOCK_ICMP_FILTER, &blocked, sizeof(blocked));
        return;
    }
    struct icmp6_filter filter;
    ICMP6_FILTER_SETBLOCKALL(&filter);
    ICMP6_FILTER_SETPASS(ICMP6_ECHO_REPLY, &filter);
    ICMP6_FILTER_SETPASS(ICMP6_DST_UNREACH, &filter);
    ICMP6_FILTER_SETPASS(ICMP6_PACKET_TOO_BIG, &filter);
    ICMP6_FILTER_SETPASS(ICMP6_TIME_EXCEEDED, &filter);
    (void)setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filter, sizeof(filter));
}

static void set_options(struct icmp_socket *s)
{
    int on = 1;
    set_buffers(s->fd);
    /* Receive times from the kernel; without them the receiver uses its own
     * clock, so a refusal is not an error. */
    (void)setsockopt(s->fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof(on));
    /* The TTL / hop limit replies arrive with, for -v and JSON. */
    if (s->family == AF_INET)
        (void)setsockopt(s->fd, IPPROTO_IP, IP_RECVTTL, &on, sizeof(on));
    else
        (void)setsockopt(s->fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &on, sizeof(on));
    if (s->kind == SOCK_KIND_RAW) {
        set_raw_filter(s->fd, s->family);
        return;
    }
    /* Datagram sockets report ICMP errors only through the error queue. */
    if (s->family == AF_INET)
        (void)setsockopt(s->fd, IPPROTO_IP, IP_RECVERR, &on, sizeof(on));
    else
        (void)setsockopt(s->fd, IPPROTO_IPV6, IPV6_RECVERR, &on, sizeof(on));
}

static int try_open(int family, int type)
{
    int proto = family == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6;
    return socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);
}

void sock_open(struct icmp_socket *s, int family, enum sock_mode mode)
{
    memset(s, 0, sizeof(*s));
    s->fd = -1;
    s->family = family;
    s->mode = mode;
    if (mode != SOCK_MODE_RAW) {
        s->fd = try_open(family, SOCK_DGRAM);
        s->kind = SOCK_KIND_DGRAM;
    }
    if (s->fd < 0 && mode != SOCK_MODE_DGRAM) {
        s->fd = try_open(family, SOCK_RAW);
        s->kind = SOCK_KIND_RAW;
    }
    if (s->fd < 0) {
        s->open_errno = errno;
        s->kind = SOCK_KIND_NONE;
        return;
    }
    set_options(s);
}

/*
 * A raw socket is handed every ICMP packet the machine receives: with many
 * pingers (50 instances of this plugin, say) other people's replies fill
 * its buffer and ours are dropped.  This classic BPF program keeps echo
 * replies carrying our identifier and ICMP errors (their quote is checked
 * in user space); the kernel drops the rest before queueing it.
 */
static int attach_v4_filter(int fd, uint16_t id)
{
    /* Errors: our requests carry no IP options, so a quote of one starts
     * with 0x45 and has the echo request's identifier 20 bytes in; a quote
     * of another shape is kept for the parser to judge. */
    struct sock_filter code[] = {
        BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 0), /* X = IP header length */
        BPF_STMT(BPF_LD | BPF_B | BPF_IND, 0),  /* A = ICMP type */
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ICMP_ECHOREPLY, 0, 2),
        BPF_STMT(BPF_LD | BPF_H | BPF_IND, 4), /* A = identifier */
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, id, 10, 9),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ICMP_DEST_UNREACH, 2, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ICMP_TIME_EXCEEDED, 1, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ICMP_PARAMETERPROB, 0, 6),
        BPF_STMT(BPF_LD | BPF_B | BPF_IND, 8), /* quoted version, IHL */
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x45, 0, 5),
        BPF_STMT(BPF_LD | BPF_B | BPF_IND, 8 + 9), /* quoted protocol */
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_ICMP, 0, 2),
        BPF_STMT(BPF_LD | BPF_H | BPF_IND, 8 + 20 + 4), /* quoted identifier */
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, id, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, 0),      /* drop */
        BPF_STMT(BPF_RET | BPF_K, 0xffff), /* keep */
    };
    struct sock_fprog prog = {.len = sizeof(code) / sizeof(code[0]), .filter = code};
    return setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog));
}

/* The same for ICMPv6, whose raw sockets start at the ICMPv6 header. */
static int attach_v6_filter(int fd, uint16_t id)
{
    /* Errors: the quoted IPv6 header (40 bytes, no extension headers in
     * our requests) must carry ICMPv6 with our identifier. */
    struct sock_filter code[] = {
        BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 0), /* A = ICMPv6 type */
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ICMP6_ECHO_REPLY, 0, 2),
        BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 4), /* A = identifier */
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, id, 8, 7),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ICMP6_DST_UNREACH, 2, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ICMP6_PACKET_TOO_BIG, 1, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ICMP6_TIME_EXCEEDED, 0, 4),
        BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 8 + 6), /* quoted next header */
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_ICMPV6, 0, 2),
        BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 8 + 40 + 4), /* quoted identifier */
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, id, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, 0),      /* drop */
        BPF_STMT(BPF_RET | BPF_K, 0xffff), /* keep */
    };
    struct sock_fprog prog = {.len = sizeof(code) / sizeof(code[0]), .filter = code};
    return setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog));
}

int sock_filter_id(const struct icmp_socket *s, uint16_t id)
{
    if (s->fd < 0 || s->kind != SOCK_KIND_RAW)
        return 0;
    return s->family == AF_INET ? attach_v4_filter(s->fd, id) : attach_v6_filter(s->fd, id);
}

void sock_close(struct icmp_socket *s)
{
    if (s->fd >= 0)
        close(s->fd);
    s->fd = -1;
    s->kind = SOCK_KIND_NONE;
}

uint64_t sock_dropped(const struct icmp_socket *s)
{
    return sock_fd_dropped(s->fd);
}

uint64_t sock_fd_dropped(int fd)
{
    uint32_t info[SK_MEMINFO_VARS];
    socklen_t len = sizeof(info);
    memset(info, 0, sizeof(info));
    if (fd < 0 || getsockopt(fd, SOL_SOCKET, SO_MEMINFO, info, &len) < 0 ||
        len < (SK_MEMINFO_DROPS + 1) * sizeof(info[0]))
        return 0;
    return info[SK_MEMINFO_DROPS];
}

uint16_t sock_dgram_id(const struct icmp_socket *s)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    memset(&ss, 0, sizeof(ss));
    if (s->fd < 0 || getsockname(s->fd, (struct sockaddr *)&ss, &len) < 0)
        return 0;
    if (ss.ss_family == AF_INET)
        return ntohs(((struct sockaddr_in *)&ss)->sin_port);
    return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
}

void sock_explain_failure(const struct icmp_socket *s, char *buf, size_t len)
{
    const char *fam = s->family == AF_INET ? "ICMP" : "ICMPv6";
    static const char *const advice[] = {
        [SOCK_MODE_AUTO] = ("run as root, or 'setcap cap_net_raw+ep check_multiping', or "
                            "allow your group in sysctl net.ipv4.ping_group_range"),
        [SOCK_MODE_DGRAM] = "allow your group in sysctl net.ipv4.ping_group_range",
        [SOCK_MODE_RAW] = "run as root, or 'setcap cap_net_raw+ep check_multiping'",
    };
    if (s->open_errno == EPERM || s->open_errno == EACCES) {
        snprintf(buf, len, "cannot open an %s socket (%s): %s", fam, strerror(s->open_errno),
                 advice[s->mode]);
    } else {
        snprintf(buf, len, "cannot open an %s socket: %s", fam, strerror(s->open_errno));
    }
}

static int set_effective_capabilities(bool raise)
{
    struct __user_cap_header_struct header = {.version = _LINUX_CAPABILITY_VERSION_3};
    struct __user_cap_data_struct data[2];
    if (syscall(SYS_capget, &header, data) < 0)
        return -1;
    for (int i = 0; i < 2; i++)
        data[i].effective = raise ? data[i].permitted : 0;
    return (int)syscall(SYS_capset, &header, data);
}

void sock_suspend_privileges(void)
{
    uid_t ruid, euid, suid;
    if (getresuid(&ruid, &euid, &suid) == 0 && euid != ruid)
        (void)!seteuid(ruid);
    (void)set_effective_capabilities(false);
}

void sock_resume_privileges(void)
{
    uid_t ruid, euid, suid;
    if (getresuid(&ruid, &euid, &suid) == 0 && euid != suid)
        (void)!seteuid(suid);
    (void)set_effective_capabilities(true);
}

static int clear_capabilities(char *err, size_t errlen)
{
    struct __user_cap_header_struct header = {.version = _LINUX_CAPABILITY_VERSION_3};
    struct __user_cap_data_struct data[2];
    memset(data, 0, sizeof(data));
    /* Ambient and bounding sets first: both need capabilities we are about
     * to lose.  Failure there only means they were empty or not ours. */
    (void)prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
    for (int cap = 0; cap <= CAP_LAST_CAP; cap++)
        (void)prctl(PR_CAPBSET_DROP, cap, 0, 0, 0);
    if (syscall(SYS_capset, &header, data) < 0) {
        snprintf(err, errlen, "cannot drop capabilities: %s", strerror(errno));
        return -1;
    }
    return 0;
}

static int drop_ids(char *err, size_t errlen)
{
    uid_t uid = getuid();
    gid_t gid = getgid();
    if (geteuid() == uid && getegid() == gid)
        return 0;
    if (geteuid() == 0 && uid != 0 && setgroups(0, NULL) < 0) {
        snprintf(err, errlen, "cannot drop supplementary groups: %s", strerror(errno));
        return -1;
    }
    if (setresgid(gid, gid, gid) < 0 || setresuid(uid, uid, uid) < 0) {
        snprintf(err, errlen, "cannot drop to uid %u gid %u: %s", (unsigned)uid, (unsigned)gid,
                 strerror(errno));
        return -1;
    }
    return 0;
}

int sock_drop_privileges(char *err, size_t errlen)
{
    if (drop_ids(err, errlen) < 0 || clear_capabilities(err, errlen) < 0)
        return -1;
    /* Nothing we exec (we exec nothing) could regain privilege either. */
    (void)prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    return 0;
}
