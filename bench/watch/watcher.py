#!/usr/bin/python3
"""watcher.py - when each silenced host turns hard DOWN (and UP again) in Icinga 2's API.

Usage: watcher.py URL CA USER PASSWORD_FILE SILENCED_FILE UP_FILE STOP_FILE

SILENCED_FILE and UP_FILE grow while this runs: "EPOCH HOST" lines, the
moment HOST stopped answering, or answered again.  Each such host is
asked for by name (GET /v1/objects/hosts/HOST: a direct lookup, where a
filter would be evaluated on all 100,000 objects) every 0.1 s over one
kept-alive connection, until the API shows it hard DOWN (resp. UP); then
"EPOCH HOST STATE 1" is printed (EPOCH: when the answer came).  Icinga's
own event stream (/v1/events) was tried first and delivers some
StateChange events seconds after the API already shows the state, so it
measures Icinga's streaming, not the time to the API.  Ends when
STOP_FILE exists and nothing is pending.
"""
import base64
import http.client
import json
import os
import ssl
import sys
import time
import urllib.parse


def read_new(path, offset):
    try:
        with open(path) as f:
            f.seek(offset)
            data = f.read()
    except OSError:
        return [], offset
    end = data.rfind("\n") + 1
    lines = [l.split() for l in data[:end].splitlines() if l.strip()]
    return lines, offset + len(data[:end].encode())


def main():
    if len(sys.argv) != 8:
        sys.stderr.write(__doc__)
        return 2
    url, ca, user, pwfile, silenced, up, stop = sys.argv[1:8]
    with open(pwfile) as f:
        password = f.read().strip()
    parts = urllib.parse.urlsplit(url)
    ctx = ssl.create_default_context(cafile=ca)
    auth = "Basic " + base64.b64encode(("%s:%s" % (user, password)).encode()).decode()
    conn = None
    pending = {}  # host -> wanted state
    offsets = {silenced: 0, up: 0}
    while True:
        for path, want in ((silenced, 1), (up, 0)):
            lines, offsets[path] = read_new(path, offsets[path])
            for _, host in lines:
                pending[host] = want
        if not pending and os.path.exists(stop):
            return 0
        for host, want in list(pending.items()):
            try:
                if conn is None:
                    conn = http.client.HTTPSConnection(parts.hostname, parts.port, context=ctx,
                                                       timeout=10)
                conn.request("GET", "/v1/objects/hosts/%s?attrs=state&attrs=state_type" % host,
                             headers={"Authorization": auth, "Accept": "application/json"})
                answer = conn.getresponse()
                attrs = json.loads(answer.read())["results"][0]["attrs"]
            except (OSError, http.client.HTTPException, ValueError, KeyError, IndexError):
                conn = None
                continue
            if int(attrs["state"]) == want and int(attrs["state_type"]) == 1:
                print("%.3f %s %d 1" % (time.time(), host, want), flush=True)
                del pending[host]
        time.sleep(0.1)


if __name__ == "__main__":
    sys.exit(main())
