//! The SARIF renderer: exact documents, and every output validated against the OASIS SARIF
//! 2.1.0 schema (draft 4, with `format` checked) in `tests/data/`.

use plumb_report::render::sarif;
use plumb_report::{Finding, Label, Level, Measure, Position, Problem, Report, RuleMeta, RunInfo, Span};
use serde_json::{Value, json};

const CYCLOMATIC: RuleMeta = RuleMeta {
    id: "cyclomatic-complexity",
    summary: "Function has too many independent paths",
    explanation: "## What it measures\n\nThe cyclomatic complexity of a function: 1 plus one for\neach decision point (`if`, `&&`).\n\n## Default\n\nAn error above 10.",
    default_level: Level::Error,
    default_threshold: Some(10.0),
};

const COGNITIVE: RuleMeta = RuleMeta {
    id: "cognitive-complexity",
    summary: "Function is hard to understand",
    explanation: "## What it measures\n\nThe **cognitive** complexity, as [SonarSource](https://www.sonarsource.com/) defines it.\n\n```rust\nfn f() {}\n```",
    default_level: Level::Warning,
    default_threshold: Some(15.0),
};

const PARSE_ERROR: RuleMeta = RuleMeta {
    id: "parse-error",
    summary: "File has syntax errors",
    explanation: "## What it measures\n\nWhether the parser had to recover from syntax errors.",
    default_level: Level::Warning,
    default_threshold: None,
};

/// A note-level rule with no explanation: its descriptions fall back to the summary.
const LONG_FUNCTION: RuleMeta = RuleMeta {
    id: "long-function",
    summary: "Function is long",
    explanation: "",
    default_level: Level::Note,
    default_threshold: Some(60.0),
};

static RULES: &[RuleMeta] = &[CYCLOMATIC, COGNITIVE, PARSE_ERROR, LONG_FUNCTION];

fn pos(line: u32, column: u32) -> Position {
    // ASCII lines: the column is the same in every unit. The byte offset is not used by SARIF.
    Position { byte: 0, line, column, utf16_column: column }
}

fn span(line: u32, start: u32, end: u32) -> Span {
    Span { start: pos(line, start), end: pos(line, end) }
}

fn finding(rule: &'static str, level: Level, path: &str, span: Span, message: &str) -> Finding {
    Finding {
        rule,
        level,
        path: path.to_owned(),
        span,
        message: message.to_owned(),
        label: None,
        function: None,
        measure: None,
        labels: vec![],
        notes: vec![],
        help: None,
        fingerprint: format!("fp-{rule}-{path}"),
    }
}

fn run_info() -> RunInfo {
    RunInfo {
        version: "0.3.0".into(),
        command_line: "plumb check --format sarif src".into(),
        root_uri: Some("file:///home/me/repo/".into()),
        path_prefix: String::new(),
        exit_code: 1,
        warnings_fail: false,
    }
}

fn report(findings: Vec<Finding>) -> Report {
    Report { findings, rules: RULES, run: run_info(), ..Report::default() }
}

/// Renders, checks the shape of the text (one line plus a newline, no forbidden keys), and
/// validates the document against the schema.
fn render(report: &Report) -> (String, Value) {
    let mut out = Vec::new();
    sarif::render(report, &mut out).expect("writing to a Vec");
    let text = String::from_utf8(out).expect("UTF-8 output");
    assert!(text.ends_with('\n'), "{text}");
    assert_eq!(text.matches('\n').count(), 1, "one line: {text}");
    assert!(!text.contains("security-severity"), "{text}");
    assert!(!text.contains("primaryLocationLineHash"), "{text}");
    assert!(
        text.starts_with(
            r#"{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{"tool":"#
        ),
        "{text}"
    );
    let value: Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(schema_errors(&value), Vec::<String>::new(), "{text}");
    (text, value)
}

