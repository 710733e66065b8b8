//! `plumb explain RULE`: a rule's documentation.

use std::io::Write;

use anyhow::Result;
use plumb_check::RuleId;

use crate::ExitStatus;
use crate::output;

/// `plumb explain RULE`: the rule's documentation.
pub(crate) fn run(id: &str) -> Result<ExitStatus> {
    let Some(rule) = RuleId::from_id(id) else {
        let known: Vec<&str> = plumb_check::RULES.iter().map(|rule| rule.id).collect();
        anyhow::bail!("`{id}` is not a rule; the rules are: {}", known.join(", "));
    };
    let meta = rule.meta();
    let mut out = output::stdout(crate::cli::Color::Never);
    writeln!(out, "# {}\n\n{}.\n\n{}", meta.id, meta.summary, meta.explanation)?;
    out.flush()?;
    Ok(ExitStatus::Success)
}
