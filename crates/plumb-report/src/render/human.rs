//! rustc-style diagnostics with source snippets, through codespan-reporting. This is the only
//! place that builds a codespan `Diagnostic`.

use std::io;

use codespan_reporting::diagnostic::{Diagnostic, Label as CsLabel, Severity};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Chars, Config, termcolor::WriteColor};

use super::Sources;
use crate::{Finding, Level, Report};

/// How much to show.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Show every secondary label (each decision point or cognitive increment) in the snippet,
    /// not only in the notes.
    pub verbose: bool,
}

fn severity(level: Level) -> Severity {
    match level {
        Level::Error => Severity::Error,
        Level::Warning => Severity::Warning,
        Level::Note => Severity::Note,
    }
}

/// Writes every finding as a diagnostic, followed by the problems as warnings.
pub fn render(
    report: &Report,
    sources: &dyn Sources,
    options: Options,
    out: &mut dyn WriteColor,
) -> io::Result<()> {
    let config = Config { chars: Chars::ascii(), ..Config::default() };
    for finding in &report.findings {
        emit(finding, sources.source(&finding.path), options, &config, out)?;
    }
    Ok(())
}

fn emit(
    finding: &Finding,
    source: Option<&str>,
    options: Options,
    config: &Config,
    out: &mut dyn WriteColor,
) -> io::Result<()> {
    let mut diagnostic =
        Diagnostic::new(severity(finding.level)).with_code(finding.rule).with_message(&finding.message);
    let mut notes = finding.notes.clone();
    if let Some(help) = &finding.help {
        notes.push(format!("help: {help}"));
    }
    let source = source.filter(|text| finding.span.end.byte as usize <= text.len());
    let file = SimpleFile::new(finding.path.as_str(), source.unwrap_or(""));
    if source.is_some() {
        let range = |span: crate::Span| span.start.byte as usize..span.end.byte as usize;
        let mut primary = CsLabel::primary((), range(finding.span));
        if let Some(label) = &finding.label {
            primary = primary.with_message(label);
        }
        diagnostic = diagnostic.with_label(primary);
        if options.verbose {
            diagnostic = diagnostic.with_labels_iter(
                finding
                    .labels
                    .iter()
                    .map(|label| CsLabel::secondary((), range(label.span)).with_message(&label.message)),
            );
        }
    } else {
        let start = finding.span.start;
        notes.insert(0, format!("at {}:{}:{}", finding.path, start.line, start.column));
    }
    diagnostic = diagnostic.with_notes(notes);
    term::emit_to_write_style(out, config, &file, &diagnostic).map_err(io::Error::other)
}
