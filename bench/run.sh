#!/usr/bin/env bash
# Runs pal's benchmarks on every backend this build has (threads, virtual and, once it is in the
# build, coroutines) in one run, plus the Go anchors, and writes a markdown table with ratios to
# stdout and to bench/results/<timestamp>.md (and bench/results/latest.md). With --net it also runs
# bench/net.sh (echo with 10,000 connections, HTTP hello, idle connections; Go and Netty anchors)
# and appends its tables to the same report.
#
# usage: bench/run.sh [options]
#   --jmh "OPTS"      JMH budget (default "-f 1 -wi 3 -i 5 -w 1s -r 1s"; env BENCH_JMH_OPTS)
#   --quick           a smoke-test budget: JMH "-f 1 -wi 1 -i 2 -w 500ms -r 500ms", 100,000 strands
#   --mem-n N         parked strands for the heap harness (default 1000000; env BENCH_MEM_N)
#   --spawn-n N       strands in the 1M spawn+join harness (default 1000000; env BENCH_SPAWN_N)
#   --threads-n N     N for platform threads in both harnesses (default 10000; env BENCH_THREADS_N)
#   (env BENCH_TAKERS_N: strands in BlockingQueue.take() for the j.u.c. takers harness, default 10000)
#   --backends "B.."  only these backends (default: all that Backends.available() lists)
#   --no-build | --no-jmh | --no-harness | --no-go    skip a part (--no-go: every Go anchor, --net's too)
#   --mem-10m         also park 10,000,000 strands per non-thread backend in -Xmx6g (slow; target check)
#   --net             also the network benchmarks (bench/net.sh; about 5 minutes, 2 with --quick)
#   --net-only        only the network benchmarks: --net without JMH, the harnesses and the other Go anchors
#
# The machine is small and shared: compare the ratios within one run, not scores across runs.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JMH_OPTS="${BENCH_JMH_OPTS:--f 1 -wi 3 -i 5 -w 1s -r 1s}"
MEM_N="${BENCH_MEM_N:-1000000}"
SPAWN_N="${BENCH_SPAWN_N:-1000000}"
THREADS_N="${BENCH_THREADS_N:-10000}"
TAKERS_N="${BENCH_TAKERS_N:-10000}"
BIG_N="${BENCH_MEM_BIG_N:-10000000}"   # --mem-10m; settable only for smoke tests of the script
ONLY=""
DO_BUILD=1 DO_JMH=1 DO_HARNESS=1 DO_GO=1 DO_MEM10M=0 DO_NET=0 GO_CORE=1 QUICK=0
ARGS_SHOWN="$*"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --jmh) JMH_OPTS="$2"; shift 2 ;;
    --quick) JMH_OPTS="-f 1 -wi 1 -i 2 -w 500ms -r 500ms"; MEM_N=100000; SPAWN_N=100000; TAKERS_N=2000; QUICK=1; shift ;;
    --mem-n) MEM_N="$2"; shift 2 ;;
    --spawn-n) SPAWN_N="$2"; shift 2 ;;
    --threads-n) THREADS_N="$2"; shift 2 ;;
    --backends) ONLY="$2"; shift 2 ;;
    --no-build) DO_BUILD=0; shift ;;
    --no-jmh) DO_JMH=0; shift ;;
    --no-harness) DO_HARNESS=0; shift ;;
    --no-go) DO_GO=0; shift ;;
    --mem-10m) DO_MEM10M=1; shift ;;
    --net) DO_NET=1; shift ;;
    --net-only) DO_NET=1; DO_JMH=0; DO_HARNESS=0; GO_CORE=0; shift ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

# ---------------------------------------------------------------- JDK 25
JDK="$(find_jdk25)"
export JAVA_HOME="$JDK"
JAVA="$JDK/bin/java"
# pal-env.sh: the agent and pal_jvm_flags, plus FFM's native access (the coroutine backend's epoll); JMH forks inherit them
# shellcheck disable=SC2207 # pal_jvm_flags holds space-separated JVM options
JVM_FLAGS=(-javaagent:"$PAL_AGENT_JAR" $(pal_jvm_flags) --enable-native-access=ALL-UNNAMED)
log "JDK: $JDK ($("$JAVA" -version 2>&1 | head -1))"

LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
JAR="$ROOT/pal-bench/target/benchmarks.jar"
STAMP="$(date -u +%Y%m%d-%H%M%S)"
OUT="$ROOT/bench/results/$STAMP"
mkdir -p "$OUT"
RESULTS="$OUT/results.tsv"
: > "$RESULTS"
NOTES="$OUT/notes.md"
: > "$NOTES"
note() { echo "- $*" >> "$NOTES"; log "$*"; }

