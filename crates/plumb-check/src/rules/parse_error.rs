//! `parse-error`: files the parser had to recover from.

use plumb_metrics::Position;
use plumb_report::text::plural;
use plumb_report::{Finding, Level, RuleMeta, Span};

use crate::new_finding;
use crate::registry::Rule;

pub(crate) const META: RuleMeta = RuleMeta {
    id: "parse-error",
    summary: "File has syntax errors; its metrics come from the recovered parse",
    default_level: Level::Warning,
    default_threshold: None,
    explanation: "\
## What it measures

Whether the parser had to recover from syntax errors in the file. plumb still measures the
file from the recovered tree, so the numbers are approximate around the errors.

## Why it matters

A file that does not parse is often mid-edit, generated for another dialect, or uses syntax
newer than the grammar. Its metrics may be off.

## Example

```c
int f(int x) {
    if (x > 0 {        // missing `)`
        return 1;
    }
}
```

## What to do

Fix the syntax, or exclude the file if it is not meant to be valid source (test data).

## Default

Reported as a warning.",
};

pub(crate) const RULE: Rule = Rule::new(META);

pub(crate) fn finding(path: &str, source: &str, errors: u32, first: Position, level: Level) -> Finding {
    // Point at one character (or nothing at the end of the file).
    let end_byte = source
        .get(first.byte as usize..)
        .and_then(|rest| rest.chars().next())
        .map_or(first.byte, |c| if c == '\n' { first.byte } else { first.byte + c.len_utf8() as u32 });
    let end = plumb_metrics::Position {
        byte: end_byte,
        column: first.column + u32::from(end_byte > first.byte),
        utf16_column: first.utf16_column + u32::from(end_byte > first.byte),
        ..first
    };
    let at = Span { start: first, end };
    let mut finding = new_finding(
        META.id,
        level,
        path,
        at,
        format!(
            "{} (first at {}:{}); metrics come from the recovered parse",
            plural(errors, "syntax error", "syntax errors"),
            first.line,
            first.column
        ),
        None,
    );
    finding.label = Some("syntax error here".to_owned());
    finding.help = Some("fix the syntax, or exclude the file if it is not meant to parse".to_owned());
    finding
}
