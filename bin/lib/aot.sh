# shellcheck shell=bash
# Herald's start-up cache. Sourced by bin/herald, not run on its own.
#
# On JDK 25 and later the JVM can start from an AOT cache (JEP 483, 514, 515): the classes a training run loaded,
# already parsed and linked, and the profiles of the methods it ran. `herald server` is then ready in about half the
# time (measured in docs/benchmarks.md, "Start-up"), and a command such as `herald topics list` ends sooner too.
#
# herald_aot_prepare trains the cache once per build and JDK: it starts the server on free ports and a temporary data
# folder, sends a few records through it with the produce and consume commands, stops it, and the JVM writes the
# cache as it exits (about 10 s in all). herald_aot_options then adds the cache to every Java command of bin/herald.
# The cache lives next to the jar, as server/target/herald-<java version>.aot; a build replaces the jar, so a cache
# older than the jar is ignored and trained again. A JVM that cannot use a cache (another garbage collector or heap
# layout in HERALD_JAVA_OPTS than the training had) runs without it: -Xlog:aot=off keeps its one-time complaint off
# the terminal. A training that fails leaves a .failed marker with its output, and is not tried again until the next
# build. HERALD_AOT=off turns all of it off.
#
# Needs: HERALD_JAVA_HOME, HERALD_JAVA_MAJOR (bin/lib/java.sh); $1 of both functions is the server's target folder.

# Prints the cache's path for this JDK.
herald__aot_cache() {
  printf '%s/herald-%s.aot\n' "$1" "$(herald_java_version "$HERALD_JAVA_HOME")"
}

# True when file $2 exists and the jar in target folder $1 is not newer: a cache or marker of the current build.
herald__aot_fresh() {
  [[ -f $2 && ! $1/herald-server.jar -nt $2 ]]
}

# True when this JDK can train and use a cache and the user has not turned it off.
herald__aot_wanted() {
  [[ ${HERALD_AOT:-on} != off ]] && ((HERALD_JAVA_MAJOR >= 25))
}

# Sets the array herald_aot_opts to the JVM options that start from the cache: none when there is no fresh one.
herald_aot_options() {
  local target=$1 cache
  herald_aot_opts=()
  herald__aot_wanted || return 0
  cache=$(herald__aot_cache "$target")
  if herald__aot_fresh "$target" "$cache"; then
    herald_aot_opts=("-XX:AOTCache=$cache" -Xlog:aot=off)
  fi
}

# Trains the cache when this JDK has no fresh one and no failed training since the last build. $2..: the JVM options
# and class path to train with, as bin/herald would run the server.
herald_aot_prepare() {
  local target=$1 cache marker work pid port i ok=0
  shift
  herald__aot_wanted || return 0
  cache=$(herald__aot_cache "$target")
  marker=$cache.failed
  herald__aot_fresh "$target" "$cache" && return 0
  herald__aot_fresh "$target" "$marker" && return 0
  rm -f "$cache" "$marker"

  echo "herald: preparing the start-up cache for Java $(herald_java_version "$HERALD_JAVA_HOME") (once per build, about 10 s; HERALD_AOT=off skips it)..." >&2
  work=$(mktemp -d "${TMPDIR:-/tmp}/herald-aot.XXXXXX")
  "$HERALD_JAVA_HOME/bin/java" "-XX:AOTCacheOutput=$work/herald.aot" "$@" io.herald.server.Herald server \
    --port 0 --http-port 0 --registry-port 0 --data-dir "$work/data" >"$work/server.out" 2>&1 &
  pid=$!
  for ((i = 0; i < 600; i++)); do
    grep -q '^herald: HTTP listening' "$work/server.out" && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  port=$(sed -n 's/^herald: Kafka protocol listening on [^:]*:\([0-9]*\) .*/\1/p' "$work/server.out")
  if [[ -n $port ]] && grep -q '^herald: HTTP listening' "$work/server.out"; then
    # The produce and fetch paths, so that the cache holds their classes and profiles too.
    seq 1 1000 | "$HERALD_JAVA_HOME/bin/java" "$@" io.herald.server.Herald produce training \
      --bootstrap-server "127.0.0.1:$port" >>"$work/server.out" 2>&1 &&
      "$HERALD_JAVA_HOME/bin/java" "$@" io.herald.server.Herald consume training --from-beginning --no-follow \
        --bootstrap-server "127.0.0.1:$port" >/dev/null 2>>"$work/server.out" &&
      ok=1
  fi
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true # the JVM writes the cache as it exits
  if ((ok)) && [[ -s $work/herald.aot ]] && mv -f "$work/herald.aot" "$cache"; then
    rm -rf "$work"
  else
    mv -f "$work/server.out" "$marker" 2>/dev/null || : >"$marker"
    rm -rf "$work"
    echo "herald: could not prepare the start-up cache; starting without it (what happened: $marker)" >&2
  fi
}
