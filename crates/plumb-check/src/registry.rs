//! The rule registry and the settings that configure each rule.

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
];

impl RuleId {
    /// Every rule, in registry order.
    pub const ALL: [RuleId; 8] = [
        RuleId::CyclomaticComplexity,
        RuleId::CognitiveComplexity,
        RuleId::FunctionLength,
        RuleId::TooManyParameters,
        RuleId::NestingDepth,
        RuleId::FileLength,
        RuleId::ParseError,
        RuleId::UnusedSuppression,
    ];

    /// The rule's metadata.
    pub fn meta(self) -> &'static RuleMeta {
        &RULES[self as usize]
    }

    /// The rule's id (`cyclomatic-complexity`).
    pub fn id(self) -> &'static str {
        self.meta().id
    }

    /// The rule with this id.
    pub fn from_id(id: &str) -> Option<RuleId> {
        RuleId::ALL.into_iter().find(|rule| rule.id() == id)
    }
}

/// How one rule is configured.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RuleSetting {
    /// The level of its findings, or `None` when the rule is off.
    pub level: Option<Level>,
    /// Values above this are reported (for rules with a threshold).
    pub threshold: Option<f64>,
}

/// Resolved settings for every rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    rules: [RuleSetting; RuleId::ALL.len()],
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            rules: RuleId::ALL.map(|rule| RuleSetting {
                level: Some(rule.meta().default_level),
                threshold: rule.meta().default_threshold,
            }),
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
}
