//! The versioned JSON document (`docs/json.md` is its schema).

use std::io::{self, Write};

use serde::Serialize;

use super::{Lazy, Number};

use crate::{CoverageSummary, FileReport, Finding, FunctionReport, Problem, Report, Summary};

/// Bumped on any incompatible change to the document's shape.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a, F: Serialize> {
    schema_version: u32,
    files: &'a [FileReport],
    findings: F,
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
    /// What the other formats need besides, for `plumb merge` ([`render_detailed`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<Detail<'a>>,
}

/// A finding's positions in full, and the texts only the other formats show.
#[derive(Serialize)]
struct Detail<'a> {
    span: JsonSpan,
    label: Option<&'a str>,
    labels: Vec<JsonLabel<'a>>,
    notes: &'a [String],
    help: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    span: JsonSpan,
    message: &'a str,
}

/// `[byte, line, column, utf16_column]` of the start, then of the end.
#[derive(Serialize)]
struct JsonSpan([u32; 8]);

impl JsonSpan {
    fn of(span: &plumb_text::Span) -> Self {
        let (a, b) = (span.start, span.end);
        Self([a.byte, a.line, a.column, a.utf16_column, b.byte, b.line, b.column, b.utf16_column])
    }
}

fn detail(finding: &Finding) -> Detail<'_> {
    Detail {
        span: JsonSpan::of(&finding.span),
        label: finding.label.as_deref(),
        labels: finding
            .labels
            .iter()
            .map(|label| JsonLabel { span: JsonSpan::of(&label.span), message: &label.message })
            .collect(),
        notes: &finding.notes,
        help: finding.help.as_deref(),
    }
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
        detail: None,
    }
}

fn with_detail(found: &Finding, detailed: bool) -> JsonFinding<'_> {
    JsonFinding { detail: detailed.then(|| detail(found)), ..finding(found) }
}

/// [`render`], with each finding's `detail`: its positions in bytes and UTF-16 columns, its
/// labels, notes and help. A shard's report (`plumb check --shard`), from which `plumb merge`
/// renders every format as one run would.
pub fn render_detailed(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    write(report, out, true)
}

/// Writes the document on one line (it can be large; pipe it to `jq` to read it), with a
/// final newline.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    write(report, out, false)
}

fn write(report: &Report, out: &mut dyn Write, detailed: bool) -> io::Result<()> {
    let mut stream = Stream::new(out, detailed);
    for file in &report.files {
        stream.file(file)?;
    }
    stream.finish(report)?.flush()
}

/// The document written as a run goes on: each file's entry as it comes (in path order), then
/// the rest from the finished report, whose `files` are not written again. The same bytes as
/// [`render`] (or [`render_detailed`]) of a report holding those files; nothing is written
/// before the first file, so that a run that stops before any leaves no partial document.
pub struct Stream<W: Write> {
    // serde_json writes token by token: buffered here, each write is a copy, not a call
    // through `out`.
    out: io::BufWriter<W>,
    detailed: bool,
    started: bool,
    numbers: itoa::Buffer,
}

impl<W: Write> Stream<W> {
    /// A document to write into `out`; `detailed` as [`render_detailed`].
    pub fn new(out: W, detailed: bool) -> Self {
        Self { out: io::BufWriter::with_capacity(1 << 16, out), detailed, started: false, numbers: itoa::Buffer::new() }
    }

    /// Where the document is written.
    pub fn get_ref(&self) -> &W {
        self.out.get_ref()
    }

    /// Writes one file's entry.
    pub fn file(&mut self, file: &FileReport) -> io::Result<()> {
        if self.started {
            self.out.write_all(b",{")?;
        } else {
            self.out.write_all(HEAD)?;
            self.out.write_all(b"[{")?;
            self.started = true;
        }
        FastJson { out: &mut self.out, numbers: &mut self.numbers }.file(file)?;
        self.out.write_all(b"}")
    }

    /// Writes the rest of the document from `report` (its findings, problems, summary and
    /// coverage; not its files), flushes, and gives back where it was written.
    pub fn finish(mut self, report: &Report) -> io::Result<W> {
        let detailed = self.detailed;
        let document = Document {
            schema_version: SCHEMA_VERSION,
            files: &[],
            findings: Lazy(|| report.findings.iter().map(move |found| with_detail(found, detailed))),
            problems: &report.problems,
            summary: &report.summary,
            coverage: report.coverage.as_ref(),
        };
        // The document's bulk, `files`, is written by `file`; serde_json the rest, with an
        // empty array in its place, whose `[` is left out when the array is open already.
        let skip = if self.started { HEAD.len() + 1 } else { 0 };
        let mut tail = Tail { out: &mut self.out, skip, seen: 0 };
        serde_json::to_writer(&mut tail, &document)?;
        self.out.write_all(b"\n")?;
        self.out.into_inner().map_err(io::IntoInnerError::into_error)
    }
}

