//! What the server shows of one analysed document: per-function numbers (code lenses, inlay
//! hints), hovers that explain them, and code actions on findings.

use std::collections::HashMap;
use std::fmt::Write as _;

use lsp_types::{
    CodeAction, CodeActionKind, CodeLens, Command, Hover, HoverContents, InlayHint, InlayHintLabel,
    MarkupContent, MarkupKind, Position, Range, TextEdit, Uri, WorkspaceEdit,
};
use plumb_check::RuleId;
use plumb_report::text::plural;
use plumb_report::{FunctionReport, IncrementReport, Metric};

use crate::analysis::Analysis;
use crate::convert;
use crate::settings::{Functions, Settings};

/// The command that opens a rule's documentation; its one argument is the rule's id.
pub(crate) const OPEN_RULE_DOCS: &str = "plumb.openRuleDocs";

/// A rule's threshold, when the rule is on.
fn threshold(analysis: &Analysis, rule: RuleId) -> Option<f64> {
    let setting = analysis.settings.as_ref()?.rule(rule);
    setting.level.and(setting.threshold)
}

/// `cyclomatic 12 (max 10) · cognitive 9`: the maximum shown past it.
pub(crate) fn summary(function: &FunctionReport, analysis: &Analysis) -> String {
    let part = |name: &str, value: u32, rule| match threshold(analysis, rule) {
        Some(max) if f64::from(value) > max => format!("{name} {value} (max {max})"),
        _ => format!("{name} {value}"),
    };
    format!(
        "{} · {}",
        part("cyclomatic", function.cyclomatic, RuleId::CyclomaticComplexity),
        part("cognitive", function.cognitive, RuleId::CognitiveComplexity)
    )
}

/// Whether a function's numbers are shown, as the settings say.
fn shown(function: &FunctionReport, analysis: &Analysis, settings: &Settings) -> bool {
    match settings.functions {
        Functions::All => true,
        Functions::None => false,
        Functions::NearThreshold => [
            (function.cyclomatic, RuleId::CyclomaticComplexity),
            (function.cognitive, RuleId::CognitiveComplexity),
        ]
        .into_iter()
        .any(|(value, rule)| {
            threshold(analysis, rule).is_some_and(|max| f64::from(value) >= settings.fraction * max)
        }),
    }
}

/// The functions whose numbers are shown.
fn shown_functions<'a>(
    analysis: &'a Analysis,
    settings: &'a Settings,
) -> impl Iterator<Item = &'a FunctionReport> {
    let functions = analysis.file.as_ref().map_or(&[][..], |file| &file.functions[..]);
    functions.iter().filter(move |function| shown(function, analysis, settings))
}

/// A code lens on the first line of each function shown.
pub(crate) fn code_lenses(analysis: &Analysis, settings: &Settings) -> Vec<CodeLens> {
    shown_functions(analysis, settings)
        .map(|function| {
            let line = function.start_line.saturating_sub(1);
            CodeLens {
                range: Range { start: Position { line, character: 0 }, end: Position { line, character: 0 } },
                // No command to run: the title is the information.
                command: Some(Command {
                    title: summary(function, analysis),
                    command: String::new(),
                    arguments: None,
                }),
                data: None,
            }
        })
        .collect()
}

/// An inlay hint at the end of the first line of each function shown in `range`.
pub(crate) fn inlay_hints(
    analysis: &Analysis,
    text: &str,
    range: Range,
    settings: &Settings,
) -> Vec<InlayHint> {
    let lines: Vec<&str> = text.split('\n').collect();
    shown_functions(analysis, settings)
        .filter(|function| {
            (range.start.line..=range.end.line).contains(&function.start_line.saturating_sub(1))
        })
        .map(|function| {
            let line = function.start_line.saturating_sub(1);
            let length =
                lines.get(line as usize).map_or(0, |text| text.trim_end_matches('\r').encode_utf16().count());
            InlayHint {
                position: Position { line, character: length as u32 },
                label: InlayHintLabel::String(summary(function, analysis)),
                kind: None,
                text_edits: None,
                tooltip: None,
                padding_left: Some(true),
                padding_right: None,
                data: None,
            }
        })
        .collect()
}