# ---------------------------------------------------------------- build
if [[ $DO_BUILD == 1 ]]; then
  log "building pal-bench and the agent (mvn -q -pl pal-bench,pal-agent -am package -DskipTests)"
  (cd "$ROOT" && mvn -q -pl pal-bench,pal-agent -am package -DskipTests) >&2
fi
[[ -f "$JAR" && -f "$PAL_AGENT_JAR" ]] || { echo "run.sh: $JAR or $PAL_AGENT_JAR is missing; run without --no-build" >&2; exit 1; }

# ---------------------------------------------------------------- which backends
AVAILABLE="$("$JAVA" "${JVM_FLAGS[@]}" -cp "$JAR" io.pal.bench.ListBackends)"
BACKENDS=()
for b in threads virtual coroutines; do
  if [[ " $AVAILABLE " != *" $b "* ]]; then
    note "SKIPPED backend '$b': not available in this build (io.pal.spi.Backends.available() = [$AVAILABLE]); it is measured automatically once its provider is on the class path"
    continue
  fi
  if [[ -n "$ONLY" && " $ONLY " != *" $b "* ]]; then
    note "SKIPPED backend '$b': left out by --backends"
    continue
  fi
  BACKENDS+=("$b")
done
[[ ${#BACKENDS[@]} -gt 0 ]] || { echo "run.sh: no backend to run" >&2; exit 1; }
log "backends: ${BACKENDS[*]}"

SHAPES="" NAMES=""
for b in "${BACKENDS[@]}"; do
  NAMES+="${NAMES:+,}$b"
  if [[ $b == threads ]]; then SHAPES+="${SHAPES:+,}threads"; else SHAPES+="${SHAPES:+,}$b:1,$b:2"; fi
done
[[ " ${BACKENDS[*]} " == *" threads "* ]] && note "threads: the carriers parameter does not apply to platform threads; ping-pong and fan-out run once, on the OS scheduler with both cpus, and are compared with the 2-carrier rows"

# ---------------------------------------------------------------- JMH
if [[ $DO_JMH == 1 ]]; then
  log "JMH: $JMH_OPTS -p shape=$SHAPES -p backend=$NAMES"
  # shellcheck disable=SC2086
  "$JAVA" "${JVM_FLAGS[@]}" -jar "$JAR" $JMH_OPTS -p "shape=$SHAPES" -p "backend=$NAMES" \
      -rf csv -rff "$OUT/jmh.csv" > "$OUT/jmh.log" 2>&1 || { log "JMH failed; see $OUT/jmh.log"; tail -30 "$OUT/jmh.log" >&2; }
  grep -E '^(Benchmark|[A-Z][A-Za-z]+\.[a-zA-Z]+ )' "$OUT/jmh.log" >&2 || true
fi

# ---------------------------------------------------------------- harnesses (one JVM per backend and mode)
harness() {
  "$JAVA" "${JVM_FLAGS[@]}" -Xmx"$1" -XX:CompileCommand=quiet \
      -XX:CompileCommand=dontinline,io.pal.bench.Harness::*epth* \
      -cp "$JAR" io.pal.bench.Harness "${@:2}" 2>&1 | tee -a "$OUT/harness.log" | grep '^RESULT' >> "$RESULTS" || log "harness ${*:2} failed; see $OUT/harness.log"
}
if [[ $DO_HARNESS == 1 ]]; then
  for b in "${BACKENDS[@]}"; do
    n=$MEM_N; [[ $b == threads ]] && n=$THREADS_N
    log "heap per parked strand: $b, n=$n"
    harness 8g mem "$b" "$n"
  done
  if [[ " ${BACKENDS[*]} " == *" virtual "* ]]; then
    log "heap per parked strand: bare JDK virtual threads (no pal), n=$MEM_N"
    harness 8g mem raw-virtual "$MEM_N"
  fi
  [[ " ${BACKENDS[*]} " == *" threads "* ]] && note "threads: the harnesses use n=$THREADS_N platform threads, not $MEM_N (a million platform threads cannot start here); their heap figure leaves out each thread's native stack, which the RSS delta in the note shows"
  for b in "${BACKENDS[@]}"; do
    n=$SPAWN_N; [[ $b == threads ]] && n=$THREADS_N
    log "spawn+join harness: $b, n=$n"
    harness 8g spawn "$b" "$n" 5
  done
  for b in "${BACKENDS[@]}"; do
    log "hand-off latency harness: $b"
    harness 2g handoff "$b"
  done
  for b in "${BACKENDS[@]}"; do
    log "j.u.c. takers harness: $b, n=$TAKERS_N"
    harness 4g takers "$b" "$TAKERS_N"
  done
  if [[ $DO_MEM10M == 1 ]]; then
    for b in "${BACKENDS[@]}"; do
      [[ $b == threads ]] && continue
      log "$BIG_N parked strands in -Xmx6g: $b"
      if "$JAVA" "${JVM_FLAGS[@]}" -Xmx6g -XX:+ExitOnOutOfMemoryError -XX:CompileCommand=quiet \
          -XX:CompileCommand=dontinline,io.pal.bench.Harness::*epth* \
          -cp "$JAR" io.pal.bench.Harness mem "$b" "$BIG_N" >> "$OUT/harness.log" 2>&1; then
        note "$b: $BIG_N parked strands fit in -Xmx6g (see harness.log)"
      else
        note "$b: $BIG_N parked strands did NOT fit in -Xmx6g (exit status $?; see harness.log)"
      fi
    done
  fi
fi

# ---------------------------------------------------------------- Go anchors
GO_VERSION="not run"
if [[ $DO_GO == 1 ]]; then
  if ! command -v go >/dev/null 2>&1; then
    log "go is missing"
    apt_install golang-go || true
  fi
  if command -v go >/dev/null 2>&1; then
    GO_VERSION="$(go version)"
    log "Go: $GO_VERSION"
    if [[ $GO_CORE == 0 ]]; then
      log "Go: only the network anchors (--net-only)"
    elif (cd "$ROOT/bench/go" && go build -o "$OUT/palbench" .) >&2; then
      gorun() { "$OUT/palbench" "$@" 2>&1 | tee -a "$OUT/go.log" | grep '^RESULT' >> "$RESULTS" || log "go $* failed; see $OUT/go.log"; }
      gorun -mode pingpong -procs 1
      gorun -mode pingpong -procs 2
      gorun -mode spawn -n "$SPAWN_N"
      gorun -mode mem -n "$MEM_N"
      gorun -mode fanout -procs 1
      gorun -mode fanout -procs 2
    else
      note "SKIPPED Go anchors: go build failed"
    fi
  else
    note "SKIPPED Go anchors: no go on PATH and apt-get install golang-go failed"
  fi
fi

# ---------------------------------------------------------------- network (bench/net.sh)
if [[ $DO_NET == 1 ]]; then
  NET_ARGS=(--no-build --out "$OUT/net" --backends "${BACKENDS[*]}")
  [[ $QUICK == 1 ]] && NET_ARGS+=(--quick)
  [[ $DO_GO == 0 ]] && NET_ARGS+=(--no-go)
  log "network benchmarks: bench/net.sh ${NET_ARGS[*]}"
  "$ROOT/bench/net.sh" "${NET_ARGS[@]}" > /dev/null || note "bench/net.sh failed; see $OUT/net/net.log"
fi

# ---------------------------------------------------------------- report
{
  echo "# pal benchmark results, $STAMP (UTC)"
  echo
  echo "- command: \`bench/run.sh${ARGS_SHOWN:+ $ARGS_SHOWN}\` (JMH budget: \`$JMH_OPTS\`; heap harness n=$MEM_N; spawn harness n=$SPAWN_N; threads n=$THREADS_N)"
  echo "- machine: $(nproc) cpus, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(free -g | awk '/^Mem:/ {print $2}') GiB RAM, $(uname -sr)"
  echo "- JDK: $("$JAVA" -version 2>&1 | sed -n 2p)"
  echo "- Go: $GO_VERSION"
  echo "- backends run: ${BACKENDS[*]}"
  echo "- load average at start: $LOAD_START; at end: $(cut -d' ' -f1-3 /proc/loadavg) (other work shares these cpus)"
  cat "$NOTES"
  echo
  if [[ $DO_JMH == 1 || $DO_HARNESS == 1 || $GO_CORE == 1 ]]; then
    "$JAVA" -cp "$JAR" io.pal.bench.Report "$OUT/jmh.csv" "$RESULTS"
    echo
    echo "× virtual / × Go: score ÷ the virtual (Go) score of the same benchmark on the same scheduler shape (1 carrier ↔ parallelism=1 ↔ GOMAXPROCS=1, 2 ↔ 2; platform threads and 'default' rows ↔ the 2-cpu rows). Times: lower is better. Speed-up: higher is better."
  fi
  echo "Raw logs: bench/results/$STAMP/."
  if [[ -f "$OUT/net/net.md" ]]; then
    echo
    cat "$OUT/net/net.md"
  fi
} > "$OUT/report.md"
cp "$OUT/report.md" "$ROOT/bench/results/$STAMP.md"
cp "$OUT/report.md" "$ROOT/bench/results/latest.md"
cat "$OUT/report.md"
log "written: bench/results/$STAMP.md (and latest.md)"
