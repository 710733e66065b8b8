//! `plumb report`: the HTML page's data document as the binary writes it, its options and
//! errors, and the page itself in headless Chromium (`tests/browser/drive.py`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{Value, json};

use crate::util::{Tree, git, stderr};

/// `src/app.py`: `simple` (lines 1-2, cyclomatic 1) and `branchy` (lines 5-13: `if`, `elif`,
/// `for`, a nested `if` and an `and`: cyclomatic 6, cognitive 1 + 1 + 1 + 2 + 1 = 6; 9 code
/// lines).
const APP: &str = "def simple(x):
    return x + 1


def branchy(x, y):
    if x > 0:
        return 1
    elif y > 0:
        return 2
    for i in range(3):
        if i and x:
            return i
    return 0
";

/// `lib/util.rs`: `add`, lines 1-3, cyclomatic 1.
const UTIL: &str = "pub fn add(a: i32, b: i32) -> i32 {\n    a + b\n}\n";

/// Coverage of `src/app.py` as coverage.py would report it: the `def` lines ran on import;
/// 7, 9 and 13 never ran. 8 of 11 lines: 72.73%; `branchy`'s body (6-13) 5 of 8: 62.5%.
const LCOV: &str = "TN:\nSF:src/app.py\nDA:1,1\nDA:2,1\nDA:5,1\nDA:6,1\nDA:7,0\nDA:8,1\nDA:9,0\n\
                    DA:10,1\nDA:11,1\nDA:12,1\nDA:13,0\nend_of_record\n";

/// Two measured commits, oldest first, as `--trend` reads them.
const TREND: &str = r#"{"points": [
  {"commit": "1111111", "date": "2025-01-01", "functions": 2, "code": 10,
   "cyclomatic": {"mean": 1.5, "p90": 2, "max": 2}, "cognitive": {"mean": 0.5, "p90": 1, "max": 1},
   "over_threshold": {"cyclomatic": 0, "cognitive": 0}},
  {"commit": "2222222", "date": "2025-02-01", "functions": 3, "code": 14,
   "cyclomatic": {"mean": 2.67, "p90": 6, "max": 6}, "cognitive": {"mean": 2, "p90": 6, "max": 6},
   "over_threshold": {"cyclomatic": 33.33, "cognitive": 0}}
]}"#;

/// The two files, and a configuration that puts the cyclomatic threshold at 5 (so `branchy` has
/// a finding).
fn project() -> Tree {
    Tree::new(&[
        ("src/app.py", APP),
        ("lib/util.rs", UTIL),
        ("plumb.toml", "[rules.cyclomatic-complexity]\nthreshold = 5\n"),
    ])
}

/// The project as a git repository of three commits: all files, then two edits of `branchy`.
fn repository() -> Tree {
    let tree = project();
    git(tree.path(), &["init", "--quiet"]);
    commit(&tree, "Initial import");
    tree.write("src/app.py", APP.replace("return 1\n", "return -1\n").as_bytes());
    commit(&tree, "branchy: negative");
    tree.write(
        "src/app.py",
        APP.replace("return 2\n", "return -2\n").replace("return 1\n", "return -1\n").as_bytes(),
    );
    commit(&tree, "branchy: both negative");
    tree
}

fn commit(tree: &Tree, message: &str) {
    git(tree.path(), &["add", "-A"]);
    git(tree.path(), &["commit", "--quiet", "-m", message]);
}

fn report(tree: &Tree, args: &[&str]) -> Output {
    tree.plumb()
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .arg("report")
        .args(args)
        .arg("--no-progress")
        .output()
        .unwrap()
}

/// The page's data document.
fn data(html: &str) -> Value {
    let start = r#"<script type="application/json" id="plumb-data">"#;
    let at = html.find(start).expect("the data element") + start.len();
    let end = at + html[at..].find("</script>").unwrap();
    serde_json::from_str(&html[at..end]).unwrap()
}

fn page(tree: &Tree, name: &str) -> (String, Value) {
    let html = std::fs::read_to_string(tree.join(name)).unwrap();
    let document = data(&html);
    (html, document)
}

