#!/usr/bin/python3
"""events.py - Icinga 2's event stream of state changes, one line each, time-stamped.

Usage: events.py URL CA USER PASSWORD_FILE

Subscribes to /v1/events (types StateChange) and prints, for every event,
"EPOCH OBJECT STATE STATE_TYPE" (EPOCH: when the line arrived, time.time();
OBJECT: the host, or HOST!SERVICE) until it is killed or the stream ends.
Icinga pushes the event when it processed the result, so the arrival time
is when the API first shows the new state, without polling 100,000 hosts.
"""
import base64
import http.client
import json
import ssl
import sys
import time
import urllib.parse


def main():
    if len(sys.argv) != 5:
        sys.stderr.write(__doc__)
        return 2
    url, ca, user, pwfile = sys.argv[1:5]
    with open(pwfile) as f:
        password = f.read().strip()
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPSConnection(parts.hostname, parts.port,
                                       context=ssl.create_default_context(cafile=ca))
    auth = base64.b64encode(("%s:%s" % (user, password)).encode()).decode()
    body = json.dumps({"types": ["StateChange"], "queue": "bench-watch-%d" % time.time()})
    conn.request("POST", "/v1/events", body=body,
                 headers={"Authorization": "Basic " + auth, "Accept": "application/json",
                          "Content-Type": "application/json"})
    answer = conn.getresponse()
    if answer.status != 200:
        sys.stderr.write("events.py: HTTP %d\n" % answer.status)
        return 1
    print("%.3f stream-open 0 0" % time.time(), flush=True)
    while True:
        line = answer.readline()
        if not line:
            return 0
        if not line.strip():
            continue
        now = time.time()
        event = json.loads(line)
        name = event.get("host", "")
        if event.get("service"):
            name += "!" + event["service"]
        print("%.3f %s %d %d" % (now, name, int(event.get("state", -1)),
                                 int(event.get("state_type", -1))), flush=True)


if __name__ == "__main__":
    sys.exit(main())
