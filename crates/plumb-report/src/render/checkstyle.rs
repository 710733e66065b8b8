//! Checkstyle XML, as ESLint's and golangci-lint's checkstyle formatters write it; read by
//! Jenkins Warnings NG, reviewdog (`-f=checkstyle`), SonarQube and most CI dashboards.
//!
//! ```xml
//! <?xml version="1.0" encoding="utf-8"?>
//! <checkstyle version="4.3">
//!   <file name="src/lib.rs">
//!     <error line="3" column="5" severity="error" message="..." source="plumb.cyclomatic-complexity" />
//!   </file>
//! </checkstyle>
//! ```
//!
//! One `<file>` per file with findings, in the order the findings come; paths relative to the
//! repository root; columns 1-based in Unicode scalars. Levels map to severities as error →
//! `error`, warning → `warning`, note → `info`.

use std::io::{self, Write};

use crate::{Finding, Level, Report};

/// The checkstyle severity for a level.
fn severity(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Note => "info",
    }
}

/// Escapes text for an XML 1.0 attribute value or element content: quick-xml's [`escape`]
/// (`<`, `>`, `&`, `'`, `"`, CR), plus LF and tab as character references (a parser would
/// turn them into spaces in an attribute otherwise), and every character XML 1.0 forbids
/// (other C0 controls, U+FFFE, U+FFFF) replaced by U+FFFD.
///
/// [`escape`]: quick_xml::escape::escape
pub(super) fn escape_xml(text: &str) -> String {
    let allowed =
        |c: char| !matches!(c, '\0'..='\x08' | '\x0b' | '\x0c' | '\x0e'..='\x1f' | '\u{fffe}' | '\u{ffff}');
    let text: String = text.chars().map(|c| if allowed(c) { c } else { '\u{fffd}' }).collect();
    // `escape` leaves LF and tab alone, and every `&` it writes starts an entity, so these
    // replacements cannot touch its output.
    quick_xml::escape::escape(text.as_str()).replace('\n', "&#10;").replace('\t', "&#9;")
}

