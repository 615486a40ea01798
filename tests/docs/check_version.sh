#!/usr/bin/env bash
# tests/docs/check_version.sh - one release number everywhere a user or a
# packager reads it: `check_multiping --version`, the man page's .TH line,
# the top of debian/changelog and the newest heading of NEWS.md (all four
# taken from the files, none from the Makefile's VERSION, which --version
# already carries).  A release changes all four or this fails.
#
#   tests/docs/check_version.sh PLUGIN
#
# Prints each source's version and "N passed, M failed"; exits 1 on failure.
set -u
cd "$(dirname "$0")/../.." || exit 2
plugin=${1:-build/check_multiping}
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok - $*"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $*"; }

binary=$("$plugin" --version 2>/dev/null | sed -n '1s/^check_multiping \([0-9][0-9.]*\)$/\1/p')
manpage=$(sed -n 's/^\.TH CHECK_MULTIPING 1 [0-9-]* "check_multiping \([^"]*\)".*/\1/p' doc/check_multiping.1)
changelog=$(sed -n '1s/^[a-z0-9.+-]* (\([^)]*\)).*/\1/p' debian/changelog)
news=$(sed -n 's/^## \([0-9][0-9.]*\) ([0-9-]*)$/\1/p' NEWS.md | head -n 1)
printf '# %-22s %s\n' "--version" "${binary:-?}" "man page .TH" "${manpage:-?}" \
    "debian/changelog" "${changelog:-?}" "NEWS.md" "${news:-?}"

for pair in "man page:$manpage" "debian/changelog:$changelog" "NEWS.md:$news"; do
    where=${pair%%:*}
    version=${pair#*:}
    if [ -n "$binary" ] && [ "$version" = "$binary" ]; then
        ok "$where says $version, as --version does"
    else
        not_ok "$where says '${version}', --version says '${binary}'"
    fi
done
# The man page's date and NEWS.md's date of the release agree too.
man_date=$(sed -n 's/^\.TH CHECK_MULTIPING 1 \([0-9-]*\) .*/\1/p' doc/check_multiping.1)
news_date=$(sed -n 's/^## [0-9][0-9.]* (\([0-9-]*\))$/\1/p' NEWS.md | head -n 1)
if [ -n "$man_date" ] && [ "$man_date" = "$news_date" ]; then
    ok "man page and NEWS.md date the release $man_date"
else
    not_ok "man page dates the release '${man_date}', NEWS.md '${news_date}'"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
