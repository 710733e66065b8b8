//! Git history joined to the files plumb measures: the window of history and its settings,
//! each file's history for `check --history`, the hotspots, and the `defect-density` gate. What
//! is counted is decided by [`plumb_history`] (see docs/history.md).

use std::path::Path;

use plumb_check::{FolderDensity, RuleId, Settings};
use plumb_history::density::{self, Density};
use plumb_history::export::{self, DefectList};
use plumb_history::fixes::{FixOptions, FixRules, Preset};
use plumb_history::hotspots::{self, FileHotspot, FunctionHotspot};
use plumb_history::log::{self, History, Since};
use plumb_history::stats::Stats;
use plumb_report::{FileHistory, Finding, Level, Report};
use serde::Serialize;

use crate::config::HistoryConfig;
use crate::error::{Context as _, Error, ErrorKind, Notice, bail};
use crate::options::RuleOverrides;
use crate::workspace::Workspace;

/// The `[history]` settings of the configuration that applies to the workspace's directory.
pub fn config(ws: &Workspace) -> Result<HistoryConfig, Error> {
    let config = ws.project_config()?;
    Ok(config.map(|config| config.history.clone()).unwrap_or_default())
}

/// Reads the window of history of the workspace's repository, with a warning for what makes it
/// incomplete or empty.
pub fn read(ws: &Workspace, since: &Since) -> Result<(History, Vec<Notice>), Error> {
    let history = log::read(ws.cwd(), &log::Options { since: since.clone() })
        .context(ErrorKind::History, "cannot read the git history")?;
    let mut notices = Vec::new();
    if history.truncated {
        let counted = match history.commits.len() {
            0 => "no commit of the window is after the cut, so every history count is 0".to_owned(),
            1 => "only the 1 commit after the cut is counted".to_owned(),
            n => format!("only the {n} commits after the cut are counted"),
        };
        notices.push(Notice::Warning(format!(
            "the repository is a shallow clone, and the window {} reaches past its cut: {counted}; what \
             the commits at the cut and before it changed is unknown (`git fetch --unshallow` fetches the \
             rest; with actions/checkout, set `fetch-depth: 0`)",
            since.describe()
        )));
    } else if history.head.is_none() {
        notices.push(Notice::Warning(
            "the repository has no commits yet: there is no history to count".to_owned(),
        ));
    } else if history.commits.is_empty() {
        notices.push(Notice::Warning(format!("no commits {}: every history count is 0", since.describe())));
    }
    Ok((history, notices))
}

/// The window of history `--since` (`arg`) or the configuration asks for, read, with the
/// warnings of [`read`].
pub fn window(ws: &Workspace, arg: Option<&str>) -> Result<(Since, History, Vec<Notice>), Error> {
    let config = config(ws)?;
    let since = since(arg, &config)?;
    let (history, notices) = read(ws, &since)?;
    Ok((since, history, notices))
}

/// The window `--since` (`arg`) or the configuration asks for.
pub fn since(arg: Option<&str>, config: &HistoryConfig) -> Result<Since, Error> {
    match arg.or(config.since.as_deref()) {
        Some(text) => Since::parse(text).context(ErrorKind::Input, "--since"),
        None => Ok(Since::default()),
    }
}

/// A file's path relative to the repository root, from its path as shown (relative to the
/// working directory, or absolute); `None` outside the repository.
pub fn history_path(shown: &str, history: &History) -> Option<String> {
    crate::discover::repository_path(shown, &history.root, &history.prefix)
}

/// Facts about the window, for every output.
#[derive(Debug, Serialize)]
pub struct Window {
    /// How `--since` reads: `12 months`, `v1.2`.
    pub since: String,
    /// The commit the window ends at.
    pub head: Option<String>,
    /// Whether the repository is a shallow clone.
    pub shallow: bool,
    /// The window reaches past a shallow clone's cut: only the commits after it are counted.
    pub truncated: bool,
    /// Commits read (merges and bots left out).
    pub commits: usize,
    /// Commits by bots, left out.
    pub bot_commits: usize,
}

