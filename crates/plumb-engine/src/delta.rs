//! What a change did to each function: the files that differ between a base commit and the
//! working tree measured on both sides (the old side read from git's objects, never checked
//! out), their functions matched, and a status for each (`plumb diff`); and the ratchet, which
//! keeps only the findings a change made new or worse (`plumb check --ratchet`).
//!
//! Functions are matched in three passes:
//!
//! 1. Within a file and its old version (git's rename detection, `-M`, follows renamed files),
//!    by qualified name; functions that share a qualified name (overloads, duplicates) pair by
//!    position, the first with the first.
//! 2. Across files, by qualified name, when exactly one unmatched function on each side has it:
//!    a function moved to another file.
//! 3. By body similarity, for renamed functions: the lines of the body after the first (the
//!    signature, which holds the name), trimmed, compared as multisets (the Dice coefficient:
//!    twice the lines in common over the lines of both). Pairs at least [`SIMILAR`] alike
//!    match, most alike first.
//!
//! A matched function's status compares the measures that an enabled rule limits in its file
//! (cyclomatic and cognitive complexity, code lines, parameters, nesting): `worse` when any
//! went up, else `better` when any went down, else `unchanged`. It is a *regression* when a
//! measure over its threshold went up (the change took it over the threshold, or further over
//! it); a new function is one when it is over any threshold.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use plumb_check::{RuleId, Settings};
use plumb_history::diff::{Base, BaseKind};
use plumb_history::objects::{self, Objects, TreeDelta};
use plumb_lang::Language;
use plumb_report::delta::{
    BaseInfo, Counts, DeltaReport, FileDelta, FunctionDelta, Measure, Measures, Share, Status, Totals,
};
use plumb_report::{FileReport, Finding, FunctionReport, Problem, Report, round2};

use crate::coverage::Reports;
use crate::discover::{Candidate, Discovered};
use crate::error::{Context as _, Error, ErrorKind};
use crate::options::{NoProgress, RunOptions};
use crate::workspace::Workspace;

/// How alike two bodies must be (the Dice coefficient of their lines) to match.
pub const SIMILAR: f64 = 0.6;

/// Unmatched functions compared by body, at most, on each side: the comparison is quadratic.
const MAX_SIMILARITY: usize = 2000;

/// The rules on a function's measure, with the measure.
pub(crate) const LIMITED: [(RuleId, Measure); 5] = [
    (RuleId::CyclomaticComplexity, |m| m.cyclomatic),
    (RuleId::CognitiveComplexity, |m| m.cognitive),
    (RuleId::FunctionLength, |m| m.code),
    (RuleId::TooManyParameters, |m| m.params),
    (RuleId::NestingDepth, |m| m.nesting),
];

/// The rules that also apply to a script's top-level code (`<module>`): it has no length or
/// parameters of its own to limit.
const TOP_LEVEL: [RuleId; 3] =
    [RuleId::CyclomaticComplexity, RuleId::CognitiveComplexity, RuleId::NestingDepth];

/// One side's version of a file.
#[derive(Debug)]
struct SideFile {
    /// Its measures.
    report: FileReport,
    /// Its findings.
    findings: Vec<Finding>,
    /// Its text, when read.
    text: Option<String>,
    /// Its settings.
    settings: Settings,
}

/// A function: its file's index on its side, and its index in the file.
type Key = (usize, usize);

/// Two versions of the files that differ, and their functions matched.
#[derive(Debug)]
pub struct Comparison {
    /// What `plumb diff` reports.
    pub report: DeltaReport,
    old: Vec<SideFile>,
    new: Vec<SideFile>,
    /// New-side file index by shown path.
    new_by_path: HashMap<String, usize>,
    /// Each new function's match on the old side, and whether its body changed.
    matched: HashMap<Key, (Key, bool)>,
    /// New-side files that have an old version (modified or renamed).
    had_old: HashSet<usize>,
    /// Whether the base side carries coverage (from the base's own reports).
    base_coverage: bool,
}

/// A file's two versions, by index on each side.
#[derive(Debug, Clone, Copy)]
struct Pair {
    old: Option<usize>,
    new: Option<usize>,
}

