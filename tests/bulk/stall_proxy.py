#!/usr/bin/env python3
"""stall_proxy.py LISTEN_PORT TARGET_PORT STALL_AFTER_BYTES READY_FILE

A TCP proxy on 127.0.0.1 for tests/bulk/run: it passes bytes both ways
between a client and 127.0.0.1:TARGET_PORT until the clients together have
sent STALL_AFTER_BYTES; from then on it reads nothing more and forwards
nothing in either direction, keeping every connection open: an API that
stalls halfway through a bulk submission.  Writes READY_FILE once it
listens.  Runs until killed.
"""
import selectors
import socket
import sys

listen_port, target_port, limit = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
sel = selectors.DefaultSelector()
server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", listen_port))
server.listen(64)
sel.register(server, selectors.EVENT_READ, None)
open(sys.argv[4], "w").close()
sent = 0
held = []  # connections kept open after the stall


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


while True:
    for key, _ in sel.select(timeout=1):
        if key.data is None:
            client, _ = server.accept()
            up = socket.create_connection(("127.0.0.1", target_port))
            held.extend([client, up])
            sel.register(client, selectors.EVENT_READ, (up, True))
            sel.register(up, selectors.EVENT_READ, (client, False))
        else:
            dst, upstream = key.data
            try:
                pump(key.fileobj, dst, upstream)
            except OSError:
                pass
    if sent >= limit:
        for s in list(held):
            try:
                sel.unregister(s)
            except (KeyError, ValueError):
                pass
