//! What a change did to each function: the report of `plumb diff` (its JSON output is exactly
//! these structures, see `docs/json.md`), and its human, Markdown and GitHub renderers.
//!
//! The engine decides every status and sorts the functions (worst first); the renderers here
//! only lay them out.

use std::io::{self, Write};

use serde::Serialize;

use crate::Problem;
use crate::text::{aligned, markdown_cell as cell, plural};

/// What happened to a function between the base and the working tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// A measure an enabled rule limits went up.
    Worse,
    /// The function is not in the base.
    New,
    /// The function is gone.
    Removed,
    /// No limited measure went up, and at least one went down.
    Better,
    /// No limited measure changed.
    Unchanged,
}

impl Status {
    /// `worse`, `new`, `removed`, `better`, `unchanged`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Worse => "worse",
            Self::New => "new",
            Self::Removed => "removed",
            Self::Better => "better",
            Self::Unchanged => "unchanged",
        }
    }
}

/// A function's measures on one side.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Measures {
    /// Line of its declaration.
    pub start_line: u32,
    /// Its last line.
    pub end_line: u32,
    /// Cyclomatic complexity.
    pub cyclomatic: u32,
    /// Cognitive complexity.
    pub cognitive: u32,
    /// Code lines.
    pub code: u32,
    /// Parameters.
    pub params: u32,
    /// Deepest nesting.
    pub nesting: u32,
    /// Line coverage in percent, when a coverage report covers it (the working tree only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coverage: Option<f64>,
}

/// One function, before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunctionDelta {
    /// Its file (in the working tree; at the base when removed), as `plumb check` shows it.
    pub path: String,
    /// Its file at the base, when that was another one (a renamed file, a moved function).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_path: Option<String>,
    /// Its qualified name (in the working tree; at the base when removed).
    pub qualified_name: String,
    /// Its qualified name at the base, when it was renamed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_qualified_name: Option<String>,
    /// What happened to it.
    pub status: Status,
    /// Whether the change takes it over a threshold or further over one: it is new and over a
    /// threshold, or a measure over its threshold went up.
    pub regression: bool,
    /// Its measures at the base, unless new.
    pub before: Option<Measures>,
    /// Its measures in the working tree, unless removed.
    pub after: Option<Measures>,
    /// The rules whose thresholds it was over at the base.
    pub over_before: Vec<&'static str>,
    /// The rules whose thresholds it is over now.
    pub over_after: Vec<&'static str>,
    /// Whether it has no name of its own (a closure, lambda or block that is not bound to a
    /// name): the tables count such functions rather than list them, unless they regress.
    #[serde(skip)]
    pub anonymous: bool,
}

/// Functions per status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// New functions.
    pub new: u32,
    /// Removed ones.
    pub removed: u32,
    /// Worse ones.
    pub worse: u32,
    /// Better ones.
    pub better: u32,
    /// Unchanged ones.
    pub unchanged: u32,
    /// Regressions among the new and worse ones.
    pub regressions: u32,
}

impl Counts {
    /// Counts one more function.
    pub fn add(&mut self, status: Status, regression: bool) {
        let slot = match status {
            Status::New => &mut self.new,
            Status::Removed => &mut self.removed,
            Status::Worse => &mut self.worse,
            Status::Better => &mut self.better,
            Status::Unchanged => &mut self.unchanged,
        };
        *slot += 1;
        self.regressions += u32::from(regression);
    }
}

/// How many functions are over one rule's threshold, before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Share {
    /// The rule.
    pub rule: &'static str,
    /// Functions over its threshold at the base.
    pub before: u32,
    /// Functions over it now.
    pub after: u32,
    /// Their share of the functions at the base, in percent (two decimals).
    pub share_before: f64,
    /// Their share now.
    pub share_after: f64,
    /// `share_after - share_before`, in percentage points.
    pub change: f64,
}

