//! The project's measures through its history (`plumb trend`): at each sampled commit of the
//! first-parent history, the files under the workspace's directory read from git's objects (no
//! checkout), measured and judged with the working tree's configuration, and summed up: function
//! count, mean, 90th percentile and largest cyclomatic and cognitive complexity, the share of
//! functions each rule on a function's measure reports, code lines, and, when asked, defect
//! density.
//!
//! A file version is parsed once however many samples hold it: measures are cached by blob id
//! (with the file's settings and extension, which decide how it is measured and judged), for
//! the run.
//!
//! The 90th percentile is by nearest rank: the smallest value with at least 90% of the
//! functions at or below it.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use plumb_check::Settings;
use plumb_history::density::{self, SourceFile};
use plumb_history::fixes::FixRules;
use plumb_history::log::{self, History, Since};
use plumb_history::objects::Objects;
use plumb_history::samples::{self, Every, Sample};
use plumb_history::stats::Stats;
use plumb_lang::Language;
use plumb_report::page::{OverThreshold, Spread, TrendPoint};
use plumb_report::trend::{FileCounts, Over, Point, TrendReport};
use plumb_report::{Problem, Report, round2};

use crate::delta::{LIMITED, rules_over};
use crate::discover::{Candidate, Discovered};
use crate::error::{Context as _, Error, ErrorKind, Notice, bail};
use crate::history::{FixChoice, config, defect_list, fix_options};
use crate::options::{NoProgress, RunOptions};
use crate::workspace::Workspace;

/// Which commits to measure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sampling {
    /// Commits of the first-parent history of `HEAD` after `since` (a date as git reads it, or
    /// a revision, which is included), one per period or every N commits.
    Range {
        /// Where the history starts; `None` for a year ago.
        since: Option<String>,
        /// How often to sample.
        every: Every,
    },
    /// These revisions, ordered by date.
    Revisions(Vec<String>),
}

/// What `plumb trend` measures.
#[derive(Debug, Clone)]
pub struct TrendOptions<'a> {
    /// The commits.
    pub sampling: Sampling,
    /// Also the defect density at each commit.
    pub history: bool,
    /// Threads, file size limit and the command line's thresholds.
    pub run: RunOptions<'a>,
}

/// The year before a commit, whose fix commits its defect density counts.
const DEFECT_WINDOW: i64 = 365 * 86_400;

/// A function's measures, and the limited rules that report it (bits in [`LIMITED`]'s order).
#[derive(Debug, Clone, Copy)]
struct FunctionSummary {
    cyclomatic: u32,
    cognitive: u32,
    over: u8,
}

/// A file version's measures.
#[derive(Debug, Clone)]
struct FileSummary {
    code: u32,
    functions: Vec<FunctionSummary>,
}

/// Cache key: blob id, settings (an index into the distinct settings met), extension.
type Key = (String, usize, String);

/// A file of a sample, to measure or found in the cache.
struct Wanted {
    key: Key,
    /// Its path relative to the repository root.
    path: String,
    blob: String,
}

/// What the run keeps between samples.
struct Cache<'w> {
    ws: &'w Workspace,
    root: &'w Path,
    objects: Objects,
    settings: Vec<Settings>,
    files: HashMap<Key, Option<FileSummary>>,
    problems: Vec<Problem>,
    seen_problems: HashSet<(String, String)>,
    counts: FileCounts,
}

