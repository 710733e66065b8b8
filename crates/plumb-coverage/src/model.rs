//! The one model every reader produces.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use plumb_report::CoverageTally;

use crate::{Format, runs};

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
    /// Hits of each measured line (1-based). Lines neither here nor in `runs` were not
    /// instrumented.
    pub lines: BTreeMap<u32, u64>,
    /// Lines that regions span (Go blocks, OpenCover sequence points, llvm-cov regions wrapping
    /// over lines), as sorted, disjoint runs: a line in a run has the run's hits plus those in
    /// `lines`. They stay ranges until the file's length is known ([`FileCoverage::settled`]),
    /// so that a region claiming a million lines costs one entry, not a million.
    pub runs: Vec<LineRun>,
    /// Branches by (line, id within the line).
    pub branches: BTreeMap<(u32, String), BranchHit>,
    /// Functions the report names.
    pub functions: Vec<FunctionHit>,
}

/// Consecutive lines with the same hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineRun {
    /// First line (1-based).
    pub first: u32,
    /// Last line, at least `first`.
    pub last: u32,
    /// Hits of each of its lines.
    pub hits: u64,
}

/// How often a branch was taken; `None` when its condition was never evaluated.
pub type BranchHit = Option<u64>;

/// A function as the report names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionHit {
    /// Its name as the report gives it; Rust symbols are demangled without their hash
    /// (`tinycov::add`), C++ ones with their parameters (`shapes::scale(int, int)`).
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
    pub fn measured_lines(&self) -> u64 {
        self.tally(1..=u32::MAX).lines
    }

    /// Lines hit at least once.
    pub fn covered_lines(&self) -> u64 {
        self.tally(1..=u32::MAX).covered
    }

    /// Whether any line is instrumented.
    pub fn has_lines(&self) -> bool {
        !self.lines.is_empty() || !self.runs.is_empty()
    }

    /// The last line the coverage names (a line, a run, a branch or a function), 0 for none.
    pub fn last_line(&self) -> u32 {
        let lines = self.lines.last_key_value().map_or(0, |(&line, _)| line);
        let runs = self.runs.last().map_or(0, |run| run.last);
        let branches = self.branches.last_key_value().map_or(0, |((line, _), _)| *line);
        let functions = self.functions.iter().map(|f| f.end_line.unwrap_or(f.start_line)).max();
        lines.max(runs).max(branches).max(functions.unwrap_or(0))
    }

    /// Adds the lines of regions of one report, which may overlap: a line's hits are the
    /// largest of the regions spanning it (statements or blocks sharing a line), summed with
    /// the hits the file already has there.
    pub fn add_regions(&mut self, regions: Vec<LineRun>) {
        let runs = runs::largest(regions);
        self.runs = if self.runs.is_empty() { runs } else { runs::sum(&self.runs, &runs) };
    }

    /// The coverage of a file of `last_line` lines: runs spread into `lines`, and what lies past
    /// the end dropped (a stale report, or one that claims lines the file does not have).
    /// Costs at most one entry per line of the file.
    #[must_use]
    pub fn settled(&self, last_line: u32) -> FileCoverage {
        let mut settled = FileCoverage {
            lines: self.lines.range(..=last_line).map(|(&line, &hits)| (line, hits)).collect(),
            runs: Vec::new(),
            branches: self
                .branches
                .iter()
                .take_while(|((line, _), _)| *line <= last_line)
                .map(|(key, hit)| (key.clone(), *hit))
                .collect(),
            functions: self.functions.iter().filter(|f| f.start_line <= last_line).cloned().collect(),
        };
        for run in self.runs.iter().take_while(|run| run.first <= last_line) {
            for line in run.first..=run.last.min(last_line) {
                settled.add_line_hits(line, run.hits);
            }
        }
        for function in &mut settled.functions {
            function.end_line = function.end_line.map(|end| end.min(last_line));
        }
        settled
    }

    /// Branches, and branches taken at least once.
    pub fn branch_counts(&self) -> (usize, usize) {
        let taken = self.branches.values().filter(|hit| hit.is_some_and(|n| n > 0)).count();
        (self.branches.len(), taken)
    }

    /// Adds hits to a line (summed with hits already there).
    pub fn add_line_hits(&mut self, line: u32, hits: u64) {
        let entry = self.lines.entry(line).or_insert(0);
        *entry = entry.saturating_add(hits);
    }

    /// Keeps the larger of the hits already there and these: for several records of one line
    /// inside a single report (statements or blocks sharing a line), where summing would count
    /// one execution twice.
    pub fn max_line_hits(&mut self, line: u32, hits: u64) {
        let entry = self.lines.entry(line).or_insert(0);
        *entry = (*entry).max(hits);
    }

    /// Adds a branch (merged with one of the same line and id: counts summed).
    pub fn add_branch(&mut self, line: u32, id: String, hit: BranchHit) {
        let entry = self.branches.entry((line, id)).or_insert(None);
        *entry = match (*entry, hit) {
            (Some(a), Some(b)) => Some(a.saturating_add(b)),
            (a, b) => a.or(b),
        };
    }

    /// Keeps the larger of a branch's hits already there and these: for a branch listed twice
    /// inside a single report.
    pub fn max_branch(&mut self, line: u32, id: String, hit: BranchHit) {
        let entry = self.branches.entry((line, id)).or_insert(hit);
        *entry = (*entry).max(hit);
    }

    /// The branches of a line known only by count (`condition-coverage="50% (1/2)"`): ids `0` to
    /// `total - 1`, the first `taken` taken once, the rest not.
    pub(crate) fn counted_branches(&mut self, line: u32, total: u64, taken: u64) {
        for index in 0..total {
            self.max_branch(line, index.to_string(), Some(u64::from(index < taken)));
        }
    }

    /// Adds a function (merged with one of the same start line and name: calls summed).
    pub fn add_function(&mut self, function: FunctionHit) {
        match self
            .functions
            .iter_mut()
            .find(|f| f.start_line == function.start_line && f.name == function.name)
        {
            Some(existing) => {
                existing.hits = existing.hits.saturating_add(function.hits);
                existing.end_line = existing.end_line.or(function.end_line);
            }
            None => self.functions.push(function),
        }
    }

    /// Measured and covered lines, and branches and taken branches, of the lines in a range
    /// (a function's span, a changed hunk); `tally(1..=u32::MAX)` for the whole file.
    pub fn tally(&self, lines: RangeInclusive<u32>) -> CoverageTally {
        let mut tally = CoverageTally::default();
        let (start, end) = (*lines.start(), *lines.end());
        if start > end {
            return tally; // BTreeMap::range refuses an inverted range
        }
        let from = self.runs.partition_point(|run| run.last < start);
        for run in self.runs[from..].iter().take_while(|run| run.first <= end) {
            let (first, last) = (run.first.max(start), run.last.min(end));
            let length = u64::from(last - first) + 1;
            tally.lines += length;
            tally.covered += if run.hits > 0 {
                length
            } else {
                self.lines.range(first..=last).filter(|(_, hits)| **hits > 0).count() as u64
            };
        }
        for (&line, &hits) in self.lines.range(lines) {
            if !runs::holds(&self.runs, line) {
                tally.lines += 1;
                tally.covered += u64::from(hits > 0);
            }
        }
        for (_, hit) in
            self.branches.range((start, String::new())..).take_while(|((line, _), _)| *line <= end)
        {
            tally.branches += 1;
            tally.branches_covered += u64::from(hit.is_some_and(|n| n > 0));
        }
        tally
    }

    /// Adds another report's coverage of the same file: hits are summed, lines and branches
    /// united, functions merged by start line and name.
    pub fn merge(&mut self, other: FileCoverage) {
        for (line, hits) in other.lines {
            self.add_line_hits(line, hits);
        }
        if self.runs.is_empty() {
            self.runs = other.runs;
        } else if !other.runs.is_empty() {
            self.runs = runs::sum(&self.runs, &other.runs);
        }
        for ((line, id), hit) in other.branches {
            self.add_branch(line, id, hit);
        }
        for function in other.functions {
            self.add_function(function);
        }
    }
}

