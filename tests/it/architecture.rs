//! The crate boundaries of ARCHITECTURE.md, checked: each crate depends only on the plumb
//! crates it is allowed to.

use std::collections::BTreeSet;

/// Each library crate and the plumb crates it may depend on.
const ALLOWED: &[(&str, &[&str])] = &[
    ("plumb-lang", &[]),
    ("plumb-metrics", &["plumb-lang"]),
    ("plumb-report", &[]),
    ("plumb-check", &["plumb-lang", "plumb-metrics", "plumb-report", "plumb-coverage"]),
    ("plumb-coverage", &[]),
    ("plumb-history", &[]),
    (
        "plumb-engine",
        &["plumb-lang", "plumb-metrics", "plumb-check", "plumb-report", "plumb-coverage", "plumb-history"],
    ),
];

/// The plumb crates named in the `[dependencies]` table of a manifest (not dev-dependencies).
fn plumb_dependencies(manifest: &str) -> BTreeSet<String> {
    dependencies(manifest).into_iter().filter(|name| name.starts_with("plumb-")).collect()
}

/// The crates named in the dependency tables of a manifest that its code builds with:
/// `[dependencies]` and the per-target ones (not dev-dependencies).
fn dependencies(manifest: &str) -> BTreeSet<String> {
    let mut in_dependencies = false;
    let mut found = BTreeSet::new();
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_dependencies = line == "[dependencies]" || line.ends_with(".dependencies]");
            continue;
        }
        if in_dependencies && !line.is_empty() && !line.starts_with('#') {
            let name = line.split(['.', ' ', '=']).next().unwrap_or_default();
            found.insert(name.to_owned());
        }
    }
    found
}

/// The lines of code (comments left out) of every `.rs` file under a directory, with their
/// paths and line numbers.
fn code_lines(dir: &std::path::Path) -> Vec<(std::path::PathBuf, usize, String)> {
    let mut lines = Vec::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|ext| ext != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for (number, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            lines.push((entry.path().to_path_buf(), number + 1, code.to_owned()));
        }
    }
    lines
}

fn crate_src(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("crates").join(name).join("src")
}

#[test]
fn library_crates_depend_only_on_what_they_may() {
    let crates = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/crates")).unwrap();
    let mut seen = BTreeSet::new();
    for entry in crates {
        let dir = entry.unwrap().path();
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let Some((_, allowed)) = ALLOWED.iter().find(|(crate_name, _)| *crate_name == name) else {
            panic!(
                "crates/{name} is not in the allow-list of tests/it/architecture.rs (and ARCHITECTURE.md)"
            );
        };
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
        let actual = plumb_dependencies(&manifest);
        let allowed: BTreeSet<String> = allowed.iter().map(|s| (*s).to_owned()).collect();
        assert!(actual.is_subset(&allowed), "crates/{name} depends on {actual:?}; allowed: {allowed:?}");
        seen.insert(name);
    }
    assert_eq!(seen.len(), ALLOWED.len(), "every crate in the allow-list exists");
}

/// Only the binary prints: the library crates deny the print lints.
#[test]
fn library_crates_do_not_print() {
    for (name, _) in ALLOWED {
        for (path, number, code) in code_lines(&crate_src(name)) {
            for call in ["println!", "eprintln!", "print!(", "eprint!(", "std::process::exit"] {
                assert!(
                    !code.contains(call),
                    "{}:{number}: a library crate must not print or exit",
                    path.display()
                );
            }
        }
    }
}

/// Command-line parsing is the binary's: no library crate depends on clap, and the options the
/// engine takes are plain structs the binary fills.
#[test]
fn no_clap_outside_the_binary() {
    for (name, _) in ALLOWED {
        let manifest = crate_src(name).parent().unwrap().join("Cargo.toml");
        let dependencies = dependencies(&std::fs::read_to_string(&manifest).unwrap());
        for binary_only in ["clap", "clap_complete", "clap_mangen", "indicatif", "anyhow"] {
            assert!(!dependencies.contains(binary_only), "crates/{name} depends on {binary_only}");
        }
        for (path, number, code) in code_lines(&crate_src(name)) {
            assert!(!code.contains("clap::"), "{}:{number}: clap outside the binary", path.display());
        }
    }
}

/// The engine serves the command line and editors alike, in one process or many: it reads
/// nothing of the process (working directory, environment, arguments), sets nothing
/// process-wide (rayon's global pool, the panic hook), and knows nothing of the binary.
#[test]
fn the_engine_holds_no_process_state() {
    let forbidden = [
        "current_dir",
        "set_current_dir",
        "env::var",
        "env::args",
        "build_global",
        "set_hook",
        "crate::cli",
        "crate::output",
        "crate::commands",
        "include!",
        "#[path",
    ];
    for (path, number, code) in code_lines(&crate_src("plumb-engine")) {
        for what in forbidden {
            assert!(!code.contains(what), "{}:{number}: `{what}` in the engine", path.display());
        }
    }
}
