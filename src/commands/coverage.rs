//! `plumb coverage`: the least covered files and functions of coverage reports.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use plumb_engine::RunOptions;
use plumb_engine::coverage::Reports;
use plumb_report::{CoverageSummary, CoverageTally, FunctionCoverage, FunctionReport};

use crate::ExitStatus;
use crate::cli::{CacheArgs, Color, CoverageCommandArgs, InputArgs, MetricsFormat};
use crate::commands::{analyse, workspace};
use crate::output;
use crate::tables::{Cell, write_table};

/// `plumb coverage REPORT...`: the least covered files and functions, and the totals.
pub(crate) fn run(args: &CoverageCommandArgs) -> Result<ExitStatus> {
    let ws = workspace()?;
    let reports = Reports::read(&ws, &args.reports, args.coverage_format)?;
    let input = InputArgs {
        paths: if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() },
        max_file_size: None,
        no_ignore: false,
        follow_links: false,
        threads: None,
        no_progress: false,
        color: Color::Never,
        cache: CacheArgs::default(),
    };
    let run = analyse(&ws, &input, None, &RunOptions::default(), reports, None)?;
    output::problems(&run.report.problems, Color::Auto);
    let coverage = run.coverage.unwrap_or_default();
    output::notices(&coverage.check_joined(&run.report.files, false)?);
    let summary = plumb_check::coverage::summarize(&run.report.files, coverage.reports, coverage.unresolved);
    let mut files: Vec<(&str, &CoverageTally)> = run
        .report
        .files
        .iter()
        .filter_map(|file| Some((file.path.as_str(), file.coverage.as_ref()?)))
        .collect();
    files.sort_by(|a, b| worst_first(a.1, b.1));
    crate::cli::keep_top(&mut files, args.top);
    let mut functions: Vec<(&str, &FunctionReport, &FunctionCoverage)> =
        run.report
            .files
            .iter()
            .flat_map(|file| {
                file.functions.iter().filter(|function| function.name != "<module>").filter_map(
                    move |function| Some((file.path.as_str(), function, function.coverage.as_ref()?)),
                )
            })
            .collect();
    functions.sort_by(|a, b| worst_first(&a.2.tally, &b.2.tally));
    crate::cli::keep_top(&mut functions, args.top);
    let mut out = output::stdout(Color::Never);
    match args.format {
        MetricsFormat::Human => write_human(&mut out, &files, &functions, &summary)?,
        MetricsFormat::Json => {
            let document = serde_json::json!({
                "files": files.iter().map(|(path, tally)| {
                    let mut value = serde_json::to_value(tally).unwrap_or_default();
                    value["path"] = serde_json::json!(path);
                    value
                }).collect::<Vec<_>>(),
                "functions": functions.iter().map(|(path, function, coverage)| {
                    let mut value = serde_json::to_value(coverage).unwrap_or_default();
                    value["path"] = serde_json::json!(path);
                    value["name"] = serde_json::json!(function.qualified_name);
                    value["start_line"] = serde_json::json!(function.start_line);
                    value["end_line"] = serde_json::json!(function.end_line);
                    value["cyclomatic"] = serde_json::json!(function.cyclomatic);
                    value
                }).collect::<Vec<_>>(),
                "total": summary.total,
                "files_without_coverage": summary.files_without_coverage,
                "unresolved": summary.unresolved,
                "reports": summary.reports,
            });
            serde_json::to_writer(&mut out, &document)?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(ExitStatus::Success)
}

/// Lowest line coverage first; among equals, most uncovered lines first.
fn worst_first(a: &CoverageTally, b: &CoverageTally) -> std::cmp::Ordering {
    let percent = |tally: &CoverageTally| tally.percent().unwrap_or(100.0);
    percent(a).total_cmp(&percent(b)).then_with(|| b.uncovered().cmp(&a.uncovered()))
}

fn percent_cell(percent: Option<f64>) -> Cell {
    Cell::Number(percent.map_or_else(|| "-".to_owned(), |p| format!("{p:.2}%")))
}

fn branches_cell(tally: &CoverageTally) -> Cell {
    Cell::Number(if tally.branches == 0 {
        "-".to_owned()
    } else {
        format!("{}/{}", tally.branches_covered, tally.branches)
    })
}

fn write_human(
    out: &mut dyn Write,
    files: &[(&str, &CoverageTally)],
    functions: &[(&str, &FunctionReport, &FunctionCoverage)],
    summary: &CoverageSummary,
) -> Result<()> {
    writeln!(out, "Least covered files")?;
    let rows: Vec<Vec<Cell>> = files
        .iter()
        .map(|(path, tally)| {
            vec![
                percent_cell(tally.percent()),
                Cell::Number(tally.lines.to_string()),
                Cell::Number(tally.covered.to_string()),
                branches_cell(tally),
                Cell::Text((*path).to_owned()),
            ]
        })
        .collect();
    write_table(out, &["LINES%", "LINES", "COVERED", "BRANCHES", "FILE"], &rows)?;
    writeln!(out, "\nLeast covered functions")?;
    let rows: Vec<Vec<Cell>> = functions
        .iter()
        .map(|(path, function, coverage)| {
            vec![
                percent_cell(coverage.tally.percent()),
                Cell::Number(coverage.tally.lines.to_string()),
                Cell::Number(function.cyclomatic.to_string()),
                Cell::Number(coverage.crap.map_or_else(|| "-".to_owned(), |crap| format!("{crap:.1}"))),
                Cell::Text(function.qualified_name.clone()),
                Cell::Text(format!("{path}:{}", function.start_line)),
            ]
        })
        .collect();
    write_table(out, &["LINES%", "LINES", "CC", "CRAP", "FUNCTION", "LOCATION"], &rows)?;
    let total = &summary.total;
    write!(
        out,
        "\ntotal: {} of {} instrumented lines covered ({})",
        total.covered,
        total.lines,
        total.percent().map_or_else(|| "-".to_owned(), |p| format!("{p:.2}%"))
    )?;
    if let Some(branches) = total.branch_percent() {
        write!(out, "; {} of {} branches ({branches:.2}%)", total.branches_covered, total.branches)?;
    }
    writeln!(out)?;
    if summary.files_without_coverage > 0 {
        writeln!(out, "{} analysed files are not in any report", summary.files_without_coverage)?;
    }
    Ok(())
}
