//! `plumb defects`: defect density per file and folder, from the fix commits of git history (and
//! a defect list), with churn; a CI gate with `--gate`. What is counted is decided by
//! [`plumb_history`] (see docs/history.md).

use std::io::Write;

use anyhow::Result;
use plumb_engine::RunOptions;
use plumb_engine::history::{self, Window};
use plumb_history::density::{self, Density, Row};
use plumb_history::export::DefectList;
use plumb_history::fixes::FixRules;
use plumb_history::log::Since;
use plumb_history::stats::{ExcludedCommit, Stats};
use plumb_report::text::plural;
use plumb_report::{Finding, Level, Report, render};
use serde::Serialize;

use crate::ExitStatus;
use crate::cli::{DefectsArgs, DefectsFormat};
use crate::commands::{analyse, run_info, workspace};
use crate::output;
use crate::tables::{Cell, write_titled};

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
pub(crate) fn run(args: &DefectsArgs) -> Result<ExitStatus> {
    let ws = workspace()?;
    let config = history::config(&ws)?;
    let since = history::since(args.window.since.as_deref(), &config)?;
    let (list, notices) = history::defect_list(&ws, args.defects.as_deref(), &config)?;
    output::notices(&notices);
    let options = history::fix_options(&args.fix_choice(), &config);
    let rules = FixRules::new(&options, list.as_ref())?;
    if rules.is_empty() {
        anyhow::bail!("no fix rule: give a --fix-preset other than `none`, or a --fix-pattern");
    }
    let gate = history::gate_settings(&ws, args.gate, args.max_density)?;
    let (history, notices) = history::read(&ws, &since)?;
    output::notices(&notices);
    history::refuse_gate_on_a_cut_window(&history, &gate)?;
    let run = analyse(&ws, &args.window.input, None, &RunOptions::default(), None, None)?;
    output::problems(&run.report.problems, args.window.input.color);
    let stats = Stats::gather(&history, &rules, list.as_ref());
    let files: Vec<density::SourceFile> = run
        .report
        .files
        .iter()
        .map(|file| density::SourceFile {
            path: file.path.clone(),
            history_path: history::history_path(&file.path, &history).unwrap_or_default(),
            code: file.code,
        })
        .collect();
    let min_code = args.min_code.or(config.min_code).unwrap_or(density::Options::default().min_code);
    let table = density::compute(&files, &stats, density::Options { min_code });
    let findings = history::gate_findings(&table, &gate);
    let window = Window::new(&since, &history);
    let excluded = stats.excluded(&history);
    let mut out = output::stdout(args.window.input.color);
    let code = if findings.iter().any(|finding| finding.level == Level::Error) {
        ExitStatus::Findings
    } else {
        ExitStatus::Success
    };
    match args.format {
        DefectsFormat::Sarif => {
            let run = run_info(&ws, code);
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
