//! Analysing documents on a thread of their own: the latest text of each, through the engine
//! as `plumb check` analyses a file; stale work is dropped, and a panic is caught.

use std::collections::HashMap;
use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use crossbeam_channel::{Receiver, Sender};
use lsp_types::Uri;
use plumb_coverage::FileCoverage;
use plumb_engine::coverage::Reports;
use plumb_engine::{Cache, Discovered, NoProgress, RuleOverrides, RunOptions, Workspace};
use plumb_report::{FileReport, Finding};

/// A document to analyse: one version of its text.
pub(crate) struct Job {
    pub(crate) uri: Uri,
    pub(crate) version: i32,
    pub(crate) path: PathBuf,
    pub(crate) text: Arc<String>,
    pub(crate) workspace: Arc<Workspace>,
    /// The coverage reports to read, from the settings.
    pub(crate) coverage: Vec<String>,
}

/// What the analysis of one version of a document found.
#[derive(Debug, Default)]
pub(crate) struct Analysis {
    /// The file's metrics, unless it was not analysed.
    pub(crate) file: Option<FileReport>,
    /// Its findings.
    pub(crate) findings: Vec<Finding>,
    /// The file's settings (thresholds), when its configuration is valid.
    pub(crate) settings: Option<plumb_check::Settings>,
    /// Why it was not analysed (its configuration is invalid): shown on the document.
    pub(crate) refused: Option<String>,
    /// What the user should be told in the log (a file skipped, a report that cannot be read,
    /// an internal error).
    pub(crate) log: Vec<String>,
    /// An internal error (a panic) while analysing it.
    pub(crate) crashed: bool,
}

/// A finished analysis.
pub(crate) struct Done {
    pub(crate) uri: Uri,
    pub(crate) version: i32,
    pub(crate) analysis: Arc<Analysis>,
}

/// What the analysing thread shares with the server.
#[derive(Clone, Default)]
pub(crate) struct Shared {
    /// The latest version of each open document: work on an older one is dropped.
    pub(crate) latest: Arc<Mutex<HashMap<Uri, i32>>>,
    /// Each file's coverage from the configured reports, read once (`None`: no report covers
    /// it), until a report or the settings change.
    pub(crate) coverage: Arc<Mutex<HashMap<PathBuf, Option<Arc<FileCoverage>>>>>,
    /// For tests of failure paths: analysing a file whose path ends with this panics.
    pub(crate) panic_on: Option<String>,
    /// The result cache: a document's metrics are measured once per content.
    pub(crate) cache: Option<Arc<Cache>>,
}

impl Shared {
    /// Whether `version` is still the latest of `uri`.
    pub(crate) fn is_latest(&self, uri: &Uri, version: i32) -> bool {
        self.latest.lock().unwrap_or_else(PoisonError::into_inner).get(uri) == Some(&version)
    }

    /// Records the latest version of a document (`None`: it was closed).
    pub(crate) fn set_latest(&self, uri: &Uri, version: Option<i32>) {
        let mut latest = self.latest.lock().unwrap_or_else(PoisonError::into_inner);
        match version {
            Some(version) => latest.insert(uri.clone(), version),
            None => latest.remove(uri),
        };
    }

    /// Forgets the coverage read, so that reports are read again.
    pub(crate) fn forget_coverage(&self) {
        self.coverage.lock().unwrap_or_else(PoisonError::into_inner).clear();
    }
}

/// Starts the analysing thread: it takes jobs from the returned sender and sends what it
/// found to `done`, skipping jobs whose version is no longer the latest.
pub(crate) fn spawn(shared: Shared, done: Sender<Done>) -> std::io::Result<Sender<Job>> {
    let (jobs, queue) = crossbeam_channel::unbounded::<Job>();
    std::thread::Builder::new()
        .name("plumb-analysis".to_owned())
        .spawn(move || work(&shared, &queue, &done))?;
    Ok(jobs)
}

fn work(shared: &Shared, queue: &Receiver<Job>, done: &Sender<Done>) {
    for job in queue {
        if !shared.is_latest(&job.uri, job.version) {
            continue;
        }
        let analysis =
            panic::catch_unwind(AssertUnwindSafe(|| analyse(&job, shared))).unwrap_or_else(|payload| {
                let message = panic_message(payload.as_ref());
                Analysis {
                    log: vec![format!(
                        "{}: internal error while analysing ({message}); please report it",
                        job.path.display()
                    )],
                    crashed: true,
                    ..Analysis::default()
                }
            });
        let done_job = Done { uri: job.uri, version: job.version, analysis: Arc::new(analysis) };
        if done.send(done_job).is_err() {
            return;
        }
    }
}

/// Analyses one document as `plumb check` analyses the file.
pub(crate) fn analyse(job: &Job, shared: &Shared) -> Analysis {
    let ws = &job.workspace;
    let mut analysis = Analysis::default();
    let coverage = coverage(job, shared, &mut analysis.log);
    let options = RunOptions {
        panic_on: shared.panic_on.clone(),
        cache: shared.cache.as_deref(),
        ..RunOptions::default()
    };
    let analysed = match ws.analyze_file(&job.path, Some(job.text.as_bytes().to_vec()), coverage, &options) {
        Ok(analysed) => analysed,
        Err(error) => {
            analysis.refused = Some(format!("plumb: {error}"));
            return analysis;
        }
    };
    analysis.settings = ws.settings_for(&job.path, &RuleOverrides::default()).ok();
    let Some(analysed) = analysed else {
        return analysis; // its configuration excludes it
    };
    if let Some(problem) = analysed.problem {
        analysis.crashed = analysed.checked.is_none() && problem.message.starts_with("internal error");
        analysis.log.push(format!("{}: {}", problem.path, problem.message));
    }
    if let Some(checked) = analysed.checked {
        analysis.findings = checked.findings;
        analysis.file = Some(checked.file);
    }
    analysis
}

/// The document's coverage from the configured reports, read once per file.
fn coverage(job: &Job, shared: &Shared, log: &mut Vec<String>) -> Option<Arc<FileCoverage>> {
    if job.coverage.is_empty() {
        return None;
    }
    if let Some(known) = shared.coverage.lock().unwrap_or_else(PoisonError::into_inner).get(&job.path) {
        return known.clone();
    }
    let found = read_coverage(job).unwrap_or_else(|error| {
        log.push(format!("{}: {error}", job.path.display()));
        None
    });
    shared.coverage.lock().unwrap_or_else(PoisonError::into_inner).insert(job.path.clone(), found.clone());
    found
}

/// Reads the reports and joins them to the document, as a run that names the file would.
fn read_coverage(job: &Job) -> Result<Option<Arc<FileCoverage>>, plumb_engine::Error> {
    let ws = &job.workspace;
    let Some(reports) = Reports::read(ws, &job.coverage, None)? else { return Ok(None) };
    let candidate = ws.candidate(&job.path, Some(job.text.as_bytes().to_vec()));
    let files = Discovered { candidates: vec![candidate], problems: Vec::new() };
    let options = RunOptions { threads: Some(1), ..RunOptions::default() };
    let run = ws.analyze(files, Some(reports), &options, &NoProgress)?;
    let shown = ws.display_path(&job.path);
    Ok(run.coverage.and_then(|coverage| coverage.files.get(&shown).cloned()))
}

/// The message of a panic caught on this thread: as the panic hook recorded it, else its text.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    plumb_engine::panic::take()
        .or_else(|| payload.downcast_ref::<&str>().map(ToString::to_string))
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned())
}
