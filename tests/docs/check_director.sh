#!/usr/bin/env bash
#
# check_director.sh - contrib/icinga-director is what scripts/director-basket
# makes of the sources, and the basket covers every variable.
#
#   tests/docs/check_director.sh build/check_multiping
#
# Fails, naming each problem, when
#   - regenerating contrib/icinga-director/ (check_multiping.json and
#     multiping-commands.conf) gives other files than the committed ones
#     (someone edited them by hand, or changed a source without running
#     make director-basket);
#   - a variable of the CheckCommands multiping (contrib/icinga2/
#     check_multiping.conf) or icmp (the ITL's, which multiping-icmp
#     imports) has no data field, or a data field names no such variable
#     (counted here with grep, independently of the generator);
#   - a field of a flag (set_if) is not Boolean, or one of a repeated
#     argument (repeat_key = true) is not an Array;
#   - a Datalist field names a list the basket does not hold;
#   - a command or template points at a field id the basket does not hold;
#   - any object carries a uuid key (Director 1.10 rejects it).
# Prints "ok - ..." / "not ok - ..." and "N passed, M failed"; exits 1 if
# any check failed, 2 on a usage error.

set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
itl=${ITL:-/usr/share/icinga2/include/command-plugins.conf}
basket=$root/contrib/icinga-director/check_multiping.json
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok - $*"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $*"; }

if [ $# -ne 1 ] || [ ! -x "$1" ]; then
    echo "usage: $0 PLUGIN_BINARY (an executable check_multiping)" >&2
    exit 2
fi
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

if "$root/scripts/director-basket" --plugin "$1" --itl "$itl" --out "$tmp" 2>"$tmp/err"; then
    for f in check_multiping.json multiping-commands.conf; do
        if diff -u "$root/contrib/icinga-director/$f" "$tmp/$f" >"$tmp/diff"; then
            ok "contrib/icinga-director/$f is what make director-basket generates"
        else
            not_ok "contrib/icinga-director/$f differs from what make director-basket generates" \
                "(run it and commit): $(head -n 12 "$tmp/diff" | tr '\n' ' ' | cut -c 1-400)"
        fi
    done
else
    not_ok "scripts/director-basket failed: $(cat "$tmp/err")"
fi

# The variables, by grep: $name$ macros in the arguments of the commands.
# shellcheck disable=SC2016 # the dollars are the macros' own
{
    grep -o '\$multiping_[a-z0-9_]*\$' "$root/contrib/icinga2/check_multiping.conf"
    awk '/^object CheckCommand "icmp" \{/,/^\}/' "$itl" | grep -o '\$icmp_[a-z0-9_]*\$'
} | tr -d '$' | sort -u >"$tmp/vars"
jq -r '.Datafield[].varname' "$basket" | sort >"$tmp/fields"
if [ "$(wc -l <"$tmp/vars")" -lt 50 ]; then
    not_ok "only $(wc -l <"$tmp/vars") variables found in check_multiping.conf and the ITL's icmp"
fi
missing=$(comm -23 "$tmp/vars" "$tmp/fields" | paste -sd' ')
extra=$(comm -13 "$tmp/vars" <(sort -u "$tmp/fields") | paste -sd' ')
dups=$(uniq -d "$tmp/fields" | paste -sd' ')
# check WHAT PROBLEMS: ok when PROBLEMS is empty, else not ok naming them.
check() {
    if [ -z "$2" ]; then ok "$1"; else not_ok "$1: not so for $2"; fi
}
check "every variable of multiping and icmp ($(wc -l <"$tmp/vars")) has a data field" "$missing"
check "every data field names a variable" "$extra"
check "no variable has two data fields" "$dups"

# Types: flags Boolean, repeated arguments Array (read from the .conf with awk).
kinds=$(awk '
    /^\t\t"--[a-z0-9-]+" = \{/ { flag = 0; rep = 0; var = "" }
    /set_if = "\$multiping_/ { flag = 1; match($0, /multiping_[a-z0-9_]+/); var = substr($0, RSTART, RLENGTH) }
    /value = "\$multiping_/ { match($0, /multiping_[a-z0-9_]+/); var = substr($0, RSTART, RLENGTH) }
    /repeat_key = true/ { rep = 1 }
    /^\t\t\}/ && var != "" { if (flag) print var, "Boolean"; else if (rep) print var, "Array"; var = "" }
' "$root/contrib/icinga2/check_multiping.conf")
wrong=$(while read -r var kind; do
    jq -e --arg v "$var" --arg k "$kind" \
        'any(.Datafield[]; .varname == $v and (.datatype | endswith("DataType" + $k)))' \
        "$basket" >/dev/null || echo "$var"
done <<<"$kinds" | paste -sd' ')
check "flags are Boolean fields, repeated arguments Array fields ($(wc -l <<<"$kinds"))" "$wrong"

lists=$(jq -r '[.Datafield[] | .settings.datalist // empty] - [.DataList[].list_name] | join(" ")' "$basket")
check "every Datalist field's list is in the basket" "$lists"
ids=$(jq -r '(.Datafield | keys) as $k | [.. | objects | .fields? // empty | .[] |
    .datafield_id | tostring | select(. as $i | $k | index($i) | not)] | unique | join(" ")' "$basket")
check "every field a command or template attaches is in the basket" "$ids"
if jq -e '[paths | .[-1] | select(. == "uuid")] | length == 0' "$basket" >/dev/null; then
    ok "no uuid keys (Director 1.10 rejects them)"
else
    not_ok "the basket carries uuid keys"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
