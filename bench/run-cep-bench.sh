#!/usr/bin/env bash
# Herald's CEP engine (module cep) against Esper 9 on the same pre-generated events, in one JVM, one engine at a time
# (bench/src/test/java/io/herald/bench/cep/CepBench.java). Esper is GPL-2.0: it is a test-scope dependency of the
# bench module only and is in no jar Herald builds.
#
#   bench/run-cep-bench.sh                                       # 1,000,000 events, 1K and 100K keys, every case, 3 reps
#   bench/run-cep-bench.sh --events 200000 --keys 1000 --reps 5  # shorter runs, more repetitions
#   bench/run-cep-bench.sh --cases filter-1000,a-not-b-10m       # some cases
#
# Arguments go to CepBench. Environment: CEP_BENCH_HEAP [-Xms4g -Xmx4g]. Output: bench/results/cep-bench-<UTC>.txt.
set -euo pipefail
HERALD_HOME=$(cd "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/.." && pwd)
# shellcheck source-path=SCRIPTDIR source=../bin/lib/java.sh
source "$HERALD_HOME/bin/lib/java.sh"
herald_find_java || exit 1
herald_require_maven
herald_maven_env
cd "$HERALD_HOME"

echo "run-cep-bench: building the cep module and the benchmark..." >&2
mvn -q -B -pl bench -am install -DskipTests >&2
mvn -q -B -pl bench test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$HERALD_HOME/bench/target/cep-bench.classpath" >&2
read -r -a heap <<<"${CEP_BENCH_HEAP:--Xms4g -Xmx4g}"
mkdir -p bench/results
out=bench/results/cep-bench-$(date -u +%Y%m%dT%H%M%SZ).txt
{
  echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ), bench/run-cep-bench.sh $*, $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "# $(nproc) CPUs, load average before $(cut -d ' ' -f 1-3 /proc/loadavg); $("$HERALD_JAVA_HOME/bin/java" -version 2>&1 | head -n 1); heap ${heap[*]}"
  "$HERALD_JAVA_HOME/bin/java" "${heap[@]}" \
    -cp "bench/target/test-classes:bench/target/classes:$(cat bench/target/cep-bench.classpath)" \
    io.herald.bench.cep.CepBench "$@" 2> >(grep -v '^SLF4J' >&2)
  echo "# load average after: $(cut -d ' ' -f 1-3 /proc/loadavg)"
} | tee "$out"
echo "run-cep-bench: results: $out" >&2
