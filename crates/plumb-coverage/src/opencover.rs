//! OpenCover XML (also written by coverlet): per `<Module>`, `<File uid fullPath>`s, then
//! `<Method>`s whose `<SequencePoint vc sl el fileid>`s give line hits (every line from `sl` to
//! `el`; a line in several points keeps the largest count) and whose `<BranchPoint vc sl offset
//! path>`s give branches. A method is a function from its first to its last sequence point,
//! called `<MethodPoint vc>` times. File ids are per module.

use std::collections::HashMap;
use std::io::BufRead;

use crate::xml::{Element, Handler, Xml};
use crate::{Coverage, Error, Format, FunctionHit, LineRun};

/// A `<Method>` being read.
#[derive(Default)]
struct Method {
    name: String,
    in_name: bool,
    file: Option<String>,
    hits: Option<u64>,
    /// (file id, first line, last line, hits)
    points: Vec<(Option<String>, u32, u32, u64)>,
    /// (file id, line, id, hits)
    branches: Vec<(Option<String>, u32, String, u64)>,
}

/// Reads an OpenCover report.
pub(crate) fn read(input: &mut dyn BufRead) -> Result<Coverage, Error> {
    let mut xml = Xml::new(input, Format::OpenCover);
    let mut reader = Reader {
        coverage: Coverage::new(Format::OpenCover),
        files: HashMap::new(),
        method: None,
        points: HashMap::new(),
    };
    xml.root("CoverageSession")?;
    xml.read_into(&mut reader)?;
    let mut coverage = reader.coverage;
    for (path, points) in reader.points {
        coverage.file(&path).add_regions(points);
    }
    Ok(coverage)
}

/// The report read so far, the current module's files by id, the `<Method>` being read, and
/// the sequence points of each file (kept as ranges of lines).
struct Reader {
    coverage: Coverage,
    files: HashMap<String, String>,
    method: Option<Method>,
    points: HashMap<String, Vec<LineRun>>,
}

impl Handler for Reader {
    fn open(&mut self, element: &Element) -> Result<(), Error> {
        match element.name.as_str() {
            "Module" => self.files.clear(),
            "File" => {
                self.files
                    .insert(element.required("uid")?.to_owned(), element.required("fullPath")?.to_owned());
            }
            "Method" => self.method = Some(Method::default()),
            _ => {
                if let Some(method) = self.method.as_mut() {
                    method.open(element)?;
                }
            }
        }
        Ok(())
    }

    fn text(&mut self, text: &str) {
        if let Some(method) = self.method.as_mut().filter(|m| m.in_name) {
            method.name.push_str(text);
        }
    }

    fn close(&mut self, name: &str) {
        match (name, self.method.as_mut()) {
            ("Name", Some(method)) => method.in_name = false,
            ("Method", Some(_)) => {
                if let Some(done) = self.method.take() {
                    add_method(done, &self.files, &mut self.coverage, &mut self.points);
                }
            }
            _ => {}
        }
    }
}

impl Method {
    /// An element inside the method.
    fn open(&mut self, element: &Element) -> Result<(), Error> {
        match element.name.as_str() {
            "Name" => self.in_name = true,
            "FileRef" => self.file = Some(element.required("uid")?.to_owned()),
            "SequencePoint" => {
                let (first, last) = span(element)?;
                let file = element.attr("fileid").map(str::to_owned);
                self.points.push((file, first, last, element.count("vc")?));
            }
            "BranchPoint" => {
                let line = element.line_number("sl")?;
                let id = format!(
                    "{},{}",
                    element.attr("offset").unwrap_or(""),
                    element.attr("path").unwrap_or("")
                );
                let file = element.attr("fileid").map(str::to_owned);
                self.branches.push((file, line, id, element.count("vc")?));
            }
            "MethodPoint" => self.hits = element.optional_count("vc")?,
            _ => {}
        }
        Ok(())
    }
}

/// A sequence point's lines.
fn span(element: &Element) -> Result<(u32, u32), Error> {
    let first = element.line_number("sl")?;
    let last = element.optional_line("el")?.unwrap_or(first).max(first);
    Ok((first, last))
}

