//! `plumb trend`: the project's measures at sampled commits of its history.

use anyhow::Result;
use plumb_engine::RunOptions;
use plumb_engine::trend::{Sampling, TrendOptions};
use plumb_history::samples::Every;
use plumb_report::trend;

use crate::ExitStatus;
use crate::cli::{Color, TrendArgs, TrendFormat};
use crate::commands::workspace;
use crate::destination::Destination;
use crate::output;

/// `plumb trend`.
pub(crate) fn run(args: &TrendArgs) -> Result<ExitStatus> {
    let mut out = Destination::open(args.output.as_deref(), Color::Never)?;
    let ws = workspace()?;
    let threads = args.threads.filter(|&n| n > 0).map(|n| n.min(crate::cli::max_threads()));
    let sampling = if args.revisions.is_empty() {
        Sampling::Range { since: args.since.clone(), every: args.every.unwrap_or(Every::Month) }
    } else {
        Sampling::Revisions(args.revisions.clone())
    };
    let options = TrendOptions {
        sampling,
        history: args.history,
        run: RunOptions {
            threads,
            max_file_size: args.max_file_size,
            rules: args.limits.overrides(),
            ..RunOptions::default()
        },
    };
    let (report, notices) = ws.trend(&options)?;
    output::notices(&notices);
    output::problems(&report.problems, Color::Auto);
    match args.format {
        TrendFormat::Table => trend::render_table(&report, &mut out)?,
        TrendFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            std::io::Write::write_all(&mut out, b"\n")?;
        }
        TrendFormat::Csv => trend::render_csv(&report, &mut out)?,
        TrendFormat::Svg => trend::render_svg(&report, &mut out)?,
        TrendFormat::Markdown => trend::render_markdown(&report, &mut out)?,
    }
    out.finish()?;
    Ok(ExitStatus::Success)
}
