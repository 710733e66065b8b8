//! Stepping over quiet subtrees ([`plumb_lang::Telltales`]) must not change a metric: every
//! file of the registry's locked packages that plumb reads, of the local Python's standard
//! library, of the corpus `scripts/corpus.sh fetch` keeps (when it is there: Java, Go,
//! JavaScript, TypeScript, C++, C# and every other language) and every fixture, is measured by
//! an analyzer that steps over them and by one that visits every node, and the two must agree
//! exactly (functions, decision points, lines, comments, errors).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use plumb_lang::Language;
use plumb_metrics::Analyzer;

/// Largest file measured, as `plumb check`'s default limit.
const MAX_FILE_SIZE: u64 = 5 * 1024 * 1024;

fn measurable(path: &Path) -> Option<(Language, Vec<u8>)> {
    let too_big = std::fs::metadata(path).map_or(true, |m| m.len() > MAX_FILE_SIZE);
    if too_big {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    let language = Language::from_path(path, &bytes[..bytes.len().min(512)])?;
    Some((language, bytes))
}

/// The standard library of the local python3 (which the test suite needs), without
/// site-packages.
fn python_stdlib() -> PathBuf {
    let output = std::process::Command::new("python3")
        .args(["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"])
        .output()
        .expect("python3 is needed");
    let stdlib = PathBuf::from(String::from_utf8(output.stdout).expect("a UTF-8 path").trim());
    assert!(stdlib.join("os.py").is_file(), "no standard library at {}", stdlib.display());
    stdlib
}

/// The sources `scripts/corpus.sh fetch` keeps (`$PLUMB_CORPUS/src`, by default
/// `~/.cache/plumb-corpus/src`), when they are there. A `PLUMB_CORPUS` that names no corpus is
/// an error, not a corpus left out.
fn fetched_corpus() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("PLUMB_CORPUS") {
        let src = PathBuf::from(dir).join("src");
        assert!(
            src.is_dir(),
            "PLUMB_CORPUS names no corpus: {} (run scripts/corpus.sh fetch)",
            src.display()
        );
        return Some(src);
    }
    let src = PathBuf::from(std::env::var_os("HOME")?).join(".cache/plumb-corpus/src");
    src.is_dir().then_some(src)
}

/// The files of each language the fetched corpus must have let the test measure: enough that
/// a language cannot pass without being tried.
const FETCHED: &[(Language, usize)] = &[
    (Language::Java, 2_000),
    (Language::Go, 2_000),
    (Language::JavaScript, 2_000),
    (Language::TypeScript, 2_000),
    (Language::Cpp, 500),
    (Language::CSharp, 50),
    (Language::Ruby, 500),
    (Language::Php, 500),
    (Language::Kotlin, 500),
    (Language::Swift, 100),
    (Language::Lua, 100),
    (Language::ObjectiveC, 500),
    (Language::Bash, 100),
    (Language::Dart, 300),
    (Language::Scala, 500),
    (Language::Haskell, 300),
    (Language::Zig, 80),
    (Language::PowerShell, 200),
    (Language::Fortran, 150),
    (Language::Elixir, 400),
    (Language::R, 400),
    (Language::OCaml, 1_000),
    (Language::Solidity, 150),
    (Language::Erlang, 1_000),
    (Language::Julia, 250),
    (Language::GDScript, 420),
    (Language::Elm, 60),
    // Components: their scripts step over quiet subtrees with JavaScript's and TypeScript's
    // telltales.
    (Language::Vue, 300),
    (Language::Svelte, 300),
];

#[test]
#[ignore = "corpus: reads the cargo registry, the Python standard library and the fetched corpus"]
fn stepping_over_quiet_subtrees_changes_no_metric() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files: Vec<PathBuf> = common::files_under(&common::registry_src(), true, |_| true);
    files.extend(common::files_under(&fixtures, false, |_| true));
    let in_stdlib = |path: &Path| {
        path.extension().is_some_and(|x| x == "py")
            && !path.components().any(|c| c.as_os_str() == "site-packages")
    };
    files.extend(common::files_under(&python_stdlib(), false, in_stdlib));
    let fetched = fetched_corpus();
    match &fetched {
        Some(src) => files.extend(common::files_under(src, false, |_| true)),
        None => println!("no fetched corpus (scripts/corpus.sh fetch): {FETCHED:?} not measured"),
    }
    let measured = Mutex::new(BTreeMap::<Language, usize>::new());
    let differing = Mutex::new(Vec::new());
    let analyzers = || (Analyzer::new(), Analyzer::visiting_every_node());
    common::each_in_parallel(&files, analyzers, |(quick, full), path| {
        let Some((language, bytes)) = measurable(path) else { return };
        if quick.analyze(&bytes, language) != full.analyze(&bytes, language) {
            differing.lock().unwrap().push(path.display().to_string());
        }
        *measured.lock().unwrap().entry(language).or_default() += 1;
    });
    let (measured, mut differing) = (measured.into_inner().unwrap(), differing.into_inner().unwrap());
    println!("measured both ways: {measured:?}");
    differing.sort();
    assert!(differing.is_empty(), "metrics differ in {} files: {differing:#?}", differing.len());
    // The languages with telltales must have been tried on real code.
    assert!(measured.get(&Language::Rust).copied().unwrap_or(0) >= 1_000, "{measured:?}");
    assert!(measured.get(&Language::C).copied().unwrap_or(0) >= 50, "{measured:?}");
    assert!(measured.get(&Language::Python).copied().unwrap_or(0) >= 1_000, "{measured:?}");
    for &(language, least) in FETCHED.iter().filter(|_| fetched.is_some()) {
        assert!(
            measured.get(&language).copied().unwrap_or(0) >= least,
            "{language:?}: fewer than {least} files in the fetched corpus (did `scripts/corpus.sh \
             fetch` leave out its sources? it says which it could not fetch): {measured:?}"
        );
    }
}
