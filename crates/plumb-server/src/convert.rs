//! Between plumb's report model and the protocol's types: paths and URIs, positions, findings
//! and diagnostics.

use std::path::PathBuf;
use std::str::FromStr as _;

use lsp_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Position, Range, Uri,
};
use plumb_report::{Finding, Level};

/// Where each rule's documentation lives.
pub(crate) use plumb_report::render::sarif::RULE_DOCS;

/// The file a `file:` URI names.
pub(crate) fn path_of(uri: &Uri) -> Option<PathBuf> {
    url::Url::parse(uri.as_str()).ok()?.to_file_path().ok()
}

/// The `file:` URI of an absolute path.
#[cfg(test)]
pub(crate) fn uri_of(path: &std::path::Path) -> Option<Uri> {
    Uri::from_str(url::Url::from_file_path(path).ok()?.as_str()).ok()
}

/// The URI of a web page.
pub(crate) fn web_uri(address: &str) -> Option<Uri> {
    Uri::from_str(address).ok()
}

/// A position of the report (1-based line, 1-based UTF-16 column) in the protocol's terms.
pub(crate) fn position(at: plumb_report::Position) -> Position {
    Position { line: at.line.saturating_sub(1), character: at.utf16_column.saturating_sub(1) }
}

/// A span of the report in the protocol's terms.
pub(crate) fn range(span: plumb_report::Span) -> Range {
    Range { start: position(span.start), end: position(span.end) }
}

/// The address of a rule's documentation.
pub(crate) fn rule_docs(rule: &str) -> String {
    format!("{RULE_DOCS}{rule}.md")
}

/// A finding as a diagnostic of the document `uri`: its message (and help), its rule as the
/// code with a link to its documentation, its secondary labels as related information.
pub(crate) fn diagnostic(finding: &Finding, uri: &Uri) -> Diagnostic {
    let severity = match finding.level {
        Level::Error => DiagnosticSeverity::ERROR,
        Level::Warning => DiagnosticSeverity::WARNING,
        Level::Note => DiagnosticSeverity::INFORMATION,
    };
    let mut message = finding.message.clone();
    if let Some(help) = &finding.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related: Vec<DiagnosticRelatedInformation> = finding
        .labels
        .iter()
        .map(|label| DiagnosticRelatedInformation {
            location: Location { uri: uri.clone(), range: range(label.span) },
            message: label.message.clone(),
        })
        .collect();
    Diagnostic {
        range: range(finding.span),
        severity: Some(severity),
        code: Some(NumberOrString::String(finding.rule.to_owned())),
        code_description: web_uri(&rule_docs(finding.rule)).map(|href| CodeDescription { href }),
        source: Some("plumb".to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// A diagnostic at the top of a document that says why it was not analysed.
pub(crate) fn notice(message: &str) -> Diagnostic {
    Diagnostic {
        range: Range::default(),
        severity: Some(DiagnosticSeverity::ERROR),
        source: Some("plumb".to_owned()),
        message: message.to_owned(),
        ..Diagnostic::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn paths_and_uris_round_trip() {
        let path = Path::new("/tmp/a dir/é.py");
        let uri = uri_of(path).unwrap();
        assert_eq!(uri.as_str(), "file:///tmp/a%20dir/%C3%A9.py");
        assert_eq!(path_of(&uri).unwrap(), path);
        assert_eq!(path_of(&Uri::from_str("untitled:Untitled-1").unwrap()), None);
    }
}
