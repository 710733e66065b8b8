use std::process::Output;

use serde_json::{Value, json};

use crate::util::{GIT_AND_PRE_COMMIT_ENV, Tree, git, json, stderr, stdout};

const STAY: &str = "def stay(a):\n    if a:\n        return 1\n    return 0\n";
const GONE: &str = "def gone(a):\n    return a\n";
const COMPUTE_BODY: &str =
    "(total, step):\n    total = total + step\n    total = total * 2\n    print(total)\n    return total\n";
const TWEAK: &str = "\"\"\"Tweaks.\"\"\"\n\n\ndef tweak(a):\n    \"\"\"Tweak a.\"\"\"\n    if a:\n        return 1\n    return 0\n";
const MOVER: &str = "def mover(a, b):\n    if a and b:\n        return 1\n    return 0\n";
const OTHER: &str = "def other():\n    return 0\n";
const BASE: &str = "def base():\n    return 1\n";
const MESSY: &str = "def messy(a, b, c):\n    if a:\n        if b:\n            if c:\n                return 1\n    return 0\n";
const TIDY: &str = "def messy(a, b, c):\n    if a and b and c:\n        return 1\n    return 0\n";
const FRESH: &str = "def fresh(a, b):\n    if a or b:\n        return 1\n    return 0\n";

/// A repository whose one commit holds five files; then, in the working tree: `gone` deleted
/// and `compute` renamed `calculate` (keep.py), old_name.py renamed new_name.py with `tweak`
/// made worse, `mover` moved from src.py to dst.py, `messy` simplified, and new.py untracked.
fn history() -> Tree {
    let tree = Tree::new(&[
        ("keep.py", &format!("{STAY}\n\n{GONE}\n\ndef compute{COMPUTE_BODY}")),
        ("old_name.py", TWEAK),
        ("src.py", &format!("{MOVER}\n\n{OTHER}")),
        ("dst.py", BASE),
        ("simplify.py", MESSY),
    ]);
    git(tree.path(), &["init", "--quiet"]);
    git(tree.path(), &["add", "."]);
    git(tree.path(), &["commit", "--quiet", "-m", "first"]);
    tree.write("keep.py", format!("{STAY}\n\ndef calculate{COMPUTE_BODY}").as_bytes());
    git(tree.path(), &["mv", "old_name.py", "new_name.py"]);
    tree.write("new_name.py", TWEAK.replace("if a:", "if a and a > 1:").as_bytes());
    tree.write("src.py", OTHER.as_bytes());
    tree.write("dst.py", format!("{BASE}\n\n{MOVER}").as_bytes());
    tree.write("simplify.py", TIDY.as_bytes());
    tree.write("new.py", FRESH.as_bytes());
    tree
}

fn plumb(tree: &Tree, args: &[&str]) -> Output {
    let mut command = tree.plumb();
    for name in GIT_AND_PRE_COMMIT_ENV {
        command.env_remove(name);
    }
    command.args(args).output().unwrap()
}

