//! One module per output format, each a pure function of a [`Report`](crate::Report).

pub mod checkstyle;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod short;
#[cfg(test)]
mod testing;

use serde::Serialize;

/// The source text of analysed files, for renderers that show snippets.
pub trait Sources {
    /// The text of the file at `path` (as it appears in findings), if kept.
    fn source(&self, path: &str) -> Option<&str>;
}

impl<S: std::hash::BuildHasher> Sources for std::collections::HashMap<String, String, S> {
    fn source(&self, path: &str) -> Option<&str> {
        self.get(path).map(String::as_str)
    }
}

/// Whole numbers are written without a fraction (`14`, not `14.0`).
#[derive(Serialize)]
#[serde(untagged)]
pub(crate) enum Number {
    Int(i64),
    Float(f64),
}

impl From<f64> for Number {
    #[allow(clippy::cast_precision_loss)]
    fn from(value: f64) -> Self {
        if value.fract() == 0.0 && value.abs() < (1u64 << 53) as f64 {
            Number::Int(value as i64)
        } else {
            Number::Float(value)
        }
    }
}
