//! `crap`: functions that are both complex and poorly tested (the CRAP score).

use plumb_report::{Finding, FunctionCoverage, Level, Measure, RuleMeta};

use super::{Context, subject};
use crate::registry::Rule;

pub(crate) const META: RuleMeta = RuleMeta {
    id: "crap",
    summary: "Function is complex and poorly covered by tests (CRAP score)",
    default_level: Level::Warning,
    default_threshold: Some(30.0),
    explanation: "\
## What it measures

The CRAP score (Change Risk Anti-Patterns, Savoia and Evans) of a function, from its
cyclomatic complexity CC and the fraction cov of its instrumented lines that the tests ran:

    CRAP = CC^2 * (1 - cov)^3 + CC

A fully tested function scores its complexity; an untested one scores CC^2 + CC. The rule runs
only with `plumb check --coverage REPORT`, and only on functions with instrumented lines.

A function's lines are those of its body, from the line the body starts on: a declaration that
runs when the code is loaded (Python's `def`) says nothing of the function's tests. Where the
report records functions and their calls (LCOV `FN`/`FNDA`, JaCoCo and Cobertura methods,
llvm-cov and Istanbul functions), a function it records as never called has cov = 0, whatever
its lines say.

## Why it matters

Complex code is where defects hide, and untested complex code is where changes break things
unnoticed. The score rises steeply with complexity and with missing tests: a function can
lower it either way.

## Example

A function of cyclomatic complexity 8 with 3 of its 10 instrumented lines run (cov = 0.3):
8^2 * 0.7^3 + 8 = 64 * 0.343 + 8 = 29.95, just under the limit. At 2 of 10 lines
(cov = 0.2): 64 * 0.512 + 8 = 40.77, reported: `parse` has a CRAP score of 40.77 (> 30).

## What to do

Write tests that exercise the function's branches, or split it into simpler functions; a
function of complexity 5 or less never exceeds 30.

## Default

Reported as a warning above 30, the limit its authors proposed.",
};

pub(crate) const RULE: Rule = Rule::new(META);

/// `CC^2 * (1 - cov)^3 + CC`, with cov the covered fraction of instrumented lines.
#[allow(clippy::cast_precision_loss)]
pub(crate) fn score(cyclomatic: u32, covered: u64, lines: u64) -> Option<f64> {
    if lines == 0 {
        return None;
    }
    let cc = f64::from(cyclomatic);
    let uncovered = 1.0 - covered as f64 / lines as f64;
    Some(cc * cc * uncovered.powi(3) + cc)
}

pub(crate) fn finding(
    cx: &Context<'_>,
    coverage: &FunctionCoverage,
    level: Level,
    max: f64,
) -> Option<Finding> {
    let score = coverage.crap.filter(|score| *score > max)?;
    let function = cx.function;
    let percent = coverage.tally.percent().unwrap_or(0.0);
    let mut finding = cx.finding(
        META.id,
        level,
        format!("{} has a CRAP score of {} (> {})", subject(function), two(score), two(max)),
    );
    finding.label = Some(format!("CRAP {}", two(score)));
    finding.measure = Some(Measure { value: plumb_report::round2(score), threshold: max });
    finding.notes.push(format!(
        "{} = {cc}^2 * (1 - {:.2})^3 + {cc}: cyclomatic complexity {cc}, {} of {} instrumented lines covered ({}%)",
        two(score),
        percent / 100.0,
        coverage.tally.covered,
        coverage.tally.lines,
        two(percent),
        cc = function.cyclomatic,
    ));
    finding.help =
        Some(format!("test the branches of `{}`, or split it into simpler functions", function.name));
    Some(finding)
}

/// A number with at most two decimals, without trailing zeros (`40.77`, `30`).
pub(crate) fn two(value: f64) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    text.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_follow_the_formula() {
        assert_eq!(score(8, 3, 10).map(two).as_deref(), Some("29.95"));
        assert_eq!(score(8, 2, 10).map(two).as_deref(), Some("40.77"));
        // Fully covered: the complexity itself; untested: CC^2 + CC.
        assert_eq!(score(12, 10, 10), Some(12.0));
        assert_eq!(score(12, 0, 10), Some(156.0));
        assert_eq!(score(12, 0, 0), None);
    }
}
