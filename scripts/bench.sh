#!/usr/bin/env bash
# Throughput and memory of `plumb check` against raw tree-sitter parsing and against a peer tool
# (rust-code-analysis-cli, when installed), on real corpora, one language each but the registry:
#   python    the standard library of the local python3 (*.py, site-packages excluded)
#   registry  the crate sources in cargo's registry (~/.cargo/registry/src/*/): Rust, some C
#   kernel    the C of the Linux kernel's kernel/, mm/, lib/ and block/ (KERNEL, default
#             /usr/src/linux-source-6.1 or /work/corpora/linux-source-6.1; KERNEL_DIRS)
#   java go javascript typescript cpp csharp ruby php kotlin swift scala lua bash objc dart
#   haskell zig powershell fortran elixir r ocaml solidity erlang julia gdscript elm
#             the files of that language in the corpus scripts/corpus.sh fetches (PLUMB_CORPUS,
#             default ~/.cache/plumb-corpus): OpenJDK's java.base, Go's standard library, npm
#             packages (JavaScript, TypeScript, C#), Debian's C++ libraries, ...; bash adds
#             the kernel's shell scripts, where its sources are
# A language corpus is copied (its files of that language, hidden directories and files over
# 5 MB left out) into a temporary directory, so that every tool sees the same files.
#
# For each corpus it runs the parse bench (crates/plumb-metrics/benches/parse.rs: raw parse and
# in-process analysis, same files and threads; on Linux the raw parse again with jemalloc as
# tree-sitter's allocator, as in plumb's binary), `plumb check --format json` under
# /usr/bin/time -v, and the peer (`rust-code-analysis-cli -m -O json -j JOBS -p DIR`, its
# metrics as JSON to /dev/null) on the corpora of the languages it reads (Python, Rust and C,
# C++, Java, JavaScript, TypeScript), several times, and prints one table.
#
# Usage: scripts/bench.sh [CORPUS...]      (default: python registry)
# Environment:
#   JOBS=N        threads for plumb (-j), the bench and the peer (default: nproc)
#   RUNS=N        rounds of timed runs (bench first, then plumb first, and so on); the best
#                 of each measurement is reported, and each round's wall-clock ratio (default: 3)
#   CARGO_HOME    where the registry is (default: ~/.cargo)
#   PEER=0        do not run rust-code-analysis-cli (it is skipped, with a note, when absent:
#                 cargo install --locked rust-code-analysis-cli)
#   CACHE=0       skip the result-cache and small-run measurements
#   KEEP_LOGS=1   keep the temporary directory with every run's output
#   IDLE_WAIT=S   before each timed run, wait up to S seconds for the CPUs to be idle (default 300)
#   INSTRUCTIONS=1  also count instructions with valgrind (callgrind) on a sample of each corpus,
#                 single-threaded: deterministic figures for a shared or noisy machine
#   SAMPLE=N      the instruction sample is every Nth file in path order (default 8)
#   KERNEL=path   also the Linux sources at path (optional): raw parsing against
#                 `plumb check --no-ignore` in JSON and SARIF, wall time and peak RSS, in RUNS
#                 rounds (about 5 minutes each on 2 cores)
#
# Then the result cache: `plumb check --format json` with an empty cache (cold), again with the
# cache it filled (warm), and on the python corpus after one file changed, RUNS times each.
#
# Targets: plumb check >= 85% of raw parse lines/s on every corpus; at least 4x the peer's
# speed; peak RSS <= 200 MB on the registry corpus; a warm run <= 10% of a cold one; on the
# kernel, wall <= 1.3x raw parsing and peak RSS <= 250 MB.
# `plumb check` exits 1 when it reports error-level findings; that is expected here.
set -euo pipefail

die() { printf 'bench.sh: %s\n' "$*" >&2; exit 1; }
note() { printf '==> %s\n' "$*" >&2; }

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

