//! Parse throughput on a real corpus: raw tree-sitter parsing against plumb's full analysis,
//! measured in one process on the same files, threads and machine.
//!
//! ```text
//! cargo bench -p plumb-metrics --bench parse -- [OPTIONS] [CORPUS...]
//!
//!   CORPUS              directories or files (default: $PLUMB_BENCH_CORPUS, `:`-separated)
//!   -j, --threads N     rayon threads (default: $PLUMB_BENCH_THREADS, else one per CPU, like plumb)
//!   --runs N            timed runs per measurement; the best is reported (default: 3)
//!   --raw-only          only the `raw` measurement
//!   --walk              also measure `walk` (parse plus a bare cursor walk)
//!   --census            after timing, count where the tree's nodes are (see `census`)
//!   --list              print the files that would be measured, one per line, and stop
//!   --max-file-size N   skip larger files, like plumb's default (default: 5242880)
//!   --no-ignore         read every file, as `plumb check --no-ignore` (the Linux sources
//!                       ignore `.*` in their .gitignore, which hides every file from the walker)
//!   --jemalloc          tree-sitter allocates with jemalloc, as in plumb's binary on Unix (the
//!                       default is the C library's allocator, what any tree-sitter tool pays);
//!                       the bench's own allocations stay with the C library's
//!   --tsv               also print one tab-separated `result` line per measurement:
//!                       result, stage, files, bytes, lines, best wall s, lines/s, MB/s, threads,
//!                       least CPU s (user + system, from /proc/self/stat)
//! ```
//!
//! Files are found the way `plumb check` finds them: `ignore`'s walker with .gitignore
//! respected (also outside git repositories) and hidden entries skipped, a language detected by
//! [`Language::from_path`], files over the size limit and binary files left out.
//!
//! - `raw`: read each file and parse it with one reused `tree_sitter::Parser` per thread, then
//!   drop the tree. The floor: what any tree-sitter tool pays, at its fastest (on Linux with
//!   glibc the bench links `memcmp` as plumb's binary does: see `plumb_lang::compares`).
//! - `analyze`: read each file, decode it as plumb does (lossy UTF-8, BOM stripped) and run
//!   [`Analyzer::analyze`] (parse plus plumb's one walk), one analyzer per thread. The difference
//!   from `raw` is the walk's cost.
//! - `walk` (with `--walk`): read and parse as `raw`, then a pre-order `TreeCursor` walk over
//!   every node reading only its kind (plumb's walk looks a node's field up only where it needs
//!   it). The difference from `raw` is what tree-sitter's cursor costs: the floor of any design
//!   that visits every node.
//!
//! The file list is read once before timing, so every timed run sees a warm page cache.
//! `peak MB` is the process's peak resident set during the measurement's runs (reset before
//! each run on Linux): it includes the file list and memory the allocator kept from earlier
//! passes, so it is an upper bound on what the pass itself needs.

// A benchmark reports on the terminal, in floating-point rates; its options and frames are flags.
#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::cast_precision_loss,
    clippy::struct_excessive_bools
)]

use std::cell::RefCell;
use std::ffi::OsString;
use std::hint::black_box;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use plumb_lang::Language;
use plumb_metrics::Analyzer;
use rayon::prelude::*;
use tree_sitter::Parser;

// Compares of no bytes return at once, as in plumb's binary (plumb_lang::compares; build.rs
// links them in): without it a Java parse can take 13% longer, by where the linker put a
// constant.
plumb_lang::zero_length_compares!();

const USAGE: &str = "usage: parse [-j N] [--runs N] [--raw-only] [--walk] [--census] [--list] [--max-file-size BYTES] [--jemalloc] [--tsv] [CORPUS...]
  CORPUS defaults to $PLUMB_BENCH_CORPUS (`:`-separated); threads to $PLUMB_BENCH_THREADS or one per CPU";

struct Options {
    roots: Vec<PathBuf>,
    threads: usize,
    runs: usize,
    raw_only: bool,
    walk: bool,
    census: bool,
    list: bool,
    max_file_size: u64,
    tsv: bool,
    no_ignore: bool,
    jemalloc: bool,
}

/// A file plumb would analyse.
struct File {
    path: PathBuf,
    language: Language,
}

