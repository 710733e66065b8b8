#!/usr/bin/env bash
# The notes of one release: the body of its section in CHANGELOG.md (`## [VERSION] - DATE`, or
# `## [Unreleased]`), without the heading. Fails when the changelog has no such section, so that
# a release cannot go out undocumented.
#
#   release-notes.sh VERSION [CHANGELOG]
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: $0 VERSION [CHANGELOG]" >&2
    exit 2
fi
version="$1"
changelog="${2:-$(dirname "$0")/../CHANGELOG.md}"

awk -v version="$version" '
    /^## \[/ {
        if (found) exit
        heading = $0
        sub(/^## \[/, "", heading)
        sub(/\].*/, "", heading)
        if (heading == version) { found = 1; next }
    }
    # The link definitions at the end of the file.
    /^\[[^]]*\]: / { if (found) exit }
    found { lines[++n] = $0 }
    END {
        if (!found) exit 1
        first = 1
        while (first <= n && lines[first] == "") first++
        last = n
        while (last >= first && lines[last] == "") last--
        for (i = first; i <= last; i++) print lines[i]
    }
' "$changelog" || {
    echo "$0: $changelog has no section for $version" >&2
    exit 1
}
