//! The report: measured files, findings and problems, as plain data. The JSON output is
//! exactly these structures (see `docs/json.md`).

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::{Finding, Level, RuleMeta};

/// A decision point in the JSON output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecisionReport {
    /// `if`, `else-if`, `conditional`, `loop`, `case`, `guard`, `catch`, `clause`, `and`, `or`,
    /// `coalesce`, `logical-assign`.
    pub kind: &'static str,
    /// 1-based line.
    pub line: u32,
    /// 1-based column in Unicode scalar values.
    pub column: u32,
}

/// Which metric an increment adds to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Metric {
    /// Cyclomatic complexity: `cyclomatic` is 1 + the sum of these increments' `adds`.
    Cyclomatic,
    /// Cognitive complexity: `cognitive` is the sum of these increments' `adds`.
    Cognitive,
}

impl Metric {
    /// `cyclomatic` or `cognitive`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Cyclomatic => "cyclomatic",
            Self::Cognitive => "cognitive",
        }
    }
}

/// What one construct adds to a complexity metric, in the JSON output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct IncrementReport {
    /// The metric it adds to.
    pub metric: Metric,
    /// 1-based line of its keyword or operator.
    pub line: u32,
    /// 1-based column in Unicode scalar values.
    pub column: u32,
    /// The construct: a decision kind (`if`, `case`, `and`, ...) or, for cognitive complexity,
    /// also `else`, `switch`, `labelled-jump`, `goto`, `recursion`.
    pub kind: &'static str,
    /// What it adds.
    pub adds: u32,
    /// The nesting level where it stands in the function (0 at the top of its body).
    pub nesting: u32,
}

/// The counting conventions a file was measured with (`docs/metrics.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CountingReport {
    /// `classic`, or `modified` (a switch counts 1).
    pub cyclomatic_variant: &'static str,
    /// Whether boolean operators are cyclomatic decision points.
    pub count_boolean_operators: bool,
    /// `exclude` (nested functions are their own units), or `include`.
    pub nested_functions: &'static str,
}

impl Default for CountingReport {
    fn default() -> Self {
        Self { cyclomatic_variant: "classic", count_boolean_operators: true, nested_functions: "exclude" }
    }
}

/// A function's metrics.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunctionReport {
    /// Declared or derived name.
    pub name: String,
    /// Name qualified by enclosing types, modules and functions.
    pub qualified_name: String,
    /// Line of the declaration proper.
    pub start_line: u32,
    /// Column of the declaration (Unicode scalars).
    pub start_column: u32,
    /// Last line.
    pub end_line: u32,
    /// Cyclomatic complexity.
    pub cyclomatic: u32,
    /// Cognitive complexity.
    pub cognitive: u32,
    /// Physical lines.
    pub lines: u32,
    /// Code lines.
    pub code: u32,
    /// Parameters.
    pub params: u32,
    /// Deepest nesting.
    pub max_nesting: u32,
    /// Explicit returns.
    pub returns: u32,
    /// Early exits (`?`, `?.`).
    pub early_exits: u32,
    /// Decision points in source order.
    pub decision_points: Vec<DecisionReport>,
    /// What each construct adds to each complexity metric, in source order (cyclomatic first at
    /// one position); `None` when they are left out of the report.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub increments: Option<Vec<IncrementReport>>,
    /// Test coverage of the lines in its span, when a coverage report covers its file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coverage: Option<FunctionCoverage>,
}

/// Instrumented lines and branches, and how many of them the tests ran.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub struct CoverageTally {
    /// Instrumented lines.
    pub lines: u64,
    /// Instrumented lines run at least once.
    pub covered: u64,
    /// Branches the report records.
    pub branches: u64,
    /// Branches taken at least once.
    pub branches_covered: u64,
}

impl CoverageTally {
    /// Line coverage in percent; `None` when no line is instrumented.
    #[allow(clippy::cast_precision_loss)]
    pub fn percent(&self) -> Option<f64> {
        (self.lines > 0).then(|| 100.0 * self.covered as f64 / self.lines as f64)
    }

    /// Branch coverage in percent; `None` when the report has no branches here.
    #[allow(clippy::cast_precision_loss)]
    pub fn branch_percent(&self) -> Option<f64> {
        (self.branches > 0).then(|| 100.0 * self.branches_covered as f64 / self.branches as f64)
    }

    /// Instrumented lines no test ran.
    pub fn uncovered(&self) -> u64 {
        self.lines - self.covered
    }

    /// Adds another tally.
    pub fn add(&mut self, other: &CoverageTally) {
        self.lines += other.lines;
        self.covered += other.covered;
        self.branches += other.branches;
        self.branches_covered += other.branches_covered;
    }
}

