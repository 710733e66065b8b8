#!/usr/bin/env bash
# Regenerates the screenshots of `plumb report` that docs/report.md shows, from two pages opened
# in headless Chromium by tests/browser/drive.py (the browser test's driver):
#
#   - this repository: `plumb report --history --trend TREND --changed-since HEAD~5`, where TREND
#     is this repository measured at 10 commits of its first-parent history (the `--trend`
#     document, computed here from `plumb check --format json` of each commit's tree): the
#     treemap, the hotspots, the trend and the function table;
#   - tests/coverage/pyproject with coverage.py's report of its own tests: the findings, and the
#     source view shaded by coverage.
#
# Usage: scripts/report-screenshots.sh [OUT_DIR]        (default: docs/img)
# Needs cargo, git, python3 and Chromium (Debian: apt-get install chromium); coverage.py is
# installed from PyPI into a temporary virtual environment. With optipng installed (apt-get
# install optipng) the PNGs are recompressed, about a third smaller.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-$root/docs/img}
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

note() { printf '==> %s\n' "$*" >&2; }

note "building plumb"
(cd "$root" && cargo build --quiet)
plumb=$root/target/debug/plumb

note "measuring this repository at 10 commits for the trend"
mapfile -t commits < <(git -C "$root" rev-list --first-parent --reverse HEAD)
count=${#commits[@]}
samples=10
: >"$work/checks"
for ((k = 0; k < samples; k++)); do
    # Evenly spaced, the first commit and HEAD included.
    commit=${commits[$(( k * (count - 1) / (samples - 1) ))]}
    tree="$work/tree-$k"
    mkdir -p "$tree"
    git -C "$root" archive --format=tar "$commit" | tar -x -C "$tree"
    date=$(git -C "$root" show -s --format=%cI "$commit")
    # The product's code (the binary and the library crates' src), as plumb's own gate measures it.
    paths=()
    for dir in "$tree"/src "$tree"/crates/*/src; do [[ -d $dir ]] && paths+=("${dir#"$tree"/}"); done
    ((${#paths[@]})) || continue
    (cd "$tree" && "$plumb" check --format json --no-progress --allow-empty "${paths[@]}" >"$work/check-$k.json" || true)
    printf '%s %s %s\n' "$commit" "$date" "$work/check-$k.json" >>"$work/checks"
done
python3 - "$work/checks" >"$work/trend.json" <<'EOF'
import json, math, sys

def spread(values):
    values = sorted(values)
    if not values:
        return {"mean": 0, "p90": 0, "max": 0}
    # The 90th percentile by nearest rank: the smallest value with at least 90% at or below it.
    p90 = values[math.ceil(0.9 * len(values)) - 1]
    return {"mean": round(sum(values) / len(values), 2), "p90": p90, "max": values[-1]}

points = []
for line in open(sys.argv[1]):
    commit, date, path = line.split()
    check = json.load(open(path))
    functions = [f for file in check["files"] for f in file["functions"]]
    cyclomatic = [f["cyclomatic"] for f in functions]
    cognitive = [f["cognitive"] for f in functions]
    share = lambda values, limit: round(100 * sum(v > limit for v in values) / max(1, len(values)), 2)
    points.append({
        "commit": commit, "date": date, "functions": len(functions),
        "code": sum(file["code"] for file in check["files"]),
        "cyclomatic": spread(cyclomatic), "cognitive": spread(cognitive),
        "over_threshold": {"cyclomatic": share(cyclomatic, 10), "cognitive": share(cognitive, 15)},
    })
json.dump({"points": points}, sys.stdout, indent=1)
EOF

note "the report of this repository"
(cd "$root" && "$plumb" report --no-progress --history --trend "$work/trend.json" --changed-since HEAD~5 \
    -o "$work/plumb.html")
python3 "$root/tests/browser/drive.py" "$work/plumb.html" --screenshots "$work/plumb" \
    --sort cyclomatic --filter "cc>5" >"$work/plumb.json" || { cat "$work/plumb.json" >&2; exit 1; }

note "the report of tests/coverage/pyproject, with coverage.py"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet coverage==7.18.0
cp -r "$root/tests/coverage/pyproject" "$work/pyproject"
(cd "$work/pyproject" && "$work/venv/bin/coverage" run --branch -m unittest 2>/dev/null \
    && "$work/venv/bin/coverage" json --quiet -o coverage.json \
    && "$plumb" report --no-progress --coverage coverage.json -o "$work/pyproject.html" .)
python3 "$root/tests/browser/drive.py" "$work/pyproject.html" --screenshots "$work/pyproject" \
    --filter "cov<100" >"$work/pyproject.json" || { cat "$work/pyproject.json" >&2; exit 1; }

for name in treemap hotspots trend functions; do
    cp "$work/plumb/report-$name.png" "$out/report-$name.png"
done
for name in findings source; do
    cp "$work/pyproject/report-$name.png" "$out/report-$name.png"
done
if command -v optipng >/dev/null 2>&1; then
    optipng -quiet -o2 -strip all "$out"/report-*.png
fi
ls -l "$out"/report-*.png >&2
