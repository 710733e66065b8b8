//! `defect-density`: folders with more defects per 1,000 lines of code than a maximum, from
//! the fix commits of git history. A project gate: off by default, run by `plumb defects`.

use plumb_report::{Finding, Level, Measure, Position, RuleMeta, Span};

use crate::{RuleId, Settings, new_finding};
use crate::registry::Rule;

pub(crate) const META: RuleMeta = RuleMeta {
    id: "defect-density",
    summary: "Folder has too many defects per 1,000 lines of code",
    default_level: Level::Error,
    default_threshold: Some(1.0),
    explanation: "\
## What it measures

The defect density of each folder: its distinct defects in the history window (12 months by
default) per 1,000 lines of code (KLOC) at the working tree. A defect is a fix commit, told
from its message (keywords, Conventional Commits `fix:`, `Fixes: #12` trailers, ids of an
imported Jira or GitHub defect list), or the issue that several fix commits name; a folder's
defects are those of the files directly inside it, each counted once. `plumb defects` shows
the numbers, with a 90% interval for each density; see docs/history.md.

## Why it matters

Defects cluster: a few modules hold most of them, and a module that needed many fixes will
likely need more. The industry guides behind this project call fewer than 1 defect per KLOC
good and more than 10 bad.

## Example

A folder `src/parser` of 2,400 lines of code whose files were changed by 6 distinct fix commits
in the last 12 months has a density of 2.5 per KLOC: `src/parser` has 2.50 defects per KLOC
(> 1), and the note gives the 90% interval, 1.09 to 4.93.

Folders under the minimum size (`--min-code`, 200 lines of code by default) are not checked:
one fix in 50 lines would be 20 per KLOC.

Code-scanning tools show a finding on a file, so the finding about a folder is placed on line 1
of the folder's file with the most defects (the first by path among equals); its message names
the folder.

## What to do

Read the fix commits of the folder (`git log --since='12 months ago' -- FOLDER`) for a common
cause; add tests where the fixes cluster; simplify the hotspots (`plumb hotspots`) among its
files.

## Default

Off. `plumb defects --gate` turns it on as an error above 1 defect per KLOC (set the maximum
with `--max-density`), and so does a level in `plumb.toml`:

```toml
[rules.defect-density]
level = \"error\"
threshold = 1.0
```

Then `plumb defects` exits 1 when a folder is above the maximum.",
};

pub(crate) const RULE: Rule = Rule { on_by_default: false, ..Rule::new(META) };

/// A folder's defect density, as the history gives it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FolderDensity<'a> {
    /// The folder, as shown (`src/parser`, `.`).
    pub folder: &'a str,
    /// The file of the folder the finding is placed on (code-scanning tools show findings on
    /// files, not folders): the one with the most defects.
    pub file: &'a str,
    /// That file's defects.
    pub file_defects: u32,
    /// Its distinct defects.
    pub defects: u32,
    /// Its lines of code.
    pub code: u64,
    /// Defects per 1,000 lines of code.
    pub density: f64,
    /// The 90% interval of the density.
    pub interval: (f64, f64),
}

/// The folders above the maximum, when the rule is on. Pass only the folders large enough to
/// be ranked.
pub fn folder_findings<'a>(
    folders: impl IntoIterator<Item = FolderDensity<'a>>,
    settings: &Settings,
) -> Vec<Finding> {
    let setting = settings.rule(RuleId::DefectDensity);
    let (Some(level), Some(max)) = (setting.level, setting.threshold) else { return Vec::new() };
    folders
        .into_iter()
        .filter(|folder| folder.density > max)
        .map(|folder| finding(&folder, level, max))
        .collect()
}

fn finding(folder: &FolderDensity<'_>, level: Level, max: f64) -> Finding {
    let start = Position { byte: 0, line: 1, column: 1, utf16_column: 1 };
    let mut finding = new_finding(
        META.id,
        level,
        folder.file,
        Span { start, end: start },
        format!("`{}` has {:.2} defects per KLOC (> {max})", folder.folder, folder.density),
        None,
    );
    finding.label = Some(format!("{} defects in {} lines of code", folder.defects, folder.code));
    finding.measure = Some(Measure { value: folder.density, threshold: max });
    finding.notes.push(format!(
        "{} defects in {} lines of code; 90% interval of the density: {:.2} to {:.2}",
        folder.defects, folder.code, folder.interval.0, folder.interval.1
    ));
    finding.notes.push(format!(
        "shown on `{}`, the file of `{}` with the most defects ({})",
        folder.file, folder.folder, folder.file_defects
    ));
    finding.help = Some("`plumb defects` lists the files and fix commits behind it".to_owned());
    finding
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(name: &str, defects: u32, code: u64) -> FolderDensity<'_> {
        #[allow(clippy::cast_precision_loss)]
        let density = f64::from(defects) / (code as f64 / 1000.0);
        FolderDensity {
            folder: name,
            file: "x.rs",
            file_defects: 1,
            defects,
            code,
            density,
            interval: (0.5, 4.0),
        }
    }

    #[test]
    fn off_by_default_and_above_the_maximum_when_on() {
        let folders = [folder("src/parser", 6, 2400), folder("src", 1, 1000), folder("lib", 3, 4000)];
        assert!(folder_findings(folders, &Settings::default()).is_empty());
        let mut settings = Settings::default();
        settings.set_level(RuleId::DefectDensity, Some(Level::Error));
        let findings = folder_findings(folders, &settings);
        // 2.5 > 1; exactly 1.0 is not above; 0.75 is under.
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].message, "`src/parser` has 2.50 defects per KLOC (> 1)");
        assert_eq!(findings[0].path, "x.rs");
        assert_eq!(
            findings[0].notes[1],
            "shown on `x.rs`, the file of `src/parser` with the most defects (1)"
        );
        assert_eq!(findings[0].measure, Some(Measure { value: 2.5, threshold: 1.0 }));
        settings.set_threshold(RuleId::DefectDensity, 0.5);
        assert_eq!(folder_findings(folders, &settings).len(), 3);
    }
}
