#!/usr/bin/env bash
# Herald vs Apache Kafka, side by side on this machine, measured with Kafka's own perf tools: starts a single-node
# KRaft Kafka (jars from Maven Central) and Herald (bin/herald server) as separate processes, then runs the same
# workloads against each in turn and prints a markdown summary with the Herald/Kafka ratios and the target checks.
#
#   bench/run-broker-bench.sh                          # the full run: 3 repetitions per case per target, ~20 minutes
#   QUICK=1 bench/run-broker-bench.sh                  # smoke run: small counts, 1 repetition, ~2-3 minutes
#   TARGETS="kafka kafka-flush1" bench/run-broker-bench.sh   # Kafka only (e.g. while Herald's broker is not there)
#   REPS=5 RECORDS_100B=2000000 bench/run-broker-bench.sh    # more repetitions, more records
#
# Targets (TARGETS, default all three, measured in rotating order within each case):
#   kafka         Apache Kafka $KAFKA_VERSION, default flush settings: no fsync, acks=all means "in the page cache"
#   kafka-flush1  the same broker, topics created with flush.messages=1 (the topic-level log.flush.interval.messages):
#                 an fsync per appended batch
#   herald        bin/herald server --port <free port> --data-dir <dir>, Herald's defaults (log.flush.policy=always)
# Cases, each on a fresh topic, deleted afterwards, then `sync` and a pause: ProducerPerformance (acks=all,
# linger.ms=5, batch.size=65536, unthrottled) of 100 B and 1 KiB records into 1 and 8 partitions, each read back by
# bench/tools/AssignedConsumerPerformance.java; then one-record-in-flight latency (bench/tools/E2eLatency.java,
# 100 B, 1 partition). Both tools assign partitions instead of joining a consumer group, so they need no group
# coordinator, and the same tools run against both brokers. Each broker start is followed by an unrecorded warm-up of
# every case on every target.
#
# Environment (defaults in brackets):
#   KAFKA_VERSION [4.4.0], LOG4J_VERSION [2.25.5, must equal the log4j-core Kafka's kafka-server depends on]
#   REPS [3], RECORDS_100B [1000000], RECORDS_1KB [200000], E2E_RECORDS [10000], WARMUP_DIVISOR [2: the warm-up runs
#   each case with 1/2 the records], PAUSE_S [2], QUICK [0; 1 = REPS=1, 100000/20000/1000 records, WARMUP_DIVISOR=4]
#   KAFKA_HEAP_OPTS [-Xms1g -Xmx1g], HERALD_JAVA_OPTS [-Xms1g -Xmx1g, the same heap as Kafka; empty = Herald's own
#   defaults], CLIENT_HEAP_OPTS [-Xmx512m], BENCH_JAVA_HOME [the JDK bin/herald uses; runs Kafka and the clients too]
#   HERALD_BIN [bin/herald of this checkout]: the herald launcher to benchmark (another build, another checkout)
#   HERALD_SERVER_ARGS [none]: more options for bin/herald server, e.g. "--set num.partitions=8"
#   HERALD_READY_PATTERN [listening] and HERALD_READY_TIMEOUT_S [30]: Herald is skipped, with the reason, if its
#   output shows no line matching the pattern (grep -i -E) within the timeout, or a Kafka client cannot list topics.
#   HERALD_BENCH_DIR [bench/target/broker-bench]: data and logs, one folder per run; must not be tmpfs. KEEP_DATA [0]
#
# Results: bench/results/broker-bench-<UTC>.tsv (one row per measured run, '#' lines give the context) and
# bench/results/broker-bench-<UTC>.md (the summary, also printed). Broker CPU = utime+stime of the broker process over
# the client tool's run, as % of one core; broker RSS = VmHWM after resetting it (/proc/<pid>/clear_refs) at the start
# of each run, i.e. the peak during the run. Only one benchmark runs at a time; the idle broker's CPU is recorded too.
set -euo pipefail

HERALD_HOME=$(cd "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/.." && pwd)

