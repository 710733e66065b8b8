//! Finding the files to analyse: the paths given, directories walked with `ignore`
//! (respecting .gitignore), files named explicitly always included.

use std::fs::File;
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use ignore::WalkState;
use plumb_lang::Language;
use plumb_report::Problem;

use crate::error::{Error, bail};

/// How directories are walked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WalkOptions {
    /// Do not respect `.gitignore`, `.ignore` and other ignore files.
    pub no_ignore: bool,
    /// Follow symbolic links.
    pub follow_links: bool,
    /// How many threads read directories; `None` for one per CPU.
    pub threads: Option<usize>,
}

/// A file to analyse.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    /// How the file is shown: relative to the working directory when inside it.
    pub display: String,
    /// Where to read it (relative paths are joined to the working directory).
    pub path: PathBuf,
    /// Named by the caller (analysed whatever its name, unless configuration excludes it).
    pub explicit: bool,
    /// Its content, when it is held in memory (an editor's buffer, standard input) instead of
    /// read from `path`.
    pub contents: Option<Vec<u8>>,
}

/// The files to analyse, and the entries that could not be read while looking for them.
#[derive(Debug, Clone, Default)]
pub struct Discovered {
    /// The files, sorted by path.
    pub candidates: Vec<Candidate>,
    /// Entries that could not be read while walking.
    pub problems: Vec<Problem>,
}

/// Finds the files under `paths` (relative to `cwd`). Paths that do not exist are a usage
/// error; entries that cannot be read while walking are problems, and the walk goes on.
pub(crate) fn discover(paths: &[PathBuf], options: &WalkOptions, cwd: &Path) -> Result<Discovered, Error> {
    let mut candidates = Vec::new();
    let mut problems = Vec::new();
    for root in paths {
        let at = cwd.join(root);
        let metadata = match std::fs::metadata(&at) {
            Ok(metadata) => Some(metadata),
            // A symlink loop or a dangling link given by name: report it, like an unreadable file.
            Err(_) if at.symlink_metadata().is_ok() => None,
            Err(error) => bail!(Input, "cannot read `{}`: {error}", root.display()),
        };
        if metadata.as_ref().is_none_or(|m| !m.is_dir()) {
            // Named explicitly: always analysed, even if ignored or of an unknown kind.
            candidates.push(Candidate {
                display: display_path(root, cwd),
                path: at,
                explicit: true,
                contents: None,
            });
            continue;
        }
        walk(&at, options, cwd, &mut candidates, &mut problems);
    }
    candidates.sort();
    candidates.dedup();
    Ok(Discovered { candidates, problems })
}

/// The files under a directory, respecting ignore files unless `no_ignore`.
fn walk(
    root: &Path,
    options: &WalkOptions,
    cwd: &Path,
    candidates: &mut Vec<Candidate>,
    problems: &mut Vec<Problem>,
) {
    let mut builder = walk_builder(root, options.follow_links, options.no_ignore);
    builder.threads(options.threads.unwrap_or(0));
    // Directories are read on several threads; the caller sorts what they find.
    let found = Mutex::new((candidates, problems));
    builder.build_parallel().run(|| {
        Box::new(|entry| {
            match entry {
                Ok(entry) if entry.file_type().is_some_and(|t| t.is_file()) => {
                    let path = entry.into_path();
                    let display = display_path(&path, cwd);
                    let candidate = Candidate { display, path, explicit: false, contents: None };
                    found.lock().unwrap_or_else(PoisonError::into_inner).0.push(candidate);
                }
                Ok(_) => {}
                Err(error) => {
                    let problem = walk_problem(&error, cwd);
                    found.lock().unwrap_or_else(PoisonError::into_inner).1.push(problem);
                }
            }
            WalkState::Continue
        })
    });
}

/// A walk of `root` that respects ignore files (`.gitignore` whether or not in a git repository,
/// `.ignore`, git's excludes) unless `no_ignore`, and skips hidden files.
pub fn walk_builder(root: &Path, follow_links: bool, no_ignore: bool) -> ignore::WalkBuilder {
    let mut builder = ignore::WalkBuilder::new(root);
    builder
        .follow_links(follow_links)
        .require_git(false)
        .git_ignore(!no_ignore)
        .git_global(!no_ignore)
        .git_exclude(!no_ignore)
        .ignore(!no_ignore)
        .parents(!no_ignore);
    builder
}

/// Whether a directory is the root of a git repository: it holds `.git` (a directory, or a file
/// in a worktree or submodule). The one test of plumb for where a repository starts.
pub(crate) fn is_repository_root(dir: &Path) -> bool {
    dir.join(".git").exists()
}

/// The root of the git repository a directory is in: the nearest of it and its ancestors that
/// is one; `None` outside any repository.
pub(crate) fn repository_root(dir: &Path) -> Option<&Path> {
    dir.ancestors().find(|dir| is_repository_root(dir))
}

/// The repository root of a directory, else the directory.
pub fn repo_root(dir: &Path) -> PathBuf {
    repository_root(dir).unwrap_or(dir).to_path_buf()
}

