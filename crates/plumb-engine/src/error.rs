//! What stops a run, and what the caller should tell the user while it goes on.

use std::fmt;

use crate::config::ConfigError;

/// An error that stops a run: a sentence for the user, what it is about ([`ErrorKind`]), and the
/// error that caused it, if any (its chain reads `message: cause: cause's cause`).
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    repr: Repr,
}

#[derive(Debug)]
enum Repr {
    /// An invalid configuration file, with where in it.
    Config(Box<ConfigError>),
    /// A message, and what caused it.
    Message { message: String, source: Option<Box<dyn std::error::Error + Send + Sync>> },
    /// Another error, shown as it is.
    Transparent(Box<dyn std::error::Error + Send + Sync>),
}

/// What an [`Error`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A configuration file is invalid ([`Error::config`] says where) or cannot be read.
    Config,
    /// What the caller gave: a path that does not exist, an option out of range.
    Input,
    /// The directories given hold no file to analyse (the message says why).
    NothingToAnalyse,
    /// A coverage report cannot be read, or joined to the analysed files.
    Coverage,
    /// A baseline cannot be found, read or used.
    Baseline,
    /// git, its history or changes, or a defect list.
    History,
    /// The system refused what the run needs (threads).
    Resources,
}

impl Error {
    /// An error of `kind` that `message` says all about.
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self { kind, repr: Repr::Message { message: message.into(), source: None } }
    }

    /// An error of `kind` caused by `source`, shown as it is.
    pub(crate) fn from_source(
        kind: ErrorKind,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        Self { kind, repr: Repr::Transparent(Box::new(source)) }
    }

    /// What the error is about.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The invalid configuration file, and where in it, when that is the error.
    pub fn config(&self) -> Option<&ConfigError> {
        match &self.repr {
            Repr::Config(error) => Some(error),
            Repr::Message { .. } | Repr::Transparent(_) => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.repr {
            Repr::Config(error) => error.fmt(f),
            Repr::Message { message, .. } => f.write_str(message),
            Repr::Transparent(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.repr {
            Repr::Config(_) | Repr::Message { source: None, .. } => None,
            Repr::Message { source: Some(source), .. } => Some(source.as_ref()),
            Repr::Transparent(error) => error.source(),
        }
    }
}

impl From<ConfigError> for Error {
    fn from(error: ConfigError) -> Self {
        Self { kind: ErrorKind::Config, repr: Repr::Config(Box::new(error)) }
    }
}

/// Says what a failure means, keeping the failure as the cause.
pub(crate) trait Context<T> {
    /// An error of `kind` saying `message`, caused by this one.
    fn context(self, kind: ErrorKind, message: impl Into<String>) -> Result<T, Error>;

    /// [`Context::context`] with a message made only on failure.
    fn with_context<M: Into<String>>(self, kind: ErrorKind, message: impl FnOnce() -> M) -> Result<T, Error>;
}

impl<T, E: std::error::Error + Send + Sync + 'static> Context<T> for Result<T, E> {
    fn context(self, kind: ErrorKind, message: impl Into<String>) -> Result<T, Error> {
        self.with_context(kind, || message)
    }

    fn with_context<M: Into<String>>(self, kind: ErrorKind, message: impl FnOnce() -> M) -> Result<T, Error> {
        self.map_err(|source| Error {
            kind,
            repr: Repr::Message { message: message().into(), source: Some(Box::new(source)) },
        })
    }
}

/// Returns an [`Error`] of a kind with a formatted message.
macro_rules! bail {
    ($kind:ident, $($message:tt)+) => {
        return Err($crate::error::Error::new($crate::error::ErrorKind::$kind, format!($($message)+)))
    };
}
pub(crate) use bail;

/// Something to tell the user that does not stop the run: what was left out, or looks wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// A warning: `warning: {0}`.
    Warning(String),
    /// A note: `note: {0}`.
    Note(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chains_read_message_then_cause() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "gone");
        let error = Err::<(), _>(io).context(ErrorKind::Coverage, "cannot read `a.info`").unwrap_err();
        assert_eq!(error.to_string(), "cannot read `a.info`");
        assert_eq!(std::error::Error::source(&error).map(ToString::to_string).as_deref(), Some("gone"));
        assert_eq!(error.kind(), ErrorKind::Coverage);
        let shown = Error::from_source(ErrorKind::History, error);
        assert_eq!(shown.to_string(), "cannot read `a.info`");
        assert_eq!(std::error::Error::source(&shown).map(ToString::to_string).as_deref(), Some("gone"));
    }
}
