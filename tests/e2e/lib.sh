# shellcheck shell=bash
#
# lib.sh - what every end-to-end test shares: network namespaces that are
# always torn down, the network fixtures built inside them, one way to run
# the plugin, and assertions that say what went wrong.
#
# Why namespaces: the plugin must be watched against hosts that are alive,
# partially answering, silent, unreachable and unresolvable, and the only
# safe place to make such hosts is a network nobody else shares.  Every
# address pinged lives in a namespace created here (10.x and fd00::/8 ULA on
# the namespace's loopback, or behind a veth pair whose both ends are in our
# own namespaces); nothing is ever attached to the root namespace.
#
# Invariant: every namespace and every /etc/netns/NAME directory is written
# to the registry in $E2E_STATE *before* it is created, and the EXIT/INT/TERM
# trap removes everything in the registry, so a failing or interrupted test
# leaves nothing behind.  Tests run in subshells; the registry is a file so
# that what a subshell creates is still known to the parent's trap.
#
# Sourced by tests/e2e/run and tests/e2e/valgrind.  Needs root, ip, nft, jq,
# perl (Monitoring::Plugin::Performance) and iputils ping (fixture checks).

E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
E2E_PREFIX="cmpe2e-$$-"
E2E_STATE=$(mktemp -d "/tmp/cmpe2e-$$.XXXXXX") || exit 1
: >"$E2E_STATE/namespaces"
: >"$E2E_STATE/etcdirs"
echo 0 >"$E2E_STATE/seq"

# Wrapper put in front of the plugin (tests/e2e/valgrind sets it).
E2E_WRAPPER=()
# Safety net only: a plugin that hangs is killed after this many seconds and
# the run reports exit 124; the plugin's own -t is what tests measure.
E2E_HANG_LIMIT=${E2E_HANG_LIMIT:-30}

e2e_require_root() {
    if [ "$(id -u)" -ne 0 ]; then
        echo "tests/e2e: must be run as root (it creates network namespaces);" \
            "try: sudo make e2e" >&2
        exit 1
    fi
}

e2e_require_tools() {
    local tool
    for tool in ip nft jq python3 perl ping getent timeout; do
        command -v "$tool" >/dev/null || {
            echo "tests/e2e: '$tool' is needed and not installed" >&2
            exit 1
        }
    done
    perl -MMonitoring::Plugin::Performance -e 1 2>/dev/null || {
        echo "tests/e2e: Perl Monitoring::Plugin::Performance is needed" \
            "(Debian: libmonitoring-plugin-perl)" >&2
        exit 1
    }
}

e2e_require_plugin() {
    if [ -z "${CHECK_MULTIPING:-}" ]; then
        CHECK_MULTIPING="$E2E_DIR/../../build/check_multiping"
    fi
    if [ ! -x "$CHECK_MULTIPING" ]; then
        echo "tests/e2e: plugin binary '$CHECK_MULTIPING' not found or not executable;" \
            "build it with make or set CHECK_MULTIPING" >&2
        exit 1
    fi
    CHECK_MULTIPING=$(cd "$(dirname "$CHECK_MULTIPING")" && pwd)/$(basename "$CHECK_MULTIPING")
}

# ---------------------------------------------------------------- teardown

e2e_cleanup() {
    local ns dir
    while read -r ns; do
        [ -n "$ns" ] && ip netns del "$ns" 2>/dev/null
    done <"$E2E_STATE/namespaces"
    # Belt and braces: anything with our prefix that the registry missed.
    for ns in $(ip netns list 2>/dev/null | awk '{print $1}'); do
        case $ns in "$E2E_PREFIX"*) ip netns del "$ns" 2>/dev/null ;; esac
    done
    while read -r dir; do
        [ -n "$dir" ] && rm -rf "/etc/netns/$dir"
    done <"$E2E_STATE/etcdirs"
    if [ -e "$E2E_STATE/created-etc-netns" ]; then
        rmdir /etc/netns 2>/dev/null && rm -f "$E2E_STATE/created-etc-netns"
    fi
    : >"$E2E_STATE/namespaces"
    : >"$E2E_STATE/etcdirs"
}