/// What the document starts with, up to the `files` array.
const HEAD: &[u8] = br#"{"schema_version":1,"files":"#;

/// Passes on what is written after its first `skip` bytes, which must be those of [`HEAD`] and
/// the `[` after it.
struct Tail<'w, W> {
    out: &'w mut W,
    skip: usize,
    seen: usize,
}

impl<W: Write> Write for Tail<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let skipped = buf.len().min(self.skip - self.seen);
        let expected = HEAD.iter().chain(b"[").skip(self.seen).take(skipped);
        if !buf[..skipped].iter().eq(expected) {
            return Err(io::Error::other("the document does not start with `files`"));
        }
        self.seen += skipped;
        self.out.write_all(&buf[skipped..])?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Writes `files` as serde_json would (compact, fields in declaration order; a test holds the
/// two equal), without its per-field calls: on a large tree `files` is nearly all of the
/// document, and this takes a fifth of the time.
#[cfg(test)]
fn write_files(out: &mut impl Write, files: &[FileReport]) -> io::Result<()> {
    FastJson { out, numbers: &mut itoa::Buffer::new() }.objects(files, FastJson::file)
}

struct FastJson<'w, W> {
    out: &'w mut W,
    numbers: &'w mut itoa::Buffer,
}

impl<W: Write> FastJson<'_, W> {
    fn file(&mut self, file: &FileReport) -> io::Result<()> {
        self.strings(&[(b"\"path\":", &file.path), (b",\"language\":", file.language)])?;
        self.numbers(&[
            (b",\"lines\":", file.lines),
            (b",\"code\":", file.code),
            (b",\"comments\":", file.comments),
            (b",\"blanks\":", file.blanks),
            (b",\"syntax_errors\":", file.syntax_errors),
        ])?;
        let counting = &file.counting;
        self.strings(&[(b",\"counting\":{\"cyclomatic_variant\":", counting.cyclomatic_variant)])?;
        self.out.write_all(if counting.count_boolean_operators {
            b",\"count_boolean_operators\":true"
        } else {
            b",\"count_boolean_operators\":false"
        })?;
        self.strings(&[(b",\"nested_functions\":", counting.nested_functions)])?;
        self.out.write_all(b"},\"functions\":")?;
        self.objects(&file.functions, Self::function)?;
        self.optional(b",\"coverage\":", file.coverage.as_ref())?;
        self.optional(b",\"history\":", file.history.as_ref())
    }

    fn function(&mut self, function: &FunctionReport) -> io::Result<()> {
        self.strings(&[(b"\"name\":", &function.name), (b",\"qualified_name\":", &function.qualified_name)])?;
        self.numbers(&[
            (b",\"start_line\":", function.start_line),
            (b",\"start_column\":", function.start_column),
            (b",\"end_line\":", function.end_line),
            (b",\"cyclomatic\":", function.cyclomatic),
            (b",\"cognitive\":", function.cognitive),
            (b",\"lines\":", function.lines),
            (b",\"code\":", function.code),
            (b",\"params\":", function.params),
            (b",\"max_nesting\":", function.max_nesting),
            (b",\"returns\":", function.returns),
            (b",\"early_exits\":", function.early_exits),
        ])?;
        self.out.write_all(b",\"decision_points\":")?;
        self.objects(&function.decision_points, |json, point| {
            json.strings(&[(b"\"kind\":", point.kind)])?;
            json.numbers(&[(b",\"line\":", point.line), (b",\"column\":", point.column)])
        })?;
        if let Some(increments) = &function.increments {
            self.out.write_all(b",\"increments\":")?;
            self.objects(increments, |json, increment| {
                json.strings(&[(b"\"metric\":", increment.metric.as_str())])?;
                json.numbers(&[(b",\"line\":", increment.line), (b",\"column\":", increment.column)])?;
                json.strings(&[(b",\"kind\":", increment.kind)])?;
                json.numbers(&[(b",\"adds\":", increment.adds), (b",\"nesting\":", increment.nesting)])
            })?;
        }
        self.optional(b",\"coverage\":", function.coverage.as_ref())
    }

    /// An array of objects; `write` writes each one's fields.
    fn objects<T>(
        &mut self,
        items: &[T],
        mut write: impl FnMut(&mut Self, &T) -> io::Result<()>,
    ) -> io::Result<()> {
        for (i, item) in items.iter().enumerate() {
            self.out.write_all(if i == 0 { b"[{" } else { b",{" })?;
            write(self, item)?;
            self.out.write_all(b"}")?;
        }
        self.out.write_all(if items.is_empty() { b"[]" } else { b"]" })
    }

    /// Keys (with their leading comma) and strings.
    fn strings(&mut self, fields: &[(&[u8], &str)]) -> io::Result<()> {
        for &(key, value) in fields {
            self.out.write_all(key)?;
            string(self.out, value)?;
        }
        Ok(())
    }

    /// Keys (with their leading comma) and numbers.
    fn numbers(&mut self, fields: &[(&[u8], u32)]) -> io::Result<()> {
        for &(key, value) in fields {
            self.out.write_all(key)?;
            self.out.write_all(self.numbers.format(value).as_bytes())?;
        }
        Ok(())
    }

    /// A field that is left out when it is `None`, as `skip_serializing_if` does.
    fn optional(&mut self, key: &[u8], value: Option<&impl Serialize>) -> io::Result<()> {
        if let Some(value) = value {
            self.out.write_all(key)?;
            serde_json::to_writer(&mut *self.out, value)?;
        }
        Ok(())
    }
}

