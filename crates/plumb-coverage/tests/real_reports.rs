//! Reports written by the real tools (see `tests/data/*/SOURCE.txt`), read by plumb and
//! cross-checked against the totals each tool printed or wrote itself.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use plumb_coverage::{Coverage, Format, read};
use plumb_report::CoverageTally;

fn data(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(path)
}

/// Reads a report, checking that its format is detected from the content.
fn report(path: &str, format: Format) -> Coverage {
    let file = File::open(data(path)).unwrap();
    let coverage = read(&mut BufReader::new(file), None).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert_eq!(coverage.format, format, "{path}");
    coverage
}

/// The line hits `cargo llvm-cov --text` printed (`   12|      2|code`).
fn llvm_text_hits() -> BTreeMap<u32, u64> {
    let text = std::fs::read_to_string(data("llvm-cov/report.txt")).unwrap();
    text.lines()
        .filter_map(|line| {
            let mut fields = line.splitn(3, '|');
            let number = fields.next()?.trim().parse().ok()?;
            let hits = fields.next()?.trim().parse().ok()?;
            Some((number, hits))
        })
        .collect()
}

#[test]
fn llvm_cov_lcov_matches_the_text_report() {
    let coverage = report("llvm-cov/lcov.info", Format::Lcov);
    assert_eq!(coverage.files.keys().collect::<Vec<_>>(), ["/ci/workspace/rust/src/lib.rs"]);
    let file = &coverage.files["/ci/workspace/rust/src/lib.rs"];
    assert_eq!(file.lines, llvm_text_hits());
    // 53 `DA` records, 43 hit: the `lines-valid="53" lines-covered="43"` of the Cobertura report
    // the same tool wrote. (Its `LF:55` / `LH:44` come from llvm's summary, which counts two
    // more lines than it lists, so plumb recomputes totals from the records.)
    assert_eq!(coverage.tally(), CoverageTally { lines: 53, covered: 43, branches: 0, branches_covered: 0 });
    // 20 instantiations of 10 functions (FNF:10, FNH:8); demangled, they join by crate and
    // stay apart by generic argument.
    let functions: Vec<_> = file.functions.iter().map(|f| (f.start_line, f.name.as_str(), f.hits)).collect();
    assert_eq!(
        functions,
        [
            (4, "tinycov::add", 1),
            (9, "tinycov::classify", 2),
            (24, "tinycov::in_window", 2),
            (32, "tinycov::largest::<_>", 0),
            (32, "tinycov::largest::<f64>", 1),
            (32, "tinycov::largest::<i32>", 1),
            (32, "tinycov::largest::<u8>", 1),
            (44, "tinycov::never_called", 0),
            (53, "tinycov::parse::kv", 1),
            (55, "tinycov::parse::kv::{closure#0}", 2),
            (58, "tinycov::parse::kv::{closure#1}", 0),
            (73, "tinycov::tests::unit_add", 1),
            (78, "tinycov::tests::unit_classify", 1),
        ]
    );
    let called_starts: std::collections::BTreeSet<u32> =
        file.functions.iter().filter(|f| f.hits > 0).map(|f| f.start_line).collect();
    assert_eq!(called_starts.len(), 8, "FNH:8");
}

#[test]
fn llvm_cov_json_lines_match_the_text_report() {
    let coverage = report("llvm-cov/llvm-cov-export.json", Format::LlvmJson);
    // tests/integration.rs has functions but is left out of `files` by cargo-llvm-cov.
    assert_eq!(coverage.files.keys().collect::<Vec<_>>(), ["/ci/workspace/rust/src/lib.rs"]);
    let file = &coverage.files["/ci/workspace/rust/src/lib.rs"];
    assert_eq!(file.settled(u32::MAX).lines, llvm_text_hits(), "segments give the lines llvm-cov printed");
    let lcov = report("llvm-cov/lcov.info", Format::Lcov);
    let from_lcov = &lcov.files["/ci/workspace/rust/src/lib.rs"];
    let spans = |f: &plumb_coverage::FileCoverage| -> Vec<(u32, String, u64)> {
        f.functions.iter().map(|f| (f.start_line, f.name.clone(), f.hits)).collect()
    };
    assert_eq!(spans(file), spans(from_lcov), "the same functions, demangled and merged, as the LCOV export");
    // Bodies: `add` spans lines 4-6, `classify` 9-21.
    let add = file.functions.iter().find(|f| f.name == "tinycov::add").unwrap();
    assert_eq!((add.start_line, add.end_line), (4, Some(6)));
    // `classify` (lines 9-21): 11 measured lines, 7 run, as the text report lists them.
    let tally = file.tally(9..=21);
    assert_eq!((tally.lines, tally.covered), (11, 7));
    let printed: Vec<u64> = llvm_text_hits().range(9..=21).map(|(_, hits)| *hits).collect();
    assert_eq!((printed.len(), printed.iter().filter(|&&h| h > 0).count()), (11, 7));
}

