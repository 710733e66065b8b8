use std::fs;

use plumb_lang::Language;
use plumb_metrics::{Analyzer, Counting, CyclomaticVariant, FileMetrics};

use super::{Cache, CacheStats};

const SOURCE: &str = "def f(a):\n    if a:\n        return 1\n    return 2\n";

fn measured(text: &str) -> FileMetrics {
    Analyzer::new().analyze(text.as_bytes(), Language::Python)
}

/// Every entry file in the cache.
fn entries(cache: &Cache) -> Vec<std::path::PathBuf> {
    let mut entries: Vec<_> = cache.files().into_iter().map(|(path, _, _)| path).collect();
    entries.sort();
    entries
}

fn stored(cache: &Cache, text: &str) -> FileMetrics {
    let metrics = measured(text);
    cache.put(cache.key(Language::Python, Counting::default(), text), &metrics);
    metrics
}

fn lookup(cache: &Cache, text: &str) -> Option<FileMetrics> {
    cache.get(cache.key(Language::Python, Counting::default(), text), Language::Python, Counting::default())
}

#[test]
fn nothing_is_created_until_written() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::new(dir.path().join("cache"), "1", Cache::DEFAULT_MAX_SIZE);
    assert_eq!(lookup(&cache, SOURCE), None);
    assert!(!dir.path().join("cache").exists());
    assert_eq!(cache.stats(), CacheStats { hits: 0, misses: 1, written: 0 });
    let metrics = stored(&cache, SOURCE);
    assert!(dir.path().join("cache/CACHEDIR.TAG").is_file());
    assert_eq!(lookup(&cache, SOURCE), Some(metrics));
    assert_eq!(cache.stats().hits, 1);
}

#[test]
fn every_part_of_the_key_counts() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::new(dir.path(), "1", Cache::DEFAULT_MAX_SIZE);
    stored(&cache, SOURCE);
    // The text, the version, the language and the counting conventions.
    assert_eq!(lookup(&cache, &SOURCE.replace('1', "3")), None);
    assert_eq!(lookup(&Cache::new(dir.path(), "2", Cache::DEFAULT_MAX_SIZE), SOURCE), None);
    let modified = Counting { variant: CyclomaticVariant::Modified, ..Counting::default() };
    let key = cache.key(Language::Python, modified, SOURCE);
    assert_eq!(cache.get(key, Language::Python, modified), None);
    let key = cache.key(Language::Ruby, Counting::default(), SOURCE);
    assert_eq!(cache.get(key, Language::Ruby, Counting::default()), None);
    assert!(lookup(&cache, SOURCE).is_some());
}

#[test]
fn corrupt_and_foreign_entries_are_misses_and_are_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::new(dir.path(), "1", Cache::DEFAULT_MAX_SIZE);
    let metrics = stored(&cache, SOURCE);
    let [entry] = entries(&cache).try_into().unwrap();
    let whole = fs::read(&entry).unwrap();
    // Truncated, one byte changed in the payload, empty, garbage.
    let mut flipped = whole.clone();
    *flipped.last_mut().unwrap() ^= 1;
    for bad in [&whole[..whole.len() - 1], &flipped[..], b"", b"not an entry at all"] {
        fs::write(&entry, bad).unwrap();
        assert_eq!(lookup(&cache, SOURCE), None);
        assert_eq!(stored(&cache, SOURCE), metrics);
        assert_eq!(fs::read(&entry).unwrap(), whole);
    }
    // Another text's entry under this text's name.
    stored(&cache, "x = 1\n");
    let other = entries(&cache).into_iter().find(|path| *path != entry).unwrap();
    fs::copy(&other, &entry).unwrap();
    assert_eq!(lookup(&cache, SOURCE), None);
}

#[test]
fn the_bound_evicts_the_least_recently_used() {
    let dir = tempfile::tempdir().unwrap();
    // Entries of one size, each used a second after the one before.
    let texts: Vec<String> = (0..20).map(|n| format!("def f{n:02}(a):\n    return a\n")).collect();
    let cache = Cache::new(dir.path(), "1", u64::MAX);
    for text in &texts {
        stored(&cache, text);
    }
    let sizes: u64 = cache.files().iter().map(|(_, size, _)| size).sum();
    let start = std::time::SystemTime::now() - std::time::Duration::from_secs(1000);
    for (n, text) in (0..).zip(&texts) {
        let key = cache.key(Language::Python, Counting::default(), text);
        let used = start + std::time::Duration::from_secs(n);
        fs::File::options().write(true).open(cache.path(key)).unwrap().set_modified(used).unwrap();
    }
    // A bound of 12 entries: the sweep keeps three quarters of it, the 9 most recent.
    let bounded = Cache::new(dir.path(), "1", sizes / 20 * 12);
    stored(&bounded, &texts[19]);
    assert!(bounded.finish().is_empty());
    assert_eq!(entries(&bounded).len(), 9);
    for text in &texts[..11] {
        assert_eq!(lookup(&bounded, text), None, "{text}");
    }
    for text in &texts[11..] {
        assert!(lookup(&bounded, text).is_some(), "{text}");
    }
}

#[test]
fn a_cache_that_cannot_be_written_is_told_once() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("file");
    fs::write(&file, "").unwrap();
    let cache = Cache::new(file.join("cache"), "1", Cache::DEFAULT_MAX_SIZE);
    stored(&cache, SOURCE);
    stored(&cache, "x = 1\n");
    let notices = cache.finish();
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(matches!(&notices[0], crate::Notice::Warning(text) if text.contains("cannot create")));
    assert_eq!(lookup(&cache, SOURCE), None);
}
