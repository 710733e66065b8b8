//! The rules, one file each: its metadata (shown by `plumb rules`, `plumb explain`, SARIF and
//! `docs/rules/`) and the function that turns a measurement into a finding.

pub(crate) mod changed_coverage;
pub(crate) mod cognitive_complexity;
pub(crate) mod coverage;
pub(crate) mod crap;
pub(crate) mod cyclomatic_complexity;
pub(crate) mod defect_density;
pub(crate) mod file_length;
pub(crate) mod function_length;
pub(crate) mod nesting_depth;
pub(crate) mod parse_error;
pub(crate) mod too_many_parameters;
pub(crate) mod uncovered_complex_function;
pub(crate) mod unused_suppression;

use plumb_metrics::{FileMetrics, FunctionMetrics};
use plumb_report::{Finding, Level};

use crate::{new_finding, span};

/// What a function rule needs to build its finding.
pub(crate) struct Context<'a> {
    pub(crate) path: &'a str,
    pub(crate) source: &'a str,
    pub(crate) function: &'a FunctionMetrics,
    /// The file's metrics (its other functions).
    pub(crate) file: &'a FileMetrics,
    /// Earlier functions in the file with the same qualified name (for the fingerprint).
    pub(crate) occurrence: usize,
}

impl Context<'_> {
    /// A finding on the function's signature.
    pub(crate) fn finding(&self, rule: &'static str, level: Level, message: String) -> Finding {
        let function = self.function;
        new_finding(
            rule,
            level,
            self.path,
            span(function.signature),
            message,
            Some((&function.qualified_name, self.occurrence)),
        )
    }
}

/// How a function is named in messages: `` `parse` ``, or "top-level code".
pub(crate) fn subject(function: &FunctionMetrics) -> String {
    if is_module(function) { "top-level code".to_owned() } else { format!("`{}`", function.name) }
}

/// Whether this is the `<module>` pseudo-function (a script's top-level code).
pub(crate) fn is_module(function: &FunctionMetrics) -> bool {
    function.name == "<module>"
}

/// The first line of a span's text, at most 16 characters (a keyword or operator).
pub(crate) fn token(source: &str, span: plumb_metrics::Span) -> &str {
    let text = source.get(span.start.byte as usize..span.end.byte as usize).unwrap_or("");
    let text = text.lines().next().unwrap_or("");
    match text.char_indices().nth(16) {
        Some((cut, _)) => &text[..cut],
        None => text,
    }
}