e2e_teardown() {
    [ -d "${E2E_STATE:-}" ] || return 0
    e2e_cleanup
    rm -rf "$E2E_STATE"
}

trap 'e2e_teardown' EXIT
trap 'e2e_teardown; trap - EXIT; exit 130' INT
trap 'e2e_teardown; trap - EXIT; exit 143' TERM

# ---------------------------------------------------------------- failures

# fail MESSAGE: end the current test (a subshell) with a reason.
fail() {
    printf '%s\n' "$*" >"$E2E_STATE/why"
    exit 1
}

skip() {
    printf '%s\n' "$*" >"$E2E_STATE/why"
    exit 77
}

# A short picture of the last run for failure messages.
run_context() {
    local out
    out=$(head -c 600 "$RUN_DIR/out" | awk '{ printf "%s\\n", $0 }')
    printf 'rc=%s, %s ms, stdout: %s' "$RUN_RC" "$RUN_MS" "$out"
    if [ -s "$RUN_DIR/err" ]; then
        printf ', stderr: %s' "$(head -c 300 "$RUN_DIR/err" | tr '\n' ' ')"
    fi
}

# ---------------------------------------------------------------- namespaces

# ns_new: create an empty namespace with lo up; its name in $REPLY.
ns_new() {
    local n
    n=$(($(cat "$E2E_STATE/seq") + 1))
    echo "$n" >"$E2E_STATE/seq"
    REPLY="${E2E_PREFIX}$n"
    echo "$REPLY" >>"$E2E_STATE/namespaces"
    ip netns add "$REPLY" || fail "ip netns add $REPLY failed"
    ip -n "$REPLY" link set lo up || fail "lo up in $REPLY failed"
}

# nsx NS CMD...: run a fixture command in NS, failing the test if it fails.
nsx() {
    local ns=$1
    shift
    ip netns exec "$ns" "$@" >/dev/null 2>"$E2E_STATE/nsx.err" ||
        fail "fixture command failed in $ns: $* ($(tr '\n' ' ' <"$E2E_STATE/nsx.err"))"
}

# fx_alive NS: every address of 10.1.0.0/24, 10.1.1.0/24 and fd00:1::/120
# is local to the namespace, so each answers echo requests.
fx_alive() {
    nsx "$1" ip route add local 10.1.0.0/24 dev lo
    nsx "$1" ip route add local 10.1.1.0/24 dev lo
    nsx "$1" ip -6 route add local fd00:1::/120 dev lo
}

# fx_unreachable_routes NS: sending to 10.9.0.0/24 or fd00:9::/64 fails at
# sendto() with "no route to host".
fx_unreachable_routes() {
    nsx "$1" ip route add unreachable 10.9.0.0/24
    nsx "$1" ip -6 route add unreachable fd00:9::/64
}

# fx_filters NS: the nft table that makes hosts silent (@dead4/@dead6) or
# answer only their first echo request (@partial4/@partial6: the first
# request adds the address to @seen*, later ones are dropped while it is
# there).  Only echo requests are dropped, so other traffic is untouched.
#
# The drops are on the input hook, where the request arrives back from lo,
# and not on output: a packet dropped on output makes the sender's sendto()
# fail with EPERM, which is a send error (unreachable), not silence.
fx_filters() {
    ip netns exec "$1" nft -f - <<'EOF' || fail "nft table setup failed in $1"
table inet e2e {
    set dead4 { type ipv4_addr; }
    set dead6 { type ipv6_addr; }
    set partial4 { type ipv4_addr; }
    set partial6 { type ipv6_addr; }
    set seen4 { type ipv4_addr; flags timeout; }
    set seen6 { type ipv6_addr; flags timeout; }
    chain input {
        type filter hook input priority 0;
        ip daddr @dead4 icmp type echo-request drop
        ip6 daddr @dead6 icmpv6 type echo-request drop
        ip daddr @partial4 ip daddr @seen4 icmp type echo-request drop
        ip daddr @partial4 icmp type echo-request add @seen4 { ip daddr timeout 30s }
        ip6 daddr @partial6 ip6 daddr @seen6 icmpv6 type echo-request drop
        ip6 daddr @partial6 icmpv6 type echo-request add @seen6 { ip6 daddr timeout 30s }
    }
}
EOF
}

