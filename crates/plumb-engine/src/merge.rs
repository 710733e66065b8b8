//! Reading shard reports back: the JSON documents `plumb check --shard K/N --format json`
//! writes, with each finding's detail, into the report model, so that `plumb merge` renders
//! every format as one run would.

use plumb_lang::Language;
use plumb_metrics::{CyclomaticVariant, DecisionKind, NestedFunctions};
use plumb_report::{
    ChangedCoverage, CountingReport, CoverageSummary, CoverageTally, DecisionReport, FileHistory, FileReport,
    Finding, FunctionCoverage, FunctionReport, IncrementReport, Label, Level, Measure, Metric, Position,
    Problem, Report, Span,
};
use serde::Deserialize;

/// The files, findings and problems of a shard report, in its order.
pub fn read_report(text: &str) -> Result<Report, String> {
    let document: Document =
        serde_json::from_str(text).map_err(|error| format!("not a plumb JSON report: {error}"))?;
    if document.schema_version != plumb_report::render::json::SCHEMA_VERSION {
        return Err(format!("schema version {} is not this plumb's", document.schema_version));
    }
    if document.coverage.as_ref().is_some_and(|coverage| coverage.gates.is_none()) {
        return Err("its coverage has no gates: it is not a shard's report".to_owned());
    }
    let files = document.files.into_iter().map(JsonFile::into_report).collect::<Result<_, _>>()?;
    let findings = document.findings.into_iter().map(JsonFinding::into_finding).collect::<Result<_, _>>()?;
    let problems = document
        .problems
        .into_iter()
        .map(|problem| Problem { path: problem.path, message: problem.message })
        .collect();
    Ok(Report { files, findings, problems, coverage: document.coverage, ..Report::default() })
}

/// The coverage of a run from that of its shards (each shard's summary, in the report's
/// `coverage`, is taken out), over the merged report's files in path order, and the run-wide
/// gates the shards recorded, applied as one run applies them.
pub fn merge_coverage(report: &mut Report, shards: &[CoverageSummary]) -> Result<(), String> {
    let Some(first) = shards.first() else { return Ok(()) };
    let rules = |shard: &CoverageSummary| shard.gates.as_ref().map(|gates| (gates.coverage, gates.changed));
    if shards.iter().any(|shard| shard.reports != first.reports || rules(shard) != rules(first)) {
        return Err("the shards read different coverage reports or have different coverage gates".to_owned());
    }
    // A report's path that no shard's files match is unresolved in every shard.
    let unresolved = first
        .unresolved
        .iter()
        .filter(|path| shards.iter().all(|shard| shard.unresolved.contains(path)))
        .cloned();
    let mut summary =
        plumb_check::coverage::summarize(&report.files, first.reports.clone(), unresolved.collect());
    summary.changed = changed(shards)?;
    if summary.total.lines == 0 && summary.changed.is_none() && !report.files.is_empty() {
        return Err(format!(
            "the coverage reports measure none of the {} files' lines (run one shard's `plumb check` \
             without --shard for why)",
            report.files.len()
        ));
    }
    // Each shard's file with the most uncovered lines; of those, the run's.
    let gates = shards
        .iter()
        .filter_map(|shard| shard.gates.as_ref())
        .filter_map(|gates| Some((gates, plumb_check::coverage::place(gates, &report.files)?)))
        .min_by(|(_, a), (_, b)| {
            plumb_check::coverage::most_uncovered_first((a.path, &a.tally), (b.path, &b.tally))
        });
    let findings = match gates {
        Some((gates, at)) => plumb_check::coverage::project_findings(&summary, gates, Some(at)),
        None => first
            .gates
            .as_ref()
            .map_or_else(Vec::new, |gates| plumb_check::coverage::project_findings(&summary, gates, None)),
    };
    crate::coverage::add_findings(report, findings);
    report.coverage = Some(summary);
    Ok(())
}

