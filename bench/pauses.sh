#!/usr/bin/env bash
# Pauses of Redstone under a sustained depth-16 load (SET and GET, 50 clients, 3-byte values, keys
# over 100,000; redis-benchmark looping for the whole duration), with the JVM flags in JAVA_OPTS:
#   - every GC pause and every safepoint (all Java threads, the storage verticle's among them,
#     stopped), from the JVM's own log, with the maximum and the count over 10 ms;
#   - a PING probe every 10 ms on its own connection: the longest round trip bounds any stall of
#     the storage loop, GC or not, from above;
#   - the server's INFO latencystats for SET and GET (time inside the engine per command).
# Usage: bench/pauses.sh [seconds]   (default 60; builds the jar first if it is missing)
# Environment: JAVA_OPTS (default in bench/lib.sh), KEEP_LOG=file keeps the JVM's pause log.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN=${1:-60}
# shellcheck source=bench/lib.sh
. bench/lib.sh
build_if_missing

echo "== Machine"
print_machine
echo "load:      redis-benchmark -t set,get -P 16 -c 50 -r 100000 -d 3 -l, ${SECONDS_TO_RUN} s"
echo

read -r PORT <<< "$(free_ports 1)"
LOG=$WORK/pauses.log
start_redstone "$PORT" "$WORK/redstone" "-Xlog:gc,gc+phases,safepoint:file=$LOG:uptime,tags"

# A short unrecorded run first: the pauses of interest are a warm server's, not the JIT's.
redis-benchmark -p "$PORT" -t set,get -P 16 -c 50 -r 100000 -d 3 -n 500000 -q > /dev/null 2>&1
warm_at=$(awk -F'[][s]' 'END {print $2}' "$LOG")

python3 bench/latency_probe.py "$PORT" "$SECONDS_TO_RUN" > "$WORK/probe.out" &
probe_pid=$!
STARTED_PIDS+=("$probe_pid")
timeout "$SECONDS_TO_RUN" redis-benchmark -p "$PORT" -t set,get -P 16 -c 50 -r 100000 -d 3 -l -q \
  2>/dev/null | tr '\r' '\n' | grep -E '^(SET|GET): [0-9.]+ requests per second' > "$WORK/rps.out" || true
wait "$probe_pid" || true

echo "== Throughput during the run (last figure redis-benchmark printed per test)"
for t in SET GET; do grep "^$t:" "$WORK/rps.out" | tail -1 || echo "$t: none"; done
echo
echo "== JVM pauses after warm-up (log from ${warm_at:-0} s of uptime)"
awk -v from="${warm_at:-0}" '
  { match($0, /^\[[0-9.]+s\]/); t = substr($0, 2, RLENGTH - 3) + 0 }
  t < from { next }
  # Unified logging pads the tags decoration; ZGC also stops allocating threads ("Allocation
  # Stall"), which is a pause for that thread even though it is not a safepoint.
  /\[gc(,phases)? *\] / && / (Pause|Allocation Stall) / && /[0-9.]+ms$/ {
    ms = $NF; sub(/ms$/, "", ms); ms += 0; gcn++; if (ms > gcmax) { gcmax = ms; gcline = $0 }
    if (ms > 10) gcover++ }
  /\[safepoint\] Safepoint / {
    match($0, /Total: [0-9]+ ns/); ns = substr($0, RSTART + 7, RLENGTH - 10) + 0
    sp++; if (ns > spmax) { spmax = ns; spline = $0 }; if (ns > 10e6) spover++ }
  END {
    printf "GC pauses (and ZGC allocation stalls): %d, max %.3f ms, over 10 ms: %d\n", gcn, gcmax, gcover
    if (gcline != "") print "  longest: " gcline
    printf "safepoints: %d, max %.3f ms (reaching + at safepoint), over 10 ms: %d\n", sp, spmax / 1e6, spover
    if (spline != "") print "  longest: " spline
  }' "$LOG"
cat "$WORK/probe.out"
echo
echo "== INFO latencystats (time inside the engine per command, microseconds)"
redis-cli -p "$PORT" info latencystats | tr -d '\r' | grep -E '^latency_percentiles_usec_(set|get):' || echo "(not reported)"
[ -n "${KEEP_LOG:-}" ] && cp "$LOG" "$KEEP_LOG"
stop_server "$PORT" "$REDSTONE_PID"
