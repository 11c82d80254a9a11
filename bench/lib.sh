# Shared by the side-by-side scripts in bench/: free ports, starting and stopping Debian's
# redis-server and the Redstone jar with equivalent settings, the machine description.
# Source it after `cd` to the repository root; it sets a trap that stops whatever it started.

JAR=redstone-server/target/redstone.jar
# The flags the README's start command uses; docs/performance.md says why.
DEFAULT_JAVA_OPTS="-XX:+UseShenandoahGC -Xms2g -Xmx2g -XX:+AlwaysPreTouch -XX:+UseTransparentHugePages"
JAVA_OPTS=${JAVA_OPTS:-$DEFAULT_JAVA_OPTS}

WORK=$(mktemp -d)
STARTED_PIDS=()

cleanup() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${STARTED_PIDS[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
# Ctrl-C and kill end the script through the EXIT trap, so servers never outlive it.
trap 'exit 130' INT
trap 'exit 143' TERM

build_if_missing() {
  [ -f "$JAR" ] || mvn -B -q -DskipTests package
}

# Prints N free TCP ports on 127.0.0.1, distinct, chosen by the kernel.
free_ports() {
  python3 - "$1" <<'PY'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
PY
}

wait_ready() { # port pid
  for _ in $(seq 1 300); do
    redis-cli -p "$1" ping 2>/dev/null | grep -q PONG && return 0
    kill -0 "$2" 2>/dev/null || { echo "server on port $1 exited during start-up" >&2; return 1; }
    sleep 0.1
  done
  echo "server on port $1 did not start" >&2
  return 1
}

# What both servers are started with: persistence off, as the throughput runs require. A script
# that measures the log sets it first, for instance
#   SERVER_PERSISTENCE=(--appendonly yes --appendfsync always --auto-aof-rewrite-percentage 0)
# (no automatic rewrite: it would land in one run and not in the others).
SERVER_PERSISTENCE=(--appendonly no)

# start_redis PORT DIR: sets REDIS_PID.
start_redis() {
  mkdir -p "$2"
  redis-server --port "$1" --bind 127.0.0.1 --save '' "${SERVER_PERSISTENCE[@]}" --dir "$2" \
    --logfile "$2/redis.log" &
  REDIS_PID=$!
  STARTED_PIDS+=("$REDIS_PID")
  wait_ready "$1" "$REDIS_PID"
}

# start_redstone PORT DIR [extra JVM flags...]: sets REDSTONE_PID (the java process itself).
# Starts $JAR with $JAVA_OPTS; set either for one call to start another build or collector.
start_redstone() {
  local port=$1 dir=$2
  shift 2
  mkdir -p "$dir"
  # Metrics stay on, as by default, so their cost is in the figures; on a free port, so a
  # Redstone already running on this machine does not stop this one from starting.
  local metrics_port
  metrics_port=$(free_ports 1)
  # shellcheck disable=SC2086
  java $JAVA_OPTS "$@" -jar "$JAR" --port "$port" --bind 127.0.0.1 \
    --save '' "${SERVER_PERSISTENCE[@]}" --metrics-port "$metrics_port" --dir "$dir" \
    > "$dir/redstone.log" 2>&1 &
  REDSTONE_PID=$!
  STARTED_PIDS+=("$REDSTONE_PID")
  wait_ready "$port" "$REDSTONE_PID"
}

# The depth-1 SET load of the persistence figures: 50 clients, 3-byte values, keys over 100000,
# and how many requests one measured run of it sends. LOAD_TEST (a redis-benchmark test name),
# LOAD_DEPTH and LOAD_REQUESTS put another load in its place for the scripts that use it
# (cpu_ab.sh, ab.sh): LOAD_TEST=zadd LOAD_DEPTH=16 measures ZADD into one sorted set.
LOAD_TEST=${LOAD_TEST:-set}
SET_LOAD=(-t "$LOAD_TEST" -P "${LOAD_DEPTH:-1}" -c 50 -r 100000 -d 3)
SET_REQUESTS=${LOAD_REQUESTS:-200000}

# set_rps PORT: runs that load once and prints its requests per second.
set_rps() {
  timeout 300 redis-benchmark -p "$1" "${SET_LOAD[@]}" -n "$SET_REQUESTS" -q 2>/dev/null \
    | tr '\r' '\n' | grep -E "^${LOAD_TEST^^}: [0-9.]+ requests per second" | tail -1 \
    | awk '{print $2}'
}

stop_server() { # port pid
  redis-cli -p "$1" shutdown nosave >/dev/null 2>&1 || true
  for _ in $(seq 1 100); do
    if ! kill -0 "$2" 2>/dev/null; then
      forget_started "$2"
      return 0
    fi
    sleep 0.1
  done
  kill "$2" 2>/dev/null || true
}

# forget_started PID: the server has exited, so the exit trap must not signal its pid, which the
# system may since have given to another process.
forget_started() {
  local kept=() pid
  for pid in "${STARTED_PIDS[@]}"; do
    [ "$pid" = "$1" ] || kept+=("$pid")
  done
  STARTED_PIDS=("${kept[@]}")
}

rss_kb() { # pid
  awk '/^VmRSS:/ {print $2}' "/proc/$1/status"
}

# What docs/performance.md asks to record next to every run.
print_machine() {
  echo "date:      $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "cores:     $(nproc)"
  echo "cpu:       $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
  echo "memory:    $(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "kernel:    $(uname -sr)"
  echo "java:      $(java -version 2>&1 | head -2 | tail -1)"
  echo "redis:     $(redis-server --version)"
  echo "redstone:  $(git log -1 --format='%h %cd' --date=short 2>/dev/null || echo unknown)"
  echo "JAVA_OPTS: $JAVA_OPTS"
}
