//! `plumb config --show`: the configuration that applies to a file or directory.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use plumb_check::RuleId;
use plumb_report::Level;

use crate::ExitStatus;
use crate::cli::ConfigArgs;
use crate::commands::workspace;
use crate::output;

/// `plumb config --show [PATH]`: the configuration file that applies, and the settings it
/// gives, as TOML that could be pasted into `plumb.toml`.
pub(crate) fn run(args: &ConfigArgs) -> Result<ExitStatus> {
    let ws = workspace()?;
    let path = plumb_engine::absolute(ws.cwd(), &args.path);
    if !path.exists() {
        anyhow::bail!("cannot read `{}`: no such file or directory", args.path.display());
    }
    // A directory's configuration is that of a file directly inside it.
    let probe = if path.is_dir() { path.join("_") } else { path.clone() };
    let config = ws.config_for(&probe)?;
    let settings = ws.settings_for(&probe, &args.rules.overrides())?;
    let mut out = output::stdout(crate::cli::Color::Never);
    writeln!(out, "# plumb configuration for {}", plumb_engine::display_path(&args.path, Path::new("")))?;
    match &config {
        Some(config) => {
            writeln!(out, "# read from {}", ws.display_path(&config.path))?;
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
    let max_file_size = config.as_ref().and_then(|c| c.max_file_size).unwrap_or(plumb_engine::MAX_FILE_SIZE);
    writeln!(out, "max-file-size = {max_file_size}")?;
    for rule in RuleId::ALL {
        write_rule(&mut out, &settings, rule)?;
    }
    out.flush()?;
    Ok(ExitStatus::Success)
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
