//! Keeping peak memory down when a run meets huge files.
//!
//! A tree-sitter tree takes tens of times the size of its source: a 2.5 MB generated table (one
//! array literal) needs 150 MB of nodes, a 3.9 MB grammar `parser.c` 100 MB. Parsed beside
//! other files, such trees add up; and once freed, the C allocator keeps the memory in the heap
//! of the thread that used it, so each worker would hold on to the largest tree it ever parsed.
//!
//! So a file larger than [`LARGE_FILE`] is analysed alone: it waits for the files over
//! [`SMALL_FILE`] in progress to finish, holds them back while it runs, and freed memory is
//! handed back to the system before and after it. Small files (trees of a few megabytes) go on
//! beside it, so that the other threads are not idle. The run takes large files first, before
//! the results of the others have piled up (`analyze::analyze_all`). On cargo's registry (10,279
//! files, 7 of them over 1 MiB, 10% of its bytes) this takes the peak from 335 MB to 190 MB.

use std::path::Path;
use std::sync::{PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// Files above this many bytes are analysed alone.
pub(crate) const LARGE_FILE: usize = 1 << 20;

/// Files up to this many bytes (trees of a few megabytes) may be analysed beside a large one.
pub(crate) const SMALL_FILE: usize = 64 << 10;

static GATE: RwLock<()> = RwLock::new(());

/// Permission to analyse one file: exclusive for large files, shared for medium ones, and
/// none needed for small ones.
pub(crate) struct Admission {
    _shared: Option<RwLockReadGuard<'static, ()>>,
    alone: Option<RwLockWriteGuard<'static, ()>>,
}

/// Whether the file at `path` is large enough to be analysed alone (it may grow or shrink
/// before it is read: [`admit`] decides on the text it gets).
pub(crate) fn is_large(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|metadata| metadata.len() > LARGE_FILE as u64)
}

/// Waits until a file of `len` bytes may be analysed. Hold the result while it is.
pub(crate) fn admit(len: usize) -> Admission {
    if len > LARGE_FILE {
        let alone = GATE.write().unwrap_or_else(PoisonError::into_inner);
        release_free_memory();
        Admission { _shared: None, alone: Some(alone) }
    } else if len > SMALL_FILE {
        Admission { _shared: Some(GATE.read().unwrap_or_else(PoisonError::into_inner)), alone: None }
    } else {
        Admission { _shared: None, alone: None }
    }
}

impl Drop for Admission {
    fn drop(&mut self) {
        // Still holding the gate: the others start again once the memory is back.
        if self.alone.is_some() {
            release_free_memory();
        }
    }
}

/// Returns the free pages of every allocator heap to the system (glibc keeps them otherwise).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
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

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn release_free_memory() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_file_excludes_all_but_small_ones() {
        let first = admit(SMALL_FILE + 1);
        let second = admit(LARGE_FILE);
        assert!(GATE.try_write().is_err(), "two medium files hold the gate together");
        drop((first, second));
        let large = admit(LARGE_FILE + 1);
        assert!(GATE.try_read().is_err(), "a large file holds the gate alone");
        let small = admit(SMALL_FILE);
        drop((large, small));
        assert!(GATE.try_write().is_ok());
    }
}
