//! Which commits fix defects, told from their messages.
//!
//! A commit is a fix when one of the rules in use matches its message, and no exclusion
//! matches its subject. The rules are presets ([`Preset`]) and custom regular expressions
//! (matched against the whole message). The default exclusions drop commits that only fix
//! typos, lint, formatting, CI, the build, tests or docs (`Fix typo in README`, `fix(ci): ...`,
//! `docs: fix link`); they can be turned off, and more can be added.
//!
//! A fix also names the defects it fixes, when its message says: `Fixes: #12` and `closes
//! ABC-3` trailers and closing keywords (preset [`Preset::Trailers`]), and ids of the imported
//! defect list mentioned anywhere in the message ([`Preset::IssueKeys`]). Two commits that fix
//! the same id fix one defect.
//!
//! ```
//! use plumb_history::fixes::{FixOptions, FixRules, Verdict};
//!
//! let rules = FixRules::new(&FixOptions::default(), None).unwrap();
//! assert!(matches!(rules.classify("fix(parser): crash on empty input"), Verdict::Fix(_)));
//! assert!(matches!(rules.classify("Fix typo in README"), Verdict::Excluded));
//! assert!(matches!(rules.classify("Add a --since flag"), Verdict::NotAFix));
//! ```

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use crate::Error;
use crate::export::{DefectList, normalize};

/// A built-in way of recognising fix commits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Preset {
    /// Whole words anywhere in the message, any case: fix, fixes, fixed, fixing, bug, bugs,
    /// bugfix, defect, fault, crash, crashes, crashed, regression, hotfix, patch, patched.
    Keywords,
    /// A Conventional Commits fix subject: `fix:`, `fix(scope):`, `fix!:` (and `bugfix`,
    /// `hotfix`).
    Conventional,
    /// A `Fixes:`, `Closes:` or `Resolves:` trailer with an id (`Fixes: #12`, `Closes: ABC-3`),
    /// or a closing keyword before an issue reference (`fixes #12`, `resolved owner/repo#3`).
    Trailers,
    /// A mention of an id of the imported defect list (`ABC-123`, `#123`): needs a defect list.
    IssueKeys,
}

impl Preset {
    /// Every preset.
    pub const ALL: [Preset; 4] =
        [Preset::Keywords, Preset::Conventional, Preset::Trailers, Preset::IssueKeys];

    /// Its name on the command line and in configuration.
    pub fn id(self) -> &'static str {
        match self {
            Preset::Keywords => "keywords",
            Preset::Conventional => "conventional",
            Preset::Trailers => "trailers",
            Preset::IssueKeys => "issue-keys",
        }
    }

    /// The preset with this name.
    pub fn from_id(id: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|preset| preset.id() == id)
    }
}

/// Which rules to use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixOptions {
    /// The presets. `None` means the defaults: keywords, conventional and trailers when no
    /// custom pattern is given, none otherwise; plus issue keys when a defect list is given.
    pub presets: Option<Vec<Preset>>,
    /// Custom regular expressions, matched against the whole message.
    pub patterns: Vec<String>,
    /// Whether the default exclusions apply.
    pub default_exclusions: bool,
    /// More exclusions: regular expressions matched against the subject.
    pub exclude_patterns: Vec<String>,
}

impl Default for FixOptions {
    fn default() -> Self {
        Self { presets: None, patterns: Vec::new(), default_exclusions: true, exclude_patterns: Vec::new() }
    }
}

/// What matched a fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    /// A preset.
    Preset(Preset),
    /// The custom pattern with this index in [`FixOptions::patterns`].
    Pattern(usize),
}

impl Rule {
    /// `keywords`, `pattern 1` (1-based).
    pub fn describe(&self) -> String {
        match self {
            Rule::Preset(preset) => preset.id().to_owned(),
            Rule::Pattern(index) => format!("pattern {}", index + 1),
        }
    }
}

/// A fix commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// The first rule that matched, in the order keywords, conventional, trailers, issue keys,
    /// custom patterns.
    pub rule: Rule,
    /// The defect ids it names, normalised ([`normalize`]); empty when it names none, and the
    /// commit itself is then the defect.
    pub ids: Vec<String>,
}

/// What a commit is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// A fix.
    Fix(Fix),
    /// A rule matched, but an exclusion matched the subject.
    Excluded,
    /// No rule matched.
    NotAFix,
}

