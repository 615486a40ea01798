# shellcheck shell=bash
#
# lib.sh - the benchmark network, shared by bench/run and bench/idle-cpu: one
# network namespace whose loopback answers whole prefixes, with nftables
# rules that make some of them silent or half-answering, and a trap that
# always removes it.
#
# Why one namespace on lo: the benchmark compares pinger cost, not network
# cost, so every reply comes from the kernel's own loopback in microseconds
# and whatever time remains is the tool's.  Only addresses inside the
# namespace are ever pinged; nothing is attached to the root namespace.
#
# The address plan (what bench.py's truth tables rely on):
#   10.1.0.0/16    alive     (local route)
#   10.2.0.0/16    dead      (local route, echo requests dropped on input)
#   10.3.0.0/16    partial   (local route; the first echo request per
#                             address and ICMP identifier passes and is
#                             remembered in @seen, later ones are dropped,
#                             so exactly 1 of 2 is answered per run)
#   10.4.0.0/14    alive     (local route; the /14 scale case)
#   10.9.0.0/24    unreachable (sendto fails: "no route to host")
#   fd00:1::/112   alive     (IPv6 local route)
#
# @seen is keyed by address *and* ICMP identifier so that concurrent
# instances (each with its own identifier) each get their one answer; it
# must be flushed between runs (bench_flush_seen).  Drops are on the input
# hook: a drop on output makes sendto() fail with EPERM, which pingers
# report as unreachable rather than silent.

BENCH_PREFIX="cmpbench-$$-"
BENCH_NS=""
BENCH_TMP=""
BENCH_CHILD="" # pid of the command bench_run_child waits for

bench_require_root() {
    if [ "$(id -u)" -ne 0 ]; then
        echo "bench: must be run as root (it creates a network namespace)" >&2
        exit 1
    fi
}

# bench_require_tools TOOL...: every TOOL is an executable path or command.
bench_require_tools() {
    local t missing=()
    for t in "$@"; do
        command -v "$t" >/dev/null 2>&1 || missing+=("$t")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "bench: missing: ${missing[*]}" \
            "(Debian: apt-get install fping monitoring-plugins-basic time nftables iproute2 python3)" >&2
        exit 1
    fi
}

bench_teardown() {
    local ns
    # The measuring helper first: it stops the tools it started (each runs
    # in its own process group), so nothing is left pinging a dying network.
    if [ -n "${BENCH_CHILD:-}" ] && kill -0 "$BENCH_CHILD" 2>/dev/null; then
        kill -TERM "$BENCH_CHILD" 2>/dev/null
        wait "$BENCH_CHILD" 2>/dev/null
    fi
    BENCH_CHILD=""
    [ -n "$BENCH_NS" ] && ip netns del "$BENCH_NS" 2>/dev/null
    # Anything with our prefix that a half-finished setup left behind.
    for ns in $(ip netns list 2>/dev/null | awk '{print $1}'); do
        case $ns in "$BENCH_PREFIX"*) ip netns del "$ns" 2>/dev/null ;; esac
    done
    BENCH_NS=""
    if [ -n "$BENCH_TMP" ] && [ -d "$BENCH_TMP" ]; then
        rm -rf "$BENCH_TMP"
    fi
    BENCH_TMP=""
}

bench_install_trap() {
    trap 'bench_teardown' EXIT
    trap 'bench_teardown; trap - EXIT; exit 130' INT
    trap 'bench_teardown; trap - EXIT; exit 143' TERM
}

bench_die() {
    echo "bench: $*" >&2
    exit 1
}

# bench_in_ns CMD...: run a setup command inside the namespace.
bench_in_ns() {
    ip netns exec "$BENCH_NS" "$@" || bench_die "setup command failed in $BENCH_NS: $*"
}

# bench_setup NAME: build the network in namespace ${BENCH_PREFIX}NAME and a
# scratch directory in $BENCH_TMP.
bench_setup() {
    BENCH_TMP=$(mktemp -d "/tmp/${BENCH_PREFIX}XXXXXX") || bench_die "mktemp failed"
    BENCH_NS="${BENCH_PREFIX}$1"
    ip netns add "$BENCH_NS" || bench_die "ip netns add $BENCH_NS failed"
    bench_in_ns ip link set lo up
    bench_in_ns ip route add local 10.1.0.0/16 dev lo
    bench_in_ns ip route add local 10.2.0.0/16 dev lo
    bench_in_ns ip route add local 10.3.0.0/16 dev lo
    bench_in_ns ip route add local 10.4.0.0/14 dev lo
    bench_in_ns ip route add unreachable 10.9.0.0/24
    bench_in_ns ip -6 route add local fd00:1::/112 dev lo
    # Datagram ICMP sockets for every group, so --socket=dgram works as root.
    bench_in_ns sysctl -q -w net.ipv4.ping_group_range="0 2147483647"
    ip netns exec "$BENCH_NS" nft -f - <<'EOF' || bench_die "nft setup failed in $BENCH_NS"
table inet bench {
    set seen { typeof ip daddr . icmp id; size 262144; flags timeout; }
    chain input {
        type filter hook input priority 0;
        ip daddr 10.2.0.0/16 icmp type echo-request drop
        ip daddr 10.3.0.0/16 icmp type echo-request ip daddr . icmp id @seen drop
        ip daddr 10.3.0.0/16 icmp type echo-request add @seen { ip daddr . icmp id timeout 120s }
    }
}
EOF
}

bench_flush_seen() {
    ip netns exec "$BENCH_NS" nft flush set inet bench seen
}

# bench_run_child CMD...: run CMD in the background and wait for it, so that
# INT/TERM reach our trap at once (bash runs traps only between foreground
# commands) and the trap can stop CMD.  Returns CMD's exit status.
bench_run_child() {
    "$@" &
    BENCH_CHILD=$!
    wait "$BENCH_CHILD"
    local rc=$?
    BENCH_CHILD=""
    return $rc
}
