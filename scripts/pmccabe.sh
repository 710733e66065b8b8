#!/usr/bin/env bash
# plumb's cyclomatic complexity of C functions against pmccabe's traditional McCabe numbers
# (its second column: 1 + `if`, `for`, `while`, `case`, `&&`, `||` and `?`), on a source tree.
#
# Functions are matched by file and first line; where pmccabe's first line is not plumb's, by
# the line of the name, then by the last line (pmccabe reads `MACRO(args)` before a definition
# as part of it, as a K&R declaration). Prints the share of files with a parse-error finding,
# how many of pmccabe's functions plumb finds (and how many on the same first line) and agrees
# with, the largest differences, and the differences by cause (see docs/metrics.md):
#   for(;;)           a `for` without a condition: pmccabe counts every `for`, plumb only
#                     loops with a condition
#   preprocessor      an `#if` in the function: pmccabe reads one branch of each conditional
#                     and skips `#if 0`; plumb reads every branch as written
#   macro loop        `list_for_each(...)` without braces before a statement: the grammar
#                     cannot read the statement after it
#   other             none of those
#
# Usage: scripts/pmccabe.sh TREE [DIR...]          (DIRs relative to TREE; default: all of it)
#        VERBOSE=1 scripts/pmccabe.sh ...           also lists every function not found or
#                                                   not agreed on
#        SUMMARY=FILE scripts/pmccabe.sh ...        also writes the numbers to FILE as JSON
#        PLUMB=BINARY scripts/pmccabe.sh ...        runs that plumb instead of building one
# The Linux kernel as measured in docs/metrics.md (Debian's linux-source-6.1):
#   apt-get install pmccabe linux-source-6.1 && tar -xf /usr/src/linux-source-6.1.tar.xz -C /tmp
#   scripts/pmccabe.sh /tmp/linux-source-6.1 kernel mm
set -euo pipefail

