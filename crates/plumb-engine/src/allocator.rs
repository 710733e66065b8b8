//! jemalloc as the allocator of the program and of tree-sitter (the `jemalloc` feature, on Unix).
//!
//! Parsing is mostly allocation: tree-sitter takes and frees millions of small nodes per second.
//! glibc's allocator merges the chunks a freed tree leaves whenever a larger block is asked for
//! (the next file's text, a report's entries), and the next parse splits them again: on Go's
//! sources, a `plumb check` spent 19% of its time in glibc's allocator, against 13% for a bare
//! parse. jemalloc serves each size class from slabs of its own, through a cache per thread, and
//! merges nothing. Runs take about a tenth less time with it (docs/performance.md).
//!
//! Freed pages go back to the system 100 ms after they were last used (`dirty_decay_ms`; with
//! the default, 10 s, cargo's registry peaked at 235 MB, against 153 MB with glibc), and at once
//! around a file whose tree takes half the memory budget (`release`, called by the run's queue).
//!
//! The program declares the allocator (`#[global_allocator] static A: Jemalloc = Jemalloc;`)
//! and calls [`install`] before it uses tree-sitter.

#![allow(unsafe_code)]

use std::ffi::{c_char, c_void};
use std::ptr::null_mut;

pub use tikv_jemallocator::Jemalloc;

/// jemalloc's options, which it reads when it starts (before `main`): return freed pages to the
/// system 100 ms after their last use, without keeping them in between (`muzzy`).
#[unsafe(export_name = "_rjem_malloc_conf")]
pub static MALLOC_CONF: Option<&'static c_char> =
    // SAFETY: the pointer is to the first byte of a string literal, which lives forever.
    Some(unsafe { &*c"dirty_decay_ms:100,muzzy_decay_ms:0".as_ptr() });

/// Makes tree-sitter allocate with jemalloc. Call it before any other use of tree-sitter, on
/// one thread: trees made before would be freed by the wrong allocator.
pub fn install() {
    // SAFETY: the four functions are jemalloc's, which never return null but when out of
    // memory, align as malloc does and free only what each other allocated. The caller calls
    // this first, before any tree-sitter object exists and while no other thread uses it.
    unsafe {
        tree_sitter::set_allocator(Some(tree_sitter::Allocator {
            malloc: tikv_jemalloc_sys::malloc,
            calloc: tikv_jemalloc_sys::calloc,
            realloc: tikv_jemalloc_sys::realloc,
            free: tikv_jemalloc_sys::free,
        }));
    }
}

/// Returns the free pages of every arena to the system now; whether jemalloc did. A failure
/// changes nothing but the memory held, so callers may ignore it.
pub(crate) fn release() -> bool {
    // `arena.<i>.purge` with i = MALLCTL_ARENAS_ALL (4096): every arena.
    let name = c"arena.4096.purge";
    // SAFETY: the name is a NUL-terminated string, and this control takes and returns no value
    // (null pointers and zero lengths). It may be called from any thread at any time.
    let status =
        unsafe { tikv_jemalloc_sys::mallctl(name.as_ptr(), null_mut(), null_mut(), null_mut::<c_void>(), 0) };
    status == 0
}

#[cfg(test)]
mod tests {
    use std::ffi::CStr;
    use std::ptr::null_mut;

    /// Reads a `size_t`-sized option of jemalloc's.
    fn option(name: &CStr) -> isize {
        let mut value: isize = 0;
        let mut size = std::mem::size_of::<isize>();
        // SAFETY: `value` has room for the option's `ssize_t`, whose size `size` gives.
        let status = unsafe {
            tikv_jemalloc_sys::mallctl(name.as_ptr(), (&raw mut value).cast(), &raw mut size, null_mut(), 0)
        };
        assert_eq!(status, 0, "mallctl {name:?}");
        value
    }

    #[test]
    fn every_arena_hands_its_free_pages_back() {
        assert!(super::release(), "jemalloc knows `arena.4096.purge`");
    }

    #[test]
    fn jemalloc_reads_plumbs_options() {
        assert_eq!(option(c"opt.dirty_decay_ms"), 100);
        assert_eq!(option(c"opt.muzzy_decay_ms"), 0);
    }
}
