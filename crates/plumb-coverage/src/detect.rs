//! Recognising a report's format from its first bytes.

use crate::Format;

/// The format of a report, from its first bytes (a few KiB are enough), or `None`.
pub fn detect(head: &[u8]) -> Option<Format> {
    let text = String::from_utf8_lossy(&head[..head.len().min(64 * 1024)]);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if text.starts_with('<') {
        return detect_xml(text);
    }
    if text.starts_with('{') {
        return detect_json(text);
    }
    if text.starts_with("mode:") {
        return Some(Format::Go);
    }
    let lcov_keys = ["TN:", "SF:", "DA:", "FN:", "FNDA:", "BRDA:", "end_of_record"];
    text.lines()
        .take(50)
        .any(|line| lcov_keys.iter().any(|key| line.starts_with(key)))
        .then_some(Format::Lcov)
}

/// The root element decides, after the prolog, comments and doctype.
fn detect_xml(text: &str) -> Option<Format> {
    let (root, rest) = root_element(text)?;
    match root {
        "report" => Some(Format::Jacoco),
        "CoverageSession" => Some(Format::OpenCover),
        "coverage" => detect_coverage_root(rest),
        _ => None,
    }
}

/// The root element's name, and the text from its `<` on.
fn root_element(text: &str) -> Option<(&str, &str)> {
    let mut rest = text;
    loop {
        rest = &rest[rest.find('<')?..];
        if !rest.starts_with("<?") && !rest.starts_with("<!") {
            break;
        }
        rest = &rest[rest.find('>')? + 1..];
    }
    let end = rest.find(|c: char| c.is_whitespace() || c == '>' || c == '/')?;
    Some((&rest[1..end], rest))
}

/// Three formats have a `<coverage>` root: Clover's has a `generated` or `clover` attribute,
/// Sonar's `<lineToCover>`s (or `version="1"` and `<file>`s), and Cobertura's neither.
fn detect_coverage_root(rest: &str) -> Option<Format> {
    let tag = &rest[..rest.find('>')?];
    if tag.contains("generated=") || tag.contains("clover=") {
        Some(Format::Clover)
    } else if rest.contains("<lineToCover") || (tag.contains("version=\"1\"") && rest.contains("<file")) {
        Some(Format::Sonar)
    } else {
        Some(Format::Cobertura)
    }
}

fn detect_json(text: &str) -> Option<Format> {
    // llvm-cov writes `type` last, after every file: its start is `{"data":[{"files":[`.
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).take(32).collect();
    if text.contains("\"llvm.coverage.json.export\"") || compact.starts_with("{\"data\":[{\"files\":[") {
        Some(Format::LlvmJson)
    } else if text.contains("\"meta\"") && text.contains("\"executed_lines\"")
        || text.contains("\"meta\"") && text.contains("\"format\"") && text.contains("\"files\"")
    {
        Some(Format::CoveragePy)
    } else if text.contains("\"statementMap\"") {
        Some(Format::Istanbul)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_recognised_by_content() {
        let cases: [(&str, Option<Format>); 12] = [
            ("TN:\nSF:/a/b.rs\nDA:1,1\nend_of_record\n", Some(Format::Lcov)),
            ("mode: set\ngithub.com/x/y/a.go:1.2,3.4 1 0\n", Some(Format::Go)),
            (
                "<?xml version=\"1.0\"?>\n<!DOCTYPE coverage SYSTEM \"x.dtd\">\n<coverage line-rate=\"1\"><sources>",
                Some(Format::Cobertura),
            ),
            (
                "<?xml version=\"1.0\"?><!DOCTYPE report PUBLIC \"-//JACOCO//DTD Report 1.1//EN\" \"report.dtd\"><report name=\"x\">",
                Some(Format::Jacoco),
            ),
            ("<coverage generated=\"1\" clover=\"3.2.0\"><project>", Some(Format::Clover)),
            ("<CoverageSession><Summary/>", Some(Format::OpenCover)),
            (
                "<coverage version=\"1\"><file path=\"a.ts\"><lineToCover lineNumber=\"1\" covered=\"true\"/>",
                Some(Format::Sonar),
            ),
            (
                "{\"data\":[{\"files\":[]}],\"type\":\"llvm.coverage.json.export\",\"version\":\"3.1.0\"}",
                Some(Format::LlvmJson),
            ),
            (
                "{\"meta\": {\"format\": 3, \"version\": \"7.4\"}, \"files\": {\"a.py\": {\"executed_lines\": [1]}}}",
                Some(Format::CoveragePy),
            ),
            ("{\"/abs/a.js\": {\"path\": \"/abs/a.js\", \"statementMap\": {}}}", Some(Format::Istanbul)),
            ("{\"data\": [{\"files\": [{\"branches\": [], \"filename\": \"/a.rs\"", Some(Format::LlvmJson)),
            ("hello world\n", None),
        ];
        for (text, expected) in cases {
            assert_eq!(detect(text.as_bytes()), expected, "{text}");
        }
    }
}
