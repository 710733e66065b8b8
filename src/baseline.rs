//! Baselines: `plumb baseline` records the current findings; `plumb check --baseline` reports
//! only findings that are new, or worse than recorded.

use std::io::Write as _;
use std::path::Path;

use anyhow::{Context as _, Result};
use plumb_check::baseline::{Baseline, Stats};
use plumb_report::Report;

use crate::SUCCESS;
use crate::cli::BaselineArgs;
use crate::destination::Destination;
use crate::output;
use crate::run::run;

/// `plumb baseline`: writes the findings of the paths to `args.output`.
pub(crate) fn write(args: &BaselineArgs) -> Result<u8> {
    // Fail on an unwritable output before doing any work; the file is replaced only once the
    // baseline is complete.
    let mut out = Destination::open(Some(&args.output), args.input.color)?;
    let run = run(&args.input, &args.rules, false, &|_| true, None)?;
    out.refuse_analysed(run.report.files.iter().map(|file| file.path.as_str()))?;
    output::problems(&run.report.problems, args.input.color);
    let baseline = Baseline::from_findings(&run.report.findings);
    out.write_all(baseline.to_json().as_bytes())
        .with_context(|| format!("cannot write `{}`", args.output.display()))?;
    out.finish()?;
    output::status(&format!(
        "wrote {} to {}",
        plural(baseline.entries.len(), "finding", "findings"),
        args.output.display()
    ));
    Ok(SUCCESS)
}

/// Removes from `report` the findings recorded in the baseline at `path`; returns lines that
/// say what was filtered, for the human summary.
pub(crate) fn retain_new(report: &mut Report, path: &Path) -> Result<Vec<String>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => anyhow::bail!(
            "the baseline `{0}` does not exist (write it with `plumb baseline --output {0}`)",
            path.display()
        ),
        Err(error) => {
            return Err(error).with_context(|| format!("cannot read the baseline `{}`", path.display()));
        }
    };
    let baseline =
        Baseline::parse(&text).with_context(|| format!("cannot use the baseline `{}`", path.display()))?;
    let findings = std::mem::take(&mut report.findings);
    let (kept, stats) = baseline.filter(findings, report.files.iter().map(|file| file.path.as_str()));
    report.findings = kept;
    Ok(vec![summary(stats)])
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

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
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
