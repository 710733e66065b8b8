//! The result cache: each file's metrics, kept on disk under a key that says everything they
//! depend on, so that a re-run measures only the files that changed.
//!
//! An entry's key is a SHA-256 over plumb's version (what the caller gives, see
//! [`Cache::new`]), the language the file is measured as, the counting conventions (the only
//! settings that change a measurement), and the text measured. What is kept is the walk's
//! result, [`FileMetrics`]: the rules, suppressions and coverage joins run again on every run,
//! so a cached file gives exactly the findings a fresh analysis gives, whatever the thresholds,
//! baselines, changed lines or coverage reports of the run.
//!
//! Entries are files, `DIR/ab/cdef…` by the key's hex digits, each written to a temporary file
//! in the same directory and renamed into place, so concurrent runs never see half an entry. An
//! entry holds a magic number, its key and a checksum of its bytes: one that is truncated,
//! corrupt or another's is a miss, and is replaced. Nothing is read or created until a file is
//! looked up. When a run has written entries, the cache is swept at its end (at most once an
//! hour, or when the run wrote an eighth of the bound): entries beyond the size bound are
//! removed, least recently used first (a hit marks an entry used, at most once a day).

mod codec;

use std::fs::{self, File};
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock, PoisonError};
use std::time::{Duration, SystemTime};

use plumb_lang::Language;
use plumb_metrics::{Counting, FileMetrics};
use sha2::{Digest as _, Sha256};

use crate::error::Notice;

/// What starts every entry (the last byte is the format's version).
const MAGIC: &[u8; 8] = b"plumbc\x00\x01";

/// Bytes of an entry before its payload: the magic number, the key, and the payload's checksum.
const HEADER: usize = MAGIC.len() + 32 + CHECKSUM;

/// Bytes of the payload's SHA-256 kept as its checksum.
const CHECKSUM: usize = 16;

/// How old the last sweep must be for a run that wrote entries to sweep again.
const SWEEP_EVERY: Duration = Duration::from_secs(3600);

/// How old an entry's mark of use may be before a hit renews it.
const TOUCH_EVERY: Duration = Duration::from_secs(24 * 3600);

/// How many writes may fail before a run stops writing (a cache on a full or read-only disk).
const MAX_FAILURES: u64 = 16;

/// Leftover temporary files (of a run that was killed) older than this are removed.
const STALE_TEMPORARY: Duration = Duration::from_secs(3600);

/// A result cache in a directory.
#[derive(Debug)]
pub struct Cache {
    dir: PathBuf,
    version: [u8; 32],
    max_bytes: u64,
    /// Whether the directory exists (created on the first write), or why it cannot.
    opened: OnceLock<Result<(), String>>,
    /// How many writes failed: past [`MAX_FAILURES`], the run goes on without writing.
    failures: AtomicU64,
    /// The first failure.
    failure: Mutex<Option<String>>,
    hits: AtomicU64,
    misses: AtomicU64,
    written: AtomicU64,
}

/// What a run did with the cache.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Files whose metrics came from the cache.
    pub hits: u64,
    /// Files measured and looked up in vain.
    pub misses: u64,
    /// Bytes of entries written.
    pub written: u64,
}

/// An entry's key.
#[derive(Clone, Copy)]
pub(crate) struct Key([u8; 32]);

impl Cache {
    /// The default size bound: 512 MiB.
    pub const DEFAULT_MAX_SIZE: u64 = 512 << 20;

    /// A cache in `dir` (created when first written to), for results of plumb `version`
    /// (anything that identifies the build: entries of another version are never read), that
    /// keeps about `max_bytes` of entries.
    pub fn new(dir: impl Into<PathBuf>, version: &str, max_bytes: u64) -> Self {
        Self {
            dir: dir.into(),
            version: Sha256::digest(version.as_bytes()).into(),
            max_bytes,
            opened: OnceLock::new(),
            failures: AtomicU64::new(0),
            failure: Mutex::new(None),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
            written: AtomicU64::new(0),
        }
    }

