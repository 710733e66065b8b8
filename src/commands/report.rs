//! `plumb report`: the run drawn as one HTML page. The page is rendered by
//! [`plumb_report::render::html`] from the report, the coverage and the history the other
//! commands compute; this module gathers them.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use plumb_check::RuleId;
use plumb_engine::changes::Changed;
use plumb_engine::coverage::RunCoverage;
use plumb_engine::{RunOptions, Workspace, history, human_size};
use plumb_history::log::{History, Since};
use plumb_report::page::{self, Changes, LineRun, Page, Thresholds, Trend};
use plumb_report::{Report, render};

use crate::ExitStatus;
use crate::cli::{Color, ReportArgs, SourcesArg};
use crate::commands::{analyse, refuse_empty, reports, run_info, workspace};
use crate::destination::Destination;
use crate::output;

/// `plumb report`: writes the page; exits 0 whatever it found (the page is not a gate).
pub(crate) fn run(args: &ReportArgs) -> Result<ExitStatus> {
    // Fail on an unwritable --output, a bad trend document or a directory outside git before
    // doing any work.
    let mut out = Destination::open(Some(&args.output), Color::Never)?;
    let ws = workspace()?;
    let trend = args.trend.as_deref().map(read_trend).transpose()?;
    let window = if args.history {
        let (since, history, notices) = history::window(&ws, args.since.as_deref())?;
        output::notices(&notices);
        Some((since, history))
    } else {
        None
    };
    let changed =
        args.changed_since.as_deref().map(|rev| Changed::since(&ws, rev, "--changed-since")).transpose()?;
    let reports = reports(&ws, &args.coverage)?;
    let options = RunOptions { rules: args.rules.overrides(), ..RunOptions::default() };
    let run = analyse(&ws, &args.input, None, &options, reports, None)?;
    refuse_empty(&ws, &run, &args.input, args.empty.allow_empty)?;
    out.refuse_analysed(run.report.files.iter().map(|file| file.path.as_str()))?;
    output::problems(&run.report.problems, args.input.color);
    let mut report = run.report;
    let settings = ws.project_settings(&args.rules.overrides())?;
    if let Some(coverage) = &run.coverage {
        output::notices(&plumb_engine::coverage::gates(
            &mut report,
            coverage,
            changed.as_ref(),
            &settings,
            false,
        )?);
    }
    report.summary = plumb_engine::summarize(&report);
    report.rules = plumb_check::RULES;
    report.run = run_info(&ws, ExitStatus::Success);
    let hotspots = match &window {
        Some((since, history)) => Some(page_hotspots(&report, since, history)?),
        None => None,
    };
    let threshold = |rule: RuleId| settings.rule(rule).threshold.unwrap_or(f64::INFINITY);
    let page = Page {
        report: &report,
        title: title(&ws, &args.input.paths),
        thresholds: Thresholds {
            cyclomatic: threshold(RuleId::CyclomaticComplexity),
            cognitive: threshold(RuleId::CognitiveComplexity),
        },
        line_coverage: line_coverage(&report, run.coverage.as_ref()),
        hotspots,
        trend,
        changes: changed.map(|changed| changes(&report, &changed)),
    };
    let max_size = args.input.max_file_size.unwrap_or(plumb_engine::MAX_FILE_SIZE);
    let with_findings: std::collections::HashSet<&str> =
        report.findings.iter().map(|finding| finding.path.as_str()).collect();
    let mut source = |path: &str| match args.sources {
        SourcesArg::All => ws.read_text(Path::new(path), max_size),
        SourcesArg::Findings if with_findings.contains(path) => ws.read_text(Path::new(path), max_size),
        SourcesArg::Findings | SourcesArg::None => None,
    };
    let written = render::html::render(&page, &mut source, &mut out)?;
    out.finish()?;
    let destination = if args.output.as_os_str() == "-" {
        "the page to standard output".to_owned()
    } else {
        plumb_engine::display_path(&args.output, Path::new(""))
    };
    output::status(&format!(
        "wrote {destination}: {} ({} of data; the source of {} files, {}, in {})",
        human_size(written.total),
        human_size(written.data),
        written.source_files,
        human_size(written.source_bytes),
        human_size(written.source_encoded),
    ));
    Ok(ExitStatus::Success)
}

/// `plumb report: myproject`, with the paths when they are not the working directory.
fn title(ws: &Workspace, paths: &[PathBuf]) -> String {
    let root = ws.root();
    let name = root
        .file_name()
        .map_or_else(|| root.display().to_string(), |name| name.to_string_lossy().into_owned());
    let shown: Vec<String> = paths
        .iter()
        .map(|path| plumb_engine::display_path(path, Path::new("")))
        .filter(|path| path != ".")
        .collect();
    if shown.is_empty() {
        format!("plumb report: {name}")
    } else {
        format!("plumb report: {name} ({})", shown.join(", "))
    }
}

/// The hotspots of `plumb report`: every file and function, as `plumb hotspots --top 0` ranks
/// them.
fn page_hotspots(report: &Report, since: &Since, history: &History) -> Result<page::Hotspots> {
    let (files, functions) = history::hotspots(report, history, since)?;
    Ok(page::Hotspots {
        since: since.describe(),
        commits: history.commits.len(),
        files: files
            .into_iter()
            .map(|row| page::FileHotspot {
                path: row.path,
                commits: row.commits,
                complexity: row.complexity,
                score: row.score,
            })
            .collect(),
        functions: functions
            .into_iter()
            .map(|row| page::FunctionHotspot {
                path: row.path,
                function: row.function,
                line: row.line,
                changes: row.changes,
                score: row.score,
            })
            .collect(),
    })
}

/// Each file's covered and uncovered lines, in report order; none without coverage.
fn line_coverage(report: &Report, coverage: Option<&RunCoverage>) -> Vec<Vec<LineRun>> {
    let Some(coverage) = coverage else { return Vec::new() };
    report
        .files
        .iter()
        .map(|file| {
            coverage
                .files
                .get(&file.path)
                .map(|covered| plumb_check::coverage::line_runs(covered, file.lines))
                .unwrap_or_default()
        })
        .collect()
}

/// The changed lines of each file, and the functions they touch.
fn changes(report: &Report, changed: &Changed) -> Changes {
    let lines = report.files.iter().map(|file| changed.lines_of(&file.path).to_vec()).collect();
    Changes::new(changed.describe(), &report.files, lines)
}

/// The `--trend` document.
fn read_trend(path: &Path) -> Result<Trend> {
    let name = plumb_engine::display_path(path, Path::new(""));
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read the trend `{name}`"))?;
    serde_json::from_str(&text).with_context(|| format!("the trend `{name}` is not a trend document"))
}
