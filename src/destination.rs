//! Where a report goes: standard output, or the file `--output` names.
//!
//! A regular file is replaced only once the report is complete (a failed or interrupted run
//! never leaves a half-written report, nor a temporary file): the report is written to a
//! temporary file beside it, then renamed over it. What is not a regular file is never
//! replaced: a symbolic link is followed and its target replaced the same way; a device or a
//! FIFO is written into, as the shell's `>` would; a directory is refused. A new file gets the
//! default mode (the umask applies), a replaced one keeps its mode, and a read-only one is
//! refused. `-` is standard output.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use plumb_report::termcolor::{ColorSpec, NoColor, WriteColor};
use tempfile::NamedTempFile;

use crate::cli::Color;
use crate::output;

pub(crate) enum Destination {
    Stdout(output::Stdout),
    /// A regular file, replaced when the report is complete.
    File {
        temp: NoColor<BufWriter<NamedTempFile>>,
        /// The file replaced: the path named, or the file its symbolic link leads to.
        target: PathBuf,
        /// The path as named.
        named: PathBuf,
        /// The file being replaced, if there is one.
        existing: Option<Identity>,
    },
    /// A device or a FIFO, written into.
    Stream {
        file: NoColor<BufWriter<File>>,
        named: PathBuf,
    },
}

impl Destination {
    /// Opens the destination before any work is done, so that an unwritable path fails fast.
    pub(crate) fn open(path: Option<&Path>, color: Color) -> Result<Self> {
        match path {
            None => Ok(Self::Stdout(output::stdout(color))),
            Some(path) if path.as_os_str() == "-" => Ok(Self::Stdout(output::stdout(color))),
            Some(path) => Self::open_path(path).with_context(|| format!("cannot write `{}`", path.display())),
        }
    }

    fn open_path(named: &Path) -> Result<Self> {
        let metadata = match std::fs::metadata(named) {
            Ok(metadata) => metadata,
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                // A new file, or the missing target of a dangling symbolic link.
                let target = link_target(named)?;
                return Self::file(target, named, None);
            }
            Err(error) => return Err(error.into()),
        };
        if metadata.is_dir() {
            bail!("it is a directory");
        }
        if !metadata.is_file() {
            // `>` truncates; a device or a FIFO has nothing to truncate.
            let file = std::fs::OpenOptions::new().write(true).open(named)?;
            return Ok(Self::Stream { file: NoColor::new(BufWriter::new(file)), named: named.to_owned() });
        }
        Self::replace(named, &metadata)
    }

    /// Starts a report that replaces the regular file at `named` (through its links).
    fn replace(named: &Path, metadata: &std::fs::Metadata) -> Result<Self> {
        let target =
            if named.symlink_metadata()?.is_symlink() { named.canonicalize()? } else { named.to_owned() };
        // A read-only file is refused rather than replaced: one without any write permission
        // (whoever runs plumb), or one this user may not write (opened for writing to know,
        // but neither written nor truncated), as the shell's `>` would refuse it.
        if metadata.permissions().readonly() {
            bail!("the file is read-only");
        }
        if let Err(error) = std::fs::OpenOptions::new().write(true).open(&target) {
            if error.kind() == io::ErrorKind::PermissionDenied {
                bail!("the file is read-only for this user ({error})");
            }
            return Err(error.into());
        }
        Self::file(target, named, Some(metadata))
    }

    /// Starts a report that will replace `target` (`existing`, if there is a file), named `named`.
    fn file(target: PathBuf, named: &Path, existing: Option<&std::fs::Metadata>) -> Result<Self> {
        let permissions = existing.map(std::fs::Metadata::permissions);
        let temp = interrupt::create_removed_on_interrupt(|| temp_beside(&target, permissions))?;
        let temp = NoColor::new(BufWriter::new(temp));
        Ok(Self::File { temp, target, named: named.to_owned(), existing: existing.map(Identity::of) })
    }

    /// Refuses to replace a file that the run analysed with its report (`-o app.py`).
    /// `analysed` are the analysed files' paths, relative to the working directory.
    pub(crate) fn refuse_analysed<'p>(&self, analysed: impl IntoIterator<Item = &'p str>) -> Result<()> {
        let Self::File { named, existing: Some(identity), .. } = self else { return Ok(()) };
        for path in analysed {
            if std::fs::metadata(path).is_ok_and(|metadata| Identity::of(&metadata) == *identity) {
                let named = named.display().to_string();
                let alias = if named == path { String::new() } else { format!(" (`{path}`)") };
                bail!(
                    "cannot write `{named}`: it is a file this run analyses{alias}; write the report elsewhere"
                );
            }
        }
        Ok(())
    }

    /// Flushes, and for a file moves the finished report into place.
    pub(crate) fn finish(self) -> Result<()> {
        match self {
            Self::Stdout(mut out) => out.flush().context("cannot write to standard output"),
            Self::Stream { mut file, named } => {
                file.flush().with_context(|| format!("cannot write `{}`", named.display()))
            }
            Self::File { temp, target, named, existing } => {
                let context = || format!("cannot write `{}`", named.display());
                let temp = temp
                    .into_inner()
                    .into_inner()
                    .map_err(io::IntoInnerError::into_error)
                    .with_context(context)?;
                if existing.is_some() {
                    // Created with the mode less the umask: give it the exact mode it replaces.
                    let permissions = std::fs::metadata(&target).map(|m| m.permissions());
                    if let Ok(permissions) = permissions {
                        temp.as_file().set_permissions(permissions).with_context(context)?;
                    }
                }
                interrupt::persist(temp, &target).with_context(context)
            }
        }
    }

    fn writer(&mut self) -> &mut dyn WriteColor {
        match self {
            Self::Stdout(out) => out,
            Self::File { temp, .. } => temp,
            Self::Stream { file, .. } => file,
        }
    }
}

