//! The versioned JSON document (`docs/json.md` is its schema).

use std::io::{self, Write};

use serde::Serialize;

use super::Number;

use crate::{CoverageSummary, FileReport, Finding, Problem, Report, Summary};

/// Bumped on any incompatible change to the document's shape.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    schema_version: u32,
    files: &'a [FileReport],
    findings: Vec<JsonFinding<'a>>,
    problems: &'a [Problem],
    summary: &'a Summary,
    #[serde(skip_serializing_if = "Option::is_none")]
    coverage: Option<&'a CoverageSummary>,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    level: &'a str,
    path: &'a str,
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
    message: &'a str,
    function: Option<&'a str>,
    value: Option<Number>,
    threshold: Option<Number>,
    fingerprint: &'a str,
}

fn finding(finding: &Finding) -> JsonFinding<'_> {
    JsonFinding {
        rule: finding.rule,
        level: finding.level.as_str(),
        path: &finding.path,
        start_line: finding.span.start.line,
        start_column: finding.span.start.column,
        end_line: finding.span.end.line,
        end_column: finding.span.end.column,
        message: &finding.message,
        function: finding.function.as_deref(),
        value: finding.measure.map(|m| m.value.into()),
        threshold: finding.measure.map(|m| m.threshold.into()),
        fingerprint: &finding.fingerprint,
    }
}

/// Writes the document on one line (it can be large; pipe it to `jq` to read it), with a
/// final newline.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let document = Document {
        schema_version: SCHEMA_VERSION,
        files: &report.files,
        findings: report.findings.iter().map(finding).collect(),
        problems: &report.problems,
        summary: &report.summary,
        coverage: report.coverage.as_ref(),
    };
    // serde_json writes token by token: buffered here, each write is a copy, not a call
    // through `out`.
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer(&mut out, &document)?;
    writeln!(out)?;
    out.flush()
}
