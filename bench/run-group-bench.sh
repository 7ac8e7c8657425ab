#!/usr/bin/env bash
# Consumer groups, Herald vs Apache Kafka, side by side on this machine: starts a single-node KRaft Kafka (jars from
# Maven Central) and Herald (bin/herald server) through bench/lib/brokers.sh, with the same group settings (Kafka's
# defaults on both: group.initial.rebalance.delay.ms=3000, group.consumer.heartbeat.interval.ms=5000), then measures
# each in turn and prints a markdown summary with the Herald/Kafka ratios and the rebalance target check.
#
#   bench/run-group-bench.sh                      # the full run: 5 rebalance and 3 read repetitions, ~15-20 minutes
#   QUICK=1 bench/run-group-bench.sh              # smoke run: 1 repetition each, 100,000 records, no warm-up
#   CASES=rebalance PROTOCOLS=consumer bench/run-group-bench.sh   # a part of it
#
# Cases (CASES, default both), each under both group protocols (PROTOCOLS: classic, consumer = KIP-848's
# group.protocol=consumer), on each target (TARGETS: kafka, herald), in an order that rotates with the repetition:
#   rebalance  bench/tools/RebalanceTime.java: MEMBERS (10) consumers, each polling on its own thread, subscribe to a
#              PARTITIONS (20) partition topic in a fresh group; the time until every member owns partitions and
#              together they own all of them, (join) from the first subscribe, (leave) after one member's close(),
#              (add) after an 11th consumer subscribes to the 9 left. Client defaults otherwise: the classic default
#              assignors (range first), heartbeat.interval.ms 3000; the consumer protocol's server-side assignor.
#              Target (issue 4): the initial delay plus one heartbeat interval, 3000 + 3000 ms (classic; the client's
#              heartbeat.interval.ms) and 3000 + 5000 ms (consumer; the broker's group.consumer.heartbeat.interval.ms).
#   perf       Kafka's ConsumerPerformance with --group (a fresh group per run, --command-property
#              group.protocol=...), reading PERF_RECORDS x 100 B that ProducerPerformance wrote first into an
#              8-partition topic (acks=all linger.ms=5 batch.size=65536, once per target; recorded as phase produce).
# Each broker start is followed by an unrecorded warm-up: one run of each case and protocol on each target (it also
# creates __consumer_offsets, which Kafka does on the first FindCoordinator).
#
# Environment (defaults in brackets):
#   REPS [5: rebalance runs per protocol and target], PERF_REPS [3], PERF_RECORDS [1000000], MEMBERS [10],
#   PARTITIONS [20], SETTLE_MS [3000: how long RebalanceTime lets a phase settle before the next], PAUSE_S [2],
#   WARMUP [1], TARGETS [kafka herald], PROTOCOLS [classic consumer], CASES [rebalance perf],
#   QUICK [0; 1 = REPS=1 PERF_REPS=1 PERF_RECORDS=100000 WARMUP=0], HERALD_BENCH_DIR [bench/target/group-bench]
#   and those of bench/lib/brokers.sh: KAFKA_VERSION [4.4.0], KAFKA_HEAP_OPTS [-Xms1g -Xmx1g], HERALD_JAVA_OPTS
#   [-Xms1g -Xmx1g], HERALD_BIN, HERALD_SERVER_ARGS, CLIENT_HEAP_OPTS, QUIET_BUSY_PCT, QUIET_MAX_WAIT_S, KEEP_DATA, ...
#
# Results: bench/results/group-bench-<UTC>.tsv (one row per phase of a rebalance run, per read and per produce; '#'
# lines give the context, including the group settings each broker reports through DescribeConfigs) and
# bench/results/group-bench-<UTC>.md (the summary, also printed).
set -euo pipefail

HERALD_HOME=$(cd "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/.." && pwd)

# ---------------------------------------------------------------------------------------------------- settings
QUICK=${QUICK:-0}
if [[ $QUICK == 1 ]]; then
  REPS=${REPS:-1} PERF_REPS=${PERF_REPS:-1} PERF_RECORDS=${PERF_RECORDS:-100000} WARMUP=${WARMUP:-0}
  PAUSE_S=${PAUSE_S:-1} QUIET_MAX_WAIT_S=${QUIET_MAX_WAIT_S:-10}