/// What one pass over the corpus saw; compared between runs as a sanity check.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Tally {
    files: u64,
    bytes: u64,
    lines: u64,
    /// Raw: tree nodes. Analyze: functions.
    items: u64,
    /// Files whose tree has ERROR or MISSING nodes.
    with_errors: u64,
}

impl Tally {
    fn add(self, other: Self) -> Self {
        Self {
            files: self.files + other.files,
            bytes: self.bytes + other.bytes,
            lines: self.lines + other.lines,
            items: self.items + other.items,
            with_errors: self.with_errors + other.with_errors,
        }
    }
}

thread_local! {
    static PARSER: RefCell<Parser> = RefCell::new(Parser::new());
    static ANALYZER: RefCell<Analyzer> = RefCell::new(Analyzer::new());
}

fn main() -> ExitCode {
    let options = match parse_args(std::env::args_os().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("parse bench: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("parse bench: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Makes tree-sitter allocate with jemalloc, as `plumb_engine::allocator::install` does.
#[cfg(unix)]
#[allow(unsafe_code, clippy::unnecessary_wraps)] // an error elsewhere
fn jemalloc_for_tree_sitter() -> Result<(), String> {
    // SAFETY: jemalloc's four functions, one family; no tree-sitter object exists yet and no
    // other thread has started.
    unsafe {
        tree_sitter::set_allocator(Some(tree_sitter::Allocator {
            malloc: tikv_jemalloc_sys::malloc,
            calloc: tikv_jemalloc_sys::calloc,
            realloc: tikv_jemalloc_sys::realloc,
            free: tikv_jemalloc_sys::free,
        }));
    }
    Ok(())
}

#[cfg(not(unix))]
fn jemalloc_for_tree_sitter() -> Result<(), String> {
    Err("--jemalloc: plumb uses jemalloc on Unix only".to_owned())
}

fn parse_args(args: impl Iterator<Item = OsString>) -> Result<Options, String> {
    let mut options = Options {
        roots: Vec::new(),
        threads: std::env::var("PLUMB_BENCH_THREADS").ok().and_then(|t| t.parse().ok()).unwrap_or(0),
        runs: 3,
        raw_only: false,
        walk: false,
        census: false,
        list: false,
        max_file_size: 5 << 20,
        tsv: false,
        no_ignore: false,
        jemalloc: false,
    };
    let mut args = args.peekable();
    let number = |value: Option<OsString>, flag: &str| -> Result<u64, String> {
        value
            .and_then(|v| v.into_string().ok())
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| format!("{flag} needs a number"))
    };
    while let Some(arg) = args.next() {
        match arg.to_str() {
            Some("-j" | "--threads") => options.threads = number(args.next(), "--threads")? as usize,
            Some("--runs") => options.runs = (number(args.next(), "--runs")? as usize).max(1),
            Some("--max-file-size") => options.max_file_size = number(args.next(), "--max-file-size")?,
            Some("--raw-only") => options.raw_only = true,
            Some("--walk") => options.walk = true,
            Some("--census") => options.census = true,
            Some("--list") => options.list = true,
            Some("--tsv") => options.tsv = true,
            Some("--no-ignore") => options.no_ignore = true,
            Some("--jemalloc") => options.jemalloc = true,
            // `cargo bench` passes `--bench`; there is nothing to filter.
            Some("--bench") => {}
            Some("-h" | "--help") => return Err("help".to_owned()),
            Some(flag) if flag.starts_with('-') => return Err(format!("unknown option `{flag}`")),
            _ => options.roots.push(PathBuf::from(arg)),
        }
    }
    if options.roots.is_empty()
        && let Some(corpus) = std::env::var_os("PLUMB_BENCH_CORPUS")
    {
        options.roots = std::env::split_paths(&corpus).filter(|p| !p.as_os_str().is_empty()).collect();
    }
    if options.roots.is_empty() {
        return Err("no corpus: pass a directory or set PLUMB_BENCH_CORPUS".to_owned());
    }
    if options.threads == 0 {
        options.threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    }
    Ok(options)
}

fn run(options: &Options) -> Result<(), String> {
    if options.jemalloc {
        jemalloc_for_tree_sitter()?;
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads)
        .build()
        .map_err(|error| format!("cannot start the thread pool: {error}"))?;

    let started = Instant::now();
    let files = discover(&options.roots, options.max_file_size, options.no_ignore)?;
    if options.list {
        for file in &files {
            println!("{}", file.path.display());
        }
        return Ok(());
    }
    // Reading everything once counts lines and bytes and warms the page cache for the timed runs.
    let totals =
        pool.install(|| files.par_iter().map(|file| count(&file.path)).reduce(Tally::default, Tally::add));
    let discovered = started.elapsed();
    let mut languages: Vec<(Language, usize)> = Vec::new();
    for file in &files {
        match languages.iter_mut().find(|(lang, _)| *lang == file.language) {
            Some((_, n)) => *n += 1,
            None => languages.push((file.language, 1)),
        }
    }
    languages.sort_by_key(|&(lang, n)| (std::cmp::Reverse(n), lang));
    let languages: Vec<String> = languages.iter().map(|(lang, n)| format!("{} {n}", lang.id())).collect();

    println!(
        "corpus: {}",
        options.roots.iter().map(|r| r.display().to_string()).collect::<Vec<_>>().join(" ")
    );
    println!(
        "files: {}  bytes: {}  lines: {}  ({})",
        totals.files,
        totals.bytes,
        totals.lines,
        languages.join(", ")
    );
    println!(
        "threads: {}  runs: {} (best reported)  discovery + first read: {:.2} s",
        options.threads,
        options.runs,
        discovered.as_secs_f64()
    );
    println!();
    println!(
        "{:<8} {:>7} {:>12} {:>10} {:>9} {:>12} {:>8} {:>9} {:>11} {:>7} {:>8}",
        "stage",
        "files",
        "bytes",
        "lines",
        "best s",
        "lines/s",
        "MB/s",
        "CPU s",
        "nodes/fns",
        "errors",
        "peak MB"
    );

    let mut measurements = vec![("raw", raw as fn(&File) -> Tally)];
    if options.walk {
        measurements.push(("walk", walk));
    }
    if !options.raw_only {
        measurements.push(("analyze", analyze));
    }
    for (name, pass) in measurements {
        let mut times = Vec::with_capacity(options.runs);
        let mut cpu = Vec::with_capacity(options.runs);
        let mut seen = None;
        let mut peak: Option<u64> = None;
        for _ in 0..options.runs {
            reset_peak_rss();
            let (start, cpu_start) = (Instant::now(), cpu_seconds());
            let tally = pool.install(|| files.par_iter().map(pass).reduce(Tally::default, Tally::add));
            times.push(start.elapsed());
            cpu.push(cpu_seconds().zip(cpu_start).map(|(end, start)| end - start));
            peak = peak.max(peak_rss());
            if seen.is_some_and(|s| s != tally) {
                return Err(format!("{name}: runs disagree ({seen:?} then {tally:?})"));
            }
            seen = Some(tally);
        }
        let mut tally = seen.unwrap_or_default();
        if (tally.files, tally.bytes) != (totals.files, totals.bytes)
            || (name == "analyze" && tally.lines != totals.lines)
        {
            return Err(format!("{name}: saw {tally:?}, expected the corpus totals {totals:?}"));
        }
        tally.lines = totals.lines;
        let best = times.iter().min().copied().unwrap_or(Duration::ZERO).as_secs_f64().max(1e-9);
        let all: Vec<String> = times.iter().map(|t| format!("{:.2}", t.as_secs_f64())).collect();
        // CPU time (user + system, all threads) is the fairer figure on a shared machine.
        let least_cpu = cpu.iter().flatten().copied().reduce(f64::min).unwrap_or(f64::NAN);
        let (lines_per_s, mb_per_s) = (tally.lines as f64 / best, tally.bytes as f64 / 1e6 / best);
        println!(
            "{:<8} {:>7} {:>12} {:>10} {:>9.3} {:>12.0} {:>8.2} {:>9.2} {:>11} {:>7} {:>8}   runs: {}",
            name,
            tally.files,
            tally.bytes,
            tally.lines,
            best,
            lines_per_s,
            mb_per_s,
            least_cpu,
            tally.items,
            tally.with_errors,
            peak.map_or_else(|| "?".to_owned(), |kb| format!("{:.0}", kb as f64 * 1024.0 / 1e6)),
            all.join(" ")
        );
        if options.tsv {
            println!(
                "result\t{name}\t{}\t{}\t{}\t{best:.6}\t{lines_per_s:.0}\t{mb_per_s:.3}\t{}\t{least_cpu:.2}",
                tally.files, tally.bytes, tally.lines, options.threads
            );
        }
    }
    if options.census {
        let census = pool.install(|| {
            files.par_iter().map(census_file).reduce(Census::default, |mut a, b| {
                a.merge(b);
                a
            })
        });
        census.print();
    }
    Ok(())
}

/// User plus system CPU seconds of this process so far, from `/proc/self/stat` (Linux; `None`
/// elsewhere). Clock ticks are taken as 100 per second, the value on every Linux platform.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces) start at field 3, `state`.
    let mut fields = stat.rsplit_once(')')?.1.split_whitespace();
    let utime: u64 = fields.nth(11)?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    Some((utime + stime) as f64 / 100.0)
}

/// Resets the process's peak resident set size (Linux 4.0+; ignored elsewhere).
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// The peak resident set size in KiB since the last reset (`VmHWM`), on Linux.
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The files `plumb check ROOTS` would analyse, sorted by path like plumb does.
fn discover(roots: &[PathBuf], max_file_size: u64, no_ignore: bool) -> Result<Vec<File>, String> {
    let mut paths = Vec::new();
    for root in roots {
        let metadata =
            std::fs::metadata(root).map_err(|error| format!("cannot read `{}`: {error}", root.display()))?;
        if !metadata.is_dir() {
            paths.push(root.clone());
            continue;
        }
        // The same settings as plumb's discovery (plumb-engine's discover.rs).
        let walker = ignore::WalkBuilder::new(root)
            .follow_links(false)
            .require_git(false)
            .git_ignore(!no_ignore)
            .git_global(!no_ignore)
            .git_exclude(!no_ignore)
            .ignore(!no_ignore)
            .parents(!no_ignore)
            .build();
        for entry in walker.flatten() {
            if entry.file_type().is_some_and(|t| t.is_file()) {
                paths.push(entry.into_path());
            }
        }
    }
    paths.sort();
    paths.dedup();
    Ok(paths.into_iter().filter_map(|path| admit(path, max_file_size)).collect())
}

/// Whether plumb would measure this file, and as what: the checks of its discovery and of its
/// per-file analysis (size limit, binary content, language by name and first bytes).
fn admit(path: PathBuf, max_file_size: u64) -> Option<File> {
    let mut file = std::fs::File::open(&path).ok()?;
    if file.metadata().ok()?.len() > max_file_size {
        return None;
    }
    let mut head = vec![0; 8000];
    let mut filled = 0;
    while filled < head.len() {
        match file.read(&mut head[filled..]) {
            Ok(0) | Err(_) => break,
            Ok(n) => filled += n,
        }
    }
    let head = &head[..filled];
    if head.contains(&0) {
        return None;
    }
    // Discovery looks at 128 bytes for a `#!` line; analysis detects again with 512.
    if path.extension().is_none() {
        Language::from_path(&path, &head[..head.len().min(128)])?;
    }
    let language = Language::from_path(&path, &head[..head.len().min(512)])?;
    Some(File { path, language })
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()))
}

