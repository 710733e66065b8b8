//! coverage.py on a small project of ours (`tests/coverage/pyproject`): coverage.py is
//! installed from PyPI into a virtual environment under the build directory, runs the
//! project's tests with branch coverage, and writes Cobertura XML, JSON and LCOV reports.
//! plumb must read the totals `coverage report` prints and the JSON `totals` give from each.

#![allow(clippy::unwrap_used)]

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::process::Command;

use plumb_coverage::resolve::Resolver;
use plumb_coverage::{Format, read};
use plumb_report::CoverageTally;

/// The coverage.py release the expectations below were worked out with: pinned, so that a new
/// release changes this line and its expectations together rather than breaking the build.
const COVERAGE_PY: &str = "coverage==7.18.0";

/// The `coverage` command, installed the first time (a venv named after the release).
fn coverage_tool() -> PathBuf {
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join(COVERAGE_PY.replace("==", "-"));
    let exe = venv.join("bin/coverage");
    if !exe.exists() {
        let status =
            Command::new("python3").args(["-m", "venv"]).arg(&venv).status().expect("python3 is needed");
        assert!(status.success(), "python3 -m venv failed");
        let status = Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet", COVERAGE_PY])
            .status()
            .expect("pip");
        assert!(status.success(), "pip install coverage failed");
    }
    exe
}

/// Copies the project so that coverage.py's data files stay out of the repository.
fn copy_project(from: &Path, to: &Path) -> Vec<String> {
    let mut files = Vec::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(relative) = pending.pop() {
        for entry in std::fs::read_dir(from.join(&relative)).unwrap() {
            let entry = entry.unwrap();
            let path = relative.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                std::fs::create_dir_all(to.join(&path)).unwrap();
                pending.push(path);
            } else {
                std::fs::copy(entry.path(), to.join(&path)).unwrap();
                files.push(path.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    files.sort();
    files
}

fn run(tool: &Path, dir: &Path, args: &[&str]) -> String {
    let output = Command::new(tool).args(args).current_dir(dir).output().unwrap();
    let text =
        format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "coverage {}:\n{text}", args.join(" "));
    text
}

/// `Stmts Miss Branch BrPart` of a row of `coverage report`.
fn report_row(report: &str, name: &str) -> [u64; 4] {
    let row = report.lines().find(|line| line.split_whitespace().next() == Some(name)).unwrap();
    let numbers: Vec<u64> = row.split_whitespace().skip(1).take(4).map(|n| n.parse().unwrap()).collect();
    numbers.try_into().unwrap()
}

#[test]
#[ignore = "tools: installs coverage.py from PyPI"]
fn coverage_py_reports_match_its_own_totals() {
    let tool = coverage_tool();
    let project = tempfile::tempdir().unwrap();
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/coverage/pyproject");
    let files = copy_project(&source, project.path());
    let dir = project.path();
    run(&tool, dir, &["run", "--branch", "-m", "unittest"]);
    let report = run(&tool, dir, &["report"]);
    run(&tool, dir, &["xml", "-o", "coverage.xml"]);
    run(&tool, dir, &["json", "-o", "coverage.json"]);
    run(&tool, dir, &["lcov", "-o", "coverage.lcov"]);

    let [statements, missed, _, _] = report_row(&report, "TOTAL");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("coverage.json")).unwrap()).unwrap();
    let totals = &json["totals"];
    let count = |key: &str| totals[key].as_u64().unwrap();
    assert_eq!(count("num_statements"), statements);
    let expected = CoverageTally {
        lines: statements,
        covered: statements - missed,
        branches: count("num_branches"),
        branches_covered: count("covered_branches"),
    };
    let [geometry_statements, geometry_missed, ..] = report_row(&report, "shapes/geometry.py");

    for (name, format) in [
        ("coverage.xml", Format::Cobertura),
        ("coverage.json", Format::CoveragePy),
        ("coverage.lcov", Format::Lcov),
    ] {
        let coverage = read(&mut BufReader::new(File::open(dir.join(name)).unwrap()), None).unwrap();
        assert_eq!(coverage.format, format, "{name}");
        assert_eq!(coverage.tally(), expected, "{name}");
        let resolved = Resolver { root: dir, files: &files, path_map: &[] }.resolve(coverage);
        assert!(
            resolved.unresolved.is_empty() && resolved.ambiguous.is_empty() && resolved.outside.is_empty(),
            "{name}"
        );
        let geometry = resolved.coverage.files["shapes/geometry.py"].tally(1..=u32::MAX);
        assert_eq!(
            (geometry.lines, geometry.lines - geometry.covered),
            (geometry_statements, geometry_missed),
            "{name}"
        );
    }

    // Functions: coverage.py's JSON and LCOV name them; the untested one was never called.
    // JSON starts a function at its `def` line; LCOV (since coverage.py 7.18) at its first
    // statement, here the docstring one line below. plumb joins coverage to functions by the
    // lines inside their spans, so either start lands in the same function.
    for (name, offset) in [("coverage.json", 0), ("coverage.lcov", 1)] {
        let coverage = read(&mut BufReader::new(File::open(dir.join(name)).unwrap()), None).unwrap();
        let geometry = &coverage.files["shapes/geometry.py"];
        let functions: Vec<(&str, u32, bool)> =
            geometry.functions.iter().map(|f| (f.name.as_str(), f.start_line - offset, f.hits > 0)).collect();
        assert_eq!(
            functions,
            [
                ("area", 6, true),
                ("classify_triangle", 24, true),
                ("largest", 37, true),
                ("describe", 48, true),
                ("never_tested", 56, false)
            ],
            "{name}"
        );
    }
}
