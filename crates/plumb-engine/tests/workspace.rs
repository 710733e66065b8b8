//! The engine as an editor uses it: a workspace per folder, buffers analysed from memory,
//! configuration resolved per path and read again when it changes.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use plumb_engine::{ErrorKind, NoProgress, RuleOverrides, RunOptions, WalkOptions, Workspace};

/// Cyclomatic complexity 3 (`if`, `and`), cognitive 2.
const TWO_BRANCHES: &str = "def f(a, b):\n    if a and b:\n        return 1\n    return 2\n";

fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

#[test]
fn a_workspace_is_shared_between_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<Workspace>();
}

/// A buffer held in memory gives what a run over the same file on disk gives.
#[test]
fn a_buffer_is_analysed_as_the_file_on_disk_would_be() {
    let dir =
        tree(&[("plumb.toml", "[rules.cyclomatic-complexity]\nthreshold = 2\n"), ("src/a.py", TWO_BRANCHES)]);
    let ws = Workspace::open(dir.path());
    let options = RunOptions::default();
    let files = ws.discover(&["src".into()], &WalkOptions::default()).unwrap();
    let run = ws.analyze(files, None, &options, &NoProgress).unwrap();
    assert_eq!(run.report.findings.len(), 1);
    // The buffer's name is all that matters: the file on disk may hold anything, or nothing.
    std::fs::write(dir.path().join("src/a.py"), "").unwrap();
    let analysed =
        ws.analyze_file(Path::new("src/a.py"), Some(TWO_BRANCHES.into()), None, &options).unwrap().unwrap();
    let checked = analysed.checked.unwrap();
    assert_eq!(checked.findings, run.report.findings);
    assert_eq!(checked.file.path, "src/a.py");
    assert_eq!(checked.file.functions[0].cyclomatic, 3);
    assert_eq!(checked.file.functions[0].cognitive, 2);
    assert_eq!(checked.findings[0].rule, "cyclomatic-complexity");
    assert!(analysed.problem.is_none());
    assert_eq!(analysed.source, None);
    // The text is kept when asked for, whatever the findings, for snippets.
    let keep = RunOptions { keep_sources: true, ..RunOptions::default() };
    let analysed =
        ws.analyze_file(Path::new("src/a.py"), Some(TWO_BRANCHES.into()), None, &keep).unwrap().unwrap();
    assert_eq!(analysed.source.as_deref(), Some(TWO_BRANCHES));
    // From disk: the file as it is now.
    let analysed = ws.analyze_file(Path::new("src/a.py"), None, None, &options).unwrap().unwrap();
    assert_eq!(analysed.checked.unwrap().file.functions.len(), 0);
}

/// Each path gets its own configuration; an excluded path is not analysed; overrides given by
/// the caller come last.
#[test]
fn settings_are_resolved_per_path() {
    let dir = tree(&[
        ("plumb.toml", "exclude = [\"gen/**\"]\n[rules.cyclomatic-complexity]\nthreshold = 2\n"),
        ("lib/plumb.toml", "[rules.cyclomatic-complexity]\nthreshold = 5\n"),
    ]);
    let ws = Workspace::open(dir.path());
    let findings = |path: &str, options: &RunOptions<'_>| {
        let analysed = ws.analyze_file(Path::new(path), Some(TWO_BRANCHES.into()), None, options).unwrap();
        analysed.map(|analysed| analysed.checked.unwrap().findings.len())
    };
    let defaults = RunOptions::default();
    assert_eq!(findings("src/a.py", &defaults), Some(1));
    assert_eq!(findings("lib/a.py", &defaults), Some(0));
    assert_eq!(findings("gen/a.py", &defaults), None);
    let strict = RunOptions {
        rules: RuleOverrides { max_cyclomatic: Some(1), ..RuleOverrides::default() },
        ..RunOptions::default()
    };
    assert_eq!(findings("lib/a.py", &strict), Some(1));
    let settings = ws.settings_for(Path::new("lib/a.py"), &RuleOverrides::default()).unwrap();
    assert_eq!(settings.rule(plumb_check::RuleId::CyclomaticComplexity).threshold, Some(5.0));
}

