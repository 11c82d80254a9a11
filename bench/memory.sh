#!/usr/bin/env bash
# Memory per key, Redstone next to Debian's redis-server: loads KEYS distinct keys (default
# 1,000,000; 16-byte keys key:000000000000, 16-byte values) into each through redis-cli --pipe,
# then reports bytes per key:
#   Redis:    INFO used_memory after the load minus before, divided by the keys;
#   Redstone: live heap after a full GC (the class histogram's total, which forces one), after the
#             load minus before, divided by the keys; its engine's own INFO used_memory estimate too;
#   both:     process RSS (VmRSS) before and after. Redstone's RSS counts the whole heap it has
#             touched, so with -Xms and AlwaysPreTouch it is mostly the heap size, not the data.
# Usage: bench/memory.sh [keys]   (builds the jar first if it is missing)
# Environment: JAVA_OPTS (default in bench/lib.sh); SHAPE, what each of the KEYS items is:
#   strings  (default) a 16-byte key with a 16-byte value; target <= 1.5 x Redis
#   hashes   a hash of 10 fields f0..f9 with 8-byte values (HSET); target <= 1.2 x Redis
#   sets     a set of 10 small integers (SADD); target <= 1.2 x Redis
#   zset     one member of a single sorted set of KEYS members (ZADD, 100 a command);
#            target <= 1.2 x Redis
#   lists    a list of 10 short elements (RPUSH); no target, for the record
#   streams  one entry of a single stream of KEYS entries (XADD with explicit IDs, three small
#            fields: an 8-byte string, a small integer, a 2-byte string); target <= 1.3 x Redis
set -euo pipefail
cd "$(dirname "$0")/.."
KEYS=${1:-1000000}
# shellcheck source=bench/lib.sh
. bench/lib.sh
build_if_missing

echo "== Machine"
print_machine
SHAPE=${SHAPE:-strings}
TARGET=1.2
EXPECTED_KEYS=$KEYS
# Each shape writes its load as RESP commands (keys distinct, unlike redis-benchmark -r).
case "$SHAPE" in
  strings)
    TARGET=1.5
    DESCRIPTION="$KEYS keys of 16 bytes with 16-byte values"
    awk -v n="$KEYS" 'BEGIN {
      for (i = 0; i < n; i++) printf "*3\r\n$3\r\nSET\r\n$16\r\nkey:%012d\r\n$16\r\nval:%012d\r\n", i, i }' ;;
  hashes)
    DESCRIPTION="$KEYS hashes of 10 fields (f0..f9, 8-byte values)"
    awk -v n="$KEYS" 'BEGIN {
      for (i = 0; i < n; i++) {
        printf "*22\r\n$4\r\nHSET\r\n$16\r\nkey:%012d\r\n", i
        for (f = 0; f < 10; f++) printf "$2\r\nf%d\r\n$8\r\nv%07d\r\n", f, i % 10000000
      } }' ;;
  sets)
    DESCRIPTION="$KEYS sets of 10 small integers"
    awk -v n="$KEYS" 'BEGIN {
      for (i = 0; i < n; i++) {
        printf "*12\r\n$4\r\nSADD\r\n$16\r\nkey:%012d\r\n", i
        for (m = 1; m <= 10; m++) printf "$%d\r\n%d\r\n", length(m * 3 + i % 7), m * 3 + i % 7
      } }' ;;
  zset)
    EXPECTED_KEYS=1
    DESCRIPTION="one sorted set of $KEYS members (16-byte members)"
    awk -v n="$KEYS" 'BEGIN {
      for (i = 0; i < n; i += 100) {
        c = (n - i < 100) ? n - i : 100
        printf "*%d\r\n$4\r\nZADD\r\n$1\r\nz\r\n", 2 + 2 * c
        for (j = i; j < i + c; j++) printf "$%d\r\n%d\r\n$16\r\nmem:%012d\r\n", length(j * 7), j * 7, j
      } }' ;;
  lists)
    TARGET=
    DESCRIPTION="$KEYS lists of 10 elements (8 bytes each)"
    awk -v n="$KEYS" 'BEGIN {
      for (i = 0; i < n; i++) {
        printf "*12\r\n$5\r\nRPUSH\r\n$16\r\nkey:%012d\r\n", i
        for (e = 0; e < 10; e++) printf "$8\r\ne%07d\r\n", e
      } }' ;;
  streams)
    TARGET=1.3
    EXPECTED_KEYS=1
    DESCRIPTION="one stream of $KEYS entries (fields a, b, c: 8-byte string, small integer, 2 bytes)"
    awk -v n="$KEYS" 'BEGIN {
      for (i = 1; i <= n; i++) {
        id = i "-1"; b = i % 1000
        printf "*9\r\n$4\r\nXADD\r\n$1\r\nx\r\n$%d\r\n%s\r\n$1\r\na\r\n$8\r\nv%07d\r\n", length(id), id, i % 10000000
        printf "$1\r\nb\r\n$%d\r\n%d\r\n$1\r\nc\r\n$2\r\nok\r\n", length(b), b
      } }' ;;
  *) echo "unknown SHAPE $SHAPE (strings, hashes, sets, zset, lists, streams)" >&2; exit 2 ;;
