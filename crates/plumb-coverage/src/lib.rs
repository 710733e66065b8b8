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

mod detect;
mod json;
mod model;
pub mod resolve;
mod runs;
mod values;
mod xml;

pub use detect::detect;
pub use model::{BranchHit, Coverage, FileCoverage, FunctionHit, LineRun};

use std::io::BufRead;

/// A reader of one format.
type ReadFn = fn(&mut dyn BufRead) -> Result<Coverage, Error>;

/// What plumb knows of one format.
struct Facts {
    /// Its command-line name.
    name: &'static str,
    /// Its name in messages.
    title: &'static str,
    /// Its name in the list of every format.
    listed: &'static str,
    /// Its reader.
    read: ReadFn,
}

/// Generates the reader modules, [`Format`], [`Format::ALL`] and each format's facts from one
/// line per format.
macro_rules! formats {
    ($(
        $(#[$attr:meta])*
        $variant:ident => $module:ident, name $name:literal, title $title:literal, listed $listed:literal;
    )*) => {
        $(mod $module;)*

        /// A coverage report format.
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
        pub enum Format {
            $($(#[$attr])* $variant,)*
        }

        impl Format {
            /// Every format, in the order messages list them.
            pub const ALL: [Format; [$($name),*].len()] = [$(Format::$variant),*];
        }

        /// Every format's facts, in [`Format`] order.
        static FACTS: [Facts; Format::ALL.len()] =
            [$(Facts { name: $name, title: $title, listed: $listed, read: $module::read }),*];
    };
}

// The format table. Adding a format: its reader module (a `read` function), one line here, and
// a branch in `detect.rs` if its content can be recognised.
formats! {
    /// LCOV tracefile (`lcov.info`).
    #[default]
    Lcov => lcov, name "lcov", title "LCOV", listed "LCOV";
    /// Cobertura XML (`coverage.xml`).
    Cobertura => cobertura, name "cobertura", title "Cobertura", listed "Cobertura";
    /// JaCoCo XML (`jacoco.xml`).
    Jacoco => jacoco, name "jacoco", title "JaCoCo", listed "JaCoCo";
    /// `llvm-cov export` JSON.
    LlvmJson => llvm, name "llvm-cov", title "llvm-cov JSON", listed "llvm-cov JSON";
    /// Go coverprofile (`go test -coverprofile`).
    Go => go, name "go", title "Go coverprofile", listed "Go";
    /// coverage.py JSON (`coverage json`).
    CoveragePy => coveragepy, name "coverage-py", title "coverage.py JSON", listed "coverage.py JSON";
    /// Istanbul `coverage-final.json` (nyc, c8, Jest).
    Istanbul => istanbul, name "istanbul", title "Istanbul JSON", listed "Istanbul";
    /// Clover XML.
    Clover => clover, name "clover", title "Clover", listed "Clover";
    /// OpenCover XML (also written by coverlet).
    OpenCover => opencover, name "opencover", title "OpenCover", listed "OpenCover";
    /// SonarQube generic coverage XML.
    Sonar => sonar, name "sonar", title "Sonar generic coverage", listed "Sonar generic XML";
}

impl Format {
    fn facts(self) -> &'static Facts {
        &FACTS[self as usize]
    }

    /// The command-line name (`lcov`, `coverage-py`).
    pub fn name(self) -> &'static str {
        self.facts().name
    }

    /// The format with this command-line name.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|format| format.name() == name)
    }

    /// Every format, as messages list them: `LCOV, Cobertura, ... or Sonar generic XML`.
    pub fn listed() -> String {
        let mut names: Vec<&str> = FACTS.iter().map(|facts| facts.listed).collect();
        let last = names.pop().unwrap_or_default();
        format!("{} or {last}", names.join(", "))
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.facts().title)
    }
}

/// A report that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input could not be read.
    #[error("cannot read the report: {0}")]
    Io(#[from] std::io::Error),
    /// The format could not be recognised from the content.
    #[error("not a coverage report plumb recognises ({})", Format::listed())]
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

/// Reads one report. The format is detected from the first bytes unless given.
pub fn read(input: &mut dyn BufRead, format: Option<Format>) -> Result<Coverage, Error> {
    let format = match format {
        Some(format) => format,
        None => detect(input.fill_buf()?).ok_or(Error::UnknownFormat)?,
    };
    let mut coverage = (format.facts().read)(input)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader's file is compiled only through its line in the format table: every file of
    /// `src/` with a reader must have one.
    #[test]
    fn every_reader_file_is_in_the_table() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let readers = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default())
            .filter(|text| text.contains("\npub(crate) fn read(input: &mut dyn BufRead)"))
            .count();
        assert_eq!(readers, Format::ALL.len());
    }

    #[test]
    fn every_format_has_its_own_facts() {
        let names: Vec<&str> = Format::ALL.iter().map(|format| format.name()).collect();
        assert_eq!(
            names,
            [
                "lcov",
                "cobertura",
                "jacoco",
                "llvm-cov",
                "go",
                "coverage-py",
                "istanbul",
                "clover",
                "opencover",
                "sonar"
            ]
        );
        for (index, format) in Format::ALL.into_iter().enumerate() {
            assert_eq!(format as usize, index, "{format}: ALL is in declaration order");
            assert_eq!(Format::from_name(format.name()), Some(format));
        }
        assert_eq!(
            (Format::Go.to_string(), Format::Sonar.to_string()),
            ("Go coverprofile".to_owned(), "Sonar generic coverage".to_owned())
        );
        assert_eq!(
            Error::UnknownFormat.to_string(),
            "not a coverage report plumb recognises (LCOV, Cobertura, JaCoCo, llvm-cov JSON, Go, coverage.py JSON, \
             Istanbul, Clover, OpenCover or Sonar generic XML)"
        );
    }
}