/// Configuration files are read once; `forget_configs` reads them again, as an editor does when
/// one is saved. An invalid one is an error that says where.
#[test]
fn configurations_are_read_again_when_forgotten() {
    let dir = tree(&[("plumb.toml", "[rules.cyclomatic-complexity]\nthreshold = 2\n")]);
    let ws = Workspace::open(dir.path());
    let threshold = || {
        let settings = ws.settings_for(Path::new("a.py"), &RuleOverrides::default())?;
        Ok::<_, plumb_engine::Error>(settings.rule(plumb_check::RuleId::CyclomaticComplexity).threshold)
    };
    assert_eq!(threshold().unwrap(), Some(2.0));
    let broken = "[rules.cyclomatic-complexity]\nthreshold = \"high\"\n";
    std::fs::write(dir.path().join("plumb.toml"), broken).unwrap();
    assert_eq!(threshold().unwrap(), Some(2.0), "read once");
    ws.forget_configs();
    let error = threshold().unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Config);
    let config = error.config().unwrap();
    assert_eq!(config.path, dir.path().join("plumb.toml"));
    assert_eq!(&broken[config.span.clone()], "\"high\"");
    assert_eq!(config.message, "invalid type: string \"high\", expected a number");
}

/// Paths are shown relative to the workspace's directory and identified relative to the
/// repository root, whatever the process's working directory.
#[test]
fn paths_are_relative_to_the_workspace_not_the_process() {
    let dir = tree(&[("repo/.git/HEAD", ""), ("repo/sub/a.py", TWO_BRANCHES)]);
    let ws = Workspace::open(dir.path().join("repo/sub"));
    assert_eq!(ws.root(), dir.path().join("repo"));
    let files = ws.discover(&[".".into()], &WalkOptions::default()).unwrap();
    assert_eq!(files.candidates.len(), 1);
    assert_eq!(files.candidates[0].display, "a.py");
    assert_eq!(ws.root_key("a.py"), "sub/a.py");
    let error = ws.discover(&["missing".into()], &WalkOptions::default()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Input);
    assert!(error.to_string().starts_with("cannot read `missing`: "), "{error}");
}

/// The coverage an earlier run joined to a file applies to its buffer: its coverage, and the
/// coverage rules.
#[test]
fn a_buffer_takes_the_coverage_of_an_earlier_run() {
    // Lines 1 and 4 ran, 2 and 3 did not: 2 of the file's 4 lines, and 1 of the 3 lines of the
    // function's body (lines 2 to 4).
    let lcov = "SF:src/a.py\nDA:1,1\nDA:2,0\nDA:3,0\nDA:4,1\nend_of_record\n";
    let dir = tree(&[("src/a.py", TWO_BRANCHES), ("lcov.info", lcov)]);
    let ws = Workspace::open(dir.path());
    let reports = plumb_engine::coverage::Reports::read(&ws, &["lcov.info".to_owned()], None).unwrap();
    let files = ws.discover(&["src".into()], &WalkOptions::default()).unwrap();
    let run = ws.analyze(files, reports, &RunOptions::default(), &NoProgress).unwrap();
    let joined = run.coverage.unwrap().files["src/a.py"].clone();
    let on_disk = run.report.files[0].functions[0].coverage.unwrap();
    assert_eq!((on_disk.tally.lines, on_disk.tally.covered), (3, 1));
    let file = run.report.files[0].coverage.unwrap();
    assert_eq!((file.lines, file.covered), (4, 2));
    let buffer = Some(TWO_BRANCHES.into());
    let analysed = ws.analyze_file(Path::new("src/a.py"), buffer, Some(joined), &RunOptions::default());
    let checked = analysed.unwrap().unwrap().checked.unwrap();
    assert_eq!(checked.file.functions[0].coverage, Some(on_disk));
    assert_eq!(checked.file.coverage, run.report.files[0].coverage);
}