fn schema_errors(document: &Value) -> Vec<String> {
    let schema: Value =
        serde_json::from_str(include_str!("data/sarif-schema-2.1.0.json")).expect("the schema is JSON");
    let validator = jsonschema::draft4::options()
        .should_validate_formats(true)
        // Draft 4 has no `uri-reference` format (jsonschema checks it from draft 6 on), and
        // the schema uses it for `artifactLocation.uri`: check it here.
        .with_format("uri-reference", is_uri_reference)
        .build(&schema)
        .expect("the schema compiles");
    validator.iter_errors(document).map(|error| format!("{}: {error}", error.instance_path())).collect()
}

/// RFC 3986 §4.1 at the character level: only unreserved and reserved characters and `%HH`
/// escapes, and a scheme (if any, before the first `:` that precedes any `/`, `?` or `#`)
/// made of a letter then letters, digits, `+`, `-` or `.`.
fn is_uri_reference(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        if byte == b'%' {
            if !(i + 2 < bytes.len() && bytes[i + 1].is_ascii_hexdigit() && bytes[i + 2].is_ascii_hexdigit())
            {
                return false;
            }
            i += 3;
            continue;
        }
        if !(byte.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=".contains(&byte)) {
            return false;
        }
        i += 1;
    }
    let head = text.split(['/', '?', '#']).next().unwrap_or("");
    match head.split_once(':') {
        None => true,
        Some((scheme, _)) => {
            let mut chars = scheme.chars();
            chars.next().is_some_and(|c| c.is_ascii_alphabetic())
                && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
    }
}

#[test]
fn the_uri_reference_check() {
    for good in ["a.rs", "src/a%20b.rs", "file:///tmp/x%23.rs", "up%3Ax.rs", "a#frag", "file:///C:/x"] {
        assert!(is_uri_reference(good), "{good}");
    }
    for bad in ["a b.rs", "café.rs", "a%2.rs", "a%zz.rs", "1up:x.rs", "a\\b", "x\"y"] {
        assert!(!is_uri_reference(bad), "{bad}");
    }
}

fn run(document: &Value) -> &Value {
    &document["runs"][0]
}

fn result(document: &Value, index: usize) -> &Value {
    &run(document)["results"][index]
}

