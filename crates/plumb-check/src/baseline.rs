//! Baselines: the findings a project has accepted for now, so that a check reports only new
//! ones, or ones that got worse.
//!
//! A baseline records each finding by its line-independent [fingerprint](plumb_report::fingerprint)
//! and its measured value, as a versioned JSON document sorted for stable diffs:
//!
//! ```json
//! {
//!   "schema_version": 1,
//!   "findings": [
//!     {
//!       "rule": "cyclomatic-complexity",
//!       "path": "app.py",
//!       "function": "route",
//!       "fingerprint": "c0d773d6f6ba3fcb",
//!       "value": 11
//!     }
//!   ]
//! }
//! ```
//!
//! ```
//! use plumb_check::baseline::Baseline;
//! use plumb_check::{Settings, check};
//! use plumb_lang::Language;
//! use plumb_metrics::Analyzer;
//!
//! let source = "def f(a, b):\n    return a and b\n";
//! let metrics = Analyzer::new().analyze(source.as_bytes(), Language::Python);
//! let mut strict = Settings::default();
//! strict.set_threshold(plumb_check::RuleId::CyclomaticComplexity, 1.0);
//! let findings = check("f.py", source, &metrics, &strict).findings;
//!
//! let baseline = Baseline::parse(&Baseline::from_findings(&findings).to_json()).unwrap();
//! let (kept, stats) = baseline.filter(findings, ["f.py"]);
//! assert!(kept.is_empty());
//! assert_eq!((stats.baselined, stats.worse, stats.fixed), (1, 0, 0));
//! ```

use std::collections::{HashMap, HashSet};

use plumb_report::Finding;
use serde::{Deserialize, Serialize, Serializer};

/// The version of the baseline document this crate writes and reads.
pub const SCHEMA_VERSION: u32 = 1;

/// A set of recorded findings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Baseline {
    /// The recorded findings; [`Baseline::from_findings`], [`Baseline::parse`] and
    /// [`Baseline::to_json`] keep them sorted by path, function, rule, fingerprint and value.
    pub entries: Vec<Entry>,
}

/// One recorded finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The rule's id.
    pub rule: String,
    /// The file. `plumb baseline` records it relative to the repository root, the path the
    /// fingerprint is computed over.
    pub path: String,
    /// The qualified name of the function, for findings about one.
    #[serde(default)]
    pub function: Option<String>,
    /// The finding's line-independent identity; the only field matching uses, with `value`.
    pub fingerprint: String,
    /// The measured value when recorded; a finding is worse when its value is above this.
    #[serde(default, serialize_with = "number")]
    pub value: Option<f64>,
}

/// What [`Baseline::filter`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Findings removed because the baseline records them at the same value or higher.
    pub baselined: usize,
    /// Findings in the baseline whose value rose above the recorded one; they are kept.
    pub worse: usize,
    /// Entries for analysed files that no finding matched: the problem is gone.
    pub fixed: usize,
}

/// Why a baseline document cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Not JSON at all.
    #[error("not valid JSON: {0}")]
    Json(serde_json::Error),
    /// JSON without a `schema_version`.
    #[error("not a plumb baseline: no `schema_version`")]
    MissingVersion,
    /// A `schema_version` this version of plumb does not read.
    #[error("unsupported `schema_version` {found} (this plumb reads version {SCHEMA_VERSION})")]
    UnsupportedVersion {
        /// The value found, as JSON.
        found: serde_json::Value,
    },
    /// The right version, but not the shape of a baseline.
    #[error("not a plumb baseline: {0}")]
    Shape(serde_json::Error),
}

#[derive(Serialize)]
struct DocumentOut<'a> {
    schema_version: u32,
    findings: &'a [Entry],
}

#[derive(Deserialize)]
struct DocumentIn {
    findings: Vec<Entry>,
}