/// A JSON string: as it is when nothing in it needs escaping, else by serde_json.
fn string(out: &mut dyn Write, text: &str) -> io::Result<()> {
    if text.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
        return Ok(serde_json::to_writer(out, text)?);
    }
    out.write_all(b"\"")?;
    out.write_all(text.as_bytes())?;
    out.write_all(b"\"")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::testing::{file, finding, function, output};
    use crate::Level;
    use crate::{
        CountingReport, CoverageTally, DecisionReport, FileHistory, FunctionCoverage, IncrementReport, Metric,
    };

    #[test]
    fn files_are_written_as_serde_json_writes_them() {
        let mut quoted = function("say \"hi\"\n\u{1}", 3, 2, 1, 4);
        quoted.qualified_name = "T::say \\ é".into();
        quoted.decision_points = vec![
            DecisionReport { kind: "if", line: 4, column: 5 },
            DecisionReport { kind: "and", line: 4, column: 10 },
        ];
        quoted.increments = Some(vec![
            IncrementReport {
                metric: Metric::Cyclomatic,
                line: 4,
                column: 5,
                kind: "if",
                adds: 1,
                nesting: 0,
            },
            IncrementReport {
                metric: Metric::Cognitive,
                line: 4,
                column: 5,
                kind: "if",
                adds: 3,
                nesting: 2,
            },
        ]);
        quoted.coverage = Some(FunctionCoverage {
            tally: CoverageTally { lines: 3, covered: 2, branches: 0, branches_covered: 0 },
            crap: Some(2.296_296),
        });
        let mut covered = file("src/a b.rs", vec![function("main", 1, 1, 0, 1), quoted]);
        covered.counting = CountingReport {
            cyclomatic_variant: "modified",
            count_boolean_operators: false,
            nested_functions: "include",
        };
        covered.coverage = Some(CoverageTally { lines: 3, covered: 2, branches: 4, branches_covered: 1 });
        covered.history =
            Some(FileHistory { commits: 3, fixes: 1, defects: 1, added: 10, deleted: 2, authors: 2 });
        let mut left_out = function("g", 1, 1, 0, 1);
        left_out.increments = None;
        let files =
            [covered, file("empty.rs", vec![]), file("one.rs", vec![function("f", 1, 1, 0, 1), left_out])];
        for count in 0..=files.len() {
            let mut written = Vec::new();
            write_files(&mut written, &files[..count]).unwrap();
            let expected = serde_json::to_string(&files[..count]).unwrap();
            assert_eq!(String::from_utf8(written).unwrap(), expected);
        }
    }

    #[test]
    fn the_document_is_serde_json_s_with_files_in_place() {
        // With files (their array opened by the stream) and without, with findings and without.
        let files = vec![file("a.rs", vec![function("main", 1, 1, 0, 1)])];
        let findings = vec![
            finding("cyclomatic-complexity", Level::Error, "a.rs", 1, 4, "a \"quoted\" message"),
            finding("file-length", Level::Warning, "b.rs", 1, 1, "long"),
        ];
        for (files, findings) in [(files.clone(), vec![]), (files, findings.clone()), (vec![], findings)] {
            let report = Report { files, findings, ..Report::default() };
            for detailed in [false, true] {
                let written = output(if detailed { render_detailed } else { render }, &report);
                let document = Document {
                    schema_version: SCHEMA_VERSION,
                    files: &report.files,
                    findings: report.findings.iter().map(|found| with_detail(found, detailed)).collect::<Vec<_>>(),
                    problems: &report.problems,
                    summary: &report.summary,
                    coverage: None,
                };
                assert_eq!(written, serde_json::to_string(&document).unwrap() + "\n");
            }
        }
    }
}