/// The changed lines' coverage of every shard together, in changed-code mode.
fn changed(shards: &[CoverageSummary]) -> Result<Option<ChangedCoverage>, String> {
    let parts: Vec<&ChangedCoverage> = shards.iter().filter_map(|shard| shard.changed.as_ref()).collect();
    let Some(first) = parts.first() else { return Ok(None) };
    if parts.len() != shards.len() {
        return Err("some shards are in changed-code mode and others not".to_owned());
    }
    let mut changed = ChangedCoverage { minimum: first.minimum, ..ChangedCoverage::default() };
    for part in parts {
        changed.tally.add(&part.tally);
        changed.files.extend(part.files.iter().cloned());
    }
    changed.files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Some(changed))
}

#[derive(Deserialize)]
struct Document {
    schema_version: u32,
    files: Vec<JsonFile>,
    findings: Vec<JsonFinding>,
    problems: Vec<JsonProblem>,
    coverage: Option<CoverageSummary>,
}

#[derive(Deserialize)]
struct JsonProblem {
    path: String,
    message: String,
}

#[derive(Deserialize)]
struct JsonFile {
    path: String,
    language: String,
    lines: u32,
    code: u32,
    comments: u32,
    blanks: u32,
    syntax_errors: u32,
    counting: JsonCounting,
    functions: Vec<JsonFunction>,
    coverage: Option<CoverageTally>,
    history: Option<JsonHistory>,
}

#[derive(Deserialize)]
struct JsonCounting {
    cyclomatic_variant: String,
    count_boolean_operators: bool,
    nested_functions: String,
}

#[derive(Deserialize)]
struct JsonHistory {
    commits: u32,
    fixes: u32,
    defects: u32,
    added: u64,
    deleted: u64,
    authors: u32,
}

#[derive(Deserialize)]
struct JsonFunction {
    name: String,
    qualified_name: String,
    start_line: u32,
    start_column: u32,
    end_line: u32,
    cyclomatic: u32,
    cognitive: u32,
    lines: u32,
    code: u32,
    params: u32,
    max_nesting: u32,
    returns: u32,
    early_exits: u32,
    decision_points: Vec<JsonDecision>,
    increments: Option<Vec<JsonIncrement>>,
    coverage: Option<FunctionCoverage>,
}

#[derive(Deserialize)]
struct JsonDecision {
    kind: String,
    line: u32,
    column: u32,
}

#[derive(Deserialize)]
struct JsonIncrement {
    metric: String,
    line: u32,
    column: u32,
    kind: String,
    adds: u32,
    nesting: u32,
}

#[derive(Deserialize)]
struct JsonFinding {
    rule: String,
    level: String,
    path: String,
    message: String,
    function: Option<String>,
    value: Option<f64>,
    threshold: Option<f64>,
    fingerprint: String,
    detail: Option<JsonDetail>,
}

#[derive(Deserialize)]
struct JsonDetail {
    span: [u32; 8],
    label: Option<String>,
    labels: Vec<JsonLabel>,
    notes: Vec<String>,
    help: Option<String>,
}

#[derive(Deserialize)]
struct JsonLabel {
    span: [u32; 8],
    message: String,
}

/// One of `names` (the `&'static str` the report model holds), or an error naming `what`.
fn known(
    names: impl IntoIterator<Item = &'static str>,
    name: &str,
    what: &str,
) -> Result<&'static str, String> {
    names.into_iter().find(|known| *known == name).ok_or_else(|| format!("unknown {what} `{name}`"))
}

fn kind(name: &str) -> Result<&'static str, String> {
    known(DecisionKind::ALL.iter().map(|kind| kind.as_str()), name, "construct")
}