/// What `git rev-parse ARGS` prints, trimmed.
fn rev_parse(tree: &Tree, args: &[&str]) -> String {
    let output = std::process::Command::new("git")
        .arg("rev-parse")
        .args(args)
        .current_dir(tree.path())
        .output()
        .unwrap();
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

/// Measures as the JSON writes them.
fn m(line: u32, end: u32, [cyclomatic, cognitive, code, params, nesting]: [u32; 5]) -> Value {
    json!({
        "start_line": line, "end_line": end, "cyclomatic": cyclomatic, "cognitive": cognitive,
        "code": code, "params": params, "nesting": nesting,
    })
}

/// One function of the JSON, without its optional keys when absent.
fn function(path: &str, name: &str, status: &str, regression: bool, before: Value, after: Value) -> Value {
    let over = |measures: &Value| -> Value {
        if measures.is_null() || measures["cyclomatic"].as_u64().unwrap() <= 2 {
            json!([])
        } else {
            json!(["cyclomatic-complexity"])
        }
    };
    json!({
        "path": path, "qualified_name": name, "status": status, "regression": regression,
        "over_before": over(&before), "over_after": over(&after), "before": before, "after": after,
    })
}

#[test]
fn each_status_with_renamed_files_renamed_and_moved_functions() {
    let tree = history();
    let output = plumb(&tree, &["diff", "HEAD", "--format", "json", "--max-cyclomatic", "2"]);
    // Two regressions: `tweak` went from 2 to 3 (over 2), `fresh` is new at 3.
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report = json(&output);
    assert_eq!(report["base"]["commit"], rev_parse(&tree, &["HEAD"]));
    assert_eq!(report["base"]["kind"], "revision");

    let mut tweak =
        function("new_name.py", "tweak", "worse", true, m(4, 8, [2, 1, 4, 1, 1]), m(4, 8, [3, 2, 4, 1, 1]));
    tweak["old_path"] = json!("old_name.py");
    let fresh = function("new.py", "fresh", "new", true, Value::Null, m(1, 4, [3, 2, 4, 2, 1]));
    let gone = function("keep.py", "gone", "removed", false, m(7, 8, [1, 0, 2, 1, 0]), Value::Null);
    let messy =
        function("simplify.py", "messy", "better", false, m(1, 6, [4, 6, 6, 3, 3]), m(1, 4, [4, 2, 4, 3, 1]));
    let base_fn =
        function("dst.py", "base", "unchanged", false, m(1, 2, [1, 0, 2, 0, 0]), m(1, 2, [1, 0, 2, 0, 0]));
    let stay =
        function("keep.py", "stay", "unchanged", false, m(1, 4, [2, 1, 4, 1, 1]), m(1, 4, [2, 1, 4, 1, 1]));
    let other =
        function("src.py", "other", "unchanged", false, m(7, 8, [1, 0, 2, 0, 0]), m(1, 2, [1, 0, 2, 0, 0]));
    let mut mover =
        function("dst.py", "mover", "unchanged", false, m(1, 4, [3, 2, 4, 2, 1]), m(5, 8, [3, 2, 4, 2, 1]));
    mover["old_path"] = json!("src.py");
    let mut calculate = function(
        "keep.py",
        "calculate",
        "unchanged",
        false,
        m(11, 15, [1, 0, 5, 2, 0]),
        m(7, 11, [1, 0, 5, 2, 0]),
    );
    calculate["old_qualified_name"] = json!("compute");
    // Worst first: regressions (worse, then new), removed, better, then the unchanged by line
    // and path.
    let expected = [tweak, fresh, gone, messy, base_fn, stay, other, mover, calculate];
    let functions = report["functions"].as_array().unwrap();
    for (got, want) in functions.iter().zip(&expected) {
        assert_eq!(got, want);
    }
    assert_eq!(functions.len(), expected.len());

    let total = &report["total"];
    assert_eq!(total["files"], 6);
    assert_eq!(total["functions_before"], 8);
    assert_eq!(total["functions_after"], 8);
    assert_eq!(
        total["counts"],
        json!({"new": 1, "removed": 1, "worse": 1, "better": 1, "unchanged": 5, "regressions": 2})
    );
    // Over 2: `mover` and `messy` of 8 before; `tweak`, `mover`, `messy`, `fresh` of 8 after.
    assert_eq!(
        total["over"][0],
        json!({"rule": "cyclomatic-complexity", "before": 2, "after": 4, "share_before": 25.0, "share_after": 50.0, "change": 25.0})
    );
    let files: Vec<(String, String, Value)> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_owned(),
                f["status"].as_str().unwrap().to_owned(),
                f["old_path"].clone(),
            )
        })
        .collect();
    let file = |path: &str, status: &str, old: Value| (path.to_owned(), status.to_owned(), old);
    assert_eq!(
        files,
        [
            file("dst.py", "modified", Value::Null),
            file("keep.py", "modified", Value::Null),
            file("new.py", "added", Value::Null),
            file("new_name.py", "renamed", json!("old_name.py")),
            file("simplify.py", "modified", Value::Null),
            file("src.py", "modified", Value::Null),
        ]
    );
    // `mover` counts in its new file: dst.py has two unchanged functions, src.py one.
    let dst = &report["files"][0];
    assert_eq!(
        dst["counts"],
        json!({"new": 0, "removed": 0, "worse": 0, "better": 0, "unchanged": 2, "regressions": 0})
    );
}

