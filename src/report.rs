//! `plumb report`: the run drawn as one HTML page. The page is rendered by
//! [`plumb_report::render::html`] from the report, the coverage and the history the other
//! commands compute; this module gathers them.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use clap::{Args, ValueEnum};
use plumb_check::RuleId;
use plumb_report::page::{Changes, LineRun, Page, Thresholds, Trend};
use plumb_report::render;

use crate::analyze::human_size;
use crate::changes::Changed;
use crate::cli::{Color, CoverageArgs, EmptyFlag, InputArgs, RuleFlags};
use crate::coverage::{Reports, RunCoverage};
use crate::destination::Destination;
use crate::{SUCCESS, output};

/// `plumb report`.
#[derive(Debug, Args)]
pub(crate) struct ReportArgs {
    #[command(flatten)]
    pub(crate) input: InputArgs,

    #[command(flatten)]
    pub(crate) empty: EmptyFlag,

    /// Write the page to this file (`-`: standard output). A regular file is replaced only when
    /// the page is complete.
    #[arg(short, long, value_name = "FILE", default_value = "plumb-report.html")]
    pub(crate) output: PathBuf,

    /// Plot the hotspots: each file and function by how many commits changed it in the window
    /// (git history, as `plumb hotspots` counts them) against its complexity.
    #[arg(long)]
    pub(crate) history: bool,

    /// With --history: where the window starts, a date (`12 months`, `2025-01-31`) or a
    /// revision. Default: 12 months, or `since` in the `[history]` table of plumb.toml.
    #[arg(long, value_name = "WHEN", requires = "history")]
    pub(crate) since: Option<String>,

    /// Draw the trend of earlier measurements: a JSON document whose `points` give each
    /// commit's function count, code lines, complexity and share over the thresholds
    /// (docs/report.md describes it).
    #[arg(long, value_name = "FILE")]
    pub(crate) trend: Option<PathBuf>,

    /// Mark the code changed since this revision's merge base with HEAD (`origin/main`, `HEAD`;
    /// `A...B` and `A..B` too), staged, unstaged and untracked changes included: the functions
    /// it touches (a column and a filter of the table) and the lines (in the source views).
    /// With --coverage, the coverage of the changed lines is gated as `check --changed-since`
    /// gates it.
    #[arg(long, value_name = "REV")]
    pub(crate) changed_since: Option<String>,

    /// Which files' source the page holds, for its source views: `all`, the files with
    /// `findings`, or `none` (the page then shows each file's functions without its text).
    #[arg(long, value_enum, default_value_t = SourcesArg::All, value_name = "WHICH")]
    pub(crate) sources: SourcesArg,

    #[command(flatten)]
    pub(crate) coverage: CoverageArgs,

    #[command(flatten)]
    pub(crate) rules: RuleFlags,
}

/// Which sources go into the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SourcesArg {
    /// Every analysed file.
    All,
    /// The files with findings.
    Findings,
    /// None.
    None,
}

/// `plumb report`: writes the page; exits 0 whatever it found (the page is not a gate).
pub(crate) fn command(args: &ReportArgs) -> Result<u8> {
    // Fail on an unwritable --output, a bad trend document or a directory outside git before
    // doing any work.
    let mut out = Destination::open(Some(&args.output), Color::Never)?;
    let trend = args.trend.as_deref().map(read_trend).transpose()?;
    let window = if args.history { Some(crate::history::window(args.since.as_deref())?) } else { None };
    let changed =
        args.changed_since.as_deref().map(|rev| Changed::since(rev, "--changed-since")).transpose()?;
    let reports = Reports::load(&args.coverage)?;
    let run = crate::run::run(&args.input, &args.rules, false, &|_| true, reports)?;
    crate::run::refuse_empty(&run, &args.input, args.empty.allow_empty)?;
    out.refuse_analysed(run.report.files.iter().map(|file| file.path.as_str()))?;
    output::problems(&run.report.problems, args.input.color);
    let mut report = run.report;
    if let Some(coverage) = &run.coverage {
        crate::commands::coverage_gates(&mut report, coverage, changed.as_ref(), &args.rules)?;
    }
    report.summary = crate::run::summarize(&report);
    report.rules = plumb_check::RULES;
    report.run = crate::commands::run_info(i32::from(SUCCESS))?;
    let hotspots = match &window {
        Some((since, history)) => Some(crate::history::page_hotspots(&report, since, history)?),
        None => None,
    };
    let settings = crate::commands::project_settings(&args.rules)?;
    let threshold = |rule: RuleId| settings.rule(rule).threshold.unwrap_or(f64::INFINITY);
    let page = Page {
        report: &report,
        title: title(&args.input.paths)?,
        thresholds: Thresholds {
            cyclomatic: threshold(RuleId::CyclomaticComplexity),
            cognitive: threshold(RuleId::CognitiveComplexity),
        },
        line_coverage: line_coverage(&report, run.coverage.as_ref()),
        hotspots,
        trend,
        changes: changed.map(|changed| changes(&report, &changed)),
    };
    let max_size = args.input.max_file_size.unwrap_or(crate::run::MAX_FILE_SIZE);
    let with_findings: std::collections::HashSet<&str> =
        report.findings.iter().map(|finding| finding.path.as_str()).collect();
    let mut source = |path: &str| match args.sources {
        SourcesArg::All => crate::analyze::text(Path::new(path), max_size),
        SourcesArg::Findings if with_findings.contains(path) => {
            crate::analyze::text(Path::new(path), max_size)
        }
        SourcesArg::Findings | SourcesArg::None => None,
    };
    let written = render::html::render(&page, &mut source, &mut out)?;
    out.finish()?;
    let destination = if args.output.as_os_str() == "-" {
        "the page to standard output".to_owned()
    } else {
        crate::discover::display_path(&args.output, Path::new(""))
    };
    output::status(&format!(
        "wrote {destination}: {} ({} of data; the source of {} files, {}, in {})",
        human_size(written.total),
        human_size(written.data),
        written.source_files,
        human_size(written.source_bytes),
        human_size(written.source_encoded),
    ));
    Ok(SUCCESS)
}

/// `plumb report: myproject`, with the paths when they are not the working directory.
fn title(paths: &[PathBuf]) -> Result<String> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let root = crate::discover::repo_root(&cwd);
    let name = root
        .file_name()
        .map_or_else(|| root.display().to_string(), |name| name.to_string_lossy().into_owned());
    let shown: Vec<String> = paths
        .iter()
        .map(|path| crate::discover::display_path(path, Path::new("")))
        .filter(|path| path != ".")
        .collect();
    Ok(if shown.is_empty() {
        format!("plumb report: {name}")
    } else {
        format!("plumb report: {name} ({})", shown.join(", "))
    })
}

/// Each file's covered and uncovered lines, in report order; none without coverage.
fn line_coverage(report: &plumb_report::Report, coverage: Option<&RunCoverage>) -> Vec<Vec<LineRun>> {
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
fn changes(report: &plumb_report::Report, changed: &Changed) -> Changes {
    let lines = report.files.iter().map(|file| changed.lines_of(&file.path).to_vec()).collect();
    Changes::new(changed.describe(), &report.files, lines)
}

/// The `--trend` document.
fn read_trend(path: &Path) -> Result<Trend> {
    let name = crate::discover::display_path(path, Path::new(""));
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read the trend `{name}`"))?;
    serde_json::from_str(&text).with_context(|| format!("the trend `{name}` is not a trend document"))
}