fn add_method(
    method: Method,
    files: &HashMap<String, String>,
    coverage: &mut Coverage,
    points: &mut HashMap<String, Vec<LineRun>>,
) {
    let path_of = |id: &Option<String>| id.as_ref().or(method.file.as_ref()).and_then(|id| files.get(id));
    for (id, first, last, hits) in &method.points {
        if let Some(path) = path_of(id) {
            coverage.file(path);
            let run = LineRun { first: *first, last: *last, hits: *hits };
            points.entry(path.clone()).or_default().push(run);
        }
    }
    for (id, line, branch, hits) in method.branches {
        if let Some(path) = path_of(&id) {
            coverage.file(path).max_branch(line, branch, Some(hits));
        }
    }
    let in_file = |(id, ..): &&(Option<String>, u32, u32, u64)| id.is_none() || id == &method.file;
    let start = method.points.iter().filter(in_file).map(|p| p.1).min();
    let end = method.points.iter().filter(in_file).map(|p| p.2).max();
    let (Some(start), Some(path)) = (start, method.file.as_ref().and_then(|id| files.get(id))) else {
        return;
    };
    let hits = method.hits.unwrap_or_else(|| method.points.iter().map(|p| p.3).max().unwrap_or(0));
    let name = method.name.trim().to_owned();
    coverage.file(path).add_function(FunctionHit {
        name,
        start_line: start,
        end_line: end.filter(|&e| e > start),
        hits,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modules_files_methods_and_points() {
        let report = r#"<?xml version="1.0" encoding="utf-8"?>
<CoverageSession xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<Summary numSequencePoints="3"/><Modules>
<Module hash="A"><ModuleName>Calc</ModuleName><Files><File uid="1" fullPath="C:\src\Calc.cs"/></Files>
<Classes><Class><FullName>Calc.Ops</FullName><Methods>
<Method visited="true" cyclomaticComplexity="2"><Name>System.Int32 Calc.Ops::Max(System.Int32,System.Int32)</Name><FileRef uid="1"/>
<SequencePoints><SequencePoint vc="3" sl="10" sc="5" el="10" ec="6" fileid="1"/><SequencePoint vc="3" sl="11" el="12" fileid="1"/><SequencePoint vc="0" sl="12" el="12" fileid="1"/></SequencePoints>
<BranchPoints><BranchPoint vc="2" sl="11" path="0" offset="8" fileid="1"/><BranchPoint vc="0" sl="11" path="1" offset="8" fileid="1"/></BranchPoints>
<MethodPoint xsi:type="SequencePoint" vc="3" sl="10"/></Method></Methods></Class></Classes></Module>
<Module hash="B"><Files><File uid="1" fullPath="C:\src\Other.cs"/></Files><Classes><Class><Methods>
<Method><Name>System.Void Other::Run()</Name><FileRef uid="1"/><SequencePoints><SequencePoint vc="0" sl="4" el="4"/></SequencePoints></Method>
</Methods></Class></Classes></Module></Modules></CoverageSession>"#;
        let coverage = read(&mut report.as_bytes()).unwrap();
        let file = &coverage.files[r"C:\src\Calc.cs"];
        assert_eq!(file.settled(u32::MAX).lines, [(10, 3), (11, 3), (12, 3)].into_iter().collect());
        assert_eq!(file.branch_counts(), (2, 1));
        assert_eq!(
            file.functions,
            [FunctionHit {
                name: "System.Int32 Calc.Ops::Max(System.Int32,System.Int32)".into(),
                start_line: 10,
                end_line: Some(12),
                hits: 3
            }]
        );
        let other = &coverage.files[r"C:\src\Other.cs"];
        assert_eq!(other.settled(u32::MAX).lines, [(4, 0)].into_iter().collect());
        assert_eq!(other.functions[0].hits, 0);
        // A point spanning 900,000 lines is one range, until the file's length cuts it.
        let long = "<CoverageSession><Modules><Module><Files><File uid=\"1\" fullPath=\"a.cs\"/></Files><Classes><Class><Methods><Method><FileRef uid=\"1\"/>\n<SequencePoints><SequencePoint vc=\"1\" sl=\"1\" el=\"900000\"/></SequencePoints></Method></Methods></Class></Classes></Module></Modules></CoverageSession>";
        let coverage = read(&mut long.as_bytes()).unwrap();
        assert_eq!(coverage.files["a.cs"].runs, [LineRun { first: 1, last: 900_000, hits: 1 }]);
        assert_eq!(coverage.files["a.cs"].settled(3).lines, [(1, 1), (2, 1), (3, 1)].into_iter().collect());
    }
}