impl Workspace {
    /// Compares the working tree with `base` (a revision, `A...B` or `A..B`, read as
    /// `--changed-since` reads it; `None` for the merge base with the branch's upstream, else
    /// `origin/HEAD`): the files that differ under the workspace's directory, measured on both
    /// sides with each path's settings, and their functions matched. `reports` are coverage
    /// reports of the working tree, `base_reports` those of the base's test run.
    pub fn compare(
        &self,
        base: Option<&str>,
        reports: Option<Reports>,
        base_reports: Option<Reports>,
        options: &RunOptions<'_>,
    ) -> Result<Comparison, Error> {
        let flag = base.unwrap_or("the default base");
        let (root, base) = objects::base(&self.cwd, base).context(ErrorKind::History, flag.to_owned())?;
        let tree = objects::changed_files(&root, base).context(ErrorKind::History, flag.to_owned())?;
        let options = RunOptions { changed: None, keep_sources: true, all_sources: true, ..options.clone() };
        let inside = |rel: &String| root.join(rel).starts_with(&self.cwd);
        let files: Vec<_> = tree
            .files
            .iter()
            .filter(|file| file.new.as_ref().is_some_and(inside) || file.old.as_ref().is_some_and(inside))
            .cloned()
            .collect();
        let (new, new_problems) = self.new_side(&root, &files, reports, &options)?;
        let base_coverage = base_reports.is_some();
        let (old, old_problems) = self.old_side(&root, &tree, &files, base_reports, &options)?;
        let pairs = pair_files(self, &root, &files, &old, &new);
        let mut comparison = Comparison {
            report: empty_report(&tree.base),
            new_by_path: new.iter().enumerate().map(|(i, file)| (file.report.path.clone(), i)).collect(),
            old,
            new,
            matched: HashMap::new(),
            had_old: pairs.iter().filter_map(|p| p.old.and(p.new)).collect(),
            base_coverage,
        };
        comparison.match_functions(self, &pairs);
        comparison.build_report(&pairs);
        comparison.report.problems = new_problems.into_iter().chain(old_problems).collect();
        Ok(comparison)
    }

    /// The working tree's versions of the files that differ.
    fn new_side(
        &self,
        root: &Path,
        files: &[objects::FileDelta],
        reports: Option<Reports>,
        options: &RunOptions<'_>,
    ) -> Result<(Vec<SideFile>, Vec<Problem>), Error> {
        let mut candidates = Vec::new();
        for path in files.iter().filter_map(|file| file.new.as_ref()) {
            let absolute = root.join(path);
            let mapped =
                self.config_for(&absolute)?.is_some_and(|config| config.language(&absolute).is_some());
            if absolute.is_file() && crate::discover::is_source(&absolute, mapped) {
                candidates.push(self.candidate(&absolute, None));
            }
        }
        self.side(candidates, reports, options)
    }

    /// The base's versions of the files that differ, read from git's objects.
    fn old_side(
        &self,
        root: &Path,
        tree: &TreeDelta,
        files: &[objects::FileDelta],
        reports: Option<Reports>,
        options: &RunOptions<'_>,
    ) -> Result<(Vec<SideFile>, Vec<Problem>), Error> {
        let mut objects = Objects::open(root).context(ErrorKind::History, "cannot read git's objects")?;
        let mut candidates = Vec::new();
        for path in files.iter().filter_map(|file| file.old.as_ref()) {
            let blob = objects.file(&tree.base.commit, path).with_context(ErrorKind::History, || {
                format!("cannot read `{path}` at {}", tree.base.short)
            })?;
            let Some(blob) = blob else { continue };
            let absolute = root.join(path);
            let mapped =
                self.config_for(&absolute)?.is_some_and(|config| config.language(&absolute).is_some());
            if mapped || Language::from_path(&absolute, &blob.bytes).is_some() {
                candidates.push(Candidate {
                    display: self.display_path(&absolute),
                    path: absolute,
                    explicit: true,
                    contents: Some(blob.bytes),
                });
            }
        }
        let (side, mut problems) = self.side(candidates, reports, options)?;
        for problem in &mut problems {
            problem.message = format!("at {}: {}", tree.base.short, problem.message);
        }
        Ok((side, problems))
    }

