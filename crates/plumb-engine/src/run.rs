//! One analysis run: configure the files found, analyse them in parallel, assemble the report.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use plumb_check::{RuleId, Settings};
use plumb_coverage::FileCoverage;
use plumb_lang::Language;
use plumb_report::{FileReport, Finding, Level, Report, Summary};

use crate::analyze::{self, Analysed};
use crate::config::Config;
use crate::coverage::{Reports, RunCoverage};
use crate::discover::{self, Candidate, Discovered, WalkOptions, display_path};
use crate::error::{Error, ErrorKind, Notice};
use crate::options::{Progress, RuleOverrides, RunOptions};
use crate::shard::Shard;
use crate::workspace::Workspace;

/// A finished run.
#[derive(Debug)]
pub struct Run {
    /// The files' metrics and findings, and the problems met.
    pub report: Report,
    /// The text of files with findings, for snippets (when [`RunOptions::keep_sources`]).
    pub sources: HashMap<String, String>,
    /// The coverage reports' data for the analysed files, when reports were given.
    pub coverage: Option<RunCoverage>,
    /// No file of the paths is one plumb measures (whether or not the changed-code filter
    /// accepts it).
    pub nothing_to_analyse: bool,
    /// What the caller should tell the user (coverage report paths that name no file...).
    pub notices: Vec<Notice>,
}

/// A file to analyse, with what its configuration says about it.
pub(crate) struct Job {
    pub(crate) candidate: Candidate,
    /// The file's path relative to the repository root, which its findings' fingerprints are
    /// computed over ([`discover::root_key`]).
    pub(crate) key: String,
    pub(crate) settings: Arc<Settings>,
    /// A language the configuration maps the file's extension to.
    pub(crate) language: Option<Language>,
    pub(crate) max_size: u64,
    /// The file's coverage, when a report covers it.
    pub(crate) coverage: Option<Arc<FileCoverage>>,
}

/// What a streamed run hands each file's report and findings to ([`Workspace::analyze_streamed`]).
pub type Stream<'a> = dyn FnMut(&mut FileReport, &mut Vec<Finding>) + 'a;

/// How many files per thread a streamed run hands out after the first one not yet streamed.
const STREAM_WINDOW: usize = 256;

/// The default `--max-file-size`.
pub const MAX_FILE_SIZE: u64 = 5 << 20;

impl Workspace {
    /// Analyses the files found (those the configuration admits, and with
    /// [`RunOptions::changed`] only changed ones) on a pool of threads of its own, joins the
    /// coverage `reports` to them, and assembles the report: files in path order, findings by
    /// path, position and rule. A file that cannot be read or analysed is a problem of the
    /// report, not an error.
    pub fn analyze(
        &self,
        files: Discovered,
        reports: Option<Reports>,
        options: &RunOptions<'_>,
        progress: &dyn Progress,
    ) -> Result<Run, Error> {
        self.run(files, reports, options, progress, None)
    }

    /// [`Workspace::analyze`], handing each file's report and findings to `stream` in path
    /// order as soon as it and every file before it are analysed, instead of keeping the
    /// report: the run's report keeps of each file only its path and line counts (its
    /// `functions` are empty; the summary counts them), and its findings as `stream` leaves
    /// them (it may drop what it will not show, such as labels). The files are handed out
    /// within a window after the first one not yet streamed, so that few reports wait for an
    /// earlier one: memory follows the largest trees and the findings, not the size of the
    /// report. The file's text is never kept.
    pub fn analyze_streamed(
        &self,
        files: Discovered,
        reports: Option<Reports>,
        options: &RunOptions<'_>,
        progress: &dyn Progress,
        stream: &mut Stream<'_>,
    ) -> Result<Run, Error> {
        let options = RunOptions { keep_sources: false, ..options.clone() };
        self.run(files, reports, &options, progress, Some(stream))
    }