/// One file that differs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileDelta {
    /// The file in the working tree (at the base when removed).
    pub path: String,
    /// Its path at the base, when renamed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_path: Option<String>,
    /// `added`, `removed`, `modified` or `renamed`.
    pub status: &'static str,
    /// Its functions at the base.
    pub functions_before: u32,
    /// Its functions now.
    pub functions_after: u32,
    /// Its functions per status (a function moved in from another file counts in its new file).
    pub counts: Counts,
    /// Per rule with a threshold: the functions over it, before and after.
    pub over: Vec<Share>,
}

/// Totals over the files that differ.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Totals {
    /// Files that differ.
    pub files: u32,
    /// Their functions at the base.
    pub functions_before: u32,
    /// Their functions now.
    pub functions_after: u32,
    /// Functions per status.
    pub counts: Counts,
    /// Per rule with a threshold: the functions over it, before and after.
    pub over: Vec<Share>,
}

/// What was compared with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BaseInfo {
    /// The revision as given (or the upstream chosen).
    pub rev: String,
    /// The commit compared with.
    pub commit: String,
    /// Its abbreviated id.
    pub short: String,
    /// `revision`, `merge-base` (where the branch left the revision) or `unrelated`.
    pub kind: &'static str,
}

/// The whole comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeltaReport {
    /// What the working tree was compared with.
    pub base: BaseInfo,
    /// Totals.
    pub total: Totals,
    /// The files that differ, by path.
    pub files: Vec<FileDelta>,
    /// Every function of those files, worst first: regressions, then worse, new, removed,
    /// better and unchanged, each by the largest rise (or fall) first.
    pub functions: Vec<FunctionDelta>,
    /// Files that could not be read or analysed on either side.
    pub problems: Vec<Problem>,
}

impl DeltaReport {
    /// One line: `2 regressions: 1 function worse, 1 new over a threshold; 3 improved`.
    pub fn verdict(&self) -> String {
        let counts = &self.total.counts;
        let improved = plural(counts.better, "function improved", "functions improved");
        if counts.regressions == 0 {
            return format!(
                "No function got worse over a threshold since {} ({}); {improved}.",
                self.base.rev, self.base.short
            );
        }
        let worse = self.functions.iter().filter(|f| f.regression && f.status == Status::Worse).count();
        let new = self.functions.iter().filter(|f| f.regression && f.status == Status::New).count();
        let mut parts = Vec::new();
        if worse > 0 {
            parts.push(format!(
                "{} over a threshold or further over it",
                plural(worse, "function went", "functions went")
            ));
        }
        if new > 0 {
            parts.push(format!("{} over a threshold", plural(new, "new function", "new functions")));
        }
        format!(
            "{} since {} ({}): {}; {improved}.",
            plural(counts.regressions, "regression", "regressions"),
            self.base.rev,
            self.base.short,
            parts.join(", "),
        )
    }

    /// The shares over thresholds worth showing: those with a function over on either side.
    pub fn shares(&self) -> impl Iterator<Item = &Share> {
        self.total.over.iter().filter(|share| share.before > 0 || share.after > 0)
    }
}

/// `12`, `12 → 14`, or `-`.
fn change(before: Option<u32>, after: Option<u32>) -> String {
    match (before, after) {
        (Some(b), Some(a)) if a == b => a.to_string(),
        (Some(b), Some(a)) => format!("{b} → {a}"),
        (None, Some(a)) => a.to_string(),
        (Some(b), None) => b.to_string(),
        (None, None) => "-".to_owned(),
    }
}

/// One of a function's measures.
pub type Measure = fn(&Measures) -> u32;

/// The measures shown in the tables: name and accessor.
const COLUMNS: [(&str, Measure); 5] = [
    ("Cyclomatic", |m| m.cyclomatic),
    ("Cognitive", |m| m.cognitive),
    ("Code lines", |m| m.code),
    ("Params", |m| m.params),
    ("Nesting", |m| m.nesting),
];

