//! The rule registry and the settings that configure each rule.

use plumb_metrics::{Counting, CyclomaticVariant, NestedFunctions};
use plumb_report::{Level, RuleMeta};

use crate::rules;

/// A rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RuleId {
    /// `cyclomatic-complexity`.
    CyclomaticComplexity,
    /// `cognitive-complexity`.
    CognitiveComplexity,
    /// `function-length`.
    FunctionLength,
    /// `too-many-parameters`.
    TooManyParameters,
    /// `nesting-depth`.
    NestingDepth,
    /// `file-length`.
    FileLength,
    /// `parse-error`.
    ParseError,
    /// `unused-suppression`.
    UnusedSuppression,
    /// `coverage`.
    Coverage,
    /// `changed-coverage`.
    ChangedCoverage,
    /// `crap`.
    Crap,
    /// `uncovered-complex-function`.
    UncoveredComplexFunction,
    /// `defect-density`.
    DefectDensity,
}

/// Every rule's metadata, in [`RuleId`] order.
pub static RULES: &[RuleMeta] = &[
    rules::cyclomatic_complexity::META,
    rules::cognitive_complexity::META,
    rules::function_length::META,
    rules::too_many_parameters::META,
    rules::nesting_depth::META,
    rules::file_length::META,
    rules::parse_error::META,
    rules::unused_suppression::META,
    rules::coverage::META,
    rules::changed_coverage::META,
    rules::crap::META,
    rules::uncovered_complex_function::META,
    rules::defect_density::META,
];

impl RuleId {
    /// Every rule, in registry order.
    pub const ALL: [RuleId; 13] = [
        RuleId::CyclomaticComplexity,
        RuleId::CognitiveComplexity,
        RuleId::FunctionLength,
        RuleId::TooManyParameters,
        RuleId::NestingDepth,
        RuleId::FileLength,
        RuleId::ParseError,
        RuleId::UnusedSuppression,
        RuleId::Coverage,
        RuleId::ChangedCoverage,
        RuleId::Crap,
        RuleId::UncoveredComplexFunction,
        RuleId::DefectDensity,
    ];

    /// The rule's metadata.
    pub fn meta(self) -> &'static RuleMeta {
        &RULES[self as usize]
    }

    /// The rule's id (`cyclomatic-complexity`).
    pub fn id(self) -> &'static str {
        self.meta().id
    }

    /// The rule's second setting beside its threshold, if it has one: its configuration key and
    /// default.
    pub fn parameter(self) -> Option<Parameter> {
        match self {
            RuleId::Coverage => Some(Parameter {
                key: "file-threshold",
                default: None,
                summary: "each file's minimum line coverage, in percent (none by default)",
            }),
            RuleId::UncoveredComplexFunction => Some(Parameter {
                key: "min-coverage",
                default: Some(rules::uncovered_complex_function::MIN_COVERAGE),
                summary: "the line coverage, in percent, below which a complex function is reported",
            }),
            _ => None,
        }
    }

    /// The rule's counting options: the conventions of other tools it can measure with
    /// instead of plumb's definitions.
    pub fn options(self) -> &'static [RuleOption] {
        match self {
            RuleId::CyclomaticComplexity => &[
                RuleOption {
                    key: "variant",
                    values: &["\"classic\"", "\"modified\""],
                    summary: "\"modified\" counts a switch, match, when or select 1 however many cases",
                },
                RuleOption {
                    key: "count-boolean-operators",
                    values: &["true", "false"],
                    summary: "whether &&, ||, and, or, ?? and &&=, ||=, ??= are decision points",
                },
            ],
            RuleId::CognitiveComplexity => &[RuleOption {
                key: "nested-functions",
                values: &["\"exclude\"", "\"include\""],
                summary: "\"include\" also counts nested functions in the function around them",
            }],
            _ => &[],
        }
    }

    /// Whether the threshold is a minimum (values below it are reported), not a maximum.
    pub fn threshold_is_minimum(self) -> bool {
        matches!(self, RuleId::Coverage | RuleId::ChangedCoverage)
    }

    /// Whether the rule is on when not configured. `defect-density` is a project gate that
    /// `plumb defects --gate` or the configuration turns on.
    pub fn on_by_default(self) -> bool {
        !matches!(self, RuleId::DefectDensity)
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

/// A rule's counting option (see [`RuleId::options`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleOption {
    /// Its configuration key (`variant`).
    pub key: &'static str,
    /// Its values as written in TOML, the default first.
    pub values: &'static [&'static str],
    /// What it means.
    pub summary: &'static str,
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

    /// A rule's counting options and their values, as written in TOML.
    pub fn options(&self, rule: RuleId) -> Vec<(&'static str, &'static str)> {
        let counting = self.counting;
        let value = |key: &str| match key {
            "variant" => usize::from(counting.variant == CyclomaticVariant::Modified),
            "count-boolean-operators" => usize::from(!counting.count_boolean_operators),
            _ => usize::from(counting.nested_functions == NestedFunctions::Include),
        };
        rule.options().iter().map(|option| (option.key, option.values[value(option.key)])).collect()
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
}
