//! Byte compares of no bytes that return at once, for the binaries that parse.
//!
//! tree-sitter compares external scanners' states with `memcmp(a, b, length)` each time it
//! looks up a cached token. For a grammar without an external scanner (Java, Go, C, JSON) every
//! state is the empty one: a constant in the C library's read-only data, compared with itself,
//! `length` 0. Nothing is read, yet on a CPU with AVX-512 (AMD Zen 4, recent Intel Xeons)
//! glibc's `memcmp` loads its bytes with a masked vector load, and an empty mask does not map
//! in a page that is not mapped yet: the load takes a microcode assist, about 260 ns, and the
//! next call takes it again. A file-backed page is mapped when something else on it, or on a
//! neighbour the kernel maps around a fault, is read first; whether that happens depends on
//! what the linker put beside the constant. In one build of the parse bench it never happened,
//! and the Java corpus took 13% longer to parse (700,000 such calls).
//!
//! [`zero_length_compares!`](crate::zero_length_compares) defines `__wrap_memcmp` and
//! `__wrap_bcmp`, which return 0 for no bytes and call the C library's function otherwise. A
//! binary that invokes it links with `-Wl,--wrap=memcmp,--wrap=bcmp` (its build script prints
//! the flag for the same targets the macro compiles for: Linux with glibc), so every call in
//! the binary, the grammars' and Rust's own, goes through them. Elsewhere the macro expands
//! to nothing: macOS's, Windows' and musl's `memcmp` use no masked loads.

/// Defines the `__wrap_memcmp` and `__wrap_bcmp` a binary linked with
/// `-Wl,--wrap=memcmp,--wrap=bcmp` calls (see the [module](crate::compares)). Invoke it once,
/// at the top of a binary's root module, and print the link flag from its build script:
///
/// ```text
/// if target_os == "linux" && target_env == "gnu" {
///     println!("cargo:rustc-link-arg-bins=-Wl,--wrap=memcmp,--wrap=bcmp");
/// }
/// ```
#[macro_export]
macro_rules! zero_length_compares {
    () => {
        #[cfg(all(target_os = "linux", target_env = "gnu"))]
        mod zero_length_compares {
            use std::ffi::{c_int, c_void};

            unsafe extern "C" {
                fn __real_memcmp(left: *const c_void, right: *const c_void, len: usize) -> c_int;
                fn __real_bcmp(left: *const c_void, right: *const c_void, len: usize) -> c_int;
            }

            /// `memcmp`: 0 for no bytes, else the C library's answer.
            ///
            /// # Safety
            ///
            /// `memcmp`'s: `left` and `right` are valid for reads of `len` bytes.
            #[unsafe(no_mangle)]
            unsafe extern "C" fn __wrap_memcmp(
                left: *const c_void,
                right: *const c_void,
                len: usize,
            ) -> c_int {
                if len == 0 {
                    return 0;
                }
                // SAFETY: the caller's promise, passed on.
                unsafe { __real_memcmp(left, right, len) }
            }

            /// `bcmp`: 0 for no bytes, else the C library's answer.
            ///
            /// # Safety
            ///
            /// `bcmp`'s: `left` and `right` are valid for reads of `len` bytes.
            #[unsafe(no_mangle)]
            unsafe extern "C" fn __wrap_bcmp(left: *const c_void, right: *const c_void, len: usize) -> c_int {
                if len == 0 {
                    return 0;
                }
                // SAFETY: the caller's promise, passed on.
                unsafe { __real_bcmp(left, right, len) }
            }
        }
    };
}
