//! The lines changed since the merge base of a revision and HEAD, or staged: `git diff -U0`, parsed.
//!
//! What counts as changed:
//!
//! - Line numbers are those of the new version of each file: the working tree for
//!   [`Changes::Since`], the index for [`Changes::Staged`]. Paths are relative to the repository
//!   root, `/`-separated.
//! - Every added or modified line is changed.
//! - Where lines were only deleted, the line just above the deletion is changed (line 1 when the
//!   deletion is at the top of the file). A function that only lost lines is changed, since the
//!   line above a deletion inside a function is in the function (its signature, at worst);
//!   deleting a whole function marks only the line above it, usually a blank line, not the
//!   function below.
//! - Renames are followed (`-M`): a renamed file's changed lines are its edits, under its new
//!   name. A file renamed without edits has no changed line.
//! - Deleted files, binary files and files whose mode alone changed have no changed line.
//! - [`Changes::Since`] compares the merge base of the revision and `HEAD` (where the checked-out
//!   branch left the revision, as `git diff REV...HEAD` does) with the working tree, so it
//!   includes the branch's commits, staged and unstaged edits, and files that are not tracked yet
//!   (nor ignored), which are new: every line of them is changed ([`WHOLE_FILE`]). Commits made
//!   on the revision after the branch left it are not changes of the branch. The [`Base`] says
//!   which commit was used. [`Changes::Staged`] sees only what `git add` recorded.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};

use crate::{Error, git};

/// The changes to look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Changes<'a> {
    /// Everything that differs from the merge base of this revision and `HEAD`: the branch's
    /// commits since it left the revision, staged and unstaged edits, and new files not tracked
    /// yet. A range `A...B` or `A..B` means the same with `A` as the revision; `B` (`HEAD` when
    /// left out) must be the checked-out commit, since the files are read from the working tree.
    Since(&'a str),
    /// What is staged (the index against `HEAD`).
    Staged,
}

/// The changed lines of an untracked file: all of them.
pub const WHOLE_FILE: RangeInclusive<u32> = 1..=u32::MAX;

/// Changed lines, per file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangedLines {
    /// The repository's working tree (`git rev-parse --show-toplevel`).
    pub root: PathBuf,
    /// The directory the changes were asked from, relative to [`ChangedLines::root`],
    /// `/`-separated with a trailing `/`, or empty at the root (`git rev-parse --show-prefix`).
    pub prefix: String,
    /// Root-relative path to its changed lines: 1-based, sorted, disjoint and not adjacent.
    /// Only files with at least one changed line are here.
    pub files: BTreeMap<String, Vec<RangeInclusive<u32>>>,
    /// The commit the working tree was compared with, for [`Changes::Since`].
    pub base: Option<Base>,
}

/// The commit [`Changes::Since`] compared the working tree with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Base {
    /// The revision as given: the whole argument, or the left side of a range.
    pub rev: String,
    /// The commit, as a full object id.
    pub commit: String,
    /// The commit's abbreviated id, as `git rev-parse --short` prints it.
    pub short: String,
    /// How the commit relates to the revision.
    pub kind: BaseKind,
}

/// How a [`Base`] was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaseKind {
    /// The revision is an ancestor of `HEAD` (or is `HEAD`): the base is the revision itself.
    Revision,
    /// The branch left the revision at an older commit, their merge base.
    MergeBase,
    /// The revision and `HEAD` share no commit (unrelated histories): the base is the revision.
    Unrelated,
}

impl ChangedLines {
    /// The changed lines of a file (root-relative path), empty when it did not change.
    pub fn lines(&self, path: &str) -> &[RangeInclusive<u32>] {
        self.files.get(path).map_or(&[], Vec::as_slice)
    }

    /// Whether any of `lines` of the file (root-relative path) changed.
    pub fn overlaps(&self, path: &str, lines: &RangeInclusive<u32>) -> bool {
        self.lines(path)
            .iter()
            .any(|changed| changed.start() <= lines.end() && lines.start() <= changed.end())
    }
}

