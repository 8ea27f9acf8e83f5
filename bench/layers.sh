#!/usr/bin/env bash
# Where a ping-pong's round trip goes, layer by layer, in one run (docs/BENCHMARKS.md, "Where a
# round trip goes"; ADR 0024). Each line is one JVM (io.pal.bench.SwitchFloor or AbHarness, the
# median of its rounds), all under this tree's agent; "with JVMTI" lines run without pal_jvm_flags,
# the rest with them. Go's unbuffered channel (bench/go) closes the table. Repeats the whole set
# --reps times (default 1), interleaved, so the spread shows.
#
# usage: bench/layers.sh [--reps N] [--no-build] [--no-go]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPS=1 BUILD=1 GO=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --reps) REPS="$2"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --no-go) GO=0; shift ;;
    *) echo "layers.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
# shellcheck source=bin/pal-env.sh
source "$ROOT/bin/pal-env.sh"
pal_find_jdk
JAVA="$JAVA_HOME/bin/java"
[[ $BUILD == 1 ]] && (cd "$ROOT" && mvn -B -q -ntp -pl pal-bench,pal-agent -am package -DskipTests) >&2
CLASSES="$ROOT/pal-bench/target/classes"
read -r -a FLAGS <<<"$(pal_jvm_flags)"
run() { # label jvmti(yes|no) main mode
  local flags=("${FLAGS[@]}")
  [[ $2 == yes ]] && flags=()
  "$JAVA" -javaagent:"$PAL_AGENT_JAR" "${flags[@]}" --enable-native-access=ALL-UNNAMED -Dpal.backend=coroutines -Dpal.carriers=2 \
    -cp "$CLASSES" "$3" "$4" | awk -F'\t' -v l="$1" '/^RESULT/ {printf "| %s | %s | %s |\n", l, $3, $5}'
}
echo "# Layers of a ping-pong round trip: $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet || echo '+changes'), $(date -u '+%F %H:%M') UTC"
echo
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $("$JAVA" -version 2>&1 | head -1); JVM flags: ${FLAGS[*]:-none}"
echo
echo "| layer | ns/round trip | spread |"
echo "|---|---:|---|"
for _ in $(seq 1 "$REPS"); do
  run "continuations, one thread (SwitchFloor continuation)" no io.pal.bench.SwitchFloor continuation
  run "virtual threads, one-thread executor (SwitchFloor vt-inline)" no io.pal.bench.SwitchFloor vt-inline
  run "the same, with JVMTI's virtual-thread events" yes io.pal.bench.SwitchFloor vt-inline
  run "virtual threads on pal's Scheduler, 2 carriers (SwitchFloor vt-pal)" no io.pal.bench.SwitchFloor vt-pal
  run "pal: Pal.park/Pal.unpark (AbHarness pingpong)" no io.pal.bench.AbHarness pingpong
  run "the same, with JVMTI's virtual-thread events" yes io.pal.bench.AbHarness pingpong
  run "pal: unbuffered Channel (AbHarness chanpong)" no io.pal.bench.AbHarness chanpong
  run "the same, with JVMTI's virtual-thread events" yes io.pal.bench.AbHarness chanpong
  if [[ $GO == 1 ]] && command -v go >/dev/null 2>&1; then
    bin="${TMPDIR:-/tmp}/pal-layers-go"
    [[ -x "$bin" ]] || (cd "$ROOT/bench/go" && go build -o "$bin" .) >&2
    for p in 1 2; do
      "$bin" -mode pingpong -procs "$p" | awk -F'\t' -v p="$p" '/^RESULT/ {printf "| Go, unbuffered chan, GOMAXPROCS=%s | %.1f | %s |\n", p, $5, $8}'
    done
  fi
done
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
