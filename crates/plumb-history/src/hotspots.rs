//! Hotspots: code that is both complex and often changed.
//!
//! - A **file's** score is its commits in the window times its complexity, the sum of the
//!   cyclomatic complexity of its functions.
//! - A **function's** score is its changes in the window times its cyclomatic complexity. The
//!   pseudo-function of a file's top-level code ([`TOP_LEVEL`]) spans the whole file, so nearly
//!   every commit of the file would be a change of it: it is left out of the function ranking
//!   (and of a file's function count), the file ranking covers it. Its
//!   changes are the commits (not merges, not bots) whose `git log -U0` hunks touch the
//!   function's lines as they are today, from its declaration to its last line. Each commit's
//!   hunks are carried to today's line numbers through the commits after it: walking from the
//!   newest commit to the oldest, each version's lines are mapped to today's, and a commit's
//!   added or modified lines are mapped through that. Lines a later commit rewrote map to the
//!   lines that replaced them, so a line edited by three commits is a change for each of the
//!   three; lines a later commit deleted map to nothing. A hunk that only deletes lines
//!   touches a function when the deletion is strictly inside it (lines of the function on both
//!   sides). Renames are followed, and uncommitted edits move today's lines first.
//!
//! This costs one `git log -p -U0` over the window: no blame, no per-file process.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::RangeInclusive;

use serde::Serialize;

use crate::log::{History, Since};
use crate::stats::Stats;
use crate::{Error, diff, git};

/// The name of the pseudo-function of a file's top-level code.
pub const TOP_LEVEL: &str = "<module>";

/// A function plumb measured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Function {
    /// Its qualified name.
    pub name: String,
    /// Line of its declaration.
    pub start_line: u32,
    /// Its last line.
    pub end_line: u32,
    /// Its cyclomatic complexity.
    pub cyclomatic: u32,
}

/// A file plumb measured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// How the file is shown (relative to the working directory).
    pub path: String,
    /// Its path relative to the repository root, as history names it.
    pub history_path: String,
    /// Its functions.
    pub functions: Vec<Function>,
}

/// A file's hotspot score and the numbers behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileHotspot {
    /// The file.
    pub path: String,
    /// Commits that changed it in the window.
    pub commits: u32,
    /// Lines added plus deleted in the window.
    pub churn: u64,
    /// Its functions (not counting its top-level code).
    pub functions: u32,
    /// Sum of its functions' cyclomatic complexity, and its top-level code's.
    pub complexity: u64,
    /// `commits x complexity`.
    pub score: u64,
}

/// A function's hotspot score and the numbers behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FunctionHotspot {
    /// The file.
    pub path: String,
    /// Its qualified name.
    pub function: String,
    /// Line of its declaration.
    pub line: u32,
    /// Commits that touched its lines in the window.
    pub changes: u32,
    /// Its cyclomatic complexity.
    pub cyclomatic: u32,
    /// `changes x cyclomatic`.
    pub score: u64,
}

/// Files ranked by score (highest first; ties by path).
pub fn files(files: &[SourceFile], stats: &Stats) -> Vec<FileHotspot> {
    let mut rows: Vec<FileHotspot> = files
        .iter()
        .map(|file| {
            let history = stats.file(&file.history_path);
            let commits = history.map_or(0, |h| h.commits.len() as u32);
            let complexity: u64 = file.functions.iter().map(|f| u64::from(f.cyclomatic)).sum();
            FileHotspot {
                path: file.path.clone(),
                commits,
                churn: history.map_or(0, crate::stats::FileStats::churn),
                functions: file.functions.iter().filter(|f| f.name != TOP_LEVEL).count() as u32,
                complexity,
                score: u64::from(commits) * complexity,
            }
        })
        .collect();
    rows.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.path.cmp(&b.path)));
    rows
}

/// Functions ranked by score (highest first; ties by path and line).
pub fn functions(files: &[SourceFile], changes: &Changes) -> Vec<FunctionHotspot> {
    let mut rows = Vec::new();
    for file in files {
        let touches = changes.files.get(&file.history_path).map_or(&[][..], Vec::as_slice);
        for function in file.functions.iter().filter(|f| f.name != TOP_LEVEL) {
            let lines = function.start_line..=function.end_line;
            let count =
                touches.iter().filter(|(_, touches)| touches.iter().any(|t| t.touches(&lines))).count();
            let count = count as u32;
            rows.push(FunctionHotspot {
                path: file.path.clone(),
                function: function.name.clone(),
                line: function.start_line,
                changes: count,
                cyclomatic: function.cyclomatic,
                score: u64::from(count) * u64::from(function.cyclomatic),
            });
        }
    }
    rows.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| (&a.path, a.line).cmp(&(&b.path, b.line))));
    rows
}