impl Coverage {
    /// Lines and branches of every file.
    pub fn tally(&self) -> CoverageTally {
        let mut tally = CoverageTally::default();
        for file in self.files.values() {
            tally.add(&file.tally(1..=u32::MAX));
        }
        tally
    }

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

    fn file(
        lines: &[(u32, u64)],
        branches: &[(u32, &str, Option<u64>)],
        functions: &[(&str, u32, u64)],
    ) -> FileCoverage {
        FileCoverage {
            lines: lines.iter().copied().collect(),
            branches: branches.iter().map(|(l, id, hit)| ((*l, (*id).to_owned()), *hit)).collect(),
            functions: functions
                .iter()
                .map(|(name, start, hits)| FunctionHit {
                    name: (*name).to_owned(),
                    start_line: *start,
                    end_line: None,
                    hits: *hits,
                })
                .collect(),
            runs: Vec::new(),
        }
    }

    #[test]
    fn merging_sums_hits_and_unites_lines() {
        let mut a = file(&[(1, 1), (2, 0)], &[(2, "0", None), (2, "1", Some(1))], &[("f", 1, 1)]);
        let b = file(&[(2, 3), (3, 0)], &[(2, "0", Some(2)), (2, "1", None)], &[("f", 1, 2), ("g", 5, 0)]);
        a.merge(b);
        assert_eq!(a.lines, [(1, 1), (2, 3), (3, 0)].into_iter().collect());
        assert_eq!(a.branch_counts(), (2, 2));
        assert_eq!(
            a.functions.iter().map(|f| (f.name.as_str(), f.hits)).collect::<Vec<_>>(),
            [("f", 3), ("g", 0)]
        );
    }