    fn run(
        &self,
        files: Discovered,
        reports: Option<Reports>,
        options: &RunOptions<'_>,
        progress: &dyn Progress,
        mut stream: Option<&mut Stream<'_>>,
    ) -> Result<Run, Error> {
        let Discovered { candidates, mut problems } = files;
        let named: Vec<PathBuf> =
            candidates.iter().filter(|candidate| candidate.explicit).map(|c| c.path.clone()).collect();
        let (mut jobs, any) = jobs(self, candidates, options)?;
        if let Some(shard) = options.shard {
            keep_shard(&mut jobs, shard);
            // What the walk met is told once, by the first shard.
            if shard.index != 1 {
                problems.clear();
            }
        }
        let mut notices = Vec::new();
        if !any {
            notices.extend(self.all_named_excluded(&named)?);
        }
        let coverage =
            reports.map(|reports| attach_coverage(self, reports, &mut jobs, &mut notices)).transpose()?;
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(options.threads.unwrap_or(0))
            .build()
            .map_err(|error| Error::from_source(ErrorKind::Resources, error))?;
        progress.start(jobs.len());
        let window = stream.is_some().then(|| STREAM_WINDOW * pool.current_num_threads());
        let mut report = Report::default();
        let mut sources = HashMap::new();
        let mut functions = 0;
        analyze::analyze_all(&pool, &jobs, options, progress, window, &mut |file| {
            problems.extend(file.problem);
            let Some(mut checked) = file.checked else { return };
            if let Some(source) = file.source {
                sources.insert(checked.file.path.clone(), source);
            }
            if let Some(stream) = stream.as_mut() {
                stream(&mut checked.file, &mut checked.findings);
                functions += checked.file.functions.len() as u32;
                checked.file.functions = Vec::new();
            }
            report.findings.extend(checked.findings);
            report.files.push(checked.file);
        });
        progress.finish();
        if let Some(cache) = options.cache {
            notices.extend(cache.finish());
        }
        problems.sort_by(|a, b| a.path.cmp(&b.path));
        report.problems = problems;
        report.written_functions = functions;
        report.summary = summarize(&report);
        Ok(Run { report, sources, coverage, nothing_to_analyse: !any, notices })
    }

    /// Analyses one file, from disk or held in memory (`contents`: an editor's unsaved buffer),
    /// as [`Workspace::analyze`] would in a run that names it: its configuration's settings
    /// (with `options.rules` over them), its language by its name, and its findings' paths
    /// and fingerprints from `path`. `coverage` is the file's coverage, as an earlier run
    /// joined it ([`RunCoverage::files`], by the file's shown path): the coverage rules then
    /// apply. `None` when its configuration excludes it. On the calling thread;
    /// `options.threads` and `options.changed` do not apply.
    pub fn analyze_file(
        &self,
        path: &Path,
        contents: Option<Vec<u8>>,
        coverage: Option<Arc<FileCoverage>>,
        options: &RunOptions<'_>,
    ) -> Result<Option<Analysed>, Error> {
        let candidate = self.candidate(path, contents);
        let options = RunOptions { changed: None, shard: None, ..options.clone() };
        let (mut jobs, _) = jobs(self, vec![candidate], &options)?;
        Ok(jobs.pop().map(|job| analyze::analyze_one(&Job { coverage, ..job }, &options)))
    }

    /// Why a run analyses none of the files named one by one, when the configuration excludes
    /// them: the run passes (pre-commit names the files it checks), but says so.
    fn all_named_excluded(&self, named: &[PathBuf]) -> Result<Option<Notice>, Error> {
        let Some(first) = named.first() else { return Ok(None) };
        let file = discover::absolute(&self.cwd, first);
        let Some(config) = self.config_for(&file)? else { return Ok(None) };
        let Some(why) = config.exclusion(&file) else { return Ok(None) };
        let first = display_path(first, &self.cwd);
        let config = display_path(&config.path, &self.cwd);
        Ok(Some(Notice::Note(match named.len() {
            1 => format!("no file analysed: `{first}` is excluded by `{config}`: {why}"),
            count => format!(
                "no file analysed: the {count} files named are excluded by `{config}` (`{first}`: {why})"
            ),
        })))
    }

    /// Ends a run whose directories hold no file to analyse (an error of kind
    /// [`ErrorKind::NothingToAnalyse`] that says why). Files named one by one never do:
    /// pre-commit names the files it checks, and the configuration may exclude them all.
    pub fn refuse_empty(&self, run: &Run, paths: &[PathBuf], walk: &WalkOptions) -> Result<(), Error> {
        if !run.nothing_to_analyse {
            return Ok(());
        }
        let dirs: Vec<&Path> =
            paths.iter().map(PathBuf::as_path).filter(|path| self.cwd.join(path).is_dir()).collect();
        if dirs.is_empty() {
            return Ok(());
        }
        Err(Error::new(ErrorKind::NothingToAnalyse, crate::empty::explain(self, &dirs, walk)?))
    }
}

/// Keeps the jobs of one shard ([`Shard::assign`]).
fn keep_shard(jobs: &mut Vec<Job>, shard: Shard) {
    let files: Vec<(&str, u64)> = jobs
        .iter()
        .map(|job| {
            let size = match &job.candidate.contents {
                Some(contents) => contents.len() as u64,
                None => std::fs::metadata(&job.candidate.path).map_or(0, |metadata| metadata.len()),
            };
            (job.key.as_str(), size)
        })
        .collect();
    let shards = Shard::assign(shard.count, &files);
    let mut shards = shards.into_iter();
    jobs.retain(|_| shards.next() == Some(shard.index));
}

