#!/usr/bin/env bash
# Herald vs Apache Kafka, side by side on this machine, measured with Kafka's own perf tools: starts a single-node
# KRaft Kafka (jars from Maven Central) and Herald (bin/herald server) as separate processes, then runs the same
# workloads against each in turn and prints a markdown summary with the Herald/Kafka ratios and the target checks.
#
#   bench/run-broker-bench.sh                          # the full run: 3 repetitions per case per target, ~25-30 minutes
#   QUICK=1 bench/run-broker-bench.sh                  # smoke run: small counts, 1 repetition, ~2-3 minutes
#   TARGETS="kafka kafka-flush1" bench/run-broker-bench.sh   # Kafka only (e.g. while Herald's broker is not there)
#   REPS=5 RECORDS_100B=2000000 bench/run-broker-bench.sh    # more repetitions, more records
#
# Targets (TARGETS, default all four, measured in rotating order within each case):
#   kafka            Apache Kafka $KAFKA_VERSION, default flush settings: no fsync, acks=all means "in the page cache"
#   kafka-flush1     the same broker, topics created with flush.messages=1 (the topic-level
#                    log.flush.interval.messages): an fsync per appended batch
#   herald           bin/herald server --port <free port> --data-dir <dir>, Herald's defaults (log.flush.policy=always:
#                    acks=all answered once the batch is fsynced, with group commit)
#   herald-interval  the same server, topics created with flush.policy=interval: Kafka's default durability, no fsync
#                    before the answer, so that the engines are compared doing the same work
# Cases, each on a fresh topic, deleted afterwards, then `sync` and a pause: ProducerPerformance (acks=all,
# linger.ms=5, batch.size=65536, unthrottled) of 100 B and 1 KiB records into 1 and 8 partitions, each read back by
# bench/tools/AssignedConsumerPerformance.java; then one-record-in-flight latency (bench/tools/E2eLatency.java,
# 100 B, 1 partition); then produce-ack latency at a fixed rate (rate-1KB: bench/tools/RateLatency.java, RATE_1KB
# records/s of 1 KiB into 8 partitions, the same rate for every target, timed from each record's due time). The
# consumer tools assign partitions instead of joining a consumer group, so they need no group coordinator, and the
# same tools run against both brokers. Each broker start is followed by an unrecorded warm-up of
# every case on every target.
#
# Environment (defaults in brackets):
#   REPS [3], RECORDS_100B [1000000], RECORDS_1KB [200000], E2E_RECORDS [10000], RATE_1KB [50000 records/s: about
#   half of Kafka's no-fsync maximum for 8 x 1 KiB on this machine class], RATE_RECORDS [500000: 10 s at RATE_1KB,
#   after a tenth as many unrecorded], WARMUP_DIVISOR [2: the warm-up runs each case with 1/2 the records], PAUSE_S
#   [2], QUICK [0; 1 = REPS=1, 100000/20000/1000/100000 records, WARMUP_DIVISOR=4]
#   HERALD_SERVER_ARGS [none]: more options for bin/herald server, e.g. "--set num.partitions=8"
#   HERALD_BENCH_DIR [bench/target/broker-bench]: data and logs, one folder per run; must not be tmpfs
#   and those of bench/lib/brokers.sh, which starts and stops the brokers: KAFKA_VERSION [4.4.0], LOG4J_VERSION,
#   KAFKA_HEAP_OPTS [-Xms1g -Xmx1g], HERALD_JAVA_OPTS [-Xms1g -Xmx1g], CLIENT_HEAP_OPTS [-Xmx512m], BENCH_JAVA_HOME,
#   HERALD_BIN [bin/herald of this checkout], HERALD_READY_PATTERN, HERALD_READY_TIMEOUT_S, QUIET_BUSY_PCT,
#   QUIET_MAX_WAIT_S, RUN_TIMEOUT_S, KEEP_DATA
#
# Results: bench/results/broker-bench-<UTC>.tsv (one row per measured run, '#' lines give the context) and
# bench/results/broker-bench-<UTC>.md (the summary, also printed). Broker CPU = utime+stime of the broker process over
# the client tool's run, as % of one core; broker RSS = VmHWM after resetting it (/proc/<pid>/clear_refs) at the start
# of each run, i.e. the peak during the run. Only one benchmark runs at a time; the idle broker's CPU is recorded too.
set -euo pipefail

