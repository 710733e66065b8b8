//! The commits of a window of history, with the lines each added and deleted per file:
//! `git log --numstat`, parsed.
//!
//! What is read:
//!
//! - Commits reachable from `HEAD` in the window ([`Since`]: a date, by default 12 months ago,
//!   or a revision, meaning the commits after it), newest first.
//! - Merge commits are skipped (`--no-merges`): a change merged from a branch is counted once,
//!   on the commit that made it.
//! - Commits whose author is a bot (a name ending in `[bot]`, or an email with `[bot]@`) are
//!   skipped and counted in [`History::bot_commits`].
//! - Renames are followed (`-M`): each file change carries the path the file has today, found
//!   by walking from the newest commit to the oldest and carrying each rename back. A file
//!   deleted since keeps the last name it had.
//! - Binary files have no line counts (`None`).
//! - Authors are as `.mailmap` maps them.
//!
//! An empty repository, or a window without commits, is an empty history, not an error. A
//! shallow clone is read as far as it goes and flagged ([`History::shallow`]): the commits at
//! its cut ([`History::boundaries`]) are not read, since git shows them as adding every file
//! they hold, which says nothing of what they changed; when one of them is in the window, the
//! window is flagged as cut short ([`History::truncated`]).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::{Error, diff, git};

/// Where the window of history starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Since {
    /// A date as git reads it: `12 months`, `2 weeks ago`, `2025-01-31`. Commits whose author
    /// date is before it are left out.
    Date(String),
    /// A commit, branch or tag: the commits after it (`REV..HEAD`).
    Revision(String),
}

impl Default for Since {
    /// The last 12 months.
    fn default() -> Self {
        Since::Date("12 months".to_owned())
    }
}

impl Since {
    /// Reads `--since`: a relative date (`12 months`, `3 weeks ago`, `1 year`), an ISO date
    /// (`2025-01-31`, `2025-01-31T12:00:00`), and anything else is taken for a revision (checked
    /// when the history is read). A date before 1970 is an error: git reads it as no date, and
    /// the window would be empty.
    pub fn parse(text: &str) -> Result<Since, Error> {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX));
        Since::parse_at(text, now)
    }

    /// [`Since::parse`] with the current time given, in seconds since 1970.
    fn parse_at(text: &str, now: i64) -> Result<Since, Error> {
        let text = text.trim();
        if text.is_empty() || text.starts_with('-') {
            return Err(Error::InvalidSince(text.to_owned()));
        }
        if !(is_relative_date(text) || is_iso_date(text)) {
            return Ok(Since::Revision(text.to_owned()));
        }
        if before_1970(text, now) {
            return Err(Error::SinceBeforeEpoch(text.to_owned()));
        }
        Ok(Since::Date(text.to_owned()))
    }

    /// How it reads in a sentence: `since 12 months ago`, `since v1.2`.
    pub fn describe(&self) -> String {
        match self {
            Since::Date(date) if is_relative_date(date) && !date.ends_with("ago") => {
                format!("since {date} ago")
            }
            Since::Date(date) | Since::Revision(date) => format!("since {date}"),
        }
    }
}

/// `12 months`, `3 weeks ago`, `1 year`, `90 days`, `12.months`.
fn is_relative_date(text: &str) -> bool {
    let text = text.strip_suffix("ago").unwrap_or(text).trim_end();
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return false;
    }
    let unit = text[digits..].trim_start_matches([' ', '.']);
    let unit = unit.strip_suffix('s').unwrap_or(unit);
    matches!(unit, "second" | "minute" | "hour" | "day" | "week" | "month" | "year")
}

/// Whether a date `--since` accepts (relative or ISO) is before 1970-01-01, `now` being the
/// current time in seconds since then. Months and years count on the calendar, as git's do.
fn before_1970(text: &str, now: i64) -> bool {
    if is_iso_date(text) {
        return &text[..4] < "1970";
    }
    let text = text.strip_suffix("ago").unwrap_or(text).trim_end();
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    // Too many to count is too far back.
    let Ok(count) = text[..digits].parse::<i64>() else { return true };
    let unit = text[digits..].trim_start_matches([' ', '.']);
    let unit = unit.strip_suffix('s').unwrap_or(unit);
    let (year, month) = year_and_month(now);
    let seconds = |size: i64| count.checked_mul(size).is_none_or(|back| back > now);
    match unit {
        "year" => year - count < 1970,
        "month" => (year * 12 + month - 1) - count < 1970 * 12,
        "week" => seconds(7 * 86_400),
        "day" => seconds(86_400),
        "hour" => seconds(3_600),
        "minute" => seconds(60),
        _ => seconds(1),
    }
}