impl Serialize for CoverageTally {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let mut s = serializer.serialize_struct("CoverageTally", 6)?;
        s.serialize_field("lines", &self.lines)?;
        s.serialize_field("covered", &self.covered)?;
        s.serialize_field("percent", &self.percent().map(round2))?;
        s.serialize_field("branches", &self.branches)?;
        s.serialize_field("branches_covered", &self.branches_covered)?;
        s.serialize_field("branch_percent", &self.branch_percent().map(round2))?;
        s.end()
    }
}

/// A percentage or score rounded to two decimals, as reports show it.
pub fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

/// A function's coverage.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FunctionCoverage {
    /// Lines and branches in the function's span.
    #[serde(flatten)]
    pub tally: CoverageTally,
    /// The CRAP score, `CC^2 * (1 - coverage)^3 + CC`; `None` when no line is instrumented.
    #[serde(serialize_with = "serialize_round2")]
    pub crap: Option<f64>,
}

#[allow(clippy::ref_option)]
fn serialize_round2<S: serde::Serializer>(value: &Option<f64>, serializer: S) -> Result<S::Ok, S::Error> {
    value.map(round2).serialize(serializer)
}

/// A file's metrics.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileReport {
    /// Relative to the working directory when inside it, `/`-separated.
    pub path: String,
    /// Language id (`rust`, `cpp`, ...).
    pub language: &'static str,
    /// Physical lines.
    pub lines: u32,
    /// Code lines.
    pub code: u32,
    /// Comment lines.
    pub comments: u32,
    /// Blank lines.
    pub blanks: u32,
    /// Syntax errors in the parse, those that change no measurement included (0 for a clean
    /// parse).
    pub syntax_errors: u32,
    /// The counting conventions of its numbers.
    pub counting: CountingReport,
    /// Functions in source order.
    pub functions: Vec<FunctionReport>,
    /// Test coverage of the file, when a coverage report covers it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coverage: Option<CoverageTally>,
    /// The file's git history in the window, with `plumb check --history`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<FileHistory>,
}

/// A file's git history in a window (`plumb check --history`; see docs/history.md).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct FileHistory {
    /// Commits that changed it (not merges, not bots).
    pub commits: u32,
    /// Fix commits among them.
    pub fixes: u32,
    /// Distinct defects those fixes fixed.
    pub defects: u32,
    /// Lines added.
    pub added: u64,
    /// Lines deleted.
    pub deleted: u64,
    /// Distinct authors.
    pub authors: u32,
}

/// A file that could not be analysed, or was analysed with reservations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The file (or directory).
    pub path: String,
    /// What happened (`binary file skipped`, `permission denied`).
    pub message: String,
}

/// Totals of a run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Files analysed.
    pub files: u32,
    /// Functions measured.
    pub functions: u32,
    /// Physical lines.
    pub lines: u64,
    /// Code lines.
    pub code: u64,
    /// Comment lines.
    pub comments: u64,
    /// Blank lines.
    pub blanks: u64,
    /// Error-level findings.
    pub errors: u32,
    /// Warning-level findings.
    pub warnings: u32,
    /// Note-level findings.
    pub notes: u32,
    /// Files skipped or analysed with problems.
    pub problems: u32,
}

/// Everything a renderer needs.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Measured files, sorted by path.
    pub files: Vec<FileReport>,
    /// Findings, sorted by path and position.
    pub findings: Vec<Finding>,
    /// Problems, sorted by path.
    pub problems: Vec<Problem>,
    /// Totals.
    pub summary: Summary,
    /// Coverage totals, when coverage reports were read.
    pub coverage: Option<CoverageSummary>,
    /// Every rule, in registry order (SARIF lists them all, so that rule indexes are stable).
    pub rules: &'static [RuleMeta],
    /// Facts about the run.
    pub run: RunInfo,
    /// Functions of the files whose entries were already written out (a streamed run keeps of
    /// each file only its path and line counts): the summary counts them with those of `files`.
    pub written_functions: u32,
    /// Findings of a streamed SARIF run past any that a log can hold (SARIF's first
    /// [`crate::render::sarif::MAX_RESULTS`], errors first), per level: counted, not kept.
    pub findings_left_out: [u32; 3],
}

/// Coverage of a whole run: the project, each folder, and the changed lines.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CoverageSummary {
    /// The reports read, as given.
    pub reports: Vec<String>,
    /// Every analysed file the reports cover.
    pub total: CoverageTally,
    /// Per folder (`.` for the top), over the files directly or indirectly inside it, by path.
    pub folders: Vec<FolderCoverage>,
    /// Analysed files that no report mentions.
    pub files_without_coverage: u32,
    /// Report paths that match no analysed file, or several.
    pub unresolved: Vec<String>,
    /// Coverage of the lines changed since a revision, in changed-code mode.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changed: Option<ChangedCoverage>,
    /// In a shard's report only: the run-wide gates, which `plumb merge` applies over the files
    /// of every shard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gates: Option<CoverageGates>,
}

