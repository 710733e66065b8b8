//! The one finding type every rule produces and every renderer reads.

use plumb_text::Span;
use serde::{Deserialize, Serialize};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Fails the run (exit code 1).
    Error,
    /// Reported; fails the run only past `--max-warnings`.
    Warning,
    /// Informational.
    Note,
}

impl Level {
    /// `error`, `warning` or `note`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Note => "note",
        }
    }
}

/// A secondary location with a message (a decision point of a complex function).
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What it adds (`+1 if`).
    pub message: String,
}

/// A measured value against the threshold it crossed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measure {
    /// The value.
    pub value: f64,
    /// The threshold.
    pub threshold: f64,
}

/// One finding: a rule's verdict on a function, a file or the project.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The rule's id (`cyclomatic-complexity`).
    pub rule: &'static str,
    /// Its level.
    pub level: Level,
    /// The file, relative to the working directory when inside it, with `/` separators.
    pub path: String,
    /// The primary location: a function's signature, or an error's position.
    pub span: Span,
    /// One sentence, the number first (only the first sentence may be shown).
    pub message: String,
    /// A few words shown under the primary span (`cyclomatic complexity 14`).
    pub label: Option<String>,
    /// The qualified name of the function, if the finding is about one.
    pub function: Option<String>,
    /// The value and the threshold it crossed.
    pub measure: Option<Measure>,
    /// Secondary locations.
    pub labels: Vec<Label>,
    /// Extra lines of explanation.
    pub notes: Vec<String>,
    /// What to do about it.
    pub help: Option<String>,
    /// An identity that survives edits elsewhere in the file (see [`crate::fingerprint`]).
    pub fingerprint: String,
}

/// What a rule is, for `plumb rules`, `plumb explain` and SARIF rule descriptors.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RuleMeta {
    /// Stable kebab-case id.
    pub id: &'static str,
    /// One line.
    pub summary: &'static str,
    /// The long explanation in Markdown: what it measures, why it matters, an example, what
    /// to do, the default.
    pub explanation: &'static str,
    /// Level when not configured.
    pub default_level: Level,
    /// Threshold when not configured.
    pub default_threshold: Option<f64>,
}
