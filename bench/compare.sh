#!/usr/bin/env bash
# Throughput and latency, Redstone next to Debian's redis-server on the same machine with the same
# settings (persistence off), driven by redis-benchmark:
#   SET, GET, INCR, MSET (10 keys), 50 clients, pipeline depth 1 and 16, random keys over 100,000,
#   values of 3 bytes and of 1 KB (INCR has no value, so it runs once per depth), and GET at depth 1
#   with 1,000 idle connections held open on the server under test.
# Each round starts both servers fresh, runs every workload once unrecorded on both (the JIT warm-up
# a long-running server has had; for Redis it only fills the keyspace the same way), then runs each
# workload on both, Redis first in odd rounds and Redstone first in even ones, so drift and order
# cancel. Prints the machine, every round, and a table of medians: requests/s, p50 and p99 latency,
# and the ratio Redstone/Redis as the median of the per-round ratios.
#
# Usage: bench/compare.sh [rounds]        (default 3; builds the jar first if it is missing)
# Environment, to shrink a smoke run or pin CPUs:
#   REQUESTS=200000            requests per depth-1 run (MSET runs a fifth of them)
#   PIPELINED_REQUESTS=1000000 requests per depth-16 run (likewise)
#   WARMUP_FRACTION=0.5        warm-up runs use this fraction of the above
#   CLIENTS=50 KEYSPACE=100000 IDLE=1000
#   JAVA_OPTS=...              Redstone's JVM flags (default in bench/lib.sh, as in the README)
#   SERVER_CPUS=, CLIENT_CPUS= taskset CPU lists for the servers and for redis-benchmark
#   RESULTS=file               keep every measured row (tab-separated) in this file
#   SUITE=types                the collection commands (TYPE_TESTS, redis-benchmark's names)
#                              at depth 1 and 16 instead of the string workloads
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-${ROUNDS:-3}}
REQUESTS=${REQUESTS:-200000}
PIPELINED_REQUESTS=${PIPELINED_REQUESTS:-1000000}
WARMUP_FRACTION=${WARMUP_FRACTION:-0.5}
CLIENTS=${CLIENTS:-50}
KEYSPACE=${KEYSPACE:-100000}
IDLE=${IDLE:-1000}
SERVER_CPUS=${SERVER_CPUS:-}
CLIENT_CPUS=${CLIENT_CPUS:-}
# shellcheck source=bench/lib.sh
. bench/lib.sh
build_if_missing

# Both servers need a descriptor per connection: 50 clients plus 1,000 idle ones. Redis lowers its
# maxclients to what the limit allows, which would refuse the idle connections.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((IDLE + CLIENTS + 128)) ]; then
  echo "open-file limit $(ulimit -n) is too low for $IDLE idle connections; raise ulimit -n" >&2
  exit 1
fi

client_prefix=()
[ -n "$CLIENT_CPUS" ] && client_prefix=(taskset -c "$CLIENT_CPUS")

# name|tests|depth|value bytes|idle connections|share of the request count
# An MSET carries ten keys and values, so it runs a fifth of the requests: about as long as the
# others rather than five times longer. SUITE=types runs the collection commands instead
# (redis-benchmark's own tests; LRANGE_100 reads the list its LPUSH test filled).
SUITE=${SUITE:-strings}
case "$SUITE" in
  strings)
    WORKLOADS=(
      "d1 3B|set,get,incr|1|3|0|1"
      "d1 3B|mset|1|3|0|0.2"
      "d1 1KB|set,get|1|1024|0|1"
      "d1 1KB|mset|1|1024|0|0.2"
      "d1 3B +${IDLE} idle|get|1|3|$IDLE|1"
      "d16 3B|set,get,incr|16|3|0|1"
      "d16 3B|mset|16|3|0|0.2"
      "d16 1KB|set,get|16|1024|0|1"
      "d16 1KB|mset|16|1024|0|0.2"
    ) ;;
  types)
    TYPE_TESTS=${TYPE_TESTS:-lpush,lpop,rpush,rpop,sadd,spop,hset,zadd,zpopmin,lrange_100}
    WORKLOADS=(
      "d1|$TYPE_TESTS|1|3|0|1"
      "d16|$TYPE_TESTS|16|3|0|1"
    ) ;;
  *) echo "unknown SUITE $SUITE (strings, types)" >&2; exit 2 ;;