/// The cells of a function's row: status, function, location, then each column, then its
/// line coverage when `coverage`.
fn cells(function: &FunctionDelta, coverage: bool) -> Vec<String> {
    let name = match &function.old_qualified_name {
        Some(old) => format!("{} (was {old})", function.qualified_name),
        None => function.qualified_name.clone(),
    };
    let line = function.after.or(function.before).map_or(0, |m| m.start_line);
    let location = match &function.old_path {
        Some(old) => format!("{}:{line} (from {old})", function.path),
        None => format!("{}:{line}", function.path),
    };
    let status = if function.regression { "REGRESSION" } else { function.status.as_str() };
    let mut row = vec![status.to_owned(), name, location];
    for (_, value) in COLUMNS {
        row.push(change(function.before.as_ref().map(value), function.after.as_ref().map(value)));
    }
    if coverage {
        row.push(function.after.and_then(|m| m.coverage).map_or_else(|| "-".to_owned(), |p| format!("{p}%")));
    }
    row
}

/// The column names: status, function, location, the measures, and `Coverage` when the working
/// tree's coverage is known.
fn header(coverage: bool) -> Vec<&'static str> {
    let mut header = vec!["Status", "Function", "Location"];
    header.extend(COLUMNS.iter().map(|(name, _)| *name));
    if coverage {
        header.push("Coverage");
    }
    header
}

/// Whether any function carries its line coverage (the diff was run with `--coverage`).
fn has_coverage(report: &DeltaReport) -> bool {
    report.functions.iter().any(|f| f.after.is_some_and(|m| m.coverage.is_some()))
}

/// Whether a function gets a row of its own: it changed, and it has a name or regressed.
fn listed(function: &FunctionDelta) -> bool {
    function.status != Status::Unchanged && (function.regression || !function.anonymous)
}

/// `2 unnamed functions (closures, lambdas) changed under the thresholds, not listed; ...`,
/// when some changed.
fn unnamed_line(report: &DeltaReport) -> Option<String> {
    let count = report.functions.iter().filter(|f| f.status != Status::Unchanged && !listed(f)).count();
    (count > 0).then(|| {
        format!(
            "{} (closures, lambdas, blocks) changed under the thresholds, counted but not listed: \
             --format json lists them",
            plural(count, "unnamed function", "unnamed functions")
        )
    })
}

/// The human table: every function that changed (unchanged ones are counted), worst first,
/// then the totals and the shares over thresholds.
pub fn render_human(report: &DeltaReport, out: &mut dyn Write) -> io::Result<()> {
    let coverage = has_coverage(report);
    let rows: Vec<Vec<String>> =
        report.functions.iter().filter(|f| listed(f)).map(|f| cells(f, coverage)).collect();
    let unnamed = unnamed_line(report);
    if rows.is_empty() && unnamed.is_none() {
        writeln!(out, "No function changed its measures.")?;
    } else {
        if !rows.is_empty() {
            let header: Vec<String> = header(coverage).iter().map(|h| (*h).to_owned()).collect();
            aligned(out, &header, &rows)?;
        }
        if let Some(unnamed) = unnamed {
            writeln!(out, "{unnamed}")?;
        }
        writeln!(out)?;
    }
    writeln!(out, "{}", totals_line(&report.total))?;
    for share in report.shares() {
        writeln!(out, "{}", share_line(share))?;
    }
    writeln!(out, "{}", report.verdict())
}

/// `3 files, 12 → 13 functions: 1 new, 0 removed, 2 worse, 1 better, 9 unchanged`.
fn totals_line(total: &Totals) -> String {
    let counts = &total.counts;
    format!(
        "{}, {} → {} functions: {} new, {} removed, {} worse, {} better, {} unchanged",
        plural(total.files, "file", "files"),
        total.functions_before,
        total.functions_after,
        counts.new,
        counts.removed,
        counts.worse,
        counts.better,
        counts.unchanged
    )
}

/// `cyclomatic-complexity: 2 → 3 functions over the threshold (16.67% → 23.08%, +6.41 points)`.
fn share_line(share: &Share) -> String {
    format!(
        "{}: {} → {} over the threshold ({}% → {}%, {:+} points)",
        share.rule,
        share.before,
        plural(share.after, "function", "functions"),
        share.share_before,
        share.share_after,
        share.change
    )
}

