//! Putting results that complete in any order back into input order.

use std::collections::BTreeMap;

/// Holds the results that complete ahead of an earlier one, and hands each on as soon as every
/// result before it has been: in input order, whatever the order they complete in.
pub(crate) struct Reorder<T> {
    /// The index of the next result to hand on.
    next: usize,
    /// Results completed ahead of `next`.
    waiting: BTreeMap<usize, T>,
}

impl<T> Reorder<T> {
    pub(crate) fn new() -> Self {
        Self { next: 0, waiting: BTreeMap::new() }
    }

    /// Takes the result at `index`, and hands on to `deliver` every result that is now next,
    /// in order.
    pub(crate) fn push(&mut self, index: usize, item: T, mut deliver: impl FnMut(T)) {
        if index != self.next {
            self.waiting.insert(index, item);
            return;
        }
        deliver(item);
        self.next += 1;
        while let Some(item) = self.waiting.remove(&self.next) {
            deliver(item);
            self.next += 1;
        }
    }

    /// How many results have been handed on: every one before this index.
    pub(crate) fn delivered(&self) -> usize {
        self.next
    }

    /// How many results wait for an earlier one.
    #[cfg(test)]
    pub(crate) fn waiting(&self) -> usize {
        self.waiting.len()
    }
}

#[cfg(test)]
mod tests {
    use super::Reorder;

    /// A fixed pseudo-random permutation of `0..n` (a linear congruential shuffle).
    fn shuffled(n: usize, seed: u64) -> Vec<usize> {
        let mut order: Vec<usize> = (0..n).collect();
        let mut state = seed;
        for i in (1..n).rev() {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let j = usize::try_from(state >> 33).unwrap() % (i + 1);
            order.swap(i, j);
        }
        order
    }

    #[test]
    fn results_are_handed_on_in_input_order_whatever_the_completion_order() {
        for seed in 1..=20 {
            let completion = shuffled(500, seed);
            assert_ne!(completion, (0..500).collect::<Vec<_>>());
            let mut reorder = Reorder::new();
            let mut delivered = Vec::new();
            for &index in &completion {
                reorder.push(index, format!("file{index:03}"), |item| delivered.push(item));
            }
            let expected: Vec<String> = (0..500).map(|index| format!("file{index:03}")).collect();
            assert_eq!(delivered, expected);
            assert_eq!(reorder.delivered(), 500);
            assert_eq!(reorder.waiting(), 0);
        }
    }

    #[test]
    fn a_result_waits_only_for_the_earlier_ones() {
        let mut reorder = Reorder::new();
        let mut delivered = Vec::new();
        reorder.push(2, 'c', |item| delivered.push(item));
        reorder.push(1, 'b', |item| delivered.push(item));
        assert!(delivered.is_empty());
        assert_eq!(reorder.waiting(), 2);
        reorder.push(0, 'a', |item| delivered.push(item));
        assert_eq!(delivered, ['a', 'b', 'c']);
        reorder.push(4, 'e', |item| delivered.push(item));
        assert_eq!(reorder.delivered(), 3);
        reorder.push(3, 'd', |item| delivered.push(item));
        assert_eq!(delivered, ['a', 'b', 'c', 'd', 'e']);
    }
}
