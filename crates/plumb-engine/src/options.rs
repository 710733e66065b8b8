//! What the caller tells a run: the rule settings it gives, how the run goes, and how to show
//! that it advances.

use crate::cache::Cache;
use crate::changes::Changed;
use crate::shard::Shard;

/// Rule settings given by the caller (the command line); they take precedence over
/// configuration files.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RuleOverrides {
    /// The threshold of `cyclomatic-complexity`.
    pub max_cyclomatic: Option<u32>,
    /// The threshold of `cognitive-complexity`.
    pub max_cognitive: Option<u32>,
    /// The threshold of `coverage` (a percentage).
    pub min_coverage: Option<f64>,
    /// The threshold of `changed-coverage` (a percentage).
    pub min_changed_coverage: Option<f64>,
}

/// How a run analyses its files.
#[derive(Debug, Clone, Default)]
pub struct RunOptions<'a> {
    /// How many threads analyse files; `None` for one per CPU.
    pub threads: Option<usize>,
    /// Files larger than this are skipped; `None` for the configuration's `max-file-size`, or
    /// [`MAX_FILE_SIZE`](crate::MAX_FILE_SIZE).
    pub max_file_size: Option<u64>,
    /// Rule settings over the configuration's.
    pub rules: RuleOverrides,
    /// Keep the text of files with findings (and of files held in memory), for snippets.
    pub keep_sources: bool,
    /// With `keep_sources`, keep the text of every file analysed, findings or not (to compare
    /// the text of functions).
    pub all_sources: bool,
    /// Analyse only the files with changed lines (the findings are not filtered: see
    /// [`crate::changes::retain_changed`]).
    pub changed: Option<&'a Changed>,
    /// Where files' metrics are kept between runs, and looked up before measuring; `None` to
    /// measure every file.
    pub cache: Option<&'a Cache>,
    /// Analyse only this shard's share of the files ([`Shard::assign`]).
    pub shard: Option<Shard>,
    /// For tests of failure paths: analysing a file whose shown path ends with this panics, as
    /// a bug in the analysis would.
    pub panic_on: Option<String>,
}

/// Told how a run advances; called from the threads that analyse files.
pub trait Progress: Sync {
    /// The files are configured: `files` are about to be analysed.
    fn start(&self, files: usize) {
        let _ = files;
    }

    /// One more file is analysed.
    fn advance(&self) {}

    /// Every file is analysed.
    fn finish(&self) {}
}

/// No progress to show.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl Progress for NoProgress {}