impl Workspace {
    /// Measures the commits `options` samples (see the [module](self)); with the notices of
    /// the history read for defect density.
    pub fn trend(&self, options: &TrendOptions<'_>) -> Result<(TrendReport, Vec<Notice>), Error> {
        let root = samples::root(&self.cwd).context(ErrorKind::History, "cannot read the git history")?;
        let sampled = sample(&root, &options.sampling)?;
        let project = self.project_settings(&options.run.rules)?;
        let rules: Vec<&'static str> = LIMITED
            .iter()
            .filter(|(rule, _)| {
                project.rule(*rule).level.is_some() && project.rule(*rule).threshold.is_some()
            })
            .map(|(rule, _)| rule.id())
            .collect();
        let objects = Objects::open(&root).context(ErrorKind::History, "cannot read git's objects")?;
        let mut cache = Cache {
            ws: self,
            root: &root,
            objects,
            settings: Vec::new(),
            files: HashMap::new(),
            problems: Vec::new(),
            seen_problems: HashSet::new(),
            counts: FileCounts::default(),
        };
        let run = RunOptions { changed: None, keep_sources: false, ..options.run.clone() };
        let mut points = Vec::with_capacity(sampled.len());
        let mut sources = Vec::with_capacity(sampled.len());
        for sample in &sampled {
            let (point, files) = cache.measure(sample, &rules, &run)?;
            points.push(point);
            sources.push(files);
        }
        let mut notices = Vec::new();
        if options.history {
            notices = self.defects(&sampled, &sources, &mut points)?;
        }
        let report = TrendReport { points, rules, files: cache.counts, problems: cache.problems };
        Ok((report, notices))
    }

    /// Fills each point's defects: the distinct defects of the fix commits (as `plumb defects`
    /// recognises them, with the configuration's `[history]` settings) whose author date is in
    /// the year before the sample's commit date, in the sample's files (by their path in the
    /// fix commit), and their density per 1,000 code lines.
    fn defects(
        &self,
        sampled: &[Sample],
        sources: &[Vec<SourceFile>],
        points: &mut [Point],
    ) -> Result<Vec<Notice>, Error> {
        let config = config(self)?;
        let (list, notices) = defect_list(self, None, &config)?;
        let rules = FixRules::new(&fix_options(&FixChoice::default(), &config), list.as_ref())
            .context(ErrorKind::History, "invalid fix patterns")?;
        let oldest = sampled.iter().map(|s| s.time).min().unwrap_or(0);
        let start = samples::iso((oldest - DEFECT_WINDOW).max(0));
        let since = Since::Date(start[..10].to_owned());
        let mut history = log::read(&self.cwd, &log::Options { since })
            .context(ErrorKind::History, "cannot read the git history")?;
        for commit in &mut history.commits {
            for file in &mut commit.files {
                if let Some(then) = file.then.take() {
                    file.path = then;
                }
            }
        }
        for ((sample, files), point) in sampled.iter().zip(sources).zip(points) {
            let window = History {
                commits: history
                    .commits
                    .iter()
                    .filter(|c| c.time <= sample.time && c.time > sample.time - DEFECT_WINDOW)
                    .cloned()
                    .collect(),
                ..History::default()
            };
            let stats = Stats::gather(&window, &rules, list.as_ref());
            let total = density::compute(files, &stats, density::Options::default()).total;
            point.defects = Some(total.defects);
            point.defect_density = total.density.map(round2);
        }
        Ok(notices)
    }
}

/// The commits to measure, oldest first.
fn sample(root: &Path, sampling: &Sampling) -> Result<Vec<Sample>, Error> {
    let sampled = match sampling {
        Sampling::Range { since, every } => {
            let since = match since {
                Some(text) => Since::parse(text).context(ErrorKind::Input, "--since")?,
                None => Since::Date("1 year".to_owned()),
            };
            let commits = samples::first_parent(root, Some(&since))
                .context(ErrorKind::History, format!("cannot list the commits {}", since.describe()))?;
            samples::pick(&commits, *every)
        }
        Sampling::Revisions(revisions) => {
            let mut sampled = Vec::new();
            for rev in revisions {
                let sample = samples::resolve(root, rev).context(ErrorKind::History, rev.clone())?;
                if !sampled.iter().any(|s: &Sample| s.commit == sample.commit) {
                    sampled.push(sample);
                }
            }
            sampled.sort_by_key(|s| s.time);
            sampled
        }
    };
    if sampled.is_empty() {
        bail!(
            History,
            "no commit to measure: the history has none in the range asked for (try an earlier --since)"
        );
    }
    Ok(sampled)
}