/// Rows in each Markdown table before the rest is folded.
pub const MAX_ROWS: usize = 20;

/// A pull-request comment: a one-line verdict, the regressions (worse or new over a
/// threshold), the improvements, and the rest folded in `<details>`.
pub fn render_markdown(report: &DeltaReport, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## plumb diff\n")?;
    let icon = if report.total.counts.regressions == 0 { "✅" } else { "❌" };
    writeln!(out, "{icon} {}\n", cell(&report.verdict()))?;
    let regressions: Vec<&FunctionDelta> = report.functions.iter().filter(|f| f.regression).collect();
    let better: Vec<&FunctionDelta> =
        report.functions.iter().filter(|f| f.status == Status::Better && listed(f)).collect();
    let rest: Vec<&FunctionDelta> = report
        .functions
        .iter()
        .filter(|f| listed(f) && !f.regression && f.status != Status::Better)
        .collect();
    let coverage = has_coverage(report);
    markdown_table(out, "### Regressions", &regressions, coverage)?;
    markdown_table(out, "### Improvements", &better, coverage)?;
    if !rest.is_empty() {
        writeln!(
            out,
            "<details><summary>{} changed under the thresholds</summary>\n",
            plural(rest.len(), "other function", "other functions")
        )?;
        markdown_table(out, "", &rest, coverage)?;
        writeln!(out, "</details>\n")?;
    }
    if let Some(unnamed) = unnamed_line(report) {
        writeln!(out, "{}\n", cell(&unnamed))?;
    }
    writeln!(out, "{}\n", cell(&totals_line(&report.total)))?;
    let shares: Vec<String> =
        report.shares().map(|share| format!("- {}", cell(&share_line(share)))).collect();
    if !shares.is_empty() {
        writeln!(out, "{}", shares.join("\n"))?;
    }
    Ok(())
}

/// A titled table of functions, at most [`MAX_ROWS`] rows and a line counting the rest;
/// nothing when there are none.
fn markdown_table(
    out: &mut dyn Write,
    title: &str,
    functions: &[&FunctionDelta],
    coverage: bool,
) -> io::Result<()> {
    if functions.is_empty() {
        return Ok(());
    }
    if !title.is_empty() {
        writeln!(out, "{title}\n")?;
    }
    let header = header(coverage);
    writeln!(out, "| {} |", header.join(" | "))?;
    let align: Vec<&str> =
        header.iter().enumerate().map(|(i, _)| if i < 3 { "---" } else { "---:" }).collect();
    writeln!(out, "| {} |", align.join(" | "))?;
    for function in functions.iter().take(MAX_ROWS) {
        let row: Vec<String> = cells(function, coverage).iter().map(|text| cell(text)).collect();
        writeln!(out, "| {} |", row.join(" | "))?;
    }
    if functions.len() > MAX_ROWS {
        writeln!(out, "\n{} more not shown.", functions.len() - MAX_ROWS)?;
    }
    writeln!(out)
}

/// GitHub Actions annotations: an error on each regression, at its declaration.
pub fn render_github(report: &DeltaReport, out: &mut dyn Write) -> io::Result<()> {
    for function in report.functions.iter().filter(|f| f.regression) {
        let Some(after) = function.after else { continue };
        let measures: Vec<String> = COLUMNS
            .iter()
            .map(|(name, value)| {
                format!(
                    "{} {}",
                    name.to_lowercase(),
                    change(function.before.as_ref().map(value), Some(value(&after)))
                )
            })
            .collect();
        let message = format!(
            "`{}` is {} over {}: {}",
            function.qualified_name,
            if function.status == Status::New { "new and" } else { "further" },
            function.over_after.join(", "),
            measures.join(", ")
        );
        writeln!(
            out,
            "::error file={},line={},title=plumb diff::{}",
            property(&function.path),
            after.start_line,
            data(&message)
        )?;
    }
    Ok(())
}

/// A workflow command's message, escaped as `@actions/core` does.
fn data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A workflow command's property value.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}