/// The year and month (1-12) of a time in seconds since 1970, in UTC.
fn year_and_month(seconds: i64) -> (i64, i64) {
    let (year, month, _) = crate::samples::civil(seconds);
    (year, month)
}

/// `2025-01-31`, optionally followed by a time (`T12:00:00`, ` 12:00`).
fn is_iso_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 10
        && bytes[..10]
            .iter()
            .enumerate()
            .all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() })
        && (bytes.len() == 10 || matches!(bytes[10], b'T' | b' '))
}

/// One file changed by a commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    /// The file's path today (relative to the repository root, `/`-separated), or the last
    /// path it had when it was deleted since.
    pub path: String,
    /// The path in this commit, when it differs from [`FileChange::path`].
    pub then: Option<String>,
    /// When this commit renamed the file: its previous path.
    pub renamed_from: Option<String>,
    /// Lines added; `None` for a binary file.
    pub added: Option<u32>,
    /// Lines deleted; `None` for a binary file.
    pub deleted: Option<u32>,
}

impl FileChange {
    /// Lines added plus lines deleted (0 for a binary file).
    pub fn churn(&self) -> u64 {
        u64::from(self.added.unwrap_or(0)) + u64::from(self.deleted.unwrap_or(0))
    }
}

/// A commit that is not a merge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    /// The full object id.
    pub id: String,
    /// Author name.
    pub author: String,
    /// Author email.
    pub email: String,
    /// Author date, seconds since the Unix epoch.
    pub time: i64,
    /// The whole message: subject, blank line, body and trailers.
    pub message: String,
    /// The files it changed.
    pub files: Vec<FileChange>,
}

impl Commit {
    /// The first line of the message.
    pub fn subject(&self) -> &str {
        self.message.lines().next().unwrap_or("").trim()
    }

    /// Whether a bot wrote it: the author's name ends in `[bot]` (`dependabot[bot]`) or the
    /// email has `[bot]@`.
    pub fn is_bot(&self) -> bool {
        is_bot(&self.author, &self.email)
    }
}

/// Whether an author is a bot (see [`Commit::is_bot`]).
pub(crate) fn is_bot(author: &str, email: &str) -> bool {
    author.trim_end().ends_with("[bot]") || email.contains("[bot]@")
}

/// What to read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Where the window starts.
    pub since: Since,
}

/// A window of history.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    /// The repository's working tree (`git rev-parse --show-toplevel`).
    pub root: PathBuf,
    /// The directory the history was asked from, relative to the root, `/`-separated with a
    /// trailing `/`, or empty at the root.
    pub prefix: String,
    /// The commit `HEAD` names, or `None` in a repository without commits.
    pub head: Option<String>,
    /// Whether the repository is a shallow clone: history older than its cut is missing.
    pub shallow: bool,
    /// In a shallow clone, the commits at its cut, whose parents are missing: they are not
    /// read (git would show them as adding every file they hold).
    pub boundaries: Vec<String>,
    /// Whether a commit at the cut is in the window: the window reaches back past the history
    /// the clone has, and its counts cover only the commits after the cut.
    pub truncated: bool,
    /// The commits in the window, newest first, bots left out.
    pub commits: Vec<Commit>,
    /// Commits in the window by bots, left out.
    pub bot_commits: usize,
}

/// The format of each commit's header: a record separator, then id, author name, author
/// email, author date and raw message, each ended by NUL.
const FORMAT: &str = "--format=%x1e%H%x00%aN%x00%aE%x00%at%x00%B%x00";

