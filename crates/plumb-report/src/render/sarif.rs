//! SARIF 2.1.0, for GitHub code scanning, the VS Code SARIF viewer and other result stores.
//!
//! One compact line (GitHub rejects files over 10 MB gzipped, and pretty-printing can quadruple
//! the size), then a newline. What the document holds, and why:
//!
//! - every rule of the registry in `tool.driver.rules`, fired or not, so that `ruleIndex`
//!   means the same thing in every run;
//! - root-relative, percent-encoded `uri`s with `uriBaseId: "SRCROOT"`, and
//!   `originalUriBaseIds.SRCROOT` set to the absolute root; paths outside the root become
//!   absolute `file://` URIs without a base id;
//! - columns in UTF-16 code units (`columnKind: "utf16CodeUnits"`), 1-based, end exclusive;
//! - a line-independent `partialFingerprints["plumbLogical/v1"]`, never
//!   `primaryLocationLineHash` (GitHub computes that one itself);
//! - files that could not be analysed as `toolExecutionNotifications`, not as results;
//! - no `security-severity`: these are maintainability findings, not security alerts;
//! - GitHub's limits ([`Limits`]): at most [`MAX_RELATED_LOCATIONS`] related locations per
//!   result, the rest summarised at the end of its message; at most [`MAX_RESULTS`] results,
//!   errors kept first, then warnings, then notes (each in report order), and what is left out
//!   counted in the run's `properties.resultsLeftOut` and in a notification.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::{Lazy, Number};

use crate::{Finding, Level, Problem, Report, RuleMeta, RunInfo, Span};

/// The `$schema` of the document.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// The SARIF version written.
pub const VERSION: &str = "2.1.0";
/// `tool.driver.informationUri`.
pub const INFORMATION_URI: &str = "https://github.com/plumb-rs/plumb";
/// Where each rule's documentation lives: `<RULE_DOCS><id>.md` is its `helpUri`.
pub const RULE_DOCS: &str = "https://github.com/plumb-rs/plumb/blob/main/docs/rules/";
/// The base id that relative artifact URIs are resolved against.
pub const SRCROOT: &str = "SRCROOT";
/// The key of plumb's fingerprint in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "plumbLogical/v1";
/// `automationDetails.id`: the category `plumb`, with no run id after the `/`.
pub const AUTOMATION_ID: &str = "plumb/";
/// `descriptor.id` of the notification written for each [`Problem`].
pub const PROBLEM_NOTIFICATION: &str = "file-problem";
/// GitHub's limit on `fullDescription.text`, in characters.
const DESCRIPTION_MAX: usize = 1024;
/// GitHub's limit on results per run: a log with more is rejected.
pub const MAX_RESULTS: usize = 25_000;
/// GitHub's limit on locations per result, kept for related locations too.
pub const MAX_RELATED_LOCATIONS: usize = 1_000;
/// `descriptor.id` of the notification that counts the results left out.
pub const RESULTS_LEFT_OUT_NOTIFICATION: &str = "results-left-out";

/// What GitHub's limits keep of a report: how many findings of each level become results
/// (errors first), and how many results have their related locations cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Limits {
    /// Findings kept, per level: errors, warnings, notes.
    pub kept: [usize; 3],
    /// Findings left out, per level.
    pub left_out: [usize; 3],
    /// Results with more related locations than [`MAX_RELATED_LOCATIONS`].
    pub related_cut: usize,
}

impl Limits {
    /// The limits applied to a report's findings.
    pub fn of(report: &Report) -> Limits {
        let mut counts = report.findings_left_out.map(|count| count as usize);
        let mut related_cut = 0;
        for finding in &report.findings {
            counts[level_index(finding.level)] += 1;
            related_cut += usize::from(finding.labels.len() > MAX_RELATED_LOCATIONS);
        }
        let mut room = MAX_RESULTS;
        let mut limits = Limits { related_cut, ..Limits::default() };
        for (level, count) in counts.into_iter().enumerate() {
            limits.kept[level] = count.min(room);
            limits.left_out[level] = count - limits.kept[level];
            room -= limits.kept[level];
        }
        limits
    }

    /// Findings left out in all.
    pub fn results_left_out(&self) -> usize {
        self.left_out.iter().sum()
    }

