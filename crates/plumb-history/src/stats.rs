//! Per-file history: commits, fix commits, defects, lines added and deleted, authors.
//!
//! Counting rules:
//!
//! - A commit changes a file when it added or deleted a line of it, or changed it when it is
//!   binary. A rename without edits is not a change.
//! - **Churn** is lines added plus lines deleted, over the commits of the window.
//! - **Authors** are distinct author emails (as `.mailmap` maps them), any case.
//! - A **fix** is a fix commit ([`crate::fixes`]) that changed the file.
//! - A **defect** is counted once per file, however many commits fixed it: a fix that names
//!   defect ids fixes those defects; one that names none is a defect of its own. A defect of the
//!   imported list that names its files counts on those files (whatever the window), and the
//!   commits that mention it do not add more files to it.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::export::{Defect, DefectList};
use crate::fixes::{Fix, FixRules, Verdict};
use crate::log::{Commit, History};

/// What a defect is known by.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DefectId {
    /// An issue id (`ABC-12`, `#12`), normalised.
    Issue(String),
    /// A fix commit that names no issue: its object id.
    Commit(String),
}

impl DefectId {
    /// The issue id, or the commit's object id.
    pub fn as_str(&self) -> &str {
        match self {
            DefectId::Issue(id) | DefectId::Commit(id) => id,
        }
    }
}

/// A commit counted as a fix, as an audit shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FixCommit {
    /// Its full object id.
    pub commit: String,
    /// The first line of its message.
    pub subject: String,
    /// The rule that matched (`keywords`, `trailers`, `pattern 1`).
    pub rule: String,
    /// The defects it fixed: issue ids, or its own object id when it names none.
    pub defects: Vec<String>,
}

/// A commit a rule matched but an exclusion dropped, as an audit shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExcludedCommit {
    /// Its full object id.
    pub commit: String,
    /// The first line of its message.
    pub subject: String,
    /// Why it is not counted ([`crate::fixes::Exclusion::describe`]).
    pub exclusion: String,
}

/// One file's history.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileStats {
    /// The commits that changed it: indexes into [`History::commits`].
    pub commits: BTreeSet<usize>,
    /// The fix commits among them.
    pub fixes: BTreeSet<usize>,
    /// Its distinct defects.
    pub defects: BTreeSet<DefectId>,
    /// Lines added.
    pub added: u64,
    /// Lines deleted.
    pub deleted: u64,
    /// Distinct author emails, lower-cased.
    pub authors: BTreeSet<String>,
}

impl FileStats {
    /// Lines added plus lines deleted.
    pub fn churn(&self) -> u64 {
        self.added + self.deleted
    }

    /// Adds another file's history (for folder and project totals): sets are joined, so a
    /// commit or defect that touched both counts once.
    pub fn merge(&mut self, other: &FileStats) {
        self.commits.extend(other.commits.iter().copied());
        self.fixes.extend(other.fixes.iter().copied());
        self.defects.extend(other.defects.iter().cloned());
        self.added += other.added;
        self.deleted += other.deleted;
        self.authors.extend(other.authors.iter().cloned());
    }
}

/// The history of every file in a window.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Per repository-relative path (today's).
    pub files: BTreeMap<String, FileStats>,
    /// Each commit's verdict, in [`History::commits`] order.
    pub verdicts: Vec<Verdict>,
    /// Ids of the defect list that no fix commit mentions and that name no file.
    pub unlinked: Vec<String>,
    /// The fix commits, by index into [`History::commits`].
    pub fix_commits: BTreeMap<usize, FixCommit>,
}

impl Stats {
    /// Gathers the history of every file.
    pub fn gather(history: &History, rules: &FixRules, defects: Option<&DefectList>) -> Stats {
        let listed = defects.map_or(&[][..], |list| list.defects.as_slice());
        // Defects of the list that say which files they affected.
        let with_paths: BTreeSet<&str> = listed
            .iter()
            .filter(|defect| !defect.paths.is_empty())
            .map(|defect| defect.id.as_str())
            .collect();
        let mut mentioned: BTreeSet<String> = BTreeSet::new();
        let mut files: BTreeMap<String, FileStats> = BTreeMap::new();
        let mut verdicts = Vec::with_capacity(history.commits.len());
        let mut fix_commits = BTreeMap::new();
        for (index, commit) in history.commits.iter().enumerate() {
            let verdict = rules.classify(&commit.message);
            let fix = match &verdict {
                Verdict::Fix(fix) => {
                    mentioned.extend(fix.ids.iter().cloned());
                    let ids = defect_ids(fix, commit, &with_paths);
                    fix_commits.insert(
                        index,
                        FixCommit {
                            commit: commit.id.clone(),
                            subject: commit.subject().to_owned(),
                            rule: fix.rule.describe(),
                            defects: ids.iter().map(|id| id.as_str().to_owned()).collect(),
                        },
                    );
                    Some(ids)
                }
                _ => None,
            };
            add_commit(&mut files, index, commit, fix.as_deref());
            verdicts.push(verdict);
        }
        let unlinked = add_listed(&mut files, listed, &mentioned);
        Stats { files, verdicts, unlinked, fix_commits }
    }

