//! Coverage joined to plumb's own function spans, and the coverage totals and gates of a run.
//!
//! A coverage report says which lines ran; plumb knows where each function starts and ends.
//! A function's coverage is that of the instrumented lines of its body, from the line its body
//! starts on to its last line (a closure's lines count for the closure and for the function
//! around it, as line-based tools count them). The declaration's own lines are left out when
//! the body starts below them: Python runs a `def` line when it defines the function, not when
//! it calls it. Where the report records functions and their calls (LCOV `FN`/`FNDA`, JaCoCo
//! methods, llvm-cov functions...), a function whose records all say it was never called has
//! none of its lines covered, whatever the lines say.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use plumb_coverage::{FileCoverage, FunctionHit};
use plumb_metrics::{FileMetrics, FunctionMetrics};
use plumb_report::page::LineRun;
use plumb_report::{
    ChangedCoverage, ChangedFileCoverage, CoverageGates, CoverageSummary, CoverageTally, FileReport, Finding,
    FolderCoverage, FunctionCoverage, ProjectGate, UncoveredLine,
};

use crate::{RuleId, Settings, rules};

/// Sets the coverage of a file and of each of its functions. What the report says past the
/// file's last line is left out.
pub(crate) fn join(file: &mut FileReport, metrics: &FileMetrics, source: &str, coverage: &FileCoverage) {
    let coverage = coverage.settled(metrics.lines);
    file.coverage = Some(coverage.tally(1..=u32::MAX));
    let called = calls(&metrics.functions, &coverage.functions);
    for ((function, measured), called) in file.functions.iter_mut().zip(&metrics.functions).zip(called) {
        let first =
            if rules::is_module(measured) { function.start_line } else { body_line(measured, source) };
        let mut tally = coverage.tally(first..=function.end_line);
        if tally.lines == 0 && tally.branches == 0 {
            continue; // nothing instrumented here: no coverage to speak of
        }
        if called == Some(false) {
            tally.covered = 0;
            tally.branches_covered = 0;
        }
        let crap = rules::crap::score(function.cyclomatic, tally.covered, tally.lines);
        function.coverage = Some(FunctionCoverage { tally, crap });
    }
}

/// The line a function's body starts on: the first character after its signature (the `{`
/// of a block, or a Python body's first statement); the signature's last line for a body that
/// never starts.
fn body_line(function: &FunctionMetrics, source: &str) -> u32 {
    let end = function.signature.end;
    let rest = source.as_bytes().get(end.byte as usize..function.span.end.byte as usize).unwrap_or(&[]);
    let blank = rest.iter().take_while(|b| b.is_ascii_whitespace()).copied();
    let newlines = blank.clone().filter(|&b| b == b'\n').count();
    if blank.count() == rest.len() {
        return end.line;
    }
    end.line.saturating_add(u32::try_from(newlines).unwrap_or(u32::MAX))
}

/// For each function, whether the report's function records say it was called: `Some(true)`
/// when one of the records it holds has calls, `Some(false)` when all say none, `None` without
/// a record. A record belongs to the innermost function whose lines hold its first line;
/// records on a line where several functions start are left out (which one is unknown).
fn calls(functions: &[FunctionMetrics], records: &[FunctionHit]) -> Vec<Option<bool>> {
    let holds = |f: &FunctionMetrics, line: u32| {
        !rules::is_module(f) && f.span.start.line <= line && line <= f.span.end.line
    };
    let mut called = vec![None; functions.len()];
    for record in records {
        let line = record.start_line;
        // The last function starting on or before the line, then out through its parents.
        let mut at = functions.partition_point(|f| f.span.start.line <= line).checked_sub(1);
        while let Some(index) = at.filter(|&index| !holds(&functions[index], line)) {
            at = functions[index].parent;
        }
        let Some(index) = at else { continue };
        let start = functions[index].span.start.line;
        let from = functions.partition_point(|f| f.span.start.line < start);
        let to = functions.partition_point(|f| f.span.start.line <= start);
        if functions[from..to].iter().filter(|f| holds(f, line)).count() > 1 {
            continue;
        }
        let slot = &mut called[index];
        *slot = Some(slot.unwrap_or(false) || record.hits > 0);
    }
    called
}

