//! Changed-code mode: `--changed-since REV` and `--staged` report only findings on functions
//! that overlap changed lines.
//!
//! Whole files are analysed; then a finding is kept when:
//!
//! - it is about a function (it names one), and a line of the function, from its declaration
//!   to its last line, changed;
//! - it is an `unused-suppression`, and the suppression comment's own line changed;
//! - it is about the whole file (`file-length`, `parse-error`), and any line of the file changed.
//!
//! What counts as a changed line (deletions, renames, untracked files) is decided by
//! [`plumb_history::diff`]. Paths are matched relative to the repository root, so this works
//! from any subdirectory.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::RangeInclusive;

use plumb_check::RuleId;
use plumb_history::diff::{self, Base, BaseKind, ChangedLines, Changes};
use plumb_report::text::plural;
use plumb_report::{FileReport, Finding, FunctionReport, Report};

use crate::error::{Context as _, Error, ErrorKind, bail};
use crate::workspace::Workspace;

/// Which changes to report on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Changes since the merge base of a revision (or the left side of a range) and `HEAD`.
    Since(String),
    /// Staged changes.
    Staged,
    /// `--staged` under `pre-commit run --from-ref A --to-ref B` (or a pre-push hook): the
    /// changes of the range `A...B`, which pre-commit names in `PRE_COMMIT_FROM_REF` and
    /// `PRE_COMMIT_TO_REF`.
    PreCommitRange(String),
}

impl Scope {
    /// The scope `--changed-since REV` and `--staged` ask for, if any. `pre_commit_range` is
    /// the range of commits pre-commit runs hooks on, `FROM...TO`, when it names one
    /// (`PRE_COMMIT_FROM_REF` and `PRE_COMMIT_TO_REF`): `--staged` then means its changes.
    pub fn from_flags(
        changed_since: Option<&str>,
        staged: bool,
        pre_commit_range: Option<String>,
    ) -> Result<Option<Scope>, Error> {
        Ok(match (changed_since, staged) {
            (Some(rev), _) if rev.trim().is_empty() => {
                bail!(Input, "--changed-since needs a revision, such as HEAD or origin/main")
            }
            (Some(rev), _) => Some(Scope::Since(rev.to_owned())),
            (None, true) => Some(pre_commit_range.map_or(Scope::Staged, Scope::PreCommitRange)),
            (None, false) => None,
        })
    }

    fn changes(&self) -> Changes<'_> {
        match self {
            Scope::Since(rev) | Scope::PreCommitRange(rev) => Changes::Since(rev),
            Scope::Staged => Changes::Staged,
        }
    }

    /// The flag errors are about.
    fn flag(&self) -> &'static str {
        match self {
            Scope::Since(_) => "--changed-since",
            Scope::Staged => "--staged",
            Scope::PreCommitRange(_) => "--staged (with PRE_COMMIT_FROM_REF and PRE_COMMIT_TO_REF)",
        }
    }
}

/// `since merge-base of main (3f2a1c0)`, `since HEAD~1 (3f2a1c0)`, `(staged)`.
fn describe(base: Option<&Base>) -> String {
    let Some(base) = base else { return "(staged)".to_owned() };
    let Base { rev, short, .. } = base;
    match base.kind {
        BaseKind::Revision => format!("since {rev} ({short})"),
        BaseKind::MergeBase => format!("since merge-base of {rev} ({short})"),
        BaseKind::Unrelated => format!("since {rev} ({short}), which shares no commit with HEAD"),
    }
}

/// The changed lines of a scope, read from git before any file is analysed (so a wrong
/// revision fails fast, and only changed files need analysing).
#[derive(Debug)]
pub struct Changed {
    lines: ChangedLines,
}

impl Changed {
    /// Reads the changes of `scope` in the workspace's repository. Under pre-commit
    /// (`under_pre_commit`: it sets `PRE_COMMIT=1`), `--staged` with nothing staged is
    /// `pre-commit run --all-files` or `--files`: the files it names are checked whole (`None`),
    /// so that a run in CI never passes for having nothing to look at.
    pub fn load(ws: &Workspace, scope: &Scope, under_pre_commit: bool) -> Result<Option<Changed>, Error> {
        // Errors name the flag: "error: --staged: `/tmp/x` is not inside a git repository".
        let lines =
            diff::changed_lines(ws.cwd(), scope.changes()).context(ErrorKind::History, scope.flag())?;
        if matches!(scope, Scope::Staged) && lines.files.is_empty() && under_pre_commit {
            return Ok(None);
        }
        Ok(Some(Changed { lines }))
    }

    /// The changes since `rev`'s merge base with `HEAD`, as `--changed-since` reads them;
    /// errors name `flag`.
    pub fn since(ws: &Workspace, rev: &str, flag: &str) -> Result<Changed, Error> {
        if rev.trim().is_empty() {
            bail!(Input, "{flag} needs a revision, such as HEAD or origin/main");
        }
        let lines = diff::changed_lines(ws.cwd(), Changes::Since(rev)).context(ErrorKind::History, flag)?;
        Ok(Changed { lines })
    }

