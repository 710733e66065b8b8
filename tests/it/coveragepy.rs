//! `--coverage` with reports that coverage.py itself writes: coverage.py (from PyPI, pinned)
//! runs the tests of `tests/coverage/pyproject` with branch coverage and writes its JSON and
//! LCOV reports, which `plumb check` and `plumb coverage` then read.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::util::{Tree, json, python_tool, stderr};

/// The coverage.py release the expectations were worked out with.
const COVERAGE_PY: &str = "coverage==7.18.0";

/// The project as a git repository, its tests run under coverage.py, and its `coverage.json`
/// and `coverage.lcov` written.
fn measured_project() -> Tree {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/coverage/pyproject");
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&source).into_iter().map(Result::unwrap) {
        if entry.file_type().is_file() {
            let relative = entry.path().strip_prefix(&source).unwrap().to_string_lossy().replace('\\', "/");
            files.push((relative, std::fs::read_to_string(entry.path()).unwrap()));
        }
    }
    let files: Vec<(&str, &str)> = files.iter().map(|(path, text)| (path.as_str(), text.as_str())).collect();
    let tree = Tree::new(&files);
    crate::util::git(tree.path(), &["init", "-q"]);
    let coverage = python_tool(COVERAGE_PY, "coverage");
    for args in [
        &["run", "--branch", "-m", "unittest"][..],
        &["json", "-o", "coverage.json"],
        &["lcov", "-o", "coverage.lcov"],
    ] {
        let output = Command::new(&coverage).args(args).current_dir(tree.path()).output().unwrap();
        assert!(output.status.success(), "coverage {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    }
    tree
}

/// `(covered, lines)` of the function starting on a line of a file, in a `check` document.
fn function(document: &Value, path: &str, line: u64) -> (u64, u64) {
    let file = document["files"].as_array().unwrap().iter().find(|f| f["path"] == path).unwrap();
    let functions = file["functions"].as_array().unwrap();
    let found = functions.iter().find(|f| f["start_line"] == line).unwrap_or_else(|| panic!("{path}:{line}"));
    let coverage = &found["coverage"];
    (coverage["covered"].as_u64().unwrap(), coverage["lines"].as_u64().unwrap())
}

#[test]
#[ignore = "tools: installs coverage.py from PyPI"]
fn a_function_no_test_calls_has_none_of_its_lines_covered() {
    let tree = measured_project();
    tree.write("plumb.toml", b"[rules.crap]\nthreshold = 5\n");
    for report in ["coverage.json", "coverage.lcov"] {
        let output = tree
            .plumb()
            .args(["check", "shapes", "--coverage", report, "--format", "json"])
            .output()
            .unwrap();
        let document = json(&output);
        // coverage.py runs every `def` line when it imports the module, and reports the body's
        // statements as missing (`coverage report`: shapes/registry.py 23-25, 38, 42;
        // shapes/geometry.py 58-60): the functions below never ran.
        // never_tested, `def` on 56: lines 58-60 (57 is the docstring).
        assert_eq!(function(&document, "shapes/geometry.py", 56), (0, 3), "{report}");
        // never_called, decorated, `def` on 22: lines 23-25.
        assert_eq!(function(&document, "shapes/registry.py", 22), (0, 3), "{report}");
        // Scaler.unused, a signature over lines 35-36 and a comment on 37: line 38.
        assert_eq!(function(&document, "shapes/registry.py", 35), (0, 1), "{report}");
        // sorted_names and its lambda, both on line 42.
        assert_eq!(function(&document, "shapes/registry.py", 41), (0, 1), "{report}");
        // area, lines 8-21: 14 statements, of which 15, 16, 18, 19 and 20 never ran.
        assert_eq!(function(&document, "shapes/geometry.py", 6), (9, 14), "{report}");
        // register and its nested record ran when the decorators were applied.
        assert_eq!(function(&document, "shapes/registry.py", 6), (4, 4), "{report}");
        assert_eq!(function(&document, "shapes/registry.py", 9), (2, 2), "{report}");
        // CRAP above 5: area (5^2 * (5/14)^3 + 5 = 6.14), classify_triangle (11^2 * (2/9)^3
        // + 11 = 12.33), and the two untested functions of complexity 2 (2^2 + 2 = 6).
        let crap: Vec<(String, f64)> = document["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "crap")
            .map(|f| (f["function"].as_str().unwrap().to_owned(), f["value"].as_f64().unwrap()))
            .collect();
        let expected =
            [("area", 6.14), ("classify_triangle", 12.33), ("never_tested", 6.0), ("never_called", 6.0)];
        let expected: Vec<(String, f64)> =
            expected.iter().map(|(name, crap)| ((*name).to_owned(), *crap)).collect();
        assert_eq!(crap, expected, "{report}");
    }
}

#[test]
#[ignore = "tools: installs coverage.py from PyPI"]
fn files_the_run_does_not_analyse_are_not_mismatches() {
    let tree = measured_project();
    // Only shapes/ is analysed: the report's tests/ files exist, they are not a mismatch.
    let output = tree.plumb().args(["check", "shapes", "--coverage", "coverage.json"]).output().unwrap();
    assert_eq!(
        stderr(&output),
        "note: `coverage.json` covers 3 files of the repository that this run does not analyse: \
         `tests/__init__.py`, `tests/test_geometry.py`, `tests/test_registry.py`\n"
    );
    // One file named, as pre-commit names them; a path that names nothing is still a warning.
    let lcov = std::fs::read_to_string(tree.join("coverage.lcov")).unwrap();
    tree.write("coverage.lcov", format!("{lcov}SF:shapes/gone.py\nDA:1,1\nend_of_record\n").as_bytes());
    let output =
        tree.plumb().args(["coverage", "coverage.lcov", "-p", "shapes/registry.py"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stderr(&output),
        "warning: 1 path of `coverage.lcov` names no file of the repository: `shapes/gone.py`\n\
         note: `coverage.lcov` covers 5 files of the repository that this run does not analyse: \
         `shapes/__init__.py`, `shapes/geometry.py`, `tests/__init__.py` and 2 more\n"
    );
}