impl Cache<'_> {
    /// One commit's point, and its files for defect density.
    fn measure(
        &mut self,
        sample: &Sample,
        rules: &[&'static str],
        run: &RunOptions<'_>,
    ) -> Result<(Point, Vec<SourceFile>), Error> {
        let short: String = sample.commit.chars().take(7).collect();
        let entries = samples::tree(self.root, &sample.commit)
            .with_context(ErrorKind::History, || format!("cannot list the files of {short}"))?;
        let mut wanted = Vec::new();
        for entry in entries {
            if let Some(key) = self.key(&entry.path, &entry.blob, run)? {
                wanted.push(Wanted { key, path: entry.path, blob: entry.blob });
            }
        }
        self.parse_missing(&wanted, &short, run)?;
        let mut measured = Vec::new();
        let mut files = Vec::new();
        for file in &wanted {
            let Some(Some(summary)) = self.files.get(&file.key) else { continue };
            self.counts.measured += 1;
            measured.push(summary);
            let shown = self.ws.display_path(&self.root.join(&file.path));
            files.push(SourceFile { path: shown, history_path: file.path.clone(), code: summary.code });
        }
        Ok((point(sample, short, &measured, rules), files))
    }

    /// The cache key of a file of a commit, or `None` when it is not one to measure: outside the
    /// workspace's directory, excluded by its configuration, or not source by its name.
    fn key(&mut self, path: &str, blob: &str, run: &RunOptions<'_>) -> Result<Option<Key>, Error> {
        let absolute = self.root.join(path);
        if !absolute.starts_with(&self.ws.cwd) {
            return Ok(None);
        }
        let config = self.ws.config_for(&absolute)?;
        if config.as_ref().is_some_and(|config| !config.admits(&absolute)) {
            return Ok(None);
        }
        let mapped = config.as_ref().is_some_and(|config| config.language(&absolute).is_some());
        // Files without an extension are looked at (for a `#!` line) when parsed.
        let extension = absolute.extension().map(|ext| ext.to_string_lossy().into_owned());
        if extension.is_some() && !crate::discover::is_source(&absolute, mapped) {
            return Ok(None);
        }
        let settings = self.ws.settings_for(&absolute, &run.rules)?;
        let index = self.settings.iter().position(|known| *known == settings).unwrap_or_else(|| {
            self.settings.push(settings);
            self.settings.len() - 1
        });
        Ok(Some((blob.to_owned(), index, extension.unwrap_or_default())))
    }

    /// Reads the files of a sample that the cache does not hold, as candidates (with the cache
    /// key of each, by shown path); a file without extension that is not a script is cached as
    /// not measured.
    fn read_missing(
        &mut self,
        wanted: &[Wanted],
        short: &str,
    ) -> Result<(Vec<Candidate>, HashMap<String, Key>), Error> {
        let mut candidates = Vec::new();
        let mut keys = HashMap::new();
        let mut pending = HashSet::new();
        for file in wanted {
            if self.files.contains_key(&file.key) || !pending.insert(file.key.clone()) {
                continue;
            }
            let blob = self
                .objects
                .read(&file.blob)
                .with_context(ErrorKind::History, || format!("cannot read `{}` at {short}", file.path))?;
            let absolute = self.root.join(&file.path);
            let Some(blob) = blob.filter(|blob| {
                !file.key.2.is_empty()
                    || Language::from_path(&absolute, &blob.bytes[..blob.bytes.len().min(128)]).is_some()
            }) else {
                self.files.insert(file.key.clone(), None);
                continue;
            };
            let display = self.ws.display_path(&absolute);
            keys.insert(display.clone(), file.key.clone());
            candidates.push(Candidate {
                display,
                path: absolute,
                explicit: true,
                contents: Some(blob.bytes),
            });
        }
        Ok((candidates, keys))
    }

    /// Reads and measures the files of a sample that the cache does not hold, in one run.
    fn parse_missing(&mut self, wanted: &[Wanted], short: &str, run: &RunOptions<'_>) -> Result<(), Error> {
        let (candidates, mut keys) = self.read_missing(wanted, short)?;
        if candidates.is_empty() {
            return Ok(());
        }
        let analysed =
            self.ws.analyze(Discovered { candidates, problems: Vec::new() }, None, run, &NoProgress)?;
        let Report { files, findings, problems, .. } = analysed.report;
        for problem in problems {
            if self.seen_problems.insert((problem.path.clone(), problem.message.clone())) {
                self.problems
                    .push(Problem { message: format!("at {short}: {}", problem.message), ..problem });
            }
        }
        let mut by_path: HashMap<&str, Vec<plumb_report::Finding>> = HashMap::new();
        for finding in &findings {
            by_path.entry(finding.path.as_str()).or_default().push(finding.clone());
        }
        for file in files {
            let Some(key) = keys.remove(&file.path) else { continue };
            let findings = by_path.get(file.path.as_str()).map_or(&[][..], Vec::as_slice);
            let functions = file.functions.iter().map(|function| summarize(findings, function)).collect();
            self.counts.parsed += 1;
            self.files.insert(key, Some(FileSummary { code: file.code, functions }));
        }
        // Skipped files (too large, binary, excluded): not measured, in any sample.
        for key in keys.into_values() {
            self.files.insert(key, None);
        }
        Ok(())
    }
}

