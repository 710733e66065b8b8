#!/usr/bin/env bash
# Time and memory of reports whose regions claim far more lines than their size: a Go
# coverprofile of 10,000 blocks of 10,000 lines each (about 560 KB) and an llvm-cov export of
# 2,000 regions each wrapping over 100,000 lines (about 130 KB), each for a file of 7 lines.
# Regions stay ranges of lines until they meet the file, so each run should take well under a
# second and a few MB; spread one entry a line, such reports took 23 s and 2.9 GB (the Go
# profile), and 61 s and 5.7 GB (an llvm-cov export of half as many regions).
# Prints the time and peak RSS of `plumb check --coverage` on each, and fails when one is over
# MAX_SECONDS (default 5) or MAX_MB (default 100).
#
# Usage: scripts/bench-coverage-amplified.sh      Environment: MAX_SECONDS, MAX_MB, KEEP=1
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
max_seconds=${MAX_SECONDS:-5}
max_mb=${MAX_MB:-100}
[[ -x /usr/bin/time ]] || { echo "/usr/bin/time (GNU time) is needed" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/plumb-bench-amplified.XXXXXX")
[[ -n ${KEEP:-} ]] && echo "kept in $work" >&2 || trap 'rm -rf "$work"' EXIT

cargo build --quiet --release --bin plumb --manifest-path "$root/Cargo.toml"
plumb=$root/target/release/plumb

cd "$work"
git init --quiet
mkdir src
printf 'package app\n\n// F is 1 for a positive x.\nfunc F(x int) int {\n\tif x > 0 { return 1 }\n\treturn 0\n}\n' >src/app.go
printf 'int f(int x) {\n    if (x > 0) {\n        return 1;\n    }\n    return 0;\n}\n\n' >src/app.c
printf 'module example.com/app\n\ngo 1.21\n' >go.mod
python3 - <<'PY'
with open("go_amp.out", "w") as out:
    out.write("mode: count\n")
    for i in range(10_000):
        first = 1 + i * 10_000
        out.write(f"example.com/app/src/app.go:{first}.1,{first + 9_999}.2 1 {i + 1}\n")
segments = []
for i in range(2_000):
    start = 1 + i * 100_001
    segments.append(f"[{start},1,{i + 1},true,true,false]")
    segments.append(f"[{start + 100_000},1,0,false,false,false]")
with open("llvm_amp.json", "w") as out:
    out.write('{"type": "llvm.coverage.json.export", "version": "2.0.1", "data": [{"files": [{"filename": "src/app.c", "segments": [')
    out.write(",".join(segments))
    out.write("]}]}]}")
PY

status=0
for report in go_amp.out llvm_amp.json; do
    /usr/bin/time -f '%e %M' -o time.txt "$plumb" check --coverage "$report" --exit-zero --no-summary \
        >/dev/null 2>stderr.txt || true
    read -r seconds rss_kb <time.txt
    printf '%-14s %7d bytes  %6.2f s  peak RSS %6.1f MB\n' "$report" "$(stat -c %s "$report")" "$seconds" \
        "$(awk -v r="$rss_kb" 'BEGIN { print r / 1024 }')"
    if awk -v s="$seconds" -v r="$rss_kb" -v ms="$max_seconds" -v mm="$max_mb" \
        'BEGIN { exit !(s > ms || r / 1024 > mm) }'; then
        echo "  over the bound of $max_seconds s or $max_mb MB" >&2
        status=1
    fi
done
exit $status