jobs=${JOBS:-$(nproc)}
runs=${RUNS:-3}
[[ $jobs =~ ^[1-9][0-9]*$ ]] || die "JOBS must be a positive number, not '$jobs'"
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive number, not '$runs'"
corpora=("$@")
[[ ${#corpora[@]} -gt 0 ]] || corpora=(python registry)
# The language corpora: name, file name pattern (find -regex, on the whole path), and where
# below the corpus cache ($PLUMB_CORPUS/src) their files are.
declare -A lang_regex=(
    [java]='.*\.java' [go]='.*\.go' [javascript]='.*\.\(js\|mjs\|cjs\|jsx\)' [typescript]='.*\.\(ts\|tsx\|mts\|cts\)'
    [cpp]='.*\.\(cc\|cpp\|cxx\|hh\|hpp\|hxx\|ipp\|tcc\|inl\)' [csharp]='.*\.cs' [ruby]='.*\.rb' [php]='.*\.php'
    [kotlin]='.*\.kts?' [swift]='.*\.swift' [scala]='.*\.\(scala\|sc\)' [lua]='.*\.lua' [bash]='.*\.\(sh\|bash\)'
    [objc]='.*\.mm?' [dart]='.*\.dart' [haskell]='.*\.hs' [zig]='.*\.zig' [powershell]='.*\.\(ps1\|psm1\|psd1\)'
    [fortran]='.*\.\(f90\|F90\|f95\|f03\|f08\)' [elixir]='.*\.\(ex\|exs\)' [r]='.*\.[rR]' [ocaml]='.*\.ml'
    [solidity]='.*\.sol' [erlang]='.*\.\(erl\|hrl\)' [julia]='.*\.jl' [gdscript]='.*\.gd' [elm]='.*\.elm'
)
declare -A lang_dirs=([java]=java-base [go]=debian [javascript]=npm [typescript]=npm [csharp]=npm)
# The languages rust-code-analysis-cli reads.
peer_corpora=" python registry kernel java javascript typescript cpp "
for corpus in "${corpora[@]}"; do
    [[ $corpus == python || $corpus == registry || $corpus == kernel || -n ${lang_regex[$corpus]:-} ]] \
        || die "unknown corpus '$corpus' (python, registry, kernel or one of: ${!lang_regex[*]})"
done
peer=
if [[ ${PEER:-1} != 0 ]]; then
    peer=$(command -v rust-code-analysis-cli || true)
    [[ -n $peer ]] || note "rust-code-analysis-cli is not installed: no peer figures (cargo install --locked rust-code-analysis-cli)"
fi

command -v cargo >/dev/null || die "cargo is not on PATH"
if [[ -n ${INSTRUCTIONS:-} ]]; then
    command -v valgrind >/dev/null && command -v callgrind_annotate >/dev/null \
        || die "INSTRUCTIONS=1 needs valgrind and callgrind_annotate (apt-get install valgrind)"
    [[ ${SAMPLE:-8} =~ ^[1-9][0-9]*$ ]] || die "SAMPLE must be a positive number, not '${SAMPLE}'"
fi
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (GNU time; apt-get install time)"
/usr/bin/time -v true >/dev/null 2>&1 || die "/usr/bin/time does not support -v (GNU time is needed)"

work=$(mktemp -d "${TMPDIR:-/tmp}/plumb-bench.XXXXXX")
if [[ -n ${KEEP_LOGS:-} ]]; then
    note "logs kept in $work"
else
    trap 'rm -rf "$work"' EXIT
fi

# --- Build -------------------------------------------------------------------------------------
note "building plumb (release)"
cargo build --release --bin plumb
note "building the parse bench (bench profile = release settings)"
bench_json=$(cargo bench -p plumb-metrics --bench parse --no-run --message-format=json)
bench=$(printf '%s\n' "$bench_json" \
    | grep '"reason":"compiler-artifact"' \
    | grep '"name":"parse"' \
    | sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' \
    | tail -n 1)
[[ -n $bench && -x $bench ]] || die "could not find the parse bench executable in cargo's output"
plumb=$root/target/release/plumb
[[ -x $plumb ]] || die "$plumb was not built"

# --- Corpora -----------------------------------------------------------------------------------
# Prints the directories of a corpus, one per line.
corpus_paths() {
    case $1 in
    python)
        command -v python3 >/dev/null || die "python3 is not on PATH: cannot locate the standard library (skip it: scripts/bench.sh registry)"
        local stdlib
        stdlib=$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])') \
            || die "python3 could not report its standard library path"
        [[ -d $stdlib ]] || die "python3's standard library '$stdlib' is not a directory"
        # Copy the *.py files, without site-packages, so plumb and the bench see the same tree.
        local dest=$work/python-stdlib
        mkdir -p "$dest"
        (cd "$stdlib" && find . -path ./site-packages -prune -o -type f -name '*.py' -print0 \
            | xargs -0 cp --parents -t "$dest")
        [[ -n $(find "$dest" -name '*.py' -print -quit) ]] || die "no .py files under $stdlib"
        note "python corpus: $stdlib (*.py, site-packages excluded) copied to $dest"
        printf '%s\n' "$dest"
        ;;
    registry)
        local registry=${CARGO_HOME:-$HOME/.cargo}/registry/src
        [[ -d $registry ]] || die "no cargo registry sources at $registry (run 'cargo fetch' in a project, or skip it: scripts/bench.sh python)"
        local dirs=("$registry"/*/)
        [[ -d ${dirs[0]} ]] || die "$registry has no index directories"
        note "registry corpus: ${dirs[*]}"
        printf '%s\n' "${dirs[@]%/}"
        ;;
    kernel)
        local kernel
        kernel=$(kernel_dir)
        [[ -n $kernel ]] || die "no kernel sources (set KERNEL to an extracted linux-source tree)"
        copy_language "$1" '.*\.[ch]' "$kernel" ${KERNEL_DIRS:-kernel mm lib block}
        ;;
    *)
        local src=${PLUMB_CORPUS:-$HOME/.cache/plumb-corpus}/src kernel
        [[ -d $src ]] || die "no corpus in $src: run scripts/corpus.sh fetch first"
        # The fetched packages' shell scripts are 18,801 lines, a twentieth of a second's work:
        # the kernel's join them where its sources are (757 files, 144,430 lines).
        kernel=$(kernel_dir)
        if [[ $1 == bash && -n $kernel ]]; then
            copy_language "$1" "${lang_regex[$1]}" "$kernel" . >/dev/null
        fi
        copy_language "$1" "${lang_regex[$1]}" "$src" "${lang_dirs[$1]:-.}"
        ;;
    esac
}

# The extracted kernel sources: $KERNEL when it is set, or where Debian's linux-source puts
# them; nothing when there are none.
kernel_dir() {
    local kernel candidates=(/usr/src/linux-source-6.1 /work/corpora/linux-source-6.1)
    [[ -z ${KERNEL:-} ]] || candidates=("$KERNEL")
    for kernel in "${candidates[@]}"; do
        [[ -d $kernel ]] && { printf '%s\n' "$kernel"; return; }
    done
    return 0
}

# Copies the files under ROOT/DIR... whose path matches REGEX (hidden entries and files over
# 5 MB left out) to $work/CORPUS, and prints that directory.
copy_language() {
    local corpus=$1 regex=$2 root=$3
    shift 3
    local dest=$work/$corpus
    mkdir -p "$dest"
    (cd "$root" && find "$@" -mindepth 1 -name '.*' -prune -o -type f -regex "$regex" -size -5242881c -print0 \
        | xargs -0 -r cp --parents -t "$dest")
    [[ -n $(find "$dest" -type f -print -quit) ]] || die "no files of corpus $corpus under $root"
    note "$corpus corpus: files from $root ($*) copied to $dest, $(find "$dest" -type f | wc -l) in all"
    printf '%s\n' "$dest"
}

# Wall seconds from GNU time's "h:mm:ss" or "m:ss.ss".
wall_seconds() {
    awk -F': ' '/Elapsed \(wall clock\)/ {
        n = split($2, p, ":"); s = 0
        for (i = 1; i <= n; i++) s = s * 60 + p[i]
        printf "%.2f", s
    }' "$1"
}
cpu_seconds() { awk -F': ' '/(User|System) time \(seconds\)/ { s += $2 } END { printf "%.2f", s }' "$1"; }
rss_kb() { awk -F': ' '/Maximum resident set size/ { print $2 }' "$1"; }

# Waits (up to IDLE_WAIT seconds, default 300) until the CPUs have been at least 85% idle for
# two seconds in a row, so that other work on a shared machine does not land in a timed run.
busy_rounds=0
wait_idle() {
    local limit=${IDLE_WAIT:-300} waited=0 quiet=0 a b
    while ((waited < limit)); do
        read -r -a a < <(grep '^cpu ' /proc/stat)
        sleep 1
        read -r -a b < <(grep '^cpu ' /proc/stat)
        local total=0 i
        for ((i = 1; i < ${#b[@]}; i++)); do total=$((total + b[i] - a[i])); done
        local idle=$((b[4] + b[5] - a[4] - a[5]))
        if ((total > 0 && idle * 100 >= total * 85)); then
            ((++quiet >= 2)) && return 0
        else
            quiet=0
        fi
        waited=$((waited + 1))
    done
    note "warning: the machine stayed busy for ${limit} s; this round's figures are noisy"
    busy_rounds=$((busy_rounds + 1))
}

# Smaller of two decimals.
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (b == "" || a + 0 < b + 0) ? a : b }'; }

# --- Runs --------------------------------------------------------------------------------------
# Instruction counts (callgrind, one thread) on every $SAMPLE-th file of the corpus: the bench's
# raw / walk / analyze stages and a whole `plumb check` process. Appends a row to instr_rows.
instr_rows=()
count_instructions() {
    local corpus=$1
    shift
    local sample=$work/$corpus-sample every=${SAMPLE:-8} i=0
    mkdir -p "$sample"
    # Copy the sampled files below their root, without the root's own (possibly hidden) path.
    for root in "$@"; do
        i=$((i + 1))
        "$bench" --list "$root" | awk -v n="$every" 'NR % n == 0' >"$work/$corpus-sample-$i.txt"
        while IFS= read -r file; do
            local relative=${file#"$root"/}
            mkdir -p "$sample/$i/$(dirname "$relative")"
            cp "$file" "$sample/$i/$relative"
        done <"$work/$corpus-sample-$i.txt"
    done
    note "$corpus: counting instructions with callgrind on a 1/$every sample ($(find "$sample" -type f | wc -l) files); this takes a few minutes"
    set +e
    valgrind --tool=callgrind --callgrind-out-file="$work/$corpus-plumb.callgrind" \
        "$plumb" check --no-cache --format json --no-progress -j 1 "$sample" >/dev/null 2>"$work/$corpus-plumb-valgrind.txt" &
    local plumb_pid=$!
    valgrind --tool=callgrind --callgrind-out-file="$work/$corpus-bench.callgrind" \
        "$bench" -j 1 --runs 1 --walk --tsv "$sample" >"$work/$corpus-sample-bench.txt" 2>"$work/$corpus-bench-valgrind.txt"
    local bench_status=$?
    wait "$plumb_pid"
    local plumb_status=$?
    set -e
    [[ $bench_status -eq 0 ]] || die "the bench failed under valgrind (see $work/$corpus-bench-valgrind.txt)"
    [[ $plumb_status -le 1 ]] || die "plumb check failed under valgrind (see $work/$corpus-plumb-valgrind.txt)"
    # The awk scripts read to the end: leaving early could kill callgrind_annotate with SIGPIPE,
    # which pipefail and set -e turn into a silent exit of this script.
    inclusive() { # function name -> inclusive instructions
        callgrind_annotate --inclusive=yes "$1" 2>/dev/null \
            | awk -v f="$2" '!done && index($0, ":" f " [") { gsub(",", "", $1); print $1; done = 1 }'
    }
    local total raw walk analyze lines
    total=$(callgrind_annotate "$work/$corpus-plumb.callgrind" 2>/dev/null | awk '!done && /PROGRAM TOTALS/ { gsub(",", "", $1); print $1; done = 1 }')
    raw=$(inclusive "$work/$corpus-bench.callgrind" parse::raw)
    walk=$(inclusive "$work/$corpus-bench.callgrind" parse::walk)
    analyze=$(inclusive "$work/$corpus-bench.callgrind" parse::analyze)
    lines=$(awk -F'\t' '$1 == "result" && $2 == "raw" { print $5 }' "$work/$corpus-sample-bench.txt")
    [[ -n $total && -n $raw && -n $walk && -n $analyze ]] \
        || die "could not read the instruction counts (are the binaries stripped?)"
    instr_rows+=("$corpus $(find "$sample" -type f | wc -l) $lines $raw $walk $analyze $total")
}

# One round of the parse bench (raw and analyze stages, then the raw parse again with jemalloc
# as tree-sitter's allocator, as in plumb's binary); sets files bytes lines raw_s raw_cpu
# analyze_s analyze_cpu raw_je_s.
run_bench() {
    local corpus=$1 run=$2
    wait_idle
    "$bench" -j "$jobs" --runs 1 --tsv "${paths[@]}" >"$work/$corpus-bench-$run.txt"
    if ((run == 1)); then sed -n '1,3p' "$work/$corpus-bench-$run.txt" >&2; fi
    IFS=$'\t' read -r _ _ files bytes lines raw_s _ _ _ raw_cpu < <(grep -P '^result\traw\t' "$work/$corpus-bench-$run.txt")
    IFS=$'\t' read -r _ _ _ _ _ analyze_s _ _ _ analyze_cpu < <(grep -P '^result\tanalyze\t' "$work/$corpus-bench-$run.txt")
    raw_je_s=
    [[ $(uname -s) == Linux ]] || return 0
    "$bench" -j "$jobs" --runs 1 --raw-only --jemalloc --tsv "${paths[@]}" >"$work/$corpus-bench-jemalloc-$run.txt"
    IFS=$'\t' read -r _ _ _ _ _ raw_je_s _ < <(grep -P '^result\traw\t' "$work/$corpus-bench-jemalloc-$run.txt")
}

# One timed `plumb check` run; sets status wall rss plumb_cpu.
run_plumb() {
    local corpus=$1 run=$2
    wait_idle
    set +e
    /usr/bin/time -v -o "$work/$corpus-time-$run.txt" \
        "$plumb" check --no-cache --format json --no-progress -j "$jobs" "${paths[@]}" >/dev/null 2>"$work/$corpus-stderr.txt"
    status=$?
    set -e
    [[ $status -le 1 ]] || { cat "$work/$corpus-stderr.txt" >&2; die "plumb check failed on $corpus (exit $status)"; }
    wall=$(wall_seconds "$work/$corpus-time-$run.txt")
    rss=$(rss_kb "$work/$corpus-time-$run.txt")
    plumb_cpu=$(cpu_seconds "$work/$corpus-time-$run.txt")
}

# One timed run of the peer on the corpus; sets peer_wall and peer_cpu (empty when the peer
# does not read the corpus's language).
run_peer() {
    local corpus=$1 run=$2
    peer_wall= peer_cpu=
    [[ -n $peer && $peer_corpora == *" $corpus "* ]] || return 0
    wait_idle
    local args=() path
    for path in "${paths[@]}"; do args+=(-p "$path"); done
    /usr/bin/time -v -o "$work/$corpus-peer-time-$run.txt" \
        "$peer" -m -O json -j "$jobs" "${args[@]}" >/dev/null 2>"$work/$corpus-peer-stderr.txt" \
        || { cat "$work/$corpus-peer-stderr.txt" >&2; die "rust-code-analysis-cli failed on $corpus"; }
    peer_wall=$(wall_seconds "$work/$corpus-peer-time-$run.txt")
    peer_cpu=$(cpu_seconds "$work/$corpus-peer-time-$run.txt")
}

# One timed `plumb check` run with the cache in $2; sets wall.
run_cached() {
    local corpus=$1 cache=$2 label=$3
    wait_idle
    set +e
    /usr/bin/time -v -o "$work/$corpus-cache-time.txt" \
        "$plumb" check --cache-dir "$cache" --format json --no-progress -j "$jobs" "${paths[@]}" \
        >"$work/$corpus-$label.json" 2>"$work/$corpus-stderr.txt"
    status=$?
    set -e
    [[ $status -le 1 ]] || { cat "$work/$corpus-stderr.txt" >&2; die "plumb check failed on $corpus (exit $status)"; }
    wall=$(wall_seconds "$work/$corpus-cache-time.txt")
}

# Cold (an empty cache), warm (the cache the cold run filled) and, on the python corpus (a copy),
# one changed file: the best of RUNS rounds each. The warm output must be the cold one's.
cache_rows=()
measure_cache() {
    local corpus=$1 cold= warm= changed= run cache
    for ((run = 1; run <= runs; run++)); do
        cache=$work/cache-$corpus-$run
        run_cached "$corpus" "$cache" cold
        cold=$(min "$wall" "$cold")
        run_cached "$corpus" "$cache" warm
        warm=$(min "$wall" "$warm")
        cmp -s "$work/$corpus-cold.json" "$work/$corpus-warm.json" || die "$corpus: the warm run's report differs from the cold run's"
        if [[ $corpus == python ]]; then
            local file
            file=$(find "${paths[0]}" -name '*.py' -size +20k | sort | head -n 1)
            printf '\ndef _bench_changed_%s(a):\n    return a\n' "$run" >>"$file"
            run_cached "$corpus" "$cache" changed
            changed=$(min "$wall" "$changed")
        fi
        note "$corpus cache round $run: cold $cold s, warm $warm s${changed:+, one file changed $changed s}"
        rm -rf "$cache"
    done
    cache_rows+=("$corpus $cold $warm ${changed:--}")
}

rows=()
round_ratios=()
for corpus in "${corpora[@]}"; do
    corpus_paths "$corpus" >"$work/$corpus-paths.txt" || exit 1
    mapfile -t paths <"$work/$corpus-paths.txt"
    [[ ${#paths[@]} -gt 0 ]] || die "corpus $corpus is empty"

    # One untimed plumb run: warms the page cache and checks plumb sees the bench's files and lines.
    set +e
    "$plumb" check --no-cache --format json --no-progress -j "$jobs" "${paths[@]}" >"$work/$corpus.json" 2>"$work/$corpus-stderr.txt"
    status=$?
    set -e
    [[ $status -le 1 ]] || { cat "$work/$corpus-stderr.txt" >&2; die "plumb check failed on $corpus (exit $status)"; }

    # Rounds interleave the measurements, so a busy spell hurts all of them alike, and alternate
    # their order (bench first, then plumb first), so a drift does not favour either.
    best_raw= best_analyze= best_wall= max_rss= cpu_raw= cpu_analyze= cpu_plumb= ratios= best_peer= cpu_peer= best_raw_je=
    for ((run = 1; run <= runs; run++)); do
        if ((run % 2 == 1)); then
            run_bench "$corpus" "$run"
            run_plumb "$corpus" "$run"
            run_peer "$corpus" "$run"
        else
            run_peer "$corpus" "$run"
            run_plumb "$corpus" "$run"
            run_bench "$corpus" "$run"
        fi
        peer_note=
        [[ -z $peer_wall ]] || peer_note=", rust-code-analysis-cli $peer_wall ($peer_cpu)"
        [[ -z $raw_je_s ]] || best_raw_je=$(min "$raw_je_s" "$best_raw_je")
        note "$corpus round $run: wall (CPU) seconds: raw parse $raw_s ($raw_cpu; with jemalloc ${raw_je_s:--}), analyze $analyze_s ($analyze_cpu), plumb check $wall ($plumb_cpu, exit $status)$peer_note; plumb peak RSS $((rss / 1024)) MiB"
        if [[ -n $peer_wall ]]; then
            best_peer=$(min "$peer_wall" "$best_peer")
            cpu_peer=$(min "$peer_cpu" "$cpu_peer")
        fi
        ratios+="$(awk -v r="$raw_s" -v w="$wall" 'BEGIN { printf "%.0f%% ", 100 * r / w }')"
        cpu_raw=$(min "$raw_cpu" "$cpu_raw")
        cpu_analyze=$(min "$analyze_cpu" "$cpu_analyze")
        cpu_plumb=$(min "$plumb_cpu" "$cpu_plumb")
        best_raw=$(min "$raw_s" "$best_raw")
        best_analyze=$(min "$analyze_s" "$best_analyze")
        best_wall=$(min "$wall" "$best_wall")
        # Memory: the worst run, not the best.
        if [[ -z $max_rss || $rss -gt $max_rss ]]; then max_rss=$rss; fi
    done
    round_ratios+=("$(printf '%-9s %s' "$corpus" "$ratios")")

    # The summary is the document's last object, compact or pretty-printed.
    summary=$(tr -d ' \n' <"$work/$corpus.json" | grep -o '"summary":{[^}]*}' | tail -n 1 || true)
    plumb_files=$(sed -n 's/.*"files":\([0-9]*\).*/\1/p' <<<"$summary")
    plumb_lines=$(sed -n 's/.*"lines":\([0-9]*\).*/\1/p' <<<"$summary")
    if [[ $plumb_files != "$files" || $plumb_lines != "$lines" ]]; then
        note "warning: plumb measured $plumb_files files / $plumb_lines lines, the bench $files / $lines"
    fi
    if [[ -n ${INSTRUCTIONS:-} ]]; then count_instructions "$corpus" "${paths[@]}"; fi
    [[ ${CACHE:-1} == 0 ]] || measure_cache "$corpus"
    rows+=("$corpus $files $lines $bytes $best_raw $best_analyze $best_wall $max_rss $cpu_raw $cpu_analyze $cpu_plumb ${best_peer:--} ${cpu_peer:--} ${best_raw_je:--}")
done

# --- Kernel ------------------------------------------------------------------------------------
# With KERNEL=path (the extracted Linux sources, e.g. Debian's linux-source): RUNS rounds of the
# parse bench's raw stage on it and `plumb check --no-ignore` in JSON and in SARIF (files
# streamed as they complete, findings kept compactly), the order alternating from round to
# round as for the corpora; the best wall and CPU of each, and every round's ratios. Targets:
# peak RSS <= 250 MB in both formats (the worst run); wall time <= 1.3x raw parsing.
kernel_rows=()
kernel_round_ratios=()
# One timed `plumb check` run on the kernel in format $1; sets kernel_wall kernel_cpu kernel_rss.
run_kernel_plumb() {
    local format=$1 run=$2
    wait_idle
    set +e
    /usr/bin/time -v -o "$work/kernel-$format-time-$run.txt" \
        "$plumb" check --no-ignore --no-cache --format "$format" --no-progress -j "$jobs" "$KERNEL" \
        >/dev/null 2>"$work/kernel-$format-stderr.txt"
    status=$?
    set -e
    [[ $status -le 1 ]] || { tail -n 5 "$work/kernel-$format-stderr.txt" >&2; die "plumb check failed on the kernel (exit $status)"; }
    kernel_wall=$(wall_seconds "$work/kernel-$format-time-$run.txt")
    kernel_cpu=$(cpu_seconds "$work/kernel-$format-time-$run.txt")
    kernel_rss=$(rss_kb "$work/kernel-$format-time-$run.txt")
}
# One round of the raw parse on the kernel, with the C library's allocator and with jemalloc;
# sets kernel_raw_s kernel_raw_round_cpu kernel_raw_je_s.
run_kernel_raw() {
    local run=$1
    wait_idle
    "$bench" -j "$jobs" --runs 1 --raw-only --tsv --no-ignore "$KERNEL" >"$work/kernel-bench-$run.txt"
    IFS=$'\t' read -r _ _ kernel_files _ kernel_lines kernel_raw_s _ _ _ kernel_raw_round_cpu \
        < <(grep -P '^result\traw\t' "$work/kernel-bench-$run.txt")
    kernel_raw_je_s=
    [[ $(uname -s) == Linux ]] || return 0
    wait_idle
    "$bench" -j "$jobs" --runs 1 --raw-only --jemalloc --tsv --no-ignore "$KERNEL" >"$work/kernel-bench-jemalloc-$run.txt"
    IFS=$'\t' read -r _ _ _ _ _ kernel_raw_je_s _ < <(grep -P '^result\traw\t' "$work/kernel-bench-jemalloc-$run.txt")
}
if [[ -n ${KERNEL:-} ]]; then
    [[ -d $KERNEL ]] || die "KERNEL='$KERNEL' is not a directory"
    note "kernel: $KERNEL ($runs rounds of the parse bench and plumb check --format json and sarif)"
    declare -A kernel_best_wall=() kernel_best_cpu=() kernel_max_rss=()
    kernel_raw= kernel_raw_cpu= kernel_raw_je=
    for ((run = 1; run <= runs; run++)); do
        if ((run % 2 == 1)); then run_kernel_raw "$run"; fi
        round=
        for format in json sarif; do
            run_kernel_plumb "$format" "$run"
            kernel_best_wall[$format]=$(min "$kernel_wall" "${kernel_best_wall[$format]:-}")
            kernel_best_cpu[$format]=$(min "$kernel_cpu" "${kernel_best_cpu[$format]:-}")
            if [[ -z ${kernel_max_rss[$format]:-} || $kernel_rss -gt ${kernel_max_rss[$format]} ]]; then
                kernel_max_rss[$format]=$kernel_rss
            fi
            round+="$format $kernel_wall s "
        done
        if ((run % 2 == 0)); then run_kernel_raw "$run"; fi
        kernel_raw=$(min "$kernel_raw_s" "$kernel_raw")
        kernel_raw_cpu=$(min "$kernel_raw_round_cpu" "$kernel_raw_cpu")
        [[ -z $kernel_raw_je_s ]] || kernel_raw_je=$(min "$kernel_raw_je_s" "$kernel_raw_je")
        note "kernel round $run: raw parse $kernel_raw_s s ($kernel_raw_round_cpu CPU), plumb check ${round% }"
        kernel_round_ratios+=("$(awk -v r="$kernel_raw_s" -v t="$round" 'BEGIN {
            n = split(t, f, " "); for (i = 1; i < n; i += 3) printf "%s %.2fx  ", f[i], f[i + 1] / r }')")
    done
    for format in json sarif; do
        kernel_rows+=("$format ${kernel_best_wall[$format]} ${kernel_best_cpu[$format]} ${kernel_max_rss[$format]}")
    done
fi

# --- Small runs --------------------------------------------------------------------------------
# A pre-commit run: `plumb check --no-summary` (the hook's entry) on 5 small files of this
# repository, SMALL_RUNS times (default 30) without the cache and with a warm one; the least and
# the median milliseconds of the whole process. Target: <= 12 ms.
small_files=(src/commands/explain.rs src/commands/rules.rs src/commands/server.rs src/commands/baseline.rs src/commands/metrics.rs)
small_runs=${SMALL_RUNS:-30}
small_times() { # args... -> "least median" in ms over $small_runs runs
    local times=() i start end
    for ((i = 0; i < small_runs; i++)); do
        start=$(date +%s%N)
        "$plumb" check --no-summary "$@" "${small_files[@]}" >/dev/null 2>&1 || true
        end=$(date +%s%N)
        times+=($(((end - start) / 1000)))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{ t[NR] = $1 } END { printf "%.1f %.1f", t[1] / 1000, t[int((NR + 1) / 2)] / 1000 }'
}
if [[ ${CACHE:-1} != 0 ]]; then
    wait_idle
    small_cache=$work/cache-small
    "$plumb" check --no-summary --cache-dir "$small_cache" "${small_files[@]}" >/dev/null 2>&1 || true
    read -r small_nocache_min small_nocache_median < <(small_times --no-cache)
    read -r small_warm_min small_warm_median < <(small_times --cache-dir "$small_cache")
fi

# --- Table -------------------------------------------------------------------------------------
printf '\nthreads: %s   runs: %s (best of each)   machine: %s, %s CPUs\n\n' \
    "$jobs" "$runs" "$(uname -m)" "$(nproc)"
fmt='%-10s %6s %9s %6s %13s %13s %10s %11s %11s %10s %9s %10s %8s %8s\n'
printf "$fmt" corpus files lines MB "raw parse l/s" "analyze l/s" "plumb wall" "plumb l/s" "ratio wall" "ratio CPU" "RSS MB" "peer wall" "speedup" "CPU"
for row in "${rows[@]}"; do
    read -r corpus files lines bytes raw_s analyze_s wall rss raw_cpu analyze_cpu plumb_cpu peer_s peer_c _ <<<"$row"
    awk -v c="$corpus" -v f="$files" -v l="$lines" -v b="$bytes" -v rs="$raw_s" -v as="$analyze_s" \
        -v w="$wall" -v m="$rss" -v rc="$raw_cpu" -v pc="$plumb_cpu" -v ps="$peer_s" -v pcc="$peer_c" -v fmt="$fmt" 'BEGIN {
        r = l / rs; a = l / as; p = (w > 0) ? l / w : 0
        ratio = (r > 0) ? 100 * p / r : 0
        cratio = (pc > 0) ? 100 * rc / pc : 0
        mb = m * 1024 / 1e6
        printf fmt, c, f, l, sprintf("%.1f", b / 1e6), sprintf("%.0f", r), sprintf("%.0f", a), \
            sprintf("%.2f s", w), sprintf("%.0f", p), \
            sprintf("%.0f%%%s", ratio, ratio >= 85 ? "" : " <85"), \
            sprintf("%.0f%%%s", cratio, cratio >= 85 ? "" : " <85"), \
            sprintf("%.0f%s", mb, (c == "registry" && mb > 200) ? " >200" : ""), \
            (ps == "-") ? "-" : sprintf("%.2f s", ps), \
            (ps == "-" || w <= 0) ? "-" : sprintf("%.1fx%s", ps / w, ps / w >= 4 ? "" : " <4"), \
            (pcc == "-" || pc <= 0) ? "-" : sprintf("%.1fx", pcc / pc)
    }'
done
printf '\nAgainst a raw parse with jemalloc as tree-sitter'"'"'s allocator, as in plumb'"'"'s binary (the raw parse above uses\n'
printf 'the C library'"'"'s, what any tree-sitter tool pays by default): raw parse with jemalloc l/s, plumb l/s / that:\n'
for row in "${rows[@]}"; do
    read -r corpus _ lines _ _ _ wall _ _ _ _ _ _ raw_je <<<"$row"
    [[ $raw_je != - ]] || continue
    awk -v c="$corpus" -v l="$lines" -v r="$raw_je" -v w="$wall" 'BEGIN {
        printf "  %-9s %9.0f   %.0f%%\n", c, l / r, 100 * r / w }'