/// A function's measures, and the limited rules `findings` report it over.
fn summarize(findings: &[plumb_report::Finding], function: &plumb_report::FunctionReport) -> FunctionSummary {
    let over = rules_over(findings, function);
    let bits = LIMITED
        .iter()
        .enumerate()
        .filter(|(_, (rule, _))| over.contains(&rule.id()))
        .fold(0u8, |bits, (bit, _)| bits | 1 << bit);
    FunctionSummary { cyclomatic: function.cyclomatic, cognitive: function.cognitive, over: bits }
}

/// The point of a commit whose files measure `files`.
fn point(sample: &Sample, short: String, files: &[&FileSummary], rules: &[&'static str]) -> Point {
    let functions = || files.iter().flat_map(|file| &file.functions);
    let count = functions().count() as u64;
    let over: Vec<Over> = LIMITED
        .iter()
        .enumerate()
        .filter(|(_, (rule, _))| rules.contains(&rule.id()))
        .map(|(bit, (rule, _))| {
            let reported = functions().filter(|function| function.over >> bit & 1 == 1).count() as u64;
            Over { rule: rule.id(), functions: reported, percent: percent(reported, count) }
        })
        .collect();
    let share = |rule: &str| over.iter().find(|o| o.rule == rule).map_or(0.0, |o| o.percent);
    Point {
        measures: TrendPoint {
            commit: sample.commit.clone(),
            date: samples::iso(sample.time),
            functions: count,
            code: files.iter().map(|f| u64::from(f.code)).sum(),
            cyclomatic: spread(functions().map(|f| f.cyclomatic).collect()),
            cognitive: spread(functions().map(|f| f.cognitive).collect()),
            over_threshold: OverThreshold {
                cyclomatic: share("cyclomatic-complexity"),
                cognitive: share("cognitive-complexity"),
            },
        },
        short,
        files: files.len() as u64,
        over,
        defects: None,
        defect_density: None,
    }
}

/// `part` in percent of `whole`, to 2 decimals (0 of nothing).
#[allow(clippy::cast_precision_loss)]
fn percent(part: u64, whole: u64) -> f64 {
    if whole == 0 { 0.0 } else { round2(100.0 * part as f64 / whole as f64) }
}

/// Mean (rounded to 2 decimals), 90th percentile by nearest rank, and largest value.
#[allow(clippy::cast_precision_loss)]
fn spread(mut values: Vec<u32>) -> Spread {
    if values.is_empty() {
        return Spread { mean: 0.0, p90: 0.0, max: 0.0 };
    }
    values.sort_unstable();
    let n = values.len();
    let sum: u64 = values.iter().map(|&v| u64::from(v)).sum();
    let rank = (n * 9).div_ceil(10).max(1);
    Spread {
        mean: round2(sum as f64 / n as f64),
        p90: f64::from(values[rank - 1]),
        max: f64::from(values[n - 1]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_90th_percentile_is_by_nearest_rank() {
        let p90 = |values: &[u32]| spread(values.to_vec()).p90;
        assert!((p90(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) - 9.0).abs() < 1e-9);
        assert!((p90(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]) - 10.0).abs() < 1e-9);
        assert!((p90(&[5]) - 5.0).abs() < 1e-9);
        assert!((spread(vec![1, 2, 2]).mean - 1.67).abs() < 1e-9);
    }
}
