//! Clover XML (OpenClover, and the dialects of PHPUnit and Istanbul): `<file path name>` (the
//! path is `path` when given, else `name`) holding `<line num type count/>`s. `stmt` lines give
//! hits; `cond` lines give hits and branches; `method` lines give functions (named by
//! `signature` or `name`). A line listed twice keeps its larger count.
//!
//! The dialects disagree on `cond`: OpenClover's `truecount` and `falsecount` are how often
//! the condition was true and false (two branches, each taken when its count is above 0),
//! while Istanbul's are the numbers of covered and missed branches on the line. Istanbul's
//! `cond` lines carry a `count` and OpenClover's do not, which tells them apart.

use std::io::BufRead;

use crate::xml::{Element, Files, Handler, Xml};
use crate::{Coverage, Error, FileCoverage, Format, FunctionHit};

/// Reads a Clover report.
pub(crate) fn read(input: &mut dyn BufRead) -> Result<Coverage, Error> {
    let mut xml = Xml::new(input, Format::Clover);
    let mut reader = Reader(Files::new(Format::Clover));
    xml.root("coverage")?;
    xml.read_into(&mut reader)?;
    Ok(reader.0.coverage)
}

/// The report's `<file>`s.
struct Reader(Files);

impl Handler for Reader {
    fn open(&mut self, element: &Element) -> Result<(), Error> {
        match element.name.as_str() {
            "file" => {
                let path = match element.attr("path").filter(|p| !p.is_empty()) {
                    Some(path) => path.to_owned(),
                    None => element.required("name")?.to_owned(),
                };
                self.0.open(path);
                Ok(())
            }
            "line" => self.0.current().map_or(Ok(()), |file| line(element, file)),
            _ => Ok(()),
        }
    }

    fn close(&mut self, name: &str) {
        if name == "file" {
            self.0.close();
        }
    }
}

/// One `<line>` of a file, by its `type`.
fn line(element: &Element, file: &mut FileCoverage) -> Result<(), Error> {
    let line = element.line_number("num")?;
    let count = element.optional_count("count")?;
    match element.attr("type").unwrap_or("stmt") {
        "method" => {
            let name = element.attr("signature").or(element.attr("name")).unwrap_or_default();
            let function = FunctionHit {
                name: name.to_owned(),
                start_line: line,
                end_line: None,
                hits: count.unwrap_or(0),
            };
            file.add_function(function);
        }
        "cond" => condition(element, file, line, count)?,
        _ => {
            let count = count.ok_or_else(|| element.error("<line> without `count`"))?;
            file.max_line_hits(line, count);
        }
    }
    Ok(())
}

/// A `cond` line, in either dialect (see the module's documentation).
fn condition(element: &Element, file: &mut FileCoverage, line: u32, count: Option<u64>) -> Result<(), Error> {
    let on_true = element.optional_count("truecount")?.unwrap_or(0);
    let on_false = element.optional_count("falsecount")?.unwrap_or(0);
    file.max_line_hits(line, count.unwrap_or(on_true.saturating_add(on_false)));
    if count.is_some() {
        // Istanbul: a count, and the line's covered and missed branches.
        let total = on_true.saturating_add(on_false);
        if total > 10_000 {
            return Err(element.error(format!("<line> with {total} branches")));
        }
        file.counted_branches(line, total, on_true);
    } else {
        // OpenClover: how often the condition was true and false.
        file.max_branch(line, "true".to_owned(), Some(on_true));
        file.max_branch(line, "false".to_owned(), Some(on_false));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_conditions_and_methods() {
        let report = r#"<?xml version="1.0" encoding="UTF-8"?>
<coverage generated="1" clover="3.2.0"><project timestamp="1" name="All files"><metrics statements="3"/>
<package name="src"><file name="a.js" path="/w/src/a.js"><metrics statements="3"/>
<line num="1" count="2" type="stmt"/><line num="2" count="2" type="cond" truecount="1" falsecount="2"/>
<line num="4" type="method" name="f" count="0"/><line num="4" count="0" type="stmt"/></file></package>
<file name="/w/b.php"><line num="3" type="stmt" count="5"/><line num="4" type="cond" truecount="7" falsecount="0"/></file></project></coverage>"#;
        let coverage = read(&mut report.as_bytes()).unwrap();
        let file = &coverage.files["/w/src/a.js"];
        assert_eq!(file.lines, [(1, 2), (2, 2), (4, 0)].into_iter().collect());
        assert_eq!(file.branch_counts(), (3, 1), "Istanbul: 1 covered, 2 missed");
        assert_eq!(
            file.functions,
            [FunctionHit { name: "f".into(), start_line: 4, end_line: None, hits: 0 }]
        );
        let php = &coverage.files["/w/b.php"];
        assert_eq!(php.lines, [(3, 5), (4, 7)].into_iter().collect());
        assert_eq!(php.branch_counts(), (2, 1), "OpenClover: true 7 times, never false");
        let error = read(
            &mut "<coverage generated=\"1\"><project><file name=\"a\">\n<line num=\"1\" type=\"stmt\"/>"
                .as_bytes(),
        );
        assert_eq!(error.unwrap_err().to_string(), "Clover report, line 2: <line> without `count`");
    }
}
