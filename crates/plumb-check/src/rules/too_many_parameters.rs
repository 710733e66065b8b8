//! `too-many-parameters`: functions that take too many arguments.

use plumb_report::{Finding, Level, RuleMeta};

use super::{Context, subject};
use crate::measure;
use crate::registry::{FunctionRule, Rule};

pub(crate) const META: RuleMeta = RuleMeta {
    id: "too-many-parameters",
    summary: "Function takes too many parameters",
    default_level: Level::Warning,
    default_threshold: Some(7.0),
    explanation: "\
## What it measures

The parameters a function declares, not counting `self`, `cls` or `this`. A variadic
parameter (`*args`, `...rest`) counts once; Go's `a, b int` counts two.

## Why it matters

Every call site must get many arguments right, in the right order; a function with many
parameters usually does several things, or passes data that belongs together.

## Example

```python
def render(template, context, locale, timezone, escape, strict, cache, debug):
    ...
```

takes 8 parameters: `render` has 8 parameters (> 7).

## What to do

Group parameters that travel together into a struct, class or options object, or split the
function.

## Default

Reported as a warning above 7 parameters (clippy's `too_many_arguments` uses the same limit).",
};

pub(crate) const RULE: Rule = Rule {
    function: Some(FunctionRule { measure: |function| function.params, finding, top_level: false }),
    ..Rule::new(META)
};

pub(crate) fn finding(cx: &Context<'_>, level: Level, max: u32) -> Finding {
    let function = cx.function;
    let value = function.params;
    let mut finding =
        cx.finding(META.id, level, format!("{} has {value} parameters (> {max})", subject(function)));
    finding.label = Some(format!("{value} parameters"));
    finding.measure = Some(measure(value, max));
    finding.help = Some("group parameters that travel together into a struct or options object".to_owned());
    finding
}
