//! The subcommands, one module each: each turns its arguments into the engine's options, runs
//! the engine, and writes what it found.

pub(crate) mod baseline;
pub(crate) mod check;
pub(crate) mod completions;
pub(crate) mod config;
pub(crate) mod coverage;
pub(crate) mod defects;
pub(crate) mod diff;
pub(crate) mod explain;
pub(crate) mod hotspots;
pub(crate) mod languages;
pub(crate) mod man;
pub(crate) mod merge;
pub(crate) mod metrics;
pub(crate) mod report;
pub(crate) mod rules;
pub(crate) mod server;
pub(crate) mod trend;

use std::fmt::Write as _;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use plumb_engine::coverage::Reports;
use plumb_engine::{Cache, Discovered, Run, RunOptions, Workspace};
use plumb_report::render::{self, Format};
use plumb_report::{Report, RunInfo};

use crate::ExitStatus;
use crate::cli::{CacheArgs, CoverageArgs, InputArgs, ReportFlags, StdinFlag};
use crate::output;

/// The workspace of the working directory.
pub(crate) fn workspace() -> Result<Workspace> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    Ok(Workspace::open(cwd))
}

/// Analyses the files `input` names, or the source on standard input as the file `stdin`
/// names, with a progress bar, and says what the engine has to say on the way; with `stream`,
/// each file's report is handed to it in path order as it comes, and not kept
/// ([`Workspace::analyze_streamed`]).
pub(crate) fn analyse(
    ws: &Workspace,
    input: &InputArgs,
    stdin: Option<&Path>,
    options: &RunOptions<'_>,
    reports: Option<Reports>,
    stream: Option<&mut plumb_engine::Stream<'_>>,
) -> Result<Run> {
    if let Some(threads) = input.threads()
        && let Some(asked) = input.threads.filter(|&asked| asked > threads)
    {
        let per_cpu = crate::cli::THREADS_PER_CPU;
        output::warning(&format!("-j {asked} is more than {per_cpu} threads per CPU; using {threads}"));
    }
    let files = match stdin {
        Some(name) => read_stdin(ws, name, input.max_file_size)?,
        None => ws.discover(&input.paths, &input.walk())?,
    };
    let cache = cache(&input.cache)?;
    let options = RunOptions {
        threads: input.threads(),
        max_file_size: input.max_file_size,
        panic_on: crate::panic::test_target(),
        cache: cache.as_ref(),
        ..options.clone()
    };
    let progress = crate::progress::Bar::new(!input.no_progress);
    let run = match stream {
        Some(stream) => ws.analyze_streamed(files, reports, &options, &progress, stream)?,
        None => ws.analyze(files, reports, &options, &progress)?,
    };
    output::notices(&run.notices);
    Ok(run)
}

/// The result cache the arguments and environment ask for: `--cache-dir`, else
/// `$PLUMB_CACHE_DIR`, else the user's cache directory; `None` with `--no-cache`, or when there
/// is no such directory. Opened lazily: nothing is read or created until a file is looked up.
pub(crate) fn cache(args: &CacheArgs) -> Result<Option<Cache>> {
    if args.no_cache {
        return Ok(None);
    }
    let var = |name| std::env::var_os(name).filter(|value| !value.is_empty()).map(PathBuf::from);
    let dir = args.cache_dir.clone().or_else(|| var("PLUMB_CACHE_DIR")).or_else(|| {
        let user = var("XDG_CACHE_HOME").or_else(|| var("HOME").map(|home| home.join(".cache")));
        user.or_else(|| var("LOCALAPPDATA")).map(|dir| dir.join("plumb"))
    });
    let max_size = match std::env::var("PLUMB_CACHE_MAX_SIZE") {
        Ok(size) if !size.is_empty() => plumb_engine::parse_size(&size)
            .map_err(|error| anyhow::anyhow!("PLUMB_CACHE_MAX_SIZE: {error}"))?,
        _ => Cache::DEFAULT_MAX_SIZE,
    };
    Ok(dir.map(|dir| Cache::new(dir, &build_identity(), max_size)))
}

/// What identifies this build of plumb to the cache: its version and, in debug builds (whose
/// measurements change without a new version), the executable's size and time. In debug
/// builds `$PLUMB_TEST_CACHE_VERSION` replaces the version, for the tests of a new version.
fn build_identity() -> String {
    let version = env!("CARGO_PKG_VERSION");
    if !cfg!(debug_assertions) {
        return version.to_owned();
    }
    let version = std::env::var("PLUMB_TEST_CACHE_VERSION").unwrap_or_else(|_| version.to_owned());
    let exe = std::env::current_exe().and_then(std::fs::metadata);
    let stamp = exe.map(|metadata| (metadata.len(), metadata.modified().ok())).ok();
    format!("{version} {stamp:?}")
}

/// The name `--stdin-filename` gives the source on standard input, which `-` as the one path
/// asks to read; `None` when the paths are to be read.
pub(crate) fn stdin_name<'a>(input: &InputArgs, stdin: &'a StdinFlag) -> Result<Option<&'a Path>> {
    let dash = input.paths.iter().any(|path| path.as_os_str() == "-");
    match stdin.stdin_filename.as_deref() {
        Some(name) if dash && input.paths.len() == 1 => Ok(Some(name)),
        Some(_) => anyhow::bail!(
            "--stdin-filename names the source read from standard input: give `-` as the only path \
             (`--stdin-filename src/app.py -`)"
        ),
        None if dash => anyhow::bail!(
            "`-` reads the source from standard input: name it with --stdin-filename, whose language, \
             configuration and path it takes (`--stdin-filename src/app.py -`)"
        ),
        None => Ok(None),
    }
}

