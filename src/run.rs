//! One analysis run: discover, analyse in parallel, assemble the report.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use plumb_check::{RuleId, Settings};
use plumb_lang::Language;
use plumb_report::{Level, Report, Summary};

use crate::analyze::{self, Progress};
use crate::cli::{InputArgs, RuleFlags};
use crate::config::{Config, Configs};
use crate::coverage::{Reports, RunCoverage};
use crate::discover;

/// A finished run.
pub(crate) struct Run {
    pub(crate) report: Report,
    /// The text of files with findings, for snippets.
    pub(crate) sources: HashMap<String, String>,
    /// The coverage reports' data for the analysed files, when reports were given.
    pub(crate) coverage: Option<RunCoverage>,
    pub(crate) elapsed: Duration,
    /// No file of the paths is one plumb measures (whether or not `only` accepts it).
    pub(crate) nothing_to_analyse: bool,
}

/// A file to analyse, with what its configuration says about it.
pub(crate) struct Job {
    pub(crate) candidate: discover::Candidate,
    /// The file's path relative to the repository root, which its findings' fingerprints are
    /// computed over ([`discover::root_key`]).
    pub(crate) key: String,
    pub(crate) settings: Arc<Settings>,
    /// A language the configuration maps the file's extension to.
    pub(crate) language: Option<Language>,
    pub(crate) max_size: u64,
    /// The file's coverage, when a report covers it.
    pub(crate) coverage: Option<Arc<plumb_coverage::FileCoverage>>,
}

/// The default `--max-file-size`.
pub(crate) const MAX_FILE_SIZE: u64 = 5 << 20;

/// Runs the analysis on the files `only` accepts (absolute paths). `keep_sources` keeps the
/// text of files with findings, for snippets; `reports` are joined to the files they cover.
pub(crate) fn run(
    input: &InputArgs,
    flags: &RuleFlags,
    keep_sources: bool,
    only: &dyn Fn(&Path) -> bool,
    reports: Option<Reports>,
) -> Result<Run> {
    let start = Instant::now();
    if let Some(threads) = input.threads() {
        if let Some(asked) = input.threads.filter(|&asked| asked > threads) {
            let per_cpu = crate::cli::THREADS_PER_CPU;
            crate::output::warning(&format!(
                "-j {asked} is more than {per_cpu} threads per CPU; using {threads}"
            ));
        }
        // Only the first call can configure the global pool; a run configures it once.
        let _ = rayon::ThreadPoolBuilder::new().num_threads(threads).build_global();
    }
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let (candidates, mut problems) = discover::discover(input, &cwd)?;
    let (mut jobs, any) = jobs(candidates, &cwd, input, flags, only)?;
    let coverage = reports.map(|reports| attach_coverage(reports, &mut jobs, &cwd)).transpose()?;
    let progress = Progress::new(jobs.len(), !input.no_progress);
    let analysed = analyze::analyze_all(&jobs, keep_sources, &progress);
    progress.finish();

    let mut report = Report::default();
    let mut sources = HashMap::new();
    for file in analysed {
        problems.extend(file.problem);
        let Some(checked) = file.checked else { continue };
        if let Some(source) = file.source {
            sources.insert(checked.file.path.clone(), source);
        }
        report.findings.extend(checked.findings);
        report.files.push(checked.file);
    }
    problems.sort_by(|a, b| a.path.cmp(&b.path));
    report.problems = problems;
    report.summary = summarize(&report);
    Ok(Run { report, sources, coverage, elapsed: start.elapsed(), nothing_to_analyse: !any })
}

/// Resolves the reports' paths against the files to analyse (relative to the repository root)
/// and gives each job its file's coverage.
fn attach_coverage(reports: Reports, jobs: &mut [Job], cwd: &Path) -> Result<RunCoverage> {
    let root = discover::repo_root(cwd);
    let mut own_roots = HashMap::new();
    let files: Vec<(String, String)> = jobs
        .iter()
        .map(|job| {
            let absolute = discover::absolute(cwd, &job.candidate.path);
            (job.candidate.display.clone(), coverage_key(&absolute, &root, &mut own_roots))
        })
        .collect();
    let path_map =
        Configs::new().for_file(&cwd.join("_"))?.map(|config| config.path_map.clone()).unwrap_or_default();
    let named_files = !jobs.is_empty() && jobs.iter().all(|job| job.candidate.explicit);
    let coverage = reports.resolve(&root, &files, &path_map, named_files)?;
    for job in jobs {
        job.coverage = coverage.files.get(&job.candidate.display).cloned();
    }
    Ok(coverage)
}

