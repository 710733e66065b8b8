//! Coverage reports on the command line: globs expanded, reports read, their paths resolved to
//! the analysed files, and the coverage totals and gates of a run.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context as _, Result, bail};
use globset::GlobBuilder;
use plumb_coverage::resolve::{Resolver, go_module};
use plumb_coverage::{Coverage, FileCoverage, Format};
use plumb_report::{CoverageSummary, CoverageTally, FunctionCoverage, FunctionReport};

use crate::cli::{Color, CoverageArgs, CoverageCommandArgs, InputArgs, MetricsFormat, RuleFlags};
use crate::output;
use crate::tables::{Cell, write_table};

/// The reports a run reads, each read once, before any file is analysed.
pub(crate) struct Reports {
    /// Each report as named (the glob's match), with what it holds.
    reports: Vec<(String, Coverage)>,
}

/// The coverage a run found for its files.
#[derive(Default)]
pub(crate) struct RunCoverage {
    /// The reports, as named.
    pub(crate) reports: Vec<String>,
    /// Report paths that matched no analysed file, or several.
    pub(crate) unresolved: Vec<String>,
    /// The coverage of each analysed file a report covers, by the file's shown path.
    pub(crate) files: HashMap<String, Arc<FileCoverage>>,
}

impl Reports {
    /// Expands and reads the reports `args` name; `None` when there are none. An unreadable or
    /// malformed report is an error naming it: a quality gate must not pass on a report it could
    /// not read.
    pub(crate) fn load(args: &CoverageArgs) -> Result<Option<Reports>> {
        Self::read(&args.reports, args.coverage_format)
    }

    /// Expands and reads reports.
    pub(crate) fn read(patterns: &[String], format: Option<Format>) -> Result<Option<Reports>> {
        if patterns.is_empty() {
            return Ok(None);
        }
        let mut reports = Vec::new();
        for pattern in patterns {
            for path in expand(pattern)? {
                let name = crate::discover::display_path(&path, Path::new(""));
                let file = std::fs::File::open(&path)
                    .with_context(|| format!("cannot read the coverage report `{name}`"))?;
                let coverage = plumb_coverage::read(&mut BufReader::with_capacity(1 << 16, file), format)
                    .with_context(|| format!("cannot read the coverage report `{name}`"))?;
                reports.push((name, coverage));
            }
        }
        Ok(Some(Reports { reports }))
    }

    /// Resolves every report's paths against the analysed files and merges them. `files` are
    /// the analysed files as shown, with their paths relative to the repository `root`.
    pub(crate) fn resolve(
        self,
        root: &Path,
        files: &[(String, String)],
        path_map: &[(String, String)],
    ) -> RunCoverage {
        let relative: Vec<String> = files.iter().map(|(_, relative)| relative.clone()).collect();
        let resolver = Resolver { root, files: &relative, path_map };
        let module = std::fs::read_to_string(root.join("go.mod")).ok();
        let mut merged: Option<Coverage> = None;
        let mut run = RunCoverage::default();
        for (name, mut coverage) in self.reports {
            if coverage.format == Format::Go
                && let Some(module) = module.as_deref().and_then(go_module)
            {
                coverage.roots.push(module.to_owned());
            }
            let outcome = resolver.resolve(coverage);
            let mut unresolved: Vec<String> = outcome.unresolved;
            unresolved.extend(
                outcome
                    .ambiguous
                    .iter()
                    .map(|(path, candidates)| format!("{path} (matches {})", candidates.join(", "))),
            );
            if !unresolved.is_empty() {
                output::warning(&format!(
                    "{} of `{name}` match no analysed file, or several: {}",
                    paths(unresolved.len()),
                    sample(&unresolved)
                ));
            }
            if !outcome.outside.is_empty() {
                output::warning(&format!(
                    "{} of `{name}` are outside the repository and ignored: {}",
                    paths(outcome.outside.len()),
                    sample(&outcome.outside)
                ));
            }
            run.unresolved.extend(unresolved);
            match &mut merged {
                Some(merged) => merged.merge(outcome.coverage),
                None => merged = Some(outcome.coverage),
            }
            run.reports.push(name);
        }
        let mut by_relative = merged.map(|coverage| coverage.files).unwrap_or_default();
        for (shown, relative) in files {
            if let Some(coverage) = by_relative.remove(relative) {
                run.files.insert(shown.clone(), Arc::new(coverage));
            }
        }
        run.unresolved.sort();
        run
    }
}

/// `1 path`, `3 paths`.
fn paths(count: usize) -> String {
    if count == 1 { "1 path".to_owned() } else { format!("{count} paths") }
}