/// Reads the history of the repository that contains `dir`, from anywhere inside it.
pub fn read(dir: &Path, options: &Options) -> Result<History, Error> {
    let (root, prefix) = diff::locate(dir)?;
    let boundaries = boundaries(&root)?;
    let head = git::run(&root, ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"])?;
    let head = String::from_utf8_lossy(&head.stdout).trim().to_owned();
    let mut history = History { root, prefix, ..History::default() };
    if let Some(boundaries) = boundaries {
        history.shallow = true;
        history.boundaries = boundaries;
    }
    if head.is_empty() {
        return Ok(history);
    }
    if !history.boundaries.is_empty() {
        let mut args = vec!["rev-list".to_owned()];
        args.extend(window(&history.root, &options.since, &head, &[])?);
        let listed = git::stdout(&history.root, &args)?;
        history.truncated = String::from_utf8_lossy(&listed)
            .lines()
            .any(|id| history.boundaries.iter().any(|boundary| boundary == id));
    }
    let mut args: Vec<String> = [
        "log",
        "-z",
        "--no-merges",
        "-M",
        "--numstat",
        "--no-color",
        "--no-ext-diff",
        "--no-textconv",
        "--no-relative",
        "--no-show-signature",
        FORMAT,
    ]
    .map(str::to_owned)
    .to_vec();
    args.extend(window(&history.root, &options.since, &head, &history.boundaries)?);
    let output = git::stdout(&history.root, &args)?;
    let mut commits = parse(&output)?;
    let before = commits.len();
    commits.retain(|commit| !commit.is_bot());
    history.bot_commits = before - commits.len();
    follow_renames(&mut commits);
    history.commits = commits;
    history.head = Some(head);
    Ok(history)
}

/// In a shallow clone, the commits at its cut (from git's `shallow` file); `None` when the
/// repository is complete.
fn boundaries(root: &Path) -> Result<Option<Vec<String>>, Error> {
    let output = git::stdout(root, ["rev-parse", "--is-shallow-repository", "--git-path", "shallow"])?;
    let output = String::from_utf8_lossy(&output);
    let mut lines = output.lines();
    if lines.next() != Some("true") {
        return Ok(None);
    }
    let file = root.join(lines.next().unwrap_or(".git/shallow"));
    let text = std::fs::read_to_string(&file).unwrap_or_default();
    Ok(Some(text.split_whitespace().map(str::to_owned).collect()))
}

/// The arguments of `git log` that select the window ending at `head`, leaving out the commits
/// at a shallow clone's cut, and the end of options.
pub(crate) fn window(
    root: &Path,
    since: &Since,
    head: &str,
    boundaries: &[String],
) -> Result<Vec<String>, Error> {
    let mut args = match since {
        // Git reads a bare date at the current time of day: make it midnight.
        Since::Date(date) if date.len() == 10 && is_iso_date(date) => {
            vec![format!("--since={date}T00:00:00"), head.to_owned()]
        }
        Since::Date(date) => vec![format!("--since={date}"), head.to_owned()],
        Since::Revision(rev) => {
            let from = diff::resolve(root, rev).map_err(|error| match error {
                Error::UnknownRevision(rev) => Error::InvalidSince(rev),
                other => other,
            })?;
            vec![format!("{from}..{head}")]
        }
    };
    args.extend(boundaries.iter().map(|boundary| format!("^{boundary}")));
    args.push("--".to_owned());
    Ok(args)
}

/// Parses the output of `git log -z --numstat` in the format [`read`] asks for. Paths are as each
/// commit names them ([`follow_renames`] maps them to today's).
pub fn parse(output: &[u8]) -> Result<Vec<Commit>, Error> {
    let mut reader = Reader { bytes: output, at: 0 };
    let mut commits = Vec::new();
    while reader.at < output.len() {
        commits.push(reader.commit()?);
    }
    Ok(commits)
}

/// A cursor over `git log` output.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn error(&self, message: &str) -> Error {
        Error::Output {
            command: "log --numstat".to_owned(),
            message: format!("{message} at byte {}", self.at),
        }
    }

    /// The bytes up to the next `end` (which is consumed).
    fn until(&mut self, end: u8) -> Result<&'a [u8], Error> {
        let rest: &'a [u8] = &self.bytes[self.at..];
        let Some(len) = rest.iter().position(|&b| b == end) else {
            return Err(self.error("unexpected end of output"));
        };
        self.at += len + 1;
        Ok(&rest[..len])
    }

    fn text(&mut self, end: u8) -> Result<String, Error> {
        self.until(end).map(|bytes| String::from_utf8_lossy(bytes).into_owned())
    }

    fn skip(&mut self, byte: u8) {
        if self.bytes.get(self.at) == Some(&byte) {
            self.at += 1;
        }
    }

    fn commit(&mut self) -> Result<Commit, Error> {
        if self.bytes.get(self.at) != Some(&0x1e) {
            return Err(self.error("expected the start of a commit"));
        }
        self.at += 1;
        let id = self.text(0)?;
        let author = self.text(0)?;
        let email = self.text(0)?;
        let time = self.text(0)?;
        let time = time.trim().parse().map_err(|_| self.error(&format!("bad author date `{time}`")))?;
        let message = self.text(0)?;
        // The commit's end, then the line that starts its numstat (absent when it has none).
        self.skip(0);
        self.skip(b'\n');
        let mut files = Vec::new();
        while self.at < self.bytes.len() && self.bytes[self.at] != 0x1e {
            files.push(self.file_change()?);
        }
        Ok(Commit { id, author, email, time, message: message.trim_end().to_owned(), files })
    }

    /// `added\tdeleted\tpath\0`, or for a rename `added\tdeleted\t\0old\0new\0`; binary files
    /// have `-` for both counts.
    fn file_change(&mut self) -> Result<FileChange, Error> {
        let added = self.count()?;
        let deleted = self.count()?;
        let (path, renamed_from) = if self.bytes.get(self.at) == Some(&0) {
            self.at += 1;
            let old = self.text(0)?;
            (self.text(0)?, Some(old))
        } else {
            (self.text(0)?, None)
        };
        Ok(FileChange { path, then: None, renamed_from, added, deleted })
    }

    fn count(&mut self) -> Result<Option<u32>, Error> {
        let field = self.until(b'\t')?;
        if field == b"-" {
            return Ok(None);
        }
        let text = String::from_utf8_lossy(field);
        text.parse().map(Some).map_err(|_| self.error(&format!("bad line count `{text}`")))
    }
}