/// A path as shown (relative to the working directory, or absolute) relative to the root of a
/// repository, `/`-separated; `prefix` is the working directory relative to the root (`sub/`,
/// or empty). `None` when the path is outside the repository.
pub(crate) fn repository_path(shown: &str, root: &Path, prefix: &str) -> Option<String> {
    let path = Path::new(shown);
    let joined = if path.is_absolute() {
        let inside = if let Ok(inside) = path.strip_prefix(root) {
            inside.to_path_buf()
        } else {
            // The root as git prints it may differ from how the path was typed (symbolic links).
            let root = root.canonicalize().ok()?;
            path.canonicalize().ok()?.strip_prefix(root).ok()?.to_path_buf()
        };
        display_path(&inside, Path::new(""))
    } else {
        format!("{prefix}{shown}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            // Above the root.
            ".." => {
                parts.pop()?;
            }
            "." | "" => {}
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// Whether a file found while walking is one plumb measures: by extension (or one the
/// configuration maps), or for files without one, by a `#!` line.
pub fn is_source(path: &Path, mapped: bool) -> bool {
    if mapped {
        return true;
    }
    if path.extension().is_some() {
        // `.h` needs content to tell C from C++, but either way it is source.
        return Language::from_path(path, b"").is_some() || path.extension().is_some_and(|ext| ext == "h");
    }
    let mut head = [0u8; 128];
    let Ok((mut file, _)) = open_regular(path) else { return false };
    let read = std::io::Read::read(&mut file, &mut head);
    read.is_ok_and(|n| Language::from_path(path, &head[..n]).is_some())
}

/// Why a file was not opened: it could not be, or it is not a regular file.
#[derive(Debug)]
pub enum OpenError {
    /// It could not be opened.
    Io(std::io::Error),
    /// What is there instead (`a FIFO`, `a directory`).
    NotRegular(&'static str),
}

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Io(error) => write!(f, "{error}"),
            Self::NotRegular(kind) => write!(f, "{kind}, not a regular file"),
        }
    }
}

impl std::error::Error for OpenError {}

/// Opens a regular file for reading (following symbolic links). Anything else is refused
/// without being read: a device could be read forever (`/dev/zero`), and a FIFO is opened
/// without blocking, so that one with no writer does not hang the run. Returns the file and its
/// size when it was opened.
pub fn open_regular(path: &Path) -> Result<(File, u64), OpenError> {
    let file = open_nonblocking(path).map_err(OpenError::Io)?;
    let metadata = file.metadata().map_err(OpenError::Io)?;
    let file_type = metadata.file_type();
    if file_type.is_file() {
        Ok((file, metadata.len()))
    } else {
        Err(OpenError::NotRegular(kind_of(file_type)))
    }
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    // Without effect on a regular file's reads.
    std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

/// What a file that is not a regular file is, in words.
pub fn kind_of(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() { "a directory" } else { "a special file" }
}

fn walk_problem(error: &ignore::Error, cwd: &Path) -> Problem {
    let path = error_path(error).map_or_else(String::new, |path| display_path(path, cwd));
    let message = match error.io_error() {
        // The OS error alone: the path is already shown.
        Some(io) => match io.raw_os_error() {
            Some(code) => format!("cannot read: {}", std::io::Error::from_raw_os_error(code)),
            None => format!("cannot read: {io}"),
        },
        None if is_loop(error) => "symbolic link loop; skipped".to_owned(),
        None => strip_path(&error.to_string()),
    };
    Problem { path, message }
}

fn error_path(error: &ignore::Error) -> Option<&Path> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::Loop { child, .. } => Some(child),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => error_path(err),
        _ => None,
    }
}

fn is_loop(error: &ignore::Error) -> bool {
    match error {
        ignore::Error::Loop { .. } => true,
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => is_loop(err),
        _ => false,
    }
}

fn strip_path(message: &str) -> String {
    message.split_once(": ").map_or(message, |(_, rest)| rest).to_owned()
}

/// `path` joined to `cwd` with `.` and `..` resolved lexically (symbolic links are not
/// followed, as the user wrote the path).
pub fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    let joined = cwd.join(path);
    if is_plain(&joined) {
        return joined;
    }
    let mut out = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// How findings identify a file whatever the working directory (in fingerprints and baselines):
/// its path relative to the repository `root`, `/`-separated; a file outside it by its path as
/// `shown` (relative to `cwd`, or absolute).
pub fn root_key(shown: &str, cwd: &Path, root: &Path) -> String {
    match absolute(cwd, Path::new(shown)).strip_prefix(root) {
        Ok(relative) => display_path(relative, Path::new("")),
        Err(_) => shown.to_owned(),
    }
}

