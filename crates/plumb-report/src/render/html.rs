//! The HTML report: one self-contained page (`plumb report`) with a treemap of the files, a
//! hotspot scatter plot, a trend chart, a table of every function, the findings by rule, and
//! each file's source with its functions' numbers in the margin.
//!
//! The page is one file with nothing to fetch: its script and style are inline, named by their
//! hashes in a Content-Security-Policy that forbids every other script, style, image, font,
//! frame and connection. The data is one JSON document in a `<script type="application/json">`
//! element, in columns (one array per field) rather than one object per row, so that a field's
//! name is written once. The script follows, then the sources, in chunks of about 1 MiB, each
//! compressed with DEFLATE and written in base64 (about a third of their size, for code); the
//! page inflates a chunk with the browser's own `DecompressionStream` when a file in it is first
//! opened.
//!
//! Like every renderer it computes no metric: the page's script lays out, sorts, filters and
//! zooms what the report holds.

use std::collections::HashMap;
use std::io::{self, Write};

use base64::Engine as _;
use serde::Serialize;

use crate::page::{Changes, Hotspots, LineRun, Page, Thresholds, TrendPoint};
use crate::{FileReport, Level, Problem, Report, Summary, round2};

/// The page's script.
pub const SCRIPT: &str = include_str!("html/page.js");
/// The page's style sheet.
pub const STYLE: &str = include_str!("html/page.css");
/// The base64 SHA-256 of [`SCRIPT`], which the Content-Security-Policy allows (a test checks it).
pub const SCRIPT_SHA256: &str = "sha256-1X9p+q4UIyzz5lFoLY1n1YU1usgJ20w4oVcBlq1cTME=";
/// The base64 SHA-256 of [`STYLE`].
pub const STYLE_SHA256: &str = "sha256-g150EbYrgXnhzstv56FUaDkpn60SKcSTk62MdsGE7os=";

/// Sources are compressed in chunks of at least this many bytes (a larger file is a chunk of
/// its own): the page inflates only the chunk of the file it shows.
const CHUNK: usize = 1 << 20;

/// The version of the page's data document.
const SCHEMA: u32 = 1;

/// What went into the page, for the command to report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Written {
    /// Bytes of the whole page.
    pub total: u64,
    /// Bytes of the JSON data.
    pub data: u64,
    /// Files whose source the page holds.
    pub source_files: usize,
    /// Bytes of those sources.
    pub source_bytes: u64,
    /// Bytes they take in the page (compressed, in base64).
    pub source_encoded: u64,
}

/// Writes the page. `source` gives the text of a file (by its path in the report) to embed, or
/// `None` to leave it out; it is asked for each file in report order.
pub fn render(
    page: &Page<'_>,
    source: &mut dyn FnMut(&str) -> Option<String>,
    out: &mut dyn Write,
) -> io::Result<Written> {
    let mut chunks = Chunks::default();
    let locations: Vec<Option<[usize; 3]>> =
        page.report.files.iter().map(|file| source(&file.path).map(|text| chunks.add(&text))).collect();
    chunks.flush();
    let mut out = Counted { out: io::BufWriter::with_capacity(1 << 16, out), bytes: 0 };
    write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"plumb {}\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n\
         <body>\n<noscript>This report is drawn by its script: open it in a browser with JavaScript \
         enabled.</noscript>\n<script type=\"application/json\" id=\"plumb-data\">",
        content_security_policy(),
        escape(&page.report.run.version),
        escape(&page.title),
    )?;
    let before = out.bytes;
    serde_json::to_writer(ScriptText { out: &mut out }, &data(page, &locations))?;
    let data_bytes = out.bytes - before;
    out.write_all(b"</script>\n")?;
    // The script runs as soon as the parser reaches it: the sources after it are parsed while
    // the page is already drawn.
    writeln!(out, "<script>{SCRIPT}</script>")?;
    let before = out.bytes;
    for (index, chunk) in chunks.done.iter().enumerate() {
        write!(out, "<script type=\"application/octet-stream\" id=\"plumb-source-{index}\">")?;
        out.write_all(base64::engine::general_purpose::STANDARD.encode(chunk).as_bytes())?;
        out.write_all(b"</script>\n")?;
    }
    let source_encoded = out.bytes - before;
    out.write_all(b"</body>\n</html>\n")?;
    out.out.flush()?;
    Ok(Written {
        total: out.bytes,
        data: data_bytes,
        source_files: locations.iter().flatten().count(),
        source_bytes: chunks.bytes,
        source_encoded,
    })
}

