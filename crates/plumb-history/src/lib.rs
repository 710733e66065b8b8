//! Git, read through the `git` command: this is the only plumb crate that starts a process.
//!
//! An internal component of plumb, not published: its API follows plumb's needs. What plumb
//! keeps stable is its command line, exit codes and documented output formats (`docs/json.md`).
//!
//! - [`diff`] finds the lines changed since the merge base of a revision and `HEAD`, or staged,
//!   by parsing `git diff -U0`.
//! - [`objects`] lists the files that differ between a commit and the working tree and reads
//!   their old versions from git's objects (`git cat-file --batch`).
//! - [`log`] reads the commits of a window of history with the lines each added and deleted
//!   per file (`git log --numstat`), renames followed to today's paths.
//! - [`fixes`] tells which commits fix defects, from their messages and an optional defect list
//!   read by [`export`] (Jira CSV, GitHub issues JSON).
//! - [`stats`] gathers per-file commits, fixes, defects, churn and authors; [`density`] turns
//!   them into defect density per file and per folder with a Poisson interval, and
//!   [`hotspots`] ranks files and functions by change frequency times complexity.
//!
//! ```
//! use plumb_history::diff;
//!
//! let text = b"diff --git a/src/lib.rs b/src/lib.rs\n\
//!              --- a/src/lib.rs\n\
//!              +++ b/src/lib.rs\n\
//!              @@ -3 +3,2 @@ fn main() {\n\
//!              -    old();\n\
//!              +    new();\n\
//!              +    newer();\n";
//! let files = diff::parse(text);
//! assert_eq!(files["src/lib.rs"], vec![3..=4]);
//! ```

pub mod density;
pub mod diff;
pub mod export;
pub mod fixes;
mod git;
pub mod hotspots;
pub mod log;
pub mod objects;
pub mod samples;
pub mod stats;

use std::path::PathBuf;

/// Why git could not tell what changed, or history could not be read.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// There is no `git` on `PATH`.
    #[error("cannot run `git`: it is not installed, or not on PATH")]
    GitNotFound,
    /// `git` could not be started for another reason.
    #[error("cannot run `git` in `{}`", dir.display())]
    Spawn {
        /// Where it was started.
        dir: PathBuf,
        /// What went wrong.
        #[source]
        source: std::io::Error,
    },
    /// The directory is not inside a git working tree.
    #[error("`{}` is not inside a git repository", .0.display())]
    NotARepository(PathBuf),
    /// The revision does not name a commit of the repository.
    #[error("`{0}` is not a commit, branch or tag of this repository")]
    UnknownRevision(String),
    /// A revision that a shallow clone may lack.
    #[error(
        "`{0}` is not a commit, branch or tag of this repository, which is a shallow clone: fetch \
         more history (`git fetch --unshallow`, or `fetch-depth: 0` with actions/checkout)"
    )]
    UnknownRevisionShallow(String),
    /// A revision that shares no commit with `HEAD` in a shallow clone, where the commits that
    /// join them may be missing.
    #[error(
        "`{0}` and HEAD share no commit in this shallow clone, so where the branch left `{0}` is \
         unknown: fetch more history (`git fetch --unshallow`, or `fetch-depth: 0` with \
         actions/checkout)"
    )]
    NoMergeBaseShallow(String),
    /// A range whose end is not the checked-out commit.
    #[error(
        "`{range}` ends at `{end}`, which is not the checked-out commit: plumb reads the files on \
         disk, so check out `{end}` first, or end the range at HEAD"
    )]
    RangeNotCheckedOut {
        /// The range as given.
        range: String,
        /// Its right side.
        end: String,
    },
    /// No base was given, and the branch has neither an upstream nor `origin/HEAD`.
    #[error(
        "no base to compare with: the branch has no upstream and there is no `origin/HEAD`; name one \
         (`origin/main`, `HEAD~1`)"
    )]
    NoDefaultBase,
    /// A `--since` that is neither a date nor a revision.
    #[error("`{0}` is neither a date (`12 months`, `2 weeks ago`, `2025-01-31`) nor a commit, branch or tag")]
    InvalidSince(String),
    /// A `--since` date before 1970, which git cannot read (it reads them as no date at all).
    #[error(
        "`{0}` is before 1970-01-01, the earliest date git reads: give a later date (`1970-01-01` reads the whole history)"
    )]
    SinceBeforeEpoch(String),
    /// A fix pattern that is not a valid regular expression.
    #[error("invalid fix pattern `{pattern}`: {message}")]
    InvalidPattern {
        /// The pattern as given.
        pattern: String,
        /// What is wrong with it.
        message: String,
    },
    /// A defect list that cannot be read.
    #[error("cannot read the defect list `{}`: {message}", path.display())]
    DefectList {
        /// The file.
        path: PathBuf,
        /// What went wrong, with the line when known.
        message: String,
    },
    /// Output of `git` that does not have the expected shape.
    #[error("cannot understand the output of `git {command}`: {message}")]
    Output {
        /// The command's first arguments.
        command: String,
        /// What was unexpected, and where.
        message: String,
    },
    /// Any other failure of a `git` command, with what it printed.
    #[error("`git {command}` failed: {stderr}")]
    Git {
        /// The arguments, as typed.
        command: String,
        /// Its standard error, trimmed (or the exit status when it printed nothing).
        stderr: String,
    },
}