/// Text as plumb measures it: lossy UTF-8 without a byte-order mark.
fn decode(bytes: Vec<u8>) -> String {
    let mut text =
        String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    text
}

/// Physical lines as plumb counts them: a final line without a newline counts.
fn physical_lines(text: &[u8]) -> u64 {
    let newlines = memchr::memchr_iter(b'\n', text).count() as u64;
    newlines + u64::from(text.last().is_some_and(|&b| b != b'\n'))
}

/// Bytes are the file's size on disk; lines are counted on the decoded text, as plumb does.
fn count(path: &Path) -> Tally {
    let bytes = read(path);
    let size = bytes.len() as u64;
    let text = decode(bytes);
    Tally { files: 1, bytes: size, lines: physical_lines(text.as_bytes()), items: 0, with_errors: 0 }
}

/// Read and parse with the thread's reused parser; drop the tree.
fn raw(file: &File) -> Tally {
    let bytes = read(&file.path);
    let (items, with_errors) = PARSER.with(|parser| {
        let mut parser = parser.borrow_mut();
        parser.set_language(&file.language.grammar()).expect("grammar ABI is checked by plumb-lang's tests");
        let tree = parser.parse(&bytes, None).expect("no timeout or cancellation is set");
        let root = tree.root_node();
        (root.descendant_count() as u64, u64::from(root.has_error()))
    });
    // Lines are the corpus totals from `count`: counting them here would slow the floor.
    black_box(Tally { files: 1, bytes: bytes.len() as u64, lines: 0, items, with_errors })
}

