# shellcheck shell=bash
#
# influx.sh - a private InfluxDB 1.x (Debian 12's "influxdb", 1.6) for the
# graph tests, and the Icinga 2 InfluxdbWriter object that feeds it.
#
# Why private: the distribution's influxd (its /etc/influxdb, /var/lib/influxdb,
# its service) is not ours, and its init.d script stops every influxd on the
# machine.  One daemon here lives entirely in DIR: its own config file, meta,
# data and wal directories, pid file and log; it binds the HTTP API and the
# RPC (backup) service to the address given, never to 0.0.0.0, and makes no
# outbound call (reporting off, no _internal monitor store, no subscriber,
# every other listener off).
#
# Usage (sourced; every function returns non-zero on failure, prints nothing
# on success except where it says so):
#
#   . tests/graphs/influx.sh
#   influx_start DIR ADDR PORT [NS]   # start influxd bound to ADDR:PORT (and
#                                     # ADDR:PORT+1 for RPC), inside network
#                                     # namespace NS if given; PID in $REPLY
#                                     # (also in DIR/pid): register it
#                                     # for your teardown right away
#   influx_wait DIR [SECONDS]         # until /ping answers 204 (default 30 s)
#   influx_create_db DIR DB           # CREATE DATABASE (idempotent)
#   influx_query DIR DB QUERY         # GET /query: the JSON answer on stdout
#   influx_writer_object NAME DIR DB  # prints contrib/icinga2/influxdb.conf's
#                                     # InfluxdbWriter, renamed NAME, writing
#                                     # into it, flushing every second
#   influx_grafana_check DIR DB [ARGS...]
#                                     # tests/graphs/grafana_check.py on
#                                     # contrib/grafana/check_multiping.json
#                                     # against it (ARGS: --var, --from,
#                                     # --panel...); its lines on stdout
#   influx_stop DIR                   # SIGTERM by PID (15 s, then SIGKILL)
#
# influx_start leaves INFLUX_URL (http://ADDR:PORT) and INFLUX_NS (the
# namespace, or empty) in DIR/env; the other functions read it, so several
# instances can run side by side.  Needs influxd (package influxdb), curl.
# The daemon is started by setsid as the leader of its own process group
# (so tests/icinga/lib.sh's ict_stop_daemon can stop it too).

INFLUX_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
INFLUX_CONTRIB=$INFLUX_REPO/contrib/icinga2/influxdb.conf

# influx_start DIR ADDR PORT [NS]
influx_start() {
    local dir=$1 addr=$2 port=$3 ns=${4:-} pre=()
    if ! command -v influxd >/dev/null; then
        echo "influx.sh: influxd not found (apt-get install influxdb)" >&2
        return 1
    fi
    mkdir -p "$dir/meta" "$dir/data" "$dir/wal" || return 1
    # Debian's build reads "reporting-enabled" (its patch turns the upstream
    # opt-out into an opt-in); upstream 1.x reads "reporting-disabled".  An
    # unknown key is ignored by influxd, so both are set.
    cat >"$dir/influxdb.conf" <<EOF
reporting-enabled = false
reporting-disabled = true
bind-address = "$addr:$((port + 1))"

[meta]
  dir = "$dir/meta"
  retention-autocreate = true
  logging-enabled = false

[data]
  dir = "$dir/data"
  wal-dir = "$dir/wal"
  query-log-enabled = false
  wal-fsync-delay = "0s"

[monitor]
  store-enabled = false

[http]
  enabled = true
  bind-address = "$addr:$port"
  auth-enabled = false
  log-enabled = false
  pprof-enabled = false
  unix-socket-enabled = false

[ifql]
  enabled = false

[subscriber]
  enabled = false

[continuous_queries]
  enabled = false

[[graphite]]
  enabled = false

[[collectd]]
  enabled = false

[[opentsdb]]
  enabled = false

[[udp]]
  enabled = false
EOF
    printf 'INFLUX_URL=http://%s:%s\nINFLUX_NS=%s\n' "$addr" "$port" "$ns" >"$dir/env"
    [ -n "$ns" ] && pre=(ip netns exec "$ns")
    # ip netns exec and setsid exec, so $! is influxd itself.
    "${pre[@]}" setsid influxd run -config "$dir/influxdb.conf" -pidfile "$dir/influxd.pid" \
        </dev/null >"$dir/influxd.log" 2>&1 &
    REPLY=$!
    echo "$REPLY" >"$dir/pid"
}

# influx_env DIR: INFLUX_URL and INFLUX_NS of that instance, and the
# command prefix to reach it in INFLUX_PRE.
influx_env() {
    local line
    INFLUX_URL='' INFLUX_NS='' INFLUX_PRE=()
    [ -r "$1/env" ] || return 1
    while IFS= read -r line; do
        case "$line" in
        INFLUX_URL=*) INFLUX_URL=${line#INFLUX_URL=} ;;
        INFLUX_NS=*) INFLUX_NS=${line#INFLUX_NS=} ;;
        esac
    done <"$1/env"
    if [ -n "$INFLUX_NS" ]; then INFLUX_PRE=(ip netns exec "$INFLUX_NS"); fi
}