    /// `3000 warnings, 2 notes`: what is left out, by level.
    pub fn describe_left_out(&self) -> String {
        let names = [("error", "errors"), ("warning", "warnings"), ("note", "notes")];
        let parts: Vec<String> = self
            .left_out
            .iter()
            .zip(names)
            .filter(|(count, _)| **count > 0)
            .map(|(count, (one, many))| crate::text::plural(count, one, many))
            .collect();
        parts.join(", ")
    }
}

/// A level's index in [`Limits::kept`].
fn level_index(level: Level) -> usize {
    match level {
        Level::Error => 0,
        Level::Warning => 1,
        Level::Note => 2,
    }
}

/// plumb's level as SARIF's `level` and as GitHub's `problem.severity`.
fn levels(level: Level) -> (&'static str, &'static str) {
    match level {
        Level::Error => ("error", "error"),
        Level::Warning => ("warning", "warning"),
        Level::Note => ("note", "recommendation"),
    }
}

/// The filter tags of a rule in GitHub's UI.
fn tags(rule: &str) -> &'static [&'static str] {
    match rule {
        "cyclomatic-complexity" | "cognitive-complexity" => &["maintainability", "complexity"],
        "parse-error" => &["maintainability", "syntax"],
        _ => &["maintainability"],
    }
}

/// Writes the SARIF log on one line, with a final newline.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &log(report))?;
    writeln!(out)
}

#[derive(Serialize)]
struct Log<'a, R: Serialize> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a, R>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a, R: Serialize> {
    tool: Tool<'a>,
    invocations: [Invocation<'a>; 1],
    #[serde(skip_serializing_if = "Option::is_none")]
    original_uri_base_ids: Option<BTreeMap<&'static str, BaseUri>>,
    column_kind: &'static str,
    automation_details: AutomationDetails,
    /// Serialized as they are made ([`Lazy`]).
    results: R,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<RunProperties>,
}

/// The run's property bag: what [`Limits`] left out.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RunProperties {
    results_left_out: LeftOut,
}

#[derive(Serialize)]
struct LeftOut {
    limit: usize,
    errors: usize,
    warnings: usize,
    notes: usize,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    semantic_version: Option<&'a str>,
    information_uri: &'static str,
    rules: Vec<Rule>,
}

/// A `reportingDescriptor`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    name: String,
    short_description: Text<'static>,
    full_description: Text<'static>,
    help: Help,
    help_uri: String,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text<'a> {
    text: Cow<'a, str>,
}

impl<'a> Text<'a> {
    fn new(text: impl Into<Cow<'a, str>>) -> Self {
        Self { text: text.into() }
    }
}

#[derive(Serialize)]
struct Help {
    text: &'static str,
    markdown: &'static str,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    parameters: Option<Parameters>,
}

#[derive(Serialize)]
struct Parameters {
    threshold: Number,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: &'static [&'static str],
    precision: &'static str,
    #[serde(rename = "problem.severity")]
    problem_severity: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation<'a> {
    execution_successful: bool,
    exit_code: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    command_line: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification<'a>>,
}

#[derive(Serialize)]
struct Notification<'a> {
    descriptor: DescriptorReference,
    level: &'static str,
    message: Text<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<Location<'a>>,
}

#[derive(Serialize)]
struct DescriptorReference {
    id: &'static str,
}

#[derive(Serialize)]
struct BaseUri {
    uri: String,
}

