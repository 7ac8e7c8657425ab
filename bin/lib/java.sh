# shellcheck shell=bash
# Finding a JDK for Herald. Sourced by bin/herald and bin/herald-test, not run on its own.
#
# herald_find_java sets HERALD_JAVA_HOME (and HERALD_JAVA_MAJOR) to a JDK whose major version is at least
# HERALD_MIN_JAVA_MAJOR, trying in order:
#   1. $JAVA_HOME, if it qualifies;
#   2. the JDK folders under $HERALD_JVM_DIR (default /usr/lib/jvm), highest version first;
#   3. the java on PATH.
# A candidate must have bin/java and bin/javac (the launcher compiles the server with Maven). When none
# qualifies it prints what it found and how to get a JDK, and returns 1.

HERALD_MIN_JAVA_MAJOR=21

# Prints the full version of the JDK at $1 ("25.0.3", "17.0.15", "1.8.0_402"), from its release file or,
# failing that, from `bin/java -version`. Returns 1 when $1 has no bin/java or the version is unreadable.
herald_java_version() {
  local home=$1 version=""
  [[ -x $home/bin/java ]] || return 1
  if [[ -f $home/release ]]; then
    version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release" | head -n 1)
  fi
  if [[ -z $version ]]; then
    version=$("$home/bin/java" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  [[ -n $version ]] || return 1
  printf '%s\n' "$version"
}

# Prints the major version of a full version string: "25.0.3" -> 25, "21-ea" -> 21, "1.8.0_402" -> 8.
herald_java_major() {
  local version=${1#1.}
  version=${version%%[!0-9]*}
  [[ -n $version ]] || return 1
  printf '%s\n' "$version"
}

# Internal to herald_find_java. $1: a folder, $2: where it came from. Appends a line describing it to the
# caller's `found` array; returns 0 if the folder is a JDK of at least HERALD_MIN_JAVA_MAJOR.
herald__consider() {
  local home=$1 origin=$2 version major
  if [[ ! -x $home/bin/java ]]; then
    found+=("$home ($origin): no bin/java there")
    return 1
  fi
  if ! version=$(herald_java_version "$home"); then
    found+=("$home ($origin): cannot read its Java version")
    return 1
  fi
  major=$(herald_java_major "$version") || major=0
  if ((major < HERALD_MIN_JAVA_MAJOR)); then
    found+=("$home ($origin): Java $version, too old")
    return 1
  fi
  if [[ ! -x $home/bin/javac ]]; then
    found+=("$home ($origin): Java $version, a runtime without javac, not a JDK")
    return 1
  fi
  found+=("$home ($origin): Java $version")
  return 0
}

herald_find_java() {
  local jvm_dir=${HERALD_JVM_DIR:-/usr/lib/jvm}
  local -a found=() candidates=()
  local seen=$'\n' # real paths already looked at, one per line (no associative arrays in bash 3)
  local home real version java_on_path best=""

  # 1. JAVA_HOME
  if [[ -n ${JAVA_HOME:-} ]]; then
    real=$(readlink -f -- "$JAVA_HOME" 2>/dev/null || printf '%s' "$JAVA_HOME")
    seen+=$real$'\n'
    if herald__consider "${JAVA_HOME%/}" "JAVA_HOME"; then
      best=${JAVA_HOME%/}
    fi
  fi

  # 2. The machine's JDK folders; symlinked aliases (java-1.17.0-openjdk-amd64 -> java-17-openjdk-amd64)
  # are looked at once. Qualifying ones are ranked by full version, highest first.
  if [[ -z $best && -d $jvm_dir ]]; then
    for home in "$jvm_dir"/*/; do
      home=${home%/}
      [[ -x $home/bin/java ]] || continue
      real=$(readlink -f -- "$home")
      [[ $seen != *$'\n'"$real"$'\n'* ]] || continue
      seen+=$real$'\n'
      if herald__consider "$home" "$jvm_dir"; then
        version=$(herald_java_version "$home")
        candidates+=("$version"$'\t'"$home")
      fi
    done
    if ((${#candidates[@]} > 0)); then
      best=$(printf '%s\n' "${candidates[@]}" | sort -t $'\t' -k 1,1 -V -r | head -n 1 | cut -f 2)
    fi
  fi

  # 3. java on PATH, resolved through its symlinks (/usr/bin/java -> /etc/alternatives/java -> the JDK).
  if [[ -z $best ]] && java_on_path=$(command -v java); then
    real=$(readlink -f -- "$java_on_path")
    home=$(dirname -- "$(dirname -- "$real")")
    if [[ $seen != *$'\n'"$home"$'\n'* ]]; then
      if herald__consider "$home" "java on PATH, $java_on_path"; then
        best=$home
      fi
    fi
  fi

  if [[ -n $best ]]; then
    HERALD_JAVA_HOME=$best
    HERALD_JAVA_MAJOR=$(herald_java_major "$(herald_java_version "$best")")
    export HERALD_JAVA_HOME HERALD_JAVA_MAJOR
    return 0
  fi

  local prog=${0##*/}
  {
    echo "$prog: Herald needs JDK $HERALD_MIN_JAVA_MAJOR or newer, and none was found."
    if ((${#found[@]} > 0)); then
      echo "$prog: Java installations found:"
      printf '  %s\n' "${found[@]}"
    else
      echo "$prog: no Java installation found (looked at JAVA_HOME, $jvm_dir/*, and java on PATH)."
    fi
    echo "$prog: to get one, install a JDK $HERALD_MIN_JAVA_MAJOR+ (Debian/Ubuntu: sudo apt-get install openjdk-21-jdk;"
    echo "  or a Temurin build from https://adoptium.net), or set JAVA_HOME to the folder of a JDK $HERALD_MIN_JAVA_MAJOR+."
  } >&2
  return 1
}

# Exports JAVA_HOME for Maven, and on JDK 23+ lets Maven 3.8's bundled Guava use sun.misc.Unsafe quietly
# (otherwise every build starts with four "terminally deprecated method" warnings).
herald_maven_env() {
  export JAVA_HOME=$HERALD_JAVA_HOME
  if ((HERALD_JAVA_MAJOR >= 23)) && [[ ${MAVEN_OPTS:-} != *sun-misc-unsafe-memory-access* ]]; then
    export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow"
  fi
}

# Exits with a hint when Maven is not installed.
herald_require_maven() {
  if ! command -v mvn >/dev/null 2>&1; then
    echo "${0##*/}: Maven (mvn) is needed to build Herald and is not on PATH." >&2
    echo "  Install it (Debian/Ubuntu: sudo apt-get install maven; or see https://maven.apache.org/install.html)." >&2
    exit 1
  fi
}
