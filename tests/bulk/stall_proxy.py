#!/usr/bin/env python3
"""stall_proxy.py LISTEN_PORT TARGET_PORT STALL_AFTER_BYTES READY_FILE [HOLD_FROM RELEASE_FILE]

A TCP proxy on 127.0.0.1 for tests/bulk/run: it passes bytes both ways
between a client and 127.0.0.1:TARGET_PORT until the clients together have
sent STALL_AFTER_BYTES; from then on it reads nothing more and forwards
nothing in either direction, keeping every connection open: an API that
stalls halfway through a bulk submission.  Writes READY_FILE once it
listens.  Runs until killed.

With HOLD_FROM and RELEASE_FILE (STALL_AFTER_BYTES is then ignored): the
connections from the HOLD_FROM-th on (0: all of them; 1: all but the
first, the host query) are accepted but not read until RELEASE_FILE
exists, then passed on whole; READY_FILE.held appears once one is held.
An API that holds the submissions while the test changes something.
"""
import os
import selectors
import socket
import sys

listen_port, target_port, limit = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
ready = sys.argv[4]
hold_from, release = (int(sys.argv[5]), sys.argv[6]) if len(sys.argv) > 6 else (None, None)
if hold_from is not None:
    limit = float("inf")
sel = selectors.DefaultSelector()
server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", listen_port))
server.listen(64)
sel.register(server, selectors.EVENT_READ, None)
open(ready, "w").close()
sent = 0
accepted = 0
held = []  # connections kept open after the stall
waiting = []  # (client, upstream) pairs not read until RELEASE_FILE exists


def pump(src, dst, upstream):
    global sent
    if sent >= limit:
        return
    data = src.recv(65536)
    if not data:
        for s in (src, dst):
            try:
                sel.unregister(s)
            except (KeyError, ValueError):
                pass
            s.close()
        return
    if upstream:
        room = limit - sent
        if len(data) > room:
            data = data[:room]
        sent += len(data)
    dst.sendall(data)


def connect(client, up):
    sel.register(client, selectors.EVENT_READ, (up, True))
    sel.register(up, selectors.EVENT_READ, (client, False))


while True:
    for key, _ in sel.select(timeout=0.05 if waiting else 1):
        if key.data is None:
            client, _ = server.accept()
            up = socket.create_connection(("127.0.0.1", target_port))
            held.extend([client, up])
            if hold_from is not None and accepted >= hold_from:
                waiting.append((client, up))
                open(ready + ".held", "w").close()
            else:
                connect(client, up)
            accepted += 1
        else:
            dst, upstream = key.data
            try:
                pump(key.fileobj, dst, upstream)
            except OSError:
                pass
    if waiting and os.path.exists(release):
        for client, up in waiting:
            connect(client, up)
        waiting = []
        hold_from = None
    if sent >= limit:
        for s in list(held):
            try:
                sel.unregister(s)
            except (KeyError, ValueError):
                pass
