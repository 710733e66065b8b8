//! The crate boundaries of ARCHITECTURE.md, checked: each crate depends only on the plumb
//! crates it is allowed to.

use std::collections::BTreeSet;

/// Each library crate and the plumb crates it may depend on.
const ALLOWED: &[(&str, &[&str])] = &[
    ("plumb-text", &[]),
    ("plumb-lang", &[]),
    ("plumb-metrics", &["plumb-lang", "plumb-text"]),
    ("plumb-report", &["plumb-text"]),
    ("plumb-check", &["plumb-lang", "plumb-metrics", "plumb-report", "plumb-coverage", "plumb-text"]),
    ("plumb-coverage", &["plumb-report"]),
    ("plumb-history", &[]),
];

/// The plumb crates named in the `[dependencies]` table of a manifest (not dev-dependencies).
fn plumb_dependencies(manifest: &str) -> BTreeSet<String> {
    let mut in_dependencies = false;
    let mut found = BTreeSet::new();
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_dependencies = line == "[dependencies]";
            continue;
        }
        if in_dependencies && line.starts_with("plumb-") {
            let name = line.split(['.', ' ', '=']).next().unwrap_or_default();
            found.insert(name.to_owned());
        }
    }
    found
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
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("crates").join(name).join("src");
        for entry in walkdir::WalkDir::new(&dir) {
            let entry = entry.unwrap();
            if entry.path().extension().is_none_or(|ext| ext != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).unwrap();
            for (number, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or_default();
                for call in ["println!", "eprintln!", "print!(", "eprint!(", "std::process::exit"] {
                    assert!(
                        !code.contains(call),
                        "{}:{}: a library crate must not print or exit",
                        entry.path().display(),
                        number + 1
                    );
                }
            }
        }
    }
}

/// CONTRIBUTING.md's checklists name files that exist (a renamed table or script fails here).
#[test]
fn contributing_names_files_that_exist() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("CONTRIBUTING.md")).unwrap();
    let mut named = 0;
    for (i, quoted) in text.split('`').enumerate() {
        let path = quoted.split_whitespace().next().unwrap_or_default();
        let is_path = i % 2 == 1
            && path.contains('/')
            && !path.contains('<')
            && [".rs", ".md", ".sh", ".toml", ".yaml"].iter().any(|ext| path.ends_with(ext));
        if is_path {
            assert!(root.join(path).exists(), "CONTRIBUTING.md names `{path}`, which does not exist");
            named += 1;
        }
    }
    assert!(named > 20, "{named}");
}
