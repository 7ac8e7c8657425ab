#!/usr/bin/env bash
# The Herald SDK (module client) against the raw Kafka client on the same broker, in one run: publish and handle
# throughput, and key-ordered parallel handling against a plain consumer for a handler that blocks. The broker is
# bin/herald server, a separate process; the clients run in one JVM, io.herald.bench.sdk.SdkBench (one at a time).
#
#   bench/run-sdk-bench.sh                                   # 2,000,000 events per pass, 3 repetitions: ~13 minutes
#   EVENTS=50000 REPS=1 bench/run-sdk-bench.sh               # smoke run
#   PHASES=publish bench/run-sdk-bench.sh                    # only some phases (publish, handle, blocking)
#   PARALLEL_CONSUMER=0 bench/run-sdk-bench.sh               # without the parallel-consumer reference (5 minutes less)
#
# Passes of 2,000,000 events last 5-12 s. Those of 200,000 (the default until session 15) lasted 0.5-1 s, and the
# raw loop's rate moved by a third from one to the next; the longer passes move by a few percent.
#
# After SdkBench, for the handle and blocking phases, bench/parallel-consumer/ParallelConsumerBench.java runs
# Confluent's parallel-consumer (an anchor of issue 5) against the same raw loop, in its own JVM: it needs
# kafka-clients 3.x. Its ratios are a reference for the SDK's, not part of the targets.
#
# Environment (defaults in brackets): EVENTS [2000000], REPS [3], BLOCKING_EVENTS [20000: the SDK's blocking phase],
# PLAIN_BLOCKING_EVENTS [1000: the plain consumer's, 5 s at 5 ms each], KEYS [100], BLOCK_MS [5],
# PHASES [publish,handle,blocking], PARALLEL_CONSUMER [1], MAX_IN_FLIGHT [0: the SDK's default maxInFlightPerPartition],
# HERALD_BENCH_DIR [bench/target/sdk-bench], and those of bench/lib/brokers.sh (HERALD_JAVA_OPTS, CLIENT_HEAP_OPTS,
# ...). Output: bench/results/sdk-bench-<stamp>.txt.
set -euo pipefail
HERALD_HOME=$(cd "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/.." && pwd)
BENCH_NAME=run-sdk-bench
# shellcheck source-path=SCRIPTDIR source=lib/brokers.sh
source "$HERALD_HOME/bench/lib/brokers.sh"

EVENTS=${EVENTS:-2000000}
REPS=${REPS:-3}
MAX_IN_FLIGHT=${MAX_IN_FLIGHT:-0}
BLOCKING_EVENTS=${BLOCKING_EVENTS:-20000}
PLAIN_BLOCKING_EVENTS=${PLAIN_BLOCKING_EVENTS:-1000}
KEYS=${KEYS:-100}
BLOCK_MS=${BLOCK_MS:-5}
PHASES=${PHASES:-publish,handle,blocking}
PARALLEL_CONSUMER=${PARALLEL_CONSUMER:-1}
# the phases ParallelConsumerBench has, of those asked for
pc_phases=$(tr ',' '\n' <<<"$PHASES" | grep -x -E 'handle|blocking' | paste -s -d ',' || true)
[[ $PARALLEL_CONSUMER == [01] ]] || die "PARALLEL_CONSUMER must be 0 or 1, was '$PARALLEL_CONSUMER'"
for n in EVENTS REPS BLOCKING_EVENTS PLAIN_BLOCKING_EVENTS KEYS BLOCK_MS; do
  [[ ${!n} =~ ^[1-9][0-9]*$ ]] || die "$n must be a whole number >= 1, was '${!n}'"
done

main() {
  brokers_prepare "${HERALD_BENCH_DIR:-$HERALD_HOME/bench/target/sdk-bench}" 4
  say "building bench/target/benchmarks.jar (the SDK and SdkBench)..."
  mvn -q -B -pl bench -am package -DskipTests >&2 || die "the bench module does not build; Maven's output is above."
  pc_libs=$HERALD_HOME/bench/target/parallel-consumer/libs
  if [[ $PARALLEL_CONSUMER == 1 && -n $pc_phases && ! -f $pc_libs/parallel-consumer-core-0.5.3.3.jar ]]; then
    say "fetching Confluent's parallel-consumer and kafka-clients 3.9.1 into ${pc_libs#"$HERALD_HOME"/}..."
    mvn -q -B -f bench/parallel-consumer/pom.xml dependency:copy-dependencies >&2 ||
      die "could not fetch parallel-consumer (Maven's output is above); PARALLEL_CONSUMER=0 runs without it."
  fi
  out=bench/results/sdk-bench-$stamp.txt
  print_machine
  start_herald || die "Herald did not start: $herald_skip_reason"
  trap brokers_cleanup EXIT
  {
    echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ), bench/run-sdk-bench.sh, $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
    echo "# $(machine_line)"
    echo "# $(disk_line "before the run")"
    echo "# Herald: HERALD_JAVA_OPTS='$HERALD_JAVA_OPTS'; clients: $CLIENT_HEAP_OPTS; $REPS repetition(s) of $EVENTS events; MAX_IN_FLIGHT=$MAX_IN_FLIGHT"
    await_quiet
    "$java" "${client_heap[@]}" -cp bench/target/benchmarks.jar io.herald.bench.sdk.SdkBench \
      --bootstrap-server "127.0.0.1:$herald_port" --events "$EVENTS" --reps "$REPS" \
      --blocking-events "$BLOCKING_EVENTS" --plain-blocking-events "$PLAIN_BLOCKING_EVENTS" --keys "$KEYS" \
      --block-ms "$BLOCK_MS" --max-in-flight "$MAX_IN_FLIGHT" --phases "$PHASES" 2> >(grep -v -E '^\[|INFO|WARN' >&2)
    if [[ $PARALLEL_CONSUMER == 1 && -n $pc_phases ]]; then
      echo "# Confluent's parallel-consumer 0.5.3.3 (kafka-clients 3.9.1) against the raw loop, in its own JVM:"
      await_quiet
      "$java" "${client_heap[@]}" -cp "$pc_libs/*" bench/parallel-consumer/ParallelConsumerBench.java \
        --bootstrap-server "127.0.0.1:$herald_port" --events "$EVENTS" --reps "$REPS" \
        --blocking-events "$BLOCKING_EVENTS" --plain-blocking-events "$PLAIN_BLOCKING_EVENTS" --keys "$KEYS" \
        --block-ms "$BLOCK_MS" --phases "$pc_phases" 2> >(grep -v -E '^SLF4J' >&2)
    fi
    echo "# load average after: $(cut -d ' ' -f 1-3 /proc/loadavg)"
    echo "# $(disk_line "after the run")"
  } | tee "$out"
  say "results: $out"
}

main "$@"; exit
