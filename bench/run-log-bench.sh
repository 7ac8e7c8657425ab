#!/usr/bin/env bash
# Builds bench/target/benchmarks.jar and runs the partition log benchmarks (append under flush.policy interval and
# always, read, and the raw disk rates they are compared with), then prints a MiB/s summary with the target checks.
#
#   bench/run-log-bench.sh                          # the default run: 1 fork, 2 x 5 s warmup, 3 x 5 s measurement
#   bench/run-log-bench.sh -wi 1 -i 1 -w 1s -r 2s   # a quick smoke run
#   bench/run-log-bench.sh 'AppendBenchmark.always' -p window=1,64   # a subset; any JMH option works (-h lists them)
#
# Options given here replace the defaults one by one. Results go to bench/results/log-bench-<UTC time>.json (JMH's
# JSON), the data under $HERALD_BENCH_DIR (default bench/target/bench-data), which must be on the disk to measure, not
# tmpfs. Each benchmark deletes its files after every iteration, but one iteration can leave a few GiB on disk.
set -euo pipefail

HERALD_HOME=$(cd "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/.." && pwd)

# shellcheck source-path=SCRIPTDIR source=../bin/lib/java.sh
source "$HERALD_HOME/bin/lib/java.sh"
herald_find_java || exit 1
herald_require_maven
herald_maven_env

cd "$HERALD_HOME"
echo "run-log-bench: building bench/target/benchmarks.jar with $HERALD_JAVA_HOME..." >&2
mvn -q -B -pl bench -am package -DskipTests >&2

export HERALD_BENCH_DIR=${HERALD_BENCH_DIR:-$HERALD_HOME/bench/target/bench-data}
mkdir -p "$HERALD_BENCH_DIR" bench/results
free_kib=$(df -Pk "$HERALD_BENCH_DIR" | awk 'NR == 2 { print $4 }')
if ((free_kib < 10 * 1024 * 1024)); then
  echo "run-log-bench: only $((free_kib / 1024)) MiB free under $HERALD_BENCH_DIR; the benchmarks need about 10 GiB." >&2
  exit 1
fi

# Defaults, each used only when the caller did not give the same option.
defaults=(-f 1 -wi 2 -w 5s -i 3 -r 5s -foe true -rf json -rff "bench/results/log-bench-$(date -u +%Y%m%dT%H%M%SZ).json")
args=()
for ((i = 0; i < ${#defaults[@]}; i += 2)); do
  option=${defaults[i]}
  given=false
  for arg in "$@"; do
    [[ $arg == "$option" ]] && given=true
  done
  $given || args+=("$option" "${defaults[i + 1]}")
done

# The context the numbers need: the same machine under another load gives other numbers.
{
  echo "run-log-bench: $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), $(free -g | awk '/^Mem:/ { print $2 }') GiB RAM"
  echo "run-log-bench: load average before the run: $(cut -d ' ' -f 1-3 /proc/loadavg)"
  echo "run-log-bench: data in $HERALD_BENCH_DIR: $(df -PT "$HERALD_BENCH_DIR" | awk 'NR == 2 { print $2 " on " $1 }')"
  echo "run-log-bench: $("$HERALD_JAVA_HOME/bin/java" -version 2>&1 | head -n 1)"
} >&2

# JMH 1.37 reads fields through sun.misc.Unsafe; JDK 23+ warns about it unless allowed. The forks inherit the option.
jvm_opts=()
((HERALD_JAVA_MAJOR >= 23)) && jvm_opts+=(--sun-misc-unsafe-memory-access=allow)

status=0
"$HERALD_JAVA_HOME/bin/java" ${jvm_opts[@]+"${jvm_opts[@]}"} -jar bench/target/benchmarks.jar \
  ${args[@]+"${args[@]}"} "$@" || status=$?
echo "run-log-bench: load average after the run: $(cut -d ' ' -f 1-3 /proc/loadavg)" >&2
exit $status
