//! Fixture tests: real source files whose expected metrics are written by hand in comments.
//!
//! Every file under `tests/fixtures/` is analysed. In it:
//!
//! - `plumb-file: lines=N code=N comments=N blanks=N` states the file's line counts;
//! - each `plumb: name=NAME key=value ...` line describes one function, in the order functions
//!   start in the file (a parent before the closures inside it). Keys: `name`, `qname`
//!   (qualified name), `cc` (cyclomatic), `cog` (cognitive), `code`, `lines`, `params`,
//!   `nesting` (max nesting), `returns`, `exits` (early exits), `line` (start line),
//!   `decisions` (comma-separated decision kinds in source order), `increments` (the cognitive
//!   increments in source order, each `kind+adds`: `loop+1,if+2,else+1`). Quote values with
//!   spaces: `name="<closure in main>"`.
//! - the counting variants are checked too, each file being measured once per variant:
//!   `cog-include` is the cognitive complexity with nested functions included
//!   (`nested-functions = "include"`), `cc-modified` the cyclomatic complexity of the modified
//!   variant (a switch counts 1), and `cc-no-bool` the cyclomatic complexity without boolean
//!   operators. Each defaults to `cog` or `cc`: a function whose number differs must say so.
//!
//! Set `PLUMB_FIXTURE=python` to check only the fixtures whose path contains `python`.
//!
//! There must be exactly one `plumb:` line per function, so nothing goes unchecked; `name` and
//! `cc` and `cog` are required. Comments next to the code show how each number was worked out.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use plumb_lang::Language;
use plumb_metrics::{Analyzer, Counting, CyclomaticVariant, FileMetrics, FunctionMetrics, NestedFunctions};

/// A counting variant: what it is, and the key that states its number (with the key it
/// defaults to).
struct Variant {
    counting: Counting,
    key: &'static str,
    fallback: &'static str,
}

/// The variants checked besides the defaults.
const VARIANTS: [Variant; 3] = [
    Variant {
        counting: Counting {
            variant: CyclomaticVariant::Classic,
            count_boolean_operators: true,
            nested_functions: NestedFunctions::Include,
        },
        key: "cog-include",
        fallback: "cog",
    },
    Variant {
        counting: Counting {
            variant: CyclomaticVariant::Modified,
            count_boolean_operators: true,
            nested_functions: NestedFunctions::Exclude,
        },
        key: "cc-modified",
        fallback: "cc",
    },
    Variant {
        counting: Counting {
            variant: CyclomaticVariant::Classic,
            count_boolean_operators: false,
            nested_functions: NestedFunctions::Exclude,
        },
        key: "cc-no-bool",
        fallback: "cc",
    },
];

/// Every function's increments add up to its numbers.
fn check_identity(metrics: &FileMetrics, errors: &mut String, at: &str) {
    for function in &metrics.functions {
        let decisions = u32::try_from(function.decision_points.len()).unwrap_or(u32::MAX);
        let adds: u32 = function.increments.iter().map(|increment| increment.adds).sum();
        if function.cyclomatic != 1 + decisions || function.cognitive != adds {
            let _ = writeln!(
                errors,
                "{at}: `{}` ({:?}): cyclomatic {} with {decisions} decisions, cognitive {} with increments adding {adds}",
                function.name, metrics.counting, function.cyclomatic, function.cognitive
            );
        }
    }
}

fn fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .collect();
    files.sort();
    files
}

/// `key=value` pairs after `marker` on a line; a value with spaces is quoted (`name="<closure in f>"`).
fn pairs<'a>(line: &'a str, marker: &str) -> Option<Vec<(&'a str, &'a str)>> {
    let mut rest = line[line.find(marker)? + marker.len()..].trim_start();
    let mut pairs = Vec::new();
    while let Some((key, after)) = rest.split_once('=') {
        let (value, next) = match after.strip_prefix('"') {
            Some(quoted) => quoted.split_once('"').unwrap_or((quoted, "")),
            None => after.split_once(char::is_whitespace).unwrap_or((after, "")),
        };
        pairs.push((key.trim(), value));
        rest = next.trim_start();
    }
    Some(pairs)
}

