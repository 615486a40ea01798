#!/usr/bin/env bash
# tests/docs/check_news.sh - NEWS.md names only files that exist: every
# repository path in it (contrib/..., tests/..., debian/...) is a file or
# folder of the tree, and every bare file name (multiping-bulk.conf) is the
# name of one of its files, but for the system files listed below.
#
#   tests/docs/check_news.sh [NEWS.md]
#
# Prints "N passed, M failed"; exits 1 on failure.
set -u
cd "$(dirname "$0")/../.." || exit 2
news=${1:-NEWS.md}
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok - $*"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $*"; }
# Files of the systems the plugin runs on, not of this tree.
SYSTEM_FILES=' nsswitch.conf resolv.conf '
TOP='contrib|tests|doc|debian|scripts|lib|plugins|bench'
EXT='conf|ini|cfg|json|php|sh|c|h|in|py'

tree=$(git ls-files 2>/dev/null) || tree=$(find . -type f ! -path './.git/*' | sed 's|^\./||')
# A path or name starts after a blank, a quote, a backtick or a bracket, so
# that /usr/lib/check_multiping/... and PREFIX/lib/... are not taken for
# repository paths.
tokens=$(grep -oE "(^|[[:space:]\`'\"(])[A-Za-z0-9_./-]+" "$news" | sed -E "s/^[[:space:]\`'\"(]//" |
    sed -E 's/[.]+$//' | sort -u)
paths=0 names=0 bad=0
while IFS= read -r t; do
    if grep -qE "^($TOP)/" <<<"$t"; then
        paths=$((paths + 1))
        if ! grep -qxF -- "${t%/}" <<<"$tree" && ! grep -q -- "^${t%/}/" <<<"$tree"; then
            echo "# NEWS.md names $t, which the tree does not have"
            bad=1
        fi
    elif grep -qE "^[A-Za-z0-9_-][A-Za-z0-9_.-]*\.($EXT)\$" <<<"$t"; then
        names=$((names + 1))
        [ "${SYSTEM_FILES#* "$t" }" != "$SYSTEM_FILES" ] && continue
        if ! grep -qE -- "(^|/)${t//./\\.}\$" <<<"$tree"; then
            echo "# NEWS.md names $t, which no file of the tree is called"
            bad=1
        fi
    fi
done <<<"$tokens"
if [ "$paths" -eq 0 ] || [ "$names" -eq 0 ]; then
    not_ok "$news: found $paths paths and $names file names (the patterns are broken)"
elif [ "$bad" -eq 0 ]; then
    ok "$news: its $paths repository paths and $names file names exist"
else
    not_ok "$news names files that do not exist"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