#[test]
fn llvm_cov_cobertura_matches_its_own_totals() {
    let coverage = report("llvm-cov/cobertura.xml", Format::Cobertura);
    assert_eq!(coverage.roots, ["/ci/workspace/rust"]);
    assert_eq!(coverage.files.keys().collect::<Vec<_>>(), ["src/lib.rs"]);
    let text = std::fs::read_to_string(data("llvm-cov/cobertura.xml")).unwrap();
    let root = &text[text.find("<coverage ").unwrap()..];
    let root = &root[..root.find('>').unwrap()];
    let tally = coverage.tally();
    assert_eq!(tally.lines.to_string(), attribute(root, "lines-valid"));
    assert_eq!(tally.covered.to_string(), attribute(root, "lines-covered"));
    assert_eq!(coverage.files["src/lib.rs"].lines, llvm_text_hits());
}

/// An attribute's value in an XML tag's text.
fn attribute<'t>(tag: &'t str, name: &str) -> &'t str {
    let start =
        tag.find(&format!(" {name}=\"")).unwrap_or_else(|| panic!("{name} in {tag}")) + name.len() + 3;
    &tag[start..start + tag[start..].find('"').unwrap()]
}

/// The report-level `<counter>`s of a JaCoCo report (after the last package).
fn jacoco_totals(path: &str) -> (CoverageTally, usize) {
    let text = std::fs::read_to_string(data(path)).unwrap();
    let tail = &text[text.rfind("</package>").unwrap()..];
    let counter = |kind: &str| {
        let tag = &tail[tail.find(&format!("<counter type=\"{kind}\"")).unwrap()..];
        let tag = &tag[..tag.find("/>").unwrap()];
        let missed: u64 = attribute(tag, "missed").parse().unwrap();
        let covered: u64 = attribute(tag, "covered").parse().unwrap();
        (missed + covered, covered)
    };
    let (lines, covered_lines) = counter("LINE");
    let (branches, taken_branches) = counter("BRANCH");
    let files = text.matches("<sourcefile ").count();
    (CoverageTally { lines, covered: covered_lines, branches, branches_covered: taken_branches }, files)
}

#[test]
fn jacoco_matches_its_own_counters() {
    for path in ["jacoco/j2html.jacoco.xml", "jacoco/pureedgesim.jacoco.xml"] {
        let coverage = report(path, Format::Jacoco);
        let (totals, files) = jacoco_totals(path);
        assert_eq!(coverage.tally(), totals, "{path}");
        assert_eq!(coverage.files.len(), files, "{path}");
        assert!(
            coverage
                .files
                .keys()
                .all(|p| Path::new(p).extension().is_some_and(|e| e == "java") && p.contains('/')),
            "{path}"
        );
    }
    let coverage = report("jacoco/j2html.jacoco.xml", Format::Jacoco);
    let config = &coverage.files["j2html/Config.java"];
    let init = config.functions.iter().find(|f| f.name == "Config.<init>" && f.start_line == 55).unwrap();
    assert_eq!(init.hits, 1);
}

#[test]
fn go_profiles() {
    for path in ["go/polygon-cli.coverage.out", "go/blocky.coverage.out"] {
        let coverage = report(path, Format::Go);
        let text = std::fs::read_to_string(data(path)).unwrap();
        let files: std::collections::BTreeSet<&str> =
            text.lines().skip(1).filter_map(|l| l.rsplit_once(':').map(|(file, _)| file)).collect();
        assert_eq!(
            coverage.files.keys().map(String::as_str).collect::<std::collections::BTreeSet<_>>(),
            files,
            "{path}"
        );
    }
    // Worked out by hand from the blocks 110.90,111.27 (6), 111.27,116.3 (2), 117.2,117.27 (4),
    // 117.27,119.17 (2) and 119.17,121.4 (0), which come in that order only after sorting.
    let coverage = report("go/polygon-cli.coverage.out", Format::Go);
    let file = &coverage.files["github.com/maticnetwork/polygon-cli/hdwallet/hdwallet.go"];
    let lines: Vec<(u32, u64)> =
        file.settled(u32::MAX).lines.range(110..=121).map(|(l, h)| (*l, *h)).collect();
    assert_eq!(
        lines,
        [
            (110, 6),
            (111, 6),
            (112, 2),
            (113, 2),
            (114, 2),
            (115, 2),
            (116, 2),
            (117, 4),
            (118, 2),
            (119, 2),
            (120, 0),
            (121, 0)
        ]
    );
    // The module path is stripped at resolution: the fixture's module was renamed upstream, so
    // its go.mod names the old path.
    let go_mod = "module github.com/maticnetwork/polygon-cli\n\ngo 1.19\n";
    let mut coverage = coverage;
    coverage.roots.push(plumb_coverage::resolve::go_module(go_mod).unwrap().to_owned());
    let files = vec!["hdwallet/hdwallet.go".to_owned(), "cmd/root.go".to_owned()];
    let repo = plumb_coverage::resolve::Resolver {
        root: Path::new("/src/polygon-cli"),
        files: &files,
        path_map: &[],
    };
    let resolved = repo.resolve(coverage);
    assert!(resolved.coverage.files.contains_key("hdwallet/hdwallet.go"));
    assert!(resolved.ambiguous.is_empty() && resolved.outside.is_empty());
}

