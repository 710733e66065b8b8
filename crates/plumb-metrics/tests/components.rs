//! Single-file components (Vue, Svelte): their scripts measured at their places in the file,
//! and the components a parser cannot fully read.

use plumb_lang::Language;
use plumb_metrics::{Analyzer, FileMetrics};

fn analyze(source: &[u8], language: Language) -> FileMetrics {
    Analyzer::new().analyze(source, language)
}

/// Each function's name, and the line and column its span starts at.
fn functions(metrics: &FileMetrics) -> Vec<(String, u32, u32)> {
    metrics.functions.iter().map(|f| (f.name.clone(), f.span.start.line, f.span.start.column)).collect()
}

#[test]
fn a_script_function_is_where_it_is_in_the_component() {
    let source = "<template>\n  <p>{{ a }}</p>\n</template>\n<script>\n  export function f(a) {\n    return a ? 1 : 2\n  }\n</script>\n";
    let metrics = analyze(source.as_bytes(), Language::Vue);
    assert_eq!(functions(&metrics), [("f".to_owned(), 5, 10)]);
    assert_eq!(metrics.functions[0].cyclomatic, 2);
    assert_eq!((metrics.lines, metrics.code, metrics.comments, metrics.blanks), (8, 8, 0, 0));
    assert_eq!(metrics.language, Language::Vue);
}

#[test]
fn a_component_without_a_script_has_lines_and_no_functions() {
    let source = "<template>\n  <!-- only markup -->\n\n  <p v-if=\"a && b\">x</p>\n</template>\n";
    let metrics = analyze(source.as_bytes(), Language::Vue);
    assert!(metrics.functions.is_empty());
    assert_eq!((metrics.lines, metrics.code, metrics.comments, metrics.blanks), (5, 3, 1, 1));
    assert_eq!(metrics.syntax_errors, 0);
    let metrics = analyze(b"<div>{#if a}<p>{a}</p>{/if}</div>\n", Language::Svelte);
    assert!(metrics.functions.is_empty());
    assert_eq!((metrics.lines, metrics.code, metrics.syntax_errors), (1, 1, 0));
}

#[test]
fn an_external_script_has_nothing_to_measure() {
    let metrics = analyze(b"<script src=\"./a.js\"></script>\n<template><p/></template>\n", Language::Vue);
    assert!(metrics.functions.is_empty());
    assert_eq!((metrics.lines, metrics.code, metrics.syntax_errors), (2, 2, 0));
}

#[test]
fn an_unclosed_script_is_measured_to_the_end_and_is_a_syntax_error() {
    let source = "<template><p/></template>\n<script>\nfunction f(a) {\n  if (a) return 1\n}\n";
    let metrics = analyze(source.as_bytes(), Language::Vue);
    assert_eq!(functions(&metrics), [("f".to_owned(), 3, 1)]);
    assert_eq!(metrics.functions[0].cyclomatic, 2);
    assert_eq!(metrics.syntax_errors, 1);
    assert_eq!(metrics.first_syntax_error.map(|p| (p.line, p.column)), Some((2, 1)));
}

#[test]
fn two_scripts_are_read_as_one_program_in_file_order() {
    let source = "<script context=\"module\">\n  export function a() {}\n</script>\n\n\
                  <script lang=\"ts\">\n  let n: number = 0\n  const b = () => n++\n</script>\n\
                  {#each items as item}<p>{item}</p>{/each}\n";
    let metrics = analyze(source.as_bytes(), Language::Svelte);
    assert_eq!(functions(&metrics), [("a".to_owned(), 2, 10), ("b".to_owned(), 7, 13)]);
    assert_eq!(metrics.syntax_errors, 0);
    assert_eq!((metrics.lines, metrics.code, metrics.blanks), (9, 8, 1));
}

#[test]
fn binary_and_invalid_utf8_do_not_panic() {
    let metrics = analyze(b"<script>\nlet a = '\xff\xfe';\nfunction f() {}\n</script>\n", Language::Vue);
    assert_eq!(functions(&metrics), [("f".to_owned(), 3, 1)]);
    let noise: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    for language in [Language::Vue, Language::Svelte] {
        let mut source = b"<script>".to_vec();
        source.extend(&noise);
        let _ = analyze(&source, language);
        let _ = analyze(&noise, language);
    }
}

#[test]
fn a_template_syntax_the_grammar_does_not_know_is_not_a_syntax_error() {
    // `{@attach}` (Svelte 5.29) is not in the grammar: the template is not measured, so its
    // errors change nothing.
    let source =
        "<script>\n  function init(node) {}\n</script>\n<div {@attach init}>\n  {@attach init}\n</div>\n";
    let metrics = analyze(source.as_bytes(), Language::Svelte);
    assert_eq!(functions(&metrics), [("init".to_owned(), 2, 3)]);
    assert_eq!(metrics.syntax_errors, 0);
}