/// Writes the document.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="utf-8"?>"#)?;
    writeln!(out, r#"<checkstyle version="4.3">"#)?;
    for (path, findings) in by_file(&report.findings) {
        writeln!(out, r#"  <file name="{}">"#, escape_xml(&report.run.root_relative(path)))?;
        for finding in findings {
            let start = finding.span.start;
            writeln!(
                out,
                r#"    <error line="{}" column="{}" severity="{}" message="{}" source="plumb.{}" />"#,
                start.line,
                start.column,
                severity(finding.level),
                escape_xml(&finding.message),
                escape_xml(finding.rule)
            )?;
        }
        writeln!(out, "  </file>")?;
    }
    writeln!(out, "</checkstyle>")
}

/// The findings grouped by path, in order of first appearance (findings arrive sorted by path,
/// so this is one group per run of equal paths; grouping keeps one `<file>` per path anyway).
fn by_file(findings: &[Finding]) -> Vec<(&str, Vec<&Finding>)> {
    let mut groups: Vec<(&str, Vec<&Finding>)> = Vec::new();
    for finding in findings {
        match groups.iter_mut().rev().find(|(path, _)| *path == finding.path) {
            Some((_, group)) => group.push(finding),
            None => groups.push((&finding.path, vec![finding])),
        }
    }
    groups
}

#[cfg(test)]
pub(super) mod tests {
    use quick_xml::XmlVersion;
    use quick_xml::events::{BytesStart, Event};
    use quick_xml::reader::Reader;
    use serde::Deserialize;

    use super::{escape_xml, render};
    use crate::render::testing;
    use crate::{Finding, Level, Report, RunInfo};

    fn finding(
        rule: &'static str,
        level: Level,
        path: &str,
        line: u32,
        column: u32,
        message: &str,
    ) -> Finding {
        let mut finding = testing::finding(rule, level, path, line, column, message);
        finding.notes = vec!["not written".into()];
        finding
    }

    fn output(report: &Report) -> String {
        testing::output(render, report)
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Checkstyle {
        #[serde(rename = "@version")]
        version: String,
        #[serde(rename = "file", default)]
        files: Vec<File>,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct File {
        #[serde(rename = "@name")]
        name: String,
        #[serde(rename = "error")]
        errors: Vec<Error>,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Error {
        #[serde(rename = "@line")]
        line: u32,
        #[serde(rename = "@column")]
        column: u32,
        #[serde(rename = "@severity")]
        severity: String,
        #[serde(rename = "@message")]
        message: String,
        #[serde(rename = "@source")]
        source: String,
    }

    fn error(line: u32, column: u32, severity: &str, message: &str, source: &str) -> Error {
        Error { line, column, severity: severity.into(), message: message.into(), source: source.into() }
    }

    /// Reads every event, failing on malformed XML (mismatched tags, bad attributes, unknown
    /// entities), and checks that every element is closed.
    pub(in crate::render) fn assert_well_formed(xml: &str) {
        let mut reader = Reader::from_str(xml);
        reader.config_mut().check_end_names = true;
        let mut depth = 0i32;
        loop {
            match reader.read_event().unwrap() {
                Event::Start(element) => {
                    depth += 1;
                    check_attributes(&element);
                }
                Event::Empty(element) => check_attributes(&element),
                Event::End(_) => depth -= 1,
                Event::GeneralRef(reference) => {
                    let known = ["lt", "gt", "amp", "apos", "quot"].contains(&&*reference);
                    let char_ref = reference.resolve_char_ref().unwrap();
                    assert!(known || char_ref.is_some_and(legal), "{reference:?}");
                }
                Event::Eof => break,
                _ => {}
            }
        }
        assert_eq!(depth, 0);
        // quick-xml does not enforce the Legal Char constraint: check it here.
        assert!(xml.chars().all(legal), "{xml:?}");
    }

    fn check_attributes(element: &BytesStart<'_>) {
        for attribute in element.attributes() {
            let attribute = attribute.unwrap();
            // quick-xml accepts a raw `<` in a value; XML does not.
            assert!(!attribute.value.contains('<'), "UnescapedLt in {attribute:?}");
            attribute.normalized_value(XmlVersion::Explicit1_0).unwrap();
        }
    }

    /// A character XML 1.0 allows.
    fn legal(c: char) -> bool {
        matches!(c, '\t' | '\n' | '\r' | ' '..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
    }

    fn parse(xml: &str) -> Checkstyle {
        assert_well_formed(xml);
        quick_xml::de::from_str(xml).unwrap()
    }

    #[test]
    fn clean_run() {
        let xml = output(&Report::default());
        assert_eq!(
            xml,
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<checkstyle version=\"4.3\">\n</checkstyle>\n"
        );
        assert_eq!(parse(&xml), Checkstyle { version: "4.3".into(), files: vec![] });
    }

    #[test]
    fn findings_across_files() {
        let report = Report {
            findings: vec![
                finding("cyclomatic-complexity", Level::Error, "src/a.rs", 3, 5, "`f` is 14 (> 10)"),
                finding("cognitive-complexity", Level::Warning, "src/a.rs", 9, 1, "`g` is 16 (> 15)"),
                // `é𝒇`: scalar column 7 (the UTF-16 column would be 8).
                finding("parse-error", Level::Note, "../b.py", 2, 7, "é𝒇 syntax"),
            ],
            run: RunInfo { path_prefix: "sub/".into(), ..RunInfo::default() },
            ..Report::default()
        };
        let xml = output(&report);
        assert_eq!(
            xml,
            r#"<?xml version="1.0" encoding="utf-8"?>
<checkstyle version="4.3">
  <file name="sub/src/a.rs">
    <error line="3" column="5" severity="error" message="`f` is 14 (&gt; 10)" source="plumb.cyclomatic-complexity" />
    <error line="9" column="1" severity="warning" message="`g` is 16 (&gt; 15)" source="plumb.cognitive-complexity" />
  </file>
  <file name="b.py">
    <error line="2" column="7" severity="info" message="é𝒇 syntax" source="plumb.parse-error" />
  </file>
</checkstyle>
"#
        );
        assert_eq!(
            parse(&xml),
            Checkstyle {
                version: "4.3".into(),
                files: vec![
                    File {
                        name: "sub/src/a.rs".into(),
                        errors: vec![
                            error(3, 5, "error", "`f` is 14 (> 10)", "plumb.cyclomatic-complexity"),
                            error(9, 1, "warning", "`g` is 16 (> 15)", "plumb.cognitive-complexity"),
                        ],
                    },
                    File {
                        name: "b.py".into(),
                        errors: vec![error(2, 7, "info", "é𝒇 syntax", "plumb.parse-error")],
                    },
                ],
            }
        );
    }

    #[test]
    fn one_file_element_per_path_even_when_findings_interleave() {
        let report = Report {
            findings: vec![
                finding("cyclomatic-complexity", Level::Error, "a.rs", 1, 1, "1"),
                finding("cyclomatic-complexity", Level::Error, "b.rs", 1, 1, "2"),
                finding("cyclomatic-complexity", Level::Error, "a.rs", 5, 1, "3"),
            ],
            ..Report::default()
        };
        let parsed = parse(&output(&report));
        let names: Vec<&str> = parsed.files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["a.rs", "b.rs"]);
        let messages: Vec<&str> = parsed.files[0].errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(messages, ["1", "3"]);
    }

    #[test]
    fn escapes_attributes() {
        let message = "a \"q\" 'b' <T> & c\nd\r\te % : , \u{1} end";
        let path = "d,i:r/<&>\"'% x.rs";
        let report = Report {
            findings: vec![finding("cyclomatic-complexity", Level::Error, path, 1, 1, message)],
            ..Report::default()
        };
        let xml = output(&report);
        assert!(xml.contains(r#"<file name="d,i:r/&lt;&amp;&gt;&quot;&apos;% x.rs">"#));
        assert!(xml.contains(
            r#" message="a &quot;q&quot; &apos;b&apos; &lt;T&gt; &amp; c&#10;d&#13;&#9;e % : , � end" "#
        ));
        let parsed = parse(&xml);
        assert_eq!(parsed.files[0].name, path);
        // Newline, carriage return and tab survive; the control character cannot be in XML 1.0.
        assert_eq!(parsed.files[0].errors[0].message, "a \"q\" 'b' <T> & c\nd\r\te % : , \u{fffd} end");
    }

    #[test]
    #[should_panic(expected = "UnescapedLt")]
    fn the_well_formedness_check_catches_a_raw_less_than() {
        assert_well_formed(r#"<checkstyle><file name="a<b" /></checkstyle>"#);
    }

    #[test]
    #[should_panic(expected = "\\u{1}")]
    fn the_well_formedness_check_catches_a_control_character() {
        assert_well_formed("<checkstyle><file name=\"a\u{1}b\" /></checkstyle>");
    }

    #[test]
    #[should_panic(expected = "MismatchedEndTag")]
    fn the_well_formedness_check_catches_mismatched_tags() {
        assert_well_formed("<checkstyle><file></checkstyle></file>");
    }

    #[test]
    fn escape_replaces_characters_xml_forbids() {
        assert_eq!(
            escape_xml("a\u{0}b\u{1f}c\u{fffe}d\u{ffff}e\u{7f}"),
            "a\u{fffd}b\u{fffd}c\u{fffd}d\u{fffd}e\u{7f}"
        );
        assert_eq!(escape_xml("plain é 𝒇"), "plain é 𝒇");
    }
}
