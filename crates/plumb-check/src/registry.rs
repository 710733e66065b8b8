//! The rule registry and the settings that configure each rule.

use plumb_metrics::{Counting, FunctionMetrics};
use plumb_report::{Finding, Level, RuleMeta};

use crate::rules::{Context, DECLARED, RULES, RuleId};

/// What a rule's module declares about the rule: its documentation and defaults, its options,
/// and for the rules on a function's measure, what it measures. The rule table in
/// `rules/mod.rs` gathers them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rule {
    /// Its id, summary, default level and threshold, and explanation.
    pub(crate) meta: RuleMeta,
    /// Whether it is on when not configured.
    pub(crate) on_by_default: bool,
    /// Whether its threshold is a minimum (values below it are reported), not a maximum.
    pub(crate) threshold_is_minimum: bool,
    /// Its settings beside its level and threshold.
    pub(crate) options: &'static [RuleOption],
    /// For a rule on each function's measure: what it measures, and its finding.
    pub(crate) function: Option<FunctionRule>,
}

impl Rule {
    /// A rule described by `meta`: on by default, a maximum, no options, not on a function's
    /// measure. Each rule's `RULE` changes what differs.
    pub(crate) const fn new(meta: RuleMeta) -> Rule {
        Rule { meta, on_by_default: true, threshold_is_minimum: false, options: &[], function: None }
    }
}

/// A rule on each function's measure, reported when the measure is above the threshold.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FunctionRule {
    /// The measure.
    pub(crate) measure: fn(&FunctionMetrics) -> u32,
    /// The finding, from the function, the level and the threshold.
    pub(crate) finding: fn(&Context<'_>, Level, u32) -> Finding,
    /// Whether a script's top-level code is measured too (it has no length or parameters of
    /// its own to limit).
    pub(crate) top_level: bool,
}

impl RuleId {
    /// The rule's declaration.
    pub(crate) fn declared(self) -> &'static Rule {
        &DECLARED[self as usize]
    }

    /// The rule's metadata.
    pub fn meta(self) -> &'static RuleMeta {
        &RULES[self as usize]
    }

    /// The rule's id (`cyclomatic-complexity`).
    pub fn id(self) -> &'static str {
        self.meta().id
    }

    /// The rule's settings beside its level and threshold, as the rule declares them: a
    /// second threshold, or the conventions of other tools it can measure with instead of
    /// plumb's definitions.
    pub fn options(self) -> &'static [RuleOption] {
        self.declared().options
    }

    /// The rule's option with this key.
    pub fn option(self, key: &str) -> Option<&'static RuleOption> {
        self.options().iter().find(|option| option.key == key)
    }

    /// The rule's second setting beside its threshold, if it has one: its configuration key and
    /// default.
    pub fn parameter(self) -> Option<Parameter> {
        self.options().iter().find_map(|option| match option.kind {
            OptionKind::Percent { default } => {
                Some(Parameter { key: option.key, default, summary: option.summary })
            }
            OptionKind::Counting { .. } => None,
        })
    }

    /// Whether the threshold is a minimum (values below it are reported), not a maximum.
    pub fn threshold_is_minimum(self) -> bool {
        self.declared().threshold_is_minimum
    }

    /// Whether the rule is on when not configured. `defect-density` is a project gate that
    /// `plumb defects --gate` or the configuration turns on.
    pub fn on_by_default(self) -> bool {
        self.declared().on_by_default
    }

    /// How the default reads in lists: `error above 10`, `error below 80`, `warning`, and for
    /// rules off by default `off; error above 1` (what turning them on gives).
    pub fn default_text(self) -> String {
        let meta = self.meta();
        if !self.on_by_default() {
            let on = match meta.default_threshold {
                Some(threshold) => format!("{} above {threshold}", meta.default_level.as_str()),
                None => meta.default_level.as_str().to_owned(),
            };
            return format!("off; {on}");
        }
        match meta.default_threshold {
            Some(threshold) => {
                let bound = if self.threshold_is_minimum() { "below" } else { "above" };
                format!("{} {bound} {threshold}", meta.default_level.as_str())
            }
            None => meta.default_level.as_str().to_owned(),
        }
    }

    /// The rule with this id.
    pub fn from_id(id: &str) -> Option<RuleId> {
        RuleId::ALL.into_iter().find(|rule| rule.id() == id)
    }
}

