use serde_json::json;

use crate::util::{NESTED_JS, ROUTE_PY, Tree, stderr, stdout};

/// FNV-1a of `cyclomatic-complexity\0app.py\0route\00`, computed independently with Python.
const ROUTE_FINGERPRINT: &str = "c0d773d6f6ba3fcb";

/// `route` with one more branch: cyclomatic complexity 12.
fn route_worse() -> String {
    ROUTE_PY.replacen("user):\n", "user):\n    if user.banned:\n        return 0\n", 1)
}

/// A tree with `route` (cyclomatic complexity 11) baselined in `plumb-baseline.json`.
fn baselined() -> Tree {
    let tree = Tree::new(&[("app.py", ROUTE_PY)]);
    let output = tree.plumb().arg("baseline").output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    tree
}

fn check(tree: &Tree, args: &[&str]) -> std::process::Output {
    tree.plumb().args(["check", "--baseline", "plumb-baseline.json"]).args(args).output().unwrap()
}

#[test]
fn baseline_writes_the_findings_as_sorted_pretty_json() {
    let tree = Tree::new(&[
        ("web/nested.js", NESTED_JS),
        ("broken.py", "def broken(:\n    return 1\n"),
        ("app.py", ROUTE_PY),
        ("ok.py", "def f(a):\n    return a\n"),
    ]);
    let output = tree.plumb().arg("baseline").output().unwrap();
    // Recording findings is not failing: exit 0 even with error-level findings.
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stderr(&output), "wrote 4 findings to plumb-baseline.json\n");
    assert_eq!(stdout(&output), "");
    let text = std::fs::read_to_string(tree.join("plumb-baseline.json")).unwrap();
    assert!(text.starts_with("{\n  \"schema_version\": 1,\n  \"findings\": [\n    {\n"), "{text}");
    assert!(text.ends_with("\n  ]\n}\n"), "{text}");
    let document: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        document,
        json!({
            "schema_version": 1,
            "findings": [
                {
                    "rule": "cyclomatic-complexity",
                    "path": "app.py",
                    "function": "route",
                    "fingerprint": ROUTE_FINGERPRINT,
                    "value": 11
                },
                {
                    "rule": "parse-error",
                    "path": "broken.py",
                    "function": null,
                    "fingerprint": "095e663a46ee3fe3",
                    "value": null
                },
                {
                    "rule": "cognitive-complexity",
                    "path": "web/nested.js",
                    "function": "nested",
                    "fingerprint": "c104a854f160887e",
                    "value": 21
                },
                {
                    "rule": "nesting-depth",
                    "path": "web/nested.js",
                    "function": "nested",
                    "fingerprint": "df8fff69dcc9e8e7",
                    "value": 6
                }
            ]
        })
    );
    // Values are written as integers, not `11.0`.
    assert!(text.contains("\"value\": 11\n"), "{text}");

    // The same code gives the same file, byte for byte.
    let again = tree.plumb().args(["baseline", "-j", "1"]).output().unwrap();
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(tree.join("plumb-baseline.json")).unwrap(), text);

    // And a check against it reports nothing.
    let output = check(&tree, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "checked 4 files, 4 functions (35 lines of code) in [TIME]: no findings\n4 findings baselined\n"
    );
}

