#!/usr/bin/env python3
"""Recording KDC proxy (UDP + TCP) for golden wire captures.

Listens on 127.0.0.1:LISTEN_PORT, forwards each request to the real KDC at
127.0.0.1:KDC_PORT and writes every request and reply as raw DER to OUT_DIR:

    NNNN-<udp|tcp>-<req|rep>.der

For TCP the 4-byte big-endian length prefix (RFC 4120 section 7.2.2) is stripped
before recording; the bytes are forwarded unchanged.  Standard library only.

usage: kdcproxy.py LISTEN_PORT KDC_PORT OUT_DIR
"""
import itertools
import os
import socket
import struct
import sys
import threading

listen_port, kdc_port, out_dir = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
os.makedirs(out_dir, exist_ok=True)
counter = itertools.count(1)
lock = threading.Lock()


def record(transport, direction, seq, data):
    path = os.path.join(out_dir, "%04d-%s-%s.der" % (seq, transport, direction))
    with open(path, "wb") as f:
        f.write(data)
    with lock:
        with open(os.path.join(out_dir, "log.txt"), "a") as f:
            f.write("%04d %s %s %d\n" % (seq, transport, direction, len(data)))


def udp_loop():
    srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", listen_port))
    while True:
        data, peer = srv.recvfrom(65535)
        threading.Thread(target=udp_one, args=(srv, data, peer), daemon=True).start()


def udp_one(srv, data, peer):
    seq = next(counter)
    record("udp", "req", seq, data)
    up = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    up.settimeout(5)
    try:
        up.sendto(data, ("127.0.0.1", kdc_port))
        reply, _ = up.recvfrom(65535)
    except OSError:
        return
    finally:
        up.close()
    record("udp", "rep", seq, reply)
    srv.sendto(reply, peer)


def read_exact(sock, n):
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise EOFError
        buf += chunk
    return buf


def read_frame(sock):
    hdr = read_exact(sock, 4)
    (length,) = struct.unpack(">I", hdr)
    return hdr, read_exact(sock, length)


def tcp_loop():
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", listen_port))
    srv.listen(16)
    while True:
        conn, _ = srv.accept()
        threading.Thread(target=tcp_one, args=(conn,), daemon=True).start()


def tcp_one(conn):
    try:
        with conn, socket.create_connection(("127.0.0.1", kdc_port), timeout=5) as up:
            while True:
                hdr, req = read_frame(conn)
                seq = next(counter)
                record("tcp", "req", seq, req)
                up.sendall(hdr + req)
                rhdr, rep = read_frame(up)
                record("tcp", "rep", seq, rep)
                conn.sendall(rhdr + rep)
    except (EOFError, OSError):
        pass


threading.Thread(target=udp_loop, daemon=True).start()
print("kdcproxy 127.0.0.1:%d -> 127.0.0.1:%d recording to %s" % (listen_port, kdc_port, out_dir), flush=True)
tcp_loop()