    #[test]
    fn tally_counts_lines_and_branches_in_a_range() {
        let f = file(
            &[(1, 1), (2, 0), (3, 5), (7, 0), (9, 2)],
            &[(2, "0,0", Some(1)), (2, "0,1", None), (3, "a", Some(0)), (9, "x", Some(3))],
            &[],
        );
        assert_eq!(f.tally(2..=7), CoverageTally { lines: 3, covered: 1, branches: 3, branches_covered: 1 });
        assert_eq!(f.tally(8..=8), CoverageTally::default());
        let (from, to) = (5, 4);
        assert_eq!(f.tally(from..=to), CoverageTally::default(), "an inverted range is empty");
        let whole = f.tally(1..=u32::MAX);
        assert_eq!(whole, CoverageTally { lines: 5, covered: 3, branches: 4, branches_covered: 2 });
        assert_eq!(whole.percent(), Some(60.0));
        assert_eq!(whole.branch_percent(), Some(50.0));
        assert_eq!(CoverageTally::default().percent(), None);
        let mut parts = f.tally(1..=3);
        parts.add(&f.tally(4..=9));
        assert_eq!(parts, whole);
    }

    #[test]
    fn runs_count_as_lines_and_settle_within_the_file() {
        // Lines 2-4 ran twice, 5-9 never (a block); line 5 also ran once in another record;
        // line 12 is alone; the block 100-4000000000 lies past the end of a 10-line file.
        let mut f = file(
            &[(5, 1), (12, 0)],
            &[(3, "0", Some(1)), (200, "0", Some(1))],
            &[("f", 2, 1), ("late", 300, 0)],
        );
        f.add_regions(vec![
            LineRun { first: 2, last: 4, hits: 2 },
            LineRun { first: 5, last: 9, hits: 0 },
            LineRun { first: 100, last: 4_000_000_000, hits: 1 },
        ]);
        assert_eq!(f.tally(1..=12), CoverageTally { lines: 9, covered: 4, branches: 1, branches_covered: 1 });
        assert_eq!(f.tally(1..=u32::MAX).lines, 9 + 3_999_999_901);
        assert_eq!(f.last_line(), 4_000_000_000);
        let settled = f.settled(10);
        assert!(settled.runs.is_empty());
        assert_eq!(
            settled.lines,
            [(2, 2), (3, 2), (4, 2), (5, 1), (6, 0), (7, 0), (8, 0), (9, 0)].into_iter().collect()
        );
        assert_eq!(settled.branch_counts(), (1, 1));
        assert_eq!(settled.functions.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["f"]);
        assert_eq!(settled.tally(1..=10), f.tally(1..=10));
        // Another report's block over lines 4-6 sums with these.
        let mut other = FileCoverage::default();
        other.add_regions(vec![LineRun { first: 4, last: 6, hits: 3 }]);
        f.merge(other);
        assert_eq!(
            f.settled(7).lines,
            [(2, 2), (3, 2), (4, 5), (5, 4), (6, 3), (7, 0)].into_iter().collect()
        );
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