/// Where a commit touched a file, in today's line numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Touch {
    /// Added or modified lines.
    Lines(RangeInclusive<u32>),
    /// Lines deleted between this line and the next.
    Gap(u32),
}

impl Touch {
    /// Whether this touches a function spanning `lines`.
    pub fn touches(&self, lines: &RangeInclusive<u32>) -> bool {
        match self {
            Touch::Lines(range) => range.start() <= lines.end() && lines.start() <= range.end(),
            Touch::Gap(line) => lines.start() <= line && *line < *lines.end(),
        }
    }
}

/// The commits that touched each file, in today's line numbers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Repository-relative path to its commits (ids, newest first) and their touches.
    pub files: BTreeMap<String, Vec<(String, Vec<Touch>)>>,
}

/// Reads the touches of the window's commits on the files at `paths` (repository-relative,
/// today's), with one `git log -p -U0` (and a `git diff -U0 HEAD` for uncommitted edits).
pub fn changes(history: &History, since: &Since, paths: &BTreeSet<String>) -> Result<Changes, Error> {
    let Some(head) = &history.head else { return Ok(Changes::default()) };
    let mut args: Vec<String> = [
        "log",
        "--no-merges",
        "-M",
        "-p",
        "-U0",
        "--no-color",
        "--no-ext-diff",
        "--no-textconv",
        "--no-relative",
        "--no-show-signature",
        "--src-prefix=a/",
        "--dst-prefix=b/",
        "--format=%x1e%H%x00%aN%x00%aE",
    ]
    .map(str::to_owned)
    .to_vec();
    args.extend(crate::log::window(&history.root, since, head, &history.boundaries)?);
    // Today's lines are the working tree's: uncommitted edits come first, as a change that is
    // not counted but moves the lines.
    let diff = [
        "diff",
        "-M",
        "-U0",
        "--no-color",
        "--no-ext-diff",
        "--no-textconv",
        "--no-relative",
        "--src-prefix=a/",
        "--dst-prefix=b/",
        "HEAD",
        "--",
    ];
    let mut walk = Walk::new(paths);
    git::each_line(&history.root, &diff, |line| walk.line(line))?;
    walk.end_section();
    git::each_line(&history.root, &args, |line| walk.line(line))?;
    Ok(walk.end())
}

/// A hunk header's numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Hunk {
    old_start: u32,
    old_count: u32,
    new_start: u32,
    new_count: u32,
}

/// `@@ -a,b +c,d @@`.
fn hunk(header: &[u8]) -> Option<Hunk> {
    let header = std::str::from_utf8(header).ok()?;
    let mut parts = header.strip_prefix("@@ ")?.split(' ');
    let count = |text: &str| -> Option<(u32, u32)> {
        Some(match text.split_once(',') {
            Some((start, count)) => (start.parse().ok()?, count.parse().ok()?),
            None => (text.parse().ok()?, 1),
        })
    };
    let (old_start, old_count) = count(parts.next()?.strip_prefix('-')?)?;
    let (new_start, new_count) = count(parts.next()?.strip_prefix('+')?)?;
    Some(Hunk { old_start, old_count, new_start, new_count })
}

/// Where a run of lines of one version of a file is today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    /// First line of the run in that version.
    first: u32,
    /// Last line of the run in that version.
    last: u32,
    /// Today's first line.
    today: u32,
    /// For lines a later commit rewrote: the last of today's lines that replaced them, which
    /// all the run's lines map to (`today..=rewritten`). `None` for lines that are still there,
    /// one for one.
    rewritten: Option<u32>,
}

impl Segment {
    /// Today's lines for the run's lines `start..=end` (inside the run).
    fn today(&self, start: u32, end: u32) -> RangeInclusive<u32> {
        match self.rewritten {
            Some(last) => self.today..=last,
            None => {
                self.today.saturating_add(start - self.first)..=self.today.saturating_add(end - self.first)
            }
        }
    }

