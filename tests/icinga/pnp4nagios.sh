# shellcheck shell=bash
#
# pnp4nagios.sh - contrib/pnp4nagios/check_multiping.php fed the way
# PNP4Nagios feeds a template, with the metrics of a PerfdataWriter line
# from tests/icinga/run, and every graph it defines drawn by rrdtool.
#
# PNP itself is not in Debian 12, so this stands in for it: one RRD file
# per metric with the data source "1" (PNP's RRD_STORAGE_TYPE=MULTIPLE),
# the arrays a template receives ($LABEL, $NAME, $UNIT, $RRDFILE, $DS,
# $WARN, $CRIT, $MIN, $MAX, $hostname, $servicedesc), the template
# included, and each resulting "$opt[n] $def[n]" piped to `rrdtool -`,
# whose tokenizer handles the quotes as PNP's rrdtool call does.
# Sourced by run (needs its ok/not_ok); needs php-cli and rrdtool.

# pnp_harness: the PHP side; argv: template, metrics file (label TAB value
# TAB warn TAB crit TAB min TAB max TAB unit TAB rrdfile), hostname,
# service; prints one JSON object per graph.
pnp_harness() {
    cat <<'EOF'
<?php
list(, $template, $metrics, $hostname, $servicedesc) = $argv;
$LABEL = $NAME = $UNIT = $RRDFILE = $DS = $WARN = $CRIT = $MIN = $MAX = array();
$i = 0;
foreach (file($metrics, FILE_IGNORE_NEW_LINES) as $line) {
    $i++;
    list($LABEL[$i], , $WARN[$i], $CRIT[$i], $MIN[$i], $MAX[$i], $UNIT[$i], $RRDFILE[$i]) =
        explode("\t", $line);
    $NAME[$i] = preg_replace('/[^a-zA-Z0-9_.-]/', '_', $LABEL[$i]);
    $DS[$i] = 1;
}
$opt = $def = $ds_name = array();
include $template;
foreach ($def as $g => $d) {
    echo json_encode(array('n' => $g, 'name' => $ds_name[$g], 'opt' => $opt[$g], 'def' => $d)), "\n";
}
EOF
}

# pnp_metrics_tsv: jq input = one perfdata text -> the metrics file above.
PNP_JQ='include "perfdata";
    metrics | to_entries[] | .key as $k | .value as $m | ($m.value | split(";")) as $f
    | [$m.label, ($f[0] | sub("[^0-9.U-]+$"; "")), ($f[1] // ""), ($f[2] // ""),
       ($f[3] // ""), ($f[4] // ""), ($f[0] | capture("(?<u>[^0-9.U-]*)$").u),
       "\($dir)/\($k + 1).rrd"] | @tsv'

# pnp_check PREFIX TEMPLATE WORKDIR PERFDATA-TEXT HOSTS: the template draws
# 3 graphs plus one per host of --perfdata-hosts (HOSTS of them), every one
# renders, and the hosts graph stacks the five classes.
pnp_check() {
    local p=$1 tpl=$2 dir=$3 perfdata=$4 hosts=$5
    local now line label value rrd n=0 failed=0 graph
    mkdir -p "$dir" || return 1
    jq -L "$ICT_DIR" -Rr --arg dir "$dir" "$PNP_JQ" <<<"$perfdata" >"$dir/metrics.tsv" ||
        { not_ok "$p: perfdata into PNP's arrays"; return; }
    now=$(date +%s)
    # Fields by hand: `read` with IFS=tab would merge empty fields.
    while IFS= read -r line; do
        label=${line%%$'\t'*}
        value=${line#*$'\t'}
        value=${value%%$'\t'*}
        rrd=${line##*$'\t'}
        rrdtool create "$rrd" --start $((now - 700)) --step 60 DS:1:GAUGE:8460:U:U \
            RRA:AVERAGE:0.5:1:100 RRA:MAX:0.5:1:100 &&
            rrdtool update "$rrd" "$((now - 600)):$value" "$((now - 300)):$value" \
                "$((now - 60)):$value" ||
            { not_ok "$p: rrd for '$label'"; return; }
    done <"$dir/metrics.tsv"
    pnp_harness >"$dir/harness.php"
    if ! php -d display_errors=stderr -d error_reporting=E_ALL "$dir/harness.php" "$tpl" "$dir/metrics.tsv" test-host multiping \
        >"$dir/graphs.json" 2>"$dir/php.err" || [ -s "$dir/php.err" ]; then
        not_ok "$p: template runs: $(head -c 300 "$dir/php.err")"
        return
    fi
    expect_eq "$p: graphs defined (hosts, round trip, loss, one per host)" \
        "Hosts by class,Round trip,Loss$(for ((i = 1; i <= hosts; i++)); do printf ',Host h'; done)" \
        "$(jq -r '.name | sub("^Host .*"; "Host h")' "$dir/graphs.json" | paste -sd,)"
    expect_eq "$p: hosts graph stacks the five classes" \
        "alive partial:STACK dead:STACK unreachable:STACK unresolved:STACK" \
        "$(jq -r 'select(.n == 1) | .def' "$dir/graphs.json" |
            grep -oE 'AREA:[a-z]+#[0-9A-F]{6}:"[^"]*"(:STACK)?' |
            sed -E 's/AREA:([a-z]+)#[^:]*:"[^"]*"/\1/' | paste -sd' ')"
    while read -r graph; do
        n=$((n + 1))
        printf 'graph %s --start -900 --end now %s %s\n' "$dir/graph$n.png" \
            "$(jq -r '.opt' <<<"$graph")" "$(jq -r '.def' <<<"$graph")" |
            rrdtool - >"$dir/rrdtool$n.out" 2>&1
        if ! grep -q '^OK' "$dir/rrdtool$n.out" || [ ! -s "$dir/graph$n.png" ]; then
            failed=$((failed + 1))
            not_ok "$p: rrdtool draws '$(jq -r .name <<<"$graph")':" \
                "$(grep -m 1 ERROR "$dir/rrdtool$n.out")"
        fi
    done <"$dir/graphs.json"
    [ $failed -eq 0 ] && ok "$p: rrdtool draws all $n graphs"
}
