#!/usr/bin/env python3
"""dnsserver.py - a small authoritative name server for the tests (stdlib only).

Why our own: the tests need what no packaged server does on demand: an answer
delay, names that are never answered, SERVFAIL/REFUSED, and hostile answers
(truncated, wrong id, wrong question, oversized, CNAME loops, wrong-family
records, garbage).  It runs inside the test's network namespace only.

Zone file, one rule per line ('#' comments):
    NAME A 10.1.0.1          address records (repeatable; AAAA likewise)
    NAME CNAME TARGET        an alias, answered with the target's records
    NAME BEHAVIOUR           SILENT SERVFAIL REFUSED TRUNCATE WRONGID WRONGQ
                             OVERSIZE CNAMELOOP WRONGFAMILY GARBAGE NODATA
    *.SUFFIX SYNTH 10.20.0.0 hN.SUFFIX -> A base+N, sN.SUFFIX -> never answered,
                             anything else under SUFFIX -> NXDOMAIN
Names not in the zone get NXDOMAIN.  --delay-ms delays every UDP answer
(a heap of due times, one thread: thousands of queries in flight cost
nothing).  TCP answers at once, with the full answer (TRUNCATE's second half).
--log FILE appends "QNAME QTYPE" per query received (tests count retries).
--times FILE appends "SECONDS QNAME QTYPE" per UDP query received, SECONDS
on CLOCK_MONOTONIC (tests compare when retries arrive).
--peers FILE appends "ADDRESS PORT" of each UDP client the first time it
asks (tests count the sockets a resolver spreads its queries over).
"""
import argparse
import heapq
import ipaddress
import select
import socket
import struct
import threading
import time

T_A, T_CNAME, T_AAAA = 1, 5, 28
BEHAVIOURS = {"SILENT", "SERVFAIL", "REFUSED", "TRUNCATE", "WRONGID", "WRONGQ",
              "OVERSIZE", "CNAMELOOP", "WRONGFAMILY", "GARBAGE", "NODATA"}


def encode_name(name):
    out = b""
    for label in name.rstrip(".").split("."):
        if label:
            out += bytes([len(label)]) + label.encode()
    return out + b"\0"


class Zone:
    def __init__(self, path):
        self.records = {}     # name -> [(type, rdata bytes)]
        self.behaviour = {}   # name -> BEHAVIOUR
        self.synth = []       # (suffix, base int)
        with open(path) as f:
            for line in f:
                words = line.split("#", 1)[0].split()
                if not words:
                    continue
                name = words[0].lower().rstrip(".")
                kind = words[1].upper()
                if kind == "SYNTH":
                    self.synth.append(("." + name[2:], int(ipaddress.IPv4Address(words[2]))))
                elif kind in BEHAVIOURS:
                    self.behaviour[name] = kind
                elif kind == "A":
                    self.add(name, T_A, ipaddress.IPv4Address(words[2]).packed)
                elif kind == "AAAA":
                    self.add(name, T_AAAA, ipaddress.IPv6Address(words[2]).packed)
                elif kind == "CNAME":
                    self.add(name, T_CNAME, encode_name(words[2]))

    def add(self, name, rtype, rdata):
        self.records.setdefault(name, []).append((rtype, rdata))

    def lookup(self, name):
        """(behaviour or None, records or None when NXDOMAIN)"""
        if name in self.behaviour:
            return self.behaviour[name], self.records.get(name, [])
        if name in self.records:
            return None, self.records[name]
        for suffix, base in self.synth:
            if name.endswith(suffix):
                label = name[: -len(suffix)]
                if label[:1] == "h" and label[1:].isdigit():
                    return None, [(T_A, struct.pack("!I", base + int(label[1:])))]
                if label[:1] == "s" and label[1:].isdigit():
                    return "SILENT", []
        return None, None


def parse_query(data):
    """(id, flags, qname lower-case, qtype, question bytes) or None."""
    if len(data) < 12:
        return None
    qid, flags, qd = struct.unpack("!HHH", data[:6])
    if qd != 1 or flags & 0x8000:
        return None
    pos, labels = 12, []
    while pos < len(data) and data[pos]:
        n = data[pos]
        if n > 63:
            return None
        labels.append(data[pos + 1: pos + 1 + n].decode("ascii", "replace"))
        pos += 1 + n
    end = pos + 5
    if end > len(data):
        return None
    qtype = struct.unpack("!H", data[pos + 1: pos + 3])[0]
    return qid, flags, ".".join(labels).lower(), qtype, data[12:end]


def rr(rtype, rdata, owner=b"\xc0\x0c"):
    return owner + struct.pack("!HHIH", rtype, 1, 60, len(rdata)) + rdata


def message(qid, rcode, question, answers, flags_extra=0, rd=True):
    flags = 0x8400 | (0x0100 if rd else 0) | 0x0080 | rcode | flags_extra
    return struct.pack("!HHHHHH", qid, flags, 1, len(answers), 0, 0) + question + b"".join(answers)


