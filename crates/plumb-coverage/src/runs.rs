//! Runs of lines: regions kept as ranges. Both operations sweep over the runs' boundaries, so
//! their cost follows the number of regions, never the number of lines they span.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::LineRun;

/// Regions that may overlap (the blocks of one report) as sorted, disjoint runs: each line
/// gets the largest hits of the regions spanning it. Adjacent runs of equal hits are joined.
pub(crate) fn largest(mut regions: Vec<LineRun>) -> Vec<LineRun> {
    regions.retain(|region| region.first <= region.last);
    regions.sort_unstable_by_key(|region| region.first);
    let mut runs = Vec::new();
    // The regions spanning the current line, largest hits first; ended ones are dropped lazily.
    let mut open: BinaryHeap<(u64, Reverse<u32>)> = BinaryHeap::new();
    let mut next = 0;
    let mut line = regions.first().map_or(0, |region| u64::from(region.first));
    while next < regions.len() || !open.is_empty() {
        while next < regions.len() && u64::from(regions[next].first) <= line {
            open.push((regions[next].hits, Reverse(regions[next].last)));
            next += 1;
        }
        while open.peek().is_some_and(|&(_, Reverse(last))| u64::from(last) < line) {
            open.pop();
        }
        let Some(&(hits, Reverse(last))) = open.peek() else {
            // A gap: go on at the next region.
            match regions.get(next) {
                Some(region) => line = u64::from(region.first),
                None => break,
            }
            continue;
        };
        // The top region holds until it ends, a larger one starts, or (when a region under it
        // outlives it) it ends first; the next boundary is the nearest of those.
        let mut end = u64::from(last);
        if let Some(region) = regions.get(next) {
            end = end.min(u64::from(region.first) - 1);
        }
        push(&mut runs, line, end, hits);
        line = end + 1;
    }
    runs
}

/// Two lists of runs as one: the hits of a line in both are summed.
pub(crate) fn sum(left: &[LineRun], right: &[LineRun]) -> Vec<LineRun> {
    let mut bounds: Vec<u64> =
        left.iter().chain(right).flat_map(|run| [u64::from(run.first), u64::from(run.last) + 1]).collect();
    bounds.sort_unstable();
    bounds.dedup();
    let (mut on_left, mut on_right) = (0, 0);
    let mut runs = Vec::new();
    for pair in bounds.windows(2) {
        let (first, last) = (pair[0], pair[1] - 1);
        let hits_at = |runs: &[LineRun], at: &mut usize| {
            while runs.get(*at).is_some_and(|run| u64::from(run.last) < first) {
                *at += 1;
            }
            runs.get(*at).filter(|run| u64::from(run.first) <= first).map(|run| run.hits)
        };
        match (hits_at(left, &mut on_left), hits_at(right, &mut on_right)) {
            (None, None) => {}
            (from_left, from_right) => {
                let hits = from_left.unwrap_or(0).saturating_add(from_right.unwrap_or(0));
                push(&mut runs, first, last, hits);
            }
        }
    }
    runs
}

/// Whether a line is in one of sorted, disjoint runs.
pub(crate) fn holds(runs: &[LineRun], line: u32) -> bool {
    let at = runs.partition_point(|run| run.last < line);
    runs.get(at).is_some_and(|run| run.first <= line)
}

/// Appends lines `first..=last` (within `u32`), joined to the last run when they continue it
/// with the same hits.
fn push(runs: &mut Vec<LineRun>, first: u64, last: u64, hits: u64) {
    let (Ok(first), Ok(last)) = (u32::try_from(first), u32::try_from(last)) else { return };
    match runs.last_mut() {
        Some(run) if run.hits == hits && u64::from(run.last) + 1 == u64::from(first) => run.last = last,
        _ => runs.push(LineRun { first, last, hits }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(first: u32, last: u32, hits: u64) -> LineRun {
        LineRun { first, last, hits }
    }

    /// Each line's hits, one by one, for comparison.
    fn expand(runs: &[LineRun]) -> Vec<(u32, u64)> {
        runs.iter().flat_map(|r| (r.first..=r.last).map(move |line| (line, r.hits))).collect()
    }

    #[test]
    fn overlapping_regions_keep_the_largest_hits() {
        // 1-10 hit 2; 3-4 hit 5 inside it; 8-12 hit 0 across its end; 20-20 alone; 21-22 hit 0.
        let runs = largest(vec![run(8, 12, 0), run(1, 10, 2), run(3, 4, 5), run(20, 20, 1), run(21, 22, 0)]);
        assert_eq!(
            runs,
            [run(1, 2, 2), run(3, 4, 5), run(5, 10, 2), run(11, 12, 0), run(20, 20, 1), run(21, 22, 0)]
        );
        // Nested regions that end together, and a region inside a smaller-hit one.
        assert_eq!(largest(vec![run(1, 5, 1), run(2, 5, 1)]), [run(1, 5, 1)]);
        assert_eq!(largest(vec![run(1, 9, 0), run(4, 6, 3)]), [run(1, 3, 0), run(4, 6, 3), run(7, 9, 0)]);
        assert_eq!(
            largest(vec![run(5, 5, 1), run(1, u32::MAX, 0)]),
            [run(1, 4, 0), run(5, 5, 1), run(6, u32::MAX, 0)]
        );
        assert_eq!(largest(Vec::new()), []);
    }

    #[test]
    fn summing_adds_where_runs_meet() {
        let a = [run(1, 4, 1), run(10, 10, 0)];
        let b = [run(3, 6, 2), run(8, 9, 0)];
        assert_eq!(sum(&a, &b), [run(1, 2, 1), run(3, 4, 3), run(5, 6, 2), run(8, 10, 0)]);
        assert_eq!(expand(&sum(&a, &[])), expand(&a));
        assert_eq!(
            sum(&[run(u32::MAX, u32::MAX, 1)], &[run(1, u32::MAX, 1)]),
            [run(1, u32::MAX - 1, 1), run(u32::MAX, u32::MAX, 2)]
        );
        assert!(holds(&a, 4) && holds(&a, 10) && !holds(&a, 5) && !holds(&a, 11));
    }

    #[test]
    fn the_cost_follows_the_regions_not_their_lines() {
        // 10,000 regions of a billion lines each: as many runs as boundaries, no line spread.
        let regions: Vec<LineRun> =
            (0..10_000).map(|i| run(1 + i, 1_000_000_000 + i, u64::from(i))).collect();
        let runs = largest(regions);
        assert_eq!(runs.len(), 10_000);
        assert_eq!(runs.last(), Some(&run(10_000, 1_000_009_999, 9_999)));
    }
}
