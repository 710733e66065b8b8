//! SonarQube generic coverage XML: `<coverage version="1"><file path><lineToCover lineNumber
//! covered branchesToCover coveredBranches/>`. Lines are covered or not (hits 1 or 0); there
//! are no functions.

use std::io::BufRead;

use crate::xml::{Node, Xml};
use crate::{Coverage, Error, FileCoverage, Format};

/// Reads a Sonar generic coverage report.
pub(crate) fn read(input: &mut dyn BufRead) -> Result<Coverage, Error> {
    let mut xml = Xml::new(input, Format::Sonar);
    let mut coverage = Coverage::new(Format::Sonar);
    let mut file: Option<(String, FileCoverage)> = None;
    let root = xml.root("coverage")?;
    if let Some(version) = root.attr("version").filter(|v| *v != "1") {
        return Err(root.error(format!("version \"{version}\" (only version 1 is defined)")));
    }
    while let Some(node) = xml.next()? {
        match node {
            Node::Open(element) => match element.name.as_str() {
                "file" => {
                    let path = element.required("path")?.to_owned();
                    let existing = coverage.files.remove(&path).unwrap_or_default();
                    file = Some((path, existing));
                }
                "lineToCover" => {
                    let Some((_, file)) = file.as_mut() else {
                        return Err(element.error("<lineToCover> outside a <file>"));
                    };
                    let line = element.line_number("lineNumber")?;
                    let covered = match element.required("covered")? {
                        "true" => 1,
                        "false" => 0,
                        other => return Err(element.error(format!("<lineToCover> with covered=\"{other}\""))),
                    };
                    file.max_line_hits(line, covered);
                    let branches = element.optional_count("branchesToCover")?.unwrap_or(0);
                    let taken = element.optional_count("coveredBranches")?.unwrap_or(0);
                    if taken > branches || branches > 10_000 {
                        return Err(element
                            .error(format!("<lineToCover> with {taken} of {branches} branches covered")));
                    }
                    file.counted_branches(line, branches, taken);
                }
                _ => {}
            },
            Node::Close(name) if name == "file" => {
                if let Some((path, done)) = file.take() {
                    coverage.files.insert(path, done);
                }
            }
            _ => {}
        }
    }
    Ok(coverage)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_branches() {
        let report = "<coverage version=\"1\">\n<file path=\"src/a.ts\">\n<lineToCover lineNumber=\"2\" covered=\"true\" branchesToCover=\"3\" coveredBranches=\"2\"/>\n<lineToCover lineNumber=\"4\" covered=\"false\"/>\n</file>\n</coverage>\n";
        let coverage = read(&mut report.as_bytes()).unwrap();
        let file = &coverage.files["src/a.ts"];
        assert_eq!(file.lines, [(2, 1), (4, 0)].into_iter().collect());
        assert_eq!(file.branch_counts(), (3, 2));
        let error = |text: &str| read(&mut text.as_bytes()).unwrap_err().to_string();
        assert_eq!(
            error("<coverage version=\"2\"/>"),
            "Sonar generic coverage report, line 1: version \"2\" (only version 1 is defined)"
        );
        assert_eq!(
            error(
                "<coverage version=\"1\"><file path=\"a\">\n<lineToCover lineNumber=\"1\" covered=\"yes\"/>"
            ),
            "Sonar generic coverage report, line 2: <lineToCover> with covered=\"yes\""
        );
    }
}