#[derive(Serialize)]
struct AutomationDetails {
    id: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text<'a>,
    locations: [Location<'a>; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<RelatedLocation<'a>>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    partial_fingerprints: BTreeMap<&'static str, &'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<ResultProperties>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    logical_locations: Vec<LogicalLocation<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RelatedLocation<'a> {
    id: usize,
    physical_location: PhysicalLocation,
    message: Text<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation<'a> {
    name: &'a str,
    fully_qualified_name: &'a str,
    kind: &'static str,
}

#[derive(Serialize)]
struct ResultProperties {
    value: Number,
    threshold: Number,
}

fn log(report: &Report) -> Log<'_, impl Serialize + '_> {
    let run = &report.run;
    let limits = Limits::of(report);
    let kept = limits.kept;
    let results = Lazy(move || {
        let mut left = kept;
        report
            .findings
            .iter()
            .filter(move |finding| {
                let left = &mut left[level_index(finding.level)];
                let keep = *left > 0;
                *left = left.saturating_sub(1);
                keep
            })
            .map(|finding| result(report, finding))
    });
    let mut notifications: Vec<Notification<'_>> =
        report.problems.iter().map(|p| notification(run, p)).collect();
    let properties = (limits.results_left_out() > 0).then(|| {
        notifications.push(Notification {
            descriptor: DescriptorReference { id: RESULTS_LEFT_OUT_NOTIFICATION },
            level: "warning",
            message: Text::new(format!(
                "SARIF consumers such as GitHub accept {MAX_RESULTS} results per run: {} findings are left out \
                 ({}); errors are kept first",
                limits.results_left_out(),
                limits.describe_left_out()
            )),
            locations: Vec::new(),
        });
        let [errors, warnings, notes] = limits.left_out;
        RunProperties { results_left_out: LeftOut { limit: MAX_RESULTS, errors, warnings, notes } }
    });
    let version = Some(run.version.as_str()).filter(|v| !v.is_empty());
    let root = run.root_uri.as_deref().map(|uri| {
        let mut uri = uri.to_owned();
        // Without the slash, consumers drop the root's last component when resolving.
        if !uri.ends_with('/') {
            uri.push('/');
        }
        BTreeMap::from([(SRCROOT, BaseUri { uri })])
    });
    Log {
        schema: SCHEMA_URI,
        version: VERSION,
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "plumb",
                    version,
                    semantic_version: version,
                    information_uri: INFORMATION_URI,
                    rules: report.rules.iter().map(rule).collect(),
                },
            },
            invocations: [Invocation {
                execution_successful: true,
                exit_code: run.exit_code,
                command_line: Some(run.command_line.as_str()).filter(|c| !c.is_empty()),
                tool_execution_notifications: notifications,
            }],
            original_uri_base_ids: root,
            column_kind: "utf16CodeUnits",
            automation_details: AutomationDetails { id: AUTOMATION_ID },
            results,
            properties,
        }],
    }
}

fn rule(meta: &'static RuleMeta) -> Rule {
    let (level, problem_severity) = levels(meta.default_level);
    // GitHub treats an empty text as missing: fall back to the summary.
    let paragraph = first_paragraph(meta.explanation);
    let full = if paragraph.is_empty() { meta.summary.to_owned() } else { paragraph };
    let explanation = if meta.explanation.trim().is_empty() { meta.summary } else { meta.explanation };
    Rule {
        id: meta.id,
        name: upper_camel_case(meta.id),
        short_description: Text::new(meta.summary),
        full_description: Text::new(truncate(full, DESCRIPTION_MAX)),
        help: Help { text: explanation, markdown: explanation },
        help_uri: format!("{RULE_DOCS}{}.md", meta.id),
        default_configuration: Configuration {
            level,
            parameters: meta.default_threshold.map(|threshold| Parameters { threshold: threshold.into() }),
        },
        properties: RuleProperties { tags: tags(meta.id), precision: "very-high", problem_severity },
    }
}

fn result<'a>(report: &Report, finding: &'a Finding) -> SarifResult<'a> {
    let artifact = || artifact_location(&report.run, &finding.path);
    let logical_locations = finding
        .function
        .as_deref()
        .map(|function| LogicalLocation {
            name: short_name(function),
            fully_qualified_name: function,
            kind: "function",
        })
        .into_iter()
        .collect();
    let related_locations = finding
        .labels
        .iter()
        .take(MAX_RELATED_LOCATIONS)
        .enumerate()
        .map(|(i, label)| RelatedLocation {
            id: i + 1,
            physical_location: PhysicalLocation {
                artifact_location: artifact(),
                region: Some(region(label.span)),
            },
            message: Text::new(label.message.as_str()),
        })
        .collect();
    let partial_fingerprints = if finding.fingerprint.is_empty() {
        BTreeMap::new()
    } else {
        BTreeMap::from([(FINGERPRINT_KEY, finding.fingerprint.as_str())])
    };
    SarifResult {
        rule_id: finding.rule,
        rule_index: report.rules.iter().position(|rule| rule.id == finding.rule),
        level: levels(finding.level).0,
        message: Text::new(message_with_unlisted(finding)),
        locations: [Location {
            physical_location: PhysicalLocation {
                artifact_location: artifact(),
                region: Some(region(finding.span)),
            },
            logical_locations,
        }],
        related_locations,
        partial_fingerprints,
        properties: finding
            .measure
            .map(|m| ResultProperties { value: m.value.into(), threshold: m.threshold.into() }),
    }
}