HERALD_HOME=$(cd "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/.." && pwd)

# ---------------------------------------------------------------------------------------------------- settings
QUICK=${QUICK:-0}
if [[ $QUICK == 1 ]]; then
  REPS=${REPS:-1} RECORDS_100B=${RECORDS_100B:-100000} RECORDS_1KB=${RECORDS_1KB:-20000}
  E2E_RECORDS=${E2E_RECORDS:-1000} RATE_RECORDS=${RATE_RECORDS:-100000} WARMUP=${WARMUP:-0} PAUSE_S=${PAUSE_S:-1} QUIET_MAX_WAIT_S=${QUIET_MAX_WAIT_S:-10}
fi
BENCH_NAME=run-broker-bench
# shellcheck source-path=SCRIPTDIR source=lib/brokers.sh
source "$HERALD_HOME/bench/lib/brokers.sh"

REPS=${REPS:-3}
RECORDS_100B=${RECORDS_100B:-1000000}
RECORDS_1KB=${RECORDS_1KB:-200000}
E2E_RECORDS=${E2E_RECORDS:-10000}
RATE_1KB=${RATE_1KB:-50000}
RATE_RECORDS=${RATE_RECORDS:-500000}
WARMUP=${WARMUP:-1}
WARMUP_DIVISOR=${WARMUP_DIVISOR:-2}
PAUSE_S=${PAUSE_S:-2}
TARGETS=${TARGETS:-kafka kafka-flush1 herald herald-interval}
all_cases="p1-100B p8-100B p1-1KB p8-1KB e2e-100B rate-1KB"
CASES=${CASES:-$all_cases}

for n in REPS RECORDS_100B RECORDS_1KB E2E_RECORDS RATE_1KB RATE_RECORDS WARMUP_DIVISOR; do
  [[ ${!n} =~ ^[1-9][0-9]*$ ]] || die "$n must be a whole number >= 1, was '${!n}'"
done
for n in PAUSE_S WARMUP; do
  [[ ${!n} =~ ^[0-9]+$ ]] || die "$n must be a whole number >= 0, was '${!n}'"
done
read -r -a targets <<<"$TARGETS"
for t in "${targets[@]}"; do
  [[ $t == kafka || $t == kafka-flush1 || $t == herald || $t == herald-interval ]] ||
    die "TARGETS takes kafka, kafka-flush1, herald and herald-interval, was '$t'"
done
read -r -a cases <<<"$CASES"
for c in "${cases[@]}"; do
  [[ " $all_cases " == *" $c "* ]] || die "CASES takes $all_cases; was '$c'"
done
want() { [[ " ${targets[*]} " == *" $1 "* ]]; }
want_kafka() { want kafka || want kafka-flush1; }
want_herald() { want herald || want herald-interval; }

brokers_prepare "${HERALD_BENCH_DIR:-$HERALD_HOME/bench/target/broker-bench}" 8
results=bench/results/broker-bench-$stamp.tsv
summary=bench/results/broker-bench-$stamp.md

# ------------------------------------------------------------------------------------------------ measurement
columns=(utc rep target case partitions record_bytes records phase status records_per_s mib_per_s
  lat_avg_ms lat_p50_ms lat_p99_ms lat_p999_ms lat_max_ms elapsed_s wall_s broker_cpu_s broker_cpu_pct
  broker_jit_cpu_s broker_rss_peak_mib broker_rss_end_mib idle_broker_cpu_pct client_cpu_pct foreign_cpu_pct loadavg1)