# shellcheck source-path=SCRIPTDIR source=../bin/lib/java.sh
source "$HERALD_HOME/bin/lib/java.sh"
herald_find_java || exit 1
herald_require_maven
herald_maven_env

say() { echo "run-broker-bench: $*" >&2; }
die() {
  say "$*"
  exit 1
}

# ---------------------------------------------------------------------------------------------------- settings
KAFKA_VERSION=${KAFKA_VERSION:-4.4.0}
LOG4J_VERSION=${LOG4J_VERSION:-2.25.5}
QUICK=${QUICK:-0}
if [[ $QUICK == 1 ]]; then
  REPS=${REPS:-1} RECORDS_100B=${RECORDS_100B:-100000} RECORDS_1KB=${RECORDS_1KB:-20000}
  E2E_RECORDS=${E2E_RECORDS:-1000} WARMUP=${WARMUP:-0} PAUSE_S=${PAUSE_S:-1} QUIET_MAX_WAIT_S=${QUIET_MAX_WAIT_S:-10}
fi
REPS=${REPS:-3}
RECORDS_100B=${RECORDS_100B:-1000000}
RECORDS_1KB=${RECORDS_1KB:-200000}
E2E_RECORDS=${E2E_RECORDS:-10000}
WARMUP=${WARMUP:-1}
WARMUP_DIVISOR=${WARMUP_DIVISOR:-2}
PAUSE_S=${PAUSE_S:-2}
QUIET_BUSY_PCT=${QUIET_BUSY_PCT:-15}
QUIET_MAX_WAIT_S=${QUIET_MAX_WAIT_S:-60}
TARGETS=${TARGETS:-kafka kafka-flush1 herald}
all_cases="p1-100B p8-100B p1-1KB p8-1KB e2e-100B"
CASES=${CASES:-$all_cases}
KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xms1g -Xmx1g}
HERALD_JAVA_OPTS=${HERALD_JAVA_OPTS--Xms1g -Xmx1g}
CLIENT_HEAP_OPTS=${CLIENT_HEAP_OPTS:--Xmx512m}
HERALD_BIN=${HERALD_BIN:-$HERALD_HOME/bin/herald}
HERALD_SERVER_ARGS=${HERALD_SERVER_ARGS:-}
HERALD_READY_PATTERN=${HERALD_READY_PATTERN:-listening}
HERALD_READY_TIMEOUT_S=${HERALD_READY_TIMEOUT_S:-30}
KEEP_DATA=${KEEP_DATA:-0}
BENCH_JAVA_HOME=${BENCH_JAVA_HOME:-$HERALD_JAVA_HOME}
java=$BENCH_JAVA_HOME/bin/java
# The longest a single client tool may run before it counts as failed (a broker that stops answering).
RUN_TIMEOUT_S=${RUN_TIMEOUT_S:-600}

for n in REPS RECORDS_100B RECORDS_1KB E2E_RECORDS WARMUP_DIVISOR HERALD_READY_TIMEOUT_S RUN_TIMEOUT_S; do
  [[ ${!n} =~ ^[1-9][0-9]*$ ]] || die "$n must be a whole number >= 1, was '${!n}'"
done
for n in PAUSE_S WARMUP QUIET_BUSY_PCT QUIET_MAX_WAIT_S; do
  [[ ${!n} =~ ^[0-9]+$ ]] || die "$n must be a whole number >= 0, was '${!n}'"
done
read -r -a targets <<<"$TARGETS"
for t in "${targets[@]}"; do
  [[ $t == kafka || $t == kafka-flush1 || $t == herald ]] ||
    die "TARGETS takes kafka, kafka-flush1 and herald, was '$t'"
done
read -r -a cases <<<"$CASES"
for c in "${cases[@]}"; do
  [[ " $all_cases " == *" $c "* ]] || die "CASES takes $all_cases; was '$c'"
done
want() { [[ " ${targets[*]} " == *" $1 "* ]]; }
want_kafka() { want kafka || want kafka-flush1; }

