//! JUnit XML, as linters write it for CI test reports (GitLab `artifacts: reports: junit:`,
//! Jenkins, Azure Pipelines): one test suite per analysed file, one test case per finding, and
//! one passing test case for a file without findings, so dashboards show it green.
//!
//! ```xml
//! <?xml version="1.0" encoding="utf-8"?>
//! <testsuites name="plumb" tests="3" failures="1" errors="0">
//!   <testsuite name="src/a.rs" tests="2" failures="1" errors="0">
//!     <testcase name="cyclomatic-complexity: parse (line 3)" classname="src/a.rs">
//!       <failure message="..." type="error">src/a.rs:3:5: error[cyclomatic-complexity]: ...</failure>
//!     </testcase>
//!     <testcase name="function-length: parse (line 3)" classname="src/a.rs">
//!       <system-out>src/a.rs:3:5: warning[function-length]: ...</system-out>
//!     </testcase>
//!   </testsuite>
//!   <testsuite name="src/b.rs" tests="1" failures="0" errors="0">
//!     <testcase name="no findings" classname="src/b.rs" />
//!   </testsuite>
//! </testsuites>
//! ```
//!
//! Suites follow `report.files`, then any other path that has findings; paths are relative to the
//! repository root. A test case is named by the rule, the function (when the finding is about
//! one) and the line, so that two findings of a file are told apart (the column is added when
//! that is not enough). The report is red exactly when the run fails: a finding is a
//! `<failure>` when its level fails the run ([`crate::RunInfo::fails`]: errors unless
//! `--exit-zero`, warnings only past `--max-warnings`), and otherwise a passing test case whose
//! `<system-out>` holds it. The text is its location, level and rule, message, notes and help,
//! one per line; `type` is the level. `errors` counts crashed tests, so it is 0.

use std::io::{self, Write};

use super::checkstyle::escape_xml;
use crate::{Finding, Level, Report};

/// The failure `type` for a level.
fn failure_type(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Note => "note",
    }
}

/// The name of the passing test case of a file without findings.
pub const PASSING_TEST_NAME: &str = "no findings";

