#!/usr/bin/env bash
# Runs every fuzz target for a while, seeded with the real reports of
# crates/plumb-coverage/tests/data. Fails on the first crash, timeout or out-of-memory; the input
# that caused it is left in fuzz/target/artifacts/TARGET/.
#
# Usage: fuzz/run.sh [SECONDS] [TARGET...]      (default: 20 seconds, every target)
#
# With cargo-fuzz installed and a nightly toolchain, the targets are run by
# `cargo +nightly fuzz run` (with AddressSanitizer). Otherwise they are built on the current
# toolchain (stable is fine) the way cargo-fuzz builds them, with LLVM's sanitizer-coverage
# instrumentation, `--cfg fuzzing`, debug assertions and overflow checks, and the libFuzzer
# binaries that libfuzzer-sys links are run directly. That needs a C++ compiler for libFuzzer
# itself, and no AddressSanitizer (which needs nightly); plumb's crates deny unsafe code, so
# what the fuzzer looks for is panics, overflows, hangs and runaway memory.
set -euo pipefail

die() { printf 'fuzz/run.sh: %s\n' "$*" >&2; exit 1; }
note() { printf '==> %s\n' "$*" >&2; }

fuzz=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$fuzz"
seconds=${1:-20}
[[ $seconds =~ ^[1-9][0-9]*$ ]] || die "SECONDS must be a positive number, not '$seconds'"
shift || true
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
    mapfile -t targets < <(sed -n 's/^name = "\([a-z_]*\)"$/\1/p' Cargo.toml | grep -v '^plumb')
fi
data=../crates/plumb-coverage/tests/data

# The seed reports of each target.
seeds() {
    case $1 in
    lcov) echo "$data"/*/lcov.info ;;
    cobertura) echo "$data"/llvm-cov/cobertura.xml ;;
    jacoco) echo "$data"/jacoco/*.xml ;;
    llvm_cov) echo "$data"/llvm-cov/*.json ;;
    go) echo "$data"/go/*.out "$data"/go-toolchain/cover.out ;;
    istanbul) echo "$data"/istanbul/coverage-final.json ;;
    clover) echo "$data"/istanbul/clover.xml ;;
    opencover) echo "$data"/opencover/*.xml ;;
    sonar) echo "$data"/sonar/*.xml ;;
    detect) echo "$data"/*/*.info "$data"/*/*.xml "$data"/*/*.json "$data"/go/*.out ;;
    *) ;;
    esac
}

# Limits of every run: inputs up to 64 KiB, 10 s per input, 2 GiB of memory.
options=(-max_len=65536 -timeout=10 -rss_limit_mb=2048 -max_total_time="$seconds" -print_final_stats=1)

if cargo fuzz --help >/dev/null 2>&1 && cargo +nightly --version >/dev/null 2>&1; then
    note "cargo-fuzz on nightly"
    run() { cargo +nightly fuzz run "$1" "$2" -- "${options[@]}" -artifact_prefix="$3/"; }
else
    host=$(rustc -vV | sed -n 's/^host: //p')
    note "no cargo-fuzz: building the targets on $(rustc --version) for $host"
    # cargo-fuzz's flags, without the sanitizer. `--target` keeps them off build scripts.
    export RUSTFLAGS="--cfg fuzzing -Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares -Cdebug-assertions -Coverflow-checks"
    cargo build --release --target "$host" --bins
    run() { "target/$host/release/$1" "${options[@]}" -artifact_prefix="$3/" "$2"; }
fi

for target in "${targets[@]}"; do
    corpus=target/corpus/$target
    artifacts=target/artifacts/$target
    mkdir -p "$corpus" "$artifacts"
    for seed in $(seeds "$target"); do
        [[ -f $seed ]] && cp "$seed" "$corpus/"
    done
    note "$target: $seconds s"
    log=target/$target.log
    if ! run "$target" "$corpus" "$artifacts" >"$log" 2>&1; then
        tail -n 40 "$log" >&2
        die "$target failed: the input is in fuzz/$artifacts"
    fi
    grep -E '^stat::(number_of_executed_units|peak_rss_mb)' "$log" || true
done
note "every target ran ${seconds} s without a failure"
