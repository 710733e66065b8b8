#!/usr/bin/env bash
# How fast plumb reads history: `plumb defects` and `plumb hotspots` against plain
# `git log --numstat` (the floor: the git command plumb runs, with nothing parsed), timed in the
# same run on the same clone.
#
# The history is cloned into a cache outside the repository (a full clone, so that renames and
# blobs are local); later runs fetch into it. By default the clone is of this repository; give
# another repository (a path or a URL that is reachable here) as the argument.
#
# Usage: scripts/bench-history.sh [REPOSITORY]
# Environment:
#   CACHE=DIR     where clones are kept (default: ${XDG_CACHE_HOME:-$HOME/.cache}/plumb-bench-history)
#   SINCE=WHEN    the window, as --since reads it (default: 30 years, the whole history)
#   RUNS=N        timed runs of each command; the best is reported (default: 5)
#   PLUMB=PATH    the plumb binary (default: build target/release/plumb)
#
# It prints one table: seconds (best of RUNS), commits per second, and the time relative to
# the floor. `plumb defects` and `plumb hotspots` also measure every source file of the clone
# (the `plumb metrics` row is that analysis alone); the rows "history alone" give them one
# small file to measure, so that they show what reading and counting the history costs: the
# whole history is read whatever the paths.
set -euo pipefail

die() { printf 'bench-history.sh: %s\n' "$*" >&2; exit 1; }
note() { printf '==> %s\n' "$*" >&2; }

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source_repo=${1:-$root}
cache=${CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/plumb-bench-history}
since=${SINCE:-30 years}
runs=${RUNS:-5}
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive number, not '$runs'"
case $cache in
    "$root" | "$root"/*) die "CACHE must be outside the repository ($root)" ;;
esac

if [[ -n ${PLUMB:-} ]]; then
    plumb=$PLUMB
else
    note "building plumb (release)"
    (cd "$root" && cargo build --quiet --release --bin plumb)
    plumb=$root/target/release/plumb
fi
[[ -x $plumb ]] || die "no plumb binary at $plumb"

name=$(basename "${source_repo%/}" .git)
clone=$cache/$name
mkdir -p "$cache"
if [[ -d $clone/.git ]]; then
    note "updating $clone"
    git -C "$clone" fetch --quiet origin HEAD
    git -C "$clone" checkout --quiet --force --detach FETCH_HEAD
else
    note "cloning $source_repo into $clone"
    git clone --quiet --no-local "$source_repo" "$clone"
fi

commits=$(git -C "$clone" rev-list --count --no-merges --since="$since" HEAD)
files=$(git -C "$clone" ls-files | wc -l)
[[ $commits -gt 0 ]] || die "no commits in the window ($since)"

# The best wall time of RUNS runs of a command, in seconds, run in the clone.
best() {
    local best='' start end elapsed
    for ((run = 0; run < runs; run++)); do
        start=$(date +%s.%N)
        (cd "$clone" && "$@" >/dev/null 2>&1) || true
        end=$(date +%s.%N)
        elapsed=$(echo "$end - $start" | bc -l)
        if [[ -z $best ]] || (($(echo "$elapsed < $best" | bc -l))); then best=$elapsed; fi
    done
    printf '%s' "$best"
}

# The smallest tracked source file, for the "history alone" rows.
small=$(cd "$clone" && git ls-files -z -- '*.rs' '*.py' '*.go' '*.js' '*.ts' '*.java' '*.c' '*.cpp' '*.rb' \
    | xargs -0 -r wc -c 2>/dev/null | grep -v ' total$' | sort -n | awk 'NR == 1 {print $2}')
[[ -n $small ]] || die "no source file in $clone"

note "timing $commits commits ($files files) of $name since $since, best of $runs"
floor=$(best git -c core.quotePath=false log -z --no-merges -M --numstat \
    --format='%x1e%H%x00%aN%x00%aE%x00%at%x00%B%x00' --since="$since" HEAD --)
patches=$(best git -c core.quotePath=false log --no-merges -M -p -U0 --format='%x1e%H%x00%aN%x00%aE' \
    --since="$since" HEAD --)
metrics=$(best "$plumb" metrics --no-progress --format json)
defects=$(best "$plumb" defects --since "$since" --no-progress --format json)
hotspots=$(best "$plumb" hotspots --since "$since" --no-progress --format json)
defects_alone=$(best "$plumb" defects --since "$since" --no-progress --format json "$small")
hotspots_alone=$(best "$plumb" hotspots --since "$since" --no-progress --format json "$small")

row() {
    local label=$1 seconds=$2 per_second ratio
    per_second=$(echo "$commits / $seconds" | bc -l)
    ratio=$(echo "$seconds / $floor" | bc -l)
    printf '%-44s %9.3f %12.0f %8.1fx\n' "$label" "$seconds" "$per_second" "$ratio"
}

printf '\n%s: %s commits (no merges) since %s, %s files; git %s; %s\n\n' \
    "$name" "$commits" "$since" "$files" "$(git --version | cut -d' ' -f3)" "$("$plumb" --version)"
printf '%-44s %9s %12s %9s\n' "command" "seconds" "commits/s" "vs floor"
row "git log --numstat -z (floor)" "$floor"
row "git log -p -U0 (what hotspots adds)" "$patches"
row "plumb metrics (analysis alone, no history)" "$metrics"
row "plumb defects" "$defects"
row "plumb hotspots" "$hotspots"
row "plumb defects, history alone (one file)" "$defects_alone"
row "plumb hotspots, history alone (one file)" "$hotspots_alone"
