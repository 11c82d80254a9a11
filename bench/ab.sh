#!/usr/bin/env bash
# Two Redstone builds and Debian's redis-server, side by side under one persistence setting:
# SET, 50 clients, depth 1, 3-byte values, keys over 100000, with the log on. Each round runs
# Redis, then build A, then build B, so drift of the machine hits all three alike; prints one line
# per round. For a change to the write path: build the jar before and after it, then compare.
# Usage: bench/ab.sh A.jar B.jar [rounds] [always|everysec|no]
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: $0 A.jar B.jar [rounds] [always|everysec|no]" >&2; exit 2; }
A=$1
B=$2
ROUNDS=${3:-3}
FSYNC=${4:-always}
source bench/lib.sh
source bench/jit.sh
read -r PORT < <(free_ports 1)

# Sets RPS; runs in this shell, not a subshell, so the exit trap knows every server started.
rps() {
  RPS=$(redis-benchmark -p "$PORT" -t set -n 200000 -c 50 -r 100000 -d 3 -q 2>/dev/null \
    | tr '\r' '\n' | grep -E '^SET: [0-9.]+ requests per second' | tail -1 | awk '{print $2}')
}

run_redis() {
  local dir=$WORK/redis-$1
  mkdir -p "$dir"
  redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly yes \
    --appendfsync "$FSYNC" --dir "$dir" --logfile "$dir/redis.log" &
  local pid=$!
  STARTED_PIDS+=("$pid")
  wait_ready "$PORT" "$pid"
  rps
  redis-cli -p "$PORT" shutdown nosave >/dev/null 2>&1 || true
  wait "$pid" 2>/dev/null || true
}

run_jar() { # jar round
  local dir=$WORK/$(basename "$1")-$2
  mkdir -p "$dir"
  # shellcheck disable=SC2086
  java $JAVA_OPTS -jar "$1" --port "$PORT" --bind 127.0.0.1 --save '' --appendonly yes \
    --appendfsync "$FSYNC" --metrics-port 0 --dir "$dir" > "$dir/redstone.log" 2>&1 &
  local pid=$!
  STARTED_PIDS+=("$pid")
  wait_ready "$PORT" "$pid"
  warm_up_jit "$pid" rps # as a long-running server would have had
  rps
  kill "$pid"
  wait "$pid" 2>/dev/null || true
}

echo "== SET, 50 clients, depth 1, appendfsync $FSYNC: redis, A=$(basename "$A"), B=$(basename "$B")"
for round in $(seq 1 "$ROUNDS"); do
  run_redis "$round"; r=$RPS
  run_jar "$A" "$round"; a=$RPS; warm_a=$WARM_UP_RUNS
  run_jar "$B" "$round"; b=$RPS; warm_b=$WARM_UP_RUNS
  echo "round $round: redis $r, A $a, B $b, B/A $(echo "scale=2; $b / $a" | bc)," \
    "B/redis $(echo "scale=2; $b / $r" | bc) (JIT warm-up runs: A $warm_a, B $warm_b)"
done