    /// Analyses one side's files.
    fn side(
        &self,
        candidates: Vec<Candidate>,
        reports: Option<Reports>,
        options: &RunOptions<'_>,
    ) -> Result<(Vec<SideFile>, Vec<Problem>), Error> {
        let run =
            self.analyze(Discovered { candidates, problems: Vec::new() }, reports, options, &NoProgress)?;
        let Report { files, findings, problems, .. } = run.report;
        let mut by_path: HashMap<String, Vec<Finding>> = HashMap::new();
        for finding in findings {
            by_path.entry(finding.path.clone()).or_default().push(finding);
        }
        let mut sources = run.sources;
        let mut side = Vec::with_capacity(files.len());
        for report in files {
            let settings = self.settings_for(Path::new(&report.path), &options.rules)?;
            side.push(SideFile {
                findings: by_path.remove(&report.path).unwrap_or_default(),
                text: sources.remove(&report.path),
                settings,
                report,
            });
        }
        Ok((side, problems))
    }
}

/// A report with no file yet.
fn empty_report(base: &Base) -> DeltaReport {
    let kind = match base.kind {
        BaseKind::Revision => "revision",
        BaseKind::MergeBase => "merge-base",
        BaseKind::Unrelated => "unrelated",
    };
    DeltaReport {
        base: BaseInfo {
            rev: base.rev.clone(),
            commit: base.commit.clone(),
            short: base.short.clone(),
            kind,
        },
        total: Totals::default(),
        files: Vec::new(),
        functions: Vec::new(),
        problems: Vec::new(),
    }
}

/// Each file that differs as its two analysed versions (a side's version is missing when the
/// file is new, deleted, not source, or excluded).
fn pair_files(
    ws: &Workspace,
    root: &Path,
    files: &[objects::FileDelta],
    old: &[SideFile],
    new: &[SideFile],
) -> Vec<Pair> {
    let index = |side: &[SideFile]| -> HashMap<String, usize> {
        side.iter().enumerate().map(|(i, file)| (file.report.path.clone(), i)).collect()
    };
    let (old_index, new_index) = (index(old), index(new));
    let shown = |rel: &Option<String>| rel.as_ref().map(|rel| ws.display_path(&root.join(rel)));
    files
        .iter()
        .map(|file| Pair {
            old: shown(&file.old).and_then(|path| old_index.get(&path).copied()),
            new: shown(&file.new).and_then(|path| new_index.get(&path).copied()),
        })
        .filter(|pair| pair.old.is_some() || pair.new.is_some())
        .collect()
}

/// A function's measures.
/// Whether a function has no name of its own: an anonymous function is named `<closure>`,
/// `<lambda in f>` and so on (one bound to a variable takes its name); `<module>` is a file's
/// top-level code, which is listed.
fn is_anonymous(function: &FunctionReport) -> bool {
    function.name.starts_with('<') && function.name != "<module>"
}

fn measures(function: &FunctionReport) -> Measures {
    Measures {
        start_line: function.start_line,
        end_line: function.end_line,
        cyclomatic: function.cyclomatic,
        cognitive: function.cognitive,
        code: function.code,
        params: function.params,
        nesting: function.max_nesting,
        coverage: function.coverage.and_then(|coverage| coverage.tally.percent()).map(round2),
    }
}

/// The limited rules that apply to a function (on, with a threshold), with their measures.
fn limits(function: &FunctionReport, settings: &Settings) -> Vec<(RuleId, Measure)> {
    let module = function.name == "<module>";
    LIMITED
        .iter()
        .filter(|(rule, _)| !module || TOP_LEVEL.contains(rule))
        .filter_map(|&(rule, measure)| {
            let setting = settings.rule(rule);
            setting.threshold.and(setting.level).map(|_| (rule, measure))
        })
        .collect()
}

/// The limited rules a file's findings say its function `index` is over (a suppressed finding
/// is not one).
fn over(file: &SideFile, index: usize) -> Vec<&'static str> {
    rules_over(&file.findings, &file.report.functions[index])
}

