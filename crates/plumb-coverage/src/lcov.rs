//! LCOV tracefiles (`geninfo` format), read line by line.
//!
//! Records start at `SF:` and end at `end_of_record`. Inside one: `DA:<line>,<count>[,<checksum>]`,
//! `BRDA:<line>,[e][f][U]<block>,<branch>,<taken>` (the branch id may contain commas, `taken`
//! is `-` when never evaluated; `U` marks an unreachable branch, left out),
//! `FN:<start>,[<end>,]<name>` with `FNDA:<count>,<name>`, and LCOV 2.2's `FNL:<idx>,<start>[,<end>]`
//! with `FNA:<idx>,<count>,<name>`. Keys may come in any order; totals (`LF`, `LH`, `BRF`, ...)
//! are recomputed, never read. Several records for one file are merged.

use std::collections::HashMap;
use std::io::BufRead;

use crate::model::FunctionHit;
use crate::{Coverage, Error, FileCoverage, Format, values};

/// One `SF:` record being read.
#[derive(Default)]
struct Record {
    path: String,
    file: FileCoverage,
    /// Legacy `FN:` lines: name to (start, end).
    legacy: HashMap<String, (u32, Option<u32>)>,
    /// `FNDA:` lines: name and count, joined to `FN:` at the end of the record.
    legacy_hits: Vec<(String, u64)>,
    /// `FNL:` lines: index to (start, end).
    groups: HashMap<String, (u32, Option<u32>)>,
    /// `FNA:` lines: index, count, name.
    aliases: Vec<(String, u64, String)>,
}

impl Record {
    fn finish(mut self, coverage: &mut Coverage) {
        let mut hits: HashMap<&str, u64> = HashMap::new();
        for (name, count) in &self.legacy_hits {
            let entry = hits.entry(name.as_str()).or_insert(0);
            *entry = entry.saturating_add(*count);
        }
        for (name, (start, end)) in &self.legacy {
            self.file.add_function(FunctionHit {
                name: values::demangle(name),
                start_line: *start,
                end_line: *end,
                hits: hits.get(name.as_str()).copied().unwrap_or(0),
            });
        }
        // One function per FNL group, named by its first alias, with the calls of every alias.
        let mut groups: Vec<(&String, &(u32, Option<u32>))> = self.groups.iter().collect();
        groups.sort_by_key(|(_, (start, _))| *start);
        for (index, (start, end)) in groups {
            let mut aliases = self.aliases.iter().filter(|(i, _, _)| i == index);
            let Some((_, first_hits, name)) = aliases.next() else { continue };
            let hits = aliases.fold(*first_hits, |sum, (_, n, _)| sum.saturating_add(*n));
            self.file.add_function(FunctionHit {
                name: values::demangle(name),
                start_line: *start,
                end_line: *end,
                hits,
            });
        }
        coverage.file(&self.path).merge(self.file);
    }
}

/// Reads an LCOV tracefile.
pub(crate) fn read(input: &mut dyn BufRead) -> Result<Coverage, Error> {
    let mut tracefile = Tracefile { coverage: Coverage::new(Format::Lcov), record: None, records: 0 };
    crate::each_line(input, Format::Lcov, |line| tracefile.line(line))?;
    tracefile.end_record();
    if tracefile.records == 0 {
        return Err(Error::malformed(Format::Lcov, None, "no `SF:` record in the report"));
    }
    Ok(tracefile.coverage)
}

/// The report read so far, the record being read, and how many records were opened.
struct Tracefile {
    coverage: Coverage,
    record: Option<Record>,
    records: usize,
}

impl Tracefile {
    /// One line of the tracefile (trimmed).
    fn line(&mut self, line: &str) -> Result<(), String> {
        if line == "end_of_record" {
            self.end_record();
            return Ok(());
        }
        let Some((key, value)) = line.split_once(':') else { return Ok(()) };
        if key == "SF" {
            return self.start_record(value);
        }
        // TN, VER, LF/LH, BRF/BRH, FNF/FNH, MCDC, comments and unknown keys are skipped.
        let Some(&(_, read_entry)) = ENTRIES.iter().find(|(name, _)| *name == key) else { return Ok(()) };
        let Some(record) = self.record.as_mut() else {
            return Err(format!("`{key}:` outside a file record (no `SF:` before it)"));
        };
        read_entry(record, value)
    }

