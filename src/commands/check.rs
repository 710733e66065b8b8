//! `plumb check`: the findings of a run, filtered by a baseline and to changed code, with the
//! coverage gates, in every output format.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Write;

use anyhow::Result;
use plumb_engine::changes::{self, Changed, Scope};
use plumb_engine::coverage::Reports;
use plumb_engine::{RunOptions, Workspace};
use plumb_report::Report;
use plumb_report::render::{self, Format, Renderer};

use crate::ExitStatus;
use crate::cli::CheckArgs;
use crate::commands::{
    analyse, conclude, github_step_summary, refuse_empty, reports, sarif_limits, stdin_name, workspace,
};
use crate::destination::Destination;
use crate::output;

/// The changed lines `--changed-since` or `--staged` ask for, if any.
fn changed(ws: &Workspace, args: &CheckArgs) -> Result<Option<Changed>> {
    let Some(scope) = Scope::from_flags(args.changed_since.as_deref(), args.staged, pre_commit_range())?
    else {
        return Ok(None);
    };
    Ok(Changed::load(ws, &scope, under_pre_commit())?)
}

/// `FROM...TO` when pre-commit runs hooks on a range of commits (`pre-commit run --from-ref
/// FROM --to-ref TO`, pre-push hooks): it sets both variables then.
fn pre_commit_range() -> Option<String> {
    let var = |name| std::env::var(name).ok().filter(|value| !value.trim().is_empty());
    Some(format!("{}...{}", var("PRE_COMMIT_FROM_REF")?, var("PRE_COMMIT_TO_REF")?))
}

/// Whether plumb runs as a pre-commit hook (pre-commit sets `PRE_COMMIT=1`).
fn under_pre_commit() -> bool {
    std::env::var_os("PRE_COMMIT").is_some_and(|value| value == "1")
}

/// The revision `--ratchet` compares with: the one given, except `HEAD` under pre-commit run on a
/// range of commits, which is the range.
fn ratchet_base(given: &str) -> String {
    match pre_commit_range() {
        Some(range) if given == "HEAD" && under_pre_commit() => range,
        _ => given.to_owned(),
    }
}

/// Keeps only the findings that are new or worse than at the `--ratchet` base; the note that
/// says what was left out and what improved.
fn ratchet(
    ws: &Workspace,
    report: &mut Report,
    args: &CheckArgs,
    options: &RunOptions<'_>,
) -> Result<String> {
    let base = ratchet_base(args.ratchet.as_deref().unwrap_or("HEAD"));
    // With the base's coverage, both sides carry theirs, to compare.
    let (reports, base_reports) = if args.base_coverage.is_empty() {
        (None, None)
    } else {
        let format = args.coverage.coverage_format;
        (Reports::read(ws, &args.coverage.reports, format)?, Reports::read(ws, &args.base_coverage, format)?)
    };
    let comparison = ws.compare(Some(&base), reports, base_reports, options)?;
    let outcome = comparison.ratchet(report);
    let info = &comparison.report.base;
    let since = match info.kind {
        "merge-base" => format!("since merge-base of {} ({})", info.rev, info.short),
        _ => format!("since {} ({})", info.rev, info.short),
    };
    let mut note = format!(
        "ratchet {since}: {} on code that did not get worse not shown",
        plumb_report::text::plural(outcome.left_out, "finding", "findings")
    );
    if !outcome.improved.is_empty() {
        let _ = write!(note, "; improved: {}", outcome.improved.join(", "));
    }
    Ok(note)
}

/// Drops the findings the baseline records (against every finding, so that only entries that
/// really went away count as fixed), or those the change did not make new or worse; the notes
/// that say what was left out.
fn narrow(
    ws: &Workspace,
    args: &CheckArgs,
    report: &mut Report,
    options: &RunOptions<'_>,
) -> Result<Vec<String>> {
    let mut notes = Vec::new();
    if let Some(path) = &args.baseline {
        let (filtered, notices) = plumb_engine::baseline::retain_new(ws, report, path)?;
        output::notices(&notices);
        notes.extend(filtered);
    }
    if args.ratchet.is_some() {
        notes.push(ratchet(ws, report, args, options)?);
    }
    Ok(notes)
}

