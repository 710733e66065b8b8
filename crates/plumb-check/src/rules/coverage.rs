//! `coverage`: line coverage below a minimum, for the project and optionally for each file.

use plumb_report::{CoverageTally, Finding, Level, Measure, Position, RuleMeta, Span};

use super::crap::two;
use crate::new_finding;

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
is 76.81% (< 80%). The finding is placed on the first coverage report; each file under
`file-threshold` gets its own finding on its first line.

## What to do

Add tests for the least covered files (`plumb coverage REPORT` lists them, worst first), or
lower the floor to where the project is and raise it as coverage improves.

## Default

An error below 80% project line coverage (the common industry target); no per-file minimum.
Set the minimum with `--min-coverage`.",
};

/// The project's coverage below the minimum, placed at the start of `at` (the first report).
pub(crate) fn project_finding(at: &str, total: &CoverageTally, level: Level, min: f64) -> Option<Finding> {
    let percent = total.percent().filter(|percent| *percent < min)?;
    let mut finding = new_finding(
        META.id,
        level,
        at,
        start_of_file(),
        format!("project line coverage is {}% (< {}%)", two(percent), two(min)),
        None,
    );
    finding.label = Some(format!("{}% of instrumented lines covered", two(percent)));
    finding.measure = Some(Measure { value: plumb_report::round2(percent), threshold: min });
    finding.notes.push(format!("{} of {} instrumented lines covered", total.covered, total.lines));
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
