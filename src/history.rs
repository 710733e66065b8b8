//! `plumb defects`, `plumb hotspots` and `plumb check --history`: git history joined to the
//! files plumb measures. What is counted is decided by [`plumb_history`] (see docs/history.md);
//! this module reads the arguments and configuration, and prints.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use clap::{Args, ValueEnum};
use plumb_check::{FolderDensity, RuleId};
use plumb_history::density::{self, Density, Row};
use plumb_history::export::{self, DefectList};
use plumb_history::fixes::{FixOptions, FixRules, Preset};
use plumb_history::hotspots::{self, FileHotspot, FunctionHotspot};
use plumb_history::log::{self, History, Since};
use plumb_history::stats::{ExcludedCommit, Stats};
use plumb_report::text::plural;
use plumb_report::{FileHistory, Finding, Level, Report, page, render};
use serde::Serialize;

use crate::cli::{InputArgs, RuleFlags};
use crate::config::HistoryConfig;
use crate::output;
use crate::tables::{Cell, write_table};
use crate::{FINDINGS, SUCCESS};

/// Options shared by the history commands.
#[derive(Debug, Args)]
pub(crate) struct WindowArgs {
    #[command(flatten)]
    pub(crate) input: InputArgs,

    /// Where the window of history starts: a date (`12 months`, `2 weeks ago`, `2025-01-31`)
    /// or a commit, branch or tag (the commits after it). Default: 12 months, or `since` in
    /// the `[history]` table of plumb.toml.
    #[arg(long, value_name = "WHEN")]
    pub(crate) since: Option<String>,
}

/// `plumb defects`.
#[derive(Debug, Args)]
pub(crate) struct DefectsArgs {
    #[command(flatten)]
    pub(crate) window: WindowArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = DefectsFormat::Human)]
    pub(crate) format: DefectsFormat,

    /// How fix commits are recognised (repeat or separate with commas): `keywords`,
    /// `conventional`, `trailers`, `issue-keys` (ids of --defects), or `none` (only
    /// --fix-pattern). Default: keywords, conventional and trailers (none with --fix-pattern),
    /// plus issue-keys with --defects.
    #[arg(long = "fix-preset", value_name = "PRESET", value_enum, value_delimiter = ',')]
    pub(crate) fix_presets: Vec<PresetArg>,

    /// A regular expression that marks a commit message as a fix (repeat for several).
    #[arg(long = "fix-pattern", value_name = "REGEX")]
    pub(crate) fix_patterns: Vec<String>,

    /// Also count commits that only fix typos, lint, formatting, CI, the build, tests or docs,
    /// or what linters, type checkers and formatters report (flake8, mypy, eslint, clippy...).
    #[arg(long)]
    pub(crate) no_default_exclusions: bool,

    /// A defect list exported from the issue tracker: Jira CSV or GitHub issues JSON.
    #[arg(long, value_name = "FILE")]
    pub(crate) defects: Option<PathBuf>,

    /// Files and folders with fewer lines of code are shown but not ranked (default 200).
    #[arg(long, value_name = "N")]
    pub(crate) min_code: Option<u32>,

    /// How many files and folders to list in human and Markdown output (0: all).
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub(crate) top: usize,

    /// Fail (exit 1) when a folder's defect density is above the maximum: turns the
    /// `defect-density` rule on as an error when the configuration does not.
    #[arg(long)]
    pub(crate) gate: bool,

    /// The maximum defects per 1,000 lines of code of a folder (rule `defect-density`;
    /// default 1).
    #[arg(long, value_name = "N")]
    pub(crate) max_density: Option<f64>,

    /// Also list, for each folder and file shown, the fix commits counted (hash, subject, the
    /// rule that matched, the defects), and the commits an exclusion left out.
    #[arg(short, long)]
    pub(crate) verbose: bool,
}

