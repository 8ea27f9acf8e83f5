#!/usr/bin/env bash
# Startup cost: runs the one-strand program io.pal.examples.HelloStrand N times per backend, through
# bin/pal run and through plain java -javaagent:pal-agent.jar (no other flag), interleaving the
# backends so that the machine's load hits them alike, and prints a markdown table of the best and
# median wall-clock times with each backend's ratio to threads in the same run. The shims' cache of
# rewritten JDK classes (ADR 0011) lives in a fresh directory (XDG_CACHE_HOME) for the run: the first
# coroutines run of each launch fills it and is reported on a row of its own; the N timed runs reuse it.
#
# usage: bench/startup.sh [--runs N] [--backends "B ..."]   (defaults: 10, "threads coroutines")
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS=10
BACKENDS="threads coroutines"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --backends) BACKENDS="$2"; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "startup.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "startup.sh: --runs $RUNS is not an integer >= 1" >&2; exit 2; }

# shellcheck source=bin/pal-env.sh
source "$ROOT/bin/pal-env.sh"
pal_find_jdk
pal_ensure_built
APP="$ROOT/examples/target/classes"
MAIN=io.pal.examples.HelloStrand
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
export XDG_CACHE_HOME="$TMP/cache"

run_once() { # how backend -> prints milliseconds
  local how=$1 backend=$2 t0 t1
  t0=$(date +%s%N)
  case "$how" in
    bin/pal) "$ROOT/bin/pal" run --backend "$backend" -cp "$APP" "$MAIN" >"$TMP/out" 2>"$TMP/err" ;;
    javaagent) "$JAVA_HOME/bin/java" -javaagent:"$PAL_AGENT_JAR" -Dpal.backend="$backend" -cp "$APP" "$MAIN" >"$TMP/out" 2>"$TMP/err" ;;
  esac
  t1=$(date +%s%N)
  grep -q "hello from a strand on $backend" "$TMP/out" || { echo "startup.sh: $how $backend did not say hello:" >&2; cat "$TMP/err" >&2; exit 1; }
  if [[ -s "$TMP/err" ]]; then echo "startup.sh: $how $backend wrote to stderr:" >&2; cat "$TMP/err" >&2; exit 1; fi
  echo $(((t1 - t0) / 1000000))
}

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
for how in bin/pal javaagent; do # the first run after a build: the shims transform afresh
  rm -rf "$XDG_CACHE_HOME"
  run_once "$how" coroutines > "$TMP/${how//\//_}-first"
done
for ((i = 0; i < RUNS; i++)); do
  for how in bin/pal javaagent; do
    for b in $BACKENDS; do
      run_once "$how" "$b" >> "$TMP/${how//\//_}-$b"
    done
  done
done

stat() { sort -n "$1" | awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%d %d\n", v[1], m }'; }
echo "| launch | backend | best ms | median ms | best / threads | median / threads |"
echo "|---|---|---:|---:|---:|---:|"
for how in bin/pal javaagent; do
  read -r tb tm < <(stat "$TMP/${how//\//_}-threads")
  for b in $BACKENDS; do
    read -r best med < <(stat "$TMP/${how//\//_}-$b")
    label=$([[ $how == bin/pal ]] && echo '`bin/pal run`' || echo '`java -javaagent`')
    awk -v l="$label" -v b="$b" -v x="$best" -v y="$med" -v tb="$tb" -v tm="$tm" \
      'BEGIN { printf "| %s | %s | %d | %d | %.2f | %.2f |\n", l, b, x, y, x / tb, y / tm }'
  done
  awk -v l="$label" -v x="$(cat "$TMP/${how//\//_}-first")" -v tm="$tm" \
    'BEGIN { printf "| %s | coroutines, first run (empty cache) | %d | | | %.2f |\n", l, x, x / tm }'
done
echo
echo "$RUNS runs each, $("$JAVA_HOME/bin/java" -version 2>&1 | head -1), $(nproc) cores, load average before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg)"
