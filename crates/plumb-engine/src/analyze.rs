//! Analysing files in parallel: read, detect, measure, check; one bad file never stops a run.

use std::cell::RefCell;
use std::io::Read;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc;

use plumb_check::Checked;
use plumb_lang::Language;
use plumb_metrics::{Analyzer, Counting, FileMetrics};
use plumb_report::Problem;
use rayon::prelude::*;

use crate::cache::Cache;
use crate::discover::{Candidate, OpenError};
use crate::memory;
use crate::options::{Progress, RunOptions};
use crate::reorder::Reorder;
use crate::run::Job;

/// One file's outcome.
#[derive(Debug, Clone)]
pub struct Analysed {
    /// Its metrics and findings, unless it was skipped.
    pub checked: Option<Checked>,
    /// What went wrong, if anything.
    pub problem: Option<Problem>,
    /// Its text, kept only when it has findings (for source snippets), or when asked for.
    pub source: Option<String>,
}

thread_local! {
    static ANALYZER: RefCell<Analyzer> = RefCell::new(Analyzer::new());
}

/// Analyses every job on `pool`, and hands each outcome to `deliver` on the calling thread, in
/// input order.
///
/// Every thread of the pool takes files from one [`memory::Queue`]: largest trees first, within
/// a memory budget and, with a `window`, among the `window` files from the first outcome not
/// yet delivered (so that the outcomes waiting for an earlier one stay few); `None` hands out
/// every file largest first, and the outcomes wait until all before them are in.
pub(crate) fn analyze_all(
    pool: &rayon::ThreadPool,
    jobs: &[Job],
    options: &RunOptions<'_>,
    progress: &dyn Progress,
    window: Option<usize>,
    deliver: &mut dyn FnMut(Analysed),
) {
    let trees: Vec<u64> = pool.install(|| jobs.par_iter().map(estimated_tree).collect());
    let queue = memory::Queue::new(&trees, pool.current_num_threads(), window.unwrap_or(usize::MAX));
    let (done, outcomes) = mpsc::channel::<Vec<(usize, Analysed)>>();
    pool.in_place_scope(|scope| {
        scope.spawn_broadcast(|_, _| {
            let done = done.clone();
            // Outcomes go out in batches: each send wakes the delivering thread, a system call
            // that costs as much as a small file's walk. A batch goes out before the thread
            // waits for the queue, which may be waiting for one of its outcomes.
            let mut ready = Vec::with_capacity(BATCH);
            let send = |ready: &mut Vec<_>| {
                ready.is_empty() || done.send(std::mem::replace(ready, Vec::with_capacity(BATCH))).is_ok()
            };
            loop {
                let ticket = match queue.try_next() {
                    Ok(ticket) => ticket,
                    Err(()) if send(&mut ready) => queue.next(),
                    Err(()) => break,
                };
                let Some(ticket) = ticket else { break };
                // A large file takes a while: the outcomes before it go out first, or the
                // window would wait for them (and the other threads with it).
                if !ticket.is_small() && !send(&mut ready) {
                    break;
                }
                let index = ticket.index;
                let analysed = analyze_one(&jobs[index], options);
                drop(ticket);
                progress.advance();
                ready.push((index, analysed));
                if ready.len() == BATCH && !send(&mut ready) {
                    break;
                }
            }
            send(&mut ready);
        });
        let mut reorder = Reorder::new();
        let mut received = 0;
        while received < jobs.len() {
            let Ok(batch) = outcomes.recv() else { break };
            received += batch.len();
            for (index, analysed) in batch {
                reorder.push(index, analysed, &mut *deliver);
            }
            queue.advance(reorder.delivered());
        }
    });
}

/// How many outcomes a thread sends at once, at most.
const BATCH: usize = 16;

/// An upper estimate of a job's tree ([`memory::estimated_tree`]); 0 for a file that will be
/// skipped unread.
fn estimated_tree(job: &Job) -> u64 {
    let size = match &job.candidate.contents {
        Some(contents) => contents.len() as u64,
        None => std::fs::metadata(&job.candidate.path).map_or(0, |metadata| metadata.len()),
    };
    if size > job.max_size {
        return 0;
    }
    let language = job.language.or_else(|| Language::from_path(&job.candidate.path, &[]));
    memory::estimated_tree(size, language)
}

/// A file that was not analysed, and why.
fn skipped(candidate: &Candidate, message: String) -> Analysed {
    Analysed {
        checked: None,
        problem: Some(Problem { path: candidate.display.clone(), message }),
        source: None,
    }
}

