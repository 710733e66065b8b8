//! The result cache: a cached run's output is byte for byte a fresh run's, whatever changed
//! between runs (content, settings, plumb's version), whatever happened to the cache
//! (corruption, concurrent runs).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::util::{Tree, stdout};

const COMPLEX: &str = "def f(a, b, c):\n    if a:\n        return 1\n    elif b:\n        return 2\n    \
                       match c:\n        case 1:\n            return 3\n        case 2:\n            return 4\n    \
                       return 5\n";

/// Each entry of a cache: its bytes and when it was written.
fn entries(cache: &Path) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
    let mut entries = BTreeMap::new();
    for dir in std::fs::read_dir(cache).into_iter().flatten().flatten() {
        if !dir.file_type().unwrap().is_dir() {
            continue;
        }
        for file in std::fs::read_dir(dir.path()).unwrap().flatten() {
            if file.file_type().unwrap().is_dir() {
                continue;
            }
            let modified = file.metadata().unwrap().modified().unwrap();
            entries.insert(file.path(), (std::fs::read(file.path()).unwrap(), modified));
        }
    }
    entries
}

/// The output of `plumb ARGS` in the tree with the cache in `cache` (or `--no-cache`).
fn run(tree: &Tree, cache: Option<&Path>, args: &[&str]) -> String {
    let mut command = tree.plumb();
    command.arg(args[0]);
    match cache {
        Some(cache) => command.env("PLUMB_CACHE_DIR", cache),
        None => command.arg("--no-cache"),
    };
    let output = command.args(&args[1..]).output().unwrap();
    assert!(output.status.code().is_some_and(|code| code < 2), "{output:?}");
    stdout(&output)
}

/// Every format whose output a run's files decide, and its output: without a cache, with an
/// empty one, and with a full one.
fn assert_cached_like_fresh(tree: &Tree, cache: &Path, args: &[&str]) {
    for format in ["json", "human", "sarif"] {
        let mut args = args.to_vec();
        args.extend(["--format", format, "--no-progress"]);
        let fresh = run(tree, None, &[&["check"], &args[..]].concat());
        // SARIF records the command line, which differs by `--no-cache`.
        let fresh = fresh.replace("check --no-cache", "check");
        for _ in 0..2 {
            let cached = run(tree, Some(cache), &[&["check"], &args[..]].concat());
            assert!(cached == fresh, "{format} differs with the cache {}", cache.display());
        }
    }
}

#[test]
fn a_cached_run_is_a_fresh_run_byte_for_byte() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates");
    let tree = Tree::new(&[]);
    let copy = tree.join("crates");
    copy_tree(&crates, &copy);
    let cache = tempfile::tempdir().unwrap();
    assert_cached_like_fresh(&tree, cache.path(), &["crates"]);
    // A warm run writes nothing: every file was a hit.
    let before = entries(cache.path());
    assert!(before.len() > 100, "{}", before.len());
    run(&tree, Some(cache.path()), &["check", "crates"]);
    assert_eq!(entries(cache.path()), before);
    let metrics = |cache| run(&tree, cache, &["metrics", "--format", "json", "--top", "0", "crates"]);
    assert_eq!(metrics(Some(cache.path())), metrics(None));
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn a_changed_file_is_measured_again_and_only_it() {
    let tree = Tree::new(&[("a.py", COMPLEX), ("b.py", "def g():\n    return 1\n")]);
    let cache = tempfile::tempdir().unwrap();
    let args = ["--max-cyclomatic", "4"];
    assert_cached_like_fresh(&tree, cache.path(), &args);
    let before = entries(cache.path());
    assert_eq!(before.len(), 2);
    tree.write("b.py", COMPLEX.replace("def f", "def g").as_bytes());
    assert_cached_like_fresh(&tree, cache.path(), &args);
    let after = entries(cache.path());
    assert_eq!(after.len(), 3);
    // a.py's entry is the one it was.
    assert_eq!(after.iter().filter(|(path, entry)| before.get(*path) == Some(entry)).count(), 2);
    assert!(run(&tree, Some(cache.path()), &["check", "--max-cyclomatic", "4"]).contains("b.py:1:1"));
}

