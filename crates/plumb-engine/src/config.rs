//! Configuration files: `plumb.toml`, `.plumb.toml`, or `[tool.plumb]` in `pyproject.toml`,
//! found from each analysed file's directory upward to the repository root. The nearest one
//! applies to the file (they are not merged).
//!
//! ```toml
//! max-file-size = "2M"
//! exclude = ["vendor/**", "**/generated/**"]
//!
//! [rules.cyclomatic-complexity]
//! level = "error"       # off, note, warn (or warning), error
//! threshold = 12
//! variant = "modified"  # counting options: see `RuleId::options`
//!
//! [languages]
//! pyx = "python"        # extra extensions
//!
//! [[overrides]]
//! paths = ["tests/**"]
//! rules.cyclomatic-complexity.threshold = 20
//!
//! [coverage]
//! path-map = [["/ci/build/", ""]]   # report path prefixes rewritten, in order
//! ```

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};
use plumb_check::{OptionInput, OptionSetting, OptionValue, RuleId, Settings};
use plumb_lang::Language;
use plumb_report::Level;
use serde::Deserialize;
use toml::Spanned;

use crate::discover::OpenError;
use crate::error::{Context as _, Error, ErrorKind, bail};

/// File names looked for in each directory, in order of preference.
const NAMES: [&str; 3] = ["plumb.toml", ".plumb.toml", "pyproject.toml"];

/// A configuration file that cannot be used: where, and why.
#[derive(Debug)]
pub struct ConfigError {
    /// The file.
    pub path: PathBuf,
    /// Its text.
    pub source: String,
    /// The bytes of the text that are wrong.
    pub span: Range<usize>,
    /// What is wrong with them.
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid configuration in `{}`: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for ConfigError {}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    max_file_size: Option<Spanned<Size>>,
    include: Option<Vec<Spanned<String>>>,
    exclude: Option<Vec<Spanned<String>>>,
    rules: Option<BTreeMap<Spanned<String>, RawRule>>,
    languages: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
    overrides: Option<Vec<RawOverride>>,
    coverage: Option<RawCoverage>,
    history: Option<RawHistory>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawCoverage {
    /// Report path prefixes rewritten before resolution, tried in order.
    path_map: Option<Vec<(String, String)>>,
}

/// `[history]`: the window and fix rules of `plumb defects`, `plumb hotspots` and
/// `plumb check --history`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawHistory {
    since: Option<Spanned<String>>,
    fix_presets: Option<Vec<Spanned<String>>>,
    fix_patterns: Option<Vec<Spanned<String>>>,
    exclude_patterns: Option<Vec<Spanned<String>>>,
    default_exclusions: Option<bool>,
    defects: Option<String>,
    min_code: Option<u32>,
}

/// The `[history]` settings, checked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HistoryConfig {
    /// Where the window starts (`12 months`, a tag).
    pub since: Option<String>,
    /// Fix presets; `None` for the defaults.
    pub fix_presets: Option<Vec<plumb_history::fixes::Preset>>,
    /// Custom fix patterns.
    pub fix_patterns: Vec<String>,
    /// More exclusions, matched against commit subjects.
    pub exclude_patterns: Vec<String>,
    /// Whether the default exclusions (typo, lint, CI, docs fixes) apply.
    pub default_exclusions: Option<bool>,
    /// A defect list, relative to the configuration file's directory.
    pub defects: Option<PathBuf>,
    /// The minimum code lines to rank a file or folder.
    pub min_code: Option<u32>,
}