#[test]
fn complete_document() {
    let mut f = finding(
        "cyclomatic-complexity",
        Level::Error,
        "src/lib.rs",
        span(4, 5, 30),
        "`parse` has a cyclomatic complexity of 12 (> 10)",
    );
    f.label = Some("cyclomatic complexity 12".into());
    f.function = Some("Parser::parse".into());
    f.measure = Some(Measure { value: 12.0, threshold: 10.0 });
    f.labels = vec![
        Label { span: span(5, 9, 11), message: "+1 if".into() },
        Label { span: span(6, 15, 17), message: "+1 and".into() },
    ];
    f.notes = vec!["12 = 1 + 11 decision points".into()];
    f.help = Some("split `parse`".into());
    f.fingerprint = "0123456789abcdef".into();
    let mut report = report(vec![f]);
    report.problems = vec![Problem { path: "data/blob 1.bin".into(), message: "binary file skipped".into() }];

    let (_, document) = render(&report);
    let artifact = json!({ "uri": "src/lib.rs", "uriBaseId": "SRCROOT" });
    let expected = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "plumb",
                "version": "0.3.0",
                "semanticVersion": "0.3.0",
                "informationUri": "https://github.com/plumb-rs/plumb",
                "rules": [
                    {
                        "id": "cyclomatic-complexity",
                        "name": "CyclomaticComplexity",
                        "shortDescription": { "text": "Function has too many independent paths" },
                        // The first paragraph, unwrapped.
                        "fullDescription": { "text": "The cyclomatic complexity of a function: 1 plus one for each decision point (`if`, `&&`)." },
                        "help": { "text": CYCLOMATIC.explanation, "markdown": CYCLOMATIC.explanation },
                        "helpUri": "https://github.com/plumb-rs/plumb/blob/main/docs/rules/cyclomatic-complexity.md",
                        "defaultConfiguration": { "level": "error", "parameters": { "threshold": 10 } },
                        "properties": { "tags": ["maintainability", "complexity"], "precision": "very-high", "problem.severity": "error" }
                    },
                    {
                        "id": "cognitive-complexity",
                        "name": "CognitiveComplexity",
                        "shortDescription": { "text": "Function is hard to understand" },
                        // Emphasis and link syntax removed.
                        "fullDescription": { "text": "The cognitive complexity, as SonarSource defines it." },
                        "help": { "text": COGNITIVE.explanation, "markdown": COGNITIVE.explanation },
                        "helpUri": "https://github.com/plumb-rs/plumb/blob/main/docs/rules/cognitive-complexity.md",
                        "defaultConfiguration": { "level": "warning", "parameters": { "threshold": 15 } },
                        "properties": { "tags": ["maintainability", "complexity"], "precision": "very-high", "problem.severity": "warning" }
                    },
                    {
                        "id": "parse-error",
                        "name": "ParseError",
                        "shortDescription": { "text": "File has syntax errors" },
                        "fullDescription": { "text": "Whether the parser had to recover from syntax errors." },
                        "help": { "text": PARSE_ERROR.explanation, "markdown": PARSE_ERROR.explanation },
                        "helpUri": "https://github.com/plumb-rs/plumb/blob/main/docs/rules/parse-error.md",
                        // No threshold, no parameters.
                        "defaultConfiguration": { "level": "warning" },
                        "properties": { "tags": ["maintainability", "syntax"], "precision": "very-high", "problem.severity": "warning" }
                    },
                    {
                        "id": "long-function",
                        "name": "LongFunction",
                        "shortDescription": { "text": "Function is long" },
                        // No explanation: GitHub needs non-empty texts, so the summary stands in.
                        "fullDescription": { "text": "Function is long" },
                        "help": { "text": "Function is long", "markdown": "Function is long" },
                        "helpUri": "https://github.com/plumb-rs/plumb/blob/main/docs/rules/long-function.md",
                        "defaultConfiguration": { "level": "note", "parameters": { "threshold": 60 } },
                        "properties": { "tags": ["maintainability"], "precision": "very-high", "problem.severity": "recommendation" }
                    }
                ]
            }},
            "invocations": [{
                "executionSuccessful": true,
                "exitCode": 1,
                "commandLine": "plumb check --format sarif src",
                "toolExecutionNotifications": [{
                    "descriptor": { "id": "file-problem" },
                    "level": "warning",
                    "message": { "text": "binary file skipped" },
                    "locations": [{ "physicalLocation": { "artifactLocation": { "uri": "data/blob%201.bin", "uriBaseId": "SRCROOT" } } }]
                }]
            }],
            "originalUriBaseIds": { "SRCROOT": { "uri": "file:///home/me/repo/" } },
            "columnKind": "utf16CodeUnits",
            "automationDetails": { "id": "plumb/" },
            "results": [{
                "ruleId": "cyclomatic-complexity",
                "ruleIndex": 0,
                "level": "error",
                "message": { "text": "`parse` has a cyclomatic complexity of 12 (> 10)" },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": artifact,
                        "region": { "startLine": 4, "startColumn": 5, "endLine": 4, "endColumn": 30 }
                    },
                    "logicalLocations": [{ "name": "parse", "fullyQualifiedName": "Parser::parse", "kind": "function" }]
                }],
                "relatedLocations": [
                    {
                        "id": 1,
                        "physicalLocation": {
                            "artifactLocation": artifact,
                            "region": { "startLine": 5, "startColumn": 9, "endLine": 5, "endColumn": 11 }
                        },
                        "message": { "text": "+1 if" }
                    },
                    {
                        "id": 2,
                        "physicalLocation": {
                            "artifactLocation": artifact,
                            "region": { "startLine": 6, "startColumn": 15, "endLine": 6, "endColumn": 17 }
                        },
                        "message": { "text": "+1 and" }
                    }
                ],
                "partialFingerprints": { "plumbLogical/v1": "0123456789abcdef" },
                "properties": { "value": 12, "threshold": 10 }
            }]
        }]
    });
    assert_eq!(document, expected);
}

