//! coverage.py JSON (`coverage json`, format 2 and 3): per file, `executed_lines` (hits 1) and
//! `missing_lines` (hits 0), `executed_branches` / `missing_branches` as `[from, to]` arcs (a
//! branch at line `from`, named by its target; a negative target is an exit), and, in format
//! 3, `functions` with their `start_line` (the module-level entry `""` is left out).

use std::collections::BTreeMap;
use std::fmt;
use std::io::BufRead;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

use crate::json::{self, EachEntry};
use crate::{Coverage, Error, FileCoverage, Format, FunctionHit};

#[derive(Deserialize)]
struct PyFile {
    executed_lines: Vec<u32>,
    missing_lines: Vec<u32>,
    #[serde(default)]
    executed_branches: Vec<(i64, i64)>,
    #[serde(default)]
    missing_branches: Vec<(i64, i64)>,
    #[serde(default)]
    functions: BTreeMap<String, PyFunction>,
}

#[derive(Deserialize)]
struct PyFunction {
    start_line: Option<u32>,
    #[serde(default)]
    executed_lines: Vec<u32>,
    #[serde(default)]
    missing_lines: Vec<u32>,
}

/// Reads a coverage.py JSON report.
pub(crate) fn read(input: &mut dyn BufRead) -> Result<Coverage, Error> {
    let mut coverage = Coverage::new(Format::CoveragePy);
    json::read(input, Format::CoveragePy, Report(&mut coverage))?;
    Ok(coverage)
}

/// The top-level object: `files` is read entry by entry, the rest skipped.
struct Report<'c>(&'c mut Coverage);

impl<'de> DeserializeSeed<'de> for Report<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Report<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a coverage.py JSON report")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut files = false;
        while let Some(key) = map.next_key::<String>()? {
            if key == "files" {
                files = true;
                let coverage = &mut *self.0;
                map.next_value_seed(EachEntry(
                    |path: String, file: PyFile| {
                        coverage.file(&path).merge(convert(file));
                        Ok(())
                    },
                    PhantomData,
                ))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        if files { Ok(()) } else { Err(de::Error::missing_field("files")) }
    }
}

fn convert(entry: PyFile) -> FileCoverage {
    let mut file = FileCoverage::default();
    for &line in entry.missing_lines.iter().filter(|&&l| l > 0) {
        file.max_line_hits(line, 0);
    }
    for &line in entry.executed_lines.iter().filter(|&&l| l > 0) {
        file.max_line_hits(line, 1);
    }
    for (arcs, taken) in [(&entry.missing_branches, 0), (&entry.executed_branches, 1)] {
        for &(from, to) in arcs {
            if let Ok(line) = u32::try_from(from)
                && line > 0
            {
                file.branches.insert((line, to.to_string()), Some(taken));
            }
        }
    }
    for (name, function) in entry.functions {
        if name.is_empty() {
            continue;
        }
        let lines = || function.executed_lines.iter().chain(&function.missing_lines).copied();
        let Some(start) = function.start_line.or_else(|| lines().min()).filter(|&l| l > 0) else { continue };
        let end = lines().max().filter(|&end| end > start);
        let hits = u64::from(!function.executed_lines.is_empty());
        file.add_function(FunctionHit { name, start_line: start, end_line: end, hits });
    }
    file
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_branches_and_functions() {
        let report = r#"{"meta": {"format": 3, "version": "7.6.1", "branch_coverage": true},
 "files": {"pkg/m.py": {"executed_lines": [1, 2, 4], "missing_lines": [5], "excluded_lines": [],
   "executed_branches": [[2, 4], [4, -1]], "missing_branches": [[2, 5]],
   "functions": {"f": {"start_line": 2, "executed_lines": [4], "missing_lines": [5]}, "": {"executed_lines": [1]}}}},
 "totals": {"covered_lines": 3}}"#;
        let coverage = read(&mut report.as_bytes()).unwrap();
        let file = &coverage.files["pkg/m.py"];
        assert_eq!(file.lines, [(1, 1), (2, 1), (4, 1), (5, 0)].into_iter().collect());
        assert_eq!(file.branch_counts(), (3, 2));
        assert_eq!(file.branches[&(4, "-1".to_owned())], Some(1));
        assert_eq!(
            file.functions,
            [FunctionHit { name: "f".into(), start_line: 2, end_line: Some(5), hits: 1 }]
        );
    }

    #[test]
    fn errors_name_the_line() {
        let error = |text: &str| read(&mut text.as_bytes()).unwrap_err().to_string();
        assert_eq!(
            error("{\"files\": {\"a.py\":\n {\"executed_lines\": [1]}}}"),
            "coverage.py JSON report, line 2: missing field `missing_lines`"
        );
        assert_eq!(
            error("{\"files\": {\"a.py\": {\"executed_lines\": [1],\n\"missing_lines\": [\"x\"]"),
            "coverage.py JSON report, line 2: invalid type: string \"x\", expected u32"
        );
        assert_eq!(
            error("{\"files\": {\"a.py\": {\"executed_lines\": [1"),
            "coverage.py JSON report, line 1: the report ends too early (truncated?)"
        );
        assert_eq!(error("{\"meta\": {}}"), "coverage.py JSON report, line 1: missing field `files`");
        assert_eq!(error("{\"files\": {}} x"), "coverage.py JSON report, line 1: trailing characters");
    }
}
