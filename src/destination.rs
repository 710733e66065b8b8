//! Where a report goes: standard output, or a file that is replaced only once the report is
//! complete (a failed run never leaves a half-written report).

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use plumb_report::termcolor::{BufferedStandardStream, ColorSpec, NoColor, WriteColor};
use tempfile::NamedTempFile;

use crate::cli::Color;
use crate::output;

pub(crate) enum Destination {
    Stdout(BufferedStandardStream),
    File { temp: NoColor<BufWriter<NamedTempFile>>, path: PathBuf },
}

impl Destination {
    /// Opens the destination before any work is done, so that an unwritable path fails fast.
    pub(crate) fn open(path: Option<&Path>, color: Color) -> Result<Self> {
        let Some(path) = path else { return Ok(Self::Stdout(output::stdout(color))) };
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        let temp = NamedTempFile::new_in(dir)
            .map_err(without_temporary_name)
            .with_context(|| format!("cannot write `{}`", path.display()))?;
        Ok(Self::File { temp: NoColor::new(BufWriter::new(temp)), path: path.to_owned() })
    }

    /// Flushes, and for a file moves the finished report into place.
    pub(crate) fn finish(self) -> Result<()> {
        match self {
            Self::Stdout(mut out) => out.flush().context("cannot write to standard output"),
            Self::File { temp, path } => {
                let context = || format!("cannot write `{}`", path.display());
                let temp = temp
                    .into_inner()
                    .into_inner()
                    .map_err(io::IntoInnerError::into_error)
                    .with_context(context)?;
                share(&temp, &path).with_context(context)?;
                temp.persist(&path).map_err(|error| error.error).with_context(context)?;
                Ok(())
            }
        }
    }

    fn writer(&mut self) -> &mut dyn WriteColor {
        match self {
            Self::Stdout(out) => out,
            Self::File { temp, .. } => temp,
        }
    }
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

/// A temporary file is private (0600 on Unix); a report is not: keep the permissions of the
/// file being replaced, or use 0644.
#[cfg(unix)]
fn share(temp: &NamedTempFile, path: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let permissions = std::fs::metadata(path)
        .map_or_else(|_| std::fs::Permissions::from_mode(0o644), |metadata| metadata.permissions());
    temp.as_file().set_permissions(permissions)
}

#[cfg(not(unix))]
fn share(_temp: &NamedTempFile, _path: &Path) -> io::Result<()> {
    Ok(())
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
            Self::File { .. } => false,
        }
    }

    fn set_color(&mut self, spec: &ColorSpec) -> io::Result<()> {
        self.writer().set_color(spec)
    }

    fn reset(&mut self) -> io::Result<()> {
        self.writer().reset()
    }
}