fn check_function(function: &FunctionMetrics, expected: &[(&str, &str)], errors: &mut String, at: &str) {
    for &(key, want) in expected {
        let got = match key {
            "name" => function.name.clone(),
            "qname" => function.qualified_name.clone(),
            "cc" => function.cyclomatic.to_string(),
            "cog" => function.cognitive.to_string(),
            "code" => function.code.to_string(),
            "lines" => function.lines.to_string(),
            "params" => function.params.to_string(),
            "nesting" => function.max_nesting.to_string(),
            "returns" => function.returns.to_string(),
            "exits" => function.early_exits.to_string(),
            "line" => function.span.start.line.to_string(),
            "decisions" => {
                let kinds: Vec<_> = function.decision_points.iter().map(|d| d.kind.as_str()).collect();
                kinds.join(",")
            }
            "increments" => {
                let increments: Vec<_> =
                    function.increments.iter().map(|i| format!("{}+{}", i.kind.as_str(), i.adds)).collect();
                increments.join(",")
            }
            // Checked in their own variants.
            "cog-include" | "cc-modified" | "cc-no-bool" => continue,
            other => {
                let _ = writeln!(errors, "{at}: unknown key `{other}`");
                continue;
            }
        };
        if got != want {
            let _ = writeln!(errors, "{at}: `{}` {key}: expected {want}, got {got}", function.name);
        }
    }
    // `lines` counts the lines from the first to the last: the span ends on its last line.
    let (start, end) = (function.span.start.line, function.span.end.line);
    if end < start || function.lines != end - start + 1 {
        let _ = writeln!(
            errors,
            "{at}: `{}` spans lines {start} to {end} but has {} lines",
            function.name, function.lines
        );
    }
    for required in ["name", "cc", "cog"] {
        if !expected.iter().any(|(key, _)| *key == required) {
            let _ = writeln!(errors, "{at}: expectation without `{required}`");
        }
    }
}

fn check_file(path: &Path, source: &str, metrics: &FileMetrics, whole_file: bool) -> String {
    let mut errors = String::new();
    let name = path.display().to_string();
    let mut expectations = Vec::new();
    let mut file_expectation = None;
    for (index, line) in source.lines().enumerate() {
        if let Some(pairs) = pairs(line, "plumb-file:") {
            file_expectation = Some(pairs);
        } else if let Some(pairs) = pairs(line, "plumb:") {
            expectations.push((index + 1, pairs));
        }
    }
    match file_expectation {
        Some(expected) => {
            for (key, want) in expected {
                let got = match key {
                    "lines" => metrics.lines,
                    "code" => metrics.code,
                    "comments" => metrics.comments,
                    "blanks" => metrics.blanks,
                    "errors" => metrics.syntax_errors,
                    _ => {
                        let _ = writeln!(errors, "{name}: unknown file key `{key}`");
                        continue;
                    }
                };
                if got.to_string() != want {
                    let _ = writeln!(errors, "{name}: file {key}: expected {want}, got {got}");
                }
            }
        }
        None if whole_file => {
            let _ = writeln!(errors, "{name}: no `plumb-file:` line");
        }
        None => {}
    }
    if metrics.syntax_errors > 0 && !source.contains("errors=") {
        let _ = writeln!(
            errors,
            "{name}: {} syntax errors at {:?}",
            metrics.syntax_errors, metrics.first_syntax_error
        );
    }
    if expectations.len() != metrics.functions.len() {
        let found: Vec<_> =
            metrics.functions.iter().map(|f| format!("{}@{}", f.qualified_name, f.span.start.line)).collect();
        let _ = writeln!(
            errors,
            "{name}: {} expectations for {} functions; functions found: {}",
            expectations.len(),
            metrics.functions.len(),
            found.join(", ")
        );
    }
    for ((line, expected), function) in expectations.iter().zip(&metrics.functions) {
        check_function(function, expected, &mut errors, &format!("{name}:{line}"));
    }
    check_identity(metrics, &mut errors, &name);
    errors
}

