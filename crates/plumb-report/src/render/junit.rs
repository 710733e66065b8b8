//! JUnit XML, as linters write it for CI test reports (GitLab `artifacts: reports: junit:`,
//! Jenkins, Azure Pipelines): one test suite per analysed file, one failed test case per
//! finding, and one passing test case for a file without findings, so dashboards show it green.
//!
//! ```xml
//! <?xml version="1.0" encoding="utf-8"?>
//! <testsuites name="plumb" tests="3" failures="1" errors="0">
//!   <testsuite name="src/a.rs" tests="1" failures="1" errors="0">
//!     <testcase name="cyclomatic-complexity" classname="src/a.rs">
//!       <failure message="..." type="error">src/a.rs:3:5: error[cyclomatic-complexity]: ...</failure>
//!     </testcase>
//!   </testsuite>
//!   <testsuite name="src/b.rs" tests="1" failures="0" errors="0">
//!     <testcase name="no findings" classname="src/b.rs" />
//!   </testsuite>
//! </testsuites>
//! ```
//!
//! Suites follow `report.files`, then any other path that has findings; paths are relative to the
//! repository root. A finding's failure text is its location, level and rule, message, notes and
//! help, one per line. Every finding is a failure (`errors` counts crashed tests, so it is 0);
//! `type` is the finding's level.

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
    writeln!(out, r#"<?xml version="1.0" encoding="utf-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="plumb" tests="{tests}" failures="{}" errors="0">"#,
        report.findings.len()
    )?;
    for (path, findings) in &suites {
        let path = escape_xml(&report.run.root_relative(path));
        writeln!(
            out,
            r#"  <testsuite name="{path}" tests="{}" failures="{}" errors="0">"#,
            findings.len().max(1),
            findings.len()
        )?;
        if findings.is_empty() {
            writeln!(out, r#"    <testcase name="{PASSING_TEST_NAME}" classname="{path}" />"#)?;
        }
        for finding in findings {
            writeln!(out, r#"    <testcase name="{}" classname="{path}">"#, escape_xml(finding.rule))?;
            writeln!(
                out,
                r#"      <failure message="{}" type="{}">{}</failure>"#,
                escape_xml(&finding.message),
                failure_type(finding.level),
                escape_xml(&failure_text(report, finding))
            )?;
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
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

    #[test]
    fn findings_across_files() {
        let mut first = finding("cyclomatic-complexity", Level::Error, "src/a.rs", 3, 5, "`f` is 14 (> 10)");
        first.notes = vec!["14 = 1 + 13 decision points".into()];
        first.help = Some("split `f`".into());
        let report = Report {
            files: vec![file("src/a.rs"), file("src/b.rs"), file("src/c.py")],
            findings: vec![
                first,
                finding("cognitive-complexity", Level::Warning, "src/a.rs", 9, 1, "`g` is 16 (> 15)"),
                // `é𝒇`: scalar column 7.
                finding("parse-error", Level::Note, "src/c.py", 2, 7, "é𝒇 syntax"),
            ],
            run: RunInfo { path_prefix: "sub/".into(), ..RunInfo::default() },
            ..Report::default()
        };
        let xml = output(&report);
        assert_eq!(
            xml,
            r#"<?xml version="1.0" encoding="utf-8"?>
<testsuites name="plumb" tests="4" failures="3" errors="0">
  <testsuite name="sub/src/a.rs" tests="2" failures="2" errors="0">
    <testcase name="cyclomatic-complexity" classname="sub/src/a.rs">
      <failure message="`f` is 14 (&gt; 10)" type="error">sub/src/a.rs:3:5: error[cyclomatic-complexity]: `f` is 14 (&gt; 10)&#10;note: 14 = 1 + 13 decision points&#10;help: split `f`</failure>
    </testcase>
    <testcase name="cognitive-complexity" classname="sub/src/a.rs">
      <failure message="`g` is 16 (&gt; 15)" type="warning">sub/src/a.rs:9:1: warning[cognitive-complexity]: `g` is 16 (&gt; 15)</failure>
    </testcase>
  </testsuite>
  <testsuite name="sub/src/b.rs" tests="1" failures="0" errors="0">
    <testcase name="no findings" classname="sub/src/b.rs" />
  </testsuite>
  <testsuite name="sub/src/c.py" tests="1" failures="1" errors="0">
    <testcase name="parse-error" classname="sub/src/c.py">
      <failure message="é𝒇 syntax" type="note">sub/src/c.py:2:7: note[parse-error]: é𝒇 syntax</failure>
    </testcase>
  </testsuite>
</testsuites>
"#
        );
        let parsed = parse(&xml);
        assert_eq!((parsed.tests, parsed.failures, parsed.errors), (4, 3, 0));
        let a = &parsed.suites[0];
        assert_eq!((a.name.as_str(), a.tests, a.failures, a.errors), ("sub/src/a.rs", 2, 2, 0));
        assert_eq!(
            a.cases[0],
            Case {
                name: "cyclomatic-complexity".into(),
                classname: "sub/src/a.rs".into(),
                failure: Some(Failure {
                    message: "`f` is 14 (> 10)".into(),
                    kind: "error".into(),
                    text: "sub/src/a.rs:3:5: error[cyclomatic-complexity]: `f` is 14 (> 10)\n\
                           note: 14 = 1 + 13 decision points\nhelp: split `f`"
                        .into(),
                }),
            }
        );
        assert_eq!(
            parsed.suites[1].cases,
            [Case { name: "no findings".into(), classname: "sub/src/b.rs".into(), failure: None }]
        );
    }

    #[test]
    fn findings_in_files_without_a_file_entry_get_their_own_suite() {
        let report = Report {
            files: vec![file("a.rs")],
            findings: vec![finding("parse-error", Level::Error, "z.rs", 1, 1, "bad")],
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
