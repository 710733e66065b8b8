//! Findings and reports, and one renderer per output format.
//!
//! An internal component of plumb, not published: its API follows plumb's needs. What plumb
//! keeps stable is its command line, exit codes and documented output formats (`docs/json.md`).
//!
//! Every renderer is a pure function of a [`Report`]: it never computes a metric, applies a
//! threshold or reorders findings. The data here is plain: metrics arrive already measured,
//! findings already decided.
//!
//! ```
//! use plumb_report::{Finding, Level, Position, Report, Span, render};
//!
//! let at = Position { byte: 0, line: 1, column: 1, utf16_column: 1 };
//! let finding = Finding {
//!     rule: "cyclomatic-complexity",
//!     level: Level::Error,
//!     path: "src/lib.rs".into(),
//!     span: Span { start: at, end: at },
//!     message: "`parse` has a cyclomatic complexity of 14 (> 10)".into(),
//!     label: None,
//!     function: Some("Parser::parse".into()),
//!     measure: Some(plumb_report::Measure { value: 14.0, threshold: 10.0 }),
//!     labels: vec![],
//!     notes: vec![],
//!     help: None,
//!     fingerprint: "0123456789abcdef".into(),
//! };
//! let report = Report { findings: vec![finding], ..Report::default() };
//! let mut out = Vec::new();
//! render::short::render(&report, &mut out).unwrap();
//! assert_eq!(
//!     String::from_utf8(out).unwrap(),
//!     "src/lib.rs:1:1: error[cyclomatic-complexity]: `parse` has a cyclomatic complexity of 14 (> 10)\n"
//! );
//! ```

pub mod delta;
mod finding;
mod fingerprint;
mod model;
pub mod page;
pub mod render;
pub mod text;
pub mod trend;

/// Colour-capable writers for the human renderer.
pub use codespan_reporting::term::termcolor;
pub use finding::{Finding, Label, Level, Measure, RuleMeta};
pub use fingerprint::fingerprint;
pub use model::{
    ChangedCoverage, ChangedFileCoverage, CountingReport, CoverageGates, CoverageSummary, CoverageTally,
    DecisionReport, FileHistory, FileReport, FolderCoverage, FunctionCoverage, FunctionReport,
    IncrementReport, Metric, Problem, ProjectGate, Report, RunInfo, Summary, UncoveredLine, round2,
};
pub use plumb_text::{Position, Span};