/// The rules, compiled.
#[derive(Debug, Clone)]
pub struct FixRules {
    presets: Vec<Preset>,
    patterns: Vec<Regex>,
    exclusions: Vec<Regex>,
    /// The ids of the defect list, for [`Preset::IssueKeys`].
    known: BTreeSet<String>,
}

fn regex(pattern: &str) -> Regex {
    // The built-in patterns are constants, checked by the tests.
    #[allow(clippy::unwrap_used)]
    Regex::new(pattern).unwrap()
}

static KEYWORDS: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(fix(e[sd]|ing)?|bugs?|bugfix(es)?|defects?|faults?|crash(es|ed)?|regressions?|hotfix(es)?|patch(ed)?)\b",
    )
});
static CONVENTIONAL: LazyLock<Regex> = LazyLock::new(|| regex(r"(?i)^(fix|bugfix|hotfix)(\([^)]*\))?!?:"));
/// `Fixes: #12`, `Closes: ABC-3`, `Resolves: https://host/o/r/issues/4` (the value is read by
/// [`references`]).
static TRAILER: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?im)^\s*(fix(e[sd])?|close[sd]?|resolve[sd]?)\s*:\s*(?P<value>.+)$"));
/// `fixes #12`, `closed owner/repo#3`, `resolves ABC-4`.
static CLOSING: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(fix(e[sd])?|close[sd]?|resolve[sd]?)\s+(?P<ref>([\w.-]+/[\w.-]+)?#\d+|[A-Z][A-Z0-9_]+-\d+)\b",
    )
});
/// Issue references: `ABC-123`, `#123`, `owner/repo#123`, `.../issues/123`.
static REFERENCE: LazyLock<Regex> =
    LazyLock::new(|| regex(r"\b[A-Z][A-Z0-9_]+-\d+\b|(?:[\w.-]+/[\w.-]+)?#\d+\b|/issues/\d+\b"));

/// The default exclusions, matched against the subject.
const EXCLUSIONS: [&str; 4] = [
    // `fix(docs): ...`, `docs: ...`, `ci(lint): ...`: the type or scope says it is not code.
    r"(?i)^(\w+\((docs?|ci|lint|style|fmt|format|typos?|readme|build|tests?|deps)\)|docs|style|ci|chore|test|build)!?:",
    // `Fix typo`, `fix a few typos in the guide`, `Fixed lint warnings`, `fix: formatting`.
    r"(?i)\b(fix(e[sd]|ing)?|correct(s|ed|ing)?)\b[\s:]+((a|an|the|some|minor|small|few|more|several|various|multiple|all|two|three)\s+)*(typos?|spelling|misspell\w*|lints?|linting|linter|clippy|rustfmt|fmt|format(ting)?|whitespace|indentation|style|ci|docs?|documentation|comments?|readme|changelog)\b",
    // `Typo in README`, `Typos`, `lint: fix`, `Docs: fix link`.
    r"(?i)^(typos?|spelling|lint|clippy|formatting|fmt|whitespace|docs?|readme|ci)\b",
    // `Update README` and such never match a rule; `fix build`, `fix tests` are not defects.
    r"(?i)^(fix(e[sd]|ing)?)\s+((the|a)\s+)?(build|tests?|flaky tests?)\s*$",
];

impl FixRules {
    /// Compiles the rules. `defects` is the imported defect list, if any.
    pub fn new(options: &FixOptions, defects: Option<&DefectList>) -> Result<FixRules, Error> {
        let compile = |pattern: &String| {
            Regex::new(pattern)
                .map_err(|e| Error::InvalidPattern { pattern: pattern.clone(), message: e.to_string() })
        };
        let patterns = options.patterns.iter().map(compile).collect::<Result<Vec<_>, _>>()?;
        let mut exclusions = Vec::new();
        if options.default_exclusions {
            exclusions.extend(EXCLUSIONS.iter().map(|pattern| regex(pattern)));
        }
        for pattern in &options.exclude_patterns {
            exclusions.push(compile(pattern)?);
        }
        let mut presets = options.presets.clone().unwrap_or_else(|| {
            let mut presets = Vec::new();
            if options.patterns.is_empty() {
                presets.extend([Preset::Keywords, Preset::Conventional, Preset::Trailers]);
            }
            if defects.is_some() {
                presets.push(Preset::IssueKeys);
            }
            presets
        });
        presets.sort();
        presets.dedup();
        let known =
            defects.map(|list| list.defects.iter().map(|d| d.id.clone()).collect()).unwrap_or_default();
        Ok(FixRules { presets, patterns, exclusions, known })
    }

    /// The presets in use.
    pub fn presets(&self) -> &[Preset] {
        &self.presets
    }