/// Nothing but the page's own script and style; no request of any kind.
fn content_security_policy() -> String {
    format!(
        "default-src 'none'; script-src '{SCRIPT_SHA256}'; style-src '{STYLE_SHA256}'; \
         base-uri 'none'; form-action 'none'"
    )
}

/// Text for HTML content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// Sources, concatenated and compressed chunk by chunk.
#[derive(Default)]
struct Chunks {
    /// Compressed chunks.
    done: Vec<Vec<u8>>,
    /// The chunk being filled.
    current: Vec<u8>,
    /// Bytes of source in all chunks.
    bytes: u64,
}

impl Chunks {
    /// Adds a file's text; where it is: chunk, byte offset in the chunk, bytes.
    fn add(&mut self, text: &str) -> [usize; 3] {
        let at = [self.done.len(), self.current.len(), text.len()];
        self.current.extend_from_slice(text.as_bytes());
        self.bytes += text.len() as u64;
        if self.current.len() >= CHUNK {
            self.flush();
        }
        at
    }

    fn flush(&mut self) {
        if !self.current.is_empty() {
            self.done.push(miniz_oxide::deflate::compress_to_vec(&self.current, 6));
            self.current.clear();
        }
    }
}

/// A writer that counts what it writes.
struct Counted<W: Write> {
    out: W,
    bytes: u64,
}

impl<W: Write> Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let written = self.out.write(buf)?;
        self.bytes += written as u64;
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// JSON written inside a `<script>` element: every `<` (which JSON has only inside strings) is
/// written `\u003c`, so that no `</script>` or `<!--` in a name or message ends the element.
struct ScriptText<'a, W: Write> {
    out: &'a mut W,
}

impl<W: Write> Write for ScriptText<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        for piece in buf.split_inclusive(|&b| b == b'<') {
            match piece.split_last() {
                Some((b'<', text)) => {
                    self.out.write_all(text)?;
                    self.out.write_all(b"\\u003c")?;
                }
                _ => self.out.write_all(piece)?,
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// The page's data document (`docs/report.md` describes it).
#[derive(Serialize)]
struct Data<'a> {
    schema: u32,
    title: &'a str,
    version: &'a str,
    command: &'a str,
    summary: &'a Summary,
    thresholds: Thresholds,
    #[serde(skip_serializing_if = "Option::is_none")]
    coverage: Option<CoverageData<'a>>,
    files: Files<'a>,
    functions: Functions<'a>,
    findings: Findings<'a>,
    rules: Vec<RuleData>,
    problems: &'a [Problem],
    #[serde(skip_serializing_if = "Option::is_none")]
    hotspots: Option<HotspotData<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    trend: Option<&'a [TrendPoint]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    changed: Option<ChangedData<'a>>,
}

/// The lines changed since a base revision.
#[derive(Serialize)]
struct ChangedData<'a> {
    since: &'a str,
    /// Each file's changed lines, flat: first, last, first, last, ...
    lines: Vec<Vec<u32>>,
    /// The functions with a changed line, by index.
    functions: Vec<usize>,
}

#[derive(Serialize)]
struct CoverageData<'a> {
    /// The reports read.
    reports: &'a [String],
    /// Line coverage of the project, in percent.
    percent: Option<f64>,
    lines: u64,
    covered: u64,
    /// Folders and their line coverage in percent.
    folders: Vec<(&'a str, Option<f64>)>,
    /// With changed lines: the coverage of those instrumented, in percent, and their counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    changed: Option<ChangedTally>,
}

#[derive(Serialize)]
struct ChangedTally {
    percent: Option<f64>,
    lines: u64,
    covered: u64,
}