cd "$HERALD_HOME"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
run_dir=${HERALD_BENCH_DIR:-$HERALD_HOME/bench/target/broker-bench}/$stamp
mkdir -p "$run_dir" bench/results
results=bench/results/broker-bench-$stamp.tsv
summary=bench/results/broker-bench-$stamp.md
[[ $(df -PT "$run_dir" | awk 'NR == 2 { print $2 }') != tmpfs ]] ||
  die "$run_dir is on tmpfs; the brokers' data must be on the disk to measure. Set HERALD_BENCH_DIR."
free_kib=$(df -Pk "$run_dir" | awk 'NR == 2 { print $4 }')
((free_kib >= 8 * 1024 * 1024)) ||
  die "only $((free_kib / 1024)) MiB free under $run_dir; a run needs up to about 8 GiB."

# ------------------------------------------------------------------------------------- Kafka's jars, the tools
kafka_libs=$HERALD_HOME/bench/target/kafka-$KAFKA_VERSION/libs
if [[ ! -f $kafka_libs/kafka_2.13-$KAFKA_VERSION.jar || ! -f $kafka_libs/kafka-tools-$KAFKA_VERSION.jar ]]; then
  say "fetching Apache Kafka $KAFKA_VERSION's jars from Maven Central into ${kafka_libs#"$HERALD_HOME"/}..."
  mvn -q -B -f bench/kafka/pom.xml dependency:copy-dependencies \
    -Dkafka.version="$KAFKA_VERSION" -Dlog4j.version="$LOG4J_VERSION" >&2 ||
    die "could not fetch Kafka $KAFKA_VERSION (does it exist on Maven Central? Maven's output is above)."