/// The numbers of a file measured in a counting variant: each function's `key`, or its
/// `fallback` when the variant does not change it.
fn check_variant(path: &Path, source: &str, metrics: &FileMetrics, variant: &Variant) -> String {
    let mut errors = String::new();
    let name = path.display().to_string();
    let expectations: Vec<(usize, Vec<(&str, &str)>)> = source
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.contains("plumb-file:"))
        .filter_map(|(index, line)| Some((index + 1, pairs(line, "plumb:")?)))
        .collect();
    for ((line, expected), function) in expectations.iter().zip(&metrics.functions) {
        let find = |key: &str| expected.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
        let Some(want) = find(variant.key).or_else(|| find(variant.fallback)) else { continue };
        let got = match variant.fallback {
            "cog" => function.cognitive,
            _ => function.cyclomatic,
        };
        if got.to_string() != want {
            let _ = writeln!(
                errors,
                "{name}:{line}: `{}` {}: expected {want}, got {got}",
                function.name, variant.key
            );
        }
    }
    check_identity(metrics, &mut errors, &name);
    errors
}

#[test]
fn fixtures_match_their_hand_worked_metrics() {
    let filter = std::env::var("PLUMB_FIXTURE").ok();
    let files: Vec<PathBuf> = fixtures()
        .into_iter()
        .filter(|path| filter.as_deref().is_none_or(|f| path.to_string_lossy().contains(f)))
        .collect();
    assert!(!files.is_empty(), "no fixtures found");
    let mut analyzer = Analyzer::new();
    let mut report = String::new();
    let mut languages = std::collections::BTreeSet::new();
    for path in &files {
        let source = std::fs::read_to_string(path).expect("fixture is UTF-8");
        let Some(language) = Language::from_path(path, source.as_bytes()) else {
            let _ = writeln!(report, "{}: unknown language", path.display());
            continue;
        };
        languages.insert(language);
        let metrics = analyzer.analyze(source.as_bytes(), language);
        report.push_str(&check_file(path, &source, &metrics, true));
        for variant in &VARIANTS {
            let metrics = analyzer.analyze_with(source.as_bytes(), language, variant.counting);
            report.push_str(&check_variant(path, &source, &metrics, variant));
        }
    }
    assert!(report.is_empty(), "fixture mismatches:\n{report}");
    if filter.is_some() {
        return;
    }
    for &language in Language::ALL {
        assert!(languages.contains(&language), "no fixture for {language}");
    }
}

/// The fenced code blocks of a Markdown file that hold `plumb:` expectations, with their
/// language and the line the block starts on.
fn expectation_blocks(markdown: &str) -> Vec<(Language, usize, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(Option<Language>, usize, String)> = None;
    for (index, line) in markdown.lines().enumerate() {
        match (&mut current, line.strip_prefix("```")) {
            (None, Some(tag)) => current = Some((Language::from_id(tag.trim()), index + 2, String::new())),
            (Some(_), Some(_)) => {
                if let Some((Some(language), start, code)) = current.take()
                    && code.contains("plumb:")
                {
                    blocks.push((language, start, code));
                }
            }
            (Some((_, _, code)), None) => {
                code.push_str(line);
                code.push('\n');
            }
            (None, None) => {}
        }
    }
    blocks
}

/// The examples in the documentation are fixtures too: a doc that disagrees with plumb fails.
#[test]
fn documentation_examples_match_their_stated_metrics() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/metrics.md");
    let markdown = std::fs::read_to_string(&docs).expect("docs/metrics.md");
    let blocks = expectation_blocks(&markdown);
    assert!(blocks.len() >= 5, "expected the metric examples in {}", docs.display());
    let mut analyzer = Analyzer::new();
    let mut report = String::new();
    for (language, line, code) in blocks {
        let metrics = analyzer.analyze(code.as_bytes(), language);
        let at = PathBuf::from(format!("docs/metrics.md (block at line {line})"));
        report.push_str(&check_file(&at, &code, &metrics, false));
        for variant in &VARIANTS {
            let metrics = analyzer.analyze_with(code.as_bytes(), language, variant.counting);
            report.push_str(&check_variant(&at, &code, &metrics, variant));
        }
    }
    assert!(report.is_empty(), "documentation examples disagree with plumb:\n{report}");
}
