//! Coverage reports: globs expanded, reports read, their paths resolved to the analysed files,
//! and the coverage totals and gates of a run.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::io::{BufReader, Read as _};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::GlobBuilder;
use plumb_check::{RuleId, Settings};
use plumb_coverage::resolve::{Resolved, Resolver, common_directory, go_module, suggest_path_map};
use plumb_coverage::{Coverage, FileCoverage, Format};
use plumb_report::text::plural;
use plumb_report::{FileReport, Report};

use crate::changes::Changed;
use crate::error::{Context as _, Error, ErrorKind, Notice, bail};
use crate::workspace::Workspace;

/// The reports a run reads, each read once, before any file is analysed.
#[derive(Debug)]
pub struct Reports {
    /// Each report as named (the glob's match), with what it holds.
    reports: Vec<(String, Coverage)>,
}

/// The coverage a run found for its files.
#[derive(Debug, Default)]
pub struct RunCoverage {
    /// The reports, as named.
    pub reports: Vec<String>,
    /// Report paths that name no file of the repository, or several.
    pub unresolved: Vec<String>,
    /// Files of the repository that the reports cover and the run does not analyse.
    pub not_analysed: Vec<String>,
    /// Whether the run analyses only files named one by one (as pre-commit names them): then a
    /// report may well cover none of them.
    pub named_files: bool,
    /// The coverage of each analysed file a report covers, by the file's shown path.
    pub files: HashMap<String, Arc<FileCoverage>>,
}

impl Reports {
    /// Expands and reads reports (globs and paths relative to the workspace's directory), in
    /// `format` or the format each one's content shows; `None` when there are none. An
    /// unreadable or malformed report is an error naming it: a quality gate must not pass on a
    /// report it could not read.
    pub fn read(
        ws: &Workspace,
        patterns: &[String],
        format: Option<Format>,
    ) -> Result<Option<Reports>, Error> {
        if patterns.is_empty() {
            return Ok(None);
        }
        let cwd = ws.cwd();
        let mut reports = Vec::new();
        for pattern in patterns {
            for path in expand(pattern, cwd)? {
                let name = crate::discover::display_path(&path, Path::new(""));
                let file = std::fs::File::open(cwd.join(&path)).with_context(ErrorKind::Coverage, || {
                    format!("cannot read the coverage report `{name}`")
                })?;
                let coverage = plumb_coverage::read(&mut BufReader::with_capacity(1 << 16, file), format)
                    .with_context(ErrorKind::Coverage, || {
                        format!("cannot read the coverage report `{name}`")
                    })?;
                if !coverage.files.values().any(FileCoverage::has_lines) {
                    bail!(Coverage, "{}", empty_report(&name, &cwd.join(&path), format, coverage.format));
                }
                reports.push((name, coverage));
            }
        }
        Ok(Some(Reports { reports }))
    }

    /// Resolves every report's paths against the repository's files (those git would list,
    /// and the analysed ones) and merges the coverage of the analysed files. `files` are the
    /// analysed files as shown, with their paths relative to the repository `root`;
    /// `named_files` says whether they were all named one by one. A report none of whose paths
    /// names a file of the repository is an error: a gate must not pass on a report it could
    /// not join. (Outside a git repository only the analysed files are known, so a report of
    /// other files than those named one by one is not an error there.)
    pub(crate) fn resolve(
        self,
        root: &Path,
        files: &[(String, String)],
        path_map: &[(String, String)],
        named_files: bool,
        notices: &mut Vec<Notice>,
    ) -> Result<RunCoverage, Error> {
        let analysed: HashSet<&str> = files.iter().map(|(_, relative)| relative.as_str()).collect();
        let mut known = repository_files(root);
        let listed = !known.is_empty();
        known.extend(analysed.iter().map(|&file| file.to_owned()));
        known.sort_unstable();
        known.dedup();
        let resolver = Resolver { root, files: &known, path_map };
        let module = std::fs::read_to_string(root.join("go.mod")).ok();
        let mut merged: Option<Coverage> = None;
        let mut run = RunCoverage { named_files, ..RunCoverage::default() };
        for (name, mut coverage) in self.reports {
            if coverage.format == Format::Go
                && let Some(module) = module.as_deref().and_then(go_module)
            {
                coverage.roots.push(module.to_owned());
            }
            let mut outcome = resolver.resolve(coverage);
            if outcome.found.is_empty() && (listed || !named_files) {
                bail!(Coverage, "{}", unjoined(&name, root, &outcome, &known, path_map));
            }
            outcome.coverage.files.retain(|file, _| analysed.contains(file.as_str()));
            let not_analysed = not_analysed(&outcome, &analysed);
            warn_unmatched(&name, &outcome, &not_analysed, &known, listed, notices);
            run.unresolved.extend(unmatched(&outcome));
            run.not_analysed.extend(not_analysed);
            match &mut merged {
                Some(merged) => merged.merge(outcome.coverage),
                None => merged = Some(outcome.coverage),
            }
            run.reports.push(name);
        }
        run.attach(merged.map(|coverage| coverage.files).unwrap_or_default(), files);
        run.unresolved.sort();
        run.not_analysed.sort();
        run.not_analysed.dedup();
        Ok(run)
    }
}