impl Window {
    /// The facts of the window `since` of `history`.
    pub fn new(since: &Since, history: &History) -> Self {
        let since = match since {
            Since::Date(text) | Since::Revision(text) => text.clone(),
        };
        Window {
            since,
            head: history.head.clone(),
            shallow: history.shallow,
            truncated: history.truncated,
            commits: history.commits.len(),
            bot_commits: history.bot_commits,
        }
    }
}

/// How fix commits are recognised, as the caller asks (over the configuration's).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FixChoice {
    /// Presets; `None` for the configuration's, or the defaults.
    pub presets: Option<Vec<Preset>>,
    /// Custom patterns; none for the configuration's.
    pub patterns: Vec<String>,
    /// Count the commits the default exclusions leave out (typo, lint, CI, docs fixes).
    pub no_default_exclusions: bool,
}

/// The fix rules the caller and configuration ask for.
pub fn fix_options(args: &FixChoice, config: &HistoryConfig) -> FixOptions {
    let presets = if args.presets.is_none() { config.fix_presets.clone() } else { args.presets.clone() };
    let patterns = if args.patterns.is_empty() { config.fix_patterns.clone() } else { args.patterns.clone() };
    FixOptions {
        presets,
        patterns,
        default_exclusions: !args.no_default_exclusions && config.default_exclusions.unwrap_or(true),
        exclude_patterns: config.exclude_patterns.clone(),
    }
}

/// The defect list, if one is given: `given` relative to the workspace's directory, else the
/// configuration's `defects` (relative to the configuration file); with a warning when it has
/// no defects.
pub fn defect_list(
    ws: &Workspace,
    given: Option<&Path>,
    config: &HistoryConfig,
) -> Result<(Option<DefectList>, Vec<Notice>), Error> {
    let Some(path) = given.map(Path::to_path_buf).or_else(|| config.defects.clone()) else {
        return Ok((None, Vec::new()));
    };
    let list = read_defect_list(ws, &path)?;
    let mut notices = Vec::new();
    if list.defects.is_empty() {
        notices.push(Notice::Warning(format!(
            "the defect list `{}` has no defects ({} entries are not defects)",
            list.path.display(),
            list.skipped
        )));
    }
    Ok((Some(list), notices))
}

/// Reads a defect list at `path` (relative to the workspace's directory), named as given.
fn read_defect_list(ws: &Workspace, path: &Path) -> Result<DefectList, Error> {
    let named = |mut list: DefectList| {
        path.clone_into(&mut list.path);
        list
    };
    export::read(&ws.cwd().join(path)).map(named).map_err(|error| match error {
        plumb_history::Error::DefectList { message, .. } => Error::from_source(
            ErrorKind::History,
            plumb_history::Error::DefectList { path: path.to_owned(), message },
        ),
        other => Error::from_source(ErrorKind::History, other),
    })
}

/// The settings of the `defect-density` rule: the configuration's, then the caller's: `gate`
/// turns the rule on as an error when the configuration does not, `max_density` is its
/// maximum.
pub fn gate_settings(ws: &Workspace, gate: bool, max_density: Option<f64>) -> Result<Settings, Error> {
    let mut settings = ws.project_settings(&RuleOverrides::default())?;
    if gate && settings.level(RuleId::DefectDensity).is_none() {
        settings.set_level(RuleId::DefectDensity, Some(Level::Error));
    }
    if let Some(max) = max_density {
        if !max.is_finite() || max < 0.0 {
            bail!(Input, "--max-density needs a number of 0 or more, not {max}");
        }
        settings.set_threshold(RuleId::DefectDensity, max);
    }
    Ok(settings)
}

/// A gate on a window that a shallow clone holds only part of would judge what it cannot see.
pub fn refuse_gate_on_a_cut_window(history: &History, gate: &Settings) -> Result<(), Error> {
    if history.truncated && gate.level(RuleId::DefectDensity) == Some(Level::Error) {
        bail!(
            History,
            "the `defect-density` gate needs the whole window of history, and this shallow clone holds \
             only part of it: fetch the rest (`git fetch --unshallow`; with actions/checkout, set \
             `fetch-depth: 0`), or give a --since that the clone holds"
        );
    }
    Ok(())
}

