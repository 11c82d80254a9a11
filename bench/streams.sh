#!/usr/bin/env bash
# Stream throughput, Redstone next to Debian's redis-server (persistence off), driven by
# redis-benchmark with custom commands, 50 clients, at pipeline depth 1 and 16:
#   XADD s * f v                                  (appends to one stream)
#   XREADGROUP GROUP g c COUNT 1 STREAMS s >      (after XGROUP CREATE s g 0: each call delivers
#                                                  one new entry into the group's pending list)
# Each round starts both servers fresh, runs every workload once unrecorded (JIT warm-up), then
# measures, Redis first in odd rounds and Redstone first in even ones. Prints every run and the
# median requests/s per workload with the ratio Redstone/Redis (median of per-round ratios).
# Usage: bench/streams.sh [rounds]   (default 3). Environment: REQUESTS (default 200000 at depth
# 1, five times that at depth 16), CLIENTS=50, JAVA_OPTS (default in bench/lib.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
REQUESTS=${REQUESTS:-200000}
CLIENTS=${CLIENTS:-50}
# shellcheck source=bench/lib.sh
. bench/lib.sh
build_if_missing

echo "== Machine"
print_machine
echo "load:      $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at the start"
echo

# rps PORT DEPTH COMMAND...: one redis-benchmark run, its requests per second.
rps() {
  local port=$1 depth=$2
  shift 2
  local n=$REQUESTS
  [ "$depth" = 16 ] && n=$((REQUESTS * 5))
  timeout 600 redis-benchmark -p "$port" -c "$CLIENTS" -P "$depth" -n "$n" -q "$@" 2>/dev/null \
    | tr '\r' '\n' | grep -E 'requests per second' | tail -1 \
    | sed -E 's/.*: ([0-9.]+) requests per second.*/\1/'
}

# workloads PORT: prints "name rps" for each workload on a server that starts empty.
workloads() {
  local port=$1 depth
  for depth in 1 16; do
    redis-cli -p "$port" del s > /dev/null
    echo "XADD_d$depth $(rps "$port" "$depth" XADD s '*' f v)"
    redis-cli -p "$port" xgroup create s g 0 > /dev/null
    echo "XREADGROUP_d$depth $(rps "$port" "$depth" XREADGROUP GROUP g c COUNT 1 STREAMS s '>')"
  done
}

: > "$WORK/results"
for round in $(seq 1 "$ROUNDS"); do
  # Fresh ports each round: on a shared machine another process may take a port in between.
  read -r REDIS_PORT REDSTONE_PORT <<< "$(free_ports 2)"
  start_redis "$REDIS_PORT" "$WORK/redis"
  start_redstone "$REDSTONE_PORT" "$WORK/redstone"
  workloads "$REDIS_PORT" > /dev/null
  workloads "$REDSTONE_PORT" > /dev/null
  if [ $((round % 2)) = 1 ]; then order="redis redstone"; else order="redstone redis"; fi
  for server in $order; do
    port=$REDIS_PORT
    [ "$server" = redstone ] && port=$REDSTONE_PORT
    workloads "$port" | while read -r name value; do
      echo "round $round $server $name $value"
      echo "$round $server $name $value" >> "$WORK/results"
    done
  done
  stop_server "$REDIS_PORT" "$REDIS_PID"
  stop_server "$REDSTONE_PORT" "$REDSTONE_PID"
done

echo
printf "%-16s %12s %12s %8s\n" workload "redis rps" "redstone rps" ratio
awk '
  { rps[$3 SUBSEP $2 SUBSEP $1] = $4; names[$3] = 1; rounds[$1] = 1 }
  function median(list, n,   i, j, t) {
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (list[j] < list[i]) { t = list[i]; list[i] = list[j]; list[j] = t }
    return n % 2 ? list[(n + 1) / 2] : (list[n / 2] + list[n / 2 + 1]) / 2
  }
  END {
    for (name in names) {
      n = 0
      for (r in rounds) {
        n++
        a[n] = rps[name, "redis", r]; b[n] = rps[name, "redstone", r]
        q[n] = rps[name, "redstone", r] / rps[name, "redis", r]
      }
      printf "%-16s %12.0f %12.0f %8.2f\n", name, median(a, n), median(b, n), median(q, n)
    }
  }' "$WORK/results" | sort
echo "load:      $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at the end"