impl RunCoverage {
    /// Keeps the coverage of each analysed file (by repository path) under its shown path.
    fn attach(&mut self, mut by_relative: BTreeMap<String, FileCoverage>, files: &[(String, String)]) {
        for (shown, relative) in files {
            if let Some(coverage) = by_relative.remove(relative) {
                self.files.insert(shown.clone(), Arc::new(coverage));
            }
        }
    }

    /// Checks the join after analysis, when each file's length is known: coverage past a
    /// file's end was left out (a warning, naming the files), and a run whose reports give no
    /// instrumented line to any analysed file is an error, unless only changed files or files
    /// named one by one were analysed, which a report may well not cover.
    pub fn check_joined(&self, files: &[FileReport], changed_only: bool) -> Result<Vec<Notice>, Error> {
        let past_end: Vec<String> = files
            .iter()
            .filter_map(|file| {
                let last = self.files.get(&file.path)?.last_line();
                let text =
                    format!("`{}` has {} lines, the report goes to line {last}", file.path, file.lines);
                (last > file.lines).then_some(text)
            })
            .collect();
        let measured: u64 =
            files.iter().filter_map(|file| file.coverage.as_ref()).map(|tally| tally.lines).sum();
        if measured == 0 && !files.is_empty() && !changed_only && !self.named_files {
            bail!(Coverage, "{}", self.nothing_measured(files.len(), &past_end));
        }
        let mut notices = Vec::new();
        if !past_end.is_empty() {
            notices.push(Notice::Warning(format!(
                "coverage past the end of {} is left out (is the report older than the code?): {}",
                plural(past_end.len(), "file", "files"),
                listing(&past_end, past_end.len())
            )));
        }
        Ok(notices)
    }

    /// Why the reports measure none of the analysed files' lines.
    fn nothing_measured(&self, analysed: usize, past_end: &[String]) -> String {
        let quoted: Vec<String> = self.reports.iter().map(|report| format!("`{report}`")).collect();
        let (reports, give, they, measure, cover) = if quoted.len() == 1 {
            (format!("report {}", quoted[0]), "gives", "it", "measures", "covers")
        } else {
            (format!("reports {}", listing(&quoted, quoted.len())), "give", "they", "measure", "cover")
        };
        let why = if !past_end.is_empty() {
            format!(
                "{they} {measure} lines past their end ({}): a report of other code, or of older code?",
                listing(past_end, past_end.len())
            )
        } else if self.not_analysed.is_empty() {
            format!("{they} {cover} none of them")
        } else {
            format!("{they} {cover} other files of the repository: {}", sample(&self.not_analysed))
        };
        format!(
            "the coverage {reports} {give} no instrumented line in the {}, so coverage cannot be checked: {why}",
            plural(analysed, "analysed file", "analysed files")
        )
    }
}

/// The files of the git repository at `root` (what its ignore files do not leave out, hidden
/// ones included), `/`-separated and relative to it; none when `root` is not a repository.
fn repository_files(root: &Path) -> Vec<String> {
    if !crate::discover::is_repository_root(root) {
        return Vec::new();
    }
    let mut files = Vec::new();
    let walk = ignore::WalkBuilder::new(root)
        .hidden(false)
        .require_git(false)
        .filter_entry(|entry| entry.file_name() != ".git")
        .build();
    for entry in walk.flatten() {
        if entry.file_type().is_some_and(|kind| kind.is_file())
            && let Ok(relative) = entry.path().strip_prefix(root)
        {
            files.push(crate::discover::display_path(relative, Path::new("")));
        }
    }
    files
}

/// The files of the repository a report names that are not analysed, sorted, each once.
fn not_analysed(outcome: &Resolved, analysed: &HashSet<&str>) -> Vec<String> {
    let mut files: Vec<String> = outcome
        .found
        .iter()
        .map(|(_, file)| file)
        .filter(|file| !analysed.contains(file.as_str()))
        .cloned()
        .collect();
    files.sort_unstable();
    files.dedup();
    files
}

