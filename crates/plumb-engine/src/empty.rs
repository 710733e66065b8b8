//! Why a run has nothing to analyse: the directories given hold no file plumb measures, because
//! ignore files hide them all, the configuration excludes them all, or none is in a language
//! plumb measures. A quality gate that checked nothing must not pass, so the run stops with
//! this explanation (exit 2) unless `--allow-empty` accepts it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use ignore::Match;
use ignore::gitignore::{Gitignore, GitignoreBuilder};

use crate::discover::{self, WalkOptions, display_path};
use crate::error::Error;
use crate::workspace::Workspace;

/// The message that ends a run whose directories `dirs` (as given: relative to the workspace's
/// directory, or absolute) hold no file to analyse.
pub(crate) fn explain(ws: &Workspace, dirs: &[&Path], input: &WalkOptions) -> Result<String, Error> {
    let cwd = ws.cwd();
    let shown: Vec<String> = dirs.iter().map(|dir| format!("`{}`", display_path(dir, cwd))).collect();
    let under = shown.join(", ");
    let found = Found::walk(ws, dirs, input)?;
    let allow = "(or --allow-empty to accept a run that analyses nothing)";
    if !input.no_ignore {
        let ignored = ignored_sources(dirs, input, &found.files, cwd);
        if let Some(first) = ignored.first() {
            let why = explain_ignored(first, dirs, cwd);
            return Ok(format!(
                "nothing to analyse: every source file under {under} is ignored ({} of them); \
                 {why}; use --no-ignore to analyse ignored files {allow}",
                ignored.len()
            ));
        }
    }
    if let Some(config) = found.excluded_by.first() {
        return Ok(format!(
            "nothing to analyse: the `include` and `exclude` settings of `{}` leave out every source \
             file under {under} ({} of them); change them {allow}",
            display_path(config, cwd),
            found.excluded
        ));
    }
    if found.files.is_empty() {
        return Ok(format!("nothing to analyse: there is no file under {under} {allow}"));
    }
    Ok(format!(
        "nothing to analyse: none of the {} files under {under} is in a language plumb measures ({}); \
         `[languages]` in plumb.toml maps other extensions to a supported language {allow}",
        found.files.len(),
        found.kinds()
    ))
}

/// What the walk with the run's settings found.
struct Found {
    /// Every file, absolute.
    files: Vec<PathBuf>,
    /// Source files the configuration leaves out, and the configuration files that do.
    excluded: usize,
    excluded_by: Vec<PathBuf>,
}

impl Found {
    fn walk(ws: &Workspace, dirs: &[&Path], input: &WalkOptions) -> Result<Self, Error> {
        let mut found = Found { files: Vec::new(), excluded: 0, excluded_by: Vec::new() };
        let cwd = ws.cwd();
        for dir in dirs {
            for file in files(&cwd.join(dir), input, input.no_ignore) {
                let file = discover::absolute(cwd, &file);
                let config = ws.config_for(&file)?;
                let language = config.as_ref().and_then(|config| config.language(&file));
                if discover::is_source(&file, language.is_some())
                    && let Some(config) = config.filter(|config| !config.admits(&file))
                {
                    found.excluded += 1;
                    if !found.excluded_by.contains(&config.path) {
                        found.excluded_by.push(config.path.clone());
                    }
                }
                found.files.push(file);
            }
        }
        Ok(found)
    }

    /// `3 .md, 1 .txt, 1 without extension`: the files by extension, most common first.
    fn kinds(&self) -> String {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for file in &self.files {
            let kind = file.extension().map_or_else(
                || "without extension".to_owned(),
                |extension| format!(".{}", extension.to_string_lossy()),
            );
            *counts.entry(kind).or_default() += 1;
        }
        let mut counts: Vec<(String, usize)> = counts.into_iter().collect();
        counts.sort_by_key(|(_, count)| std::cmp::Reverse(*count));
        let mut text =
            counts.iter().take(5).map(|(kind, n)| format!("{n} {kind}")).collect::<Vec<_>>().join(", ");
        if counts.len() > 5 {
            let _ = write!(text, ", ...");
        }
        text
    }
}

