#!/usr/bin/python3
"""poll.py - watch hosts' states in Icinga 2's API, with a time stamp per change.

Usage: poll.py URL CA USER PASSWORD_FILE SECONDS HOST...

Every 0.1 s, until SECONDS pass or the file named by $POLL_STOP exists,
one request over one kept-alive TLS
connection asks for the hosts' state, state_type and last_check; each time
a host's triple differs from the last one seen, one line is printed:
"EPOCH HOST STATE STATE_TYPE LAST_CHECK" (EPOCH: when the answer came,
time.time()).  The first answer prints every host.  One connection and one
request per poll keep the API's own load small while the test measures
how fast the daemon makes the API show a change.
"""
import base64
import http.client
import json
import os
import ssl
import sys
import time
import urllib.parse


def connect(url, ca):
    parts = urllib.parse.urlsplit(url)
    ctx = ssl.create_default_context(cafile=ca)
    return http.client.HTTPSConnection(parts.hostname, parts.port, context=ctx, timeout=5)


def query(conn, auth, hosts):
    body = json.dumps({"filter": "host.name in hosts", "filter_vars": {"hosts": hosts},
                       "attrs": ["name", "state", "state_type", "last_check"]})
    conn.request("POST", "/v1/objects/hosts", body=body,
                 headers={"Authorization": auth, "Accept": "application/json",
                          "Content-Type": "application/json",
                          "X-HTTP-Method-Override": "GET"})
    answer = conn.getresponse()
    data = answer.read()
    if answer.status != 200:
        raise OSError("HTTP %d" % answer.status)
    return json.loads(data)["results"]


def main():
    if len(sys.argv) < 7:
        sys.stderr.write(__doc__)
        return 2
    url, ca, user, pwfile, seconds = sys.argv[1:6]
    hosts = sys.argv[6:]
    with open(pwfile) as f:
        password = f.read().strip()
    auth = "Basic " + base64.b64encode(("%s:%s" % (user, password)).encode()).decode()
    stop = os.environ.get("POLL_STOP", "")
    end = time.time() + float(seconds)
    seen = {}
    conn = None
    while time.time() < end and not (stop and os.path.exists(stop)):
        try:
            if conn is None:
                conn = connect(url, ca)
            results = query(conn, auth, hosts)
        except (OSError, http.client.HTTPException, ValueError):
            conn = None
            time.sleep(0.1)
            continue
        now = time.time()
        for r in results:
            a = r["attrs"]
            key = (int(a["state"]), int(a["state_type"]), a["last_check"])
            if seen.get(a["name"]) != key:
                seen[a["name"]] = key
                print("%.3f %s %d %d %.3f" % (now, a["name"], key[0], key[1], key[2]), flush=True)
        time.sleep(0.1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
