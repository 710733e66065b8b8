//! Each rule fires just above its threshold and not at it; suppressions suppress exactly what
//! they name, where they stand, and report themselves when they suppress nothing.

use std::fmt::Write as _;

use plumb_check::{RuleId, Settings, check};
use plumb_lang::Language;
use plumb_metrics::{Analyzer, Counting, NestedFunctions};
use plumb_report::Metric;

/// `(rule, line, message)` of each finding.
fn findings(path: &str, source: &str, settings: &Settings) -> Vec<(&'static str, u32, String)> {
    let language = Language::from_path(path.as_ref(), source.as_bytes()).expect("known language");
    let metrics = Analyzer::new().analyze(source.as_bytes(), language);
    check(path, source, &metrics, settings)
        .findings
        .into_iter()
        .map(|f| (f.rule, f.span.start.line, f.message))
        .collect()
}

/// A Python function with `n` lines of code: the `def` line and `n - 1` statements.
fn long_function(n: usize) -> String {
    let mut source = String::from("def long():\n");
    for i in 1..n {
        let _ = writeln!(source, "    x{i} = {i}");
    }
    source
}

#[test]
fn function_length_is_code_lines_above_100() {
    let settings = Settings::default();
    assert_eq!(findings("a.py", &long_function(100), &settings), []);
    // Comments and blank lines in the body do not count.
    let with_comments = long_function(100).replace("    x50 = 50\n", "    x50 = 50\n\n    # note\n");
    assert_eq!(findings("a.py", &with_comments, &settings), []);
    assert_eq!(
        findings("a.py", &long_function(101), &settings),
        [("function-length", 1, "`long` has 101 lines of code (> 100)".to_owned())]
    );
}

#[test]
fn too_many_parameters_above_7_not_counting_self() {
    let settings = Settings::default();
    let seven = "class C:\n    def m(self, a, b, c, d, e, f, g):\n        pass\n";
    assert_eq!(findings("a.py", seven, &settings), []);
    let eight = "def f(a, b, c, d, e, f, g, *rest):\n    pass\n";
    assert_eq!(
        findings("a.py", eight, &settings),
        [("too-many-parameters", 1, "`f` has 8 parameters (> 7)".to_owned())]
    );
}

#[test]
fn nesting_depth_above_4() {
    let settings = Settings::default();
    let nest = |depth: usize| {
        let mut source = String::from("fn f(x: bool) {\n");
        for level in 0..depth {
            source.push_str(&"    ".repeat(level + 1));
            source.push_str("if x {\n");
        }
        for level in (0..depth).rev() {
            source.push_str(&"    ".repeat(level + 1));
            source.push_str("}\n");
        }
        source.push_str("}\n");
        source
    };
    // Depth 4: cognitive 1+2+3+4 = 10, cyclomatic 5; nothing to report.
    assert_eq!(findings("a.rs", &nest(4), &settings), []);
    // Depth 5: cognitive 15 is still at its threshold; only the nesting is reported.
    assert_eq!(
        findings("a.rs", &nest(5), &settings),
        [("nesting-depth", 1, "`f` nests control flow 5 deep (> 4)".to_owned())]
    );
}

#[test]
fn file_length_above_1000_code_lines() {
    let settings = Settings::default();
    let lines = |n: usize| {
        let mut text = String::new();
        for i in 0..n {
            let _ = writeln!(text, "x{i} = {i}");
        }
        text
    };
    assert_eq!(findings("a.py", &lines(1000), &settings), []);
    assert_eq!(
        findings("a.py", &lines(1001), &settings),
        [("file-length", 1, "`a.py` has 1001 lines of code (> 1000)".to_owned())]
    );
}

#[test]
fn rules_can_be_turned_off_and_thresholds_changed() {
    let mut settings = Settings::default();
    settings.set_level(RuleId::TooManyParameters, None);
    let eight = "def f(a, b, c, d, e, f, g, h):\n    pass\n";
    assert_eq!(findings("a.py", eight, &settings), []);
    settings.set_level(RuleId::TooManyParameters, Some(plumb_report::Level::Error));
    settings.set_threshold(RuleId::TooManyParameters, 2.0);
    assert_eq!(findings("a.py", "def f(a, b, c):\n    pass\n", &settings).len(), 1);
}

/// Cyclomatic complexity 3 (1 + if + else-if) against a threshold of 1, for suppression tests.
fn strict() -> Settings {
    let mut settings = Settings::default();
    settings.set_threshold(RuleId::CyclomaticComplexity, 1.0);
    settings
}

const BRANCHY: &str = "if x > 0:\n        return 1\n    elif x < 0:\n        return -1\n    return 0\n";

#[test]
fn a_suppression_on_the_line_above_or_the_same_line_suppresses_that_rule() {
    let above = format!("# plumb: allow(cyclomatic-complexity) sign dispatch\ndef sign(x):\n    {BRANCHY}");
    assert_eq!(findings("a.py", &above, &strict()), []);
    let same = format!("def sign(x):  # plumb: allow(cyclomatic-complexity)\n    {BRANCHY}");
    assert_eq!(findings("a.py", &same, &strict()), []);
    // Above the decorators counts too.
    let decorated = format!(
        "# plumb: allow(cyclomatic-complexity)\n@cache\n@trace(level=2)\ndef sign(x):\n    {BRANCHY}"
    );
    assert_eq!(findings("a.py", &decorated, &strict()), []);
}