/// The limited rules that `findings` (of a file) report `function` over, in [`LIMITED`]'s order.
pub(crate) fn rules_over(findings: &[Finding], function: &FunctionReport) -> Vec<&'static str> {
    let mut rules: Vec<&'static str> = findings
        .iter()
        .filter(|f| f.function.as_deref() == Some(function.qualified_name.as_str()))
        .filter(|f| f.span.start.line == function.start_line)
        .filter(|f| LIMITED.iter().any(|(rule, _)| rule.id() == f.rule))
        .map(|f| f.rule)
        .collect();
    rules.sort_by_key(|rule| LIMITED.iter().position(|(id, _)| id.id() == *rule));
    rules
}

/// A matched function's status, and whether it is a regression: a measure went up and its
/// rule reports the function now.
fn judge(
    before: &FunctionReport,
    after: &FunctionReport,
    settings: &Settings,
    over: &[&str],
) -> (Status, bool) {
    let (b, a) = (measures(before), measures(after));
    let (mut up, mut down, mut regression) = (false, false, false);
    for (rule, measure) in limits(after, settings) {
        let (old, new) = (measure(&b), measure(&a));
        up |= new > old;
        down |= new < old;
        regression |= new > old && over.contains(&rule.id());
    }
    let status = if up {
        Status::Worse
    } else if down {
        Status::Better
    } else {
        Status::Unchanged
    };
    (status, regression)
}

/// The lines of a function's body after its first, trimmed, without blank ones.
fn body<'a>(text: &'a str, function: &FunctionReport) -> Vec<&'a str> {
    let start = function.start_line as usize;
    let count = (function.end_line as usize).saturating_sub(start);
    text.lines().skip(start).take(count).map(str::trim).filter(|line| !line.is_empty()).collect()
}

/// A function's text, from its declaration to its last line, when its file's text is known.
fn body_text(side: &[SideFile], key: Key) -> Option<String> {
    let file = &side[key.0];
    let function = &file.report.functions[key.1];
    let text = file.text.as_deref()?;
    let start = function.start_line.saturating_sub(1) as usize;
    let count = (function.end_line as usize + 1).saturating_sub(function.start_line as usize);
    Some(text.lines().skip(start).take(count).collect::<Vec<_>>().join("\n"))
}