# fx_set NS SET ADDR...: add addresses to an nft set.
fx_set() {
    local ns=$1 set=$2
    shift 2
    local IFS=,
    nsx "$ns" nft add element inet e2e "$set" "{ $* }"
}

# fx_reset_partial NS: forget which partial hosts were seen, so that the
# next run again gets exactly one answer per partial host.  Call before
# every plugin run in a namespace with partial hosts.
fx_reset_partial() {
    nsx "$1" nft flush set inet e2e seen4
    nsx "$1" nft flush set inet e2e seen6
}

# fx_names NS "ADDR NAME..."...: /etc/netns/NS/hosts (bind-mounted over
# /etc/hosts by ip netns exec) with the given lines, and a resolv.conf
# pointing at a port nobody listens on, so unknown names fail at once.
fx_names() {
    local ns=$1 line
    shift
    if [ ! -d /etc/netns ]; then
        mkdir /etc/netns || fail "cannot create /etc/netns"
        touch "$E2E_STATE/created-etc-netns"
    fi
    echo "$ns" >>"$E2E_STATE/etcdirs"
    mkdir "/etc/netns/$ns" || fail "cannot create /etc/netns/$ns"
    {
        echo "127.0.0.1 localhost"
        echo "::1 localhost ip6-localhost"
        for line in "$@"; do echo "$line"; done
    } >"/etc/netns/$ns/hosts"
    echo "nameserver 127.0.0.1" >"/etc/netns/$ns/resolv.conf"
}

# fx_link A IF_A B IF_B NET4 NET6: a veth pair from namespace A to B, up,
# with NET4.1/30 and NET6:1/64 on A's side, NET4.2/30 and NET6:2/64 on B's
# (fx_link a e2e0 b e2e1 10.7.0 fd00:7: gives 10.7.0.1 and fd00:7::1).
fx_link() {
    nsx "$1" ip link add "$2" type veth peer name "$4" netns "$3"
    nsx "$1" ip addr add "$5.1/30" dev "$2"
    nsx "$1" ip addr add "$6:1/64" dev "$2" nodad
    nsx "$1" ip link set "$2" up
    nsx "$3" ip addr add "$5.2/30" dev "$4"
    nsx "$3" ip addr add "$6:2/64" dev "$4" nodad
    nsx "$3" ip link set "$4" up
}

# fx_forwarding ROUTER: forwards both families and sends every ICMP error
# it has to (no rate limit).
fx_forwarding() {
    nsx "$1" sysctl -q -w net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 \
        net.ipv4.icmp_ratelimit=0 net.ipv4.icmp_ratemask=0 net.ipv6.icmp.ratelimit=0
}

# fx_router NS ROUTER: ROUTER is a second namespace joined to NS by a veth
# pair (10.7.0.1/30 and fd00:7::1/64 on NS's side).  NS routes 10.8.0.0/24
# and fd00:8::/64 through it, and the router answers every packet for them
# with an ICMP "host unreachable" (v4) / "address unreachable" (v6).
#
# The router answers from an nft reject rule rather than an "unreachable"
# route because the kernel rate-limits the route's ICMP errors per source
# host (a burst of 5, then 1 per second, tunable only in the root
# namespace), which would turn later hosts of a run into "dead".  The
# reject path is limited only by the per-namespace icmp ratelimit/ratemask,
# which are switched off in the router.
fx_router() {
    local ns=$1 rt=$2
    fx_link "$ns" e2e0 "$rt" e2e1 10.7.0 fd00:7:
    nsx "$ns" ip route add 10.8.0.0/24 via 10.7.0.2
    nsx "$ns" ip -6 route add fd00:8::/64 via fd00:7::2
    fx_forwarding "$rt"
    # The forwarded packets need a route to reach the forward hook; a veth
    # pair kept inside the router is the sink (this kernel has no dummy).
    nsx "$rt" ip link add sink0 type veth peer name sink1
    nsx "$rt" ip link set sink0 up
    nsx "$rt" ip link set sink1 up
    nsx "$rt" ip route add 10.8.0.0/24 dev sink0
    nsx "$rt" ip -6 route add fd00:8::/64 dev sink0
    ip netns exec "$rt" nft -f - <<'EOF' || fail "nft router setup failed in $rt"
table inet e2e {
    chain forward {
        type filter hook forward priority 0;
        ip daddr 10.8.0.0/24 reject with icmp type host-unreachable
        ip6 daddr fd00:8::/64 reject with icmpv6 type addr-unreachable
    }
}
EOF
}

