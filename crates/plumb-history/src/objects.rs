//! The two sides of a comparison read from git itself: which files differ between a commit and
//! the working tree (renames followed), and the old versions' contents read from git's objects
//! by one `git cat-file --batch` process, with no checkout and no temporary worktree.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use crate::diff::{self, Base, path_text};
use crate::{Error, git};

/// A file that differs between the base commit and the working tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileDelta {
    /// Its path at the base commit (root-relative, `/`-separated), `None` when it is new.
    pub old: Option<String>,
    /// Its path in the working tree, `None` when it was deleted.
    pub new: Option<String>,
}

/// The files that differ between a commit and the working tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeDelta {
    /// The repository's working tree.
    pub root: PathBuf,
    /// The commit compared with.
    pub base: Base,
    /// Every file that differs, in git's order: modified, renamed (git's rename detection,
    /// `-M`), added, deleted, and files not tracked yet (nor ignored), which are new.
    pub files: Vec<FileDelta>,
}

/// The commit `plumb diff` and `--ratchet` compare with: `spec` (a revision, `A...B` or `A..B`)
/// as `--changed-since` reads it (the merge base of the revision and `HEAD`), or with no spec the
/// merge base with the branch's upstream, else with `origin/HEAD`.
pub fn base(dir: &Path, spec: Option<&str>) -> Result<(PathBuf, Base), Error> {
    let (root, _) = diff::locate(dir)?;
    let spec = match spec {
        Some(spec) => spec.to_owned(),
        None => default_base(&root)?,
    };
    let base = diff::since(&root, &spec)?;
    Ok((root, base))
}

/// The upstream of the checked-out branch, else `origin/HEAD`.
fn default_base(root: &Path) -> Result<String, Error> {
    let upstream = git::run(root, ["rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}"])?;
    let name = String::from_utf8_lossy(&upstream.stdout).trim().to_owned();
    if upstream.status.success() && !name.is_empty() {
        return Ok(name);
    }
    if diff::resolve(root, "origin/HEAD").is_ok() {
        return Ok("origin/HEAD".to_owned());
    }
    Err(Error::NoDefaultBase)
}

/// The files that differ between `base` and the working tree of the repository at `root`:
/// `git diff -M --name-status -z BASE`, and the untracked files.
pub fn changed_files(root: &Path, base: Base) -> Result<TreeDelta, Error> {
    let args = ["diff", "-M", "--name-status", "-z", "--no-ext-diff", "--no-textconv", &base.commit, "--"];
    let output = git::stdout(root, args)?;
    let mut files = parse_name_status(&output)
        .map_err(|message| Error::Output { command: "diff --name-status".to_owned(), message })?;
    let untracked = git::stdout(root, ["ls-files", "-z", "--others", "--exclude-standard"])?;
    for path in untracked.split(|&b| b == 0).filter(|path| !path.is_empty()) {
        files.push(FileDelta { old: None, new: Some(path_text(path)) });
    }
    Ok(TreeDelta { root: root.to_path_buf(), base, files })
}

/// The records of `git diff --name-status -z`: `STATUS\0PATH\0`, or `STATUS\0OLD\0NEW\0` for
/// renames and copies (a copy is a new file).
pub fn parse_name_status(output: &[u8]) -> Result<Vec<FileDelta>, String> {
    let mut fields = output.split(|&b| b == 0).filter(|field| !field.is_empty());
    let mut files = Vec::new();
    while let Some(status) = fields.next() {
        let mut path = || fields.next().map(path_text).ok_or("a status without its path");
        let delta = match status.first() {
            Some(b'R') => FileDelta { old: Some(path()?), new: Some(path()?) },
            Some(b'C') => {
                let _source = path()?;
                FileDelta { old: None, new: Some(path()?) }
            }
            Some(b'A') => FileDelta { old: None, new: Some(path()?) },
            Some(b'D') => FileDelta { old: Some(path()?), new: None },
            Some(b'M' | b'T' | b'U' | b'X') => {
                let path = path()?;
                FileDelta { old: Some(path.clone()), new: Some(path) }
            }
            _ => return Err(format!("unknown status `{}`", String::from_utf8_lossy(status))),
        };
        files.push(delta);
    }
    Ok(files)
}