/// Resolves each candidate's configuration: files it excludes, or that are not source, are
/// dropped; the rest get their settings (shared between files with the same ones). Also says
/// whether any candidate is one to analyse, `only` aside.
fn jobs(
    candidates: Vec<discover::Candidate>,
    cwd: &Path,
    input: &InputArgs,
    flags: &RuleFlags,
    only: &dyn Fn(&Path) -> bool,
) -> Result<(Vec<Job>, bool)> {
    let mut configs = Configs::new();
    let root = discover::repo_root(cwd);
    let mut shared: HashMap<(usize, Vec<String>), Arc<Settings>> = HashMap::new();
    let mut jobs = Vec::with_capacity(candidates.len());
    let mut any = false;
    for candidate in candidates {
        let file = discover::absolute(cwd, &candidate.path);
        let wanted = only(&file);
        // Files `only` refuses are looked at until one is found to analyse.
        if !wanted && any {
            continue;
        }
        let config = configs.for_file(&file)?;
        if !admitted(&candidate, &file, config.as_deref()) {
            continue;
        }
        any = true;
        if !wanted {
            continue;
        }
        let key = match &config {
            Some(config) => (Arc::as_ptr(config) as usize, config.matching_overrides(&file)),
            None => (0, Vec::new()),
        };
        let settings = shared
            .entry(key)
            .or_insert_with(|| Arc::new(settings_for(config.as_deref(), &file, flags)))
            .clone();
        let language = config.as_ref().and_then(|config| config.language(&file));
        let max_size =
            input.max_file_size.or(config.as_ref().and_then(|c| c.max_file_size)).unwrap_or(MAX_FILE_SIZE);
        let key = discover::root_key(&candidate.display, cwd, &root);
        jobs.push(Job { candidate, key, settings, language, max_size, coverage: None });
    }
    Ok((jobs, any))
}

/// Whether a candidate is one to analyse: its configuration admits it, and it is named on the
/// command line or is source (by its name, or a language the configuration maps it to).
fn admitted(candidate: &discover::Candidate, file: &Path, config: Option<&Config>) -> bool {
    if config.is_some_and(|config| !config.admits(file)) {
        return false;
    }
    let mapped = config.is_some_and(|config| config.language(file).is_some());
    candidate.explicit || discover::is_source(&candidate.path, mapped)
}

/// Ends a run (exit 2) whose directories hold no file to analyse, saying why, unless `allow`.
/// Files named on the command line never do: pre-commit names the files it checks, and the
/// configuration may exclude them all.
pub(crate) fn refuse_empty(run: &Run, input: &InputArgs, allow: bool) -> Result<()> {
    if allow || !run.nothing_to_analyse {
        return Ok(());
    }
    let dirs: Vec<&Path> = input.paths.iter().map(PathBuf::as_path).filter(|path| path.is_dir()).collect();
    if dirs.is_empty() {
        return Ok(());
    }
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    anyhow::bail!(crate::empty::explain(input, &dirs, &cwd)?)
}

/// How a file is named to the coverage resolver: relative to the repository root; a file outside
/// it relative to its own repository, or by its absolute path when it is in none (a report that
/// names it absolutely then matches it whole). `own_roots` caches repositories by directory.
fn coverage_key(absolute: &Path, root: &Path, own_roots: &mut HashMap<PathBuf, Option<PathBuf>>) -> String {
    if let Ok(relative) = absolute.strip_prefix(root) {
        return discover::display_path(relative, Path::new(""));
    }
    let dir = absolute.parent().unwrap_or(absolute).to_path_buf();
    let own =
        own_roots.entry(dir).or_insert_with_key(|dir| discover::repository_root(dir).map(Path::to_path_buf));
    match own.as_deref().and_then(|own| absolute.strip_prefix(own).ok()) {
        Some(relative) => discover::display_path(relative, Path::new("")),
        None => absolute.to_string_lossy().replace('\\', "/"),
    }
}

/// A file's settings: the defaults, then its configuration, then the command line.
pub(crate) fn settings_for(config: Option<&Config>, file: &Path, flags: &RuleFlags) -> Settings {
    let mut settings = Settings::default();
    if let Some(config) = config {
        config.apply(file, &mut settings);
    }
    if let Some(max) = flags.limits.max_cyclomatic {
        settings.set_threshold(RuleId::CyclomaticComplexity, f64::from(max));
    }
    if let Some(max) = flags.limits.max_cognitive {
        settings.set_threshold(RuleId::CognitiveComplexity, f64::from(max));
    }
    if let Some(min) = flags.min_coverage {
        settings.set_threshold(RuleId::Coverage, min);
    }
    if let Some(min) = flags.min_changed_coverage {
        settings.set_threshold(RuleId::ChangedCoverage, min);
    }
    settings
}

/// Totals of a report, recounted after findings are filtered.
pub(crate) fn summarize(report: &Report) -> Summary {
    let mut summary = Summary {
        files: report.files.len() as u32,
        problems: report.problems.len() as u32,
        ..Summary::default()
    };
    for file in &report.files {
        summary.functions += file.functions.len() as u32;
        summary.lines += u64::from(file.lines);
        summary.code += u64::from(file.code);
        summary.comments += u64::from(file.comments);
        summary.blanks += u64::from(file.blanks);
    }
    for finding in &report.findings {
        match finding.level {
            Level::Error => summary.errors += 1,
            Level::Warning => summary.warnings += 1,
            Level::Note => summary.notes += 1,
        }
    }
    summary
}