/// Writes the document.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let suites = suites(report);
    let tests: usize = suites.iter().map(|(_, findings)| findings.len().max(1)).sum();
    let failing = |findings: &[&Finding]| findings.iter().filter(|f| report.run.fails(f.level)).count();
    let failures: usize = suites.iter().map(|(_, findings)| failing(findings)).sum();
    writeln!(out, r#"<?xml version="1.0" encoding="utf-8"?>"#)?;
    writeln!(out, r#"<testsuites name="plumb" tests="{tests}" failures="{failures}" errors="0">"#)?;
    for (path, findings) in &suites {
        let path = escape_xml(&report.run.root_relative(path));
        writeln!(
            out,
            r#"  <testsuite name="{path}" tests="{}" failures="{}" errors="0">"#,
            findings.len().max(1),
            failing(findings)
        )?;
        if findings.is_empty() {
            writeln!(out, r#"    <testcase name="{PASSING_TEST_NAME}" classname="{path}" />"#)?;
        }
        let names = case_names(findings);
        for (finding, name) in findings.iter().zip(names) {
            writeln!(out, r#"    <testcase name="{}" classname="{path}">"#, escape_xml(&name))?;
            let text = escape_xml(&failure_text(report, finding));
            if report.run.fails(finding.level) {
                writeln!(
                    out,
                    r#"      <failure message="{}" type="{}">{text}</failure>"#,
                    escape_xml(&finding.message),
                    failure_type(finding.level),
                )?;
            } else {
                writeln!(out, "      <system-out>{text}</system-out>")?;
            }
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}

/// The test case names of a file's findings: `rule: function (line 3)`, or `rule (line 3)`
/// for a finding about no function; `(line 3, column 5)` where the line alone repeats a name.
fn case_names(findings: &[&Finding]) -> Vec<String> {
    let name = |finding: &Finding, column: bool| {
        let line = finding.span.start.line;
        let at = if column {
            format!("line {line}, column {}", finding.span.start.column)
        } else {
            format!("line {line}")
        };
        match &finding.function {
            Some(function) => format!("{}: {function} ({at})", finding.rule),
            None => format!("{} ({at})", finding.rule),
        }
    };
    let short: Vec<String> = findings.iter().map(|finding| name(finding, false)).collect();
    let mut seen = std::collections::HashMap::new();
    for text in &short {
        *seen.entry(text.as_str()).or_insert(0usize) += 1;
    }
    findings
        .iter()
        .zip(&short)
        .map(|(finding, text)| if seen[text.as_str()] > 1 { name(finding, true) } else { text.clone() })
        .collect()
}

/// `path:line:column: level[rule]: message`, then the notes and `help: ...`, one per line.
fn failure_text(report: &Report, finding: &Finding) -> String {
    let start = finding.span.start;
    let mut text = format!(
        "{}:{}:{}: {}[{}]: {}",
        report.run.root_relative(&finding.path),
        start.line,
        start.column,
        finding.level.as_str(),
        finding.rule,
        finding.message
    );
    for note in &finding.notes {
        text.push_str("\nnote: ");
        text.push_str(note);
    }
    if let Some(help) = &finding.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    text
}

/// Every analysed file in report order with its findings, then the paths that have findings
/// but no file entry, in order of first appearance.
fn suites(report: &Report) -> Vec<(&str, Vec<&Finding>)> {
    let mut suites: Vec<(&str, Vec<&Finding>)> =
        report.files.iter().map(|file| (file.path.as_str(), Vec::new())).collect();
    for finding in &report.findings {
        match suites.iter_mut().find(|(path, _)| *path == finding.path) {
            Some((_, findings)) => findings.push(finding),
            None => suites.push((&finding.path, vec![finding])),
        }
    }
    suites
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::render;
    use crate::render::checkstyle::tests::assert_well_formed;
    use crate::render::testing::{self, finding};
    use crate::{FileReport, Level, Report, RunInfo};

    fn file(path: &str) -> FileReport {
        testing::file(path, vec![])
    }

    fn output(report: &Report) -> String {
        testing::output(render, report)
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct TestSuites {
        #[serde(rename = "@name")]
        name: String,
        #[serde(rename = "@tests")]
        tests: usize,
        #[serde(rename = "@failures")]
        failures: usize,
        #[serde(rename = "@errors")]
        errors: usize,
        #[serde(rename = "testsuite", default)]
        suites: Vec<Suite>,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Suite {
        #[serde(rename = "@name")]
        name: String,
        #[serde(rename = "@tests")]
        tests: usize,
        #[serde(rename = "@failures")]
        failures: usize,
        #[serde(rename = "@errors")]
        errors: usize,
        #[serde(rename = "testcase")]
        cases: Vec<Case>,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Case {
        #[serde(rename = "@name")]
        name: String,
        #[serde(rename = "@classname")]
        classname: String,
        failure: Option<Failure>,
        #[serde(rename = "system-out")]
        system_out: Option<String>,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Failure {
        #[serde(rename = "@message")]
        message: String,
        #[serde(rename = "@type")]
        kind: String,
        #[serde(rename = "$text")]
        text: String,
    }

    fn parse(xml: &str) -> TestSuites {
        assert_well_formed(xml);
        quick_xml::de::from_str(xml).unwrap()
    }

    #[test]
    fn clean_run_has_one_passing_case_per_file() {
        let report = Report { files: vec![file("src/a.rs"), file("src/b.rs")], ..Report::default() };
        let xml = output(&report);
        assert_eq!(
            xml,
            r#"<?xml version="1.0" encoding="utf-8"?>
<testsuites name="plumb" tests="2" failures="0" errors="0">
  <testsuite name="src/a.rs" tests="1" failures="0" errors="0">
    <testcase name="no findings" classname="src/a.rs" />
  </testsuite>
  <testsuite name="src/b.rs" tests="1" failures="0" errors="0">
    <testcase name="no findings" classname="src/b.rs" />
  </testsuite>
</testsuites>
"#
        );
        let parsed = parse(&xml);
        assert_eq!((parsed.tests, parsed.failures, parsed.errors), (2, 0, 0));
        assert_eq!(parsed.suites.len(), 2);
    }

    #[test]
    fn nothing_analysed() {
        let xml = output(&Report::default());
        assert_eq!(
            xml,
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
             <testsuites name=\"plumb\" tests=\"0\" failures=\"0\" errors=\"0\">\n</testsuites>\n"
        );
        assert_eq!(
            parse(&xml),
            TestSuites { name: "plumb".into(), tests: 0, failures: 0, errors: 0, suites: vec![] }
        );
    }

    /// A run that fails on its error: the error is a failure, the warning and the note are
    /// passing cases that carry their text in `<system-out>`.
    #[test]
    fn findings_across_files() {
        let mut first = finding("cyclomatic-complexity", Level::Error, "src/a.rs", 3, 5, "`f` is 14 (> 10)");
        first.function = Some("Parser::f".into());
        first.notes = vec!["14 = 1 + 13 decision points".into()];
        first.help = Some("split `f`".into());
        let mut second =
            finding("cognitive-complexity", Level::Warning, "src/a.rs", 9, 1, "`g` is 16 (> 15)");
        second.function = Some("g".into());
        let report = Report {
            files: vec![file("src/a.rs"), file("src/b.rs"), file("src/c.py")],
            findings: vec![
                first,
                second,
                // `é𝒇`: scalar column 7.
                finding("parse-error", Level::Note, "src/c.py", 2, 7, "é𝒇 syntax"),
            ],
            run: RunInfo { path_prefix: "sub/".into(), exit_code: 1, ..RunInfo::default() },
            ..Report::default()
        };
        let xml = output(&report);
        assert_eq!(
            xml,
            r#"<?xml version="1.0" encoding="utf-8"?>
<testsuites name="plumb" tests="4" failures="1" errors="0">
  <testsuite name="sub/src/a.rs" tests="2" failures="1" errors="0">
    <testcase name="cyclomatic-complexity: Parser::f (line 3)" classname="sub/src/a.rs">
      <failure message="`f` is 14 (&gt; 10)" type="error">sub/src/a.rs:3:5: error[cyclomatic-complexity]: `f` is 14 (&gt; 10)&#10;note: 14 = 1 + 13 decision points&#10;help: split `f`</failure>
    </testcase>
    <testcase name="cognitive-complexity: g (line 9)" classname="sub/src/a.rs">
      <system-out>sub/src/a.rs:9:1: warning[cognitive-complexity]: `g` is 16 (&gt; 15)</system-out>
    </testcase>
  </testsuite>
  <testsuite name="sub/src/b.rs" tests="1" failures="0" errors="0">
    <testcase name="no findings" classname="sub/src/b.rs" />
  </testsuite>
  <testsuite name="sub/src/c.py" tests="1" failures="0" errors="0">
    <testcase name="parse-error (line 2)" classname="sub/src/c.py">
      <system-out>sub/src/c.py:2:7: note[parse-error]: é𝒇 syntax</system-out>
    </testcase>
  </testsuite>
</testsuites>
"#
        );
        let parsed = parse(&xml);
        assert_eq!((parsed.tests, parsed.failures, parsed.errors), (4, 1, 0));
        let a = &parsed.suites[0];
        assert_eq!((a.name.as_str(), a.tests, a.failures, a.errors), ("sub/src/a.rs", 2, 1, 0));
        assert_eq!(
            a.cases[0],
            Case {
                name: "cyclomatic-complexity: Parser::f (line 3)".into(),
                classname: "sub/src/a.rs".into(),
                failure: Some(Failure {
                    message: "`f` is 14 (> 10)".into(),
                    kind: "error".into(),
                    text: "sub/src/a.rs:3:5: error[cyclomatic-complexity]: `f` is 14 (> 10)\n\
                           note: 14 = 1 + 13 decision points\nhelp: split `f`"
                        .into(),
                }),
                system_out: None,
            }
        );
        assert_eq!(
            a.cases[1].system_out.as_deref(),
            Some("sub/src/a.rs:9:1: warning[cognitive-complexity]: `g` is 16 (> 15)")
        );
        assert_eq!(
            parsed.suites[1].cases,
            [Case {
                name: "no findings".into(),
                classname: "sub/src/b.rs".into(),
                failure: None,
                system_out: None
            }]
        );
    }

    /// Which findings are failures follows what fails the run.
    #[test]
    fn failures_are_what_fails_the_run() {
        let findings = vec![
            finding("cyclomatic-complexity", Level::Error, "a.rs", 1, 1, "e"),
            finding("function-length", Level::Warning, "a.rs", 5, 1, "w"),
            finding("parse-error", Level::Note, "a.rs", 9, 1, "n"),
        ];
        let counts = |run: RunInfo| {
            let report =
                Report { files: vec![file("a.rs")], findings: findings.clone(), run, ..Report::default() };
            let parsed = parse(&output(&report));
            let kinds: Vec<&str> = parsed.suites[0]
                .cases
                .iter()
                .map(|case| if case.failure.is_some() { "failure" } else { "passed" })
                .collect::<Vec<_>>()
                .into_iter()
                .collect();
            (parsed.failures, kinds.join(" "))
        };
        // The run passes (warnings only, or --exit-zero): nothing is red.
        assert_eq!(counts(RunInfo::default()), (0, "passed passed passed".into()));
        // Errors fail it.
        assert_eq!(
            counts(RunInfo { exit_code: 1, ..RunInfo::default() }),
            (1, "failure passed passed".into())
        );
        // More warnings than --max-warnings fail it too.
        let run = RunInfo { exit_code: 1, warnings_fail: true, ..RunInfo::default() };
        assert_eq!(counts(run), (2, "failure failure passed".into()));
    }

    /// Two findings of one rule on one file are two test cases with two names; the column
    /// tells apart two on one line.
    #[test]
    fn test_case_names_are_unique_in_a_file() {
        let mut findings = Vec::new();
        for (function, line, column) in [("f", 3, 1), ("g", 9, 1), ("<lambda>", 12, 5), ("<lambda>", 12, 20)]
        {
            let mut found = finding("cyclomatic-complexity", Level::Error, "a.py", line, column, "x");
            found.function = Some(function.into());
            findings.push(found);
        }
        findings.push(finding("file-length", Level::Error, "a.py", 1, 1, "x"));
        let report = Report {
            files: vec![file("a.py")],
            findings,
            run: RunInfo { exit_code: 1, ..RunInfo::default() },
            ..Report::default()
        };
        let parsed = parse(&output(&report));
        let names: Vec<&str> = parsed.suites[0].cases.iter().map(|case| case.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "cyclomatic-complexity: f (line 3)",
                "cyclomatic-complexity: g (line 9)",
                "cyclomatic-complexity: <lambda> (line 12, column 5)",
                "cyclomatic-complexity: <lambda> (line 12, column 20)",
                "file-length (line 1)",
            ]
        );
    }

    #[test]
    fn findings_in_files_without_a_file_entry_get_their_own_suite() {
        let report = Report {
            files: vec![file("a.rs")],
            findings: vec![finding("parse-error", Level::Error, "z.rs", 1, 1, "bad")],
            run: RunInfo { exit_code: 1, ..RunInfo::default() },
            ..Report::default()
        };
        let parsed = parse(&output(&report));
        let names: Vec<&str> = parsed.suites.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["a.rs", "z.rs"]);
        assert_eq!((parsed.tests, parsed.failures), (2, 1));
    }

    #[test]
    fn escapes_attributes_and_text() {
        let message = "a \"q\" 'b' <T> & c\nd\r\te % : , ]]> \u{1b} end";
        let path = "d,i:r/<&>\"'% x.rs";
        let report = Report {
            files: vec![file(path)],
            findings: vec![finding("cyclomatic-complexity", Level::Error, path, 1, 1, message)],
            run: RunInfo { exit_code: 1, ..RunInfo::default() },
            ..Report::default()
        };
        let xml = output(&report);
        let path_escaped = "d,i:r/&lt;&amp;&gt;&quot;&apos;% x.rs";
        let message_escaped =
            "a &quot;q&quot; &apos;b&apos; &lt;T&gt; &amp; c&#10;d&#13;&#9;e % : , ]]&gt; � end";
        assert!(
            xml.contains(&format!(
                r#"  <testsuite name="{path_escaped}" tests="1" failures="1" errors="0">"#
            ))
        );
        assert!(xml.contains(&format!(
            r#"      <failure message="{message_escaped}" type="error">{path_escaped}:1:1: error[cyclomatic-complexity]: {message_escaped}</failure>"#
        )));
        let parsed = parse(&xml);
        let case = &parsed.suites[0].cases[0];
        assert_eq!(parsed.suites[0].name, path);
        assert_eq!(case.classname, path);
        let failure = case.failure.as_ref().unwrap();
        let expected = "a \"q\" 'b' <T> & c\nd\r\te % : , ]]> \u{fffd} end";
        assert_eq!(failure.message, expected);
        assert_eq!(failure.text, format!("{path}:1:1: error[cyclomatic-complexity]: {expected}"));
    }
}
