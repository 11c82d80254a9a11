# Warming a Redstone server's JIT before a measured run. Source it; it defines functions only.
#
# A JVM compiles the request path as it runs: in the first few hundred thousand requests after a
# start, the C2 compiler thread takes a fifth of a core on a two-core machine and the server is
# 15-30% slower than later. A long-running server has that behind it, so the benchmarks measure
# after it, and say how many warm-up runs it took.

# cpu_ticks STAT_FILE: user plus system CPU time, in clock ticks, from a /proc/.../stat file.
cpu_ticks() {
  # Fields after the command name, which may hold spaces: utime and stime are 12th and 13th.
  sed 's/.*) //' "$1" | awk '{print $12 + $13}'
}

# jit_ticks PID: CPU time, in clock ticks, the JVM's compiler threads have used so far.
jit_ticks() {
  local task
  for task in /proc/"$1"/task/*; do
    case "$(cat "$task/comm" 2>/dev/null)" in
      "C1 CompilerThre"* | "C2 CompilerThre"*) cpu_ticks "$task/stat" ;;
    esac
  done | awk '{sum += $1} END {print sum + 0}'
}

# warm_up_jit PID COMMAND...: runs COMMAND (a warm-up load) until a run during which the JIT
# compilers used at most 0.1 s of CPU, at most 8 times; sets WARM_UP_RUNS to the number of runs.
warm_up_jit() {
  local pid=$1 before after
  shift
  WARM_UP_RUNS=0
  while [ "$WARM_UP_RUNS" -lt 8 ]; do
    before=$(jit_ticks "$pid")
    "$@" > /dev/null
    after=$(jit_ticks "$pid")
    WARM_UP_RUNS=$((WARM_UP_RUNS + 1))
    [ $((after - before)) -le $(( $(getconf CLK_TCK) / 10 )) ] && break
  done
}
