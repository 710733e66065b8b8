//! Running `git`.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::Error;

/// Runs `git ARGS` in `dir`, with output that does not depend on the user's configuration or
/// language: paths unquoted (bytes as they are), messages in English, no optional locks (a
/// pre-commit hook runs while `git commit` holds the index lock).
pub(crate) fn run<I, S>(dir: &Path, args: I) -> Result<Output, Error>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    Command::new("git")
        .args(["-c", "core.quotePath=false", "--no-optional-locks"])
        .args(args)
        .current_dir(dir)
        .env("LC_ALL", "C")
        .stdin(Stdio::null())
        .output()
        .map_err(|source| match source.kind() {
            // Also what a missing working directory looks like.
            std::io::ErrorKind::NotFound if dir.is_dir() => Error::GitNotFound,
            _ => Error::Spawn { dir: dir.to_path_buf(), source },
        })
}

/// The standard output of a command that succeeded, or [`Error::Git`].
pub(crate) fn stdout<I, S>(dir: &Path, args: I) -> Result<Vec<u8>, Error>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let args: Vec<S> = args.into_iter().collect();
    let output = run(dir, &args)?;
    if output.status.success() { Ok(output.stdout) } else { Err(failure(&args, &output)) }
}

/// [`Error::Git`] for a command that failed.
pub(crate) fn failure<S: AsRef<OsStr>>(args: &[S], output: &Output) -> Error {
    let command =
        args.iter().map(|arg| arg.as_ref().to_string_lossy().into_owned()).collect::<Vec<_>>().join(" ");
    let stderr = String::from_utf8_lossy(&output.stderr).trim().to_owned();
    let stderr = if stderr.is_empty() { format!("exited with {}", output.status) } else { stderr };
    Error::Git { command, stderr }
}

/// A path git printed (raw bytes, since `core.quotePath` is off).
pub(crate) fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt as _;
        PathBuf::from(OsStr::from_bytes(bytes))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
    }
}