/// The paths of a report that name no file or several, as listed in the summary.
fn unmatched(outcome: &Resolved) -> Vec<String> {
    let mut unmatched = outcome.unresolved.clone();
    unmatched.extend(
        outcome
            .ambiguous
            .iter()
            .map(|(path, candidates)| format!("{path} (matches {})", candidates.join(", "))),
    );
    unmatched
}

/// Warns about the paths of a report that do not lead to an analysed file, saying which way:
/// no file of the repository, several, outside it; and notes the files that exist but are not
/// analysed in this run (only changed files, or files named one by one).
/// Outside a git repository (`listed` false) only the analysed files are known.
fn warn_unmatched(
    name: &str,
    outcome: &Resolved,
    not_analysed: &[String],
    known: &[String],
    listed: bool,
    notices: &mut Vec<Notice>,
) {
    if !outcome.unresolved.is_empty() {
        let files = if listed {
            "no file of the repository"
        } else {
            "no analysed file (outside a git repository, plumb knows no other)"
        };
        let mut message = format!(
            "{} of `{name}` {} {files}: {}",
            plural(outcome.unresolved.len(), "path", "paths"),
            verb(outcome.unresolved.len(), "names", "name"),
            sample(&outcome.unresolved)
        );
        if let Some(((from, to), matched)) = suggest_path_map(&outcome.unresolved, known) {
            let _ = write!(
                message,
                "; `path-map = [[{}, {}]]` in plumb.toml's `[coverage]` would match {matched} of them",
                toml_string(&from),
                toml_string(&to)
            );
        }
        notices.push(Notice::Warning(message));
    }
    if !outcome.ambiguous.is_empty() {
        let count = outcome.ambiguous.len();
        let listed: Vec<String> = outcome
            .ambiguous
            .iter()
            .take(SHOWN)
            .map(|(path, candidates)| format!("`{path}` (`{}`)", candidates.join("`, `")))
            .collect();
        notices.push(Notice::Warning(format!(
            "{} of `{name}` {} several files of the repository equally well, and {} left out: {}",
            plural(count, "path", "paths"),
            verb(count, "matches", "match"),
            verb(count, "is", "are"),
            listing(&listed, count)
        )));
    }
    if !outcome.outside.is_empty() {
        notices.push(Notice::Warning(format!(
            "{} of `{name}` {} outside the repository and ignored: {}",
            plural(outcome.outside.len(), "path", "paths"),
            verb(outcome.outside.len(), "is", "are"),
            sample(&outcome.outside)
        )));
    }
    if !not_analysed.is_empty() {
        notices.push(Notice::Note(format!(
            "`{name}` covers {} of the repository that this run does not analyse: {}",
            plural(not_analysed.len(), "file", "files"),
            sample(not_analysed)
        )));
    }
}

/// Why a report joins no file: where its paths point, and the `path-map` that would fix it.
fn unjoined(
    name: &str,
    root: &Path,
    outcome: &Resolved,
    known: &[String],
    path_map: &[(String, String)],
) -> String {
    let mut paths: Vec<String> = outcome.unresolved.clone();
    paths.extend(outcome.outside.iter().cloned());
    paths.extend(outcome.ambiguous.iter().map(|(path, _)| path.clone()));
    paths.sort_unstable();
    let rewritten = if path_map.is_empty() { "" } else { " (after the `path-map` rewrites of plumb.toml)" };
    let mut message = format!(
        "no path of the coverage report `{name}` names a file of the repository `{}`{rewritten}, so its coverage cannot be checked: {}",
        root.display(),
        where_paths_point(&paths)
    );
    for (path, candidates) in outcome.ambiguous.iter().take(SHOWN) {
        let _ =
            write!(message, "\n`{path}` matches several files equally well: `{}`", candidates.join("`, `"));
    }
    message + &path_map_help(&paths, known)
}

/// `its 12 paths are all under `/ci/app/`, such as `/ci/app/a.py``.
fn where_paths_point(paths: &[String]) -> String {
    let prefix = common_directory(paths);
    match paths {
        [one] => format!("its one path is `{one}`"),
        _ if prefix.is_empty() => format!("its {} paths are {}", paths.len(), sample(paths)),
        _ => format!("its {} paths are all under `{prefix}`, such as `{}`", paths.len(), paths[0]),
    }
}

