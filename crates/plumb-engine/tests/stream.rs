//! A streamed run ([`Workspace::analyze_streamed`]) writes what a run that keeps its report
//! writes: the same JSON document, entry by entry in path order, and the same SARIF log.
#![allow(clippy::unwrap_used)]

use std::fmt::Write as _;

use plumb_engine::{NoProgress, Run, RunOptions, WalkOptions, Workspace};
use plumb_report::render;

/// More files than a streamed run hands out at once on two threads, of many sizes (so that
/// they complete out of path order), in nested folders, some with findings, one that is not
/// UTF-8 and one binary (problems).
fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for n in 0..700_usize {
        let branches = "    if a == B:\n        return B\n".repeat((n * 7) % 23);
        let body = format!("def f{n}(a):\n{branches}    return -1\n");
        let text = body.repeat(1 + (n * 13) % 5);
        let path = root.join(format!("pkg{}/sub{}/m{n:03}.py", n % 5, n % 3));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    std::fs::write(root.join("pkg1/latin1.py"), b"def g(a):\n    return '\xe9'\n").unwrap();
    std::fs::write(root.join("pkg2/binary.py"), b"\0\x01\x02").unwrap();
    std::fs::write(root.join("plumb.toml"), "[rules.cyclomatic-complexity]\nthreshold = 8\n").unwrap();
    dir
}

fn options() -> RunOptions<'static> {
    RunOptions { threads: Some(2), ..RunOptions::default() }
}

fn finished(mut run: Run) -> Run {
    run.report.rules = plumb_check::RULES;
    run
}

#[test]
fn streamed_json_and_sarif_equal_the_collected_ones() {
    let dir = tree();
    let ws = Workspace::open(dir.path());
    let discover = || ws.discover(&[".".into()], &WalkOptions::default()).unwrap();

    let collected = finished(ws.analyze(discover(), None, &options(), &NoProgress).unwrap());
    let report = &collected.report;
    assert_eq!(report.summary.files, 701);
    assert_eq!(report.problems.len(), 2);
    assert!(report.summary.errors > 0);

    for detailed in [false, true] {
        let mut json = render::json::Stream::new(Vec::new(), detailed);
        let mut order = Vec::new();
        let streamed = ws
            .analyze_streamed(discover(), None, &options(), &NoProgress, &mut |file, _| {
                order.push(file.path.clone());
                json.file(file).unwrap();
            })
            .unwrap();
        let streamed = finished(streamed);
        let written = json.finish(&streamed.report).unwrap();

        // Entries came in path order, and the document is the collected one's.
        let paths: Vec<String> = report.files.iter().map(|file| file.path.clone()).collect();
        assert_eq!(order, paths);
        let mut expected = Vec::new();
        if detailed {
            render::json::render_detailed(report, &mut expected).unwrap();
        } else {
            render::json::render(report, &mut expected).unwrap();
        }
        assert_eq!(String::from_utf8(written).unwrap(), String::from_utf8(expected).unwrap());

        // The streamed report keeps each file's path and counts, no functions; the summary
        // counts them all the same.
        assert_eq!(streamed.report.summary, report.summary);
        assert_eq!(streamed.report.findings, report.findings);
        assert!(streamed.report.files.iter().all(|file| file.functions.is_empty()));

        let (mut sarif, mut expected) = (Vec::new(), Vec::new());
        render::sarif::render(&streamed.report, &mut sarif).unwrap();
        render::sarif::render(report, &mut expected).unwrap();
        assert_eq!(String::from_utf8(sarif).unwrap(), String::from_utf8(expected).unwrap());
    }
}

#[test]
fn a_run_without_files_writes_the_whole_empty_document() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(dir.path());
    let files = ws.discover(&[".".into()], &WalkOptions::default()).unwrap();
    let mut json = render::json::Stream::new(Vec::new(), false);
    let run = ws.analyze_streamed(files, None, &options(), &NoProgress, &mut |file, _| {
        json.file(file).unwrap();
    });
    let run = run.unwrap();
    let mut expected = Vec::new();
    render::json::render(&run.report, &mut expected).unwrap();
    assert_eq!(json.finish(&run.report).unwrap(), expected);
    assert!(
        String::from_utf8(expected).unwrap().starts_with(r#"{"schema_version":1,"files":[],"findings":[]"#)
    );
}

/// An LCOV report of the tree's files but every seventh: its first six lines, each hit when
/// its number and the file's share a residue mod 3, so that files differ in coverage.
fn lcov(dir: &std::path::Path) {
    let mut text = String::new();
    for n in (0..700_usize).filter(|n| n % 7 != 0) {
        writeln!(text, "SF:pkg{}/sub{}/m{n:03}.py", n % 5, n % 3).unwrap();
        for line in 1..=6 {
            writeln!(text, "DA:{line},{}", usize::from(line % 3 == n % 3)).unwrap();
        }
        text.push_str("end_of_record\n");
    }
    std::fs::write(dir.join("lcov.info"), text).unwrap();
}

/// With coverage reports, a run streams too: the gates read only what it keeps of each file
/// (path, lines and coverage tally), and its documents are the collected run's.
#[test]
fn streamed_runs_with_coverage_equal_the_collected_ones() {
    let dir = tree();
    lcov(dir.path());
    std::fs::write(dir.path().join("plumb.toml"), "[rules.coverage]\nlevel = \"error\"\nthreshold = 50\n")
        .unwrap();
    let ws = Workspace::open(dir.path());
    let discover = || ws.discover(&[".".into()], &WalkOptions::default()).unwrap();
    let reports = || plumb_engine::coverage::Reports::read(&ws, &["lcov.info".to_owned()], None).unwrap();
    let settings = ws.project_settings(&plumb_engine::RuleOverrides::default()).unwrap();
    let gated = |mut run: Run| {
        let coverage = run.coverage.take().unwrap();
        plumb_engine::coverage::gates(&mut run.report, &coverage, None, &settings, false).unwrap();
        run.report.summary = plumb_engine::summarize(&run.report);
        finished(run)
    };

    let collected = gated(ws.analyze(discover(), reports(), &options(), &NoProgress).unwrap());
    let report = &collected.report;
    let total = report.coverage.as_ref().unwrap().total;
    // Lines 1-6 of each file, but past the end of the shortest ones (two lines long).
    assert_eq!((total.lines, total.covered), (3554, 1184));
    assert!(report.findings.iter().any(|finding| finding.rule == "coverage"));
    assert!(report.files.iter().any(|file| file.functions.iter().any(|f| f.coverage.is_some())));

    let mut json = render::json::Stream::new(Vec::new(), false);
    let streamed = ws
        .analyze_streamed(discover(), reports(), &options(), &NoProgress, &mut |file, _| {
            json.file(file).unwrap();
        })
        .unwrap();
    let streamed = gated(streamed);
    let written = json.finish(&streamed.report).unwrap();
    let mut expected = Vec::new();
    render::json::render(report, &mut expected).unwrap();
    assert_eq!(String::from_utf8(written).unwrap(), String::from_utf8(expected).unwrap());

    let (mut sarif, mut expected) = (Vec::new(), Vec::new());
    render::sarif::render(&streamed.report, &mut sarif).unwrap();
    render::sarif::render(report, &mut expected).unwrap();
    assert_eq!(String::from_utf8(sarif).unwrap(), String::from_utf8(expected).unwrap());
}
