#!/usr/bin/env bash
# tests/docs/check_paths.sh - every path of this project that contrib/ names
# exists where it says: the plugin and anything named check_multiping, the
# plugin directory, the ITL folder, the graphite template folder, anything
# below /usr/local; also when written as Icinga 2's `PluginDir + "/..."` or
# Nagios' `$USER1$/...`, which contrib means as /usr/lib/nagios/plugins
# (Debian's), or Icinga 2's `PrefixDir + "/..."` (Debian's: /usr).  Other
# paths (the Monitoring Plugins' check_icmp, other packages' folders) are not
# this project's and are left alone.
#
#   tests/docs/check_paths.sh            make install into temporary DESTDIRs:
#       - default PREFIX (/usr/local): the copies in EXAMPLESDIR (but for
#         Markdown, copied as it is) name files of that install;
#       - PREFIX=/usr: contrib/ itself names files of that install (except
#         the ITL folder, which only the Debian package fills);
#   tests/docs/check_paths.sh ROOT DIR   the files in DIR (e.g. the .deb's
#       examples, DIR below ROOT) name files below ROOT (tests/packaging/run).
#
# Prints "N passed, M failed"; exits 1 on failure.
set -u
cd "$(dirname "$0")/../.." || exit 2
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok - $*"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $*"; }
CONTRIB_PLUGINDIR=/usr/lib/nagios/plugins
OURS=" (/usr/local/.*|.*/check_multiping(/.*)?|$CONTRIB_PLUGINDIR|/usr/share/icinga2/include/plugins-contrib\.d(/.*)?|/etc/icingaweb2/modules/graphite(/.*)?)\$"
ITL_DIR=/usr/share/icinga2/include/plugins-contrib.d

# FILE PATH lines for every path in the files below DIR (.gz read unpacked),
# but for those matching the find(1) -name pattern SKIP_NAME.
paths_named_in() {
    local f
    find "$1" -type f ! -name "${2:-/}" | sort | while IFS= read -r f; do
        # shellcheck disable=SC2016 # $USER1$ is Nagios', not the shell's
        case "$f" in *.gz) zcat -- "$f" ;; *) cat -- "$f" ;; esac |
            grep -oE '(/usr|/etc/icingaweb2)/[A-Za-z0-9_.+/-]*|(Plugin|Prefix)Dir \+ "/[^"]*"|\$USER1\$/[A-Za-z0-9_.-]+' |
            sed -E -e "s|^PluginDir \+ \"(.*)\"\$|$CONTRIB_PLUGINDIR\1|" \
                -e "s|^PrefixDir \+ \"(.*)\"\$|/usr\1|" \
                -e "s|^\\\$USER1\\\$|$CONTRIB_PLUGINDIR|" -e 's|[./]+$||' |
            sort -u | sed "s|^|${f#"$1"/} |" | grep -E -- "$OURS"
    done
}

# check_named ROOT DIR LABEL [SKIP_PREFIX [SKIP_NAME]]: each path must exist
# below ROOT.
check_named() {
    local root=$1 dir=$2 label=$3 skip=${4:-} file path n=0 bad=0
    while read -r file path; do
        [ -n "$skip" ] && [ "${path#"$skip"}" != "$path" ] && continue
        n=$((n + 1))
        if [ -e "$root$path" ] || [ -L "$root$path" ]; then
            continue
        fi
        echo "# $file names $path, which $label does not have"
        bad=1
    done < <(paths_named_in "$dir" "${5:-}")
    if [ "$n" -eq 0 ]; then
        not_ok "$label: no path found in $dir (the pattern is broken)"
    elif [ "$bad" -eq 0 ]; then
        ok "$label: all $n paths named in $dir exist"
    else
        not_ok "$label: paths named in $dir are missing"
    fi
}

if [ $# -eq 2 ]; then
    check_named "$1" "$2" "the package"
else
    tmp=$(mktemp -d /tmp/cmp-paths.XXXXXX) || exit 2
    trap 'rm -rf "$tmp"' EXIT
    for prefix in default /usr; do
        d=$tmp/${prefix//\//_}
        args=(DESTDIR="$d")
        [ "$prefix" = default ] || args+=(PREFIX="$prefix")
        if ! make -s install install-graphite-templates "${args[@]}" >"$tmp/log" 2>&1; then
            not_ok "make install ${args[*]}: $(tail -n 3 "$tmp/log")"
            continue
        fi
        if [ "$prefix" = default ]; then
            # Markdown is copied as it is: it explains both layouts, and
            # the PREFIX=/usr round below checks it.
            check_named "$d" "$d/usr/local/share/doc/check_multiping/examples" \
                "make install (PREFIX=/usr/local)" "" "*.md"
            # Nothing of contrib's own /usr paths may survive into the copies.
            if grep -rqE '/usr/lib/(nagios/plugins|check_multiping)/' \
                "$d/usr/local/share/doc/check_multiping/examples" --exclude='*.md'; then
                not_ok "PREFIX=/usr/local examples still name /usr/lib paths"
            else
                ok "PREFIX=/usr/local examples name no /usr/lib path of the plugin"
            fi
        else
            check_named "$d" contrib "make install PREFIX=/usr" "$ITL_DIR"
        fi
    done
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
