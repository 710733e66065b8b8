//! `cognitive-complexity`: functions that are hard to follow.

use plumb_report::{Finding, Level, RuleMeta};

use super::{Context, subject};
use crate::measure;

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
`catch`). Closures and nested functions deepen the nesting of what they contain.

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

## Default

Reported as a warning above 15 (SonarQube's default). Set the limit with `--max-cognitive`.",
};

pub(crate) fn finding(cx: &Context<'_>, level: Level, max: u32) -> Finding {
    let function = cx.function;
    let value = function.cognitive;
    let mut finding = cx.finding(
        META.id,
        level,
        format!("{} has a cognitive complexity of {value} (> {max})", subject(function)),
    );
    finding.label = Some(format!("cognitive complexity {value}"));
    finding.measure = Some(measure(value, max));
    finding.notes.push(format!(
        "its deepest nesting is {}; each nested `if`, loop, `switch` or `catch` costs 1 more per level",
        function.max_nesting
    ));
    finding.help =
        Some("return early instead of nesting, and extract nested blocks into named functions".to_owned());
    finding
}
