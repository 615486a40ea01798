# shellcheck shell=bash
#
# lib.sh - what bench/watch/run and bench/watch-soak share: a namespace
# for Icinga 2 and the daemon, and the hosts, 10.80.0.0/12, answering
# pings from the loopback of a peer namespace at the end of a veth pair,
# where an nftables set silences chosen addresses.  Both veth ends hand
# their received packets to CPU 1 (RPS), so that the hosts' work (building
# 20,000 echo replies a second at 100,000 hosts) and the replies' delivery
# run there, as on a real network they run on the hosts and the NIC's
# interrupts: on a loopback route the kernel builds each reply inside the
# daemon's own sendmmsg() and charges it to the daemon.  wb_pin pins the
# measured processes to CPU 0, away from that work.  Icinga 2 (Debian's
# 2.13) with N watched hosts
# started inside a cgroup v1 cpuacct group of its own (its CPU, and that of
# every process it forks), check_multiping --watch started with the
# command line of contrib/systemd/check_multiping-watch.service, and the
# figures sampled from /proc.  Everything is registered in
# tests/icinga/lib.sh's registry before it is created and torn down on
# exit, also on failure or Ctrl-C.  Nothing outside the namespace is pinged.

WB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/icinga/lib.sh
. "$WB_DIR/../../tests/icinga/lib.sh"
ICT_PREFIX="cmpwbench-$$-"
WB_PORT=5665
WB_PASSWORD=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
WB_CGROUP_ROOT=/sys/fs/cgroup/cpuacct
WB_UNIT=$ICT_REPO/contrib/systemd/check_multiping-watch.service
HZ=$(getconf CLK_TCK)

wb_require() {
    ict_require_root
    ict_require_plugin
    [ -d "$WB_CGROUP_ROOT" ] || { echo "bench/watch: needs the cgroup v1 cpuacct hierarchy at $WB_CGROUP_ROOT" >&2; exit 1; }
    : >"$ICT_STATE/cgroups"
    trap 'wb_teardown' EXIT
    trap 'wb_teardown; trap - EXIT; exit 130' INT
    trap 'wb_teardown; trap - EXIT; exit 143' TERM
}

wb_teardown() {
    local pid c
    while read -r pid; do [ -n "$pid" ] && ict_stop_daemon "$pid"; done <"$ICT_STATE/daemons" 2>/dev/null
    : >"$ICT_STATE/daemons"
    while read -r c; do [ -n "$c" ] && rmdir "$c" 2>/dev/null; done <"$ICT_STATE/cgroups" 2>/dev/null
    ict_teardown
}

# wb_address I: host I's address, 250 a /24 from 10.80.0.1 (up to 10.95.x).
wb_address() {
    local j=$1
    REPLY="10.$((80 + j / 62500)).$((j / 250 % 250)).$((j % 250 + 1))"
}

wb_network() {
    ict_ns net && WB_NS=$REPLY || return 1
    ict_ns hosts && WB_HOSTS_NS=$REPLY || return 1
    ip link add wbn0 netns "$WB_NS" type veth peer name wbn1 netns "$WB_HOSTS_NS" &&
        ip -n "$WB_NS" addr add 10.99.0.1/30 dev wbn0 &&
        ip -n "$WB_HOSTS_NS" addr add 10.99.0.2/30 dev wbn1 &&
        ip -n "$WB_NS" link set wbn0 up && ip -n "$WB_HOSTS_NS" link set wbn1 up &&
        ip -n "$WB_NS" route add 10.80.0.0/12 via 10.99.0.2 &&
        ip -n "$WB_HOSTS_NS" route add local 10.80.0.0/12 dev lo || return 1
    ip netns exec "$WB_HOSTS_NS" sysctl -q -w net.ipv4.icmp_ratelimit=0 \
        net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.wbn1.rp_filter=0 || return 1
    if [ "$(nproc)" -ge 2 ]; then
        ip netns exec "$WB_NS" sh -c 'echo 2 >/sys/class/net/wbn0/queues/rx-0/rps_cpus' &&
            ip netns exec "$WB_HOSTS_NS" sh -c 'echo 2 >/sys/class/net/wbn1/queues/rx-0/rps_cpus' ||
            return 1
    fi
    ip netns exec "$WB_HOSTS_NS" nft -f - <<'NFT'
table inet wbench {
    set silent { type ipv4_addr; size 65536; }
    chain in {
        type filter hook input priority 0;
        ip daddr @silent icmp type echo-request drop
    }
}
NFT
}

wb_silence() { ip netns exec "$WB_HOSTS_NS" nft add element inet wbench silent "{ $1 }"; }
wb_unsilence() { ip netns exec "$WB_HOSTS_NS" nft delete element inet wbench silent "{ $1 }"; }

