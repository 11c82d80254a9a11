#!/usr/bin/env python3
"""Top methods and allocation sites from a JFR recording, for Java 17 (whose `jfr` has no `view`).

Usage: jfr_top.py RECORDING.jfr [N]
Prints, from jdk.ExecutionSample, the methods on top of the sampled stacks (self time) and the
io.redstone methods anywhere on them (total time); from jdk.ObjectAllocationSample, the allocated
classes and the allocating frames weighted by the sampled bytes, with the nearest io.redstone
frame so an allocation inside Netty or the JDK is charged to the code that asked for it.
"""
import collections
import json
import subprocess
import sys

OURS = "io.redstone."


def frames(event):
    stack = event["values"].get("stackTrace") or {}
    for f in stack.get("frames") or []:
        m = f["method"]
        yield f"{m['type']['name'].replace('/', '.')}.{m['name']}", f.get("lineNumber", -1)


def load(path, event):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", event, path],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["recording"]["events"]


def show(title, counter, total, n, unit):
    print(f"\n== {title}")
    for key, value in counter.most_common(n):
        print(f"{100.0 * value / total:6.1f}%  {value:>14,.0f} {unit}  {key}")


def main():
    path = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    samples = load(path, "jdk.ExecutionSample")
    self_time, ours_total = collections.Counter(), collections.Counter()
    for e in samples:
        fs = list(frames(e))
        if not fs:
            continue
        self_time[fs[0][0]] += 1
        for name in {name for name, _ in fs if name.startswith(OURS) and "$$Lambda" not in name}:
            ours_total[name] += 1
    total = max(1, len(samples))
    show(f"Hot methods, self ({len(samples)} samples)", self_time, total, n, "samples")
    show("Redstone methods on the stack, total", ours_total, total, n, "samples")

    allocs = load(path, "jdk.ObjectAllocationSample")
    by_class, by_site, by_ours = collections.Counter(), collections.Counter(), collections.Counter()
    for e in allocs:
        weight = e["values"].get("weight", 0)
        cls = (e["values"].get("objectClass") or {}).get("name", "?")
        fs = list(frames(e))
        by_class[cls] += weight
        if fs:
            by_site[f"{fs[0][0]}:{fs[0][1]} ({cls})"] += weight
        # Lambda frames carry no line; charge the method that the lambda calls into instead.
        mine = next(((name, line) for name, line in fs
                     if name.startswith(OURS) and "$$Lambda" not in name), None)
        by_ours[f"{mine[0]}:{mine[1]}" if mine else "(no io.redstone frame)"] += weight
    total = max(1, sum(by_class.values()))
    show(f"Allocated classes, by sampled weight ({len(allocs)} samples)", by_class, total, n, "bytes")
    show("Allocating frames", by_site, total, n, "bytes")
    show("Nearest io.redstone frame of each allocation", by_ours, total, n, "bytes")


if __name__ == "__main__":
    main()