/// A finding's message, and when it has more related locations than a result may list, what
/// the ones left out are: `... (related locations list the first 1000 of 1448; the other 448,
/// on lines 812-1203, are 300 `+1 if`, 148 `+1 &&`)`.
fn message_with_unlisted(finding: &Finding) -> Cow<'_, str> {
    let unlisted = finding.labels.get(MAX_RELATED_LOCATIONS..).unwrap_or_default();
    if unlisted.is_empty() {
        return Cow::Borrowed(finding.message.as_str());
    }
    // Each kind with its count, in order of first appearance.
    let mut kinds: Vec<(&str, usize)> = Vec::new();
    let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for label in unlisted {
        let at = *index.entry(label.message.as_str()).or_insert_with(|| {
            kinds.push((label.message.as_str(), 0));
            kinds.len() - 1
        });
        kinds[at].1 += 1;
    }
    let kinds: Vec<String> = kinds.iter().map(|(text, count)| format!("{count} `{text}`")).collect();
    let first = unlisted.iter().map(|label| label.span.start.line).min().unwrap_or(0);
    let last = unlisted.iter().map(|label| label.span.start.line).max().unwrap_or(0);
    Cow::Owned(format!(
        "{} (related locations list the first {MAX_RELATED_LOCATIONS} of {}; the other {}, on lines {first}-{last}, \
         are {})",
        finding.message,
        finding.labels.len(),
        unlisted.len(),
        kinds.join(", ")
    ))
}

fn notification<'a>(run: &RunInfo, problem: &'a Problem) -> Notification<'a> {
    let locations = if problem.path.is_empty() {
        Vec::new()
    } else {
        let artifact_location = artifact_location(run, &problem.path);
        vec![Location {
            physical_location: PhysicalLocation { artifact_location, region: None },
            logical_locations: Vec::new(),
        }]
    };
    Notification {
        descriptor: DescriptorReference { id: PROBLEM_NOTIFICATION },
        level: "warning",
        message: Text::new(problem.message.as_str()),
        locations,
    }
}

/// A 1-based region in UTF-16 code units, end exclusive. SARIF has no line or column 0, so
/// a missing position (0) becomes 1, and an end before the start becomes the start.
fn region(span: Span) -> Region {
    let start_line = span.start.line.max(1);
    let start_column = span.start.utf16_column.max(1);
    let end_line = span.end.line.max(start_line);
    let end_column = if end_line == start_line {
        span.end.utf16_column.max(start_column)
    } else {
        span.end.utf16_column.max(1)
    };
    Region { start_line, start_column, end_line, end_column }
}

/// A path as an artifact location: relative to the root with the `SRCROOT` base id, or an
/// absolute `file://` URI (without a base id, SARIF §3.4.4) when it lies outside the root.
fn artifact_location(run: &RunInfo, path: &str) -> ArtifactLocation {
    let path = run.root_relative(path);
    let bytes = path.as_bytes();
    if path.starts_with('/') {
        return ArtifactLocation { uri: format!("file://{}", encode_path(&path)), uri_base_id: None };
    }
    if bytes.len() > 2
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && matches!(bytes[2], b'/' | b'\\')
    {
        // A Windows drive path: `C:/x` is `file:///C:/x`.
        let rest = path[2..].replace('\\', "/");
        return ArtifactLocation {
            uri: format!("file:///{}{}", &path[..2], encode_path(&rest)),
            uri_base_id: None,
        };
    }
    // `./src/x.rs` and `src/x.rs` must give the same URI, or every run reopens the alerts.
    let (up, parts) = normalize(&path);
    let relative = encode_path(&parts.join("/"));
    if up == 0 {
        return ArtifactLocation { uri: relative, uri_base_id: Some(SRCROOT) };
    }
    match run.root_uri.as_deref().and_then(|root| above(root, up)) {
        Some(base) => ArtifactLocation { uri: format!("{base}{relative}"), uri_base_id: None },
        // No absolute root known: a relative reference that climbs out of it is the best left.
        None => {
            ArtifactLocation { uri: format!("{}{relative}", "../".repeat(up)), uri_base_id: Some(SRCROOT) }
        }
    }
}

