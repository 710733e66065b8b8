//! Inline suppressions: a comment, in the language's own comment syntax, that turns rules off
//! for one function or one file.
//!
//! - `plumb: allow(cyclomatic-complexity) reason` on the line of a function's declaration, or
//!   on the line above it (decorator, attribute and comment lines may stand between), suppresses
//!   those rules for that function.
//! - `plumb: allow-file(file-length) reason` before the first function suppresses those rules
//!   for the whole file.
//!
//! A suppression that suppresses nothing is reported (`unused-suppression`), unless the rule
//! it names is turned off.

use plumb_metrics::{FileMetrics, Span};
use plumb_report::{Finding, Level, fingerprint};

use crate::new_finding;
use crate::rules::{is_module, unused_suppression};
use crate::{RuleId, Settings};

/// A parsed suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression<'s> {
    /// `allow-file(...)` rather than `allow(...)`.
    pub file_wide: bool,
    /// The rule ids, as written.
    pub rules: Vec<&'s str>,
    /// The text after the closing parenthesis.
    pub reason: &'s str,
}

/// Parses the text of one comment: `// plumb: allow(rule-a, rule-b) why`. `plumb:` must open
/// the comment (after its markers: `//`, `///`, `//!`, `#`, `/*`, `*`, `--`, `<!--`, `;`), so
/// that documentation which mentions the syntax is not a suppression.
pub fn parse_suppression(comment: &str) -> Option<Suppression<'_>> {
    let text = comment.trim_start_matches(|c: char| c.is_whitespace() || "/#*!-;<".contains(c));
    let rest = text.strip_prefix("plumb:")?.trim_start();
    let (file_wide, rest) = match rest.strip_prefix("allow-file(") {
        Some(rest) => (true, rest),
        None => (false, rest.strip_prefix("allow(")?),
    };
    let (list, after) = rest.split_once(')')?;
    let rules = list.split(',').map(str::trim).filter(|rule| !rule.is_empty()).collect();
    let reason = after.trim().trim_end_matches("*/").trim_end_matches("-->").trim();
    Some(Suppression { file_wide, rules, reason })
}

/// What a suppression comment applies to.
enum Target {
    File,
    /// Indexes into `FileMetrics::functions`.
    Functions(Vec<usize>),
}

struct Active<'s> {
    at: Span,
    target: Target,
    /// Each rule named, and whether it suppressed something.
    rules: Vec<(&'s str, bool)>,
}

impl Active<'_> {
    fn covers(&self, function: Option<usize>) -> bool {
        match &self.target {
            Target::File => true,
            Target::Functions(indexes) => function.is_some_and(|f| indexes.contains(&f)),
        }
    }
}

/// Removes suppressed findings and adds `unused-suppression` findings. `names` are how the
/// file is shown, and the path its fingerprints are computed over.
pub(crate) fn apply(
    names: (&str, &str),
    source: &str,
    metrics: &FileMetrics,
    settings: &Settings,
    found: Vec<(Option<usize>, Finding)>,
) -> Vec<Finding> {
    let mut active = suppressions(source, metrics);
    if active.is_empty() {
        return found.into_iter().map(|(_, finding)| finding).collect();
    }
    let mut kept = Vec::with_capacity(found.len());
    for (function, finding) in found {
        let mut suppressed = false;
        for suppression in active.iter_mut().filter(|s| s.covers(function)) {
            for (rule, used) in &mut suppression.rules {
                if *rule == finding.rule {
                    *used = true;
                    suppressed = true;
                }
            }
        }
        if !suppressed {
            kept.push(finding);
        }
    }
    if let Some(level) = settings.level(RuleId::UnusedSuppression) {
        kept.extend(unused(names, settings, &active, level));
    }
    kept
}

/// The suppression comments of a file and what each applies to.
fn suppressions<'s>(source: &'s str, metrics: &FileMetrics) -> Vec<Active<'s>> {
    let mut active = Vec::new();
    // Split into lines only once a comment holds a suppression: most files have none.
    let mut lines: Vec<&str> = Vec::new();
    let first_function = metrics
        .functions
        .iter()
        .filter(|f| !is_module(f))
        .map(|f| f.span.start.line)
        .min()
        .unwrap_or(u32::MAX);
    for &at in &metrics.comment_spans {
        let Some(text) = source.get(at.start.byte as usize..at.end.byte as usize) else { continue };
        if !text.contains("plumb:") {
            continue;
        }
        let Some(suppression) = parse_suppression(text) else { continue };
        if lines.is_empty() {
            lines = source.lines().collect();
        }
        let target = if suppression.file_wide {
            file_wide_target(at, first_function)
        } else {
            Target::Functions(functions_under(at, metrics, &lines))
        };
        active.push(Active {
            at,
            target,
            rules: suppression.rules.into_iter().map(|rule| (rule, false)).collect(),
        });
    }
    active
}