/// The lines changed in the repository that contains `dir`, from anywhere inside it.
pub fn changed_lines(dir: &Path, changes: Changes<'_>) -> Result<ChangedLines, Error> {
    let (root, prefix) = locate(dir)?;
    let mut args = vec![
        "diff",
        "-U0",
        "--inter-hunk-context=0",
        "-M",
        "--no-color",
        "--no-ext-diff",
        "--no-textconv",
        "--src-prefix=a/",
        "--dst-prefix=b/",
    ];
    let base = match changes {
        Changes::Since(spec) => Some(since(&root, spec)?),
        Changes::Staged => None,
    };
    match &base {
        Some(base) => args.push(&base.commit),
        None => args.push("--cached"),
    }
    args.push("--");
    let mut parser = DiffParser::default();
    git::each_line(&root, &args, |line| parser.line(line))?;
    let mut files = parser.finish();
    if base.is_some() {
        let untracked = git::stdout(&root, ["ls-files", "-z", "--others", "--exclude-standard"])?;
        for path in untracked.split(|&b| b == 0).filter(|path| !path.is_empty()) {
            files.insert(path_text(path), vec![WHOLE_FILE]);
        }
    }
    Ok(ChangedLines { root, prefix, files, base })
}

/// The commit to compare the working tree with for `--changed-since SPEC`: the merge base of
/// the revision (or the left side of a range) and `HEAD`.
pub(crate) fn since(root: &Path, spec: &str) -> Result<Base, Error> {
    let (rev, end) = split_range(spec);
    let commit = resolve_here(root, rev)?;
    let head = resolve_here(root, "HEAD")?;
    if let Some(end) = end
        && resolve_here(root, end)? != head
    {
        return Err(Error::RangeNotCheckedOut { range: spec.to_owned(), end: end.to_owned() });
    }
    let (commit, kind) = match merge_base(root, &commit, &head)? {
        Some(base) if base == commit => (commit, BaseKind::Revision),
        Some(base) => (base, BaseKind::MergeBase),
        None if git::is_shallow(root)? => return Err(Error::NoMergeBaseShallow(rev.to_owned())),
        None => (commit, BaseKind::Unrelated),
    };
    let short = git::stdout(root, ["rev-parse", "--short", commit.as_str()])?;
    let short = String::from_utf8_lossy(&short).trim().to_owned();
    Ok(Base { rev: rev.to_owned(), commit, short, kind })
}

/// `A...B` and `A..B` as `(A, Some(B))`, with `HEAD` for an empty side (as git reads them);
/// a single revision as `(REV, None)`.
fn split_range<'a>(spec: &'a str) -> (&'a str, Option<&'a str>) {
    let Some((left, right)) = spec.split_once("...").or_else(|| spec.split_once("..")) else {
        return (spec, None);
    };
    let or_head = |side: &'a str| if side.is_empty() { "HEAD" } else { side };
    (or_head(left), Some(or_head(right)))
}

/// [`resolve`], saying when a shallow clone may be why a revision is missing.
fn resolve_here(root: &Path, rev: &str) -> Result<String, Error> {
    resolve(root, rev).map_err(|error| match error {
        Error::UnknownRevision(rev) if git::is_shallow(root).unwrap_or(false) => {
            Error::UnknownRevisionShallow(rev)
        }
        other => other,
    })
}

/// The merge base of two commits; `None` when they share no history.
fn merge_base(root: &Path, a: &str, b: &str) -> Result<Option<String>, Error> {
    let args = ["merge-base", a, b];
    let output = git::run(root, args)?;
    let id = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    match output.status.code() {
        Some(0) if !id.is_empty() => Ok(Some(id)),
        // Exit status 1 and no output: no common ancestor.
        Some(1) if output.stderr.is_empty() => Ok(None),
        _ => Err(git::failure(&args, &output)),
    }
}

/// The root of the working tree that contains `dir`, and `dir` relative to it.
pub(crate) fn locate(dir: &Path) -> Result<(PathBuf, String), Error> {
    let args = ["rev-parse", "--show-toplevel", "--show-prefix"];
    let output = git::run(dir, args)?;
    if !output.status.success() {
        return Err(if String::from_utf8_lossy(&output.stderr).contains("not a git repository") {
            Error::NotARepository(dir.to_path_buf())
        } else {
            git::failure(&args, &output)
        });
    }
    let mut lines = output.stdout.split(|&b| b == b'\n');
    let root = lines.next().filter(|root| !root.is_empty()).ok_or_else(|| Error::Git {
        command: args.join(" "),
        stderr: "printed no working tree".to_owned(),
    })?;
    let prefix = String::from_utf8_lossy(lines.next().unwrap_or_default()).into_owned();
    Ok((git::path_from_bytes(root), prefix))
}