/// One array per field, one entry per file.
#[derive(Serialize)]
struct Files<'a> {
    path: Vec<&'a str>,
    language: Vec<&'a str>,
    lines: Vec<u32>,
    code: Vec<u32>,
    /// Line coverage in percent (`null`: no instrumented line, or no report covers the file).
    #[serde(skip_serializing_if = "Option::is_none")]
    coverage: Option<Vec<Option<f64>>>,
    /// Runs of covered and uncovered lines, flat: first, last, 1 (covered) or 0, ...
    #[serde(skip_serializing_if = "Option::is_none")]
    line_coverage: Option<Vec<Vec<u32>>>,
    /// Where the source is: chunk, byte offset, bytes (`null`: not in the page).
    source: &'a [Option<[usize; 3]>],
}

/// One array per field, one entry per function, file by file.
#[derive(Serialize)]
struct Functions<'a> {
    /// Index of its file.
    file: Vec<usize>,
    name: Vec<&'a str>,
    line: Vec<u32>,
    end: Vec<u32>,
    cyclomatic: Vec<u32>,
    cognitive: Vec<u32>,
    code: Vec<u32>,
    params: Vec<u32>,
    nesting: Vec<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    coverage: Option<Vec<Option<f64>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    crap: Option<Vec<Option<f64>>>,
}

/// One array per field, one entry per finding.
#[derive(Serialize)]
struct Findings<'a> {
    /// Index in `rules`, `-1` for a rule the report does not list.
    rule: Vec<i64>,
    /// 0 error, 1 warning, 2 note.
    level: Vec<u8>,
    /// Index of its file, `-1` for a path the report measured no file at.
    file: Vec<i64>,
    /// Its path when `file` is `-1`.
    path: Vec<Option<&'a str>>,
    line: Vec<u32>,
    /// Index of its function, `-1` for none.
    function: Vec<i64>,
    message: Vec<&'a str>,
}

#[derive(Serialize)]
struct RuleData {
    id: &'static str,
    summary: &'static str,
}

#[derive(Serialize)]
struct HotspotData<'a> {
    since: &'a str,
    commits: usize,
    files: FileHotspots,
    functions: FunctionHotspots,
}

/// The ranked files, by index.
#[derive(Serialize, Default)]
struct FileHotspots {
    file: Vec<usize>,
    commits: Vec<u32>,
    complexity: Vec<u64>,
    score: Vec<u64>,
}

/// The ranked functions, by index.
#[derive(Serialize, Default)]
struct FunctionHotspots {
    function: Vec<usize>,
    changes: Vec<u32>,
    score: Vec<u64>,
}

fn data<'a>(page: &'a Page<'_>, locations: &'a [Option<[usize; 3]>]) -> Data<'a> {
    let report: &Report = page.report;
    let index = Index::new(&report.files);
    Data {
        schema: SCHEMA,
        title: &page.title,
        version: &report.run.version,
        command: &report.run.command_line,
        summary: &report.summary,
        thresholds: page.thresholds,
        coverage: report.coverage.as_ref().map(|coverage| CoverageData {
            reports: &coverage.reports,
            percent: coverage.total.percent().map(round2),
            lines: coverage.total.lines,
            covered: coverage.total.covered,
            folders: coverage
                .folders
                .iter()
                .map(|folder| (folder.path.as_str(), folder.tally.percent().map(round2)))
                .collect(),
            changed: coverage.changed.as_ref().map(|changed| ChangedTally {
                percent: changed.tally.percent().map(round2),
                lines: changed.tally.lines,
                covered: changed.tally.covered,
            }),
        }),
        files: files(report, &page.line_coverage, locations),
        functions: functions(&report.files, report.coverage.is_some()),
        findings: findings(report, &index),
        rules: report.rules.iter().map(|rule| RuleData { id: rule.id, summary: rule.summary }).collect(),
        problems: &report.problems,
        hotspots: page.hotspots.as_ref().map(|hotspots| hotspot_data(hotspots, &index)),
        trend: page.trend.as_ref().map(|trend| trend.points.as_slice()),
        changed: page.changes.as_ref().map(changed_data),
    }
}