/// `plumb hotspots`.
#[derive(Debug, Args)]
pub(crate) struct HotspotsArgs {
    #[command(flatten)]
    pub(crate) window: WindowArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = HotspotsFormat::Human)]
    pub(crate) format: HotspotsFormat,

    /// How many files and functions to list (0: all).
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub(crate) top: usize,
}

/// A fix preset on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum PresetArg {
    /// Whole words: fix, bug, defect, crash, regression, hotfix, patch and their forms.
    Keywords,
    /// Conventional Commits `fix:`, `fix(scope):`, `fix!:`.
    Conventional,
    /// `Fixes: #12` and `Closes: ABC-3` trailers, and `fixes #12` closing keywords.
    Trailers,
    /// Mentions of the ids of the --defects list.
    IssueKeys,
    /// No preset: only --fix-pattern.
    None,
}

/// The formats of `plumb defects`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DefectsFormat {
    /// Aligned tables.
    Human,
    /// JSON (see docs/history.md).
    Json,
    /// Markdown tables, for pull-request comments and job summaries.
    Markdown,
    /// SARIF 2.1.0 of the gate's findings, for code scanning.
    Sarif,
}

/// The formats of `plumb hotspots`, which ranks files and has no findings (so no SARIF).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum HotspotsFormat {
    /// Aligned tables.
    Human,
    /// JSON (see docs/history.md).
    Json,
    /// Markdown tables, for pull-request comments and job summaries.
    Markdown,
}

/// The `[history]` settings of the configuration that applies to the working directory.
fn history_config(cwd: &Path) -> Result<HistoryConfig> {
    let config = crate::config::Configs::new().for_file(&cwd.join("_"))?;
    Ok(config.map(|config| config.history.clone()).unwrap_or_default())
}

/// Reads the window of history, with a warning for what makes it incomplete or empty.
fn read_history(cwd: &Path, since: &Since) -> Result<History> {
    let history =
        log::read(cwd, &log::Options { since: since.clone() }).context("cannot read the git history")?;
    if history.truncated {
        let counted = match history.commits.len() {
            0 => "no commit of the window is after the cut, so every history count is 0".to_owned(),
            1 => "only the 1 commit after the cut is counted".to_owned(),
            n => format!("only the {n} commits after the cut are counted"),
        };
        output::warning(&format!(
            "the repository is a shallow clone, and the window {} reaches past its cut: {counted}; what \
             the commits at the cut and before it changed is unknown (`git fetch --unshallow` fetches the \
             rest; with actions/checkout, set `fetch-depth: 0`)",
            since.describe()
        ));
    } else if history.head.is_none() {
        output::warning("the repository has no commits yet: there is no history to count");
    } else if history.commits.is_empty() {
        output::warning(&format!("no commits {}: every history count is 0", since.describe()));
    }
    Ok(history)
}

/// The window the arguments and configuration ask for.
fn since(arg: Option<&str>, config: &HistoryConfig) -> Result<Since> {
    match arg.or(config.since.as_deref()) {
        Some(text) => Since::parse(text).context("--since"),
        None => Ok(Since::default()),
    }
}

/// A file's path relative to the repository root, from its path as shown (relative to the
/// working directory, or absolute); `None` outside the repository.
fn history_path(shown: &str, history: &History) -> Option<String> {
    crate::discover::repository_path(shown, &history.root, &history.prefix)
}

/// Facts about the window, for every output.
#[derive(Debug, Serialize)]
struct Window {
    /// How `--since` reads: `12 months`, `v1.2`.
    since: String,
    /// The commit the window ends at.
    head: Option<String>,
    shallow: bool,
    /// The window reaches past a shallow clone's cut: only the commits after it are counted.
    truncated: bool,
    /// Commits read (merges and bots left out).
    commits: usize,
    bot_commits: usize,
}

impl Window {
    fn new(since: &Since, history: &History) -> Self {
        let since = match since {
            Since::Date(text) | Since::Revision(text) => text.clone(),
        };
        Window {
            since,
            head: history.head.clone(),
            shallow: history.shallow,
            truncated: history.truncated,
            commits: history.commits.len(),
            bot_commits: history.bot_commits,
        }
    }
}

