//! `changed-coverage`: too few of the lines changed since a revision are covered by tests.

use std::fmt::Write as _;

use plumb_report::{ChangedCoverage, Finding, Level, Measure, Position, RuleMeta, Span};

use super::crap::two;
use crate::new_finding;
use crate::registry::Rule;

pub(crate) const META: RuleMeta = RuleMeta {
    id: "changed-coverage",
    summary: "Too few of the changed lines are covered by tests",
    default_level: Level::Error,
    default_threshold: Some(80.0),
    explanation: "\
## What it measures

Changed-line coverage: of the instrumented lines added or modified since a revision
(`plumb check --coverage REPORT --changed-since REV`, or `--staged`), the percentage that the
tests ran. Lines that are not instrumented (comments, blank lines, declarations) do not count
either way. A change without instrumented lines passes.

## Why it matters

Project coverage moves slowly and hides what a pull request adds; the coverage of the lines a
change touches says whether this change came with tests, whatever the state of the old code.

## Example

A change adds 14 instrumented lines, of which 9 are run by the tests: changed-line coverage is
64.29%. The run fails, and the finding lists the 5 uncovered lines of each file:
`changed-line coverage is 64.29% (< 80%): 5 of 14 changed lines are not covered`.

## What to do

Add tests that run the listed lines.

## Default

An error below 80%. Set the minimum with `--min-changed-coverage`.",
};

pub(crate) const RULE: Rule = Rule { threshold_is_minimum: true, ..Rule::new(META) };

/// Uncovered line numbers listed per file in the note; the rest are counted.
const LISTED_LINES: usize = 30;

/// The changed lines' coverage below the minimum, placed on the first uncovered changed line.
pub(crate) fn finding(changed: &ChangedCoverage, level: Level) -> Option<Finding> {
    let percent = changed.tally.percent().filter(|percent| *percent < changed.minimum)?;
    let first = changed.files.iter().find(|file| !file.uncovered_lines.is_empty())?;
    let line = first.uncovered_lines[0];
    let at = Position { byte: 0, line, column: 1, utf16_column: 1 };
    let uncovered = changed.tally.uncovered();
    let mut finding = new_finding(
        META.id,
        level,
        &first.path,
        Span { start: at, end: at },
        format!(
            "changed-line coverage is {}% (< {}%): {uncovered} of {} changed lines are not covered",
            two(percent),
            two(changed.minimum),
            changed.tally.lines
        ),
        None,
    );
    finding.label = Some("the first changed line no test runs".to_owned());
    finding.measure = Some(Measure { value: plumb_report::round2(percent), threshold: changed.minimum });
    for file in changed.files.iter().filter(|file| !file.uncovered_lines.is_empty()) {
        let mut note = format!("{}: not covered:", file.path);
        for (i, line) in file.uncovered_lines.iter().enumerate() {
            if i == LISTED_LINES {
                let _ = write!(note, " and {} more", file.uncovered_lines.len() - LISTED_LINES);
                break;
            }
            let _ = write!(note, "{}{line}", if i == 0 { " " } else { ", " });
        }
        finding.notes.push(note);
    }
    finding.help = Some("add tests that run the changed lines listed".to_owned());
    Some(finding)
}
