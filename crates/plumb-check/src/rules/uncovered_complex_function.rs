//! `uncovered-complex-function`: complex functions that the tests barely run.

use plumb_report::{Finding, FunctionCoverage, Level, RuleMeta};

use super::crap::two;
use super::{Context, subject};
use crate::registry::{Rule, RuleOption};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "uncovered-complex-function",
    summary: "Complex function with little test coverage",
    default_level: Level::Warning,
    default_threshold: Some(5.0),
    explanation: "\
## What it measures

Functions whose cyclomatic complexity is above the threshold and whose line coverage is below
`min-coverage` percent (default 50). Runs only with `plumb check --coverage REPORT`, and only
on functions with instrumented lines. A function's coverage is that of the lines of its body;
one the report records as never called has 0% (see `crap`).

## Why it matters

A simple function with no test is a small risk; a function with many paths and few tests is
where a change breaks behaviour without any test noticing. Unlike `crap`, which blends the two
numbers into one score, this rule states both limits separately, which is easier to explain
in a team's coding standard.

## Example

```toml
[rules.uncovered-complex-function]
threshold = 5        # cyclomatic complexity above 5 ...
min-coverage = 50    # ... and less than 50% of its lines covered
```

A function of cyclomatic complexity 7 with 4 of its 12 instrumented lines run (33.33%) is
reported: `apply_discount` has a cyclomatic complexity of 7 and 33.33% line coverage
(< 50%).

## What to do

Write tests for the function's branches first; then consider simplifying it.

## Default

A warning for cyclomatic complexity above 5 with less than 50% line coverage.",
};

pub(crate) const RULE: Rule = Rule {
    options: &[RuleOption::percent(
        "min-coverage",
        Some(MIN_COVERAGE),
        "the line coverage, in percent, below which a complex function is reported",
    )],
    ..Rule::new(META)
};

/// The default of `min-coverage`, in percent.
pub(crate) const MIN_COVERAGE: f64 = 50.0;

pub(crate) fn finding(
    cx: &Context<'_>,
    coverage: &FunctionCoverage,
    level: Level,
    max: u32,
    min_coverage: f64,
) -> Option<Finding> {
    let function = cx.function;
    let percent = coverage.tally.percent()?;
    if function.cyclomatic <= max || percent >= min_coverage {
        return None;
    }
    let mut finding = cx.finding(
        META.id,
        level,
        format!(
            "{} has a cyclomatic complexity of {} and {}% line coverage (< {}%)",
            subject(function),
            function.cyclomatic,
            two(percent),
            two(min_coverage)
        ),
    );
    finding.label = Some(format!("{}% of its lines covered", two(percent)));
    finding.measure = Some(crate::measure(function.cyclomatic, max));
    finding.notes.push(format!(
        "{} of {} instrumented lines covered; cyclomatic complexity {} (> {max})",
        coverage.tally.covered, coverage.tally.lines, function.cyclomatic
    ));
    finding.help = Some(format!("write tests for the branches of `{}`", function.name));
    Some(finding)
}
