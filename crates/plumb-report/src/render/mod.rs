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
