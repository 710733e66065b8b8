#!/usr/bin/env bash
# The binary archive a release attaches for one target, made from that target's wheel, so that it
# holds the very binary the wheel installs:
#
#   release-archive.sh WHEEL TARGET OUT_DIR
#
# writes OUT_DIR/plumb-VERSION-TARGET.tar.gz (.zip for Windows), which holds
# plumb-VERSION-TARGET/plumb (plumb.exe), and beside it plumb-VERSION-TARGET.tar.gz.sha256 in
# the format of `sha256sum`. cargo-binstall finds them from [package.metadata.binstall] in
# Cargo.toml. .github/workflows/release.yml runs it; so does a test, on the wheel it builds.
set -euo pipefail

if [ $# -ne 3 ]; then
    echo "usage: $0 WHEEL TARGET OUT_DIR" >&2
    exit 2
fi
wheel="$1" target="$2" out="$3"

# plumb_lint-0.1.0-py3-none-manylinux_2_17_x86_64.whl: the version is the second field.
name="$(basename "$wheel")"
version="$(echo "$name" | cut -d- -f2)"
case "$name" in
    plumb_lint-*.whl) ;;
    *)
        echo "$0: $wheel is not a plumb-lint wheel" >&2
        exit 2
        ;;
esac
exe=""
case "$target" in *windows*) exe=".exe" ;; esac

stem="plumb-$version-$target"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 -m zipfile -e "$wheel" "$work/wheel"
binary="$work/wheel/plumb_lint-$version.data/scripts/plumb$exe"
if [ ! -f "$binary" ]; then
    echo "$0: $wheel holds no plumb_lint-$version.data/scripts/plumb$exe" >&2
    exit 1
fi
mkdir -p "$work/$stem" "$out"
cp "$binary" "$work/$stem/plumb$exe"
# Zip archives keep no permissions: the binary is executable again here.
chmod 755 "$work/$stem/plumb$exe"

if [ -n "$exe" ]; then
    archive="$stem.zip"
    (cd "$work" && python3 -m zipfile -c "$archive" "$stem")
else
    archive="$stem.tar.gz"
    tar -czf "$work/$archive" -C "$work" "$stem"
fi
mv "$work/$archive" "$out/$archive"
(cd "$out" && sha256sum "$archive" >"$archive.sha256")
echo "$out/$archive"