/// The pairs of bodies (indexes into `old` and `new`) at least [`SIMILAR`] alike, most alike
/// first (ties by position).
fn alike(old: &[Vec<String>], new: &[Vec<String>]) -> Vec<(f64, usize, usize)> {
    let mut scored = Vec::new();
    for (i, old) in old.iter().enumerate() {
        let old: Vec<&str> = old.iter().map(String::as_str).collect();
        for (j, new) in new.iter().enumerate() {
            let new: Vec<&str> = new.iter().map(String::as_str).collect();
            let score = similarity(&old, &new);
            if score >= SIMILAR {
                scored.push((score, i, j));
            }
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
    scored
}

/// How alike two bodies are: twice the lines in common over the lines of both.
#[allow(clippy::cast_precision_loss)]
pub fn similarity(a: &[&str], b: &[&str]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let mut counts: HashMap<&str, i64> = HashMap::new();
    for line in a {
        *counts.entry(line).or_default() += 1;
    }
    let mut common = 0usize;
    for line in b {
        if let Some(count) = counts.get_mut(line).filter(|count| **count > 0) {
            *count -= 1;
            common += 1;
        }
    }
    2.0 * common as f64 / (a.len() + b.len()) as f64
}

impl Comparison {
    /// Matches the functions of the two sides, in the three passes of the [module](self).
    fn match_functions(&mut self, ws: &Workspace, pairs: &[Pair]) {
        let mut old_left: Vec<Key> = Vec::new();
        let mut new_left: Vec<Key> = Vec::new();
        for pair in pairs {
            self.match_file(*pair, &mut old_left, &mut new_left);
        }
        self.match_by_name(&mut old_left, &mut new_left);
        self.match_by_body(ws, &old_left, &new_left);
    }

    /// Pass 1: one file's functions by qualified name, duplicates by position.
    fn match_file(&mut self, pair: Pair, old_left: &mut Vec<Key>, new_left: &mut Vec<Key>) {
        let names = |side: &[SideFile], file: Option<usize>| -> Vec<(String, Key)> {
            file.map(|f| {
                side[f]
                    .report
                    .functions
                    .iter()
                    .enumerate()
                    .map(|(i, func)| (func.qualified_name.clone(), (f, i)))
                    .collect()
            })
            .unwrap_or_default()
        };
        let mut old_by_name: HashMap<String, Vec<Key>> = HashMap::new();
        for (name, key) in names(&self.old, pair.old) {
            old_by_name.entry(name).or_default().push(key);
        }
        for list in old_by_name.values_mut() {
            list.reverse();
        }
        for (name, key) in names(&self.new, pair.new) {
            match old_by_name.get_mut(&name).and_then(Vec::pop) {
                Some(old) => self.link(old, key),
                None => new_left.push(key),
            }
        }
        let mut rest: Vec<Key> = old_by_name.into_values().flatten().collect();
        rest.sort_unstable();
        old_left.extend(rest);
    }

    /// Records a match, and whether the body changed.
    fn link(&mut self, old: Key, new: Key) {
        let changed = body_text(&self.old, old) != body_text(&self.new, new);
        self.matched.insert(new, (old, changed));
    }

    /// Pass 2: functions moved to another file, by a qualified name unique among the unmatched.
    fn match_by_name(&mut self, old_left: &mut Vec<Key>, new_left: &mut Vec<Key>) {
        let name = |side: &[SideFile], key: &Key| side[key.0].report.functions[key.1].qualified_name.clone();
        let unique = |side: &[SideFile], keys: &[Key]| -> HashMap<String, Option<Key>> {
            let mut found: HashMap<String, Option<Key>> = HashMap::new();
            for key in keys {
                found.entry(name(side, key)).and_modify(|slot| *slot = None).or_insert(Some(*key));
            }
            found
        };
        let old_unique = unique(&self.old, old_left);
        let new_unique = unique(&self.new, new_left);
        let mut moved = Vec::new();
        for (name, new) in &new_unique {
            if let (Some(new), Some(Some(old))) = (new, old_unique.get(name)) {
                moved.push((*old, *new));
            }
        }
        for (old, new) in moved {
            self.link(old, new);
            old_left.retain(|key| *key != old);
            new_left.retain(|key| *key != new);
        }
    }

    /// Pass 3: renamed functions, by body similarity.
    fn match_by_body(&mut self, ws: &Workspace, old_left: &[Key], new_left: &[Key]) {
        let sizes = [old_left.len(), new_left.len()];
        if sizes.contains(&0) || sizes.iter().any(|&size| size > MAX_SIMILARITY) {
            return;
        }
        self.read_texts(ws, new_left);
        let bodies = |side: &[SideFile], keys: &[Key]| -> Vec<Vec<String>> {
            keys.iter()
                .map(|key| {
                    let file = &side[key.0];
                    let text = file.text.as_deref().unwrap_or("");
                    body(text, &file.report.functions[key.1]).into_iter().map(str::to_owned).collect()
                })
                .collect()
        };
        let scored = alike(&bodies(&self.old, old_left), &bodies(&self.new, new_left));
        let (mut old_used, mut new_used) = (HashSet::new(), HashSet::new());
        for (_, i, j) in scored {
            if !old_used.contains(&i) && !new_used.contains(&j) {
                old_used.insert(i);
                new_used.insert(j);
                self.link(old_left[i], new_left[j]);
            }
        }
    }

    /// Reads the text of the new-side files of `keys` that the analysis did not keep.
    fn read_texts(&mut self, ws: &Workspace, keys: &[Key]) {
        for key in keys {
            let file = &mut self.new[key.0];
            if file.text.is_none() {
                file.text = ws.read_text(Path::new(&file.report.path), u64::MAX);
            }
        }
    }
}

impl Comparison {
    /// Fills the report: each function's status, the files' and the totals' counts and shares.
    fn build_report(&mut self, pairs: &[Pair]) {
        let mut functions = Vec::new();
        let matched_old: HashSet<Key> = self.matched.values().map(|(old, _)| *old).collect();
        let mut files = Vec::new();
        for pair in pairs {
            let mut counts = Counts::default();
            if let Some(new) = pair.new {
                for index in 0..self.new[new].report.functions.len() {
                    let delta = self.function_delta((new, index));
                    counts.add(delta.status, delta.regression);
                    functions.push(delta);
                }
            }
            if let Some(old) = pair.old {
                for index in
                    (0..self.old[old].report.functions.len()).filter(|i| !matched_old.contains(&(old, *i)))
                {
                    let delta = self.removed((old, index));
                    counts.add(delta.status, delta.regression);
                    functions.push(delta);
                }
            }
            files.push(self.file_delta(*pair, counts));
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        functions.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.path.cmp(&b.path)));
        let mut total = Totals { files: files.len() as u32, ..Totals::default() };
        for file in &files {
            total.functions_before += file.functions_before;
            total.functions_after += file.functions_after;
            add_counts(&mut total.counts, &file.counts);
        }
        total.over = sum_shares(&files, total.functions_before, total.functions_after);
        self.report.total = total;
        self.report.files = files;
        self.report.functions = functions;
    }

    /// A new-side function, with its match if any.
    fn function_delta(&self, key: Key) -> FunctionDelta {
        let file = &self.new[key.0];
        let after = &file.report.functions[key.1];
        let mut delta = FunctionDelta {
            path: file.report.path.clone(),
            old_path: None,
            qualified_name: after.qualified_name.clone(),
            old_qualified_name: None,
            status: Status::New,
            regression: !over(file, key.1).is_empty(),
            before: None,
            after: Some(measures(after)),
            over_before: Vec::new(),
            over_after: over(file, key.1),
            anonymous: is_anonymous(after),
        };
        if let Some(&((old_file, old_index), _)) = self.matched.get(&key) {
            let old = &self.old[old_file];
            let before = &old.report.functions[old_index];
            (delta.status, delta.regression) = judge(before, after, &file.settings, &delta.over_after);
            delta.before = Some(measures(before));
            delta.over_before = over(old, old_index);
            delta.old_path = (old.report.path != file.report.path).then(|| old.report.path.clone());
            delta.old_qualified_name =
                (before.qualified_name != after.qualified_name).then(|| before.qualified_name.clone());
        }
        delta
    }

    /// An old-side function that matches none.
    fn removed(&self, key: Key) -> FunctionDelta {
        let file = &self.old[key.0];
        let before = &file.report.functions[key.1];
        FunctionDelta {
            path: file.report.path.clone(),
            old_path: None,
            qualified_name: before.qualified_name.clone(),
            old_qualified_name: None,
            status: Status::Removed,
            regression: false,
            before: Some(measures(before)),
            after: None,
            over_before: over(file, key.1),
            over_after: Vec::new(),
            anonymous: is_anonymous(before),
        }
    }

    /// A file's summary.
    fn file_delta(&self, pair: Pair, counts: Counts) -> FileDelta {
        let old = pair.old.map(|i| &self.old[i]);
        let new = pair.new.map(|i| &self.new[i]);
        let (path, old_path, status) = match (old, new) {
            (Some(old), Some(new)) if old.report.path != new.report.path => {
                (new.report.path.clone(), Some(old.report.path.clone()), "renamed")
            }
            (_, Some(new)) => {
                (new.report.path.clone(), None, if old.is_some() { "modified" } else { "added" })
            }
            (Some(old), None) => (old.report.path.clone(), None, "removed"),
            (None, None) => (String::new(), None, "modified"),
        };
        let before = old.map_or(0, |file| file.report.functions.len() as u32);
        let after = new.map_or(0, |file| file.report.functions.len() as u32);
        let mut shares = Vec::new();
        for (rule, _) in LIMITED {
            let enabled = |file: Option<&SideFile>| file.is_some_and(|f| f.settings.level(rule).is_some());
            if !enabled(old) && !enabled(new) {
                continue;
            }
            let count = |file: Option<&SideFile>| {
                file.map_or(0, |f| {
                    (0..f.report.functions.len()).filter(|&i| over(f, i).contains(&rule.id())).count() as u32
                })
            };
            shares.push(share(rule.id(), (count(old), before), (count(new), after)));
        }
        FileDelta {
            path,
            old_path,
            status,
            functions_before: before,
            functions_after: after,
            counts,
            over: shares,
        }
    }
}

/// Where a function goes in the report: regressions, then by status, then the largest change
/// of complexity first.
fn rank(function: &FunctionDelta) -> (bool, Status, i64, u32) {
    let total = |m: Option<Measures>| m.map_or(0, |m| i64::from(m.cyclomatic) + i64::from(m.cognitive));
    let change = (total(function.after) - total(function.before)).abs();
    let line = function.after.or(function.before).map_or(0, |m| m.start_line);
    (!function.regression, function.status, -change, line)
}

fn add_counts(total: &mut Counts, counts: &Counts) {
    total.new += counts.new;
    total.removed += counts.removed;
    total.worse += counts.worse;
    total.better += counts.better;
    total.unchanged += counts.unchanged;
    total.regressions += counts.regressions;
}

/// A share of functions over a threshold, `(over, functions)` on each side.
#[allow(clippy::cast_precision_loss)]
fn share(rule: &'static str, before: (u32, u32), after: (u32, u32)) -> Share {
    let percent =
        |(over, all): (u32, u32)| if all == 0 { 0.0 } else { 100.0 * f64::from(over) / f64::from(all) };
    let (share_before, share_after) = (percent(before), percent(after));
    Share {
        rule,
        before: before.0,
        after: after.0,
        share_before: round2(share_before),
        share_after: round2(share_after),
        change: round2(share_after - share_before),
    }
}

/// The files' shares, summed per rule.
fn sum_shares(files: &[FileDelta], before: u32, after: u32) -> Vec<Share> {
    let mut rules: Vec<&'static str> = Vec::new();
    let mut sums: HashMap<&'static str, (u32, u32)> = HashMap::new();
    for share in files.iter().flat_map(|file| &file.over) {
        if !sums.contains_key(share.rule) {
            rules.push(share.rule);
        }
        let sum = sums.entry(share.rule).or_default();
        sum.0 += share.before;
        sum.1 += share.after;
    }
    let order = |rule: &&str| LIMITED.iter().position(|(id, _)| id.id() == *rule);
    rules.sort_by_key(order);
    rules.into_iter().map(|rule| share(rule, (sums[rule].0, before), (sums[rule].1, after))).collect()
}

/// What the ratchet kept and left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ratchet {
    /// Findings left out: on code that did not get worse.
    pub left_out: usize,
    /// Functions over a threshold at the base whose limited measures went down:
    /// `` `route` (cyclomatic 12 → 9) ``.
    pub improved: Vec<String>,
}

