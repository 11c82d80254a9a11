#!/usr/bin/env python3
"""A pipeline whose replies dwarf the server's heap, read slowly, against any RESP server.

Sets `bigkey` to a 1 MB value, then sends in one write `SET pre 1`, COUNT x `GET bigkey` and
`SET post 2`, and a second later `GET small`; reads every reply (sleeping DELAY seconds after
each GET reply, giving up after 30 s without one) and checks each one; then checks `post` from a second connection. Samples the
server's resident memory (RSS, from /proc) every half second and prints the largest.

Usage: bench/big_pipeline.py PORT [COUNT=800] [DELAY=0] [PID]
(PID: the server's process, for the RSS samples; without it, none are taken.)
Exit status 1 if any reply is wrong.
"""
import socket
import sys
import threading
import time

MB = 1 << 20


def command(*args):
    out = b"*%d\r\n" % len(args)
    for arg in args:
        arg = arg if isinstance(arg, bytes) else str(arg).encode()
        out += b"$%d\r\n%s\r\n" % (len(arg), arg)
    return out


class Replies:
    def __init__(self, sock):
        self.file = sock.makefile("rb", buffering=1 << 16)

    def next(self):
        line = self.file.readline()
        if not line:
            raise EOFError("connection closed")
        if line[:1] == b"$":
            length = int(line[1:])
            if length < 0:
                return None
            return self.file.read(length + 2)[:-2]
        return line.rstrip(b"\r\n")


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main():
    port = int(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 800
    delay = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0
    pid = int(sys.argv[4]) if len(sys.argv) > 4 else None
    peak = [0]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], rss_kb(pid))
            done.wait(0.5)

    if pid:
        threading.Thread(target=sample, daemon=True).start()
    sock = socket.create_connection(("127.0.0.1", port))
    sock.settimeout(30)
    replies = Replies(sock)
    big = b"x" * MB
    sock.sendall(command("SET", "bigkey", big) + command("SET", "small", "S"))
    assert replies.next() == b"+OK" and replies.next() == b"+OK"
    started = time.time()
    sock.sendall(command("SET", "pre", "1") + command("GET", "bigkey") * count
                 + command("SET", "post", "2"))
    time.sleep(1)
    sock.sendall(command("GET", "small"))
    wrong = []
    try:
        if replies.next() != b"+OK":
            wrong.append("SET pre")
        for i in range(count):
            reply = replies.next()
            if reply != big:
                wrong.append("GET number %d: %r" % (i + 1, reply[:40] if reply else reply))
                if len(wrong) > 5:
                    break
            if delay:
                time.sleep(delay)
        if not wrong:
            if replies.next() != b"+OK":
                wrong.append("SET post")
            if replies.next() != b"S":
                wrong.append("GET small")
    except (socket.timeout, EOFError) as e:
        wrong.append("no more replies (%s)" % e)
    other = socket.create_connection(("127.0.0.1", port))
    other.sendall(command("GET", "post"))
    post = Replies(other).next()
    done.set()
    print("replies: %d of %d right; post = %r; %.1f s" % (
        count + 3 - len(wrong), count + 3, post, time.time() - started))
    if pid:
        print("largest RSS sampled: %d MB" % (peak[0] // 1024))
    for line in wrong:
        print("wrong:", line)
    sys.exit(1 if wrong or post != b"2" else 0)


if __name__ == "__main__":
    main()
