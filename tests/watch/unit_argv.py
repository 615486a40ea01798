#!/usr/bin/python3
"""unit_argv.py - the command line that systemd would run for a unit's ExecStart.

Usage: unit_argv.py UNIT BINARY CREDENTIALS_DIR CA_FILE [NAME=VALUE...]

Reads UNIT (contrib/systemd/check_multiping-watch.service), takes its
Environment= defaults, then the NAME=VALUE pairs (what the EnvironmentFile
would set), and prints ExecStart's words NUL-separated as systemd builds
them: quotes and backslash escapes as in systemd.syntax(7), "${NAME}"
inside a word substituted whole, a word that is exactly "$NAME" split on
white space, %d the credentials directory.  The first word (the plugin's
installed path) becomes BINARY and the Debian CA path becomes CA_FILE, so
that tests/watch/run runs exactly the unit's options on its own daemon.
"""
import re
import shlex
import sys

DEBIAN_CA = "/var/lib/icinga2/certs/ca.crt"


def unit_lines(path):
    """[Service] settings, continuation lines joined."""
    lines, cur, section = [], "", ""
    with open(path) as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not cur and (not line.strip() or line.lstrip().startswith(("#", ";"))):
                continue
            if line.startswith("["):
                section = line.strip()
                continue
            if line.endswith("\\"):
                cur += line[:-1] + " "
                continue
            cur += line
            if section == "[Service]":
                lines.append(cur)
            cur = ""
    return lines


def main():
    if len(sys.argv) < 5:
        sys.stderr.write(__doc__)
        return 2
    unit, binary, creds, ca = sys.argv[1:5]
    env, execstart = {}, None
    for line in unit_lines(unit):
        key, _, value = line.partition("=")
        if key == "Environment":
            for word in shlex.split(value):
                name, _, val = word.partition("=")
                env[name] = val
        elif key == "ExecStart":
            execstart = value
    for pair in sys.argv[5:]:
        name, _, val = pair.partition("=")
        env[name] = val
    if execstart is None:
        sys.stderr.write("unit_argv.py: no ExecStart in %s\n" % unit)
        return 1
    words = []
    for word in shlex.split(execstart):
        if re.fullmatch(r"\$[A-Za-z_][A-Za-z0-9_]*", word):
            words.extend(env.get(word[1:], "").split())
            continue
        word = re.sub(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", lambda m: env.get(m.group(1), ""), word)
        words.append(word.replace("%d", creds).replace(DEBIAN_CA, ca))
    words[0] = binary
    sys.stdout.write("\0".join(words) + "\0")
    return 0


if __name__ == "__main__":
    sys.exit(main())