    /// How many custom patterns are in use.
    pub fn patterns(&self) -> usize {
        self.patterns.len()
    }

    /// Whether any rule is in use.
    pub fn is_empty(&self) -> bool {
        self.presets.is_empty() && self.patterns.is_empty()
    }

    /// Classifies a commit message.
    pub fn classify(&self, message: &str) -> Verdict {
        let subject = message.lines().next().unwrap_or("").trim();
        let trailer_ids = trailer_ids(message);
        let known_ids: Vec<String> = if self.known.is_empty() {
            Vec::new()
        } else {
            references(message).into_iter().filter(|id| self.known.contains(id)).collect()
        };
        let rule = self
            .presets
            .iter()
            .find(|preset| match preset {
                Preset::Keywords => KEYWORDS.is_match(message),
                Preset::Conventional => CONVENTIONAL.is_match(subject),
                Preset::Trailers => !trailer_ids.is_empty(),
                Preset::IssueKeys => !known_ids.is_empty(),
            })
            .map(|preset| Rule::Preset(*preset))
            .or_else(|| self.patterns.iter().position(|p| p.is_match(message)).map(Rule::Pattern));
        let Some(rule) = rule else { return Verdict::NotAFix };
        if self.exclusions.iter().any(|exclusion| exclusion.is_match(subject)) {
            return Verdict::Excluded;
        }
        // Ids of the list when the message names some, else those its trailers name (when the
        // trailers preset is in use).
        let ids = if !known_ids.is_empty() {
            known_ids
        } else if self.presets.contains(&Preset::Trailers) {
            trailer_ids
        } else {
            Vec::new()
        };
        Verdict::Fix(Fix { rule, ids })
    }
}