/// The fix rules the arguments and configuration ask for.
fn fix_options(args: &DefectsArgs, config: &HistoryConfig) -> FixOptions {
    let presets = if args.fix_presets.is_empty() {
        config.fix_presets.clone()
    } else {
        Some(
            args.fix_presets
                .iter()
                .filter_map(|preset| match preset {
                    PresetArg::Keywords => Some(Preset::Keywords),
                    PresetArg::Conventional => Some(Preset::Conventional),
                    PresetArg::Trailers => Some(Preset::Trailers),
                    PresetArg::IssueKeys => Some(Preset::IssueKeys),
                    PresetArg::None => None,
                })
                .collect(),
        )
    };
    let patterns =
        if args.fix_patterns.is_empty() { config.fix_patterns.clone() } else { args.fix_patterns.clone() };
    FixOptions {
        presets,
        patterns,
        default_exclusions: !args.no_default_exclusions && config.default_exclusions.unwrap_or(true),
        exclude_patterns: config.exclude_patterns.clone(),
    }
}

/// The defect list, if one is given; `--defects` is relative to the working directory, the
/// configuration's `defects` to the configuration file.
fn defect_list(args: &DefectsArgs, config: &HistoryConfig) -> Result<Option<DefectList>> {
    let Some(path) = args.defects.clone().or_else(|| config.defects.clone()) else { return Ok(None) };
    let list = export::read(&path)?;
    if list.defects.is_empty() {
        output::warning(&format!(
            "the defect list `{}` has no defects ({} entries are not defects)",
            path.display(),
            list.skipped
        ));
    }
    Ok(Some(list))
}

/// The JSON document of `plumb defects`.
#[derive(Debug, Serialize)]
struct DefectsDocument<'a> {
    schema_version: u32,
    window: Window,
    fix_commits: usize,
    excluded_commits: usize,
    /// The commits a fix rule matched but an exclusion left out, and why.
    excluded: &'a [ExcludedCommit],
    fix_rules: FixRulesDocument,
    defect_list: Option<DefectListDocument>,
    min_code: u32,
    files: &'a [Row],
    folders: &'a [Row],
    total: &'a Row,
    findings: Vec<FindingDocument>,
}

#[derive(Debug, Serialize)]
struct FixRulesDocument {
    presets: Vec<&'static str>,
    patterns: Vec<String>,
    default_exclusions: bool,
    exclude_patterns: Vec<String>,
}

#[derive(Debug, Serialize)]
struct DefectListDocument {
    path: String,
    defects: usize,
    skipped: usize,
    /// Ids that no fix commit mentions and that name no file.
    unlinked: Vec<String>,
}

#[derive(Debug, Serialize)]
struct FindingDocument {
    rule: &'static str,
    level: Level,
    path: String,
    message: String,
    value: Option<f64>,
    threshold: Option<f64>,
}

