#!/usr/bin/env bash
# Where the CPU goes under one persistence setting, thread by thread, Redis next to Redstone:
# SET, 50 clients, depth 1, 3-byte values, keys over 100000. Each server in turn takes a long run
# (Redstone after its JIT warm-up); 1.5 s into it, /proc/<tid>/schedstat of every thread of the
# server and of the benchmark client is read, and again 3 s later. For each thread that ran at
# least 30 ms it prints time on a CPU, time runnable but waiting in the run queue, time asleep
# (or blocked in a system call such as fdatasync), context switches, and CPU per command
# (commands counted by INFO over the same window). On a two-core machine a long run-queue wait
# says the cores, not the thread's own work, held it back.
# Usage: bench/threads.sh [always|everysec|no] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
FSYNC=${1:-always}
ROUNDS=${2:-2}
source bench/lib.sh
source bench/jit.sh
build_if_missing
read -r PORT < <(free_ports 1)
SERVER_PERSISTENCE=(--appendonly yes --appendfsync "$FSYNC" --auto-aof-rewrite-percentage 0)
WINDOW_SECONDS=3

# thread_stats PID...: one line per thread: tid, name (spaces as _), ns on a CPU, ns in the run
# queue, context switches. Builtins only, so reading a JVM's threads takes little time.
thread_stats() {
  local pid task name run wait switches
  for pid in "$@"; do
    for task in /proc/"$pid"/task/*; do
      read -r name < "$task/comm" || continue
      read -r run wait switches < "$task/schedstat" || continue
      echo "${task##*/} ${name// /_} $run $wait $switches"
    done
  done
}

commands_processed() {
  redis-cli -p "$PORT" info stats | awk -F: '/^total_commands_processed:/ {print $2 + 0}'
}

machine_busy_ticks() { # user, nice, system, irq and softirq time of all CPUs
  awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat
}

# measure SERVER_PID NAME: prints the table for one server under the load.
measure() {
  timeout 300 redis-benchmark -p "$PORT" "${SET_LOAD[@]}" -n 600000 -q > /dev/null 2>&1 &
  local runner=$! client
  sleep 1.5
  client=$(pgrep -P "$runner" -x redis-benchmark)
  local commands_before busy_before start before after finish busy_after commands_after
  commands_before=$(commands_processed)
  busy_before=$(machine_busy_ticks)
  start=$(date +%s%N)
  before=$(thread_stats "$1" "$client")
  sleep "$WINDOW_SECONDS"
  after=$(thread_stats "$1" "$client")
  finish=$(date +%s%N)
  busy_after=$(machine_busy_ticks)
  commands_after=$(commands_processed)
  local commands=$((commands_after - commands_before)) window_ms=$(((finish - start) / 1000000))
  echo "$2: $((commands * 1000 / window_ms)) commands/s; the machine was busy" \
    "$(((busy_after - busy_before) * 1000 / $(getconf CLK_TCK))) ms of $((window_ms * $(nproc))) ms" \
    "(${window_ms} ms on $(nproc) cores)"
  join <(sort <<< "$before") <(sort <<< "$after") | awk -v commands="$commands" \
    -v window="$window_ms" '{
      cpu = ($7 - $3) / 1e6; queued = ($8 - $4) / 1e6
      if (cpu >= 30)
        printf "  %-18s on a CPU %5.0f ms, run queue %5.0f ms, asleep %5.0f ms, %6d switches, %5.1f us a command\n",
          $2, cpu, queued, window - cpu - queued, $9 - $5, cpu * 1000 / commands
    }'
  wait "$runner" || true
}

print_machine
echo "appendfsync $FSYNC"
for round in $(seq 1 "$ROUNDS"); do
  start_redis "$PORT" "$WORK/redis-$round"
  set_rps "$PORT" > /dev/null # fills the keyspace, as Redstone's warm-up does
  measure "$REDIS_PID" "round $round, redis"
  stop_server "$PORT" "$REDIS_PID"
  start_redstone "$PORT" "$WORK/redstone-$round"
  warm_up_jit "$REDSTONE_PID" set_rps "$PORT"
  measure "$REDSTONE_PID" "round $round, redstone (JIT warm-up runs: $WARM_UP_RUNS)"
  stop_server "$PORT" "$REDSTONE_PID"
done