fi
log4j_core=$(find "$kafka_libs" -name 'log4j-core-*.jar' -printf '%f\n' | head -n 1)
log4j_api=$(find "$kafka_libs" -name 'log4j-api-*.jar' -printf '%f\n' | head -n 1)
if [[ ${log4j_core#log4j-core-} != "${log4j_api#log4j-api-}" ]]; then
  say "warning: $log4j_core next to $log4j_api; set LOG4J_VERSION to the log4j version Kafka $KAFKA_VERSION uses."
fi

tools_classes=$HERALD_HOME/bench/target/broker-bench-tools
say "compiling bench/tools/*.java against Kafka $KAFKA_VERSION's clients..."
rm -rf "$tools_classes"
mkdir -p "$tools_classes"
"$BENCH_JAVA_HOME/bin/javac" -nowarn -cp "$kafka_libs/*" -d "$tools_classes" bench/tools/*.java ||
  die "bench/tools/*.java do not compile against Kafka $KAFKA_VERSION's jars."

read -r -a client_heap <<<"$CLIENT_HEAP_OPTS"
# A Kafka tool or one of bench/tools, as a client: its own small heap, warnings only.
client() {
  "$java" "${client_heap[@]}" -Dlog4j2.configurationFile="$HERALD_HOME/bench/kafka/tools-log4j2.properties" \
    -cp "$tools_classes:$kafka_libs/*" "$@"
}

# ------------------------------------------------------------------------------------------- processes, ports
kafka_pid="" herald_pid="" kafka_port="" herald_port="" herald_skip_reason=""

# Stops a process this script started: TERM, up to 30 s for a clean shutdown, then KILL.
stop_pid() {
  local pid=$1 name=$2 i
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
  say "stopping $name (pid $pid)..."
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 60; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "$name (pid $pid) still running after 30 s; killing it."
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  stop_pid "$herald_pid" Herald
  stop_pid "$kafka_pid" Kafka
  herald_pid="" kafka_pid=""
  if [[ $KEEP_DATA != 1 && -d $run_dir ]]; then
    find "$run_dir" -mindepth 2 -maxdepth 2 -type d -name data -exec rm -rf {} +
  fi
}
trap cleanup EXIT
trap 'say "interrupted."; exit 130' INT TERM

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Prints a port nothing listens on, other than the ones given.
free_port() {
  local port i
  for ((i = 0; i < 100; i++)); do
    port=$((20000 + RANDOM % 40000))
    [[ " $* " == *" $port "* ]] && continue
    port_open "$port" || {
      echo "$port"
      return 0
    }
  done
  die "found no free port."
}

# Waits until a Kafka client can list the topics of the broker at 127.0.0.1:$2: a real protocol round trip
# (ApiVersions, Metadata), not only an open port. $1: name, $3: the broker's pid, $4: seconds.
await_broker() {
  local name=$1 port=$2 pid=$3 timeout_s=$4 deadline
  deadline=$((SECONDS + timeout_s))
  while ((SECONDS < deadline)); do
    kill -0 "$pid" 2>/dev/null || return 1
    if port_open "$port" &&
      timeout 20 "$java" "${client_heap[@]}" \
        -Dlog4j2.configurationFile="$HERALD_HOME/bench/kafka/tools-log4j2.properties" -cp "$kafka_libs/*" \
        org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$port" --list >/dev/null 2>&1; then
      say "$name answers a Kafka client on 127.0.0.1:$port (after $((timeout_s - deadline + SECONDS)) s)."
      return 0
    fi
    sleep 1
  done
  return 1
}

start_kafka() {
  local dir cport cluster_id
  kafka_port=$(free_port)
  cport=$(free_port "$kafka_port")
  dir=$run_dir/kafka-$kafka_port
  mkdir -p "$dir/data"
  # The stock config/server.properties of Kafka 4.x (KRaft, combined mode), on loopback ports of our own.
  cat >"$dir/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$kafka_port,CONTROLLER://127.0.0.1:$cport
inter.broker.listener.name=PLAINTEXT
advertised.listeners=PLAINTEXT://127.0.0.1:$kafka_port,CONTROLLER://127.0.0.1:$cport
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL
num.network.threads=3
num.io.threads=8
socket.send.buffer.bytes=102400
socket.receive.buffer.bytes=102400
socket.request.max.bytes=104857600
log.dirs=$dir/data
num.partitions=1
num.recovery.threads.per.data.dir=1
offsets.topic.replication.factor=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
log.retention.hours=168
log.segment.bytes=1073741824
log.retention.check.interval.ms=300000
group.initial.rebalance.delay.ms=0
EOF
  cluster_id=$("$java" -cp "$kafka_libs/*" kafka.tools.StorageTool random-uuid 2>"$dir/format.log") ||
    die "kafka.tools.StorageTool random-uuid failed: $(tail -n 5 "$dir/format.log")"
  "$java" -Dlog4j2.configurationFile="$HERALD_HOME/bench/kafka/tools-log4j2.properties" -cp "$kafka_libs/*" \
    kafka.tools.StorageTool format --standalone -t "$cluster_id" -c "$dir/server.properties" >>"$dir/format.log" 2>&1 ||
    die "formatting Kafka's storage failed: $(tail -n 5 "$dir/format.log")"

  local -a heap
  read -r -a heap <<<"$KAFKA_HEAP_OPTS"
  # The JVM options kafka-server-start.sh and kafka-run-class.sh give the broker.
  "$java" "${heap[@]}" -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
    -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true \
    "-Xlog:gc*:file=$dir/kafkaServer-gc.log:time,tags:filecount=10,filesize=100M" \
    -Dcom.sun.management.jmxremote=true -Dcom.sun.management.jmxremote.authenticate=false \
    -Dcom.sun.management.jmxremote.ssl=false -Dkafka.logs.dir="$dir" \
    -Dlog4j2.configurationFile="$HERALD_HOME/bench/kafka/log4j2.properties" \
    -cp "$kafka_libs/*" kafka.Kafka "$dir/server.properties" >"$dir/kafkaServer.out" 2>&1 &
  kafka_pid=$!
  say "started Apache Kafka $KAFKA_VERSION (pid $kafka_pid) on 127.0.0.1:$kafka_port, data in ${dir#"$HERALD_HOME"/}/data"
  await_broker Kafka "$kafka_port" "$kafka_pid" 90 ||
    die "Kafka did not answer within 90 s; see ${dir#"$HERALD_HOME"/}/kafkaServer.out and server.log."
  cp "$dir/server.properties" "${results%.tsv}.kafka-server.properties"
}

# Starts Herald, or sets herald_skip_reason and returns 1.
start_herald() {
  local dir deadline
  # Build first (bin/herald builds when sources changed), so the readiness timeout does not include the build.
  say "building Herald ($HERALD_BIN --version)..."
  if ! "$HERALD_BIN" --version >"$run_dir/herald-build.log" 2>&1; then
    herald_skip_reason="$HERALD_BIN --version failed: $(tail -n 3 "$run_dir/herald-build.log" | tr '\n' ' ')"
    return 1
  fi
  herald_port=$(free_port "$kafka_port")
  dir=$run_dir/herald-$herald_port
  mkdir -p "$dir"
  local -a extra
  read -r -a extra <<<"$HERALD_SERVER_ARGS"
  HERALD_JAVA_OPTS=$HERALD_JAVA_OPTS "$HERALD_BIN" server --port "$herald_port" --data-dir "$dir/data" \
    ${extra[@]+"${extra[@]}"} >"$dir/herald.out" 2>&1 &
  herald_pid=$!
  say "started Herald (pid $herald_pid): bin/herald server --port $herald_port --data-dir ${dir#"$HERALD_HOME"/}/data" \
    "$HERALD_SERVER_ARGS," \
    "HERALD_JAVA_OPTS='$HERALD_JAVA_OPTS'"
  deadline=$((SECONDS + HERALD_READY_TIMEOUT_S))
  until grep -q -i -E -- "$HERALD_READY_PATTERN" "$dir/herald.out"; do
    if ! kill -0 "$herald_pid" 2>/dev/null; then
      wait "$herald_pid" 2>/dev/null && status=0 || status=$?
      herald_pid=""
      herald_skip_reason="bin/herald server exited (status $status) without a ready line; its output ends with: $(tail -n 5 "$dir/herald.out" | tr '\n' ' ')"
      return 1
    fi
    if ((SECONDS >= deadline)); then
      herald_skip_reason="bin/herald server printed no line matching '$HERALD_READY_PATTERN' within $HERALD_READY_TIMEOUT_S s; its output ends with: $(tail -n 5 "$dir/herald.out" | tr '\n' ' ')"
      stop_pid "$herald_pid" Herald
      herald_pid=""
      return 1
    fi
    sleep 0.5
  done
  say "Herald's ready line: $(grep -i -E -m 1 -- "$HERALD_READY_PATTERN" "$dir/herald.out")"
  if ! await_broker Herald "$herald_port" "$herald_pid" "$HERALD_READY_TIMEOUT_S"; then
    herald_skip_reason="Herald printed its ready line but a Kafka client (TopicCommand --list) got no answer within $HERALD_READY_TIMEOUT_S s"
    stop_pid "$herald_pid" Herald
    herald_pid=""
    return 1
  fi
}

# ------------------------------------------------------------------------------------------------ measurement
clk_tck=$(getconf CLK_TCK)
cpu_ticks() { # utime+stime of pid $1 (fields 14 and 15 of /proc/<pid>/stat; the name, field 2, has no spaces here)
  local -a f
  if [[ -n $1 ]] && read -r -a f <"/proc/$1/stat" 2>/dev/null; then
    echo $((f[13] + f[14]))
  else
    echo 0
  fi
}
machine_ticks() { # busy ticks of all CPUs since boot: /proc/stat user+nice+system+irq+softirq+steal
  local user nice system irq softirq steal
  read -r _ user nice system _ _ irq softirq steal _ </proc/stat
  echo $((user + nice + system + irq + softirq + steal))
}
# Sets children_ticks to the CPU of this shell's finished children (the client tools, and what they started), from
# the `times` builtin. Must not run in a subshell ($(...)): a subshell would report its own children.
children_ticks=0
read_children_ticks() {
  times >"$run_dir/times"
  children_ticks=$(awk -v h="$clk_tck" 'NR == 2 { t = 0; for (i = 1; i <= 2; i++) { split($i, a, "m");
    sub("s", "", a[2]); t += a[1] * 60 + a[2] } printf "%d\n", t * h }' "$run_dir/times")
}
status_kib() { # field $2 (VmHWM, VmRSS) of /proc/<pid $1>/status in KiB; 0 if the process is gone
  local kib
  kib=$(awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status" 2>/dev/null) || true
  echo "${kib:-0}"
}
pct() { awk -v t="$1" -v h="$clk_tck" -v w="$2" 'BEGIN { printf "%.0f", (w > 0 ? 100 * t / h / w : 0) }'; }

# CPU that processes other than our brokers used during about a second, as % of one core.
foreign_pct_now() {
  local m0 k0 h0 t0 m1 k1 h1 t1
  t0=$(date +%s%N) m0=$(machine_ticks) k0=$(cpu_ticks "$kafka_pid") h0=$(cpu_ticks "$herald_pid")
  sleep 1
  m1=$(machine_ticks) k1=$(cpu_ticks "$kafka_pid") h1=$(cpu_ticks "$herald_pid") t1=$(date +%s%N)
  pct $((m1 - m0 - (k1 - k0) - (h1 - h0))) "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print (b - a) / 1e9 }')"
}

# Before a recorded case: waits (up to QUIET_MAX_WAIT_S) until other processes use at most QUIET_BUSY_PCT of a core.
# This machine may be shared; each row records what other processes used anyway (foreign_cpu_pct).
await_quiet() {
  local waited=0 busy
  while busy=$(foreign_pct_now) && ((busy > QUIET_BUSY_PCT)); do
    if ((waited >= QUIET_MAX_WAIT_S)); then
      say "  the machine stays busy (other processes: ${busy}% of a core); measuring anyway, see foreign_cpu_pct."
      return 0
    fi
    ((waited > 0)) || say "  waiting for the machine to quiet down: other processes use ${busy}% of a core..."
    sleep 4
    waited=$((waited + 5))
  done
}

broker_pid_of() { [[ $1 == herald ]] && echo "$herald_pid" || echo "$kafka_pid"; }
idle_pid_of() { [[ $1 == herald ]] && echo "$kafka_pid" || echo "$herald_pid"; }
port_of() { [[ $1 == herald ]] && echo "$herald_port" || echo "$kafka_port"; }

columns=(utc rep target case partitions record_bytes records phase status records_per_s mib_per_s
  lat_avg_ms lat_p50_ms lat_p99_ms lat_p999_ms lat_max_ms elapsed_s wall_s broker_cpu_s broker_cpu_pct
  broker_rss_peak_mib broker_rss_end_mib idle_broker_cpu_pct client_cpu_pct foreign_cpu_pct loadavg1)

# Runs a client tool (main class and arguments: "$@") against target $1, with RUN_TIMEOUT_S as a limit, and measures
# the machine meanwhile. Sets the m_* figures and the tool's output in m_out; returns the tool's status.
measured() {
  local target=$1 pid idle t0 t1 c0 c1 i0 i1 m0 m1 x0 x1 status=0
  shift
  pid=$(broker_pid_of "$target")
  idle=$(idle_pid_of "$target")
  echo 5 >"/proc/$pid/clear_refs" 2>/dev/null || true # resets VmHWM: the peak from here on
  read_children_ticks
  x0=$children_ticks
  c0=$(cpu_ticks "$pid") i0=$(cpu_ticks "$idle") m0=$(machine_ticks) t0=$(date +%s%N)
  m_out=$(timeout --kill-after=10 "$RUN_TIMEOUT_S" "$java" "${client_heap[@]}" \
    -Dlog4j2.configurationFile="$HERALD_HOME/bench/kafka/tools-log4j2.properties" -cp "$tools_classes:$kafka_libs/*" \
    "$@" 2>"$run_dir/last-client.err") || status=$?
  t1=$(date +%s%N) m1=$(machine_ticks) c1=$(cpu_ticks "$pid") i1=$(cpu_ticks "$idle")
  read_children_ticks
  x1=$children_ticks
  m_wall_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
  m_cpu_ticks=$((c1 - c0))
  m_cpu_s=$(awk -v c="$m_cpu_ticks" -v h="$clk_tck" 'BEGIN { printf "%.2f", c / h }')
  m_idle_pct=$(pct $((i1 - i0)) "$m_wall_s")
  [[ -n $idle ]] || m_idle_pct=-
  m_client_pct=$(pct $((x1 - x0)) "$m_wall_s")
  m_foreign_pct=$(pct $((m1 - m0 - (c1 - c0) - (i1 - i0) - (x1 - x0))) "$m_wall_s")
  m_rss_peak=$(($(status_kib "$pid" VmHWM) / 1024))
  m_rss_end=$(($(status_kib "$pid" VmRSS) / 1024))
  if ((status != 0)); then
    say "  the client failed (status $status): $(tail -n 3 "$run_dir/last-client.err" | tr '\n' ' ')"
  fi
  return $status
}

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
  esac
  bootstrap=127.0.0.1:$(port_of "$target")
  [[ $target == kafka-flush1 ]] && topic_config=(--config flush.messages=1)
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
    m_wall_s=0 m_cpu_s=- m_cpu_ticks=0 m_rss_peak=- m_rss_end=- m_idle_pct=- m_client_pct=- m_foreign_pct=-
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
  {
    echo "run-broker-bench: $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), $(free -g | awk '/^Mem:/ { print $2 }') GiB RAM"
    echo "run-broker-bench: load average before the run: $(cut -d ' ' -f 1-3 /proc/loadavg)"
    echo "run-broker-bench: data in ${run_dir#"$HERALD_HOME"/}: $(df -PT "$run_dir" | awk 'NR == 2 { print $2 " on " $1 }')"
    echo "run-broker-bench: $("$java" -version 2>&1 | head -n 1) ($BENCH_JAVA_HOME)"
  } >&2

  if want_kafka; then
    start_kafka
  fi
  if want herald; then
    if ! start_herald; then
      say "SKIPPING HERALD: $herald_skip_reason"
      say "  (the Kafka runs go on; a full output is in ${run_dir#"$HERALD_HOME"/}/herald-*/herald.out)"
      new_targets=()
      for t in "${targets[@]}"; do [[ $t == herald ]] || new_targets+=("$t"); done
      targets=(${new_targets[@]+"${new_targets[@]}"})
    fi
  fi
  ((${#targets[@]} > 0)) || die "nothing left to measure."

  {
    echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ), bench/run-broker-bench.sh, $(git rev-parse --short HEAD 2>/dev/null || echo '?') on branch $(git rev-parse --abbrev-ref HEAD 2>/dev/null || echo '?')"
    echo "# machine: $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), $(free -g | awk '/^Mem:/ { print $2 }') GiB RAM, kernel $(uname -r); data on $(df -PT "$run_dir" | awk 'NR == 2 { print $2 " on " $1 }'); load average before $(cut -d ' ' -f 1-3 /proc/loadavg)"
    echo "# JVM for brokers and clients: $("$java" -version 2>&1 | head -n 1); Kafka heap: $KAFKA_HEAP_OPTS; Herald: HERALD_JAVA_OPTS='$HERALD_JAVA_OPTS'; clients $CLIENT_HEAP_OPTS"
    echo "# Apache Kafka $KAFKA_VERSION single-node KRaft, stock server.properties; kafka-flush1 = topics with flush.messages=1"
    echo "# targets: ${targets[*]}${herald_skip_reason:+; Herald skipped: $herald_skip_reason}"
    echo "# ${REPS} repetition(s); records: ${RECORDS_100B} x 100 B, ${RECORDS_1KB} x 1 KiB, e2e ${E2E_RECORDS} x 100 B; producer acks=all linger.ms=5 batch.size=65536; $( ((WARMUP > 0)) && echo "warm-up with 1/$WARMUP_DIVISOR of the records" || echo "no warm-up")"
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
  cleanup
  trap - EXIT
  client BrokerBenchReport "$results" >"$summary" || die "the summary failed; the raw results are in $results"
  cat "$summary"
  say "results: $results, summary: $summary"
  [[ -z $herald_skip_reason ]] || say "NOTE: Herald was skipped: $herald_skip_reason"
}

main "$@"; exit # on one line: bash has read it before main runs, whatever happens to the file meanwhile