/// The files under `dir`, sorted, walked as the run walks them (or ignoring nothing).
fn files(dir: &Path, input: &WalkOptions, no_ignore: bool) -> Vec<PathBuf> {
    let mut builder = discover::walk_builder(dir, input.follow_links, no_ignore);
    builder.sort_by_file_name(std::cmp::Ord::cmp);
    builder
        .build()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_some_and(|kind| kind.is_file()))
        .map(ignore::DirEntry::into_path)
        .collect()
}

/// The source files under `dirs` that only ignore files hide, sorted.
fn ignored_sources(dirs: &[&Path], input: &WalkOptions, seen: &[PathBuf], cwd: &Path) -> Vec<PathBuf> {
    let seen: HashSet<&PathBuf> = seen.iter().collect();
    let mut ignored = Vec::new();
    for dir in dirs {
        for file in files(&cwd.join(dir), input, true) {
            let file = discover::absolute(cwd, &file);
            if !seen.contains(&file) && discover::is_source(&file, false) {
                ignored.push(file);
            }
        }
    }
    ignored
}

/// Which rule of which ignore file hides `file`: `` `.gitignore` line 3 (`/*`) ignores `arch` ``.
fn explain_ignored(file: &Path, dirs: &[&Path], cwd: &Path) -> String {
    let absolute = |path: &Path| discover::absolute(cwd, path);
    let top = dirs.iter().map(|dir| absolute(dir)).find(|dir| file.starts_with(dir)).unwrap_or_default();
    let mut matchers = Matchers::default();
    // Top-down: the walk does not enter an ignored directory, so the highest ignored entry is
    // the one to name.
    let entries: Vec<&Path> = file.ancestors().take_while(|entry| *entry != top).collect();
    for entry in entries.iter().rev() {
        match matchers.decide(entry, *entry != file) {
            Some(Decision::Ignored { by, pattern }) => {
                let line = line_of(&by, &pattern).map_or_else(String::new, |line| format!(" line {line}"));
                return format!(
                    "`{}`{line} (`{pattern}`) ignores `{}`",
                    display_path(&by, cwd),
                    display_path(entry, cwd)
                );
            }
            Some(Decision::Kept) | None => {}
        }
    }
    format!("`{}` is ignored by git's global excludes file (`core.excludesFile`)", display_path(file, cwd))
}

/// What the ignore files say about one path.
enum Decision {
    Ignored { by: PathBuf, pattern: String },
    Kept,
}

/// The ignore files of each directory, read once.
#[derive(Default)]
struct Matchers {
    by_dir: HashMap<PathBuf, Vec<(PathBuf, Gitignore)>>,
}

impl Matchers {
    /// The verdict of the nearest ignore file that has one about `entry`: a directory's
    /// `.ignore` first, then its `.gitignore`, then a repository's `.git/info/exclude`.
    fn decide(&mut self, entry: &Path, is_dir: bool) -> Option<Decision> {
        for dir in entry.ancestors().skip(1) {
            for (file, matcher) in self.of(dir) {
                match matcher.matched(entry, is_dir) {
                    Match::Ignore(glob) => {
                        return Some(Decision::Ignored {
                            by: file.clone(),
                            pattern: glob.original().to_owned(),
                        });
                    }
                    Match::Whitelist(_) => return Some(Decision::Kept),
                    Match::None => {}
                }
            }
        }
        None
    }

    fn of(&mut self, dir: &Path) -> &[(PathBuf, Gitignore)] {
        self.by_dir.entry(dir.to_path_buf()).or_insert_with(|| {
            [dir.join(".ignore"), dir.join(".gitignore"), dir.join(".git/info/exclude")]
                .into_iter()
                .filter(|file| file.is_file())
                .filter_map(|file| {
                    let mut builder = GitignoreBuilder::new(dir);
                    builder.add(&file);
                    Some((file, builder.build().ok()?))
                })
                .collect()
        })
    }
}

/// The 1-based line of `file` that holds `pattern`.
fn line_of(file: &Path, pattern: &str) -> Option<usize> {
    let text = std::fs::read_to_string(file).ok()?;
    text.lines().position(|line| line.trim_end() == pattern).map(|index| index + 1)
}