esac > "$WORK/load.resp"
echo "load:      $DESCRIPTION, through redis-cli --pipe"
echo

info_field() { # port section field
  redis-cli -p "$1" info "$2" | tr -d '\r' | awk -F: -v f="$3" '$1 == f {print $2}'
}

live_heap() { # pid: bytes of live objects; the histogram forces a full GC first
  jcmd "$1" GC.class_histogram | awk '$1 == "Total" {print $3}'
}

load() { # port
  redis-cli -p "$1" --pipe < "$WORK/load.resp" | tail -1
  local n
  n=$(redis-cli -p "$1" dbsize)
  [ "$n" = "$EXPECTED_KEYS" ] || { echo "expected $EXPECTED_KEYS keys on port $1, found $n" >&2; exit 1; }
}

read -r REDIS_PORT REDSTONE_PORT <<< "$(free_ports 2)"

start_redis "$REDIS_PORT" "$WORK/redis"
r_used0=$(info_field "$REDIS_PORT" memory used_memory)
r_rss0=$(rss_kb "$REDIS_PID")
echo "redis:    $(load "$REDIS_PORT")"
r_used1=$(info_field "$REDIS_PORT" memory used_memory)
r_rss1=$(rss_kb "$REDIS_PID")
stop_server "$REDIS_PORT" "$REDIS_PID"

start_redstone "$REDSTONE_PORT" "$WORK/redstone"
# Warm the command path with a few commands of the same shape, then measure the empty baseline.
redis-benchmark -p "$REDSTONE_PORT" -t set -n 10000 -d 16 -q > /dev/null 2>&1
redis-cli -p "$REDSTONE_PORT" flushall > /dev/null
s_heap0=$(live_heap "$REDSTONE_PID")
s_used0=$(info_field "$REDSTONE_PORT" memory used_memory)
s_rss0=$(rss_kb "$REDSTONE_PID")
echo "redstone: $(load "$REDSTONE_PORT")"
s_heap1=$(live_heap "$REDSTONE_PID")
s_used1=$(info_field "$REDSTONE_PORT" memory used_memory)
s_rss1=$(rss_kb "$REDSTONE_PID")
jcmd "$REDSTONE_PID" GC.class_histogram | sed -n '2,13p' > "$WORK/histogram.txt"
stop_server "$REDSTONE_PORT" "$REDSTONE_PID"

echo
awk -v k="$KEYS" -v ru0="$r_used0" -v ru1="$r_used1" -v rr0="$r_rss0" -v rr1="$r_rss1" \
    -v sh0="$s_heap0" -v sh1="$s_heap1" -v su0="${s_used0:-0}" -v su1="${s_used1:-0}" \
    -v sr0="$s_rss0" -v sr1="$s_rss1" -v target="$TARGET" 'BEGIN {
  fmt = "%-34s %14s %14s %10s\n"
  printf fmt, "", "before", "after", "bytes/key"
  printf fmt, "redis used_memory", ru0, ru1, sprintf("%.1f", (ru1 - ru0) / k)
  printf fmt, "redis RSS", rr0 * 1024, rr1 * 1024, sprintf("%.1f", (rr1 - rr0) * 1024 / k)
  printf fmt, "redstone live heap after full GC", sh0, sh1, sprintf("%.1f", (sh1 - sh0) / k)
  printf fmt, "redstone INFO used_memory", su0, su1, sprintf("%.1f", (su1 - su0) / k)
  printf fmt, "redstone RSS", sr0 * 1024, sr1 * 1024, sprintf("%.1f", (sr1 - sr0) * 1024 / k)
  ratio = ((sh1 - sh0) / k) / ((ru1 - ru0) / k)
  if (target == "") {
    printf "\nratio redstone heap / redis used_memory per item: %.2f\n", ratio
  } else {
    printf "\nratio redstone heap / redis used_memory per item: %.2f (target <= %s: %s)\n", ratio,
      target, ratio <= target ? "met" : "NOT MET"
  }
}'
echo
echo "== Redstone's largest live classes after the load"
cat "$WORK/histogram.txt"