/// Gives each file change the path the file has in the newest commit (or today, for commits
/// read from `HEAD`): walking from the newest commit to the oldest, a rename `old -> new` makes
/// every older change to `old` a change to whatever `new` became.
pub fn follow_renames(commits: &mut [Commit]) {
    // A path in older commits -> the path it has in the newest commit.
    let mut later: HashMap<String, String> = HashMap::new();
    for commit in commits.iter_mut() {
        let mut renames = Vec::new();
        for change in &mut commit.files {
            if let Some(current) = later.get(&change.path) {
                change.then = Some(std::mem::replace(&mut change.path, current.clone()));
            }
            if let Some(old) = &change.renamed_from {
                renames.push((old.clone(), change.path.clone()));
            }
        }
        // A path renamed away in this commit is a different file in older commits than one
        // that was (re)created there later, so the rename takes over the old name.
        for (old, current) in renames {
            later.insert(old, current);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `git log -z --no-merges -M --numstat` with [`FORMAT`] over three commits: an edit of
    /// `y.txt`, an empty commit, and a commit that renamed `x.txt` to `y.txt` (one line added)
    /// and changed the binary `bin.dat`.
    const OUTPUT: &[u8] = b"\x1e988e\0Ann\0ann@example.com\x001700000200\0third\n\0\0\n1\t0\ty.txt\0\
\x1e837c\0Ann\0ann@example.com\x001700000100\0empty\n\0\0\
\x1e5b1e\0Bob\0bob@example.com\x001700000000\0second: rename\n\nbody\nmore\n\0\0\n-\t-\tbin.dat\0\
1\t0\t\0x.txt\0y.txt\0";

    #[test]
    fn parses_edits_empty_commits_renames_and_binary_files() {
        let commits = parse(OUTPUT).unwrap();
        assert_eq!(commits.len(), 3);
        assert_eq!(commits[0].id, "988e");
        assert_eq!(commits[0].time, 1_700_000_200);
        assert_eq!(commits[0].subject(), "third");
        assert_eq!(
            commits[0].files,
            vec![FileChange {
                path: "y.txt".into(),
                then: None,
                renamed_from: None,
                added: Some(1),
                deleted: Some(0)
            }]
        );
        assert!(commits[1].files.is_empty());
        assert_eq!(commits[2].author, "Bob");
        assert_eq!(commits[2].message, "second: rename\n\nbody\nmore");
        assert_eq!(commits[2].subject(), "second: rename");
        assert_eq!(commits[2].files[0].added, None);
        assert_eq!(commits[2].files[0].churn(), 0);
        assert_eq!(commits[2].files[1].renamed_from.as_deref(), Some("x.txt"));
        assert_eq!(commits[2].files[1].path, "y.txt");
        assert!(parse(b"").unwrap().is_empty());
    }

    #[test]
    fn malformed_output_is_an_error_with_a_position() {
        let error = parse(b"\x1eabc\0Ann\0a@x\0soon\0m\0").unwrap_err().to_string();
        assert!(error.contains("bad author date `soon`"), "{error}");
        let error = parse(b"garbage").unwrap_err().to_string();
        assert!(error.contains("expected the start of a commit at byte 0"), "{error}");
        let error = parse(b"\x1eabc\0Ann\0a@x\x001\0m\0\0\nx\t1\tf\0").unwrap_err().to_string();
        assert!(error.contains("bad line count `x`"), "{error}");
        assert!(parse(b"\x1eabc\0Ann").is_err());
    }

    fn change(path: &str, renamed_from: Option<&str>) -> FileChange {
        FileChange {
            path: path.into(),
            then: None,
            renamed_from: renamed_from.map(Into::into),
            added: Some(1),
            deleted: Some(0),
        }
    }

    fn commit(files: Vec<FileChange>) -> Commit {
        Commit {
            id: String::new(),
            author: String::new(),
            email: String::new(),
            time: 0,
            message: String::new(),
            files,
        }
    }

    /// Newest first: `b -> c` (rename), then `a -> b` (rename), then edits of `a`, and a new `a`
    /// created after the renames, which is another file.
    #[test]
    fn renames_are_followed_to_the_newest_name() {
        let mut commits = vec![
            commit(vec![change("a", None)]),
            commit(vec![change("c", Some("b"))]),
            commit(vec![change("b", Some("a")), change("d", None)]),
            commit(vec![change("a", None)]),
        ];
        follow_renames(&mut commits);
        let paths: Vec<Vec<(&str, Option<&str>)>> = commits
            .iter()
            .map(|c| c.files.iter().map(|f| (f.path.as_str(), f.then.as_deref())).collect())
            .collect();
        assert_eq!(
            paths,
            vec![
                vec![("a", None)],
                vec![("c", None)],
                vec![("c", Some("b")), ("d", None)],
                vec![("c", Some("a"))]
            ]
        );
    }

    #[test]
    fn since() {
        assert_eq!(Since::parse("12 months").unwrap(), Since::Date("12 months".into()));
        assert_eq!(Since::parse("3 weeks ago").unwrap(), Since::Date("3 weeks ago".into()));
        assert_eq!(Since::parse("1.year").unwrap(), Since::Date("1.year".into()));
        assert_eq!(Since::parse("2025-01-31").unwrap(), Since::Date("2025-01-31".into()));
        assert_eq!(Since::parse("2025-01-31T10:00:00").unwrap(), Since::Date("2025-01-31T10:00:00".into()));
        assert_eq!(Since::parse("v1.2.0").unwrap(), Since::Revision("v1.2.0".into()));
        assert_eq!(Since::parse("12 parsecs").unwrap(), Since::Revision("12 parsecs".into()));
        assert!(Since::parse("--all").is_err());
        assert!(Since::parse(" ").is_err());
        assert_eq!(Since::default().describe(), "since 12 months ago");
        assert_eq!(Since::parse("v1").unwrap().describe(), "since v1");
        assert_eq!(Since::parse("2 weeks ago").unwrap().describe(), "since 2 weeks ago");
    }

    /// Dates before 1970 are refused; on 2026-12-06 (1796515200 s), 56 years reach back to
    /// 1970-12 and 57 to 1969-12.
    #[test]
    fn since_before_1970_is_refused() {
        let now = 1_796_515_200;
        assert_eq!(year_and_month(now), (2026, 12));
        assert_eq!(year_and_month(0), (1970, 1));
        assert_eq!(year_and_month(951_868_800), (2000, 3)); // 2000-03-01
        assert_eq!(year_and_month(951_782_400), (2000, 2)); // 2000-02-29
        let refused = |text: &str| matches!(Since::parse_at(text, now), Err(Error::SinceBeforeEpoch(_)));
        for text in [
            "57 years",
            "57 years ago",
            "100.years",
            "1000000 years",
            "99999999999999999999999 days",
            "684 months",
            "20800 days",
            "1969-12-31",
            "0000-00-00",
        ] {
            assert!(refused(text), "{text}");
        }
        for text in ["56 years", "683 months", "20700 days", "1970-01-01", "12 months", "2 weeks ago"] {
            assert!(matches!(Since::parse_at(text, now), Ok(Since::Date(_))), "{text}");
        }
        let message = Since::parse_at("57 years", now).unwrap_err().to_string();
        assert_eq!(
            message,
            "`57 years` is before 1970-01-01, the earliest date git reads: give a later date \
             (`1970-01-01` reads the whole history)"
        );
    }

    #[test]
    fn bots() {
        let mut bot = commit(Vec::new());
        bot.author = "dependabot[bot]".into();
        assert!(bot.is_bot());
        bot.author = "Renovate".into();
        bot.email = "29139614+renovate[bot]@users.noreply.github.com".into();
        assert!(bot.is_bot());
        bot.email = "renovate@example.com".into();
        assert!(!bot.is_bot());
    }
}
