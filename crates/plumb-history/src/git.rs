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
    command(dir, args).output().map_err(|source| spawn_error(dir, source))
}

/// `git ARGS` in `dir`, set up as [`run`] describes.
fn command<I, S>(dir: &Path, args: I) -> Command
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut command = Command::new("git");
    command
        .args(["-c", "core.quotePath=false", "--no-optional-locks"])
        .args(args)
        .current_dir(dir)
        .env("LC_ALL", "C")
        .stdin(Stdio::null());
    command
}

fn spawn_error(dir: &Path, source: std::io::Error) -> Error {
    match source.kind() {
        // Also what a missing working directory looks like.
        std::io::ErrorKind::NotFound if dir.is_dir() => Error::GitNotFound,
        _ => Error::Spawn { dir: dir.to_path_buf(), source },
    }
}

/// Runs `git ARGS` in `dir` and hands each line of its standard output (without its `\n`) to
/// `each` as it comes, so that a long output is never held whole. [`Error::Git`] when it fails.
pub(crate) fn each_line<S: AsRef<OsStr>>(
    dir: &Path,
    args: &[S],
    mut each: impl FnMut(&[u8]),
) -> Result<(), Error> {
    use std::io::{BufRead as _, Read as _};
    let mut child = command(dir, args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|source| spawn_error(dir, source))?;
    // Standard error is drained on its own thread, so that neither pipe fills while the other
    // is read.
    let mut stderr = child.stderr.take();
    let errors = std::thread::spawn(move || {
        let mut text = Vec::new();
        if let Some(stderr) = &mut stderr {
            let _ = stderr.read_to_end(&mut text);
        }
        text
    });
    let io_error = |source| Error::Spawn { dir: dir.to_path_buf(), source };
    if let Some(stdout) = child.stdout.take() {
        let mut reader = std::io::BufReader::with_capacity(1 << 16, stdout);
        let mut line = Vec::new();
        loop {
            line.clear();
            if reader.read_until(b'\n', &mut line).map_err(io_error)? == 0 {
                break;
            }
            each(line.strip_suffix(b"\n").unwrap_or(&line));
        }
    }
    let status = child.wait().map_err(io_error)?;
    let stderr = errors.join().unwrap_or_default();
    if status.success() { Ok(()) } else { Err(failure(args, &Output { status, stdout: Vec::new(), stderr })) }
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

/// Whether the repository at `root` is a shallow clone: history older than its cut is missing.
pub(crate) fn is_shallow(root: &Path) -> Result<bool, Error> {
    let shallow = stdout(root, ["rev-parse", "--is-shallow-repository"])?;
    Ok(String::from_utf8_lossy(&shallow).trim() == "true")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_line_streams_output_and_reports_failures() {
        let dir = std::env::temp_dir();
        let mut lines = Vec::new();
        each_line(&dir, &["version"], |line| lines.push(String::from_utf8_lossy(line).into_owned())).unwrap();
        assert_eq!(lines.len(), 1);
        assert!(lines[0].starts_with("git version "), "{lines:?}");
        match each_line(&dir, &["version", "--no-such-option"], |_| {}) {
            Err(Error::Git { command, stderr }) => {
                assert_eq!(command, "version --no-such-option");
                assert!(!stderr.is_empty());
            }
            other => panic!("expected a git error, got {other:?}"),
        }
    }
}