fn files<'a>(
    report: &'a Report,
    line_coverage: &[Vec<LineRun>],
    locations: &'a [Option<[usize; 3]>],
) -> Files<'a> {
    let covered = report.coverage.is_some();
    let flat = |runs: &Vec<LineRun>| {
        runs.iter().flat_map(|run| [run.first, run.last, u32::from(run.covered)]).collect()
    };
    Files {
        path: report.files.iter().map(|file| file.path.as_str()).collect(),
        language: report.files.iter().map(|file| file.language).collect(),
        lines: report.files.iter().map(|file| file.lines).collect(),
        code: report.files.iter().map(|file| file.code).collect(),
        coverage: covered.then(|| {
            report
                .files
                .iter()
                .map(|file| file.coverage.and_then(|tally| tally.percent()).map(round2))
                .collect()
        }),
        line_coverage: (covered && !line_coverage.is_empty())
            .then(|| line_coverage.iter().map(flat).collect()),
        source: locations,
    }
}

fn functions(files: &[FileReport], covered: bool) -> Functions<'_> {
    let all =
        || files.iter().enumerate().flat_map(|(index, file)| file.functions.iter().map(move |f| (index, f)));
    let column = |get: fn(&crate::FunctionReport) -> u32| all().map(|(_, f)| get(f)).collect();
    Functions {
        file: all().map(|(index, _)| index).collect(),
        name: all().map(|(_, f)| f.qualified_name.as_str()).collect(),
        line: column(|f| f.start_line),
        end: column(|f| f.end_line),
        cyclomatic: column(|f| f.cyclomatic),
        cognitive: column(|f| f.cognitive),
        code: column(|f| f.code),
        params: column(|f| f.params),
        nesting: column(|f| f.max_nesting),
        coverage: covered
            .then(|| all().map(|(_, f)| f.coverage.and_then(|c| c.tally.percent()).map(round2)).collect()),
        crap: covered.then(|| all().map(|(_, f)| f.coverage.and_then(|c| c.crap).map(round2)).collect()),
    }
}

/// Files and functions by what names them, to point at them by index.
struct Index<'a> {
    files: HashMap<&'a str, usize>,
    /// The functions of each file and name, in source order.
    functions: HashMap<(usize, &'a str), Vec<Placed>>,
}

/// A function's index, first line and last line.
type Placed = (usize, u32, u32);

/// An index in the data document, `-1` for none.
fn index_or_none(index: Option<usize>) -> i64 {
    index.and_then(|index| i64::try_from(index).ok()).unwrap_or(-1)
}

impl<'a> Index<'a> {
    fn new(files: &'a [FileReport]) -> Self {
        let mut functions: HashMap<(usize, &str), Vec<Placed>> = HashMap::new();
        let all = files.iter().enumerate().flat_map(|(at, file)| file.functions.iter().map(move |f| (at, f)));
        for (index, (file, function)) in all.enumerate() {
            let key = (file, function.qualified_name.as_str());
            functions.entry(key).or_default().push((index, function.start_line, function.end_line));
        }
        let by_path = files.iter().enumerate().map(|(index, file)| (file.path.as_str(), index)).collect();
        Index { files: by_path, functions }
    }

    fn file(&self, path: &str) -> Option<usize> {
        self.files.get(path).copied()
    }

    /// The function named `name` in a file that is the last to start on or before `line` and
    /// holds it; else the first so named.
    fn function(&self, file: usize, name: &str, line: u32) -> Option<usize> {
        let named = self.functions.get(&(file, name))?;
        let before = named.partition_point(|&(_, start, _)| start <= line);
        let holding = before.checked_sub(1).map(|at| named[at]).filter(|&(_, _, end)| line <= end);
        holding.or(named.first().copied()).map(|(index, _, _)| index)
    }