# fx_router_alternating NS ROUTER HOST: three namespaces in a line, NS -
# ROUTER - HOST (veth pairs 10.7.0.0/30, fd00:7::/64 and 10.6.0.0/30,
# fd00:6::/64).  HOST owns 10.8.1.0/24 and fd00:8:1::/64 and answers their
# echo requests; ROUTER forwards them, but rejects every second one of
# each family (the 1st, 3rd, ...; a counter per family, so one host per
# family in a run keeps the pattern) with an ICMP "host unreachable" /
# "address unreachable" of its own, from 10.7.0.2 / fd00:7::2.  With an even
# count per run the counters come back to the same phase: each run sees
# error, reply, error, reply.
fx_router_alternating() {
    local ns=$1 rt=$2 host=$3
    fx_link "$ns" e2e0 "$rt" e2e1 10.7.0 fd00:7:
    nsx "$ns" ip route add 10.8.1.0/24 via 10.7.0.2
    nsx "$ns" ip -6 route add fd00:8:1::/64 via fd00:7::2
    fx_link "$rt" e2e2 "$host" e2e3 10.6.0 fd00:6:
    nsx "$rt" ip route add 10.8.1.0/24 via 10.6.0.2
    nsx "$rt" ip -6 route add fd00:8:1::/64 via fd00:6::2
    fx_forwarding "$rt"
    nsx "$host" ip route add default via 10.6.0.1
    nsx "$host" ip -6 route add default via fd00:6::1
    nsx "$host" ip route add local 10.8.1.0/24 dev lo
    nsx "$host" ip -6 route add local fd00:8:1::/64 dev lo
    ip netns exec "$rt" nft -f - <<'EOF' || fail "nft router setup failed in $rt"
table inet e2e {
    chain forward {
        type filter hook forward priority 0;
        ip daddr 10.8.1.0/24 icmp type echo-request numgen inc mod 2 0 \
            reject with icmp type host-unreachable
        ip6 daddr fd00:8:1::/64 icmpv6 type echo-request numgen inc mod 2 0 \
            reject with icmpv6 type addr-unreachable
    }
}
EOF
    # Both hops settled (links up, neighbours known) before anyone counts
    # replies: a fresh veth may lose the first packets while IPv6 neighbour
    # discovery runs.  The host's link addresses are outside the rule's
    # prefixes, so the warm-up does not move its counter.
    local a n
    for a in 10.6.0.2 fd00:6::2; do
        for n in $(seq 50); do
            ip netns exec "$ns" ping -c 1 -W 1 "$a" >/dev/null 2>&1 && break
            sleep 0.1
        done
    done
}

# ---------------------------------------------------------------- the mixed network

# One namespace holding every class of host.  $MIXED_ARGS pings 26 hosts:
#   alive 11:       10.1.0.0/29 (6), alpha, beta (names), fd00:1::1,
#                   fd00:1::2, six (name of fd00:1::10)
#   partial 4:      10.1.0.20-22, fd00:1::20
#   dead 6:         10.1.0.30-33, ghost (name of 10.1.0.34), fd00:1::30
#   unreachable 3:  10.9.0.1, 10.9.0.2, fd00:9::1 (send error)
#   unresolved 2:   nosuch.invalid, missing.invalid
# down = 11.  With -n 2 the plugin sends 2 requests to each resolved host
# and receives 11*2 + 4*1 = 26 replies.
# shellcheck disable=SC2034,SC2054 # used by the scripts that source this
MIXED_ARGS=(-H 10.1.0.0/29,alpha,beta -H 10.1.0.20-22 -H 10.1.0.30-33,ghost
    fd00:1::1 fd00:1::2 six fd00:1::20 fd00:1::30
    10.9.0.1 10.9.0.2 fd00:9::1 nosuch.invalid missing.invalid)