/// A file-wide suppression applies to the file before the first function, else to nothing.
fn file_wide_target(at: Span, first_function: u32) -> Target {
    if at.end.line < first_function { Target::File } else { Target::Functions(Vec::new()) }
}

/// The indexes of the functions a comment at `at` stands on.
fn functions_under(at: Span, metrics: &FileMetrics, lines: &[&str]) -> Vec<usize> {
    metrics
        .functions
        .iter()
        .enumerate()
        .filter(|(_, f)| !is_module(f) && stands_on(at, f.span.start.line, lines))
        .map(|(index, _)| index)
        .collect()
}

/// Whether a comment at `at` stands on a declaration starting at line `start`: on the same line,
/// or above it with only decorators, attributes, comments and blank lines between.
fn stands_on(at: Span, start: u32, lines: &[&str]) -> bool {
    if at.start.line == start {
        return true;
    }
    if at.end.line >= start {
        return false;
    }
    (at.end.line + 1..start).all(|line| {
        let text = lines.get(line as usize - 1).map_or("", |text| text.trim_start());
        text.is_empty()
            || ["@", "#", "[", "//", "/*", "*", "--"].iter().any(|prefix| text.starts_with(prefix))
    })
}

fn unused(names: (&str, &str), settings: &Settings, active: &[Active<'_>], level: Level) -> Vec<Finding> {
    let (path, key) = names;
    let mut findings = Vec::new();
    for (index, suppression) in active.iter().enumerate() {
        for &(rule, used) in &suppression.rules {
            if used {
                continue;
            }
            let Some(message) = unused_message(rule, &suppression.target, settings) else { continue };
            let mut finding =
                new_finding(unused_suppression::META.id, level, path, suppression.at, message, None);
            // One identity per comment and rule, independent of line numbers.
            finding.fingerprint = fingerprint(unused_suppression::META.id, key, rule, index);
            finding.help = Some(if RuleId::from_id(rule).is_some() {
                "remove the suppression".to_owned()
            } else {
                "correct the rule name (`plumb rules` lists them)".to_owned()
            });
            findings.push(finding);
        }
    }
    findings
}

/// Why a suppression of `rule` that suppressed nothing is reported; `None` for a rule that is
/// turned off: it has nothing to suppress, and that is not news.
fn unused_message(rule: &str, target: &Target, settings: &Settings) -> Option<String> {
    let Some(known) = RuleId::from_id(rule) else {
        return Some(format!("`{rule}` is not a rule; this suppression suppresses nothing"));
    };
    settings.level(known)?;
    Some(match target {
        Target::Functions(functions) if functions.is_empty() => {
            format!("`plumb: allow({rule})` is not on a function's line or the line above it")
        }
        _ => format!("`plumb: allow({rule})` suppresses nothing"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_suppressions() {
        assert_eq!(
            parse_suppression(
                "// plumb: allow(cyclomatic-complexity, function-length) the parser dispatches"
            ),
            Some(Suppression {
                file_wide: false,
                rules: vec!["cyclomatic-complexity", "function-length"],
                reason: "the parser dispatches",
            })
        );
        assert_eq!(
            parse_suppression("/* plumb: allow-file(file-length) generated */"),
            Some(Suppression { file_wide: true, rules: vec!["file-length"], reason: "generated" })
        );
        assert_eq!(
            parse_suppression("# plumb:allow(x)"),
            Some(Suppression { file_wide: false, rules: vec!["x"], reason: "" })
        );
        assert_eq!(parse_suppression("// plumb: allow cyclomatic-complexity"), None);
        assert_eq!(parse_suppression("// plumb: allow(unclosed"), None);
        assert_eq!(parse_suppression("// a normal comment"), None);
        assert_eq!(parse_suppression("-- plumb: allow(x)").map(|s| s.rules), Some(vec!["x"]));
        assert_eq!(parse_suppression("<!-- plumb: allow(x) -->").map(|s| s.reason), Some(""));
        // Documentation that mentions the syntax is not a suppression.
        assert_eq!(parse_suppression("//! - `plumb: allow(cyclomatic-complexity) reason` on the line"), None);
        assert_eq!(parse_suppression("# see plumb: allow(x) in the docs"), None);
    }
}
