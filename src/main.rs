//! `plumb`: measure code complexity and size, and fail the build when a threshold is crossed.

mod analyze;
mod baseline;
mod changes;
mod cli;
mod commands;
mod config;
mod coverage;
mod destination;
mod discover;
mod empty;
mod generate;
mod history;
mod memory;
mod output;
mod run;
mod tables;

use std::process::ExitCode;

use clap::Parser as _;

use crate::cli::{Cli, Command};

/// Exit code: no error-level finding.
const SUCCESS: u8 = 0;
/// Exit code: error-level findings or a failed gate.
const FINDINGS: u8 = 1;
/// Exit code: bad usage, bad configuration or an internal error.
const FAILURE: u8 = 2;

fn main() -> ExitCode {
    analyze::install_panic_hook();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // --help and --version are not errors.
            let code = if error.use_stderr() { FAILURE } else { SUCCESS };
            let _ = error.print();
            return ExitCode::from(code);
        }
    };
    let result = std::panic::catch_unwind(|| run(cli.command));
    match result {
        Ok(Ok(code)) => ExitCode::from(code),
        // The reader went away (`plumb check | head`): nothing more to say.
        Ok(Err(error)) if is_broken_pipe(&error) => ExitCode::from(SUCCESS),
        Ok(Err(error)) => {
            report(&error);
            ExitCode::from(FAILURE)
        }
        Err(_) => {
            output::error(&format!("internal error: {}; please report it", analyze::take_panic()));
            ExitCode::from(FAILURE)
        }
    }
}

/// Runs a subcommand; its exit code, or the error that ends it with exit code 2.
// plumb: allow(cyclomatic-complexity) one arm per subcommand, nothing else
fn run(command: Command) -> anyhow::Result<u8> {
    match command {
        Command::Check(args) => commands::check(&args),
        Command::Metrics(args) => commands::metrics(&args),
        Command::Coverage(args) => coverage::command(&args),
        Command::Defects(args) => history::defects(&args),
        Command::Hotspots(args) => history::hotspots(&args),
        Command::Baseline(args) => baseline::write(&args),
        Command::Config(args) => commands::show_config(&args),
        Command::Rules => commands::rules(),
        Command::Explain { rule } => commands::explain(&rule),
        Command::Completions { shell } => generate::completions(shell),
        Command::Man(args) => generate::man(&args),
    }
}

/// Prints the error that ends a run: a configuration error as a diagnostic into the file.
fn report(error: &anyhow::Error) {
    match error.downcast_ref::<config::ConfigError>() {
        Some(config_error) => output::config_error(config_error),
        None => output::error(&format!("{error:#}")),
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
