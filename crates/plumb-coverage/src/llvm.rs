//! `llvm-cov export` JSON (versions 2 and 3; `cargo llvm-cov --json`). Line hits are derived
//! from each file's `segments` the way llvm-cov itself does for its text and LCOV output
//! (`LineCoverageStats`): a line counts when a region with a count starts on it or one with a
//! count wraps into it, and its hits are the largest of those counts. `branches` give two
//! branches each (true and false). `functions` give functions: the first region's `fileId` names
//! the file, and the regions in that file give the lines; instantiations are merged by name. Functions
//! of files the report leaves out of `files` are left out too.

use std::fmt;
use std::io::BufRead;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::json::{self, Count, EachElement};
use crate::{Coverage, Error, FileCoverage, Format, FunctionHit, LineRun, values};

#[derive(Deserialize)]
struct File {
    filename: String,
    #[serde(default)]
    segments: Vec<Segment>,
    #[serde(default)]
    branches: Vec<Vec<Count>>,
}

#[derive(Deserialize)]
struct Function {
    name: String,
    count: Count,
    regions: Vec<Vec<Count>>,
    filenames: Vec<String>,
}

/// `[line, column, count, hasCount, isRegionEntry, isGapRegion]` (version 2 has no gap flag).
struct Segment {
    line: u32,
    column: u32,
    count: u64,
    has_count: bool,
    entry: bool,
    gap: bool,
}

impl<'de> Deserialize<'de> for Segment {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SegmentVisitor;
        impl<'de> Visitor<'de> for SegmentVisitor {
            type Value = Segment;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a segment [line, column, count, hasCount, isRegionEntry, isGapRegion]")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Segment, A::Error> {
                let missing = |i| de::Error::invalid_length(i, &self);
                let segment = Segment {
                    line: seq.next_element()?.ok_or_else(|| missing(0))?,
                    column: seq.next_element()?.ok_or_else(|| missing(1))?,
                    count: seq.next_element::<Count>()?.ok_or_else(|| missing(2))?.0,
                    has_count: seq.next_element()?.ok_or_else(|| missing(3))?,
                    entry: seq.next_element()?.ok_or_else(|| missing(4))?,
                    gap: seq.next_element()?.unwrap_or(false),
                };
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(segment)
            }
        }
        deserializer.deserialize_seq(SegmentVisitor)
    }
}

/// Reads an `llvm-cov export` JSON report.
pub(crate) fn read(input: &mut dyn BufRead) -> Result<Coverage, Error> {
    let mut state = State { coverage: Coverage::new(Format::LlvmJson), functions: Vec::new() };
    json::read(input, Format::LlvmJson, Report(&mut state))?;
    let State { mut coverage, functions } = state;
    for (path, function) in functions {
        if let Some(file) = coverage.files.get_mut(&path) {
            file.add_function(function);
        }
    }
    Ok(coverage)
}

struct State {
    coverage: Coverage,
    /// Functions by file, attached once every file is known.
    functions: Vec<(String, FunctionHit)>,
}

/// The top-level object: `data` is read export by export, `type` and `version` checked.
struct Report<'s>(&'s mut State);

impl<'de> DeserializeSeed<'de> for Report<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Report<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an llvm-cov export JSON report")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut data = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "data" => {
                    data = true;
                    map.next_value_seed(Exports(&mut *self.0))?;
                }
                "type" => {
                    let kind: String = map.next_value()?;
                    if kind != "llvm.coverage.json.export" {
                        return Err(de::Error::custom(format!(
                            "type \"{kind}\" (expected llvm.coverage.json.export)"
                        )));
                    }
                }
                "version" => {
                    let version: String = map.next_value()?;
                    if !matches!(version.split('.').next(), Some("2" | "3")) {
                        return Err(de::Error::custom(format!(
                            "version \"{version}\" (plumb reads versions 2 and 3)"
                        )));
                    }
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if data { Ok(()) } else { Err(de::Error::missing_field("data")) }
    }
}

