//! Cobertura XML (`coverage-04.dtd`): `<source>`s become the report's roots, each `<class>`'s
//! `filename` is relative to one of them, `<line number hits branch condition-coverage>` give
//! hits and branches (`condition-coverage="50% (1/2)"`). Classes of one file are merged;
//! `<method>`s give functions (their lines repeat the class's lines and are not counted again).

use std::io::BufRead;

use crate::xml::{Element, Files, Handler, Xml};
use crate::{Coverage, Error, FileCoverage, Format, FunctionHit};

/// A `<method>` being read: name, and the (line, hits) of its lines.
struct Method {
    name: String,
    lines: Vec<(u32, u64)>,
}

/// Reads a Cobertura report.
pub(crate) fn read(input: &mut dyn BufRead) -> Result<Coverage, Error> {
    let mut xml = Xml::new(input, Format::Cobertura);
    let mut reader = Reader { files: Files::new(Format::Cobertura), source: None, method: None };
    xml.root("coverage")?;
    xml.read_into(&mut reader)?;
    Ok(reader.files.coverage)
}

/// The report read so far, and the `<source>`, `<class>` and `<method>` being read.
struct Reader {
    /// The report's `<class>`es.
    files: Files,
    source: Option<String>,
    method: Option<Method>,
}

impl Handler for Reader {
    fn open(&mut self, element: &Element) -> Result<(), Error> {
        match element.name.as_str() {
            "source" => self.source = Some(String::new()),
            "class" => self.files.open(element.required("filename")?.to_owned()),
            "method" if self.files.current.is_some() => {
                let name = element.attr("name").unwrap_or_default().to_owned();
                self.method = Some(Method { name, lines: Vec::new() });
            }
            "line" => self.line(element)?,
            _ => {}
        }
        Ok(())
    }

    fn text(&mut self, text: &str) {
        if let Some(source) = self.source.as_mut() {
            source.push_str(text);
        }
    }

    fn close(&mut self, name: &str) {
        match name {
            "source" => self.end_source(),
            "method" => {
                if let (Some(method), Some(file)) = (self.method.take(), self.files.current()) {
                    add_method(method, file);
                }
            }
            "class" => self.files.close(),
            _ => {}
        }
    }
}

impl Reader {
    /// A `<line>` belongs to the method being read, else to the class.
    fn line(&mut self, element: &Element) -> Result<(), Error> {
        if let Some(method) = self.method.as_mut() {
            method.lines.push((element.line_number("number")?, element.count("hits")?));
        } else if let Some(file) = self.files.current() {
            read_line(element, file)?;
        }
        Ok(())
    }

    /// A `<source>` becomes a root, once.
    fn end_source(&mut self) {
        let text = self.source.take().unwrap_or_default();
        let text = text.trim();
        if !text.is_empty() && !self.files.coverage.roots.iter().any(|r| r == text) {
            self.files.coverage.roots.push(text.to_owned());
        }
    }
}

/// One `<line>` of a class.
fn read_line(element: &Element, file: &mut FileCoverage) -> Result<(), Error> {
    let number = element.line_number("number")?;
    file.max_line_hits(number, element.count("hits")?);
    if element.attr("branch") != Some("true") {
        return Ok(());
    }
    let Some(text) = element.attr("condition-coverage") else { return Ok(()) };
    let bad = || element.error(format!("<line> with a bad condition-coverage=\"{text}\""));
    let fraction = text.split_once('(').and_then(|(_, rest)| rest.strip_suffix(')')).ok_or_else(bad)?;
    let (covered, total) = fraction.split_once('/').ok_or_else(bad)?;
    let covered: u32 = covered.trim().parse().map_err(|_| bad())?;
    let total: u32 = total.trim().parse().map_err(|_| bad())?;
    if covered > total || total > 10_000 {
        return Err(bad());
    }
    file.counted_branches(number, u64::from(total), u64::from(covered));
    Ok(())
}

/// A method's function: its first line to its last, called as often as its first line ran.
fn add_method(method: Method, file: &mut FileCoverage) {
    let Some(&(start, hits)) = method.lines.iter().min_by_key(|(line, _)| *line) else { return };
    let end = method.lines.iter().map(|(line, _)| *line).max().filter(|&end| end > start);
    file.add_function(FunctionHit { name: method.name, start_line: start, end_line: end, hits });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_classes_lines_and_conditions() {
        let report = r#"<?xml version="1.0" ?>
<!DOCTYPE coverage SYSTEM "http://cobertura.sourceforge.net/xml/coverage-04.dtd">
<coverage line-rate="0.5" version="7.4">
  <sources><source>/ci/app/src</source><source>
     /ci/app/lib </source></sources>
  <packages><package name="p"><classes>
    <class name="A" filename="p/a.py"><methods>
        <method name="f" signature="()"><lines><line number="3" hits="2"/><line number="5" hits="0"/></lines></method>
      </methods><lines>
        <line number="3" hits="2" branch="true" condition-coverage="50% (1/2)"/>
        <line number="4" hits="2.0"/>
        <line number="5" hits="0"/>
      </lines></class>
    <class name="A$Inner" filename="p/a.py"><methods/><lines><line number="9" hits="1"/></lines></class>
  </classes></package></packages>
</coverage>"#;
        let coverage = read(&mut report.as_bytes()).unwrap();
        assert_eq!(coverage.roots, ["/ci/app/src", "/ci/app/lib"]);
        let file = &coverage.files["p/a.py"];
        assert_eq!(file.lines, [(3, 2), (4, 2), (5, 0), (9, 1)].into_iter().collect());
        assert_eq!(file.branch_counts(), (2, 1));
        assert_eq!(
            file.functions,
            [FunctionHit { name: "f".into(), start_line: 3, end_line: Some(5), hits: 2 }]
        );
    }

    #[test]
    fn errors_name_the_line() {
        let error = |text: &str| read(&mut text.as_bytes()).unwrap_err().to_string();
        assert_eq!(
            error("<coverage>\n<packages><package><classes><class>"),
            "Cobertura report, line 2: <class> without `filename`"
        );
        assert_eq!(
            error(
                "<coverage><packages><package><classes><class filename=\"a\"><lines>\n<line number=\"x\" hits=\"1\"/>"
            ),
            "Cobertura report, line 2: <line> with a bad line number number=\"x\""
        );
        assert_eq!(
            error(
                "<coverage><packages><package><classes><class filename=\"a\"><lines>\n\n<line number=\"1\" hits=\"1\" branch=\"true\" condition-coverage=\"50%\"/>"
            ),
            "Cobertura report, line 3: <line> with a bad condition-coverage=\"50%\""
        );
        assert_eq!(
            error("<report/>"),
            "Cobertura report, line 1: the root element is <report>, not <coverage>"
        );
    }
}
