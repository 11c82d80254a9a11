#!/usr/bin/env python3
"""A job queue on lists, as Sidekiq or RQ use one, against any RESP server: PRODUCERS clients
LPUSH JOBS jobs in all (each job a distinct string), CONSUMERS clients BRPOP them with a 1 s
timeout until every job is taken. Checks that no job was lost or taken twice and that the queue
ends empty, and prints the rate.

Usage: bench/job_queue.py PORT [PRODUCERS=100] [CONSUMERS=100] [JOBS=1000000]
Exit status 1 on a lost or duplicated job.
"""
import socket
import sys
import threading
import time


def command(*args):
    out = [b"*%d\r\n" % len(args)]
    for arg in args:
        arg = arg if isinstance(arg, bytes) else str(arg).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(arg), arg))
    return b"".join(out)


class Connection:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.file = self.sock.makefile("rb")

    def call(self, *args):
        self.sock.sendall(command(*args))
        return self.reply()

    def reply(self):
        line = self.file.readline()
        kind = line[:1]
        if kind == b"$":
            n = int(line[1:])
            return None if n < 0 else self.file.read(n + 2)[:-2]
        if kind == b"*":
            n = int(line[1:])
            return None if n < 0 else [self.reply() for _ in range(n)]
        if kind == b"-":
            raise RuntimeError(line.decode().strip())
        return line[1:].strip()


def main():
    port = int(sys.argv[1])
    producers = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    consumers = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    jobs = int(sys.argv[4]) if len(sys.argv) > 4 else 1_000_000
    Connection(port).call("DEL", "jobs")
    taken = [[] for _ in range(consumers)]
    produced = threading.Event()

    def produce(p):
        conn = Connection(port)
        for j in range(p, jobs, producers):
            conn.call("LPUSH", "jobs", "job-%d" % j)

    def consume(c):
        conn = Connection(port)
        while True:
            popped = conn.call("BRPOP", "jobs", "1")
            if popped is None:
                if produced.is_set():
                    return
                continue
            taken[c].append(popped[1])

    started = time.time()
    threads = [threading.Thread(target=consume, args=(c,)) for c in range(consumers)]
    for t in threads:
        t.start()
    makers = [threading.Thread(target=produce, args=(p,)) for p in range(producers)]
    for t in makers:
        t.start()
    for t in makers:
        t.join()
    produced.set()
    for t in threads:
        t.join()
    elapsed = time.time() - started
    all_taken = [job for part in taken for job in part]
    distinct = set(all_taken)
    left = Connection(port).call("LLEN", "jobs")
    print("jobs %d, taken %d, distinct %d, left in queue %s, %.1f s (%.0f jobs/s)" % (
        jobs, len(all_taken), len(distinct), left.decode(), elapsed, jobs / elapsed))
    ok = len(all_taken) == jobs and len(distinct) == jobs and left == b"0"
    print("no job lost or duplicated" if ok else "JOBS LOST OR DUPLICATED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
