#!/usr/bin/env bash
# pal's network benchmarks: the legacy example servers (io.pal.examples.net: ServerSocket accept loop,
# a strand per connection, blocking streams) on each backend, against a Go server (bench/go, Debian's
# golang-go) and a Netty server (io.pal.bench.net.NettyServer) doing the same job, each in a process
# of its own, on loopback:
#   echo   10,000 connections, 64-byte round trips in a closed loop (pal's LoadGenerator)
#   http   HTTP/1.1 hello, 1,000 keep-alive connections (wrk, installed with apt-get if missing;
#          pal's LoadGenerator's HTTP mode if wrk cannot be had)
#   pool   the same load, 200 connections, on PooledHttpServer: a server's own 200-thread pool run as
#          strands (-Dpal.threadsAsStrands=true), 16 resources behind a monitor, a 1 ms query each
#          request; on virtual the pool's threads are the JDK's virtual threads (the anchor); pal's
#          backends only (not in the default scenarios: --scenarios pool)
#   idle   up to 100,000 idle connections, as many as RLIMIT_NOFILE allows; server RSS per connection
# Writes a markdown section with same-run ratios to <out>/net.md (and stdout), raw RESULT lines to
# <out>/net.tsv, progress to <out>/net.log. bench/run.sh --net runs this and appends net.md to its report.
#
# usage: bench/net.sh [options]
#   --quick              echo 2,000 connections, http 200, idle up to 2,000; 1 s warm-up + 3 s measured
#   --backends "B.."     pal backends (default: threads virtual coroutines)
#   --scenarios "S.."    any of echo http pool idle (default: echo http idle)
#   --out DIR            output folder (default bench/results/<UTC timestamp>-net)
#   --server-flags "F"   more JVM flags for the pal servers, e.g. a JFR recording:
#                        "-XX:StartFlightRecording=filename=echo.jfr,settings=profile"
#   --no-build | --no-go | --no-netty | --no-wrk     skip a part (--no-wrk: HTTP load from the LoadGenerator)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

BACKENDS="threads virtual coroutines"
SCENARIOS="echo http idle"
OUT="" EXTRA_SERVER_FLAGS=""
QUICK=0 DO_BUILD=1 DO_GO=1 DO_NETTY=1 DO_WRK=1
ARGS_SHOWN="$*"
ARGS_SHOWN="${ARGS_SHOWN//$ROOT\//}" # no machine paths in the report
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) QUICK=1; shift ;;
    --backends) BACKENDS="$2"; shift 2 ;;
    --scenarios) SCENARIOS="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --server-flags) EXTRA_SERVER_FLAGS="$2"; shift 2 ;;
    --no-build) DO_BUILD=0; shift ;;
    --no-go) DO_GO=0; shift ;;
    --no-netty) DO_NETTY=0; shift ;;
    --no-wrk) DO_WRK=0; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "net.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done

JDK="$(find_jdk25)"
export JAVA_HOME="$JDK"
JAVA="$JDK/bin/java"
OUT="${OUT:-$ROOT/bench/results/$(date -u +%Y%m%d-%H%M%S)-net}"
mkdir -p "$OUT"
: > "$OUT/net.md"
: > "$OUT/net.tsv"

if [[ $DO_BUILD == 1 ]]; then
  log "building pal-bench, the examples and the agent (mvn -q -pl pal-bench,examples,pal-agent -am package -DskipTests)"
  (cd "$ROOT" && mvn -q -pl pal-bench,examples,pal-agent -am package -DskipTests) >&2
fi
JAR="$ROOT/pal-bench/target/benchmarks.jar"
[[ -f "$JAR" && -f "$PAL_AGENT_JAR" && -d "$ROOT/examples/target/classes" ]] || { echo "net.sh: pal-bench, the examples or the agent is not built; run without --no-build" >&2; exit 1; }
# The servers run as bin/pal runs programs: the examples' classes, pal from this tree's agent jar.
SERVER_CP="$ROOT/examples/target/classes"
SERVER_FLAGS="-javaagent:$PAL_AGENT_JAR $(pal_jvm_flags)${EXTRA_SERVER_FLAGS:+ $EXTRA_SERVER_FLAGS}"

GO_BIN="" GO_NOTE="not run (--no-go)"
if [[ $DO_GO == 1 ]]; then
  command -v go >/dev/null 2>&1 || apt_install golang-go || true
  if command -v go >/dev/null 2>&1 && (cd "$ROOT/bench/go" && go build -o "$OUT/palbench" .) >&2; then
    GO_BIN="$OUT/palbench" GO_NOTE="$(go version)"
  else
    GO_NOTE="not run: no go on PATH and apt-get install golang-go failed, or go build failed"
    log "Go anchor skipped: $GO_NOTE"
  fi
fi

WRK="" WRK_NOTE="not used (--no-wrk): HTTP load from pal's LoadGenerator"
if [[ $DO_WRK == 1 ]]; then
  command -v wrk >/dev/null 2>&1 || apt_install wrk || true
  if command -v wrk >/dev/null 2>&1; then
    WRK="$(command -v wrk)" WRK_NOTE="$( (wrk -v 2>&1 || true) | head -1)"
  else
    WRK_NOTE="not available (apt-get install wrk failed): HTTP load from pal's LoadGenerator instead"
    log "$WRK_NOTE"
  fi
fi

SIZE_echo=() SIZE_http=() SIZE_pool=() SIZE_idle=()
if [[ $QUICK == 1 ]]; then
  SIZE_echo=(--connections 2000 --warmup 1 --seconds 3 --connect-timeout 15)
  SIZE_http=(--connections 200 --warmup 1 --seconds 3 --connect-timeout 15)
  SIZE_pool=(--connections 200 --warmup 1 --seconds 3 --connect-timeout 15)
  SIZE_idle=(--connections 2000 --connect-timeout 15)
fi

{
  echo "## Network benchmarks"
  echo
  echo "- command: \`bench/net.sh${ARGS_SHOWN:+ $ARGS_SHOWN}\`; backends: $BACKENDS; anchors: Go ($GO_NOTE), Netty $([[ $DO_NETTY == 1 ]] && echo "4.1 (pal-bench)" || echo "not run")"
  echo "- HTTP load: $WRK_NOTE"
  echo "- loopback only; server and load share the machine's $(nproc) cpus; load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
} >> "$OUT/net.md"

for s in $SCENARIOS; do
  size_var="SIZE_$s[@]"
  log "network scenario '$s' (progress in $OUT/net.log)"
  if ! "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$JAR" io.pal.bench.net.NetBench --scenario "$s" \
      --server-classpath "$SERVER_CP" --server-jvm-flags "$SERVER_FLAGS" --backends "$BACKENDS" \
      --go "$GO_BIN" --netty "$([[ $DO_NETTY == 1 ]] && echo true || echo false)" --wrk "$WRK" \
      --results "$OUT/net.tsv" "${!size_var}" >> "$OUT/net.md" 2> >(tee -a "$OUT/net.log" >&2); then
    echo "- scenario $s FAILED to run; see $OUT/net.log" >> "$OUT/net.md"
    log "scenario $s failed; see $OUT/net.log"
  fi
done
echo "- load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/net.md"

cat "$OUT/net.md"
log "written: $OUT/net.md"
