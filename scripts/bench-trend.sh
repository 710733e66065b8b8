#!/usr/bin/env bash
# The blob cache of `plumb trend`: about 50 samples of a repository's first-parent history
# against one cold run at HEAD (the same pipeline, one commit), each timed once, and the ratio.
#
# Usage: scripts/bench-trend.sh [REPO]   (default: this repository)
# Environment: PLUMB=path of the binary (default: target/debug/plumb)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
repo=${1:-$root}
plumb=${PLUMB:-$root/target/debug/plumb}
commits=$(git -C "$repo" rev-list --first-parent --count HEAD)
every=$(( commits / 50 > 0 ? commits / 50 : 1 ))
first=$(git -C "$repo" rev-list --max-parents=0 HEAD | tail -1)
seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null; end=$(date +%s.%N); echo "$end - $start" | bc; }
cd "$repo"
one=$(seconds "$plumb" trend HEAD --format json)
many=$(seconds "$plumb" trend --since "$first" --every "$every" --format json)
samples=$("$plumb" trend --since "$first" --every "$every" --format csv | tail -n +2 | wc -l)
printf '%s commits, every %s: %s samples in %.2f s; one cold run %.2f s; ratio %.1f\n' \
    "$commits" "$every" "$samples" "$many" "$one" "$(echo "$many / $one" | bc -l)"
