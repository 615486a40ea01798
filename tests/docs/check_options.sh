#!/bin/bash
#
# check_options.sh - the documentation follows the option table.
#
#   tests/docs/check_options.sh build/check_multiping
#
# The option table in plugins/option_table.c is the single source of truth: it
# generates --help.  This test reads every long option from `PLUGIN --help`
# (the lines " -x, --name..." and "     --name...") and fails, naming each
# one, if an option is missing from
#   - the man page (as \-\-name, or the mdoc form Fl \-name / Fl -name), or
#   - the Icinga 2 CheckCommand (as the argument key "--name"; --help and
#     --version are exempt there),
# or if either of them documents an option the plugin does not have (a
# renamed or removed one).  It also runs `mandoc -Tlint -W warning` on the
# man page and fails on any output, and `groff -ww -man -z` when groff is
# installed.
#
# MAN_PAGE and ICINGA_CONF override the files checked (to try the test on a
# modified copy).  Prints "ok - ..." or "not ok - ..." per check, then
# "N passed, M failed"; exits 1 if any check failed, 2 on a usage error.

set -u

root=$(cd "$(dirname "$0")/../.." && pwd)
man_page=${MAN_PAGE:-$root/doc/check_multiping.1}
icinga_conf=${ICINGA_CONF:-$root/contrib/icinga2/check_multiping.conf}

passed=0
failed=0

ok() {
    echo "ok - $1"
    passed=$((passed + 1))
}

not_ok() {
    echo "not ok - $1"
    failed=$((failed + 1))
}

finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit $?
}

if [ $# -ne 1 ] || [ ! -x "$1" ]; then
    echo "usage: $0 PLUGIN_BINARY (an executable check_multiping)" >&2
    exit 2
fi
plugin=$1

# The long options, one per line, in --help order.  --help exits 3
# (UNKNOWN, as the Monitoring Plugins do), so its status is not checked.
help_options() {
    "$plugin" --help 2>/dev/null |
        sed -n -E 's/^( -[[:alnum:]], |     )--([a-z0-9][a-z0-9-]*).*/\2/p'
}

# An option name as a regular expression for roff source: each '-' inside
# it may be written '\-' or '-'.
name_regex() {
    local r=${1//-/'\\?-'}
    printf '%s' "$r"
}

# What may follow the name without making it a longer one: end of line, a
# character that is not part of a name, or an escape that is not '\-'.
end_regex='($|[^a-z0-9\-]|\\[^-]|\\$)'

# The man page without roff comments: a comment naming an option does not
# document it.
man_text() {
    sed -e '/^[.'\'']\\"/d' -e 's/\\".*$//' "$man_page"
}

in_man_page() {
    local name
    name=$(name_regex "$1")
    man_text | grep -q -E -e "\\\\-\\\\-${name}${end_regex}" \
        -e "(^|[[:space:]])Fl[[:space:]]+\\\\?-${name}${end_regex}"
}

in_icinga_conf() {
    grep -q -F -e "\"--$1\"" "$icinga_conf"
}

is_option() {
    printf '%s\n' "${options[@]}" | grep -q -x -F -e "$1"
}

# Options the man page names: \-\-name (hyphens escaped or not) and Fl -name.
man_page_options() {
    {
        man_text | grep -o -E '\\-\\-[a-z0-9]+((\\?-)[a-z0-9]+)*' | sed 's/^\\-\\-//'
        man_text | grep -o -E '(^|[[:space:]])Fl[[:space:]]+\\?-[a-z0-9]+((\\?-)[a-z0-9]+)*' |
            sed -E 's/.*Fl[[:space:]]+\\?-//'
    } | sed 's/\\-/-/g' | sort -u
}

# Argument keys of the CheckCommand: "--name" = ... and key = "--name".
icinga_options() {
    grep -o -E '("--[a-z0-9-]+"[[:space:]]*=|key[[:space:]]*=[[:space:]]*"--[a-z0-9-]+")' \
        "$icinga_conf" | grep -o -E -e '--[a-z0-9-]+' | sed 's/^--//' | sort -u
}

mapfile -t options < <(help_options)
if [ "${#options[@]}" -lt 2 ]; then
    not_ok "'$plugin --help' lists ${#options[@]} long options; expected many"
    finish
fi
ok "'$plugin --help' lists ${#options[@]} long options"

for f in "$man_page" "$icinga_conf"; do
    if [ ! -r "$f" ]; then
        not_ok "cannot read $f"
        finish
    fi
done

missing=()
for name in "${options[@]}"; do
    in_man_page "$name" || missing+=("--$name")
done
if [ "${#missing[@]}" -eq 0 ]; then
    ok "man page $man_page documents every option"
else
    for m in "${missing[@]}"; do
        not_ok "man page $man_page does not document $m"
    done
fi

missing=()
for name in "${options[@]}"; do
    # --watch runs a daemon (systemd), never a check: no CheckCommand argument
    case $name in help | version | watch | watch-interval | down-after | reload | heartbeat) continue ;; esac
    in_icinga_conf "$name" || missing+=("--$name")
done
if [ "${#missing[@]}" -eq 0 ]; then
    ok "Icinga 2 CheckCommand $icinga_conf has every option"
else
    for m in "${missing[@]}"; do
        not_ok "Icinga 2 CheckCommand $icinga_conf has no argument $m"
    done
fi

stale=()
while read -r name; do
    [ -n "$name" ] && ! is_option "$name" && stale+=("--$name")
done < <(man_page_options)
if [ "${#stale[@]}" -eq 0 ]; then
    ok "man page names no option the plugin lacks"
else
    for s in "${stale[@]}"; do
        not_ok "man page names $s, which '$plugin --help' does not list"
    done
fi

stale=()
while read -r name; do
    [ -n "$name" ] && ! is_option "$name" && stale+=("--$name")
done < <(icinga_options)
if [ "${#stale[@]}" -eq 0 ]; then
    ok "Icinga 2 CheckCommand has no argument the plugin lacks"
else
    for s in "${stale[@]}"; do
        not_ok "Icinga 2 CheckCommand has argument $s, which '$plugin --help' does not list"
    done
fi

if ! command -v mandoc >/dev/null 2>&1; then
    not_ok "mandoc is not installed (needed for: mandoc -Tlint -W warning)"
else
    lint=$(mandoc -Tlint -W warning "$man_page" 2>&1)
    if [ -z "$lint" ]; then
        ok "mandoc -Tlint -W warning is silent"
    else
        not_ok "mandoc -Tlint -W warning complains:"
        printf '%s\n' "$lint" | sed 's/^/    /'
    fi
fi

if command -v groff >/dev/null 2>&1; then
    lint=$(groff -ww -man -z "$man_page" 2>&1)
    if [ -z "$lint" ]; then
        ok "groff -ww -man -z is silent"
    else
        not_ok "groff -ww -man -z complains:"
        printf '%s\n' "$lint" | sed 's/^/    /'
    fi
else
    echo "skip - groff is not installed"
fi

finish
