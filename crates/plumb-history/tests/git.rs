//! `changed_lines` on real repositories made with the `git` command.
// Helpers outside `#[test]` functions panic on failure too: they are part of the tests.
#![allow(clippy::unwrap_used)]

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use plumb_history::Error;
use plumb_history::diff::{ChangedLines, Changes, WHOLE_FILE, changed_lines};

fn git(dir: &Path, args: &[&str]) {
    let output = Command::new("git")
        .args(["-c", "user.name=plumb", "-c", "user.email=plumb@example.com", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git is needed");
    assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
}

fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn numbered(from: u32, to: u32) -> String {
    (from..=to).fold(String::new(), |mut text, n| {
        let _ = writeln!(text, "line{n}");
        text
    })
}

/// A repository with one commit: `a.txt` and `old.txt` of 10 lines, `sub/c.txt`, and a
/// `.gitignore` that ignores `*.log`.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, &["init", "--quiet"]);
    write(repo, "a.txt", &numbered(1, 10));
    write(repo, "old.txt", &numbered(1, 10));
    write(repo, "sub/c.txt", &numbered(1, 3));
    write(repo, ".gitignore", "*.log\n");
    git(repo, &["add", "."]);
    git(repo, &["commit", "--quiet", "-m", "first"]);
    dir
}

fn files(changed: &ChangedLines) -> Vec<(&str, Vec<std::ops::RangeInclusive<u32>>)> {
    changed.files.iter().map(|(path, lines)| (path.as_str(), lines.clone())).collect()
}

#[test]
fn since_a_revision_sees_staged_unstaged_renamed_and_untracked_changes() {
    let dir = repository();
    let repo = dir.path();
    // Unstaged: line 5 of a.txt replaced.
    write(repo, "a.txt", &numbered(1, 10).replace("line5\n", "five\n"));
    // Staged: renamed, with line 2 replaced.
    git(repo, &["mv", "old.txt", "new.txt"]);
    write(repo, "new.txt", &numbered(1, 10).replace("line2\n", "two\n"));
    git(repo, &["add", "new.txt"]);
    // Untracked, and ignored.
    write(repo, "sub/fresh.txt", "new\n");
    write(repo, "debug.log", "ignored\n");

    let changed = changed_lines(repo, Changes::Since("HEAD")).unwrap();
    assert_eq!(
        files(&changed),
        vec![("a.txt", vec![5..=5]), ("new.txt", vec![2..=2]), ("sub/fresh.txt", vec![WHOLE_FILE])]
    );
    assert_eq!(changed.prefix, "");
    assert_eq!(changed.root.canonicalize().unwrap(), repo.canonicalize().unwrap());

    let staged = changed_lines(repo, Changes::Staged).unwrap();
    assert_eq!(files(&staged), vec![("new.txt", vec![2..=2])]);
}

#[test]
fn since_an_older_revision_includes_commits_since() {
    let dir = repository();
    let repo = dir.path();
    git(repo, &["tag", "start"]);
    write(repo, "a.txt", &numbered(1, 12));
    git(repo, &["commit", "--quiet", "-am", "two more lines"]);
    write(repo, "sub/c.txt", &numbered(2, 3));

    let changed = changed_lines(&repo.join("sub"), Changes::Since("start")).unwrap();
    // Root-relative paths from a subdirectory; deleting line 1 marks line 1.
    assert_eq!(files(&changed), vec![("a.txt", vec![11..=12]), ("sub/c.txt", vec![1..=1])]);
    assert_eq!(changed.prefix, "sub/");
    assert_eq!(changed_lines(repo, Changes::Since("HEAD")).unwrap().files.len(), 1);
}

#[test]
fn staged_in_a_repository_without_commits() {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "--quiet"]);
    write(dir.path(), "a.txt", &numbered(1, 3));
    git(dir.path(), &["add", "a.txt"]);
    let staged = changed_lines(dir.path(), Changes::Staged).unwrap();
    assert_eq!(files(&staged), vec![("a.txt", vec![1..=3])]);
    // HEAD names nothing yet.
    let error = changed_lines(dir.path(), Changes::Since("HEAD")).unwrap_err();
    assert!(matches!(error, Error::UnknownRevision(ref rev) if rev == "HEAD"), "{error:?}");
}

#[test]
fn unknown_revisions() {
    let dir = repository();
    for rev in ["no-such-branch", "--output=x", "", "HEAD~5"] {
        let error = changed_lines(dir.path(), Changes::Since(rev)).unwrap_err();
        assert!(matches!(error, Error::UnknownRevision(ref r) if r == rev), "{rev}: {error:?}");
    }
    assert_eq!(
        Error::UnknownRevision("nope".into()).to_string(),
        "`nope` is not a commit, branch or tag of this repository"
    );
    assert!(!dir.path().join("x").exists());
}

#[test]
fn not_a_repository() {
    let dir = tempfile::tempdir().unwrap();
    // Only meaningful when no directory above the temporary one is a repository.
    if dir.path().ancestors().any(|d| d.join(".git").exists()) {
        return;
    }
    let error = changed_lines(dir.path(), Changes::Staged).unwrap_err();
    assert!(matches!(error, Error::NotARepository(ref d) if d == dir.path()), "{error:?}");
    assert!(error.to_string().ends_with("is not inside a git repository"), "{error}");
}
