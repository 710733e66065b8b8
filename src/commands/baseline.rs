//! `plumb baseline`: records the current findings, so that `plumb check --baseline` reports only
//! new ones.

use std::io::Write as _;

use anyhow::{Context as _, Result};
use plumb_check::baseline::Baseline;
use plumb_engine::RunOptions;
use plumb_report::text::plural;

use crate::ExitStatus;
use crate::cli::BaselineArgs;
use crate::commands::{analyse, refuse_empty, reports, workspace};
use crate::destination::Destination;
use crate::output;

/// `plumb baseline`: writes the findings of the paths to `args.output`.
pub(crate) fn run(args: &BaselineArgs) -> Result<ExitStatus> {
    // Fail on an unwritable output before doing any work; the file is replaced only once the
    // baseline is complete.
    let mut out = Destination::open(Some(&args.output), args.input.color)?;
    let ws = workspace()?;
    let reports = reports(&ws, &args.coverage)?;
    let options = RunOptions { rules: args.limits.overrides(), ..RunOptions::default() };
    let run = analyse(&ws, &args.input, None, &options, reports, None)?;
    refuse_empty(&ws, &run, &args.input, args.empty.allow_empty)?;
    out.refuse_analysed(run.report.files.iter().map(|file| file.path.as_str()))?;
    output::problems(&run.report.problems, args.input.color);
    let mut entries = Baseline::from_findings(&run.report.findings).entries;
    for entry in &mut entries {
        entry.path = ws.root_key(&entry.path);
    }
    let baseline = Baseline::from_entries(entries);
    out.write_all(baseline.to_json().as_bytes())
        .with_context(|| format!("cannot write `{}`", args.output.display()))?;
    out.finish()?;
    output::status(&format!(
        "wrote {} to {}",
        plural(baseline.entries.len(), "finding", "findings"),
        args.output.display()
    ));
    Ok(ExitStatus::Success)
}
