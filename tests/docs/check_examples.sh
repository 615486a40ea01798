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
DOCS=(doc/check_multiping.1 README.md)
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
    echo "10.1.0.23 gw3" >>"/etc/netns/$ns/hosts"
    fx_set "$ns" partial4 10.1.0.23
    ip netns exec "$ns" dnsmasq -k --conf-file=/dev/null --listen-address=127.0.0.1 \
        --bind-interfaces --no-resolv --no-hosts --address=/invalid/ --user=root \
        --pid-file= 2>"$E2E_STATE/dnsmasq.err" &
    dnsmasq_pid=$!
    trap 'kill "$dnsmasq_pid" 2>/dev/null' EXIT
    for _ in $(seq 50); do
        [ -n "$(ip netns exec "$ns" ss -Hlun 'sport = :53')" ] && break
        sleep 0.1
    done
    args=(-n 2 -i 20 --packet-timeout 300 "${MIXED_ARGS[@]}" 10.8.0.1 gw3)
    fx_reset_partial "$ns"
    run_plugin "$ns" -w 0 -c 90% "${args[@]}" && cat "$RUN_DIR/out"
    fx_reset_partial "$ns"
    run_plugin "$ns" -w 0 -c 90% --host-critical 0.001ms,80% "${args[@]}" && cat "$RUN_DIR/out"
    fx_reset_partial "$ns"
    run_plugin "$ns" -w 0 -c 90% --host-warning 0.001ms,40% "${args[@]}" && cat "$RUN_DIR/out"
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
done < <(python3 "$EX" blocks "${DOCS[@]}")
if [ "$n" -eq 0 ]; then
    not_ok "no marked example block found in ${DOCS[*]}"
elif [ "$bad" -eq 0 ]; then
    ok "all $n example lines of ${DOCS[*]} have the shape of real output"
else
    not_ok "example lines of ${DOCS[*]} differ from real output"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