fi
BENCH_NAME=run-group-bench
# shellcheck source-path=SCRIPTDIR source=lib/brokers.sh
source "$HERALD_HOME/bench/lib/brokers.sh"

REPS=${REPS:-5}
PERF_REPS=${PERF_REPS:-3}
PERF_RECORDS=${PERF_RECORDS:-1000000}
MEMBERS=${MEMBERS:-10}
PARTITIONS=${PARTITIONS:-20}
SETTLE_MS=${SETTLE_MS:-3000}
PAUSE_S=${PAUSE_S:-2}
WARMUP=${WARMUP:-1}
TARGETS=${TARGETS:-kafka herald}
PROTOCOLS=${PROTOCOLS:-classic consumer}
CASES=${CASES:-rebalance perf}
PERF_PARTITIONS=8
RECORD_SIZE=100
# The issue's target: Kafka's default initial delay plus one heartbeat interval (the classic client's default
# heartbeat.interval.ms; for the consumer protocol the broker's default group.consumer.heartbeat.interval.ms).
INITIAL_DELAY_MS=3000
CLASSIC_HEARTBEAT_MS=3000
CONSUMER_HEARTBEAT_MS=5000

for n in REPS PERF_REPS PERF_RECORDS MEMBERS PARTITIONS; do
  [[ ${!n} =~ ^[1-9][0-9]*$ ]] || die "$n must be a whole number >= 1, was '${!n}'"
done
for n in SETTLE_MS PAUSE_S WARMUP; do
  [[ ${!n} =~ ^[0-9]+$ ]] || die "$n must be a whole number >= 0, was '${!n}'"
done
((PARTITIONS > MEMBERS)) || die "PARTITIONS must be above MEMBERS (the 11th member needs one), was $PARTITIONS"
read -r -a targets <<<"$TARGETS"
for t in "${targets[@]}"; do
  [[ $t == kafka || $t == herald ]] || die "TARGETS takes kafka and herald, was '$t'"
done
read -r -a protocols <<<"$PROTOCOLS"
for p in "${protocols[@]}"; do
  [[ $p == classic || $p == consumer ]] || die "PROTOCOLS takes classic and consumer, was '$p'"
done
read -r -a cases <<<"$CASES"
for c in "${cases[@]}"; do
  [[ $c == rebalance || $c == perf ]] || die "CASES takes rebalance and perf, was '$c'"
done
want() { [[ " ${targets[*]} " == *" $1 "* ]]; }

brokers_prepare "${HERALD_BENCH_DIR:-$HERALD_HOME/bench/target/group-bench}" 4
results=bench/results/group-bench-$stamp.tsv
summary=bench/results/group-bench-$stamp.md

target_ms_of() { # the rebalance target of protocol $1
  if [[ $1 == classic ]]; then
    echo $((INITIAL_DELAY_MS + CLASSIC_HEARTBEAT_MS))
  else
    echo $((INITIAL_DELAY_MS + CONSUMER_HEARTBEAT_MS))
  fi
}

# ------------------------------------------------------------------------------------------------------ rows
columns=(utc rep target case protocol phase status members partitions records
  complete_ms balanced_ms events late_events close_ms target_ms
  records_per_s mib_per_s fetch_records_per_s fetch_mib_per_s join_ms fetch_ms elapsed_s
  wall_s broker_cpu_s broker_cpu_pct broker_rss_peak_mib idle_broker_cpu_pct client_cpu_pct foreign_cpu_pct loadavg1)