    /// Its directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// What the cache did so far.
    pub fn stats(&self) -> CacheStats {
        CacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            written: self.written.load(Ordering::Relaxed),
        }
    }

    /// The key of a text measured as `language` with `counting`.
    pub(crate) fn key(&self, language: Language, counting: Counting, text: &str) -> Key {
        let mut hash = Sha256::new();
        hash.update(self.version);
        hash.update(language.id().as_bytes());
        hash.update([0]);
        hash.update(counting.variant.as_str().as_bytes());
        hash.update([u8::from(counting.count_boolean_operators)]);
        hash.update(counting.nested_functions.as_str().as_bytes());
        hash.update([0]);
        hash.update(text.as_bytes());
        Key(hash.finalize().into())
    }

    fn path(&self, key: Key) -> PathBuf {
        let hex = hex(&key.0);
        self.dir.join(&hex[..2]).join(&hex[2..])
    }

    /// The metrics kept under `key`, if an intact entry holds them.
    pub(crate) fn get(&self, key: Key, language: Language, counting: Counting) -> Option<FileMetrics> {
        let found = self.read(key).and_then(|(file, bytes)| {
            let metrics =
                intact(&bytes, key).and_then(|payload| codec::decode(payload, language, counting))?;
            touch(&file);
            Some(metrics)
        });
        let counter = if found.is_some() { &self.hits } else { &self.misses };
        counter.fetch_add(1, Ordering::Relaxed);
        found
    }

    fn read(&self, key: Key) -> Option<(File, Vec<u8>)> {
        let mut file = File::open(self.path(key)).ok()?;
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).ok()?;
        Some((file, bytes))
    }

    /// Keeps `metrics` under `key`, replacing what is there. A failure to write is told once
    /// ([`Cache::finish`]); after a few, the run goes on without writing.
    pub(crate) fn put(&self, key: Key, metrics: &FileMetrics) {
        if self.failures.load(Ordering::Relaxed) >= MAX_FAILURES {
            return;
        }
        let mut payload = Vec::with_capacity(256);
        codec::encode(metrics, &mut payload);
        let mut entry = Vec::with_capacity(HEADER + payload.len());
        entry.extend_from_slice(MAGIC);
        entry.extend_from_slice(&key.0);
        entry.extend_from_slice(&Sha256::digest(&payload)[..CHECKSUM]);
        entry.extend_from_slice(&payload);
        match self.write(key, &entry) {
            Ok(()) => {
                self.written.fetch_add(entry.len() as u64, Ordering::Relaxed);
            }
            Err(error) => self.fail(error),
        }
    }

    fn write(&self, key: Key, entry: &[u8]) -> Result<(), String> {
        self.opened.get_or_init(|| create(&self.dir)).clone()?;
        let path = self.path(key);
        let dir = path.parent().unwrap_or(&self.dir);
        let describe = |error: std::io::Error| format!("cannot write to `{}`: {error}", dir.display());
        fs::create_dir_all(dir).map_err(describe)?;
        let mut temporary = tempfile::Builder::new().prefix(".tmp-").tempfile_in(dir).map_err(describe)?;
        temporary.write_all(entry).map_err(describe)?;
        temporary.persist(&path).map_err(|error| describe(error.error))?;
        Ok(())
    }

    fn fail(&self, error: String) {
        if self.failures.fetch_add(1, Ordering::Relaxed) == 0 {
            *self.failure.lock().unwrap_or_else(PoisonError::into_inner) = Some(error);
        }
    }

    /// Ends a run's use of the cache: sweeps it when due, and says what went wrong while
    /// writing, if anything.
    pub fn finish(&self) -> Vec<Notice> {
        let mut notices = Vec::new();
        if let Some(error) = self.failure.lock().unwrap_or_else(PoisonError::into_inner).take() {
            notices.push(Notice::Warning(format!("the result cache is not updated: {error}")));
        }
        let written = self.written.load(Ordering::Relaxed);
        if written > 0 && (written.saturating_mul(8) >= self.max_bytes || self.sweep_due()) {
            let _ = fs::write(self.dir.join("last-sweep"), b"");
            self.sweep();
        }
        notices
    }

    fn sweep_due(&self) -> bool {
        let last = fs::metadata(self.dir.join("last-sweep")).and_then(|metadata| metadata.modified());
        last.map_or(true, |last| last.elapsed().map_or(true, |age| age >= SWEEP_EVERY))
    }

    /// Removes the least recently used entries until the cache is within three quarters of its
    /// bound, and leftover temporary files.
    fn sweep(&self) {
        let mut entries = Vec::new();
        let mut total = 0;
        for (path, size, used) in self.files() {
            let temporary = path.file_name().is_some_and(|name| name.to_string_lossy().starts_with(".tmp-"));
            if temporary {
                if used.elapsed().is_ok_and(|age| age >= STALE_TEMPORARY) {
                    let _ = fs::remove_file(&path);
                }
                continue;
            }
            total += size;
            entries.push((used, size, path));
        }
        if total <= self.max_bytes {
            return;
        }
        entries.sort_by_key(|(used, _, _)| *used);
        let goal = self.max_bytes / 4 * 3;
        for (_, size, path) in entries {
            if total <= goal {
                break;
            }
            if fs::remove_file(&path).is_ok() {
                total -= size;
            }
        }
    }

    /// Every file in the entries' directories: path, size, and when it was last marked used.
    fn files(&self) -> Vec<(PathBuf, u64, SystemTime)> {
        let Ok(dirs) = fs::read_dir(&self.dir) else { return Vec::new() };
        let mut files = Vec::new();
        for dir in dirs.flatten() {
            let is_entries = dir.file_name().len() == 2 && dir.file_type().is_ok_and(|kind| kind.is_dir());
            let Some(listing) = is_entries.then(|| fs::read_dir(dir.path()).ok()).flatten() else { continue };
            for file in listing.flatten() {
                let Ok(metadata) = file.metadata() else { continue };
                let used = metadata.modified().unwrap_or(SystemTime::UNIX_EPOCH);
                files.push((file.path(), metadata.len(), used));
            }
        }
        files
    }
}