    /// What the changes are measured from: `since merge-base of main (3f2a1c0)`.
    pub fn describe(&self) -> String {
        describe(self.lines.base.as_ref())
    }

    /// Whether a file (an absolute path) has changed lines. Files without any cannot have
    /// findings on changed code, so they need not be analysed.
    pub fn touches(&self, file: &std::path::Path) -> bool {
        let Ok(relative) = file.strip_prefix(&self.lines.root) else { return false };
        let relative = crate::discover::display_path(relative, std::path::Path::new(""));
        self.lines.files.contains_key(&relative)
    }
}

impl Changed {
    /// The changed lines of a file, by its shown path (relative to the working directory, or
    /// absolute).
    pub fn lines_of(&self, path: &str) -> &[RangeInclusive<u32>] {
        root_relative(path, &self.lines).map_or(&[], |relative| self.lines.lines(&relative))
    }
}

/// Keeps only the findings on changed code; returns lines that say what was filtered.
pub fn retain_changed(report: &mut Report, changed: &Changed) -> Vec<String> {
    let counts = retain(&report.files, &mut report.findings, &changed.lines);
    changed.note(counts)
}

/// [`retain_changed`] on one file as a streamed run delivers it, with its functions: removes its
/// findings that are not on changed code, and says what it did.
pub fn retain_changed_in(file: &FileReport, findings: &mut Vec<Finding>, changed: &Changed) -> Counts {
    retain(std::slice::from_ref(file), findings, &changed.lines)
}

/// [`retain_changed`] for a streamed run, whose files' findings [`retain_changed_in`] filtered
/// as they came (and counted in `streamed`): filters the findings the report holds, the run-wide
/// ones made since.
pub fn retain_changed_after(report: &mut Report, changed: &Changed, streamed: Counts) -> Vec<String> {
    let run_wide = retain(&report.files, &mut report.findings, &changed.lines);
    changed.note(Counts {
        kept: streamed.kept + run_wide.kept,
        hidden: streamed.hidden + run_wide.hidden,
        ..streamed
    })
}

impl Changed {
    /// What the changed-code filter did, as a note.
    fn note(&self, counts: Counts) -> Vec<String> {
        let mut note = format!(
            "reporting on {} {}: {} on changed code",
            plural(counts.files, "changed file", "changed files"),
            describe(self.lines.base.as_ref()),
            plural(counts.kept, "finding", "findings"),
        );
        if counts.hidden > 0 {
            let _ = write!(note, ", {} elsewhere not shown", counts.hidden);
        }
        vec![note]
    }
}

/// What the changed-code filter did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Analysed files with a changed line.
    files: usize,
    /// Findings kept.
    kept: usize,
    /// Findings removed.
    hidden: usize,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, other: Counts) {
        self.files += other.files;
        self.kept += other.kept;
        self.hidden += other.hidden;
    }
}

/// Removes the findings of `files` that are not on changed lines (see the module
/// documentation).
fn retain(files: &[FileReport], findings: &mut Vec<Finding>, changed: &ChangedLines) -> Counts {
    let mut functions: HashMap<&str, &[FunctionReport]> = HashMap::new();
    let mut paths: HashMap<String, Option<String>> = HashMap::new();
    for file in files {
        functions.insert(&file.path, &file.functions);
        paths.insert(file.path.clone(), root_relative(&file.path, changed));
    }
    let changed_files = paths.values().flatten().filter(|path| !changed.lines(path).is_empty()).count();
    let before = findings.len();
    findings.retain(|finding| {
        let path = paths.entry(finding.path.clone()).or_insert_with(|| root_relative(&finding.path, changed));
        let Some(path) = path else { return false };
        if changed.lines(path).is_empty() {
            return false;
        }
        match &finding.function {
            Some(name) => {
                let range = function_lines(finding, name, functions.get(finding.path.as_str()).copied());
                changed.overlaps(path, &range)
            }
            None if finding.rule == RuleId::UnusedSuppression.id() => {
                changed.overlaps(path, &(finding.span.start.line..=finding.span.end.line))
            }
            None => true,
        }
    });
    Counts { files: changed_files, kept: findings.len(), hidden: before - findings.len() }
}

/// The lines of the function a finding is about: its declaration (where a function finding
/// starts) to its last line; the finding's own lines if the function is not in the report.
fn function_lines(
    finding: &Finding,
    name: &str,
    functions: Option<&[FunctionReport]>,
) -> RangeInclusive<u32> {
    let start = finding.span.start.line;
    let functions = functions.unwrap_or_default();
    let same_name = || functions.iter().filter(|f| f.qualified_name == name);
    same_name()
        .find(|f| f.start_line == start)
        .or_else(|| same_name().find(|f| (f.start_line..=f.end_line).contains(&start)))
        .map_or(start..=finding.span.end.line.max(start), |f| f.start_line..=f.end_line)
}

