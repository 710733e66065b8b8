//! `cyclomatic-complexity`: functions with too many independent paths.

use std::fmt::Write as _;

use plumb_metrics::CyclomaticVariant;
use plumb_report::{Finding, Level, RuleMeta};

use super::{Context, subject, token};
use crate::{label, measure};
use crate::registry::{FunctionRule, Rule, RuleOption};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "cyclomatic-complexity",
    summary: "Function has too many independent paths (McCabe cyclomatic complexity)",
    default_level: Level::Error,
    default_threshold: Some(10.0),
    explanation: "\
## What it measures

The cyclomatic complexity of a function: 1 plus one for each decision point in its body.
Decision points are `if` and `else if`, conditional expressions, loops with a condition,
case labels and match arms other than the catch-all, match guards, `catch`/`except` clauses,
comprehension clauses, and each short-circuit operator (`&&`, `||`, `and`, `or`, `??`).
Nested functions and closures are measured on their own and add nothing to their parent.

## Why it matters

It is the number of independent paths through the function: the number of test cases needed
to cover every branch, and a good predictor of how hard the function is to change safely.

## Example

```python
def shipping(order):              # 1
    if order.express:             # +1
        return 20
    elif order.total > 100 and order.domestic:   # +1 elif, +1 and
        return 0
    for item in order.items:      # +1
        if item.fragile:          # +1
            return 15
    return 5                      # cyclomatic complexity 6
```

## What to do

Split the function: move each independent decision into a well-named helper, replace chains
of `if`/`elif` on one value with a lookup table or polymorphism, and return early.

## Options

Two conventions of other tools, for comparing with them (the JSON report records which one
measured each file):

- `variant = \"modified\"`: a `switch`, `match`, `when` or `select` adds 1 as a whole, however
  many cases it has (guards still add 1 each): lizard's `-m`, pmccabe's modified column,
  ESLint's `variant: \"modified\"`, Checkstyle's `switchBlockAsSingleDecisionPoint`. This
  `size` is 4 by default and 2 in the modified variant:

```python
def size(unit, n):
    match unit:
        case \"k\":
            return n * 1000
        case \"M\":
            return n * 1000000
        case \"G\":
            return n * 1000000000
    return n
```

- `count-boolean-operators = false`: `&&`, `||`, `and`, `or`, `??` and the logical assignments
  add nothing (decision statements only), as PMD's `ignoreBooleanPaths`: `shipping` above is 5.

## Default

Reported as an error above 10 (McCabe's own limit). Set the limit with `--max-cyclomatic`.",
};

pub(crate) const RULE: Rule = Rule {
    function: Some(FunctionRule { measure: |function| function.cyclomatic, finding, top_level: true }),
    options: &[
        RuleOption::counting(
            "variant",
            &["\"classic\"", "\"modified\""],
            "\"modified\" counts a switch, match, when or select 1 however many cases",
            |counting| usize::from(counting.variant == CyclomaticVariant::Modified),
            |counting, value| {
                counting.variant = if value == 1 { CyclomaticVariant::Modified } else { CyclomaticVariant::Classic };
            },
        ),
        RuleOption::counting(
            "count-boolean-operators",
            &["true", "false"],
            "whether &&, ||, and, or, ?? and &&=, ||=, ??= are decision points",
            |counting| usize::from(!counting.count_boolean_operators),
            |counting, value| counting.count_boolean_operators = value == 0,
        ),
    ],
    ..Rule::new(META)
};

/// Decision points listed in the note; the rest are counted.
const LISTED_DECISIONS: usize = 20;

pub(crate) fn finding(cx: &Context<'_>, level: Level, max: u32) -> Finding {
    let function = cx.function;
    let value = function.cyclomatic;
    let mut finding = cx.finding(
        META.id,
        level,
        format!("{} has a cyclomatic complexity of {value} (> {max})", subject(function)),
    );
    finding.label = Some(format!("cyclomatic complexity {value}"));
    finding.measure = Some(measure(value, max));
    let mut note = format!("{value} = 1 + {} decision points:", function.decision_points.len());
    for (i, point) in function.decision_points.iter().enumerate() {
        if i == LISTED_DECISIONS {
            let _ = write!(note, " and {} more", function.decision_points.len() - LISTED_DECISIONS);
            break;
        }
        let separator = if i == 0 { " " } else { ", " };
        let _ = write!(
            note,
            "{separator}`{}` {}:{}",
            token(cx.source, point.span),
            point.span.start.line,
            point.span.start.column
        );
    }
    finding.notes.push(note);
    finding.labels = function
        .decision_points
        .iter()
        .map(|point| label(point.span, format!("+1 {}", point.kind.as_str())))
        .collect();
    finding.help = Some(format!(
        "split {} into smaller functions, or replace branches on one value with a lookup table",
        subject(function)
    ));
    finding
}