    /// The commits a rule matched but an exclusion dropped, newest first.
    pub fn excluded(&self, history: &History) -> Vec<ExcludedCommit> {
        self.verdicts
            .iter()
            .zip(&history.commits)
            .filter_map(|(verdict, commit)| match verdict {
                Verdict::Excluded(exclusion) => Some(ExcludedCommit {
                    commit: commit.id.clone(),
                    subject: commit.subject().to_owned(),
                    exclusion: exclusion.describe(),
                }),
                _ => None,
            })
            .collect()
    }

    /// The fix commits that changed a file (or a folder, or the project: see
    /// [`FileStats::merge`]), newest first.
    pub fn fixes_of(&self, stats: &FileStats) -> Vec<FixCommit> {
        stats.fixes.iter().filter_map(|index| self.fix_commits.get(index).cloned()).collect()
    }

    /// Fix commits in the window.
    pub fn fix_commits(&self) -> usize {
        self.verdicts.iter().filter(|verdict| matches!(verdict, Verdict::Fix(_))).count()
    }

    /// Commits a rule matched but an exclusion dropped.
    pub fn excluded_commits(&self) -> usize {
        self.verdicts.iter().filter(|verdict| matches!(verdict, Verdict::Excluded(_))).count()
    }

    /// A file's history (empty when no commit of the window changed it).
    pub fn file(&self, path: &str) -> Option<&FileStats> {
        self.files.get(path)
    }
}

/// The defects a fix commit fixed: the ids it names (but those of listed defects that name
/// their files), or the commit itself when it names none.
fn defect_ids(fix: &Fix, commit: &Commit, with_paths: &BTreeSet<&str>) -> Vec<DefectId> {
    if fix.ids.is_empty() {
        return vec![DefectId::Commit(commit.id.clone())];
    }
    fix.ids
        .iter()
        .filter(|id| !with_paths.contains(id.as_str()))
        .map(|id| DefectId::Issue(id.clone()))
        .collect()
}

/// Adds a commit to the files it changed; `fixed` holds its defects when it is a fix.
fn add_commit(
    files: &mut BTreeMap<String, FileStats>,
    index: usize,
    commit: &Commit,
    fixed: Option<&[DefectId]>,
) {
    let author = if commit.email.is_empty() { &commit.author } else { &commit.email }.to_lowercase();
    for change in &commit.files {
        if change.added == Some(0) && change.deleted == Some(0) {
            continue;
        }
        let stats = files.entry(change.path.clone()).or_default();
        stats.commits.insert(index);
        stats.added += u64::from(change.added.unwrap_or(0));
        stats.deleted += u64::from(change.deleted.unwrap_or(0));
        stats.authors.insert(author.clone());
        if let Some(ids) = fixed {
            stats.fixes.insert(index);
            stats.defects.extend(ids.iter().cloned());
        }
    }
}

