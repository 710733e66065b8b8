//! Analysing files in parallel: read, detect, measure, check; one bad file never stops a run.

use std::cell::RefCell;
use std::io::{IsTerminal, Read};
use std::panic::{self, AssertUnwindSafe};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use plumb_check::Checked;
use plumb_lang::Language;
use plumb_metrics::Analyzer;
use plumb_report::Problem;
use rayon::prelude::*;

use crate::discover::{Candidate, OpenError};
use crate::memory;
use crate::run::Job;

/// One file's outcome.
pub(crate) struct Analysed {
    /// Its metrics and findings, unless it was skipped.
    pub(crate) checked: Option<Checked>,
    /// What went wrong, if anything.
    pub(crate) problem: Option<Problem>,
    /// Its text, kept only when it has findings (for source snippets).
    pub(crate) source: Option<String>,
}

thread_local! {
    static ANALYZER: RefCell<Analyzer> = RefCell::new(Analyzer::new());
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Routes panic messages to the thread that caught them instead of printing them.
pub(crate) fn install_panic_hook() {
    panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(ToString::to_string)
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_owned());
        let location = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        LAST_PANIC.with(|last| *last.borrow_mut() = Some(format!("{message}{location}")));
    }));
}

/// The message of the last panic on this thread.
pub(crate) fn take_panic() -> String {
    LAST_PANIC.with(|last| last.borrow_mut().take()).unwrap_or_else(|| "unknown panic".to_owned())
}

/// Analyses every job on the rayon pool; the results are in input order.
///
/// Every thread of the pool takes files from one [`memory::Queue`]: largest trees first, within
/// a memory budget.
pub(crate) fn analyze_all(jobs: &[Job], keep_sources: bool, progress: &Progress) -> Vec<Analysed> {
    let trees: Vec<u64> = jobs
        .par_iter()
        .map(|job| {
            let size = std::fs::metadata(&job.candidate.path).map_or(0, |metadata| metadata.len());
            if size > job.max_size {
                return 0; // skipped unread
            }
            let language = job.language.or_else(|| Language::from_path(&job.candidate.path, &[]));
            memory::estimated_tree(size, language)
        })
        .collect();
    let queue = memory::Queue::new(&trees, rayon::current_num_threads());
    let done: Vec<OnceLock<Analysed>> = jobs.iter().map(|_| OnceLock::new()).collect();
    rayon::broadcast(|_| {
        while let Some(ticket) = queue.next() {
            let index = ticket.index;
            let analysed = analyze_one(&jobs[index], keep_sources);
            drop(ticket);
            let _ = done[index].set(analysed);
            progress.inc();
        }
    });
    done.into_iter().map(|slot| slot.into_inner().expect("the queue hands out every file")).collect()
}

fn skipped(candidate: &Candidate, message: String) -> Analysed {
    Analysed {
        checked: None,
        problem: Some(Problem { path: candidate.display.clone(), message }),
        source: None,
    }
}

fn analyze_one(job: &Job, keep_sources: bool) -> Analysed {
    let candidate = &job.candidate;
    let bytes = match read(candidate, job.max_size) {
        Ok(bytes) => bytes,
        Err(message) => return skipped(candidate, message),
    };
    let (text, problem) = match decode(bytes) {
        Ok(decoded) => decoded,
        Err(message) => return skipped(candidate, message),
    };
    let problem = problem.map(|message| Problem { path: candidate.display.clone(), message });
    let head = &text.as_bytes()[..text.len().min(512)];
    let Some(language) = job.language.or_else(|| Language::from_path(&candidate.path, head)) else {
        return skipped(candidate, "not a language plumb measures; skipped".to_owned());
    };
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
        test_hooks::maybe_panic(&candidate.display);
        let counting = job.settings.counting();
        let metrics =
            ANALYZER.with(|analyzer| analyzer.borrow_mut().analyze_with(text.as_bytes(), language, counting));
        let coverage = job.coverage.as_deref();
        plumb_check::check_keyed(&candidate.display, &job.key, &text, &metrics, &job.settings, coverage)
    }));
    if let Ok(checked) = outcome {
        let source = (keep_sources && !checked.findings.is_empty()).then_some(text);
        Analysed { checked: Some(checked), problem, source }
    } else {
        // The parser may be mid-parse: start the next file with a fresh one.
        ANALYZER.with(|analyzer| *analyzer.borrow_mut() = Analyzer::new());
        skipped(
            candidate,
            format!("internal error while analysing ({}); skipped, please report", take_panic()),
        )
    }
}

