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
SERVER_PERSISTENCE=(--appendonly yes --appendfsync "$FSYNC" --auto-aof-rewrite-percentage 0)

run_redis() { # round
  start_redis "$PORT" "$WORK/redis-$1"
  RPS=$(set_rps "$PORT")
  stop_server "$PORT" "$REDIS_PID"
}

run_jar() { # jar round
  JAR=$1 start_redstone "$PORT" "$WORK/$(basename "$1")-$2"
  warm_up_jit "$REDSTONE_PID" set_rps "$PORT" # as a long-running server would have had
  RPS=$(set_rps "$PORT")
  stop_server "$PORT" "$REDSTONE_PID"
}

echo "== SET, 50 clients, depth 1, appendfsync $FSYNC: redis, A=$(basename "$A"), B=$(basename "$B")"
for round in $(seq 1 "$ROUNDS"); do
  run_redis "$round"; r=$RPS
  run_jar "$A" "$round"; a=$RPS; warm_a=$WARM_UP_RUNS
  run_jar "$B" "$round"; b=$RPS; warm_b=$WARM_UP_RUNS
  echo "round $round: redis $r, A $a, B $b, B/A $(echo "scale=2; $b / $a" | bc)," \
    "B/redis $(echo "scale=2; $b / $r" | bc) (JIT warm-up runs: A $warm_a, B $warm_b)"
done
