# shellcheck shell=bash
# Variables are shared with the sourcing script both ways (results in, stamp/run_dir/children_ticks/... out):
# shellcheck disable=SC2034,SC2154
# Apache Kafka and Herald side by side, for the broker benchmarks (bench/run-broker-bench.sh,
# bench/run-group-bench.sh). Sourced, not run on its own. What it gives a script:
#
#   the JDK          bin/lib/java.sh finds one as bin/herald does; $java runs the brokers and the clients
#   settings         the shared ones below, with their defaults (a script sets its QUICK values before sourcing)
#   brokers_prepare  the run's folder ($run_dir, not tmpfs, enough free space), $stamp; Kafka's jars from Maven
#                    Central (bench/target/kafka-<version>/libs); bench/tools/*.java compiled against them
#   client           runs a Kafka tool or one of bench/tools as a client JVM
#   start_kafka      a single-node KRaft Kafka on free loopback ports, stock server.properties values; arguments
#                    key=value replace or add properties, key= removes one (Kafka's default applies); in two
#                    halves, kafka_prepare (ports, config, formatted storage) and kafka_launch (no waiting)
#   start_herald     bin/herald server on a free port; returns 1 with $herald_skip_reason when it is not usable
#   brokers_cleanup  stops both (TERM, then KILL after 30 s) and removes their data unless KEEP_DATA=1
#   await_quiet      waits (up to QUIET_MAX_WAIT_S) until other processes use at most QUIET_BUSY_PCT of a core
#   measured         runs a client tool against a target (kafka, kafka-flush1, herald) and measures the broker's
#                    CPU and peak RSS, the idle broker's, the client's and other processes' CPU meanwhile (m_*)
#   cpu_ticks, machine_ticks, read_children_ticks, status_kib, pct: the /proc figures behind them
#
# The sourcing script sets BENCH_NAME (its name, for messages) before sourcing and $results (its TSV path; Kafka's
# server.properties of the run is saved next to it) before start_kafka. State: kafka_pid, kafka_port, herald_pid,
# herald_port, herald_skip_reason, kafka_dir, kafka_libs, tools_classes. Only one benchmark should run at a time: the tools are
# compiled into one folder, and each broker is measured while the other idles.
#
# Shared settings (defaults in brackets):
#   KAFKA_VERSION [4.4.0], LOG4J_VERSION [2.25.5, must equal the log4j-core Kafka's kafka-server depends on]
#   KAFKA_HEAP_OPTS [-Xms1g -Xmx1g], HERALD_JAVA_OPTS [-Xms1g -Xmx1g, the same heap as Kafka; empty = Herald's own
#   defaults], CLIENT_HEAP_OPTS [-Xmx512m], BENCH_JAVA_HOME [the JDK bin/herald uses; runs Kafka and the clients too]
#   HERALD_BIN [bin/herald of this checkout], HERALD_SERVER_ARGS [none]: more options for bin/herald server
#   HERALD_READY_PATTERN [listening] and HERALD_READY_TIMEOUT_S [30]: Herald is skipped, with the reason, if its
#   output shows no line matching the pattern (grep -i -E) within the timeout, or a Kafka client cannot list topics.
#   QUIET_BUSY_PCT [15], QUIET_MAX_WAIT_S [60], RUN_TIMEOUT_S [600: the longest one client tool may run], KEEP_DATA [0]

# shellcheck source-path=SCRIPTDIR source=../../bin/lib/java.sh
source "$HERALD_HOME/bin/lib/java.sh"
herald_find_java || exit 1
herald_require_maven
herald_maven_env

say() { echo "$BENCH_NAME: $*" >&2; }
die() {
  say "$*"
  exit 1
}

KAFKA_VERSION=${KAFKA_VERSION:-4.4.0}
LOG4J_VERSION=${LOG4J_VERSION:-2.25.5}
KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xms1g -Xmx1g}
HERALD_JAVA_OPTS=${HERALD_JAVA_OPTS--Xms1g -Xmx1g}
CLIENT_HEAP_OPTS=${CLIENT_HEAP_OPTS:--Xmx512m}
HERALD_BIN=${HERALD_BIN:-$HERALD_HOME/bin/herald}
HERALD_SERVER_ARGS=${HERALD_SERVER_ARGS:-}
HERALD_READY_PATTERN=${HERALD_READY_PATTERN:-listening}
HERALD_READY_TIMEOUT_S=${HERALD_READY_TIMEOUT_S:-30}
QUIET_BUSY_PCT=${QUIET_BUSY_PCT:-15}
QUIET_MAX_WAIT_S=${QUIET_MAX_WAIT_S:-60}
RUN_TIMEOUT_S=${RUN_TIMEOUT_S:-600}
KEEP_DATA=${KEEP_DATA:-0}
BENCH_JAVA_HOME=${BENCH_JAVA_HOME:-$HERALD_JAVA_HOME}
java=$BENCH_JAVA_HOME/bin/java

