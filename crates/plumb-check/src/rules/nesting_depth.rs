//! `nesting-depth`: functions whose control flow nests too deeply.

use plumb_report::{Finding, Level, RuleMeta};

use super::{Context, subject};
use crate::measure;
use crate::registry::{FunctionRule, Rule};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "nesting-depth",
    summary: "Function nests control flow too deeply",
    default_level: Level::Warning,
    default_threshold: Some(4.0),
    explanation: "\
## What it measures

The deepest nesting of `if`, loops, `switch`/`match`, `catch` and conditional expressions in a
function's own body: a loop inside an `if` is depth 2. An `else if` chain does not deepen.

## Why it matters

Each level of nesting is a condition the reader must keep in mind to understand the lines
inside it.

## Example

```javascript
function sync(items) {
  for (const item of items) {          // 1
    if (item.dirty) {                  // 2
      for (const part of item.parts) { // 3
        if (part.remote) {             // 4
          if (part.stale) {            // 5
            refresh(part);
          }
        }
      }
    }
  }
}
```

nests 5 deep: `sync` nests control flow 5 deep (> 4).

## What to do

Return or `continue` early instead of wrapping the rest of a block in a condition, and
extract inner loops into functions.

## Default

Reported as a warning above a depth of 4.",
};

pub(crate) const RULE: Rule = Rule {
    function: Some(FunctionRule { measure: |function| function.max_nesting, finding, top_level: true }),
    ..Rule::new(META)
};

pub(crate) fn finding(cx: &Context<'_>, level: Level, max: u32) -> Finding {
    let function = cx.function;
    let value = function.max_nesting;
    let mut finding = cx.finding(
        META.id,
        level,
        format!("{} nests control flow {value} deep (> {max})", subject(function)),
    );
    finding.label = Some(format!("nesting depth {value}"));
    finding.measure = Some(measure(value, max));
    finding.help = Some("return or continue early, and extract inner loops into functions".to_owned());
    finding
}