/// Read, decode and analyse as `plumb check` does, without the rules and the report.
fn analyze(file: &File) -> Tally {
    let bytes = read(&file.path);
    let size = bytes.len() as u64;
    let text = decode(bytes);
    let metrics = ANALYZER.with(|analyzer| analyzer.borrow_mut().analyze(text.as_bytes(), file.language));
    black_box(Tally {
        files: 1,
        bytes: size,
        lines: u64::from(metrics.lines),
        items: metrics.functions.len() as u64,
        with_errors: u64::from(metrics.syntax_errors > 0),
    })
}

/// Read, parse, and walk every node with a cursor, reading each node's kind.
fn walk(file: &File) -> Tally {
    let bytes = read(&file.path);
    let (items, with_errors) = PARSER.with(|parser| {
        let mut parser = parser.borrow_mut();
        parser.set_language(&file.language.grammar()).expect("grammar ABI is checked by plumb-lang's tests");
        let tree = parser.parse(&bytes, None).expect("no timeout or cancellation is set");
        let mut cursor = tree.walk();
        let mut visited = 0u64;
        let mut checksum = 0u64;
        'walk: loop {
            visited += 1;
            let node = cursor.node();
            checksum = checksum.wrapping_add(u64::from(node.kind_id()));
            if node.child_count() > 0 && cursor.goto_first_child() {
                continue;
            }
            while !cursor.goto_next_sibling() {
                if !cursor.goto_parent() {
                    break 'walk;
                }
            }
        }
        black_box(checksum);
        (visited, u64::from(tree.root_node().has_error()))
    });
    black_box(Tally { files: 1, bytes: bytes.len() as u64, lines: 0, items, with_errors })
}

