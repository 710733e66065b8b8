//! Builders for the renderers' tests.

use std::io::{self, Write};

use crate::{FileReport, Finding, FunctionReport, Level, Position, Report, Span};

/// A position whose UTF-16 column is one more than its Unicode column, so that a test sees
/// which of the two a format writes.
pub(crate) fn pos(line: u32, column: u32) -> Position {
    Position { byte: 0, line, column, utf16_column: column + 1 }
}

/// A finding three characters long at `line:column`, without label, notes, help or measure.
pub(crate) fn finding(
    rule: &'static str,
    level: Level,
    path: &str,
    line: u32,
    column: u32,
    message: &str,
) -> Finding {
    Finding {
        rule,
        level,
        path: path.into(),
        span: Span { start: pos(line, column), end: pos(line, column + 3) },
        message: message.into(),
        label: None,
        function: None,
        measure: None,
        labels: vec![],
        notes: vec![],
        help: None,
        fingerprint: String::new(),
    }
}

/// A Rust file of one line with these functions.
pub(crate) fn file(path: &str, functions: Vec<FunctionReport>) -> FileReport {
    FileReport {
        path: path.into(),
        language: "rust",
        lines: 1,
        code: 1,
        comments: 0,
        blanks: 0,
        syntax_errors: 0,
        counting: crate::CountingReport::default(),
        functions,
        coverage: None,
        history: None,
    }
}

/// A function of `code` lines from `line`.
pub(crate) fn function(name: &str, line: u32, cyclomatic: u32, cognitive: u32, code: u32) -> FunctionReport {
    FunctionReport {
        name: name.into(),
        qualified_name: name.into(),
        start_line: line,
        start_column: 1,
        end_line: line + code,
        cyclomatic,
        cognitive,
        lines: code,
        code,
        params: 0,
        max_nesting: 0,
        returns: 0,
        early_exits: 0,
        decision_points: vec![],
        increments: Some(vec![]),
        coverage: None,
    }
}

/// What a renderer writes for a report.
pub(crate) fn output(render: fn(&Report, &mut dyn Write) -> io::Result<()>, report: &Report) -> String {
    let mut out = Vec::new();
    render(report, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}