    /// The part `start..=end` of the run, moved to `at..=last`.
    fn part(&self, start: u32, at: u32, last: u32) -> Segment {
        let today =
            if self.rewritten.is_some() { self.today } else { self.today.saturating_add(start - self.first) };
        Segment { first: at, last, today, rewritten: self.rewritten }
    }
}

/// The lines of one version of a file, and where they are today: sorted, disjoint runs. Lines
/// in no run were deleted since.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Survivors(Vec<Segment>);

impl Survivors {
    fn today() -> Self {
        Survivors(vec![Segment { first: 1, last: u32::MAX, today: 1, rewritten: None }])
    }

    /// Today's lines for the version's lines `first..=last`, joined where they touch.
    fn map_range(&self, first: u32, last: u32) -> Vec<RangeInclusive<u32>> {
        let mut ranges: Vec<RangeInclusive<u32>> = Vec::new();
        for segment in self.0.iter().filter(|s| s.first <= last && first <= s.last) {
            let range = segment.today(first.max(segment.first), last.min(segment.last));
            match ranges.last_mut() {
                Some(previous)
                    if *range.start() <= previous.end().saturating_add(1)
                        && previous.start() <= range.start() =>
                {
                    *previous = *previous.start()..=*previous.end().max(range.end());
                }
                _ => ranges.push(range),
            }
        }
        ranges
    }

    /// Where a commit with these hunks touched today's lines.
    fn touches(&self, hunks: &[Hunk]) -> Vec<Touch> {
        let mut touches = Vec::new();
        for hunk in hunks {
            if hunk.new_count > 0 {
                let last = hunk.new_start.saturating_add(hunk.new_count - 1);
                touches.extend(self.map_range(hunk.new_start, last).into_iter().map(Touch::Lines));
            } else {
                touches.extend(self.deletion(hunk.new_start));
            }
        }
        touches
    }

    /// Where lines deleted after line `line` are today: between it and the next line.
    fn deletion(&self, line: u32) -> Option<Touch> {
        let (before, after) = (self.map_range(line, line), self.map_range(line + 1, line + 1));
        let (before, after) = (before.first(), after.first());
        // A range of one line is a point: a deletion between two points is a gap.
        let point = |range: &RangeInclusive<u32>| (range.start() == range.end()).then_some(*range.start());
        match (before.and_then(point), after.and_then(point)) {
            (Some(before), Some(after)) if after == before + 1 => Some(Touch::Gap(before)),
            (Some(before), Some(after)) => Some(Touch::Lines(before.min(after)..=before.max(after))),
            (Some(before), None) if after.is_none() => Some(Touch::Gap(before)),
            (None, Some(after)) if before.is_none() => Some(Touch::Gap(after.saturating_sub(1))),
            _ => before.or(after).cloned().map(Touch::Lines),
        }
    }

    /// Carries the survivors to the version before a commit with these hunks: lines the commit
    /// added are not in it, lines it rewrote map to where their replacement is today, and the
    /// others move by what the hunks before them added and deleted.
    fn before(&mut self, hunks: &[Hunk]) {
        let runs = unchanged_runs(hunks);
        let moved =
            |line: u32, shift: i64| u32::try_from((i64::from(line) + shift).max(1)).unwrap_or(u32::MAX);
        let mut survivors = Vec::with_capacity(self.0.len() + hunks.len());
        for segment in &self.0 {
            for &(from, to, shift) in &runs {
                let (start, end) = (segment.first.max(from), segment.last.min(to));
                if start <= end {
                    survivors.push(segment.part(start, moved(start, shift), moved(end, shift)));
                }
            }
        }
        for hunk in hunks.iter().filter(|hunk| hunk.old_count > 0 && hunk.new_count > 0) {
            survivors.extend(self.rewritten(hunk));
        }
        survivors.sort_by_key(|segment| segment.first);
        self.0 = survivors;
    }

    /// The old lines a hunk rewrote, mapped to where their replacement is today.
    fn rewritten(&self, hunk: &Hunk) -> Option<Segment> {
        let last = hunk.new_start.saturating_add(hunk.new_count - 1);
        let ranges = self.map_range(hunk.new_start, last);
        let first = ranges.iter().map(|r| *r.start()).min()?;
        let final_range = ranges.iter().map(|r| *r.end()).max()?;
        Some(Segment {
            first: hunk.old_start,
            last: hunk.old_start + (hunk.old_count - 1),
            today: first,
            rewritten: Some(final_range),
        })
    }
}

