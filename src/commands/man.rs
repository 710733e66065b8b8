//! `plumb man`: the manual pages, generated from the command-line definition so that they
//! always describe the commands and flags of this build.

use std::io::Write as _;
use std::path::Path;

use anyhow::{Context as _, Result};
use clap::CommandFactory as _;

use crate::ExitStatus;
use crate::cli::{Cli, Color, ManArgs};
use crate::output;

/// `plumb man [COMMAND]`, or `plumb man --dir DIR`.
pub(crate) fn run(args: &ManArgs) -> Result<ExitStatus> {
    // `plumb help` has no page of its own.
    let mut plumb = Cli::command().disable_help_subcommand(true);
    // Gives each subcommand its display name (`plumb-check`), its page's name.
    plumb.build();
    if let Some(dir) = &args.dir {
        write_pages(&plumb, dir)?;
        return Ok(ExitStatus::Success);
    }
    let command = match args.command.as_deref() {
        None => &plumb,
        Some(name) => plumb.find_subcommand(name).with_context(|| {
            let names: Vec<&str> = plumb.get_subcommands().map(clap::Command::get_name).collect();
            format!("`{name}` is not a plumb command; the commands are: {}", names.join(", "))
        })?,
    };
    let mut out = output::stdout(Color::Never);
    out.write_all(&page(command)?)?;
    out.flush()?;
    Ok(ExitStatus::Success)
}

/// plumb.1 and one page per command, in `dir`.
fn write_pages(plumb: &clap::Command, dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    for command in std::iter::once(plumb).chain(plumb.get_subcommands()) {
        let path = dir.join(format!("{}.1", command.get_display_name().unwrap_or("plumb")));
        std::fs::write(&path, page(command)?)
            .with_context(|| format!("cannot write `{}`", path.display()))?;
    }
    Ok(())
}

/// The roff source of `command`'s page. Its text after the options (the exit status of plumb
/// itself) goes under EXIT STATUS, where man pages keep it.
fn page(command: &clap::Command) -> Result<Vec<u8>> {
    let mut roff = Vec::new();
    clap_mangen::Man::new(command.clone())
        .source(format!("plumb {}", env!("CARGO_PKG_VERSION")))
        .manual("plumb manual")
        .render(&mut roff)?;
    let text = String::from_utf8(roff)?;
    let exit_status =
        command.get_after_help().is_some_and(|help| help.to_string().starts_with("Exit status"));
    let text = if exit_status { text.replace("\n.SH EXTRA\n", "\n.SH \"EXIT STATUS\"\n") } else { text };
    Ok(text.into_bytes())
}
