#!/usr/bin/env bash
# How long a broker takes to start and to stop: Apache Kafka (KRaft, one node, the broker benchmark's settings) and
# Herald (bin/herald server, with and without its start-up cache), one after the other in rotating order, each start on
# a new data folder. Prints a markdown summary with medians and writes every start to a TSV.
#
#   bench/run-startup-bench.sh            # REPS=7, about 2 minutes
#
# For each start, from the launch of the process (Kafka: its storage is formatted first, as a user does once, and not
# counted):
#   port_ms   until the Kafka port accepts a TCP connection (polled every 10 ms)
#   ready_ms  until the broker says it is ready: Kafka's "Kafka Server started" in its server.log; Herald's last
#             ready line, "herald: HTTP listening", printed once the broker, the schema registry, the rule host and
#             the HTTP listener all serve (Kafka has no registry or rule host to start)
#   stop_ms   from SIGTERM, sent a second after ready, until the process has exited
# Targets: kafka; herald-nocache (HERALD_AOT=off); herald (bin/herald's default: the start-up cache of bin/lib/aot.sh
# on JDK 25+, trained before the first start if missing).
#
# Environment (defaults in brackets): REPS [7], and those of bench/lib/brokers.sh: KAFKA_VERSION [4.4.0],
# KAFKA_HEAP_OPTS [-Xms1g -Xmx1g], HERALD_JAVA_OPTS [-Xms1g -Xmx1g], BENCH_JAVA_HOME, HERALD_BIN, KEEP_DATA
#
# Results: bench/results/startup-bench-<UTC>.tsv and .md.
set -euo pipefail

HERALD_HOME=$(cd "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/.." && pwd)
BENCH_NAME=run-startup-bench
# shellcheck source-path=SCRIPTDIR source=lib/brokers.sh
source "$HERALD_HOME/bench/lib/brokers.sh"

REPS=${REPS:-7}
[[ $REPS =~ ^[1-9][0-9]*$ ]] || die "REPS must be a whole number >= 1, was '$REPS'"
targets=(kafka herald-nocache herald)

now_ms() { date +%s%3N; }

# Waits, polling every 10 ms, until command "$@" succeeds or pid $pid is gone; prints the ms since $t0, or returns 1.
wait_for() {
  local pid=$1 t0=$2
  shift 2
  until "$@"; do
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.01
  done
  echo $(($(now_ms) - t0))
}

# One start and stop of target $1: sets m_port, m_ready and m_stop (ms) and appends a row to $results. Not in a
# subshell: the stop must wait for the process, a child of this shell.
measure() {
  local target=$1 t0 pid port out
  if [[ $target == kafka ]]; then
    kafka_prepare
    port=$kafka_port out=$kafka_dir/server.log
    t0=$(now_ms)
    kafka_launch
    pid=$kafka_pid
    m_port=$(wait_for "$pid" "$t0" port_open "$port") || die "Kafka exited while starting: see $kafka_dir"
    m_ready=$(wait_for "$pid" "$t0" grep -q 'Kafka Server started' "$out") || die "Kafka exited: see $kafka_dir"
  else
    local dir aot=on attempt
    [[ $target == herald ]] || aot=off
    # free_port's pick can still be taken, as the local port of some connection, by the time Herald binds it
    for attempt in 1 2 3; do
      port=$(free_port)
      dir=$run_dir/$target-$port
      mkdir -p "$dir"
      out=$dir/herald.out
      t0=$(now_ms)
      HERALD_AOT=$aot HERALD_NO_BUILD=1 HERALD_JAVA_OPTS=$HERALD_JAVA_OPTS "$HERALD_BIN" server --port "$port" \
        --registry-port 0 --http-port 0 --data-dir "$dir/data" >"$out" 2>&1 &
      pid=$!
      herald_pid=$pid
      m_port=$(wait_for "$pid" "$t0" port_open "$port") && break
      wait "$pid" 2>/dev/null || true
      grep -q 'Address already in use' "$out" && ((attempt < 3)) || die "Herald exited while starting: see $out"
      say "port $port was taken as Herald started; again on another port"
    done
    m_ready=$(wait_for "$pid" "$t0" grep -q '^herald: HTTP listening' "$out") || die "Herald exited: see $out"
  fi
  sleep 1
  t0=$(now_ms)
  kill -TERM "$pid"
  wait "$pid" 2>/dev/null || true
  m_stop=$(($(now_ms) - t0))
  kafka_pid="" herald_pid=""
  printf '%s\t%s\t%s\t%s\t%s\n' "$rep" "$target" "$m_port" "$m_ready" "$m_stop" >>"$results"
}

# Median, min and max of column $2 for target $1 in $results, as "median (min..max)".
summary() {
  awk -F '\t' -v t="$1" -v c="$2" '$2 == t { print $c }' "$results" | sort -n |
    awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%d (%d..%d)", m, v[1], v[NR] }'
}

main() {
  brokers_prepare "$HERALD_HOME/bench/target/startup-bench" 1
  results=bench/results/startup-bench-$stamp.tsv
  print_machine
  # Builds if the sources changed and trains the start-up cache if it is missing, so neither falls into a start.
  say "building Herald and its start-up cache ($HERALD_BIN --version)..."
  "$HERALD_BIN" --version >"$run_dir/herald-build.log" 2>&1 || die "$HERALD_BIN --version failed: see $run_dir/herald-build.log"
  {
    echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ), bench/run-startup-bench.sh, $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
    echo "# $(machine_line)"
    echo "# $("$java" -version 2>&1 | head -n 1); Kafka $KAFKA_VERSION with $KAFKA_HEAP_OPTS; Herald with HERALD_JAVA_OPTS='$HERALD_JAVA_OPTS'"
    printf 'rep\ttarget\tport_ms\tready_ms\tstop_ms\n'
  } >"$results"

  local i n=${#targets[@]} target
  for ((rep = 1; rep <= REPS; rep++)); do
    for ((i = 0; i < n; i++)); do
      target=${targets[$(((i + rep) % n))]} # rotates which target goes first
      measure "$target"
      say "rep $rep, $target: port open after $m_port ms, ready after $m_ready ms, stopped in $m_stop ms"
    done
  done

  {
    echo "## Start-up: Herald vs Apache Kafka $KAFKA_VERSION ($stamp, $REPS starts each)"
    echo
    echo "| target | port open, ms | ready, ms | stop, ms |"
    echo "|---|---:|---:|---:|"
    for target in "${targets[@]}"; do
      echo "| $target | $(summary "$target" 3) | $(summary "$target" 4) | $(summary "$target" 5) |"
    done
    echo
    echo "Medians (min..max). Rows: $results"
  } | tee "${results%.tsv}.md"
}

rep=0 m_port=0 m_ready=0 m_stop=0
main
