//! The crate boundaries of ARCHITECTURE.md, checked: each crate depends only on the plumb
//! crates it is allowed to.

use std::collections::{BTreeMap, BTreeSet};

/// Each library crate and the plumb crates it may depend on.
const ALLOWED: &[(&str, &[&str])] = &[
    ("plumb-text", &[]),
    ("plumb-lang", &[]),
    ("plumb-metrics", &["plumb-lang", "plumb-text"]),
    ("plumb-report", &["plumb-text"]),
    ("plumb-check", &["plumb-lang", "plumb-metrics", "plumb-report", "plumb-coverage", "plumb-text"]),
    ("plumb-coverage", &["plumb-report"]),
    ("plumb-history", &[]),
    (
        "plumb-engine",
        &["plumb-lang", "plumb-metrics", "plumb-check", "plumb-report", "plumb-coverage", "plumb-history"],
    ),
    ("plumb-server", &["plumb-check", "plumb-report", "plumb-coverage", "plumb-engine"]),
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

/// The binary is glue over the engine: it walks no directory, reads no configuration file and
/// runs no thread pool of its own (the crates that do are the engine's, not its).
#[test]
fn the_binary_is_glue() {
    let manifest = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml")).unwrap();
    let package = &manifest[manifest.find("[package]").unwrap()..];
    let binary = dependencies(package);
    for engine_only in ["ignore", "globset", "toml", "rayon"] {
        assert!(!binary.contains(engine_only), "the binary depends on {engine_only}");
    }
    let engine = crate_src("plumb-engine").parent().unwrap().join("Cargo.toml");
    let engine = dependencies(&std::fs::read_to_string(engine).unwrap());
    assert!(!engine.contains("plumb"), "the engine depends on the binary's package");
}

/// The modules of the binary (`commands::check` for `src/commands/check.rs`; the crate root,
/// `main.rs`, is ``) and the modules each one names through `crate::` paths.
fn binary_imports() -> BTreeMap<String, BTreeSet<String>> {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lines = code_lines(&src);
    let module_of = |path: &std::path::Path| {
        let relative = path.strip_prefix(&src).unwrap().with_extension("");
        let mut parts: Vec<String> =
            relative.components().map(|part| part.as_os_str().to_string_lossy().into_owned()).collect();
        if parts.last().is_some_and(|last| last == "mod" || last == "main") {
            parts.pop();
        }
        parts.join("::")
    };
    let modules: BTreeSet<String> = lines.iter().map(|(path, _, _)| module_of(path)).collect();
    let mut imports: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    for (path, _, code) in &lines {
        let text = texts.entry(module_of(path)).or_default();
        text.push_str(code);
        text.push('\n');
    }
    for (module, text) in &texts {
        let named = imports.entry(module.clone()).or_default();
        for (at, _) in text.match_indices("crate::") {
            for path in expand_paths(&text[at + "crate::".len()..]) {
                // The longest module the path starts with; none is the crate root.
                let segments: Vec<&str> = path.split("::").collect();
                let target = (1..=segments.len())
                    .rev()
                    .map(|n| segments[..n].join("::"))
                    .find(|candidate| modules.contains(candidate))
                    .unwrap_or_default();
                if target != *module {
                    named.insert(target);
                }
            }
        }
    }
    imports
}

/// The paths a `use` or a path expression names, from the text after `crate::`:
/// `cli::{Color, InputArgs}` names `cli::Color` and `cli::InputArgs`.
fn expand_paths(text: &str) -> Vec<String> {
    let mut prefix = String::new();
    for (at, c) in text.char_indices() {
        if c.is_alphanumeric() || c == '_' || c == ':' {
            prefix.push(c);
            continue;
        }
        if c != '{' {
            break;
        }
        // A group: split at its top-level commas, each item expanded after the prefix.
        let mut depth = 0;
        let mut items = vec![String::new()];
        for (_, c) in text[at + 1..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => break,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    items.push(String::new());
                    continue;
                }
                _ => {}
            }
            items.last_mut().unwrap().push(c);
        }
        return items
            .iter()
            .map(|item| item.trim())
            .filter(|item| !item.is_empty() && *item != "self")
            .flat_map(|item| expand_paths(item).into_iter().map(|path| format!("{prefix}{path}")))
            .collect();
    }
    vec![prefix.trim_end_matches(':').to_owned()]
}

/// Visits the modules `module` names, depth first, with the path followed so far; panics on a
/// cycle.
fn visit<'a>(
    module: &'a str,
    imports: &'a BTreeMap<String, BTreeSet<String>>,
    path: &mut Vec<&'a str>,
    done: &mut BTreeSet<&'a str>,
) {
    if let Some(start) = path.iter().position(|seen| *seen == module) {
        panic!("an import cycle in src/: {} -> {module}", path[start..].join(" -> "));
    }
    if !done.insert(module) {
        return;
    }
    path.push(module);
    for next in imports.get(module).into_iter().flatten().filter(|next| !next.is_empty()) {
        visit(next, imports, path, done);
    }
    path.pop();
}

/// `src/` has no import cycle: each module can be read, and moved, after the ones it names. The
/// crate root is left out: it declares every module, dispatches to the commands, and holds the
/// `ExitStatus` they return.
#[test]
fn the_binary_has_no_import_cycles() {
    let imports = binary_imports();
    assert!(imports.contains_key("commands::check"), "the binary's modules are found: {imports:?}");
    assert!(imports["commands::check"].contains("cli"), "imports are found: {imports:?}");
    let mut done = BTreeSet::new();
    for module in imports.keys().filter(|module| !module.is_empty()) {
        visit(module, &imports, &mut Vec::new(), &mut done);
    }
}

#[test]
fn import_paths_are_expanded() {
    assert_eq!(expand_paths("cli::{Color, InputArgs};"), ["cli::Color", "cli::InputArgs"]);
    assert_eq!(
        expand_paths("{ExitStatus, commands::{self, check::run}};"),
        ["ExitStatus", "commands::check::run"]
    );
    assert_eq!(expand_paths("output::warning(&message);"), ["output::warning"]);
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