/// The rules that need the base's coverage to compare (`--base-coverage`).
const COVERAGE_RULES: [RuleId; 3] = [RuleId::Coverage, RuleId::Crap, RuleId::UncoveredComplexFunction];

impl Comparison {
    /// Keeps only the findings of `report` that the change made new or worse (see
    /// `docs/diff.md`): in a file that did not change, none; on a new function, or in a new
    /// file, all; on a function that existed, those whose value went past the base's finding of
    /// the same rule on it (or that it did not have); the coverage rules, when the base's
    /// coverage is known, on functions whose coverage fell (or CRAP score rose) or that the rule
    /// did not report at the base, else on functions whose text changed. Returns what was left
    /// out and the functions that improved.
    pub fn ratchet(&self, report: &mut Report) -> Ratchet {
        let before = report.findings.len();
        report.findings.retain(|finding| self.keeps(finding));
        let mut improved: Vec<String> = self
            .report
            .functions
            .iter()
            .filter(|f| f.status == Status::Better && !f.over_before.is_empty())
            .map(describe_improvement)
            .collect();
        improved.extend(self.coverage_improvements());
        Ratchet { left_out: before - report.findings.len(), improved }
    }

    /// The functions a coverage rule reported at the base whose coverage rose:
    /// `` `parse` (coverage 20% → 80%) ``.
    fn coverage_improvements(&self) -> Vec<String> {
        if !self.base_coverage {
            return Vec::new();
        }
        let mut keys: Vec<(&Key, &(Key, bool))> = self.matched.iter().collect();
        keys.sort_by_key(|(new, _)| **new);
        keys.into_iter()
            .filter_map(|(&(file, index), &((old_file, old_index), _))| {
                let old = &self.old[old_file];
                let before = &old.report.functions[old_index];
                let after = &self.new[file].report.functions[index];
                let reported = old.findings.iter().any(|f| is_coverage_rule(f.rule) && is_on(f, before));
                let (then, now) = (percent(before)?, percent(after)?);
                (reported && now > then)
                    .then(|| format!("`{}` (coverage {then}% → {now}%)", after.qualified_name))
            })
            .collect()
    }

