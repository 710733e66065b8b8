//! The subcommands.

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use plumb_check::RuleId;
use plumb_report::{FunctionReport, Level, Report, RunInfo, Summary, render};

use crate::cli::{CheckArgs, CheckFormat, ConfigArgs, MetricsArgs, MetricsFormat, RuleFlags, SortKey};
use crate::destination::Destination;
use crate::output;
use crate::run::run;
use crate::{FINDINGS, SUCCESS};
use crate::{baseline, changes};

/// `plumb check`.
pub(crate) fn check(args: &CheckArgs) -> Result<u8> {
    // Fail on an unwritable --output before doing any work.
    let mut out = Destination::open(args.output.as_deref(), args.input.color)?;
    let changed = changes::Changed::load(args)?;
    let only = |file: &Path| changed.as_ref().is_none_or(|changed| changed.touches(file));
    let run = run(&args.input, &args.rules, args.format == CheckFormat::Human, &only)?;
    let mut report = run.report;
    // Drop the findings the baseline records (against every finding, so that only entries that
    // really went away count as fixed), then narrow to the change under review.
    let mut notes = Vec::new();
    if let Some(path) = &args.baseline {
        notes.extend(baseline::retain_new(&mut report, path)?);
    }
    if let Some(changed) = &changed {
        notes.extend(changes::retain_changed(&mut report, changed));
    }
    report.summary = crate::run::summarize(&report);
    let code = exit_code(&report.summary, args);
    report.rules = plumb_check::RULES;
    report.run = run_info(i32::from(code))?;
    output::problems(&report.problems, args.input.color);
    match args.format {
        CheckFormat::Human => {
            let options = render::human::Options { verbose: args.verbose };
            render::human::render(&report, &run.sources, options, &mut out)?;
            if !args.no_summary {
                output::summary(&mut out, &report.summary, run.elapsed.as_secs_f64())?;
                for note in &notes {
                    writeln!(out, "{note}")?;
                }
            }
        }
        CheckFormat::Short => render::short::render(&report, &mut out)?,
        CheckFormat::Json => render::json::render(&report, &mut out)?,
        CheckFormat::Sarif => render::sarif::render(&report, &mut out)?,
        CheckFormat::Github => {
            render::github::render(&report, &mut out)?;
            github_step_summary(&report);
        }
        CheckFormat::Gitlab => render::gitlab::render(&report, &mut out)?,
        CheckFormat::Checkstyle => render::checkstyle::render(&report, &mut out)?,
        CheckFormat::Junit => render::junit::render(&report, &mut out)?,
        CheckFormat::Markdown => render::markdown::render(&report, &mut out)?,
    }
    out.finish()?;
    Ok(code)
}

/// 0, or 1 for error-level findings or more warnings than allowed; `--exit-zero` makes it 0.
fn exit_code(summary: &Summary, args: &CheckArgs) -> u8 {
    let too_many_warnings = args.max_warnings.is_some_and(|max| summary.warnings > max);
    if !args.exit_zero && (summary.errors > 0 || too_many_warnings) { FINDINGS } else { SUCCESS }
}

/// Appends the Markdown summary to the job summary file GitHub Actions provides.
fn github_step_summary(report: &Report) {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else { return };
    let result = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(&path)
        .and_then(|mut file| render::markdown::render(report, &mut file));
    if let Err(error) = result {
        output::warning(&format!(
            "cannot write the job summary to `{}`: {error}",
            Path::new(&path).display()
        ));
    }
}

/// The facts SARIF and the CI formats record: version, command line, and the repository root
/// that paths are made relative to (the nearest ancestor with `.git`, else the working directory).
fn run_info(exit_code: i32) -> Result<RunInfo> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let root = cwd.ancestors().find(|dir| dir.join(".git").exists()).unwrap_or(&cwd).to_path_buf();
    let prefix = cwd.strip_prefix(&root).map(Path::to_path_buf).unwrap_or_default();
    let path_prefix = crate::discover::display_path(&prefix, Path::new(""));
    let path_prefix = if path_prefix == "." { String::new() } else { format!("{path_prefix}/") };
    let command_line = std::env::args().map(|arg| shell_word(&arg)).collect::<Vec<_>>().join(" ");
    Ok(RunInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        command_line,
        root_uri: Some(file_uri(&root)),
        path_prefix,
        exit_code,
    })
}

/// `file:///abs/dir/`, percent-encoded, with the trailing slash SARIF requires.
fn file_uri(dir: &Path) -> String {
    let mut uri = String::from("file://");
    let path: PathBuf = dir.components().collect();
    for byte in path.to_string_lossy().bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            let _ = write!(uri, "%{byte:02X}");
        }
    }
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// An argument as a shell would need it typed.
fn shell_word(arg: &str) -> String {
    let plain =
        !arg.is_empty() && arg.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_./=:,+@%".contains(&b));
    if plain { arg.to_owned() } else { format!("'{}'", arg.replace('\'', r"'\''")) }
}

