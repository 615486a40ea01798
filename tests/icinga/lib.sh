# shellcheck shell=bash
#
# lib.sh - what tests/icinga/run needs besides the tests themselves:
# dependencies, a cleanup registry, network namespaces, throw-away Icinga 2
# daemons with private directories and certificates, API queries, perfdata
# parsing and the ok/not ok bookkeeping.
#
# Why a private daemon: the test must not touch the distribution's Icinga 2
# (its /etc/icinga2, /var/lib/icinga2, its service).  Icinga 2.13 takes every
# path as a Configuration.* constant on the command line (-D), so one
# daemon lives entirely in its node directory: config, data, certificates,
# cache, spool, logs, pid file.  It runs as root (RunAsUser/RunAsGroup=root)
# because the plugin wrapper calls `ip netns exec`.
#
# Invariant: every namespace and every daemon is written to the registry in
# $ICT_STATE *before* it is created, and the EXIT/INT/TERM trap stops every
# daemon, deletes every namespace and removes $ICT_STATE (all node
# directories live below it), so a failing or interrupted run leaves
# nothing behind.  ICINGA_KEEP=1 keeps the directory for a post-mortem.

ICT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ICT_REPO=$(cd "$ICT_DIR/../.." && pwd)
ICT_PREFIX="cmpicinga-$$-"
ICT_API_USER=multiping-test
ICT_PASSED=0
ICT_FAILED=0

# ---------------------------------------------------------------- setup

ict_require_root() {
    if [ "$(id -u)" -ne 0 ]; then
        echo "tests/icinga: must be run as root (it installs packages and" \
            "creates network namespaces)" >&2
        exit 1
    fi
}

# Debian's Icinga 2 and the tools the test drives it with.  The packages'
# maintainer scripts would start the distribution's icinga2 service; a
# policy-rc.d that denies every start (the standard Debian hook) is put in
# place for the install, unless one is there already.
ict_install_deps() {
    local packages=(icinga2-bin icinga2-common curl jq iproute2 nftables procps php-cli rrdtool)
    local missing=() p policy=/usr/sbin/policy-rc.d
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
            missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "# installing ${missing[*]}"
    local own_policy=0
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\n# tests/icinga: no service starts during the install\nexit 101\n' >"$policy"
        chmod 755 "$policy"
        own_policy=1
    fi
    local rc=0
    {
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq &&
            apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    } || rc=$?
    [ $own_policy -eq 1 ] && rm -f "$policy"
    if [ $rc -ne 0 ]; then
        echo "tests/icinga: installing ${missing[*]} failed" >&2
        exit 1
    fi
}

# The plugin: $CHECK_MULTIPING, else build/check_multiping (built if absent).
ict_require_plugin() {
    if [ -z "${CHECK_MULTIPING:-}" ]; then
        CHECK_MULTIPING=$ICT_REPO/build/check_multiping
        [ -x "$CHECK_MULTIPING" ] || make -C "$ICT_REPO" -s >&2 || true
    fi
    if [ ! -x "$CHECK_MULTIPING" ]; then
        echo "tests/icinga: plugin '$CHECK_MULTIPING' not found; run make" \
            "(scripts/deps installs the build tools) or set CHECK_MULTIPING" >&2
        exit 1
    fi
    CHECK_MULTIPING=$(cd "$(dirname "$CHECK_MULTIPING")" && pwd)/$(basename "$CHECK_MULTIPING")
}

ict_require_contrib() {
    ICT_CONTRIB=$ICT_REPO/contrib/icinga2/check_multiping.conf
    if [ ! -r "$ICT_CONTRIB" ]; then
        echo "tests/icinga: $ICT_CONTRIB is missing" >&2
        exit 1
    fi
}

# ---------------------------------------------------------------- registry

ICT_STATE=$(mktemp -d "/tmp/cmpicinga-$$.XXXXXX") || exit 1
chmod 700 "$ICT_STATE"
: >"$ICT_STATE/namespaces"
: >"$ICT_STATE/daemons"

# ict_stop_daemon PID: the umbrella process alone gets SIGTERM (the worker
# honours SIGTERM only from its umbrella, and a second TERM sent to the
# whole group can be merged with the umbrella's and lost); what is left of
# the process group (setsid made PID its leader) after 15 s is killed.
ict_stop_daemon() {
    local pid=$1 i
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 150; i++)); do
        kill -0 -- "-$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -KILL -- "-$pid" 2>/dev/null || true
}

