//! The report: measured files, findings and problems, as plain data. The JSON output is
//! exactly these structures (see `docs/json.md`).

use serde::Serialize;

use crate::{Finding, RuleMeta};

/// A decision point in the JSON output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecisionReport {
    /// `if`, `else-if`, `conditional`, `loop`, `case`, `guard`, `catch`, `clause`, `and`, `or`,
    /// `coalesce`, `logical-assign`.
    pub kind: &'static str,
    /// 1-based line.
    pub line: u32,
    /// 1-based column in Unicode scalar values.
    pub column: u32,
}

/// A function's metrics.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FunctionReport {
    /// Declared or derived name.
    pub name: String,
    /// Name qualified by enclosing types, modules and functions.
    pub qualified_name: String,
    /// Line of the declaration proper.
    pub start_line: u32,
    /// Column of the declaration (Unicode scalars).
    pub start_column: u32,
    /// Last line.
    pub end_line: u32,
    /// Cyclomatic complexity.
    pub cyclomatic: u32,
    /// Cognitive complexity.
    pub cognitive: u32,
    /// Physical lines.
    pub lines: u32,
    /// Code lines.
    pub code: u32,
    /// Parameters.
    pub params: u32,
    /// Deepest nesting.
    pub max_nesting: u32,
    /// Explicit returns.
    pub returns: u32,
    /// Early exits (`?`, `?.`).
    pub early_exits: u32,
    /// Decision points in source order.
    pub decision_points: Vec<DecisionReport>,
}

/// A file's metrics.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileReport {
    /// Relative to the working directory when inside it, `/`-separated.
    pub path: String,
    /// Language id (`rust`, `cpp`, ...).
    pub language: &'static str,
    /// Physical lines.
    pub lines: u32,
    /// Code lines.
    pub code: u32,
    /// Comment lines.
    pub comments: u32,
    /// Blank lines.
    pub blanks: u32,
    /// Functions in source order.
    pub functions: Vec<FunctionReport>,
}

/// A file that could not be analysed, or was analysed with reservations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The file (or directory).
    pub path: String,
    /// What happened (`binary file skipped`, `permission denied`).
    pub message: String,
}

/// Totals of a run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Files analysed.
    pub files: u32,
    /// Functions measured.
    pub functions: u32,
    /// Physical lines.
    pub lines: u64,
    /// Code lines.
    pub code: u64,
    /// Comment lines.
    pub comments: u64,
    /// Blank lines.
    pub blanks: u64,
    /// Error-level findings.
    pub errors: u32,
    /// Warning-level findings.
    pub warnings: u32,
    /// Note-level findings.
    pub notes: u32,
    /// Files skipped or analysed with problems.
    pub problems: u32,
}

/// Everything a renderer needs.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Measured files, sorted by path.
    pub files: Vec<FileReport>,
    /// Findings, sorted by path and position.
    pub findings: Vec<Finding>,
    /// Problems, sorted by path.
    pub problems: Vec<Problem>,
    /// Totals.
    pub summary: Summary,
    /// Every rule, in registry order (SARIF lists them all, so that rule indexes are stable).
    pub rules: &'static [RuleMeta],
    /// Facts about the run.
    pub run: RunInfo,
}

/// Facts about the run that some formats record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunInfo {
    /// plumb's version.
    pub version: String,
    /// The command line, as typed.
    pub command_line: String,
    /// The repository root (or working directory) as a `file://` URI ending in `/`. Finding
    /// paths are relative to it after [`RunInfo::path_prefix`] is prepended.
    pub root_uri: Option<String>,
    /// What turns a finding's path (relative to the working directory) into a path relative to
    /// the root: the working directory relative to the root, with a trailing `/`, or empty.
    pub path_prefix: String,
    /// The exit code the run ends with.
    pub exit_code: i32,
}

impl RunInfo {
    /// A finding's path relative to the root, `/`-separated (absolute paths stay absolute).
    pub fn root_relative(&self, path: &str) -> String {
        if path.starts_with('/') || self.path_prefix.is_empty() {
            return path.to_owned();
        }
        let mut joined = String::with_capacity(self.path_prefix.len() + path.len());
        joined.push_str(&self.path_prefix);
        joined.push_str(path);
        // `sub/../x.rs` is `x.rs`.
        let mut parts: Vec<&str> = Vec::new();
        for part in joined.split('/') {
            match part {
                ".." if parts.last().is_some_and(|p| *p != "..") => {
                    parts.pop();
                }
                "." | "" => {}
                other => parts.push(other),
            }
        }
        parts.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::RunInfo;

    #[test]
    fn root_relative_paths() {
        let run = RunInfo { path_prefix: "sub/dir/".into(), ..RunInfo::default() };
        assert_eq!(run.root_relative("src/a.rs"), "sub/dir/src/a.rs");
        assert_eq!(run.root_relative("../b.rs"), "sub/b.rs");
        assert_eq!(run.root_relative("/abs/c.rs"), "/abs/c.rs");
        assert_eq!(RunInfo::default().root_relative("src/a.rs"), "src/a.rs");
    }
}