/// The totals of a run: the project (every file with coverage), each folder, and the number of
/// analysed files without coverage. `reports` and `unresolved` are recorded as given.
pub fn summarize(files: &[FileReport], reports: Vec<String>, unresolved: Vec<String>) -> CoverageSummary {
    let mut total = CoverageTally::default();
    let mut folders: BTreeMap<String, CoverageTally> = BTreeMap::new();
    let mut without = 0;
    for file in files {
        let Some(tally) = &file.coverage else {
            without += 1;
            continue;
        };
        total.add(tally);
        for folder in folders_of(&file.path) {
            folders.entry(folder).or_default().add(tally);
        }
    }
    CoverageSummary {
        reports,
        total,
        folders: folders.into_iter().map(|(path, tally)| FolderCoverage { path, tally }).collect(),
        files_without_coverage: without,
        unresolved,
        changed: None,
        gates: None,
    }
}

/// `.` and every directory a `/`-separated path is inside (`src/a/b.rs`: `.`, `src`, `src/a`).
fn folders_of(path: &str) -> impl Iterator<Item = String> + '_ {
    let ends = path.match_indices('/').map(|(at, _)| at).filter(|&at| at > 0);
    std::iter::once(".".to_owned()).chain(ends.map(|end| path[..end].to_owned()))
}

/// Coverage of changed lines: for each file, the changed line ranges and the file's coverage.
/// Files without instrumented changed lines are left out.
pub fn changed<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a FileCoverage, &'a [RangeInclusive<u32>])>,
    minimum: f64,
) -> ChangedCoverage {
    let mut result = ChangedCoverage { minimum, ..ChangedCoverage::default() };
    for (path, coverage, ranges) in files {
        // Changed lines are lines of the file: what lies past the last of them is not needed.
        let coverage = coverage.settled(ranges.iter().map(|range| *range.end()).max().unwrap_or(0));
        let mut file = ChangedFileCoverage { path: path.to_owned(), ..ChangedFileCoverage::default() };
        for range in ranges {
            file.tally.add(&coverage.tally(range.clone()));
            for (&line, &hits) in coverage.lines.range(range.clone()) {
                if hits == 0 {
                    file.uncovered_lines.push(line);
                }
            }
        }
        if file.tally.lines > 0 {
            result.tally.add(&file.tally);
            result.files.push(file);
        }
    }
    result.files.sort_by(|a, b| a.path.cmp(&b.path));
    result
}

/// A file's instrumented lines as runs of consecutive lines the tests all ran, or all did not
/// run (what the HTML report shades); what the report says past the file's `last_line` is left
/// out.
pub fn line_runs(coverage: &FileCoverage, last_line: u32) -> Vec<LineRun> {
    let settled = coverage.settled(last_line);
    let mut runs: Vec<LineRun> = Vec::new();
    for (&line, &hits) in &settled.lines {
        let covered = hits > 0;
        match runs.last_mut() {
            Some(run) if run.covered == covered && run.last + 1 == line => run.last = line,
            _ => runs.push(LineRun { first: line, last: line, covered }),
        }
    }
    runs
}

/// Where the project's coverage finding is placed: a file of the run and a line of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place<'a> {
    /// The file, as shown.
    pub path: &'a str,
    /// Its first uncovered instrumented line.
    pub line: u32,
    /// Its coverage.
    pub tally: CoverageTally,
}

/// The order in which files are looked at to place the project's finding: the most uncovered
/// instrumented lines first, and by path among equals.
pub fn most_uncovered_first(a: (&str, &CoverageTally), b: (&str, &CoverageTally)) -> std::cmp::Ordering {
    b.1.uncovered().cmp(&a.1.uncovered()).then_with(|| a.0.cmp(b.0))
}

