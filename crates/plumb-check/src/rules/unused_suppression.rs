//! `unused-suppression`: `plumb: allow(...)` comments that suppress nothing.

use plumb_report::{Level, RuleMeta};
use crate::registry::Rule;

pub(crate) const META: RuleMeta = RuleMeta {
    id: "unused-suppression",
    summary: "Suppression comment suppresses nothing",
    default_level: Level::Warning,
    default_threshold: None,
    explanation: "\
## What it measures

Suppression comments that did not suppress any finding: the function they stand on is no
longer over the threshold, the rule is misspelled, or the comment is not on a function's line
or the line above it.

## Why it matters

A stale suppression hides the next regression in the same function, and a misspelled one
never worked.

## Example

```python
# plumb: allow(cyclomatic-complexity) the parser is one big dispatch
def parse(token):
    return token.strip()
```

`parse` has a cyclomatic complexity of 1, so the comment suppresses nothing.

## What to do

Delete the comment, or correct the rule name.

## Default

Reported as a warning.",
};

pub(crate) const RULE: Rule = Rule::new(META);