#[test]
fn a_suppression_suppresses_only_the_rules_it_names_and_only_its_function() {
    let source = format!(
        "# plumb: allow(cognitive-complexity)\ndef sign(x):\n    {BRANCHY}\ndef other(x):\n    {BRANCHY}"
    );
    let mut settings = strict();
    settings.set_threshold(RuleId::CognitiveComplexity, 1.0);
    let found = findings("a.py", &source, &settings);
    let summary: Vec<(&str, u32)> = found.iter().map(|(rule, line, _)| (*rule, *line)).collect();
    // `sign`: cyclomatic 3 (not suppressed), cognitive 3 (suppressed: if 1, elif 1, and
    // nothing else); `other` (line 9, after a blank line): both.
    assert_eq!(
        summary,
        [("cyclomatic-complexity", 2), ("cognitive-complexity", 9), ("cyclomatic-complexity", 9)]
    );
}

#[test]
fn a_file_wide_suppression_at_the_top_covers_every_function() {
    let source = format!(
        "# plumb: allow-file(cyclomatic-complexity) generated dispatch tables\nimport os\n\ndef a(x):\n    {BRANCHY}\ndef b(x):\n    {BRANCHY}"
    );
    assert_eq!(findings("a.py", &source, &strict()), []);
}

#[test]
fn suppressions_that_suppress_nothing_are_reported() {
    let settings = Settings::default();
    let stale = "def f(x):  # plumb: allow(cyclomatic-complexity) was complex once\n    return x\n";
    assert_eq!(
        findings("a.py", stale, &settings),
        [("unused-suppression", 1, "`plumb: allow(cyclomatic-complexity)` suppresses nothing".to_owned())]
    );
    let misspelled = "// plumb: allow(cyclomatic) typo\nfn f() {}\n";
    assert_eq!(
        findings("a.rs", misspelled, &settings),
        [(
            "unused-suppression",
            1,
            "`cyclomatic` is not a rule; this suppression suppresses nothing".to_owned()
        )]
    );
    let misplaced = "// plumb: allow(cyclomatic-complexity)\nconst X: u8 = 1;\n\nfn f() {}\n";
    assert_eq!(
        findings("a.rs", misplaced, &settings),
        [(
            "unused-suppression",
            1,
            "`plumb: allow(cyclomatic-complexity)` is not on a function's line or the line above it"
                .to_owned()
        )]
    );
    // A suppression for a rule that is turned off is not news.
    let mut off = Settings::default();
    off.set_level(RuleId::CyclomaticComplexity, None);
    assert_eq!(findings("a.py", stale, &off), []);
    // And the report of unused suppressions is itself a rule that can be turned off.
    let mut quiet = Settings::default();
    quiet.set_level(RuleId::UnusedSuppression, None);
    assert_eq!(findings("a.py", stale, &quiet), []);
}

#[test]
fn block_comment_suppressions_in_c() {
    let source = "/* plumb: allow(cyclomatic-complexity) */\nint sign(int x) {\n    if (x > 0) return 1;\n    else if (x < 0) return -1;\n    return 0;\n}\n";
    assert_eq!(findings("a.c", source, &strict()), []);
}

/// A file shown as `app.py` (from `src/`) and keyed as `src/app.py` (from the repository root)
/// has the findings, paths and messages of `app.py` and the fingerprints of `src/app.py`, for
/// function findings, file findings and unused suppressions alike.
#[test]
fn keyed_fingerprints_follow_the_key_and_nothing_else() {
    let mut source = long_function(101).replace("def long():", "def long():  # plumb: allow(crap)");
    source.push_str("def long():\n    return 1\n");
    let metrics = Analyzer::new().analyze(source.as_bytes(), Language::Python);
    let mut settings = Settings::default();
    settings.set_threshold(RuleId::FileLength, 100.0);
    settings.set_threshold(RuleId::CyclomaticComplexity, 0.0);
    let shown = check("app.py", &source, &metrics, &settings);
    let keyed = plumb_check::check_keyed("app.py", "src/app.py", &source, &metrics, &settings, None);
    let from_root = check("src/app.py", &source, &metrics, &settings);
    let rules: Vec<&str> = keyed.findings.iter().map(|f| f.rule).collect();
    assert_eq!(
        rules,
        [
            "cyclomatic-complexity",
            "file-length",
            "function-length",
            "unused-suppression",
            "cyclomatic-complexity"
        ]
    );
    for ((keyed, shown), from_root) in keyed.findings.iter().zip(&shown.findings).zip(&from_root.findings) {
        assert_eq!((keyed.path.as_str(), &keyed.message), ("app.py", &shown.message));
        assert_eq!(keyed.fingerprint, from_root.fingerprint, "{}", keyed.rule);
        assert_ne!(keyed.fingerprint, shown.fingerprint, "{}", keyed.rule);
    }
    assert_eq!(keyed.file.path, "app.py");
}