/// A rule's second setting (see [`RuleId::parameter`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Parameter {
    /// Its configuration key (`min-coverage`).
    pub key: &'static str,
    /// Its default, if it has one.
    pub default: Option<f64>,
    /// What it means.
    pub summary: &'static str,
}

/// A rule's setting beside its level and threshold (see [`RuleId::options`]), declared by the
/// rule with what it accepts and what it sets.
#[derive(Debug, Clone, Copy)]
pub struct RuleOption {
    /// Its configuration key (`variant`).
    pub key: &'static str,
    /// Its values as written in TOML, the default first; empty for a percentage.
    pub values: &'static [&'static str],
    /// What it means.
    pub summary: &'static str,
    /// What it sets.
    kind: OptionKind,
}

/// What a rule option sets.
#[derive(Debug, Clone, Copy)]
enum OptionKind {
    /// A percentage: the rule's second setting ([`RuleSetting::parameter`]), with its default.
    Percent { default: Option<f64> },
    /// A counting convention: which of the option's values a [`Counting`] holds, and setting it.
    Counting { get: fn(&Counting) -> usize, set: fn(&mut Counting, usize) },
}

/// The type of value a rule option takes in TOML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionInput {
    /// A number.
    Number,
    /// A string.
    Text,
    /// `true` or `false`.
    Bool,
}

/// A rule option's value as TOML gives it, of the option's [`OptionInput`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum OptionValue<'a> {
    /// A number.
    Number(f64),
    /// A string.
    Text(&'a str),
    /// `true` or `false`.
    Bool(bool),
}

/// A rule option's value, checked: what [`Settings::set_option`] applies.
#[derive(Debug, Clone, Copy)]
pub struct OptionSetting {
    option: &'static RuleOption,
    value: Checked,
}

/// A checked value: a percentage, or the index of one of the option's values.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Checked {
    Percent(f64),
    Value(usize),
}

impl RuleOption {
    /// A percentage (from 0 to 100), the rule's second setting beside its threshold.
    pub(crate) const fn percent(key: &'static str, default: Option<f64>, summary: &'static str) -> Self {
        RuleOption { key, values: &[], summary, kind: OptionKind::Percent { default } }
    }

    /// A counting convention: `values` as written in TOML (strings in quotes, or `true` and
    /// `false`), the default first; `get` says which one a [`Counting`] holds, `set` sets it.
    pub(crate) const fn counting(
        key: &'static str,
        values: &'static [&'static str],
        summary: &'static str,
        get: fn(&Counting) -> usize,
        set: fn(&mut Counting, usize),
    ) -> Self {
        RuleOption { key, values, summary, kind: OptionKind::Counting { get, set } }
    }

    /// The type of value the option takes.
    pub fn input(&self) -> OptionInput {
        match self.kind {
            OptionKind::Percent { .. } => OptionInput::Number,
            OptionKind::Counting { .. } if self.values.iter().all(|v| v.starts_with('"')) => {
                OptionInput::Text
            }
            OptionKind::Counting { .. } => OptionInput::Bool,
        }
    }

    /// Checks a value for the option: the setting it gives, or what was expected instead.
    pub fn parse(&'static self, value: OptionValue<'_>) -> Result<OptionSetting, String> {
        let written = match (self.input(), value) {
            (OptionInput::Number, OptionValue::Number(number)) => {
                if number < 0.0 || !number.is_finite() {
                    return Err("expected a number of 0 or more".to_owned());
                }
                if number > 100.0 {
                    return Err("expected a percentage from 0 to 100".to_owned());
                }
                return Ok(OptionSetting { option: self, value: Checked::Percent(number) });
            }
            (OptionInput::Text, OptionValue::Text(text)) => format!("\"{text}\""),
            (OptionInput::Bool, OptionValue::Bool(flag)) => flag.to_string(),
            _ => return Err(format!("expected {}", self.expected())),
        };
        let index =
            self.values.iter().position(|value| *value == written).ok_or_else(|| self.expected_values())?;
        Ok(OptionSetting { option: self, value: Checked::Value(index) })
    }

    /// The values expected: `expected "classic" or "modified"`.
    fn expected_values(&self) -> String {
        match self.values {
            [one, two] => format!("expected {one} or {two}"),
            values => format!("expected one of {}", values.join(", ")),
        }
    }

    /// The type of value expected, in words.
    fn expected(&self) -> &'static str {
        match self.input() {
            OptionInput::Number => "a number",
            OptionInput::Text => "a string",
            OptionInput::Bool => "true or false",
        }
    }
}