/// `plumb metrics`.
pub(crate) fn metrics(args: &MetricsArgs) -> Result<u8> {
    let run = run(&args.input, &RuleFlags::default(), false, &|_| true)?;
    let report = &run.report;
    output::problems(&report.problems, args.input.color);
    let mut worst: Vec<(&str, &FunctionReport)> = report
        .files
        .iter()
        .flat_map(|file| file.functions.iter().map(move |f| (file.path.as_str(), f)))
        .collect();
    let key = |f: &FunctionReport| match args.sort {
        SortKey::Cyclomatic => (f.cyclomatic, f.cognitive),
        SortKey::Cognitive => (f.cognitive, f.cyclomatic),
        SortKey::Code => (f.code, f.cyclomatic),
        SortKey::Params => (f.params, f.cyclomatic),
    };
    // Stable: ties keep path and position order.
    worst.sort_by_key(|(_, f)| std::cmp::Reverse(key(f)));
    worst.truncate(args.top);
    let languages = crate::tables::languages(report);
    let mut out = output::stdout(args.input.color);
    match args.format {
        MetricsFormat::Human => crate::tables::write_human(&mut out, &worst, &languages, args.sort)?,
        MetricsFormat::Json => crate::tables::write_json(&mut out, &worst, &languages)?,
    }
    out.flush()?;
    Ok(SUCCESS)
}

/// `plumb config --show [PATH]`: the configuration file that applies, and the settings it
/// gives, as TOML that could be pasted into `plumb.toml`.
pub(crate) fn show_config(args: &ConfigArgs) -> Result<u8> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let path = crate::discover::absolute(&cwd, &args.path);
    if !path.exists() {
        anyhow::bail!("cannot read `{}`: no such file or directory", args.path.display());
    }
    // A directory's configuration is that of a file directly inside it.
    let probe = if path.is_dir() { path.join("_") } else { path.clone() };
    let config = crate::config::Configs::new().for_file(&probe)?;
    let settings = crate::run::settings_for(config.as_deref(), &probe, &args.rules);
    let mut out = output::stdout(crate::cli::Color::Never);
    writeln!(out, "# plumb configuration for {}", crate::discover::display_path(&args.path, Path::new("")))?;
    match &config {
        Some(config) => {
            writeln!(out, "# read from {}", crate::discover::display_path(&config.path, &cwd))?;
            let overrides = config.matching_overrides(&probe);
            if !overrides.is_empty() {
                writeln!(out, "# with the overrides for {}", overrides.join(", "))?;
            }
        }
        None => writeln!(out, "# no configuration file applies; these are the defaults")?,
    }
    let max_file_size = config.as_ref().and_then(|c| c.max_file_size).unwrap_or(crate::run::MAX_FILE_SIZE);
    writeln!(out, "max-file-size = {max_file_size}")?;
    for rule in RuleId::ALL {
        let setting = settings.rule(rule);
        let level = setting.level.map_or("off", |level| match level {
            Level::Error => "error",
            Level::Warning => "warn",
            Level::Note => "note",
        });
        writeln!(out, "\n[rules.{}]\nlevel = \"{level}\"", rule.id())?;
        if let Some(threshold) = setting.threshold {
            writeln!(out, "threshold = {threshold}")?;
        }
    }
    out.flush()?;
    Ok(SUCCESS)
}

/// `plumb rules`: one line per rule.
pub(crate) fn rules() -> Result<u8> {
    let mut out = output::stdout(crate::cli::Color::Never);
    let width = plumb_check::RULES.iter().map(|rule| rule.id.len()).max().unwrap_or(0);
    for rule in plumb_check::RULES {
        let default = match rule.default_threshold {
            Some(threshold) => format!("{} above {threshold}", rule.default_level.as_str()),
            None => rule.default_level.as_str().to_owned(),
        };
        writeln!(out, "{:<width$}  {default:<18}  {}", rule.id, rule.summary)?;
    }
    out.flush()?;
    Ok(SUCCESS)
}

/// `plumb explain RULE`: the rule's documentation.
pub(crate) fn explain(id: &str) -> Result<u8> {
    let Some(rule) = RuleId::from_id(id) else {
        let known: Vec<&str> = plumb_check::RULES.iter().map(|rule| rule.id).collect();
        anyhow::bail!("`{id}` is not a rule; the rules are: {}", known.join(", "));
    };
    let meta = rule.meta();
    let mut out = output::stdout(crate::cli::Color::Never);
    writeln!(out, "# {}\n\n{}.\n\n{}", meta.id, meta.summary, meta.explanation)?;
    out.flush()?;
    Ok(SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_are_percent_encoded_with_a_trailing_slash() {
        assert_eq!(file_uri(Path::new("/home/me/my repo#1")), "file:///home/me/my%20repo%231/");
        assert_eq!(file_uri(Path::new("/")), "file:///");
    }

    #[test]
    fn shell_words() {
        assert_eq!(shell_word("--format=sarif"), "--format=sarif");
        assert_eq!(shell_word("my file.py"), "'my file.py'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
    }
}