/// The analysed file with the most uncovered instrumented lines (the first by path among
/// equals, [`most_uncovered_first`]), at its first uncovered line: where a shortfall of the whole project is placed, since
/// it is the file whose tests would raise the total most. `coverage` gives a file's coverage.
pub fn most_uncovered<'a>(
    files: &'a [FileReport],
    coverage: &dyn Fn(&str) -> Option<&'a FileCoverage>,
) -> Option<Place<'a>> {
    let (file, tally) = files
        .iter()
        .filter_map(|file| Some((file, *file.coverage.as_ref()?)))
        .filter(|(_, tally)| tally.uncovered() > 0)
        .min_by(|(a, x), (b, y)| most_uncovered_first((&a.path, x), (&b.path, y)))?;
    let settled = coverage(&file.path)?.settled(file.lines);
    let line = settled.lines.iter().find(|(_, hits)| **hits == 0).map_or(1, |(line, _)| *line);
    Some(Place { path: &file.path, line, tally })
}

/// The run-wide coverage gates `settings` turn on, with this run's files' `at`.
pub fn project_gates(settings: &Settings, at: Option<Place<'_>>) -> CoverageGates {
    let coverage = settings.level(RuleId::Coverage).zip(settings.rule(RuleId::Coverage).threshold);
    CoverageGates {
        coverage: coverage.map(|(level, minimum)| ProjectGate { level, minimum }),
        changed: settings.level(RuleId::ChangedCoverage),
        most_uncovered: at.map(|at| UncoveredLine { path: at.path.to_owned(), line: at.line }),
    }
}

/// Where `gates` place the project's finding among `files`: their file with the most uncovered
/// lines, with its coverage in `files`.
pub fn place<'a>(gates: &'a CoverageGates, files: &[FileReport]) -> Option<Place<'a>> {
    let at = gates.most_uncovered.as_ref()?;
    let file = files.binary_search_by(|file| file.path.as_str().cmp(&at.path)).ok()?;
    Some(Place { path: &at.path, line: at.line, tally: files[file].coverage? })
}