    /// `SF:<path>` opens a record (and closes one left open).
    fn start_record(&mut self, path: &str) -> Result<(), String> {
        self.end_record();
        if path.is_empty() {
            return Err("`SF:` without a path".into());
        }
        self.records += 1;
        self.record = Some(Record { path: path.to_owned(), ..Record::default() });
        Ok(())
    }

    fn end_record(&mut self) {
        if let Some(done) = self.record.take() {
            done.finish(&mut self.coverage);
        }
    }
}

/// Reads the value of one `KEY:value` line into a record.
type ReadEntry = fn(&mut Record, &str) -> Result<(), String>;

/// The keys read inside a record, each with the reader of its value.
const ENTRIES: &[(&str, ReadEntry)] = &[
    ("DA", da),
    ("BRDA", brda),
    ("FN", function),
    ("FNDA", function_hits),
    ("FNL", function_lines),
    ("FNA", function_alias),
];

/// `DA:<line>,<count>[,<checksum>]`: a line's hits.
fn da(record: &mut Record, value: &str) -> Result<(), String> {
    let mut fields = value.splitn(3, ',');
    let (line, count) = (fields.next().unwrap_or(""), fields.next());
    let Some(count) = count else {
        return Err(format!("`DA:{value}`: expected `DA:<line>,<count>`"));
    };
    let Some(line) = line_number(line, "DA")? else { return Ok(()) };
    let hits = values::count(count).ok_or_else(|| format!("`DA:{value}`: bad hit count `{count}`"))?;
    record.file.add_line_hits(line, hits);
    Ok(())
}

/// `BRDA:<line>,<block>,<branch>,<taken>`: a branch, `-` when its line never ran.
fn brda(record: &mut Record, value: &str) -> Result<(), String> {
    // line and block from the left, taken from the right: the branch id may hold commas.
    let bad = || format!("`BRDA:{value}`: expected `BRDA:<line>,<block>,<branch>,<taken>`");
    let (line, rest) = value.split_once(',').ok_or_else(bad)?;
    let (middle, taken) = rest.rsplit_once(',').ok_or_else(bad)?;
    let (block, branch) = middle.split_once(',').ok_or_else(bad)?;
    let Some(line) = line_number(line, "BRDA")? else { return Ok(()) };
    if block.trim_start_matches(['e', 'f']).starts_with('U') {
        return Ok(());
    }
    let hit = match taken.trim() {
        "-" => None,
        n => Some(values::count(n).ok_or_else(|| format!("`BRDA:{value}`: bad taken count `{n}`"))?),
    };
    record.file.add_branch(line, format!("{block},{branch}"), hit);
    Ok(())
}

/// `FN:<start>,[<end>,]<name>`: a function (LCOV 1.x, and 2.x with an end line).
fn function(record: &mut Record, value: &str) -> Result<(), String> {
    let bad = || format!("`FN:{value}`: expected `FN:<start>,[<end>,]<name>`");
    let (start, rest) = value.split_once(',').ok_or_else(bad)?;
    let start = values::line(start).ok_or_else(bad)?;
    let (end, name) = match rest.split_once(',') {
        Some((end, name)) if !end.is_empty() && end.bytes().all(|b| b.is_ascii_digit()) => {
            (values::line(end), name)
        }
        _ => (None, rest),
    };
    if name.is_empty() {
        return Err(bad());
    }
    record.legacy.insert(name.to_owned(), (start, end));
    Ok(())
}

