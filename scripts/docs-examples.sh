#!/usr/bin/env bash
# The examples the README shows, made from this repository's own history at fixed commits:
#   docs/img/trend.svg           `plumb trend --format svg`, every 5th commit of the first-parent
#                                history up to COMMIT
#   docs/examples/pr-comment.md  `plumb diff --format markdown` of the merge COMMIT against its
#                                first parent: the comment its pull request would have had
# Both are read from a local clone checked out at COMMIT (sharing this repository's objects), so
# the working tree here does not matter. The same commits give the same files:
# tests/it/docs_examples.rs regenerates them and compares.
#
# Usage: scripts/docs-examples.sh [OUT]   (default: the repository; OUT gets img/ and examples/)
# Environment: PLUMB=path of the binary (default: target/debug/plumb)
set -euo pipefail

COMMIT=b1628c039240e1695d310ff5035cafabe3c0de3e
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-$root/docs}
plumb=${PLUMB:-$root/target/debug/plumb}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

git -C "$root" cat-file -e "$COMMIT^{commit}" 2>/dev/null ||
    { echo "docs-examples.sh: $COMMIT is not in this clone (a shallow clone? fetch the full history)" >&2; exit 1; }
git clone --quiet --shared --no-checkout "$root" "$work/repo"
git -C "$work/repo" -c advice.detachedHead=false checkout --quiet "$COMMIT"
first=$(git -C "$work/repo" rev-list --max-parents=0 HEAD | tail -1)
mkdir -p "$out/img" "$out/examples"
(cd "$work/repo" && "$plumb" trend --since "$first" --every 5 --format svg -o "$out/img/trend.svg")
(cd "$work/repo" && "$plumb" diff HEAD^1 --format markdown --exit-zero -o "$out/examples/pr-comment.md")