# influx_curl DIR CURL-ARGS...: curl against the instance (in its namespace).
influx_curl() {
    influx_env "$1" || return 1
    shift
    "${INFLUX_PRE[@]}" curl -sS --noproxy '*' --max-time 10 "$@"
}

# influx_wait DIR [SECONDS]
influx_wait() {
    local dir=$1 secs=${2:-30} end code pid
    end=$((SECONDS + secs))
    pid=$(cat "$dir/pid" 2>/dev/null)
    influx_env "$dir" || return 1
    while [ $SECONDS -lt "$end" ]; do
        if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
            echo "influx.sh: influxd exited: $(tail -n 3 "$dir/influxd.log")" >&2
            return 1
        fi
        code=$(influx_curl "$dir" -o /dev/null -w '%{http_code}' "$INFLUX_URL/ping" 2>/dev/null)
        [ "$code" = 204 ] && return 0
        sleep 0.2
    done
    echo "influx.sh: no answer from $INFLUX_URL/ping in ${secs}s" >&2
    return 1
}

# influx_query DIR DB QUERY
influx_query() {
    influx_env "$1" || return 1
    influx_curl "$1" --fail -G "$INFLUX_URL/query" --data-urlencode "db=$2" \
        --data-urlencode "q=$3"
}

# influx_create_db DIR DB
influx_create_db() {
    local out
    influx_env "$1" || return 1
    out=$(influx_curl "$1" --fail -XPOST "$INFLUX_URL/query" \
        --data-urlencode "q=CREATE DATABASE \"$2\"") || return 1
    case "$out" in
    *'"error"'*)
        echo "influx.sh: CREATE DATABASE $2: $out" >&2
        return 1
        ;;
    esac
}

# influx_writer_object NAME DIR DB: contrib/icinga2/influxdb.conf (the
# object the documentation tells users to install) pointed at this instance,
# renamed NAME, flushing every second for short tests.  Fails when the
# contrib file no longer has a line this rewrites.
influx_writer_object() {
    local name=$1 hostport host port out
    influx_env "$2" || return 1
    hostport=${INFLUX_URL#http://}
    host=${hostport%:*} port=${hostport##*:}
    out=$(sed -n -e '/^object InfluxdbWriter /,/^}/p' "$INFLUX_CONTRIB" |
        sed -e "s|^object InfluxdbWriter \"influxdb\" {|object InfluxdbWriter \"$name\" {|" \
            -e "s|^\thost = \"127.0.0.1\"|\thost = \"$host\"|" \
            -e "s|^\tport = 8086|\tport = $port|" \
            -e "s|^\tdatabase = \"icinga2\"|\tdatabase = \"$3\"|" \
            -e "s|^\tflush_interval = 10s|\tflush_interval = 1s|") || return 1
    if ! grep -q "^object InfluxdbWriter \"$name\" {" <<<"$out" ||
        ! grep -q "^.host = \"$host\"$" <<<"$out" || ! grep -q "^.port = $port$" <<<"$out" ||
        ! grep -q "^.database = \"$3\"$" <<<"$out" || ! grep -q "^.flush_interval = 1s$" <<<"$out"; then
        echo "influx.sh: $INFLUX_CONTRIB: object InfluxdbWriter \"influxdb\" with host," \
            "port, database and flush_interval lines not found" >&2
        return 1
    fi
    printf '%s\n' "$out"
}

# influx_grafana_check DIR DB [ARGS...]: every query of the contrib dashboard
# against this instance.  For every panel to have points, the data must hold:
# a host ($host, --var host=) with a "multiping" service run with
# --perfdata-hosts (--var service=, panels 1-5; a service without it has
# points in panels 1-3 only: --panel 1 --panel 2 --panel 3) and a
# "multiping-icmp" service (panels 9-10); hosts checked by the contrib
# multiping-bulk service (panels 6-7) and that service's own results
# (panel 8).  The range defaults to the last 15 minutes.
influx_grafana_check() {
    local dir=$1 db=$2
    shift 2
    influx_env "$dir" || return 1
    "${INFLUX_PRE[@]}" python3 "$INFLUX_REPO/tests/graphs/grafana_check.py" --url "$INFLUX_URL" \
        --db "$db" --from now-15m "$@" "$INFLUX_REPO/contrib/grafana/check_multiping.json"
}

# influx_stop DIR: SIGTERM to the daemon's PID, SIGKILL to its process group
# after 15 s.  Never the init.d script.
influx_stop() {
    local dir=$1 pid i
    # influxd's own pid file first: the same process as $! unless setsid had
    # to fork (a caller with job control), then the only right one
    pid=$(cat "$dir/influxd.pid" 2>/dev/null || cat "$dir/pid" 2>/dev/null) || return 0
    [ -n "$pid" ] || return 0
    kill -TERM "$pid" 2>/dev/null || return 0
    for ((i = 0; i < 150; i++)); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
}
