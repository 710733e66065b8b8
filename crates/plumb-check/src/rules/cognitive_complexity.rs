//! `cognitive-complexity`: functions that are hard to follow.

use std::fmt::Write as _;

use plumb_metrics::{DecisionKind, Increment, NestedFunctions};
use plumb_report::text::plural;
use plumb_report::{Finding, Level, RuleMeta};

use super::{Context, subject, token};
use crate::{label, measure};
use crate::registry::{FunctionRule, Rule, RuleOption};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "cognitive-complexity",
    summary: "Function is hard to understand (SonarSource cognitive complexity)",
    default_level: Level::Warning,
    default_threshold: Some(15.0),
    explanation: "\
## What it measures

The cognitive complexity of a function, as specified by SonarSource (2017): +1 for each
break in the linear flow (`if`, `else if`, `else`, conditional expressions, `switch`/`match`,
loops, `catch`, labelled jumps, recursion, and each sequence of like boolean operators), plus
the current nesting depth for the structures that nest (`if`, conditionals, `switch`, loops,
`catch`). Nested functions, closures, lambdas and the methods of local classes are measured on
their own and add nothing to the function around them.

The finding names the largest increments; its note lists them all, with their nesting, and
`--verbose` labels each in the source.

## Why it matters

Unlike cyclomatic complexity, it weighs nesting: three nested `if`s are much harder to read
than three `if`s in a row, and a `switch` of ten cases is easy to read.

## Example

```rust
fn first_even(rows: &[Vec<i32>]) -> Option<i32> {
    for row in rows {              // +1
        for &x in row {            // +2 (nesting 1)
            if x % 2 == 0 {        // +3 (nesting 2)
                return Some(x);
            }
        }
    }
    None                           // cognitive complexity 6
}
```

## What to do

Flatten: return or `continue` early instead of nesting, extract the inner loops into
functions, and name complicated conditions.

## Options

`nested-functions = \"include\"` counts the increments of nested functions, closures and
lambdas in the enclosing function too, at its nesting + 1: the reading of the 2017 white paper,
which SonarJava and SonarC# follow. The default, `\"exclude\"`, measures them on their own, as
SonarJS does since 2024 (SonarJS#3500). With it, a one-line `module.exports = cls => class ...`
mixin scores what its arrow does (0), not the sum of every method of the class.

## Default

Reported as a warning above 15 (SonarQube's default). Set the limit with `--max-cognitive`.",
};

pub(crate) const RULE: Rule = Rule {
    function: Some(FunctionRule { measure: |function| function.cognitive, finding, top_level: true }),
    options: &[RuleOption::counting(
        "nested-functions",
        &["\"exclude\"", "\"include\""],
        "\"include\" also counts nested functions in the function around them",
        |counting| usize::from(counting.nested_functions == NestedFunctions::Include),
        |counting, value| {
            counting.nested_functions = if value == 1 { NestedFunctions::Include } else { NestedFunctions::Exclude };
        },
    )],
    ..Rule::new(META)
};

/// Increments named in the message, largest first.
const NAMED_INCREMENTS: usize = 3;

/// Increments listed in the note; the rest are counted.
const LISTED_INCREMENTS: usize = 20;

pub(crate) fn finding(cx: &Context<'_>, level: Level, max: u32) -> Finding {
    let function = cx.function;
    let value = function.cognitive;
    let mut message = format!("{} has a cognitive complexity of {value} (> {max})", subject(function));
    let mut largest: Vec<&Increment> = function.increments.iter().collect();
    // Largest first; in source order among equals.
    largest.sort_by_key(|increment| std::cmp::Reverse(increment.adds));
    for (i, increment) in largest.iter().take(NAMED_INCREMENTS).enumerate() {
        let _ = write!(
            message,
            "{}`{}` at {}:{} (+{})",
            if i == 0 { "; the largest increments: " } else { ", " },
            construct(cx, increment),
            increment.span.start.line,
            increment.span.start.column,
            increment.adds
        );
    }
    let mut finding = cx.finding(META.id, level, message);
    finding.label = Some(format!("cognitive complexity {value}"));
    finding.measure = Some(measure(value, max));
    finding.notes.push(listing(cx, value));
    if let Some(note) = nested_note(cx) {
        finding.notes.push(note);
    }
    finding.labels =
        function.increments.iter().map(|increment| label(increment.span, describe(increment))).collect();
    finding.help =
        Some("return early instead of nesting, and extract nested blocks into named functions".to_owned());
    finding
}

/// What an increment adds: `+1 else`, `+3 if (nesting 2)`.
fn describe(increment: &Increment) -> String {
    let mut text = format!("+{} {}", increment.adds, increment.kind.as_str());
    if pays_nesting(increment) {
        let _ = write!(text, " (nesting {})", increment.nesting);
    }
    text
}

/// The note that lists the increments: `7 = 3 increments: `for` 3:5 +1, ...`.
fn listing(cx: &Context<'_>, value: u32) -> String {
    let increments = &cx.function.increments;
    let mut note = format!("{value} = {}:", plural(increments.len(), "increment", "increments"));
    for (i, increment) in increments.iter().enumerate() {
        if i == LISTED_INCREMENTS {
            let _ = write!(note, " and {} more", increments.len() - LISTED_INCREMENTS);
            break;
        }
        let at = increment.span.start;
        let _ = write!(
            note,
            "{}`{}` {}:{} +{}",
            if i == 0 { " " } else { ", " },
            construct(cx, increment),
            at.line,
            at.column,
            increment.adds
        );
        if pays_nesting(increment) {
            let _ = write!(note, " (nesting {})", increment.nesting);
        }
    }
    note
}

/// Whether an increment paid for its nesting (a nested function's stands for many).
fn pays_nesting(increment: &Increment) -> bool {
    increment.kind != DecisionKind::NestedFunction && increment.nesting > 0 && increment.adds > 1
}

/// With nested functions included, how much of the number is theirs.
fn nested_note(cx: &Context<'_>) -> Option<String> {
    let increments = cx.function.increments.iter();
    let nested: u32 = increments.filter(|i| i.kind == DecisionKind::NestedFunction).map(|i| i.adds).sum();
    (nested > 0).then(|| format!("{nested} of it from nested functions (`nested-functions = \"include\"`)"))
}

/// How an increment is named: its keyword or operator (`if`, `&&`), a nested function by its
/// name.
fn construct<'a>(cx: &Context<'a>, increment: &Increment) -> &'a str {
    if increment.kind == DecisionKind::NestedFunction {
        let nested = cx.file.functions.iter().find(|f| f.signature.start == increment.span.start);
        if let Some(nested) = nested {
            return &nested.name;
        }
    }
    token(cx.source, increment.span)
}
