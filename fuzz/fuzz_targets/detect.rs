//! Fuzzes format detection and the reader it picks, then path resolution of what was read.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use plumb_coverage::read;
use plumb_coverage::resolve::Resolver;

fuzz_target!(|data: &[u8]| {
    if let Ok(coverage) = read(&mut &data[..], None) {
        let files = ["src/lib.rs".to_owned(), "src/main/java/a/B.java".to_owned()];
        let path_map = [("/ci/".to_owned(), String::new())];
        let _ = Resolver { root: Path::new("/repo"), files: &files, path_map: &path_map }.resolve(coverage);
    }
});
