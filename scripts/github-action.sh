#!/usr/bin/env bash
# The steps of the GitHub Action (action.yml), which runs them with its inputs as environment
# variables:
#
#   github-action.sh install   PLUMB_VERSION (default: the version in this checkout's Cargo.toml)
#   github-action.sh check     PLUMB_PATHS, PLUMB_ARGS, PLUMB_MODE (all | changed), PLUMB_BASE,
#                              PLUMB_SARIF (true | false), PLUMB_BASE_REF (the pull request's base)
#
# `install` puts plumb-lint==VERSION in a directory of its own and its scripts directory on
# $GITHUB_PATH. `check` runs `plumb check --format github` (annotations, and the report in the
# job summary), and with PLUMB_SARIF=true writes the SARIF log too; it records plumb's exit
# status in the step's outputs (`exit-code`, `sarif-file`) and exits 0, so that the SARIF is
# uploaded before a later step fails the job.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
temp="${RUNNER_TEMP:-${TMPDIR:-/tmp}}"

fail() {
    echo "::error title=plumb::$1"
    exit 2
}

# The version of this checkout: the first `version = "..."` of Cargo.toml, the workspace's.
own_version() {
    sed -n 's/^version = "\(.*\)"$/\1/p' "$here/Cargo.toml" | head -n 1
}

install() {
    local version="${PLUMB_VERSION:-}"
    [ -n "$version" ] || version="$(own_version)"
    [ -n "$version" ] || fail "no version to install: set the action's \`version\` input"
    local python
    python="$(command -v python3 || command -v python)" || fail "plumb installs with Python, which is not on PATH"
    # A directory of its own, not an environment: no virtual environment to make (seconds), and
    # pip installs there even where the system's Python is managed by the system (PEP 668).
    # An earlier step of the job may have installed it there already.
    local dir="$temp/plumb-$version"
    if ! [ -f "$dir/bin/plumb" ] && ! [ -f "$dir/Scripts/plumb.exe" ]; then
        PIP_ROOT_USER_ACTION=ignore "$python" -m pip install --quiet --disable-pip-version-check \
            --target "$dir" "plumb-lint==$version"
    fi
    # bin, or Scripts on Windows.
    local scripts="$dir/bin"
    [ -d "$scripts" ] || scripts="$dir/Scripts"
    echo "$scripts" >>"$GITHUB_PATH"
    "$scripts/plumb" --version
}

# The `plumb check` arguments of the inputs, but the format, into the array `args`.
check_args() {
    args=()
    case "${PLUMB_MODE:-all}" in
        all) ;;
        changed)
            local base="${PLUMB_BASE:-}"
            if [ -z "$base" ] && [ -n "${PLUMB_BASE_REF:-}" ]; then base="origin/$PLUMB_BASE_REF"; fi
            [ -n "$base" ] || fail "mode: changed needs a base revision: set \`base\`, or run on a pull request"
            git rev-parse --verify --quiet "$base^{commit}" >/dev/null ||
                fail "the base \`$base\` is not in this clone: check out with \`fetch-depth: 0\`"
            args+=(--changed-since "$base")
            ;;
        *) fail "unknown mode \`$PLUMB_MODE\`: expected all or changed" ;;
    esac
    # Inputs are split on white space, without globbing and without quoting.
    set -f
    # shellcheck disable=SC2206
    args+=(${PLUMB_ARGS:-} -- ${PLUMB_PATHS:-.})
    set +f
}

check() {
    local -a args
    check_args
    local status=0
    plumb check --format github "${args[@]}" || status=$?
    if [ "${PLUMB_SARIF:-false}" = true ] && [ "$status" -ne 2 ]; then
        local sarif="$temp/plumb.sarif"
        plumb check --format sarif --output "$sarif" --exit-zero "${args[@]}" || status=$?
        echo "sarif-file=$sarif" >>"$GITHUB_OUTPUT"
    fi
    echo "exit-code=$status" >>"$GITHUB_OUTPUT"
}

case "${1:-}" in
    install) install ;;
    check) check ;;
    *)
        echo "usage: $0 install|check" >&2
        exit 2
        ;;
esac