/// The runs of new-version lines that hunks left unchanged, each with how far it moves in the
/// old version: (first, last, shift).
fn unchanged_runs(hunks: &[Hunk]) -> Vec<(u32, u32, i64)> {
    let mut runs: Vec<(u32, u32, i64)> = Vec::with_capacity(hunks.len() + 1);
    let (mut next, mut shift) = (1u32, 0i64);
    for hunk in hunks {
        let (first, after) = if hunk.new_count == 0 {
            (hunk.new_start + 1, hunk.new_start + 1)
        } else {
            (hunk.new_start, hunk.new_start.saturating_add(hunk.new_count))
        };
        if first > next {
            runs.push((next, first - 1, shift));
        }
        next = next.max(after);
        shift += i64::from(hunk.old_count) - i64::from(hunk.new_count);
    }
    runs.push((next, u32::MAX, shift));
    runs
}

/// One file of one commit in `git log -p` output.
#[derive(Default)]
struct Section {
    old: Option<String>,
    new: Option<String>,
    hunks: Vec<Hunk>,
}

/// Parses `git log -p -U0` with the format of [`changes`], newest commit first.
#[cfg(test)]
fn parse(output: &[u8], paths: &BTreeSet<String>) -> Changes {
    let mut walk = Walk::new(paths);
    for line in output.split(|&b| b == b'\n') {
        walk.line(line);
    }
    walk.end()
}

/// A name in `rename from`/`rename to`, quoted when it has special bytes.
fn name_of(name: &[u8]) -> String {
    let name = if name.first() == Some(&b'"') { diff::unquote(name) } else { name.to_vec() };
    String::from_utf8_lossy(&name).into_owned()
}

/// The walk from the newest commit to the oldest, a line of `git log -p` at a time.
struct Walk<'a> {
    paths: &'a BTreeSet<String>,
    /// A path in older commits -> today's path.
    later: HashMap<String, String>,
    /// Today's path -> the lines of its version at the commit being read that survive.
    survivors: HashMap<String, Survivors>,
    changes: Changes,
    /// The commit being read; `None` for uncommitted edits and bots' commits, which move
    /// lines but are not counted.
    commit: Option<String>,
    /// The file being read.
    section: Option<Section>,
    /// Whether the file's hunks have started (its lines are content, not headers).
    in_hunks: bool,
}

impl<'a> Walk<'a> {
    fn new(paths: &'a BTreeSet<String>) -> Self {
        Walk {
            paths,
            later: HashMap::new(),
            survivors: HashMap::new(),
            changes: Changes::default(),
            commit: None,
            section: None,
            in_hunks: false,
        }
    }

    /// Reads one line (without its `\n`).
    fn line(&mut self, line: &[u8]) {
        if let Some(header) = line.strip_prefix(b"\x1e") {
            self.end_section();
            let mut fields = header.split(|&b| b == 0).map(|f| String::from_utf8_lossy(f).into_owned());
            let id = fields.next().unwrap_or_default();
            let (author, email) = (fields.next().unwrap_or_default(), fields.next().unwrap_or_default());
            self.commit = (!crate::log::is_bot(&author, &email)).then_some(id);
        } else if line.starts_with(b"diff --git ") {
            self.end_section();
            self.section = Some(Section::default());
            self.in_hunks = false;
        } else if let Some(section) = &mut self.section {
            if line.starts_with(b"@@") {
                self.in_hunks = true;
                section.hunks.extend(hunk(line));
            } else if self.in_hunks {
                // Content.
            } else if let Some(name) = line.strip_prefix(b"rename from ") {
                section.old = Some(name_of(name));
            } else if let Some(name) = line.strip_prefix(b"rename to ") {
                section.new = Some(name_of(name));
            } else if let Some(name) = line.strip_prefix(b"+++ ")
                && section.new.is_none()
            {
                section.new = diff::new_path(name);
            }
        }
    }

    fn end_section(&mut self) {
        let section = self.section.take();
        let commit = self.commit.clone();
        self.finish(commit.as_deref(), section);
    }

