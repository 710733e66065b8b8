//! `docs/rules/` is generated from the rule registry; this test fails when it is stale.
//! Regenerate it with `PLUMB_BLESS=1 cargo test -p plumb-check --test docs`.

// Helpers outside `#[test]` functions are part of the tests.
#![allow(clippy::unwrap_used)]

use std::fmt::Write as _;
use std::path::Path;

use plumb_check::{RULES, RuleId};
use plumb_metrics::{Counting, CyclomaticVariant};

const HEADER: &str = "<!-- Generated from crates/plumb-check/src/rules/ by \
                      `PLUMB_BLESS=1 cargo test -p plumb-check --test docs`; do not edit. -->\n\n";

fn pages() -> Vec<(String, String)> {
    let mut pages = Vec::new();
    let mut index = format!("# Rules\n\n{HEADER}| rule | default | summary |\n|---|---|---|\n");
    for id in RuleId::ALL {
        let rule = id.meta();
        let default = id.default_text();
        let parameter = id
            .parameter()
            .map(|p| match p.default {
                Some(value) => format!("\n{} = {value}  # {}", p.key, p.summary),
                None => format!("\n# {} = ...  # {}", p.key, p.summary),
            })
            .unwrap_or_default();
        let mut parameter = parameter;
        // The counting options (the second setting, a percentage, is above).
        for option in id.options().iter().filter(|option| !option.values.is_empty()) {
            let _ = write!(parameter, "\n{} = {}  # {}", option.key, option.values[0], option.summary);
        }
        let _ = writeln!(index, "| [`{0}`]({0}.md) | {default} | {1} |", rule.id, rule.summary);
        let page = format!(
            "# {}\n\n{HEADER}{}.\n\n{}\n\nConfigure it in `plumb.toml` (see [configuration](../configuration.md)):\n\n\
             ```toml\n[rules.{}]\nlevel = \"{}\"{}{parameter}\n```\n",
            rule.id,
            rule.summary,
            rule.explanation,
            rule.id,
            match rule.default_level {
                plumb_report::Level::Warning => "warn",
                other => other.as_str(),
            },
            rule.default_threshold.map(|t| format!("\nthreshold = {t}")).unwrap_or_default(),
        );
        pages.push((format!("{}.md", rule.id), page));
    }
    pages.push(("README.md".to_owned(), index));
    pages
}

#[test]
fn rule_docs_are_up_to_date() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules");
    let bless = std::env::var_os("PLUMB_BLESS").is_some();
    if bless {
        std::fs::create_dir_all(&dir).unwrap();
    }
    for (name, expected) in pages() {
        let path = dir.join(&name);
        if bless {
            std::fs::write(&path, &expected).unwrap();
            continue;
        }
        let actual = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            actual == expected,
            "docs/rules/{name} is stale: run `PLUMB_BLESS=1 cargo test -p plumb-check --test docs`"
        );
    }
}

/// The first code block of a rule's explanation, with its language.
fn example(id: &str) -> (plumb_lang::Language, String) {
    nth_example(id, 0)
}

/// The `n`th code block of a rule's explanation, with its language.
fn nth_example(id: &str, n: usize) -> (plumb_lang::Language, String) {
    let rule = RULES.iter().find(|rule| rule.id == id).unwrap();
    let mut text = rule.explanation;
    for _ in 0..n {
        let opening = text.find("```").unwrap() + 3;
        let closing = opening + text[opening..].find("```").unwrap() + 3;
        text = &text[closing..];
    }
    let start = text.find("```").unwrap() + 3;
    let tag_end = start + text[start..].find('\n').unwrap();
    let language = plumb_lang::Language::from_id(&text[start..tag_end]).unwrap();
    let end = tag_end + text[tag_end..].find("```").unwrap();
    (language, text[tag_end + 1..end].to_owned())
}

/// The numbers the rule documentation states for its examples are what plumb measures.
#[test]
fn rule_examples_measure_what_their_docs_say() {
    let mut analyzer = plumb_metrics::Analyzer::new();
    let mut measure = |id: &str| {
        let (language, code) = example(id);
        (analyzer.analyze(code.as_bytes(), language), code)
    };
    assert_eq!(measure("cyclomatic-complexity").0.functions[0].cyclomatic, 6);
    assert_eq!(measure("cognitive-complexity").0.functions[0].cognitive, 6);
    assert_eq!(measure("too-many-parameters").0.functions[0].params, 8);
    assert_eq!(measure("nesting-depth").0.functions[0].max_nesting, 5);
    let (metrics, _) = measure("parse-error");
    assert_eq!(metrics.structural_errors, 1);
    assert_eq!(metrics.first_structural_error.map(|at| at.line), Some(1));
    let names: Vec<(&str, u32)> = metrics.functions.iter().map(|f| (f.name.as_str(), f.cyclomatic)).collect();
    assert_eq!(names, [("sign", 2)]);
    let (metrics, code) = measure("unused-suppression");
    let checked = plumb_check::check("example.py", &code, &metrics, &plumb_check::Settings::default());
    let rules: Vec<&str> = checked.findings.iter().map(|f| f.rule).collect();
    assert_eq!(rules, ["unused-suppression"]);
}

/// The counting options' examples: `shipping` without boolean operators, `size` modified.
#[test]
fn counting_option_examples_measure_what_their_docs_say() {
    let mut analyzer = plumb_metrics::Analyzer::new();
    let (language, code) = example("cyclomatic-complexity");
    let no_bool = Counting { count_boolean_operators: false, ..Counting::default() };
    assert_eq!(analyzer.analyze_with(code.as_bytes(), language, no_bool).functions[0].cyclomatic, 5);
    let (language, code) = nth_example("cyclomatic-complexity", 1);
    assert_eq!(analyzer.analyze(code.as_bytes(), language).functions[0].cyclomatic, 4);
    let modified = Counting { variant: CyclomaticVariant::Modified, ..Counting::default() };
    assert_eq!(analyzer.analyze_with(code.as_bytes(), language, modified).functions[0].cyclomatic, 2);
}