/// How one rule is configured.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RuleSetting {
    /// The level of its findings, or `None` when the rule is off.
    pub level: Option<Level>,
    /// Values above this are reported (for rules with a threshold).
    pub threshold: Option<f64>,
    /// The rule's second setting, for rules with one ([`RuleId::parameter`]).
    pub parameter: Option<f64>,
}

/// Resolved settings for every rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    rules: [RuleSetting; RuleId::ALL.len()],
    /// The counting options of the complexity rules: how files are measured.
    counting: Counting,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            rules: RuleId::ALL.map(|rule| RuleSetting {
                level: rule.on_by_default().then_some(rule.meta().default_level),
                threshold: rule.meta().default_threshold,
                parameter: rule.parameter().and_then(|parameter| parameter.default),
            }),
            counting: Counting::default(),
        }
    }
}

impl Settings {
    /// A rule's setting.
    pub fn rule(&self, rule: RuleId) -> RuleSetting {
        self.rules[rule as usize]
    }

    /// A rule's level, or `None` when it is off.
    pub fn level(&self, rule: RuleId) -> Option<Level> {
        self.rule(rule).level
    }

    /// Sets a rule's level (`None` turns it off).
    pub fn set_level(&mut self, rule: RuleId, level: Option<Level>) {
        self.rules[rule as usize].level = level;
    }

    /// Sets a rule's threshold.
    pub fn set_threshold(&mut self, rule: RuleId, threshold: f64) {
        self.rules[rule as usize].threshold = Some(threshold);
    }

    /// Sets a rule's second setting ([`RuleId::parameter`]).
    pub fn set_parameter(&mut self, rule: RuleId, value: f64) {
        self.rules[rule as usize].parameter = Some(value);
    }

    /// The counting conventions files are measured with (the rules' counting options).
    pub fn counting(&self) -> Counting {
        self.counting
    }

    /// Sets the counting conventions.
    pub fn set_counting(&mut self, counting: Counting) {
        self.counting = counting;
    }

    /// Sets a rule's option (its second setting, or a counting convention).
    pub fn set_option(&mut self, rule: RuleId, setting: OptionSetting) {
        match (setting.option.kind, setting.value) {
            (OptionKind::Percent { .. }, Checked::Percent(value)) => self.set_parameter(rule, value),
            (OptionKind::Counting { set, .. }, Checked::Value(index)) => set(&mut self.counting, index),
            _ => {}
        }
    }

    /// A rule's counting options and their values, as written in TOML.
    pub fn options(&self, rule: RuleId) -> Vec<(&'static str, &'static str)> {
        let counting = &self.counting;
        rule.options()
            .iter()
            .filter_map(|option| match option.kind {
                OptionKind::Counting { get, .. } => Some((option.key, option.values[get(counting)])),
                OptionKind::Percent { .. } => None,
            })
            .collect()
    }

    /// The level and whole-number threshold of an enabled threshold rule.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    pub(crate) fn limit(&self, rule: RuleId) -> Option<(Level, u32)> {
        let setting = self.rule(rule);
        // Values are whole numbers: a limit of 10.5 reports 11 and above, like 10.
        Some((setting.level?, setting.threshold?.max(0.0).floor() as u32))
    }
}

#[cfg(test)]
mod tests {
    use plumb_metrics::{CyclomaticVariant, NestedFunctions};

    use super::*;

    #[test]
    fn registry_order_matches_rule_ids() {
        for rule in RuleId::ALL {
            assert_eq!(RuleId::from_id(rule.id()), Some(rule));
        }
        assert_eq!(RULES.len(), RuleId::ALL.len());
    }