/// `plumb defects`.
pub(crate) fn defects(args: &DefectsArgs) -> Result<u8> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let config = history_config(&cwd)?;
    let since = since(args.window.since.as_deref(), &config)?;
    let list = defect_list(args, &config)?;
    let options = fix_options(args, &config);
    let rules = FixRules::new(&options, list.as_ref())?;
    if rules.is_empty() {
        anyhow::bail!("no fix rule: give a --fix-preset other than `none`, or a --fix-pattern");
    }
    let gate = gate_settings(args, &cwd)?;
    let history = read_history(&cwd, &since)?;
    refuse_gate_on_a_cut_window(&history, &gate)?;
    let run = crate::run::run(&args.window.input, &RuleFlags::default(), false, &|_| true, None)?;
    output::problems(&run.report.problems, args.window.input.color);
    let stats = Stats::gather(&history, &rules, list.as_ref());
    let files: Vec<density::SourceFile> = run
        .report
        .files
        .iter()
        .map(|file| density::SourceFile {
            path: file.path.clone(),
            history_path: history_path(&file.path, &history).unwrap_or_default(),
            code: file.code,
        })
        .collect();
    let min_code = args.min_code.or(config.min_code).unwrap_or(density::Options::default().min_code);
    let table = density::compute(&files, &stats, density::Options { min_code });
    let findings = gate_findings(&table, &gate);
    let window = Window::new(&since, &history);
    let excluded = stats.excluded(&history);
    let mut out = output::stdout(args.window.input.color);
    let code = if findings.iter().any(|finding| finding.level == Level::Error) { FINDINGS } else { SUCCESS };
    match args.format {
        DefectsFormat::Sarif => {
            let run = crate::commands::run_info(i32::from(code))?;
            let report = Report { findings, rules: plumb_check::RULES, run, ..Report::default() };
            render::sarif::render(&report, &mut out)?;
        }
        DefectsFormat::Json => {
            let document = DefectsDocument {
                schema_version: 1,
                window,
                fix_commits: stats.fix_commits(),
                excluded_commits: stats.excluded_commits(),
                excluded: &excluded,
                fix_rules: FixRulesDocument {
                    presets: rules.presets().iter().map(|preset| preset.id()).collect(),
                    patterns: options.patterns.clone(),
                    default_exclusions: options.default_exclusions,
                    exclude_patterns: options.exclude_patterns.clone(),
                },
                defect_list: list.as_ref().map(|list| DefectListDocument {
                    path: list.path.display().to_string(),
                    defects: list.defects.len(),
                    skipped: list.skipped,
                    unlinked: stats.unlinked.clone(),
                }),
                min_code,
                files: &table.files,
                folders: &table.folders,
                total: &table.total,
                findings: findings.iter().map(finding_document).collect(),
            };
            serde_json::to_writer(&mut out, &document)?;
            writeln!(out)?;
        }
        DefectsFormat::Human | DefectsFormat::Markdown => {
            let markdown = args.format == DefectsFormat::Markdown;
            let heading = defects_heading(&window, &since, &stats, &rules, list.as_ref());
            write_density(&mut out, markdown, &heading, &table, args.top, min_code)?;
            if args.verbose {
                write_audit(&mut out, markdown, &table, args.top, &excluded)?;
            }
            write_text_findings(&mut out, markdown, findings)?;
        }
    }
    out.flush()?;
    Ok(code)
}

/// A gate on a window that a shallow clone holds only part of would judge what it cannot see.
fn refuse_gate_on_a_cut_window(history: &History, gate: &plumb_check::Settings) -> Result<()> {
    if history.truncated && gate.level(RuleId::DefectDensity) == Some(Level::Error) {
        anyhow::bail!(
            "the `defect-density` gate needs the whole window of history, and this shallow clone holds \
             only part of it: fetch the rest (`git fetch --unshallow`; with actions/checkout, set \
             `fetch-depth: 0`), or give a --since that the clone holds"
        );
    }
    Ok(())
}

/// The gate's findings under the tables: short lines, or a Markdown list.
fn write_text_findings(out: &mut dyn Write, markdown: bool, findings: Vec<Finding>) -> Result<()> {
    if findings.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    if markdown {
        for finding in &findings {
            writeln!(out, "- **{}** `{}`: {}", finding.level.as_str(), finding.rule, finding.message)?;
        }
    } else {
        render::short::render(&Report { findings, ..Report::default() }, out)?;
    }
    Ok(())
}