/// `FNDA:<count>,<name>`: a function's calls.
fn function_hits(record: &mut Record, value: &str) -> Result<(), String> {
    let (count, name) =
        value.split_once(',').ok_or_else(|| format!("`FNDA:{value}`: expected `FNDA:<count>,<name>`"))?;
    let hits = values::count(count).ok_or_else(|| format!("`FNDA:{value}`: bad call count `{count}`"))?;
    record.legacy_hits.push((name.to_owned(), hits));
    Ok(())
}

/// `FNL:<index>,<start>[,<end>]`: the lines of a function group (LCOV 2.2).
fn function_lines(record: &mut Record, value: &str) -> Result<(), String> {
    let bad = || format!("`FNL:{value}`: expected `FNL:<index>,<start>[,<end>]`");
    let mut fields = value.split(',');
    let index = fields.next().unwrap_or("");
    let start = fields.next().and_then(values::line).ok_or_else(bad)?;
    let end = fields.next().map(|end| values::line(end).ok_or_else(bad)).transpose()?;
    record.groups.insert(index.trim().to_owned(), (start, end));
    Ok(())
}

/// `FNA:<index>,<count>,<name>`: a name of a function group, with its calls (LCOV 2.2).
fn function_alias(record: &mut Record, value: &str) -> Result<(), String> {
    let bad = || format!("`FNA:{value}`: expected `FNA:<index>,<count>,<name>`");
    let mut fields = value.splitn(3, ',');
    let (index, count, name) =
        (fields.next().unwrap_or(""), fields.next().ok_or_else(bad)?, fields.next().ok_or_else(bad)?);
    let hits = values::count(count).ok_or_else(|| format!("`FNA:{value}`: bad call count `{count}`"))?;
    record.aliases.push((index.trim().to_owned(), hits, name.to_owned()));
    Ok(())
}

