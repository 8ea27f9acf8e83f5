#!/usr/bin/env bash
# An A/B of two builds of pal in one run, with the JDK's virtual threads as the anchor: builds REF
# (a commit, default the first parent of HEAD's merge base with main... give one) in a worktree of
# its own, then runs each io.pal.bench.AbHarness mode (one JVM per measurement; pal's public API
# only, so the same compiled harness runs under either build's agent) for
#   old   pal.backend=coroutines under REF's agent
#   new   pal.backend=coroutines under this tree's agent
#   virtual  pal.backend=virtual under this tree's agent (strands are default JDK virtual threads)
# interleaved mode by mode, and prints a markdown table with the ratios new/old and new/virtual.
# "futures" runs on 1 carrier (virtual: parallelism 1), the rest on 2.
# With --net it also runs bench/net.sh (echo at 10,000 connections, HTTP at 1,000) in both trees.
#
# usage: bench/ab.sh REF [--modes "m1 m2.."] [--net] [--no-build]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REF="${1:?usage: bench/ab.sh REF [--modes \"...\"] [--net] [--no-build]}"
shift
MODES="pingpong chanpong spawn heap takers futures fanout waiters sleep"
NET=0 BUILD=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --modes) MODES="$2"; shift 2 ;;
    --net) NET=1; shift ;;
    --no-build) BUILD=0; shift ;;
    *) echo "ab.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
# shellcheck source=bin/pal-env.sh
source "$ROOT/bin/pal-env.sh"
pal_find_jdk
JAVA="$JAVA_HOME/bin/java"
OLD="${TMPDIR:-/tmp}/pal-ab-$(git -C "$ROOT" rev-parse --short "$REF")"
if [[ $BUILD == 1 ]]; then
  [[ -d "$OLD" ]] || git -C "$ROOT" worktree add --detach "$OLD" "$REF" >&2
  (cd "$OLD" && mvn -B -q -ntp package -DskipTests) >&2
  (cd "$ROOT" && mvn -B -q -ntp package -DskipTests) >&2
fi
CLASSES="$ROOT/pal-bench/target/classes"
run() { # side mode
  local agent props=(-Dpal.backend=coroutines -Dpal.carriers=2)
  case "$1" in
    old) agent="$OLD/pal-agent/target/pal-agent.jar" ;;
    new) agent="$ROOT/pal-agent/target/pal-agent.jar" ;;
    virtual) agent="$ROOT/pal-agent/target/pal-agent.jar"; props=(-Dpal.backend=virtual -Djdk.virtualThreadScheduler.parallelism=2) ;;
  esac
  if [[ "$2" == futures ]]; then
    props=("${props[@]/pal.carriers=2/pal.carriers=1}")
    props=("${props[@]/parallelism=2/parallelism=1}")
  fi
  # shellcheck disable=SC2046 # pal_jvm_flags holds space-separated JVM options
  "$JAVA" -javaagent:"$agent" $(pal_jvm_flags) --enable-native-access=ALL-UNNAMED -Xmx4g "${props[@]}" -cp "$CLASSES" io.pal.bench.AbHarness "$2" \
    | awk -F'\t' '/^RESULT/ {print $3 "\t" $4 "\t" $5}'
}
echo "# A/B: $(git -C "$ROOT" rev-parse --short "$REF") (old) against $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet || echo '+changes') (new), $(date -u +%F) UTC"
echo
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $("$JAVA" -version 2>&1 | head -1)"
echo
echo "| measure | unit | old | new | virtual | new / old | new / virtual |"
echo "|---|---|---:|---:|---:|---:|---:|"
for m in $MODES; do
  o=$(run old "$m"); n=$(run new "$m"); v=$(run virtual "$m")
  ov=$(cut -f1 <<<"$o"); nv=$(cut -f1 <<<"$n"); vv=$(cut -f1 <<<"$v"); unit=$(cut -f2 <<<"$n")
  awk -v m="$m" -v u="$unit" -v o="$ov" -v n="$nv" -v v="$vv" \
    'BEGIN { printf "| %s | %s | %s | %s | %s | %.2f | %.2f |\n", m, u, o, n, v, (o > 0 ? n / o : 0), (v > 0 ? n / v : 0) }'
done
if [[ " $MODES " == *" heap "* ]]; then
  raw=$(run new heap-raw)
  echo
  echo "heap per parked thread of bare JDK virtual threads (Thread.ofVirtual, LockSupport.park, the same shape, no pal API): $(cut -f1 <<<"$raw") B ($(cut -f3 <<<"$raw"))"
fi
if [[ $NET == 1 ]]; then
  echo
  echo "## network (bench/net.sh, coroutines under each build, virtual as the anchor)"
  for side in "$OLD" "$ROOT"; do
    echo
    echo "### $( [[ $side == "$OLD" ]] && echo old || echo new )"
    (cd "$side" && bench/net.sh --backends "virtual coroutines" --scenarios "echo http" --no-go --no-netty --no-build --out "${TMPDIR:-/tmp}/pal-ab-net-$(basename "$side")") | sed -n '/^|/p'
  done
fi