/// The `defect-density` findings: ranked folders above the maximum, each placed on the folder's
/// file with the most defects.
fn gate_findings(table: &Density, gate: &plumb_check::Settings) -> Vec<Finding> {
    let ranked = table.folders.iter().filter(|row| row.ranked).filter_map(|row| {
        let in_folder = table.files.iter().filter(|file| density::folder(&file.path) == row.path);
        let file = in_folder.min_by(|a, b| b.defects.cmp(&a.defects).then_with(|| a.path.cmp(&b.path)))?;
        Some(FolderDensity {
            folder: &row.path,
            file: &file.path,
            file_defects: file.defects,
            defects: row.defects,
            code: row.code,
            density: row.density?,
            interval: (row.density_low?, row.density_high?),
        })
    });
    plumb_check::folder_findings(ranked, gate)
}

/// The settings of the `defect-density` rule: the configuration's, then the command line.
fn gate_settings(args: &DefectsArgs, cwd: &Path) -> Result<plumb_check::Settings> {
    let probe = cwd.join("_");
    let config = crate::config::Configs::new().for_file(&probe)?;
    let mut settings = crate::run::settings_for(config.as_deref(), &probe, &RuleFlags::default());
    if args.gate && settings.level(RuleId::DefectDensity).is_none() {
        settings.set_level(RuleId::DefectDensity, Some(Level::Error));
    }
    if let Some(max) = args.max_density {
        if !max.is_finite() || max < 0.0 {
            anyhow::bail!("--max-density needs a number of 0 or more, not {max}");
        }
        settings.set_threshold(RuleId::DefectDensity, max);
    }
    Ok(settings)
}

fn finding_document(finding: &Finding) -> FindingDocument {
    FindingDocument {
        rule: finding.rule,
        level: finding.level,
        path: finding.path.clone(),
        message: finding.message.clone(),
        value: finding.measure.map(|measure| measure.value),
        threshold: finding.measure.map(|measure| measure.threshold),
    }
}

/// `defect density since 12 months ago: 412 commits, 57 fix commits, ...`.
fn defects_heading(
    window: &Window,
    since: &Since,
    stats: &Stats,
    rules: &FixRules,
    list: Option<&DefectList>,
) -> Vec<String> {
    let mut summary = vec![
        plural(window.commits, "commit", "commits"),
        plural(stats.fix_commits(), "fix commit", "fix commits"),
    ];
    if stats.excluded_commits() > 0 {
        summary.push(format!(
            "{} not counted",
            plural(stats.excluded_commits(), "typo, lint, CI or docs fix", "typo, lint, CI or docs fixes")
        ));
    }
    if window.bot_commits > 0 {
        summary.push(format!("{} left out", plural(window.bot_commits, "bot commit", "bot commits")));
    }
    let mut lines = vec![format!("defect density {}: {}", since.describe(), summary.join(", "))];
    let mut names: Vec<String> = rules.presets().iter().map(|preset| preset.id().to_owned()).collect();
    if rules.patterns() > 0 {
        names.push(format!("{} custom patterns", rules.patterns()));
    }
    let rules_line = format!("fix rules: {}", names.join(", "));
    lines.push(rules_line);
    if let Some(list) = list {
        let mut line = format!(
            "defect list {}: {} defects ({} other entries skipped)",
            list.path.display(),
            list.defects.len(),
            list.skipped
        );
        if !stats.unlinked.is_empty() {
            line = format!("{line}; not linked to any file: {}", stats.unlinked.join(", "));
        }
        lines.push(line);
    }
    lines
}

/// `2.07`, or `-` without a value.
fn decimal(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_owned(), |value| format!("{value:.2}"))
}

fn density_cells(rank: Option<usize>, row: &Row, with_files: bool) -> Vec<Cell> {
    let mut cells = vec![
        Cell::Number(rank.map(|rank| rank.to_string()).unwrap_or_default()),
        Cell::Text(row.path.clone()),
    ];
    if with_files {
        cells.push(Cell::Number(row.files.to_string()));
    }
    let interval = match (row.density_low, row.density_high) {
        (Some(low), Some(high)) => format!("{low:.2}-{high:.2}"),
        _ => "-".to_owned(),
    };
    cells.extend([
        Cell::Number(row.code.to_string()),
        Cell::Number(row.defects.to_string()),
        Cell::Number(decimal(row.density)),
        Cell::Number(interval),
        Cell::Number(row.fixes.to_string()),
        Cell::Number(row.commits.to_string()),
        Cell::Number(row.churn.to_string()),
        Cell::Number(row.authors.to_string()),
    ]);
    cells
}

