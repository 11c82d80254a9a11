#!/usr/bin/env python3
"""A subscriber that stops reading while a publisher sends TOTAL_MB of messages to its channel.

Subscribes one connection to `stall` and never reads it again (its receive buffer is made small),
then publishes TOTAL_MB megabytes in 64 KB messages from another connection, sampling the server
process's RSS (VmRSS of PID) as it goes. With `client-output-buffer-limit pubsub 32mb 8mb 60`
(the default) the server must cut the subscriber off near 32 MB and its memory must stay bounded
however much more is published.

Prints the RSS before, the highest seen, at the end; when PUBLISH first answered 0 (the subscriber
gone) and after how many megabytes. Exits non-zero if the subscriber was never cut off.

Usage: pubsub_stall.py PORT PID [TOTAL_MB]   (default 1024)
"""
import socket
import sys
import time


def rss_mb(pid):
    with open("/proc/%d/status" % pid) as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main():
    port, pid = int(sys.argv[1]), int(sys.argv[2])
    total_mb = int(sys.argv[3]) if len(sys.argv) > 3 else 1024
    payload = b"x" * 65536
    publish = b"*3\r\n$7\r\nPUBLISH\r\n$5\r\nstall\r\n$65536\r\n" + payload + b"\r\n"

    stalled = socket.socket()
    stalled.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    stalled.connect(("127.0.0.1", port))
    stalled.sendall(b"SUBSCRIBE stall\r\n")
    time.sleep(0.2)
    stalled.recv(64)  # the confirmation; nothing is read after it

    publisher = socket.create_connection(("127.0.0.1", port))
    before = peak = rss_mb(pid)
    cut_at_mb = None
    sent = 0
    start = time.perf_counter()
    # 16 messages (1 MB) per round trip.
    while sent < total_mb:
        publisher.sendall(publish * 16)
        replies = b""
        while replies.count(b"\r\n") < 16:
            replies += publisher.recv(4096)
        if cut_at_mb is None and b":0\r\n" in replies:
            cut_at_mb = sent
        sent += 1
        if sent % 16 == 0:
            peak = max(peak, rss_mb(pid))
    elapsed = time.perf_counter() - start
    time.sleep(1)
    after = rss_mb(pid)
    peak = max(peak, after)
    print("published %d MB in %.1f s" % (sent, elapsed))
    print("RSS before %.0f MB, peak %.0f MB, after %.0f MB" % (before, peak, after))
    if cut_at_mb is None:
        print("the stalled subscriber was never cut off")
        return 1
    print("subscriber cut off after %d MB published" % cut_at_mb)
    stalled.close()
    publisher.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