# wb_pin PID: every thread of PID (and those it starts later) on CPU 0,
# away from the network's CPU (none on one CPU).
wb_pin() {
    [ "$(nproc)" -ge 2 ] || return 0
    taskset -a -c -p 0 "$1" >/dev/null
}

# wb_pin_icinga: every process of Icinga's cgroup, likewise.
wb_pin_icinga() {
    local pid
    while read -r pid; do wb_pin "$pid" || return 1; done <"$WB_CGROUP/cgroup.procs"
}

# wb_hosts N KIND: N host objects h1..hN; KIND watch (contrib template),
# bulk (contrib bulk template) or hostalive (ITL hostalive as the sample
# generic-host: check every minute, 3 attempts, retries every 30 s).
wb_hosts() {
    local n=$1 kind=$2 i
    for ((i = 1; i <= n; i++)); do
        wb_address "$i"
        case $kind in
        watch) printf 'object Host "h%d" { import "multiping-watch-host"; address = "%s" }\n' "$i" "$REPLY" ;;
        bulk) printf 'object Host "h%d" { import "multiping-bulk-host"; address = "%s" }\n' "$i" "$REPLY" ;;
        hostalive) printf 'object Host "h%d" { check_command = "hostalive"; address = "%s"; check_interval = 1m; retry_interval = 30s; max_check_attempts = 3 }\n' "$i" "$REPLY" ;;
        esac
    done
}

# wb_node DIR N KIND: Icinga 2 with N hosts of KIND and the contrib files
# (bulk: the one-minute "multiping-bulk" service of contrib/icinga2/
# multiping-bulk.conf), started in a cpuacct cgroup; waits for its API.
# The cgroup is in $WB_CGROUP, the daemon's pid in $WB_ICINGA.
wb_node() {
    local d=$1 n=$2 kind=$3 i
    ict_pki_ca "$d" && ict_pki_cert "$d" "$d" localhost || return 1
    sed "s|PluginDir + \"/check_multiping\"|\"$CHECK_MULTIPING\"|" \
        "$ICT_REPO/contrib/icinga2/check_multiping.conf" >"$d/etc/check_multiping.conf"
    cp "$ICT_REPO"/contrib/icinga2/{multiping-bulk-global,multiping-watch-global,multiping-watch}.conf "$d/etc/"
    sed -e "s/CHANGE-ME: the content of watch-api.password/$WB_PASSWORD/" \
        "$ICT_REPO/contrib/icinga2/multiping-watch-satellite.conf" >"$d/etc/multiping-watch-satellite.conf"
    sed -e "s/CHANGE-ME: the content of multiping-bulk.password/$WB_PASSWORD/" \
        "$ICT_REPO/contrib/icinga2/multiping-bulk-satellite.conf" >"$d/etc/multiping-bulk-satellite.conf"
    printf '%s\n' "$WB_PASSWORD" >"$d/password"
    mkdir -p -m 0700 "$d/credentials" && cp "$d/password" "$d/credentials/api-password"
    {
        cat <<CONF
const NodeName = "localhost"
const ZoneName = "localhost"
const TicketSalt = ""
const PluginDir = "/usr/lib/nagios/plugins"
include <itl>
include <plugins>
include "check_multiping.conf"
include "multiping-bulk-global.conf"
include "multiping-watch-global.conf"
include "multiping-watch-satellite.conf"
include "multiping-bulk-satellite.conf"
include "multiping-watch.conf"
object FileLogger "main-log" { path = LogDir + "/icinga2.log"; severity = "warning" }
object ApiListener "api" { bind_host = "127.0.0.1"; bind_port = "$WB_PORT" }
object Endpoint NodeName { }
object Zone ZoneName { endpoints = [ NodeName ] }
object ApiUser "reader" { password = "$WB_PASSWORD"; permissions = [ "*" ] }
object CheckerComponent "checker" { }
object Host NodeName { check_command = "dummy"; enable_active_checks = false }
CONF
        if [ "$kind" = bulk ]; then
            cat <<CONF
object Service "multiping-bulk" {
	host_name = NodeName
	check_command = "multiping-bulk"
	check_interval = 1m
	retry_interval = 1m
	vars.multiping_api = "https://localhost:$WB_PORT"
	vars.multiping_api_password_file = "$d/password"
	vars.multiping_from_api = "\"multiping-bulk\" in host.groups"
}
CONF
        fi
        wb_hosts "$n" "$kind"
    } >"$d/etc/icinga2.conf"
    ict_validate "$d" "$WB_NS" || { grep -m 3 critical "$d/log/validate.log" >&2; return 1; }
    WB_CGROUP=$WB_CGROUP_ROOT/cmpwbench-$$-$(basename "$d")
    echo "$WB_CGROUP" >>"$ICT_STATE/cgroups"
    mkdir "$WB_CGROUP" || return 1
    ict_node "$d"
    (
        echo "$BASHPID" >"$WB_CGROUP/cgroup.procs"
        exec ip netns exec "$WB_NS" setsid icinga2 daemon --close-stdio -c "$d/etc/icinga2.conf" \
            "${ICT_DEFINES[@]}" </dev/null >"$d/log/stdout.log" 2>&1
    ) &
    WB_ICINGA=$!
    echo "$WB_ICINGA" >>"$ICT_STATE/daemons"
    WB_D=$d
    for ((i = 0; i < 6000; i++)); do
        wb_api '/v1/status/IcingaApplication' >/dev/null 2>&1 && return 0
        sleep 0.2
    done
    return 1
}