    /// Whether the ratchet keeps a finding.
    fn keeps(&self, finding: &Finding) -> bool {
        let Some(&file) = self.new_by_path.get(&finding.path) else { return false };
        if !self.had_old.contains(&file) {
            return true;
        }
        let rule = RuleId::from_id(finding.rule);
        if let Some(name) = &finding.function {
            return self.keeps_on_function(file, name, finding, rule);
        }
        let old = self.matched_file(file);
        let was =
            old.and_then(|old| old.findings.iter().find(|f| f.rule == finding.rule && f.function.is_none()));
        worse_than(finding, was, rule)
    }

    /// Whether the ratchet keeps a finding on the function `name` of a new-side file.
    fn keeps_on_function(&self, file: usize, name: &str, finding: &Finding, rule: Option<RuleId>) -> bool {
        let functions = &self.new[file].report.functions;
        let Some(index) = functions
            .iter()
            .position(|f| f.qualified_name == name && f.start_line == finding.span.start.line)
        else {
            return true;
        };
        let Some(&((old_file, old_index), changed)) = self.matched.get(&(file, index)) else { return true };
        let coverage_rule = rule.is_some_and(|rule| COVERAGE_RULES.contains(&rule));
        if coverage_rule && !self.base_coverage {
            return changed;
        }
        let old = &self.old[old_file];
        let before = &old.report.functions[old_index];
        let was = old.findings.iter().find(|f| f.rule == finding.rule && is_on(f, before));
        let fell = coverage_rule
            && matches!((percent(&functions[index]), percent(before)), (Some(now), Some(then)) if now < then);
        fell || worse_than(finding, was, rule)
    }

