#!/usr/bin/env bash
# Large real corpora for Ruby, PHP, Kotlin, Swift, Scala, Lua, shell, Objective-C, Dart, Haskell,
# Zig, PowerShell, Fortran, Elixir, R, OCaml, Solidity, Erlang, Julia, GDScript, Vue, Svelte, Elm, Java, Go, JavaScript, TypeScript, C++ and C#: fetched once
# into a cache outside the repository, then analysed file by file by the `corpus` example
# (crates/plumb-metrics/examples/corpus.rs) in release mode, which prints per language the files,
# MB, lines, throughput, median ns/byte, the slowest file's ratio to the median, and panics.
#
# Sources:
#   Debian packages (apt-get download + dpkg-deb -x): Ruby and PHP libraries, Lua libraries
#     and programs, shell scripts (detected by their `#!` line when they have no extension),
#     the R code that R and its CRAN packages ship (tests, demos, vignettes: the packages' own
#     code is byte-compiled),
#     Go's standard library (golang-1.19-src), C++ header libraries and GoogleTest's sources;
#   Java: OpenJDK 17's java.base module, from the src.zip of Debian's openjdk-17-source;
#   JavaScript and TypeScript: npm packages that ship their sources (TypeScript's compiler and
#     lib files, RxJS, ESLint, webpack, three.js, ...);
#   C# and more C++: react-native-windows from npm;
#   npm packages (npm pack) that ship Kotlin, Swift and Objective-C sources: Expo, React Native
#     and its modules;
#   Dart: Dart's core packages (args, async, collection, path, ...), a shallow clone of
#     github.com/dart-lang/core at the commit below;
#   Haskell: the containers library and pandoc's sources, shallow clones of
#     github.com/haskell/containers and github.com/jgm/pandoc at the commits below;
#   Zig: the Zig language server, a shallow clone of github.com/zigtools/zls at the commit below;
#   PowerShell: the Pester test framework, a shallow clone of github.com/pester/Pester at the
#     commit below;
#   Fortran: the Fortran package manager, a shallow clone of github.com/fortran-lang/fpm at the
#     commit below;
#   Elixir: Elixir's own standard library, Mix, ExUnit, IEx and Logger with their tests, a shallow
#     clone of github.com/elixir-lang/elixir at the commit below;
#   R: dplyr's sources and tests, a shallow clone of github.com/tidyverse/dplyr at the commit
#     below;
#   OCaml: the compiler, standard library, tools and test suite of OCaml 4.13.1, from Debian's
#     ocaml-source package (apt-get download), which holds their release tarball;
#   Solidity: the contracts of the npm packages @openzeppelin/contracts and @uniswap/v3-core;
#   Erlang: the sources of Erlang/OTP 25's libraries (stdlib, kernel, compiler, ssl, wx, ...),
#     from Debian's erlang-src package;
#   Julia: DataFrames.jl and Julia's package manager Pkg.jl, shallow clones of
#     github.com/JuliaData/DataFrames.jl and github.com/JuliaLang/Pkg.jl at the commits below
#     (Debian has no Julia package since bookworm);
#   GDScript: the scripts of Godot's demo projects (github.com/godotengine/godot-demo-projects);
#   Vue and Svelte: the components (only the .vue and .svelte files) of the npm packages
#     vitepress (its default theme) and primevue 3, and flowbite-svelte and bits-ui;
#   Elm: elm/core, elm/html, elm/json and rtfeldman/elm-spa-example (github.com);
#   Scala: the Cats library, a shallow clone of github.com/typelevel/cats at the commit below,
#     the sources of Debian's scala package when deb-src is configured (apt-get source), and the
#     example files the tree-sitter-scala npm package ships.
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
    # Lua: libraries, and three programs written in it (LuaRocks, the Prosody XMPP server, the
    # awesome window manager's library) and Lmod
    lua-penlight lua-busted lua-luassert lua-ldoc luarocks prosody awesome lmod
    # Shell
    bash-completion initramfs-tools-core debootstrap dkms bats
    # R
    r-base-core r-cran-ggplot2 r-cran-dplyr r-cran-testthat r-cran-data.table
    # Go
    golang-1.19-src
    # C++
    libgtest-dev libfmt-dev nlohmann-json3-dev libeigen3-dev libspdlog-dev catch2 libcli11-dev
    # Erlang
    erlang-src
    # Java (only java.base is unpacked from its src.zip)
    openjdk-17-source
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
    # JavaScript and TypeScript
    typescript@5.6.3 rxjs@7.8.1 eslint@9.14.0 webpack@5.96.1 three@0.170.0 lodash-es@4.17.21
    @angular/core@19.0.0 date-fns@4.1.0 zod@3.23.8 vue@3.5.12 @babel/parser@7.26.2
    # C# and C++
    react-native-windows@0.76.2
    # Solidity
    @openzeppelin/contracts@5.1.0 @uniswap/v3-core@1.0.1
)
# npm packages whose Vue and Svelte components alone are unpacked (their JavaScript is built
# bundles, which the JavaScript corpus above does not need).
components=(vitepress@1.6.4 primevue@3.53.1 flowbite-svelte@1.33.1 bits-ui@2.21.0)
# Repositories cloned at the commits docs/corpus.md was measured on.
clones=(
    dart-core https://github.com/dart-lang/core 25926e846003a123e5249df42c5a1ce30c246e3a
    haskell-containers https://github.com/haskell/containers 85a1ab5ee1be91d712ddaf2e61a4b0bce5b7ab1e
    pandoc https://github.com/jgm/pandoc 0a9a2f261510322ee5a33a2a7facce54b8a718ec
    zls https://github.com/zigtools/zls 113f79a1d120cfda4cf758bc41273d8d15b4e46a
    pester https://github.com/pester/Pester ec8ca45bc782a055cf3c87bdb60a497f5a77536f
    fpm https://github.com/fortran-lang/fpm 80b06defc4cad13dc26505d6aa12c07575446214
    elixir https://github.com/elixir-lang/elixir 63a7a054ceb2383d795731db8e6ea28aa30e4a03
    dplyr https://github.com/tidyverse/dplyr d5e94e7fa8fd4a5f79c1a707d1842216bb4c691f
    dataframes-jl https://github.com/JuliaData/DataFrames.jl 3924697ea6c02ac186a95b298a4e06b52e881b53
    pkg-jl https://github.com/JuliaLang/Pkg.jl e52498951d1169fca898632ba14741c3883b1b4e
    godot-demo-projects https://github.com/godotengine/godot-demo-projects cae8dc567a56d3e7936f171bcb85f0ccb9634ad0
    scala-cats https://github.com/typelevel/cats 7f2dce5162074c0a0ebc597b89b6cd25e5fe0536
    elm-core https://github.com/elm/core 65cea00afa0de03d7dda0487d964a305fc3d58e3
    elm-html https://github.com/elm/html 1affbf39efef4b4529110a567f706130c178a457
    elm-json https://github.com/elm/json 2865dfce97a75724a75583a214d3a287d2abecd4
    elm-spa-example https://github.com/rtfeldman/elm-spa-example cb32acd73c3d346d0064e7923049867d8ce67193
)