/// `plumb check`.
pub(crate) fn run(args: &CheckArgs) -> Result<ExitStatus> {
    let start = std::time::Instant::now();
    refuse_history_without_json(args)?;
    let stdin = stdin_name(&args.input, &args.stdin)?;
    // Fail on an unwritable --output before doing any work.
    let mut out = Destination::open(args.report.output.as_deref(), args.input.color)?;
    let ws = workspace()?;
    let changed = changed(&ws, args)?;
    let reports = reports(&ws, &args.coverage)?;
    let options = RunOptions {
        rules: args.rules.overrides(),
        keep_sources: args.report.format.0 == Format::Human,
        changed: changed.as_ref(),
        shard: args.shard,
        ..RunOptions::default()
    };
    let run = analyse(&ws, &args.input, stdin, &options, reports)?;
    refuse_empty(&ws, &run, &args.input, args.empty.allow_empty)?;
    out.refuse_analysed(run.report.files.iter().map(|file| file.path.as_str()))?;
    let mut report = run.report;
    let mut notes = narrow(&ws, args, &mut report, &options)?;
    // The run-wide coverage gates are not baselined, nor ratcheted; the changed-code filter
    // keeps them.
    if let Some(coverage) = &run.coverage {
        let settings = ws.project_settings(&args.rules.overrides())?;
        let notices = plumb_engine::coverage::gates(&mut report, coverage, changed.as_ref(), &settings)?;
        output::notices(&notices);
    }
    if let Some(changed) = &changed {
        notes.extend(changes::retain_changed(&mut report, changed));
    }
    if args.history {
        output::notices(&plumb_engine::history::attach(&ws, &mut report)?);
    }
    let code = conclude(&ws, &mut report, &args.report);
    if args.no_increments {
        for function in report.files.iter_mut().flat_map(|file| &mut file.functions) {
            function.increments = None;
        }
    }
    output::problems(&report.problems, args.input.color);
    sarif_limits(args.report.format.0, &report);
    match args.report.format.0.renderer() {
        Renderer::Machine(render) => machine(args, render, &report, &mut out)?,
        Renderer::Human => {
            write_human(args, &mut report, run.sources, &notes, start.elapsed().as_secs_f64(), &mut out)?;
        }
    }
    if args.report.format.0 == Format::Github {
        github_step_summary(&report);
    }
    out.finish()?;
    Ok(code)
}

/// A machine format's report; a shard's JSON report carries what `plumb merge` needs to render
/// any format.
fn machine(
    args: &CheckArgs,
    render: fn(&Report, &mut dyn Write) -> std::io::Result<()>,
    report: &Report,
    out: &mut Destination,
) -> std::io::Result<()> {
    if args.report.format.0 == Format::Json && args.shard.is_some() {
        render::json::render_detailed(report, out)
    } else {
        render(report, out)
    }
}

/// Run-wide findings (the project's and the changed lines' coverage) are made after analysis,
/// which kept only the text of files with findings of their own, and know only a line: read
/// their files, and place them at the line's first byte, for the snippet.
fn sources_for_run_findings(
    report: &mut Report,
    mut sources: HashMap<String, String>,
) -> HashMap<String, String> {
    for finding in &mut report.findings {
        if finding.span.start.byte != 0 {
            continue;
        }
        if !sources.contains_key(&finding.path) && report.files.iter().any(|file| file.path == finding.path) {
            let Ok(text) = std::fs::read_to_string(&finding.path) else { continue };
            sources.insert(finding.path.clone(), text);
        }
        let Some(text) = sources.get(&finding.path) else { continue };
        let line = finding.span.start.line as usize;
        if line <= 1 {
            continue;
        }
        if let Some((at, _)) = text.match_indices('\n').nth(line - 2) {
            finding.span.start.byte = u32::try_from(at + 1).unwrap_or(u32::MAX);
            finding.span.end = finding.span.start;
        }
    }
    sources
}

/// The human output: diagnostics with snippets, then the summary line and the filters' notes.
fn write_human(
    args: &CheckArgs,
    report: &mut Report,
    sources: HashMap<String, String>,
    notes: &[String],
    seconds: f64,
    out: &mut Destination,
) -> Result<()> {
    let options = render::human::Options { verbose: args.verbose };
    let sources = sources_for_run_findings(report, sources);
    render::human::render(report, &sources, options, out)?;
    if !args.report.no_summary {
        output::summary(out, &report.summary, report.coverage.as_ref(), seconds)?;
        for note in notes {
            writeln!(out, "{note}")?;
        }
    }
    Ok(())
}

/// `--history` adds to the JSON report only: with another format it would do nothing.
fn refuse_history_without_json(args: &CheckArgs) -> Result<()> {
    if args.history && args.report.format.0 != Format::Json {
        anyhow::bail!(
            "--history adds each file's git history to the JSON report, and nothing to the {} format: \
             use it with --format json",
            args.report.format.0.name()
        );
    }
    Ok(())
}