esac

RAW=$WORK/rows.tsv
: > "$RAW"

# bench PORT TESTS DEPTH SIZE REQUESTS: one line per test, "TEST rps p50 p99".
bench() {
  "${client_prefix[@]}" redis-benchmark -p "$1" -t "$2" -P "$3" -d "$4" -n "$5" -c "$CLIENTS" \
    -r "$KEYSPACE" --csv 2>/dev/null \
    | awk -F, '{ for (i = 1; i <= NF; i++) gsub(/"/, "", $i) }
        $1 != "test" && NF >= 7 { name = $1; sub(/ .*/, "", name); print name, $2, $5, $7 }'
}

# run_workload ROUND SERVER PORT SPEC [record]: runs one workload, appends its rows to $RAW.
run_workload() {
  local round=$1 server=$2 port=$3 spec=$4 record=${5:-yes}
  local name tests depth size idle share n idle_pid out
  IFS='|' read -r name tests depth size idle share <<< "$spec"
  n=$REQUESTS
  [ "$depth" -gt 1 ] && n=$PIPELINED_REQUESTS
  [ "$record" = yes ] || share=$(awk -v a="$share" -v b="$WARMUP_FRACTION" 'BEGIN {print a * b}')
  n=$(awk -v n="$n" -v f="$share" 'BEGIN {printf "%d", n * f}')
  idle_pid=
  if [ "$idle" -gt 0 ]; then
    python3 bench/idle_clients.py "$port" "$idle" > "$WORK/idle.out" 2>&1 &
    idle_pid=$!
    STARTED_PIDS+=("$idle_pid")
    until grep -q '^ready' "$WORK/idle.out"; do
      kill -0 "$idle_pid" 2>/dev/null || { cat "$WORK/idle.out" >&2; exit 1; }
      sleep 0.1
    done
  fi
  out=$(bench "$port" "$tests" "$depth" "$size" "$n")
  if [ -n "$idle_pid" ]; then
    kill "$idle_pid" 2>/dev/null || true
    wait "$idle_pid" 2>/dev/null || true
  fi
  if [ -z "$out" ]; then
    echo "redis-benchmark got no result from $server ($name); its log ends:" >&2
    tail -20 "$WORK"/*"$server"*/*.log >&2 || true
    exit 1
  fi
  [ "$record" = yes ] || return 0
  while read -r test rps p50 p99; do
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$test $name" "$server" "$rps" "$p50" "$p99" \
      "${tests//,/ }" >> "$RAW"
    printf '  round %s  %-22s %-8s %12s rps  p50 %7s ms  p99 %7s ms\n' \
      "$round" "$test $name" "$server" "$rps" "$p50" "$p99"
  done <<< "$out"
}

echo "== Machine"
print_machine
echo "clients:   $CLIENTS, keys over $KEYSPACE, $REQUESTS requests at depth 1," \
  "$PIPELINED_REQUESTS at depth 16 (a fifth for MSET), $ROUNDS rounds"
[ -n "$SERVER_CPUS$CLIENT_CPUS" ] && echo "cpus:      servers ${SERVER_CPUS:-any}, redis-benchmark ${CLIENT_CPUS:-any}"
echo

read -r REDIS_PORT REDSTONE_PORT <<< "$(free_ports 2)"
for round in $(seq 1 "$ROUNDS"); do
  echo "== Round $round of $ROUNDS (redis on $REDIS_PORT, redstone on $REDSTONE_PORT)"
  start_redis "$REDIS_PORT" "$WORK/redis-$round"
  start_redstone "$REDSTONE_PORT" "$WORK/redstone-$round"
  if [ -n "$SERVER_CPUS" ]; then
    # -a: every thread already running; threads started later inherit the mask.
    taskset -a -p -c "$SERVER_CPUS" "$REDIS_PID" > /dev/null
    taskset -a -p -c "$SERVER_CPUS" "$REDSTONE_PID" > /dev/null
  fi
  for spec in "${WORKLOADS[@]}"; do
    run_workload "$round" redis "$REDIS_PORT" "$spec" warmup
    run_workload "$round" redstone "$REDSTONE_PORT" "$spec" warmup
  done
  for spec in "${WORKLOADS[@]}"; do
    if [ $((round % 2)) -eq 1 ]; then
      run_workload "$round" redis "$REDIS_PORT" "$spec"
      run_workload "$round" redstone "$REDSTONE_PORT" "$spec"
    else
      run_workload "$round" redstone "$REDSTONE_PORT" "$spec"
      run_workload "$round" redis "$REDIS_PORT" "$spec"
    fi
  done
  echo "  redstone RSS $(($(rss_kb "$REDSTONE_PID") / 1024)) MB, redis RSS $(($(rss_kb "$REDIS_PID") / 1024)) MB"
  stop_server "$REDIS_PORT" "$REDIS_PID"
  stop_server "$REDSTONE_PORT" "$REDSTONE_PID"
done
[ -n "${RESULTS:-}" ] && cp "$RAW" "$RESULTS"

echo
echo "== Medians over $ROUNDS rounds (ratio and p99 ratio: median of the per-round ratios Redstone/Redis)"
awk -F'\t' '
  { key = $2; if (!(key in seen)) { seen[key] = 1; order[++n] = key }
    v[key, $3, "rps", $1] = $4; v[key, $3, "p50", $1] = $5; v[key, $3, "p99", $1] = $6
    rounds[$1] = 1 }
  function med(arr, k,   i, j, t, m) {
    for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (arr[j] < arr[i]) { t = arr[i]; arr[i] = arr[j]; arr[j] = t }
    m = (k % 2) ? arr[(k + 1) / 2] : (arr[k / 2] + arr[k / 2 + 1]) / 2
    return m }
  function col(key, srv, what,   r, k, a) {
    k = 0; for (r in rounds) a[++k] = v[key, srv, what, r] + 0; return med(a, k) }
  function ratio(key, what,   r, k, a) {
    k = 0; for (r in rounds) if (v[key, "redis", what, r] > 0) a[++k] = v[key, "redstone", what, r] / v[key, "redis", what, r]
    return k ? med(a, k) : 0 }
  END {
    fmt = "%-24s %12s %12s %6s %9s %9s %9s %9s %7s\n"
    printf fmt, "workload", "redis rps", "redstone", "ratio", "r p50 ms", "s p50 ms", "r p99 ms", "s p99 ms", "p99 x"
    for (i = 1; i <= n; i++) {
      k = order[i]
      printf "%-24s %12.0f %12.0f %6.2f %9.3f %9.3f %9.3f %9.3f %7.2f\n", k,
        col(k, "redis", "rps"), col(k, "redstone", "rps"), ratio(k, "rps"),
        col(k, "redis", "p50"), col(k, "redstone", "p50"), col(k, "redis", "p99"), col(k, "redstone", "p99"),
        ratio(k, "p99")
      rr[k] = ratio(k, "rps"); pr[k] = ratio(k, "p99")
    }
    print ""
    if (suite == "types") {
      print "== Target: every row at least the requests per second of Redis"
      for (i = 1; i <= n; i++) check(order[i], rr[order[i]] >= 1.0, sprintf("ratio %.2f", rr[order[i]]))
      exit
    }
    print "== Targets"
    check("SET d16 3B", rr["SET d16 3B"] >= 1.0, sprintf("ratio %.2f, target >= 1.0", rr["SET d16 3B"]))
    check("GET d16 3B", rr["GET d16 3B"] >= 1.0, sprintf("ratio %.2f, target >= 1.0", rr["GET d16 3B"]))
    check("SET d1 3B", rr["SET d1 3B"] >= 0.9 && pr["SET d1 3B"] <= 1.5,
      sprintf("ratio %.2f, target >= 0.9; p99 %.2fx Redis, target <= 1.5x", rr["SET d1 3B"], pr["SET d1 3B"]))
    check("GET d1 3B", rr["GET d1 3B"] >= 0.9 && pr["GET d1 3B"] <= 1.5,
      sprintf("ratio %.2f, target >= 0.9; p99 %.2fx Redis, target <= 1.5x", rr["GET d1 3B"], pr["GET d1 3B"]))
  }
  function check(name, ok, text) { printf "%-16s %-8s %s\n", name, ok ? "met" : "NOT MET", text }
' suite="$SUITE" "$RAW"
