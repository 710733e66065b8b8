//! `plumb merge`: the JSON reports of a run's shards, as one run's report in any format.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context as _, Result};
use plumb_engine::Workspace;
use plumb_report::Report;
use plumb_report::render::{self, Format, Renderer};

use crate::ExitStatus;
use crate::cli::MergeArgs;
use crate::commands::{conclude, github_step_summary, sarif_limits, workspace};
use crate::destination::Destination;
use crate::output;

/// `plumb merge REPORT.json...`.
pub(crate) fn run(args: &MergeArgs) -> Result<ExitStatus> {
    let start = std::time::Instant::now();
    let mut out = Destination::open(args.report.output.as_deref(), args.color)?;
    let mut report = Report::default();
    let mut coverage = Vec::new();
    for path in &args.reports {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("cannot read `{}`", path.display()))?;
        let shard = plumb_engine::merge::read_report(&text)
            .map_err(|error| anyhow::anyhow!("`{}`: {error}", path.display()))?;
        report.files.extend(shard.files);
        report.findings.extend(shard.findings);
        report.problems.extend(shard.problems);
        coverage.push(shard.coverage);
    }
    order(&mut report)?;
    if coverage.iter().any(Option::is_some) {
        let shards = coverage.into_iter().collect::<Option<Vec<_>>>().ok_or_else(|| {
            anyhow::anyhow!(
                "some of the reports have coverage data and others not: not the shards of one run"
            )
        })?;
        plumb_engine::merge::merge_coverage(&mut report, &shards)
            .map_err(|error| anyhow::anyhow!("{error}"))?;
    }
    let ws = workspace()?;
    let code = conclude(&ws, &mut report, &args.report);
    output::problems(&report.problems, args.color);
    let format = args.report.format.0;
    sarif_limits(format, &report);
    match format.renderer() {
        Renderer::Machine(render) => render(&report, &mut out)?,
        Renderer::Human => {
            // The run-wide findings made here know only a line, as in one run.
            let read = sources(&ws, &report)?;
            let sources = crate::commands::check::sources_for_run_findings(&mut report, read);
            render::human::render(&report, &sources, render::human::Options { verbose: false }, &mut out)?;
            if !args.report.no_summary {
                output::summary(&mut out, &report.summary, None, start.elapsed().as_secs_f64())?;
            }
        }
    }
    if format == Format::Github {
        github_step_summary(&report);
    }
    out.finish()?;
    Ok(code)
}

/// Orders the shards' files, findings and problems as one run orders them: files by path (each
/// file's findings stay in its shard's order), problems by path. A file in two reports is an
/// error: the reports are not the shards of one run.
fn order(report: &mut Report) -> Result<()> {
    report.files.sort_by(|a, b| a.path.cmp(&b.path));
    if let Some(twice) = report.files.windows(2).find(|pair| pair[0].path == pair[1].path) {
        anyhow::bail!(
            "`{}` is in two of the reports: give the reports of the shards of one run, each once",
            twice[0].path
        );
    }
    let rank: HashMap<&str, usize> =
        report.files.iter().enumerate().map(|(index, file)| (file.path.as_str(), index)).collect();
    let mut findings = std::mem::take(&mut report.findings);
    // Stable: each file's findings keep their order.
    findings.sort_by_key(|finding| rank.get(finding.path.as_str()).copied().unwrap_or(usize::MAX));
    drop(rank);
    report.findings = findings;
    report.problems.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(())
}

/// The text of the files with findings, for the human format's snippets, read from the working
/// directory (where the shards ran: in CI, the same checkout) as the analysis read them.
fn sources(ws: &Workspace, report: &Report) -> Result<HashMap<String, String>> {
    let mut sources = HashMap::new();
    for finding in &report.findings {
        let path = Path::new(&finding.path);
        if sources.contains_key(&finding.path) {
            continue;
        }
        if let Some(text) = ws.read_text(path, ws.max_file_size(path, None)?) {
            sources.insert(finding.path.clone(), text);
        }
    }
    Ok(sources)
}