/// The run-wide coverage gates a run's settings turn on, and where this run's files would place
/// the project's finding; a shard's report carries them to `plumb merge`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CoverageGates {
    /// The `coverage` rule over the project, when on.
    pub coverage: Option<ProjectGate>,
    /// The `changed-coverage` rule's level, when on (its minimum is the changed lines').
    pub changed: Option<Level>,
    /// The file with the most uncovered lines (the first by path among equals) and its first
    /// uncovered line.
    pub most_uncovered: Option<UncoveredLine>,
}

/// A project gate's level and minimum percent.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ProjectGate {
    /// The level of its finding.
    pub level: Level,
    /// The minimum line coverage, in percent.
    pub minimum: f64,
}

/// A line of a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UncoveredLine {
    /// The file, as reported.
    pub path: String,
    /// The line.
    pub line: u32,
}

impl CoverageSummary {
    /// One line for summaries: `line coverage 81.13% (43 of 53 lines), branches 50% (2 of 4);
    /// changed lines 50% (1 of 2)`.
    pub fn describe(&self) -> String {
        let mut text = format!("line coverage {}", lines(&self.total));
        if let Some(percent) = self.total.branch_percent() {
            let _ = write!(
                text,
                ", branches {}% ({} of {})",
                round2(percent),
                self.total.branches_covered,
                self.total.branches
            );
        }
        if let Some(changed) = &self.changed {
            let _ = write!(text, "; changed lines {}", lines(&changed.tally));
        }
        text
    }
}

/// `81.13% (43 of 53 lines)`, or `- (no instrumented lines)`.
fn lines(tally: &CoverageTally) -> String {
    match tally.percent() {
        Some(percent) => format!("{}% ({} of {} lines)", round2(percent), tally.covered, tally.lines),
        None => "- (no instrumented lines)".to_owned(),
    }
}

/// A folder's coverage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FolderCoverage {
    /// The folder, relative like file paths, `/`-separated; `.` for the top.
    pub path: String,
    /// Its lines and branches.
    #[serde(flatten)]
    pub tally: CoverageTally,
}

/// Coverage of changed lines.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ChangedCoverage {
    /// Instrumented changed lines, and how many ran.
    #[serde(flatten)]
    pub tally: CoverageTally,
    /// The minimum, in percent.
    pub minimum: f64,
    /// Per file with instrumented changed lines: the lines no test ran.
    pub files: Vec<ChangedFileCoverage>,
}

/// One file's changed lines.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ChangedFileCoverage {
    /// The file.
    pub path: String,
    /// Its instrumented changed lines, and how many ran.
    #[serde(flatten)]
    pub tally: CoverageTally,
    /// Changed lines that are instrumented and were not run.
    pub uncovered_lines: Vec<u32>,
}

/// Facts about the run that some formats record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunInfo {
    /// plumb's version.
    pub version: String,
    /// The command line, as typed.
    pub command_line: String,
    /// The repository root (or working directory) as a `file://` URI ending in `/`. Finding
    /// paths are relative to it after [`RunInfo::path_prefix`] is prepended.
    pub root_uri: Option<String>,
    /// What turns a finding's path (relative to the working directory) into a path relative to
    /// the root: the working directory relative to the root, with a trailing `/`, or empty.
    pub path_prefix: String,
    /// The exit code the run ends with.
    pub exit_code: i32,
    /// Whether warnings fail the run (there are more than `--max-warnings`); errors fail it
    /// whenever [`RunInfo::exit_code`] is not 0.
    pub warnings_fail: bool,
}

impl RunInfo {
    /// Whether a finding of this level is one that fails the run: an error in a run that
    /// fails, a warning when warnings fail it, never a note.
    pub fn fails(&self, level: Level) -> bool {
        self.exit_code != 0
            && match level {
                Level::Error => true,
                Level::Warning => self.warnings_fail,
                Level::Note => false,
            }
    }

    /// A finding's path relative to the root, `/`-separated (absolute paths stay absolute).
    pub fn root_relative(&self, path: &str) -> String {
        if path.starts_with('/') || self.path_prefix.is_empty() {
            return path.to_owned();
        }
        let mut joined = String::with_capacity(self.path_prefix.len() + path.len());
        joined.push_str(&self.path_prefix);
        joined.push_str(path);
        // `sub/../x.rs` is `x.rs`.
        let mut parts: Vec<&str> = Vec::new();
        for part in joined.split('/') {
            match part {
                ".." if parts.last().is_some_and(|p| *p != "..") => {
                    parts.pop();
                }
                "." | "" => {}
                other => parts.push(other),
            }
        }
        parts.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::RunInfo;

    #[test]
    fn root_relative_paths() {
        let run = RunInfo { path_prefix: "sub/dir/".into(), ..RunInfo::default() };
        assert_eq!(run.root_relative("src/a.rs"), "sub/dir/src/a.rs");
        assert_eq!(run.root_relative("../b.rs"), "sub/b.rs");
        assert_eq!(run.root_relative("/abs/c.rs"), "/abs/c.rs");
        assert_eq!(RunInfo::default().root_relative("src/a.rs"), "src/a.rs");
    }
}