/// The `path-map` that would make report paths name files of the repository: the one the
/// files' names and directories suggest, else the paths' common prefix mapped to a directory to
/// fill in; none when no file of the repository has the name of one of them.
fn path_map_help(paths: &[String], known: &[String]) -> String {
    let (from, to, why) = if let Some(((from, to), matched)) = suggest_path_map(paths, known) {
        let why = if paths.len() == 1 {
            "which makes it name a file of the repository".to_owned()
        } else {
            format!("which makes {matched} of the {} name files of the repository", paths.len())
        };
        (from, to, why)
    } else {
        let names: HashSet<&str> = paths.iter().map(|path| file_name(path)).collect();
        if !known.iter().any(|file| names.contains(file_name(file))) {
            return "\nhelp: no file of the repository has the name of one of them: is it a report of other code?"
                .to_owned();
        }
        let prefix = common_directory(paths);
        if prefix.is_empty() {
            return "\nhelp: if these are files of the repository under other names, rewrite the report's \
                    prefixes with `path-map` in plumb.toml's `[coverage]` table (see docs/coverage.md)"
                .to_owned();
        }
        let why =
            "with, in place of \"\", the directory that holds these files, relative to the repository's root";
        (prefix, String::new(), why.to_owned())
    };
    format!(
        "\nhelp: rewrite the report's prefix in plumb.toml, {why}:\n\n    [coverage]\n    path-map = [[{}, {}]]",
        toml_string(&from),
        toml_string(&to)
    )
}

/// The last component of a `/` or `\\`-separated path.
fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// Why a report that was read holds no instrumented line: with a forced format that is not what
/// the content looks like, which format it looks like.
fn empty_report(name: &str, path: &Path, forced: Option<Format>, read_as: Format) -> String {
    let Some(forced) = forced else {
        return format!(
            "the coverage report `{name}` ({read_as}) holds no instrumented line, so its coverage cannot be checked: did the tests run with coverage on, and did it measure the code?"
        );
    };
    let mut head = Vec::new();
    let detected = std::fs::File::open(path)
        .and_then(|file| file.take(64 * 1024).read_to_end(&mut head))
        .ok()
        .and_then(|_| plumb_coverage::detect(&head));
    let mut message = format!(
        "the coverage report `{name}`, read as {forced} (`--coverage-format {}`), holds no instrumented line",
        forced.name()
    );
    match detected {
        Some(detected) if detected != forced => {
            let _ = write!(
                message,
                "; its content looks like {detected}: give `--coverage-format {}`, or leave the option out",
                detected.name()
            );
        }
        _ => message.push_str(": is it a report of that format, made by a test run with coverage on?"),
    }
    message
}

/// A TOML string literal.
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// The verb agreeing with a count.
fn verb(count: usize, one: &'static str, many: &'static str) -> &'static str {
    if count == 1 { one } else { many }
}

/// The first few of a list, quoted, and how many more.
fn sample(items: &[String]) -> String {
    listing(&items.iter().take(SHOWN).map(|item| format!("`{item}`")).collect::<Vec<_>>(), items.len())
}

/// How many items of a list are shown.
const SHOWN: usize = 3;

/// The first few of `total` items as given, and how many more.
fn listing(shown: &[String], total: usize) -> String {
    let mut text = shown.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(", ");
    if total > SHOWN {
        let _ = write!(text, " and {} more", total - SHOWN);
    }
    text
}

/// The files a report argument names: itself, or the files its glob matches (sorted). A glob
/// that matches nothing is an error, as is a file that does not exist.
/// A report named without a glob: anything but a directory. A FIFO is read as a stream
/// (`--coverage <(gunzip -c lcov.info.gz)`).
fn literal(pattern: &str, cwd: &Path) -> Result<PathBuf, Error> {
    let path = PathBuf::from(pattern);
    match std::fs::metadata(cwd.join(&path)) {
        Ok(metadata) if metadata.is_dir() => {
            bail!(Coverage, "cannot read the coverage report `{pattern}`: it is a directory, not a report")
        }
        Ok(_) => Ok(path),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            bail!(Coverage, "cannot read the coverage report `{pattern}`: no such file")
        }
        Err(error) => bail!(Coverage, "cannot read the coverage report `{pattern}`: {error}"),
    }
}

