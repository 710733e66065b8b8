//! Keeping peak memory down when a run meets huge files, without idling threads.
//!
//! A tree-sitter tree takes tens of times the size of its source: 14 to 40 bytes of nodes per
//! byte of code in every grammar measured, 26 for a C grammar's generated `parser.c` (99 MB for
//! 3.9 MB), and 67 for a Rust table of literals (encoding_rs's 2.6 MB `data.rs` needs 171 MB of
//! nodes). Parsed side by side, such trees add up; and once freed, the C allocator keeps the memory in the heap of
//! the thread that used it, so each worker would hold on to the largest tree it ever parsed.
//!
//! So the files of a run are handed out by a [`Queue`] that keeps the trees in memory at once
//! within a budget of [`TREE_BUDGET`] per thread. A file's tree is estimated from its size before
//! it is read ([`estimated_tree`]), and:
//!
//! - a file whose tree may exceed the whole budget is analysed one at a time, and does not
//!   count against the budget;
//! - files whose tree is at most [`SMALL_TREE`] go on beside anything;
//! - the others share the budget.
//!
//! So the trees in memory at once are bounded by the largest tree plus the budget, plus a small
//! tree for each thread.
//!
//! The queue is in decreasing estimate: the largest trees first, before the results of the other
//! files have piled up, and the smallest last, so that the threads finish together. A thread
//! whose next file does not fit takes the smallest one left instead of waiting. Freed memory is
//! handed back to the system before and after each file that takes half the budget or more.
//!
//! With a window (a streamed run, [`Queue::new`]), the files over the budget are pending from
//! the start, whatever the window, since they run one after another anyway. On cargo's registry
//! here (8,622 files; the largest, 14 grammars' `parser.c` of 2.1 to 4.8 MB, stand side by side
//! in path order) the other thread used to go through the window's small files beside them and
//! then wait for its larger ones, 3.8 s of a 10.8 s run. With files over the budget first and
//! the budget shared beside them, the run takes 8.9 to 9.6 s and peaks at about 150 MB (141 to
//! 152 MB before); the Linux kernel's peaks are about the same (156 to 167 MB with JSON, 209 MB
//! with SARIF, against 164 MB and 212 MB).
//!
//! Near the end of a streamed run, once fewer than a window's files would be left after the
//! window, the window takes them all, so that the last files too go largest first: a large one
//! reached last was analysed alone (npm's TypeScript, 5,823 files: a median of 436 ms over 15
//! runs, against 457, and the threads idle for 2 to 10 ms at the end, against 21 to 26).
//!
//! Once, on a registry with encoding_rs's `data.rs`, the peak was that tree plus what the
//! process holds anyway, 191 MB, where running every file side by side took 335 MB.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use plumb_lang::Language;

/// How many bytes of trees each thread may have in memory.
const TREE_BUDGET: u64 = 32 << 20;

/// Files with trees up to this size go on beside any other file, even one over the budget.
const SMALL_TREE: u64 = 4 << 20;

/// An upper estimate of the bytes a file's tree takes: its size times the most that tree-sitter
/// was measured to take per byte of source in the language (at most 40, except for Rust, whose
/// tables of literals take 67).
pub(crate) fn estimated_tree(size: u64, language: Option<Language>) -> u64 {
    let per_byte = if language == Some(Language::Rust) { 70 } else { 40 };
    size.saturating_mul(per_byte)
}

/// Hands out the indices of a run's files, largest tree first, within the memory budget and
/// within a window of files after the first one whose result has not been taken yet
/// ([`Queue::advance`]).
pub(crate) struct Queue {
    state: Mutex<State>,
    room: Condvar,
    budget: u64,
}

struct State {
    /// Files not yet handed out (those over the budget, and the window's), in decreasing cost.
    pending: VecDeque<Entry>,
    /// Every file's cost, by index.
    costs: Vec<u64>,
    /// Files before this index are in the window (handed out or pending).
    released: usize,
    /// How many files after the first untaken result the window holds.
    window: usize,
    /// The estimated trees of the files in analysis that are neither small nor over the budget.
    in_use: u64,
    /// Whether a file over the budget is in analysis.
    huge: bool,
}

