# pal's shell environment, shared by bin/pal and the bench/ scripts; sourced, not run.
# The one JDK finder (pal_find_jdk), the one build check (pal_ensure_built) and the one way to put pal
# into a JVM: the agent jar, PAL_AGENT_JAR (it opens java.base to pal itself), with the JVM flags of
# pal_jvm_flags beside it.
# Callers set PAL_HOME first or let it default to this file's repository.

PAL_HOME=${PAL_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
PAL_AGENT_JAR="$PAL_HOME/pal-agent/target/pal-agent.jar"

# The JVM flags that go with the agent. Any java.lang.instrument agent makes the JDK report every
# virtual-thread mount and unmount to JVMTI, which pal's agent never listens to: about 100 ns per
# strand switch, a third of a ping-pong's round trip (ADR 0024). They are switched off, unless PAL_JAVA_OPTS
# names another agent (a debugger's -agentlib:jdwp, -agentpath, a second -javaagent), which may need
# those events to see strands, or PAL_JVMTI_VTHREADS=1 asks for them.
pal_jvm_flags() {
  case " ${PAL_JAVA_OPTS:-} " in
    *" -agentlib:"* | *" -agentpath:"* | *" -javaagent:"* | *" -Xrunjdwp"*) return 0 ;;
  esac
  [ "${PAL_JVMTI_VTHREADS:-0}" = 1 ] && return 0
  echo "-XX:+UnlockExperimentalVMOptions -XX:-DoJVMTIVirtualThreadTransitions"
}

pal_die() {
  echo "pal: $*" >&2
  exit 2
}

# Major version of the JDK at $1, or nothing if $1 is not a JDK. Read from its `release` file when it
# has one (starting a JVM to ask costs a run of bin/pal a few hundred milliseconds).
pal_jdk_major() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  if [ -f "$1/release" ] && grep -q '^JAVA_VERSION="[0-9]' "$1/release"; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"
    return 0
  fi
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}

# Sets and exports JAVA_HOME to a JDK 25 or newer: PAL_JAVA_HOME, else JAVA_HOME, else the first
# one under /usr/lib/jvm or /opt; fails naming what it found.
pal_find_jdk() {
  local candidate major seen=""
  for candidate in "${PAL_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/*25* /usr/lib/jvm/* /opt/java/* /opt/jdk*; do
    [ -n "$candidate" ] && [ -d "$candidate" ] || continue
    major=$(pal_jdk_major "$candidate")
    [ -n "$major" ] || continue
    if [ "$major" -ge 25 ]; then
      export JAVA_HOME="$candidate"
      return 0
    fi
    seen="$seen $candidate (JDK $major)"
  done
  pal_die "pal needs JDK 25 or newer and found none.${seen:+ Found:$seen.} Install one (Temurin 25, or Debian's openjdk-25-jdk) or set PAL_JAVA_HOME to it."
}

pal_mvn() {
  command -v mvn >/dev/null || pal_die "Maven (mvn) is not on the PATH; install Maven 3.8 or newer."
  (cd "$PAL_HOME" && mvn -B -ntp -Dstyle.color=never "$@")
}

# Builds pal (mvn package -DskipTests) unless the agent jar is newer than every source and pom.
pal_ensure_built() {
  if [ -f "$PAL_AGENT_JAR" ] && [ -d "$PAL_HOME/examples/target/classes" ] \
     && [ -z "$(cd "$PAL_HOME" && find . -path '*/target' -prune -o \
       \( -name '*.java' -o -name 'pom.xml' -o -path '*/resources/*' \) -newer "$PAL_AGENT_JAR" -print -quit)" ]; then
    return 0
  fi
  echo "pal: building (mvn package -DskipTests) ..." >&2
  local log
  log=$(mktemp)
  if ! pal_mvn -q package -DskipTests >"$log" 2>&1; then
    grep -E 'ERROR' "$log" | head -20 >&2
    rm -f "$log"
    pal_die "the build failed; run 'bin/pal build' to see the whole output."
  fi
  rm -f "$log"
  pal_warm_up
}

# Runs the one-strand example once with the fresh agent, so that the shims' rewriting of JDK classes
# is cached (~/.cache/pal, ADR 0011) and the user's first run starts as fast as later ones.
pal_warm_up() {
  "$JAVA_HOME/bin/java" -javaagent:"$PAL_AGENT_JAR" -cp "$PAL_HOME/examples/target/classes" \
    io.pal.examples.HelloStrand >/dev/null 2>&1 || echo "pal: warning: the warm-up run of the agent failed" >&2
}
