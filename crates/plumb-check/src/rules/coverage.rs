//! `coverage`: line coverage below a minimum, for the project and optionally for each file.

use plumb_report::{CoverageTally, Finding, Level, Measure, Position, RuleMeta, Span};

use super::crap::two;
use crate::coverage::Place;
use crate::new_finding;
use crate::registry::{Rule, RuleOption};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "coverage",
    summary: "Line coverage is below the minimum",
    default_level: Level::Error,
    default_threshold: Some(80.0),
    explanation: "\
## What it measures

The line coverage of the project: instrumented lines run at least once by the tests, over all
instrumented lines of the analysed files that the coverage reports cover. With
`file-threshold`, also the line coverage of each file. Runs only with
`plumb check --coverage REPORT`; the project total is not checked in changed-code mode
(`changed-coverage` is), since only changed files are analysed there.

The project's finding is about no one file, but code-scanning tools show a finding on a file
of the repository: it is placed on the analysed file with the most uncovered lines (the file
whose tests would raise the total most), at its first uncovered line.

## Why it matters

A coverage floor keeps untested code from growing unnoticed. It says nothing about the quality
of the tests, but a drop below the floor is a reliable sign that new code came without them.

## Example

```toml
[rules.coverage]
threshold = 80       # the project's minimum, in percent
file-threshold = 50  # each file's minimum (optional)
```

With 7,412 of 9,650 instrumented lines covered (76.81%), the run fails: project line coverage
is 76.81% (< 80%). The finding is placed on the first uncovered line of the file with the
most uncovered lines; each file under `file-threshold` gets its own finding on its first line.

## What to do

Add tests for the least covered files (`plumb coverage REPORT` lists them, worst first), or
lower the floor to where the project is and raise it as coverage improves.

## Default

An error below 80% project line coverage (the common industry target); no per-file minimum.
Set the minimum with `--min-coverage`.",
};

pub(crate) const RULE: Rule = Rule {
    threshold_is_minimum: true,
    options: &[RuleOption::percent(
        "file-threshold",
        None,
        "each file's minimum line coverage, in percent (none by default)",
    )],
    ..Rule::new(META)
};

/// The project's coverage below the minimum, placed `at` the first uncovered line of the file
/// with the most uncovered lines: a file of the repository that code-scanning tools can open,
/// and the one whose tests would raise the total most.
pub(crate) fn project_finding(
    at: &Place<'_>,
    total: &CoverageTally,
    level: Level,
    min: f64,
) -> Option<Finding> {
    let percent = total.percent().filter(|percent| *percent < min)?;
    let line = Position { byte: 0, line: at.line.max(1), column: 1, utf16_column: 1 };
    let mut finding = new_finding(
        META.id,
        level,
        at.path,
        Span { start: line, end: line },
        format!("project line coverage is {}% (< {}%)", two(percent), two(min)),
        None,
    );
    let uncovered = at.tally.uncovered();
    finding.label = Some(if uncovered == 1 {
        "this file's one uncovered line, the most of any file".to_owned()
    } else {
        format!("the first of this file's {uncovered} uncovered lines, the most of any file")
    });
    finding.measure = Some(Measure { value: plumb_report::round2(percent), threshold: min });
    finding.notes.push(format!("{} of {} instrumented lines covered", total.covered, total.lines));
    finding.notes.push(format!(
        "shown on `{}`, the file with the most uncovered lines: {uncovered} of its {}",
        at.path, at.tally.lines
    ));
    finding.help = Some("`plumb coverage` lists the least covered files and functions".to_owned());
    Some(finding)
}

/// A file's coverage below its minimum.
pub(crate) fn file_finding(path: &str, tally: &CoverageTally, level: Level, min: f64) -> Option<Finding> {
    let percent = tally.percent().filter(|percent| *percent < min)?;
    let mut finding = new_finding(
        META.id,
        level,
        path,
        start_of_file(),
        format!("`{path}` has {}% line coverage (< {}%)", two(percent), two(min)),
        None,
    );
    finding.label = Some(format!("{} of {} instrumented lines covered", tally.covered, tally.lines));
    finding.measure = Some(Measure { value: plumb_report::round2(percent), threshold: min });
    finding.help = Some("add tests for this file's uncovered lines".to_owned());
    Some(finding)
}

pub(crate) fn start_of_file() -> Span {
    let start = Position { byte: 0, line: 1, column: 1, utf16_column: 1 };
    Span { start, end: start }
}
