//! The subcommands.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use plumb_check::RuleId;
use plumb_report::{FunctionReport, Level, Report, RunInfo, Summary, render};

use crate::cli::{CheckArgs, CheckFormat, ConfigArgs, MetricsArgs, MetricsFormat, RuleFlags, SortKey};
use crate::coverage::{Reports, RunCoverage};
use crate::destination::Destination;
use crate::output;
use crate::run::run;
use crate::{FINDINGS, SUCCESS};
use crate::{baseline, changes};

/// `plumb check`.
pub(crate) fn check(args: &CheckArgs) -> Result<u8> {
    refuse_history_without_json(args)?;
    // Fail on an unwritable --output before doing any work.
    let mut out = Destination::open(args.output.as_deref(), args.input.color)?;
    let changed = changes::Changed::load(args)?;
    let reports = Reports::load(&args.coverage)?;
    let only = |file: &Path| changed.as_ref().is_none_or(|changed| changed.touches(file));
    let run = run(&args.input, &args.rules, args.format == CheckFormat::Human, &only, reports)?;
    crate::run::refuse_empty(&run, &args.input, args.empty.allow_empty)?;
    out.refuse_analysed(run.report.files.iter().map(|file| file.path.as_str()))?;
    let mut report = run.report;
    // Drop the findings the baseline records (against every finding, so that only entries that
    // really went away count as fixed), then narrow to the change under review.
    let mut notes = Vec::new();
    if let Some(path) = &args.baseline {
        notes.extend(baseline::retain_new(&mut report, path)?);
    }
    // The run-wide coverage gates are not baselined; the changed-code filter keeps them.
    if let Some(coverage) = &run.coverage {
        coverage_gates(&mut report, coverage, changed.as_ref(), &args.rules)?;
    }
    if let Some(changed) = &changed {
        notes.extend(changes::retain_changed(&mut report, changed));
    }
    if args.history {
        crate::history::attach(&mut report)?;
    }
    report.summary = crate::run::summarize(&report);
    let code = exit_code(&report.summary, args);
    report.rules = plumb_check::RULES;
    report.run = run_info(i32::from(code))?;
    report.run.warnings_fail = warnings_fail(&report.summary, args);
    if args.no_increments {
        for function in report.files.iter_mut().flat_map(|file| &mut file.functions) {
            function.increments = None;
        }
    }
    output::problems(&report.problems, args.input.color);
    sarif_limits(args.format, &report);
    match machine_renderer(args.format) {
        Some(render) => render(&report, &mut out)?,
        None => write_human(args, &mut report, run.sources, &notes, run.elapsed.as_secs_f64(), &mut out)?,
    }
    if args.format == CheckFormat::Github {
        github_step_summary(&report);
    }
    out.finish()?;
    Ok(code)
}

/// The coverage totals of the run and its project-wide gates: project line coverage, or in
/// changed-code mode the coverage of the changed lines.
fn coverage_gates(
    report: &mut Report,
    coverage: &RunCoverage,
    changed: Option<&changes::Changed>,
    flags: &RuleFlags,
) -> Result<()> {
    coverage.check_joined(&report.files, changed.is_some())?;
    let mut summary = plumb_check::coverage::summarize(
        &report.files,
        coverage.reports.clone(),
        coverage.unresolved.clone(),
    );
    let settings = project_settings(flags)?;
    if let Some(changed) = changed {
        let minimum = settings.rule(RuleId::ChangedCoverage).threshold.unwrap_or(0.0);
        let files = report.files.iter().filter_map(|file| {
            let covered = coverage.files.get(&file.path)?;
            Some((file.path.as_str(), covered.as_ref(), changed.lines_of(&file.path)))
        });
        summary.changed = Some(plumb_check::coverage::changed(files, minimum));
    }
    let file_coverage = |path: &str| coverage.files.get(path).map(AsRef::as_ref);
    let at = plumb_check::coverage::most_uncovered(&report.files, &file_coverage);
    let findings = plumb_check::coverage::project_findings(&summary, &settings, at);
    report.findings.extend(findings);
    report.findings.sort_by(|a, b| (&a.path, a.span.start, a.rule).cmp(&(&b.path, b.span.start, b.rule)));
    report.coverage = Some(summary);
    Ok(())
}