#[test]
fn output_names_the_file_and_the_threshold_flags_apply() {
    let tree = Tree::new(&[("app.py", ROUTE_PY)]);
    let output =
        tree.plumb().args(["baseline", "--output", "ci.json", "--max-cyclomatic", "11"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stderr(&output), "wrote 0 findings to ci.json\n");
    assert!(!tree.join("plumb-baseline.json").exists());
    let document: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(tree.join("ci.json")).unwrap()).unwrap();
    assert_eq!(document, json!({"schema_version": 1, "findings": []}));
    // Checked at the default threshold, `route` is new.
    let output = tree.plumb().args(["check", "--baseline", "ci.json", "--format", "short"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stdout(&output),
        "app.py:1:1: error[cyclomatic-complexity]: `route` has a cyclomatic complexity of 11 (> 10)\n"
    );
}

#[test]
fn baselined_findings_are_not_reported() {
    let tree = baselined();
    let output = check(&tree, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "checked 1 file, 1 function (15 lines of code) in [TIME]: no findings\n1 finding baselined\n"
    );
    let output = check(&tree, &["--format", "short"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output), "");
}

#[test]
fn moving_the_function_and_editing_other_code_keeps_it_baselined() {
    let tree = baselined();
    let moved = format!("import os\n\n\ndef helper(x):\n    return os.path.join(x, \"a\")\n\n\n{ROUTE_PY}");
    tree.write("app.py", moved.as_bytes());
    let output = check(&tree, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(
        stdout(&output),
        "checked 1 file, 2 functions (18 lines of code) in [TIME]: no findings\n1 finding baselined\n"
    );
}

#[test]
fn a_new_complex_function_is_reported() {
    let tree = baselined();
    let both = format!("{ROUTE_PY}\n\n{}", ROUTE_PY.replace("def route(", "def dispatch("));
    tree.write("app.py", both.as_bytes());
    let output = check(&tree, &["--format", "short"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stdout(&output),
        "app.py:18:1: error[cyclomatic-complexity]: `dispatch` has a cyclomatic complexity of 11 (> 10)\n"
    );
    let output = check(&tree, &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).ends_with("in [TIME]: 1 error\n1 finding baselined\n"), "{}", stdout(&output));
}

#[test]
fn a_worse_function_is_reported_with_a_note() {
    let tree = baselined();
    tree.write("app.py", route_worse().as_bytes());
    let output = check(&tree, &[]);
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&output), @r"
    error[cyclomatic-complexity]: `route` has a cyclomatic complexity of 12 (> 10)
      --> app.py:1:1
      |
    1 | def route(request, user):
      | ^^^^^^^^^^^^^^^^^^^^^^^^^ cyclomatic complexity 12
      |
      = 12 = 1 + 11 decision points: `if` 2:5, `if` 4:5, `and` 4:32, `elif` 6:5, `or` 6:35, `for` 8:5, `if` 9:9, `and` 9:36, `while` 11:5, `except` 15:5, `if` 17:14
      = worse than the baseline: 12, recorded 11
      = help: split `route` into smaller functions, or replace branches on one value with a lookup table

    checked 1 file, 1 function (17 lines of code) in [TIME]: 1 error
    0 findings baselined, 1 finding worse than the baseline
    ");
    // Its fingerprint is the recorded one: it is the same finding, worse.
    let output = check(&tree, &["--format", "json"]);
    assert_eq!(crate::util::json(&output)["findings"][0]["fingerprint"], ROUTE_FINGERPRINT);
}

#[test]
fn a_fixed_function_counts_its_entry_as_fixed() {
    let tree = baselined();
    tree.write("app.py", b"def route(request, user):\n    return 1\n");
    tree.write("other.py", b"def other():\n    return 2\n");
    let output = check(&tree, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "checked 2 files, 2 functions (4 lines of code) in [TIME]: no findings\n\
         0 findings baselined, 1 baseline entry fixed (remove it with `plumb baseline`)\n"
    );
    // An entry for a file this run did not analyse is neither baselined nor fixed.
    let output = check(&tree, &["other.py"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stdout(&output),
        "checked 1 file, 1 function (2 lines of code) in [TIME]: no findings\n0 findings baselined\n"
    );
}

#[test]
fn a_missing_baseline_exits_2_naming_the_file() {
    let tree = Tree::new(&[("app.py", ROUTE_PY)]);
    let output = tree.plumb().args(["check", "--baseline", "missing.json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout(&output), "");
    assert_eq!(
        stderr(&output),
        "error: the baseline `missing.json` does not exist (write it with \
         `plumb baseline --output missing.json`)\n"
    );
}

#[test]
fn a_corrupt_baseline_exits_2() {
    let tree = Tree::new(&[("app.py", ROUTE_PY)]);
    tree.write("plumb-baseline.json", b"{\"schema_version\": 1, \"findings\": [");
    let output = check(&tree, &[]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout(&output), "");
    assert_eq!(
        stderr(&output),
        "error: cannot use the baseline `plumb-baseline.json`: not valid JSON: \
         EOF while parsing a list at line 1 column 35\n"
    );

    tree.write("plumb-baseline.json", b"{\"schema_version\": 2, \"findings\": []}");
    let output = check(&tree, &[]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: cannot use the baseline `plumb-baseline.json`: unsupported `schema_version` 2 \
         (this plumb reads version 1)\n"
    );

    tree.write("plumb-baseline.json", b"{\"schema_version\": 1, \"findings\": [{\"rule\": 3}]}");
    let output = check(&tree, &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with(
            "error: cannot use the baseline `plumb-baseline.json`: not a plumb baseline: invalid type"
        ),
        "{}",
        stderr(&output)
    );
}

/// A git repository with `route` in `src/app.py` and a clean `lib/ok.py`, baselined from the
/// root.
fn repository_baselined_at_the_root() -> Tree {
    let tree = Tree::new(&[("src/app.py", ROUTE_PY), ("lib/ok.py", "def f(a):\n    return a\n")]);
    crate::util::git(tree.path(), &["init", "--quiet"]);
    let output = tree.plumb().arg("baseline").output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    tree
}

/// `plumb check ARGS` in the tree's directory `dir`.
fn check_in(tree: &Tree, dir: &str, args: &[&str]) -> std::process::Output {
    tree.plumb().current_dir(tree.join(dir)).arg("check").args(args).output().unwrap()
}

#[test]
fn a_baseline_applies_from_any_directory_of_the_repository() {
    let tree = repository_baselined_at_the_root();
    let written = std::fs::read_to_string(tree.join("plumb-baseline.json")).unwrap();
    let document: serde_json::Value = serde_json::from_str(&written).unwrap();
    // The path is relative to the repository root, and so is the fingerprint: FNV-1a of
    // `cyclomatic-complexity\0src/app.py\0route\00`, computed independently with Python.
    assert_eq!(document["findings"][0]["path"], "src/app.py");
    assert_eq!(document["findings"][0]["fingerprint"], "efb15a081e8c720c");

    // From `src/`: the file name is looked for at the root, and `../` works too.
    for baseline in ["plumb-baseline.json", "../plumb-baseline.json"] {
        let output = check_in(&tree, "src", &["--baseline", baseline]);
        assert_eq!(output.status.code(), Some(0), "{baseline}: {}", stderr(&output));
        assert_eq!(
            stdout(&output),
            "checked 1 file, 1 function (15 lines of code) in [TIME]: no findings\n1 finding baselined\n"
        );
        assert_eq!(stderr(&output), "");
    }
    // From `lib/`, naming the file in `src/`.
    let output = check_in(&tree, "lib", &["--baseline", "plumb-baseline.json", "../src/app.py", "."]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).ends_with("1 finding baselined\n"), "{}", stdout(&output));

    // Written from a subdirectory, the baseline is the same document.
    let output = tree
        .plumb()
        .current_dir(tree.join("src"))
        .args(["baseline", "-o", "../again.json", ".."])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(tree.join("again.json")).unwrap(), written);
}

#[test]
fn a_baseline_that_names_no_file_of_the_repository_says_why() {
    let tree = repository_baselined_at_the_root();
    // As a plumb that recorded paths relative to the working directory wrote it from `src/`.
    tree.write(
        "plumb-baseline.json",
        br#"{"schema_version": 1, "findings": [{"rule": "cyclomatic-complexity", "path": "app.py",
            "function": "route", "fingerprint": "c0d773d6f6ba3fcb", "value": 11}]}"#,
    );
    let output = check_in(&tree, ".", &["--baseline", "plumb-baseline.json", "--format", "short"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stdout(&output),
        "src/app.py:1:1: error[cyclomatic-complexity]: `route` has a cyclomatic complexity of 11 (> 10)\n"
    );
    let root = tree.path().display();
    assert_eq!(
        stderr(&output),
        format!(
            "warning: no finding matched the baseline `plumb-baseline.json`: none of its paths \
             (`app.py`) names a file under the repository root `{root}`, which baseline paths are \
             relative to; it was written in another repository, or by a plumb that recorded paths \
             relative to the working directory: write it again with `plumb baseline`\n"
        )
    );
    // A file the run looks for in vain is named with both places it looked.
    let output = check_in(&tree, "src", &["--baseline", "nowhere.json"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        format!(
            "error: the baseline `nowhere.json` does not exist here or at the repository root \
             `{root}` (write it with `plumb baseline --output nowhere.json`)\n"
        )
    );
}

/// `route` (cyclomatic complexity 11) with none of its 15 lines run.
const UNRUN_LCOV: &str = "SF:app.py\nDA:1,0\nDA:2,0\nDA:3,0\nDA:4,0\nDA:5,0\nDA:6,0\nDA:7,0\nDA:8,0\n\
                          DA:9,0\nDA:10,0\nDA:11,0\nDA:12,0\nDA:13,0\nDA:14,0\nDA:15,0\nend_of_record\n";

#[test]
fn coverage_findings_can_be_baselined() {
    let tree = Tree::new(&[("app.py", ROUTE_PY), ("cov.info", UNRUN_LCOV)]);
    let output = tree.plumb().args(["baseline", "--coverage", "cov.info"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stderr(&output), "wrote 3 findings to plumb-baseline.json\n");
    let document: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(tree.join("plumb-baseline.json")).unwrap()).unwrap();
    let recorded: Vec<(&str, f64)> = document["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| (entry["rule"].as_str().unwrap(), entry["value"].as_f64().unwrap()))
        .collect();
    // CRAP = 11^2 * (1 - 0)^3 + 11 = 132; uncovered-complex-function records the complexity.
    assert_eq!(
        recorded,
        [("crap", 132.0), ("cyclomatic-complexity", 11.0), ("uncovered-complex-function", 11.0)]
    );

    let check = |args: &[&str]| {
        tree.plumb()
            .args([
                "check",
                "--coverage",
                "cov.info",
                "--min-coverage",
                "0",
                "--baseline",
                "plumb-baseline.json",
            ])
            .args(args)
            .output()
            .unwrap()
    };
    let output = check(&["--max-warnings", "0"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).ends_with("3 findings baselined\n"), "{}", stdout(&output));
    // A new untested complex function (lines 17-31) is reported.
    tree.write("app.py", format!("{ROUTE_PY}\n{}", ROUTE_PY.replace("def route", "def dispatch")).as_bytes());
    let dispatch = (17..=31).fold(String::new(), |text, line| text + &format!("DA:{line},0\n"));
    tree.write(
        "cov.info",
        UNRUN_LCOV.replace("end_of_record", &format!("{dispatch}end_of_record")).as_bytes(),
    );
    let output = check(&["--format", "short"]);
    assert_eq!(output.status.code(), Some(1));
    let shown = stdout(&output);
    assert!(shown.contains("app.py:17:1: warning[uncovered-complex-function]: `dispatch`"), "{shown}");
    assert!(!shown.contains("`route`"), "{shown}");
}

#[test]
fn baseline_offers_no_flag_that_does_nothing() {
    let tree = Tree::new(&[("app.py", ROUTE_PY)]);
    let help = tree.plumb().args(["baseline", "--help"]).output().unwrap();
    let help = stdout(&help);
    for flag in ["--max-cyclomatic", "--max-cognitive", "--coverage <FILE>", "--coverage-format"] {
        assert!(help.contains(flag), "{flag} missing:\n{help}");
    }
    for flag in ["--min-coverage", "--min-changed-coverage"] {
        assert!(!help.contains(flag), "{flag} offered:\n{help}");
        let output = tree.plumb().args(["baseline", flag, "50"]).output().unwrap();
        assert_eq!(output.status.code(), Some(2));
        assert!(stderr(&output).contains(&format!("unexpected argument '{flag}'")), "{}", stderr(&output));
    }
}

/// Outside a git repository, baseline paths are relative to the working directory: from another
/// directory the run says that nothing matched and why.
#[test]
fn outside_a_repository_the_working_directory_is_the_root() {
    let tree = Tree::new(&[("src/app.py", ROUTE_PY)]);
    let parent = tree.path().canonicalize().unwrap();
    let output = tree.plumb().arg("baseline").output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let output = check_in(&tree, ".", &["--baseline", "plumb-baseline.json"]);
    assert!(stdout(&output).ends_with("1 finding baselined\n"), "{}", stdout(&output));
    // Only meaningful when no directory above the temporary one is a repository.
    if parent.ancestors().any(|dir| dir.join(".git").exists()) {
        return;
    }
    let output = check_in(&tree, "src", &["--baseline", "../plumb-baseline.json"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        format!(
            "warning: no finding matched the baseline `../plumb-baseline.json`: none of its paths \
             (`src/app.py`) names a file under the working directory `{}/src`, which baseline \
             paths are relative to outside a git repository; run plumb from the directory `plumb \
             baseline` ran in, or write it again\n",
            parent.display()
        )
    );
}