/// Creates the cache's directory, tagged so that backup tools leave it out.
fn create(dir: &Path) -> Result<(), String> {
    fs::create_dir_all(dir).map_err(|error| format!("cannot create `{}`: {error}", dir.display()))?;
    let tag = dir.join("CACHEDIR.TAG");
    if !tag.exists() {
        let _ = fs::write(
            tag,
            "Signature: 8a477f597d28d172789f06886806bc55\n# plumb's result cache: see https://bford.info/cachedir/\n",
        );
    }
    Ok(())
}

/// The payload of an entry, if it is whole and is the one of `key`.
fn intact(bytes: &[u8], key: Key) -> Option<&[u8]> {
    let (header, payload) = bytes.split_at_checked(HEADER)?;
    let (magic, rest) = header.split_at(MAGIC.len());
    let (stored_key, checksum) = rest.split_at(32);
    let valid = magic == MAGIC && stored_key == key.0 && checksum == &Sha256::digest(payload)[..CHECKSUM];
    valid.then_some(payload)
}

/// Marks an entry used, when its mark is older than a day.
fn touch(file: &File) {
    let old = file
        .metadata()
        .and_then(|metadata| metadata.modified())
        .is_ok_and(|used| used.elapsed().is_ok_and(|age| age >= TOUCH_EVERY));
    if old {
        let _ = file.set_modified(SystemTime::now());
    }
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::with_capacity(2 * bytes.len()), |mut hex, byte| {
        let _ = write!(hex, "{byte:02x}");
        hex
    })
}

#[cfg(test)]
mod tests;
