//! `plumb hotspots`: files and functions ranked by change frequency (git history) times
//! complexity.

use std::io::Write;

use anyhow::Result;
use plumb_engine::RunOptions;
use plumb_engine::history::{self, Window};
use plumb_history::hotspots::{FileHotspot, FunctionHotspot};
use serde::Serialize;

use crate::ExitStatus;
use crate::cli::{HotspotsArgs, HotspotsFormat};
use crate::commands::{analyse, workspace};
use crate::output;
use crate::tables::{Cell, write_titled};

/// The JSON document of `plumb hotspots`.
#[derive(Debug, Serialize)]
struct HotspotsDocument<'a> {
    schema_version: u32,
    window: Window,
    files: &'a [FileHotspot],
    functions: &'a [FunctionHotspot],
}

/// `plumb hotspots`.
pub(crate) fn run(args: &HotspotsArgs) -> Result<ExitStatus> {
    let ws = workspace()?;
    let (since, history, notices) = history::window(&ws, args.window.since.as_deref())?;
    output::notices(&notices);
    let run = analyse(&ws, &args.window.input, None, &RunOptions::default(), None, None)?;
    output::problems(&run.report.problems, args.window.input.color);
    let (mut file_rows, mut function_rows) = history::hotspots(&run.report, &history, &since)?;
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
    Ok(ExitStatus::Success)
}