/// Adds the listed defects to the files they name, and returns the ids of those that name no
/// file and that no fix commit mentions.
fn add_listed(
    files: &mut BTreeMap<String, FileStats>,
    listed: &[Defect],
    mentioned: &BTreeSet<String>,
) -> Vec<String> {
    let mut unlinked = Vec::new();
    for defect in listed {
        for path in &defect.paths {
            files.entry(path.clone()).or_default().defects.insert(DefectId::Issue(defect.id.clone()));
        }
        if defect.paths.is_empty() && !mentioned.contains(&defect.id) {
            unlinked.push(defect.id.clone());
        }
    }
    unlinked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::Defect;
    use crate::fixes::FixOptions;
    use crate::log::{Commit, FileChange};

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|id| (*id).to_owned()).collect()
    }

    fn commit(id: &str, email: &str, message: &str, files: &[(&str, Option<u32>, Option<u32>)]) -> Commit {
        Commit {
            id: id.into(),
            author: email.split('@').next().unwrap_or_default().into(),
            email: email.into(),
            time: 0,
            message: message.into(),
            files: files
                .iter()
                .map(|(path, added, deleted)| FileChange {
                    path: (*path).into(),
                    then: None,
                    renamed_from: None,
                    added: *added,
                    deleted: *deleted,
                })
                .collect(),
        }
    }

    #[test]
    fn commits_fixes_defects_churn_and_authors() {
        let history = History {
            commits: vec![
                commit("c5", "ann@x", "Fix the parser again\n\nFixes: #7", &[("a.rs", Some(1), Some(1))]),
                commit("c4", "Bob@x", "Fix typo", &[("a.rs", Some(1), Some(1))]),
                commit(
                    "c3",
                    "bob@x",
                    "fix: crash on empty input",
                    &[("a.rs", Some(2), Some(0)), ("b.rs", Some(1), Some(0))],
                ),
                commit(
                    "c2",
                    "ann@x",
                    "Rename and add logo",
                    &[("c.rs", Some(0), Some(0)), ("logo.png", None, None)],
                ),
                commit("c1", "ann@x", "Parser, closes #7", &[("a.rs", Some(10), Some(0))]),
            ],
            ..History::default()
        };
        let rules = FixRules::new(&FixOptions::default(), None).unwrap();
        let stats = Stats::gather(&history, &rules, None);
        let a = stats.file("a.rs").unwrap();
        // c5 and c1 both fix #7 (one defect); c3 is a defect of its own; c4 is excluded.
        assert_eq!(a.commits, BTreeSet::from([0, 1, 2, 4]));
        assert_eq!(a.fixes, BTreeSet::from([0, 2, 4]));
        assert_eq!(a.defects, BTreeSet::from([DefectId::Issue("#7".into()), DefectId::Commit("c3".into())]));
        assert_eq!((a.added, a.deleted, a.churn()), (14, 2, 16));
        assert_eq!(a.authors.len(), 2);
        let b = stats.file("b.rs").unwrap();
        assert_eq!(b.defects, BTreeSet::from([DefectId::Commit("c3".into())]));
        // A rename without edits is no change; a binary change is one, without churn.
        assert!(stats.file("c.rs").is_none());
        assert_eq!(stats.file("logo.png").unwrap().commits.len(), 1);
        assert_eq!(stats.file("logo.png").unwrap().churn(), 0);
        assert_eq!((stats.fix_commits(), stats.excluded_commits()), (3, 1));
        // The audit: each fix commit with its subject, rule and defects; the excluded one with
        // its reason.
        let audit: Vec<(String, String, String, Vec<String>)> = stats
            .fixes_of(a)
            .into_iter()
            .map(|fix| (fix.commit, fix.subject, fix.rule, fix.defects))
            .collect();
        let entry = |commit: &str, subject: &str, rule: &str, defects: &[&str]| {
            (commit.to_owned(), subject.to_owned(), rule.to_owned(), ids(defects))
        };
        assert_eq!(
            audit,
            [
                entry("c5", "Fix the parser again", "keywords", &["#7"]),
                entry("c3", "fix: crash on empty input", "keywords", &["c3"]),
                entry("c1", "Parser, closes #7", "trailers", &["#7"]),
            ]
        );
        assert_eq!(
            stats.excluded(&history),
            [ExcludedCommit {
                commit: "c4".into(),
                subject: "Fix typo".into(),
                exclusion: "fixes typos, lint, formatting, tool findings, CI or docs".into()
            }]
        );

        let mut folder = a.clone();
        folder.merge(b);
        assert_eq!(folder.commits.len(), 4);
        assert_eq!(folder.defects.len(), 2);
        assert_eq!(folder.churn(), 17);
    }

    #[test]
    fn defect_lists_with_and_without_paths() {
        let list = DefectList {
            defects: vec![
                Defect { id: "ABC-1".into(), title: None, paths: vec!["x.rs".into(), "y.rs".into()] },
                Defect { id: "ABC-2".into(), title: None, paths: vec![] },
                Defect { id: "ABC-3".into(), title: None, paths: vec![] },
            ],
            ..DefectList::default()
        };
        let history = History {
            commits: vec![
                commit("c2", "ann@x", "ABC-1: handle tabs", &[("z.rs", Some(1), Some(0))]),
                commit(
                    "c1",
                    "ann@x",
                    "ABC-2 handle spaces",
                    &[("z.rs", Some(1), Some(0)), ("y.rs", Some(1), Some(0))],
                ),
            ],
            ..History::default()
        };
        let rules = FixRules::new(&FixOptions::default(), Some(&list)).unwrap();
        let stats = Stats::gather(&history, &rules, Some(&list));
        let defects = |path: &str| stats.file(path).map(|f| f.defects.clone()).unwrap_or_default();
        // ABC-1 names its files: it counts there, not on z.rs which its commit changed.
        assert_eq!(defects("x.rs"), BTreeSet::from([DefectId::Issue("ABC-1".into())]));
        assert_eq!(
            defects("y.rs"),
            BTreeSet::from([DefectId::Issue("ABC-1".into()), DefectId::Issue("ABC-2".into())])
        );
        assert_eq!(defects("z.rs"), BTreeSet::from([DefectId::Issue("ABC-2".into())]));
        assert_eq!(stats.file("z.rs").unwrap().fixes.len(), 2);
        assert_eq!(stats.unlinked, ["ABC-3"]);
    }
}