#[test]
fn human_markdown_and_github_outputs() {
    let tree = history();
    let human = plumb(&tree, &["diff", "HEAD", "--max-cyclomatic", "2"]);
    let text = stdout(&human);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("Status "), "{text}");
    assert!(lines[1].starts_with("REGRESSION  tweak"), "{text}");
    assert!(lines[2].starts_with("REGRESSION  fresh"), "{text}");
    assert!(
        text.contains("6 files, 8 → 8 functions: 1 new, 1 removed, 1 worse, 1 better, 5 unchanged\n"),
        "{text}"
    );
    assert!(
        text.contains("cyclomatic-complexity: 2 → 4 functions over the threshold (25% → 50%, +25 points)"),
        "{text}"
    );

    let markdown = stdout(&plumb(&tree, &["diff", "HEAD", "--max-cyclomatic", "2", "--format", "markdown"]));
    assert!(markdown.starts_with(&format!(
        "## plumb diff\n\n❌ 2 regressions since HEAD ({}): 1 function went over a threshold or further over it, 1 new \
         function over a threshold; 1 function improved.\n\n### Regressions\n\n",
        rev_parse(&tree, &["--short", "HEAD"])
    )), "{markdown}");
    assert!(
        markdown.contains(
            "| REGRESSION | tweak | new\\_name.py:4 (from old\\_name.py) | 2 → 3 | 1 → 2 | 4 | 1 | 1 |"
        ),
        "{markdown}"
    );
    assert!(markdown.contains("### Improvements\n\n"), "{markdown}");
    assert!(
        markdown.contains("| better | messy | simplify.py:1 | 4 | 6 → 2 | 6 → 4 | 3 | 3 → 1 |"),
        "{markdown}"
    );
    assert!(
        markdown.contains("<details><summary>1 other function changed under the thresholds</summary>"),
        "{markdown}"
    );

    let github = stdout(&plumb(&tree, &["diff", "HEAD", "--max-cyclomatic", "2", "--format", "github"]));
    assert_eq!(
        github,
        "::error file=new_name.py,line=4,title=plumb diff::`tweak` is further over cyclomatic-complexity: cyclomatic 2 → 3, \
         cognitive 1 → 2, code lines 4, params 1, nesting 1\n\
         ::error file=new.py,line=1,title=plumb diff::`fresh` is new and over cyclomatic-complexity: cyclomatic 3, \
         cognitive 2, code lines 4, params 2, nesting 1\n"
    );
}

#[test]
fn bad_bases_are_errors() {
    let tree = history();
    let output = plumb(&tree, &["diff", "no-such-branch"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("`no-such-branch` is not a commit, branch or tag"),
        "{}",
        stderr(&output)
    );
    // No upstream and no origin: the default base cannot be found.
    let output = plumb(&tree, &["diff"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("no base to compare with"), "{}", stderr(&output));
}

/// `path: function rule` of each finding of `plumb check --format json ARGS`, and the exit code.
fn findings(tree: &Tree, args: &[&str], env: &[(&str, &str)]) -> (Vec<String>, Option<i32>) {
    let mut command = tree.plumb();
    for name in GIT_AND_PRE_COMMIT_ENV {
        command.env_remove(name);
    }
    let output = command
        .envs(env.iter().copied())
        .arg("check")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(matches!(output.status.code(), Some(0 | 1)), "{}", stderr(&output));
    let found = json(&output)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{}: {} {}",
                f["path"].as_str().unwrap(),
                f["function"].as_str().unwrap_or("-"),
                f["rule"].as_str().unwrap()
            )
        })
        .collect();
    (found, output.status.code())
}

