//! Istanbul `coverage-final.json` (nyc, c8, Jest, Vitest): an object keyed by file path, each
//! entry with `statementMap`/`s`, `fnMap`/`f` and `branchMap`/`b`. A line's hits are the largest
//! count of the statements starting on it, as istanbul-lib-coverage computes them; nodes marked
//! `skip` (`/* istanbul ignore */`) are left out. Each branch location is one branch.

use std::collections::HashMap;
use std::io::BufRead;
use std::marker::PhantomData;

use serde::Deserialize;

use crate::json::{self, Count, EachEntry};
use crate::{Coverage, Error, FileCoverage, Format, FunctionHit};

#[derive(Deserialize)]
struct Entry {
    path: Option<String>,
    #[serde(rename = "statementMap")]
    statement_map: HashMap<String, Location>,
    s: HashMap<String, Count>,
    #[serde(rename = "fnMap", default)]
    fn_map: HashMap<String, Function>,
    #[serde(default)]
    f: HashMap<String, Count>,
    #[serde(rename = "branchMap", default)]
    branch_map: HashMap<String, Branch>,
    #[serde(default)]
    b: HashMap<String, Vec<Count>>,
}

#[derive(Deserialize)]
struct Location {
    start: Option<Position>,
    end: Option<Position>,
    #[serde(default)]
    skip: bool,
}

#[derive(Deserialize)]
struct Position {
    line: Option<i64>,
}

#[derive(Deserialize)]
struct Function {
    name: Option<String>,
    decl: Option<Location>,
    loc: Option<Location>,
    line: Option<i64>,
    #[serde(default)]
    skip: bool,
}

#[derive(Deserialize)]
struct Branch {
    loc: Option<Location>,
    line: Option<i64>,
}

/// Reads an Istanbul `coverage-final.json`.
pub(crate) fn read(input: &mut dyn BufRead) -> Result<Coverage, Error> {
    let mut coverage = Coverage::new(Format::Istanbul);
    let each = |key: String, entry: Entry| {
        let path = entry.path.clone().filter(|p| !p.is_empty()).unwrap_or(key);
        coverage.file(&path).merge(convert(entry));
        Ok(())
    };
    json::read(input, Format::Istanbul, EachEntry(each, PhantomData))?;
    Ok(coverage)
}

/// A 1-based line number; `None` for a missing, zero or negative one.
fn positive_line(line: Option<i64>) -> Option<u32> {
    line.and_then(|line| u32::try_from(line).ok()).filter(|&line| line > 0)
}

fn line_of(position: Option<&Position>) -> Option<u32> {
    positive_line(position.and_then(|p| p.line))
}

fn convert(entry: Entry) -> FileCoverage {
    let mut file = FileCoverage::default();
    add_statements(&mut file, &entry.statement_map, &entry.s);
    add_functions(&mut file, entry.fn_map, &entry.f);
    add_branches(&mut file, entry.branch_map, &entry.b);
    file
}

/// A line's hits: the largest count of the statements starting on it.
fn add_statements(file: &mut FileCoverage, map: &HashMap<String, Location>, counts: &HashMap<String, Count>) {
    for (id, location) in map.iter().filter(|(_, location)| !location.skip) {
        if let Some(line) = line_of(location.start.as_ref()) {
            file.max_line_hits(line, counts.get(id).map_or(0, |c| c.0));
        }
    }
}

/// Functions from `fnMap` and their calls from `f`, placed by `loc`, else `decl`, else `line`.
fn add_functions(file: &mut FileCoverage, map: HashMap<String, Function>, counts: &HashMap<String, Count>) {
    for (id, function) in map {
        let location = function.loc.as_ref().or(function.decl.as_ref());
        if function.skip || location.is_some_and(|l| l.skip) {
            continue;
        }
        let Some(start) =
            line_of(location.and_then(|l| l.start.as_ref())).or_else(|| positive_line(function.line))
        else {
            continue;
        };
        let end = line_of(location.and_then(|l| l.end.as_ref())).filter(|&end| end > start);
        let hits = counts.get(&id).map_or(0, |c| c.0);
        let name = function.name.unwrap_or_else(|| format!("(anonymous_{id})"));
        file.add_function(FunctionHit { name, start_line: start, end_line: end, hits });
    }
}

/// One branch per location of each `branchMap` entry, taken as often as `b` says.
fn add_branches(file: &mut FileCoverage, map: HashMap<String, Branch>, counts: &HashMap<String, Vec<Count>>) {
    for (id, branch) in map {
        let line = positive_line(branch.line)
            .or_else(|| line_of(branch.loc.as_ref().and_then(|l| l.start.as_ref())));
        let (Some(line), Some(counts)) = (line, counts.get(&id)) else { continue };
        for (index, count) in counts.iter().enumerate() {
            file.add_branch(line, format!("{id},{index}"), Some(count.0));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_functions_and_branches() {
        let report = r#"{"/w/src/a.js": {"path": "/w/src/a.js",
  "statementMap": {"0": {"start": {"line": 1, "column": 0}, "end": {"line": 1, "column": 9}},
                   "1": {"start": {"line": 2, "column": 2}, "end": {"line": 2, "column": 20}},
                   "2": {"start": {"line": 2, "column": 22}, "end": {"line": 2, "column": 30}},
                   "3": {"start": {"line": 5, "column": 0}, "end": {"line": 5, "column": 3}, "skip": true}},
  "fnMap": {"0": {"name": "f", "decl": {"start": {"line": 1, "column": 9}, "end": {"line": 1, "column": 10}},
                  "loc": {"start": {"line": 1, "column": 0}, "end": {"line": 3, "column": 1}}, "line": 1}},
  "branchMap": {"0": {"loc": {"start": {"line": 2, "column": 2}, "end": {"line": 2, "column": 30}}, "type": "if",
                      "locations": [{}, {}], "line": 2}},
  "s": {"0": 3, "1": 0, "2": 2, "3": 0}, "f": {"0": 3}, "b": {"0": [2, 0]}}}"#;
        let coverage = read(&mut report.as_bytes()).unwrap();
        let file = &coverage.files["/w/src/a.js"];
        assert_eq!(file.lines, [(1, 3), (2, 2)].into_iter().collect());
        assert_eq!(
            file.functions,
            [FunctionHit { name: "f".into(), start_line: 1, end_line: Some(3), hits: 3 }]
        );
        assert_eq!(file.branch_counts(), (2, 1));
        let error = read(&mut "{\"a.js\": {\"statementMap\": {},\n \"s\": {\"0\": \"x\"}}}".as_bytes());
        assert_eq!(
            error.unwrap_err().to_string(),
            "Istanbul JSON report, line 2: invalid type: string \"x\", expected a count"
        );
    }
}
