#!/usr/bin/env python3
"""Messages per second delivered by pub/sub from one publisher to N subscribers.

Opens N subscriber connections on one channel and one publisher connection, then publishes
MESSAGES messages (PUBLISH, pipelined) while every subscriber reads. The publisher stays at most
WINDOW messages ahead of the slowest subscriber, so what is measured is the rate the server
sustains without growing its output buffers (an unthrottled publisher would only measure how
fast the server can fill them, until the pubsub output limit cuts the subscribers off). A warm-up
of a quarter of the messages runs first, unmeasured. Subscribers count bytes, not messages: every
message has the same encoded size.

Prints one line: subscribers, messages, seconds, deliveries per second (messages x subscribers /
seconds), and exits non-zero if a subscriber was cut off or a reply was not what PUBLISH answers.

Usage: pubsub_rate.py PORT SUBSCRIBERS [--messages M] [--size BYTES] [--window W]
"""
import argparse
import select
import socket
import sys
import time

CHANNEL = b"bench"
# PUBLISH commands sent in one write, at most.
BATCH = 1000


def command(*args):
    out = [b"*%d\r\n" % len(args)]
    for arg in args:
        out.append(b"$%d\r\n%s\r\n" % (len(arg), arg))
    return b"".join(out)


def connect(port):
    sock = socket.create_connection(("127.0.0.1", port))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def read_exactly(sock, size):
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise SystemExit("connection closed while subscribing")
        data += chunk
    return data


def subscribe(port, count):
    confirmation = b"*3\r\n$9\r\nsubscribe\r\n$%d\r\n%s\r\n:1\r\n" % (len(CHANNEL), CHANNEL)
    subscribers = []
    for _ in range(count):
        sock = connect(port)
        sock.sendall(command(b"SUBSCRIBE", CHANNEL))
        subscribers.append(sock)
    for sock in subscribers:
        got = read_exactly(sock, len(confirmation))
        if got != confirmation:
            raise SystemExit("unexpected SUBSCRIBE reply: %r" % got)
        sock.setblocking(False)
    return subscribers


def run(port, subscribers, publisher, messages, payload, window):
    """Publishes `messages` messages; returns the seconds until every subscriber had them all."""
    message_size = len(
        b"*3\r\n$7\r\nmessage\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n"
        % (len(CHANNEL), CHANNEL, len(payload), payload)
    )
    publish = command(b"PUBLISH", CHANNEL, payload)
    reply = b":%d\r\n" % len(subscribers)
    received = {sock.fileno(): 0 for sock in subscribers}
    by_fd = {sock.fileno(): sock for sock in subscribers}
    poller = select.epoll()
    for sock in subscribers:
        poller.register(sock.fileno(), select.EPOLLIN)
    publisher.setblocking(False)
    poller.register(publisher.fileno(), select.EPOLLIN)
    target = messages * message_size
    sent = 0
    replies = b""
    replies_seen = 0
    slowest = 0
    start = time.perf_counter()
    while slowest < messages or replies_seen < messages:
        room = min(messages - sent, window - (sent - slowest), BATCH)
        if room > 0:
            publisher.setblocking(True)
            publisher.sendall(publish * room)
            publisher.setblocking(False)
            sent += room
        for fd, _ in poller.poll(0.5):
            if fd == publisher.fileno():
                data = publisher.recv(1 << 20)
                if not data:
                    raise SystemExit("publisher connection closed")
                replies += data
                whole = len(replies) // len(reply)
                if replies[: whole * len(reply)] != reply * whole:
                    raise SystemExit("unexpected PUBLISH reply: %r" % replies[:64])
                replies = replies[whole * len(reply):]
                replies_seen += whole
                continue
            while True:
                try:
                    data = by_fd[fd].recv(1 << 20)
                except BlockingIOError:
                    break
                if not data:
                    raise SystemExit("a subscriber was cut off by the server")
                received[fd] += len(data)
                if len(data) < (1 << 20):
                    break
        slowest = min(received.values()) // message_size
    elapsed = time.perf_counter() - start
    if any(count != target for count in received.values()):
        raise SystemExit("a subscriber received more than was published")
    for count in received:
        received[count] = 0
    poller.close()
    publisher.setblocking(True)
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("port", type=int)
    parser.add_argument("subscribers", type=int)
    parser.add_argument("--messages", type=int, default=0, help="default: 2,000,000 / N, at least 2,000")
    parser.add_argument("--size", type=int, default=16, help="payload bytes (default 16)")
    parser.add_argument("--window", type=int, default=0, help="default: 200,000 / N, at least 100")
    args = parser.parse_args()
    count = args.subscribers
    messages = args.messages or max(2_000, 2_000_000 // count)
    window = args.window or max(100, 200_000 // count)
    payload = b"x" * args.size
    subscribers = subscribe(args.port, count)
    publisher = connect(args.port)
    run(args.port, subscribers, publisher, max(1, messages // 4), payload, window)
    elapsed = run(args.port, subscribers, publisher, messages, payload, window)
    rate = messages * count / elapsed
    print("%d subscribers  %d messages  %.2f s  %.0f deliveries/s" % (count, messages, elapsed, rate))
    for sock in subscribers:
        sock.close()
    publisher.close()


if __name__ == "__main__":
    sys.exit(main())