/// The `defect-density` findings: ranked folders above the maximum, each placed on the folder's
/// file with the most defects.
pub fn gate_findings(table: &Density, gate: &Settings) -> Vec<Finding> {
    let ranked = table.folders.iter().filter(|row| row.ranked).filter_map(|row| {
        let in_folder = table.files.iter().filter(|file| density::folder(&file.path) == row.path);
        let file = in_folder.min_by(|a, b| b.defects.cmp(&a.defects).then_with(|| a.path.cmp(&b.path)))?;
        Some(FolderDensity {
            folder: &row.path,
            file: &file.path,
            file_defects: file.defects,
            defects: row.defects,
            code: row.code,
            density: row.density?,
            interval: (row.density_low?, row.density_high?),
        })
    });
    plumb_check::folder_findings(ranked, gate)
}

/// The hotspots of a run's files in a window: files and functions, highest score first.
pub fn hotspots(
    report: &Report,
    history: &History,
    since: &Since,
) -> Result<(Vec<FileHotspot>, Vec<FunctionHotspot>), Error> {
    let rules =
        FixRules::new(&FixOptions::default(), None).map_err(|e| Error::from_source(ErrorKind::History, e))?;
    let stats = Stats::gather(history, &rules, None);
    let files: Vec<hotspots::SourceFile> = report
        .files
        .iter()
        .filter_map(|file| {
            Some(hotspots::SourceFile {
                path: file.path.clone(),
                history_path: history_path(&file.path, history)?,
                functions: file
                    .functions
                    .iter()
                    .map(|function| hotspots::Function {
                        name: function.qualified_name.clone(),
                        start_line: function.start_line,
                        end_line: function.end_line,
                        cyclomatic: function.cyclomatic,
                    })
                    .collect(),
            })
        })
        .collect();
    let paths = files.iter().map(|file| file.history_path.clone()).collect();
    let changes = hotspots::changes(history, since, &paths)
        .context(ErrorKind::History, "cannot read the git history")?;
    Ok((hotspots::files(&files, &stats), hotspots::functions(&files, &changes)))
}

/// `plumb check --history`: each file's history in the window of the configuration, read once
/// before the files are analysed, so that a streamed run gives each file its history as the
/// file is written ([`FileHistories::of`]).
pub struct FileHistories {
    history: History,
    stats: Stats,
}

impl FileHistories {
    /// Reads the history of the window of the configuration; what the user should be told.
    pub fn read(ws: &Workspace) -> Result<(FileHistories, Vec<Notice>), Error> {
        let config = config(ws)?;
        let since = since(None, &config)?;
        let (history, notices) = read(ws, &since).context(ErrorKind::History, "--history")?;
        let options = FixOptions {
            presets: config.fix_presets.clone(),
            patterns: config.fix_patterns.clone(),
            default_exclusions: config.default_exclusions.unwrap_or(true),
            exclude_patterns: config.exclude_patterns.clone(),
        };
        let list = match &config.defects {
            Some(path) => Some(read_defect_list(ws, path)?),
            None => None,
        };
        let rules =
            FixRules::new(&options, list.as_ref()).map_err(|e| Error::from_source(ErrorKind::History, e))?;
        let stats = Stats::gather(&history, &rules, list.as_ref());
        Ok((FileHistories { history, stats }, notices))
    }

    /// The history of the file shown as `path` (empty for a file git does not know).
    pub fn of(&self, path: &str) -> FileHistory {
        let found = history_path(path, &self.history).and_then(|path| self.stats.file(&path));
        found.map_or_else(FileHistory::default, |found| FileHistory {
            commits: found.commits.len() as u32,
            fixes: found.fixes.len() as u32,
            defects: found.defects.len() as u32,
            added: found.added,
            deleted: found.deleted,
            authors: found.authors.len() as u32,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_paths_are_root_relative() {
        let history = History { prefix: "sub/".to_owned(), ..History::default() };
        assert_eq!(history_path("src/a.rs", &history).as_deref(), Some("sub/src/a.rs"));
        assert_eq!(history_path("../top.rs", &history).as_deref(), Some("top.rs"));
        let root = History::default();
        assert_eq!(history_path("../outside.rs", &root), None);
    }
}