/// The first few of a list, and how many more.
fn sample(items: &[String]) -> String {
    const SHOWN: usize = 3;
    let mut text = items.iter().take(SHOWN).map(|item| format!("`{item}`")).collect::<Vec<_>>().join(", ");
    if items.len() > SHOWN {
        let _ = write!(text, " and {} more", items.len() - SHOWN);
    }
    text
}

/// The files a report argument names: itself, or the files its glob matches (sorted). A glob
/// that matches nothing is an error, as is a file that does not exist.
/// A report named without a glob: anything but a directory. A FIFO is read as a stream
/// (`--coverage <(gunzip -c lcov.info.gz)`).
fn literal(pattern: &str) -> Result<PathBuf> {
    let path = PathBuf::from(pattern);
    match std::fs::metadata(&path) {
        Ok(metadata) if metadata.is_dir() => {
            bail!("cannot read the coverage report `{pattern}`: it is a directory, not a report")
        }
        Ok(_) => Ok(path),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            bail!("cannot read the coverage report `{pattern}`: no such file")
        }
        Err(error) => bail!("cannot read the coverage report `{pattern}`: {error}"),
    }
}

fn expand(pattern: &str) -> Result<Vec<PathBuf>> {
    let is_glob = pattern.contains(['*', '?', '[', '{']);
    if !is_glob {
        return Ok(vec![literal(pattern)?]);
    }
    let pattern = pattern.strip_prefix("./").unwrap_or(pattern);
    let matcher = GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .with_context(|| format!("invalid glob `{pattern}`"))?
        .compile_matcher();
    // Walk from the longest directory prefix without glob characters. Reports usually live in
    // ignored directories (target/, coverage/), so ignore files are not respected here.
    let base: PathBuf = Path::new(pattern)
        .components()
        .take_while(|part| !part.as_os_str().to_string_lossy().contains(['*', '?', '[', '{']))
        .collect();
    let walk_root = if base.as_os_str().is_empty() { PathBuf::from(".") } else { base };
    let mut found = Vec::new();
    for entry in ignore::WalkBuilder::new(&walk_root).standard_filters(false).build() {
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_some_and(|kind| kind.is_file()) {
            continue;
        }
        let path = entry.path().strip_prefix("./").unwrap_or(entry.path());
        if matcher.is_match(path) {
            found.push(path.to_path_buf());
        }
    }
    if found.is_empty() {
        bail!("no coverage report matches `{pattern}`");
    }
    found.sort();
    Ok(found)
}

/// `plumb coverage REPORT...`: the least covered files and functions, and the totals.
pub(crate) fn command(args: &CoverageCommandArgs) -> Result<u8> {
    let reports = Reports::read(&args.reports, args.coverage_format)?;
    let input = InputArgs {
        paths: if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() },
        max_file_size: None,
        no_ignore: false,
        follow_links: false,
        threads: None,
        no_progress: false,
        color: Color::Never,
    };
    let run = crate::run::run(&input, &RuleFlags::default(), false, &|_| true, reports)?;
    output::problems(&run.report.problems, Color::Auto);
    let coverage = run.coverage.unwrap_or_default();
    let summary = plumb_check::coverage::summarize(&run.report.files, coverage.reports, coverage.unresolved);
    let mut files: Vec<(&str, &CoverageTally)> = run
        .report
        .files
        .iter()
        .filter_map(|file| Some((file.path.as_str(), file.coverage.as_ref()?)))
        .collect();
    files.sort_by(|a, b| worst_first(a.1, b.1));
    files.truncate(args.top);
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
    functions.truncate(args.top);
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
    Ok(crate::SUCCESS)
}

/// Lowest line coverage first; among equals, most uncovered lines first.
fn worst_first(a: &CoverageTally, b: &CoverageTally) -> std::cmp::Ordering {
    let percent = |tally: &CoverageTally| tally.percent().unwrap_or(100.0);
    percent(a).total_cmp(&percent(b)).then_with(|| (b.lines - b.covered).cmp(&(a.lines - a.covered)))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_files_below_their_literal_prefix() {
        let dir = tempfile::tempdir().unwrap();
        for file in ["cov/a/lcov.info", "cov/b/lcov.info", "cov/b/other.txt", "lcov.info"] {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
        let root = dir.path().display().to_string();
        let found = expand(&format!("{root}/cov/**/lcov.info")).unwrap();
        let names: Vec<_> = found.iter().map(|p| p.strip_prefix(dir.path()).unwrap().to_owned()).collect();
        assert_eq!(names, [Path::new("cov/a/lcov.info"), Path::new("cov/b/lcov.info")]);
        let error = expand(&format!("{root}/cov/*.xml")).unwrap_err().to_string();
        assert!(error.starts_with("no coverage report matches"), "{error}");
        let error = expand(&format!("{root}/missing.info")).unwrap_err().to_string();
        assert!(error.ends_with("missing.info`: no such file"), "{error}");
    }
}