/// The reports a pattern names, relative to `cwd` as the pattern is (see [`literal`]).
fn expand(pattern: &str, cwd: &Path) -> Result<Vec<PathBuf>, Error> {
    let is_glob = pattern.contains(['*', '?', '[', '{']);
    if !is_glob {
        return Ok(vec![literal(pattern, cwd)?]);
    }
    let pattern = pattern.strip_prefix("./").unwrap_or(pattern);
    let matcher = GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .with_context(ErrorKind::Coverage, || format!("invalid glob `{pattern}`"))?
        .compile_matcher();
    // Walk from the longest directory prefix without glob characters. Reports usually live in
    // ignored directories (target/, coverage/), so ignore files are not respected here.
    let base: PathBuf = Path::new(pattern)
        .components()
        .take_while(|part| !part.as_os_str().to_string_lossy().contains(['*', '?', '[', '{']))
        .collect();
    let walk_root = if base.as_os_str().is_empty() { PathBuf::from(".") } else { base };
    let mut found = Vec::new();
    let relative = walk_root.is_relative();
    for entry in ignore::WalkBuilder::new(cwd.join(&walk_root)).standard_filters(false).build() {
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_some_and(|kind| kind.is_file()) {
            continue;
        }
        // As the pattern names it: relative to `cwd` when the pattern is.
        let path = entry.path();
        let path = if relative { path.strip_prefix(cwd).unwrap_or(path) } else { path };
        let path = path.strip_prefix("./").unwrap_or(path);
        if matcher.is_match(path) {
            found.push(path.to_path_buf());
        }
    }
    if found.is_empty() {
        bail!(Coverage, "no coverage report matches `{pattern}`");
    }
    found.sort();
    Ok(found)
}

/// The coverage totals of a run and its project-wide gates, added to the report: project line
/// coverage (the `coverage` rule), or in changed-code mode the coverage of the changed lines
/// (`changed-coverage`), with `settings` the project's ([`Workspace::project_settings`]).
/// Checks the join first ([`RunCoverage::check_joined`]); returns its warnings. A shard's run
/// (`shard`) leaves the gates, and the check that the reports measure some file, to `plumb
/// merge`, which has every shard's files: it records the gates in the summary.
pub fn gates(
    report: &mut Report,
    coverage: &RunCoverage,
    changed: Option<&Changed>,
    settings: &Settings,
    shard: bool,
) -> Result<Vec<Notice>, Error> {
    let notices = coverage.check_joined(&report.files, changed.is_some() || shard)?;
    let mut summary = plumb_check::coverage::summarize(
        &report.files,
        coverage.reports.clone(),
        coverage.unresolved.clone(),
    );
    if let Some(changed) = changed {
        let minimum = settings.rule(RuleId::ChangedCoverage).threshold.unwrap_or(0.0);
        let files = report.files.iter().filter_map(|file| {
            let covered = coverage.files.get(&file.path)?;
            Some((file.path.as_str(), covered.as_ref(), changed.lines_of(&file.path)))
        });
        summary.changed = Some(plumb_check::coverage::changed(files, minimum));
    }
    let file_coverage = |path: &str| coverage.files.get(path).map(AsRef::as_ref);
    let at = plumb_check::coverage::most_uncovered(&report.files, &file_coverage);
    let gates = plumb_check::coverage::project_gates(settings, at);
    if shard {
        summary.gates = Some(gates);
    } else {
        let findings = plumb_check::coverage::project_findings(&summary, &gates, at);
        add_findings(report, findings);
    }
    report.coverage = Some(summary);
    Ok(notices)
}

/// Adds run-wide findings to a report's, in its order: by path, position and rule.
pub fn add_findings(report: &mut Report, findings: Vec<plumb_report::Finding>) {
    report.findings.extend(findings);
    report.findings.sort_by(|a, b| (&a.path, a.span.start, a.rule).cmp(&(&b.path, b.span.start, b.rule)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_files_below_their_literal_prefix() {
        let dir = tempfile::tempdir().unwrap();
        for file in ["cov/a/lcov.info", "cov/b/lcov.info", "cov/b/other.txt", "lcov.info"] {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
        let root = dir.path().display().to_string();
        let elsewhere = Path::new("/nonexistent");
        let found = expand(&format!("{root}/cov/**/lcov.info"), elsewhere).unwrap();
        let names: Vec<_> = found.iter().map(|p| p.strip_prefix(dir.path()).unwrap().to_owned()).collect();
        assert_eq!(names, [Path::new("cov/a/lcov.info"), Path::new("cov/b/lcov.info")]);
        // Relative patterns are relative to the workspace's directory, and so are their matches.
        let found = expand("./cov/**/lcov.info", dir.path()).unwrap();
        assert_eq!(found, [Path::new("cov/a/lcov.info"), Path::new("cov/b/lcov.info")]);
        assert_eq!(expand("lcov.info", dir.path()).unwrap(), [Path::new("lcov.info")]);
        let error = expand(&format!("{root}/cov/*.xml"), elsewhere).unwrap_err().to_string();
        assert!(error.starts_with("no coverage report matches"), "{error}");
        let error = expand(&format!("{root}/missing.info"), elsewhere).unwrap_err().to_string();
        assert!(error.ends_with("missing.info`: no such file"), "{error}");
    }
}
