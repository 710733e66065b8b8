//! The rules, one file each: its metadata (shown by `plumb rules`, `plumb explain`, SARIF and
//! `docs/rules/`), its options, and the function that turns a measurement into a finding.
//!
//! Each rule's module declares a `RULE` ([`Rule`](crate::registry::Rule)); the table below names
//! each module once, and [`RuleId`], [`RuleId::ALL`], [`RULES`] and the rules on each function's
//! measures are generated from it.

use plumb_report::RuleMeta;

use crate::registry::Rule;

/// Generates the rule modules, [`RuleId`], [`RuleId::ALL`], [`RULES`] and `DECLARED` (each
/// module's `RULE`, in [`RuleId`] order) from one line per rule.
macro_rules! rules {
    ($($(#[$doc:meta])* $variant:ident => $module:ident,)*) => {
        $(pub(crate) mod $module;)*

        /// A rule.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum RuleId {
            $($(#[$doc])* $variant,)*
        }

        impl RuleId {
            /// Every rule, in registry order.
            pub const ALL: [RuleId; [$(stringify!($variant)),*].len()] = [$(RuleId::$variant),*];
        }

        /// Each rule's declaration, in [`RuleId`] order.
        pub(crate) static DECLARED: [Rule; RuleId::ALL.len()] = [$($module::RULE),*];

        /// Every rule's metadata, in [`RuleId`] order.
        pub static RULES: &[RuleMeta] = &[$($module::RULE.meta),*];
    };
}

// The rule table, in the order `plumb rules` lists the rules. Adding a rule: its module (a
// `RULE`), and one line here.
rules! {
    /// `cyclomatic-complexity`.
    CyclomaticComplexity => cyclomatic_complexity,
    /// `cognitive-complexity`.
    CognitiveComplexity => cognitive_complexity,
    /// `function-length`.
    FunctionLength => function_length,
    /// `too-many-parameters`.
    TooManyParameters => too_many_parameters,
    /// `nesting-depth`.
    NestingDepth => nesting_depth,
    /// `file-length`.
    FileLength => file_length,
    /// `parse-error`.
    ParseError => parse_error,
    /// `unused-suppression`.
    UnusedSuppression => unused_suppression,
    /// `coverage`.
    Coverage => coverage,
    /// `changed-coverage`.
    ChangedCoverage => changed_coverage,
    /// `crap`.
    Crap => crap,
    /// `uncovered-complex-function`.
    UncoveredComplexFunction => uncovered_complex_function,
    /// `defect-density`.
    DefectDensity => defect_density,
}

use plumb_metrics::{FileMetrics, FunctionMetrics};
use plumb_report::{Finding, Level};

use crate::new_finding;

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
            function.signature,
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