/// The identifier at a position of the text.
fn word_at(text: &str, at: Position) -> Option<&str> {
    let line = text.split('\n').nth(at.line as usize)?;
    let mut units = 0;
    let byte = line
        .char_indices()
        .find(|(_, c)| {
            units += c.len_utf16();
            units > at.character as usize
        })
        .map(|(byte, _)| byte)?;
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    if !line[byte..].starts_with(is_word) {
        return None;
    }
    let start = line[..byte]
        .rfind(|c| !is_word(c))
        .map_or(0, |i| i + line[i..].chars().next().map_or(1, char::len_utf8));
    let end = line[byte..].find(|c| !is_word(c)).map_or(line.len(), |i| byte + i);
    (start < end).then(|| &line[start..end])
}

/// How many lines of a function's start its name may be on (a signature split over lines).
const HEADER_LINES: u32 = 3;

/// The innermost function whose name is at a position.
fn function_named_at<'a>(analysis: &'a Analysis, text: &str, at: Position) -> Option<&'a FunctionReport> {
    let word = word_at(text, at)?;
    let line = at.line + 1;
    analysis.file.as_ref()?.functions.iter().rev().find(|function| {
        function.name == word
            && function.start_line <= line
            && line < function.start_line + HEADER_LINES
            && line <= function.end_line
    })
}

/// The hover over a function's name: its numbers, what adds to its complexities, and its
/// coverage.
pub(crate) fn hover(analysis: &Analysis, text: &str, at: Position) -> Option<Hover> {
    let function = function_named_at(analysis, text, at)?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: explain(function, analysis),
        }),
        range: None,
    })
}

/// ` (threshold 10)` when the rule is on.
fn threshold_text(analysis: &Analysis, rule: RuleId) -> String {
    threshold(analysis, rule).map(|max| format!(" (threshold {max})")).unwrap_or_default()
}

/// The hover's Markdown.
pub(crate) fn explain(function: &FunctionReport, analysis: &Analysis) -> String {
    let mut text = format!("**{}**: {}\n\n", function.qualified_name, summary(function, analysis));
    let points = function.decision_points.len();
    let _ = writeln!(
        text,
        "- cyclomatic complexity {}{}: 1 + {}",
        function.cyclomatic,
        threshold_text(analysis, RuleId::CyclomaticComplexity),
        plural(points, "decision point", "decision points")
    );
    let _ = writeln!(
        text,
        "- cognitive complexity {}{}",
        function.cognitive,
        threshold_text(analysis, RuleId::CognitiveComplexity)
    );
    let _ = writeln!(
        text,
        "- {} lines ({} of code), {} parameters, nesting {}, {} returns",
        function.lines, function.code, function.params, function.max_nesting, function.returns
    );
    if let Some(coverage) = &function.coverage {
        let tally = &coverage.tally;
        let percent = tally.percent().map(|p| format!(" ({p:.1}%)")).unwrap_or_default();
        let _ = write!(text, "- coverage: {} of {} lines{percent}", tally.covered, tally.lines);
        if let Some(crap) = coverage.crap {
            let _ = write!(text, ", CRAP {crap:.1}{}", threshold_text(analysis, RuleId::Crap));
        }
        text.push('\n');
    }
    increments_table(function.increments.as_deref().unwrap_or_default(), &mut text);
    text
}

/// A row of the increments table: a position and construct, what it adds to cyclomatic
/// complexity, and what it adds to cognitive complexity with its nesting.
type Row<'a> = ((u32, u32, &'a str), (u32, Option<(u32, u32)>));

