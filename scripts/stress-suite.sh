#!/usr/bin/env bash
# Runs the whole test suite (.ci/run) on fresh clones of this repository, to prove it deterministic:
#   1. N times in a row (default 5),
#   2. two clones at once,
#   3. once while both cores are kept busy (stress-ng --cpu 2, or a shell busy loop).
# Prints each run's "N passed, N failed, N skipped" line with its wall time, the ten slowest tests of
# the first run, and a final verdict; exits non-zero on any failure. Logs and test results (trx) stay
# in the printed results directory; the clones are removed.
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
results="$work/results"
mkdir -p "$results"
cleanup() {
  for pid in "${busy_pids[@]}"; do kill "$pid" 2>/dev/null; done
  find "$work" -mindepth 1 -maxdepth 1 ! -name results -exec rm -rf {} +
}
trap cleanup EXIT

# run LABEL: clones HEAD into a fresh directory and runs .ci/run there; prints its summary line.
run() {
  local label=$1 dir="$work/$1"
  git clone -q "$repo" "$dir" || { echo "$label: clone failed"; return 1; }
  local log="$results/$label.log" started=$SECONDS
  (cd "$dir" && .ci/run --logger trx --results-directory "$results/$label") >"$log" 2>&1
  local status=$?
  echo "$label: $(tail -n 1 "$log") in $(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s, load $(cut -d' ' -f1-3 /proc/loadavg) (exit $status, log $log)"
  rm -rf "$dir"
  return "$status"
}

# slowest LABEL: the ten slowest tests of that run, from its trx files.
slowest() {
  python3 - "$results/$1" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
rows = []
for path in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    for r in ET.parse(path).getroot().iterfind(".//t:UnitTestResult", ns):
        h, m, s = r.get("duration", "0:0:0").split(":")
        rows.append((int(h) * 3600 + int(m) * 60 + float(s), r.get("outcome"), r.get("testName")))
print("ten slowest tests:")
for seconds, outcome, name in sorted(rows, reverse=True)[:10]:
    print(f"  {seconds:7.1f} s  {outcome:7}  {name}")
PY
}

record() { runs=$((runs + 1)); [ "$1" -eq 0 ] || failures=$((failures + 1)); }

first=""
for mode in "${modes[@]}"; do
  case $mode in
    serial)
      for i in $(seq 1 "$count"); do run "serial-$i"; record $?; first=${first:-serial-$i}; done ;;
    parallel)
      run parallel-a & a=$!
      run parallel-b & b=$!
      wait "$a"; record $?
      wait "$b"; record $?; first=${first:-parallel-a} ;;
    busy)
      if command -v stress-ng >/dev/null; then
        stress-ng --cpu 2 --quiet & busy_pids+=($!)
      else
        for _ in 1 2; do (while :; do :; done) & busy_pids+=($!); done
      fi
      run busy; record $?; first=${first:-busy}
      for pid in "${busy_pids[@]}"; do kill "$pid" 2>/dev/null; done
      busy_pids=() ;;
    *) echo "unknown mode: $mode"; exit 2 ;;
  esac
done

[ -z "$first" ] || slowest "$first"
if [ "$failures" -eq 0 ]; then
  echo "VERDICT: all $runs runs passed (logs and results in $results)"
  exit 0
fi
echo "VERDICT: $failures of $runs runs failed (logs and results in $results)"
exit 1
