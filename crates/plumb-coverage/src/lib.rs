//! Coverage reports read into one model.
//!
//! An internal component of plumb, not published: its API follows plumb's needs. What plumb
//! keeps stable is its command line, exit codes and documented output formats (`docs/json.md`).
//!
//! Every reader streams its input (a report of 1 GB does not need 1 GB of memory) and produces
//! a [`Coverage`]: per file, as the report names it, the hits of each line, the branches and the
//! functions. [`Coverage::merge`] combines reports (shards, languages, test suites) by summing
//! hits. Paths are resolved against the repository in one shared step afterwards, by
//! [`resolve`], never inside a reader.
//!
//! | format | reader | what it gives |
//! |---|---|---|
//! | LCOV | `lcov.rs`, line by line | lines, branches, functions with start (and end) lines |
//! | Cobertura XML | `cobertura.rs` | lines, branches, methods; `<source>`s as roots |
//! | JaCoCo XML | `jacoco.rs` | lines (covered or not), branches, methods with a start line |
//! | llvm-cov export JSON | `llvm.rs` | lines from segments, branches, functions with spans |
//! | Go coverprofile | `go.rs`, line by line | lines from blocks |
//! | coverage.py JSON | `coveragepy.rs` | lines (covered or not), branch arcs, functions |
//! | Istanbul JSON | `istanbul.rs` | lines from statements, branches, functions with spans |
//! | Clover XML | `clover.rs` | lines, branches, methods |
//! | OpenCover XML | `opencover.rs` | lines from sequence points, branch points, methods with spans |
//! | Sonar generic XML | `sonar.rs` | lines (covered or not), branch counts |
//!
//! XML is read as a stream of elements (`xml.rs`), never as a tree; a DOCTYPE that declares
//! entities is refused and no entity but the five predefined ones is expanded. JSON is read
//! one file entry at a time (`json.rs`). Malformed input is an [`Error`] naming the format and,
//! when known, the line; never a panic.
//!
//! # Fuzzing
//!
//! `fuzz/` at the repository root holds one [cargo-fuzz] target per reader, and `detect`
//! (detection, reading and path resolution). It is a workspace of its own; with a nightly
//! toolchain and `cargo install cargo-fuzz`:
//!
//! ```text
//! cd fuzz
//! cargo +nightly fuzz run lcov
//! cargo +nightly fuzz run jacoco -- -max_total_time=300
//! ```
//!
//! [cargo-fuzz]: https://github.com/rust-fuzz/cargo-fuzz
//!
//! ```
//! use plumb_coverage::{Format, read};
//!
//! let lcov = "SF:src/lib.rs\nDA:1,3\nDA:2,0\nend_of_record\n";
//! let coverage = read(&mut lcov.as_bytes(), None).unwrap();
//! assert_eq!(coverage.format, Format::Lcov);
//! let file = &coverage.files["src/lib.rs"];
//! assert_eq!((file.covered_lines(), file.measured_lines()), (1, 2));
//! ```

mod clover;
mod cobertura;
mod coveragepy;
mod detect;
mod go;
mod istanbul;
mod jacoco;
mod json;
mod lcov;
mod llvm;
mod model;
mod opencover;
pub mod resolve;
mod runs;
mod sonar;
mod values;
mod xml;

pub use detect::{Format, detect};
pub use model::{BranchHit, Coverage, FileCoverage, FunctionHit, LineRun, Tally};

use std::io::BufRead;

/// A report that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input could not be read.
    #[error("cannot read the report: {0}")]
    Io(#[from] std::io::Error),
    /// The format could not be recognised from the content.
    #[error(
        "not a coverage report plumb recognises (LCOV, Cobertura, JaCoCo, llvm-cov JSON, Go, coverage.py JSON, Istanbul, Clover, OpenCover or Sonar generic XML)"
    )]
    UnknownFormat,
    /// The report is malformed, at a line of the report (1-based) when known.
    #[error("{format} report{}: {message}", line.map(|l| format!(", line {l}")).unwrap_or_default())]
    Malformed {
        /// The format being read.
        format: Format,
        /// Where, when known.
        line: Option<u64>,
        /// What is wrong.
        message: String,
    },
}

impl Error {
    pub(crate) fn malformed(format: Format, line: Option<u64>, message: impl Into<String>) -> Self {
        Self::Malformed { format, line, message: message.into() }
    }
}

/// A reader of one format.
type ReadFn = fn(&mut dyn BufRead) -> Result<Coverage, Error>;

/// Every format's reader.
const READERS: [(Format, ReadFn); 10] = [
    (Format::Lcov, lcov::read),
    (Format::Cobertura, cobertura::read),
    (Format::Jacoco, jacoco::read),
    (Format::LlvmJson, llvm::read),
    (Format::Go, go::read),
    (Format::CoveragePy, coveragepy::read),
    (Format::Istanbul, istanbul::read),
    (Format::Clover, clover::read),
    (Format::OpenCover, opencover::read),
    (Format::Sonar, sonar::read),
];

/// Reads one report. The format is detected from the first bytes unless given.
pub fn read(input: &mut dyn BufRead, format: Option<Format>) -> Result<Coverage, Error> {
    let format = match format {
        Some(format) => format,
        None => detect(input.fill_buf()?).ok_or(Error::UnknownFormat)?,
    };
    let Some(&(_, read_format)) = READERS.iter().find(|(f, _)| *f == format) else {
        return Err(Error::UnknownFormat);
    };
    let mut coverage = read_format(input)?;
    coverage.format = format;
    for file in coverage.files.values_mut() {
        file.functions.sort_by(|a, b| (a.start_line, &a.name).cmp(&(b.start_line, &b.name)));
    }
    Ok(coverage)
}

/// Calls `each` with every line of a line-oriented report (trimmed; invalid UTF-8 replaced),
/// one at a time; an error it returns becomes [`Error::Malformed`] with the line's number.
pub(crate) fn each_line(
    input: &mut dyn BufRead,
    format: Format,
    mut each: impl FnMut(&str) -> Result<(), String>,
) -> Result<(), Error> {
    let mut buf = Vec::new();
    let mut number = 0u64;
    loop {
        buf.clear();
        if input.read_until(b'\n', &mut buf)? == 0 {
            return Ok(());
        }
        number += 1;
        each(String::from_utf8_lossy(&buf).trim())
            .map_err(|message| Error::malformed(format, Some(number), message))?;
    }
}
