//! The tables of `plumb metrics`: the worst functions and per-language totals.

use std::collections::BTreeMap;
use std::io::{self, Write};

use plumb_lang::Language;
use plumb_report::{FunctionReport, Report};
use serde::Serialize;

use crate::cli::SortKey;

/// Totals for one language (or all of them).
#[derive(Debug, Default, Serialize)]
pub(crate) struct LanguageTotals {
    pub(crate) language: String,
    pub(crate) files: u32,
    pub(crate) lines: u64,
    pub(crate) code: u64,
    pub(crate) comments: u64,
    pub(crate) blanks: u64,
    pub(crate) functions: u32,
    pub(crate) mean_cyclomatic: f64,
    pub(crate) max_cyclomatic: u32,
    #[serde(skip)]
    cyclomatic_sum: u64,
}

impl LanguageTotals {
    fn add(&mut self, other: &LanguageTotals) {
        self.files += other.files;
        self.lines += other.lines;
        self.code += other.code;
        self.comments += other.comments;
        self.blanks += other.blanks;
        self.functions += other.functions;
        self.cyclomatic_sum += other.cyclomatic_sum;
        self.max_cyclomatic = self.max_cyclomatic.max(other.max_cyclomatic);
    }

    #[allow(clippy::cast_precision_loss)]
    fn finish(&mut self) {
        self.mean_cyclomatic =
            if self.functions == 0 { 0.0 } else { self.cyclomatic_sum as f64 / f64::from(self.functions) };
    }
}

/// Per-language totals in display order, then the total of all languages.
pub(crate) fn languages(report: &Report) -> Vec<LanguageTotals> {
    let mut by_language: BTreeMap<usize, LanguageTotals> = BTreeMap::new();
    for file in &report.files {
        let order = Language::ALL.iter().position(|l| l.id() == file.language).unwrap_or(usize::MAX);
        let totals = by_language.entry(order).or_insert_with(|| LanguageTotals {
            language: Language::from_id(file.language).map_or(file.language, Language::name).to_owned(),
            ..LanguageTotals::default()
        });
        totals.files += 1;
        totals.lines += u64::from(file.lines);
        totals.code += u64::from(file.code);
        totals.comments += u64::from(file.comments);
        totals.blanks += u64::from(file.blanks);
        for function in &file.functions {
            totals.functions += 1;
            totals.cyclomatic_sum += u64::from(function.cyclomatic);
            totals.max_cyclomatic = totals.max_cyclomatic.max(function.cyclomatic);
        }
    }
    let mut rows: Vec<LanguageTotals> = by_language.into_values().collect();
    let mut total = LanguageTotals { language: "Total".to_owned(), ..LanguageTotals::default() };
    for row in &mut rows {
        total.add(row);
        row.finish();
    }
    total.finish();
    rows.push(total);
    rows
}

/// Left-aligned text or right-aligned numbers.
pub(crate) enum Cell {
    Text(String),
    Number(String),
}

/// Writes a table with columns as wide as their widest cell, numbers right-aligned.
pub(crate) fn write_table(out: &mut dyn Write, header: &[&str], rows: &[Vec<Cell>]) -> io::Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            let (Cell::Text(text) | Cell::Number(text)) = cell;
            *width = (*width).max(text.chars().count());
        }
    }
    let numeric: Vec<bool> = (0..header.len())
        .map(|i| rows.first().is_some_and(|row| matches!(row.get(i), Some(Cell::Number(_)))))
        .collect();
    let line = |cells: Vec<(&str, bool)>| -> String {
        let parts: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(
                |((text, right), width)| {
                    if *right { format!("{text:>width$}") } else { format!("{text:<width$}") }
                },
            )
            .collect();
        parts.join("  ").trim_end().to_owned()
    };
    writeln!(out, "{}", line(header.iter().zip(&numeric).map(|(h, n)| (*h, *n)).collect()))?;
    for row in rows {
        let cells = row
            .iter()
            .map(|cell| match cell {
                Cell::Text(text) => (text.as_str(), false),
                Cell::Number(text) => (text.as_str(), true),
            })
            .collect();
        writeln!(out, "{}", line(cells))?;
    }
    Ok(())
}

fn sort_name(sort: SortKey) -> &'static str {
    match sort {
        SortKey::Cyclomatic => "cyclomatic complexity",
        SortKey::Cognitive => "cognitive complexity",
        SortKey::Code => "lines of code",
        SortKey::Params => "parameters",
    }
}

pub(crate) fn write_human(
    out: &mut dyn Write,
    worst: &[(&str, &FunctionReport)],
    languages: &[LanguageTotals],
    sort: SortKey,
) -> io::Result<()> {
    let n = |v: u32| Cell::Number(v.to_string());
    if !worst.is_empty() {
        writeln!(out, "Worst {} by {}", worst.len(), sort_name(sort))?;
        let rows: Vec<Vec<Cell>> = worst
            .iter()
            .map(|(path, f)| {
                vec![
                    n(f.cyclomatic),
                    n(f.cognitive),
                    n(f.code),
                    n(f.params),
                    n(f.max_nesting),
                    Cell::Text(f.qualified_name.clone()),
                    Cell::Text(format!("{path}:{}", f.start_line)),
                ]
            })
            .collect();
        write_table(out, &["CC", "COG", "CODE", "PARAMS", "NEST", "FUNCTION", "LOCATION"], &rows)?;
        writeln!(out)?;
    }
    let rows: Vec<Vec<Cell>> = languages
        .iter()
        .map(|l| {
            vec![
                Cell::Text(l.language.clone()),
                n(l.files),
                Cell::Number(l.code.to_string()),
                Cell::Number(l.comments.to_string()),
                Cell::Number(l.blanks.to_string()),
                n(l.functions),
                Cell::Number(format!("{:.2}", l.mean_cyclomatic)),
                n(l.max_cyclomatic),
            ]
        })
        .collect();
    write_table(
        out,
        &["LANGUAGE", "FILES", "CODE", "COMMENTS", "BLANKS", "FUNCTIONS", "MEAN CC", "MAX CC"],
        &rows,
    )
}

#[derive(Serialize)]
struct WorstFunction<'a> {
    path: &'a str,
    #[serde(flatten)]
    function: &'a FunctionReport,
}

#[derive(Serialize)]
struct MetricsDocument<'a> {
    schema_version: u32,
    functions: Vec<WorstFunction<'a>>,
    languages: &'a [LanguageTotals],
}

pub(crate) fn write_json(
    out: &mut dyn Write,
    worst: &[(&str, &FunctionReport)],
    languages: &[LanguageTotals],
) -> io::Result<()> {
    let document = MetricsDocument {
        schema_version: plumb_report::render::json::SCHEMA_VERSION,
        functions: worst.iter().map(|(path, function)| WorstFunction { path, function }).collect(),
        languages,
    };
    serde_json::to_writer(&mut *out, &document)?;
    writeln!(out)
}

/// A table under a title: aligned text, or Markdown.
pub(crate) fn write_titled(
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