/// The commit a revision names, as a full object id.
pub(crate) fn resolve(root: &Path, rev: &str) -> Result<String, Error> {
    // Not an option in disguise.
    if rev.is_empty() || rev.starts_with('-') {
        return Err(Error::UnknownRevision(rev.to_owned()));
    }
    let output = git::run(root, ["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")])?;
    let id = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    if output.status.success() && !id.is_empty() {
        Ok(id)
    } else {
        Err(Error::UnknownRevision(rev.to_owned()))
    }
}

/// The changed lines in the output of `git diff -U0` (with the `a/` and `b/` prefixes, and
/// `core.quotePath` on or off), keyed by the new path. See the [module](self) for what counts.
pub fn parse(diff: &[u8]) -> BTreeMap<String, Vec<RangeInclusive<u32>>> {
    let mut parser = DiffParser::default();
    diff.split(|&b| b == b'\n').for_each(|line| parser.line(line));
    parser.finish()
}

/// Reads the output of `git diff -U0` line by line, as [`parse`] does: a diff of a whole tree
/// (every line of every file added) is hundreds of megabytes, and is never held whole.
#[derive(Default)]
struct DiffParser {
    files: BTreeMap<String, Vec<RangeInclusive<u32>>>,
    /// The new path of the file whose diff this is, if it was not deleted.
    current: Option<String>,
    in_hunks: bool,
}

impl DiffParser {
    fn line(&mut self, line: &[u8]) {
        if line.starts_with(b"diff ") {
            self.current = None;
            self.in_hunks = false;
        } else if line.starts_with(b"@@") {
            // Hunk lines start with ` `, `+`, `-` or `\`, so a hunk header is never mistaken
            // for one, and an added line that reads `++ b/x` is never mistaken for a header.
            self.in_hunks = true;
            if let (Some(path), Some(lines)) = (&self.current, hunk_lines(line)) {
                self.files.entry(path.clone()).or_default().push(lines);
            }
        } else if !self.in_hunks
            && let Some(name) = line.strip_prefix(b"+++ ")
        {
            self.current = new_path(name);
        }
    }

    fn finish(mut self) -> BTreeMap<String, Vec<RangeInclusive<u32>>> {
        for lines in self.files.values_mut() {
            merge(lines);
        }
        self.files
    }
}

/// The new path in a `+++ ` line, or `None` for `/dev/null` (a deleted file).
pub(crate) fn new_path(name: &[u8]) -> Option<String> {
    let name = if name.first() == Some(&b'"') {
        unquote(name)
    } else {
        // Git ends a name that contains a space with a tab; a name with a tab is quoted.
        name.strip_suffix(b"\t").unwrap_or(name).to_vec()
    };
    if name == b"/dev/null" {
        return None;
    }
    let name = name.strip_prefix(b"b/").unwrap_or(&name);
    Some(path_text(name))
}

/// A path as the `plumb` binary shows it, to be found by that name: as is when it is UTF-8;
/// otherwise with its invalid bytes written `\xFF` and its backslashes `\\`, so that two names
/// that are not UTF-8 never read the same.
pub fn path_text(name: &[u8]) -> String {
    use std::fmt::Write as _;
    if let Ok(text) = std::str::from_utf8(name) {
        return text.to_owned();
    }
    let mut text = String::with_capacity(name.len() + 8);
    for chunk in name.utf8_chunks() {
        text.push_str(&chunk.valid().replace('\\', "\\\\"));
        for byte in chunk.invalid() {
            let _ = write!(text, "\\x{byte:02X}");
        }
    }
    text
}

/// A name git quoted like a C string: `"b/caf\303\251.py"`.
pub(crate) fn unquote(quoted: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(quoted.len());
    let mut bytes = quoted.iter().copied().skip(1).peekable();
    while let Some(byte) = bytes.next() {
        match byte {
            b'"' => break,
            b'\\' => match bytes.next() {
                Some(digit @ b'0'..=b'7') => out.push(octal(digit, &mut bytes)),
                Some(escaped) => out.push(unescape(escaped)),
                None => break,
            },
            other => out.push(other),
        }
    }
    out
}