#[test]
fn settings_change_findings_and_counting_changes_entries() {
    let tree = Tree::new(&[("a.py", COMPLEX)]);
    let cache = tempfile::tempdir().unwrap();
    assert_cached_like_fresh(&tree, cache.path(), &[]);
    // Thresholds are applied after the cache: the same entry.
    tree.write("plumb.toml", b"[rules.cyclomatic-complexity]\nthreshold = 3\n");
    assert_cached_like_fresh(&tree, cache.path(), &[]);
    assert_eq!(entries(cache.path()).len(), 1);
    let json = run(&tree, Some(cache.path()), &["check", "--format", "json"]);
    // 1 + if, elif and two cases.
    assert!(json.contains(r#""cyclomatic":5"#) && json.contains("cyclomatic-complexity"), "{json}");
    // The counting conventions change the metrics: another entry. A switch counts 1: 1 + if,
    // elif and the match.
    tree.write("plumb.toml", b"[rules.cyclomatic-complexity]\nthreshold = 3\nvariant = \"modified\"\n");
    assert_cached_like_fresh(&tree, cache.path(), &[]);
    assert_eq!(entries(cache.path()).len(), 2);
    let json = run(&tree, Some(cache.path()), &["check", "--format", "json"]);
    assert!(json.contains(r#""cyclomatic":4"#), "{json}");
}

#[test]
fn another_version_of_plumb_never_reads_an_entry() {
    let tree = Tree::new(&[("a.py", COMPLEX)]);
    let cache = tempfile::tempdir().unwrap();
    run(&tree, Some(cache.path()), &["check"]);
    let first = entries(cache.path());
    let output = tree
        .plumb()
        .env("PLUMB_CACHE_DIR", cache.path())
        .env("PLUMB_TEST_CACHE_VERSION", "99.0.0")
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let second = entries(cache.path());
    assert_eq!(second.len(), 2);
    assert!(first.iter().all(|(path, entry)| second.get(path) == Some(entry)));
    assert_eq!(stdout(&output), run(&tree, None, &["check", "--format", "json"]));
}

#[test]
fn corrupt_entries_are_ignored_and_replaced() {
    let files: Vec<(String, String)> =
        (0..6).map(|n| (format!("m{n}.py"), COMPLEX.replace("def f", &format!("def f{n}")))).collect();
    let files: Vec<(&str, &str)> = files.iter().map(|(path, text)| (path.as_str(), text.as_str())).collect();
    let tree = Tree::new(&files);
    let cache = tempfile::tempdir().unwrap();
    run(&tree, Some(cache.path()), &["check"]);
    let whole = entries(cache.path());
    assert_eq!(whole.len(), 6);
    // Emptied, truncated, a byte changed, garbage, a directory, and another file's entry.
    let paths: Vec<&PathBuf> = whole.keys().collect();
    let mut flipped = whole[paths[2]].0.clone();
    let last = flipped.len() - 1;
    flipped[last] ^= 0x40;
    std::fs::write(paths[0], b"").unwrap();
    std::fs::write(paths[1], &whole[paths[1]].0[..20]).unwrap();
    std::fs::write(paths[2], flipped).unwrap();
    std::fs::write(paths[3], [0xFF; 5000]).unwrap();
    std::fs::remove_file(paths[4]).unwrap();
    std::fs::create_dir(paths[4]).unwrap();
    std::fs::write(paths[5], &whole[paths[0]].0).unwrap();
    assert_cached_like_fresh(&tree, cache.path(), &[]);
    let repaired = entries(cache.path());
    for (path, (bytes, _)) in &whole {
        if path != paths[4] {
            assert_eq!(&repaired[path].0, bytes, "{}", path.display());
        }
    }
}

#[test]
fn concurrent_runs_share_a_cache() {
    let files: Vec<(String, String)> = (0..60)
        .map(|n| (format!("d{}/m{n}.py", n % 4), COMPLEX.replace("def f", &format!("def f{n}"))))
        .collect();
    let files: Vec<(&str, &str)> = files.iter().map(|(path, text)| (path.as_str(), text.as_str())).collect();
    let tree = Tree::new(&files);
    let cache = tempfile::tempdir().unwrap();
    let fresh = run(&tree, None, &["check", "--format", "json"]);
    let children: Vec<_> = (0..4)
        .map(|_| {
            let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("plumb"));
            command
                .current_dir(tree.path())
                .env("PLUMB_CACHE_DIR", cache.path())
                .args(["check", "--format", "json", "-j", "2"])
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(String::from_utf8(output.stdout).unwrap() == fresh);
    }
    let entries = entries(cache.path());
    assert_eq!(entries.len(), 60, "no temporary file is left: {:?}", entries.keys());
    assert!(run(&tree, Some(cache.path()), &["check", "--format", "json"]) == fresh);
}

#[test]
fn no_cache_and_an_unwritable_cache() {
    let tree = Tree::new(&[("a.py", COMPLEX), ("not-a-dir", "")]);
    let cache = tree.join("cache");
    run(&tree, None, &["check", "a.py"]);
    let output = tree.plumb().args(["check", "--no-cache", "--cache-dir", "cache", "a.py"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(!cache.exists());
    // A cache that cannot be written: one warning, and the run goes on.
    let output = tree.plumb().args(["check", "--cache-dir", "not-a-dir/cache", "a.py"]).output().unwrap();
    let stderr = crate::util::stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert_eq!(stderr.matches("the result cache is not updated").count(), 1, "{stderr}");
}
