//! `--coverage` end to end, on real reports that cargo-llvm-cov wrote for a small crate
//! (`crates/plumb-coverage/tests/data/llvm-cov`: the crate's `src/lib.rs`, built in
//! `/ci/workspace/rust`, and its reports).
//!
//! The expected numbers come from the tool's own per-line listing (`report.txt` there): 53
//! instrumented lines in `src/lib.rs`, 43 of them run.

use std::fmt::Write as _;
use std::path::PathBuf;

use crate::util::{Tree, git, json, stderr, stdout};

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("crates/plumb-coverage/tests/data/llvm-cov").join(name)
}

/// The crate as a git repository, and its LCOV report copied in as `lcov.info`.
fn crate_tree() -> Tree {
    let source = std::fs::read_to_string(data("src/lib.rs")).unwrap();
    let tree = Tree::new(&[("src/lib.rs", &source)]);
    std::fs::copy(data("lcov.info"), tree.join("lcov.info")).unwrap();
    git(tree.path(), &["init", "-q"]);
    tree
}

/// The JSON document of `plumb check --coverage lcov.info` with extra arguments.
fn check_json(tree: &Tree, args: &[&str]) -> (serde_json::Value, i32) {
    let output = tree
        .plumb()
        .args(["check", "--coverage", "lcov.info", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    (json(&output), output.status.code().unwrap())
}

fn function<'a>(document: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    document["files"][0]["functions"].as_array().unwrap().iter().find(|f| f["name"] == name).unwrap()
}

/// `(covered, lines)` of the function starting on a line.
fn lines_of(document: &serde_json::Value, line: u64) -> (Option<u64>, Option<u64>) {
    let functions = document["files"][0]["functions"].as_array().unwrap();
    let coverage = &functions.iter().find(|f| f["start_line"] == line).unwrap()["coverage"];
    (coverage["covered"].as_u64(), coverage["lines"].as_u64())
}

#[test]
fn functions_files_and_the_project_get_their_coverage() {
    let tree = crate_tree();
    let (document, code) = check_json(&tree, &[]);
    assert_eq!(code, 0, "81.13% is above the default minimum of 80%");
    let file = &document["files"][0];
    assert_eq!(file["path"], "src/lib.rs");
    assert_eq!(
        (file["coverage"]["lines"].as_u64(), file["coverage"]["covered"].as_u64()),
        (Some(53), Some(43))
    );
    assert_eq!(file["coverage"]["percent"], 81.13);

    // classify, lines 9-21: 9, 10, 11, 12, 13, 14, 15, 16, 17, 19, 21 instrumented; 11, 16, 17
    // and 19 never ran. CC 5 (four ifs): CRAP = 5^2 * (4/11)^3 + 5 = 6.2021.
    let classify = &function(&document, "classify")["coverage"];
    assert_eq!((classify["lines"].as_u64(), classify["covered"].as_u64()), (Some(11), Some(7)));
    assert_eq!((classify["percent"].as_f64(), classify["crap"].as_f64()), (Some(63.64), Some(6.2)));
    // never_called, lines 44-49: five instrumented lines, none run. CC 3 (two match arms):
    // CRAP = 3^2 * 1^3 + 3 = 12.
    let never = &function(&document, "never_called")["coverage"];
    assert_eq!(
        (never["lines"].as_u64(), never["covered"].as_u64(), never["crap"].as_f64()),
        (Some(5), Some(0), Some(12.0))
    );
    // in_window: all six lines ran, so CRAP is its complexity, 6 (if and four &&).
    assert_eq!(function(&document, "in_window")["coverage"]["crap"], 6.0);
    // kv, lines 53-65 with its closures: line 60 (the empty-key error) never ran. CC 3 (`for`
    // and `if`; the closures are functions of their own): CRAP = 9 * (1/12)^3 + 3 = 3.005.
    let kv = &function(&document, "kv")["coverage"];
    assert_eq!(
        (kv["lines"].as_u64(), kv["covered"].as_u64(), kv["crap"].as_f64()),
        (Some(12), Some(11), Some(3.01))
    );

    let coverage = &document["coverage"];
    assert_eq!(coverage["reports"], serde_json::json!(["lcov.info"]));
    assert_eq!(
        (coverage["total"]["lines"].as_u64(), coverage["total"]["covered"].as_u64()),
        (Some(53), Some(43))
    );
    assert_eq!(
        coverage["folders"],
        serde_json::json!([
            {"path": ".", "lines": 53, "covered": 43, "percent": 81.13, "branches": 0, "branches_covered": 0, "branch_percent": null},
            {"path": "src", "lines": 53, "covered": 43, "percent": 81.13, "branches": 0, "branches_covered": 0, "branch_percent": null},
        ])
    );
    assert_eq!(coverage["files_without_coverage"], 0);
    assert_eq!(document["findings"], serde_json::json!([]));
}

#[test]
fn a_function_the_report_records_as_never_called_is_not_covered() {
    // Line 58 ran twice (`.ok_or_else(|| ...)?` in kv), but the closure on it never did: the
    // report's function records say so (LCOV `FNDA:0,...{closure#1}`; llvm-cov JSON `count` 0),
    // so its one line is not covered. The closure on line 55 ran twice; kv keeps its 11 of 12.
    let tree = crate_tree();
    std::fs::copy(data("llvm-cov-export.json"), tree.join("llvm-cov-export.json")).unwrap();
    for report in ["lcov.info", "llvm-cov-export.json"] {
        let output = tree.plumb().args(["check", "--coverage", report, "--format", "json"]).output().unwrap();
        let document = json(&output);
        assert_eq!(lines_of(&document, 58), (Some(0), Some(1)), "{report}");
        assert_eq!(lines_of(&document, 55), (Some(1), Some(1)), "{report}");
        assert_eq!(lines_of(&document, 53), (Some(11), Some(12)), "{report}");
        // CRAP of a never-called function of complexity 1: 1^2 * 1^3 + 1 = 2.
        let functions = document["files"][0]["functions"].as_array().unwrap();
        let closure = functions.iter().find(|f| f["start_line"] == 58).unwrap();
        assert_eq!(closure["coverage"]["crap"], 2.0, "{report}");
    }
}

#[test]
fn the_project_gate_fails_below_its_minimum() {
    let tree = crate_tree();
    let output =
        tree.plumb().args(["check", "--coverage", "lcov.info", "--min-coverage", "85"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    // Placed on the file with the most uncovered lines (the only one here: 10 of its 53), at
    // its first uncovered line, 11 (`"negative"`, never run).
    assert!(
        text.starts_with(
            "error[coverage]: project line coverage is 81.13% (< 85%)\n   --> src/lib.rs:11:1\n   |\n11 |         \"negative\"\n   | ^ the first of this file's 10 uncovered lines, the most of any file\n"
        ),
        "{text}"
    );
    assert!(text.contains("= 43 of 53 instrumented lines covered"), "{text}");
    assert!(
        text.contains("= shown on `src/lib.rs`, the file with the most uncovered lines: 10 of its 53"),
        "{text}"
    );
    assert!(text.ends_with("1 error\nline coverage 81.13% (43 of 53 lines)\n"), "{text}");

    // Every format carries it: the Markdown summary's coverage table, a SARIF result.
    let output = tree
        .plumb()
        .args(["check", "--coverage", "lcov.info", "--min-coverage", "85", "--format", "markdown"])
        .output()
        .unwrap();
    let text = stdout(&output);
    assert!(text.contains("### Coverage\n\n| | covered | instrumented | % |\n|---|---:|---:|---:|\n| lines | 43 | 53 | 81.13% |\n"), "{text}");
    let output = tree
        .plumb()
        .args(["check", "--coverage", "lcov.info", "--min-coverage", "85", "--format", "sarif"])
        .output()
        .unwrap();
    let sarif = json(&output);
    assert!(crate::formats::sarif_validator().is_valid(&sarif));
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "coverage");
    assert_eq!(result["message"]["text"], "project line coverage is 81.13% (< 85%)");
    // A file of the repository that code scanning can open, not the report.
    assert_eq!(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "src/lib.rs");
    assert_eq!(result["locations"][0]["physicalLocation"]["region"]["startLine"], 11);
    crate::util::assert_locations_open_in_code_scanning(&sarif, tree.path());

    // The same minimum from the configuration, with a per-file minimum.
    tree.write("plumb.toml", b"[rules.coverage]\nthreshold = 85\nfile-threshold = 90\n");
    let (document, code) = check_json(&tree, &[]);
    assert_eq!(code, 1);
    let rules: Vec<_> = document["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].clone(), f["path"].clone(), f["message"].clone()))
        .collect();
    assert_eq!(
        rules,
        [
            ("coverage".into(), "src/lib.rs".into(), "`src/lib.rs` has 81.13% line coverage (< 90%)".into()),
            ("coverage".into(), "src/lib.rs".into(), "project line coverage is 81.13% (< 85%)".into()),
        ]
    );
}

#[test]
fn complex_functions_without_tests_are_reported() {
    let tree = crate_tree();
    // Complexity above 2 with under 50% coverage: only never_called (CC 3, 0%); classify (CC 5)
    // has 63.64%, largest (CC 3) and in_window (CC 6) are fully covered.
    tree.write(
        "plumb.toml",
        b"[rules.uncovered-complex-function]\nthreshold = 2\n\n[rules.crap]\nthreshold = 11\n",
    );
    let (document, code) = check_json(&tree, &[]);
    assert_eq!(code, 0, "both are warnings");
    let found: Vec<_> = document["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].clone(), f["function"].clone(), f["message"].clone()))
        .collect();
    assert_eq!(
        found,
        [
            ("crap".into(), "never_called".into(), "`never_called` has a CRAP score of 12 (> 11)".into()),
            (
                "uncovered-complex-function".into(),
                "never_called".into(),
                "`never_called` has a cyclomatic complexity of 3 and 0% line coverage (< 50%)".into()
            ),
        ]
    );
}

#[test]
fn changed_lines_are_gated_on_their_own_coverage() {
    let tree = crate_tree();
    git(tree.path(), &["add", "src/lib.rs"]);
    git(tree.path(), &["commit", "-q", "-m", "tinycov"]);
    // Change line 13 (`"zero"`, run once) and line 17 (`"medium"`, never run).
    let source = std::fs::read_to_string(tree.join("src/lib.rs")).unwrap();
    tree.write(
        "src/lib.rs",
        source.replacen("\"zero\"", "\"nil\"", 1).replacen("\"medium\"", "\"mid\"", 1).as_bytes(),
    );

    let output =
        tree.plumb().args(["check", "--coverage", "lcov.info", "--changed-since", "HEAD"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with(
            "error[changed-coverage]: changed-line coverage is 50% (< 80%): 1 of 2 changed lines are not covered\n   --> src/lib.rs:17:1\n"
        ),
        "{text}"
    );
    assert!(text.contains("= src/lib.rs: not covered: 17\n"), "{text}");

    let (document, code) = check_json(&tree, &["--changed-since", "HEAD", "--min-changed-coverage", "50"]);
    assert_eq!(code, 0);
    let changed = &document["coverage"]["changed"];
    assert_eq!(
        (changed["lines"].as_u64(), changed["covered"].as_u64(), changed["minimum"].as_f64()),
        (Some(2), Some(1), Some(50.0))
    );
    assert_eq!(
        changed["files"],
        serde_json::json!([{
            "path": "src/lib.rs", "lines": 2, "covered": 1, "percent": 50.0, "branches": 0,
            "branches_covered": 0, "branch_percent": null, "uncovered_lines": [17]
        }])
    );
}

#[test]
fn the_coverage_command_lists_the_least_covered_first() {
    let tree = crate_tree();
    let output = tree.plumb().args(["coverage", "lcov.info", "--top", "3"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "\
Least covered files
LINES%  LINES  COVERED  BRANCHES  FILE
81.13%     53       43         -  src/lib.rs

Least covered functions
LINES%  LINES  CC  CRAP  FUNCTION              LOCATION
 0.00%      5   3  12.0  never_called          src/lib.rs:44
 0.00%      1   1   2.0  parse::kv::<closure>  src/lib.rs:58
63.64%     11   5   6.2  classify              src/lib.rs:9

total: 43 of 53 instrumented lines covered (81.13%)
"
    );
}

#[test]
fn bad_reports_are_errors_that_name_them() {
    let tree = crate_tree();
    tree.write("empty.info", b"");
    tree.write("broken.xml", b"<coverage><packages><package");
    for (args, expected) in [
        (&["--coverage", "missing.info"][..], "cannot read the coverage report `missing.info`: no such file"),
        (&["--coverage", "reports/*.info"][..], "no coverage report matches `reports/*.info`"),
        (&["--coverage", "empty.info"][..], "cannot read the coverage report `empty.info`"),
        (&["--coverage", "broken.xml"][..], "cannot read the coverage report `broken.xml`"),
        (&["--coverage", "lcov.info", "--coverage-format", "xml"][..], "unknown coverage format"),
    ] {
        let output = tree.plumb().arg("check").args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(stderr(&output).contains(expected), "{args:?}: {}", stderr(&output));
        assert!(stdout(&output).is_empty(), "{args:?}");
    }
}

#[test]
fn files_outside_the_working_directory_get_their_coverage() {
    // Run from elsewhere, on the crate by absolute path: the report's paths still find the file.
    let tree = crate_tree();
    let elsewhere = Tree::new(&[]);
    let src = tree.join("src").display().to_string();
    let report = tree.join("lcov.info").display().to_string();
    let output =
        elsewhere.plumb().args(["check", &src, "--coverage", &report, "--format", "json"]).output().unwrap();
    let document = json(&output);
    assert_eq!(document["files"][0]["coverage"]["covered"], 43, "{}", stderr(&output));
    assert_eq!(document["coverage"]["total"]["lines"], 53);
    assert_eq!(document["coverage"]["files_without_coverage"], 0);
}

/// The Go module of `crates/plumb-coverage/tests/data/go-toolchain` and its coverprofile.
#[test]
fn go_coverage_agrees_with_go_tool_cover() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("crates/plumb-coverage/tests/data/go-toolchain");
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    let (go_mod, shapes) = (read("go.mod"), read("shapes.go"));
    let tree = Tree::new(&[("go.mod", &go_mod), ("shapes.go", &shapes)]);
    std::fs::copy(dir.join("cover.out"), tree.join("cover.out")).unwrap();
    let output =
        tree.plumb().args(["check", "--coverage", "cover.out", "--format", "json"]).output().unwrap();
    let document = json(&output);
    assert_eq!(document["coverage"]["unresolved"], serde_json::json!([]), "{}", stderr(&output));
    let function = |name: &str, line: u64| {
        let functions = document["files"][0]["functions"].as_array().unwrap();
        let found = functions.iter().find(|f| f["name"] == name && f["start_line"] == line);
        let coverage = &found.unwrap_or_else(|| panic!("no {name} at line {line}"))["coverage"];
        (coverage["covered"].as_u64().unwrap(), coverage["lines"].as_u64().unwrap())
    };
    // `go tool cover -func`: `example.com/shapes/shapes.go:10:	Area		80.0%`. Statements and
    // lines differ in number, but full, partial and no coverage must agree.
    let listed = read("func.txt");
    let mut compared = 0;
    for row in listed.lines().filter(|row| !row.starts_with("total:")) {
        let fields: Vec<&str> = row.split_whitespace().collect();
        let line = fields[0].trim_end_matches(':').rsplit(':').next().unwrap().parse().unwrap();
        let percent: f64 = fields[2].trim_end_matches('%').parse().unwrap();
        let (covered, lines) = function(fields[1], line);
        let agrees = match percent {
            100.0 => covered == lines,
            0.0 => covered == 0,
            _ => covered > 0 && covered < lines,
        };
        assert!(agrees, "{row}: plumb has {covered} of {lines} lines covered");
        compared += 1;
    }
    assert_eq!(compared, 5);
    // Worked out by hand from cover.out: a line's hits are the most of the blocks on it.
    assert_eq!(function("Area", 10), (7, 9)); // the circle case, lines 16-17, never ran
    assert_eq!(function("Classify", 23), (9, 11)); // `return "invalid"`, lines 25-26
    assert_eq!(function("Largest", 37), (8, 8));
    assert_eq!(function("<func in Scaled>", 50), (3, 3));
    assert_eq!(function("NeverTested", 56), (0, 5));
    assert_eq!(document["coverage"]["total"]["covered"], 28);
    assert_eq!(document["coverage"]["total"]["lines"], 37);
}

#[test]
fn a_report_that_names_no_file_of_the_repository_fails_with_the_path_map_that_fixes_it() {
    // The crate has moved to crates/tinycov/ since cargo-llvm-cov wrote the report in
    // /ci/workspace/rust: `src/lib.rs` there is not a suffix of `crates/tinycov/lib.rs` here.
    let source = std::fs::read_to_string(data("src/lib.rs")).unwrap();
    let tree = Tree::new(&[("crates/tinycov/lib.rs", &source)]);
    std::fs::copy(data("lcov.info"), tree.join("lcov.info")).unwrap();
    git(tree.path(), &["init", "-q"]);
    let output = tree.plumb().args(["check", "--coverage", "lcov.info"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout(&output).is_empty());
    let expected = format!(
        "error: no path of the coverage report `lcov.info` names a file of the repository `{}`, so its \
         coverage cannot be checked: its one path is `/ci/workspace/rust/src/lib.rs`\n\
         help: rewrite the report's prefix in plumb.toml, which makes it name a file of the repository:\n\n    \
         [coverage]\n    path-map = [[\"/ci/workspace/rust/src/\", \"crates/tinycov/\"]]\n",
        tree.path().display()
    );
    assert_eq!(stderr(&output), expected);
    // The configuration the message gives is the fix.
    let toml = expected.split("\n\n").nth(1).unwrap().replace("    ", "");
    tree.write("plumb.toml", toml.as_bytes());
    let (document, code) = check_json(&tree, &[]);
    assert_eq!(code, 0);
    assert_eq!(document["coverage"]["total"]["covered"], 43);
    assert_eq!(document["coverage"]["total"]["lines"], 53);
    // Paths under no common directory, whose best matches are ties: no rewrite to offer.
    tree.write("other/lib.rs", b"pub fn other() {}\n");
    tree.write("two.info", b"SF:a/lib.rs\nDA:1,1\nend_of_record\nSF:b/x/lib.rs\nDA:1,1\nend_of_record\n");
    let output = tree.plumb().args(["check", "--coverage", "two.info"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).ends_with(
            "so its coverage cannot be checked: its 2 paths are `a/lib.rs`, `b/x/lib.rs`\n\
             help: if these are files of the repository under other names, rewrite the report's prefixes \
             with `path-map` in plumb.toml's `[coverage]` table (see docs/coverage.md)\n"
        ),
        "{}",
        stderr(&output)
    );
}

#[test]
fn paths_naming_no_file_or_several_are_told_from_files_not_analysed() {
    let tree = crate_tree();
    tree.write("a/util.rs", b"pub fn a() {}\n");
    tree.write("b/util.rs", b"pub fn b() {}\n");
    git(tree.path(), &["add", "-A"]);
    git(tree.path(), &["commit", "-q", "-m", "tinycov"]);
    let lcov = std::fs::read_to_string(data("lcov.info")).unwrap();
    let extra = "SF:a/util.rs\nDA:1,1\nend_of_record\nSF:util.rs\nDA:1,1\nend_of_record\nSF:src/gone.rs\nDA:1,0\nend_of_record\n";
    // (The fixture's last line has no line end.)
    tree.write("lcov.info", format!("{lcov}\n{extra}").as_bytes());
    // Only src/lib.rs is analysed: a/util.rs exists, `util.rs` could be either util.rs, and
    // src/gone.rs is no file at all.
    let output = tree.plumb().args(["check", "src/lib.rs", "--coverage", "lcov.info"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stderr(&output),
        "warning: 1 path of `lcov.info` names no file of the repository: `src/gone.rs`\n\
         warning: 1 path of `lcov.info` matches several files of the repository equally well, and is left out: \
         `util.rs` (`a/util.rs`, `b/util.rs`)\n\
         note: `lcov.info` covers 1 file of the repository that this run does not analyse: `a/util.rs`\n"
    );
    assert_eq!(
        json(
            &tree
                .plumb()
                .args(["check", "src/lib.rs", "--coverage", "lcov.info", "--format", "json"])
                .output()
                .unwrap()
        )["coverage"]["unresolved"],
        serde_json::json!(["src/gone.rs", "util.rs (matches a/util.rs, b/util.rs)"])
    );
    // In changed-code mode only the changed file is analysed; the others are no mismatch.
    let source = std::fs::read_to_string(tree.join("src/lib.rs")).unwrap();
    tree.write("src/lib.rs", source.replacen("\"zero\"", "\"nil\"", 1).as_bytes());
    tree.write("lcov.info", format!("{lcov}\nSF:a/util.rs\nDA:1,1\nend_of_record\n").as_bytes());
    let output =
        tree.plumb().args(["check", "--coverage", "lcov.info", "--changed-since", "HEAD"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(
        stderr(&output),
        "note: `lcov.info` covers 1 file of the repository that this run does not analyse: `a/util.rs`\n"
    );
}

#[test]
fn a_report_read_as_another_format_or_holding_no_line_is_an_error() {
    let tree = crate_tree();
    let other = |path: &str| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("crates/plumb-coverage/tests/data").join(path)
    };
    std::fs::copy(data("cobertura.xml"), tree.join("cobertura.xml")).unwrap();
    std::fs::copy(other("istanbul/clover.xml"), tree.join("clover.xml")).unwrap();
    std::fs::copy(other("sonar/coverage.sonar.xml"), tree.join("sonar.xml")).unwrap();
    tree.write("empty.out", b"mode: set\n");
    tree.write("empty.info", b"TN:\nSF:src/lib.rs\nend_of_record\n");
    tree.write(
        "empty.xml",
        b"<?xml version=\"1.0\" ?>\n<coverage line-rate=\"0\"><sources/><packages/></coverage>\n",
    );
    // The three formats with a `<coverage>` root, each read as one of the two others.
    let wrong = |report: &str, forced: &str, read_as: &str, looks_like: &str, right: &str| {
        format!(
            "error: the coverage report `{report}`, read as {read_as} (`--coverage-format {forced}`), holds no \
             instrumented line; its content looks like {looks_like}: give `--coverage-format {right}`, or leave \
             the option out\n"
        )
    };
    let empty = |report: &str, format: &str| {
        format!(
            "error: the coverage report `{report}` ({format}) holds no instrumented line, so its coverage cannot \
             be checked: did the tests run with coverage on, and did it measure the code?\n"
        )
    };
    let cases = [
        (
            &["--coverage", "cobertura.xml", "--coverage-format", "clover"][..],
            wrong("cobertura.xml", "clover", "Clover", "Cobertura", "cobertura"),
        ),
        (
            &["--coverage", "clover.xml", "--coverage-format", "cobertura"],
            wrong("clover.xml", "cobertura", "Cobertura", "Clover", "clover"),
        ),
        (
            &["--coverage", "clover.xml", "--coverage-format", "sonar"],
            wrong("clover.xml", "sonar", "Sonar generic coverage", "Clover", "clover"),
        ),
        (
            &["--coverage", "sonar.xml", "--coverage-format", "cobertura"],
            wrong("sonar.xml", "cobertura", "Cobertura", "Sonar generic coverage", "sonar"),
        ),
        (
            &["--coverage", "sonar.xml", "--coverage-format", "clover"],
            wrong("sonar.xml", "clover", "Clover", "Sonar generic coverage", "sonar"),
        ),
        (&["--coverage", "empty.out"], empty("empty.out", "Go coverprofile")),
        (&["--coverage", "empty.info"], empty("empty.info", "LCOV")),
        (&["--coverage", "empty.xml"], empty("empty.xml", "Cobertura")),
    ];
    for (args, expected) in cases {
        for command in [&["check"][..], &["coverage"]] {
            let args: Vec<&str> = if command == ["coverage"] {
                args.iter().filter(|&&arg| arg != "--coverage").copied().collect()
            } else {
                args.to_vec()
            };
            let output = tree.plumb().args(command).args(&args).output().unwrap();
            assert_eq!(output.status.code(), Some(2), "{command:?} {args:?}");
            assert_eq!(stderr(&output), expected, "{command:?} {args:?}");
            assert!(stdout(&output).is_empty());
        }
    }
}

#[test]
fn coverage_past_the_end_of_a_file_is_left_out() {
    // A report that claims lines a 7-line file does not have cannot lift its coverage.
    let app = "def f(x):\n    if x:\n        return 1\n    return 2\n\n\nprint(f(1))\n";
    let tree = Tree::new(&[("src/app.py", app)]);
    git(tree.path(), &["init", "-q"]);
    tree.write("lcov.info", b"SF:src/app.py\nDA:2,1\nDA:4,0\nDA:4294967295,1\nend_of_record\n");
    let output =
        tree.plumb().args(["check", "--coverage", "lcov.info", "--min-coverage", "0"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).ends_with("line coverage 50% (1 of 2 lines)\n"), "{}", stdout(&output));
    assert_eq!(
        stderr(&output),
        "warning: coverage past the end of 1 file is left out (is the report older than the code?): \
         `src/app.py` has 7 lines, the report goes to line 4294967295\n"
    );
    // Only lines past the end: nothing left to check.
    tree.write("lcov.info", b"SF:src/app.py\nDA:40,1\nend_of_record\n");
    let output = tree.plumb().args(["check", "--coverage", "lcov.info"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: the coverage report `lcov.info` gives no instrumented line in the 1 analysed file, so \
         coverage cannot be checked: it measures lines past their end (`src/app.py` has 7 lines, the report \
         goes to line 40): a report of other code, or of older code?\n"
    );
}

/// 100 Go blocks of 10,000 lines each, one after the other, for a file of 61 lines: ranges
/// until they meet the file.
#[test]
fn blocks_spanning_many_lines_count_only_the_lines_of_the_file() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("crates/plumb-coverage/tests/data/go-toolchain");
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    let (go_mod, shapes) = (read("go.mod"), read("shapes.go"));
    let tree = Tree::new(&[("go.mod", &go_mod), ("shapes.go", &shapes)]);
    git(tree.path(), &["init", "-q"]);
    let mut profile = String::from("mode: set\n");
    for block in 0..100 {
        let first = 1 + block * 10_000;
        let _ = writeln!(profile, "example.com/shapes/shapes.go:{first}.1,{}.2 1 1", first + 9_999);
    }
    tree.write("cover.out", profile.as_bytes());
    let lines = shapes.lines().count();
    let output = tree.plumb().args(["check", "--coverage", "cover.out"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.ends_with(&format!("line coverage 100% ({lines} of {lines} lines)\n")), "{text}");
    assert_eq!(
        stderr(&output),
        format!(
            "warning: coverage past the end of 1 file is left out (is the report older than the code?): \
             `shapes.go` has {lines} lines, the report goes to line 1000000\n"
        )
    );
}

#[test]
fn outside_a_git_repository_only_the_analysed_files_are_known() {
    let tree = Tree::new(&[("a.py", "def f():\n    return 1\n"), ("b.py", "def g():\n    return 1\n")]);
    tree.write("b.info", b"SF:b.py\nDA:2,1\nend_of_record\n");
    // a.py named alone: whether b.py is a file plumb cannot tell from a listing, so no error.
    let output = tree.plumb().args(["check", "a.py", "--coverage", "b.info"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stderr(&output),
        "warning: 1 path of `b.info` names no analysed file (outside a git repository, plumb knows no \
         other): `b.py`\n"
    );
    // The whole directory: b.py is analysed and covered.
    let output = tree.plumb().args(["check", "--coverage", "b.info"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).ends_with("line coverage 100% (1 of 1 lines)\n"), "{}", stdout(&output));
    tree.write("c.info", b"SF:zz/c.py\nDA:2,1\nend_of_record\n");
    let output = tree.plumb().args(["check", "--coverage", "c.info"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).ends_with(
        "help: no file of the repository has the name of one of them: is it a report of other code?\n"
    ));
}
