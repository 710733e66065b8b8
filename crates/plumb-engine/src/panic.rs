//! The messages of panics caught while analysing a file.
//!
//! A panic while analysing one file is caught, and the file reported with the panic's message
//! as a problem; the run goes on. The message comes from the panic's payload. The process's
//! panic hook, which the program sets (the engine sets nothing process-wide), can also record
//! where the panic happened: a hook that calls [`record`] makes the message end with
//! `at file:line`, and keeps the default hook from printing it.

use std::any::Any;
use std::cell::RefCell;
use std::panic::PanicHookInfo;

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Records a panic's message and location for the thread that catches it: the body of a panic
/// hook (`std::panic::set_hook(Box::new(plumb_engine::panic::record))`).
pub fn record(info: &PanicHookInfo<'_>) {
    let message = payload_text(info.payload()).unwrap_or_else(|| "unknown panic".to_owned());
    let location = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
    LAST_PANIC.with(|last| *last.borrow_mut() = Some(format!("{message}{location}")));
}

/// The message of the last panic [`record`]ed on this thread, taken.
pub fn take() -> Option<String> {
    LAST_PANIC.with(|last| last.borrow_mut().take())
}

/// The message of a panic caught with this payload: as [`record`]ed on this thread, else the
/// payload's text.
pub(crate) fn message(payload: &(dyn Any + Send)) -> String {
    take().or_else(|| payload_text(payload)).unwrap_or_else(|| "unknown panic".to_owned())
}

/// The text a panic was raised with, when it is text.
fn payload_text(payload: &(dyn Any + Send)) -> Option<String> {
    payload
        .downcast_ref::<&str>()
        .map(ToString::to_string)
        .or_else(|| payload.downcast_ref::<String>().cloned())
}
