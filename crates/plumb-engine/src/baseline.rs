//! Baselines: `plumb baseline` records the current findings; `plumb check --baseline` reports
//! only findings that are new, or worse than recorded.

use std::path::{Path, PathBuf};

use plumb_check::baseline::{Baseline, Stats};
use plumb_report::Report;
use plumb_report::text::plural;

use crate::discover::{display_path, root_key};
use crate::error::{Context as _, Error, ErrorKind, Notice, bail};
use crate::workspace::Workspace;

/// Where baseline paths are relative to: the repository root (the nearest directory with
/// `.git`), or outside a repository the working directory. Findings' fingerprints are computed
/// over the same paths, so a baseline matches from any directory of the repository.
struct Keys {
    cwd: PathBuf,
    root: PathBuf,
}

impl Keys {
    fn of(ws: &Workspace) -> Self {
        Self { cwd: ws.cwd().to_owned(), root: ws.root().to_owned() }
    }

    /// A path as shown (relative to the working directory, or absolute) relative to the root.
    fn key(&self, shown: &str) -> String {
        root_key(shown, &self.cwd, &self.root)
    }

    /// Where baseline paths are relative to, and what to do when they name nothing there.
    fn explain_root(&self) -> (String, &'static str) {
        if crate::discover::is_repository_root(&self.root) {
            (
                format!(
                    "the repository root `{}`, which baseline paths are relative to",
                    self.root.display()
                ),
                "it was written in another repository, or by a plumb that recorded paths relative to the \
                 working directory: write it again with `plumb baseline`",
            )
        } else {
            (
                format!(
                    "the working directory `{}`, which baseline paths are relative to outside a git \
                     repository",
                    self.root.display()
                ),
                "run plumb from the directory `plumb baseline` ran in, or write it again",
            )
        }
    }
}

/// Removes from `report` the findings recorded in the baseline at `path`; returns lines that
/// say what was filtered, for the human summary, and a warning when no entry of the baseline
/// can match. A relative `path` that is not in the workspace's directory is looked for at the
/// repository root.
pub fn retain_new(
    ws: &Workspace,
    report: &mut Report,
    path: &Path,
) -> Result<(Vec<String>, Vec<Notice>), Error> {
    let keys = Keys::of(ws);
    let located = locate(path, &keys)?;
    let name = display_path(&located, &keys.cwd);
    let text = std::fs::read_to_string(&located)
        .with_context(ErrorKind::Baseline, || format!("cannot read the baseline `{name}`"))?;
    let baseline = Baseline::parse(&text)
        .with_context(ErrorKind::Baseline, || format!("cannot use the baseline `{name}`"))?;
    let findings = std::mem::take(&mut report.findings);
    let analysed: Vec<String> = report.files.iter().map(|file| keys.key(&file.path)).collect();
    let (kept, stats) = baseline.filter(findings, analysed.iter().map(String::as_str));
    report.findings = kept;
    let mut notices = Vec::new();
    if stats.baselined == 0
        && let Some(warning) = unmatched(&baseline, &keys, &name)
    {
        notices.push(Notice::Warning(warning));
    }
    Ok((vec![summary(stats)], notices))
}

/// The baseline file `path` names: as given when it exists (or is absolute), else at the root.
fn locate(path: &Path, keys: &Keys) -> Result<PathBuf, Error> {
    if path.is_absolute() || keys.cwd.join(path).exists() {
        return Ok(keys.cwd.join(path));
    }
    let at_root = keys.root.join(path);
    if at_root.exists() {
        return Ok(at_root);
    }
    let shown = path.display();
    if keys.root == keys.cwd {
        bail!(
            Baseline,
            "the baseline `{shown}` does not exist (write it with `plumb baseline --output {shown}`)"
        );
    }
    bail!(
        Baseline,
        "the baseline `{shown}` does not exist here or at the repository root `{}` (write it with \
         `plumb baseline --output {shown}`)",
        keys.root.display()
    )
}

/// Why no entry of a baseline can match: none of its paths names a file under the root.
fn unmatched(baseline: &Baseline, keys: &Keys, name: &str) -> Option<String> {
    if baseline.entries.is_empty()
        || baseline.entries.iter().any(|entry| keys.root.join(&entry.path).is_file())
    {
        return None;
    }
    let mut paths: Vec<&str> = baseline.entries.iter().map(|entry| entry.path.as_str()).collect();
    paths.dedup();
    let shown: Vec<String> = paths.iter().take(3).map(|path| format!("`{path}`")).collect();
    let more = if paths.len() > 3 { format!(" and {} more", paths.len() - 3) } else { String::new() };
    let (root, advice) = keys.explain_root();
    Some(format!(
        "no finding matched the baseline `{name}`: none of its paths ({}{more}) names a file under \
         {root}; {advice}",
        shown.join(", ")
    ))
}

/// `12 findings baselined, 1 finding worse than the baseline, 2 baseline entries fixed (...)`.
fn summary(stats: Stats) -> String {
    let mut parts = vec![format!("{} baselined", plural(stats.baselined, "finding", "findings"))];
    if stats.worse > 0 {
        parts.push(format!("{} worse than the baseline", plural(stats.worse, "finding", "findings")));
    }
    if stats.fixed > 0 {
        let them = if stats.fixed == 1 { "it" } else { "them" };
        parts.push(format!(
            "{} fixed (remove {them} with `plumb baseline`)",
            plural(stats.fixed, "baseline entry", "baseline entries")
        ));
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_lines() {
        let line = |baselined, worse, fixed| summary(Stats { baselined, worse, fixed });
        assert_eq!(line(0, 0, 0), "0 findings baselined");
        assert_eq!(line(1, 0, 0), "1 finding baselined");
        assert_eq!(
            line(12, 0, 2),
            "12 findings baselined, 2 baseline entries fixed (remove them with `plumb baseline`)"
        );
        assert_eq!(
            line(3, 1, 1),
            "3 findings baselined, 1 finding worse than the baseline, 1 baseline entry fixed \
             (remove it with `plumb baseline`)"
        );
    }
}
