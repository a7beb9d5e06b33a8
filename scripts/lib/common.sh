# Shared helpers for Castellan's launchers and scripts. Sourced, never executed.
# Picks a JDK >= 21 and rebuilds a module's jar when it is missing or older than the sources.

castellan_root() { cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd; }

# java_major JAVA_BIN -> prints the major version (17, 21, 25, ...), or nothing when it cannot run.
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

# find_jdk -> sets JAVA_HOME to a JDK >= 21: $JAVA_HOME if it qualifies, else the newest under /usr/lib/jvm,
# else the java on PATH. Fails with a message naming what is missing.
find_jdk() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major=$(java_major "$JAVA_HOME/bin/java")
    if [ "${major:-0}" -ge 21 ]; then return 0; fi
  fi
  for candidate in /usr/lib/jvm/*; do
    [ -x "$candidate/bin/javac" ] || continue
    major=$(java_major "$candidate/bin/java")
    if [ "${major:-0}" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best=$candidate; best_major=$major; fi
  done
  if [ -z "$best" ] && command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    major=$(java_major "$candidate/bin/java")
    if [ "${major:-0}" -ge 21 ]; then best=$candidate; fi
  fi
  if [ -z "$best" ]; then
    echo "castellan: no JDK 21 or newer found (looked at \$JAVA_HOME, /usr/lib/jvm/*, and PATH)." >&2
    echo "castellan: install one (e.g. 'apt-get install openjdk-21-jdk' or Temurin 25) or set JAVA_HOME." >&2
    return 1
  fi
  export JAVA_HOME=$best
}

# maven_opts_for_jdk -> Maven 3.8 on JDK 24+ warns about sun.misc.Unsafe at every start; the flag that silences it
# exists only from JDK 24, so add it only there.
maven_opts_for_jdk() {
  if [ "$(java_major "$JAVA_HOME/bin/java")" -ge 24 ]; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
}

# ensure_jar MODULE JAR -> builds MODULE (and what it needs) when JAR is missing or any source or pom is newer.
ensure_jar() {
  local module=$1 jar=$2 root stale=""
  root=$(castellan_root)
  if [ -f "$jar" ]; then
    stale=$(find "$root" -path "$root/.git" -prune -o -name target -prune -o -path "$root/bench" -prune -o \
      \( -path '*/src/main/*' -o -name 'pom.xml' \) -type f -newer "$jar" -print -quit)
  fi
  if [ ! -f "$jar" ] || [ -n "$stale" ]; then
    if ! command -v mvn >/dev/null 2>&1; then
      echo "castellan: $jar is missing or stale and Maven (mvn) is not installed: 'apt-get install maven'." >&2
      return 1
    fi
    echo "castellan: building $module (first use or sources changed)..." >&2
    ( cd "$root" && exec 9>"$root/.build.lock" && flock 9 && \
      maven_opts_for_jdk && mvn -q -B -Dstyle.color=never -pl "$module" -am package -DskipTests \
        -Dmaven.test.skip=true >&2 ) || {
      echo "castellan: build failed; run 'mvn -pl $module -am package' in $root to see why." >&2
      return 1
    }
  fi
}
