#!/usr/bin/env bash
# Pub/sub delivery rate, Redstone next to Debian's redis-server on the same machine: deliveries per
# second from one publisher to 1, 100 and 1,000 subscribers of one channel (bench/pubsub_rate.py:
# 16-byte messages, the publisher held within a window of the slowest subscriber). Each row runs
# ROUNDS times (default 2), alternating the servers, and reports every run and the best.
# Target: Redstone at least Redis's rate in every row.
# Usage: bench/pubsub.sh   (builds the jar first if it is missing)
# Environment: JAVA_OPTS (default in bench/lib.sh), ROUNDS, COUNTS (default "1 100 1000").
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh
build_if_missing
ROUNDS=${ROUNDS:-2}
COUNTS=${COUNTS:-"1 100 1000"}

echo "== Machine"
print_machine
read -r REDIS_PORT REDSTONE_PORT <<< "$(free_ports 2)"
start_redis "$REDIS_PORT" "$WORK/redis"
start_redstone "$REDSTONE_PORT" "$WORK/redstone"

rate() { # port subscribers
  python3 bench/pubsub_rate.py "$1" "$2" | awk '{print $(NF-1)}'
}

echo
echo "== Deliveries per second (1 publisher, 16-byte messages)"
printf '%-12s %-28s %-28s %s\n' subscribers "redis runs" "redstone runs" "best redstone/redis"
for n in $COUNTS; do
  redis_runs=() redstone_runs=()
  for _ in $(seq 1 "$ROUNDS"); do
    redis_runs+=("$(rate "$REDIS_PORT" "$n")")
    redstone_runs+=("$(rate "$REDSTONE_PORT" "$n")")
  done
  best_redis=$(printf '%s\n' "${redis_runs[@]}" | sort -n | tail -1)
  best_redstone=$(printf '%s\n' "${redstone_runs[@]}" | sort -n | tail -1)
  printf '%-12s %-28s %-28s %s\n' "$n" "${redis_runs[*]}" "${redstone_runs[*]}" \
    "$(awk -v a="$best_redstone" -v b="$best_redis" 'BEGIN {printf "%.2f", a / b}')"
done
