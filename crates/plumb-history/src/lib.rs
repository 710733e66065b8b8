//! Git, read through the `git` command: this is the only plumb crate that starts a process.
//!
//! [`diff`] finds the lines changed since a revision, or staged, by parsing `git diff -U0`.
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

pub mod diff;
mod git;

use std::path::PathBuf;

/// Why git could not tell what changed.
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
    /// Any other failure of a `git` command, with what it printed.
    #[error("`git {command}` failed: {stderr}")]
    Git {
        /// The arguments, as typed.
        command: String,
        /// Its standard error, trimmed (or the exit status when it printed nothing).
        stderr: String,
    },
}