impl HistoryConfig {
    fn parse(
        raw: Option<RawHistory>,
        dir: &Path,
        error: &dyn Fn(Range<usize>, String) -> ConfigError,
    ) -> Result<HistoryConfig, ConfigError> {
        use plumb_history::fixes::{FixOptions, FixRules, Preset};
        let Some(raw) = raw else { return Ok(HistoryConfig::default()) };
        if let Some(since) = &raw.since {
            plumb_history::log::Since::parse(since.get_ref())
                .map_err(|e| error(since.span(), e.to_string()))?;
        }
        let fix_presets = match &raw.fix_presets {
            None => None,
            Some(names) => Some(
                names
                    .iter()
                    .map(|name| {
                        Preset::from_id(name.get_ref()).ok_or_else(|| {
                            let known: Vec<&str> = Preset::ALL.iter().map(|p| p.id()).collect();
                            error(
                                name.span(),
                                format!("unknown fix preset; expected one of {}", known.join(", ")),
                            )
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()?,
            ),
        };
        let patterns = |patterns: &Option<Vec<Spanned<String>>>| -> Result<Vec<String>, ConfigError> {
            let mut checked = Vec::new();
            for pattern in patterns.iter().flatten() {
                let options =
                    FixOptions { patterns: vec![pattern.get_ref().clone()], ..FixOptions::default() };
                FixRules::new(&options, None).map_err(|e| error(pattern.span(), e.to_string()))?;
                checked.push(pattern.get_ref().clone());
            }
            Ok(checked)
        };
        Ok(HistoryConfig {
            since: raw.since.as_ref().map(|since| since.get_ref().clone()),
            fix_presets,
            fix_patterns: patterns(&raw.fix_patterns)?,
            exclude_patterns: patterns(&raw.exclude_patterns)?,
            default_exclusions: raw.default_exclusions,
            defects: raw.defects.map(|path| dir.join(path)),
            min_code: raw.min_code,
        })
    }
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Size {
    Bytes(u64),
    Text(String),
}

/// A `[rules.RULE]` table: its keys and values in the order written. Its `level` and
/// `threshold` are read here; the rule reads its other keys ([`RuleId::options`]).
#[derive(Debug, Default)]
struct RawRule(Vec<(Spanned<String>, Spanned<toml::Value>)>);

impl<'de> Deserialize<'de> for RawRule {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries;
        impl<'de> serde::de::Visitor<'de> for Entries {
            type Value = RawRule;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a table (`level`, `threshold`)")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<RawRule, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(RawRule(entries))
            }
        }
        deserializer.deserialize_map(Entries)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOverride {
    paths: Vec<Spanned<String>>,
    rules: Option<BTreeMap<Spanned<String>, RawRule>>,
}

#[derive(Debug, Deserialize)]
struct Pyproject {
    tool: Option<PyprojectTool>,
}

#[derive(Debug, Deserialize)]
struct PyprojectTool {
    plumb: Option<RawConfig>,
}

/// A configured level: off, or on at a level.
#[derive(Debug, Clone, Copy, PartialEq)]
enum LevelChange {
    Off,
    On(Level),
}

/// One rule's configured level, threshold and options (each may be left to the defaults).
#[derive(Debug, Clone, Default)]
struct RuleChange {
    level: Option<LevelChange>,
    threshold: Option<f64>,
    options: Vec<OptionSetting>,
}

/// An `[[overrides]]` entry: rule changes for the files its globs match.
#[derive(Debug)]
struct Override {
    globs: GlobSet,
    patterns: Vec<String>,
    changes: Vec<(RuleId, RuleChange)>,
}

/// A loaded configuration file.
#[derive(Debug)]
pub struct Config {
    /// The file it was read from.
    pub path: PathBuf,
    /// The directory its globs are relative to.
    dir: PathBuf,
    include: Option<GlobSet>,
    exclude: GlobSet,
    /// The `exclude` patterns as written, in the order of `exclude`'s globs.
    exclude_patterns: Vec<String>,
    rules: Vec<(RuleId, RuleChange)>,
    overrides: Vec<Override>,
    languages: HashMap<String, Language>,
    /// `max-file-size`.
    pub max_file_size: Option<u64>,
    /// `[coverage] path-map`: prefixes of report paths and what they are rewritten to.
    pub path_map: Vec<(String, String)>,
    /// `[history]`.
    pub history: HistoryConfig,
}

impl Config {
    /// Parses a configuration file's text. `pyproject` reads `[tool.plumb]`; a pyproject
    /// without it is `None`.
    fn parse(path: &Path, text: &str, pyproject: bool) -> Result<Option<Config>, ConfigError> {
        let error = |span: Range<usize>, message: String| ConfigError {
            path: path.to_owned(),
            source: text.to_owned(),
            span,
            message,
        };
        let raw = if pyproject {
            let parsed: Pyproject =
                toml::from_str(text).map_err(|e| error(e.span().unwrap_or(0..0), in_words(e.message())))?;
            match parsed.tool.and_then(|tool| tool.plumb) {
                Some(raw) => raw,
                None => return Ok(None),
            }
        } else {
            toml::from_str(text).map_err(|e| error(e.span().unwrap_or(0..0), in_words(e.message())))?
        };
        let dir = path.parent().map_or_else(PathBuf::new, Path::to_path_buf);
        let globs = |patterns: &[Spanned<String>]| -> Result<GlobSet, ConfigError> {
            let mut builder = GlobSetBuilder::new();
            for pattern in patterns {
                let glob = Glob::new(pattern.get_ref())
                    .map_err(|e| error(pattern.span(), format!("invalid glob: {}", e.kind())))?;
                builder.add(glob);
            }
            builder.build().map_err(|e| error(0..0, e.to_string()))
        };
        let include = raw.include.as_deref().map(globs).transpose()?;
        let exclude = globs(raw.exclude.as_deref().unwrap_or_default())?;
        let rules = rule_changes(raw.rules.as_ref(), &error)?;
        let mut overrides = Vec::new();
        for raw_override in raw.overrides.iter().flatten() {
            overrides.push(Override {
                globs: globs(&raw_override.paths)?,
                patterns: raw_override.paths.iter().map(|p| p.get_ref().clone()).collect(),
                changes: rule_changes(raw_override.rules.as_ref(), &error)?,
            });
        }
        let mut languages = HashMap::new();
        for (extension, language) in raw.languages.iter().flatten() {
            let found = Language::from_id(language.get_ref()).ok_or_else(|| {
                let known: Vec<&str> = Language::ALL.iter().map(|l| l.id()).collect();
                error(language.span(), format!("unknown language; expected one of {}", known.join(", ")))
            })?;
            languages.insert(extension.get_ref().trim_start_matches('.').to_ascii_lowercase(), found);
        }
        let max_file_size = match raw.max_file_size {
            None => None,
            Some(size) => Some(match size.get_ref() {
                Size::Bytes(bytes) => *bytes,
                Size::Text(text) => {
                    crate::size::parse_size(text).map_err(|message| error(size.span(), message))?
                }
            }),
        };
        let history = HistoryConfig::parse(raw.history, &dir, &error)?;
        Ok(Some(Config {
            path: path.to_owned(),
            dir,
            include,
            exclude,
            exclude_patterns: raw.exclude.iter().flatten().map(|p| p.get_ref().clone()).collect(),
            rules,
            overrides,
            languages,
            max_file_size,
            path_map: raw.coverage.and_then(|coverage| coverage.path_map).unwrap_or_default(),
            history,
        }))
    }

    /// A file's path relative to this configuration's directory.
    fn relative<'p>(&self, file: &'p Path) -> Option<&'p Path> {
        file.strip_prefix(&self.dir).ok()
    }

    /// Whether the configuration's `include` and `exclude` let this file be analysed.
    pub fn admits(&self, file: &Path) -> bool {
        let Some(relative) = self.relative(file) else { return true };
        self.include.as_ref().is_none_or(|include| include.is_match(relative))
            && !self.exclude.is_match(relative)
    }

    /// Why `include` or `exclude` keep this file out of the runs: `` it matches `web/**` in
    /// `exclude` ``; `None` when they let it in.
    pub fn exclusion(&self, file: &Path) -> Option<String> {
        let relative = self.relative(file)?;
        if let Some(&index) = self.exclude.matches(relative).first() {
            return Some(format!("it matches `{}` in `exclude`", self.exclude_patterns[index]));
        }
        if self.include.as_ref().is_some_and(|include| !include.is_match(relative)) {
            return Some("it matches no pattern of `include`".to_owned());
        }
        None
    }

    /// The language an extra extension is mapped to.
    pub fn language(&self, file: &Path) -> Option<Language> {
        let extension = file.extension()?.to_str()?.to_ascii_lowercase();
        self.languages.get(&extension).copied()
    }

    /// The settings for one file: the rules, then each override whose paths match it.
    pub fn apply(&self, file: &Path, settings: &mut Settings) {
        apply_changes(&self.rules, settings);
        if let Some(relative) = self.relative(file) {
            for entry in &self.overrides {
                if entry.globs.is_match(relative) {
                    apply_changes(&entry.changes, settings);
                }
            }
        }
    }

    /// The override patterns that match a file.
    pub fn matching_overrides(&self, file: &Path) -> Vec<String> {
        let Some(relative) = self.relative(file) else { return Vec::new() };
        self.overrides
            .iter()
            .filter(|entry| entry.globs.is_match(relative))
            .flat_map(|entry| entry.patterns.clone())
            .collect()
    }
}

/// A message of the TOML reader with what was expected said in words, not Rust types:
/// `expected a number`, not `expected f64`.
fn in_words(message: &str) -> String {
    const WORDS: [(&str, &str); 12] = [
        ("expected f64", "expected a number"),
        ("expected u32", "expected a whole number from 0 to 4294967295"),
        ("expected u64", "expected a whole number from 0 to 18446744073709551615"),
        ("expected a boolean", "expected true or false"),
        ("expected a sequence", "expected an array (`[...]`)"),
        ("expected a map", "expected a table"),
        ("expected a tuple of size 2", "expected a pair (`[\"from\", \"to\"]`)"),
        ("expected struct RawConfig", "expected a table"),
        ("expected struct RawCoverage", "expected a table (`path-map`)"),
        ("expected struct RawHistory", "expected a table"),
        ("invalid type: map", "invalid type: table"),
        ("invalid type: sequence", "invalid type: array"),
    ];
    if message.contains("untagged enum Size") {
        return "expected a size: a number of bytes, or text such as \"5M\", \"512K\" or \"1G\"".to_owned();
    }
    let mut message = message.to_owned();
    for (from, to) in WORDS {
        message = message.replace(from, to);
    }
    message
}

fn rule_changes(
    rules: Option<&BTreeMap<Spanned<String>, RawRule>>,
    error: &dyn Fn(Range<usize>, String) -> ConfigError,
) -> Result<Vec<(RuleId, RuleChange)>, ConfigError> {
    let mut changes = Vec::new();
    for (name, raw) in rules.into_iter().flatten() {
        let rule = RuleId::from_id(name.get_ref())
            .ok_or_else(|| error(name.span(), "unknown rule; `plumb rules` lists them".to_owned()))?;
        let mut change = RuleChange::default();
        for (key, value) in &raw.0 {
            match key.get_ref().as_str() {
                "level" => change.level = Some(level_change(&typed(value, error)?, error)?),
                "threshold" => change.threshold = Some(threshold(rule, &typed(value, error)?, error)?),
                other => change.options.push(option(rule, key, other, value, error)?),
            }
        }
        changes.push((rule, change));
    }
    Ok(changes)
}

/// A value read as the type a key takes, or the TOML reader's error in words.
fn typed<T: serde::de::DeserializeOwned>(
    value: &Spanned<toml::Value>,
    error: &dyn Fn(Range<usize>, String) -> ConfigError,
) -> Result<Spanned<T>, ConfigError> {
    let typed =
        T::deserialize(value.get_ref().clone()).map_err(|e| error(value.span(), in_words(e.message())))?;
    Ok(Spanned::new(value.span(), typed))
}

/// A rule's configured `threshold`, for rules with one: a number of 0 or more, and a
/// percentage for the coverage rules.
fn threshold(
    rule: RuleId,
    value: &Spanned<f64>,
    error: &dyn Fn(Range<usize>, String) -> ConfigError,
) -> Result<f64, ConfigError> {
    if rule.meta().default_threshold.is_none() {
        return Err(error(value.span(), format!("`{}` has no threshold", rule.id())));
    }
    let number = *value.get_ref();
    if number < 0.0 || !number.is_finite() {
        return Err(error(value.span(), "expected a number of 0 or more".to_owned()));
    }
    // The coverage rules' thresholds are percentages, as on the command line: a coverage gate
    // at 500% never passes.
    if rule.threshold_is_minimum() && number > 100.0 {
        return Err(error(value.span(), "expected a percentage from 0 to 100".to_owned()));
    }
    Ok(number)
}

/// One of a rule's options ([`RuleId::options`]), read as the rule says and checked by it.
fn option(
    rule: RuleId,
    key: &Spanned<String>,
    name: &str,
    value: &Spanned<toml::Value>,
    error: &dyn Fn(Range<usize>, String) -> ConfigError,
) -> Result<OptionSetting, ConfigError> {
    let Some(option) = rule.option(name) else {
        if RuleId::ALL.iter().any(|rule| rule.option(name).is_some()) {
            return Err(error(value.span(), format!("`{}` has no setting `{name}`", rule.id())));
        }
        return Err(error(key.span(), unknown_key(name)));
    };
    let text;
    let input = match option.input() {
        OptionInput::Number => OptionValue::Number(*typed::<f64>(value, error)?.get_ref()),
        OptionInput::Bool => OptionValue::Bool(*typed::<bool>(value, error)?.get_ref()),
        OptionInput::Text => {
            text = typed::<String>(value, error)?.into_inner();
            OptionValue::Text(&text)
        }
    };
    option.parse(input).map_err(|message| error(value.span(), message))
}

/// The message for a key no rule has, with the keys rules have: every rule's `level` and
/// `threshold`, then the second settings, then the counting options.
fn unknown_key(name: &str) -> String {
    let options = || RuleId::ALL.iter().flat_map(|rule| rule.options());
    let percentages = options().filter(|option| option.input() == OptionInput::Number);
    let others = options().filter(|option| option.input() != OptionInput::Number);
    let keys: Vec<String> = ["level", "threshold"]
        .into_iter()
        .chain(percentages.chain(others).map(|option| option.key))
        .map(|key| format!("`{key}`"))
        .collect();
    format!("unknown field `{name}`, expected one of {}", keys.join(", "))
}

/// A rule's configured `level`.
fn level_change(
    level: &Spanned<String>,
    error: &dyn Fn(Range<usize>, String) -> ConfigError,
) -> Result<LevelChange, ConfigError> {
    Ok(match level.get_ref().as_str() {
        "off" => LevelChange::Off,
        "note" => LevelChange::On(Level::Note),
        "warn" | "warning" => LevelChange::On(Level::Warning),
        "error" => LevelChange::On(Level::Error),
        _ => {
            return Err(error(
                level.span(),
                "expected one of \"off\", \"note\", \"warn\", \"error\"".to_owned(),
            ));
        }
    })
}

fn apply_changes(changes: &[(RuleId, RuleChange)], settings: &mut Settings) {
    for (rule, change) in changes {
        match change.level {
            Some(LevelChange::Off) => settings.set_level(*rule, None),
            Some(LevelChange::On(level)) => settings.set_level(*rule, Some(level)),
            None => {}
        }
        if let Some(threshold) = change.threshold {
            settings.set_threshold(*rule, threshold);
        }
        for &option in &change.options {
            settings.set_option(*rule, option);
        }
    }
}

/// Finds and caches configurations by directory.
pub(crate) struct Configs {
    by_dir: HashMap<PathBuf, Option<Arc<Config>>>,
    /// Where errors' paths are shown relative to.
    cwd: PathBuf,
}

impl Configs {
    pub(crate) fn new(cwd: &Path) -> Self {
        Self { by_dir: HashMap::new(), cwd: cwd.to_owned() }
    }

    /// Forgets what was read: the files are read again when next asked for.
    pub(crate) fn clear(&mut self) {
        self.by_dir.clear();
    }

    /// The configuration that applies to a file (an absolute path): the nearest one in its
    /// directory or above, up to the repository root (the first directory holding `.git`).
    /// A file that exists but cannot be read is an error, not a file to skip: the defaults or a
    /// parent directory's settings would apply silently instead of the ones the user wrote.
    pub(crate) fn for_file(&mut self, file: &Path) -> Result<Option<Arc<Config>>, Error> {
        let Some(dir) = file.parent() else { return Ok(None) };
        self.for_dir(dir)
    }

    /// The configuration that applies to the files directly in a directory (an absolute path).
    pub(crate) fn for_dir(&mut self, dir: &Path) -> Result<Option<Arc<Config>>, Error> {
        if let Some(found) = self.by_dir.get(dir) {
            return Ok(found.clone());
        }
        let mut found = None;
        for name in NAMES {
            let path = dir.join(name);
            let Some(text) = read(&path).with_context(ErrorKind::Config, || {
                let shown = crate::discover::display_path(&path, &self.cwd);
                format!("cannot read the configuration file `{shown}`")
            })?
            else {
                continue;
            };
            if let Some(config) = Config::parse(&path, &text, name == "pyproject.toml")? {
                found = Some(Arc::new(config));
                break;
            }
        }
        if found.is_none() && !crate::discover::is_repository_root(dir) {
            found = match dir.parent() {
                Some(parent) => self.for_dir(parent)?,
                None => None,
            };
        }
        self.by_dir.insert(dir.to_owned(), found.clone());
        Ok(found)
    }
}

/// The text of a configuration file; `None` when there is none.
fn read(path: &Path) -> Result<Option<String>, Error> {
    let mut file = match crate::discover::open_regular(path) {
        Ok((file, _)) => file,
        Err(OpenError::Io(error)) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(Error::from_source(ErrorKind::Config, error)),
    };
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut file, &mut bytes)
        .map_err(|e| Error::from_source(ErrorKind::Config, e))?;
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        bail!(Config, "it is UTF-16 text (as Windows PowerShell writes); save it as UTF-8");
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Some(text)),
        Err(error) => {
            bail!(
                Config,
                "it is not UTF-8 text (invalid byte at offset {})",
                error.utf8_error().valid_up_to()
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use plumb_metrics::{CyclomaticVariant, NestedFunctions};

    use super::*;

    fn parse(text: &str) -> Result<Option<Config>, ConfigError> {
        Config::parse(Path::new("/repo/plumb.toml"), text, false)
    }

    #[test]
    fn rules_overrides_and_languages() {
        let config = parse(
            "max-file-size = \"2M\"\nexclude = [\"vendor/**\"]\n\
             [rules.cyclomatic-complexity]\nthreshold = 12\n\
             [rules.function-length]\nlevel = \"off\"\n\
             [languages]\npyx = \"python\"\n\
             [[overrides]]\npaths = [\"tests/**\"]\nrules.cyclomatic-complexity.threshold = 20\n",
        )
        .unwrap()
        .unwrap();
        assert_eq!(config.max_file_size, Some(2 << 20));
        assert!(config.admits(Path::new("/repo/src/a.rs")));
        assert!(!config.admits(Path::new("/repo/vendor/b.rs")));
        assert_eq!(config.exclusion(Path::new("/repo/src/a.rs")), None);
        assert_eq!(
            config.exclusion(Path::new("/repo/vendor/b.rs")).as_deref(),
            Some("it matches `vendor/**` in `exclude`")
        );
        assert_eq!(config.language(Path::new("/repo/x.PYX")), Some(Language::Python));
        let mut settings = Settings::default();
        config.apply(Path::new("/repo/src/a.rs"), &mut settings);
        assert_eq!(settings.rule(RuleId::CyclomaticComplexity).threshold, Some(12.0));
        assert_eq!(settings.level(RuleId::FunctionLength), None);
        let mut settings = Settings::default();
        config.apply(Path::new("/repo/tests/t.rs"), &mut settings);
        assert_eq!(settings.rule(RuleId::CyclomaticComplexity).threshold, Some(20.0));
    }

    #[test]
    fn errors_point_into_the_file() {
        let text = "[rules.cyclomatic]\nthreshold = 3\n";
        let error = parse(text).unwrap_err();
        assert_eq!(&text[error.span.clone()], "cyclomatic");
        assert_eq!(error.message, "unknown rule; `plumb rules` lists them");

        let text = "[rules.nesting-depth]\nlevel = \"loud\"\n";
        let error = parse(text).unwrap_err();
        assert_eq!(&text[error.span.clone()], "\"loud\"");

        let text = "colour = true\n";
        let error = parse(text).unwrap_err();
        assert_eq!(&text[error.span.clone()], "colour");
        assert!(error.message.starts_with("unknown field `colour`"), "{}", error.message);

        let text = "[rules.parse-error]\nthreshold = 3\n";
        assert_eq!(parse(text).unwrap_err().message, "`parse-error` has no threshold");

        let text = "[rules.crap]\nmin-coverage = 3\n";
        let error = parse(text).unwrap_err();
        assert_eq!(error.message, "`crap` has no setting `min-coverage`");
        assert_eq!(&text[error.span.clone()], "3");
    }

    /// What was expected, in words: the user wrote TOML, not Rust.
    #[test]
    fn errors_say_what_was_expected_in_words() {
        let cases = [
            (
                "[rules.cyclomatic-complexity]\nthreshold = \"12\"\n",
                "invalid type: string \"12\", expected a number",
            ),
            (
                "max-file-size = true\n",
                "expected a size: a number of bytes, or text such as \"5M\", \"512K\" or \"1G\"",
            ),
            ("exclude = \"web/**\"\n", "invalid type: string \"web/**\", expected an array (`[...]`)"),
            (
                "[history]\nmin-code = \"a\"\n",
                "invalid type: string \"a\", expected a whole number from 0 to 4294967295",
            ),
            (
                "[history]\ndefault-exclusions = \"yes\"\n",
                "invalid type: string \"yes\", expected true or false",
            ),
            ("[coverage]\npath-map = {\"/_/\" = \"\"}\n", "invalid type: table, expected an array (`[...]`)"),
            (
                "[coverage]\npath-map = [[\"a\"]]\n",
                "invalid length 1, expected a pair (`[\"from\", \"to\"]`)",
            ),
            ("rules = 3\n", "invalid type: integer `3`, expected a table"),
            (
                "[rules]\ncyclomatic-complexity = 3\n",
                "invalid type: integer `3`, expected a table (`level`, `threshold`)",
            ),
        ];
        for (text, message) in cases {
            assert_eq!(parse(text).unwrap_err().message, message, "{text}");
        }
    }

    #[test]
    fn second_settings_of_coverage_rules() {
        let config = parse(
            "[rules.coverage]\nthreshold = 70\nfile-threshold = 40\n\
             [rules.uncovered-complex-function]\nmin-coverage = 25\n",
        )
        .unwrap()
        .unwrap();
        let mut settings = Settings::default();
        config.apply(Path::new("/repo/src/a.rs"), &mut settings);
        assert_eq!(settings.rule(RuleId::Coverage).threshold, Some(70.0));
        assert_eq!(settings.rule(RuleId::Coverage).parameter, Some(40.0));
        assert_eq!(settings.rule(RuleId::UncoveredComplexFunction).parameter, Some(25.0));
    }

    #[test]
    fn counting_options_of_the_complexity_rules() {
        let config = parse(
            "[rules.cyclomatic-complexity]\nvariant = \"modified\"\ncount-boolean-operators = false\n\
             [rules.cognitive-complexity]\nnested-functions = \"include\"\n\
             [[overrides]]\npaths = [\"legacy/**\"]\nrules.cyclomatic-complexity.variant = \"classic\"\n",
        )
        .unwrap()
        .unwrap();
        let mut settings = Settings::default();
        config.apply(Path::new("/repo/src/a.rs"), &mut settings);
        let counting = settings.counting();
        assert_eq!(counting.variant, CyclomaticVariant::Modified);
        assert!(!counting.count_boolean_operators);
        assert_eq!(counting.nested_functions, NestedFunctions::Include);
        let mut settings = Settings::default();
        config.apply(Path::new("/repo/legacy/b.rs"), &mut settings);
        assert_eq!(settings.counting().variant, CyclomaticVariant::Classic);
        assert!(!settings.counting().count_boolean_operators);

        let text = "[rules.cyclomatic-complexity]\nvariant = \"switch-once\"\n";
        let error = parse(text).unwrap_err();
        assert_eq!(&text[error.span.clone()], "\"switch-once\"");
        assert_eq!(error.message, "expected \"classic\" or \"modified\"");
        let text = "[rules.cognitive-complexity]\nvariant = \"modified\"\n";
        let error = parse(text).unwrap_err();
        assert_eq!(error.message, "`cognitive-complexity` has no setting `variant`");
        assert_eq!(&text[error.span.clone()], "\"modified\"");
        let text = "[rules.cognitive-complexity]\nnested-functions = true\n";
        assert!(
            parse(text).unwrap_err().message.starts_with("invalid type"),
            "{}",
            parse(text).unwrap_err().message
        );
        let text = "[rules.function-length]\ncount-boolean-operators = false\n";
        assert_eq!(
            parse(text).unwrap_err().message,
            "`function-length` has no setting `count-boolean-operators`"
        );
    }

    #[test]
    fn history_settings() {
        let config = parse(
            "[history]\nsince = \"6 months\"\nfix-presets = [\"conventional\", \"trailers\"]\n\
             fix-patterns = ['^repair']\ndefault-exclusions = false\ndefects = \"bugs.csv\"\nmin-code = 50\n",
        )
        .unwrap()
        .unwrap();
        let history = &config.history;
        assert_eq!(history.since.as_deref(), Some("6 months"));
        assert_eq!(
            history.fix_presets,
            Some(vec![plumb_history::fixes::Preset::Conventional, plumb_history::fixes::Preset::Trailers])
        );
        assert_eq!(history.fix_patterns, ["^repair"]);
        assert_eq!(history.default_exclusions, Some(false));
        assert_eq!(history.defects.as_deref(), Some(Path::new("/repo/bugs.csv")));
        assert_eq!(history.min_code, Some(50));

        let text = "[history]\nfix-presets = [\"jira\"]\n";
        let error = parse(text).unwrap_err();
        assert_eq!(&text[error.span.clone()], "\"jira\"");
        assert_eq!(
            error.message,
            "unknown fix preset; expected one of keywords, conventional, trailers, issue-keys"
        );
        let text = "[history]\nfix-patterns = [\"fix(\"]\n";
        let error = parse(text).unwrap_err();
        assert_eq!(&text[error.span.clone()], "\"fix(\"");
        assert!(error.message.starts_with("invalid fix pattern `fix(`"), "{}", error.message);
        let text = "[history]\nsince = \"--all\"\n";
        assert_eq!(&text[parse(text).unwrap_err().span.clone()], "\"--all\"");
        assert!(parse("[history]\nwindow = 3\n").unwrap_err().message.starts_with("unknown field `window`"));
    }

    #[test]
    fn pyproject_without_a_plumb_table_is_not_a_configuration() {
        let path = Path::new("/repo/pyproject.toml");
        assert!(Config::parse(path, "[project]\nname = \"x\"\n", true).unwrap().is_none());
        let config = Config::parse(path, "[tool.plumb.rules.file-length]\nthreshold = 50\n", true).unwrap();
        assert!(config.is_some());
    }
}
