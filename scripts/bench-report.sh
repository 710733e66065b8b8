#!/usr/bin/env bash
# Size and opening time of `plumb report` on a large real corpus: the standard library of the
# local CPython (*.py, site-packages excluded, as scripts/bench.sh measures it). The page is
# opened RUNS times in headless Chromium by tests/browser/drive.py, which reads the page's own
# clock (`plumbTimes`: milliseconds from opening the page to the end of its script, `drawn`, to
# the first frame after it, `shown`, and to the end of parsing the sources that follow the
# script, `loaded`); the best, median and worst runs are printed.
#
# Usage: scripts/bench-report.sh [STDLIB_DIR]     (default: the lib/python3.X of python3)
# Environment: RUNS=N (default 7); PLUMB=path to a plumb binary (default: a release build).
# Needs cargo, python3 and Chromium (Debian: apt-get install chromium).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${RUNS:-7}
stdlib=${1:-$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [[ -z ${PLUMB:-} ]]; then
    (cd "$root" && cargo build --release --quiet)
    PLUMB=$root/target/release/plumb
fi
PLUMB=$(realpath "$PLUMB")
mkdir -p "$work/stdlib"
(cd "$stdlib" && find . -path ./site-packages -prune -o -type f -name '*.py' -print0 \
    | cpio -0pdm --quiet "$work/stdlib")
files=$(find "$work/stdlib" -name '*.py' | wc -l)
echo "corpus: $stdlib ($files files), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
(cd "$work/stdlib" && /usr/bin/time -f '%e s, %M KB peak' "$PLUMB" report --no-progress -o "$work/report.html" . 2>&1 \
    | grep -v '^warning:')
for ((run = 1; run <= runs; run++)); do
    python3 "$root/tests/browser/drive.py" --open-only "$work/report.html" >"$work/run-$run.json"
done
python3 - "$work" "$runs" <<'PY'
import json, statistics, sys
work, runs = sys.argv[1], int(sys.argv[2])
seen = [json.load(open(f"{work}/run-{run}.json")) for run in range(1, runs + 1)]
for result in seen:
    assert "error" not in result and not result["console"] and not result["requests"], result
counts = seen[0]["counts"]
print(f"page: {counts['table_count']}, {counts['treemap_files']} files drawn in the treemap")
for key in ("data", "drawn", "shown", "loaded"):
    values = sorted(result["times_ms"][key] for result in seen)
    print(f"{key:>6}: best {values[0]} ms, median {statistics.median(values):.0f} ms, worst {values[-1]} ms")
PY
