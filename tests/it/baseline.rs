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