/// Run-wide findings (the project's and the changed lines' coverage) are made after analysis,
/// which kept only the text of files with findings of their own, and know only a line: read
/// their files, and place them at the line's first byte, for the snippet.
fn sources_for_run_findings(
    report: &mut Report,
    mut sources: HashMap<String, String>,
) -> HashMap<String, String> {
    for finding in &mut report.findings {
        if finding.span.start.byte != 0 {
            continue;
        }
        if !sources.contains_key(&finding.path) && report.files.iter().any(|file| file.path == finding.path) {
            let Ok(text) = std::fs::read_to_string(&finding.path) else { continue };
            sources.insert(finding.path.clone(), text);
        }
        let Some(text) = sources.get(&finding.path) else { continue };
        let line = finding.span.start.line as usize;
        if line <= 1 {
            continue;
        }
        if let Some((at, _)) = text.match_indices('\n').nth(line - 2) {
            finding.span.start.byte = u32::try_from(at + 1).unwrap_or(u32::MAX);
            finding.span.end = finding.span.start;
        }
    }
    sources
}

/// The settings of the working directory's configuration and the command line: what
/// project-wide gates use.
fn project_settings(flags: &RuleFlags) -> Result<plumb_check::Settings> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let probe = cwd.join("_");
    let config = crate::config::Configs::new().for_file(&probe)?;
    Ok(crate::run::settings_for(config.as_deref(), &probe, flags))
}

/// A renderer of a machine-readable format.
type Renderer = fn(&Report, &mut dyn Write) -> std::io::Result<()>;

/// A format's renderer; `None` for the human format, which also needs the sources.
fn machine_renderer(format: CheckFormat) -> Option<Renderer> {
    Some(match format {
        CheckFormat::Human => return None,
        CheckFormat::Short => render::short::render,
        CheckFormat::Json => render::json::render,
        CheckFormat::Sarif => render::sarif::render,
        CheckFormat::Github => render::github::render,
        CheckFormat::Gitlab => render::gitlab::render,
        CheckFormat::Checkstyle => render::checkstyle::render,
        CheckFormat::Junit => render::junit::render,
        CheckFormat::Markdown => render::markdown::render,
    })
}

/// The human output: diagnostics with snippets, then the summary line and the filters' notes.
fn write_human(
    args: &CheckArgs,
    report: &mut Report,
    sources: HashMap<String, String>,
    notes: &[String],
    seconds: f64,
    out: &mut Destination,
) -> Result<()> {
    let options = render::human::Options { verbose: args.verbose };
    let sources = sources_for_run_findings(report, sources);
    render::human::render(report, &sources, options, out)?;
    if !args.no_summary {
        output::summary(out, &report.summary, report.coverage.as_ref(), seconds)?;
        for note in notes {
            writeln!(out, "{note}")?;
        }
    }
    Ok(())
}

/// 0, or 1 for error-level findings or more warnings than allowed; `--exit-zero` makes it 0.
fn exit_code(summary: &Summary, args: &CheckArgs) -> u8 {
    if !args.exit_zero && (summary.errors > 0 || too_many_warnings(summary, args)) {
        FINDINGS
    } else {
        SUCCESS
    }
}

/// Whether there are more warnings than `--max-warnings` allows.
fn too_many_warnings(summary: &Summary, args: &CheckArgs) -> bool {
    args.max_warnings.is_some_and(|max| summary.warnings > max)
}

/// Whether the warnings fail the run (JUnit makes them failures then).
fn warnings_fail(summary: &Summary, args: &CheckArgs) -> bool {
    !args.exit_zero && too_many_warnings(summary, args)
}

