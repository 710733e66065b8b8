//! `parse-error`: files the parser had to recover from.

use plumb_metrics::{FileMetrics, Position};
use plumb_report::text::plural;
use plumb_report::{Finding, Level, RuleMeta, Span};

use crate::new_finding;
use crate::registry::Rule;

pub(crate) const META: RuleMeta = RuleMeta {
    id: "parse-error",
    summary: "The parser could not read part of the file, and that changed what is measured",
    default_level: Level::Warning,
    default_threshold: None,
    explanation: "\
## What it measures

Whether the parser's recovery from syntax errors changed what plumb measures. plumb measures
every file from the tree the parser recovered, and counts the syntax errors in the file's JSON
entry (`syntax_errors`); this rule reports the errors that change the numbers.

In C, C++ and Rust, plumb also finds where each declaration ends from the tokens alone
(braces matched; comments, strings and preprocessor lines skipped). A function never runs on
past the brace that closes its body: where the tree does, that part of the file is parsed
again on its own. A body whose declaration the grammar cannot read (`SYSCALL_DEFINE1(acct,
...) { ... }`, a return type written with a macro) is measured as a function named from its
tokens. An error inside a function is then local and not reported; what is reported is a
function the parser could not read at all, with where it starts. In the other languages every
syntax error is reported.

## Why it matters

The numbers of a function the parser could not read are missing or wrong. Valid code can do
this: a macro the grammar cannot read, or syntax newer than the grammar.

## Example

```c
static u64 run(u64 *regs)
{
    ALU(ADD, +)     // a macro whose argument is an operator:
    ALU(SUB, -)     // the body cannot be read as a block
    return 0;
}

int sign(int x)
{
    if (x > 0 {     // a missing `)`: a local error, counted but not reported
        return 1;
    }
    return 0;
}
```

`run` is reported; `sign` is measured (cyclomatic complexity 2).

## What to do

If the code is valid, the grammar does not know this syntax or macro: exclude the file, or
suppress the finding. If the file is not meant to parse (test data), exclude it.

## Default

Reported as a warning.",
};

pub(crate) const RULE: Rule = Rule::new(META);

pub(crate) fn finding(path: &str, source: &str, metrics: &FileMetrics, first: Position, level: Level) -> Finding {
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
    let errors = metrics.syntax_errors;
    let (message, label) = if metrics.language.spec().bounds.is_some() {
        (
            format!(
                "the parser could not read {} (first at {}:{}); {} in the file",
                plural(metrics.structural_errors, "function", "functions"),
                first.line,
                first.column,
                plural(errors, "syntax error", "syntax errors")
            ),
            "not read as a function",
        )
    } else {
        (
            format!(
                "{} (first at {}:{}); metrics come from the recovered parse",
                plural(errors, "syntax error", "syntax errors"),
                first.line,
                first.column
            ),
            "the parser could not read this",
        )
    };
    let mut finding = new_finding(META.id, level, path, at, message, None);
    finding.label = Some(label.to_owned());
    finding.help = Some(
        "if the code is valid, the grammar does not know this syntax or macro: suppress this finding or \
         exclude the file"
            .to_owned(),
    );
    finding
}
