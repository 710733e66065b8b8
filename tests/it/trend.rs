use std::path::Path;
use std::process::{Command, Output};

use serde_json::{Value, json};

use crate::util::{GIT_AND_PRE_COMMIT_ENV, Tree, json, stderr, stdout};

/// `git ARGS` in `dir` as Ann at `date`.
fn git(dir: &Path, date: &str, args: &[&str]) {
    crate::history::git(dir, ("Ann", "ann@example.com"), date, args);
}

fn commit(tree: &Tree, date: &str, message: &str) -> String {
    git(tree.path(), date, &["add", "-A"]);
    git(tree.path(), date, &["commit", "--quiet", "-m", message]);
    let output = Command::new("git").args(["rev-parse", "HEAD"]).current_dir(tree.path()).output().unwrap();
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

/// Cyclomatic 1, cognitive 0, 2 code lines.
const A: &str = "def a(x):\n    return x\n";
/// Cyclomatic 2, cognitive 1, 4 code lines.
const B: &str = "def b(x):\n    if x:\n        return 1\n    return 0\n";
/// Cyclomatic 3, cognitive 1 + 2 (nested) = 3, 5 code lines.
const C: &str = "def c(x, y):\n    if x:\n        if y:\n            return 1\n    return 0\n";
/// Cyclomatic 4, cognitive 1 + 2 + 1 = 4, 7 code lines.
const C2: &str = "def c(x, y):\n    if x:\n        if y:\n            return 1\n    if y:\n        return 2\n    return 0\n";

/// A repository of four commits (thresholds: cyclomatic and cognitive 2, so a function over 2
/// is reported):
///
/// 1. 2024-01-10 "Start": a.py (`a`, `b`).
/// 2. 2024-01-20 "Add c": c.py (`c`).
/// 3. 2024-02-05 "fix: wrong result in c": `c` becomes C2.
/// 4. 2024-03-15 "Remove a": a.py holds only `b`; README.md (not source).
fn history() -> (Tree, [String; 4]) {
    let config =
        "[rules.cyclomatic-complexity]\nthreshold = 2\n\n[rules.cognitive-complexity]\nthreshold = 2\n";
    let tree = Tree::new(&[("plumb.toml", config), ("a.py", &format!("{A}\n\n{B}"))]);
    git(tree.path(), "2024-01-10T10:00:00+00:00", &["init", "--quiet", "--initial-branch=main"]);
    let first = commit(&tree, "2024-01-10T10:00:00+00:00", "Start");
    tree.write("c.py", C.as_bytes());
    let second = commit(&tree, "2024-01-20T10:00:00+00:00", "Add c");
    tree.write("c.py", C2.as_bytes());
    let third = commit(&tree, "2024-02-05T10:00:00+00:00", "fix: wrong result in c");
    tree.write("a.py", B.as_bytes());
    tree.write("README.md", b"# Notes\n");
    let fourth = commit(&tree, "2024-03-15T10:00:00+00:00", "Remove a");
    (tree, [first, second, third, fourth])
}

fn plumb(tree: &Tree, args: &[&str]) -> Output {
    let mut command = tree.plumb();
    for name in GIT_AND_PRE_COMMIT_ENV {
        command.env_remove(name);
    }
    command.arg("trend").args(args).output().unwrap()
}

fn spread(mean: f64, p90: u32, max: u32) -> Value {
    json!({"mean": mean, "p90": f64::from(p90), "max": f64::from(max)})
}

/// The over-threshold shares of a point: cyclomatic and cognitive, and the other rules on a
/// function's measure with their default thresholds (no function is over them).
fn over(reported: u64, percent: f64) -> Value {
    let rule = |rule: &str, functions: u64, percent: f64| json!({"rule": rule, "functions": functions, "percent": percent});
    json!([
        rule("cyclomatic-complexity", reported, percent),
        rule("cognitive-complexity", reported, percent),
        rule("function-length", 0, 0.0),
        rule("too-many-parameters", 0, 0.0),
        rule("nesting-depth", 0, 0.0),
    ])
}

/// The points worked out by hand (see [`history`]), without `commit` and `short`:
///
/// | commit | functions (cyclomatic, cognitive) | code | over 2 |
/// |---|---|---|---|
/// | 2 | a (1, 0), b (2, 1), c (3, 3) | 6 + 5 | c: 1 of 3 |
/// | 3 | a (1, 0), b (2, 1), c (4, 4) | 6 + 7 | c: 1 of 3 |
/// | 4 | b (2, 1), c (4, 4) | 4 + 7 | c: 1 of 2 |
///
/// The 90th percentile by nearest rank is the ceil(0.9 n)th smallest: the 3rd of 3, the 2nd of 2.
fn expected(index: usize) -> Value {
    match index {
        2 => json!({
            "date": "2024-01-20T10:00:00Z", "files": 2, "functions": 3, "code": 11,
            "cyclomatic": spread(2.0, 3, 3), "cognitive": spread(1.33, 3, 3),
            "over_threshold": {"cyclomatic": 33.33, "cognitive": 33.33}, "over": over(1, 33.33),
        }),
        3 => json!({
            "date": "2024-02-05T10:00:00Z", "files": 2, "functions": 3, "code": 13,
            "cyclomatic": spread(2.33, 4, 4), "cognitive": spread(1.67, 4, 4),
            "over_threshold": {"cyclomatic": 33.33, "cognitive": 33.33}, "over": over(1, 33.33),
        }),
        4 => json!({
            "date": "2024-03-15T10:00:00Z", "files": 2, "functions": 2, "code": 11,
            "cyclomatic": spread(3.0, 4, 4), "cognitive": spread(2.5, 4, 4),
            "over_threshold": {"cyclomatic": 50.0, "cognitive": 50.0}, "over": over(1, 50.0),
        }),
        _ => unreachable!(),
    }
}

/// The points of `plumb trend --format json ARGS`, each without `commit` and `short`, and the
/// commits.
fn measure(tree: &Tree, args: &[&str]) -> (Vec<Value>, Vec<String>, Value) {
    let output = plumb(tree, &[&["--format", "json"], args].concat());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = json(&output);
    let mut commits = Vec::new();
    let points = report["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|point| {
            let mut point = point.clone();
            let object = point.as_object_mut().unwrap();
            let commit = object.remove("commit").unwrap().as_str().unwrap().to_owned();
            assert_eq!(object.remove("short").unwrap(), commit[..7]);
            commits.push(commit);
            point
        })
        .collect();
    (points, commits, report)
}