/// The folder and file tables, the project total last.
fn write_density(
    out: &mut dyn Write,
    markdown: bool,
    heading: &[String],
    table: &Density,
    top: usize,
    min_code: u32,
) -> std::io::Result<()> {
    for line in heading {
        writeln!(out, "{line}")?;
    }
    let columns = ["code", "defects", "per KLOC", "90% interval", "fixes", "commits", "churn", "authors"];
    for (name, rows, with_files) in [("folder", &table.folders, true), ("file", &table.files, false)] {
        let shown = if top == 0 { rows.len() } else { top.min(rows.len()) };
        writeln!(out)?;
        let title = if shown < rows.len() {
            format!("{name}s: {shown} of {} (--top shows more)", rows.len())
        } else {
            format!("{name}s: {}", rows.len())
        };
        let mut header = vec!["#", name];
        if with_files {
            header.push("files");
        }
        header.extend(columns);
        let mut cells: Vec<Vec<Cell>> = Vec::with_capacity(shown + 1);
        let mut rank = 0;
        for row in rows.iter().take(shown) {
            let position = row.ranked.then(|| {
                rank += 1;
                rank
            });
            cells.push(density_cells(position, row, with_files));
        }
        if !with_files {
            cells.push(density_cells(None, &table.total, false));
        }
        write_titled(out, markdown, &title, &header, &cells)?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "per KLOC: distinct defects per 1,000 lines of code; rows under {min_code} lines of code have no rank"
    )
}

/// `--verbose`: the fix commits behind the counts of each folder and file shown, then the
/// commits an exclusion left out.
fn write_audit(
    out: &mut dyn Write,
    markdown: bool,
    table: &Density,
    top: usize,
    excluded: &[ExcludedCommit],
) -> std::io::Result<()> {
    let mut counted = Vec::new();
    for (kind, rows) in [("folder", &table.folders), ("file", &table.files)] {
        let shown = if top == 0 { rows.len() } else { top.min(rows.len()) };
        for row in rows.iter().take(shown).filter(|row| !row.defect_ids.is_empty()) {
            audit_row(&mut counted, kind, row);
        }
    }
    let mut lines = Vec::new();
    if counted.is_empty() {
        lines.push("fix commits counted: none in the folders and files shown".to_owned());
    } else {
        lines.push("fix commits counted:".to_owned());
        lines.append(&mut counted);
    }
    if !excluded.is_empty() {
        lines.push(format!("{} not counted as fixes:", plural(excluded.len(), "commit", "commits")));
    }
    for commit in excluded {
        lines.push(format!("  {}  {}  [{}]", short_id(&commit.commit), commit.subject, commit.exclusion));
    }
    writeln!(out)?;
    if markdown {
        writeln!(out, "### audit\n\n```text")?;
    }
    for line in lines {
        writeln!(out, "{line}")?;
    }
    if markdown {
        writeln!(out, "```")?;
    }
    Ok(())
}

/// A folder's or file's lines of the audit: its defects, then each fix commit counted.
fn audit_row(lines: &mut Vec<String>, kind: &str, row: &Row) {
    let defects: Vec<&str> = row.defect_ids.iter().map(|id| audit_id(id)).collect();
    lines.push(format!(
        "{kind} {}: {} ({}), {}",
        row.path,
        plural(row.defect_ids.len(), "defect", "defects"),
        defects.join(", "),
        plural(row.fix_commits.len(), "fix commit", "fix commits")
    ));
    for fix in &row.fix_commits {
        let defects: Vec<&str> = fix.defects.iter().map(|id| audit_id(id)).collect();
        lines.push(format!(
            "  {}  {}  [{}: {}]",
            short_id(&fix.commit),
            fix.subject,
            fix.rule,
            defects.join(", ")
        ));
    }
}