#[test]
fn clean_run() {
    let mut report = report(vec![]);
    report.run.exit_code = 0;
    let (text, document) = render(&report);
    let run = run(&document);
    // `results` is present and empty: the run completed and found nothing.
    assert!(text.contains(r#""results":[]"#), "{text}");
    assert_eq!(run["results"], json!([]));
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    assert_eq!(run["automationDetails"], json!({ "id": "plumb/" }));
    assert_eq!(run["originalUriBaseIds"], json!({ "SRCROOT": { "uri": "file:///home/me/repo/" } }));
    assert_eq!(
        run["invocations"],
        json!([{ "executionSuccessful": true, "exitCode": 0, "commandLine": "plumb check --format sarif src" }])
    );
    // Every rule, in registry order, even though none fired.
    let ids: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["cyclomatic-complexity", "cognitive-complexity", "parse-error", "long-function"]);
}

#[test]
fn several_findings_across_files_keep_their_order_and_rule_indexes() {
    let mut long = finding("long-function", Level::Note, "b.py", span(1, 1, 8), "`main` has 80 lines (> 60)");
    long.measure = Some(Measure { value: 80.0, threshold: 60.0 });
    let mut cognitive = finding(
        "cognitive-complexity",
        Level::Warning,
        "b.py",
        span(9, 5, 20),
        "`f` has a cognitive complexity of 16 (> 15)",
    );
    // A configured level overrides the rule's default, and a fractional threshold stays fractional.
    cognitive.level = Level::Error;
    cognitive.measure = Some(Measure { value: 16.0, threshold: 15.5 });
    let findings = vec![
        finding("parse-error", Level::Warning, "a.c", span(2, 7, 8), "1 syntax error (first at 2:7)"),
        long,
        cognitive,
        finding(
            "cyclomatic-complexity",
            Level::Error,
            "c/d.go",
            span(3, 1, 2),
            "`g` has a cyclomatic complexity of 11 (> 10)",
        ),
        // Not in the registry: no ruleIndex, but still a result.
        finding("unknown-rule", Level::Warning, "c/d.go", span(4, 1, 2), "odd"),
    ];
    let (_, document) = render(&report(findings));
    let results = run(&document)["results"].as_array().unwrap();
    let summary: Vec<(Value, Value, Value, Value)> = results
        .iter()
        .map(|r| {
            (
                r["ruleId"].clone(),
                r["ruleIndex"].clone(),
                r["level"].clone(),
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].clone(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (json!("parse-error"), json!(2), json!("warning"), json!("a.c")),
            (json!("long-function"), json!(3), json!("note"), json!("b.py")),
            (json!("cognitive-complexity"), json!(1), json!("error"), json!("b.py")),
            (json!("cyclomatic-complexity"), json!(0), json!("error"), json!("c/d.go")),
            (json!("unknown-rule"), Value::Null, json!("warning"), json!("c/d.go")),
        ]
    );
    assert_eq!(results[0].get("properties"), None);
    assert_eq!(results[0].get("relatedLocations"), None);
    assert_eq!(results[0]["locations"][0].get("logicalLocations"), None);
    assert_eq!(results[1]["properties"], json!({ "value": 80, "threshold": 60 }));
    assert_eq!(results[2]["properties"], json!({ "value": 16, "threshold": 15.5 }));
    assert_eq!(
        results[3]["partialFingerprints"],
        json!({ "plumbLogical/v1": "fp-cyclomatic-complexity-c/d.go" })
    );
}

#[test]
fn uris_are_root_relative_percent_encoded_and_absolute_outside_the_root() {
    let findings = vec![
        finding("parse-error", Level::Warning, "src/my dir/a#b%c.rs", span(1, 1, 2), "m"),
        finding("parse-error", Level::Warning, "../up:x.rs", span(1, 1, 2), "m"),
        finding("parse-error", Level::Warning, "café/ü.rs", span(1, 1, 2), "m"),
        finding("parse-error", Level::Warning, "/tmp/out side/x#1.rs", span(1, 1, 2), "m"),
        finding("parse-error", Level::Warning, "../../outside dir/z.rs", span(1, 1, 2), "m"),
        finding("parse-error", Level::Warning, "./lib/./m.rs", span(1, 1, 2), "m"),
    ];
    let mut report = report(findings);
    // plumb ran in `<root>/sub/`: paths are relative to it, URIs to the root.
    report.run.path_prefix = "sub/".into();
    let (_, document) = render(&report);
    let artifacts: Vec<&Value> = run(&document)["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["locations"][0]["physicalLocation"]["artifactLocation"])
        .collect();
    assert_eq!(
        artifacts,
        [
            // space → %20, `#` → %23, `%` → %25.
            &json!({ "uri": "sub/src/my%20dir/a%23b%25c.rs", "uriBaseId": "SRCROOT" }),
            // `sub/../up:x.rs` is `up:x.rs`; `:` is encoded so that `up` cannot read as a scheme.
            &json!({ "uri": "up%3Ax.rs", "uriBaseId": "SRCROOT" }),
            // é = U+00E9 = UTF-8 C3 A9; ü = U+00FC = UTF-8 C3 BC.
            &json!({ "uri": "sub/caf%C3%A9/%C3%BC.rs", "uriBaseId": "SRCROOT" }),
            // Outside the root: an absolute URI and no base id (SARIF §3.4.4).
            &json!({ "uri": "file:///tmp/out%20side/x%231.rs" }),
            // `sub/../../outside dir/z.rs` climbs out of the root (file:///home/me/repo/):
            // resolved against it, absolute, no base id.
            &json!({ "uri": "file:///home/me/outside%20dir/z.rs" }),
            &json!({ "uri": "sub/lib/m.rs", "uriBaseId": "SRCROOT" }),
        ]
    );
}

#[test]
fn a_root_without_a_slash_gets_one_and_no_root_means_no_base_ids() {
    let mut report = report(vec![finding("parse-error", Level::Warning, "a.rs", span(1, 1, 2), "m")]);
    report.run.root_uri = Some("file:///home/me/repo".into());
    let (_, document) = render(&report);
    assert_eq!(run(&document)["originalUriBaseIds"]["SRCROOT"]["uri"], "file:///home/me/repo/");

    report.run = RunInfo::default();
    report.findings.push(finding("parse-error", Level::Warning, "./b.rs", span(1, 1, 2), "m"));
    report.findings.push(finding("parse-error", Level::Warning, "../c d.rs", span(1, 1, 2), "m"));
    let (_, document) = render(&report);
    let run = run(&document);
    assert_eq!(run.get("originalUriBaseIds"), None);
    let artifacts: Vec<&Value> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["locations"][0]["physicalLocation"]["artifactLocation"])
        .collect();
    assert_eq!(
        artifacts,
        [
            &json!({ "uri": "a.rs", "uriBaseId": "SRCROOT" }),
            // `./b.rs` and `b.rs` are the same artifact.
            &json!({ "uri": "b.rs", "uriBaseId": "SRCROOT" }),
            // Outside the root, but the root is unknown: a relative reference is all there is.
            &json!({ "uri": "../c%20d.rs", "uriBaseId": "SRCROOT" }),
        ]
    );
    // No version or command line known: left out rather than written empty.
    assert_eq!(run["tool"]["driver"].get("version"), None);
    assert_eq!(run["tool"]["driver"].get("semanticVersion"), None);
    assert_eq!(run["invocations"], json!([{ "executionSuccessful": true, "exitCode": 0 }]));
}

#[test]
fn columns_are_utf16_code_units() {
    // Line 3 of the file:
    let line = "/* é 😀 */ fn grün(x: i32) {}";
    // By hand, 1-based, counting from the left:
    //   scalars: `/`1 `*`2 ` `3 `é`4 ` `5 `😀`6 ` `7 `*`8 `/`9 ` `10 `f`11
    //   UTF-16:  é is one unit (U+00E9), 😀 (U+1F600) is a surrogate pair, two units (6 and 7),
    //            so `f` is at 12.
    //   bytes:   é is 2 bytes and 😀 4, so `f` starts at byte 14 (3 + 2 + 1 + 4 + 4).
    // The signature `fn grün(x: i32)` is 15 scalars and 15 UTF-16 units (ü is U+00FC), 16 bytes:
    // it ends (exclusive) at scalar column 26, UTF-16 column 27, byte 30.
    let utf16 = |byte: usize| line[..byte].encode_utf16().count() as u32 + 1;
    assert_eq!((utf16(14), utf16(30)), (12, 27));
    let at = |byte, column, utf16_column| Position { byte, line: 3, column, utf16_column };
    let mut f = finding(
        "cyclomatic-complexity",
        Level::Error,
        "src/é.rs",
        Span { start: at(14, 11, 12), end: at(30, 26, 27) },
        "`grün` has a cyclomatic complexity of 11 (> 10)",
    );
    f.function = Some("Café::grün".into());
    // The `x` parameter: `fn gr` is 5 bytes, `ü` 2, `n(` 2, so byte 14 + 9 = 23; scalar
    // column 11 + 8 = 19; UTF-16 column 12 + 8 = 20.
    assert_eq!(utf16(23), 20);
    f.labels =
        vec![Label { span: Span { start: at(23, 19, 20), end: at(24, 20, 21) }, message: "+1 x".into() }];
    let (_, document) = render(&report(vec![f]));
    let result = result(&document, 0);
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"],
        json!({ "startLine": 3, "startColumn": 12, "endLine": 3, "endColumn": 27 })
    );
    assert_eq!(
        result["locations"][0]["logicalLocations"],
        json!([{ "name": "grün", "fullyQualifiedName": "Café::grün", "kind": "function" }])
    );
    assert_eq!(
        result["relatedLocations"][0]["physicalLocation"]["region"],
        json!({ "startLine": 3, "startColumn": 20, "endLine": 3, "endColumn": 21 })
    );
}

#[test]
fn regions_are_never_zero_and_never_end_before_they_start() {
    let zero = Position::default();
    let findings = vec![
        finding("parse-error", Level::Warning, "a.rs", Span { start: zero, end: zero }, "no position"),
        // An empty span at the end of a line (an insertion point) is kept as it is.
        finding("parse-error", Level::Warning, "a.rs", span(2, 9, 9), "at the end"),
        // A multi-line span keeps its end column.
        finding(
            "parse-error",
            Level::Warning,
            "a.rs",
            Span { start: pos(3, 20), end: pos(5, 2) },
            "over three lines",
        ),
    ];
    let (_, document) = render(&report(findings));
    let regions: Vec<&Value> = run(&document)["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["locations"][0]["physicalLocation"]["region"])
        .collect();
    assert_eq!(
        regions,
        [
            &json!({ "startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 1 }),
            &json!({ "startLine": 2, "startColumn": 9, "endLine": 2, "endColumn": 9 }),
            &json!({ "startLine": 3, "startColumn": 20, "endLine": 5, "endColumn": 2 }),
        ]
    );
}

#[test]
fn fingerprints_are_plumbs_own_only() {
    let mut f = finding("cyclomatic-complexity", Level::Error, "a.rs", span(1, 1, 2), "m");
    f.fingerprint = plumb_report::fingerprint("cyclomatic-complexity", "a.rs", "main", 0);
    let expected = f.fingerprint.clone();
    let mut empty = finding("parse-error", Level::Warning, "a.rs", span(1, 1, 2), "m");
    empty.fingerprint = String::new();
    let (_, document) = render(&report(vec![f, empty]));
    assert_eq!(result(&document, 0)["partialFingerprints"], json!({ "plumbLogical/v1": expected }));
    assert_eq!(result(&document, 0).get("fingerprints"), None);
    assert_eq!(result(&document, 1).get("partialFingerprints"), None);
}

#[test]
fn problems_are_notifications() {
    let mut report = report(vec![]);
    report.problems = vec![
        Problem { path: "bin/a b#.dat".into(), message: "binary file skipped".into() },
        Problem { path: "/elsewhere/x.rs".into(), message: "permission denied".into() },
        Problem { path: String::new(), message: "walk error: \"loop\"".into() },
    ];
    let (_, document) = render(&report);
    let invocation = &run(&document)["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], true);
    assert_eq!(invocation["exitCode"], 1);
    assert_eq!(
        invocation["toolExecutionNotifications"],
        json!([
            {
                "descriptor": { "id": "file-problem" },
                "level": "warning",
                "message": { "text": "binary file skipped" },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": "bin/a%20b%23.dat", "uriBaseId": "SRCROOT" } } }]
            },
            {
                "descriptor": { "id": "file-problem" },
                "level": "warning",
                "message": { "text": "permission denied" },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": "file:///elsewhere/x.rs" } } }]
            },
            // No path, no location.
            {
                "descriptor": { "id": "file-problem" },
                "level": "warning",
                "message": { "text": "walk error: \"loop\"" }
            }
        ])
    );
    // Problems are not results.
    assert_eq!(run(&document)["results"], json!([]));
}

#[test]
fn messages_are_json_escaped() {
    let message = "say \"hi\"\nthen\ttab, 50% <a&b> C:\\dir: done\u{1}";
    let mut f = finding("parse-error", Level::Warning, "a.rs", span(1, 1, 2), message);
    f.labels = vec![Label { span: span(1, 1, 2), message: "\"quoted\" label\r\n".into() }];
    let mut report = report(vec![f]);
    report.problems = vec![Problem { path: "x.rs".into(), message: "line 1\nline \"2\"".into() }];
    let (text, document) = render(&report);
    // serde_json's escapes: `"` → \", newline → \n, tab → \t, `\` → \\, U+0001 → \u0001;
    // `%`, `<`, `&`, `>`, `:` and `,` need none in JSON.
    assert!(
        text.contains(r#""message":{"text":"say \"hi\"\nthen\ttab, 50% <a&b> C:\\dir: done\u0001"}"#),
        "{text}"
    );
    assert!(text.contains(r#""message":{"text":"\"quoted\" label\r\n"}"#), "{text}");
    assert!(text.contains(r#""message":{"text":"line 1\nline \"2\""}"#), "{text}");
    assert_eq!(result(&document, 0)["message"]["text"], message);
}

#[test]
fn long_explanations_are_cut_to_github_limit() {
    let first = "word ".repeat(400);
    let explanation: &'static str = Box::leak(format!("# Title\n\n{first}\n\nMore.").into_boxed_str());
    let rules: &'static [RuleMeta] =
        Box::leak(vec![RuleMeta { id: "wordy_rule", explanation, ..CYCLOMATIC }].into_boxed_slice());
    let report = Report { rules, run: run_info(), ..Report::default() };
    let (_, document) = render(&report);
    let rule = &run(&document)["tool"]["driver"]["rules"][0];
    assert_eq!(rule["name"], "WordyRule");
    let full = rule["fullDescription"]["text"].as_str().unwrap();
    // 204 words of 4 letters and 203 spaces fit in 1023 characters, plus the ellipsis: 1020.
    assert_eq!(full.chars().count(), 1020);
    assert_eq!(full, format!("{}…", first[..1019].to_owned()));
    // The help keeps the whole explanation.
    assert_eq!(rule["help"]["text"], explanation);
}

#[test]
fn the_schema_check_catches_mistakes() {
    // The validator is live: the mistakes of the research checklist fail it.
    let (_, document) =
        render(&report(vec![finding("parse-error", Level::Warning, "a.rs", span(1, 1, 2), "m")]));
    let mut zero_column = document.clone();
    zero_column["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startColumn"] =
        json!(0);
    assert!(!schema_errors(&zero_column).is_empty());
    let mut bad_level = document.clone();
    bad_level["runs"][0]["results"][0]["level"] = json!("info");
    assert!(!schema_errors(&bad_level).is_empty());
    let mut raw_space = document;
    raw_space["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] =
        json!("a b.rs");
    assert!(!schema_errors(&raw_space).is_empty(), "a raw space is not a URI reference");
}

/// GitHub accepts 1,000 locations per result: a function with 1,448 decision points lists
/// the first 1,000, and its message names the other 448 (lines 1001 to 1448 here: 400 `if`s
/// and 48 `and`s).
#[test]
fn related_locations_stop_at_a_thousand() {
    let mut f = finding(
        "cyclomatic-complexity",
        Level::Error,
        "src/escape.rs",
        span(1, 1, 3),
        "`resolve` has a cyclomatic complexity of 1449 (> 10)",
    );
    f.labels = (1..=1448)
        .map(|line| Label {
            span: span(line, 5, 7),
            message: if line > 1400 { "+1 and" } else { "+1 if" }.into(),
        })
        .collect();
    let small = finding("cyclomatic-complexity", Level::Error, "src/small.rs", span(1, 1, 3), "`f` is 11");
    let report = report(vec![f, small]);
    let (_, document) = render(&report);
    let first = result(&document, 0);
    let related = first["relatedLocations"].as_array().unwrap();
    assert_eq!(related.len(), 1000);
    assert_eq!(related[999]["id"], 1000);
    assert_eq!(related[999]["physicalLocation"]["region"]["startLine"], 1000);
    assert_eq!(
        first["message"]["text"],
        "`resolve` has a cyclomatic complexity of 1449 (> 10) (related locations list the first 1000 of 1448; \
         the other 448, on lines 1001-1448, are 400 `+1 if`, 48 `+1 and`)"
    );
    // Nothing was left out of the run.
    assert_eq!(result(&document, 1)["message"]["text"], "`f` is 11");
    assert!(run(&document).get("properties").is_none());
    let limits = sarif::Limits::of(&report);
    assert_eq!((limits.related_cut, limits.results_left_out()), (1, 0));
}

/// GitHub rejects a run of more than 25,000 results. `a.rs` has 3,000 warnings; `z.rs` has
/// 25,000 findings, errors on lines that are multiples of 25 up to 24,000 (960) and on lines
/// 24,001 to 25,000 (1,000), warnings on the other 23,040. Of the 28,000, the 1,960 errors are
/// kept, then the first 23,040 warnings in report order: a.rs's 3,000 and z.rs's first 20,040,
/// the last of which is on line 20,874 (24 warnings per 25 lines: 835 x 24 = 20,040, and line
/// 20,875 is an error). The 3,000 warnings after it are left out, and counted.
#[test]
fn results_stop_at_twenty_five_thousand_errors_first() {
    let mut findings = Vec::new();
    for line in 1..=3_000 {
        findings.push(finding("cognitive-complexity", Level::Warning, "a.rs", span(line, 1, 2), "w"));
    }
    for line in 1..=25_000 {
        let level = if line % 25 == 0 || line > 24_000 { Level::Error } else { Level::Warning };
        findings.push(finding("cyclomatic-complexity", level, "z.rs", span(line, 1, 2), "z"));
    }
    let report = report(findings);
    let limits = sarif::Limits::of(&report);
    assert_eq!(limits.kept, [1_960, 23_040, 0]);
    assert_eq!(limits.left_out, [0, 3_000, 0]);
    assert_eq!(limits.describe_left_out(), "3000 warnings");
    let (_, document) = render(&report);
    let results = run(&document)["results"].as_array().unwrap();
    assert_eq!(results.len(), 25_000);
    assert_eq!(results.iter().filter(|r| r["level"] == "error").count(), 1_960);
    let line = |r: &Value| r["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64().unwrap();
    let uri = |r: &Value| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].clone();
    assert_eq!(uri(&results[0]), "a.rs");
    let last_warning = results.iter().rfind(|r| r["level"] == "warning").unwrap();
    assert_eq!((uri(last_warning), line(last_warning)), (json!("z.rs"), 20_874));
    assert_eq!(line(&results[24_999]), 25_000);
    assert_eq!(
        run(&document)["properties"],
        json!({ "resultsLeftOut": { "limit": 25000, "errors": 0, "warnings": 3000, "notes": 0 } })
    );
    let notifications = run(&document)["invocations"][0]["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notifications.len(), 1);
    assert_eq!(notifications[0]["descriptor"]["id"], "results-left-out");
    assert_eq!(
        notifications[0]["message"]["text"],
        "SARIF consumers such as GitHub accept 25000 results per run: 3000 findings are left out (3000 warnings); \
         errors are kept first"
    );
}
