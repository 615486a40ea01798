#!/usr/bin/env bash
# tests/docs/check_examples.sh - the output examples of the man page and the
# README are what the plugin prints.  Every example block marked
# '.\" output-example' (man page) or '<!-- output-example -->' (README) is
# compared, line by line and by shape (tests/docs/examples.py: addresses,
# names and numbers masked; labels, words, units and order kept), with the
# output of real runs in network namespaces made here (tests/e2e/lib.sh's
# mixed network: alive, partial, dead, unreachable and unresolved hosts,
# a router answering "host unreachable", dnsmasq answering NXDOMAIN for
# .invalid), also of the check_icmp
# personality.  An output-looking line outside a marked block fails too, so
# a new example cannot escape.
#
#   tests/docs/check_examples.sh [PLUGIN]      (root: network namespaces)
#
# Prints "N passed, M failed"; exits 1 on failure.
set -u
cd "$(dirname "$0")/../.." || exit 2
CHECK_MULTIPING=${1:-build/check_multiping}
# shellcheck source=tests/e2e/lib.sh
. tests/e2e/lib.sh
e2e_require_root
e2e_require_plugin
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok - $*"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $*"; }
DOCS=(doc/check_multiping.1 README.md contrib/README.md contrib/icinga2/README.md)
MAN=doc/check_multiping.1
EX=tests/docs/examples.py

unmarked=$(python3 "$EX" unmarked "${DOCS[@]}")
if [ -z "$unmarked" ]; then
    ok "every output-looking line of ${DOCS[*]} is in a marked example block"
else
    not_ok "output-looking lines outside a marked example block:"
    while IFS= read -r line; do echo "#   $line"; done <<<"$unmarked"
fi

# The real output, in a subshell so that a fixture's fail() ends only it.
real=$E2E_STATE/real
(
    mixed_ns
    ns=$REPLY
    ns_new
    fx_router "$ns" "$REPLY"
    # A partial host with a name; a name server that says NXDOMAIN for
    # .invalid (dnsmasq, stopped by its PID below).
    printf '%s\n' "10.1.0.23 gw3" "10.1.0.35 gw1" "10.1.0.35 gw1-mgmt" >>"/etc/netns/$ns/hosts"
    fx_set "$ns" partial4 10.1.0.23
    fx_set "$ns" dead4 10.1.0.35
    # 10.1.0.60's replies come from 10.1.0.61, as behind a NAT.
    ip netns exec "$ns" nft -f - <<'EOF' || fail "nft reply rewrite failed"
table ip rw {
    chain out {
        type filter hook output priority 0;
        ip saddr 10.1.0.60 icmp type echo-reply ip saddr set 10.1.0.61
    }
}
EOF
    ip netns exec "$ns" dnsmasq -k --conf-file=/dev/null --listen-address=127.0.0.1 \
        --bind-interfaces --no-resolv --no-hosts --address=/invalid/ --user=root \
        --pid-file= 2>"$E2E_STATE/dnsmasq.err" &
    dnsmasq_pid=$!
    trap 'kill "$dnsmasq_pid" 2>/dev/null' EXIT
    for _ in $(seq 50); do
        [ -n "$(ip netns exec "$ns" ss -Hlun 'sport = :53')" ] && break
        sleep 0.1
    done
    args=(-n 2 -i 20 --packet-timeout 300 "${MIXED_ARGS[@]}" 10.8.0.1 gw3 gw1 gw1-mgmt
        10.1.0.60)
    fx_reset_partial "$ns"
    run_plugin "$ns" -w 0 -c 90% "${args[@]}" && cat "$RUN_DIR/out"
    fx_reset_partial "$ns"
    run_plugin "$ns" -w 0 -c 90% --host-critical 0.001ms,80% "${args[@]}" && cat "$RUN_DIR/out"
    fx_reset_partial "$ns"
    run_plugin "$ns" -w 0 -c 90% --host-warning 0.001ms,40% "${args[@]}" && cat "$RUN_DIR/out"
    # -v and --perfdata-hosts, for the column and label lists.
    run_plugin "$ns" -v --perfdata-hosts 10.1.0.1 && cat "$RUN_DIR/out"
    # Bulk results through a command file: their output as a line of its own.
    printf '%s\n' "up 10.1.0.1" "down 10.1.0.30" >"$E2E_STATE/bulk.txt"
    : >"$E2E_STATE/bulk.cmd"
    run_plugin "$ns" --submit --command-file="$E2E_STATE/bulk.cmd" -f "$E2E_STATE/bulk.txt" &&
        cut -d';' -f4- "$E2E_STATE/bulk.cmd" | sed 's/|.*//'
    # -t before any host is pinged: a host file on a FIFO whose writer
    # never writes nor closes.
    mkfifo "$E2E_STATE/hosts.fifo"
    exec 7<>"$E2E_STATE/hosts.fifo"
    run_plugin "$ns" -t 1:WARNING -f "$E2E_STATE/hosts.fifo"
    cat "$RUN_DIR/out"
    exec 7>&-
    ln -s "$CHECK_MULTIPING" "$E2E_STATE/check_icmp"
    CHECK_MULTIPING=$E2E_STATE/check_icmp
    run_plugin "$ns" -H 10.1.0.1 -w 200,40% -c 500,80% && cat "$RUN_DIR/out"
    kill "$dnsmasq_pid" && wait "$dnsmasq_pid"
) >"$real" 2>"$E2E_STATE/real.err"
if [ -s "$E2E_STATE/why" ] || ! grep -q '^MULTIPING WARNING' "$real"; then
    not_ok "real runs in the mixed network: $(cat "$E2E_STATE/why" 2>/dev/null) $(head -c 300 "$real")"
    echo "$passed passed, $failed failed"
    exit 1