# A shallow clone of repository $2 at commit $3 into the cache's src/$1.
clone() {
    local out=$cache/src/$1
    [[ -d $out ]] && return
    note "git clone $2"
    (git clone --quiet --depth 1 "$2" "$out.tmp" &&
        git -C "$out.tmp" fetch --quiet --depth 1 origin "$3" &&
        git -C "$out.tmp" checkout --quiet "$3" &&
        mv "$out.tmp" "$out") || note "no sources from $2"
}

# npm package $1 (npm pack) unpacked into a directory of its own under $2: its files whose
# names match the extended regular expression $3 (default: all).
npm_unpack() {
    local pkg=$1 under=$2 files=${3:-.}
    local name=${pkg//\//-}
    name=${name#@}
    local out=$under/$name
    [[ -d $out ]] && return
    note "npm pack $pkg"
    local tarball
    tarball=$(cd "$cache/npm" && npm pack --silent "$pkg" | tail -n 1) || die "npm pack $pkg failed"
    mkdir -p "$out" && tar -tzf "$cache/npm/$tarball" | grep -E "$files" | tar -xzf "$cache/npm/$tarball" -C "$out" -T -
}

fetch() {
    mkdir -p "$cache/debian" "$cache/npm" "$cache/src"
    local debs_dir=$cache/debian
    local missing=() pkg
    for pkg in "${debs[@]}"; do
        ls "$debs_dir/${pkg}_"*.deb >/dev/null 2>&1 || missing+=("$pkg")
    done
    if ((${#missing[@]})); then
        note "downloading ${#missing[@]} Debian packages"
        (cd "$debs_dir" && apt-get download "${missing[@]}") || die "apt-get download failed (run apt-get update first?)"
    fi
    for deb in "$debs_dir"/*.deb; do
        local out=$cache/src/debian/$(basename "$deb" .deb)
        [[ $deb == */openjdk-17-source_* ]] && continue
        [[ -d $out ]] || { mkdir -p "$out" && dpkg-deb -x "$deb" "$out"; }
    done
    # java.base alone: the whole src.zip is 8,000 files of every module.
    if [[ ! -d $cache/src/java-base ]]; then
        local jdk=$cache/openjdk-17-source
        rm -rf "$jdk" && mkdir -p "$jdk" && dpkg-deb -x "$debs_dir"/openjdk-17-source_*.deb "$jdk"
        local zip
        zip=$(find "$jdk" -name src.zip | head -n 1)
        [[ -n $zip ]] || die "no src.zip in openjdk-17-source"
        mkdir -p "$cache/src/java-base.tmp" && (cd "$cache/src/java-base.tmp" && unzip -q "$zip" 'java.base/*') \
            && mv "$cache/src/java-base.tmp" "$cache/src/java-base"
        rm -rf "$jdk"
    fi
    for pkg in "${npms[@]}"; do
        npm_unpack "$pkg" "$cache/src/npm"
    done
    for pkg in "${components[@]}"; do
        npm_unpack "$pkg" "$cache/src/components" '\.(vue|svelte)$'
    done
    if [[ ! -d $cache/src/scala ]] && grep -rqs '^deb-src\|^Types:.*deb-src' /etc/apt/sources.list /etc/apt/sources.list.d/; then
        note "apt-get source scala"
        mkdir -p "$cache/src/scala" && (cd "$cache/src/scala" && apt-get source --download-only scala >/dev/null &&
            for dsc in *.dsc; do dpkg-source -x "$dsc" >/dev/null; done) || note "no Scala sources from deb-src"
    fi
    local i
    for ((i = 0; i < ${#clones[@]}; i += 3)); do
        clone "${clones[@]:i:3}"
    done
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