/// A commit's short id: its first 7 digits.
fn short_id(id: &str) -> &str {
    id.get(..7).unwrap_or(id)
}

/// A defect as the audit names it: an issue id, or a fix commit's short id.
fn audit_id(id: &str) -> &str {
    let is_commit = id.len() >= 7 && id.bytes().all(|b| b.is_ascii_hexdigit());
    if is_commit { short_id(id) } else { id }
}

/// A table under a title: aligned text, or Markdown.
fn write_titled(
    out: &mut dyn Write,
    markdown: bool,
    title: &str,
    header: &[&str],
    rows: &[Vec<Cell>],
) -> std::io::Result<()> {
    if !markdown {
        writeln!(out, "{title}")?;
        return write_table(out, header, rows);
    }
    writeln!(out, "### {title}\n")?;
    writeln!(out, "| {} |", header.join(" | "))?;
    let alignment: Vec<&str> = (0..header.len())
        .map(|i| match rows.first().and_then(|row| row.get(i)) {
            Some(Cell::Number(_)) => "--:",
            _ => "---",
        })
        .collect();
    writeln!(out, "|{}|", alignment.join("|"))?;
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .map(|cell| {
                let (Cell::Text(text) | Cell::Number(text)) = cell;
                plumb_report::text::markdown_cell(text)
            })
            .collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    Ok(())
}

/// The JSON document of `plumb hotspots`.
#[derive(Debug, Serialize)]
struct HotspotsDocument<'a> {
    schema_version: u32,
    window: Window,
    files: &'a [FileHotspot],
    functions: &'a [FunctionHotspot],
}

/// `plumb hotspots`.
pub(crate) fn hotspots(args: &HotspotsArgs) -> Result<u8> {
    let (since, history) = window(args.window.since.as_deref())?;
    let run = crate::run::run(&args.window.input, &RuleFlags::default(), false, &|_| true, None)?;
    output::problems(&run.report.problems, args.window.input.color);
    let (mut file_rows, mut function_rows) = hotspot_rows(&run.report, &history, &since)?;
    crate::cli::keep_top(&mut file_rows, args.top);
    crate::cli::keep_top(&mut function_rows, args.top);
    let window = Window::new(&since, &history);
    let mut out = output::stdout(args.window.input.color);
    match args.format {
        HotspotsFormat::Json => {
            let document =
                HotspotsDocument { schema_version: 1, window, files: &file_rows, functions: &function_rows };
            serde_json::to_writer(&mut out, &document)?;
            writeln!(out)?;
        }
        HotspotsFormat::Human | HotspotsFormat::Markdown => {
            let markdown = args.format == HotspotsFormat::Markdown;
            writeln!(out, "hotspots {}: {} commits", since.describe(), window.commits)?;
            writeln!(out)?;
            let rows: Vec<Vec<Cell>> = file_rows
                .iter()
                .enumerate()
                .map(|(i, row)| {
                    vec![
                        Cell::Number((i + 1).to_string()),
                        Cell::Text(row.path.clone()),
                        Cell::Number(row.commits.to_string()),
                        Cell::Number(row.churn.to_string()),
                        Cell::Number(row.functions.to_string()),
                        Cell::Number(row.complexity.to_string()),
                        Cell::Number(row.score.to_string()),
                    ]
                })
                .collect();
            let header = ["#", "file", "commits", "churn", "functions", "complexity", "score"];
            write_titled(
                &mut out,
                markdown,
                "files: commits x complexity (sum of cyclomatic)",
                &header,
                &rows,
            )?;
            writeln!(out)?;
            let rows: Vec<Vec<Cell>> = function_rows
                .iter()
                .enumerate()
                .map(|(i, row)| {
                    vec![
                        Cell::Number((i + 1).to_string()),
                        Cell::Text(row.function.clone()),
                        Cell::Text(format!("{}:{}", row.path, row.line)),
                        Cell::Number(row.changes.to_string()),
                        Cell::Number(row.cyclomatic.to_string()),
                        Cell::Number(row.score.to_string()),
                    ]
                })
                .collect();
            let header = ["#", "function", "at", "changes", "cyclomatic", "score"];
            write_titled(&mut out, markdown, "functions: changes x cyclomatic complexity", &header, &rows)?;
        }
    }
    out.flush()?;
    Ok(SUCCESS)
}