/// A blob read from git.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blob {
    /// Its object id.
    pub id: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// One `git cat-file --batch` process that reads objects on request.
#[derive(Debug)]
pub struct Objects {
    child: Child,
    input: Option<ChildStdin>,
    output: BufReader<ChildStdout>,
}

impl Objects {
    /// Starts `git cat-file --batch` in the repository at `root`.
    pub fn open(root: &Path) -> Result<Objects, Error> {
        let mut child = Command::new("git")
            .args(["--no-optional-locks", "cat-file", "--batch"])
            .current_dir(root)
            .env("LC_ALL", "C")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|source| match source.kind() {
                std::io::ErrorKind::NotFound if root.is_dir() => Error::GitNotFound,
                _ => Error::Spawn { dir: root.to_path_buf(), source },
            })?;
        let input = child.stdin.take();
        let output = BufReader::new(child.stdout.take().ok_or_else(|| broken("no standard output"))?);
        Ok(Objects { child, input, output })
    }

    /// The blob at `path` (root-relative) in `commit`; `None` when there is none (or the name
    /// holds a line break, which the batch protocol cannot carry).
    pub fn file(&mut self, commit: &str, path: &str) -> Result<Option<Blob>, Error> {
        if path.contains('\n') {
            return Ok(None);
        }
        self.read(&format!("{commit}:{path}"))
    }

    /// The object `name` (an object id, `COMMIT:PATH`...), when it is a blob.
    pub fn read(&mut self, name: &str) -> Result<Option<Blob>, Error> {
        let input = self.input.as_mut().ok_or_else(|| broken("closed"))?;
        writeln!(input, "{name}").and_then(|()| input.flush()).map_err(|e| broken(&e.to_string()))?;
        let mut header = String::new();
        self.output.read_line(&mut header).map_err(|e| broken(&e.to_string()))?;
        let fields: Vec<&str> = header.trim_end().split(' ').collect();
        let (id, kind, size) = match fields[..] {
            [id, kind, size] => (id.to_owned(), kind, size),
            [_, "missing" | "ambiguous"] => return Ok(None),
            _ => return Err(broken(&format!("unexpected header `{}`", header.trim_end()))),
        };
        let size: usize = size.parse().map_err(|_| broken(&format!("unexpected size `{size}`")))?;
        let mut bytes = vec![0; size + 1];
        self.output.read_exact(&mut bytes).map_err(|e| broken(&e.to_string()))?;
        bytes.pop();
        Ok((kind == "blob").then_some(Blob { id, bytes }))
    }
}

impl Drop for Objects {
    fn drop(&mut self) {
        // Closing its input ends the process.
        drop(self.input.take());
        let _ = self.child.wait();
    }
}

fn broken(message: &str) -> Error {
    Error::Output { command: "cat-file --batch".to_owned(), message: message.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_status_records() {
        let output = b"M\0a.py\0R087\0old.py\0new.py\0A\0b.py\0D\0c.py\0C100\0a.py\0d.py\0";
        let files = parse_name_status(output).unwrap();
        let file = |old: Option<&str>, new: Option<&str>| FileDelta {
            old: old.map(str::to_owned),
            new: new.map(str::to_owned),
        };
        assert_eq!(
            files,
            [
                file(Some("a.py"), Some("a.py")),
                file(Some("old.py"), Some("new.py")),
                file(None, Some("b.py")),
                file(Some("c.py"), None),
                file(None, Some("d.py")),
            ]
        );
        assert!(parse_name_status(b"R100\0old.py\0").is_err());
        assert!(parse_name_status(b"?\0x\0").is_err());
    }
}
