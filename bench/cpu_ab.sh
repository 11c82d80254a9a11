#!/usr/bin/env bash
# Two Redstone builds and Debian's redis-server, all three up at once with the log on, taking
# turns run by run (the first to run rotates by round): SET, 50 clients, depth 1, 3-byte values,
# keys over 100000 (LOAD_TEST, LOAD_DEPTH and LOAD_REQUESTS choose another load: see bench/lib.sh).
# For each run prints requests/s and the server's CPU per request in µs, from /proc: for
# Redstone its storage event loop and its log thread, for Redis its main thread.
# Throughput on this kind of machine drifts by tens of percent; CPU per request says whether a
# change made the server cheaper even when the rates are too noisy to tell.
# The whole process's CPU per request is printed too, as it counts the collector's threads.
# A_JAVA_OPTS and B_JAVA_OPTS, when set, replace JAVA_OPTS for one build (to compare collectors,
# give the same jar twice).
# FRESH=1 starts and warms both builds anew in every round. The JIT compiles differently from one
# start of a JVM to the next, and two starts of one build have differed here by 5% in rate and
# CPU per request for the whole of a run; with both started once, such a difference can pass for
# the builds'. Slower (each round pays the warm-ups), and the one way to trust a few percent.
# Usage: bench/cpu_ab.sh A.jar B.jar [rounds] [always|everysec|no]
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: $0 A.jar B.jar [rounds] [always|everysec|no]" >&2; exit 2; }
A=$(realpath "$1")
B=$(realpath "$2")
ROUNDS=${3:-6}
FSYNC=${4:-always}
source bench/lib.sh
source bench/jit.sh
read -r REDIS_PORT A_PORT B_PORT < <(free_ports 3)
SERVER_PERSISTENCE=(--appendonly yes --appendfsync "$FSYNC" --auto-aof-rewrite-percentage 0)
HZ=$(getconf CLK_TCK)

# server_ticks PID: CPU clock ticks used so far by the threads that serve requests.
server_ticks() {
  local task
  for task in /proc/"$1"/task/*; do
    case "$(cat "$task/comm" 2>/dev/null)" in
      vert.x-eventloo* | redstone-aof | redis-server)
        echo "$(cpu_ticks "$task/stat") $(cat "$task/comm")" ;;
    esac
  done
}

# serving_ticks PID: the log thread plus the busiest event loop (the storage one), or Redis's
# main thread; the metrics endpoint's loop is idle and left out.
serving_ticks() {
  server_ticks "$1" | awk '
    $2 == "redstone-aof" || $2 == "redis-server" { other += $1; next }
    $1 > loop { loop = $1 }
    END { print loop + other }'
}

print_machine
echo "A: $A ${A_JAVA_OPTS:-$JAVA_OPTS}"
echo "B: $B ${B_JAVA_OPTS:-$JAVA_OPTS}"
echo "appendfsync $FSYNC, $SET_REQUESTS ${LOAD_TEST^^} requests a run at depth ${LOAD_DEPTH:-1}"
start_redis "$REDIS_PORT" "$WORK/redis"
set_rps "$REDIS_PORT" > /dev/null # as the builds' warm-up: afterwards all overwrite the same keys

# start_builds DIR_SUFFIX: both builds up, each warmed until its JIT is quiet.
start_builds() {
  JAR=$A JAVA_OPTS=${A_JAVA_OPTS:-$JAVA_OPTS} start_redstone "$A_PORT" "$WORK/a$1"
  A_PID=$REDSTONE_PID
  JAR=$B JAVA_OPTS=${B_JAVA_OPTS:-$JAVA_OPTS} start_redstone "$B_PORT" "$WORK/b$1"
  B_PID=$REDSTONE_PID
  warm_up_jit "$A_PID" set_rps "$A_PORT"
  echo "A's JIT warm-up took $WARM_UP_RUNS runs"
  warm_up_jit "$B_PID" set_rps "$B_PORT"
  echo "B's JIT warm-up took $WARM_UP_RUNS runs"
}

stop_builds() { # DIR_SUFFIX
  stop_server "$A_PORT" "$A_PID"
  stop_server "$B_PORT" "$B_PID"
  rm -rf "$WORK/a$1" "$WORK/b$1"
}

if [ "${FRESH:-0}" != 1 ]; then start_builds ""; fi

one_run() { # name port pid
  local before after process_before process_after rps
  before=$(serving_ticks "$3")
  process_before=$(cpu_ticks "/proc/$3/stat")
  rps=$(set_rps "$2")
  after=$(serving_ticks "$3")
  process_after=$(cpu_ticks "/proc/$3/stat")
  echo "$1 $rps rps $(us_per_request "$before" "$after") us/req" \
    "(process $(us_per_request "$process_before" "$process_after"))"
}

us_per_request() { # ticks_before ticks_after
  echo "scale=1; ($2 - $1) * 1000000 / $HZ / $SET_REQUESTS" | bc
}

for round in $(seq 1 "$ROUNDS"); do
  case $((round % 3)) in
    1) order="redis a b" ;;
    2) order="a b redis" ;;
    0) order="b redis a" ;;
  esac
  if [ "${FRESH:-0}" = 1 ]; then start_builds "$round"; fi
  line="round $round"
  for who in $order; do
    case $who in
      redis) line="$line | $(one_run redis "$REDIS_PORT" "$REDIS_PID")" ;;
      a) line="$line | $(one_run A "$A_PORT" "$A_PID")" ;;
      b) line="$line | $(one_run B "$B_PORT" "$B_PID")" ;;
    esac
  done
  echo "$line"
  if [ "${FRESH:-0}" = 1 ]; then stop_builds "$round"; fi
done