/// A line number; `Ok(None)` for the junk real tools write (`0`, `undefined`, negative).
fn line_number(text: &str, key: &str) -> Result<Option<u32>, String> {
    let text = text.trim();
    match values::line(text) {
        Some(n) => Ok(Some(n)),
        None if text == "0" || text == "undefined" || text.starts_with('-') => Ok(None),
        None => Err(format!("`{key}:` with a bad line number `{text}`")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Through the crate's `read`, which orders functions by line.
    fn lcov(text: &str) -> Coverage {
        crate::read(&mut text.as_bytes(), Some(Format::Lcov)).unwrap()
    }

    fn error(text: &str) -> String {
        read(&mut text.as_bytes()).unwrap_err().to_string()
    }

    #[test]
    fn lines_branches_and_legacy_functions() {
        let coverage = lcov(
            "TN:t\nSF:src/a.c\nFN:3,9,main\nFN:12,helper\nFNDA:4,main\nFNF:2\nFNH:1\nDA:3,4\nDA:4,0,abcdef\nDA:5,4\n\
             BRDA:4,0,0,1\nBRDA:4,0,1,-\nBRDA:5,e0,0,0\nBRDA:5,U1,0,0\nBRF:9\nBRH:9\nLF:99\nLH:98\nend_of_record\n",
        );
        let file = &coverage.files["src/a.c"];
        assert_eq!(file.lines, [(3, 4), (4, 0), (5, 4)].into_iter().collect());
        assert_eq!(file.branches.len(), 3, "the U branch is left out");
        assert_eq!(file.branches[&(4, "0,1".to_owned())], None);
        assert_eq!(file.branches[&(5, "e0,0".to_owned())], Some(0));
        assert_eq!(file.branch_counts(), (3, 1));
        let functions: Vec<_> =
            file.functions.iter().map(|f| (f.name.as_str(), f.start_line, f.end_line, f.hits)).collect();
        assert_eq!(functions, [("main", 3, Some(9), 4), ("helper", 12, None, 0)]);
    }

    /// coverage.py writes branch ids with commas and spaces, and `FN` after the `DA` lines.
    #[test]
    fn branch_ids_with_commas() {
        let coverage = lcov(
            "SF:m.py\nDA:11,1\nDA:12,0\nBRDA:11,0,jump to line 12,0\nBRDA:11,0,return from function 'f', line 14,1\n\
             FN:10,14,f\nFNDA:1,f\nend_of_record\n",
        );
        let file = &coverage.files["m.py"];
        assert_eq!(file.branches[&(11, "0,jump to line 12".to_owned())], Some(0));
        assert_eq!(file.branches[&(11, "0,return from function 'f', line 14".to_owned())], Some(1));
        assert_eq!(file.functions[0].end_line, Some(14));
    }

    #[test]
    fn fnl_and_fna_groups() {
        let coverage = lcov(
            "SF:/src/x.cpp\nFNL:0,5,9\nFNA:0,2,_ZN1AC1Ev\nFNA:0,3,_ZN1AC2Ev\nFNL:1,12\nFNA:1,0,other\nDA:5,5\nend_of_record\n",
        );
        let file = &coverage.files["/src/x.cpp"];
        let functions: Vec<_> =
            file.functions.iter().map(|f| (f.name.as_str(), f.start_line, f.end_line, f.hits)).collect();
        assert_eq!(functions, [("A::A()", 5, Some(9), 5), ("other", 12, None, 0)]); // `_ZN1AC1Ev` demangled
    }

    #[test]
    fn repeated_records_merge_and_mangled_names_join() {
        let coverage = lcov(
            "SF:/w/src/lib.rs\nFN:4,_RNvCsbPPXWL8hW0R_7tinycov3add\nFNDA:0,_RNvCsbPPXWL8hW0R_7tinycov3add\nDA:4,0\nDA:5,0\nend_of_record\n\
             SF:/w/src/lib.rs\nFN:4,_RNvCsitzYD80TAUO_7tinycov3add\nFNDA:1,_RNvCsitzYD80TAUO_7tinycov3add\nDA:4,1\nDA:6,2\nend_of_record\n",
        );
        let file = &coverage.files["/w/src/lib.rs"];
        assert_eq!(file.lines, [(4, 1), (5, 0), (6, 2)].into_iter().collect());
        assert_eq!(
            file.functions,
            [FunctionHit { name: "tinycov::add".into(), start_line: 4, end_line: None, hits: 1 }]
        );
    }

    #[test]
    fn junk_values_are_tolerated() {
        let coverage = lcov(
            "SF:a.js\r\nDA:0,1\r\nDA:undefined,1\r\nDA:2,-5\r\nDA:3,1.0e+3\r\nDA:3,1\r\nVER:x\r\n#c\r\nMCDC:1,2,t,0,0,a\r\n",
        );
        assert_eq!(
            coverage.files["a.js"].lines,
            [(2, 0), (3, 1001)].into_iter().collect(),
            "missing end_of_record is fine"
        );
    }

    #[test]
    fn errors_name_the_line() {
        assert_eq!(error("SF:a\nDA:1,1\nDA:x,1\n"), "LCOV report, line 3: `DA:` with a bad line number `x`");
        assert_eq!(error("SF:a\nDA:1,many\n"), "LCOV report, line 2: `DA:1,many`: bad hit count `many`");
        assert_eq!(
            error("TN:\nDA:1,1\n"),
            "LCOV report, line 2: `DA:` outside a file record (no `SF:` before it)"
        );
        assert_eq!(
            error("SF:a\n\nBRDA:1,0,1\n"),
            "LCOV report, line 3: `BRDA:1,0,1`: expected `BRDA:<line>,<block>,<branch>,<taken>`"
        );
        assert_eq!(
            error("SF:a\nBRDA:1,0,0,often\n"),
            "LCOV report, line 2: `BRDA:1,0,0,often`: bad taken count `often`"
        );
        assert_eq!(
            error("SF:a\nFN:x,f\n"),
            "LCOV report, line 2: `FN:x,f`: expected `FN:<start>,[<end>,]<name>`"
        );
        assert_eq!(error(""), "LCOV report: no `SF:` record in the report");
        assert_eq!(error("SF:\n"), "LCOV report, line 1: `SF:` without a path");
    }
}
