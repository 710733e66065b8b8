//! Which commits fix defects, told from their messages.
//!
//! A commit is a fix when one of the rules in use matches its message, and no exclusion
//! matches it. The rules are presets ([`Preset`]) and custom regular expressions (matched
//! against the whole message). The default exclusions drop commits that only fix typos, lint,
//! formatting, type-checker findings, CI, the build, tests or docs (`Fix typo in README`,
//! `fix(ci): ...`, `docs: fix link`, `fix mypy/flake8 findings`, a body that says only
//! `fixes flake8-bugbear B904`); they can be turned off, and more can be added.
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
//! assert!(matches!(rules.classify("Fix typo in README"), Verdict::Excluded(_)));
//! assert!(matches!(rules.classify("fix pyright findings"), Verdict::Excluded(_)));
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

/// Why a commit that a rule matched is not counted as a fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exclusion {
    /// A Conventional Commits type or scope that is not code: `docs:`, `fix(ci):`,
    /// `fix(mypy):`.
    Type,
    /// A subject that fixes typos, lint, formatting, a linter's, type checker's or formatter's
    /// findings, CI or docs: `Fix typo`, `fix mypy/flake8 findings`, `Fixed lint warnings`.
    Subject,
    /// A subject that starts with such a word or tool: `Typo in README`, `mypy: fix types`.
    Topic,
    /// `fix the build`, `fix tests`, and nothing else.
    Build,
    /// Every fix keyword of the message fixes such things (`use exception chaining` with the
    /// body `fixes flake8-bugbear B904`), and no other rule matches.
    Message,
    /// The configured exclude pattern with this index.
    Pattern(usize),
}

impl Exclusion {
    /// How it reads in an audit: `fixes typos, lint, ...`, `exclude pattern 1` (1-based).
    pub fn describe(self) -> String {
        match self {
            Exclusion::Type => "a type or scope that is not code".to_owned(),
            Exclusion::Subject => "fixes typos, lint, formatting, tool findings, CI or docs".to_owned(),
            Exclusion::Topic => "about typos, lint, formatting, a tool, CI or docs".to_owned(),
            Exclusion::Build => "fixes the build or tests".to_owned(),
            Exclusion::Message => "fixes only typos, lint, formatting, tool findings, CI or docs".to_owned(),
            Exclusion::Pattern(index) => format!("exclude pattern {}", index + 1),
        }
    }
}

/// What a commit is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// A fix.
    Fix(Fix),
    /// A rule matched, but an exclusion applies.
    Excluded(Exclusion),
    /// No rule matched.
    NotAFix,
}

/// The rules, compiled.
#[derive(Debug, Clone)]
pub struct FixRules {
    presets: Vec<Preset>,
    patterns: Vec<Regex>,
    /// Whether the default exclusions apply (they also judge each fix keyword of a message).
    default_exclusions: bool,
    exclusions: Vec<(Exclusion, Regex)>,
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

/// Linters, type checkers and formatters whose names mean nothing else, as whole words: a fix
/// of what they report is not a defect.
const TOOLS: &str = r"flake8|pylint|mypy|pyright|pyre|pytype|ruff|bugbear|pycodestyle|pyflakes|pydocstyle|pep\s?8|isort|yapf|autopep8|eslint|tslint|jshint|jslint|stylelint|rubocop|golangci-lint|golangci|golint|gofmt|gofumpt|goimports|staticcheck|go\s+vet|govet|clippy|rustfmt|checkstyle|spotbugs|findbugs|pmd|error-?prone|sonar(?:qube|cloud|lint)?|shellcheck|ktlint|detekt|swiftlint|swiftformat|phpstan|phpcs|php-cs-fixer|clang-tidy|clang-format|cppcheck|cpplint|codespell|markdownlint|hadolint|yamllint|scalafmt|scalafix|credo|hlint|pre-commit";

/// Formatters whose names are also words (`fix black screen` is a defect): they count only
/// when a word about their output follows, or nothing does.
const WORD_TOOLS: &str = r"black|prettier";

/// What a fix is of when it is not a defect, besides the tools: typos, lint, formatting, type
/// annotations, compiler warnings, CI, docs.
const CHORES: &str = r"typos?|spelling|misspell\w*|lints?|linting|linters?|format(?:ting|ter|s)?|fmt|re-?format\w*|whitespace|indentation|style|code\s+style|ci|docs?|documentation|comments?|docstrings?|readme|changelog|(?:compiler|compile|build|deprecation)\s+warnings?|type\s+(?:hints?|annotations?|checks?|checking|checker)|typing|typecheck\w*|type-check\w*|static\s+(?:analysis|typing|types)";

/// The findings a tool reports.
const FINDINGS: &str = r"errors?|warnings?|findings?|issues?|complaints?|violations?|problems?|nits?|suggestions?|lints?|hints?|diagnostics?|reports?|failures?";

/// Words that may stand between a fix and what it fixes: `fix a few typos`, `fix up flake8`.
const FILLER: &str = r"(?:(?:a|an|the|some|minor|small|few|more|several|various|multiple|all|two|three|remaining|new|recent|latest|outstanding|trivial|of|for|from|to|our|up)\s+)*";

/// A verb of a fix keyword (the other keywords, such as `crash`, name a defect).
static FIX_VERB: LazyLock<Regex> = LazyLock::new(|| regex(r"(?i)^(fix|bugfix|hotfix|patch)"));

/// What a fix is of, right after it, when that is not a defect.
fn chore() -> String {
    format!(
        r"(?:(?:{CHORES}|{TOOLS})\b|(?:{WORD_TOOLS})(?:\s+(?:format\w*|style|lint\w*|{FINDINGS}|changes|checks?|config\w*|version|output)\b|[ \t]*(?:$|[\r\n,;.)/]))|(?:{FINDINGS})\s+(?:(?:reported|raised|found|flagged|given|shown)\s+)?(?:by|from|of|in)\s+(?:{TOOLS}|{WORD_TOOLS})\b)"
    )
}

/// Right after a fix verb: what it fixes is not a defect.
static CHORE_AFTER: LazyLock<Regex> = LazyLock::new(|| regex(&format!(r"(?i)^[\s:]+{FILLER}{}", chore())));
/// Right before a fix verb (`flake8 fixes`, `typo fix`, `lint-fixes`).
static CHORE_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| regex(&format!(r"(?i)\b(?:{CHORES}|{TOOLS}|{WORD_TOOLS})[\s:/-]*$")));