    fn end(mut self) -> Changes {
        self.end_section();
        self.changes
    }

    fn finish(&mut self, commit: Option<&str>, section: Option<Section>) {
        let Some(section) = section else { return };
        // A deleted file has no lines today.
        let Some(new) = section.new else { return };
        let today = self.later.get(&new).cloned().unwrap_or_else(|| new.clone());
        if let Some(old) = section.old.filter(|old| *old != new) {
            self.later.insert(old, today.clone());
        }
        if !self.paths.contains(&today) {
            return;
        }
        let survivors = self.survivors.entry(today.clone()).or_insert_with(Survivors::today);
        if let Some(commit) = commit {
            let touches = survivors.touches(&section.hunks);
            if !touches.is_empty() {
                self.changes.files.entry(today).or_default().push((commit.to_owned(), touches));
            }
        }
        survivors.before(&section.hunks);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hunks(list: &[(u32, u32, u32, u32)]) -> Vec<Hunk> {
        list.iter()
            .map(|&(old_start, old_count, new_start, new_count)| Hunk {
                old_start,
                old_count,
                new_start,
                new_count,
            })
            .collect()
    }

    #[test]
    fn hunk_headers() {
        let hunk_of = |text: &[u8]| hunk(text).map(|h| (h.old_start, h.old_count, h.new_start, h.new_count));
        assert_eq!(hunk_of(b"@@ -3,2 +3 @@ fn f()"), Some((3, 2, 3, 1)));
        assert_eq!(hunk_of(b"@@ -0,0 +1,15 @@"), Some((0, 0, 1, 15)));
        assert_eq!(hunk_of(b"@@ -5,2 +4,0 @@"), Some((5, 2, 4, 0)));
        assert_eq!(hunk(b"@@ nonsense @@"), None);
    }

    /// Today's file has 10 lines. The newest commit replaced old lines 3-4 with line 3
    /// (`-3,2 +3`), inserted line 6 (`-6,0 +6`) and deleted old line 10 (`-10 +9,0`). Before it,
    /// the file had 11 lines: old 1-2 are today's 1-2, old 3-4 were rewritten as today's 3, old
    /// 5-6 are today's 4-5, old 7-9 today's 7-9, old 10 is gone and old 11 is today's 10.
    #[test]
    fn survivors_move_through_hunks() {
        let mut survivors = Survivors::today();
        let newest = hunks(&[(3, 2, 3, 1), (6, 0, 6, 1), (10, 1, 9, 0)]);
        assert_eq!(survivors.touches(&newest), vec![Touch::Lines(3..=3), Touch::Lines(6..=6), Touch::Gap(9)]);
        survivors.before(&newest);
        let map: Vec<Vec<RangeInclusive<u32>>> =
            (1..=11).map(|line| survivors.map_range(line, line)).collect();
        let expected: [&[RangeInclusive<u32>]; 11] = [
            &[1..=1],
            &[2..=2],
            &[3..=3],
            &[3..=3],
            &[4..=4],
            &[5..=5],
            &[7..=7],
            &[8..=8],
            &[9..=9],
            &[],
            &[10..=10],
        ];
        assert_eq!(map, expected);
        // An older commit that modified its lines 2-5 touched today's 2-4: its 3 and 4 were
        // rewritten as today's 3, its 5 is today's 4.
        assert_eq!(survivors.touches(&hunks(&[(2, 4, 2, 4)])), vec![Touch::Lines(2..=4)]);
        // One that deleted lines after its line 10 (deleted since): the gap moves to the next
        // surviving line, today's 10, so it sits between 9 and 10.
        assert_eq!(survivors.touches(&hunks(&[(11, 3, 10, 0)])), vec![Touch::Gap(9)]);
        // The same line edited by three commits is a change of that line for each of them.
        let mut survivors = Survivors::today();
        for _ in 0..3 {
            assert_eq!(survivors.touches(&hunks(&[(5, 1, 5, 1)])), vec![Touch::Lines(5..=5)]);
            survivors.before(&hunks(&[(5, 1, 5, 1)]));
        }
    }

    #[test]
    fn gaps_touch_functions_they_are_inside() {
        assert!(Touch::Gap(5).touches(&(3..=8)));
        assert!(Touch::Gap(3).touches(&(3..=8)));
        assert!(!Touch::Gap(8).touches(&(3..=8)));
        assert!(!Touch::Gap(2).touches(&(3..=8)));
        assert!(Touch::Lines(8..=12).touches(&(3..=8)));
        assert!(!Touch::Lines(9..=12).touches(&(3..=8)));
    }

    /// Two commits on `src/new.rs` (called `old.rs` before the newest commit renamed it and
    /// added a line at the top), and between them one by a bot that rewrote line 2 of `old.rs`:
    /// the three lines the first commit added are today's 2-4 (3 is the bot's rewrite of its 2).
    #[test]
    fn parses_log_patches_following_renames() {
        let output = b"\x1ec3\0Ann\0ann@x\n\n\
diff --git a/old.rs b/src/new.rs\n\
similarity index 90%\n\
rename from old.rs\n\
rename to src/new.rs\n\
--- a/old.rs\n\
+++ b/src/new.rs\n\
@@ -0,0 +1 @@\n\
+// header\n\
\x1ec2\0bot\0x[bot]@users.noreply.github.com\n\n\
diff --git a/old.rs b/old.rs\n\
--- a/old.rs\n\
+++ b/old.rs\n\
@@ -2 +2 @@ fn f() {\n\
-    a();\n\
+    b();\n\
diff --git a/gone.rs b/gone.rs\n\
deleted file mode 100644\n\
--- a/gone.rs\n\
+++ /dev/null\n\
@@ -1 +0,0 @@\n\
-x\n\
\x1ec1\0Bob\0bob@x\n\n\
diff --git a/old.rs b/old.rs\n\
new file mode 100644\n\
--- /dev/null\n\
+++ b/old.rs\n\
@@ -0,0 +1,3 @@\n\
+fn f() {\n\
++++ b/evil\n\
+}\n";
        let paths = BTreeSet::from(["src/new.rs".to_owned()]);
        let changes = parse(output, &paths);
        assert_eq!(
            changes.files["src/new.rs"],
            vec![("c3".to_owned(), vec![Touch::Lines(1..=1)]), ("c1".to_owned(), vec![Touch::Lines(2..=4)])]
        );
    }

    #[test]
    fn file_and_function_scores() {
        let mut stats = Stats::default();
        let entry = stats.files.entry("r/a.rs".to_owned()).or_default();
        entry.commits = BTreeSet::from([0, 1, 2]);
        entry.added = 7;
        let source = |path: &str, functions: Vec<Function>| SourceFile {
            path: path.to_owned(),
            history_path: format!("r/{path}"),
            functions,
        };
        let function = |name: &str, start_line, end_line, cyclomatic| Function {
            name: name.to_owned(),
            start_line,
            end_line,
            cyclomatic,
        };
        // a.rs has top-level code of complexity 3 around its functions: it counts in the file's
        // complexity, not as a function.
        let files_in = [
            source(
                "a.rs",
                vec![function(TOP_LEVEL, 1, 25, 3), function("f", 1, 10, 4), function("g", 12, 20, 2)],
            ),
            source("b.rs", vec![function("h", 1, 5, 9)]),
        ];
        let ranked = super::files(&files_in, &stats);
        assert_eq!(
            ranked[0],
            FileHotspot { path: "a.rs".into(), commits: 3, churn: 7, functions: 2, complexity: 9, score: 27 }
        );
        assert_eq!(ranked[1].score, 0);

        let changes = Changes {
            files: BTreeMap::from([(
                "r/a.rs".to_owned(),
                vec![
                    ("c3".to_owned(), vec![Touch::Lines(5..=5)]),
                    ("c2".to_owned(), vec![Touch::Lines(10..=12)]),
                    ("c1".to_owned(), vec![Touch::Gap(15)]),
                ],
            )]),
        };
        let ranked = super::functions(&files_in, &changes);
        let summary: Vec<(&str, u32, u64)> =
            ranked.iter().map(|f| (f.function.as_str(), f.changes, f.score)).collect();
        // f: c3, c2 (2 x 4 = 8); g: c2, c1 (2 x 2 = 4); h: none; the top-level code (3 x 3 = 9)
        // is not ranked.
        assert_eq!(summary, [("f", 2, 8), ("g", 2, 4), ("h", 0, 0)]);
    }
}
