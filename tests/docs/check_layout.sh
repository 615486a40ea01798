#!/usr/bin/env bash
# tests/docs/check_layout.sh - the source tree keeps the shape the README
# describes:
#   1. lib/'s folders include each other in one direction only: the graph
#      of folder -> folder #include edges has no cycle, and the helpers at
#      lib/'s top include no folder at all (they sit below everything);
#      README.md's folder table lists every folder, and a folder includes
#      only folders listed above it (the order data flows in);
#   2. plugins/' objects call each other in one direction only (a symbol
#      defined in one object and used by another is an edge; no cycle);
#   3. no source file in lib/ or plugins/ is over 600 lines.
#
#   tests/docs/check_layout.sh [BUILD_DIR]     (default build/, for step 2)
#
# Prints the folder graph and "N passed, M failed"; exits 1 on any failure.
set -u
cd "$(dirname "$0")/../.." || exit 2
build=${1:-build}
max_lines=600
passed=0
failed=0
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

ok() { passed=$((passed + 1)); echo "ok - $*"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $*"; }

# acyclic GRAPH_FILE TITLE WHAT: print the graph (one "from to" edge a
# line) and pass when tsort finds no cycle in it.
acyclic() {
    echo "# $2:"
    awk '{a[$1] = a[$1] " " $2} END {for (f in a) print "#   " f " ->" a[f]}' "$1" | sort
    if tsort "$1" >/dev/null 2>"$tmp/tsort"; then
        ok "$3 in one direction only"
    else
        not_ok "$3 in a cycle: $(head -n 3 "$tmp/tsort" | tr '\n' ' ')"
    fi
}

# folder_of FILE: "top" for lib/X.[ch], "F" for lib/F/X.[ch].
folder_of() {
    case $1 in
    lib/*/*) local f=${1#lib/}; echo "${f%%/*}" ;;
    *) echo top ;;
    esac
}

# Every "#include" of a lib file, resolved as the compiler does with -Ilib:
# the including file's own folder first, then lib/.
folder_edges() {
    local file dir inc target
    for file in lib/*.[ch] lib/*/*.[ch]; do
        dir=$(dirname "$file")
        while read -r inc; do
            if [ -f "$dir/$inc" ]; then
                target="$dir/$inc"
            elif [ -f "lib/$inc" ]; then
                target="lib/$inc"
            elif [ -f "plugins/$inc" ] || [ -f "tests/$inc" ]; then
                echo "outside outside $file $inc"
                continue
            else
                continue # a system header
            fi
            echo "$(folder_of "$file") $(folder_of "$target") $file $inc"
        done < <(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$file")
    done
}

folder_edges | awk '$1 != $2' >"$tmp/edges"
if grep -q '^outside ' "$tmp/edges"; then
    not_ok "lib/ includes files outside lib/: $(awk '/^outside / {print $3 " -> " $4}' "$tmp/edges" | tr '\n' ' ')"
    sed -i '/^outside /d' "$tmp/edges"
else
    ok "lib/ includes nothing from plugins/ or tests/"
fi
awk '{print $1, $2}' "$tmp/edges" | sort -u >"$tmp/graph"
acyclic "$tmp/graph" "lib/ folder include graph (folder -> folders it includes)" \
    "lib/ folders include each other"
# The README's table, in its order: | `lib/NAME/` | ... |
sed -n 's/^| `lib\/\([a-z_]*\)\/` |.*/\1/p' README.md >"$tmp/order"
unlisted=
for d in lib/*/; do
    d=${d#lib/}
    grep -qx "${d%/}" "$tmp/order" || unlisted="$unlisted ${d%/}"
done
if [ -n "$unlisted" ]; then
    not_ok "README.md's folder table does not list:$unlisted"
else
    ok "README.md's folder table lists all $(wc -l <"$tmp/order") lib/ folders"
fi
upward=$(awk 'NR == FNR {rank[$1] = FNR; next}
    $2 != "top" && (!($2 in rank) || !($1 in rank) || rank[$2] >= rank[$1]) {print $3 " -> " $4}' \
    "$tmp/order" "$tmp/edges")
if [ -n "$upward" ]; then
    not_ok "includes of a folder listed below (or not listed) in README.md: $(echo "$upward" | tr '\n' ' ')"
else
    ok "every folder includes only folders README.md lists above it"
fi
if awk '$1 == "top"' "$tmp/edges" | grep -q .; then
    not_ok "lib/'s top helpers include a folder: $(awk '$1 == "top" {print $3 " -> " $4}' "$tmp/edges" | tr '\n' ' ')"
else
    ok "lib/'s top helpers include no folder"
fi

# plugins/: who calls whom, from the objects' symbol tables.
objs=("$build"/plugins/*.o)
if [ ! -f "${objs[0]}" ]; then
    not_ok "no objects in $build/plugins/ (build first)"
else
    for o in "${objs[@]}"; do
        nm --defined-only -g "$o" | awk -v o="$(basename "$o" .o)" '{print $3, o}'
    done | sort >"$tmp/defs"
    for o in "${objs[@]}"; do
        nm -u "$o" | awk -v o="$(basename "$o" .o)" '{print $2, o}'
    done | sort >"$tmp/uses"
    join "$tmp/uses" "$tmp/defs" | awk '$2 != $3 {print $2, $3}' | sort -u >"$tmp/calls"
    acyclic "$tmp/calls" "plugins/ calls (object -> objects it uses)" \
        "plugins/ objects call each other"
fi

long=$(wc -l lib/*.[ch] lib/*/*.[ch] plugins/*.[ch] | awk -v m=$max_lines '$2 != "total" && $1 > m {print $2 " (" $1 ")"}')
if [ -n "$long" ]; then
    not_ok "source files over $max_lines lines: $(echo "$long" | tr '\n' ' ')"
else
    ok "no source file in lib/ or plugins/ is over $max_lines lines"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