    /// The function named `name` declared at `line` of a file.
    fn function_at(&self, file: usize, name: &str, line: u32) -> Option<usize> {
        let named = self.functions.get(&(file, name))?;
        let at = named.partition_point(|&(_, start, _)| start < line);
        named.get(at).filter(|&&(_, start, _)| start == line).map(|&(index, _, _)| index)
    }
}

fn findings<'a>(report: &'a Report, index: &Index<'_>) -> Findings<'a> {
    let rules: HashMap<&str, usize> =
        report.rules.iter().enumerate().map(|(at, rule)| (rule.id, at)).collect();
    let mut out = Findings {
        rule: Vec::new(),
        level: Vec::new(),
        file: Vec::new(),
        path: Vec::new(),
        line: Vec::new(),
        function: Vec::new(),
        message: Vec::new(),
    };
    for finding in &report.findings {
        let file = index.file(&finding.path);
        let line = finding.span.start.line;
        let function =
            file.zip(finding.function.as_deref()).and_then(|(file, name)| index.function(file, name, line));
        out.rule.push(index_or_none(rules.get(finding.rule).copied()));
        out.level.push(match finding.level {
            Level::Error => 0,
            Level::Warning => 1,
            Level::Note => 2,
        });
        out.file.push(index_or_none(file));
        out.path.push(file.is_none().then_some(finding.path.as_str()));
        out.line.push(line);
        out.function.push(index_or_none(function));
        out.message.push(&finding.message);
    }
    out
}

fn changed_data(changes: &Changes) -> ChangedData<'_> {
    ChangedData {
        since: &changes.since,
        lines: changes
            .lines
            .iter()
            .map(|runs| runs.iter().flat_map(|run| [*run.start(), *run.end()]).collect())
            .collect(),
        functions: changes
            .functions
            .iter()
            .enumerate()
            .filter(|&(_, &changed)| changed)
            .map(|(index, _)| index)
            .collect(),
    }
}

fn hotspot_data<'a>(hotspots: &'a Hotspots, index: &Index<'_>) -> HotspotData<'a> {
    let mut files = FileHotspots::default();
    for row in &hotspots.files {
        let Some(file) = index.file(&row.path) else { continue };
        files.file.push(file);
        files.commits.push(row.commits);
        files.complexity.push(row.complexity);
        files.score.push(row.score);
    }
    let mut functions = FunctionHotspots::default();
    for row in &hotspots.functions {
        let Some(function) =
            index.file(&row.path).and_then(|file| index.function_at(file, &row.function, row.line))
        else {
            continue;
        };
        functions.function.push(function);
        functions.changes.push(row.changes);
        functions.score.push(row.score);
    }
    HotspotData { since: &hotspots.since, commits: hotspots.commits, files, functions }
}

#[cfg(test)]
mod tests {
    use base64::Engine as _;
    use serde_json::{Value, json};
    use sha2::Digest as _;

    use super::*;
    use crate::page::{FileHotspot, FunctionHotspot, OverThreshold, Spread, Trend};
    use crate::render::testing::{file, finding, function};
    use crate::{CoverageSummary, CoverageTally, FolderCoverage, FunctionCoverage, RuleMeta};

    static RULES: [RuleMeta; 2] = [
        RuleMeta {
            id: "cyclomatic-complexity",
            summary: "Too many paths",
            explanation: "",
            default_level: Level::Error,
            default_threshold: Some(10.0),
        },
        RuleMeta {
            id: "coverage",
            summary: "Too few lines run",
            explanation: "",
            default_level: Level::Error,
            default_threshold: Some(80.0),
        },
    ];