for n in HERALD_READY_TIMEOUT_S RUN_TIMEOUT_S; do
  [[ ${!n} =~ ^[1-9][0-9]*$ ]] || die "$n must be a whole number >= 1, was '${!n}'"
done
for n in QUIET_BUSY_PCT QUIET_MAX_WAIT_S; do
  [[ ${!n} =~ ^[0-9]+$ ]] || die "$n must be a whole number >= 0, was '${!n}'"
done
read -r -a client_heap <<<"$CLIENT_HEAP_OPTS"

# ---------------------------------------------------------------------------- the run's folder, Kafka, the tools
# $1: the folder that holds one subfolder per run; $2: the free space a run needs, in GiB. Sets stamp and run_dir,
# fetches Kafka's jars if missing (kafka_libs) and compiles bench/tools/*.java (tools_classes).
brokers_prepare() {
  local base=$1 need_gib=$2 free_kib log4j_core log4j_api
  cd "$HERALD_HOME" || exit 1
  stamp=$(date -u +%Y%m%dT%H%M%SZ)
  run_dir=$base/$stamp
  mkdir -p "$run_dir" bench/results
  [[ $(df -PT "$run_dir" | awk 'NR == 2 { print $2 }') != tmpfs ]] ||
    die "$run_dir is on tmpfs; the brokers' data must be on the disk to measure. Set HERALD_BENCH_DIR."
  free_kib=$(df -Pk "$run_dir" | awk 'NR == 2 { print $4 }')
  ((free_kib >= need_gib * 1024 * 1024)) ||
    die "only $((free_kib / 1024)) MiB free under $run_dir; a run needs up to about $need_gib GiB."

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

  tools_classes=$HERALD_HOME/bench/target/bench-tools
  say "compiling bench/tools/*.java against Kafka $KAFKA_VERSION's clients..."
  rm -rf "$tools_classes"
  mkdir -p "$tools_classes"
  "$BENCH_JAVA_HOME/bin/javac" -nowarn -cp "$kafka_libs/*" -d "$tools_classes" bench/tools/*.java ||
    die "bench/tools/*.java do not compile against Kafka $KAFKA_VERSION's jars."
}

# A Kafka tool or one of bench/tools, as a client: its own small heap, warnings only.
client() {
  "$java" "${client_heap[@]}" -Dlog4j2.configurationFile="$HERALD_HOME/bench/kafka/tools-log4j2.properties" \
    -cp "$tools_classes:$kafka_libs/*" "$@"
}

# Machine, load average, data folder and JVM, to stderr at the start of a run.
print_machine() {
  say "$(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), $(free -g | awk '/^Mem:/ { print $2 }') GiB RAM"
  say "load average before the run: $(cut -d ' ' -f 1-3 /proc/loadavg)"
  say "data in ${run_dir#"$HERALD_HOME"/}: $(df -PT "$run_dir" | awk 'NR == 2 { print $2 " on " $1 }')"
  say "$("$java" -version 2>&1 | head -n 1) ($BENCH_JAVA_HOME)"
}

# The machine line of a results file's '#' header.
machine_line() {
  echo "machine: $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), $(free -g | awk '/^Mem:/ { print $2 }') GiB RAM, kernel $(uname -r); data on $(df -PT "$run_dir" | awk 'NR == 2 { print $2 " on " $1 }'); load average before $(cut -d ' ' -f 1-3 /proc/loadavg)"
}

# The disk line of a results file's '#' header: this disk's fdatasync of a 170 B append into preallocated space
# (bench/tools/ForceLatency.java, 3,000 writes, about a second), run before and after a benchmark. It drifts by 2x and
# more within minutes on this VM, and every acks=all figure of Herald carries it, so two runs compare only with it.
disk_line() {
  local out
  out=$("$java" -cp "$tools_classes" ForceLatency "$run_dir/force-latency" 3000 170 1 sparse 2>&1) ||
    { echo "disk $1: ForceLatency failed: $(tail -n 1 <<<"$out")"; return 0; }
  sed -n "s/.*p50_ms=\([0-9.]*\) p99_ms=\([0-9.]*\) .*/disk $1: fdatasync of a 170 B append (ForceLatency, sparse file) p50 \1 ms, p99 \2 ms/p" <<<"$out"
}