/// The C escapes git writes, by the letter after the backslash.
const ESCAPES: [(u8, u8); 7] =
    [(b'a', 0x07), (b'b', 0x08), (b't', b'\t'), (b'n', b'\n'), (b'v', 0x0b), (b'f', 0x0c), (b'r', b'\r')];

/// The byte a letter after a backslash stands for; `\"`, `\\`, and anything git may escape
/// later stand for themselves.
fn unescape(letter: u8) -> u8 {
    ESCAPES.iter().find(|(escape, _)| *escape == letter).map_or(letter, |&(_, byte)| byte)
}

/// An octal escape: its first digit, and up to two more taken from `bytes`.
fn octal(first: u8, bytes: &mut std::iter::Peekable<impl Iterator<Item = u8>>) -> u8 {
    let mut value = u32::from(first - b'0');
    for _ in 0..2 {
        let Some(next) = bytes.next_if(|b| (b'0'..=b'7').contains(b)) else { break };
        value = value * 8 + u32::from(next - b'0');
    }
    // Git never writes more than `\\377`; a larger value keeps its low byte.
    value as u8
}

/// The new-file lines a hunk header marks as changed: `@@ -a,b +c,d @@` is lines `c..c+d`,
/// and when `d` is 0 (lines were only deleted, after line `c`) line `c`, or 1 when `c` is 0.
/// Combined diffs (`@@@ -a,b -c,d +e,f @@@`) work the same way.
fn hunk_lines(header: &[u8]) -> Option<RangeInclusive<u32>> {
    let header = std::str::from_utf8(header).ok()?;
    let new = header
        .trim_start_matches('@')
        .split(' ')
        .take_while(|token| !token.starts_with('@'))
        .find_map(|token| token.strip_prefix('+'))?;
    let (start, count) = match new.split_once(',') {
        Some((start, count)) => (start.parse::<u32>().ok()?, count.parse::<u32>().ok()?),
        None => (new.parse::<u32>().ok()?, 1),
    };
    Some(if count == 0 {
        let line = start.max(1);
        line..=line
    } else {
        start..=start.saturating_add(count - 1)
    })
}

