//! The one model every reader produces.

use std::collections::BTreeMap;

use crate::Format;

/// The coverage of a set of files, keyed by the path as the report names it (before
/// resolution) or as the repository names it (after).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Coverage {
    /// The format it was read from (the first one, after merging).
    pub format: Format,
    /// Files by path.
    pub files: BTreeMap<String, FileCoverage>,
    /// Directories the report says its relative paths are relative to (Cobertura's
    /// `<source>`s), and other hints for resolving paths (a Go module path, a JaCoCo group).
    pub roots: Vec<String>,
}

/// The coverage of one file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileCoverage {
    /// Hits of each measured line (1-based). Lines not here were not instrumented.
    pub lines: BTreeMap<u32, u64>,
    /// Branches by (line, id within the line).
    pub branches: BTreeMap<(u32, String), BranchHit>,
    /// Functions the report names.
    pub functions: Vec<FunctionHit>,
}

/// How often a branch was taken; `None` when its condition was never evaluated.
pub type BranchHit = Option<u64>;

/// A function as the report names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionHit {
    /// Its name as the report gives it (possibly mangled).
    pub name: String,
    /// First line.
    pub start_line: u32,
    /// Last line, when the report gives it.
    pub end_line: Option<u32>,
    /// Calls.
    pub hits: u64,
}

impl FileCoverage {
    /// Lines instrumented.
    pub fn measured_lines(&self) -> usize {
        self.lines.len()
    }

    /// Lines hit at least once.
    pub fn covered_lines(&self) -> usize {
        self.lines.values().filter(|&&hits| hits > 0).count()
    }

    /// Branches, and branches taken at least once.
    pub fn branch_counts(&self) -> (usize, usize) {
        let taken = self.branches.values().filter(|hit| hit.is_some_and(|n| n > 0)).count();
        (self.branches.len(), taken)
    }

    /// Adds another report's coverage of the same file: hits are summed, lines and branches
    /// united, functions merged by start line and name.
    pub fn merge(&mut self, other: FileCoverage) {
        for (line, hits) in other.lines {
            let entry = self.lines.entry(line).or_insert(0);
            *entry = entry.saturating_add(hits);
        }
        for (key, hit) in other.branches {
            let entry = self.branches.entry(key).or_insert(None);
            *entry = match (*entry, hit) {
                (Some(a), Some(b)) => Some(a.saturating_add(b)),
                (a, b) => a.or(b),
            };
        }
        for function in other.functions {
            match self.functions.iter_mut().find(|f| f.start_line == function.start_line && f.name == function.name) {
                Some(existing) => {
                    existing.hits = existing.hits.saturating_add(function.hits);
                    existing.end_line = existing.end_line.or(function.end_line);
                }
                None => self.functions.push(function),
            }
        }
    }
}

impl Coverage {
    /// An empty report of a format.
    pub fn new(format: Format) -> Self {
        Self { format, files: BTreeMap::new(), roots: Vec::new() }
    }

    /// The coverage of a file, created empty if the report had not named it yet.
    pub fn file(&mut self, path: &str) -> &mut FileCoverage {
        if !self.files.contains_key(path) {
            self.files.insert(path.to_owned(), FileCoverage::default());
        }
        self.files.get_mut(path).unwrap_or_else(|| unreachable!("inserted above"))
    }

    /// Adds another report: files are united, and a file in both is merged
    /// ([`FileCoverage::merge`]).
    pub fn merge(&mut self, other: Coverage) {
        for (path, coverage) in other.files {
            match self.files.get_mut(&path) {
                Some(existing) => existing.merge(coverage),
                None => {
                    self.files.insert(path, coverage);
                }
            }
        }
        for root in other.roots {
            if !self.roots.contains(&root) {
                self.roots.push(root);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(lines: &[(u32, u64)], branches: &[(u32, &str, Option<u64>)], functions: &[(&str, u32, u64)]) -> FileCoverage {
        FileCoverage {
            lines: lines.iter().copied().collect(),
            branches: branches.iter().map(|(l, id, hit)| ((*l, (*id).to_owned()), *hit)).collect(),
            functions: functions
                .iter()
                .map(|(name, start, hits)| FunctionHit { name: (*name).to_owned(), start_line: *start, end_line: None, hits: *hits })
                .collect(),
        }
    }

    #[test]
    fn merging_sums_hits_and_unites_lines() {
        let mut a = file(&[(1, 1), (2, 0)], &[(2, "0", None), (2, "1", Some(1))], &[("f", 1, 1)]);
        let b = file(&[(2, 3), (3, 0)], &[(2, "0", Some(2)), (2, "1", None)], &[("f", 1, 2), ("g", 5, 0)]);
        a.merge(b);
        assert_eq!(a.lines, [(1, 1), (2, 3), (3, 0)].into_iter().collect());
        assert_eq!(a.branch_counts(), (2, 2));
        assert_eq!(a.functions.iter().map(|f| (f.name.as_str(), f.hits)).collect::<Vec<_>>(), [("f", 3), ("g", 0)]);
    }

    #[test]
    fn merging_is_commutative_and_idempotent_on_structure() {
        let a = file(&[(1, 1), (4, 0)], &[(1, "x", Some(0))], &[]);
        let b = file(&[(1, 2)], &[(1, "x", Some(5))], &[]);
        let mut ab = a.clone();
        ab.merge(b.clone());
        let mut ba = b;
        ba.merge(a);
        assert_eq!(ab.lines, ba.lines);
        assert_eq!(ab.branches, ba.branches);
    }
}