#[test]
fn each_series_at_each_sampled_commit() {
    let (tree, commits) = history();
    // The last commit of each month: 2 (January), 3 (February), 4 (March).
    let (points, sampled, report) = measure(&tree, &["--since", "2024-01-01", "--every", "month"]);
    assert_eq!(sampled, commits[1..]);
    assert_eq!(points, [expected(2), expected(3), expected(4)]);
    // Blobs: a.py and c.py at 2, c.py's new version at 3, a.py's at 4; a.py and c.py are in
    // every sample.
    assert_eq!(report["files"], json!({"measured": 6, "parsed": 4}));
    assert_eq!(
        report["rules"],
        json!([
            "cyclomatic-complexity",
            "cognitive-complexity",
            "function-length",
            "too-many-parameters",
            "nesting-depth"
        ])
    );
}

#[test]
fn samples_every_nth_commit_from_head_after_a_revision_or_named() {
    let (tree, commits) = history();
    // Every 2nd counted back from HEAD: 4, 2.
    let (points, sampled, _) = measure(&tree, &["--since", "2024-01-01", "--every", "2"]);
    assert_eq!(sampled, [commits[1].clone(), commits[3].clone()]);
    assert_eq!(points, [expected(2), expected(4)]);
    // After a revision, which is included.
    let (_, sampled, _) = measure(&tree, &["--since", &commits[1], "--every", "1"]);
    assert_eq!(sampled, commits[1..]);
    // Named, in any order: by date.
    let (points, sampled, _) = measure(&tree, &[&commits[3], &commits[2]]);
    assert_eq!(sampled, commits[2..]);
    assert_eq!(points, [expected(3), expected(4)]);
    // Nothing in the range.
    let output = plumb(&tree, &["--since", "2030-01-01"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("no commit to measure"), "{}", stderr(&output));
    let output = plumb(&tree, &["--every", "fortnight"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("expected `week`, `month` or a number"), "{}", stderr(&output));
}

#[test]
fn defect_density_at_each_commit() {
    let (tree, _) = history();
    let (points, _, _) = measure(&tree, &["--since", "2024-01-01", "--history"]);
    // The one fix (commit 3, on c.py) is in the year before commits 3 and 4: 1 defect in 13 and
    // in 11 code lines.
    let defects: Vec<(Value, Value)> =
        points.iter().map(|point| (point["defects"].clone(), point["defect_density"].clone())).collect();
    assert_eq!(defects, [(json!(0), json!(0.0)), (json!(1), json!(76.92)), (json!(1), json!(90.91))]);
}

#[test]
fn table_csv_svg_and_markdown() {
    let (tree, commits) = history();
    let args = ["--since", "2024-01-01"];
    let table = stdout(&plumb(&tree, &args));
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].starts_with("Date        Commit   Files  Functions  Code  cyc mean"), "{table}");
    assert!(
        lines[3].starts_with(&format!(
            "2024-03-15  {}  2      2          11    3         4        4",
            &commits[3][..7]
        )),
        "{table}"
    );
    assert_eq!(lines[5], "3 commits, 6 file versions measured, 4 parsed (each blob once)");
    let csv = stdout(&plumb(&tree, &[&args[..], &["--format", "csv"]].concat()));
    assert_eq!(
        csv.lines().nth(2),
        Some(
            format!("2024-02-05T10:00:00Z,{},2,3,13,2.33,4,4,1.67,4,4,33.33,33.33,0,0,0", commits[2])
                .as_str()
        )
    );
    let svg = stdout(&plumb(&tree, &[&args[..], &["--format", "svg"]].concat()));
    assert!(
        svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"800\" height=\"400\""),
        "{svg}"
    );
    assert!(svg.contains(">2024-01-20</text>") && svg.contains(">2024-03-15</text>"), "{svg}");
    let markdown = stdout(&plumb(&tree, &[&args[..], &["--format", "markdown"]].concat()));
    assert!(markdown.contains("```mermaid\nxychart-beta\n"), "{markdown}");
    assert!(markdown.contains("    x-axis [\"2024-01-20\", \"2024-02-05\", \"2024-03-15\"]\n"), "{markdown}");
    // Cyclomatic p90 and mean, cognitive p90 and mean.
    assert!(
        markdown.contains(
            "    line [3, 4, 4]\n    line [2, 2.33, 3]\n    line [3, 4, 4]\n    line [1.33, 1.67, 2.5]\n"
        ),
        "{markdown}"
    );
}