# ------------------------------------------------------------------------------------------- processes, ports
kafka_pid="" herald_pid="" kafka_port="" kafka_dir="" herald_port="" herald_skip_reason=""

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

brokers_cleanup() {
  stop_pid "$herald_pid" Herald
  stop_pid "$kafka_pid" Kafka
  herald_pid="" kafka_pid=""
  if [[ $KEEP_DATA != 1 && -n ${run_dir:-} && -d $run_dir ]]; then
    find "$run_dir" -mindepth 2 -maxdepth 2 -type d -name data -exec rm -rf {} +
  fi
}
trap brokers_cleanup EXIT
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

# Starts Kafka, with the stock config/server.properties of Kafka 4.x (KRaft, combined mode) on loopback ports of our
# own. Arguments key=value replace or add a property; key= removes it, so Kafka's built-in default applies.
start_kafka() {
  kafka_prepare "$@"
  kafka_launch
  say "started Apache Kafka $KAFKA_VERSION (pid $kafka_pid) on 127.0.0.1:$kafka_port, data in ${kafka_dir#"$HERALD_HOME"/}/data"
  await_broker Kafka "$kafka_port" "$kafka_pid" 90 ||
    die "Kafka did not answer within 90 s; see ${kafka_dir#"$HERALD_HOME"/}/kafkaServer.out and server.log."
  cp "$kafka_dir/server.properties" "${results%.tsv}.kafka-server.properties"
}

