#!/usr/bin/env bash
# Large real corpora for Ruby, PHP, Kotlin, Swift, Scala, Lua, shell, Objective-C, Dart, Haskell, Zig and OCaml: fetched once into a cache
# outside the repository, then analysed file by file by the `corpus` example
# (crates/plumb-metrics/examples/corpus.rs) in release mode, which prints per language the files,
# MB, lines, throughput, median ns/byte, the slowest file's ratio to the median, and panics.
#
# Sources:
#   Debian packages (apt-get download + dpkg-deb -x): Ruby and PHP libraries, Lua modules, shell
#     scripts (detected by their `#!` line when they have no extension);
#   npm packages (npm pack) that ship Kotlin, Swift and Objective-C sources: Expo, React Native
#     and its modules;
#   Dart: Dart's core packages (args, async, collection, path, ...), a shallow clone of
#     github.com/dart-lang/core at the commit below;
#   Haskell: the containers library and pandoc's sources, shallow clones of
#     github.com/haskell/containers and github.com/jgm/pandoc at the commits below;
#   Zig: the Zig language server, a shallow clone of github.com/zigtools/zls at the commit below;
#   OCaml: the compiler, standard library, tools and test suite of OCaml 4.13.1, from Debian's
#     ocaml-source package (apt-get download), which holds their release tarball;
#   Scala: the sources of Debian's scala package when deb-src is configured (apt-get source),
#     and the example files the tree-sitter-scala npm package ships.
#
# Usage: scripts/corpus.sh [fetch|run|all]          (default: all)
# Environment:
#   PLUMB_CORPUS  the cache (default: ~/.cache/plumb-corpus)
set -euo pipefail

die() { printf 'corpus.sh: %s\n' "$*" >&2; exit 1; }
note() { printf '==> %s\n' "$*" >&2; }

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache=${PLUMB_CORPUS:-$HOME/.cache/plumb-corpus}
action=${1:-all}
[[ $action == fetch || $action == run || $action == all ]] || die "unknown action '$action' (fetch, run or all)"

debs=(
    # Ruby
    ruby-rack ruby-rspec-core ruby-rspec-expectations ruby-rspec-mocks ruby-activesupport
    ruby-actionpack ruby-activerecord ruby-thor ruby-sinatra rake
    # PHP
    php-symfony-console php-symfony-http-foundation php-symfony-dependency-injection
    php-guzzlehttp-guzzle php-twig php-league-commonmark phpunit
    # Lua
    lua-penlight lua-busted lua-luassert lua-ldoc
    # Shell
    bash-completion initramfs-tools-core debootstrap dkms bats
)
npms=(
    # Kotlin and Swift
    expo-modules-core react-native-reanimated react-native-gesture-handler
    @react-native-async-storage/async-storage react-native-screens react-native-svg
    react-native-webview expo-camera expo-notifications expo-image
    # Objective-C (with react-native-webview above)
    react-native@0.76.9 react-native-maps@1.29.11
    # Scala examples
    tree-sitter-scala
)
# Dart's core packages, at the commit docs/corpus.md was measured on.
dart_core=25926e846003a123e5249df42c5a1ce30c246e3a
# Haskell: the containers library and pandoc, at the commits docs/corpus.md was measured on.
haskell_containers=85a1ab5ee1be91d712ddaf2e61a4b0bce5b7ab1e
pandoc=0a9a2f261510322ee5a33a2a7facce54b8a718ec
# Zig: the Zig language server, at the commit docs/corpus.md was measured on.
zls=113f79a1d120cfda4cf758bc41273d8d15b4e46a

# clone DIR URL COMMIT: a shallow clone of one commit into $cache/src/DIR.
clone() {
    local dir=$cache/src/$1
    [[ -d $dir ]] && return
    note "git clone $2"
    (git clone --quiet --depth 1 "$2" "$dir.tmp" &&
        git -C "$dir.tmp" fetch --quiet --depth 1 origin "$3" &&
        git -C "$dir.tmp" checkout --quiet "$3" &&
        mv "$dir.tmp" "$dir") || note "no sources from $2"
}

fetch() {
    mkdir -p "$cache/debian" "$cache/npm" "$cache/src"
    local debs_dir=$cache/debian npm_dir=$cache/npm
    if ! ls "$debs_dir"/*.deb >/dev/null 2>&1; then
        note "downloading ${#debs[@]} Debian packages"
        (cd "$debs_dir" && apt-get download "${debs[@]}") || die "apt-get download failed (run apt-get update first?)"
    fi
    for deb in "$debs_dir"/*.deb; do
        local out=$cache/src/debian/$(basename "$deb" .deb)
        [[ -d $out ]] || { mkdir -p "$out" && dpkg-deb -x "$deb" "$out"; }
    done
    for pkg in "${npms[@]}"; do
        local name=${pkg//\//-}
        name=${name#@}
        local out=$cache/src/npm/$name
        [[ -d $out ]] && continue
        note "npm pack $pkg"
        local tarball
        tarball=$(cd "$npm_dir" && npm pack --silent "$pkg" | tail -n 1) || die "npm pack $pkg failed"
        mkdir -p "$out" && tar -xzf "$npm_dir/$tarball" -C "$out"
    done
    if [[ ! -d $cache/src/scala ]] && grep -rqs '^deb-src\|^Types:.*deb-src' /etc/apt/sources.list /etc/apt/sources.list.d/; then
        note "apt-get source scala"
        mkdir -p "$cache/src/scala" && (cd "$cache/src/scala" && apt-get source --download-only scala >/dev/null &&
            for dsc in *.dsc; do dpkg-source -x "$dsc" >/dev/null; done) || note "no Scala sources from deb-src"
    fi
    clone dart-core https://github.com/dart-lang/core "$dart_core"
    clone haskell-containers https://github.com/haskell/containers "$haskell_containers"
    clone pandoc https://github.com/jgm/pandoc "$pandoc"
    clone zls https://github.com/zigtools/zls "$zls"
    if [[ ! -d $cache/src/ocaml ]]; then
        note "apt-get download ocaml-source"
        local tmp=$cache/ocaml.tmp
        (mkdir -p "$tmp" && cd "$tmp" && apt-get download ocaml-source >/dev/null &&
            dpkg-deb -x ocaml-source_*.deb deb && mkdir -p src &&
            tar -xf deb/usr/src/ocaml-source-*.tar -C src &&
            tar -xzf src/*/ocaml_*.orig.tar.gz -C src && rm -f src/*/ocaml_*.orig.tar.gz &&
            mv src "$cache/src/ocaml") || note "no OCaml sources from Debian"
        rm -rf "$tmp"
    fi
}

run() {
    [[ -d $cache/src ]] || die "no corpus in $cache: run '$0 fetch' first"
    cd "$root"
    cargo build --quiet --release -p plumb-metrics --example corpus
    "$root/target/release/examples/corpus" "$cache/src"
}

case $action in
    fetch) fetch ;;
    run) run ;;
    all) fetch && run ;;
esac
