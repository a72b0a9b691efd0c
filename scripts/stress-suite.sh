#!/usr/bin/env bash
# Runs the whole test suite (.ci/run) on fresh clones of this repository, to prove it deterministic:
#   1. N times in a row (default 5),
#   2. two clones at once,
#   3. once while both cores are kept busy (stress-ng --cpu 2, or a shell busy loop).
# Prints each run's "N passed, N failed, N skipped" line and a final verdict; exits non-zero on any failure.
# Usage: scripts/stress-suite.sh [N] [modes...]   modes: serial parallel busy (default: all three)
set -uo pipefail
repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
count=${1:-5}
shift || true
modes=("$@")
[ ${#modes[@]} -gt 0 ] || modes=(serial parallel busy)
work=$(mktemp -d "${TMPDIR:-/tmp}/gctool-stress-XXXXXX")
# mktemp makes it 0700; the attack tests run the built gctool as other users, who must reach it.
chmod 755 "$work"
failures=0
runs=0
busy_pids=()
cleanup() {
  for pid in "${busy_pids[@]}"; do kill "$pid" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT

# run LABEL: clones HEAD into a fresh directory and runs .ci/run there; prints its summary line.
run() {
  local label=$1 dir="$work/$1"
  git clone -q "$repo" "$dir" || { echo "$label: clone failed"; return 1; }
  local log="$work/$label.log"
  (cd "$dir" && .ci/run) >"$log" 2>&1
  local status=$?
  echo "$label: $(tail -n 1 "$log") (exit $status, log $log)"
  return "$status"
}

record() { runs=$((runs + 1)); [ "$1" -eq 0 ] || failures=$((failures + 1)); }

for mode in "${modes[@]}"; do
  case $mode in
    serial)
      for i in $(seq 1 "$count"); do run "serial-$i"; record $?; done ;;
    parallel)
      run parallel-a & a=$!
      run parallel-b & b=$!
      wait "$a"; record $?
      wait "$b"; record $? ;;
    busy)
      if command -v stress-ng >/dev/null; then
        stress-ng --cpu 2 --quiet & busy_pids+=($!)
      else
        for _ in 1 2; do (while :; do :; done) & busy_pids+=($!); done
      fi
      run busy; record $?
      for pid in "${busy_pids[@]}"; do kill "$pid" 2>/dev/null; done
      busy_pids=() ;;
    *) echo "unknown mode: $mode"; exit 2 ;;
  esac
done

trap - EXIT
if [ "$failures" -eq 0 ]; then
  echo "VERDICT: all $runs runs passed"
  rm -rf "$work"
  exit 0
fi
echo "VERDICT: $failures of $runs runs failed (logs kept in $work)"
exit 1