/// A file's identity: its device and inode where there are such things, else its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Identity {
    device: u64,
    inode: u64,
}

impl Identity {
    #[cfg(unix)]
    fn of(metadata: &std::fs::Metadata) -> Self {
        use std::os::unix::fs::MetadataExt;
        Self { device: metadata.dev(), inode: metadata.ino() }
    }

    #[cfg(not(unix))]
    fn of(metadata: &std::fs::Metadata) -> Self {
        // No stable identity: never equal to an analysed file's.
        let _ = metadata;
        Self { device: u64::MAX, inode: u64::MAX }
    }
}

/// Where a path that does not exist leads: itself, or the end of its chain of symbolic links.
fn link_target(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_owned();
    // The kernel's own limit on a chain of links.
    for _ in 0..40 {
        match std::fs::read_link(&current) {
            Ok(next) => {
                current = match current.parent() {
                    Some(dir) if next.is_relative() => dir.join(next),
                    _ => next,
                };
            }
            Err(error) if error.kind() == io::ErrorKind::InvalidInput => return Ok(current),
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(current),
            Err(error) => return Err(error),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// A temporary file in the directory of `target`, so that it can be renamed over it. It is
/// created with the mode of the file it replaces, or that of a new file, less the umask.
fn temp_beside(target: &Path, permissions: Option<std::fs::Permissions>) -> io::Result<NamedTempFile> {
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(permissions.unwrap_or_else(|| std::fs::Permissions::from_mode(0o666)));
    }
    #[cfg(not(unix))]
    let _ = permissions;
    builder.tempfile_in(dir).map_err(without_temporary_name)
}

/// The error without the temporary file's name, which the user never gave: tempfile adds
/// ` at path "dir/.tmpAbC123"` to its errors.
fn without_temporary_name(error: io::Error) -> io::Error {
    let text = error.to_string();
    match text.rfind(" at path ") {
        Some(cut) => io::Error::new(error.kind(), &text[..cut]),
        None => error,
    }
}

/// Removing the temporary file of a report when the run is interrupted (SIGINT, SIGTERM,
/// SIGHUP), then dying of the signal as if there were no handler.
mod interrupt {
    use std::path::{Path, PathBuf};
    use std::sync::{Mutex, PoisonError};

    use tempfile::NamedTempFile;

    /// The temporary file being written, if any.
    static PENDING: Mutex<Option<PathBuf>> = Mutex::new(None);

    /// Creates the temporary file, and has it removed if the run is interrupted from then on.
    pub(super) fn create_removed_on_interrupt(
        create: impl FnOnce() -> std::io::Result<NamedTempFile>,
    ) -> std::io::Result<NamedTempFile> {
        listen();
        // A signal meanwhile waits for the file to be recorded, then removes it.
        let mut pending = PENDING.lock().unwrap_or_else(PoisonError::into_inner);
        let temp = create()?;
        *pending = Some(temp.path().to_owned());
        Ok(temp)
    }

    /// Moves the finished report into place; an interruption waits until it is there.
    pub(super) fn persist(temp: NamedTempFile, target: &Path) -> std::io::Result<()> {
        let mut pending = PENDING.lock().unwrap_or_else(PoisonError::into_inner);
        temp.persist(target).map_err(|error| error.error)?;
        *pending = None;
        Ok(())
    }

    #[cfg(unix)]
    fn listen() {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        static LISTENING: std::sync::Once = std::sync::Once::new();
        LISTENING.call_once(|| {
            let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
                return;
            };
            std::thread::spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    // Held until the process is gone: the report is not persisted meanwhile.
                    let mut pending = PENDING.lock().unwrap_or_else(PoisonError::into_inner);
                    if let Some(path) = pending.take() {
                        let _ = std::fs::remove_file(path);
                    }
                    let _ = signal_hook::low_level::emulate_default_handler(signal);
                    std::process::exit(128 + signal);
                }
            });
        });
    }

    #[cfg(not(unix))]
    fn listen() {}
}

impl Write for Destination {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer().write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer().flush()
    }
}

impl WriteColor for Destination {
    fn supports_color(&self) -> bool {
        match self {
            Self::Stdout(out) => out.supports_color(),
            Self::File { .. } | Self::Stream { .. } => false,
        }
    }

    fn set_color(&mut self, spec: &ColorSpec) -> io::Result<()> {
        self.writer().set_color(spec)
    }

    fn reset(&mut self) -> io::Result<()> {
        self.writer().reset()
    }
}
