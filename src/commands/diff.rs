//! `plumb diff`: each function of the files that differ from a base commit, before and after.

use anyhow::Result;
use plumb_engine::RunOptions;
use plumb_report::delta;

use crate::ExitStatus;
use crate::cli::{DiffArgs, DiffFormat};
use crate::commands::{reports, workspace};
use crate::destination::Destination;
use crate::output;

/// `plumb diff`.
pub(crate) fn run(args: &DiffArgs) -> Result<ExitStatus> {
    let mut out = Destination::open(args.output.as_deref(), args.color)?;
    let ws = workspace()?;
    let reports = reports(&ws, &args.coverage)?;
    let threads = args.threads.filter(|&n| n > 0).map(|n| n.min(crate::cli::max_threads()));
    let options = RunOptions {
        threads,
        max_file_size: args.max_file_size,
        rules: args.limits.overrides(),
        ..RunOptions::default()
    };
    let comparison = ws.compare(args.base.as_deref(), reports, None, &options)?;
    let report = &comparison.report;
    output::problems(&report.problems, args.color);
    match args.format {
        DiffFormat::Human => delta::render_human(report, &mut out)?,
        DiffFormat::Json => {
            serde_json::to_writer_pretty(&mut out, report)?;
            std::io::Write::write_all(&mut out, b"\n")?;
        }
        DiffFormat::Markdown => delta::render_markdown(report, &mut out)?,
        DiffFormat::Github => delta::render_github(report, &mut out)?,
    }
    out.finish()?;
    Ok(if report.total.counts.regressions > 0 && !args.exit_zero {
        ExitStatus::Findings
    } else {
        ExitStatus::Success
    })
}
