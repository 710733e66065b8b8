//! `plumb`: measure code complexity and size, and fail the build when a threshold is crossed.

mod cli;
mod commands;
mod destination;
mod output;
mod panic;
mod progress;
mod tables;

use std::process::ExitCode;

use clap::Parser as _;

use crate::cli::{Cli, Command};

// Compares of no bytes return at once (plumb_lang::compares; build.rs links them in).
plumb_lang::zero_length_compares!();

/// jemalloc, for plumb and for tree-sitter (plumb_engine::allocator).
#[cfg(all(feature = "jemalloc", unix))]
#[global_allocator]
static ALLOCATOR: plumb_engine::allocator::Jemalloc = plumb_engine::allocator::Jemalloc;

/// How a run ends: the process's exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ExitStatus {
    /// 0: no error-level finding.
    Success,
    /// 1: error-level findings, or a failed gate.
    Findings,
    /// 2: bad usage, bad configuration or an internal error.
    Failure,
}

impl ExitStatus {
    /// The status as a number.
    pub(crate) fn code(self) -> u8 {
        match self {
            Self::Success => 0,
            Self::Findings => 1,
            Self::Failure => 2,
        }
    }
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> Self {
        ExitCode::from(status.code())
    }
}

fn main() -> ExitCode {
    #[cfg(all(feature = "jemalloc", unix))]
    plumb_engine::allocator::install();
    panic::install_hook();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // --help and --version are not errors.
            let status = if error.use_stderr() { ExitStatus::Failure } else { ExitStatus::Success };
            let _ = error.print();
            return status.into();
        }
    };
    let result = std::panic::catch_unwind(|| run(cli.command));
    match result {
        Ok(Ok(status)) => status.into(),
        // The reader went away (`plumb check | head`): nothing more to say.
        Ok(Err(error)) if is_broken_pipe(&error) => ExitStatus::Success.into(),
        Ok(Err(error)) => {
            report(&error);
            ExitStatus::Failure.into()
        }
        Err(_) => {
            output::error(&format!("internal error: {}; please report it", panic::take()));
            ExitStatus::Failure.into()
        }
    }
}

/// Runs a subcommand; its exit status, or the error that ends it with exit status 2.
// plumb: allow(cyclomatic-complexity) one arm per subcommand
fn run(command: Command) -> anyhow::Result<ExitStatus> {
    match command {
        Command::Check(args) => commands::check::run(&args),
        Command::Metrics(args) => commands::metrics::run(&args),
        Command::Diff(args) => commands::diff::run(&args),
        Command::Trend(args) => commands::trend::run(&args),
        Command::Coverage(args) => commands::coverage::run(&args),
        Command::Defects(args) => commands::defects::run(&args),
        Command::Hotspots(args) => commands::hotspots::run(&args),
        Command::Report(args) => commands::report::run(&args),
        Command::Baseline(args) => commands::baseline::run(&args),
        Command::Merge(args) => commands::merge::run(&args),
        Command::Config(args) => commands::config::run(&args),
        Command::Rules => commands::rules::run(),
        Command::Languages { format } => commands::languages::run(format),
        Command::Explain { rule } => commands::explain::run(&rule),
        Command::Server(args) => commands::server::run(&args),
        Command::Completions { shell } => commands::completions::run(shell),
        Command::Man(args) => commands::man::run(&args),
    }
}

/// Prints the error that ends a run: a configuration error as a diagnostic into the file.
fn report(error: &anyhow::Error) {
    match error.downcast_ref::<plumb_engine::Error>().and_then(plumb_engine::Error::config) {
        Some(config_error) => output::config_error(config_error),
        None => output::error(&format!("{error:#}")),
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