/// Whether a file's text is kept: with `keep_sources`, when it has findings, was held in
/// memory, or `all_sources` asks for every file.
fn keeps_source(options: &RunOptions<'_>, checked: &Checked, candidate: &Candidate) -> bool {
    options.keep_sources
        && (options.all_sources || !checked.findings.is_empty() || candidate.contents.is_some())
}

/// Reads, measures and checks one file; a panic is caught and reported as the file's problem.
pub(crate) fn analyze_one(job: &Job, options: &RunOptions<'_>) -> Analysed {
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
    // A header's language is read from its whole text: a C++ class often comes after a long
    // licence comment.
    let Some(language) = job.language.or_else(|| Language::from_path(&candidate.path, text.as_bytes()))
    else {
        return skipped(candidate, "not a language plumb measures; skipped".to_owned());
    };
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
        if let Some(target) = options.panic_on.as_deref().filter(|target| !target.is_empty())
            && candidate.display.ends_with(target)
        {
            panic!("test panic requested for {}", candidate.display);
        }
        let mut metrics = measure(&text, language, job.settings.counting(), options.cache);
        // A stub's signatures have no bodies: its lines are measured, no function is.
        if Language::is_stub(&candidate.path) {
            metrics.functions.clear();
        }
        let coverage = job.coverage.as_deref();
        plumb_check::check_keyed(&candidate.display, &job.key, &text, &metrics, &job.settings, coverage)
    }));
    match outcome {
        Ok(checked) => {
            let source = keeps_source(options, &checked, candidate).then_some(text);
            Analysed { checked: Some(checked), problem, source }
        }
        Err(payload) => {
            // The parser may be mid-parse: start the next file with a fresh one.
            ANALYZER.with(|analyzer| *analyzer.borrow_mut() = Analyzer::new());
            let message = crate::panic::message(payload.as_ref());
            skipped(candidate, format!("internal error while analysing ({message}); skipped, please report"))
        }
    }
}

/// A text's metrics: from the cache when it has them, else measured (and kept there).
fn measure(text: &str, language: Language, counting: Counting, cache: Option<&Cache>) -> FileMetrics {
    let key = cache.map(|cache| (cache, cache.key(language, counting, text)));
    if let Some((cache, key)) = key
        && let Some(metrics) = cache.get(key, language, counting)
    {
        return metrics;
    }
    let metrics =
        ANALYZER.with(|analyzer| analyzer.borrow_mut().analyze_with(text.as_bytes(), language, counting));
    if let Some((cache, key)) = key {
        cache.put(key, &metrics);
    }
    metrics
}

/// A file's text as the analysis reads it (without its byte order mark, UTF-16 decoded,
/// invalid UTF-8 replaced), read again for the HTML report's source views; `None` when it
/// cannot be read now, is binary or is larger than `max_size`.
pub(crate) fn text(path: &std::path::Path, max_size: u64) -> Option<String> {
    let candidate =
        Candidate { display: String::new(), path: path.to_path_buf(), explicit: true, contents: None };
    let bytes = read(&candidate, max_size).ok()?;
    decode(bytes).ok().map(|(text, _)| text)
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

/// Reads a file (or takes the content held in memory), refusing ones larger than `max_size`.
fn read(candidate: &Candidate, max_size: u64) -> Result<Vec<u8>, String> {
    if let Some(contents) = &candidate.contents {
        // Standard input is read one byte past the limit, so its size is not known.
        if contents.len() as u64 > max_size {
            return Err(past_limit(max_size));
        }
        return Ok(contents.clone());
    }
    let (file, size) = crate::discover::open_regular(&candidate.path).map_err(|error| match error {
        OpenError::Io(error) => format!("cannot read: {error}"),
        OpenError::NotRegular(_) => format!("{error}; skipped"),
    })?;
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
        return Err(past_limit(max_size));
    }
    Ok(bytes)
}

/// Why a file that turned out larger than `max_size` while it was read is skipped.
fn past_limit(max_size: u64) -> String {
    format!("larger than --max-file-size ({}); skipped", human_size(max_size))
}

/// `120 B`, `3.4 KiB`, `1.2 MiB`.
#[allow(clippy::cast_precision_loss)]
pub fn human_size(bytes: u64) -> String {
    match bytes {
        0..1024 => format!("{bytes} B"),
        1024..1_048_576 => format!("{:.1} KiB", bytes as f64 / 1024.0),
        _ => format!("{:.1} MiB", bytes as f64 / 1_048_576.0),
    }
}