# Appends a row of name=value pairs (missing columns are '-'), with the m_* figures of the last measured run.
# broker_cpu_pct is over elapsed_s when the tool reports one, else over the tool's wall time.
record_row() {
  local -A v=()
  local name pair line="" cpu_over
  for pair in "$@"; do v[${pair%%=*}]=${pair#*=}; done
  v[utc]=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  [[ ${v[elapsed_s]:-} =~ ^[0-9.]+$ ]] && cpu_over=${v[elapsed_s]} || cpu_over=$m_wall_s
  v[wall_s]=$m_wall_s v[broker_cpu_s]=$m_cpu_s v[broker_cpu_pct]=$(pct "$m_cpu_ticks" "$cpu_over")
  v[broker_rss_peak_mib]=$m_rss_peak v[idle_broker_cpu_pct]=$m_idle_pct
  v[client_cpu_pct]=$m_client_pct v[foreign_cpu_pct]=$m_foreign_pct v[loadavg1]=$(cut -d ' ' -f 1 /proc/loadavg)
  for name in "${columns[@]}"; do line+=${v[$name]:--}$'\t'; done
  printf '%s\n' "${line%$'\t'}" >>"$results"
}

# "name=value" from a line of tool output.
field() { sed -n "s/.*\\b$2=\\([^ ]*\\).*/\\1/p" <<<"$1" | head -n 1; }

pause() {
  sync
  sleep "$PAUSE_S"
}

group_seq=0

# One RebalanceTime run: $1 target, $2 protocol, $3 rep ("warmup" = not recorded).
run_rebalance() {
  local target=$1 protocol=$2 rep=$3 bootstrap group status phase line
  bootstrap=127.0.0.1:$(port_of "$target")
  group_seq=$((group_seq + 1))
  group=bench-rebalance-$protocol-$target-$group_seq
  say "$target rebalance $protocol rep $rep: $MEMBERS members, $PARTITIONS partitions, group $group"
  [[ $rep == warmup ]] || await_quiet
  status=ok
  measured "$target" RebalanceTime --bootstrap-server "$bootstrap" --topic "bench-rebalance-$target" \
    --group "$group" --members "$MEMBERS" --protocol "$protocol" --settle-ms "$SETTLE_MS" || status=failed
  for phase in join leave add; do
    line=$(grep "^phase=$phase " <<<"$m_out" || true)
    if [[ -n $line ]]; then
      say "  $phase: $(field "$line" status), complete after $(field "$line" complete_ms) ms" \
        "(balanced $(field "$line" balanced_ms) ms; $(field "$line" events) ownership changes;" \
        "close $(field "$line" close_ms) ms)"
    else
      say "  $phase: no result"
    fi
    [[ $rep == warmup ]] && continue
    record_row rep="$rep" target="$target" case=rebalance protocol="$protocol" phase="$phase" \
      status="$([[ -n $line ]] && field "$line" status || echo "$status")" members="$(field "$line" members)" \
      partitions="$PARTITIONS" complete_ms="$(field "$line" complete_ms)" balanced_ms="$(field "$line" balanced_ms)" \
      events="$(field "$line" events)" late_events="$(field "$line" late_events)" \
      close_ms="$(field "$line" close_ms)" target_ms="$(target_ms_of "$protocol")"
  done
  if [[ $status != ok ]]; then
    grep -v '^\[' "$run_dir/last-client.err" | grep -i 'RebalanceTime' | head -n 5 |
      while read -r l; do say "  $l"; done
  fi
  pause
}

# Produces the records the perf case reads, once per target, into a fresh 8-partition topic.
produce_perf_topic() {
  local target=$1 bootstrap line status=ok
  local re='([0-9]+) records sent, ([0-9.]+) records/sec \(([0-9.]+) MB/sec\)'
  bootstrap=127.0.0.1:$(port_of "$target")
  client BenchTopic create --bootstrap-server "$bootstrap" --topic "bench-perf-$target" \
    --partitions "$PERF_PARTITIONS" >/dev/null 2>"$run_dir/last-client.err" ||
    die "creating topic bench-perf-$target on $target failed:" \
      "$(grep -v '^\[' "$run_dir/last-client.err" | tail -n 3 | tr '\n' ' ')"
  say "$target perf: producing $PERF_RECORDS x $RECORD_SIZE B into $PERF_PARTITIONS partitions" \
    "(topic bench-perf-$target)"
  measured "$target" org.apache.kafka.tools.ProducerPerformance --topic "bench-perf-$target" \
    --num-records "$PERF_RECORDS" --record-size "$RECORD_SIZE" --throughput -1 \
    --producer-props "bootstrap.servers=$bootstrap" acks=all linger.ms=5 batch.size=65536 client.id=producer-perf ||
    status=failed
  line=$(grep 'records sent' <<<"$m_out" | tail -n 1 || true)
  if [[ $status == ok && $line =~ $re && ${BASH_REMATCH[1]} == "$PERF_RECORDS" ]]; then
    say "  produce: ${BASH_REMATCH[2]%.*} records/s, ${BASH_REMATCH[3]} MiB/s"
    record_row rep=1 target="$target" case=perf protocol=- phase=produce status=ok records="$PERF_RECORDS" \
      partitions="$PERF_PARTITIONS" records_per_s="${BASH_REMATCH[2]}" mib_per_s="${BASH_REMATCH[3]}" \
      elapsed_s="$(awk -v n="${BASH_REMATCH[1]}" -v r="${BASH_REMATCH[2]}" 'BEGIN { printf "%.3f", n / r }')"
  else
    record_row rep=1 target="$target" case=perf protocol=- phase=produce status=failed records="$PERF_RECORDS"
    die "producing the perf records into $target failed: $(tail -n 2 <<<"$m_out" | tr '\n' ' ')"
  fi
  pause
}

# One ConsumerPerformance run with a fresh group: $1 target, $2 protocol, $3 rep ("warmup" = not recorded).
run_perf() {
  local target=$1 protocol=$2 rep=$3 bootstrap group line status=ok
  local -a f
  bootstrap=127.0.0.1:$(port_of "$target")
  group_seq=$((group_seq + 1))
  group=bench-perf-$protocol-$target-$group_seq
  say "$target perf $protocol rep $rep: ConsumerPerformance --group $group, $PERF_RECORDS records"
  [[ $rep == warmup ]] || await_quiet
  measured "$target" org.apache.kafka.tools.ConsumerPerformance --bootstrap-server "$bootstrap" \
    --topic "bench-perf-$target" --num-records "$PERF_RECORDS" --group "$group" \
    --command-property "group.protocol=$protocol" --timeout 30000 || status=failed
  # start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms,
  # fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
  line=$(grep -E '^[0-9]{4}-' <<<"$m_out" | tail -n 1 || true)
  IFS=',' read -r -a f <<<"${line// /}"
  if [[ $status == ok && ${#f[@]} -ge 10 ]]; then
    [[ ${f[4]} -ge $PERF_RECORDS ]] || status=failed-count
    say "  consume: ${f[9]%.*} records/s, ${f[8]} MiB/s while fetching; join ${f[6]} ms; ${f[5]%.*} records/s overall"
  else
    status=failed
    say "  unexpected ConsumerPerformance output: $(tail -n 2 <<<"$m_out" | tr '\n' ' ')"
  fi
  if [[ $rep != warmup ]]; then
    if [[ $status == failed ]]; then
      record_row rep="$rep" target="$target" case=perf protocol="$protocol" phase=consume status=failed \
        records="$PERF_RECORDS" partitions="$PERF_PARTITIONS"
    else
      # fetch.* exclude the group join (rebalance.time.ms); the totals include it.
      record_row rep="$rep" target="$target" case=perf protocol="$protocol" phase=consume status="$status" \
        records="${f[4]}" partitions="$PERF_PARTITIONS" members=1 records_per_s="${f[5]}" mib_per_s="${f[3]}" \
        fetch_records_per_s="${f[9]}" fetch_mib_per_s="${f[8]}" join_ms="${f[6]}" fetch_ms="${f[7]}" \
        elapsed_s="$(awk -v ms="${f[7]}" 'BEGIN { printf "%.3f", ms / 1000 }')"
    fi
  fi
  pause
}

# One run of case $1 on target $2 with protocol $3, repetition $4.
run_one() {
  case $1 in
    rebalance) run_rebalance "$2" "$3" "$4" ;;
    perf) run_perf "$2" "$3" "$4" ;;
  esac
}

# The group settings broker $1 reports (DescribeConfigs of node 1): "name=value ..." or why not.
group_settings_of() {
  local out
  if out=$(client org.apache.kafka.tools.ConfigCommand --bootstrap-server "127.0.0.1:$(port_of "$1")" \
    --entity-type brokers --entity-name 1 --describe --all 2>/dev/null); then
    local keys='group\.initial\.rebalance\.delay\.ms|group\.consumer\.heartbeat\.interval\.ms'
    keys+='|group\.consumer\.assignors'
    grep -o -E "^ *($keys)=[^ ]*" <<<"$out" | tr -d ' ' | tr '\n' ' '
  else
    echo "(DescribeConfigs failed)"
  fi
}

# --------------------------------------------------------------------------------------------------- the run
# All of it in one function, so bash has read the whole file before the run starts.
main() {
  local target protocol case rep n k
  print_machine

  if want kafka; then
    # Kafka's stock server.properties sets group.initial.rebalance.delay.ms=0; removed here, so Kafka's default
    # (3000) applies, as in Herald.
    start_kafka group.initial.rebalance.delay.ms=
  fi
  if want herald; then
    if ! start_herald; then
      say "SKIPPING HERALD: $herald_skip_reason"
      local -a kept=()
      for t in "${targets[@]}"; do [[ $t == herald ]] || kept+=("$t"); done
      targets=(${kept[@]+"${kept[@]}"})
    fi
  fi
  ((${#targets[@]} > 0)) || die "nothing left to measure."

  {
    echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ), bench/run-group-bench.sh, $(git rev-parse --short HEAD 2>/dev/null || echo '?') on branch $(git rev-parse --abbrev-ref HEAD 2>/dev/null || echo '?')"
    echo "# $(machine_line)"
    echo "# JVM for brokers and clients: $("$java" -version 2>&1 | head -n 1); Kafka heap: $KAFKA_HEAP_OPTS; Herald: HERALD_JAVA_OPTS='$HERALD_JAVA_OPTS'${HERALD_SERVER_ARGS:+, $HERALD_SERVER_ARGS}; clients $CLIENT_HEAP_OPTS"
    echo "# Apache Kafka $KAFKA_VERSION single-node KRaft, stock server.properties but group.initial.rebalance.delay.ms left at its default"
    for target in "${targets[@]}"; do echo "# $target reports: $(group_settings_of "$target")"; done
    echo "# targets: ${targets[*]}${herald_skip_reason:+; Herald skipped: $herald_skip_reason}; protocols: ${protocols[*]}; cases: ${cases[*]}"
    echo "# rebalance: $REPS repetition(s), $MEMBERS members, $PARTITIONS partitions, settle ${SETTLE_MS} ms; target = $INITIAL_DELAY_MS ms initial delay + heartbeat interval (classic $CLASSIC_HEARTBEAT_MS, consumer $CONSUMER_HEARTBEAT_MS)"
    echo "# perf: $PERF_REPS repetition(s), ConsumerPerformance --group, $PERF_RECORDS x $RECORD_SIZE B in $PERF_PARTITIONS partitions; $( ((WARMUP > 0)) && echo "warm-up: one unrecorded run of each case and protocol per target" || echo "no warm-up")"
    (
      IFS=$'\t'
      echo "${columns[*]}"
    )
  } >"$results"

  for case in "${cases[@]}"; do
    if [[ $case == rebalance ]]; then
      for target in "${targets[@]}"; do
        client BenchTopic create --bootstrap-server "127.0.0.1:$(port_of "$target")" --topic "bench-rebalance-$target" \
          --partitions "$PARTITIONS" >/dev/null 2>"$run_dir/last-client.err" ||
          die "creating topic bench-rebalance-$target failed:" \
            "$(grep -v '^\[' "$run_dir/last-client.err" | tail -n 3 | tr '\n' ' ')"
      done
    else
      for target in "${targets[@]}"; do produce_perf_topic "$target"; done
    fi
    if ((WARMUP > 0)); then
      say "warm-up (not recorded): $case, each protocol on each target..."
      for protocol in "${protocols[@]}"; do
        for target in "${targets[@]}"; do run_one "$case" "$target" "$protocol" warmup; done
      done
    fi
    local reps=$REPS
    [[ $case == perf ]] && reps=$PERF_REPS
    for ((rep = 1; rep <= reps; rep++)); do
      for protocol in "${protocols[@]}"; do
        # Rotate the order of the targets with the repetition, so none always runs first.
        n=${#targets[@]}
        for ((k = 0; k < n; k++)); do
          run_one "$case" "${targets[(k + rep - 1) % n]}" "$protocol" "$rep"
        done
      done
    done
    for target in "${targets[@]}"; do
      client BenchTopic delete --bootstrap-server "127.0.0.1:$(port_of "$target")" --topic "bench-$case-$target" \
        >/dev/null 2>&1 || say "(deleting topic bench-$case-$target failed, going on)"
    done
  done

  echo "# load average after: $(cut -d ' ' -f 1-3 /proc/loadavg)" >>"$results"
  brokers_cleanup
  trap - EXIT
  client GroupBenchReport "$results" >"$summary" || die "the summary failed; the raw results are in $results"
  cat "$summary"
  say "results: $results, summary: $summary"
  [[ -z $herald_skip_reason ]] || say "NOTE: Herald was skipped: $herald_skip_reason"
}

main "$@"; exit # on one line: bash has read it before main runs, whatever happens to the file meanwhile