impl State {
    /// Puts the files of the window that starts at `taken` among the pending ones, in
    /// decreasing cost; files of equal cost keep their order. Files over the `budget` are
    /// pending from the start. When fewer than a window's files would be left after it, they
    /// come too: the last files are handed out largest first, so that a large one among them
    /// is not analysed alone while the other threads have nothing left to do (on npm's
    /// TypeScript, webpack's 414 KB `types.d.ts`, among the last files in path order, kept one
    /// thread busy for 28 ms of a 450 ms run after the other had finished).
    fn release(&mut self, taken: usize, budget: u64) {
        let mut end = taken.saturating_add(self.window).min(self.costs.len());
        if self.costs.len() - end < self.window {
            end = self.costs.len();
        }
        if end <= self.released {
            return;
        }
        let mut fresh: Vec<Entry> = (self.released..end)
            .map(|index| Entry { index, cost: self.costs[index] })
            .filter(|entry| entry.cost <= budget)
            .collect();
        fresh.sort_by_key(|entry| std::cmp::Reverse(entry.cost));
        self.released = end;
        self.pending.extend(fresh);
        // Two runs in decreasing cost, which a stable sort merges in linear time; the pending
        // files, whose indices are the smaller, stay first among equal costs.
        self.pending.make_contiguous().sort_by_key(|entry| std::cmp::Reverse(entry.cost));
    }
}

/// What the queue can hand out now.
enum Take {
    File(Entry),
    /// Every file is handed out.
    Done,
    /// None fits yet, or the window holds none.
    Wait,
}

#[derive(Clone, Copy)]
struct Entry {
    index: usize,
    cost: u64,
}

/// One file handed out: analyse the file at `index` while holding it.
pub(crate) struct Ticket<'q> {
    queue: &'q Queue,
    pub(crate) index: usize,
    cost: u64,
}

impl Queue {
    /// A queue of files with these estimated trees in bytes (indices into `costs`), for
    /// `threads` threads, handing out the files over the budget and the `window` files from the
    /// first whose result is not taken yet (`usize::MAX`: every file, largest first).
    pub(crate) fn new(costs: &[u64], threads: usize, window: usize) -> Self {
        let budget = TREE_BUDGET.saturating_mul(threads.max(1) as u64);
        let mut huge: Vec<Entry> = (costs.iter().enumerate())
            .filter(|&(_, &cost)| cost > budget)
            .map(|(index, &cost)| Entry { index, cost })
            .collect();
        huge.sort_by_key(|entry| std::cmp::Reverse(entry.cost));
        let mut state = State {
            pending: huge.into(),
            costs: costs.to_vec(),
            released: 0,
            window: window.max(1),
            in_use: 0,
            huge: false,
        };
        state.release(0, budget);
        Self { state: Mutex::new(state), room: Condvar::new(), budget }
    }

    /// The results of the files before `taken` are taken: the window moves on past them.
    pub(crate) fn advance(&self, taken: usize) {
        let mut state = self.lock();
        let before = state.released;
        state.release(taken, self.budget);
        let moved = state.released > before;
        drop(state);
        if moved {
            self.room.notify_all();
        }
    }

    /// The next file to analyse, waiting until one fits (and, with a window, until the window
    /// holds one); `None` once every file is handed out.
    pub(crate) fn next(&self) -> Option<Ticket<'_>> {
        let mut state = self.lock();
        loop {
            match self.take(&mut state) {
                Take::File(entry) => return Some(self.hand_out(state, entry)),
                Take::Done => return None,
                Take::Wait => state = self.room.wait(state).unwrap_or_else(PoisonError::into_inner),
            }
        }
    }

    /// The next file to analyse if one can be handed out now: `Err(())` when [`Queue::next`]
    /// would wait (for room in the budget, or for the window to move on).
    pub(crate) fn try_next(&self) -> Result<Option<Ticket<'_>>, ()> {
        let mut state = self.lock();
        match self.take(&mut state) {
            Take::File(entry) => Ok(Some(self.hand_out(state, entry))),
            Take::Done => Ok(None),
            Take::Wait => Err(()),
        }
    }

    /// Takes the next file that fits off the pending ones, largest first, else the smallest.
    fn take(&self, state: &mut State) -> Take {
        let (Some(&front), Some(&back)) = (state.pending.front(), state.pending.back()) else {
            return if state.released == state.costs.len() { Take::Done } else { Take::Wait };
        };
        let entry = if self.fits(state, front.cost) {
            state.pending.pop_front()
        } else if self.fits(state, back.cost) {
            state.pending.pop_back()
        } else {
            None
        };
        entry.map_or(Take::Wait, Take::File)
    }

    /// Counts `entry` as in analysis and hands it out.
    fn hand_out(&self, mut state: MutexGuard<'_, State>, Entry { index, cost }: Entry) -> Ticket<'_> {
        if cost > self.budget {
            state.huge = true;
        } else if cost > SMALL_TREE {
            state.in_use += cost;
        }
        drop(state);
        if self.is_heavy(cost) {
            release_free_memory();
        }
        Ticket { queue: self, index, cost }
    }

    /// Whether a file of this estimated tree may start now: a small one always; one over the
    /// budget when no other is in analysis; the others while the budget has room.
    fn fits(&self, state: &State, cost: u64) -> bool {
        if cost <= SMALL_TREE {
            true
        } else if cost > self.budget {
            !state.huge
        } else {
            state.in_use + cost <= self.budget
        }
    }

    /// Whether freed memory is handed back around this file.
    fn is_heavy(&self, cost: u64) -> bool {
        cost >= self.budget / 2
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Ticket<'_> {
    /// Whether the file's tree is small ([`SMALL_TREE`]): quick to analyse.
    pub(crate) fn is_small(&self) -> bool {
        self.cost <= SMALL_TREE
    }
}

impl Drop for Ticket<'_> {
    fn drop(&mut self) {
        let queue = self.queue;
        if queue.is_heavy(self.cost) {
            // Before the others start again: the memory is back first.
            release_free_memory();
        }
        let mut state = queue.lock();
        if self.cost > queue.budget {
            state.huge = false;
        } else if self.cost > SMALL_TREE {
            state.in_use -= self.cost;
        }
        drop(state);
        queue.room.notify_all();
    }
}