/// Roles that count for something by themselves; the others only matter when a function or
/// decision is inside (names, comments, attributes, wrappers).
fn is_active(roles: plumb_lang::Roles) -> bool {
    use plumb_lang::Roles;
    let active = [
        Roles::FUNCTION,
        Roles::IF,
        Roles::ELIF,
        Roles::ELSE,
        Roles::CONDITIONAL,
        Roles::LOOP,
        Roles::SWITCH,
        Roles::CASE,
        Roles::CATCH,
        Roles::DECISION,
        Roles::BINARY,
        Roles::JUMP,
        Roles::LABEL,
        Roles::GOTO,
        Roles::RETURN,
        Roles::EARLY_EXIT,
        Roles::CALL,
        Roles::GUARDED,
        Roles::GUARD,
    ];
    active.iter().any(|&role| roles.intersects(role))
}

/// Where a corpus's nodes are, per language and node kind: which subtrees a walk could skip.
#[derive(Default)]
struct Census {
    languages: std::collections::BTreeMap<Language, LanguageCensus>,
}

#[derive(Default)]
struct LanguageCensus {
    files: u64,
    /// Nodes a cursor walk visits (named and anonymous).
    nodes: u64,
    leaves: u64,
    /// Nodes below a node whose descendants play no active role: what a walk that knew this in
    /// advance would not visit.
    inert: u64,
    kinds: std::collections::HashMap<u16, KindCensus>,
}

/// Outermost occurrences of one kind (not counting one nested in another of the same kind).
#[derive(Default, Clone, Copy)]
struct KindCensus {
    occurrences: u64,
    descendants: u64,
    /// Occurrences with an active role below them.
    active: u64,
    /// Occurrences with a comment below them.
    comments: u64,
}

struct CensusFrame {
    kind: u16,
    start: u64,
    outermost: bool,
    active_below: bool,
    comment_below: bool,
    active: bool,
    comment: bool,
    inert_below: u64,
}