# shellcheck disable=SC2034
MIXED_COUNTS=(26 11 4 6 3 2)
# shellcheck disable=SC2034
MIXED_DEAD=(10.1.0.30 10.1.0.31 10.1.0.32 10.1.0.33 ghost fd00:1::30)
# shellcheck disable=SC2034
MIXED_UNREACHABLE=(10.9.0.1 10.9.0.2 fd00:9::1)
# shellcheck disable=SC2034
MIXED_UNRESOLVED=(nosuch.invalid missing.invalid)
# shellcheck disable=SC2034
MIXED_PARTIAL=(10.1.0.20 10.1.0.21 10.1.0.22 fd00:1::20)

# mixed_ns: build the mixed network in a new namespace; name in $REPLY.
mixed_ns() {
    ns_new
    local ns=$REPLY
    fx_alive "$ns"
    fx_unreachable_routes "$ns"
    fx_filters "$ns"
    fx_set "$ns" dead4 10.1.0.30 10.1.0.31 10.1.0.32 10.1.0.33 10.1.0.34
    fx_set "$ns" dead6 fd00:1::30
    fx_set "$ns" partial4 10.1.0.20 10.1.0.21 10.1.0.22
    fx_set "$ns" partial6 fd00:1::20
    fx_names "$ns" "10.1.0.10 alpha" "10.1.0.11 beta" "10.1.0.34 ghost" "fd00:1::10 six"
    REPLY=$ns
}

# ---------------------------------------------------------------- running the plugin

# run_plugin NS ARGS...: run the plugin inside NS.  Sets RUN_RC, RUN_MS
# (wall time), RUN_FIRST (first stdout line); stdout and stderr are in
# $RUN_DIR/out and $RUN_DIR/err.  Stdin is /dev/null unless RUN_STDIN names
# a file.
run_plugin() {
    local ns=$1 t0 t1
    shift
    RUN_DIR=$E2E_STATE/run
    mkdir -p "$RUN_DIR"
    t0=$(date +%s%N)
    timeout -k 5 "$E2E_HANG_LIMIT" ip netns exec "$ns" \
        "${E2E_WRAPPER[@]}" "$CHECK_MULTIPING" "$@" \
        <"${RUN_STDIN:-/dev/null}" >"$RUN_DIR/out" 2>"$RUN_DIR/err"
    RUN_RC=$?
    t1=$(date +%s%N)
    RUN_MS=$(((t1 - t0) / 1000000))
    RUN_FIRST=$(head -n 1 "$RUN_DIR/out")
}

state_code() {
    case $1 in
    OK) echo 0 ;; WARNING) echo 1 ;; CRITICAL) echo 2 ;; UNKNOWN) echo 3 ;; *) echo 99 ;;
    esac
}

# expect_rc CODE [WHAT]
expect_rc() {
    [ "$RUN_RC" = "$1" ] || fail "${2:-run}: expected exit $1, got $RUN_RC ($(run_context))"
}

# expect_summary STATE HOSTS ALIVE PARTIAL DEAD UNREACHABLE UNRESOLVED [WHAT]:
# the exact first-line counts and the matching exit code.
expect_summary() {
    local want="MULTIPING $1 - $2 hosts: $3 alive, $4 partial, $5 dead, $6 unreachable, $7 unresolved"
    local what=${8:-run}
    case $RUN_FIRST in
    "$want" | "$want "* | "$want;"* | "$want|"*) ;;
    *) fail "$what: expected first line '$want ...', got '$RUN_FIRST' ($(run_context))" ;;
    esac
    expect_rc "$(state_code "$1")" "$what"
}

