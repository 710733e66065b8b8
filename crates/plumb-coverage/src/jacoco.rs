//! JaCoCo XML (`report.dtd`): `<package name="org/acme">` holds `<class>`es (with their
//! `<method name line>`s) and `<sourcefile name="Foo.java">`s with `<line nr mi ci mb cb>`.
//! A file's path is the package path and the source file name (resolved later by suffix).
//! JaCoCo counts instructions, not executions, so a line's hits are 1 when any of its
//! instructions ran (`ci > 0`), else 0; a line has `mb + cb` branches, `cb` of them taken.
//! A method is called when its `METHOD` counter says so; synthetic methods (`lambda$…`,
//! `access$…`) are left out.

use std::io::BufRead;

use crate::xml::{Node, Xml};
use crate::{Coverage, Error, FileCoverage, Format, FunctionHit};

/// Reads a JaCoCo report.
pub(crate) fn read(input: &mut dyn BufRead) -> Result<Coverage, Error> {
    let mut xml = Xml::new(input, Format::Jacoco);
    let mut coverage = Coverage::new(Format::Jacoco);
    let mut package = String::new();
    // (source file name, function) of the current package, attached when it closes.
    let mut methods: Vec<(String, FunctionHit)> = Vec::new();
    let mut class_source: Option<String> = None;
    let mut method: Option<FunctionHit> = None;
    let mut class_name = String::new();
    let mut file: Option<(String, FileCoverage)> = None;
    xml.root("report")?;
    while let Some(node) = xml.next()? {
        match node {
            Node::Open(element) => match element.name.as_str() {
                "package" => {
                    element.required("name")?.trim_matches('/').clone_into(&mut package);
                    methods.clear();
                }
                "class" => {
                    let name = element.required("name")?;
                    name.rsplit('/').next().unwrap_or(name).clone_into(&mut class_name);
                    class_source = element.attr("sourcefilename").map(str::to_owned);
                }
                "method" => {
                    let name = element.required("name")?;
                    let synthetic = name.starts_with("lambda$") || name.starts_with("access$");
                    method = match element.optional_line("line")? {
                        Some(line) if !synthetic => Some(FunctionHit {
                            name: format!("{class_name}.{name}"),
                            start_line: line,
                            end_line: None,
                            hits: 0,
                        }),
                        _ => None,
                    };
                }
                "counter" => {
                    if let Some(method) = method.as_mut()
                        && element.attr("type") == Some("METHOD")
                    {
                        method.hits = u64::from(element.count("covered")? > 0);
                    }
                }
                "sourcefile" => {
                    let name = element.required("name")?;
                    let path = if package.is_empty() { name.to_owned() } else { format!("{package}/{name}") };
                    let existing = coverage.files.remove(&path).unwrap_or_default();
                    file = Some((path, existing));
                }
                "line" => {
                    let Some((_, file)) = file.as_mut() else { continue };
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
                }
                _ => {}
            },
            Node::Close(name) => match name.as_str() {
                "method" => {
                    if let (Some(function), Some(source)) = (method.take(), class_source.as_ref()) {
                        methods.push((source.clone(), function));
                    }
                }
                "class" => class_source = None,
                "sourcefile" => {
                    if let Some((path, done)) = file.take() {
                        coverage.files.insert(path, done);
                    }
                }
                "package" => {
                    for (source, function) in methods.drain(..) {
                        let path = if package.is_empty() { source } else { format!("{package}/{source}") };
                        if let Some(file) = coverage.files.get_mut(&path) {
                            file.add_function(function);
                        }
                    }
                }
                _ => {}
            },
            Node::Text(_) => {}
        }
    }
    Ok(coverage)
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