    /// The old version of a new-side file.
    fn matched_file(&self, file: usize) -> Option<&SideFile> {
        let path = &self.new[file].report.path;
        let delta = self.report.files.iter().find(|f| &f.path == path)?;
        let old_path = delta.old_path.as_ref().unwrap_or(&delta.path);
        self.old.iter().find(|f| &f.report.path == old_path)
    }
}

/// Whether `finding` is on `function`.
fn is_on(finding: &Finding, function: &FunctionReport) -> bool {
    finding.function.as_deref() == Some(function.qualified_name.as_str())
        && finding.span.start.line == function.start_line
}

/// Whether `rule` is one of [`COVERAGE_RULES`].
fn is_coverage_rule(rule: &str) -> bool {
    COVERAGE_RULES.iter().any(|id| id.id() == rule)
}

/// A function's line coverage, rounded as `plumb diff` shows it, when known.
fn percent(function: &FunctionReport) -> Option<f64> {
    measures(function).coverage
}

/// Whether `finding` is new or worse than the base's finding `was` of the same rule.
fn worse_than(finding: &Finding, was: Option<&Finding>, rule: Option<RuleId>) -> bool {
    let Some(was) = was else { return true };
    match (finding.measure, was.measure) {
        (Some(now), Some(then)) if rule.is_some_and(RuleId::threshold_is_minimum) => now.value < then.value,
        (Some(now), Some(then)) => now.value > then.value,
        _ => finding.message != was.message,
    }
}

/// `` `route` (cyclomatic 12 → 9, cognitive 20 → 14) ``.
fn describe_improvement(function: &FunctionDelta) -> String {
    let (Some(before), Some(after)) = (function.before, function.after) else {
        return format!("`{}`", function.qualified_name);
    };
    let names = ["cyclomatic", "cognitive", "code lines", "parameters", "nesting"];
    let changes: Vec<String> = LIMITED
        .iter()
        .zip(names)
        .filter(|((_, measure), _)| measure(&after) < measure(&before))
        .map(|((_, measure), name)| format!("{name} {} → {}", measure(&before), measure(&after)))
        .collect();
    format!("`{}` ({})", function.qualified_name, changes.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similarity_is_the_dice_coefficient_of_lines() {
        assert!((similarity(&["a", "b", "c"], &["a", "b", "d"]) - 2.0 * 2.0 / 6.0).abs() < 1e-9);
        assert!((similarity(&["a", "a"], &["a"]) - 2.0 / 3.0).abs() < 1e-9);
        assert!(similarity(&[], &["a"]).abs() < 1e-9);
    }
}
