//! SonarQube generic coverage XML: `<coverage version="1"><file path><lineToCover lineNumber
//! covered branchesToCover coveredBranches/>`. Lines are covered or not (hits 1 or 0); there
//! are no functions.

use std::io::BufRead;

use crate::xml::{Element, Files, Handler, Xml};
use crate::{Coverage, Error, FileCoverage, Format};

/// Reads a Sonar generic coverage report.
pub(crate) fn read(input: &mut dyn BufRead) -> Result<Coverage, Error> {
    let mut xml = Xml::new(input, Format::Sonar);
    let root = xml.root("coverage")?;
    if let Some(version) = root.attr("version").filter(|v| *v != "1") {
        return Err(root.error(format!("version \"{version}\" (only version 1 is defined)")));
    }
    let mut reader = Reader(Files::new(Format::Sonar));
    xml.read_into(&mut reader)?;
    Ok(reader.0.coverage)
}

/// The report's `<file>`s.
struct Reader(Files);

impl Handler for Reader {
    fn open(&mut self, element: &Element) -> Result<(), Error> {
        match element.name.as_str() {
            "file" => {
                self.0.open(element.required("path")?.to_owned());
                Ok(())
            }
            "lineToCover" => match self.0.current() {
                Some(file) => line_to_cover(element, file),
                None => Err(element.error("<lineToCover> outside a <file>")),
            },
            _ => Ok(()),
        }
    }

    fn close(&mut self, name: &str) {
        if name == "file" {
            self.0.close();
        }
    }
}

/// One `<lineToCover>` of a file.
fn line_to_cover(element: &Element, file: &mut FileCoverage) -> Result<(), Error> {
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
        return Err(element.error(format!("<lineToCover> with {taken} of {branches} branches covered")));
    }
    file.counted_branches(line, branches, taken);
    Ok(())
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