die() { printf 'pmccabe.sh: %s\n' "$*" >&2; exit 1; }

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[[ $# -ge 1 ]] || die "usage: scripts/pmccabe.sh TREE [DIR...]"
tree=$(cd "$1" && pwd) || die "'$1' is not a directory"
shift
dirs=("$@")
[[ ${#dirs[@]} -gt 0 ]] || dirs=(.)
command -v pmccabe >/dev/null || die "pmccabe is not on PATH (apt-get install pmccabe)"
command -v python3 >/dev/null || die "python3 is not on PATH"

work=$(mktemp -d "${TMPDIR:-/tmp}/plumb-pmccabe.XXXXXX")
trap 'rm -rf "$work"' EXIT

plumb=${PLUMB:-}
[[ -z $plumb || $plumb = /* ]] || plumb=$PWD/$plumb
if [[ -z $plumb ]]; then
    cargo build --quiet --release --bin plumb --manifest-path "$root/Cargo.toml"
    plumb=$root/target/release/plumb
fi
cd "$tree"
find "${dirs[@]}" -type f \( -name '*.c' -o -name '*.h' \) -print0 | sort -z >"$work/files"
[[ -s $work/files ]] || die "no .c or .h file under ${dirs[*]}"
# pmccabe reports what it could not parse on stderr and exits 1; its numbers are still read.
xargs -0 pmccabe <"$work/files" >"$work/pmccabe.txt" 2>"$work/pmccabe.err" || true
# --no-ignore: a kernel tree's .gitignore ignores everything.
xargs -0 "$plumb" check --no-ignore --no-progress --format json --exit-zero \
    -o "$work/plumb.json" <"$work/files"

python3 - "$work/pmccabe.txt" "$work/plumb.json" "$tree" "${VERBOSE:-}" "${SUMMARY:-}" <<'PY'
import collections, json, re, sys

pm_path, plumb_path, tree, verbose, summary = sys.argv[1:6]
line = re.compile(r"^(\d+)\t(\d+)\t(\d+)\t(\d+)\t(\d+)\t(.*)\((\d+)\): (.*)$")
pmccabe = {}
for text in open(pm_path, errors="replace"):
    m = line.match(text.rstrip("\n"))
    if m:
        _, cc, _, first, count, path, name_line, name = m.groups()
        path = path.removeprefix("./")
        pmccabe[(path, int(first))] = dict(cc=int(cc), name=name, name_line=int(name_line),
                                           end=int(first) + int(count) - 1)
document = json.load(open(plumb_path))
by_start, by_end, files, with_errors = {}, {}, 0, 0
for file in document["files"]:
    files += 1
    with_errors += file["syntax_errors"] > 0
    for f in file["functions"]:
        if f["name"] != "<module>":
            by_start.setdefault((file["path"], f["start_line"]), f)
            by_end.setdefault((file["path"], f["end_line"]), f)
parse_errors = {f["path"] for f in document["findings"] if f["rule"] == "parse-error"}

matched, how = {}, collections.Counter()
for key, p in pmccabe.items():
    path = key[0]
    for rule, found in (("first line", by_start.get(key)), ("name line", by_start.get((path, p["name_line"]))),
                        ("last line", by_end.get((path, p["end"])))):
        if found is not None:
            matched[key] = found
            how[rule] += 1
            break

def cause(key, p, f):
    """Why plumb's number differs from pmccabe's, from the function's text."""
    lines = open(f"{tree}/{key[0]}", errors="replace").read().split("\n")[key[1] - 1:p["end"]]
    text = re.sub(r"//.*", "", re.sub(r"/\*.*?\*/", "", "\n".join(lines), flags=re.S))
    missing = p["cc"] - f["cyclomatic"]
    if missing > 0 and missing == len(re.findall(r"\bfor\s*\([^;()]*;\s*;", text)):
        return "for(;;)"
    if re.search(r"^\s*#\s*(if|else|elif)", text, re.M):
        return "preprocessor"
    if missing > 0 and re.search(r"\b\w*for_each\w*\s*\([^;{]*\)\s*\n\s*(if|for|while|switch)\b", text):
        return "macro loop"
    return "other"

differ = {k: f for k, f in matched.items() if f["cyclomatic"] != pmccabe[k]["cc"]}
causes = collections.Counter(cause(k, pmccabe[k], f) for k, f in differ.items())
excess = sorted(((f["cyclomatic"] - pmccabe[k]["cc"], k) for k, f in matched.items()), reverse=True)
found, agree = len(matched), len(matched) - len(differ)
percent = lambda part, whole: 100 * part / max(whole, 1)
print(f"files: {files} ({with_errors} with syntax errors, {len(parse_errors)} with a parse-error finding:"
      f" {percent(len(parse_errors), files):.2f}%)")
print(f"pmccabe functions: {len(pmccabe)}; plumb finds {found} ({percent(found, len(pmccabe)):.2f}%),"
      f" {how['first line']} on the same first line ({percent(how['first line'], len(pmccabe)):.2f}%);"
      f" matched by {', '.join(f'{k} {v}' for k, v in how.most_common())}")
print(f"same cyclomatic complexity: {agree} of {found} ({percent(agree, found):.2f}%)")
print(f"differences by cause: {', '.join(f'{k} {v}' for k, v in causes.most_common())}")
for title, rows in (("plumb above pmccabe", [r for r in excess if r[0] > 0][:5]),
                    ("plumb below pmccabe", [r for r in reversed(excess) if r[0] < 0][:5])):
    if rows:
        print(f"largest {title}: " + ", ".join(f"{path}:{first} {d:+d}" for d, (path, first) in rows))
if summary:
    json.dump({"files": files, "files_with_syntax_errors": with_errors, "files_with_parse_error": len(parse_errors),
               "pmccabe_functions": len(pmccabe), "found": found, "found_on_first_line": how["first line"],
               "agree": agree, "largest_excess": excess[0][0] if excess else 0,
               "largest_shortfall": -excess[-1][0] if excess else 0}, open(summary, "w"), indent=1)
if verbose:
    for key in sorted(set(pmccabe) - set(matched)):
        print(f"not found: {key[0]}:{key[1]} {pmccabe[key]['name']} (pmccabe {pmccabe[key]['cc']})")
    for key in sorted(differ):
        p = pmccabe[key]
        print(f"differs: {key[0]}:{key[1]} {p['name']} pmccabe {p['cc']} plumb {differ[key]['cyclomatic']}"
              f" ({cause(key, p, differ[key])})")
PY
