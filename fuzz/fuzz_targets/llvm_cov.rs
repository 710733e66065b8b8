//! Fuzzes the LlvmJson reader: any input gives a report or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use plumb_coverage::{Format, read};

fuzz_target!(|data: &[u8]| {
    let _ = read(&mut &data[..], Some(Format::LlvmJson));
});