/// Returns the free pages of jemalloc's arenas to the system, when it is the allocator.
#[cfg(all(feature = "jemalloc", unix))]
fn release_free_memory() {
    // Handing pages back only lowers the memory held: a failure changes nothing else.
    let _ = crate::allocator::release();
}

/// Returns the free pages of every allocator heap to the system (glibc keeps them otherwise).
#[cfg(all(target_os = "linux", target_env = "gnu", not(feature = "jemalloc")))]
#[allow(unsafe_code)]
fn release_free_memory() {
    unsafe extern "C" {
        /// glibc: releases free memory at the top of each heap and inside it (`madvise`).
        fn malloc_trim(pad: usize) -> std::ffi::c_int;
    }
    // SAFETY: `malloc_trim` takes a plain integer, has no preconditions and may be called from
    // any thread at any time; it changes no allocation that is in use.
    unsafe {
        malloc_trim(0);
    }
}

#[cfg(not(any(
    all(feature = "jemalloc", unix),
    all(target_os = "linux", target_env = "gnu", not(feature = "jemalloc"))
)))]
fn release_free_memory() {}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two threads: a budget of 80 MiB.
    const BUDGET: u64 = 2 * TREE_BUDGET;
    const SMALL: u64 = SMALL_TREE;
    const SHARED: u64 = BUDGET / 2;
    const HUGE: u64 = BUDGET + 1;

    fn take(queue: &Queue) -> Ticket<'_> {
        queue.next().expect("a file is left")
    }

    #[test]
    fn trees_are_estimated_from_size_and_language() {
        assert_eq!(estimated_tree(2_574_354, Some(Language::Rust)), 180_204_780);
        assert_eq!(estimated_tree(3_872_012, Some(Language::C)), 154_880_480);
        assert_eq!(estimated_tree(1000, None), 40_000);
    }

    #[test]
    fn files_come_largest_first_and_equal_costs_in_order() {
        let queue = Queue::new(&[10, HUGE, 10, SHARED], 2, usize::MAX);
        let order: Vec<usize> = std::iter::from_fn(|| queue.next().map(|ticket| ticket.index)).collect();
        assert_eq!(order, [1, 3, 0, 2]);
    }

    #[test]
    fn a_file_over_the_budget_runs_beside_the_budget() {
        let queue = Queue::new(&[HUGE, SHARED + 1, SHARED + 1, 10], 2, usize::MAX);
        let huge = take(&queue);
        assert_eq!(huge.index, 0);
        // It does not count against the budget: one tree over half of it goes on beside it, then
        // the small file, and the second tree over half waits for the first.
        let beside = || queue.try_next().expect("a file fits").expect("a file is left");
        let first = beside();
        assert_eq!(first.index, 1);
        let small = beside();
        assert_eq!(small.index, 3);
        assert!(queue.try_next().is_err(), "the budget is full");
        drop(first);
        assert_eq!(take(&queue).index, 2);
        drop((huge, small));
    }

    #[test]
    fn a_file_over_the_budget_starts_beside_any_other() {
        let queue = Queue::new(&[SHARED, HUGE, HUGE + 1], 2, usize::MAX);
        let first = take(&queue);
        assert_eq!(first.index, 2);
        let shared = take(&queue);
        assert_eq!(shared.index, 0, "the next file over the budget waits; another one comes");
        drop(first);
        let huge = queue
            .try_next()
            .expect("a tree that shares the budget does not hold it back")
            .expect("a file is left");
        assert_eq!(huge.index, 1);
        drop((shared, huge));
    }

    #[test]
    fn files_over_the_budget_are_handed_out_whatever_the_window() {
        let queue = Queue::new(&[10, 20, HUGE, 30, HUGE + 1], 2, 1);
        // The files over the budget come first, the larger first; beside them, the window.
        let huge = take(&queue);
        assert_eq!(huge.index, 4);
        let beside = queue.try_next().expect("the window's small file fits").expect("a file is left");
        assert_eq!(beside.index, 0);
        assert!(queue.try_next().is_err(), "the window holds one file");
        drop(huge);
        assert_eq!(take(&queue).index, 2);
        queue.advance(1);
        assert_eq!(take(&queue).index, 1);
        // The window never hands out a file over the budget again.
        queue.advance(3);
        assert_eq!(take(&queue).index, 3);
        queue.advance(5);
        assert!(queue.next().is_none());
        drop(beside);
    }

    #[test]
    fn files_over_the_budget_run_one_after_another() {
        let queue = Queue::new(&[HUGE, 10, HUGE + 1], 2, usize::MAX);
        let first = take(&queue);
        assert_eq!(first.index, 2);
        drop(first);
        let second = take(&queue);
        assert_eq!(second.index, 0);
        drop(second);
        assert_eq!(take(&queue).index, 1);
    }

    #[test]
    fn a_window_hands_out_only_files_near_the_first_untaken_result() {
        let queue = Queue::new(&[10, 20, 30, 40, 50], 2, 2);
        // Largest first, within the first two files.
        assert_eq!(take(&queue).index, 1);
        assert_eq!(take(&queue).index, 0);
        std::thread::scope(|scope| {
            let waiter = scope.spawn(|| take(&queue).index);
            std::thread::sleep(std::time::Duration::from_millis(50));
            assert!(!waiter.is_finished(), "the window is handed out");
            // The first result is taken: the window is files 1 and 2.
            queue.advance(1);
            assert_eq!(waiter.join().unwrap(), 2);
        });
        queue.advance(3);
        assert_eq!((take(&queue).index, take(&queue).index), (4, 3));
        assert!(queue.next().is_none());
    }

    #[test]
    fn the_last_files_come_largest_first_when_fewer_than_a_window_are_left() {
        let queue = Queue::new(&[10, 20, 30, 40, 50, 60], 2, 2);
        assert_eq!((take(&queue).index, take(&queue).index), (1, 0));
        queue.advance(2);
        assert_eq!((take(&queue).index, take(&queue).index), (3, 2));
        assert!(queue.try_next().is_err(), "four files are handed out, two are left");
        // One result taken: the window would end one file before the last, so the last comes
        // with it, and first.
        queue.advance(3);
        assert_eq!((take(&queue).index, take(&queue).index), (5, 4));
        queue.advance(6);
        assert!(queue.next().is_none());
    }

    #[test]
    fn trying_for_a_file_says_when_taking_one_would_wait() {
        let queue = Queue::new(&[10, 20, 30], 2, 1);
        let first = queue.try_next().expect("the window holds file 0").expect("a file is left");
        assert_eq!(first.index, 0);
        // File 0's result is not taken yet: the window has nothing more to hand out.
        assert!(queue.try_next().is_err());
        drop(first);
        assert!(queue.try_next().is_err(), "the result, not the ticket, moves the window");
        queue.advance(1);
        assert_eq!(queue.try_next().map(|ticket| ticket.map(|t| t.index)), Ok(Some(1)));
        queue.advance(3);
        assert_eq!(queue.try_next().map(|ticket| ticket.map(|t| t.index)), Ok(Some(2)));
        assert!(matches!(queue.try_next(), Ok(None)), "every file is handed out");

        let budget = Queue::new(&[HUGE, HUGE + 1], 2, usize::MAX);
        let huge = budget.try_next().unwrap().unwrap();
        assert!(budget.try_next().is_err(), "files over the budget run one at a time");
        drop(huge);
        assert_eq!(budget.try_next().map(|ticket| ticket.map(|t| t.index)), Ok(Some(0)));
    }

    #[test]
    fn large_trees_share_the_budget_and_small_ones_go_beside() {
        let queue = Queue::new(&[SHARED + 1, SHARED, SHARED, SMALL, 10], 2, usize::MAX);
        let first = take(&queue);
        assert_eq!(first.index, 0);
        // The next large tree does not fit beside the first: the smallest file comes instead.
        assert_eq!(take(&queue).index, 4);
        assert_eq!(take(&queue).index, 3);
        drop(first);
        // Two halves of the budget fit together.
        let (a, b) = (take(&queue), take(&queue));
        assert_eq!((a.index, b.index), (1, 2));
        assert!(queue.next().is_none());
    }
}