/// A report path (relative to the working directory, or absolute) relative to the repository
/// root, `/`-separated; `None` when it is outside the repository.
fn root_relative(path: &str, changed: &ChangedLines) -> Option<String> {
    crate::discover::repository_path(path, &changed.root, &changed.prefix)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::PathBuf;

    use plumb_report::{FileReport, Level, Position, Span};

    use super::*;

    fn function(name: &str, start_line: u32, end_line: u32) -> FunctionReport {
        FunctionReport {
            name: name.to_owned(),
            qualified_name: name.to_owned(),
            start_line,
            start_column: 1,
            end_line,
            cyclomatic: 11,
            cognitive: 1,
            lines: end_line - start_line + 1,
            code: end_line - start_line + 1,
            params: 0,
            max_nesting: 0,
            returns: 0,
            early_exits: 0,
            decision_points: Vec::new(),
            increments: None,
            coverage: None,
        }
    }

    fn file(path: &str, functions: Vec<FunctionReport>) -> FileReport {
        FileReport {
            path: path.to_owned(),
            language: "python",
            counting: plumb_report::CountingReport::default(),
            lines: 100,
            code: 100,
            comments: 0,
            blanks: 0,
            syntax_errors: 0,
            functions,
            coverage: None,
            history: None,
        }
    }

    fn finding(rule: &'static str, path: &str, line: u32, function: Option<&str>) -> Finding {
        let at = Position { byte: 0, line, column: 1, utf16_column: 1 };
        Finding {
            rule,
            level: Level::Error,
            path: path.to_owned(),
            span: Span { start: at, end: at },
            message: String::new(),
            label: None,
            function: function.map(str::to_owned),
            measure: None,
            labels: Vec::new(),
            notes: Vec::new(),
            help: None,
            fingerprint: String::new(),
        }
    }

    fn changed(prefix: &str, files: &[(&str, Vec<RangeInclusive<u32>>)]) -> ChangedLines {
        ChangedLines {
            root: PathBuf::from("/repo"),
            prefix: prefix.to_owned(),
            files: files
                .iter()
                .map(|(path, lines)| ((*path).to_owned(), lines.clone()))
                .collect::<BTreeMap<_, _>>(),
            base: None,
        }
    }

    fn kept(report: &Report) -> Vec<(&str, &str, u32)> {
        report.findings.iter().map(|f| (f.rule, f.path.as_str(), f.span.start.line)).collect()
    }

    #[test]
    fn findings_on_changed_functions_unused_suppressions_and_files() {
        let cc = "cyclomatic-complexity";
        let mut report = Report {
            files: vec![
                file("a.py", vec![function("old", 1, 15), function("new", 17, 31), function("C.m", 40, 45)]),
                file("b.py", vec![function("f", 1, 10)]),
                file("c.py", vec![function("g", 1, 10)]),
            ],
            findings: vec![
                finding(cc, "a.py", 1, Some("old")),
                finding(cc, "a.py", 17, Some("new")),
                // Its signature did not change, its last line did.
                finding(cc, "a.py", 40, Some("C.m")),
                finding("file-length", "a.py", 1, None),
                finding("unused-suppression", "a.py", 16, None),
                finding("unused-suppression", "a.py", 31, None),
                finding(cc, "b.py", 1, Some("f")),
                finding("parse-error", "b.py", 3, None),
                finding("file-length", "c.py", 1, None),
            ],
            ..Report::default()
        };
        let changes = changed("", &[("a.py", vec![20..=20, 31..=31, 45..=45]), ("b.py", vec![12..=12])]);
        let counts = retain(&report.files, &mut report.findings, &changes);
        assert_eq!(
            kept(&report),
            vec![
                (cc, "a.py", 17),
                (cc, "a.py", 40),
                ("file-length", "a.py", 1),
                ("unused-suppression", "a.py", 31),
                ("parse-error", "b.py", 3),
            ]
        );
        assert_eq!(counts, Counts { files: 2, kept: 5, hidden: 4 });
    }

    #[test]
    fn two_functions_with_one_name_are_told_apart_by_their_line() {
        let cc = "cyclomatic-complexity";
        let mut report = Report {
            files: vec![file("a.py", vec![function("f", 1, 5), function("f", 7, 12)])],
            findings: vec![finding(cc, "a.py", 1, Some("f")), finding(cc, "a.py", 7, Some("f"))],
            ..Report::default()
        };
        retain(&report.files, &mut report.findings, &changed("", &[("a.py", vec![10..=10])]));
        assert_eq!(kept(&report), vec![(cc, "a.py", 7)]);
    }

    #[test]
    fn paths_from_a_subdirectory() {
        let changes = changed("sub/dir/", &[]);
        assert_eq!(root_relative("a.py", &changes).as_deref(), Some("sub/dir/a.py"));
        assert_eq!(root_relative("../b.py", &changes).as_deref(), Some("sub/b.py"));
        assert_eq!(root_relative("../../c.py", &changes).as_deref(), Some("c.py"));
        assert_eq!(root_relative("../../../d.py", &changes), None);
        assert_eq!(root_relative("/repo/sub/e.py", &changes).as_deref(), Some("sub/e.py"));
        assert_eq!(root_relative("x/../f.py", &changed("", &[])).as_deref(), Some("f.py"));
    }
}
