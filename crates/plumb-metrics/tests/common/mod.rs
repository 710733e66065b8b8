//! The corpus the large tests share: the packages in cargo's registry that this workspace's
//! `Cargo.lock` pins, so that it is the same on every machine whatever else the registry holds.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// `$CARGO_HOME/registry/src` (by default `~/.cargo/registry/src`).
pub(crate) fn registry_src() -> PathBuf {
    let cargo_home = std::env::var_os("CARGO_HOME").map_or_else(
        || PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cargo"),
        PathBuf::from,
    );
    cargo_home.join("registry").join("src")
}

/// The `name-version` directories of the packages this workspace's `Cargo.lock` pins.
fn locked_packages() -> HashSet<String> {
    let lock = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../Cargo.lock"))
        .expect("Cargo.lock at the workspace root");
    let mut packages = HashSet::new();
    let mut name = None;
    for line in lock.lines() {
        if let Some(value) = line.strip_prefix("name = ") {
            name = Some(value.trim_matches('"').to_owned());
        } else if let (Some(value), Some(n)) = (line.strip_prefix("version = "), name.take()) {
            packages.insert(format!("{n}-{}", value.trim_matches('"')));
        }
    }
    packages
}

/// The files under `root` that `keep` accepts, sorted. With `locked_only`, `root` is a registry
/// source directory (`<index>/<name-version>/...`) and only the locked packages are read.
pub(crate) fn files_under(root: &Path, locked_only: bool, keep: impl Fn(&Path) -> bool) -> Vec<PathBuf> {
    let locked = locked_only.then(locked_packages);
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_entry(|e| {
            let package_dir = e.depth() == 2 && e.file_type().is_dir();
            !package_dir
                || locked.as_ref().is_none_or(|l| l.contains(e.file_name().to_string_lossy().as_ref()))
        })
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && keep(e.path()))
        .map(walkdir::DirEntry::into_path)
        .collect();
    files.sort();
    files
}

/// Runs `work` on every file, on one thread per CPU, each thread with its own `state`.
pub(crate) fn each_in_parallel<S>(
    files: &[PathBuf],
    state: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, &Path) + Sync,
) {
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                let mut state = state();
                while let Some(path) = files.get(next.fetch_add(1, Ordering::Relaxed)) {
                    work(&mut state, path);
                }
            });
        }
    });
}