fi
python3 "$EX" shapes <"$real" | sort -u >"$E2E_STATE/shapes"

n=0 bad=0
while IFS=$'\t' read -r where want; do
    n=$((n + 1))
    if [ "${want% ...}" != "$want" ]; then
        # The example shows the start of the line only.
        grep -qF -- "${want% ...}" "$E2E_STATE/shapes" &&
            awk -v p="${want% ...}" 'index($0, p) == 1 { f = 1 } END { exit !f }' "$E2E_STATE/shapes" &&
            continue
    elif grep -qxF -- "$want" "$E2E_STATE/shapes"; then
        continue
    fi
    bad=1
    echo "# $where: no real line has the shape: $want"
    grep -F -- "${want%%:*}" "$E2E_STATE/shapes" | head -n 3 | sed 's/^/#   real: /'
done < <(python3 "$EX" blocks "${DOCS[@]}"; python3 "$EX" inline "${DOCS[@]}")

# The man page's lists, word for word: the -v table's columns (OUTPUT), and
# the per-host items of --perfdata-hosts.
man_columns=$(sed -n '/^prints instead of the list, a table of every host with the columns/,/^worst class first/p' "$MAN" |
    grep -E '^\.BR? [a-z_]+( ,)?$' | awk '{ print $2 }' | tr '\n' ' ')
real_columns=$(grep -m 1 '^address ' "$real" | tr -s ' ' | sed 's/ *$/ /')
expect_same() {
    if [ "$2" = "$3" ]; then
        ok "$1: $2"
    else
        not_ok "$1: the man page says '$2', the plugin prints '$3'"
    fi
}
expect_same "man page's -v columns are the table's" "$man_columns" "$real_columns"
man_items=$(sed -n '/^\.B \\-\\-perfdata\\-hosts$/,/^where$/p' "$MAN" |
    sed -n 's/^\.IR NAME _\([a-z]*\)=.*/\1/p' | tr '\n' ' ')
real_items=$(grep -m 1 '10_1_0_1_rta=' "$real" | tr ' ' '\n' |
    sed -n 's/^10_1_0_1_\([a-z]*\)=.*/\1/p' | tr '\n' ' ')
expect_same "man page's --perfdata-hosts items are the plugin's" "$man_items" "$real_items"

if [ "$n" -eq 0 ]; then
    not_ok "no marked example block found in ${DOCS[*]}"
elif [ "$bad" -eq 0 ]; then
    ok "all $n example lines of ${DOCS[*]} have the shape of real output"
else
    not_ok "example lines of ${DOCS[*]} differ from real output"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
