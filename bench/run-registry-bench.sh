#!/usr/bin/env bash
# Registration and lookup rates of the schema registry inside bin/herald server (a separate process), measured over
# its REST API by io.herald.bench.registry.RegistryBench. There is no Confluent Schema Registry to run beside it here
# (its jars are not on Maven Central): the figures stand alone.
#
#   bench/run-registry-bench.sh                          # 2,000 registrations, 50,000 lookups of each kind, 8 clients
#   SCHEMAS=500 LOOKUPS=10000 CLIENTS=1 bench/run-registry-bench.sh
#
# Environment (defaults in brackets): SCHEMAS [2000], LOOKUPS [50000], CLIENTS [8], HERALD_BENCH_DIR
# [bench/target/registry-bench], and those of bench/lib/brokers.sh. Output: bench/results/registry-bench-<stamp>.txt.
set -euo pipefail
HERALD_HOME=$(cd "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/.." && pwd)
BENCH_NAME=run-registry-bench
# shellcheck source-path=SCRIPTDIR source=lib/brokers.sh
source "$HERALD_HOME/bench/lib/brokers.sh"

SCHEMAS=${SCHEMAS:-2000}
LOOKUPS=${LOOKUPS:-50000}
CLIENTS=${CLIENTS:-8}
for n in SCHEMAS LOOKUPS CLIENTS; do
  [[ ${!n} =~ ^[1-9][0-9]*$ ]] || die "$n must be a whole number >= 1, was '${!n}'"
done

main() {
  brokers_prepare "${HERALD_BENCH_DIR:-$HERALD_HOME/bench/target/registry-bench}" 2
  say "building bench/target/benchmarks.jar..."
  mvn -q -B -pl bench -am package -DskipTests >&2 || die "the bench module does not build; Maven's output is above."
  out=bench/results/registry-bench-$stamp.txt
  print_machine
  start_herald || die "Herald did not start: $herald_skip_reason"
  trap brokers_cleanup EXIT
  registry_url=$(grep -o -m 1 'schema registry listening on http://[0-9.:]*' "$run_dir/herald-$herald_port/herald.out" |
    sed 's/.* on //')
  [[ -n $registry_url ]] || die "Herald printed no schema registry line; see $run_dir/herald-$herald_port/herald.out"
  {
    echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ), bench/run-registry-bench.sh, $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
    echo "# $(machine_line)"
    echo "# Herald: HERALD_JAVA_OPTS='$HERALD_JAVA_OPTS'; registry at $registry_url"
    await_quiet
    # a warm-up pass with a tenth of the work, then the measured one
    "$java" "${client_heap[@]}" -cp bench/target/benchmarks.jar io.herald.bench.registry.RegistryBench \
      --url "$registry_url" --schemas $((SCHEMAS / 10 + 1)) --lookups $((LOOKUPS / 10 + 1)) --clients "$CLIENTS" \
      --run warmup >/dev/null
    "$java" "${client_heap[@]}" -cp bench/target/benchmarks.jar io.herald.bench.registry.RegistryBench \
      --url "$registry_url" --schemas "$SCHEMAS" --lookups "$LOOKUPS" --clients "$CLIENTS" --run measured
    echo "# load average after: $(cut -d ' ' -f 1-3 /proc/loadavg)"
  } | tee "$out"
  say "results: $out"
}

main "$@"; exit