ict_teardown() {
    [ -d "${ICT_STATE:-}" ] || return 0
    local pid ns
    while read -r pid; do
        [ -n "$pid" ] && ict_stop_daemon "$pid"
    done <"$ICT_STATE/daemons"
    while read -r ns; do
        [ -n "$ns" ] && ip netns del "$ns" 2>/dev/null
    done <"$ICT_STATE/namespaces"
    if [ "${ICINGA_KEEP:-0}" = 1 ]; then
        echo "# kept $ICT_STATE" >&2
    else
        rm -rf "$ICT_STATE"
    fi
}

trap 'ict_teardown' EXIT
trap 'ict_teardown; trap - EXIT; exit 130' INT
trap 'ict_teardown; trap - EXIT; exit 143' TERM

# ---------------------------------------------------------------- results

ok() {
    ICT_PASSED=$((ICT_PASSED + 1))
    echo "ok - $*"
}

not_ok() {
    ICT_FAILED=$((ICT_FAILED + 1))
    echo "not ok - $*"
}

# expect_eq WHAT EXPECTED ACTUAL
expect_eq() {
    if [ "$2" = "$3" ]; then
        ok "$1"
    else
        # Multi-line values stay on the one "not ok" line.
        not_ok "$1: expected '${2//$'\n'/ | }', got '${3//$'\n'/ | }'"
    fi
}

ict_summary() {
    echo "$ICT_PASSED passed, $ICT_FAILED failed"
    [ "$ICT_FAILED" -eq 0 ]
}

# ---------------------------------------------------------------- namespaces

# ict_ns NAME: a new namespace ${ICT_PREFIX}NAME with lo up, name in $REPLY.
ict_ns() {
    REPLY=$ICT_PREFIX$1
    echo "$REPLY" >>"$ICT_STATE/namespaces"
    ip netns add "$REPLY" && ip -n "$REPLY" link set lo up
}

# ict_ns_drop NS ADDR...: the namespace silently drops echo requests to the
# addresses.  On the input hook: an output drop makes sendto() fail with
# EPERM, which the plugin rightly calls unreachable, not dead.
ict_ns_drop() {
    local ns=$1 list
    shift
    list=$(IFS=,; echo "$*")
    ip netns exec "$ns" nft -f - <<EOF
table inet icingatest {
    chain input {
        type filter hook input priority 0;
        ip daddr { $list } icmp type echo-request drop
    }
}
EOF
}

# ---------------------------------------------------------------- templates