/// What each construct adds: one row per position, cyclomatic and cognitive side by side.
fn increments_table(increments: &[IncrementReport], text: &mut String) {
    if increments.is_empty() {
        return;
    }
    text.push_str("\n| line | construct | cyclomatic | cognitive |\n|---:|---|---:|---|\n");
    let mut rows: Vec<Row<'_>> = Vec::new();
    let mut index: HashMap<(u32, u32, &str), usize> = HashMap::new();
    for increment in increments {
        let key = (increment.line, increment.column, increment.kind);
        let row = *index.entry(key).or_insert_with(|| {
            rows.push((key, (0, None)));
            rows.len() - 1
        });
        match increment.metric {
            Metric::Cyclomatic => rows[row].1.0 += increment.adds,
            Metric::Cognitive => rows[row].1.1 = Some((increment.adds, increment.nesting)),
        }
    }
    for ((line, _, kind), (cyclomatic, cognitive)) in rows {
        let cyclomatic = if cyclomatic > 0 { format!("+{cyclomatic}") } else { String::new() };
        let cognitive = match cognitive {
            Some((adds, 0)) => format!("+{adds}"),
            Some((adds, nesting)) => format!("+{adds} (nesting {nesting})"),
            None => String::new(),
        };
        let _ = writeln!(text, "| {line} | `{kind}` | {cyclomatic} | {cognitive} |");
    }
}

/// The line comment marker of a language, by its id.
fn comment_marker(language: &str) -> &'static str {
    match language {
        "python" | "ruby" | "bash" => "#",
        "lua" => "--",
        _ => "//",
    }
}

/// The code actions for the findings on the lines of `range`: allow the rule for the function
/// (a `plumb: allow(RULE) reason` comment above it), and open the rule's documentation.
pub(crate) fn code_actions(analysis: &Analysis, text: &str, uri: &Uri, range: Range) -> Vec<CodeAction> {
    let lines = range.start.line + 1..=range.end.line + 1;
    let mut actions = Vec::new();
    let mut rules = Vec::new();
    for finding in analysis.findings.iter().filter(|finding| lines.contains(&finding.span.start.line)) {
        let diagnostic = convert::diagnostic(finding, uri);
        if let Some(function) = finding_function(analysis, finding) {
            actions.push(allow(analysis, text, uri, function, finding.rule, diagnostic.clone()));
        }
        if !rules.contains(&finding.rule) {
            rules.push(finding.rule);
            actions.push(CodeAction {
                title: format!("Open the documentation of {}", finding.rule),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic]),
                command: Some(Command {
                    title: format!("Open the documentation of {}", finding.rule),
                    command: OPEN_RULE_DOCS.to_owned(),
                    arguments: Some(vec![serde_json::Value::from(finding.rule)]),
                }),
                ..CodeAction::default()
            });
        }
    }
    actions
}

/// The function a finding is about.
fn finding_function<'a>(
    analysis: &'a Analysis,
    finding: &plumb_report::Finding,
) -> Option<&'a FunctionReport> {
    let name = finding.function.as_deref()?;
    let line = finding.span.start.line;
    analysis.file.as_ref()?.functions.iter().find(|function| {
        function.qualified_name == name && function.start_line <= line && line <= function.end_line
    })
}

/// Inserts `plumb: allow(RULE) reason` above a function, indented as its first line.
fn allow(
    analysis: &Analysis,
    text: &str,
    uri: &Uri,
    function: &FunctionReport,
    rule: &str,
    diagnostic: lsp_types::Diagnostic,
) -> CodeAction {
    let line = function.start_line.saturating_sub(1);
    let first = text.split('\n').nth(line as usize).unwrap_or_default();
    let indent = &first[..first.len() - first.trim_start().len()];
    let language = analysis.file.as_ref().map_or("", |file| file.language);
    let comment = format!("{indent}{} plumb: allow({rule}) reason\n", comment_marker(language));
    let at = Position { line, character: 0 };
    let edit = TextEdit { range: Range { start: at, end: at }, new_text: comment };
    CodeAction {
        title: format!("Allow {rule} in {}", function.name),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic]),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
            ..WorkspaceEdit::default()
        }),
        is_preferred: Some(true),
        ..CodeAction::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_at_a_position_is_an_identifier_counted_in_utf16_units() {
        let text = "x\n  def é_f(a):\n";
        assert_eq!(word_at(text, Position { line: 1, character: 6 }), Some("é_f"));
        assert_eq!(word_at(text, Position { line: 1, character: 8 }), Some("é_f"));
        assert_eq!(word_at(text, Position { line: 1, character: 9 }), None);
        assert_eq!(word_at(text, Position { line: 1, character: 2 }), Some("def"));
        assert_eq!(word_at(text, Position { line: 5, character: 0 }), None);
    }
}