/// The window of history `--since` (or the configuration) asks for, read before any file is
/// analysed, so that a directory outside git fails at once.
pub(crate) fn window(since_arg: Option<&str>) -> Result<(Since, History)> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let config = history_config(&cwd)?;
    let since = since(since_arg, &config)?;
    let history = read_history(&cwd, &since)?;
    Ok((since, history))
}

/// The hotspots of a run's files in a window: files and functions, highest score first.
fn hotspot_rows(
    report: &Report,
    history: &History,
    since: &Since,
) -> Result<(Vec<FileHotspot>, Vec<FunctionHotspot>)> {
    let rules = FixRules::new(&FixOptions::default(), None)?;
    let stats = Stats::gather(history, &rules, None);
    let files: Vec<hotspots::SourceFile> = report
        .files
        .iter()
        .filter_map(|file| {
            Some(hotspots::SourceFile {
                path: file.path.clone(),
                history_path: history_path(&file.path, history)?,
                functions: file
                    .functions
                    .iter()
                    .map(|function| hotspots::Function {
                        name: function.qualified_name.clone(),
                        start_line: function.start_line,
                        end_line: function.end_line,
                        cyclomatic: function.cyclomatic,
                    })
                    .collect(),
            })
        })
        .collect();
    let paths = files.iter().map(|file| file.history_path.clone()).collect();
    let changes = hotspots::changes(history, since, &paths).context("cannot read the git history")?;
    Ok((hotspots::files(&files, &stats), hotspots::functions(&files, &changes)))
}

/// The hotspots of `plumb report`: every file and function, as `plumb hotspots --top 0` ranks
/// them.
pub(crate) fn page_hotspots(report: &Report, since: &Since, history: &History) -> Result<page::Hotspots> {
    let (files, functions) = hotspot_rows(report, history, since)?;
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

/// `plumb check --history`: each measured file's history in the window, for the JSON output.
pub(crate) fn attach(report: &mut Report) -> Result<()> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let config = history_config(&cwd)?;
    let since = since(None, &config)?;
    let history = read_history(&cwd, &since).context("--history")?;
    let options = FixOptions {
        presets: config.fix_presets.clone(),
        patterns: config.fix_patterns.clone(),
        default_exclusions: config.default_exclusions.unwrap_or(true),
        exclude_patterns: config.exclude_patterns.clone(),
    };
    let list = match &config.defects {
        Some(path) => Some(export::read(path)?),
        None => None,
    };
    let rules = FixRules::new(&options, list.as_ref())?;
    let stats = Stats::gather(&history, &rules, list.as_ref());
    for file in &mut report.files {
        let found = history_path(&file.path, &history).and_then(|path| stats.file(&path));
        file.history = Some(found.map_or_else(FileHistory::default, |found| FileHistory {
            commits: found.commits.len() as u32,
            fixes: found.fixes.len() as u32,
            defects: found.defects.len() as u32,
            added: found.added,
            deleted: found.deleted,
            authors: found.authors.len() as u32,
        }));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_paths_are_root_relative() {
        let history = History { prefix: "sub/".to_owned(), ..History::default() };
        assert_eq!(history_path("src/a.rs", &history).as_deref(), Some("sub/src/a.rs"));
        assert_eq!(history_path("../top.rs", &history).as_deref(), Some("top.rs"));
        let root = History::default();
        assert_eq!(history_path("../outside.rs", &root), None);
    }
}