#[test]
fn the_ratchet_reports_only_new_or_worse_findings() {
    let tree = history();
    // Without the ratchet: `tweak` (3), `fresh` (3), `mover` (3) and `messy` (4) are over 2.
    let (all, code) = findings(&tree, &["--max-cyclomatic", "2"], &[]);
    assert_eq!(
        all,
        [
            "dst.py: mover cyclomatic-complexity",
            "new.py: fresh cyclomatic-complexity",
            "new_name.py: tweak cyclomatic-complexity",
            "simplify.py: messy cyclomatic-complexity",
        ]
    );
    assert_eq!(code, Some(1));
    // `mover` moved at 3, `messy` stayed at 4: not worse, left out.
    let ratchet = ["--ratchet", "HEAD", "--max-cyclomatic", "2"];
    let (kept, code) = findings(&tree, &ratchet, &[]);
    assert_eq!(kept, ["new.py: fresh cyclomatic-complexity", "new_name.py: tweak cyclomatic-complexity"]);
    assert_eq!(code, Some(1));
    let output = plumb(&tree, &[&["check"][..], &ratchet].concat());
    assert!(
        stdout(&output).ends_with(&format!(
            "ratchet since HEAD ({}): 2 findings on code that did not get worse not shown; improved: `messy` \
             (cognitive 6 → 2, code lines 6 → 4, nesting 3 → 1)\n",
            rev_parse(&tree, &["--short", "HEAD"])
        )),
        "{}",
        stdout(&output)
    );

    // Committed: nothing is new or worse than HEAD, and the run passes; against the commit
    // before, the same two.
    git(tree.path(), &["add", "-A"]);
    git(tree.path(), &["commit", "--quiet", "-m", "second"]);
    assert_eq!(findings(&tree, &ratchet, &[]), (vec![], Some(0)));
    let (kept, code) = findings(&tree, &["--ratchet", "HEAD~1", "--max-cyclomatic", "2"], &[]);
    assert_eq!(kept, ["new.py: fresh cyclomatic-complexity", "new_name.py: tweak cyclomatic-complexity"]);
    assert_eq!(code, Some(1));

    // `messy` one further over (5): reported; as a pre-commit hook, staged, against HEAD.
    tree.write("simplify.py", TIDY.replace("b and c", "b and c and a").as_bytes());
    git(tree.path(), &["add", "simplify.py"]);
    let hook = [("PRE_COMMIT", "1")];
    assert_eq!(
        findings(&tree, &ratchet, &hook),
        (vec!["simplify.py: messy cyclomatic-complexity".to_owned()], Some(1))
    );
    // pre-commit run on a range of commits: the range's start, whatever is staged.
    let range = [("PRE_COMMIT", "1"), ("PRE_COMMIT_FROM_REF", "HEAD~1"), ("PRE_COMMIT_TO_REF", "HEAD")];
    let (kept, _) = findings(&tree, &ratchet, &range);
    assert_eq!(
        kept,
        [
            "new.py: fresh cyclomatic-complexity",
            "new_name.py: tweak cyclomatic-complexity",
            "simplify.py: messy cyclomatic-complexity",
        ]
    );
}

#[test]
fn the_ratchet_compares_file_findings_and_keeps_new_files_whole() {
    // 3 code lines over a file-length of 2 at the base, 4 now: worse; the other file stays at 3;
    // a new file over it is reported.
    let tree = Tree::new(&[
        ("plumb.toml", "[rules.file-length]\nthreshold = 2\nlevel = \"error\"\n"),
        ("grow.py", "a = 1\nb = 2\nc = 3\n"),
        ("same.py", "a = 1\nb = 2\nc = 3\n"),
    ]);
    git(tree.path(), &["init", "--quiet"]);
    git(tree.path(), &["add", "."]);
    git(tree.path(), &["commit", "--quiet", "-m", "first"]);
    tree.write("grow.py", b"a = 1\nb = 2\nc = 3\nd = 4\n");
    tree.write("same.py", b"a = 1\nb = 2\n\nc = 3\n");
    tree.write("new.py", b"x = 1\ny = 2\nz = 3\n");
    let (kept, code) = findings(&tree, &["--ratchet", "HEAD"], &[]);
    assert_eq!(kept, ["grow.py: - file-length", "new.py: - file-length"]);
    assert_eq!(code, Some(1));
}

