//! plumb's rules: metrics in, findings out.
//!
//! An internal component of plumb, not published: its API follows plumb's needs. What plumb
//! keeps stable is its command line, exit codes and documented output formats (`docs/json.md`).
//!
//! ```
//! use plumb_check::{RuleId, Settings, check};
//! use plumb_lang::Language;
//! use plumb_metrics::Analyzer;
//!
//! let source = "def f(a, b):\n    return a and b\n";
//! let metrics = Analyzer::new().analyze(source.as_bytes(), Language::Python);
//! let checked = check("f.py", source, &metrics, &Settings::default());
//! assert!(checked.findings.is_empty());
//! assert_eq!(checked.file.functions[0].cyclomatic, 2);
//!
//! let mut strict = Settings::default();
//! strict.set_threshold(RuleId::CyclomaticComplexity, 1.0);
//! let checked = check("f.py", source, &metrics, &strict);
//! assert_eq!(checked.findings[0].rule, "cyclomatic-complexity");
//! ```
//!
//! Everything here is a pure function of its inputs: no I/O, no configuration files, no
//! terminal. A file's findings depend only on that file and the settings.

pub mod baseline;
pub mod coverage;
mod registry;
mod rules;
mod suppress;

pub use registry::{OptionInput, OptionSetting, OptionValue, Parameter, RuleOption, RuleSetting, Settings};
pub use rules::defect_density::{FolderDensity, folder_findings};
pub use rules::{RULES, RuleId};
pub use suppress::{Suppression, parse_suppression};

use std::collections::HashMap;

use plumb_coverage::FileCoverage;
use plumb_metrics::{Counting, FileMetrics, FunctionMetrics};
use plumb_report::{
    CountingReport, DecisionReport, FileReport, Finding, FunctionCoverage, FunctionReport, IncrementReport,
    Label, Level, Measure, Metric, Position, Span, fingerprint,
};

/// One file checked: its metrics as report data, and its findings.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The file's metrics.
    pub file: FileReport,
    /// Its findings, by position then rule.
    pub findings: Vec<Finding>,
}

/// Checks one file. `path` is how the file is shown, and what its findings' fingerprints are
/// computed over; `source` is the text that was measured.
pub fn check(path: &str, source: &str, metrics: &FileMetrics, settings: &Settings) -> Checked {
    check_keyed(path, path, source, metrics, settings, None)
}

/// Checks one file that a coverage report covers: [`check`], plus the coverage of the file and
/// of each function, and the coverage rules (`crap`, `uncovered-complex-function`, and
/// `coverage` for the file when it has a `file-threshold`).
pub fn check_covered(
    path: &str,
    source: &str,
    metrics: &FileMetrics,
    settings: &Settings,
    coverage: &FileCoverage,
) -> Checked {
    check_keyed(path, path, source, metrics, settings, Some(coverage))
}

