#!/usr/bin/env python3
"""Holds N idle client connections open against a RESP server.

Each connection sends one PING and reads its PONG, so the server has registered and answered
it, then stays silent. Prints "ready N" once all are open, and holds them until the process is
terminated (SIGTERM or SIGINT). Usage: idle_clients.py PORT [N]
"""
import resource
import signal
import socket
import sys


def main():
    port = int(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = count + 64
    if soft < wanted:
        if hard != resource.RLIM_INFINITY and hard < wanted:
            sys.exit(f"open-file limit {hard} is below the {wanted} this needs")
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.signal(signal.SIGINT, lambda *_: sys.exit(0))
    conns = []
    for _ in range(count):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"*1\r\n$4\r\nPING\r\n")
        conns.append(s)
    for s in conns:
        reply = b""
        while not reply.endswith(b"\r\n"):
            chunk = s.recv(64)
            if not chunk:
                sys.exit("server closed an idle connection")
            reply += chunk
        if reply != b"+PONG\r\n":
            sys.exit(f"unexpected reply {reply!r}")
    print(f"ready {len(conns)}", flush=True)
    while True:
        signal.pause()


if __name__ == "__main__":
    main()