/// Resolves the reports' paths against the files to analyse (relative to the repository root)
/// and gives each job its file's coverage.
fn attach_coverage(
    ws: &Workspace,
    reports: Reports,
    jobs: &mut [Job],
    notices: &mut Vec<Notice>,
) -> Result<RunCoverage, Error> {
    let (cwd, root) = (&ws.cwd, &ws.root);
    let mut own_roots = HashMap::new();
    let files: Vec<(String, String)> = jobs
        .iter()
        .map(|job| {
            let absolute = discover::absolute(cwd, &job.candidate.path);
            (job.candidate.display.clone(), coverage_key(&absolute, root, &mut own_roots))
        })
        .collect();
    let path_map = ws.project_config()?.map(|config| config.path_map.clone()).unwrap_or_default();
    let named_files = !jobs.is_empty() && jobs.iter().all(|job| job.candidate.explicit);
    let coverage = reports.resolve(root, &files, &path_map, named_files, notices)?;
    for job in jobs {
        job.coverage = coverage.files.get(&job.candidate.display).cloned();
    }
    Ok(coverage)
}

/// Resolves each candidate's configuration: files it excludes, or that are not source, are
/// dropped; the rest get their settings (shared between files with the same ones). Also says
/// whether any candidate is one to analyse, `only` aside.
fn jobs(
    ws: &Workspace,
    candidates: Vec<Candidate>,
    options: &RunOptions<'_>,
) -> Result<(Vec<Job>, bool), Error> {
    let cwd = &ws.cwd;
    let mut shared: HashMap<(usize, Vec<String>), Arc<Settings>> = HashMap::new();
    let mut jobs = Vec::with_capacity(candidates.len());
    let mut any = false;
    // The last directory's configuration: the candidates are sorted, so a directory's files
    // come together, and asking the workspace for each (a lock, a hashed path) costs more than
    // the rest of a job.
    let mut last: Option<(PathBuf, Option<Arc<Config>>)> = None;
    for candidate in candidates {
        let file = discover::absolute(cwd, &candidate.path);
        let wanted = options.changed.is_none_or(|changed| changed.touches(&file));
        // Files the changed-code filter refuses are looked at until one is found to analyse.
        if !wanted && any {
            continue;
        }
        let dir = file.parent().unwrap_or(&file);
        let config = match &last {
            Some((last_dir, config)) if last_dir.as_os_str() == dir.as_os_str() => config.clone(),
            _ => {
                let config = ws.config_for(&file)?;
                last = Some((dir.to_path_buf(), config.clone()));
                config
            }
        };
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
            .or_insert_with(|| Arc::new(settings_for(config.as_deref(), &file, &options.rules)))
            .clone();
        let language = config.as_ref().and_then(|config| config.language(&file));
        let max_size =
            options.max_file_size.or(config.as_ref().and_then(|c| c.max_file_size)).unwrap_or(MAX_FILE_SIZE);
        let key = discover::root_key(&candidate.display, cwd, &ws.root);
        jobs.push(Job { candidate, key, settings, language, max_size, coverage: None });
    }
    Ok((jobs, any))
}

/// Whether a candidate is one to analyse: its configuration admits it, and it is named on the
/// command line or is source (by its name, or a language the configuration maps it to).
fn admitted(candidate: &Candidate, file: &Path, config: Option<&Config>) -> bool {
    if config.is_some_and(|config| !config.admits(file)) {
        return false;
    }
    let mapped = config.is_some_and(|config| config.language(file).is_some());
    candidate.explicit || discover::is_source(&candidate.path, mapped)
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

/// A file's settings: the defaults, then its configuration, then the caller's overrides.
pub(crate) fn settings_for(config: Option<&Config>, file: &Path, flags: &RuleOverrides) -> Settings {
    let mut settings = Settings::default();
    if let Some(config) = config {
        config.apply(file, &mut settings);
    }
    if let Some(max) = flags.max_cyclomatic {
        settings.set_threshold(RuleId::CyclomaticComplexity, f64::from(max));
    }
    if let Some(max) = flags.max_cognitive {
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
pub fn summarize(report: &Report) -> Summary {
    let mut summary = Summary {
        files: report.files.len() as u32,
        problems: report.problems.len() as u32,
        functions: report.written_functions,
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
    let [errors, warnings, notes] = report.findings_left_out;
    summary.errors += errors;
    summary.warnings += warnings;
    summary.notes += notes;
    summary
}