#[test]
fn coverage_of_the_working_tree_is_on_the_after_side_only() {
    // At the base: `a` returns at once, `b` and `gone`. In the working tree: `a` branches,
    // `b` is as it was (two lines lower), `gone` is deleted and `c` is new.
    let tree = Tree::new(&[(
        "cov.py",
        "def a(x):\n    return 0\n\n\ndef b(x):\n    return x + 1\n\n\ndef gone():\n    return 2\n",
    )]);
    git(tree.path(), &["init", "--quiet"]);
    git(tree.path(), &["add", "."]);
    git(tree.path(), &["commit", "--quiet", "-m", "first"]);
    tree.write(
        "cov.py",
        b"def a(x):\n    if x:\n        return 1\n    return 0\n\n\ndef b(x):\n    return x + 1\n\n\ndef c(x):\n    return x\n",
    );
    // As coverage.py writes it for a test calling `a(1)` and `c(5)` twice: the `def` lines ran
    // at import. `a`: lines 2, 3 and 4 instrumented, 2 and 3 run: 2 of 3, 66.67%. `b`: its
    // `def` line (which does not count) ran, line 8 did not, and its FNDA says never called:
    // 0%. `c`: line 12, run: 100%.
    tree.write(
        "lcov.info",
        b"TN:\nSF:cov.py\nDA:1,1\nDA:2,1\nDA:3,1\nDA:4,0\nDA:7,1\nDA:8,0\nDA:11,1\nDA:12,2\n\
          FN:1,4,a\nFNDA:1,a\nFN:7,8,b\nFNDA:0,b\nFN:11,12,c\nFNDA:2,c\nLF:8\nLH:6\nend_of_record\n",
    );
    let output = plumb(&tree, &["diff", "HEAD", "--coverage", "lcov.info", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = json(&output);
    let coverage: Vec<(&str, &str, Value, Value)> = report["functions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["qualified_name"].as_str().unwrap(),
                f["status"].as_str().unwrap(),
                f["before"].get("coverage").cloned().unwrap_or(Value::Null),
                f["after"].get("coverage").cloned().unwrap_or(Value::Null),
            )
        })
        .collect();
    assert_eq!(
        coverage,
        [
            ("a", "worse", Value::Null, json!(66.67)),
            ("c", "new", Value::Null, json!(100.0)),
            ("gone", "removed", Value::Null, Value::Null),
            ("b", "unchanged", Value::Null, json!(0.0)),
        ]
    );
    // No side before carries a coverage key at all.
    for function in report["functions"].as_array().unwrap() {
        assert!(function["before"].is_null() || function["before"].get("coverage").is_none(), "{function}");
    }
}

#[test]
fn the_ratchet_keeps_coverage_findings_on_new_and_changed_code_only() {
    let branchy =
        |name: &str, value: u32| format!("def {name}(a):\n    if a:\n        return {value}\n    return 0\n");
    let tree = Tree::new(&[
        (
            "plumb.toml",
            "[rules.uncovered-complex-function]\nthreshold = 1\n\n[rules.coverage]\nfile-threshold = 50\n",
        ),
        ("f.py", &format!("{}\n\n{}", branchy("kept", 1), branchy("edited", 1))),
        (
            "u.py",
            &format!(
                "def u(a):\n    if a:\n        return 1\n    b = 2\n{}    return b\n",
                "    b += 1\n".repeat(6)
            ),
        ),
    ]);
    git(tree.path(), &["init", "--quiet"]);
    git(tree.path(), &["add", "."]);
    git(tree.path(), &["commit", "--quiet", "-m", "first"]);
    // `edited` returns 2 now (line 9), `fresh` is new (lines 13 to 16).
    tree.write(
        "f.py",
        format!("{}\n\n{}\n\n{}", branchy("kept", 1), branchy("edited", 2), branchy("fresh", 1)).as_bytes(),
    );
    // No test calls anything: the `def` lines ran, no body line did. f.py: 9 uncovered lines
    // of 12, u.py: 10 of 11; the project: 3 of 23, 13.04%, shown on u.py.
    let lines = |ran: &[u32], missed: std::ops::RangeInclusive<u32>, gaps: &[u32]| -> String {
        let mut lines: Vec<String> = ran.iter().map(|line| format!("DA:{line},1\n")).collect();
        lines.extend(
            missed
                .filter(|line| !ran.contains(line) && !gaps.contains(line))
                .map(|line| format!("DA:{line},0\n")),
        );
        lines.concat()
    };
    let report = format!(
        "SF:f.py\n{}end_of_record\nSF:u.py\n{}end_of_record\n",
        lines(&[1, 7, 13], 1..=16, &[5, 6, 11, 12]),
        lines(&[1], 1..=11, &[])
    );
    tree.write("lcov.info", report.as_bytes());
    let sorted = |(mut found, code): (Vec<String>, Option<i32>)| {
        found.sort();
        (found, code)
    };
    let all = [
        "f.py: - coverage",
        "f.py: edited uncovered-complex-function",
        "f.py: fresh uncovered-complex-function",
        "f.py: kept uncovered-complex-function",
        "u.py: - coverage",
        "u.py: - coverage",
        "u.py: u uncovered-complex-function",
    ];
    assert_eq!(
        sorted(findings(&tree, &["--coverage", "lcov.info"], &[])),
        (all.map(str::to_owned).to_vec(), Some(1))
    );
    // With the ratchet: `kept` and u.py's function and file are left as they were; f.py's file
    // finding stays (the base has no coverage to compare with), and so does the project gate.
    let kept = [
        "f.py: - coverage",
        "f.py: edited uncovered-complex-function",
        "f.py: fresh uncovered-complex-function",
        "u.py: - coverage",
    ];
    let (found, code) = sorted(findings(&tree, &["--ratchet", "HEAD", "--coverage", "lcov.info"], &[]));
    assert_eq!((found, code), (kept.map(str::to_owned).to_vec(), Some(1)));
}