/// The totals c8 wrote in `coverage-summary.json`: lines, branches, and functions (total, covered).
fn c8_summary() -> (CoverageTally, (u64, u64)) {
    let text = std::fs::read_to_string(data("istanbul/coverage-summary.json")).unwrap();
    let summary: serde_json::Value = serde_json::from_str(&text).unwrap();
    let pair = |kind: &str| {
        let total = &summary["total"][kind];
        (total["total"].as_u64().unwrap(), total["covered"].as_u64().unwrap())
    };
    let ((lines, covered), (branches, branches_covered)) = (pair("lines"), pair("branches"));
    let tally = CoverageTally { lines, covered, branches, branches_covered };
    (tally, pair("functions"))
}

#[test]
fn c8_reports_match_its_summary() {
    let (totals, (functions, called)) = c8_summary();
    for (path, format) in [
        ("istanbul/coverage-final.json", Format::Istanbul),
        ("istanbul/clover.xml", Format::Clover),
        ("istanbul/lcov.info", Format::Lcov),
    ] {
        let coverage = report(path, format);
        // The JSON and Clover name the absolute path, c8's LCOV the relative one.
        let name = if format == Format::Lcov { "src/shapes.js" } else { "/tmp/plumb-js/src/shapes.js" };
        assert_eq!(coverage.files.keys().collect::<Vec<_>>(), [name], "{path}");
        assert_eq!(coverage.tally(), totals, "{path}");
        let file = &coverage.files[name];
        // c8's own list of uncovered lines: 11-12, 34-39.
        let uncovered: Vec<u32> =
            file.lines.iter().filter(|(_, hits)| **hits == 0).map(|(line, _)| *line).collect();
        assert_eq!(uncovered, [11, 12, 34, 35, 36, 37, 38, 39], "{path}");
        if format != Format::Clover {
            let named: Vec<(&str, u32, u64)> =
                file.functions.iter().map(|f| (f.name.as_str(), f.start_line, f.hits)).collect();
            assert_eq!(
                named,
                [("area", 5, 6), ("describe", 16, 1), ("largest", 21, 1), ("neverTested", 34, 0)],
                "{path}"
            );
            assert_eq!(
                (file.functions.len() as u64, file.functions.iter().filter(|f| f.hits > 0).count() as u64),
                (functions, called)
            );
        }
        let files = vec!["src/shapes.js".to_owned(), "test.js".to_owned()];
        let repo = plumb_coverage::resolve::Resolver {
            root: Path::new("/home/me/js"),
            files: &files,
            path_map: &[],
        };
        assert_eq!(
            repo.resolve(coverage).coverage.files.keys().collect::<Vec<_>>(),
            ["src/shapes.js"],
            "{path}"
        );
    }
    // Clover's own metrics agree.
    let text = std::fs::read_to_string(data("istanbul/clover.xml")).unwrap();
    let metrics = &text[text.find("<metrics ").unwrap()..];
    let metrics = &metrics[..metrics.find("/>").unwrap()];
    assert_eq!(attribute(metrics, "statements"), totals.lines.to_string());
    assert_eq!(attribute(metrics, "coveredconditionals"), totals.branches_covered.to_string());
}

/// `(covered, total)` of a line of `lcov --summary` (`  lines......: 64.7% (11 of 17 lines)`).
fn lcov_summary<T: std::str::FromStr<Err: std::fmt::Debug>>(what: &str) -> (T, T) {
    let text = std::fs::read_to_string(data("gcc-lcov/summary.txt")).unwrap();
    let line = text.lines().find(|line| line.trim_start().starts_with(what)).unwrap();
    let counts = line.split('(').nth(1).unwrap();
    let mut words = counts.split_whitespace();
    let covered = words.next().unwrap().parse().unwrap();
    let total = words.nth(1).unwrap().parse().unwrap();
    (covered, total)
}

#[test]
fn gcc_lcov_matches_its_summary_and_demangles_cpp_names() {
    let coverage = report("gcc-lcov/lcov.info", Format::Lcov);
    let file = &coverage.files["/tmp/gcc-cpp/src/shapes.cpp"];
    let tally = file.tally(1..=u32::MAX);
    assert_eq!((tally.covered, tally.lines), lcov_summary("lines"));
    assert_eq!((tally.branches_covered, tally.branches), lcov_summary("branches"));
    let functions: Vec<(&str, u32, bool)> =
        file.functions.iter().map(|f| (f.name.as_str(), f.start_line, f.hits > 0)).collect();
    // The names as binutils' `c++filt` prints the report's symbols; lines and calls from FN/FNDA.
    assert_eq!(
        functions,
        [
            ("shapes::Rect::area() const", 9, true),
            ("shapes::Rect::is_square() const", 10, true),
            ("shapes::scale(int, int)", 13, true),
            ("shapes::scale(double, double)", 14, false),
            ("int shapes::largest<int>(int, int)", 17, true),
            ("shapes::never_called(int)", 24, false),
            ("main", 33, true),
        ]
    );
    let called = functions.iter().filter(|f| f.2).count();
    assert_eq!((called, functions.len()), lcov_summary("functions"));
}
