//! The server's settings: what the client sends in `initializationOptions`, answers to
//! `workspace/configuration` (section `plumb`) and pushes with `workspace/didChangeConfiguration`.

use serde::Deserialize;
use serde_json::Value;

/// Which functions get their numbers shown above them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Functions {
    /// Every function.
    #[default]
    All,
    /// Only those whose cyclomatic or cognitive complexity reaches `fraction` of its threshold.
    NearThreshold,
    /// None.
    None,
}

/// How a function's numbers are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Annotations {
    /// A code lens on the line above the function.
    #[default]
    CodeLens,
    /// An inlay hint at the end of the function's first line.
    InlayHint,
}

/// The coverage reports: one path or glob, or several.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

/// The settings, each with its default.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Settings {
    /// Coverage reports (paths or globs relative to the workspace folder), as `plumb check
    /// --coverage` reads them; none by default.
    #[serde(deserialize_with = "one_or_many")]
    pub coverage: Vec<String>,
    /// Which functions get their numbers shown.
    pub functions: Functions,
    /// With `near-threshold`: the fraction of a threshold a function must reach.
    pub fraction: f64,
    /// Code lenses or inlay hints.
    pub annotations: Annotations,
    /// How long the server waits after an edit before analysing, in milliseconds.
    pub debounce_ms: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            coverage: Vec::new(),
            functions: Functions::All,
            fraction: 0.8,
            annotations: Annotations::CodeLens,
            debounce_ms: 200,
        }
    }
}

fn one_or_many<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    Ok(match Option::<OneOrMany>::deserialize(deserializer)? {
        None => Vec::new(),
        Some(OneOrMany::One(one)) => vec![one],
        Some(OneOrMany::Many(many)) => many,
    })
}

impl Settings {
    /// The settings in a client's value: the object itself, or its `plumb` member. `null`
    /// gives the defaults; an invalid value is an error that says what is wrong.
    pub fn from_value(value: &Value) -> Result<Self, String> {
        let value = value.get("plumb").unwrap_or(value);
        if value.is_null() {
            return Ok(Self::default());
        }
        let settings =
            Self::deserialize(value).map_err(|error| format!("invalid plumb settings: {error}"))?;
        if !(0.0..=1.0).contains(&settings.fraction) {
            return Err(format!(
                "invalid plumb settings: fraction {} is not between 0 and 1",
                settings.fraction
            ));
        }
        Ok(settings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_read_from_the_object_or_its_plumb_member() {
        let value = serde_json::json!({"plumb": {"coverage": "lcov.info", "functions": "near-threshold"}});
        let settings = Settings::from_value(&value).unwrap();
        assert_eq!(settings.coverage, vec!["lcov.info".to_owned()]);
        assert_eq!(settings.functions, Functions::NearThreshold);
        assert_eq!(settings.fraction.to_string(), "0.8");
        let value = serde_json::json!({"annotations": "inlay-hint", "coverage": ["a", "b"], "debounceMs": 5});
        let settings = Settings::from_value(&value).unwrap();
        assert_eq!(
            (settings.annotations, settings.coverage.len(), settings.debounce_ms),
            (Annotations::InlayHint, 2, 5)
        );
        assert_eq!(Settings::from_value(&Value::Null).unwrap(), Settings::default());
    }

    #[test]
    fn invalid_settings_say_what_is_wrong() {
        let error = Settings::from_value(&serde_json::json!({"functions": "some"})).unwrap_err();
        assert!(error.contains("unknown variant `some`"), "{error}");
        let error = Settings::from_value(&serde_json::json!({"fraction": 2.0})).unwrap_err();
        assert_eq!(error, "invalid plumb settings: fraction 2 is not between 0 and 1");
        assert!(Settings::from_value(&serde_json::json!({"lens": "all"})).is_err());
    }
}