/// Splits off the leading `..` of a relative path and folds the rest: `./a/b/../c` is
/// `(0, [a, c])`, `../../x` is `(2, [x])`.
fn normalize(path: &str) -> (usize, Vec<&str>) {
    let mut up = 0;
    let mut parts = Vec::new();
    for part in path.split('/') {
        match part {
            "." | "" => {}
            ".." => {
                if parts.pop().is_none() {
                    up += 1;
                }
            }
            other => parts.push(other),
        }
    }
    (up, parts)
}

/// The directory `up` levels above an absolute directory URI, ending with `/`
/// (`file:///home/me/repo/`, 1 → `file:///home/me/`). Never climbs past `/` or a drive.
fn above(root: &str, up: usize) -> Option<String> {
    let scheme_end = root.find("://")? + 3;
    let path_start = scheme_end + root[scheme_end..].find('/')?;
    let (authority, path) = root.split_at(path_start);
    let mut segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    for _ in 0..up {
        if segments.last().is_none_or(|s| s.ends_with(':')) {
            break;
        }
        segments.pop();
    }
    let mut base = format!("{authority}/");
    for segment in segments {
        base.push_str(segment);
        base.push('/');
    }
    Some(base)
}

/// Percent-encodes a `/`-separated path as a URI path: everything but RFC 3986 unreserved
/// characters, sub-delimiters, `@` and `/` is encoded, UTF-8 byte by byte. `:` is encoded too,
/// so that a relative path like `a:b.rs` cannot read as a scheme.
fn encode_path(path: &str) -> String {
    let mut uri = String::with_capacity(path.len());
    for &byte in path.as_bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@/".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            uri.push('%');
            uri.push(char::from(HEX[usize::from(byte >> 4)]));
            uri.push(char::from(HEX[usize::from(byte & 0xf)]));
        }
    }
    uri
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// `cyclomatic-complexity` → `CyclomaticComplexity`.
fn upper_camel_case(id: &str) -> String {
    let mut name = String::with_capacity(id.len());
    for word in id.split(['-', '_']) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            name.extend(first.to_uppercase());
            name.push_str(chars.as_str());
        }
    }
    name
}

/// The last segment of a qualified name (`Parser::parse` → `parse`, `Total.get` → `get`).
/// Separators inside `<...>`, `(...)` or `[...]` (`<closure in a::b>`) do not count.
fn short_name(qualified: &str) -> &str {
    let bytes = qualified.as_bytes();
    let mut depth = 0usize;
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'<' | b'(' | b'[' => depth += 1,
            b'>' | b')' | b']' => depth = depth.saturating_sub(1),
            b':' if depth == 0 && bytes.get(i + 1) == Some(&b':') => {
                start = i + 2;
                i += 1;
            }
            b'.' if depth == 0 => start = i + 1,
            _ => {}
        }
        i += 1;
    }
    let short = &qualified[start..];
    if short.is_empty() { qualified } else { short }
}

/// The first prose paragraph of a Markdown text as one plain line: headings and code blocks
/// are skipped, lines are joined, links keep their text and `**`/`__` emphasis is dropped.
/// Inline code keeps its backticks, as in plumb's messages.
fn first_paragraph(markdown: &str) -> String {
    let mut lines: Vec<&str> = Vec::new();
    let mut in_fence = false;
    for line in markdown.lines() {
        let line = line.trim();
        let fence = line.starts_with("```") || line.starts_with("~~~");
        if fence {
            in_fence = !in_fence;
        }
        if fence || in_fence || line.is_empty() || line.starts_with('#') {
            if lines.is_empty() {
                continue;
            }
            break;
        }
        lines.push(line);
    }
    plain(&lines.join(" "))
}