#[test]
fn the_ratchet_compares_coverage_with_the_base_coverage() {
    let def = |name: &str, extra: &str| {
        format!("def {name}(a):\n    if a:\n        return 1\n{extra}    return 0\n")
    };
    // low: lines 1-4, fell: 7-11, rose: 14-17; the change adds fresh: 20-23.
    let base = format!("{}\n\n{}\n\n{}", def("low", ""), def("fell", "    a = 2\n"), def("rose", ""));
    let tree =
        Tree::new(&[("plumb.toml", "[rules.uncovered-complex-function]\nthreshold = 1\n"), ("f.py", &base)]);
    git(tree.path(), &["init", "--quiet"]);
    git(tree.path(), &["add", "."]);
    git(tree.path(), &["commit", "--quiet", "-m", "first"]);
    tree.write("f.py", format!("{base}\n\n{}", def("fresh", "")).as_bytes());
    let lcov = |hits: &[(u32, u32)]| -> String {
        let lines: Vec<String> = hits.iter().map(|(line, count)| format!("DA:{line},{count}\n")).collect();
        format!("SF:f.py\n{}end_of_record\n", lines.concat())
    };
    // A function's coverage counts the lines of its body (the `def` line is not one). The base:
    // low 0 of 3 body lines (0%), fell 1 of 4 (25%), rose 0 of 3 (0%): all three under 50% at
    // complexity 2.
    let (hit, missed) = (1, 0);
    tree.write(
        "base.info",
        lcov(
            &[(1, hit), (2, missed), (3, missed), (4, missed)]
                .into_iter()
                .chain([(7, hit), (8, hit), (9, missed), (10, missed), (11, missed)])
                .chain([(14, hit), (15, missed), (16, missed), (17, missed)])
                .collect::<Vec<_>>(),
        )
        .as_bytes(),
    );
    // The change: low 0% still, fell 0 of 4 (0%), rose 3 of 3 (100%), fresh 0 of 3 (0%).
    tree.write(
        "lcov.info",
        lcov(
            &[(1, hit), (2, missed), (3, missed), (4, missed)]
                .into_iter()
                .chain([(7, hit), (8, missed), (9, missed), (10, missed), (11, missed)])
                .chain([(14, hit), (15, hit), (16, hit), (17, hit)])
                .chain([(20, hit), (21, missed), (22, missed), (23, missed)])
                .collect::<Vec<_>>(),
        )
        .as_bytes(),
    );
    let common =
        ["--ratchet", "HEAD", "--coverage", "lcov.info", "--min-coverage", "0", "--max-warnings", "0"];
    let sorted = |(mut found, code): (Vec<String>, Option<i32>)| {
        found.sort();
        (found, code)
    };
    // Without the base's coverage, only the new function: the others' text did not change.
    assert_eq!(
        sorted(findings(&tree, &common, &[])),
        (vec!["f.py: fresh uncovered-complex-function".to_owned()], Some(1))
    );
    // With it, `fell` too; `low` stayed as it was, `rose` is no longer under 50%.
    let args: Vec<&str> = common.iter().copied().chain(["--base-coverage", "base.info"]).collect();
    assert_eq!(
        sorted(findings(&tree, &args, &[])),
        (
            vec![
                "f.py: fell uncovered-complex-function".to_owned(),
                "f.py: fresh uncovered-complex-function".to_owned()
            ],
            Some(1)
        )
    );
    // The summary names the function whose coverage rose.
    let mut command = tree.plumb();
    for name in GIT_AND_PRE_COMMIT_ENV {
        command.env_remove(name);
    }
    let output = command.arg("check").args(&args).output().unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), stderr(&output));
    assert!(text.contains("improved: `rose` (coverage 0% → 100%)"), "{text}");
}