wb_api() {
    ip netns exec "$WB_NS" curl -sS --fail --max-time 120 --cacert "$WB_D/data/certs/ca.crt" \
        -u "reader:$WB_PASSWORD" -H 'Accept: application/json' "https://localhost:$WB_PORT$1"
}

# wb_icinga_cpu: CPU seconds of Icinga's cgroup (it and what it ran).
wb_icinga_cpu() {
    awk '{ printf "%.3f", $1 / 1e9 }' "$WB_CGROUP/cpuacct.usage"
}

# wb_watch_start NAME NAME=VALUE...: the daemon with the unit's command
# line (NAME=VALUE as in /etc/default/check_multiping-watch) in the
# namespace; pid in $WB_WATCH, stderr in $ICT_STATE/NAME.log.
wb_watch_start() {
    local name=$1 argv=()
    shift
    mapfile -d '' argv < <(python3 "$ICT_REPO/tests/watch/unit_argv.py" "$WB_UNIT" "$CHECK_MULTIPING" \
        "$WB_D/credentials" "$WB_D/data/certs/ca.crt" "API=https://localhost:$WB_PORT" "$@")
    ip netns exec "$WB_NS" setsid "${argv[@]}" </dev/null >/dev/null 2>"$ICT_STATE/$name.log" &
    WB_WATCH=$!
    echo "$WB_WATCH" >>"$ICT_STATE/daemons"
}

# wb_proc PID: "cpu_seconds rss_kB fds" of a process (all its threads).
wb_proc() {
    local pid=$1 t rss fds
    t=$(awk -v hz="$HZ" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / hz }' "/proc/$pid/stat" 2>/dev/null)
    rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
    fds=$(find "/proc/$pid/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
    echo "${t:-0} ${rss:-0} $fds"
}

# wb_heartbeat: the heartbeat's output (service multiping-watch!multiping-watch).
wb_heartbeat() {
    wb_api '/v1/objects/services/multiping-watch!multiping-watch?attrs=last_check_result&attrs=state' |
        jq -r '.results[0].attrs | "\(.state) \(.last_check_result.output)"'
}

# wb_watcher_start SILENCED: bench/watch/watcher.py in the background,
# following SILENCED and SILENCED.up (silence_run's files); its lines
# ("EPOCH HOST STATE 1") in $ICT_STATE/events.  wb_watcher_stop SECONDS:
# once nothing is pending, or after SECONDS.
wb_watcher_start() {
    rm -f "$ICT_STATE/watcher.stop"
    ip netns exec "$WB_NS" python3 "$WB_DIR/watcher.py" "https://localhost:$WB_PORT" \
        "$WB_D/data/certs/ca.crt" reader "$WB_D/password" "$1" "$1.up" "$ICT_STATE/watcher.stop" \
        >"$ICT_STATE/events" 2>"$ICT_STATE/events.err" &
    WB_WATCHER=$!
    echo "$WB_WATCHER" >>"$ICT_STATE/daemons"
}

wb_watcher_stop() {
    local i
    touch "$ICT_STATE/watcher.stop"
    for ((i = 0; i < $1 * 10; i++)); do
        kill -0 "$WB_WATCHER" 2>/dev/null || return 0
        sleep 0.1
    done
    ict_stop_daemon "$WB_WATCHER"
}

# wb_stats FILE: "min median p99 max n" of the numbers in FILE, one a line
# ("none" lines, hosts never seen in the state, left out: counted apart).
wb_stats() {
    grep -v none "$1" | sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "- - - - 0"; exit }
        p = int(0.99 * NR + 0.999999); if (p > NR) p = NR
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%.1f %.1f %.1f %.1f %d\n", v[1], m, v[p], v[NR], NR }'
}

# wb_delays SILENCED OUT STATE: for each "EPOCH HOST" line of SILENCED, the
# seconds until the API showed HOST hard in STATE after EPOCH, in OUT.
wb_delays() {
    awk -v st="$3" 'NR == FNR { t[$2] = $1; next }
        ($2 in t) && $3 == st && $4 == 1 && $1 >= t[$2] && !($2 in d) { d[$2] = $1 - t[$2] }
        END { for (h in t) print (h in d) ? sprintf("%.2f", d[h]) : "none" }' "$1" "$ICT_STATE/events" >"$2"
}