impl Entry {
    fn of(finding: &Finding) -> Self {
        Self {
            rule: finding.rule.to_owned(),
            path: finding.path.clone(),
            function: finding.function.clone(),
            fingerprint: finding.fingerprint.clone(),
            value: finding.measure.map(|measure| measure.value),
        }
    }

    fn order(&self, other: &Self) -> std::cmp::Ordering {
        (&self.path, &self.function, &self.rule, &self.fingerprint)
            .cmp(&(&other.path, &other.function, &other.rule, &other.fingerprint))
            .then_with(|| {
                let value = |entry: &Self| entry.value.unwrap_or(f64::NEG_INFINITY);
                value(self).total_cmp(&value(other))
            })
    }
}

impl Baseline {
    /// Records `findings`.
    pub fn from_findings(findings: &[Finding]) -> Self {
        Self::from_entries(findings.iter().map(Entry::of).collect())
    }

    /// A baseline of these entries, in the canonical order.
    pub fn from_entries(mut entries: Vec<Entry>) -> Self {
        entries.sort_by(Entry::order);
        Self { entries }
    }

    /// Reads a baseline document.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(Error::Json)?;
        match value.get("schema_version") {
            None => return Err(Error::MissingVersion),
            Some(version) if version.as_u64() == Some(u64::from(SCHEMA_VERSION)) => {}
            Some(found) => return Err(Error::UnsupportedVersion { found: found.clone() }),
        }
        // Parsed again from the text, so that shape errors carry a line and column.
        let document: DocumentIn = serde_json::from_str(text).map_err(Error::Shape)?;
        Ok(Self::from_entries(document.findings))
    }

    /// The document: pretty-printed JSON with a final newline, entries in canonical order.
    pub fn to_json(&self) -> String {
        let mut entries = self.entries.clone();
        entries.sort_by(Entry::order);
        let document = DocumentOut { schema_version: SCHEMA_VERSION, findings: &entries };
        let mut text = serde_json::to_string_pretty(&document).expect("a baseline serializes");
        text.push('\n');
        text
    }

    /// Splits `findings` into those to report and what was filtered.
    ///
    /// A finding is baselined when an entry has its fingerprint and its value is at most the
    /// recorded value (a finding or entry without a value matches on the fingerprint alone);
    /// each entry matches one finding. A finding whose entry records a lower value is kept,
    /// with a note. `analysed_paths` are the files this run analysed: their entries that match
    /// no finding are counted as fixed; entries for other files are neither.
    pub fn filter<'a>(
        &self,
        findings: Vec<Finding>,
        analysed_paths: impl IntoIterator<Item = &'a str>,
    ) -> (Vec<Finding>, Stats) {
        let mut unused: HashMap<&str, Vec<&Entry>> = HashMap::new();
        for entry in &self.entries {
            unused.entry(entry.fingerprint.as_str()).or_default().push(entry);
        }
        let recorded = |entry: &&Entry| entry.value.unwrap_or(f64::NEG_INFINITY);
        for candidates in unused.values_mut() {
            candidates.sort_by(|a, b| recorded(b).total_cmp(&recorded(a)));
        }
        let mut stats = Stats::default();
        let mut kept = Vec::new();
        for mut finding in findings {
            let Some(candidates) = unused.get_mut(finding.fingerprint.as_str()) else {
                kept.push(finding);
                continue;
            };
            let value = finding.measure.map(|measure| measure.value);
            let covers = |entry: &&Entry| match (value, entry.value) {
                (Some(value), Some(recorded)) => value <= recorded,
                _ => true,
            };
            // Candidates are by recorded value, highest first: take the lowest that covers.
            if let Some(index) = candidates.iter().rposition(covers) {
                candidates.remove(index);
                stats.baselined += 1;
                continue;
            }
            if !candidates.is_empty() {
                // Every recorded value is below the finding's: compare with the highest.
                let entry = candidates.remove(0);
                if let (Some(value), Some(recorded)) = (value, entry.value) {
                    finding.notes.push(format!("worse than the baseline: {value}, recorded {recorded}"));
                }
                stats.worse += 1;
            }
            kept.push(finding);
        }
        let analysed: HashSet<&str> = analysed_paths.into_iter().collect();
        stats.fixed =
            unused.values().flatten().filter(|entry| analysed.contains(entry.path.as_str())).count();
        (kept, stats)
    }
}