/// The default exclusions, matched against the subject.
static EXCLUSIONS: LazyLock<[(Exclusion, Regex); 4]> = LazyLock::new(|| {
    [
        // `fix(docs): ...`, `docs: ...`, `ci(lint): ...`, `fix(mypy): ...`: the type or scope
        // says it is not code.
        (
            Exclusion::Type,
            regex(&format!(
                r"(?i)^(\w+\((docs?|ci|lint|style|fmt|format|typos?|readme|build|tests?|deps|types?|typing|{TOOLS}|{WORD_TOOLS})\)|docs|style|ci|chore|test|build)!?:"
            )),
        ),
        // `Fix typo`, `fix a few typos in the guide`, `Fixed lint warnings`, `fix: formatting`,
        // `fix mypy/flake8 findings`, `Fix errors reported by eslint`.
        (
            Exclusion::Subject,
            regex(&format!(
                r"(?i)\b(fix(e[sd]|ing)?|correct(s|ed|ing)?|bugfix(es)?|hotfix(es)?|patch(ed)?)\b[\s:]+{FILLER}{}",
                chore()
            )),
        ),
        // `Typo in README`, `Typos`, `lint: fix`, `Docs: fix link`, `mypy: fix types`.
        (
            Exclusion::Topic,
            regex(&format!(
                r"(?i)^((typos?|spelling|lint|formatting|fmt|whitespace|docs?|readme|ci|{TOOLS})\b|({WORD_TOOLS})\s*:)"
            )),
        ),
        // `Update README` and such never match a rule; `fix build`, `fix tests` are not defects.
        (Exclusion::Build, regex(r"(?i)^(fix(e[sd]|ing)?)\s+((the|a)\s+)?(build|tests?|flaky tests?)\s*$")),
    ]
});

