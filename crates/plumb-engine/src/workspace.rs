//! A workspace: the directory plumb works from, its repository root, and the configurations
//! that apply to its files.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use plumb_check::Settings;

use crate::config::{Config, Configs};
use crate::discover::{self, Candidate, Discovered, WalkOptions};
use crate::error::Error;
use crate::options::RuleOverrides;
use crate::run::{MAX_FILE_SIZE, settings_for};

/// The directory plumb works from (the working directory of the command line, a folder of an
/// editor), its repository root, and the configuration files found so far.
///
/// Relative paths given to it are relative to that directory, and paths are shown relative to
/// it. Findings are identified by paths relative to the repository root (the nearest ancestor
/// holding `.git`, else the directory itself), so that baselines and fingerprints do not
/// depend on the directory plumb runs from. A workspace reads nothing of the process (neither
/// its working directory nor its environment) and may be shared between threads.
pub struct Workspace {
    pub(crate) cwd: PathBuf,
    pub(crate) root: PathBuf,
    configs: Mutex<Configs>,
}

impl Workspace {
    /// The workspace of a directory, an absolute path.
    pub fn open(cwd: impl Into<PathBuf>) -> Self {
        let cwd = cwd.into();
        let root = discover::repo_root(&cwd);
        let configs = Mutex::new(Configs::new(&cwd));
        Self { cwd, root, configs }
    }

    /// The directory relative paths are relative to.
    pub fn cwd(&self) -> &Path {
        &self.cwd
    }

    /// The repository root: the nearest ancestor of [`Workspace::cwd`] holding `.git`, else
    /// that directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// A path as shown: relative to the directory when inside it, `/`-separated.
    pub fn display_path(&self, path: &Path) -> String {
        discover::display_path(path, &self.cwd)
    }

    /// How findings identify a file shown as `shown`: its path relative to the repository root.
    pub fn root_key(&self, shown: &str) -> String {
        discover::root_key(shown, &self.cwd, &self.root)
    }

    /// The configuration that applies to a file (relative to the directory, or absolute): the
    /// nearest `plumb.toml`, `.plumb.toml` or `pyproject.toml` with `[tool.plumb]` in its
    /// directory or above, up to the repository root. Files are read once; see
    /// [`Workspace::forget_configs`].
    pub fn config_for(&self, file: &Path) -> Result<Option<Arc<Config>>, Error> {
        let file = discover::absolute(&self.cwd, file);
        self.configs.lock().unwrap_or_else(PoisonError::into_inner).for_file(&file)
    }

    /// The configuration of the directory itself: the one project-wide settings (gates,
    /// `[coverage]`, `[history]`) come from.
    pub fn project_config(&self) -> Result<Option<Arc<Config>>, Error> {
        self.configs.lock().unwrap_or_else(PoisonError::into_inner).for_dir(&self.cwd)
    }

    /// A file's settings: the defaults, its configuration's, then `overrides`.
    pub fn settings_for(&self, file: &Path, overrides: &RuleOverrides) -> Result<Settings, Error> {
        let file = discover::absolute(&self.cwd, file);
        let config = self.config_for(&file)?;
        Ok(settings_for(config.as_deref(), &file, overrides))
    }

    /// The settings of the directory's configuration and `overrides`: what project-wide gates
    /// use.
    pub fn project_settings(&self, overrides: &RuleOverrides) -> Result<Settings, Error> {
        self.settings_for(&self.cwd.join("_"), overrides)
    }

    /// Forgets the configuration files read, so that edited ones are read again.
    pub fn forget_configs(&self) {
        self.configs.lock().unwrap_or_else(PoisonError::into_inner).clear();
    }

    /// Finds the files to analyse under `paths` (relative to the directory, or absolute):
    /// directories are walked as `walk` says, respecting ignore files; files named are always
    /// candidates. A path that does not exist is an error; an entry that cannot be read while
    /// walking is a problem, and the walk goes on.
    pub fn discover(&self, paths: &[PathBuf], walk: &WalkOptions) -> Result<Discovered, Error> {
        discover::discover(paths, walk, &self.cwd)
    }

    /// A file named by the caller, read from `path` or held in memory.
    pub fn candidate(&self, path: &Path, contents: Option<Vec<u8>>) -> Candidate {
        Candidate {
            display: discover::display_path(path, &self.cwd),
            path: self.cwd.join(path),
            explicit: true,
            contents,
        }
    }

    /// The most bytes a file may have to be analysed: `given` (the command line's), else its
    /// configuration's `max-file-size`, else [`MAX_FILE_SIZE`].
    pub fn max_file_size(&self, file: &Path, given: Option<u64>) -> Result<u64, Error> {
        if let Some(given) = given {
            return Ok(given);
        }
        Ok(self.config_for(file)?.and_then(|config| config.max_file_size).unwrap_or(MAX_FILE_SIZE))
    }

    /// A file's text (relative to the directory, or absolute) as the analysis reads it: without
    /// its byte order mark, UTF-16 decoded, invalid UTF-8 replaced. For the source views of a
    /// report, which read each file again; `None` when it cannot be read now, is binary or is
    /// larger than `max_size`.
    pub fn read_text(&self, path: &Path, max_size: u64) -> Option<String> {
        crate::analyze::text(&self.cwd.join(path), max_size)
    }
}