    fn sha256(text: &str) -> String {
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(text.as_bytes()))
    }

    #[test]
    fn the_policy_names_the_script_and_the_style_by_their_hashes() {
        // After editing page.js or page.css, put the new hashes in SCRIPT_SHA256 and STYLE_SHA256.
        assert_eq!(SCRIPT_SHA256, format!("sha256-{}", sha256(SCRIPT)), "SCRIPT_SHA256");
        assert_eq!(STYLE_SHA256, format!("sha256-{}", sha256(STYLE)), "STYLE_SHA256");
    }

    /// Two files, `src/a.rs` (functions `f` and `g`, 10 instrumented lines of which 8 ran) and
    /// `src/b.rs` (a function whose name would end a script element), a finding on `f` and one
    /// on a path the report has no file for.
    fn report() -> Report {
        let mut f = function("f", 1, 12, 3, 10);
        f.coverage = Some(FunctionCoverage {
            tally: CoverageTally { lines: 8, covered: 6, branches: 0, branches_covered: 0 },
            crap: Some(14.25),
        });
        let mut a = file("src/a.rs", vec![f, function("g", 20, 2, 1, 3)]);
        a.coverage = Some(CoverageTally { lines: 10, covered: 8, branches: 0, branches_covered: 0 });
        a.lines = 25;
        a.code = 22;
        let b = file("src/b.rs", vec![function("</script><script>alert(1)</script>", 5, 1, 0, 1)]);
        let mut on_f = finding("cyclomatic-complexity", Level::Error, "src/a.rs", 1, 4, "`f` has 12");
        on_f.function = Some("f".into());
        let elsewhere = finding("coverage", Level::Warning, "other/c.rs", 3, 1, "<!-- 70% -->");
        let total = CoverageTally { lines: 10, covered: 8, branches: 0, branches_covered: 0 };
        Report {
            files: vec![a, b],
            findings: vec![on_f, elsewhere],
            coverage: Some(CoverageSummary {
                reports: vec!["lcov.info".into()],
                total,
                folders: vec![
                    FolderCoverage { path: ".".into(), tally: total },
                    FolderCoverage { path: "src".into(), tally: total },
                ],
                ..CoverageSummary::default()
            }),
            rules: &RULES,
            ..Report::default()
        }
    }

    fn page(report: &Report) -> Page<'_> {
        Page {
            report,
            title: "plumb report: <demo> & co".into(),
            thresholds: Thresholds { cyclomatic: 10.0, cognitive: 15.0 },
            line_coverage: vec![
                vec![
                    LineRun { first: 1, last: 3, covered: true },
                    LineRun { first: 4, last: 4, covered: false },
                ],
                vec![],
            ],
            hotspots: None,
            trend: None,
            changes: None,
        }
    }

    /// The page, and its data document.
    fn render_page(page: &Page<'_>, sources: &[(&str, &str)]) -> (String, Value) {
        let mut out = Vec::new();
        let mut source =
            |path: &str| sources.iter().find(|(p, _)| *p == path).map(|(_, text)| (*text).to_owned());
        let written = render(page, &mut source, &mut out).unwrap();
        let html = String::from_utf8(out).unwrap();
        assert_eq!(written.total, html.len() as u64);
        let start = html.find(r#"<script type="application/json" id="plumb-data">"#).unwrap() + 48;
        let end = start + html[start..].find("</script>").unwrap();
        assert_eq!(written.data, (end - start) as u64);
        (html.clone(), serde_json::from_str(&html[start..end]).unwrap())
    }

    #[test]
    fn the_page_allows_its_own_script_and_style_and_nothing_else() {
        let report = report();
        let (html, _) = render_page(&page(&report), &[]);
        let policy = format!(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src \
             '{SCRIPT_SHA256}'; style-src '{STYLE_SHA256}'; base-uri 'none'; form-action 'none'\">"
        );
        // The policy comes before anything it governs.
        assert!(html.starts_with(&format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n{policy}\n"
        )));
        assert!(html.contains("<title>plumb report: &lt;demo&gt; &amp; co</title>"));
        // One script runs, the page's own; no element loads anything.
        assert_eq!(html.matches("<script>").count(), 1);
        assert!(html.contains(&format!("<script>{SCRIPT}</script>")));
        for attribute in [" src=", " href=", "<link", "<img", "<iframe", "@import", "url("] {
            assert!(!html.contains(attribute), "{attribute}");
        }
        // The only address is the SVG namespace, which names elements and is never fetched.
        assert_eq!(html.matches("http").count(), html.matches("http://www.w3.org/2000/svg").count() + 1);
        assert_eq!(html.matches("http-equiv").count(), 1);
    }

    #[test]
    fn names_and_messages_cannot_end_the_data_element() {
        let report = report();
        let (html, data) = render_page(&page(&report), &[]);
        assert_eq!(html.matches("</script>").count(), 2, "the data's and the script's");
        assert!(!html.contains("<!--"));
        assert!(html.contains(r#""\u003c/script>\u003cscript>alert(1)\u003c/script>""#));
        assert_eq!(data["functions"]["name"][2], "</script><script>alert(1)</script>");
        assert_eq!(data["findings"]["message"][1], "<!-- 70% -->");
    }

    #[test]
    fn the_data_is_in_columns_pointing_at_files_and_functions_by_index() {
        let report = report();
        let (_, data) = render_page(&page(&report), &[]);
        assert_eq!(data["schema"], 1);
        assert_eq!(data["thresholds"], json!({"cyclomatic": 10.0, "cognitive": 15.0}));
        assert_eq!(
            data["files"],
            json!({
                "path": ["src/a.rs", "src/b.rs"],
                "language": ["rust", "rust"],
                "lines": [25, 1],
                "code": [22, 1],
                "coverage": [80.0, null],
                "line_coverage": [[1, 3, 1, 4, 4, 0], []],
                "source": [null, null],
            })
        );
        let functions = &data["functions"];
        assert_eq!(functions["file"], json!([0, 0, 1]));
        assert_eq!((&functions["name"][0], &functions["name"][1]), (&json!("f"), &json!("g")));
        assert_eq!(functions["line"], json!([1, 20, 5]));
        assert_eq!(functions["end"], json!([11, 23, 6]));
        assert_eq!(functions["cyclomatic"], json!([12, 2, 1]));
        assert_eq!(functions["cognitive"], json!([3, 1, 0]));
        assert_eq!(functions["code"], json!([10, 3, 1]));
        // f: 6 of 8 lines, 75%; the others have no instrumented line.
        assert_eq!(functions["coverage"], json!([75.0, null, null]));
        assert_eq!(functions["crap"], json!([14.25, null, null]));
        assert_eq!(
            data["findings"],
            json!({
                "rule": [0, 1],
                "level": [0, 1],
                "file": [0, -1],
                "path": [null, "other/c.rs"],
                "line": [1, 3],
                "function": [0, -1],
                "message": ["`f` has 12", "<!-- 70% -->"],
            })
        );
        assert_eq!(data["coverage"]["percent"], 80.0);
        assert_eq!(data["coverage"]["folders"], json!([[".", 80.0], ["src", 80.0]]));
        assert!(data["coverage"].get("changed").is_none());
        assert_eq!(data["rules"][1], json!({"id": "coverage", "summary": "Too few lines run"}));
        assert!(data.get("hotspots").is_none());
        assert!(data.get("trend").is_none());
    }

    #[test]
    fn hotspots_keep_their_rank_and_point_at_files_and_functions() {
        let report = report();
        let hotspots = Hotspots {
            since: "since 12 months ago".into(),
            commits: 7,
            files: vec![
                FileHotspot { path: "src/a.rs".into(), commits: 3, complexity: 14, score: 42 },
                FileHotspot { path: "gone.rs".into(), commits: 9, complexity: 1, score: 9 },
                FileHotspot { path: "src/b.rs".into(), commits: 1, complexity: 1, score: 1 },
            ],
            functions: vec![
                FunctionHotspot {
                    path: "src/a.rs".into(),
                    function: "f".into(),
                    line: 1,
                    changes: 2,
                    score: 24,
                },
                FunctionHotspot {
                    path: "src/a.rs".into(),
                    function: "g".into(),
                    line: 20,
                    changes: 0,
                    score: 0,
                },
                FunctionHotspot {
                    path: "src/a.rs".into(),
                    function: "g".into(),
                    line: 21,
                    changes: 5,
                    score: 10,
                },
            ],
        };
        let page = Page { hotspots: Some(hotspots), ..page(&report) };
        let (_, data) = render_page(&page, &[]);
        // `gone.rs` is no file of the report, and no `g` starts on line 21: both are left out.
        assert_eq!(
            data["hotspots"],
            json!({
                "since": "since 12 months ago",
                "commits": 7,
                "files": {"file": [0, 1], "commits": [3, 1], "complexity": [14, 1], "score": [42, 1]},
                "functions": {"function": [0, 1], "changes": [2, 0], "score": [24, 0]},
            })
        );
    }

    #[test]
    fn the_trend_is_drawn_only_from_points_given() {
        let report = report();
        let point = |commit: &str, date: &str, mean: f64| TrendPoint {
            commit: commit.into(),
            date: date.into(),
            functions: 120,
            code: 3400,
            cyclomatic: Spread { mean, p90: 6.0, max: 31.0 },
            cognitive: Spread { mean: 2.5, p90: 9.0, max: 40.0 },
            over_threshold: OverThreshold { cyclomatic: 4.2, cognitive: 3.1 },
        };
        let trend = Trend { points: vec![point("a1", "2025-01-01", 2.5), point("b2", "2025-02-01", 2.75)] };
        let page = Page { trend: Some(trend), ..page(&report) };
        let (_, data) = render_page(&page, &[]);
        assert_eq!(data["trend"].as_array().unwrap().len(), 2);
        assert_eq!(
            data["trend"][1],
            json!({
                "commit": "b2", "date": "2025-02-01", "functions": 120, "code": 3400,
                "cyclomatic": {"mean": 2.75, "p90": 6.0, "max": 31.0},
                "cognitive": {"mean": 2.5, "p90": 9.0, "max": 40.0},
                "over_threshold": {"cyclomatic": 4.2, "cognitive": 3.1},
            })
        );
    }

    #[test]
    fn changes_point_at_functions_by_index() {
        let report = report();
        let changes = Changes {
            since: "since HEAD (abc1234)".into(),
            lines: vec![vec![3..=3, 20..=24], vec![]],
            functions: vec![true, true, false],
        };
        let page = Page { changes: Some(changes), ..page(&report) };
        let (_, data) = render_page(&page, &[]);
        assert_eq!(
            data["changed"],
            json!({"since": "since HEAD (abc1234)", "lines": [[3, 3, 20, 24], []], "functions": [0, 1]})
        );
        assert!(render_page(&self::page(&report), &[]).1.get("changed").is_none());
    }

    #[test]
    fn sources_are_compressed_in_chunks_and_found_by_their_offsets() {
        let mut report = report();
        // A file larger than a chunk closes the chunk it starts in.
        let large = "x = 1\n".repeat(CHUNK / 6 + 10);
        report.files.push(file("src/c.py", vec![]));
        report.files.push(file("src/d.py", vec![]));
        let sources = [("src/a.rs", "fn f() {}\n"), ("src/c.py", large.as_str()), ("src/d.py", "é\r\n")];
        let (html, data) = render_page(&page(&report), &sources);
        assert_eq!(data["files"]["source"], json!([[0, 0, 10], null, [0, 10, large.len()], [1, 0, 4]]));
        let chunk = |index: usize| {
            let start = format!("<script type=\"application/octet-stream\" id=\"plumb-source-{index}\">");
            let at = html.find(&start).unwrap() + start.len();
            let text = &html[at..at + html[at..].find("</script>").unwrap()];
            let deflated = base64::engine::general_purpose::STANDARD.decode(text).unwrap();
            miniz_oxide::inflate::decompress_to_vec(&deflated).unwrap()
        };
        assert_eq!(chunk(0), format!("fn f() {{}}\n{large}").into_bytes());
        assert_eq!(chunk(1), "é\r\n".as_bytes());
        assert!(!html.contains("plumb-source-2"));
        let mut written = Vec::new();
        let mut source =
            |path: &str| sources.iter().find(|(p, _)| *p == path).map(|(_, text)| (*text).to_owned());
        let sizes = render(&page(&report), &mut source, &mut written).unwrap();
        assert_eq!((sizes.source_files, sizes.source_bytes), (3, (10 + large.len() + 4) as u64));
    }
}
