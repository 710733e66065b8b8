//! `plumb rules`: the rules, with their default levels and thresholds.

use std::io::Write;

use anyhow::Result;
use plumb_check::RuleId;

use crate::ExitStatus;
use crate::output;

/// `plumb rules`: one line per rule.
pub(crate) fn run() -> Result<ExitStatus> {
    let mut out = output::stdout(crate::cli::Color::Never);
    let width = plumb_check::RULES.iter().map(|rule| rule.id.len()).max().unwrap_or(0);
    for id in RuleId::ALL {
        let rule = id.meta();
        writeln!(out, "{:<width$}  {:<18}  {}", rule.id, id.default_text(), rule.summary)?;
    }
    out.flush()?;
    Ok(ExitStatus::Success)
}
