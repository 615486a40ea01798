#!/usr/bin/env python3
"""bench/bulk/api_cost.py - N requests to the Icinga 2 API over ONE kept-alive
TLS connection, one kind of request per run, so bench/bulk/run --probe can
charge the daemon's CPU to each layer (HTTP + TLS + auth, JSON parsing,
check-result processing).  It runs outside the daemon's cgroup: its own CPU
is not counted.  Exits 1 when an answer is not the expected status.

usage: api_cost.py KIND N CA (--password-file F USER | --cert C KEY) OBJECTS
KIND: full     process-check-result with every field bulk submits
      minimal  process-check-result with type, host, exit_status, output only
      notfound POST to an unknown action (404): HTTP, TLS and auth only
"""
import http.client
import json
import socket
import ssl
import sys
import time


def body(kind, name, now):
    if kind == "minimal":
        return {"type": "Host", "host": name, "exit_status": 0, "plugin_output": "PING OK"}
    return {"type": "Host", "host": name, "exit_status": 0,
            "plugin_output": "PING OK - 10.80.0.2: rta 0.004 ms, lost 0%",
            "performance_data": ["rta=0.004ms;;;0;", "pl=0%;;;0;100"],
            "check_source": socket.gethostname(), "execution_start": now - 1,
            "execution_end": now, "ttl": 300}


def main(argv):
    kind, n, ca = argv[1], int(argv[2]), argv[3]
    ctx = ssl.create_default_context(cafile=ca)
    headers = {"Accept": "application/json", "Content-Type": "application/json"}
    if argv[4] == "--cert":
        ctx.load_cert_chain(argv[5], argv[6])
    else:
        import base64
        with open(argv[5]) as f:
            secret = f.readline().rstrip("\r\n")
        token = base64.b64encode(f"{argv[6]}:{secret}".encode()).decode()
        headers["Authorization"] = "Basic " + token
    with open(argv[7]) as f:
        names = [line.split()[0] for line in f if line.strip()]
    conn = http.client.HTTPSConnection("localhost", 5665, context=ctx)
    path = "/v1/actions/no-such-action" if kind == "notfound" else "/v1/actions/process-check-result"
    want = 404 if kind == "notfound" else 200
    now = time.time()
    for i in range(n):
        conn.request("POST", path, json.dumps(body(kind, names[i % len(names)], now)), headers)
        r = conn.getresponse()
        r.read()
        if r.status != want:
            print(f"request {i}: HTTP {r.status}, expected {want}", file=sys.stderr)
            return 1
    conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
