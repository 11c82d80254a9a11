#!/usr/bin/env python3
"""Captures the reference replies CommandDocsConformanceTest compares Redstone against.

Starts a throwaway redis-server (the one on PATH; the stored files come from 7.0.15) on a free
port, switches the connection to RESP3 and stores the raw reply bytes of

    COMMAND DOCS   -> redis-<version>-command-docs.resp
    COMMAND INFO   -> redis-<version>-command-info.resp

(every command, subcommands nested in their containers) in the test resources. RESP2 replies are
the same trees with maps flattened and sets as arrays, so the test derives them.

Usage: capture-command-replies.py [output-directory]
"""
import os
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(
    HERE, "..", "resources", "io", "redstone", "storage", "command")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def encode(*args):
    parts = [b"*%d\r\n" % len(args)]
    for arg in args:
        data = arg.encode()
        parts.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(parts)


class Reader:
    """Reads exactly one RESP2/RESP3 value off the socket and returns its raw bytes."""

    def __init__(self, sock):
        self.sock = sock
        self.buf = b""

    def _fill(self):
        data = self.sock.recv(1 << 16)
        if not data:
            raise EOFError("connection closed")
        self.buf += data

    def _line(self, pos):
        while True:
            end = self.buf.find(b"\r\n", pos)
            if end >= 0:
                return end
            self._fill()

    def _skip(self, pos):
        end = self._line(pos)
        kind = self.buf[pos:pos + 1]
        header = self.buf[pos + 1:end]
        pos = end + 2
        if kind in (b"$", b"!", b"="):
            length = int(header)
            if length < 0:
                return pos
            while len(self.buf) < pos + length + 2:
                self._fill()
            return pos + length + 2
        if kind in (b"*", b"~", b">", b"%", b"|"):
            count = int(header)
            if kind in (b"%", b"|"):
                count *= 2
            for _ in range(max(count, 0)):
                pos = self._skip(pos)
            if kind == b"|":
                pos = self._skip(pos)
            return pos
        return pos  # + - : _ # , (

    def value(self):
        end = self._skip(0)
        raw, self.buf = self.buf[:end], self.buf[end:]
        return raw


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUT
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no",
         "--daemonize", "no", "--loglevel", "warning"],
        stdout=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                sock = socket.create_connection(("127.0.0.1", port))
                break
            except OSError:
                time.sleep(0.05)
        else:
            raise SystemExit("redis-server did not start")
        reader = Reader(sock)
        sock.sendall(encode("HELLO", "3"))
        hello = reader.value()
        marker = b"$7\r\nversion\r\n$"
        at = hello.index(marker) + len(marker)
        length_end = hello.index(b"\r\n", at)
        version = hello[length_end + 2:length_end + 2 + int(hello[at:length_end])].decode()
        for name, command in (("docs", "DOCS"), ("info", "INFO")):
            sock.sendall(encode("COMMAND", command))
            path = os.path.join(out, "redis-%s-command-%s.resp" % (version, name))
            with open(path, "wb") as f:
                f.write(reader.value())
            print("wrote", os.path.normpath(path))
        sock.sendall(encode("SHUTDOWN", "NOSAVE"))
        server.wait(timeout=10)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


if __name__ == "__main__":
    main()