#[test]
fn the_page_holds_every_file_function_and_finding() {
    let tree = project();
    let output = report(&tree, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // The default file name; the status line says what went into it.
    let (html, data) = page(&tree, "plumb-report.html");
    let status = stderr(&output);
    assert!(status.starts_with("wrote plumb-report.html: "), "{status}");
    assert!(status.contains("the source of 2 files"), "{status}");
    assert!(html.starts_with("<!DOCTYPE html>\n"), "{}", &html[..100]);
    assert!(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "));
    let name = tree.path().file_name().unwrap().to_str().unwrap();
    assert_eq!(data["title"], format!("plumb report: {name}"));
    assert_eq!(data["thresholds"], json!({"cyclomatic": 5.0, "cognitive": 15.0}));
    let files = &data["files"];
    assert_eq!(files["path"], json!(["lib/util.rs", "src/app.py"]));
    assert_eq!(files["language"], json!(["rust", "python"]));
    assert_eq!(files["lines"], json!([3, 13]));
    // app.py: 13 lines less the two blank ones.
    assert_eq!(files["code"], json!([3, 11]));
    // Both sources are in the first chunk, one after the other.
    assert_eq!(files["source"], json!([[0, 0, UTIL.len()], [0, UTIL.len(), APP.len()]]));
    assert!(files.get("coverage").is_none());
    let functions = &data["functions"];
    assert_eq!(functions["file"], json!([0, 1, 1]));
    assert_eq!(functions["name"], json!(["add", "simple", "branchy"]));
    assert_eq!(functions["line"], json!([1, 1, 5]));
    assert_eq!(functions["end"], json!([3, 2, 13]));
    assert_eq!(functions["cyclomatic"], json!([1, 1, 6]));
    assert_eq!(functions["cognitive"], json!([0, 0, 6]));
    assert_eq!(functions["code"], json!([3, 2, 9]));
    assert_eq!(functions["params"], json!([2, 1, 2]));
    assert!(functions.get("coverage").is_none());
    // One finding: branchy's 6 > 5, on its line, pointing at it.
    let rules: Vec<&str> =
        data["rules"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    let findings = &data["findings"];
    let rule = usize::try_from(findings["rule"][0].as_u64().unwrap()).unwrap();
    assert_eq!(rules[rule], "cyclomatic-complexity");
    assert_eq!(findings["file"], json!([1]));
    assert_eq!(findings["line"], json!([5]));
    assert_eq!(findings["function"], json!([2]));
    assert_eq!(findings["level"], json!([0]));
    assert_eq!(data["summary"]["functions"], 3);
    assert!(data.get("hotspots").is_none());
    assert!(data.get("trend").is_none());
    // The page is not a gate: exit 0 with an error-level finding.
}

#[test]
fn sources_can_be_left_out() {
    let tree = project();
    let output = report(&tree, &["--sources", "findings", "-o", "findings.html"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let (html, data) = page(&tree, "findings.html");
    // Only app.py has a finding.
    assert_eq!(data["files"]["source"], json!([null, [0, 0, APP.len()]]));
    assert_eq!(html.matches("id=\"plumb-source-").count(), 1);
    let output = report(&tree, &["--sources", "none", "-o", "none.html"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let (html, data) = page(&tree, "none.html");
    assert_eq!(data["files"]["source"], json!([null, null]));
    assert!(!html.contains("id=\"plumb-source-"));
    assert!(stderr(&output).contains("the source of 0 files"), "{}", stderr(&output));
}

#[test]
fn coverage_shades_lines_and_fills_the_columns() {
    let tree = project();
    tree.write("app.lcov", LCOV.as_bytes());
    let output = report(&tree, &["--coverage", "app.lcov", "-o", "covered.html"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let (_, data) = page(&tree, "covered.html");
    let files = &data["files"];
    assert_eq!(files["coverage"], json!([null, 72.73]));
    // Runs of lines that ran (1) or did not (0): first, last, state.
    assert_eq!(
        files["line_coverage"],
        json!([[], [1, 2, 1, 5, 6, 1, 7, 7, 0, 8, 8, 1, 9, 9, 0, 10, 12, 1, 13, 13, 0]])
    );
    let functions = &data["functions"];
    // simple: its body, line 2, ran; branchy 62.5%, CRAP 6^2 x 0.375^3 + 6 = 7.898.
    assert_eq!(functions["coverage"], json!([null, 100.0, 62.5]));
    assert_eq!(functions["crap"], json!([null, 1.0, 7.9]));
    assert_eq!(data["coverage"]["percent"], 72.73);
    assert_eq!(
        (data["coverage"]["lines"].as_u64(), data["coverage"]["covered"].as_u64()),
        (Some(11), Some(8))
    );
    assert_eq!(data["coverage"]["folders"], json!([[".", 72.73], ["src", 72.73]]));
    // The project gate's finding (72.73% < 80%) is on the page too.
    let messages = data["findings"]["message"].as_array().unwrap();
    assert!(messages.contains(&json!("project line coverage is 72.73% (< 80%)")), "{messages:?}");
}

#[test]
fn history_plots_files_and_functions_by_changes() {
    let tree = repository();
    let output = report(&tree, &["--history", "-o", "history.html"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let (_, data) = page(&tree, "history.html");
    let hotspots = &data["hotspots"];
    assert_eq!(hotspots["commits"], 3);
    assert_eq!(hotspots["since"], "since 12 months ago");
    // app.py: 3 commits x (1 + 6) = 21; util.rs: 1 x 1.
    assert_eq!(
        hotspots["files"],
        json!({"file": [1, 0], "commits": [3, 1], "complexity": [7, 1], "score": [21, 1]})
    );
    // branchy: changed by all three commits x 6; simple and add by the first x 1.
    let functions = &hotspots["functions"];
    assert_eq!(functions["function"][0], 2);
    assert_eq!((&functions["changes"][0], &functions["score"][0]), (&json!(3), &json!(18)));
    let mut rest: Vec<(u64, u64, u64)> = (1..3)
        .map(|at| {
            let get = |field: &str| functions[field][at].as_u64().unwrap();
            (get("function"), get("changes"), get("score"))
        })
        .collect();
    rest.sort_unstable();
    assert_eq!(rest, [(0, 1, 1), (1, 1, 1)]);
}

#[test]
fn changed_code_is_marked_and_its_coverage_gated() {
    let tree = repository();
    tree.write("app.lcov", LCOV.as_bytes());
    // Since HEAD~1: the last commit's `return -2` on line 9, and `simple` edited in the working
    // tree on line 2.
    tree.write(
        "src/app.py",
        std::fs::read_to_string(tree.join("src/app.py")).unwrap().replacen("x + 1", "x + 2", 1).as_bytes(),
    );
    let output =
        report(&tree, &["--changed-since", "HEAD~1", "--coverage", "app.lcov", "-o", "changed.html"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let (_, data) = page(&tree, "changed.html");
    let changed = &data["changed"];
    assert!(changed["since"].as_str().unwrap().starts_with("since HEAD~1 ("), "{changed}");
    assert_eq!(changed["lines"], json!([[], [2, 2, 9, 9]]));
    // simple (lines 1-2) and branchy (5-13); not add.
    assert_eq!(changed["functions"], json!([1, 2]));
    // Of the changed lines 2 ran and 9 did not: 50%, under 80%, in place of the project gate.
    assert_eq!(data["coverage"]["changed"], json!({"percent": 50.0, "lines": 2, "covered": 1}));
    let messages = data["findings"]["message"].as_array().unwrap();
    assert!(
        messages
            .contains(&json!("changed-line coverage is 50% (< 80%): 1 of 2 changed lines are not covered")),
        "{messages:?}"
    );
    // A revision that does not exist: exit 2, naming the flag, before any page is written.
    let output = report(&tree, &["--changed-since", "no-such-branch", "-o", "none.html"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("--changed-since"), "{}", stderr(&output));
    assert!(!tree.join("none.html").exists());
}

#[test]
fn history_needs_a_repository_and_fails_before_the_analysis() {
    let tree = project();
    let output = report(&tree, &["--history", "-o", "history.html"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("git"), "{}", stderr(&output));
    assert!(!tree.join("history.html").exists());
}

#[test]
fn the_trend_document_is_drawn_and_a_bad_one_named() {
    let tree = project();
    tree.write("trend.json", TREND.as_bytes());
    let output = report(&tree, &["--trend", "trend.json", "-o", "trend.html"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let (_, data) = page(&tree, "trend.html");
    let points = data["trend"].as_array().unwrap();
    assert_eq!(points.len(), 2);
    assert_eq!(points[1]["commit"], "2222222");
    assert_eq!(points[1]["cyclomatic"], json!({"mean": 2.67, "p90": 6.0, "max": 6.0}));
    assert_eq!(points[1]["over_threshold"], json!({"cyclomatic": 33.33, "cognitive": 0.0}));
    // A document that is not a trend, and one that is not there: exit 2, naming it, and no page.
    tree.write("bad.json", br#"{"points": [{"commit": "1"}]}"#);
    for (file, message) in [
        ("bad.json", "the trend `bad.json` is not a trend document"),
        ("missing.json", "cannot read the trend `missing.json`"),
    ] {
        let output = report(&tree, &["--trend", file, "-o", "bad.html"]);
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        assert!(stderr(&output).contains(message), "{}", stderr(&output));
        assert!(!tree.join("bad.html").exists());
    }
}

#[test]
fn the_page_is_written_safely() {
    let tree = project();
    // Never over a file the run analyses.
    let output = report(&tree, &["-o", "src/app.py"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("it is a file this run analyses"), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(tree.join("src/app.py")).unwrap(), APP);
    // Nor over a directory.
    let output = report(&tree, &["-o", "src"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("cannot write `src`: it is a directory"), "{}", stderr(&output));
    // `-` is standard output.
    let output = report(&tree, &["-o", "-"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).starts_with("wrote the page to standard output: "), "{}", stderr(&output));
    let html = String::from_utf8(output.stdout).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.ends_with("</html>\n"));
    assert_eq!(data(&html)["files"]["path"], json!(["lib/util.rs", "src/app.py"]));
}

// ---- in a browser ------------------------------------------------------------------------------

/// Chromium for the browser tests: `PLUMB_CHROMIUM`, else `chromium` on the PATH. When it is
/// missing, Debian's `chromium` package is installed ([`crate::util::apt_install`]).
fn chromium() -> PathBuf {
    if let Some(named) = std::env::var_os("PLUMB_CHROMIUM") {
        return named.into();
    }
    if let Some(found) = on_path("chromium") {
        return found;
    }
    let installed = crate::util::apt_install(&["chromium", "fonts-liberation"]);
    on_path("chromium").unwrap_or_else(|| {
        panic!(
            "the browser tests need Chromium and could not install it ({}): install Debian's \
             `chromium` package, or name a Chromium binary in PLUMB_CHROMIUM",
            installed.err().unwrap_or_default()
        )
    })
}

fn on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?).map(|dir| dir.join(name)).find(|path| path.is_file())
}

/// `tests/browser/drive.py` on a page: what it saw, after checking that the page ran without a
/// console error or warning and sent no request.
fn drive(page: &Path, args: &[&str]) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/drive.py");
    let output = Command::new("python3")
        .arg(script)
        .arg(page)
        .arg("--chromium")
        .arg(chromium())
        .args(args)
        .output()
        .expect("python3 is needed");
    let seen: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|_| {
        panic!("drive.py: {}{}", String::from_utf8_lossy(&output.stdout), stderr(&output))
    });
    assert!(
        output.status.success() && seen.get("error").is_none(),
        "drive.py: {seen:#}\n{}",
        stderr(&output)
    );
    assert_eq!(seen["console"], json!([]), "console messages");
    assert_eq!(seen["requests"], json!([]), "requests");
    seen
}

/// The rows a count shows: `[name, path:line, cyclomatic, ...]` of the table's first rows.
fn names(rows: &Value) -> Vec<&str> {
    rows.as_array().unwrap().iter().map(|row| row[0].as_str().unwrap()).collect()
}

#[test]
#[ignore = "tools: runs the page in headless Chromium, which it installs with apt-get when missing"]
fn the_page_works_in_chromium() {
    let tree = repository();
    tree.write("app.lcov", LCOV.as_bytes());
    tree.write("trend.json", TREND.as_bytes());
    let args = [
        "--history",
        "--coverage",
        "app.lcov",
        "--trend",
        "trend.json",
        "--changed-since",
        "HEAD~1",
        "-o",
        "page.html",
    ];
    let output = report(&tree, &args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let shots = tree.join("shots");
    let seen = drive(
        &tree.join("page.html"),
        &[
            "--screenshots",
            shots.to_str().unwrap(),
            "--folder",
            "src",
            "--sort",
            "cyclomatic",
            "--filter",
            "cc>1",
            "--probe-policy",
            "--colour",
            "coverage",
        ],
    );
    let counts = &seen["counts"];
    assert_eq!(counts["sections"], json!(["treemap", "hotspots", "trend", "functions", "findings"]));
    // Two files in two folders, each large enough to show its name and its file.
    assert_eq!(
        (&counts["treemap_files"], &counts["treemap_folders"], &counts["treemap_blocks"]),
        (&json!(2), &json!(2), &json!(0))
    );
    assert_eq!(counts["crumbs"], "(all)");
    // Coloured by the worst cyclomatic complexity against the threshold 5: app.py's 6 is a fifth
    // of the way from yellow (5) to red (10), util.rs's 1 two fifths from green (0) to light
    // green (2.5).
    assert_eq!(
        counts["treemap_fills"],
        json!([["lib/util.rs", "rgb(87,178,83)"], ["src/app.py", "rgb(230,164,54)"]])
    );
    assert_eq!(
        counts["legend"],
        json!(["worst cyclomatic complexity of the file (threshold 5)", "no functions"])
    );
    // Coloured by line coverage: app.py's 72.73% is 0.758 of the way from orange (50%) to
    // yellow (80%); util.rs has no coverage data.
    let coloured = &seen["coloured"];
    assert_eq!(
        coloured["treemap_fills"],
        json!([["lib/util.rs", "rgb(190,196,203)"], ["src/app.py", "rgb(236,180,53)"]])
    );
    assert_eq!(coloured["legend"], json!(["line coverage (%)", "no coverage data"]));
    // app.py (3 commits, complexity 7) and util.rs (1, 1), both scored and labelled.
    assert_eq!((&counts["scatter_points"], &counts["scatter_hot"]), (&json!(2), &json!(2)));
    assert_eq!(counts["scatter_labels"], json!(["app.py", "util.rs"]));
    // Five charts: 3 + 3 + 2 + 1 + 1 lines.
    assert_eq!((&counts["trend_charts"], &counts["trend_lines"]), (&json!(5), &json!(10)));
    assert_eq!(counts["table_count"], "3 functions");
    assert_eq!(counts["table_rows_rendered"], 3);
    // Most complex first, then report order; coverage, CRAP, findings and whether the last
    // commit (line 9, in branchy) changed the function.
    assert_eq!(
        counts["first_rows"],
        json!([
            ["branchy", "src/app.py:5", "6", "6", "9", "62.5", "7.9", "1", "changed"],
            ["add", "lib/util.rs:1", "1", "0", "3", "–", "–", "0", ""],
            ["simple", "src/app.py:1", "1", "0", "2", "100", "1", "0", ""],
        ])
    );
    // Line 9 never ran: the changed lines' coverage gate, in place of the project's.
    assert_eq!(counts["rule_groups"], json!([["cyclomatic-complexity", "1"], ["changed-coverage", "1"]]));
    // Clicking the folder `src` zooms into it.
    let zoomed = &seen["zoomed"];
    assert_eq!(zoomed["crumbs"], "(all) / src");
    assert_eq!((&zoomed["treemap_files"], &zoomed["treemap_folders"]), (&json!(1), &json!(0)));
    // Clicking the sorted column's heading reverses the order, twice.
    assert_eq!(seen["sorted_1"]["aria"], "ascending");
    assert_eq!(names(&seen["sorted_1"]["first_rows"]), ["add", "simple", "branchy"]);
    assert_eq!(seen["sorted_2"]["aria"], "descending");
    assert_eq!(names(&seen["sorted_2"]["first_rows"]), ["branchy", "add", "simple"]);
    assert_eq!(seen["filtered"]["table_count"], "1 of 3 functions");
    assert_eq!(names(&seen["filtered"]["first_rows"]), ["branchy"]);
    // The row opens app.py at branchy, with lines shaded by coverage and the numbers of each
    // function in the margin at its first line.
    let source = &seen["source"];
    assert_eq!(source["title"], "src/app.py");
    assert_eq!(source["lines"], 13);
    assert_eq!(source["covered"], json!([1, 2, 5, 6, 8, 10, 11, 12]));
    assert_eq!(source["uncovered"], json!([7, 9, 13]));
    // The complexity finding on 5, the changed lines' coverage finding on the changed line.
    assert_eq!(source["flagged"], json!([5, 9]));
    assert_eq!(source["target"], json!([5]));
    assert_eq!(source["changed"], json!([9]));
    // Each function's numbers go down its first lines: simple has two, so the second takes
    // the rest; on branchy's line 9 the finding's rule shows in place of `changed`.
    assert_eq!(
        source["margins"],
        json!([
            [1, "simple"],
            [2, "cc 1 · cog 0 · 2 code lines · 100% covered · CRAP 1"],
            [5, "branchy"],
            [6, "cc 6 · cog 6"],
            [7, "9 code lines"],
            [8, "62.5% covered · CRAP 7.9"],
            [9, "changed-coverage"],
        ])
    );
    assert_eq!(source["first_code"], json!(["def simple(x):", "    return x + 1", ""]));
    // The table scrolled to its end shows its last row; a finding's link opens its line.
    assert_eq!(seen["scrolled"]["last_row"], "simple");
    assert_eq!(seen["finding_source"]["target"], json!([5]));
    // What the policy forbids is refused: no request, no injected script or style.
    let policy = &seen["policy"];
    assert_eq!(
        policy,
        &json!({
            "fetch": "refused", "image": "refused", "script": "refused", "style": "refused",
            "violations": ["connect-src", "img-src", "script-src-elem", "style-src-elem"],
        })
    );
    for name in ["treemap", "hotspots", "trend", "functions", "findings", "source"] {
        let png = std::fs::read(shots.join(format!("report-{name}.png"))).unwrap();
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 1000, "report-{name}.png");
    }
}

#[test]
#[ignore = "tools: runs the page in headless Chromium, which it installs with apt-get when missing"]
fn a_hundred_thousand_functions_in_chromium() {
    // 20 files of 5,000 functions `f0`.. of cyclomatic 2, in four folders.
    let text = (0..5000).fold(String::new(), |mut text, i| {
        let _ = write!(text, "def f{i}(x):\n    if x:\n        return {i}\n    return x\n\n");
        text
    });
    let tree = Tree::new(&[]);
    for folder in 0..4 {
        for file in 0..5 {
            tree.write(&format!("pkg{folder}/mod{file}.py"), text.as_bytes());
        }
    }
    let output = report(&tree, &["-o", "page.html"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let seen = drive(&tree.join("page.html"), &["--sort", "name", "--filter", "f4999"]);
    let counts = &seen["counts"];
    assert_eq!(counts["table_count"], "100,000 functions");
    // Rows are drawn only around what is in view: the 520-pixel viewport holds 22 rows of 24
    // pixels, and 8 more are drawn below it.
    assert_eq!(counts["table_rows_rendered"], 30);
    assert_eq!(counts["table_height"], 100_000 * 24);
    assert_eq!((&counts["treemap_files"], &counts["treemap_folders"]), (&json!(20), &json!(4)));
    // By name: the 20 `f0` first, in report order (pkg0/mod0.py first); then descending.
    let first = &seen["sorted_1"]["first_rows"];
    assert_eq!(names(first), ["f0"; 5]);
    assert_eq!(first[0][1], "pkg0/mod0.py:1");
    assert_eq!(first[1][1], "pkg0/mod1.py:1");
    assert_eq!(names(&seen["sorted_2"]["first_rows"]), ["f999"; 5]);
    // `f4999` is in each file, once.
    assert_eq!(seen["filtered"]["table_count"], "20 of 100,000 functions");
    assert_eq!(seen["scrolled"]["table_count"], "100,000 functions");
    assert_eq!(seen["scrolled"]["last_row"], "f0");
}
