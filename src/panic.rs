//! Panics: a panic while analysing a file is caught and reported with the file by the engine;
//! one anywhere else ends the run with exit status 2 and a message, never Rust's 101.

/// Routes panic messages (with where they happened) to the thread that caught them instead of
/// printing them.
pub(crate) fn install_hook() {
    std::panic::set_hook(Box::new(plumb_engine::panic::record));
}

/// The message of the last panic on this thread.
pub(crate) fn take() -> String {
    plumb_engine::panic::take().unwrap_or_else(|| "unknown panic".to_owned())
}

/// In debug builds, for the end-to-end tests of failure paths: a file whose path ends with
/// `$PLUMB_TEST_PANIC_ON` panics while it is analysed.
pub(crate) fn test_target() -> Option<String> {
    if cfg!(debug_assertions) {
        std::env::var("PLUMB_TEST_PANIC_ON").ok().filter(|t| !t.is_empty())
    } else {
        None
    }
}
