//! Analyses every file of a known language under a directory and reports, per language, the
//! files, bytes, lines, throughput, the median time per byte, the slowest file's ratio to that
//! median, and any panic. Used by `scripts/corpus.sh` on large real corpora.
//!
//! ```text
//! cargo run --release -p plumb-metrics --example corpus -- DIR [--language ID]
//! ```
//!
//! One thread, files in path order, so that times compare. Each file is analysed `RUNS` times
//! and its best time kept, so that a busy machine's pauses do not make a file look slow. Time
//! per byte is only compared for files of at least `MIN_BYTES`, where fixed costs (parser
//! reset, allocation) no longer dominate.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::cast_precision_loss,
    reason = "a measuring program: it prints its report, and its statistics are floating point"
)]

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use plumb_lang::Language;
use plumb_metrics::Analyzer;

/// Files smaller than this are timed but left out of the time-per-byte comparison.
const MIN_BYTES: usize = 1024;
/// Timed runs of each file; the best is kept.
const RUNS: usize = 3;
/// Files larger than this are skipped, as `plumb check` skips them.
const MAX_BYTES: usize = 8 * 1024 * 1024;

#[derive(Default)]
struct Stats {
    files: usize,
    bytes: usize,
    lines: u64,
    time: Duration,
    /// Nanoseconds per byte of each file of at least `MIN_BYTES`, with its path.
    per_byte: Vec<(f64, PathBuf)>,
    panics: Vec<PathBuf>,
    syntax_errors: usize,
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(root) = args.next() else {
        eprintln!("usage: corpus DIR [--language ID]");
        return ExitCode::from(2);
    };
    let only = match (args.next().as_deref(), args.next()) {
        (Some("--language"), Some(id)) => {
            let Some(language) = Language::from_id(&id) else {
                eprintln!("corpus: unknown language `{id}`");
                return ExitCode::from(2);
            };
            Some(language)
        }
        (None, _) => None,
        _ => {
            eprintln!("usage: corpus DIR [--language ID]");
            return ExitCode::from(2);
        }
    };
    // Panics are reported per file below, not printed as they happen.
    std::panic::set_hook(Box::new(|_| {}));
    let stats = analyse(Path::new(&root), only);
    report(&stats);
    if stats.values().any(|s| !s.panics.is_empty()) { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

fn analyse(root: &Path, only: Option<Language>) -> BTreeMap<Language, Stats> {
    let mut stats: BTreeMap<Language, Stats> = BTreeMap::new();
    let mut analyzer = Analyzer::new();
    let entries = walkdir::WalkDir::new(root).sort_by_file_name().into_iter().filter_map(Result::ok);
    for entry in entries.filter(|entry| entry.file_type().is_file()) {
        let path = entry.path();
        let Ok(source) = std::fs::read(path) else {
            eprintln!("corpus: cannot read {}", path.display());
            continue;
        };
        if source.len() > MAX_BYTES {
            continue;
        }
        // The whole file, as plumb reads it: a `.h` header's language is decided by its code.
        let Some(language) = Language::from_path(path, &source) else {
            continue;
        };
        if only.is_some_and(|only| only != language) {
            continue;
        }
        let entry = stats.entry(language).or_default();
        let mut elapsed = Duration::MAX;
        let mut result = None;
        for _ in 0..RUNS {
            let start = Instant::now();
            let run = catch_unwind(AssertUnwindSafe(|| analyzer.analyze(&source, language)));
            elapsed = elapsed.min(start.elapsed());
            let failed = run.is_err();
            result = Some(run);
            if failed {
                break;
            }
        }
        let Some(result) = result else { continue };
        entry.files += 1;
        entry.bytes += source.len();
        entry.time += elapsed;
        if let Ok(metrics) = result {
            entry.lines += u64::from(metrics.lines);
            entry.syntax_errors += usize::from(metrics.syntax_errors > 0);
        } else {
            entry.panics.push(path.to_owned());
            // A panic may leave the parser in any state.
            analyzer = Analyzer::new();
        }
        if source.len() >= MIN_BYTES {
            entry.per_byte.push((elapsed.as_nanos() as f64 / source.len() as f64, path.to_owned()));
        }
    }
    stats
}

fn report(stats: &BTreeMap<Language, Stats>) {
    println!(
        "{:<11} {:>7} {:>8} {:>10} {:>7} {:>10} {:>8} {:>7}  {:>6} {:>6}  slowest file",
        "language", "files", "MB", "lines", "MB/s", "lines/s", "ns/byte", "worst", "errors", "panics"
    );
    for (language, s) in stats {
        let seconds = s.time.as_secs_f64().max(1e-9);
        let mb = s.bytes as f64 / 1e6;
        let mut per_byte: Vec<&(f64, PathBuf)> = s.per_byte.iter().collect();
        per_byte.sort_by(|a, b| a.0.total_cmp(&b.0));
        let median = per_byte.get(per_byte.len() / 2).map_or(0.0, |m| m.0);
        let worst = per_byte.last();
        let ratio = worst.map_or(0.0, |w| if median > 0.0 { w.0 / median } else { 0.0 });
        println!(
            "{:<11} {:>7} {:>8.2} {:>10} {:>7.2} {:>10.0} {:>8.1} {:>6.1}x  {:>6} {:>6}  {}",
            language.id(),
            s.files,
            mb,
            s.lines,
            mb / seconds,
            s.lines as f64 / seconds,
            median,
            ratio,
            s.syntax_errors,
            s.panics.len(),
            worst.map_or_else(String::new, |w| w.1.display().to_string()),
        );
        for path in &s.panics {
            println!("  panic: {}", path.display());
        }
    }
}
