//! Coverage joined to plumb's own function spans, and the coverage totals and gates of a run.
//!
//! A coverage report says which lines ran; plumb knows where each function starts and ends.
//! A function's coverage is that of the instrumented lines in its span (a closure's lines
//! count for the closure and for the function around it, as line-based tools count them).

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use plumb_coverage::FileCoverage;
use plumb_report::{
    ChangedCoverage, ChangedFileCoverage, CoverageSummary, CoverageTally, FileReport, Finding,
    FolderCoverage, FunctionCoverage,
};

use crate::{RuleId, Settings, rules};

/// The instrumented lines and branches of a file in a range of lines.
pub fn tally(coverage: &FileCoverage, lines: RangeInclusive<u32>) -> CoverageTally {
    let tally = coverage.tally(lines);
    CoverageTally {
        lines: tally.lines as u64,
        covered: tally.covered_lines as u64,
        branches: tally.branches as u64,
        branches_covered: tally.taken_branches as u64,
    }
}

/// Sets the coverage of a file and of each of its functions.
pub(crate) fn join(file: &mut FileReport, coverage: &FileCoverage) {
    file.coverage = Some(tally(coverage, 1..=u32::MAX));
    for function in &mut file.functions {
        let tally = tally(coverage, function.start_line..=function.end_line);
        if tally.lines == 0 && tally.branches == 0 {
            continue; // nothing instrumented here: no coverage to speak of
        }
        let crap = rules::crap::score(function.cyclomatic, tally.covered, tally.lines);
        function.coverage = Some(FunctionCoverage { tally, crap });
    }
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
        let mut file = ChangedFileCoverage { path: path.to_owned(), ..ChangedFileCoverage::default() };
        for range in ranges {
            file.tally.add(&tally(coverage, range.clone()));
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

/// The run-wide coverage gates: the project's line coverage (`coverage`, placed on the first
/// report `at`; skipped in changed-code mode, where only changed files were analysed) and the
/// changed lines' coverage (`changed-coverage`).
pub fn project_findings(summary: &CoverageSummary, settings: &Settings, at: &str) -> Vec<Finding> {
    let mut findings = Vec::new();
    match &summary.changed {
        None => {
            if let (Some(level), Some(min)) =
                (settings.level(RuleId::Coverage), settings.rule(RuleId::Coverage).threshold)
            {
                findings.extend(rules::coverage::project_finding(at, &summary.total, level, min));
            }
        }
        Some(changed) => {
            if let Some(level) = settings.level(RuleId::ChangedCoverage) {
                findings.extend(rules::changed_coverage::finding(changed, level));
            }
        }
    }
    findings
}

#[cfg(test)]
mod tests {
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
            &Settings::default(),
            "coverage.xml",
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
}