fn plain(markdown: &str) -> String {
    let text = markdown.replace("**", "").replace("__", "");
    let mut plain = String::with_capacity(text.len());
    let mut rest = text.as_str();
    // `[text](target)` → `text`.
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let link = after.find("](").and_then(|close| {
            let target = &after[close + 2..];
            target.find(')').map(|end| (&after[..close], &target[end + 1..]))
        });
        match link {
            Some((label, tail)) if !label.contains('[') => {
                plain.push_str(&rest[..open]);
                plain.push_str(label);
                rest = tail;
            }
            _ => {
                plain.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    plain.push_str(rest);
    plain
}

/// At most `max` characters: cut at a space and end with `…` when longer.
fn truncate(text: String, max: usize) -> String {
    if text.chars().count() <= max {
        return text;
    }
    let cut = text.char_indices().nth(max - 1).map_or(text.len(), |(at, _)| at);
    let head = &text[..cut];
    let head = head.rfind(' ').map_or(head, |space| &head[..space]).trim_end();
    format!("{head}…")
}

#[cfg(test)]
mod tests {
    use super::{
        above, encode_path, first_paragraph, normalize, plain, short_name, truncate, upper_camel_case,
    };

    #[test]
    fn names() {
        assert_eq!(upper_camel_case("cyclomatic-complexity"), "CyclomaticComplexity");
        assert_eq!(upper_camel_case("parse-error"), "ParseError");
        assert_eq!(upper_camel_case("x"), "X");
        assert_eq!(short_name("Parser::parse"), "parse");
        assert_eq!(short_name("parse"), "parse");
        assert_eq!(short_name("mod.Total.get"), "get");
        assert_eq!(short_name("main::<closure in a::b>"), "<closure in a::b>");
        assert_eq!(short_name("Vec<T>::push"), "push");
        assert_eq!(short_name("Foo::operator<<"), "operator<<");
        assert_eq!(short_name("Foo::"), "Foo::");
    }

    #[test]
    fn paths_are_percent_encoded() {
        assert_eq!(encode_path("src/my dir/a#b%c.rs"), "src/my%20dir/a%23b%25c.rs");
        assert_eq!(encode_path("a:b?c\"d<e>f`g{h}i\\j"), "a%3Ab%3Fc%22d%3Ce%3Ef%60g%7Bh%7Di%5Cj");
        // é is U+00E9, UTF-8 C3 A9.
        assert_eq!(encode_path("café/x-y_z.~(1)+,;=@!$&'*.rs"), "caf%C3%A9/x-y_z.~(1)+,;=@!$&'*.rs");
    }

    #[test]
    fn relative_paths_are_normalized() {
        assert_eq!(normalize("./src//a/../b.rs"), (0, vec!["src", "b.rs"]));
        assert_eq!(normalize("../../x/./y.rs"), (2, vec!["x", "y.rs"]));
        assert_eq!(normalize("a/../../y.rs"), (1, vec!["y.rs"]));
        assert_eq!(above("file:///home/me/repo/", 1).as_deref(), Some("file:///home/me/"));
        assert_eq!(above("file:///home/me/repo", 2).as_deref(), Some("file:///home/"));
        assert_eq!(above("file:///home/", 5).as_deref(), Some("file:///"));
        assert_eq!(above("file:///C:/repo/", 3).as_deref(), Some("file:///C:/"));
        assert_eq!(above("file://host/share/repo/", 1).as_deref(), Some("file://host/share/"));
        assert_eq!(above("not a uri", 1), None);
    }

    #[test]
    fn first_paragraph_is_plain() {
        let text =
            "## What\n\nThe **first** paragraph,\nwrapped, with `code` and a [link](https://x/y).\n\nSecond.";
        assert_eq!(first_paragraph(text), "The first paragraph, wrapped, with `code` and a link.");
        assert_eq!(first_paragraph("```\ncode\n```\nText\nhere\n```\nmore\n```"), "Text here");
        assert_eq!(first_paragraph("# Only a heading"), "");
        assert_eq!(plain("a [b] c [d](e) [f"), "a [b] c d [f");
    }

    #[test]
    fn long_text_is_truncated_at_a_space() {
        assert_eq!(truncate("short".to_owned(), 10), "short");
        assert_eq!(truncate("0123456789".to_owned(), 10), "0123456789");
        // 9 characters are kept at most, then the last space cuts: "aaa bbb" + "…".
        assert_eq!(truncate("aaa bbb ccc".to_owned(), 10), "aaa bbb…");
        let long = "word ".repeat(400);
        let cut = truncate(long, 1024);
        assert_eq!(cut.chars().count(), 1020);
        assert!(cut.ends_with("word…"));
    }
}
