#!/usr/bin/env python3
"""tests/docs/examples.py - the output examples of the man page and README
against real output, by shape.

  examples.py blocks FILE...          print each marked example's lines,
                                      normalized, as "FILE:LINE<TAB>SHAPE"
  examples.py shapes < OUTPUT         print the normalized lines of OUTPUT
  examples.py inline FILE...          like blocks, for the output quoted in
                                      running text: a man page "..." or a
                                      README `...` that starts like a line of
                                      the long output or of a bulk result
  examples.py unmarked FILE...        print example-looking output lines that
                                      are outside a marked block

A marked block is a man page .EX/.EE block after the comment line
'.\\" output-example' or a README fence after '<!-- output-example -->'.
In a block, an indented line continues the line before it
("wrapped here"); '$ ' lines (the command) and a line '...' are skipped; a
line ending in ' ...' shows only the start of the real line.

The shape of a line: IPv4 and IPv6 addresses become H, the names before
"(H)" become H, the name an UNRESOLVED line is about becomes H, numbers
become N.  So "DEAD: sw-b3 (192.0.2.33): 0/2 replies" and "DEAD: ghost
(10.1.0.34): 0/2 replies" have one shape; a changed label, word, unit or
field order does not.
"""
import re
import sys

MARK_MAN = '.\\" output-example'
MARK_MD = '<!-- output-example -->'
# Lines that only the plugin prints: status lines and long-output labels.
LOOKS_LIKE_OUTPUT = re.compile(
    r'^(MULTIPING (OK|WARNING|CRITICAL|UNKNOWN) |(DEAD|UNREACHABLE|UNRESOLVED|PARTIAL|'
    r'OVER CRITICAL|OVER WARNING): |(OK|WARNING|CRITICAL|UNKNOWN) \\?- )')

# The start of a bulk result's output (PING OK - ADDRESS:); check_ping's own
# "PING OK - Packet loss" is not the plugin's.
BULK_RESULT = re.compile(r'^PING (OK|CRITICAL) - H:')
IPV6 = re.compile(r'(?<![\w:])(?=[0-9a-fA-F:]*:[0-9a-fA-F:]*:)[0-9a-fA-F]{0,4}(:[0-9a-fA-F]{0,4}){2,7}(?![\w:])')
IPV4 = re.compile(r'(?<![\w.])\d{1,3}(\.\d{1,3}){3}(?![\w.])')


def shape(line):
    s = line.rstrip()
    # An address followed by ':' (a label's end) keeps that colon.
    s = IPV6.sub(lambda m: 'H:' if m.group(0).endswith(':') and not m.group(0).endswith('::') else 'H', s)
    s = IPV4.sub('H', s)
    s = re.sub(r'([A-Za-z][\w.-]*, )*[A-Za-z][\w.-]* \(H\)', 'H (H)', s)
    s = re.sub(r'^UNRESOLVED: [^:]+:', 'UNRESOLVED: H:', s)
    s = re.sub(r'H(rta|pl|rtmax|rtmin)=', r'H\1=', s)
    s = re.sub(r'\d+(\.\d+)?', 'N', s)
    return s


def unroff(line):
    s = line.replace('\\-', '-').replace('\\(aq', "'").replace('\\e', '\\')
    return s.replace('\\(mu', 'x')


def blocks(path):
    """(line number, text) of every line of every marked block, joined."""
    lines = open(path, encoding='utf-8').read().split('\n')
    man = path.endswith('.1')
    out = []
    i = 0
    while i < len(lines):
        if lines[i].strip() != (MARK_MAN if man else MARK_MD):
            i += 1
            continue
        i += 1
        while i < len(lines) and not (lines[i].startswith('.EX') if man else lines[i].startswith('```')):
            i += 1
        i += 1
        joined = []
        while i < len(lines) and not (lines[i].startswith('.EE') if man else lines[i].startswith('```')):
            text = unroff(lines[i]) if man else lines[i]
            if text.startswith(' ') and joined:
                joined[-1][1] += ' ' + text.strip()
            elif text.startswith('$ ') or text.strip() == '...':
                pass
            else:
                joined.append([i + 1, text])
            i += 1
        if not joined:
            sys.exit('%s:%d: marked block is empty' % (path, i))
        out.extend(joined)
    return out


def inline(path):
    """(line number, text) of every quoted output example in running text."""
    man = path.endswith('.1')
    span = re.compile(r'"([^"]+)"' if man else r'`([^`]+)`')
    out = []
    for n, line in enumerate(open(path, encoding='utf-8').read().split('\n'), 1):
        for text in span.findall(unroff(line) if man else line):
            if LOOKS_LIKE_OUTPUT.match(text) or BULK_RESULT.match(shape(text)):
                out.append((n, text))
    return out


def unmarked(path):
    marked = {n for n, _ in blocks(path)}
    man = path.endswith('.1')
    for n, line in enumerate(open(path, encoding='utf-8').read().split('\n'), 1):
        text = unroff(line) if man else line
        if LOOKS_LIKE_OUTPUT.match(text) and n not in marked:
            print('%s:%d: %s' % (path, n, text))


def main():
    mode, files = sys.argv[1], sys.argv[2:]
    if mode == 'shapes':
        for line in sys.stdin:
            print(shape(line))
    elif mode == 'blocks':
        for f in files:
            for n, text in blocks(f):
                print('%s:%d\t%s' % (f, n, shape(text)))
    elif mode == 'inline':
        for f in files:
            for n, text in inline(f):
                print('%s:%d\t%s' % (f, n, shape(text)))
    elif mode == 'unmarked':
        for f in files:
            unmarked(f)


if __name__ == '__main__':
    main()
