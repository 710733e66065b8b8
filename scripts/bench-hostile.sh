#!/usr/bin/env bash
# Time and memory of `plumb check` on hostile inputs whose cost used to grow with the square of
# their size: deeply nested closures (Rust, JavaScript, Python; Elixir's on one line, functions
# without a body whose signature is their first line) and single lines of minified
# code. Each input is generated at a size N and at 4N; for each, the run's wall-clock time, peak
# RSS and output size are measured with /usr/bin/time -v, and the table shows how much each grew
# from N to 4N. A cost that grows with the input's size grows about 4 times; one that grows with
# its square, 16 times. A case whose time or memory grows more than GROWTH_LIMIT times (default
# 8) is marked, and the script exits 1.
#
# Usage: scripts/bench-hostile.sh
# Environment:
#   SCALE=K         multiply every size by K (default 1: the largest inputs are 5 MB, about the
#                   default --max-file-size)
#   GROWTH_LIMIT=G  the largest growth from N to 4N accepted (default 8)
#   KEEP=1          keep the generated inputs and outputs
set -euo pipefail

die() { printf 'bench-hostile.sh: %s\n' "$*" >&2; exit 1; }
note() { printf '==> %s\n' "$*" >&2; }

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
scale=${SCALE:-1}
limit=${GROWTH_LIMIT:-8}
[[ $scale =~ ^[1-9][0-9]*$ ]] || die "SCALE must be a positive number, not '$scale'"
[[ $limit =~ ^[1-9][0-9]*$ ]] || die "GROWTH_LIMIT must be a positive number, not '$limit'"
command -v python3 >/dev/null || die "python3 is needed to generate the inputs"
[[ -x /usr/bin/time ]] && /usr/bin/time -v true >/dev/null 2>&1 \
    || die "GNU time is needed at /usr/bin/time (apt-get install time)"

work=$(mktemp -d "${TMPDIR:-/tmp}/plumb-hostile.XXXXXX")
if [[ -n ${KEEP:-} ]]; then note "inputs and outputs kept in $work"; else trap 'rm -rf "$work"' EXIT; fi

note "building plumb (release)"
cargo build --release --bin plumb
plumb=$root/target/release/plumb

# Name, file name, format, a Python expression of the input's text at size n, and n, apart by @.
cases=(
    "closures-rust@c.rs@json@'fn f() {\n    let g = ' + '|| ' * n + '1;\n}\n'@20000"
    "closures-js@c.js@json@'function f() {\n  const g = ' + '() => ' * n + '1;\n}\n'@20000"
    "lambdas-python@c.py@json@'def f():\n    g = ' + 'lambda: ' * n + '1\n'@20000"
    "fns-elixir-one-line@c.ex@json@'x = ' + 'fn -> ' * n + '1' + ' end' * n + '\n'@20000"
    "one-line-and@and.js@short@'function f(a){return ' + 'a&&' * n + 'a}\n'@437000"
    "one-line-and-human@and.js@human@'function f(a){return ' + 'a&&' * n + 'a}\n'@437000"
    "one-line-functions@min.js@short@''.join('function f%d(a){return a?a&&1:a||2}' % i for i in range(n)) + '\n'@34000"
    "many-lines-and@lines.js@short@'function f(a){return ' + 'a&&\n' * n + 'a}\n'@330000"
)

# calc EXPRESSION: awk arithmetic on numbers.
calc() { awk "BEGIN { print $1 }"; }

printf '%-20s %9s %10s %9s %9s %10s %8s %8s\n' case n bytes seconds 'peak MB' 'output KB' 'time x' 'peak x'
failed=0
for spec in "${cases[@]}"; do
    IFS='@' read -r name file format expression base <<<"$spec"
    small=$((base * scale))
    for n in $small $((small * 4)); do
        dir=$work/$name-$n
        mkdir -p "$dir"
        python3 -c "import sys; n = $n; sys.stdout.write($expression)" >"$dir/$file"
        bytes=$(wc -c <"$dir/$file")
        /usr/bin/time -v -o "$dir/time" "$plumb" check -j 1 --no-progress --exit-zero --format "$format" \
            --max-file-size 1G "$dir/$file" >"$dir/out" 2>"$dir/err" || die "$name at $n failed: $(cat "$dir/err")"
        seconds=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$dir/time" \
            | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
        peak=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$dir/time")
        out=$(wc -c <"$dir/out")
        row=$(printf '%-20s %9d %10d %9.2f %9.1f %10.1f' "$name" "$n" "$bytes" "$seconds" \
            "$(calc "$peak / 1024")" "$(calc "$out / 1024")")
        if [[ $n -eq $small ]]; then
            printf '%s\n' "$row"
            small_seconds=$seconds small_peak=$peak
            continue
        fi
        # Times under 0.05 s are mostly start-up: growth is measured from 0.05 s.
        time_growth=$(calc "$seconds / ($small_seconds < 0.05 ? 0.05 : $small_seconds)")
        peak_growth=$(calc "$peak / $small_peak")
        flag=
        if [[ $(calc "($time_growth > $limit || $peak_growth > $limit) ? 1 : 0") == 1 ]]; then
            flag='  <- grows faster than its size'
            failed=1
        fi
        printf '%s %8.1f %8.1f%s\n' "$row" "$time_growth" "$peak_growth" "$flag"
    done
done
exit $failed
