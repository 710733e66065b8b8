//! GitLab Code Quality report (`artifacts: reports: codequality:`): a JSON array of issues, the
//! subset of the Code Climate spec that GitLab reads.
//!
//! Each issue has `description`, `check_name` (the rule id), `fingerprint` (the finding's
//! line-independent fingerprint, unique per finding, so that the merge-request widget matches
//! findings across commits), `severity` and `location { path, lines { begin, end } }`, with the
//! path relative to the repository root. GitLab does not show `check_name`, so the description
//! starts with the rule id. Levels map to severities as error → `major`, warning → `minor`,
//! note → `info` (as ESLint's GitLab formatter does), leaving `critical` and `blocker` for
//! tools that report defects rather than maintainability. A clean run writes `[]`.

use std::io::{self, Write};

use serde::Serialize;

use crate::{Finding, Level, Report};

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: &'a str,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
    end: u32,
}

/// The Code Quality severity for a level.
fn severity(level: Level) -> &'static str {
    match level {
        Level::Error => "major",
        Level::Warning => "minor",
        Level::Note => "info",
    }
}

fn issue<'a>(report: &Report, finding: &'a Finding) -> Issue<'a> {
    let (start, end) = (finding.span.start, finding.span.end);
    // An end just past a line break belongs to the line before it.
    let last = if end.line > start.line && end.column <= 1 { end.line - 1 } else { end.line.max(start.line) };
    // The description is one line (Code Climate spec).
    let message = finding.message.replace(['\r', '\n'], " ");
    Issue {
        description: format!("{}: {message}", finding.rule),
        check_name: finding.rule,
        fingerprint: &finding.fingerprint,
        severity: severity(finding.level),
        location: Location {
            path: report.run.root_relative(&finding.path),
            lines: Lines { begin: start.line, end: last },
        },
    }
}

/// Writes the array on one line, with a final newline.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let issues: Vec<Issue<'_>> = report.findings.iter().map(|finding| issue(report, finding)).collect();
    serde_json::to_writer(&mut *out, &issues)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::render;
    use crate::{Finding, Level, Position, Report, RunInfo, Span};

    fn pos(line: u32, column: u32) -> Position {
        Position { byte: 0, line, column, utf16_column: column }
    }

    fn finding(rule: &'static str, level: Level, path: &str, lines: (u32, u32), message: &str) -> Finding {
        Finding {
            rule,
            level,
            path: path.into(),
            span: Span { start: pos(lines.0, 1), end: pos(lines.1, 9) },
            message: message.into(),
            label: None,
            function: None,
            measure: None,
            labels: vec![],
            notes: vec!["not in the report".into()],
            help: Some("neither is this".into()),
            fingerprint: format!("{rule}-{path}-{}", lines.0),
        }
    }

    fn output(report: &Report) -> String {
        crate::render::testing::output(render, report)
    }

    #[test]
    fn clean_run_is_an_empty_array() {
        assert_eq!(output(&Report::default()), "[]\n");
    }

    #[test]
    fn exact_output_of_one_finding() {
        let report = Report {
            findings: vec![finding("cyclomatic-complexity", Level::Error, "src/lib.rs", (3, 3), "`f` is 14")],
            ..Report::default()
        };
        assert_eq!(
            output(&report),
            r#"[{"description":"cyclomatic-complexity: `f` is 14","check_name":"cyclomatic-complexity","fingerprint":"cyclomatic-complexity-src/lib.rs-3","severity":"major","location":{"path":"src/lib.rs","lines":{"begin":3,"end":3}}}]"#
                .to_owned()
                + "\n"
        );
    }

    #[test]
    fn findings_across_files_with_every_level_and_root_relative_paths() {
        let mut multi_line = finding("parse-error", Level::Note, "../c.py", (4, 5), "syntax");
        // Ends just after the line break at the end of line 6: the last line is 6.
        multi_line.span.end = pos(7, 1);
        let report = Report {
            findings: vec![
                finding("cyclomatic-complexity", Level::Error, "a.rs", (1, 2), "é 𝒇 one"),
                finding("cognitive-complexity", Level::Warning, "a.rs", (10, 10), "two"),
                multi_line,
            ],
            run: RunInfo { path_prefix: "sub/".into(), ..RunInfo::default() },
            ..Report::default()
        };
        let parsed: serde_json::Value = serde_json::from_str(&output(&report)).unwrap();
        assert_eq!(
            parsed,
            json!([
                {
                    "description": "cyclomatic-complexity: é 𝒇 one",
                    "check_name": "cyclomatic-complexity",
                    "fingerprint": "cyclomatic-complexity-a.rs-1",
                    "severity": "major",
                    "location": { "path": "sub/a.rs", "lines": { "begin": 1, "end": 2 } }
                },
                {
                    "description": "cognitive-complexity: two",
                    "check_name": "cognitive-complexity",
                    "fingerprint": "cognitive-complexity-a.rs-10",
                    "severity": "minor",
                    "location": { "path": "sub/a.rs", "lines": { "begin": 10, "end": 10 } }
                },
                {
                    "description": "parse-error: syntax",
                    "check_name": "parse-error",
                    "fingerprint": "parse-error-../c.py-4",
                    "severity": "info",
                    "location": { "path": "c.py", "lines": { "begin": 4, "end": 6 } }
                }
            ])
        );
    }

    #[test]
    fn escapes_json_and_keeps_the_description_on_one_line() {
        let report = Report {
            findings: vec![finding(
                "cyclomatic-complexity",
                Level::Warning,
                "d,i:r/\"q\"\\%<&>.rs",
                (2, 2),
                "a \"b\"\r\nc\td % : , <&> \\",
            )],
            ..Report::default()
        };
        assert_eq!(
            output(&report),
            r#"[{"description":"cyclomatic-complexity: a \"b\"  c\td % : , <&> \\","check_name":"cyclomatic-complexity","fingerprint":"cyclomatic-complexity-d,i:r/\"q\"\\%<&>.rs-2","severity":"minor","location":{"path":"d,i:r/\"q\"\\%<&>.rs","lines":{"begin":2,"end":2}}}]"#
                .to_owned()
                + "\n"
        );
    }
}
