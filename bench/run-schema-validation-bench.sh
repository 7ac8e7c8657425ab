#!/usr/bin/env bash
# The produce cost of broker-side schema validation (confluent.value.schema.validation): bin/herald server as a
# separate process, and bench/tools/SchemaValidationCost.java sending the same registered-id records into a topic
# without validation and into one with it, alternately; the anchor is the same broker without validation.
#
#   bench/run-schema-validation-bench.sh                 # 1,000,000 x 100 B per pass, 5 repetitions, ~3 minutes
#   RECORDS=200000 REPS=3 bench/run-schema-validation-bench.sh
#
# Environment (defaults in brackets): RECORDS [1000000], RECORD_SIZE [100], REPS [5], HERALD_BENCH_DIR
# [bench/target/schema-validation-bench], and those of bench/lib/brokers.sh (HERALD_JAVA_OPTS, HERALD_SERVER_ARGS,
# CLIENT_HEAP_OPTS, ...). Output: bench/results/schema-validation-<stamp>.txt.
set -euo pipefail
HERALD_HOME=$(cd "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/.." && pwd)
BENCH_NAME=run-schema-validation-bench
# shellcheck source-path=SCRIPTDIR source=lib/brokers.sh
source "$HERALD_HOME/bench/lib/brokers.sh"

RECORDS=${RECORDS:-1000000}
RECORD_SIZE=${RECORD_SIZE:-100}
REPS=${REPS:-5}
for n in RECORDS RECORD_SIZE REPS; do
  [[ ${!n} =~ ^[1-9][0-9]*$ ]] || die "$n must be a whole number >= 1, was '${!n}'"
done
((RECORD_SIZE >= 40)) || die "RECORD_SIZE must be >= 40 (a 5-byte header and a small JSON body), was $RECORD_SIZE"

main() {
  brokers_prepare "${HERALD_BENCH_DIR:-$HERALD_HOME/bench/target/schema-validation-bench}" 4
  out=bench/results/schema-validation-$stamp.txt
  print_machine
  start_herald || die "Herald did not start: $herald_skip_reason"
  trap brokers_cleanup EXIT
  {
    echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ), bench/run-schema-validation-bench.sh, $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
    echo "# $(machine_line)"
    echo "# Herald: HERALD_JAVA_OPTS='$HERALD_JAVA_OPTS'; $REPS repetition(s) of $RECORDS x $RECORD_SIZE B per topic"
    await_quiet
    client SchemaValidationCost --bootstrap-server "127.0.0.1:$herald_port" --records "$RECORDS" \
      --record-size "$RECORD_SIZE" --reps "$REPS"
    echo "# load average after: $(cut -d ' ' -f 1-3 /proc/loadavg)"
  } | tee "$out"
  say "results: $out"
}

main "$@"; exit