/// Every issue reference in a message, normalised, without repeats, in order.
pub fn references(message: &str) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for found in REFERENCE.find_iter(message) {
        let id = normalize(found.as_str().trim_start_matches("/issues/"));
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

/// The ids named by `Fixes:`-style trailers and closing keywords.
fn trailer_ids(message: &str) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    let mut add = |id: String| {
        if !ids.contains(&id) {
            ids.push(id);
        }
    };
    for captures in TRAILER.captures_iter(message) {
        references(&captures["value"]).into_iter().for_each(&mut add);
    }
    for captures in CLOSING.captures_iter(message) {
        add(normalize(&captures["ref"]));
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::Defect;

    fn defaults() -> FixRules {
        FixRules::new(&FixOptions::default(), None).unwrap()
    }

    fn fix(rules: &FixRules, message: &str) -> Option<(String, Vec<String>)> {
        match rules.classify(message) {
            Verdict::Fix(fix) => Some((fix.rule.describe(), fix.ids)),
            _ => None,
        }
    }

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|id| (*id).to_owned()).collect()
    }

    #[test]
    fn keywords_are_whole_words_in_any_case() {
        let rules = defaults();
        for message in [
            "Fix off-by-one in the lexer",
            "handle empty input\n\nThis fixes a crash when the file is empty.",
            "BUG: wrong total",
            "Regression in 1.2",
            "hotfix for the release",
            "patched the parser",
        ] {
            assert_eq!(fix(&rules, message), Some(("keywords".to_owned(), vec![])), "{message}");
        }
        for message in
            ["Add prefix and suffix options", "New fixtures", "debug output", "fixup! x", "Bugzilla link"]
        {
            assert_eq!(rules.classify(message), Verdict::NotAFix, "{message}");
        }
    }

    #[test]
    fn conventional_commits() {
        let rules = FixRules::new(
            &FixOptions { presets: Some(vec![Preset::Conventional]), ..FixOptions::default() },
            None,
        )
        .unwrap();
        for message in
            ["fix: empty input", "fix(parser): empty input", "fix!: drop the old flag", "hotfix: x"]
        {
            assert_eq!(fix(&rules, message), Some(("conventional".to_owned(), vec![])), "{message}");
        }
        // Only the subject's type counts.
        for message in ["feat: fix-like feature", "refactor: the fix module", "feat: x\n\nfix: in the body"] {
            assert_eq!(rules.classify(message), Verdict::NotAFix, "{message}");
        }
    }

    #[test]
    fn trailers_and_closing_keywords_name_defects() {
        let rules = FixRules::new(
            &FixOptions { presets: Some(vec![Preset::Trailers]), ..FixOptions::default() },
            None,
        )
        .unwrap();
        assert_eq!(
            fix(&rules, "Handle tabs\n\nFixes: #12\nCloses: ABC-3"),
            Some(("trailers".to_owned(), ids(&["#12", "ABC-3"])))
        );
        assert_eq!(
            fix(&rules, "Handle tabs (fixes owner/repo#7, resolves PROJ-9)"),
            Some(("trailers".to_owned(), ids(&["#7", "PROJ-9"])))
        );
        assert_eq!(
            fix(&rules, "x\n\nResolves: https://github.com/o/r/issues/44"),
            Some(("trailers".to_owned(), ids(&["#44"])))
        );
        // A `Fixes:` trailer naming a commit (the Linux kernel's) names no defect id.
        assert_eq!(rules.classify("x\n\nFixes: 1234567890ab (\"parser: y\")"), Verdict::NotAFix);
        assert_eq!(rules.classify("Mention #12 in passing"), Verdict::NotAFix);
    }

    #[test]
    fn issue_keys_need_the_defect_list() {
        let list = DefectList {
            defects: vec![
                Defect { id: "ABC-1".into(), title: None, paths: vec![] },
                Defect { id: "#5".into(), title: None, paths: vec![] },
            ],
            ..DefectList::default()
        };
        let rules = FixRules::new(&FixOptions::default(), Some(&list)).unwrap();
        assert_eq!(
            rules.presets(),
            [Preset::Keywords, Preset::Conventional, Preset::Trailers, Preset::IssueKeys]
        );
        assert_eq!(fix(&rules, "ABC-1: handle tabs"), Some(("issue-keys".to_owned(), ids(&["ABC-1"]))));
        assert_eq!(fix(&rules, "Handle tabs (#5, ABC-2)"), Some(("issue-keys".to_owned(), ids(&["#5"]))));
        // A keyword fix that mentions a listed id is linked to it.
        assert_eq!(fix(&rules, "Fix ABC-1 again"), Some(("keywords".to_owned(), ids(&["ABC-1"]))));
        assert_eq!(rules.classify("ABC-2: a story"), Verdict::NotAFix);
        // With only a custom pattern, the presets are off but the list's keys still count.
        let options = FixOptions { patterns: vec!["^repair".into()], ..FixOptions::default() };
        let rules = FixRules::new(&options, Some(&list)).unwrap();
        assert_eq!(rules.presets(), [Preset::IssueKeys]);
        assert_eq!(fix(&rules, "repair the totals"), Some(("pattern 1".to_owned(), vec![])));
        assert_eq!(rules.classify("Fix the totals"), Verdict::NotAFix);
    }

    #[test]
    fn typo_lint_ci_and_docs_fixes_are_excluded() {
        let rules = defaults();
        for message in [
            "Fix typo",
            "fix a few typos in the guide",
            "Fixed lint warnings",
            "fix: formatting",
            "fix(docs): broken link",
            "fix(ci): cache key",
            "docs: fix the example",
            "ci: fix the release job",
            "chore: fix clippy",
            "Typo fix in error message",
            "Fix CI",
            "fix the build",
            "Fix tests",
        ] {
            assert_eq!(rules.classify(message), Verdict::Excluded, "{message}");
        }
        for message in
            ["Fix crash in docs generator", "fix: typed arrays lose their length", "Fix test runner hang"]
        {
            assert!(matches!(rules.classify(message), Verdict::Fix(_)), "{message}");
        }
        let lenient =
            FixRules::new(&FixOptions { default_exclusions: false, ..FixOptions::default() }, None).unwrap();
        assert!(matches!(lenient.classify("Fix typo"), Verdict::Fix(_)));
        let options = FixOptions { exclude_patterns: vec!["(?i)^revert".into()], ..FixOptions::default() };
        let custom = FixRules::new(&options, None).unwrap();
        assert_eq!(custom.classify("Revert \"fix parser\""), Verdict::Excluded);
    }

    #[test]
    fn invalid_patterns_are_errors() {
        let options = FixOptions { patterns: vec!["fix(".into()], ..FixOptions::default() };
        let error = FixRules::new(&options, None).unwrap_err().to_string();
        assert!(error.starts_with("invalid fix pattern `fix(`: "), "{error}");
        let options = FixOptions { exclude_patterns: vec!["[".into()], ..FixOptions::default() };
        assert!(FixRules::new(&options, None).is_err());
    }

    #[test]
    fn presets_by_name() {
        for preset in Preset::ALL {
            assert_eq!(Preset::from_id(preset.id()), Some(preset));
        }
        assert_eq!(Preset::from_id("jira"), None);
    }
}
