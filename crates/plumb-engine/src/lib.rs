//! plumb's engine: what a run does between the paths it is given and the report it renders.
//!
//! An internal component of plumb, not published: its API follows plumb's needs. What plumb
//! keeps stable is its command line, exit codes and documented output formats (`docs/json.md`).
//!
//! A [`Workspace`] is opened at a directory (the working directory of the command line, a
//! folder of an editor). It finds the files under paths ([`Workspace::discover`]), resolves the
//! configuration of each file (`plumb.toml`, per directory, with its overrides), analyses the
//! files on a pool of threads of its own ([`Workspace::analyze`]) or one file, from disk or
//! held in memory, on the calling thread ([`Workspace::analyze_file`]), and returns the report
//! model of `plumb-report`. The filters that narrow a report are here too: baselines
//! ([`baseline`]), changed code ([`changes`]), what a change did to each function ([`delta`]), coverage reports and their gates ([`coverage`]),
//! and git history ([`history`]).
//!
//! ```
//! use plumb_engine::{RunOptions, Workspace};
//!
//! let dir = tempfile::tempdir()?;
//! std::fs::write(dir.path().join("plumb.toml"), "[rules.cyclomatic-complexity]\nthreshold = 1\n")?;
//! let ws = Workspace::open(dir.path());
//! // An editor's unsaved buffer: the file need not exist, its name gives its language and
//! // configuration.
//! let text = b"def f(a, b):\n    return a and b\n".to_vec();
//! let analysed = ws.analyze_file("src/app.py".as_ref(), Some(text), None, &RunOptions::default())?;
//! let checked = analysed.and_then(|analysed| analysed.checked).expect("analysed");
//! assert_eq!(checked.file.path, "src/app.py");
//! assert_eq!(checked.file.functions[0].cyclomatic, 2);
//! assert_eq!(checked.findings[0].rule, "cyclomatic-complexity");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The engine prints nothing and reads nothing of the process: no working directory (the
//! workspace's directory is given), no environment variable, no global thread pool. What the
//! user should be told while a run goes on is returned as [`Notice`]s; what stops it is an
//! [`Error`].

#[cfg(all(feature = "jemalloc", unix))]
pub mod allocator;
pub mod baseline;
pub mod cache;
pub mod changes;
pub mod config;
pub mod coverage;
pub mod delta;
pub mod history;
pub mod merge;
pub mod panic;
pub mod trend;

mod analyze;
mod discover;
mod empty;
mod error;
mod memory;
mod options;
mod reorder;
mod run;
mod shard;
mod size;
mod workspace;

pub use analyze::{Analysed, human_size};
pub use cache::{Cache, CacheStats};
pub use discover::{
    Candidate, Discovered, OpenError, WalkOptions, absolute, display_path, is_source, kind_of, open_regular,
    repo_root, root_key, walk_builder,
};
pub use error::{Error, ErrorKind, Notice};
pub use options::{NoProgress, Progress, RuleOverrides, RunOptions};
pub use run::{MAX_FILE_SIZE, Run, Stream, summarize};
pub use shard::Shard;
pub use size::parse_size;
pub use workspace::Workspace;
