//! `file-length`: files with too many lines of code.

use plumb_metrics::FileMetrics;
use plumb_report::{Finding, Level, Position, RuleMeta, Span};

use crate::{measure, new_finding};
use crate::registry::Rule;

pub(crate) const META: RuleMeta = RuleMeta {
    id: "file-length",
    summary: "File has too many lines of code",
    default_level: Level::Warning,
    default_threshold: Some(1000.0),
    explanation: "\
## What it measures

The lines of code of a file: lines that hold code, not counting blank lines and lines holding
only comments or docstrings.

## Why it matters

A long file holds several responsibilities; it is harder to navigate, to review and to own,
and it changes for many reasons.

## Example

A file of 1,400 lines of code is reported on its first line: `src/parser.rs` has 1400 lines
of code (> 1000).

## What to do

Split the file along its responsibilities: types and the functions that work on them
together, tests apart from code.

## Default

Reported as a warning above 1,000 lines of code (SonarQube's default).",
};

pub(crate) const RULE: Rule = Rule::new(META);

pub(crate) fn finding(path: &str, metrics: &FileMetrics, level: Level, max: u32) -> Finding {
    let value = metrics.code;
    let start = Position { byte: 0, line: 1, column: 1, utf16_column: 1 };
    let mut finding = new_finding(
        META.id,
        level,
        path,
        Span { start, end: start },
        format!("`{path}` has {value} lines of code (> {max})"),
        None,
    );
    finding.label = Some(format!("{value} lines of code in this file"));
    finding.measure = Some(measure(value, max));
    finding.notes.push(format!(
        "{} lines: {value} of code, {} of comments, {} blank",
        metrics.lines, metrics.comments, metrics.blanks
    ));
    finding.help = Some("split the file along its responsibilities".to_owned());
    finding
}
