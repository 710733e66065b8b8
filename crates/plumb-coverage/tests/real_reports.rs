//! Reports written by the real tools (see `tests/data/*/SOURCE.txt`), read by plumb and
//! cross-checked against the totals each tool printed or wrote itself.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use plumb_coverage::{Coverage, Format, Tally, read};

fn data(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(path)
}

/// Reads a report, checking that its format is detected from the content.
fn report(path: &str, format: Format) -> Coverage {
    let file = File::open(data(path)).unwrap();
    let coverage = read(&mut BufReader::new(file), None).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert_eq!(coverage.format, format, "{path}");
    coverage
}

/// The line hits `cargo llvm-cov --text` printed (`   12|      2|code`).
fn llvm_text_hits() -> BTreeMap<u32, u64> {
    let text = std::fs::read_to_string(data("llvm-cov/report.txt")).unwrap();
    text.lines()
        .filter_map(|line| {
            let mut fields = line.splitn(3, '|');
            let number = fields.next()?.trim().parse().ok()?;
            let hits = fields.next()?.trim().parse().ok()?;
            Some((number, hits))
        })
        .collect()
}

#[test]
fn llvm_cov_lcov_matches_the_text_report() {
    let coverage = report("llvm-cov/lcov.info", Format::Lcov);
    assert_eq!(coverage.files.keys().collect::<Vec<_>>(), ["/ci/workspace/rust/src/lib.rs"]);
    let file = &coverage.files["/ci/workspace/rust/src/lib.rs"];
    assert_eq!(file.lines, llvm_text_hits());
    // 53 `DA` records, 43 hit: the `lines-valid="53" lines-covered="43"` of the Cobertura report
    // the same tool wrote. (Its `LF:55` / `LH:44` come from llvm's summary, which counts two
    // more lines than it lists, so plumb recomputes totals from the records.)
    assert_eq!(coverage.tally(), Tally { lines: 53, covered_lines: 43, branches: 0, taken_branches: 0 });
    // 20 instantiations of 10 functions (FNF:10, FNH:8); demangled, they join by crate and
    // stay apart by generic argument.
    let functions: Vec<_> = file.functions.iter().map(|f| (f.start_line, f.name.as_str(), f.hits)).collect();
    assert_eq!(
        functions,
        [
            (4, "tinycov::add", 1),
            (9, "tinycov::classify", 2),
            (24, "tinycov::in_window", 2),
            (32, "tinycov::largest::<_>", 0),
            (32, "tinycov::largest::<f64>", 1),
            (32, "tinycov::largest::<i32>", 1),
            (32, "tinycov::largest::<u8>", 1),
            (44, "tinycov::never_called", 0),
            (53, "tinycov::parse::kv", 1),
            (55, "tinycov::parse::kv::{closure#0}", 2),
            (58, "tinycov::parse::kv::{closure#1}", 0),
            (73, "tinycov::tests::unit_add", 1),
            (78, "tinycov::tests::unit_classify", 1),
        ]
    );
    let called_starts: std::collections::BTreeSet<u32> =
        file.functions.iter().filter(|f| f.hits > 0).map(|f| f.start_line).collect();
    assert_eq!(called_starts.len(), 8, "FNH:8");
}