/// [`check`] (or [`check_covered`], with `coverage`) of a file shown as `path` whose findings'
/// fingerprints are computed over `key` instead: its path relative to the repository root, so
/// that a finding keeps its identity (in baselines, SARIF and GitLab reports) whatever
/// directory plumb runs from.
pub fn check_keyed(
    path: &str,
    key: &str,
    source: &str,
    metrics: &FileMetrics,
    settings: &Settings,
    coverage: Option<&FileCoverage>,
) -> Checked {
    // Each finding with the function it is about (None for file findings).
    let mut found: Vec<(Option<usize>, Finding)> = Vec::new();
    let mut file = file_report(path, metrics);
    if let Some(coverage) = coverage {
        coverage::join(&mut file, metrics, source, coverage);
        if let (Some(level), Some(min), Some(tally)) =
            (settings.level(RuleId::Coverage), settings.rule(RuleId::Coverage).parameter, &file.coverage)
        {
            found.extend(rules::coverage::file_finding(path, tally, level, min).map(|f| (None, f)));
        }
    }
    if let (Some(level), Some(first)) = (settings.level(RuleId::ParseError), metrics.first_structural_error) {
        found.push((None, rules::parse_error::finding(path, source, metrics, first, level)));
    }
    if let Some((level, max)) = settings.limit(RuleId::FileLength)
        && metrics.code > max
    {
        found.push((None, rules::file_length::finding(path, metrics, level, max)));
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut occurrences = Vec::with_capacity(metrics.functions.len());
    for (index, function) in metrics.functions.iter().enumerate() {
        let occurrence = seen.entry(function.qualified_name.as_str()).or_default();
        let cx = rules::Context { path, source, function, file: metrics, occurrence: *occurrence };
        occurrences.push(*occurrence);
        *occurrence += 1;
        for finding in function_findings(&cx, settings) {
            found.push((Some(index), finding));
        }
        if let Some(covered) = &file.functions[index].coverage {
            for finding in coverage_findings(&cx, covered, settings) {
                found.push((Some(index), finding));
            }
        }
    }
    rekey(&mut found, key, metrics, &occurrences);
    let mut findings = suppress::apply((path, key), source, metrics, settings, found);
    findings.sort_by(|a, b| (a.span.start, a.rule).cmp(&(b.span.start, b.rule)));
    Checked { file, findings }
}

/// Computes the fingerprints of `found` over `key`, which may differ from the path they were
/// made with: `occurrences` are each function's earlier namesakes, as [`new_finding`] counts them.
fn rekey(found: &mut [(Option<usize>, Finding)], key: &str, metrics: &FileMetrics, occurrences: &[usize]) {
    for (index, finding) in found {
        let (name, occurrence) =
            index.map_or(("", 0), |i| (metrics.functions[i].qualified_name.as_str(), occurrences[i]));
        finding.fingerprint = fingerprint(finding.rule, key, name, occurrence);
    }
}

/// The coverage rules of a function with instrumented lines.
fn coverage_findings(
    cx: &rules::Context<'_>,
    coverage: &FunctionCoverage,
    settings: &Settings,
) -> Vec<Finding> {
    if rules::is_module(cx.function) {
        return Vec::new();
    }
    let mut findings = Vec::new();
    if let Some(level) = settings.level(RuleId::Crap) {
        let max = settings.rule(RuleId::Crap).threshold.unwrap_or(f64::INFINITY);
        findings.extend(rules::crap::finding(cx, coverage, level, max));
    }
    if let Some((level, max)) = settings.limit(RuleId::UncoveredComplexFunction) {
        let min = settings.rule(RuleId::UncoveredComplexFunction).parameter.unwrap_or(0.0);
        findings.extend(rules::uncovered_complex_function::finding(cx, coverage, level, max, min));
    }
    findings
}

/// The rules on a function's measures, over their thresholds.
fn function_findings(cx: &rules::Context<'_>, settings: &Settings) -> Vec<Finding> {
    let module = rules::is_module(cx.function);
    let mut findings = Vec::new();
    for rule in RuleId::ALL {
        let Some(check) = rule.declared().function else { continue };
        if module && !check.top_level {
            continue;
        }
        if let Some((level, max)) = settings.limit(rule)
            && (check.measure)(cx.function) > max
        {
            findings.push((check.finding)(cx, level, max));
        }
    }
    findings
}

fn file_report(path: &str, metrics: &FileMetrics) -> FileReport {
    FileReport {
        path: path.to_owned(),
        language: metrics.language.id(),
        lines: metrics.lines,
        code: metrics.code,
        comments: metrics.comments,
        blanks: metrics.blanks,
        syntax_errors: metrics.syntax_errors,
        counting: counting_report(metrics.counting),
        functions: metrics.functions.iter().map(function_report).collect(),
        coverage: None,
        history: None,
    }
}

fn function_report(function: &FunctionMetrics) -> FunctionReport {
    FunctionReport {
        name: function.name.clone(),
        qualified_name: function.qualified_name.clone(),
        start_line: function.span.start.line,
        start_column: function.span.start.column,
        end_line: function.span.end.line,
        cyclomatic: function.cyclomatic,
        cognitive: function.cognitive,
        lines: function.lines,
        code: function.code,
        params: function.params,
        max_nesting: function.max_nesting,
        returns: function.returns,
        early_exits: function.early_exits,
        decision_points: function
            .decision_points
            .iter()
            .map(|d| DecisionReport {
                kind: d.kind.as_str(),
                line: d.span.start.line,
                column: d.span.start.column,
            })
            .collect(),
        increments: Some(increments(function)),
        coverage: None,
    }
}

/// The counting conventions as the report names them.
pub fn counting_report(counting: Counting) -> CountingReport {
    CountingReport {
        cyclomatic_variant: counting.variant.as_str(),
        count_boolean_operators: counting.count_boolean_operators,
        nested_functions: counting.nested_functions.as_str(),
    }
}

/// Every decision point (each adds 1 to cyclomatic complexity) and every cognitive increment,
/// merged in source order.
fn increments(function: &FunctionMetrics) -> Vec<IncrementReport> {
    let report = |metric, at: Position, kind: plumb_metrics::DecisionKind, adds, nesting| {
        let report =
            IncrementReport { metric, line: at.line, column: at.column, kind: kind.as_str(), adds, nesting };
        (at.byte, report)
    };
    let cyclomatic = function
        .decision_points
        .iter()
        .map(|point| report(Metric::Cyclomatic, point.span.start, point.kind, 1, point.nesting));
    let cognitive = function
        .increments
        .iter()
        .map(|i| report(Metric::Cognitive, i.span.start, i.kind, i.adds, i.nesting));
    let mut merged = Vec::with_capacity(function.decision_points.len() + function.increments.len());
    let (mut cyclomatic, mut cognitive) = (cyclomatic.peekable(), cognitive.peekable());
    loop {
        let next = match (cyclomatic.peek(), cognitive.peek()) {
            (Some((a, _)), Some((b, _))) if b < a => cognitive.next(),
            (Some(_), _) => cyclomatic.next(),
            (None, _) => cognitive.next(),
        };
        let Some((_, increment)) = next else { break };
        merged.push(increment);
    }
    merged
}

/// A finding with no label, notes or measure yet; `function` is the qualified name and its
/// occurrence, for the fingerprint.
pub(crate) fn new_finding(
    rule: &'static str,
    level: Level,
    path: &str,
    at: Span,
    message: String,
    function: Option<(&str, usize)>,
) -> Finding {
    Finding {
        rule,
        level,
        path: path.to_owned(),
        span: at,
        message,
        label: None,
        function: function.map(|(name, _)| name.to_owned()),
        measure: None,
        labels: Vec::new(),
        notes: Vec::new(),
        help: None,
        fingerprint: fingerprint(
            rule,
            path,
            function.map_or("", |(name, _)| name),
            function.map_or(0, |(_, n)| n),
        ),
    }
}

pub(crate) fn label(span: Span, message: String) -> Label {
    Label { span, message }
}

pub(crate) fn measure(value: u32, threshold: u32) -> Measure {
    Measure { value: f64::from(value), threshold: f64::from(threshold) }
}