/// Whether a message has a fix keyword that may be about a defect: a keyword that is not a fix
/// verb (`crash`, `bug`), or a fix verb with neither a chore after it nor one before it.
fn names_a_defect(message: &str) -> bool {
    KEYWORDS.find_iter(message).any(|found| {
        if !FIX_VERB.is_match(found.as_str()) {
            return true;
        }
        // What is before is looked at over a few words only, so that a long message costs
        // time in proportion to its length.
        let mut from = found.start().saturating_sub(64);
        while !message.is_char_boundary(from) {
            from += 1;
        }
        !CHORE_AFTER.is_match(&message[found.end()..])
            && !CHORE_BEFORE.is_match(&message[from..found.start()])
    })
}

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
            exclusions.extend(EXCLUSIONS.iter().cloned());
        }
        for (index, pattern) in options.exclude_patterns.iter().enumerate() {
            exclusions.push((Exclusion::Pattern(index), compile(pattern)?));
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
        Ok(FixRules { presets, patterns, default_exclusions: options.default_exclusions, exclusions, known })
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
        // With the default exclusions, fix keywords that each fix a chore (`fixes flake8
        // warnings`) do not make a fix.
        let keyword = self.presets.contains(&Preset::Keywords) && KEYWORDS.is_match(message);
        let chores_only = keyword && self.default_exclusions && !names_a_defect(message);
        let rule = self
            .presets
            .iter()
            .find(|preset| match preset {
                Preset::Keywords => keyword && !chores_only,
                Preset::Conventional => CONVENTIONAL.is_match(subject),
                Preset::Trailers => !trailer_ids.is_empty(),
                Preset::IssueKeys => !known_ids.is_empty(),
            })
            .map(|preset| Rule::Preset(*preset))
            .or_else(|| self.patterns.iter().position(|p| p.is_match(message)).map(Rule::Pattern));
        let excluded = self.exclusions.iter().find(|(_, pattern)| pattern.is_match(subject));
        let Some(rule) = rule else {
            return if chores_only {
                Verdict::Excluded(excluded.map_or(Exclusion::Message, |(exclusion, _)| *exclusion))
            } else {
                Verdict::NotAFix
            };
        };
        if let Some((exclusion, _)) = excluded {
            return Verdict::Excluded(*exclusion);
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
            assert!(matches!(rules.classify(message), Verdict::Excluded(_)), "{message}");
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
        assert_eq!(custom.classify("Revert \"fix parser\""), Verdict::Excluded(Exclusion::Pattern(0)));
    }

    /// What the fixes of linters', type checkers' and formatters' findings look like in real
    /// histories (the first three are itsdangerous's 876ce6f, fd08baf and c294b2f).
    #[test]
    fn fixes_of_tool_findings_are_excluded() {
        let rules = defaults();
        let excluded = [
            ("fix mypy/flake8 findings", Exclusion::Subject),
            ("use exception chaining\n\nfixes flake8-bugbear B904", Exclusion::Message),
            ("fix pyright findings", Exclusion::Subject),
            ("Fix some of the pylint errors", Exclusion::Subject),
            ("Fixed ruff F401", Exclusion::Subject),
            ("fix: eslint warnings", Exclusion::Subject),
            ("Fix errors reported by eslint", Exclusion::Subject),
            ("fix prettier", Exclusion::Subject),
            ("Fix black formatting of tests", Exclusion::Subject),
            ("fix rubocop offenses", Exclusion::Subject),
            ("fix golangci-lint", Exclusion::Subject),
            ("Fix clippy::needless_return", Exclusion::Subject),
            ("fix isort order", Exclusion::Subject),
            ("Fix Checkstyle and SpotBugs findings", Exclusion::Subject),
            ("fix Sonar issues", Exclusion::Subject),
            ("fix rustfmt", Exclusion::Subject),
            ("Fix type hints", Exclusion::Subject),
            ("fix compiler warnings", Exclusion::Subject),
            ("Improve typing\n\n* Fix static typing of `compat.chardet`", Exclusion::Message),
            ("fix(mypy): narrow the return type", Exclusion::Type),
            ("mypy: fix Optional", Exclusion::Topic),
            ("Flake8 fixes", Exclusion::Topic),
            ("Bump pins\n\nAlso fixes a few flake8 warnings and a typo.", Exclusion::Message),
            ("Refactor the loader\n\nSome pylint fixes.", Exclusion::Message),
        ];
        for (message, exclusion) in excluded {
            assert_eq!(rules.classify(message), Verdict::Excluded(exclusion), "{message}");
        }
        // Real defects that mention a tool, or a word that is also a formatter's name, or a
        // fix of a defect beside a fix of lint.
        for message in [
            "Fix black screen on startup",
            "fix prettier printing of nested lists",
            "Fix crash when mypy is not installed",
            "Handle None\n\nFixes a crash; also fixes flake8 warnings",
            "Refactor\n\nAlso fixes flake8 warnings.\n\nCloses #12",
            "Make ruff faster\n\nThis fixes a regression in 0.4",
            "Fix the prefix check",
        ] {
            assert!(matches!(rules.classify(message), Verdict::Fix(_)), "{message}");
        }
        // Without the default exclusions they all count; custom patterns alone do not look at
        // keywords.
        let lenient =
            FixRules::new(&FixOptions { default_exclusions: false, ..FixOptions::default() }, None).unwrap();
        for (message, _) in excluded {
            assert!(matches!(lenient.classify(message), Verdict::Fix(_)), "{message}");
        }
        // Words, not parts of words: `mypyc`, `prefix`, `blackbox`.
        for message in ["fix mypyc codegen", "fix blackbox test crash", "Fix checkstyles parser"] {
            assert!(matches!(rules.classify(message), Verdict::Fix(_)), "{message}");
        }
    }

    #[test]
    fn a_long_message_costs_time_in_proportion() {
        let rules = defaults();
        let message = format!("Refactor\n\n{}", "fixes flake8 warnings, ".repeat(20_000));
        let start = std::time::Instant::now();
        assert_eq!(rules.classify(&message), Verdict::Excluded(Exclusion::Message));
        assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
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
