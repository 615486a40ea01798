#!/usr/bin/env python3
"""standin_api.py MODE PORT CERT KEY LOG READY_FILE [PROXY_PORT]

A stand-in for the Icinga 2 API's POST /v1/actions/process-check-result,
over HTTPS on 127.0.0.1:PORT with the certificate CERT (key KEY), for
tests/bulk/standin: the cases a real Icinga 2 cannot be made to produce.
Every request read whole is logged to LOG as one line

    POST /v1/actions/process-check-result auth=yes|no host=NAME answer=200|none

("auth=yes": it carried an Authorization header, i.e. the password).  MODE:

    ok            answer each request 200 with one result of code 200
    empty         read each request whole, then close the connection
                  without any answer (the outcome is unknown to the client)
    empty-second  answer the first request of each connection, close the
                  connection unanswered after reading the second

With PROXY_PORT, a forward proxy listens on 127.0.0.1:PROXY_PORT too:
every connection to it is logged as "PROXY CONNECT TARGET" (or "PROXY
OTHER ...") and a CONNECT is tunnelled.  Writes READY_FILE once both
listen.  Runs until killed.
"""
import http.server
import json
import socket
import socketserver
import ssl
import sys
import threading

mode, port, cert, key, log_path, ready = sys.argv[1:7]
proxy_port = int(sys.argv[7]) if len(sys.argv) > 7 else 0
log_lock = threading.Lock()


def log(line):
    with log_lock, open(log_path, "a") as f:
        f.write(line + "\n")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as Icinga 2

    def setup(self):
        super().setup()
        self.on_connection = 0

    def do_POST(self):
        self.on_connection += 1
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        try:
            host = json.loads(body).get("host", "?")
        except ValueError:
            host = "?"
        empty = mode == "empty" or (mode == "empty-second" and self.on_connection == 2)
        auth = "yes" if self.headers.get("Authorization") else "no"
        log(f"POST {self.path} auth={auth} host={host} answer={'none' if empty else 200}")
        if empty:
            self.close_connection = True
            return
        answer = json.dumps({"results": [{"code": 200.0, "status": "Successfully processed"}]})
        data = answer.encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a client refusing the certificate ends the handshake: expected


def pump(src, dst):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
    except OSError:
        pass
    for s in (src, dst):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def proxy_client(conn):
    head = b""
    while b"\r\n\r\n" not in head:
        data = conn.recv(4096)
        if not data:
            conn.close()
            return
        head += data
    first = head.split(b"\r\n", 1)[0].decode(errors="replace")
    words = first.split()
    if len(words) < 2 or words[0] != "CONNECT":
        log(f"PROXY OTHER {first}")
        conn.close()
        return
    log(f"PROXY CONNECT {words[1]}")
    host, _, target_port = words[1].rpartition(":")
    upstream = socket.create_connection((host.strip("[]"), int(target_port)))
    conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
    threading.Thread(target=pump, args=(upstream, conn), daemon=True).start()
    pump(conn, upstream)


def proxy_serve(listener):
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=proxy_client, args=(conn,), daemon=True).start()


server = Server(("127.0.0.1", int(port)), Handler)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, key)
server.socket = context.wrap_socket(server.socket, server_side=True)
if proxy_port:
    listener = socket.create_server(("127.0.0.1", proxy_port))
    threading.Thread(target=proxy_serve, args=(listener,), daemon=True).start()
open(ready, "w").close()
server.serve_forever()