impl JsonFile {
    fn into_report(self) -> Result<FileReport, String> {
        let language = Language::from_id(&self.language)
            .ok_or_else(|| format!("unknown language `{}`", self.language))?;
        let counting = CountingReport {
            cyclomatic_variant: known(
                [CyclomaticVariant::Classic.as_str(), CyclomaticVariant::Modified.as_str()],
                &self.counting.cyclomatic_variant,
                "cyclomatic variant",
            )?,
            count_boolean_operators: self.counting.count_boolean_operators,
            nested_functions: known(
                [NestedFunctions::Exclude.as_str(), NestedFunctions::Include.as_str()],
                &self.counting.nested_functions,
                "nested-functions setting",
            )?,
        };
        let functions =
            self.functions.into_iter().map(JsonFunction::into_report).collect::<Result<_, _>>()?;
        let history = self.history.map(|h| FileHistory {
            commits: h.commits,
            fixes: h.fixes,
            defects: h.defects,
            added: h.added,
            deleted: h.deleted,
            authors: h.authors,
        });
        Ok(FileReport {
            path: self.path,
            language: language.id(),
            lines: self.lines,
            code: self.code,
            comments: self.comments,
            blanks: self.blanks,
            syntax_errors: self.syntax_errors,
            counting,
            functions,
            coverage: self.coverage,
            history,
        })
    }
}

impl JsonFunction {
    fn into_report(self) -> Result<FunctionReport, String> {
        let decision_points = self
            .decision_points
            .into_iter()
            .map(|point| {
                Ok(DecisionReport { kind: kind(&point.kind)?, line: point.line, column: point.column })
            })
            .collect::<Result<_, String>>()?;
        let increments = self
            .increments
            .map(|increments| {
                increments.into_iter().map(JsonIncrement::into_report).collect::<Result<_, _>>()
            })
            .transpose()?;
        Ok(FunctionReport {
            name: self.name,
            qualified_name: self.qualified_name,
            start_line: self.start_line,
            start_column: self.start_column,
            end_line: self.end_line,
            cyclomatic: self.cyclomatic,
            cognitive: self.cognitive,
            lines: self.lines,
            code: self.code,
            params: self.params,
            max_nesting: self.max_nesting,
            returns: self.returns,
            early_exits: self.early_exits,
            decision_points,
            increments,
            coverage: self.coverage,
        })
    }
}

impl JsonIncrement {
    fn into_report(self) -> Result<IncrementReport, String> {
        let metric = match self.metric.as_str() {
            "cyclomatic" => Metric::Cyclomatic,
            "cognitive" => Metric::Cognitive,
            other => return Err(format!("unknown metric `{other}`")),
        };
        Ok(IncrementReport {
            metric,
            line: self.line,
            column: self.column,
            kind: kind(&self.kind)?,
            adds: self.adds,
            nesting: self.nesting,
        })
    }
}

fn span(numbers: [u32; 8]) -> Span {
    let position = |at: usize| Position {
        byte: numbers[at],
        line: numbers[at + 1],
        column: numbers[at + 2],
        utf16_column: numbers[at + 3],
    };
    Span { start: position(0), end: position(4) }
}

impl JsonFinding {
    fn into_finding(self) -> Result<Finding, String> {
        let detail = self.detail.ok_or_else(|| {
            "its findings have no detail: write shard reports with `plumb check --shard K/N --format json`"
                .to_owned()
        })?;
        let level = match self.level.as_str() {
            "error" => Level::Error,
            "warning" => Level::Warning,
            "note" => Level::Note,
            other => return Err(format!("unknown level `{other}`")),
        };
        let measure = self.value.zip(self.threshold).map(|(value, threshold)| Measure { value, threshold });
        Ok(Finding {
            rule: known(plumb_check::RULES.iter().map(|rule| rule.id), &self.rule, "rule")?,
            level,
            path: self.path,
            span: span(detail.span),
            message: self.message,
            label: detail.label,
            function: self.function,
            measure,
            labels: detail
                .labels
                .into_iter()
                .map(|label| Label { span: span(label.span), message: label.message })
                .collect(),
            notes: detail.notes,
            help: detail.help,
            fingerprint: self.fingerprint,
        })
    }
}