# ict_render TEMPLATE OUT KEY=VALUE...: copy TEMPLATE with every @KEY@
# replaced; a placeholder left over is an error in the test itself.
ict_render() {
    local tpl=$1 out=$2 kv key value args=()
    shift 2
    for kv in "$@"; do
        key=${kv%%=*}
        value=${kv#*=}
        value=$(printf '%s' "$value" | sed -e 's/[\\|&]/\\&/g')
        args+=(-e "s|@${key}@|${value}|g")
    done
    sed "${args[@]}" "$tpl" >"$out" || return 1
    if grep -n '@[A-Z_]*@' "$out" >&2; then
        echo "tests/icinga: unreplaced placeholder in $out" >&2
        return 1
    fi
}

# ---------------------------------------------------------------- daemons

# ict_node DIR: the directory tree of one node; the -D arguments that put
# every path of the daemon into it are left in ICT_DEFINES.
ict_node() {
    local d=$1
    mkdir -p "$d"/{etc,data/certs,log,cache,spool,run,perfdata} || return 1
    ICT_DEFINES=(
        -D "Configuration.ConfigDir=$d/etc" -D "Configuration.ZonesDir=$d/etc/zones.d"
        -D "Configuration.DataDir=$d/data" -D "Configuration.LogDir=$d/log"
        -D "Configuration.CacheDir=$d/cache" -D "Configuration.SpoolDir=$d/spool"
        -D "Configuration.InitRunDir=$d/run" -D "Configuration.RunAsUser=root"
        -D "Configuration.RunAsGroup=root"
    )
}

# ict_pki_ca NODEDIR: a CA in NODEDIR/data/ca (the master's, in a cluster).
ict_pki_ca() {
    ict_node "$1" && icinga2 pki new-ca "${ICT_DEFINES[@]}" >>"$1/log/pki.log" 2>&1
}

# ict_pki_cert CADIR NODEDIR CN: key and CSR made in NODEDIR, signed
# locally with the CA of CADIR (no CSR travels over the network), plus the
# CA certificate: what ApiListener reads from DataDir/certs.
ict_pki_cert() {
    local ca=$1 node=$2 cn=$3 certs=$2/data/certs
    ict_node "$node" &&
        icinga2 pki new-cert "${ICT_DEFINES[@]}" --cn "$cn" --key "$certs/$cn.key" \
            --csr "$certs/$cn.csr" >>"$node/log/pki.log" 2>&1 &&
        ict_node "$ca" &&
        icinga2 pki sign-csr "${ICT_DEFINES[@]}" --csr "$certs/$cn.csr" \
            --cert "$certs/$cn.crt" >>"$node/log/pki.log" 2>&1 &&
        cp "$ca/data/ca/ca.crt" "$certs/ca.crt"
}

# ict_validate NODEDIR [NS]: icinga2 daemon -C on NODEDIR/etc/icinga2.conf;
# the output is in NODEDIR/log/validate.log.
ict_validate() {
    local d=$1 ns=${2:-}
    local pre=()
    [ -n "$ns" ] && pre=(ip netns exec "$ns")
    ict_node "$d" &&
        "${pre[@]}" icinga2 daemon -C -c "$d/etc/icinga2.conf" "${ICT_DEFINES[@]}" \
            >"$d/log/validate.log" 2>&1
}

# ict_start NODEDIR [NS]: the daemon in the background (in NS if given), as
# the leader of its own process group; its pid is in $REPLY.
ict_start() {
    local d=$1 ns=${2:-}
    local pre=()
    [ -n "$ns" ] && pre=(ip netns exec "$ns")
    ict_node "$d" || return 1
    # `ip netns exec` and setsid (not a group leader here) both exec, so $!
    # is the daemon's umbrella process.
    "${pre[@]}" setsid icinga2 daemon -c "$d/etc/icinga2.conf" "${ICT_DEFINES[@]}" \
        </dev/null >"$d/log/stdout.log" 2>&1 &
    REPLY=$!
    echo "$REPLY" >>"$ICT_STATE/daemons"
}

# ---------------------------------------------------------------- API

# ict_api NODEDIR CN PORT PATH [NS]: GET PATH from the node's API on
# 127.0.0.1 (inside NS if given), the server certificate verified against
# the test CA under its CN; the JSON body on stdout.
ict_api() {
    local d=$1 cn=$2 port=$3 path=$4 ns=${5:-}
    local pre=()
    [ -n "$ns" ] && pre=(ip netns exec "$ns")
    "${pre[@]}" curl -sS --fail --max-time 5 --cacert "$d/data/certs/ca.crt" \
        --resolve "$cn:$port:127.0.0.1" -u "$ICT_API_USER:$ICT_API_PASSWORD" \
        "https://$cn:$port$path"
}

# ict_wait_results SECONDS OUT API-ARGS... : poll /v1/objects/services until
# every service has a check result; the last answer is left in OUT.
ict_wait_results() {
    local secs=$1 out=$2 end
    shift 2
    end=$((SECONDS + secs))
    while [ $SECONDS -lt $end ]; do
        if ict_api "$@" >"$out.tmp" 2>/dev/null && mv "$out.tmp" "$out" &&
            jq -e '(.results | length) > 0 and
                   all(.results[]; .attrs.last_check_result != null)' "$out" >/dev/null; then
            return 0
        fi
        sleep 0.5
    done
    return 1
}

# ict_free_port FROM: the first TCP port from FROM on that nothing in this
# namespace listens on.
ict_free_port() {
    local p=$1
    while [ -n "$(ss -Hltn "sport = :$p")" ]; do
        p=$((p + 1))
    done
    echo "$p"
}

# ---------------------------------------------------------------- perfdata

# ict_metrics_text: perfdata text on stdin (as the plugin prints it, or a
# PerfdataWriter field) -> masked "label=value" lines, see perfdata.jq.
ict_metrics_text() {
    jq -L "$ICT_DIR" -Rrs 'include "perfdata"; metrics | masked | lines'
}

# ict_metrics_api SERVICE-JSON: the performance_data array of a check
# result as Icinga split it -> masked "label=value" lines; an array entry
# that is not exactly one metric is an error.
ict_metrics_api() {
    jq -L "$ICT_DIR" -r 'include "perfdata";
        .last_check_result.performance_data
        | map(metrics | if length == 1 then .[0]
                        else error("perfdata entry is not one metric: \(.)") end)
        | masked | lines' <<<"$1"
}

# ict_labels: "label=value" lines on stdin -> the labels, comma-separated.
ict_labels() {
    sed -e 's/=[^=]*$//' | paste -sd,
}