/// `--history` adds to the JSON report only: with another format it would do nothing.
fn refuse_history_without_json(args: &CheckArgs) -> Result<()> {
    if args.history && args.format != CheckFormat::Json {
        anyhow::bail!(
            "--history adds each file's git history to the JSON report, and nothing to the {} format: \
             use it with --format json",
            format_name(args.format)
        );
    }
    Ok(())
}

/// `json`, `sarif`: a format as `--format` names it.
fn format_name(format: CheckFormat) -> String {
    use clap::ValueEnum as _;
    format.to_possible_value().map_or_else(String::new, |value| value.get_name().to_owned())
}

/// With SARIF, says on standard error what its limits leave out of the log (the log says it
/// too).
fn sarif_limits(format: CheckFormat, report: &Report) {
    if format != CheckFormat::Sarif {
        return;
    }
    let limits = render::sarif::Limits::of(report);
    if limits.results_left_out() > 0 {
        output::warning(&format!(
            "SARIF allows {} results per run: {} are left out of the log ({}); errors are kept first",
            render::sarif::MAX_RESULTS,
            limits.results_left_out(),
            limits.describe_left_out()
        ));
    }
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
pub(crate) fn run_info(exit_code: i32) -> Result<RunInfo> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let root = crate::discover::repo_root(&cwd);
    let prefix = cwd.strip_prefix(&root).map(Path::to_path_buf).unwrap_or_default();
    let path_prefix = crate::discover::display_path(&prefix, Path::new(""));
    let path_prefix = if path_prefix == "." { String::new() } else { format!("{path_prefix}/") };
    // Arguments need not be UTF-8 (a file name): `args()` would panic on them.
    let command_line =
        std::env::args_os().map(|arg| shell_word(&arg.to_string_lossy())).collect::<Vec<_>>().join(" ");
    Ok(RunInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        command_line,
        root_uri: Some(file_uri(&root)),
        path_prefix,
        exit_code,
        warnings_fail: false,
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
    let run = run(&args.input, &RuleFlags::default(), false, &|_| true, None)?;
    crate::run::refuse_empty(&run, &args.input, args.empty.allow_empty)?;
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
    crate::cli::keep_top(&mut worst, args.top);
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
    if let Some(why) = config.as_ref().filter(|_| !path.is_dir()).and_then(|config| config.exclusion(&probe))
    {
        writeln!(
            out,
            "# excluded: {why}, so plumb does not analyse this file; these settings would apply to it"
        )?;
    }
    let max_file_size = config.as_ref().and_then(|c| c.max_file_size).unwrap_or(crate::run::MAX_FILE_SIZE);
    writeln!(out, "max-file-size = {max_file_size}")?;
    for rule in RuleId::ALL {
        write_rule(&mut out, &settings, rule)?;
    }
    out.flush()?;
    Ok(SUCCESS)
}

/// One rule's `[rules.RULE]` table as `plumb config --show` prints it.
fn write_rule(out: &mut impl Write, settings: &plumb_check::Settings, rule: RuleId) -> Result<()> {
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
    if let (Some(parameter), Some(value)) = (rule.parameter(), setting.parameter) {
        writeln!(out, "{} = {value}", parameter.key)?;
    }
    for (key, value) in settings.options(rule) {
        writeln!(out, "{key} = {value}")?;
    }
    Ok(())
}

/// `plumb rules`: one line per rule.
pub(crate) fn rules() -> Result<u8> {
    let mut out = output::stdout(crate::cli::Color::Never);
    let width = plumb_check::RULES.iter().map(|rule| rule.id.len()).max().unwrap_or(0);
    for id in RuleId::ALL {
        let rule = id.meta();
        writeln!(out, "{:<width$}  {:<18}  {}", rule.id, id.default_text(), rule.summary)?;
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