/// A path as shown in output: relative to `cwd` when inside it, without `./`, with `/`.
pub fn display_path(path: &Path, cwd: &Path) -> String {
    let relative = if path.is_absolute() { path.strip_prefix(cwd).unwrap_or(path) } else { path };
    let plain = relative.to_str().filter(|text| !text.contains('\\') && is_plain(relative));
    if let Some(text) = plain {
        return text.to_owned();
    }
    let mut parts: Vec<String> = Vec::new();
    for component in relative.components() {
        match component {
            Component::CurDir => {}
            Component::RootDir => parts.push(String::new()),
            other => parts.push(component_text(other.as_os_str())),
        }
    }
    if parts.is_empty() {
        return ".".to_owned();
    }
    if parts == [""] {
        return "/".to_owned();
    }
    parts.join("/")
}

/// Whether a path is written as its components would write it again: no `.` or `..`, no empty
/// component (`a//b`), no `/` at the end. Most are, and reading them component by component
/// costs more than the rest of what a run does with each file's name.
#[cfg(unix)]
fn is_plain(path: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let bytes = path.as_os_str().as_bytes();
    let parts = bytes.strip_prefix(b"/").unwrap_or(bytes);
    !parts.is_empty() && parts.split(|&b| b == b'/').all(|part| !matches!(part, b"" | b"." | b".."))
}

#[cfg(not(unix))]
fn is_plain(_: &Path) -> bool {
    false
}

/// A path component as text. A name that is not UTF-8 has its invalid bytes written `\xFF`
/// and its backslashes `\\`, so that two such names never read the same (replacement
/// characters made `bad\xff.py` and `bad\xfe.py` one path). Git's names of changed files are
/// read the same way, so that the names match.
#[cfg(unix)]
fn component_text(name: &std::ffi::OsStr) -> String {
    use std::os::unix::ffi::OsStrExt;
    plumb_history::diff::path_text(name.as_bytes())
}

#[cfg(not(unix))]
fn component_text(name: &std::ffi::OsStr) -> String {
    name.to_string_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_paths_resolve_dots() {
        let cwd = Path::new("/repo/sub/deeper");
        assert_eq!(absolute(cwd, Path::new("../../top.py")), Path::new("/repo/top.py"));
        assert_eq!(absolute(cwd, Path::new("./a.py")), Path::new("/repo/sub/deeper/a.py"));
        assert_eq!(absolute(cwd, Path::new("/x/../y.py")), Path::new("/y.py"));
        assert_eq!(absolute(cwd, Path::new("a/b.py")), Path::new("/repo/sub/deeper/a/b.py"));
        // Written again as components write it: no empty component, no `/` at the end.
        for (path, written) in [("a//b.py", "/repo/sub/deeper/a/b.py"), ("a/", "/repo/sub/deeper/a")] {
            assert_eq!(absolute(cwd, Path::new(path)).as_os_str(), written);
        }
        assert_eq!(absolute(Path::new("/"), Path::new("")).as_os_str(), "/");
    }

    #[test]
    fn displayed_paths_are_relative_and_slashed() {
        let cwd = Path::new("/repo");
        for (path, shown) in [
            ("/repo/src/a.py", "src/a.py"),
            ("/repo/src//b.py", "src/b.py"),
            ("/repo/./src/../c.py", "src/../c.py"),
            ("src/d.py", "src/d.py"),
            ("./e.py", "e.py"),
            ("/repo", "."),
            ("/elsewhere/f.py", "/elsewhere/f.py"),
            ("/", "/"),
        ] {
            assert_eq!(display_path(Path::new(path), cwd), shown, "{path}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_are_told_apart() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let path = |bytes: &[u8]| display_path(Path::new(OsStr::from_bytes(bytes)), Path::new("/repo"));
        assert_eq!(path(b"src/bad\xff.py"), r"src/bad\xFF.py");
        assert_eq!(path(b"src/bad\xfe.py"), r"src/bad\xFE.py");
        // In such a name a backslash is escaped too: a real `\xFF` cannot pass for the byte.
        assert_eq!(path(b"a\\xFF\xff.py"), r"a\\xFF\xFF.py");
        assert_eq!(path("caf\u{e9}\\x.py".as_bytes()), "caf\u{e9}\\x.py");
    }

    #[test]
    fn keys_are_relative_to_the_root() {
        let root = Path::new("/repo");
        assert_eq!(root_key("a.py", Path::new("/repo/sub"), root), "sub/a.py");
        assert_eq!(root_key("../b.py", Path::new("/repo/sub"), root), "b.py");
        assert_eq!(root_key("/repo/c/d.py", Path::new("/elsewhere"), root), "c/d.py");
        assert_eq!(root_key("../../x.py", Path::new("/repo/sub"), root), "../../x.py");
        assert_eq!(root_key("/tmp/y.py", Path::new("/repo"), root), "/tmp/y.py");
    }

    #[test]
    fn display_paths_are_relative_when_inside() {
        let cwd = Path::new("/repo");
        assert_eq!(display_path(Path::new("/repo/src/a.rs"), cwd), "src/a.rs");
        assert_eq!(display_path(Path::new("./src/a.rs"), cwd), "src/a.rs");
        assert_eq!(display_path(Path::new("/elsewhere/a.rs"), cwd), "/elsewhere/a.rs");
        assert_eq!(display_path(Path::new("../x/a.rs"), cwd), "../x/a.rs");
    }
}
