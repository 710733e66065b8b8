//! `path:line:col: level[rule]: message`, one line per finding: for editors' problem matchers
//! and pre-commit logs.

use std::io::{self, Write};

use super::printable;
use crate::Report;

/// Writes one line per finding.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for finding in &report.findings {
        let start = finding.span.start;
        // A message is one line: newlines would break line-oriented consumers. Other control
        // characters, in the message or the path, are escaped.
        let message = finding.message.replace(['\r', '\n'], " ");
        writeln!(
            out,
            "{}:{}:{}: {}[{}]: {}",
            printable(&finding.path),
            start.line,
            start.column,
            finding.level.as_str(),
            finding.rule,
            printable(&message)
        )?;
    }
    Ok(())
}
