//! `plumb completions SHELL`: the shell completion script, generated from the command-line
//! definition so that it always lists the commands and flags of this build.

use std::io::Write as _;

use anyhow::Result;
use clap::CommandFactory as _;

use crate::ExitStatus;
use crate::cli::{Cli, Color};
use crate::output;

/// `plumb completions SHELL`: the script, on standard output.
pub(crate) fn run(shell: clap_complete::Shell) -> Result<ExitStatus> {
    // Rendered in memory first: the generators panic on a write error.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "plumb", &mut script);
    let mut out = output::stdout(Color::Never);
    out.write_all(&script)?;
    out.flush()?;
    Ok(ExitStatus::Success)
}