# start_kafka's first half: picks the ports (kafka_port), writes server.properties into a new folder (kafka_dir) and
# formats the storage, as a user does once before the first start.
kafka_prepare() {
  local dir cport cluster_id setting key
  kafka_port=$(free_port)
  cport=$(free_port "$kafka_port")
  dir=$run_dir/kafka-$kafka_port
  kafka_dir=$dir
  mkdir -p "$dir/data"
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
  for setting in "$@"; do
    key=${setting%%=*}
    [[ $setting == *=* && -n $key ]] || die "start_kafka takes key=value or key=, was '$setting'"
    grep -v "^${key//./\\.}=" "$dir/server.properties" >"$dir/server.properties.new" || true
    mv "$dir/server.properties.new" "$dir/server.properties"
    [[ -z ${setting#*=} ]] || echo "$setting" >>"$dir/server.properties"
  done
  cluster_id=$("$java" -cp "$kafka_libs/*" kafka.tools.StorageTool random-uuid 2>"$dir/format.log") ||
    die "kafka.tools.StorageTool random-uuid failed: $(tail -n 5 "$dir/format.log")"
  "$java" -Dlog4j2.configurationFile="$HERALD_HOME/bench/kafka/tools-log4j2.properties" -cp "$kafka_libs/*" \
    kafka.tools.StorageTool format --standalone -t "$cluster_id" -c "$dir/server.properties" >>"$dir/format.log" 2>&1 ||
    die "formatting Kafka's storage failed: $(tail -n 5 "$dir/format.log")"
}

# start_kafka's second half: starts the broker of kafka_prepare in the background (kafka_pid); does not wait.
kafka_launch() {
  local -a heap
  read -r -a heap <<<"$KAFKA_HEAP_OPTS"
  # The JVM options kafka-server-start.sh and kafka-run-class.sh give the broker.
  "$java" "${heap[@]}" -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
    -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true \
    "-Xlog:gc*:file=$kafka_dir/kafkaServer-gc.log:time,tags:filecount=10,filesize=100M" \
    -Dcom.sun.management.jmxremote=true -Dcom.sun.management.jmxremote.authenticate=false \
    -Dcom.sun.management.jmxremote.ssl=false -Dkafka.logs.dir="$kafka_dir" \
    -Dlog4j2.configurationFile="$HERALD_HOME/bench/kafka/log4j2.properties" \
    -cp "$kafka_libs/*" kafka.Kafka "$kafka_dir/server.properties" >"$kafka_dir/kafkaServer.out" 2>&1 &
  kafka_pid=$!
}

# Starts Herald, or sets herald_skip_reason and returns 1.
start_herald() {
  local dir deadline status
  # Build first (bin/herald builds when sources changed), so the readiness timeout does not include the build.
  say "building Herald ($HERALD_BIN --version)..."
  if ! "$HERALD_BIN" --version >"$run_dir/herald-build.log" 2>&1; then
    herald_skip_reason="$HERALD_BIN --version failed: $(tail -n 3 "$run_dir/herald-build.log" | tr '\n' ' ')"
    return 1
  fi
  local -a extra
  read -r -a extra <<<"$HERALD_SERVER_ARGS"
  local attempt
  for attempt in 1 2 3; do
    herald_port=$(free_port "$kafka_port")
    dir=$run_dir/herald-$herald_port
    mkdir -p "$dir"
    HERALD_JAVA_OPTS=$HERALD_JAVA_OPTS "$HERALD_BIN" server --port "$herald_port" --registry-port 0 --http-port 0 --data-dir "$dir/data" \
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
        # free_port's pick can be taken, as the local port of some connection, by the time Herald binds it
        if ((attempt < 3)) && grep -q 'Address already in use' "$dir/herald.out"; then
          say "port $herald_port was taken as Herald started; again on another port"
          continue 2
        fi
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
    break
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
ncpus=$(nproc)
cpu_ticks() { # utime+stime of pid $1 (fields 14 and 15 of /proc/<pid>/stat; the name, field 2, has no spaces here)
  local -a f
  if [[ -n $1 ]] && read -r -a f <"/proc/$1/stat" 2>/dev/null; then
    echo $((f[13] + f[14]))
  else
    echo 0
  fi
}
jit_ticks() { # utime+stime of pid $1's JIT compiler threads (HotSpot's "C1 CompilerThre…" and "C2 CompilerThre…")
  local total=0 stat line
  local -a f
  for stat in /proc/"$1"/task/*/stat; do
    IFS= read -r line <"$stat" 2>/dev/null || continue
    [[ $line == *"(C1 CompilerThre"* || $line == *"(C2 CompilerThre"* ]] || continue
    read -r -a f <<<"${line##*) }" # from field 3 on: utime and stime are fields 14 and 15
    total=$((total + f[11] + f[12]))
  done
  echo $total
}
# Busy ticks of all CPUs since boot: the time since boot times the CPUs, minus their idle and iowait ticks. On this
# tickless kernel /proc/stat's idle is exact while its user and system columns are sampled at ticks, which miss short
# bursts: a thread busy 200 us at a time showed 168 busy ticks there against 193 in its own utime+stime (and 197 from
# idle), so other processes' CPU came out negative beside a broker.
machine_ticks() {
  local up idle iowait
  read -r up _ </proc/uptime
  read -r _ _ _ _ idle iowait _ </proc/stat
  awk -v up="$up" -v n="$ncpus" -v h="$clk_tck" -v i="$idle" -v w="$iowait" 'BEGIN { printf "%d\n", up * h * n - i - w }'
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

# The broker a target names (kafka, kafka-flush1: the Kafka process; herald, herald-interval: Herald's), the other
# one, its port.
broker_pid_of() { [[ $1 == herald* ]] && echo "$herald_pid" || echo "$kafka_pid"; }
idle_pid_of() { [[ $1 == herald* ]] && echo "$kafka_pid" || echo "$herald_pid"; }
port_of() { [[ $1 == herald* ]] && echo "$herald_port" || echo "$kafka_port"; }

# Runs a client tool (main class and arguments: "$@") against target $1, with RUN_TIMEOUT_S as a limit, and measures
# the machine meanwhile. Sets the m_* figures and the tool's output in m_out; returns the tool's status.
measured() {
  local target=$1 pid idle t0 t1 c0 c1 i0 i1 j0 j1 m0 m1 x0 x1 status=0
  shift
  pid=$(broker_pid_of "$target")
  idle=$(idle_pid_of "$target")
  echo 5 >"/proc/$pid/clear_refs" 2>/dev/null || true # resets VmHWM: the peak from here on
  read_children_ticks
  x0=$children_ticks
  j0=$(jit_ticks "$pid") c0=$(cpu_ticks "$pid") i0=$(cpu_ticks "$idle") m0=$(machine_ticks) t0=$(date +%s%N)
  m_out=$(timeout --kill-after=10 "$RUN_TIMEOUT_S" "$java" "${client_heap[@]}" \
    -Dlog4j2.configurationFile="$HERALD_HOME/bench/kafka/tools-log4j2.properties" -cp "$tools_classes:$kafka_libs/*" \
    "$@" 2>"$run_dir/last-client.err") || status=$?
  t1=$(date +%s%N) m1=$(machine_ticks) c1=$(cpu_ticks "$pid") i1=$(cpu_ticks "$idle") j1=$(jit_ticks "$pid")
  read_children_ticks
  x1=$children_ticks
  m_wall_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
  m_cpu_ticks=$((c1 - c0))
  m_cpu_s=$(awk -v c="$m_cpu_ticks" -v h="$clk_tck" 'BEGIN { printf "%.2f", c / h }')
  # the broker's JIT compiling during the run: a broker still warming up shows here
  m_jit_s=$(awk -v c="$((j1 - j0))" -v h="$clk_tck" 'BEGIN { printf "%.2f", c / h }')
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