    #[test]
    fn options_read_back_as_written() {
        let mut settings = Settings::default();
        assert_eq!(
            settings.options(RuleId::CyclomaticComplexity),
            [("variant", "\"classic\""), ("count-boolean-operators", "true")]
        );
        assert_eq!(settings.options(RuleId::CognitiveComplexity), [("nested-functions", "\"exclude\"")]);
        settings.set_counting(Counting {
            variant: CyclomaticVariant::Modified,
            count_boolean_operators: false,
            nested_functions: NestedFunctions::Include,
        });
        assert_eq!(
            settings.options(RuleId::CyclomaticComplexity),
            [("variant", "\"modified\""), ("count-boolean-operators", "false")]
        );
        assert_eq!(settings.options(RuleId::CognitiveComplexity), [("nested-functions", "\"include\"")]);
        assert!(settings.options(RuleId::FunctionLength).is_empty());
    }

    /// Each rule parses and applies its own options: `plumb.toml`'s reader only hands it the
    /// values.
    #[test]
    fn rules_parse_and_apply_their_own_options() {
        let option = |rule: RuleId, key| rule.option(key).unwrap();
        let mut settings = Settings::default();
        let include = option(RuleId::CognitiveComplexity, "nested-functions");
        assert_eq!(include.input(), OptionInput::Text);
        settings
            .set_option(RuleId::CognitiveComplexity, include.parse(OptionValue::Text("include")).unwrap());
        assert_eq!(settings.counting().nested_functions, NestedFunctions::Include);
        let variant = option(RuleId::CyclomaticComplexity, "variant");
        settings
            .set_option(RuleId::CyclomaticComplexity, variant.parse(OptionValue::Text("modified")).unwrap());
        assert_eq!(settings.counting().variant, CyclomaticVariant::Modified);
        let operators = option(RuleId::CyclomaticComplexity, "count-boolean-operators");
        assert_eq!(operators.input(), OptionInput::Bool);
        settings.set_option(RuleId::CyclomaticComplexity, operators.parse(OptionValue::Bool(false)).unwrap());
        assert!(!settings.counting().count_boolean_operators);
        assert_eq!(
            variant.parse(OptionValue::Text("switch-once")).unwrap_err(),
            "expected \"classic\" or \"modified\""
        );
        assert_eq!(variant.parse(OptionValue::Bool(true)).unwrap_err(), "expected a string");

        let file_threshold = option(RuleId::Coverage, "file-threshold");
        assert_eq!(file_threshold.input(), OptionInput::Number);
        settings.set_option(RuleId::Coverage, file_threshold.parse(OptionValue::Number(40.0)).unwrap());
        assert_eq!(settings.rule(RuleId::Coverage).parameter, Some(40.0));
        assert_eq!(
            file_threshold.parse(OptionValue::Number(300.0)).unwrap_err(),
            "expected a percentage from 0 to 100"
        );
        assert_eq!(
            file_threshold.parse(OptionValue::Number(-3.0)).unwrap_err(),
            "expected a number of 0 or more"
        );
        assert_eq!(Settings::default().rule(RuleId::UncoveredComplexFunction).parameter, Some(50.0));
        assert!(RuleId::FunctionLength.option("variant").is_none());
    }

    /// A rule's file is compiled only through its line in the rule table: every file of
    /// `src/rules/` must have one.
    #[test]
    fn every_rule_file_is_in_the_table() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name != "mod.rs")
            .collect();
        files.sort();
        let mut expected: Vec<String> =
            RuleId::ALL.iter().map(|rule| format!("{}.rs", rule.id().replace('-', "_"))).collect();
        expected.sort();
        assert_eq!(files, expected);
    }

    /// A rule's options have distinct keys, and at most one is its second setting.
    #[test]
    fn each_rule_has_distinct_options_and_at_most_one_second_setting() {
        for rule in RuleId::ALL {
            let keys: std::collections::HashSet<&str> = rule.options().iter().map(|o| o.key).collect();
            assert_eq!(keys.len(), rule.options().len(), "{}", rule.id());
            let percentages = rule.options().iter().filter(|o| o.input() == OptionInput::Number).count();
            assert!(percentages <= 1, "{}", rule.id());
            assert!(!keys.contains("level") && !keys.contains("threshold"), "{}", rule.id());
        }
    }
}