impl Census {
    fn merge(&mut self, other: Self) {
        for (lang, theirs) in other.languages {
            let ours = self.languages.entry(lang).or_default();
            ours.files += theirs.files;
            ours.nodes += theirs.nodes;
            ours.leaves += theirs.leaves;
            ours.inert += theirs.inert;
            for (kind, k) in theirs.kinds {
                let mine = ours.kinds.entry(kind).or_default();
                mine.occurrences += k.occurrences;
                mine.descendants += k.descendants;
                mine.active += k.active;
                mine.comments += k.comments;
            }
        }
    }

    fn print(&self) {
        for (lang, c) in &self.languages {
            let grammar = lang.grammar();
            let pct = |n: u64| 100.0 * n as f64 / c.nodes.max(1) as f64;
            println!();
            println!(
                "census {}: {} files, {} nodes visited ({} leaves, {:.1}%); {} ({:.1}%) lie below a node with no active role below it",
                lang.id(),
                c.files,
                c.nodes,
                c.leaves,
                pct(c.leaves),
                c.inert,
                pct(c.inert)
            );
            println!(
                "  {:<32} {:>10} {:>12} {:>7} {:>14} {:>13}",
                "kind (outermost)", "count", "nodes below", "share", "with active", "with comment"
            );
            let mut kinds: Vec<_> = c.kinds.iter().collect();
            kinds.sort_by_key(|(_, k)| std::cmp::Reverse(k.descendants));
            for (kind, k) in kinds.iter().take(15) {
                let name = grammar.node_kind_for_id(**kind).unwrap_or("?");
                let named =
                    if grammar.node_kind_is_named(**kind) { name.to_owned() } else { format!("\"{name}\"") };
                println!(
                    "  {:<32} {:>10} {:>12} {:>6.1}% {:>14} {:>13}",
                    named,
                    k.occurrences,
                    k.descendants,
                    pct(k.descendants),
                    k.active,
                    k.comments
                );
            }
        }
    }
}

fn census_file(file: &File) -> Census {
    let bytes = read(&file.path);
    let table = file.language.table();
    let mut c = LanguageCensus { files: 1, ..LanguageCensus::default() };
    PARSER.with(|parser| {
        let mut parser = parser.borrow_mut();
        parser.set_language(&file.language.grammar()).expect("grammar ABI is checked by plumb-lang's tests");
        let tree = parser.parse(&bytes, None).expect("no timeout or cancellation is set");
        let mut depth = vec![0u32; usize::from(u16::MAX) + 1];
        let mut stack: Vec<CensusFrame> = Vec::new();
        let mut cursor = tree.walk();
        loop {
            let node = cursor.node();
            let kind = node.kind_id();
            let roles = table.info(kind).roles;
            c.nodes += 1;
            if node.child_count() == 0 {
                c.leaves += 1;
            }
            stack.push(CensusFrame {
                kind,
                start: c.nodes,
                outermost: depth[usize::from(kind)] == 0,
                active_below: false,
                comment_below: false,
                active: is_active(roles),
                comment: roles.intersects(plumb_lang::Roles::COMMENT),
                inert_below: 0,
            });
            depth[usize::from(kind)] += 1;
            if cursor.goto_first_child() {
                continue;
            }
            loop {
                let frame = stack.pop().expect("a frame per entered node");
                depth[usize::from(frame.kind)] -= 1;
                let descendants = c.nodes - frame.start;
                let inert = if frame.active_below { frame.inert_below } else { descendants };
                if frame.outermost {
                    let k = c.kinds.entry(frame.kind).or_default();
                    k.occurrences += 1;
                    k.descendants += descendants;
                    k.active += u64::from(frame.active_below);
                    k.comments += u64::from(frame.comment_below);
                }
                match stack.last_mut() {
                    Some(parent) => {
                        parent.active_below |= frame.active || frame.active_below;
                        parent.comment_below |= frame.comment || frame.comment_below;
                        parent.inert_below += inert;
                    }
                    None => c.inert += inert,
                }
                if cursor.goto_next_sibling() {
                    break;
                }
                if !cursor.goto_parent() {
                    // The root's frame was popped above.
                    let mut census = Census::default();
                    census.languages.insert(file.language, c);
                    return census;
                }
            }
        }
    })
}
