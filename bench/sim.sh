#!/usr/bin/env bash
# The sim backend's speed (ADR 0018): seeds per second that `bin/pal sim` explores of a small program
# (io.pal.examples.HelloStrand: one strand), in one JVM (--jobs 1) and in one JVM per core, with the
# JVM's start taken out (the difference between two seed counts), and virtual hours per second of wall
# time for io.pal.examples.sim.VirtualHours (threads that sleep a second at a time under a lock).
#
# usage: bench/sim.sh [--seeds N] [--hours H] [--threads T]   (defaults: 1000, 24, 4)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SEEDS=1000
HOURS=24
THREADS=4
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seeds) SEEDS="$2"; shift 2 ;;
    --hours) HOURS="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "sim.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
for v in "$SEEDS" "$HOURS" "$THREADS"; do
  [[ "$v" =~ ^[1-9][0-9]*$ ]] || { echo "sim.sh: $v is not an integer >= 1" >&2; exit 2; }
done

# shellcheck source=bin/pal-env.sh
source "$ROOT/bin/pal-env.sh"
pal_find_jdk
pal_ensure_built
APP="$ROOT/examples/target/classes"

millis() { # command... -> prints the wall milliseconds it took (its output is dropped; it must succeed)
  local t0 t1
  t0=$(date +%s%N)
  "$@" >/dev/null 2>&1
  t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000000 ))
}

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| explorer | seeds | wall ms | seeds/s (JVM start taken out) |"
echo "|---|---:|---:|---:|"
cores=$(nproc)
for jobs in 1 "$cores"; do
  small=$(millis "$ROOT/bin/pal" sim --jobs "$jobs" --seeds "1..$jobs" -cp "$APP" io.pal.examples.HelloStrand)
  big=$(millis "$ROOT/bin/pal" sim --jobs "$jobs" --seeds "1..$((SEEDS + jobs))" -cp "$APP" io.pal.examples.HelloStrand)
  echo "| --jobs $jobs | $SEEDS | $big | $(( SEEDS * 1000 / (big - small > 0 ? big - small : 1) )) |"
done

out=$(mktemp)
t0=$(date +%s%N)
PAL_JAVA_OPTS="-Dpal.sim.trace=hash -Dpal.sim.maxSteps=100000000" "$ROOT/bin/pal" run --backend sim --seed 1 \
  -cp "$APP" io.pal.examples.sim.VirtualHours "$HOURS" "$THREADS" >"$out" 2>&1
t1=$(date +%s%N)
wall=$(( (t1 - t0) / 1000000 ))
trace=$(grep '^pal sim: seed=' "$out")
rm -f "$out"
echo
echo "VirtualHours $HOURS h, $THREADS threads: $trace; wall $wall ms (JVM start included):" \
     "$(awk -v h="$HOURS" -v w="$wall" 'BEGIN { printf "%.0f", h * 1000 / w }') virtual hours per wall second"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
