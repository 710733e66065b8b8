//! `function-length`: functions with too many lines of code.

use plumb_report::{Finding, Level, RuleMeta};

use super::{Context, subject};
use crate::measure;
use crate::registry::{FunctionRule, Rule};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "function-length",
    summary: "Function has too many lines of code",
    default_level: Level::Warning,
    default_threshold: Some(100.0),
    explanation: "\
## What it measures

The lines of code of a function: from its declaration to the end of its body, the lines that
hold code, not counting blank lines and lines holding only comments or docstrings.

## Why it matters

A long function does many things. It is harder to name, to test and to change than the
functions it could be split into, and the lines between a variable's definition and its uses
grow with it.

## Example

A function of 130 lines of code, with 40 more lines of comments and blank lines, is reported:
`parse_config` has 130 lines of code (> 100).

## What to do

Extract the steps of the function into functions with descriptive names, and keep the
original as a short sequence of calls.

## Default

Reported as a warning above 100 lines of code (clippy's `too_many_lines` uses the same
limit).",
};

pub(crate) const RULE: Rule = Rule {
    function: Some(FunctionRule { measure: |function| function.code, finding, top_level: false }),
    ..Rule::new(META)
};

pub(crate) fn finding(cx: &Context<'_>, level: Level, max: u32) -> Finding {
    let function = cx.function;
    let value = function.code;
    let mut finding =
        cx.finding(META.id, level, format!("{} has {value} lines of code (> {max})", subject(function)));
    finding.label = Some(format!("{value} lines of code"));
    finding.measure = Some(measure(value, max));
    finding.notes.push(format!(
        "it spans lines {}-{} ({} lines, of which {value} hold code)",
        function.span.start.line, function.span.end.line, function.lines
    ));
    finding.help = Some("extract its steps into functions with descriptive names".to_owned());
    finding
}
