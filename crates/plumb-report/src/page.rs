//! What the HTML report shows besides the [`Report`]: which lines the tests ran, the hotspots
//! of git history, and a trend of earlier measurements. Plain data, measured elsewhere: the
//! page draws it.

use std::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

use crate::{FileReport, Report};

/// Everything the HTML page shows.
#[derive(Debug, Clone)]
pub struct Page<'a> {
    /// The measured files, findings and totals.
    pub report: &'a Report,
    /// The page's title (`plumb report: myproject`).
    pub title: String,
    /// The thresholds the colours and the table are drawn against.
    pub thresholds: Thresholds,
    /// Each file's lines by coverage, in the order of `report.files`; empty without coverage.
    pub line_coverage: Vec<Vec<LineRun>>,
    /// Hotspots from git history (`--history`).
    pub hotspots: Option<Hotspots>,
    /// Measurements of earlier commits (`--trend`).
    pub trend: Option<Trend>,
    /// The lines changed since a base revision (`--changed-since`).
    pub changes: Option<Changes>,
}

/// The lines changed since a base revision, and the functions they touch.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// What the lines changed since (`since merge-base of main (3f2a1c0)`).
    pub since: String,
    /// Each file's changed lines, sorted and disjoint, in the order of `report.files`.
    pub lines: Vec<Vec<RangeInclusive<u32>>>,
    /// Whether each function, file by file in report order, has a changed line, from its
    /// declaration to its last line (as `--changed-since` decides which findings to keep).
    pub functions: Vec<bool>,
}

impl Changes {
    /// The changes of `files`, given each one's changed lines (in the same order).
    #[must_use]
    pub fn new(since: String, files: &[FileReport], lines: Vec<Vec<RangeInclusive<u32>>>) -> Self {
        let functions = files
            .iter()
            .zip(&lines)
            .flat_map(|(file, changed)| {
                file.functions.iter().map(move |function| {
                    let (start, end) = (function.start_line, function.end_line);
                    // The first range that does not end before the function starts.
                    let at = changed.partition_point(|range| *range.end() < start);
                    changed.get(at).is_some_and(|range| *range.start() <= end)
                })
            })
            .collect();
        Changes { since, lines, functions }
    }
}

/// The function thresholds of the run's configuration.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Thresholds {
    /// The `cyclomatic-complexity` rule's threshold.
    pub cyclomatic: f64,
    /// The `cognitive-complexity` rule's threshold.
    pub cognitive: f64,
}

/// Consecutive instrumented lines that the tests all ran, or all did not run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineRun {
    /// First line (1-based).
    pub first: u32,
    /// Last line.
    pub last: u32,
    /// Whether the tests ran these lines.
    pub covered: bool,
}

/// Files and functions by change frequency and complexity (see `plumb hotspots`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Hotspots {
    /// The window of history, as `--since` reads (`12 months`).
    pub since: String,
    /// Commits in the window (merges and bots left out).
    pub commits: usize,
    /// Files, highest score first.
    pub files: Vec<FileHotspot>,
    /// Functions, highest score first.
    pub functions: Vec<FunctionHotspot>,
}

/// A file's commits and complexity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileHotspot {
    /// The file, as the report names it.
    pub path: String,
    /// Commits that changed it in the window.
    pub commits: u32,
    /// The sum of its functions' cyclomatic complexity.
    pub complexity: u64,
    /// `commits x complexity`.
    pub score: u64,
}

/// A function's changes and complexity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionHotspot {
    /// Its file, as the report names it.
    pub path: String,
    /// Its qualified name.
    pub function: String,
    /// The line of its declaration.
    pub line: u32,
    /// Commits that touched its lines in the window.
    pub changes: u32,
    /// `changes x cyclomatic complexity`.
    pub score: u64,
}

/// Measurements of a series of commits, oldest first (the document `--trend` reads).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Trend {
    /// One point per commit.
    pub points: Vec<TrendPoint>,
}

/// The measurements of one commit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrendPoint {
    /// The commit id.
    pub commit: String,
    /// Its date, ISO 8601 (`2025-03-01` or `2025-03-01T12:00:00Z`).
    pub date: String,
    /// Functions measured.
    pub functions: u64,
    /// Code lines.
    pub code: u64,
    /// Cyclomatic complexity of the functions.
    pub cyclomatic: Spread,
    /// Cognitive complexity of the functions.
    pub cognitive: Spread,
    /// Percent of the functions above each threshold.
    pub over_threshold: OverThreshold,
}

/// The mean, 90th percentile and largest value of a metric over the functions.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Spread {
    /// Mean.
    pub mean: f64,
    /// 90th percentile.
    pub p90: f64,
    /// Largest.
    pub max: f64,
}

/// Percent of the functions above the complexity thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct OverThreshold {
    /// Above the cyclomatic threshold.
    pub cyclomatic: f64,
    /// Above the cognitive threshold.
    pub cognitive: f64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::testing::{file, function};

    #[test]
    fn a_function_changed_when_a_changed_line_is_between_its_first_and_last() {
        // a.rs: f 1-10, g 12-20, h 22-22; b.rs: k 1-5; c.rs has no function.
        // (`function` ends a function `code` lines after its first.)
        let files = [
            file(
                "a.rs",
                vec![function("f", 1, 1, 0, 9), function("g", 12, 1, 0, 8), function("h", 22, 1, 0, 0)],
            ),
            file("b.rs", vec![function("k", 1, 1, 0, 4)]),
            file("c.rs", vec![]),
        ];
        // 10 is f's last line; 11 is between f and g; 21-30 ends after h; b.rs is unchanged.
        let lines = vec![vec![10..=11, 21..=30], vec![], vec![1..=3]];
        let changes = Changes::new("since HEAD (abc1234)".into(), &files, lines.clone());
        assert_eq!(changes.functions, [true, false, true, false]);
        assert_eq!(changes.lines, lines);
        // A range that covers a whole function from before to after.
        let changes = Changes::new(String::new(), &files[..1], vec![vec![11..=25]]);
        assert_eq!(changes.functions, [false, true, true]);
    }
}
