#!/bin/bash
#
# check_man_render.sh - the man page renders as written: no words glued
# together by a font macro.
#
#   tests/docs/check_man_render.sh
#
# The alternating font macros (.BR .RB .IR .RI .BI .IB) join their
# arguments without spaces, so ".BR \-t ), a run that" renders as
# "-t),arunthat" (it did, in EXIT STATUS).  mandoc -Tlint does not see it:
# the markup is valid.  So this test
#   1. reads every alternating macro line of the source and fails where two
#      arguments would run a word into the next: two letters or digits or
#      more end the first and start the second, or both are plain words
#      (font escapes and \& count as nothing, other escapes as a character
#      that is not a letter), so "2" "N" (2N) and "X" "ms;" pass as the
#      glue they mean to be;
#   2. renders the page with mandoc -Tutf8 and with man -l (groff, no
#      hyphenation) and fails on any word of the output that is not a word
#      of the source, where a word glued on purpose counts: a word glued
#      by mistake ("arunthatcannotfitin") exists only in the rendering;
#   3. runs mandoc -Tlint -W warning (also in check_options.sh) so that this
#      test alone says whether the page is clean.
# MAN_PAGE overrides the page checked.  Prints "ok - ..." or "not ok - ..."
# per check, then "N passed, M failed"; exits 1 if any check failed.

set -u

root=$(cd "$(dirname "$0")/../.." && pwd)
man_page=${MAN_PAGE:-$root/doc/check_multiping.1}
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok - $*"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $*"; }

# 1 and 2 in one pass over the source; the renderings come as files.
check_words() {
    python3 - "$man_page" "$@" <<'EOF'
import re, sys

page, renders = sys.argv[1], sys.argv[2:]
ALTERNATING = {".BR", ".RB", ".IR", ".RI", ".BI", ".IB"}
WORD = re.compile(r"[A-Za-z0-9_]+")

def unescape(text):
    """Font changes and \\& are nothing; other escapes one non-letter."""
    text = re.sub(r"\\f(\[[^]]*\]|\(..|.)", "", text)
    text = text.replace("\\&", "")
    return re.sub(r"\\(\[[^]]*\]|\(..|\*\(..|\*.|.)", "\x01", text)

def gluing(a, b):
    """Two arguments that run a word into another: two letters or digits
    or more on each side of the junction, or two arguments that are plain
    words ("2" "N" and "X" "ms;" are on purpose; "run" "that" and "then"
    "a" are not)."""
    tail = re.search(r"[A-Za-z0-9]*$", a).group(0)
    head = re.match(r"[A-Za-z0-9]*", b).group(0)
    plain = a.isalpha() and b.isalpha()
    return (len(tail) >= 2 and len(head) >= 2) or plain

def arguments(rest):
    """roff's argument split: blanks, "quoted" arguments with "" inside."""
    args, i = [], 0
    while i < len(rest):
        if rest[i] in " \t":
            i += 1
        elif rest[i] == '"':
            j, arg = i + 1, ""
            while j < len(rest):
                if rest[j] == '"' and rest[j + 1:j + 2] == '"':
                    arg, j = arg + '"', j + 2
                elif rest[j] == '"':
                    break
                else:
                    arg, j = arg + rest[j], j + 1
            args.append(arg)
            i = j + 1
        else:
            j = i
            while j < len(rest) and rest[j] not in " \t":
                j += 1
            args.append(rest[i:j])
            i = j
    return args

source_words, glued = set(), []
with open(page, encoding="utf-8") as f:
    for lineno, line in enumerate(f, 1):
        line = line.rstrip("\n")
        if line.startswith(".\\\"") or line.startswith("'\\\""):
            continue
        macro, _, rest = line.partition(" ")
        if line.startswith("."):
            text = " ".join(arguments(rest))
            if macro in ALTERNATING:
                args = [unescape(a) for a in arguments(rest)]
                joined = args[0] if args else ""
                for a, b in zip(args, args[1:]):
                    if gluing(a, b):
                        glued.append("%d: %s  (\"%s\" + \"%s\")" % (lineno, line, a, b))
                        joined += " "
                    joined += b
                # what the macro glues on purpose ("2N", "NAME_rta") is a word too
                text += " " + joined
        else:
            text = line
        source_words.update(WORD.findall(unescape(text).replace("\x01", " ")))

for g in glued:
    print("glued in the source: line " + g)
unknown = 0
for path in renders:
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = f.read().splitlines()
    # the header and footer lines carry words of .TH and the renderer's own
    body = lines[1:-1]
    for n, line in enumerate(body, 2):
        for word in WORD.findall(line):
            if word not in source_words:
                unknown += 1
                print("not in the source: %s line %d: '%s' in: %s" % (path, n, word, line.strip()))
sys.exit(1 if glued or unknown else 0)
EOF
}

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
renders=()
if MANWIDTH=80 mandoc -Tutf8 "$man_page" 2>"$tmp/mandoc.err" | col -b >"$tmp/mandoc.txt" &&
    [ -s "$tmp/mandoc.txt" ]; then
    renders+=("$tmp/mandoc.txt")
else
    not_ok "mandoc -Tutf8 did not render $man_page: $(head -c 300 "$tmp/mandoc.err")"
fi
if command -v groff >/dev/null; then
    if MANWIDTH=80 man --nh --nj -l "$man_page" 2>"$tmp/man.err" | col -b >"$tmp/man.txt" &&
        [ -s "$tmp/man.txt" ]; then
        renders+=("$tmp/man.txt")
    else
        not_ok "man -l did not render $man_page: $(head -c 300 "$tmp/man.err")"
    fi
fi
if out=$(check_words "${renders[@]}"); then
    ok "no word glued by a font macro in the source or in ${#renders[@]} renderings"
else
    not_ok "words glued by font macros (put a roman run on a line of its own):"
    printf '%s\n' "$out" | head -n 40 | sed 's/^/#   /'
fi
lint=$(mandoc -Tlint -W warning "$man_page" 2>&1)
if [ -z "$lint" ]; then
    ok "mandoc -Tlint -W warning is silent"
else
    not_ok "mandoc -Tlint -W warning:"
    printf '%s\n' "$lint" | head -n 20 | sed 's/^/#   /'
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