# Appends a row: $1..$8 are rep target case partitions record_bytes records phase status; then name=value pairs
# (missing columns are '-'). broker_cpu_pct is the broker's CPU over the whole tool run divided by the tool's own
# measured interval (elapsed_s): the load during the transfer, not diluted by the client JVM's start.
record_row() {
  local -A v=()
  local name pair line=""
  v[utc]=$(date -u +%Y-%m-%dT%H:%M:%SZ) v[rep]=$1 v[target]=$2 v[case]=$3 v[partitions]=$4 v[record_bytes]=$5
  v[records]=$6 v[phase]=$7 v[status]=$8
  shift 8
  for pair in "$@"; do v[${pair%%=*}]=${pair#*=}; done
  [[ ${v[elapsed_s]:-} =~ ^[0-9.]+$ ]] || v[elapsed_s]=$m_wall_s
  v[wall_s]=$m_wall_s v[broker_cpu_s]=$m_cpu_s v[broker_cpu_pct]=$(pct "$m_cpu_ticks" "${v[elapsed_s]}")
  v[broker_jit_cpu_s]=$m_jit_s
  v[broker_rss_peak_mib]=$m_rss_peak v[broker_rss_end_mib]=$m_rss_end v[idle_broker_cpu_pct]=$m_idle_pct
  v[client_cpu_pct]=$m_client_pct v[foreign_cpu_pct]=$m_foreign_pct v[loadavg1]=$(cut -d ' ' -f 1 /proc/loadavg)
  for name in "${columns[@]}"; do line+=${v[$name]:--}$'\t'; done
  printf '%s\n' "${line%$'\t'}" >>"$results"
}

# "name=value" from the tool output line that starts with $1 ("" = the first line with records=).
field() { sed -n "s/.*\\b$2=\\([^ ]*\\).*/\\1/p" <<<"$1" | head -n 1; }

topic_seq=0
# One case on one target: fresh topic, the tools, delete, sync, pause. $1 target, $2 case, $3 rep ("warmup" = not
# recorded), $4 divisor of the record counts.
run_case() {
  local target=$1 case=$2 rep=$3 divisor=$4 partitions size records topic bootstrap line status elapsed
  local -a topic_config=()
  case $case in
    p1-100B) partitions=1 size=100 records=$((RECORDS_100B / divisor)) ;;
    p8-100B) partitions=8 size=100 records=$((RECORDS_100B / divisor)) ;;
    p1-1KB) partitions=1 size=1024 records=$((RECORDS_1KB / divisor)) ;;
    p8-1KB) partitions=8 size=1024 records=$((RECORDS_1KB / divisor)) ;;
    e2e-100B) partitions=1 size=100 records=$((E2E_RECORDS / divisor)) ;;
    rate-1KB) partitions=8 size=1024 records=$((RATE_RECORDS / divisor)) ;;
  esac
  bootstrap=127.0.0.1:$(port_of "$target")
  [[ $target == kafka-flush1 ]] && topic_config=(--config flush.messages=1)
  [[ $target == herald-interval ]] && topic_config=(--config flush.policy=interval)
  topic_seq=$((topic_seq + 1))
  topic=bench-$case-$target-$topic_seq
  say "$target $case rep $rep: $records x $size B into $partitions partition(s), topic $topic"
  [[ $rep == warmup ]] || await_quiet

  if client BenchTopic create --bootstrap-server "$bootstrap" --topic "$topic" --partitions "$partitions" \
    ${topic_config[@]+"${topic_config[@]}"} >/dev/null 2>"$run_dir/last-client.err"; then
    if grep -q '^BenchTopic:' "$run_dir/last-client.err"; then
      say "  note: $(grep '^BenchTopic:' "$run_dir/last-client.err" | tr '\n' ' ')"
    fi
  else
    say "  creating topic $topic failed: $(grep -v '^\[' "$run_dir/last-client.err" | tail -n 3 | tr '\n' ' ')"
    m_wall_s=0 m_cpu_s=- m_jit_s=- m_cpu_ticks=0 m_rss_peak=- m_rss_end=- m_idle_pct=- m_client_pct=- m_foreign_pct=-
    [[ $rep == warmup ]] || record_row "$rep" "$target" "$case" "$partitions" "$size" "$records" create failed-create-topic
    return 0
  fi

  if [[ $case == e2e-* ]]; then
    status=ok
    measured "$target" E2eLatency --bootstrap-server "$bootstrap" --topic "$topic" \
      --num-records "$records" --record-size "$size" --acks all || status=failed
    if [[ $rep != warmup ]]; then
      for phase in ack e2e; do
        line=$(grep "^$phase " <<<"$m_out" || true)
        [[ -n $line ]] || status=failed
        record_row "$rep" "$target" "$case" "$partitions" "$size" "$records" "$phase" "$status" \
          "records_per_s=$(field "$m_out" records_per_s)" "elapsed_s=$(field "$m_out" elapsed_s)" \
          "lat_avg_ms=$(field "$line" avg_ms)" \
          "lat_p50_ms=$(field "$line" p50_ms)" "lat_p99_ms=$(field "$line" p99_ms)" \
          "lat_p999_ms=$(field "$line" p999_ms)" "lat_max_ms=$(field "$line" max_ms)"
      done
    fi
    say "  $(tr '\n' ' ' <<<"$m_out")"
  elif [[ $case == rate-* ]]; then
    status=ok
    measured "$target" RateLatency --bootstrap-server "$bootstrap" --topic "$topic" --throughput "$RATE_1KB" \
      --num-records "$records" --record-size "$size" --acks all || status=failed
    line=$(grep "^ack " <<<"$m_out" || true)
    [[ -n $line ]] || status=failed
    [[ $rep == warmup ]] || record_row "$rep" "$target" "$case" "$partitions" "$size" "$records" ack "$status" \
      "records_per_s=$(field "$m_out" records_per_s)" "elapsed_s=$(field "$m_out" elapsed_s)" \
      "lat_avg_ms=$(field "$line" avg_ms)" "lat_p50_ms=$(field "$line" p50_ms)" "lat_p99_ms=$(field "$line" p99_ms)" \
      "lat_p999_ms=$(field "$line" p999_ms)" "lat_max_ms=$(field "$line" max_ms)"
    say "  $(tr '\n' ' ' <<<"$m_out"); broker $(pct "$m_cpu_ticks" "$(field "$m_out" elapsed_s)")% CPU"
  else
    status=ok
    measured "$target" org.apache.kafka.tools.ProducerPerformance --topic "$topic" --num-records "$records" \
      --record-size "$size" --throughput -1 --producer-props "bootstrap.servers=$bootstrap" acks=all linger.ms=5 \
      batch.size=65536 client.id=producer-perf || status=failed
    # "1000000 records sent, 304953.4 records/sec (29.08 MB/sec), 24.70 ms avg latency, 607.00 ms max latency,
    #  13 ms 50th, 104 ms 95th, 104 ms 99th, 111 ms 99.9th."
    line=$(grep 'records sent' <<<"$m_out" | tail -n 1 || true)
    local re='([0-9]+) records sent, ([0-9.]+) records/sec \(([0-9.]+) MB/sec\), ([0-9.]+) ms avg latency, ([0-9.]+) ms max latency, ([0-9]+) ms 50th, ([0-9]+) ms 95th, ([0-9]+) ms 99th, ([0-9]+) ms 99.9th'
    if [[ $status == ok && $line =~ $re ]]; then
      [[ ${BASH_REMATCH[1]} == "$records" ]] || status=failed-count
      elapsed=$(awk -v n="${BASH_REMATCH[1]}" -v r="${BASH_REMATCH[2]}" 'BEGIN { printf "%.3f", n / r }')
      say "  produce: ${BASH_REMATCH[2]%.*} records/s, ${BASH_REMATCH[3]} MiB/s, p50/p99/p99.9" \
        "${BASH_REMATCH[6]}/${BASH_REMATCH[8]}/${BASH_REMATCH[9]} ms; broker $(pct "$m_cpu_ticks" "$elapsed")% CPU," \
        "peak RSS $m_rss_peak MiB; other processes ${m_foreign_pct}% CPU"
      [[ $rep == warmup ]] || record_row "$rep" "$target" "$case" "$partitions" "$size" "$records" produce "$status" \
        "records_per_s=${BASH_REMATCH[2]}" "mib_per_s=${BASH_REMATCH[3]}" "lat_avg_ms=${BASH_REMATCH[4]}" \
        "lat_p50_ms=${BASH_REMATCH[6]}" "lat_p99_ms=${BASH_REMATCH[8]}" "lat_p999_ms=${BASH_REMATCH[9]}" \
        "lat_max_ms=${BASH_REMATCH[5]}" "elapsed_s=$elapsed"
    else
      [[ $status != ok ]] || say "  unexpected ProducerPerformance output: $(tail -n 2 <<<"$m_out" | tr '\n' ' ')"
      [[ $rep == warmup ]] || record_row "$rep" "$target" "$case" "$partitions" "$size" "$records" produce failed
    fi

    if [[ $status == ok ]]; then
      status=ok
      measured "$target" AssignedConsumerPerformance --bootstrap-server "$bootstrap" --topic "$topic" \
        --num-records "$records" || status=failed
      say "  consume: ${m_out:-no output}; broker $(pct "$m_cpu_ticks" "$(field "$m_out" elapsed_s)")% CPU"
      [[ $rep == warmup ]] || record_row "$rep" "$target" "$case" "$partitions" "$size" "$records" consume "$status" \
        "records_per_s=$(field "$m_out" records_per_s)" "mib_per_s=$(field "$m_out" mib_per_s)" \
        "elapsed_s=$(field "$m_out" elapsed_s)"
    fi
  fi

  client BenchTopic delete --bootstrap-server "$bootstrap" --topic "$topic" >/dev/null 2>"$run_dir/last-client.err" ||
    say "  (deleting topic $topic failed, going on: $(grep -v '^\[' "$run_dir/last-client.err" | tail -n 1))"
  sync
  sleep "$PAUSE_S"
}