/// The run-wide coverage gates: the project's line coverage (`coverage`, placed `at` the file
/// with the most uncovered lines; skipped in changed-code mode, where only changed files were
/// analysed) and the changed lines' coverage (`changed-coverage`).
pub fn project_findings(
    summary: &CoverageSummary,
    gates: &CoverageGates,
    at: Option<Place<'_>>,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    match &summary.changed {
        None => {
            if let (Some(gate), Some(at)) = (gates.coverage, at) {
                findings.extend(rules::coverage::project_finding(
                    &at,
                    &summary.total,
                    gate.level,
                    gate.minimum,
                ));
            }
        }
        Some(changed) => {
            if let Some(level) = gates.changed {
                findings.extend(rules::changed_coverage::finding(changed, level));
            }
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use plumb_coverage::LineRun;

    use super::*;

    fn file_coverage(lines: &[(u32, u64)]) -> FileCoverage {
        let mut coverage = FileCoverage::default();
        coverage.lines.extend(lines.iter().copied());
        coverage
    }

    #[test]
    fn folders_of_a_path() {
        assert_eq!(folders_of("src/a/b.rs").collect::<Vec<_>>(), [".", "src", "src/a"]);
        assert_eq!(folders_of("b.rs").collect::<Vec<_>>(), ["."]);
    }

    #[test]
    fn line_runs_join_consecutive_lines_of_one_state() {
        // Lines 1-3 ran, 4 did not, 5 is not instrumented, 6-7 did not, 9 ran, a region runs
        // 10-12 twice; line 14 is past the end of the 12-line file.
        let mut coverage = file_coverage(&[(1, 1), (2, 3), (3, 1), (4, 0), (6, 0), (7, 0), (9, 5), (14, 1)]);
        coverage.add_regions(vec![LineRun { first: 10, last: 12, hits: 2 }]);
        let runs: Vec<(u32, u32, bool)> =
            line_runs(&coverage, 12).iter().map(|run| (run.first, run.last, run.covered)).collect();
        assert_eq!(runs, [(1, 3, true), (4, 4, false), (6, 7, false), (9, 12, true)]);
    }

    #[test]
    fn changed_lines_count_only_when_instrumented() {
        // Lines 1-6 instrumented; 2 and 5 never ran. Changed: 2..=3 and 5..=9.
        let coverage = file_coverage(&[(1, 1), (2, 0), (3, 4), (4, 1), (5, 0), (6, 2)]);
        let ranges = [2..=3, 5..=9];
        let changed = changed([("src/a.py", &coverage, &ranges[..])], 80.0);
        // Instrumented changed lines: 2, 3, 5, 6 (7-9 are not instrumented); covered: 3, 6.
        assert_eq!((changed.tally.lines, changed.tally.covered), (4, 2));
        assert_eq!(changed.files[0].uncovered_lines, [2, 5]);
        assert_eq!(changed.tally.percent(), Some(50.0));
        let findings = project_findings(
            &CoverageSummary { changed: Some(changed), ..CoverageSummary::default() },
            &project_gates(&Settings::default(), None),
            None,
        );
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].rule, "changed-coverage");
        assert_eq!((findings[0].path.as_str(), findings[0].span.start.line), ("src/a.py", 2));
        assert_eq!(
            findings[0].message,
            "changed-line coverage is 50% (< 80%): 2 of 4 changed lines are not covered"
        );
        assert_eq!(findings[0].notes, ["src/a.py: not covered: 2, 5"]);
    }

    /// `(covered, lines)` of each function of a JavaScript source, with a report's lines and
    /// function records `(line, calls)`.
    fn functions_of(source: &str, lines: &[(u32, u64)], records: &[(u32, u64)]) -> Vec<(String, u64, u64)> {
        let metrics =
            plumb_metrics::Analyzer::new().analyze(source.as_bytes(), plumb_lang::Language::JavaScript);
        let mut coverage = file_coverage(lines);
        for &(line, hits) in records {
            coverage.add_function(FunctionHit {
                name: format!("f{line}"),
                start_line: line,
                end_line: None,
                hits,
            });
        }
        let checked = crate::check_covered("a.js", source, &metrics, &Settings::default(), &coverage);
        checked
            .file
            .functions
            .iter()
            .filter_map(|f| {
                Some((f.qualified_name.clone(), f.coverage?.tally.covered, f.coverage?.tally.lines))
            })
            .collect()
    }

    #[test]
    fn records_of_calls_go_to_the_innermost_function_of_their_line() {
        let source = "const run = () => {\n  return 1;\n};\nfunction pair() {\n  return [1].map(a => a).map(b => b);\n}\n";
        // Every line ran (the `const` statement runs when the module loads).
        let lines = [(1, 1), (2, 0), (4, 1), (5, 1)];
        // `run` never called; `pair` called once; two arrows start on line 5: which record is
        // whose is unknown, so neither counts.
        let found = functions_of(source, &lines, &[(1, 0), (4, 1), (5, 0), (5, 0)]);
        assert_eq!(
            found,
            [
                ("run".to_owned(), 0, 2),
                ("pair".to_owned(), 2, 2),
                ("pair.<arrow>".to_owned(), 1, 1),
                ("pair.<arrow>".to_owned(), 1, 1)
            ]
        );
        // Without records, the lines decide: `run`'s first line ran.
        let found = functions_of(source, &lines, &[]);
        assert_eq!(found[0], ("run".to_owned(), 1, 2));
    }

    #[test]
    fn changed_lines_in_blocks_are_listed() {
        // A Go block over lines 3-8 that never ran, and one over 1-2 that did.
        let mut coverage = FileCoverage::default();
        coverage.add_regions(vec![
            LineRun { first: 3, last: 8, hits: 0 },
            LineRun { first: 1, last: 2, hits: 4 },
        ]);
        let ranges = [2..=4, 7..=7];
        let changed = changed([("a.go", &coverage, &ranges[..])], 80.0);
        assert_eq!((changed.tally.lines, changed.tally.covered), (4, 1));
        assert_eq!(changed.files[0].uncovered_lines, [3, 4, 7]);
    }
}