/// A Python function of cognitive complexity 20: 1 + 2 + 2 + 3 + 1 + 4 + 5 + 1 + 1.
const WALK: &str = "\
def walk(tree, seen):
    for node in tree:
        if node in seen:
            continue
        while node.next:
            if node.ok and node.ready:
                for child in node:
                    if child:
                        return walk(child, seen)
            else:
                node = node.next
    return None
";

#[test]
fn a_cognitive_finding_names_its_largest_increments_and_lists_them_all() {
    let metrics = Analyzer::new().analyze(WALK.as_bytes(), Language::Python);
    let checked = check("walk.py", WALK, &metrics, &Settings::default());
    let rules: Vec<&str> = checked.findings.iter().map(|f| f.rule).collect();
    // Nested 5 deep too (for, while, if, for, if).
    assert_eq!(rules, ["cognitive-complexity", "nesting-depth"]);
    let finding = &checked.findings[0];
    assert_eq!(
        finding.message,
        "`walk` has a cognitive complexity of 20 (> 15); the largest increments: `if` at 8:21 (+5), \
         `for` at 7:17 (+4), `if` at 6:13 (+3)"
    );
    assert_eq!(
        finding.notes,
        ["20 = 9 increments: `for` 2:5 +1, `if` 3:9 +2 (nesting 1), `while` 5:9 +2 (nesting 1), \
          `if` 6:13 +3 (nesting 2), `and` 6:24 +1, `for` 7:17 +4 (nesting 3), `if` 8:21 +5 (nesting 4), \
          `walk` 9:32 +1, `else` 10:13 +1"]
    );
    let labels: Vec<(u32, u32, &str)> =
        finding.labels.iter().map(|l| (l.span.start.line, l.span.start.column, l.message.as_str())).collect();
    assert_eq!(
        labels,
        [
            (2, 5, "+1 loop"),
            (3, 9, "+2 if (nesting 1)"),
            (5, 9, "+2 loop (nesting 1)"),
            (6, 13, "+3 if (nesting 2)"),
            (6, 24, "+1 and"),
            (7, 17, "+4 loop (nesting 3)"),
            (8, 21, "+5 if (nesting 4)"),
            (9, 32, "+1 recursion"),
            (10, 13, "+1 else"),
        ]
    );
    // The JSON increments: cyclomatic 1 + 7 decisions, cognitive the sum of the rest.
    let function = &checked.file.functions[0];
    let increments = function.increments.as_deref().unwrap();
    let sum =
        |metric: Metric| -> u32 { increments.iter().filter(|i| i.metric == metric).map(|i| i.adds).sum() };
    assert_eq!((function.cyclomatic, 1 + sum(Metric::Cyclomatic)), (8, 8));
    assert_eq!((function.cognitive, sum(Metric::Cognitive)), (20, 20));
    let first: Vec<(Metric, u32, u32, &str, u32, u32)> =
        increments[..4].iter().map(|i| (i.metric, i.line, i.column, i.kind, i.adds, i.nesting)).collect();
    assert_eq!(
        first,
        [
            (Metric::Cyclomatic, 2, 5, "loop", 1, 0),
            (Metric::Cognitive, 2, 5, "loop", 1, 0),
            (Metric::Cyclomatic, 3, 9, "if", 1, 1),
            (Metric::Cognitive, 3, 9, "if", 2, 1),
        ]
    );
}

#[test]
fn with_nested_functions_included_the_note_says_how_much_is_theirs() {
    let source = "\
def outer(items):
    def inner(x):
        if x:
            return 1
        return 0
    return [inner(i) for i in items]
";
    let mut settings = Settings::default();
    settings.set_threshold(RuleId::CognitiveComplexity, 1.0);
    // By default `outer` has no increment of its own: only `inner` (1) is measured.
    assert_eq!(findings("a.py", source, &settings), []);
    settings.set_counting(Counting { nested_functions: NestedFunctions::Include, ..Counting::default() });
    let metrics = Analyzer::new().analyze_with(source.as_bytes(), Language::Python, settings.counting());
    let checked = check("a.py", source, &metrics, &settings);
    let [finding] = &checked.findings[..] else { panic!("{:?}", checked.findings) };
    assert_eq!(
        finding.message,
        "`outer` has a cognitive complexity of 2 (> 1); the largest increments: `inner` at 2:5 (+2)"
    );
    // `inner`'s `if` is +1 in `inner`, +2 in `outer` (nesting 1): one increment of `outer`.
    assert_eq!(
        finding.notes,
        [
            "2 = 1 increment: `inner` 2:5 +2",
            "2 of it from nested functions (`nested-functions = \"include\"`)"
        ]
    );
    let labels: Vec<&str> = finding.labels.iter().map(|l| l.message.as_str()).collect();
    assert_eq!(labels, ["+2 nested-function"]);
    assert_eq!(checked.file.counting.nested_functions, "include");
}
