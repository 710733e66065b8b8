//! `plumb metrics`: the worst functions and per-language totals.

use std::io::Write;

use anyhow::Result;
use plumb_engine::RunOptions;
use plumb_report::FunctionReport;

use crate::ExitStatus;
use crate::cli::{MetricsArgs, MetricsFormat, SortKey};
use crate::commands::{analyse, refuse_empty, stdin_name, workspace};
use crate::output;

/// `plumb metrics`.
pub(crate) fn run(args: &MetricsArgs) -> Result<ExitStatus> {
    let stdin = stdin_name(&args.input, &args.stdin)?;
    let ws = workspace()?;
    let run = analyse(&ws, &args.input, stdin, &RunOptions::default(), None, None)?;
    refuse_empty(&ws, &run, &args.input, args.empty.allow_empty)?;
    let report = &run.report;
    output::problems(&report.problems, args.input.color);
    let mut worst: Vec<(&str, &FunctionReport)> = report
        .files
        .iter()
        .flat_map(|file| file.functions.iter().map(move |f| (file.path.as_str(), f)))
        .collect();
    let key = |f: &FunctionReport| match args.sort {
        SortKey::Cyclomatic => (f.cyclomatic, f.cognitive),
        SortKey::Cognitive => (f.cognitive, f.cyclomatic),
        SortKey::Code => (f.code, f.cyclomatic),
        SortKey::Params => (f.params, f.cyclomatic),
    };
    // Stable: ties keep path and position order.
    worst.sort_by_key(|(_, f)| std::cmp::Reverse(key(f)));
    crate::cli::keep_top(&mut worst, args.top);
    let languages = crate::tables::languages(report);
    let mut out = output::stdout(args.input.color);
    match args.format {
        MetricsFormat::Human => crate::tables::write_human(&mut out, &worst, &languages, args.sort)?,
        MetricsFormat::Json => crate::tables::write_json(&mut out, &worst, &languages)?,
    }
    out.flush()?;
    Ok(ExitStatus::Success)
}