/// Values that are whole numbers are written without a fraction (`11`, not `11.0`).
#[allow(clippy::ref_option)] // The signature `serialize_with` requires.
fn number<S: Serializer>(value: &Option<f64>, serializer: S) -> Result<S::Ok, S::Error> {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    match *value {
        Some(v) if v.fract() == 0.0 && v.abs() <= EXACT => serializer.serialize_i64(v as i64),
        Some(v) => serializer.serialize_f64(v),
        None => serializer.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use plumb_report::{Level, Measure, Span, fingerprint};

    use super::*;

    fn finding(rule: &'static str, path: &str, function: Option<&str>, value: Option<f64>) -> Finding {
        Finding {
            rule,
            level: Level::Error,
            path: path.to_owned(),
            span: Span::default(),
            message: String::new(),
            label: None,
            function: function.map(str::to_owned),
            measure: value.map(|value| Measure { value, threshold: 10.0 }),
            labels: Vec::new(),
            notes: Vec::new(),
            help: None,
            fingerprint: fingerprint(rule, path, function.unwrap_or(""), 0),
        }
    }

    fn cc(path: &str, function: &str, value: f64) -> Finding {
        finding("cyclomatic-complexity", path, Some(function), Some(value))
    }

    fn parse_error(path: &str) -> Finding {
        finding("parse-error", path, None, None)
    }

    fn baseline(findings: &[Finding]) -> Baseline {
        Baseline::from_findings(findings)
    }

    #[test]
    fn the_document_is_sorted_pretty_and_whole_numbers_have_no_fraction() {
        let findings =
            [cc("src/b.py", "route", 11.0), parse_error("src/a.py"), cc("src/a.py", "Shop.pay", 2.5)];
        let text = baseline(&findings).to_json();
        let expected = format!(
            r#"{{
  "schema_version": 1,
  "findings": [
    {{
      "rule": "parse-error",
      "path": "src/a.py",
      "function": null,
      "fingerprint": "{}",
      "value": null
    }},
    {{
      "rule": "cyclomatic-complexity",
      "path": "src/a.py",
      "function": "Shop.pay",
      "fingerprint": "{}",
      "value": 2.5
    }},
    {{
      "rule": "cyclomatic-complexity",
      "path": "src/b.py",
      "function": "route",
      "fingerprint": "{}",
      "value": 11
    }}
  ]
}}
"#,
            fingerprint("parse-error", "src/a.py", "", 0),
            fingerprint("cyclomatic-complexity", "src/a.py", "Shop.pay", 0),
            fingerprint("cyclomatic-complexity", "src/b.py", "route", 0),
        );
        assert_eq!(text, expected);
        // The order of the findings does not matter.
        let reversed: Vec<Finding> = findings.iter().rev().cloned().collect();
        assert_eq!(baseline(&reversed).to_json(), expected);
    }

    #[test]
    fn an_empty_baseline() {
        assert_eq!(Baseline::default().to_json(), "{\n  \"schema_version\": 1,\n  \"findings\": []\n}\n");
        assert_eq!(
            Baseline::parse("{\"schema_version\": 1, \"findings\": []}").unwrap(),
            Baseline::default()
        );
    }

    #[test]
    fn parse_reads_what_to_json_writes() {
        let written = baseline(&[cc("b.py", "g", 12.0), parse_error("a.py"), cc("a.py", "f", 1.5)]);
        let read = Baseline::parse(&written.to_json()).unwrap();
        assert_eq!(read, written);
        assert_eq!(read.entries[0].function, None);
        assert_eq!(read.entries[0].value, None);
        assert_eq!(read.entries[1].value, Some(1.5));
        assert_eq!(read.entries[2].value, Some(12.0));
    }

    #[test]
    fn parse_sorts_and_accepts_missing_optional_fields_and_unknown_ones() {
        let text = r#"{"schema_version": 1, "generator": "someone", "findings": [
            {"rule": "r", "path": "b.py", "fingerprint": "2", "value": 3},
            {"rule": "r", "path": "a.py", "fingerprint": "1"}
        ]}"#;
        let read = Baseline::parse(text).unwrap();
        assert_eq!(
            read.entries,
            [
                Entry {
                    rule: "r".into(),
                    path: "a.py".into(),
                    function: None,
                    fingerprint: "1".into(),
                    value: None
                },
                Entry {
                    rule: "r".into(),
                    path: "b.py".into(),
                    function: None,
                    fingerprint: "2".into(),
                    value: Some(3.0)
                },
            ]
        );
    }

    #[test]
    fn parse_errors_say_what_is_wrong() {
        let message = |text: &str| Baseline::parse(text).unwrap_err().to_string();
        assert_eq!(message("{"), "not valid JSON: EOF while parsing an object at line 1 column 1");
        assert!(matches!(Baseline::parse(""), Err(Error::Json(_))));
        assert_eq!(message("[]"), "not a plumb baseline: no `schema_version`");
        assert!(matches!(Baseline::parse("{}"), Err(Error::MissingVersion)));
        assert_eq!(
            message(r#"{"schema_version": 2, "findings": []}"#),
            "unsupported `schema_version` 2 (this plumb reads version 1)"
        );
        assert_eq!(
            message(r#"{"schema_version": "1", "findings": []}"#),
            "unsupported `schema_version` \"1\" (this plumb reads version 1)"
        );
        assert_eq!(
            message(r#"{"schema_version": 1}"#),
            "not a plumb baseline: missing field `findings` at line 1 column 21"
        );
        assert_eq!(
            message("{\"schema_version\": 1,\n\"findings\": [{\"rule\": \"r\"}]}"),
            "not a plumb baseline: missing field `path` at line 2 column 26"
        );
        assert!(matches!(Baseline::parse(r#"{"schema_version": 1, "findings": 3}"#), Err(Error::Shape(_))));
    }

    #[test]
    fn recorded_findings_at_the_same_or_a_lower_value_are_baselined() {
        let recorded = baseline(&[cc("a.py", "f", 12.0), cc("a.py", "g", 12.0), parse_error("b.py")]);
        let findings = vec![cc("a.py", "f", 12.0), cc("a.py", "g", 11.0), parse_error("b.py")];
        let (kept, stats) = recorded.filter(findings, ["a.py", "b.py"]);
        assert_eq!(kept, []);
        assert_eq!(stats, Stats { baselined: 3, worse: 0, fixed: 0 });
    }

    #[test]
    fn worse_findings_are_kept_with_a_note() {
        let recorded = baseline(&[cc("a.py", "f", 12.0), cc("a.py", "g", 3.0)]);
        let (kept, stats) = recorded.filter(vec![cc("a.py", "f", 14.0), cc("a.py", "g", 3.5)], ["a.py"]);
        assert_eq!(stats, Stats { baselined: 0, worse: 2, fixed: 0 });
        let mut f = cc("a.py", "f", 14.0);
        f.notes.push("worse than the baseline: 14, recorded 12".to_owned());
        let mut g = cc("a.py", "g", 3.5);
        g.notes.push("worse than the baseline: 3.5, recorded 3".to_owned());
        assert_eq!(kept, [f, g]);
    }

    #[test]
    fn new_findings_are_kept_unchanged() {
        let recorded = baseline(&[cc("a.py", "f", 12.0)]);
        let findings = vec![
            cc("a.py", "g", 11.0),
            cc("b.py", "f", 11.0),
            finding("cognitive-complexity", "a.py", Some("f"), Some(16.0)),
            parse_error("a.py"),
        ];
        let (kept, stats) = recorded.filter(findings.clone(), ["a.py", "b.py"]);
        assert_eq!(kept, findings);
        // `f` in a.py no longer has its cyclomatic finding.
        assert_eq!(stats, Stats { baselined: 0, worse: 0, fixed: 1 });
    }

    #[test]
    fn a_value_on_one_side_only_matches_on_the_fingerprint() {
        let mut no_value = cc("a.py", "f", 1.0);
        no_value.measure = None;
        let recorded = baseline(&[no_value.clone(), cc("a.py", "g", 5.0)]);
        let mut g = cc("a.py", "g", 1.0);
        g.measure = None;
        let (kept, stats) = recorded.filter(vec![cc("a.py", "f", 99.0), g], ["a.py"]);
        assert_eq!(kept, []);
        assert_eq!(stats, Stats { baselined: 2, worse: 0, fixed: 0 });
    }

    #[test]
    fn only_entries_for_analysed_files_are_fixed() {
        let recorded = baseline(&[
            cc("a.py", "f", 12.0),
            cc("a.py", "g", 12.0),
            parse_error("b.py"),
            cc("c.py", "h", 11.0),
        ]);
        let (kept, stats) = recorded.filter(vec![cc("a.py", "g", 12.0)], ["a.py", "b.py"]);
        assert_eq!(kept, []);
        // a.py's `f` and b.py's parse error are gone; c.py was not analysed.
        assert_eq!(stats, Stats { baselined: 1, worse: 0, fixed: 2 });
        let (_, stats) = recorded.filter(Vec::new(), []);
        assert_eq!(stats, Stats { baselined: 0, worse: 0, fixed: 0 });
    }

    #[test]
    fn each_entry_matches_one_finding() {
        // Two findings with one fingerprint (as a hash collision would give): each entry is
        // used once, the lowest recorded value that covers a finding first.
        let recorded = baseline(&[cc("a.py", "f", 20.0), cc("a.py", "f", 12.0)]);
        let (kept, stats) = recorded.filter(vec![cc("a.py", "f", 15.0), cc("a.py", "f", 11.0)], ["a.py"]);
        assert_eq!(kept, []);
        assert_eq!(stats, Stats { baselined: 2, worse: 0, fixed: 0 });
        // Whatever the order of the entries.
        let unsorted = Baseline { entries: recorded.entries.iter().rev().cloned().collect() };
        let (kept, stats) = unsorted.filter(vec![cc("a.py", "f", 11.0), cc("a.py", "f", 15.0)], ["a.py"]);
        assert_eq!(kept, []);
        assert_eq!(stats, Stats { baselined: 2, worse: 0, fixed: 0 });
        assert_eq!(unsorted.to_json(), recorded.to_json());

        let (kept, stats) = recorded.filter(vec![cc("a.py", "f", 25.0), cc("a.py", "f", 11.0)], ["a.py"]);
        assert_eq!(kept[0].notes, ["worse than the baseline: 25, recorded 20"]);
        assert_eq!(kept.len(), 1);
        assert_eq!(stats, Stats { baselined: 1, worse: 1, fixed: 0 });

        let (kept, stats) = recorded.filter(vec![cc("a.py", "f", 11.0)], ["a.py"]);
        assert_eq!(kept, []);
        assert_eq!(stats, Stats { baselined: 1, worse: 0, fixed: 1 });

        let (kept, stats) = baseline(&[cc("a.py", "f", 11.0)])
            .filter(vec![cc("a.py", "f", 11.0), cc("a.py", "f", 11.0)], ["a.py"]);
        assert_eq!(kept, [cc("a.py", "f", 11.0)]);
        assert_eq!(stats, Stats { baselined: 1, worse: 0, fixed: 0 });
    }
}