done
printf '\nWall-clock ratio in each round (raw parse and plumb check measured one after the other):\n'
printf '  %s\n' "${round_ratios[@]}"
printf '\nCPU seconds (user + system, least over the rounds):\n'
for row in "${rows[@]}"; do
    read -r corpus _ _ _ _ _ _ _ raw_cpu analyze_cpu plumb_cpu _ <<<"$row"
    printf '  %-9s raw parse %s   analyze %s   plumb check %s\n' "$corpus" "$raw_cpu" "$analyze_cpu" "$plumb_cpu"
done
if ((${#instr_rows[@]} > 0)); then
    printf '\nInstructions (callgrind, -j 1, every %sth file; G = 10^9): plumb check as a whole process against the\n' "${SAMPLE:-8}"
    printf 'bench stages: raw = read + parse; walk = raw + a bare cursor walk over every node; analyze = read + Analyzer::analyze\n\n'
    ifmt='%-9s %6s %9s %9s %9s %9s %12s %11s %12s\n'
    printf "$ifmt" corpus files lines "raw G" "walk G" "analyze G" "plumb G" "ratio" "walk floor"
    for row in "${instr_rows[@]}"; do
        read -r corpus files lines raw walk analyze total <<<"$row"
        awk -v c="$corpus" -v f="$files" -v l="$lines" -v r="$raw" -v w="$walk" -v a="$analyze" -v t="$total" \
            -v fmt="$ifmt" 'BEGIN {
            ratio = 100 * r / t
            printf fmt, c, f, l, sprintf("%.2f", r / 1e9), sprintf("%.2f", w / 1e9), sprintf("%.2f", a / 1e9), \
                sprintf("%.2f", t / 1e9), sprintf("%.1f%%%s", ratio, ratio >= 85 ? "" : " <85"), sprintf("%.1f%%", 100 * r / w)
        }'
    done
    printf '\nratio = raw / plumb (the target is >= 85%%); walk floor = raw / walk, the best any design that visits every\nnode with a TreeCursor could do.\n'
fi
if ((${#cache_rows[@]} > 0)); then
printf '\nResult cache (plumb check --format json, wall seconds, best of %s; target: warm <= 10%% of cold):\n' "$runs"
for row in "${cache_rows[@]}"; do
    read -r corpus cold warm changed <<<"$row"
    awk -v c="$corpus" -v a="$cold" -v b="$warm" -v d="$changed" 'BEGIN {
        r = 100 * b / a
        printf "  %-9s cold %.2f   warm %.2f (%.1f%%%s)   one file changed %s\n", c, a, b, r, r <= 10 ? "" : " >10", d
    }'
done
printf '\nA pre-commit run on 5 small files (%s runs; least / median ms of the whole process; target <= 12 ms):\n' "$small_runs"
printf '  without the cache %s / %s   with a warm cache %s / %s\n' \
    "$small_nocache_min" "$small_nocache_median" "$small_warm_min" "$small_warm_median"
fi
if ((${#kernel_rows[@]} > 0)); then
    printf '\nKernel (%s files, %s lines; raw parse %s s wall, %s s CPU, best of each over the rounds; targets: wall <= 1.3x raw, RSS <= 250 MB):\n' \
        "$kernel_files" "$kernel_lines" "$kernel_raw" "$kernel_raw_cpu"
    for row in "${kernel_rows[@]}"; do
        read -r format wall cpu rss <<<"$row"
        awk -v f="$format" -v w="$wall" -v c="$cpu" -v m="$rss" -v r="$kernel_raw" -v rc="$kernel_raw_cpu" 'BEGIN {
            printf "  %-5s wall %.1f s (%.2fx raw%s)   CPU %.1f s (%.2fx)   peak RSS %.0f MB%s\n", f, w, w / r, w / r <= 1.3 ? "" : " >1.3", \
                c, c / rc, m * 1024 / 1e6, m * 1024 / 1e6 <= 250 ? "" : " >250"
        }'
    done
    printf '  wall-clock ratio to the raw parse in each round: %s\n' "$(printf '%s| ' "${kernel_round_ratios[@]}")"
    if [[ -n $kernel_raw_je ]]; then
        printf '  raw parse with jemalloc as tree-sitter'"'"'s allocator (as in plumb): %s s; plumb check: ' "$kernel_raw_je"
        for row in "${kernel_rows[@]}"; do
            read -r format wall _ <<<"$row"
            awk -v f="$format" -v w="$wall" -v r="$kernel_raw_je" 'BEGIN { printf "%s %.2fx  ", f, w / r }'
        done
        printf '\n'
    fi
fi
((busy_rounds == 0)) || printf '\nwarning: %s rounds started on a busy machine (see above)\n' "$busy_rounds"
printf '\nraw parse = read + tree-sitter parse; analyze = read + Analyzer::analyze in-process;\n'
printf 'plumb l/s = bench lines / best wall time of `plumb check --format json` (whole process);\n'
printf 'ratio wall = plumb l/s / raw parse l/s (target >= 85%%); ratio CPU = raw parse CPU s / plumb CPU s\n'
printf '(the fairer figure when other work shares the machine); RSS = highest peak over the runs (target <= 200 MB on registry). MB = 10^6 bytes.\n'
printf 'peer wall = best wall time of `rust-code-analysis-cli -m -O json -j %s` on the same files (- where it is not\n' "$jobs"
printf 'installed or does not read the language); speedup = peer wall / plumb wall (target >= 4x); CPU = peer CPU\n'
printf 'seconds / plumb CPU seconds (least over the rounds).\n'
