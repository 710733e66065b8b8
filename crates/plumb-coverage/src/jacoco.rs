//! JaCoCo XML (`report.dtd`): `<package name="org/acme">` holds `<class>`es (with their
//! `<method name line>`s) and `<sourcefile name="Foo.java">`s with `<line nr mi ci mb cb>`.
//! A file's path is the package path and the source file name (resolved later by suffix).
//! JaCoCo counts instructions, not executions, so a line's hits are 1 when any of its
//! instructions ran (`ci > 0`), else 0; a line has `mb + cb` branches, `cb` of them taken.
//! A method is called when its `METHOD` counter says so; synthetic methods (`lambda$…`,
//! `access$…`) are left out.

use std::io::BufRead;

use crate::xml::{Element, Files, Handler, Xml};
use crate::{Coverage, Error, Format, FunctionHit};

/// Reads a JaCoCo report.
pub(crate) fn read(input: &mut dyn BufRead) -> Result<Coverage, Error> {
    let mut xml = Xml::new(input, Format::Jacoco);
    let mut reader = Reader::default();
    xml.root("report")?;
    xml.read_into(&mut reader)?;
    Ok(reader.files.coverage)
}

/// The report read so far, and where the reader is in it.
struct Reader {
    /// The report's `<sourcefile>`s.
    files: Files,
    package: String,
    /// (source file name, function) of the current package, attached when it closes.
    methods: Vec<(String, FunctionHit)>,
    class_source: Option<String>,
    method: Option<FunctionHit>,
    class_name: String,
}

impl Default for Reader {
    fn default() -> Self {
        Self {
            files: Files::new(Format::Jacoco),
            package: String::new(),
            methods: Vec::new(),
            class_source: None,
            method: None,
            class_name: String::new(),
        }
    }
}

impl Handler for Reader {
    fn open(&mut self, element: &Element) -> Result<(), Error> {
        match element.name.as_str() {
            "package" => self.package(element),
            "class" => self.class(element),
            "method" => self.method(element),
            "counter" => self.counter(element),
            "sourcefile" => self.sourcefile(element),
            "line" => self.line(element),
            _ => Ok(()),
        }
    }

    fn close(&mut self, name: &str) {
        match name {
            "method" => self.end_method(),
            "class" => self.class_source = None,
            "sourcefile" => self.files.close(),
            "package" => self.end_package(),
            _ => {}
        }
    }
}

impl Reader {
    /// A package's path, with an item of it appended.
    fn path(&self, name: &str) -> String {
        if self.package.is_empty() { name.to_owned() } else { format!("{}/{name}", self.package) }
    }

    fn package(&mut self, element: &Element) -> Result<(), Error> {
        element.required("name")?.trim_matches('/').clone_into(&mut self.package);
        self.methods.clear();
        Ok(())
    }

    fn class(&mut self, element: &Element) -> Result<(), Error> {
        let name = element.required("name")?;
        name.rsplit('/').next().unwrap_or(name).clone_into(&mut self.class_name);
        self.class_source = element.attr("sourcefilename").map(str::to_owned);
        Ok(())
    }

    fn method(&mut self, element: &Element) -> Result<(), Error> {
        let name = element.required("name")?;
        let synthetic = name.starts_with("lambda$") || name.starts_with("access$");
        self.method = match element.optional_line("line")? {
            Some(line) if !synthetic => Some(FunctionHit {
                name: format!("{}.{name}", self.class_name),
                start_line: line,
                end_line: None,
                hits: 0,
            }),
            _ => None,
        };
        Ok(())
    }

    fn counter(&mut self, element: &Element) -> Result<(), Error> {
        if let Some(method) = self.method.as_mut()
            && element.attr("type") == Some("METHOD")
        {
            method.hits = u64::from(element.count("covered")? > 0);
        }
        Ok(())
    }

    fn sourcefile(&mut self, element: &Element) -> Result<(), Error> {
        self.files.open(self.path(element.required("name")?));
        Ok(())
    }

    fn line(&mut self, element: &Element) -> Result<(), Error> {
        let Some(file) = self.files.current() else { return Ok(()) };
        let line = element.line_number("nr")?;
        let (missed, covered) = (element.count("mi")?, element.count("ci")?);
        let (missed_branches, taken) = (element.count("mb")?, element.count("cb")?);
        if missed.saturating_add(covered) > 0 {
            file.max_line_hits(line, u64::from(covered > 0));
        }
        let branches = missed_branches.saturating_add(taken);
        if branches > 10_000 {
            return Err(element.error(format!("<line> with {branches} branches")));
        }
        file.counted_branches(line, branches, taken);
        Ok(())
    }

    fn end_method(&mut self) {
        if let (Some(function), Some(source)) = (self.method.take(), self.class_source.as_ref()) {
            self.methods.push((source.clone(), function));
        }
    }

    /// The package's methods join their source files, which are all read by now.
    fn end_package(&mut self) {
        for (source, function) in std::mem::take(&mut self.methods) {
            if let Some(file) = self.files.coverage.files.get_mut(&self.path(&source)) {
                file.add_function(function);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packages_source_files_and_methods() {
        let report = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><!DOCTYPE report PUBLIC "-//JACOCO//DTD Report 1.1//EN" "report.dtd"><report name="x"><sessioninfo id="a" start="1" dump="2"/>
<package name="org/acme"><class name="org/acme/Foo" sourcefilename="Foo.java">
<method name="&lt;init&gt;" desc="()V" line="3"><counter type="METHOD" missed="0" covered="1"/></method>
<method name="bar" desc="()V" line="5"><counter type="LINE" missed="1" covered="0"/><counter type="METHOD" missed="1" covered="0"/></method>
<method name="lambda$bar$0" desc="()V" line="6"><counter type="METHOD" missed="0" covered="1"/></method>
</class><sourcefile name="Foo.java"><line nr="3" mi="0" ci="3" mb="0" cb="0"/><line nr="5" mi="2" ci="0" mb="1" cb="1"/><counter type="LINE" missed="1" covered="1"/></sourcefile></package></report>"#;
        let coverage = read(&mut report.as_bytes()).unwrap();
        let file = &coverage.files["org/acme/Foo.java"];
        assert_eq!(file.lines, [(3, 1), (5, 0)].into_iter().collect());
        assert_eq!(file.branch_counts(), (2, 1));
        let functions: Vec<_> =
            file.functions.iter().map(|f| (f.name.as_str(), f.start_line, f.hits)).collect();
        assert_eq!(functions, [("Foo.<init>", 3, 1), ("Foo.bar", 5, 0)]);
        let error = read(&mut "<report>\n<package name=\"p\"><sourcefile name=\"A.java\"><line nr=\"1\" mi=\"x\" ci=\"0\" mb=\"0\" cb=\"0\"/>".as_bytes());
        assert_eq!(
            error.unwrap_err().to_string(),
            "JaCoCo report, line 2: <line> with a bad number mi=\"x\""
        );
    }
}