# expect_max_ms MS WHAT
expect_max_ms() {
    [ "$RUN_MS" -le "$1" ] || fail "$2: took $RUN_MS ms, limit $1 ms ($(run_context))"
}

# expect_one_line_error RC WHAT REGEX...: a failure before any ping: exit RC,
# exactly one line of output (stdout and stderr together), starting with
# "MULTIPING UNKNOWN", matching every extended REGEX given.
expect_one_line_error() {
    local rc=$1 what=$2 re lines
    shift 2
    expect_rc "$rc" "$what"
    lines=$(cat "$RUN_DIR/out" "$RUN_DIR/err" | grep -c .)
    [ "$lines" -eq 1 ] || fail "$what: expected exactly one line of output, got $lines ($(run_context))"
    case $RUN_FIRST in
    "MULTIPING UNKNOWN - "*) ;;
    *) fail "$what: expected stdout 'MULTIPING UNKNOWN - ...' ($(run_context))" ;;
    esac
    for re in "$@"; do
        grep -Eq -- "$re" "$RUN_DIR/out" ||
            fail "$what: message does not match /$re/ ($(run_context))"
    done
}

# has_token LINE TOKEN: LINE names TOKEN (an address or a host name) as a
# whole word, so that 10.1.0.3 does not match 10.1.0.30.
has_token() {
    local tok
    tok=$(printf '%s' "$2" | sed 's/[.]/\\./g')
    # After the token: the end, a separator, or a ':' that ends it
    # ("web1: ...", "fd00::1: ...") rather than continuing an address.
    printf '%s\n' "$1" |
        grep -Eq "(^|[^0-9A-Za-z.:-])${tok}(\$|[^0-9A-Za-z.:-]|:[^0-9A-Za-z])"
}

# long_lines REGEX: the long-output lines (after the first) starting with
# REGEX (extended), one per line.
long_lines() {
    tail -n +2 "$RUN_DIR/out" | grep -E -- "^$1" || true
}

# perfdata: every perfdata item of the last run, on one line: the part of
# the first line after '|' and, per the plugin guidelines, the part of the
# long output after a later '|'.
perfdata() {
    awk 'NR == 1 { i = index($0, "|"); if (i) printf "%s ", substr($0, i + 1); next }
         more { printf "%s ", $0; next }
         { i = index($0, "|"); if (i) { more = 1; printf "%s ", substr($0, i + 1) } }' \
        "$RUN_DIR/out"
}

# ---------------------------------------------------------------- the runner

# e2e_run_tests NAME...: run each t_NAME in a subshell, tear down what it
# built, print "ok - NAME" / "not ok - NAME: why" and the final
# "N passed, M failed[, K skipped]".  Returns 1 if any failed.
e2e_run_tests() {
    local name rc why passed=0 failed=0 skipped=0 start t0
    start=$(date +%s%N)
    for name in "$@"; do
        if ! declare -F "t_$name" >/dev/null; then
            echo "not ok - $name: no such test"
            failed=$((failed + 1))
            continue
        fi
        rm -f "$E2E_STATE/why"
        t0=$(date +%s%N)
        ("t_$name")
        rc=$?
        e2e_cleanup
        why=$(cat "$E2E_STATE/why" 2>/dev/null)
        [ -n "${E2E_TIMES:-}" ] && echo "# $name: $((($(date +%s%N) - t0) / 1000000)) ms"
        if [ "$rc" -eq 0 ]; then
            echo "ok - $name"
            passed=$((passed + 1))
        elif [ "$rc" -eq 77 ]; then
            echo "ok - $name # skip: $why"
            skipped=$((skipped + 1))
        else
            echo "not ok - $name: ${why:-exited $rc}"
            failed=$((failed + 1))
        fi
    done
    echo "# $((($(date +%s%N) - start) / 1000000)) ms"
    if [ "$skipped" -gt 0 ]; then
        echo "$passed passed, $failed failed, $skipped skipped"
    else
        echo "$passed passed, $failed failed"
    fi
    [ "$failed" -eq 0 ]
}