# --------------------------------------------------------------------------------------------------- the run
# All of it in one function, so bash has read the whole file before the run starts: editing the script during a
# run cannot change what the run does.
main() {
  print_machine

  if want_kafka; then
    # shellcheck disable=SC2119 # no arguments: the stock server.properties, group.initial.rebalance.delay.ms=0 too
    start_kafka
  fi
  if want_herald; then
    if ! start_herald; then
      say "SKIPPING HERALD: $herald_skip_reason"
      say "  (the Kafka runs go on; a full output is in ${run_dir#"$HERALD_HOME"/}/herald-*/herald.out)"
      new_targets=()
      for t in "${targets[@]}"; do [[ $t == herald* ]] || new_targets+=("$t"); done
      targets=(${new_targets[@]+"${new_targets[@]}"})
    fi
  fi
  ((${#targets[@]} > 0)) || die "nothing left to measure."

  {
    echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ), bench/run-broker-bench.sh, $(git rev-parse --short HEAD 2>/dev/null || echo '?') on branch $(git rev-parse --abbrev-ref HEAD 2>/dev/null || echo '?')"
    echo "# $(machine_line)"
    echo "# $(disk_line "before the run")"
    echo "# JVM for brokers and clients: $("$java" -version 2>&1 | head -n 1); Kafka heap: $KAFKA_HEAP_OPTS; Herald: HERALD_JAVA_OPTS='$HERALD_JAVA_OPTS'${HERALD_SERVER_ARGS:+, server args: $HERALD_SERVER_ARGS}; clients $CLIENT_HEAP_OPTS"
    echo "# Apache Kafka $KAFKA_VERSION single-node KRaft, stock server.properties; kafka-flush1 = topics with flush.messages=1; herald-interval = Herald topics with flush.policy=interval"
    echo "# targets: ${targets[*]}${herald_skip_reason:+; Herald skipped: $herald_skip_reason}"
    echo "# ${REPS} repetition(s); records: ${RECORDS_100B} x 100 B, ${RECORDS_1KB} x 1 KiB, e2e ${E2E_RECORDS} x 100 B, rate-1KB ${RATE_RECORDS} x 1 KiB at ${RATE_1KB} records/s; producer acks=all linger.ms=5 batch.size=65536; $( ((WARMUP > 0)) && echo "warm-up with 1/$WARMUP_DIVISOR of the records" || echo "no warm-up")"
    (
      IFS=$'\t'
      echo "${columns[*]}"
    )
  } >"$results"

  if ((WARMUP > 0)); then
    say "warm-up (not recorded): every case on every target with 1/$WARMUP_DIVISOR of the records..."
    for case in "${cases[@]}"; do
      for target in "${targets[@]}"; do run_case "$target" "$case" warmup "$WARMUP_DIVISOR"; done
    done
  fi

  for ((rep = 1; rep <= REPS; rep++)); do
    for case in "${cases[@]}"; do
      # Rotate the order of the targets with the repetition, so none always runs first after a pause.
      n=${#targets[@]}
      for ((k = 0; k < n; k++)); do
        run_case "${targets[(k + rep - 1) % n]}" "$case" "$rep" 1
      done
    done
  done

  echo "# load average after: $(cut -d ' ' -f 1-3 /proc/loadavg)" >>"$results"
  echo "# $(disk_line "after the run")" >>"$results"
  brokers_cleanup
  trap - EXIT
  client BrokerBenchReport "$results" >"$summary" || die "the summary failed; the raw results are in $results"
  cat "$summary"
  say "results: $results, summary: $summary"
  [[ -z $herald_skip_reason ]] || say "NOTE: Herald was skipped: $herald_skip_reason"
}

main "$@"; exit # on one line: bash has read it before main runs, whatever happens to the file meanwhile