/// The `data` array: each export's `files` and `functions`, element by element.
struct Exports<'s>(&'s mut State);

impl<'de> DeserializeSeed<'de> for Exports<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Exports<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of exports")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Export(&mut *self.0))?.is_some() {}
        Ok(())
    }
}

struct Export<'s>(&'s mut State);

impl<'de> DeserializeSeed<'de> for Export<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Export<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an export object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let state = self.0;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "files" => {
                    let coverage = &mut state.coverage;
                    let each = |file: File| {
                        let lines = convert(&file)?;
                        coverage.file(&file.filename).merge(lines);
                        Ok(())
                    };
                    map.next_value_seed(EachElement(each, PhantomData))?;
                }
                "functions" => {
                    let functions = &mut state.functions;
                    let each = |function: Function| {
                        functions.extend(function_hit(&function));
                        Ok(())
                    };
                    map.next_value_seed(EachElement(each, PhantomData))?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// A function's file and hit: its file is the first region's, its lines span the regions in
/// that file (rustc's first region covers the signature only).
fn function_hit(function: &Function) -> Option<(String, FunctionHit)> {
    let first = function.regions.first().filter(|region| region.len() >= 6)?;
    let file_id = first[5].0;
    let path = function.filenames.get(usize::try_from(file_id).ok()?)?.clone();
    let in_file = || function.regions.iter().filter(|r| r.len() >= 6 && r[5].0 == file_id);
    let start = in_file().map(|r| r[0].0).min().and_then(|l| u32::try_from(l).ok()).filter(|&l| l > 0)?;
    let end = in_file().map(|r| r[2].0).max().and_then(|l| u32::try_from(l).ok()).filter(|&end| end > start);
    let name = values::demangle(&function.name);
    Some((path, FunctionHit { name, start_line: start, end_line: end, hits: function.count.0 }))
}

/// A file's line hits from its segments, and its branches.
fn convert(file: &File) -> Result<FileCoverage, String> {
    let mut coverage = FileCoverage::default();
    add_lines(file, &mut coverage);
    add_branches(file, &mut coverage)?;
    Ok(coverage)
}

/// Walks the lines with segments, carrying the region that wraps onto the next line; the lines
/// a counted region wraps over without a segment of their own are kept as one range.
fn add_lines(file: &File, coverage: &mut FileCoverage) {
    let mut segments: Vec<&Segment> = file.segments.iter().collect();
    segments.sort_by_key(|s| (s.line, s.column));
    let mut wrapped: Option<&Segment> = None;
    let mut regions = Vec::new();
    let mut next = 0;
    while next < segments.len() {
        let line = segments[next].line;
        let begin = next;
        while next < segments.len() && segments[next].line == line {
            next += 1;
        }
        let on_line = &segments[begin..next];
        if line > 0
            && let Some(hits) = line_hits(on_line, wrapped)
        {
            coverage.max_line_hits(line, hits);
        }
        wrapped = on_line.last().copied();
        let following = segments.get(next).map_or(line, |s| s.line);
        if let Some(region) = wrapped.filter(|w| w.has_count)
            && following > line.saturating_add(1)
        {
            regions.push(LineRun { first: line + 1, last: following - 1, hits: region.count });
        }
    }
    coverage.add_regions(regions);
}

/// A line's hits, from the segments starting on it and the region wrapped onto it; `None`
/// when the line is not mapped.
fn line_hits(on_line: &[&Segment], wrapped: Option<&Segment>) -> Option<u64> {
    let is_start = |s: &&&Segment| !s.gap && s.has_count && s.entry;
    let starts = on_line.iter().filter(is_start).count();
    let skipped = on_line.first().is_some_and(|s| !s.has_count && s.entry);
    let mapped = (!skipped && (wrapped.is_some_and(|w| w.has_count) || starts > 0))
        || on_line.iter().any(|s| s.entry && s.has_count);
    mapped.then(|| {
        on_line.iter().filter(is_start).fold(wrapped.map_or(0, |w| w.count), |hits, s| hits.max(s.count))
    })
}

/// Each branch region is two branches, true and false, at its first line.
fn add_branches(file: &File, coverage: &mut FileCoverage) -> Result<(), String> {
    for branch in &file.branches {
        let [l0, c0, l1, c1, on_true, on_false, ..] = branch.as_slice() else {
            return Err(format!(
                "{}: a branch with {} fields (at least 6 expected)",
                file.filename,
                branch.len()
            ));
        };
        let Some(line) = u32::try_from(l0.0).ok().filter(|&l| l > 0) else { continue };
        let place = format!("{}:{}:{}", c0.0, l1.0, c1.0);
        coverage.add_branch(line, format!("{place},true"), Some(on_true.0));
        coverage.add_branch(line, format!("{place},false"), Some(on_false.0));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_become_lines() {
        // fn f() {         line 1: region entry, count 2
        //     if x {       line 2: count 2, then a region of count 0 starts at col 10
        //         y();     line 3: wrapped in the count-0 region
        //     }            line 4: the count-0 region ends, a gap region follows
        // }                line 5: count 2 again
        let report = r#"{"type": "llvm.coverage.json.export", "version": "3.1.0", "data": [{"files": [{"filename": "/w/src/a.rs",
  "segments": [[1,1,2,true,true,false],[2,5,2,true,true,false],[2,10,0,true,true,false],[4,6,0,true,false,true],[5,1,2,true,true,false],[5,2,0,false,false,false]],
  "branches": [[2,8,2,9,2,0,0,0,4]], "summary": {}}],
  "functions": [{"name": "_RNvCs1234_1a1f", "count": 2, "regions": [[1,1,5,2,2,0,0,0]], "filenames": ["/w/src/a.rs"]},
                {"name": "t", "count": 1, "regions": [[1,1,2,2,1,0,0,0]], "filenames": ["/w/tests/t.rs"]}],
  "totals": {}}]}"#;
        let coverage = read(&mut report.as_bytes()).unwrap();
        assert_eq!(coverage.files.keys().collect::<Vec<_>>(), ["/w/src/a.rs"]);
        let file = &coverage.files["/w/src/a.rs"];
        assert_eq!(
            file.settled(u32::MAX).lines,
            [(1, 2), (2, 2), (3, 0), (4, 0), (5, 2)].into_iter().collect()
        );
        assert_eq!(file.branch_counts(), (2, 1));
        assert_eq!(file.functions.len(), 1);
        assert_eq!(
            (file.functions[0].start_line, file.functions[0].end_line, file.functions[0].hits),
            (1, Some(5), 2)
        );
    }

    #[test]
    fn errors() {
        let error = |text: &str| read(&mut text.as_bytes()).unwrap_err().to_string();
        assert_eq!(
            error("{\"type\": \"llvm.coverage.json.export\", \"version\": \"9.0.0\", \"data\": []}"),
            "llvm-cov JSON report, line 1: version \"9.0.0\" (plumb reads versions 2 and 3)"
        );
        assert_eq!(
            error("{\"data\": [{\"files\": [{\"filename\": \"a\",\n \"segments\": [[1, 2, 3]]}]}]}"),
            "llvm-cov JSON report, line 2: invalid length 3, expected a segment [line, column, count, hasCount, isRegionEntry, isGapRegion]"
        );
        // A region wrapping over nine million lines is one range until the file's length cuts it.
        let long = "{\"data\": [{\"files\": [{\"filename\": \"a\", \"segments\": [[1,1,1,true,true,false],[9000000,1,0,false,false,false]]}]}]}";
        let coverage = read(&mut long.as_bytes()).unwrap();
        assert_eq!(coverage.files["a"].runs, [LineRun { first: 2, last: 8_999_999, hits: 1 }]);
        assert_eq!(coverage.files["a"].tally(1..=u32::MAX).lines, 9_000_000);
    }
}