/// Sorts ranges and joins those that overlap or touch.
fn merge(ranges: &mut Vec<RangeInclusive<u32>>) {
    ranges.sort_by_key(|range| (*range.start(), *range.end()));
    let mut merged: Vec<RangeInclusive<u32>> = Vec::with_capacity(ranges.len());
    for range in ranges.drain(..) {
        match merged.last_mut() {
            Some(last) if *range.start() <= last.end().saturating_add(1) => {
                *last = *last.start()..=*last.end().max(range.end());
            }
            _ => merged.push(range),
        }
    }
    *ranges = merged;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranges(files: &BTreeMap<String, Vec<RangeInclusive<u32>>>) -> Vec<(&str, Vec<RangeInclusive<u32>>)> {
        files.iter().map(|(path, lines)| (path.as_str(), lines.clone())).collect()
    }

    /// `git -c core.quotePath=false diff -U0 -M HEAD --` after: editing `a.py` (a line replaced
    /// and the function below deleted), adding a line to `café.py`, deleting `doomed.py`, adding
    /// `fresh.py`, renaming `old.rs` to `new.rs` with one edit, deleting a line of
    /// `with space.txt` (git ends its `---`/`+++` names with a tab).
    const WORKING_TREE: &str = "\
diff --git a/a.py b/a.py
index 9664e7c..9087c87 100644
--- a/a.py
+++ b/a.py
@@ -4,7 +4 @@ def one(x):
-    return 2
-
-
-def two(y):
-    a = 1
-    b = 2
-    return a + b
+    return 3
diff --git a/café.py b/café.py
index 2c18545..59d6fb5 100644
--- a/café.py
+++ b/café.py
@@ -2,0 +3 @@ y = 2
+z = 3
diff --git a/doomed.py b/doomed.py
deleted file mode 100644
index 286c5f5..0000000
--- a/doomed.py
+++ /dev/null
@@ -1 +0,0 @@
-gone
diff --git a/fresh.py b/fresh.py
new file mode 100644
index 0000000..ac3cd2a
--- /dev/null
+++ b/fresh.py
@@ -0,0 +1,2 @@
+def fresh():
+    pass
diff --git a/old.rs b/new.rs
similarity index 78%
rename from old.rs
rename to new.rs
index a8a8c27..c9fb235 100644
--- a/old.rs
+++ b/new.rs
@@ -3 +3 @@ fn main() {
-    let b = 2;
+    let b = 3;
diff --git a/with space.txt b/with space.txt
index 83db48f..8129d30 100644
--- a/with space.txt\t
+++ b/with space.txt\t
@@ -2 +1,0 @@ line1
-line2
";

    #[test]
    fn edits_new_files_renames_deletions_spaces_and_non_ascii() {
        assert_eq!(
            ranges(&parse(WORKING_TREE.as_bytes())),
            vec![
                // `-4,7 +4`: one line replaced (the deleted lines below it mark nothing more).
                ("a.py", vec![4..=4]),
                // `-2,0 +3`: one line added after line 2.
                ("café.py", vec![3..=3]),
                // `+1,2`: a new file, every line.
                ("fresh.py", vec![1..=2]),
                // Followed to the new name; only the edited line.
                ("new.rs", vec![3..=3]),
                // `-2 +1,0`: line 2 deleted, after line 1: line 1 is marked.
                ("with space.txt", vec![1..=1]),
            ]
        );
    }

    /// Deleting a whole function (and the blank lines after it) from between two others marks
    /// the blank line above the deletion, not the function below it.
    #[test]
    fn deleting_a_whole_function_marks_the_line_above() {
        let diff = "\
diff --git a/b.py b/b.py
index 5822ed8..c6ddf7c 100644
--- a/b.py
+++ b/b.py
@@ -5,5 +4,0 @@ def one(x):
-def two(y):
-    a = 1
-    return a
-
-
diff --git a/c.rs b/c.rs
index b821ea5..4f58e84 100644
--- a/c.rs
+++ b/c.rs
@@ -5,4 +4,0 @@ fn one() {
-fn two() {
-    b();
-}
-
";
        assert_eq!(ranges(&parse(diff.as_bytes())), vec![("b.py", vec![4..=4]), ("c.rs", vec![4..=4])]);
    }

    #[test]
    fn a_deletion_at_the_top_marks_line_1() {
        let diff = "\
diff --git a/x.py b/x.py
--- a/x.py
+++ b/x.py
@@ -1,2 +0,0 @@
-import os
-import sys
";
        assert_eq!(ranges(&parse(diff.as_bytes())), vec![("x.py", vec![1..=1])]);
    }

    /// `git diff -U0 --cached` with `core.quotePath` on: names with a tab, a quote or non-ASCII
    /// bytes are quoted like C strings.
    #[test]
    fn quoted_names() {
        let diff = "\
diff --git \"a/a\\tb.py\" \"b/a\\tb.py\"
new file mode 100644
--- /dev/null
+++ \"b/a\\tb.py\"
@@ -0,0 +1 @@
+t
diff --git \"a/q\\\"t.py\" \"b/q\\\"t.py\"
new file mode 100644
--- /dev/null
+++ \"b/q\\\"t.py\"
@@ -0,0 +1 @@
+q\"t
diff --git \"a/\\303\\251.py\" \"b/\\303\\251.py\"
new file mode 100644
--- /dev/null
+++ \"b/\\303\\251.py\"
@@ -0,0 +1 @@
+é
";
        assert_eq!(
            ranges(&parse(diff.as_bytes())),
            vec![("a\tb.py", vec![1..=1]), ("q\"t.py", vec![1..=1]), ("é.py", vec![1..=1])]
        );
    }

    /// Several hunks in one file are sorted and joined when they touch; lines inside hunks that
    /// look like headers (an added `++ b/evil`, a deleted `-- a/x`) are content.
    #[test]
    fn hunks_are_merged_and_content_is_not_a_header() {
        let diff = "\
diff --git a/f.py b/f.py
--- a/f.py
+++ b/f.py
@@ -3 +3 @@ def f():
-    a = 1
+    a = 2
@@ -4,0 +5,2 @@ def f():
++++ b/evil
+--- a/x
@@ -20 +20,0 @@ def g():
--- a/x
@@ -30,0 +31 @@ def h():
+diff --git a/evil b/evil
";
        // Line 4 is between 3 and 5..=6: not changed, so the first two stay apart.
        assert_eq!(ranges(&parse(diff.as_bytes())), vec![("f.py", vec![3..=3, 5..=6, 20..=20, 31..=31])]);
    }

    #[test]
    fn ranges_name_their_sides_with_head_for_an_empty_one() {
        assert_eq!(split_range("main"), ("main", None));
        assert_eq!(split_range("main...HEAD"), ("main", Some("HEAD")));
        assert_eq!(split_range("origin/main..feature"), ("origin/main", Some("feature")));
        assert_eq!(split_range("main..."), ("main", Some("HEAD")));
        assert_eq!(split_range("...main"), ("HEAD", Some("main")));
        assert_eq!(split_range("HEAD~2.."), ("HEAD~2", Some("HEAD")));
    }

    #[test]
    fn adjacent_hunks_are_joined() {
        let mut lines = vec![7..=9, 1..=2, 3..=3, 8..=12];
        merge(&mut lines);
        assert_eq!(lines, vec![1..=3, 7..=12]);
    }

    /// A merge in progress (`git diff -U0 HEAD`): the conflict markers are changed lines; a
    /// combined-diff header is read too.
    #[test]
    fn conflicts_and_combined_diffs() {
        let diff = "\
diff --git a/f.txt b/f.txt
index 502fdbb..b333425 100644
--- a/f.txt
+++ b/f.txt
@@ -1,0 +2 @@ a
+<<<<<<< HEAD
@@ -2,0 +4,3 @@ BB
+=======
+B
+>>>>>>> x
diff --cc g.txt
index 1111111,2222222..3333333
--- a/g.txt
+++ b/g.txt
@@@ -1,1 -1,1 +1,5 @@@
";
        assert_eq!(
            ranges(&parse(diff.as_bytes())),
            vec![("f.txt", vec![2..=2, 4..=6]), ("g.txt", vec![1..=5])]
        );
    }

    /// A pure rename, a mode change and a binary file have no changed line; an unmerged path
    /// under `--cached` is only a note.
    #[test]
    fn files_without_changed_lines() {
        let diff = "\
diff --git a/old.py b/new.py
similarity index 100%
rename from old.py
rename to new.py
diff --git a/run.sh b/run.sh
old mode 100644
new mode 100755
diff --git a/logo.png b/logo.png
index 1111111..2222222 100644
Binary files a/logo.png and b/logo.png differ
* Unmerged path f.txt
";
        assert!(parse(diff.as_bytes()).is_empty());
        assert!(parse(b"").is_empty());
    }

    #[test]
    fn hunk_headers() {
        assert_eq!(hunk_lines(b"@@ -4,7 +4 @@ def one(x):"), Some(4..=4));
        assert_eq!(hunk_lines(b"@@ -0,0 +1,15 @@"), Some(1..=15));
        assert_eq!(hunk_lines(b"@@ -12,3 +11,0 @@ fn f() {"), Some(11..=11));
        assert_eq!(hunk_lines(b"@@ -1 +0,0 @@"), Some(1..=1));
        assert_eq!(hunk_lines(b"@@@ -1,2 -1,2 +1,3 @@@ x"), Some(1..=3));
        assert_eq!(hunk_lines(b"@@ garbage @@"), None);
    }

    #[test]
    fn overlaps() {
        let changed = ChangedLines {
            files: BTreeMap::from([
                ("a.py".to_owned(), vec![3..=4, 10..=10]),
                ("new.py".to_owned(), vec![WHOLE_FILE]),
            ]),
            ..ChangedLines::default()
        };
        assert!(changed.overlaps("a.py", &(1..=3)));
        assert!(changed.overlaps("a.py", &(4..=9)));
        assert!(!changed.overlaps("a.py", &(5..=9)));
        assert!(changed.overlaps("a.py", &(10..=10)));
        assert!(!changed.overlaps("b.py", &(1..=100)));
        assert!(changed.overlaps("new.py", &(1000..=1001)));
        assert_eq!(changed.lines("b.py"), &[] as &[RangeInclusive<u32>]);
    }
}
