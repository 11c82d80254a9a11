#!/usr/bin/env python3
"""Sends PING on one connection at a fixed interval and reports the round-trip distribution.

Run next to a load, it shows the longest time the server left a request unanswered: a stall of
the storage loop (a GC pause, a long command, a blocking call) shows as a round trip at least
that long. It is an upper bound on a stall, since a PING also queues behind the load's pipelines.
Usage: latency_probe.py PORT SECONDS [INTERVAL_MS]
"""
import socket
import sys
import time


def main():
    port, seconds = int(sys.argv[1]), float(sys.argv[2])
    interval = (float(sys.argv[3]) if len(sys.argv) > 3 else 10.0) / 1000
    s = socket.create_connection(("127.0.0.1", port))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    samples = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        start = time.monotonic()
        s.sendall(b"*1\r\n$4\r\nPING\r\n")
        reply = b""
        while not reply.endswith(b"\r\n"):
            chunk = s.recv(64)
            if not chunk:
                sys.exit("server closed the probe connection")
            reply += chunk
        rtt = time.monotonic() - start
        samples.append(rtt * 1000)
        time.sleep(max(0.0, interval - rtt))
    samples.sort()
    n = len(samples)

    def pct(p):
        return samples[min(n - 1, int(p / 100 * n))]

    over = sum(1 for v in samples if v > 10)
    print(f"probe PING every {interval * 1000:.0f} ms: {n} samples, p50 {pct(50):.2f} ms, "
          f"p99 {pct(99):.2f} ms, p99.9 {pct(99.9):.2f} ms, max {samples[-1]:.2f} ms, "
          f"over 10 ms: {over}")


if __name__ == "__main__":
    main()