/// A file's text, without its byte order mark, and a problem to report with it; an error for
/// binary files. UTF-8 and UTF-16 with a byte order mark are read; invalid sequences are
/// replaced.
fn decode(bytes: Vec<u8>) -> Result<(String, Option<String>), String> {
    let replaced = |encoding: &str, at: usize| {
        format!("invalid {encoding} at byte {at}; measured with replacement characters")
    };
    if let Some(big_endian) = utf16_order(&bytes) {
        let units = bytes[2..].chunks_exact(2).map(|pair| {
            let pair = [pair[0], pair[1]];
            if big_endian { u16::from_be_bytes(pair) } else { u16::from_le_bytes(pair) }
        });
        let mut text = String::with_capacity(bytes.len());
        let mut invalid = None;
        for (index, decoded) in char::decode_utf16(units).enumerate() {
            text.push(decoded.unwrap_or_else(|_| {
                invalid.get_or_insert(2 + 2 * index);
                char::REPLACEMENT_CHARACTER
            }));
        }
        // A last odd byte is not a code unit.
        let odd = (bytes.len() % 2 == 1).then_some(bytes.len() - 1);
        return Ok((text, invalid.or(odd).map(|at| replaced("UTF-16", at))));
    }
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) || bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Err("UTF-32 text, which plumb does not read; skipped".to_owned());
    }
    if bytes[..bytes.len().min(8000)].contains(&0) {
        return Err("binary file; skipped".to_owned());
    }
    let (mut text, problem) = match String::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(error) => {
            let at = error.utf8_error().valid_up_to();
            (String::from_utf8_lossy(error.as_bytes()).into_owned(), Some(replaced("UTF-8", at)))
        }
    };
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    Ok((text, problem))
}

/// Whether the bytes start with a UTF-16 byte order mark: `Some(true)` for big-endian. A UTF-32
/// mark, which starts like UTF-16's little-endian one, is not one.
fn utf16_order(bytes: &[u8]) -> Option<bool> {
    match bytes {
        [0xFF, 0xFE, 0, 0, ..] => None,
        [0xFF, 0xFE, ..] => Some(false),
        [0xFE, 0xFF, ..] => Some(true),
        _ => None,
    }
}

/// Reads a file, refusing ones larger than `max_size`.
fn read(candidate: &Candidate, max_size: u64) -> Result<Vec<u8>, String> {
    let file = crate::discover::open_regular(&candidate.path).map_err(|error| match error {
        OpenError::Io(error) => format!("cannot read: {error}"),
        OpenError::NotRegular(_) => format!("{error}; skipped"),
    })?;
    let size = file.metadata().map_or(0, |m| m.len());
    if size > max_size {
        return Err(format!(
            "{} is larger than --max-file-size ({}); skipped",
            human_size(size),
            human_size(max_size)
        ));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0) + 1);
    // Read at most one byte past the limit, in case the file grew.
    file.take(max_size.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|error| format!("cannot read: {error}"))?;
    if bytes.len() as u64 > max_size {
        return Err(format!("larger than --max-file-size ({}); skipped", human_size(max_size)));
    }
    Ok(bytes)
}

#[allow(clippy::cast_precision_loss)]
fn human_size(bytes: u64) -> String {
    match bytes {
        0..1024 => format!("{bytes} B"),
        1024..1_048_576 => format!("{:.1} KiB", bytes as f64 / 1024.0),
        _ => format!("{:.1} MiB", bytes as f64 / 1_048_576.0),
    }
}

/// A progress bar on stderr, shown only on a terminal and only once a run has taken a second.
pub(crate) struct Progress {
    bar: ProgressBar,
    start: Instant,
    enabled: bool,
    shown: AtomicBool,
}

impl Progress {
    pub(crate) fn new(len: usize, allowed: bool) -> Self {
        let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} files ({per_sec}, {eta} left)")
        {
            bar.set_style(style);
        }
        Self {
            bar,
            start: Instant::now(),
            enabled: allowed && std::io::stderr().is_terminal(),
            shown: AtomicBool::new(false),
        }
    }

    fn inc(&self) {
        self.bar.inc(1);
        if self.enabled
            && !self.shown.load(Ordering::Relaxed)
            && self.start.elapsed() > Duration::from_secs(1)
            && !self.shown.swap(true, Ordering::Relaxed)
        {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    pub(crate) fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// Hooks that let the end-to-end tests exercise failure paths. Compiled into debug builds only.
mod test_hooks {
    /// Panics while analysing a file whose path ends with `$PLUMB_TEST_PANIC_ON`.
    #[cfg(debug_assertions)]
    pub(super) fn maybe_panic(path: &str) {
        if let Some(target) = std::env::var_os("PLUMB_TEST_PANIC_ON")
            && !target.is_empty()
            && path.ends_with(&*target.to_string_lossy())
        {
            panic!("test panic requested for {path}");
        }
    }

    #[cfg(not(debug_assertions))]
    pub(super) fn maybe_panic(_path: &str) {}
}