def answer(zone, query, tcp):
    """The reply bytes, or None for no reply."""
    qid, qflags, qname, qtype, question = query
    rd = bool(qflags & 0x0100)
    behaviour, records = zone.lookup(qname)
    if behaviour == "SILENT":
        return None
    if behaviour == "SERVFAIL":
        return message(qid, 2, question, [], rd=rd)
    if behaviour == "REFUSED":
        return message(qid, 5, question, [], rd=rd)
    if behaviour == "GARBAGE":
        return struct.pack("!H", qid) + b"\x81\x80\x00\x01\x00\x05" + b"\xff" * 20
    if behaviour == "WRONGID":
        return message(qid ^ 0x5a5a, 0, question, [rr(T_A, b"\x0a\x01\x00\x01")], rd=rd)
    if behaviour == "WRONGQ":
        other = encode_name("other." + qname) + question[-4:]
        return message(qid, 0, other, [rr(T_A, b"\x0a\x01\x00\x01")], rd=rd)
    if behaviour == "CNAMELOOP":
        a, b = encode_name(qname), encode_name("loop2." + qname)
        return message(qid, 0, question, [rr(T_CNAME, b), rr(T_CNAME, a, owner=b)], rd=rd)
    if behaviour == "WRONGFAMILY":
        wrong = (T_AAAA, b"\xfd\x00" + b"\x00" * 13 + b"\x01") if qtype == T_A else (T_A, b"\x0a\x01\x00\x01")
        return message(qid, 0, question, [rr(*wrong)], rd=rd)
    if behaviour == "OVERSIZE":
        many = [rr(T_A, bytes([10, 20, 2, i])) for i in range(1, 61)] if qtype == T_A else []
        return message(qid, 0, question, many, rd=rd)
    if behaviour == "TRUNCATE" and not tcp:
        return message(qid, 0, question, [], flags_extra=0x0200, rd=rd)
    if records is None:
        return message(qid, 3, question, [], rd=rd)
    if behaviour == "NODATA":
        return message(qid, 0, question, [], rd=rd)
    answers = [rr(t, d) for t, d in records if t == qtype]
    if not answers:
        for t, d in records:  # an alias: its target's records follow it
            if t == T_CNAME:
                target = d
                tname = ".".join(target[i + 1:i + 1 + target[i]].decode() for i in label_offsets(target))
                _, trecs = zone.lookup(tname)
                answers = [rr(T_CNAME, target)] + [rr(tt, td, owner=target) for tt, td in (trecs or []) if tt == qtype]
    return message(qid, 0, question, answers, rd=rd)


def label_offsets(encoded):
    i = 0
    while encoded[i]:
        yield i
        i += 1 + encoded[i]


def log_query(args, query):
    if args.log:
        with open(args.log, "a") as f:
            f.write("%s %d\n" % (query[2], query[3]))


def log_time(args, query, at):
    if args.times:
        with open(args.times, "a") as f:
            f.write("%.6f %s %d\n" % (at, query[2], query[3]))


def serve_tcp_client(conn, zone, args):
    with conn:
        conn.settimeout(5)
        try:
            while True:
                head = conn.recv(2)
                if len(head) < 2:
                    return
                n = struct.unpack("!H", head)[0]
                data = b""
                while len(data) < n:
                    more = conn.recv(n - len(data))
                    if not more:
                        return
                    data += more
                query = parse_query(data)
                if not query:
                    return
                log_query(args, query)
                reply = answer(zone, query, True)
                if reply is not None:
                    conn.sendall(struct.pack("!H", len(reply)) + reply)
        except OSError:
            return


def serve_tcp(sock, zone, args):
    while True:
        conn, _ = sock.accept()
        threading.Thread(target=serve_tcp_client, args=(conn, zone, args), daemon=True).start()


def log_peer(args, peers, peer):
    if args.peers and peer not in peers:
        peers.add(peer)
        with open(args.peers, "a") as f:
            f.write("%s %d\n" % (peer[0], peer[1]))


def serve_udp(sock, zone, args):
    delay = args.delay_ms / 1000.0
    peers = set()
    due = []  # (time, seq, reply, peer)
    seq = 0
    sock.setblocking(False)
    while True:
        timeout = max(0.0, due[0][0] - time.monotonic()) if due else None
        readable, _, _ = select.select([sock], [], [], timeout)
        if readable:
            for _ in range(256):
                try:
                    data, peer = sock.recvfrom(4096)
                except BlockingIOError:
                    break
                arrived = time.monotonic()
                query = parse_query(data)
                if not query:
                    continue
                log_query(args, query)
                log_time(args, query, arrived)
                log_peer(args, peers, peer)
                reply = answer(zone, query, False)
                if reply is None:
                    continue
                if delay <= 0:
                    sock.sendto(reply, peer)
                else:
                    seq += 1
                    heapq.heappush(due, (time.monotonic() + delay, seq, reply, peer))
        now = time.monotonic()
        while due and due[0][0] <= now:
            _, _, reply, peer = heapq.heappop(due)
            try:
                sock.sendto(reply, peer)
            except OSError:
                pass


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--zone", required=True)
    ap.add_argument("--address", default="127.0.0.53")
    ap.add_argument("--port", type=int, default=53)
    ap.add_argument("--delay-ms", type=float, default=0.0)
    ap.add_argument("--log")
    ap.add_argument("--times")
    ap.add_argument("--peers")
    ap.add_argument("--ready", help="file created once both sockets listen")
    args = ap.parse_args()
    zone = Zone(args.zone)
    family = socket.AF_INET6 if ":" in args.address else socket.AF_INET
    udp = socket.socket(family, socket.SOCK_DGRAM)
    # Thousands of queries arrive in one burst; this Python loop reads them
    # slower than c-ares sends.  FORCE (root, inside the test's namespace)
    # passes net.core.rmem_max, so the test server is not what drops them.
    try:
        udp.setsockopt(socket.SOL_SOCKET, 33, 16 << 20)  # SO_RCVBUFFORCE
    except OSError:
        udp.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16 << 20)
    udp.bind((args.address, args.port))
    tcp = socket.socket(family, socket.SOCK_STREAM)
    tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    tcp.bind((args.address, args.port))
    tcp.listen(64)
    threading.Thread(target=serve_tcp, args=(tcp, zone, args), daemon=True).start()
    if args.ready:
        open(args.ready, "w").close()
    serve_udp(udp, zone, args)


if __name__ == "__main__":
    main()
