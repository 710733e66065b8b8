#!/usr/bin/env bash
# Memory and speed of reading a large coverage report: generates an LCOV tracefile of about
# SIZE_MB megabytes (1,000 files of 1,000 instrumented lines, one record per file and test run,
# as `lcov` writes when it merges per-test traces without aggregating), then reads it with
# `plumb check --coverage` in an empty directory under /usr/bin/time -v, and prints the
# report's size, the time, MB/s, and the peak RSS. A streaming reader's memory grows with the
# number of distinct lines (here 1,000,000), not with the size of the report. The report's
# files are not there, so the run ends with exit code 2 once the report is read (a report that
# names no file cannot pass a gate): what is measured is the reading.
# scripts/bench-coverage-amplified.sh measures reports whose regions claim millions of lines.
#
# Usage: scripts/bench-coverage.sh            Environment: SIZE_MB (default 1024), KEEP=1
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
size_mb=${SIZE_MB:-1024}
[[ $size_mb =~ ^[1-9][0-9]*$ ]] || { echo "SIZE_MB must be a positive number" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "/usr/bin/time (GNU time) is needed" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/plumb-bench-coverage.XXXXXX")
[[ -n ${KEEP:-} ]] && echo "kept in $work" >&2 || trap 'rm -rf "$work"' EXIT

cargo build --quiet --release --bin plumb --manifest-path "$root/Cargo.toml"
plumb=$root/target/release/plumb

python3 - "$work/big.info" "$size_mb" <<'PY'
import sys
path, size_mb = sys.argv[1], int(sys.argv[2])
files, lines = 1000, 1000
record = []
with open(path, "w") as out:
    run = 0
    while out.tell() < size_mb * 1_000_000:
        for f in range(files):
            chunk = [f"TN:run{run}\nSF:/ci/project/src/module{f}.py\n"]
            chunk += [f"DA:{n},{(n * 7 + run + f) % 5}\n" for n in range(1, lines + 1)]
            chunk.append(f"LF:{lines}\nLH:{lines}\nend_of_record\n")
            out.write("".join(chunk))
        run += 1
    print(f"{run} runs of {files} files x {lines} lines", file=sys.stderr)
PY
bytes=$(stat -c %s "$work/big.info")
mkdir -p "$work/empty"
( cd "$work/empty" && /usr/bin/time -v "$plumb" check --coverage "$work/big.info" --format json --exit-zero \
    >"$work/out.json" 2>"$work/time.txt" ) || true
seconds=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$work/time.txt")
rss_kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time.txt")
awk -v b="$bytes" -v s="$seconds" -v r="$rss_kb" 'BEGIN {
    printf "report %.0f MB, read in %.1f s (%.0f MB/s), peak RSS %.0f MB (%.1f%% of the report)\n",
        b / 1e6, s, b / 1e6 / s, r / 1024, 100 * r * 1024 / b }'