#[test]
fn the_ratchet_refuses_min_changed_coverage_and_base_coverage_needs_it() {
    let tree = Tree::new(&[("f.py", "def f():\n    return 1\n")]);
    git(tree.path(), &["init", "--quiet"]);
    git(tree.path(), &["add", "."]);
    git(tree.path(), &["commit", "--quiet", "-m", "first"]);
    let run = |args: &[&str]| tree.plumb().arg("check").args(args).output().unwrap();
    let output = run(&["--ratchet", "HEAD", "--min-changed-coverage", "80"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("--ratchet") && message.contains("--min-changed-coverage"), "{message}");
    let output = run(&["--base-coverage", "base.info"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--ratchet"), "{}", stderr(&output));
    // Without the working tree's coverage there is nothing to compare the base's with.
    let output = run(&["--ratchet", "HEAD", "--base-coverage", "base.info"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--coverage"), "{}", stderr(&output));
}

#[test]
fn unnamed_functions_are_counted_not_listed_unless_they_regress() {
    // `run` stays as it was; the arrow function it passes to `map` gains a conditional
    // (cyclomatic 1 → 2, cognitive 0 → 1).
    let tree = Tree::new(&[("run.js", "function run(items) {\n  return items.map((x) => x + 1);\n}\n")]);
    git(tree.path(), &["init", "--quiet"]);
    git(tree.path(), &["add", "."]);
    git(tree.path(), &["commit", "--quiet", "-m", "first"]);
    tree.write("run.js", b"function run(items) {\n  return items.map((x) => (x > 0 ? x + 1 : 0));\n}\n");
    let head = rev_parse(&tree, &["--short", "HEAD"]);

    let human = plumb(&tree, &["diff", "HEAD"]);
    assert_eq!(human.status.code(), Some(0), "{}", stderr(&human));
    assert_eq!(
        stdout(&human),
        format!(
            "1 unnamed function (closures, lambdas, blocks) changed under the thresholds, counted but \
             not listed: --format json lists them\n\n\
             1 file, 2 → 2 functions: 0 new, 0 removed, 1 worse, 0 better, 1 unchanged\n\
             No function got worse over a threshold since HEAD ({head}); 0 functions improved.\n"
        )
    );
    let markdown = stdout(&plumb(&tree, &["diff", "HEAD", "--format", "markdown"]));
    assert!(
        markdown.contains("1 unnamed function (closures, lambdas, blocks) changed under the thresholds"),
        "{markdown}"
    );
    assert!(!markdown.contains("| worse |"), "{markdown}");
    let report = json(&plumb(&tree, &["diff", "HEAD", "--format", "json"]));
    assert_eq!(report["functions"][0]["qualified_name"], "run.<arrow>");
    assert_eq!(report["functions"][0]["status"], "worse");

    // Over a threshold, it is listed as any regression is (its ternary also nests it one
    // level); with coverage, a column shows the working tree's line coverage (the arrow's
    // line 2 ran).
    tree.write("lcov.info", b"TN:\nSF:run.js\nDA:1,1\nDA:2,1\nLF:2\nLH:2\nend_of_record\n");
    let human = plumb(&tree, &["diff", "HEAD", "--max-cyclomatic", "1", "--coverage", "lcov.info"]);
    let text = stdout(&human);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[..2],
        [
            "Status      Function     Location  Cyclomatic  Cognitive  Code lines  Params  Nesting  Coverage",
            "REGRESSION  run.<arrow>  run.js:2  1 → 2       0 → 1      1           1       0 → 1    100%",
        ],
        "{text}"
    );
    let markdown = stdout(&plumb(
        &tree,
        &["diff", "HEAD", "--max-cyclomatic", "1", "--coverage", "lcov.info", "--format", "markdown"],
    ));
    assert!(
        markdown.contains(
            "| Status | Function | Location | Cyclomatic | Cognitive | Code lines | Params | Nesting | Coverage |\n\
             | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n\
             | REGRESSION | run.\\<arrow\\> | run.js:2 | 1 → 2 | 0 → 1 | 1 | 1 | 0 → 1 | 100% |\n"
        ),
        "{markdown}"
    );
}