/// The source on standard input as the file `name`: read to its size limit and one byte past
/// it, so that a source larger than the limit is skipped as a file would be.
fn read_stdin(ws: &Workspace, name: &Path, max_file_size: Option<u64>) -> Result<Discovered> {
    let limit = ws.max_file_size(name, max_file_size)?;
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .context("cannot read standard input")?;
    Ok(Discovered { candidates: vec![ws.candidate(name, Some(bytes))], problems: Vec::new() })
}

/// Ends a run (exit 2) whose directories hold no file to analyse, saying why, unless `allow`.
pub(crate) fn refuse_empty(ws: &Workspace, run: &Run, input: &InputArgs, allow: bool) -> Result<()> {
    if !allow {
        ws.refuse_empty(run, &input.paths, &input.walk())?;
    }
    Ok(())
}

/// Reads the coverage reports the arguments name, if any.
pub(crate) fn reports(ws: &Workspace, args: &CoverageArgs) -> Result<Option<Reports>> {
    Ok(Reports::read(ws, &args.reports, args.coverage_format)?)
}

/// Sets the run's verdict and facts on a finished report: its summary, the rules, the run
/// information, and the exit status (1 for error-level findings or more warnings than
/// `--max-warnings`, 0 with `--exit-zero`), which it returns.
pub(crate) fn conclude(ws: &Workspace, report: &mut Report, flags: &ReportFlags) -> ExitStatus {
    report.summary = plumb_engine::summarize(report);
    let warnings_fail =
        !flags.exit_zero && flags.max_warnings.is_some_and(|max| report.summary.warnings > max);
    let code = if !flags.exit_zero && (report.summary.errors > 0 || warnings_fail) {
        ExitStatus::Findings
    } else {
        ExitStatus::Success
    };
    report.rules = plumb_check::RULES;
    report.run = run_info(ws, code);
    // JUnit makes the warnings failures then.
    report.run.warnings_fail = warnings_fail;
    code
}

/// The facts SARIF and the CI formats record: version, command line, and the repository root
/// that paths are made relative to (the nearest ancestor with `.git`, else the working directory).
pub(crate) fn run_info(ws: &Workspace, status: ExitStatus) -> RunInfo {
    let root = ws.root();
    let prefix = ws.cwd().strip_prefix(root).map(Path::to_path_buf).unwrap_or_default();
    let path_prefix = plumb_engine::display_path(&prefix, Path::new(""));
    let path_prefix = if path_prefix == "." { String::new() } else { format!("{path_prefix}/") };
    // Arguments need not be UTF-8 (a file name): `args()` would panic on them.
    let command_line =
        std::env::args_os().map(|arg| shell_word(&arg.to_string_lossy())).collect::<Vec<_>>().join(" ");
    RunInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        command_line,
        root_uri: Some(file_uri(root)),
        path_prefix,
        exit_code: i32::from(status.code()),
        warnings_fail: false,
    }
}

/// `file:///abs/dir/`, percent-encoded, with the trailing slash SARIF requires.
fn file_uri(dir: &Path) -> String {
    let mut uri = String::from("file://");
    let path: PathBuf = dir.components().collect();
    for byte in path.to_string_lossy().bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            let _ = write!(uri, "%{byte:02X}");
        }
    }
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// An argument as a shell would need it typed.
fn shell_word(arg: &str) -> String {
    let plain =
        !arg.is_empty() && arg.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_./=:,+@%".contains(&b));
    if plain { arg.to_owned() } else { format!("'{}'", arg.replace('\'', r"'\''")) }
}

/// With SARIF, says on standard error what its limits leave out of the log (the log says it
/// too).
pub(crate) fn sarif_limits(format: Format, report: &Report) {
    if format != Format::Sarif {
        return;
    }
    let limits = render::sarif::Limits::of(report);
    if limits.results_left_out() > 0 {
        output::warning(&format!(
            "SARIF allows {} results per run: {} are left out of the log ({}); errors are kept first",
            render::sarif::MAX_RESULTS,
            limits.results_left_out(),
            limits.describe_left_out()
        ));
    }
}

/// Appends the Markdown summary to the job summary file GitHub Actions provides.
pub(crate) fn github_step_summary(report: &Report) {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else { return };
    let result = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(&path)
        .and_then(|mut file| render::markdown::render(report, &mut file));
    if let Err(error) = result {
        output::warning(&format!(
            "cannot write the job summary to `{}`: {error}",
            Path::new(&path).display()
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_are_percent_encoded_with_a_trailing_slash() {
        assert_eq!(file_uri(Path::new("/home/me/my repo#1")), "file:///home/me/my%20repo%231/");
        assert_eq!(file_uri(Path::new("/")), "file:///");
    }

    #[test]
    fn shell_words() {
        assert_eq!(shell_word("--format=sarif"), "--format=sarif");
        assert_eq!(shell_word("my file.py"), "'my file.py'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
    }
}
