//! syn as the oracle for Rust cyclomatic complexity (DESIGN.md: "syn is the oracle for Rust").
//!
//! Every Rust file in cargo's registry (`$CARGO_HOME/registry/src/**/*.rs`, or the directory
//! in `PLUMB_SYN_ORACLE_ROOT`) is measured twice: by the engine (tree-sitter and the role
//! table) and by [`Oracle`], an independent `syn::visit::Visit` that follows METRICS.md:
//!
//! - `if` and `else if` +1 each (`if let` is an `if`); `while` / `while let` +1; `for` +1;
//!   `loop` 0;
//! - each match arm +1 unless its pattern is the `_` wildcard, with or without attributes
//!   (an identifier arm counts; `A | B` is one arm); a guard +1 (so `_ if c =>` adds 1);
//! - `let ... else` +1; each `&&` and `||` +1, including the `&&`s that join a let chain
//!   (`if let Some(x) = a && b`); `?` 0;
//! - functions are free functions, impl methods, trait methods with a default body, nested
//!   functions and closures; a nested function's or closure's decisions are its own, not its
//!   parent's. Decisions outside every function are compared with the engine's `<module>`
//!   pseudo-function (absent when it would have none).
//! - Macro invocations and `macro_rules!` bodies are opaque token trees to both engines, so
//!   functions and decisions written inside them are not seen by either and not compared.
//!
//! Functions are matched by where their declaration starts (line and column of the
//! visibility, `default`, `const`/`async`/`unsafe`/`extern` or `fn` keyword, after attributes
//! and doc comments; for closures the `for<>`/`const`/`async`/`move` keyword or the first
//! `|`). For each pair the test compares, more strictly than the cyclomatic number alone, the
//! multiset of decision positions (as the engine's `decision_points` report them: the keyword
//! or operator of each decision point, the label of a labelled loop, and a match arm's
//! pattern, after any attributes on the arm or inner attributes of the match block), and the
//! enclosing function. Any disagreement, including a function found by only one engine,
//! fails the test.
//!
//! Skipped, and counted: files that are not UTF-8, files syn cannot parse, and files in which
//! tree-sitter reports syntax errors (`FileMetrics::syntax_errors > 0`; tree-sitter-rust
//! rejects some valid code, e.g. `pub type X;` in extern blocks or newer syntax).
//!
//! The corpus is the packages this workspace's `Cargo.lock` pins (about 110 crates, 3,500
//! files, 54,000 functions), so it is the same on every machine whatever else the registry
//! holds; the floors are 1,000 files and 20,000 functions.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use plumb_lang::Language;
use plumb_metrics::{Analyzer, DecisionPoint, FileMetrics, FunctionMetrics};
use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::visit::{self, Visit};

/// Fewest files and functions the corpus must yield for the comparison to mean something.
const MIN_FILES: usize = 1_000;
const MIN_FUNCTIONS: usize = 20_000;
const MIN_CLOSURES: usize = 1_000;

/// A 1-based line and 1-based column in Unicode scalar values, as the engine reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct At {
    line: u32,
    column: u32,
}

impl std::fmt::Display for At {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// proc-macro2 columns are 0-based Unicode scalars.
fn at(span: Span) -> At {
    let start = span.start();
    At { line: start.line as u32, column: start.column as u32 + 1 }
}

fn engine_at(pos: plumb_metrics::Position) -> At {
    At { line: pos.line, column: pos.column }
}

/// What the oracle counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    If,
    Loop,
    Arm,
    Guard,
    LetElse,
    And,
    Or,
}

/// One decision point the oracle found.
#[derive(Debug, Clone, Copy)]
struct Decision {
    kind: Kind,
    at: At,
}

/// One function the oracle found.
#[derive(Debug)]
struct OracleFn {
    name: String,
    at: At,
    closure: bool,
    parent: Option<usize>,
    decisions: Vec<Decision>,
}

/// The oracle: cyclomatic complexity per METRICS.md, from syn's syntax tree.
#[derive(Default)]
struct Oracle {
    functions: Vec<OracleFn>,
    open: Vec<usize>,
    module: Vec<Decision>,
}

impl Oracle {
    fn measure(file: &syn::File) -> Self {
        let mut oracle = Self::default();
        oracle.visit_file(file);
        oracle
    }

    fn decide(&mut self, kind: Kind, at: At) {
        let decision = Decision { kind, at };
        match self.open.last() {
            Some(&index) => self.functions[index].decisions.push(decision),
            None => self.module.push(decision),
        }
    }

    fn function(&mut self, name: String, at: At, closure: bool, walk: impl FnOnce(&mut Self)) {
        let parent = self.open.last().copied();
        self.functions.push(OracleFn { name, at, closure, parent, decisions: Vec::new() });
        self.open.push(self.functions.len() - 1);
        walk(self);
        self.open.pop();
    }
}

/// Where a function's declaration starts: its visibility or its signature, after attributes.
fn fn_start(vis: Option<&syn::Visibility>, modifiers: &syn::FnModifiers, sig: &syn::Signature) -> At {
    if let Some(vis) = vis
        && !matches!(vis, syn::Visibility::Inherited)
    {
        return at(vis.span());
    }
    if let Some(default) = modifiers.defaultness {
        return at(default.span);
    }
    at(sig.span())
}

impl<'ast> Visit<'ast> for Oracle {
    fn visit_item_fn(&mut self, node: &'ast syn::ItemFn) {
        let start = fn_start(Some(&node.vis), &node.modifiers, &node.sig);
        self.function(node.sig.ident.to_string(), start, false, |this| visit::visit_item_fn(this, node));
    }

    fn visit_impl_item_fn(&mut self, node: &'ast syn::ImplItemFn) {
        let start = fn_start(Some(&node.vis), &node.modifiers, &node.sig);
        self.function(node.sig.ident.to_string(), start, false, |this| visit::visit_impl_item_fn(this, node));
    }

    fn visit_trait_item_fn(&mut self, node: &'ast syn::TraitItemFn) {
        if node.default.is_none() {
            visit::visit_trait_item_fn(self, node);
            return;
        }
        let start = fn_start(None, &node.modifiers, &node.sig);
        self.function(node.sig.ident.to_string(), start, false, |this| {
            visit::visit_trait_item_fn(this, node);
        });
    }

    fn visit_expr_closure(&mut self, node: &'ast syn::ExprClosure) {
        let start = node
            .lifetimes
            .as_ref()
            .map(|l| l.for_token.span)
            .or(node.constness.map(|t| t.span))
            .or(node.asyncness.map(|t| t.span))
            .or(node.capture.map(|t| t.span))
            .unwrap_or(node.inputs_begin.span);
        self.function("<closure>".to_owned(), at(start), true, |this| visit::visit_expr_closure(this, node));
    }

    fn visit_expr_if(&mut self, node: &'ast syn::ExprIf) {
        self.decide(Kind::If, at(node.if_token.span));
        visit::visit_expr_if(self, node);
    }

    fn visit_expr_while(&mut self, node: &'ast syn::ExprWhile) {
        // The engine's decision starts at the loop's first token: the label, if any.
        let start = node.label.as_ref().map_or(node.while_token.span, |l| l.name.apostrophe);
        self.decide(Kind::Loop, at(start));
        visit::visit_expr_while(self, node);
    }

    fn visit_expr_for_loop(&mut self, node: &'ast syn::ExprForLoop) {
        let start = node.label.as_ref().map_or(node.for_token.span, |l| l.name.apostrophe);
        self.decide(Kind::Loop, at(start));
        visit::visit_expr_for_loop(self, node);
    }

    fn visit_arm(&mut self, node: &'ast syn::Arm) {
        // +1 unless the pattern (without its guard) is `_`; attributes do not matter. The
        // decision is at the pattern, after any attributes.
        let pat = match &node.pat {
            syn::Pat::Guard(guarded) => &*guarded.pat,
            pat => pat,
        };
        if !matches!(pat, syn::Pat::Wild(_)) {
            self.decide(Kind::Arm, at(node.pat.span()));
        }
        visit::visit_arm(self, node);
    }

    fn visit_pat_guard(&mut self, node: &'ast syn::PatGuard) {
        self.decide(Kind::Guard, at(node.guard.span()));
        visit::visit_pat_guard(self, node);
    }

    fn visit_local(&mut self, node: &'ast syn::Local) {
        if node.init.as_ref().is_some_and(|init| init.diverge.is_some()) {
            self.decide(Kind::LetElse, at(node.let_token.span));
        }
        visit::visit_local(self, node);
    }

    fn visit_expr_binary(&mut self, node: &'ast syn::ExprBinary) {
        match node.op {
            syn::BinOp::And(t) => self.decide(Kind::And, at(t.spans[0])),
            syn::BinOp::Or(t) => self.decide(Kind::Or, at(t.spans[0])),
            _ => {}
        }
        visit::visit_expr_binary(self, node);
    }
}

/// Compares decision positions as multisets; describes each one that only one side has.
fn compare_decisions(oracle: &[Decision], engine: &[DecisionPoint]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut left: Vec<At> = engine.iter().map(|d| engine_at(d.span.start)).collect();
    for d in oracle {
        if let Some(i) = left.iter().position(|&a| a == d.at) {
            left.swap_remove(i);
        } else {
            problems.push(format!("oracle-only {:?} at {}", d.kind, d.at));
        }
    }
    for at in left {
        let kind = engine.iter().find(|d| engine_at(d.span.start) == at).map_or("?", |d| d.kind.as_str());
        problems.push(format!("engine-only {kind} at {at}"));
    }
    problems
}

/// The result of comparing one file.
#[derive(Default)]
struct FileReport {
    functions: usize,
    closures: usize,
    /// One line per function (or module) on which the engines disagree.
    disagreements: Vec<String>,
}

fn compare_file(path: &str, oracle: &Oracle, metrics: &FileMetrics) -> FileReport {
    let mut report = FileReport::default();
    let functions = &metrics.functions;
    let module = functions.iter().position(|f| f.name == "<module>" && f.parent.is_none());
    let mut by_start: HashMap<At, Vec<usize>> = HashMap::new();
    for (i, f) in functions.iter().enumerate() {
        if Some(i) != module {
            by_start.entry(engine_at(f.span.start)).or_default().push(i);
        }
    }
    let mut used = vec![false; functions.len()];
    // Engine index of each oracle function.
    let mut engine_of = Vec::with_capacity(oracle.functions.len());
    for f in &oracle.functions {
        let found = by_start.get(&f.at).and_then(|v| v.iter().copied().find(|&i| !used[i]));
        if let Some(i) = found {
            used[i] = true;
        }
        engine_of.push(found);
    }
    let record = |report: &mut FileReport, what: String, problems: Vec<String>| {
        if !problems.is_empty() {
            report.disagreements.push(format!("{what}: {}", problems.join("; ")));
        }
    };
    for (f, &engine) in oracle.functions.iter().zip(&engine_of) {
        let what = format!("{path}:{} `{}` (oracle cc {})", f.at, f.name, 1 + f.decisions.len());
        let Some(e) = engine else {
            record(&mut report, what, vec!["not found by the engine".to_owned()]);
            continue;
        };
        let e: &FunctionMetrics = &functions[e];
        report.functions += 1;
        report.closures += usize::from(f.closure);
        let what = format!("{what} engine `{}` cc {}", e.qualified_name, e.cyclomatic);
        let mut problems = compare_decisions(&f.decisions, &e.decision_points);
        let expected_parent = f.parent.map(|p| engine_of[p]);
        let parent_agrees = match expected_parent {
            None => e.parent.is_none() || e.parent == module,
            Some(p) => p.is_some() && e.parent == p,
        };
        if !parent_agrees {
            problems.push(format!("engine parent {:?}, oracle parent {:?}", e.parent, f.parent));
        }
        record(&mut report, what, problems);
    }
    for (i, e) in functions.iter().enumerate() {
        if !used[i] && Some(i) != module {
            let what = format!(
                "{path}:{} engine `{}` cc {}",
                engine_at(e.span.start),
                e.qualified_name,
                e.cyclomatic
            );
            record(&mut report, what, vec!["not found by the oracle".to_owned()]);
        }
    }
    let engine_module = module.map_or(&[][..], |m| &functions[m].decision_points[..]);
    let problems = compare_decisions(&oracle.module, engine_module);
    let what = format!("{path}: <module> (oracle cc {})", 1 + oracle.module.len());
    record(&mut report, what, problems);
    report
}

/// Why a file was not compared.
enum Skip {
    NotUtf8,
    Syn,
    TreeSitter(String),
}

fn check_file(path: &Path, analyzer: &mut Analyzer) -> Result<FileReport, Skip> {
    let bytes = std::fs::read(path).map_err(|_| Skip::NotUtf8)?;
    let text = std::str::from_utf8(&bytes).map_err(|_| Skip::NotUtf8)?;
    let parsed = syn::parse_file(text).map(|file| Oracle::measure(&file));
    // Every span of this file is gone: free proc-macro2's per-thread source map.
    proc_macro2::extra::invalidate_current_thread_spans();
    let oracle = parsed.map_err(|_| Skip::Syn)?;
    let metrics = analyzer.analyze(&bytes, Language::Rust);
    if metrics.syntax_errors > 0 {
        let first = metrics.first_syntax_error.map_or(At { line: 0, column: 0 }, engine_at);
        return Err(Skip::TreeSitter(format!("{}:{first}", path.display())));
    }
    Ok(compare_file(&path.display().to_string(), &oracle, &metrics))
}

fn corpus_root() -> PathBuf {
    std::env::var_os("PLUMB_SYN_ORACLE_ROOT").map_or_else(common::registry_src, PathBuf::from)
}

fn rust_files(root: &Path) -> Vec<PathBuf> {
    // Under the registry, only the locked packages; a root given in `PLUMB_SYN_ORACLE_ROOT` is
    // taken whole.
    let locked_only = std::env::var_os("PLUMB_SYN_ORACLE_ROOT").is_none();
    common::files_under(root, locked_only, |path| path.extension().is_some_and(|x| x == "rs"))
}

#[derive(Default)]
struct Tally {
    files: usize,
    functions: usize,
    closures: usize,
    not_utf8: usize,
    syn_failed: Vec<PathBuf>,
    tree_sitter_errors: Vec<String>,
    disagreements: Vec<String>,
}

impl Tally {
    fn add(&mut self, path: &Path, result: Result<FileReport, Skip>) {
        match result {
            Ok(report) => {
                self.files += 1;
                self.functions += report.functions;
                self.closures += report.closures;
                self.disagreements.extend(report.disagreements);
            }
            Err(Skip::NotUtf8) => self.not_utf8 += 1,
            Err(Skip::Syn) => self.syn_failed.push(path.to_owned()),
            Err(Skip::TreeSitter(at)) => self.tree_sitter_errors.push(at),
        }
    }
}

#[test]
#[ignore = "corpus: reads the cargo registry"]
fn syn_and_the_engine_agree_on_the_cargo_registry() {
    let root = corpus_root();
    let files = rust_files(&root);
    let tally = Mutex::new(Tally::default());
    common::each_in_parallel(&files, Analyzer::new, |analyzer, path| {
        let result = check_file(path, analyzer);
        tally.lock().unwrap().add(path, result);
    });
    let mut t = tally.into_inner().unwrap();
    t.disagreements.sort();
    t.syn_failed.sort();
    t.tree_sitter_errors.sort();
    println!("syn oracle over {}", root.display());
    println!(
        "compared: {} files, {} functions ({} closures); disagreements: {}",
        t.files,
        t.functions,
        t.closures,
        t.disagreements.len()
    );
    println!(
        "skipped: {} not UTF-8, {} syn parse failures, {} with tree-sitter syntax errors",
        t.not_utf8,
        t.syn_failed.len(),
        t.tree_sitter_errors.len()
    );
    for path in t.syn_failed.iter().take(30) {
        println!("  syn cannot parse {}", path.display());
    }
    for at in t.tree_sitter_errors.iter().take(30) {
        println!("  tree-sitter syntax error at {at}");
    }
    for line in t.disagreements.iter().take(100) {
        println!("DISAGREEMENT {line}");
    }
    assert!(
        t.disagreements.is_empty(),
        "{} disagreements (the first 100 listed above)",
        t.disagreements.len()
    );
    assert!(t.files >= MIN_FILES, "only {} files compared under {}", t.files, root.display());
    assert!(t.functions >= MIN_FUNCTIONS, "only {} functions compared", t.functions);
    assert!(t.closures >= MIN_CLOSURES, "only {} closures compared", t.closures);
}

/// The oracle itself, against counts worked out by hand from METRICS.md; and the engine
/// against the oracle on the same file.
#[test]
fn the_oracle_counts_as_metrics_md_says() {
    let source = r#"
fn straight() {}

/// Doc comments and attributes do not move the start.
#[inline]
pub fn branches(x: i32) -> i32 {
    // if +1, && +1, else if +1, || +1
    if x > 0 && x < 10 { 1 } else if x < 0 || x > 100 { 2 } else { 3 }
}

fn lets(o: Option<i32>) -> i32 {
    // if let +1, while let +1, let-else +1
    if let Some(v) = o { return v; }
    let mut it = [1].iter();
    while let Some(_) = it.next() {}
    let Some(v) = o else { return 0 };
    v
}

fn loops(n: u32) -> u32 {
    // for +1, while +1, loop 0
    let mut t = 0;
    for i in 0..n { t += i; }
    'outer: while t > 10 { t -= 1; continue 'outer; }
    loop { break; }
    t
}

fn arms(x: Option<u8>, k: u8) -> u8 {
    match x {
        Some(1) | Some(2) => 1, // +1: one arm
        Some(y) if y > k => y,  // +1 arm, +1 guard
        None => 0,              // +1
        _ if k == 0 => 5,       // +1 guard only
        _ => 9,                 // 0
    }
}

fn ident_arm(x: u8) -> u8 {
    match x { 0 => 1, other => other } // +1, +1: an identifier may be a constant
}

fn tries() -> Option<u8> {
    let v = Some(1)?; // 0
    Some(v)
}

fn with_closure(v: &[u8]) -> usize {
    // the closure's && is its own; if +1 here
    let count = v.iter().filter(|x| **x > 1 && **x < 5).count();
    if count > 0 { count } else { 0 }
}

fn outer() -> u8 {
    fn inner(a: bool) -> u8 { if a { 1 } else { 0 } }
    inner(true)
}

fn macros(x: u8) {
    // opaque to both engines
    assert!(x > 0 && x < 9);
    println!("{}", if x > 1 { 1 } else { 2 });
}

struct S;
impl S {
    pub(crate) fn method(&self, a: bool, b: bool) -> bool { a || b }
}

trait T {
    fn required(&self);
    fn provided(&self) -> u8 { if true { 1 } else { 0 } }
}

const C: u8 = if 1 > 0 { 1 } else { 0 };
"#;
    let expected = [
        ("straight", 1),
        ("branches", 5),
        ("lets", 4),
        ("loops", 3),
        ("arms", 6),
        ("ident_arm", 3),
        ("tries", 1),
        ("with_closure", 2),
        ("<closure>", 2),
        ("outer", 1),
        ("inner", 2),
        ("macros", 1),
        ("method", 2),
        ("provided", 2),
    ];
    let file = syn::parse_file(source).unwrap();
    let oracle = Oracle::measure(&file);
    let got: Vec<(&str, usize)> =
        oracle.functions.iter().map(|f| (f.name.as_str(), 1 + f.decisions.len())).collect();
    assert_eq!(got, expected);
    assert_eq!(oracle.module.len(), 1, "the `if` in the const");
    let lines: Vec<u32> = oracle.functions.iter().map(|f| f.at.line).collect();
    assert_eq!(lines[..3], [2, 6, 11], "starts skip doc comments and attributes");

    let metrics = Analyzer::new().analyze(source.as_bytes(), Language::Rust);
    assert_eq!(metrics.syntax_errors, 0);
    let report = compare_file("snippet", &oracle, &metrics);
    assert!(report.disagreements.is_empty(), "{:#?}", report.disagreements);
    assert_eq!((report.functions, report.closures), (expected.len(), 1));
}

fn engine_cc(source: &str) -> u32 {
    let metrics = Analyzer::new().analyze(source.as_bytes(), Language::Rust);
    assert_eq!(metrics.syntax_errors, 0);
    metrics.functions[0].cyclomatic
}

fn oracle_cc(source: &str) -> usize {
    let oracle = Oracle::measure(&syn::parse_file(source).expect("valid Rust"));
    1 + oracle.functions[0].decisions.len()
}

/// The engine and the oracle agree on every decision position in `source`.
fn agree(source: &str) {
    let oracle = Oracle::measure(&syn::parse_file(source).expect("valid Rust"));
    let metrics = Analyzer::new().analyze(source.as_bytes(), Language::Rust);
    assert_eq!(metrics.syntax_errors, 0);
    let report = compare_file("snippet", &oracle, &metrics);
    assert!(report.disagreements.is_empty(), "{:#?}", report.disagreements);
}

/// Regression: `if let` +1 and the let chain's `&&` +1 make 3.
#[test]
fn let_chain_and_counts() {
    let source = "fn f(a: Option<u8>, b: bool) -> u8 {\n    if let Some(x) = a && b { x } else { 0 }\n}\n";
    assert_eq!(oracle_cc(source), 3);
    assert_eq!(engine_cc(source), 3);
    agree(source);
}

/// Regression: the `1` arm +1 makes 2; the attributed `_` arm is a catch-all.
#[test]
fn attributed_wildcard_arm_is_a_catch_all() {
    let source = "fn f(x: u8) -> u8 {\n    match x {\n        1 => 1,\n        #[allow(unreachable_patterns)]\n        _ => 0,\n    }\n}\n";
    assert_eq!(oracle_cc(source), 2);
    assert_eq!(engine_cc(source), 2);
    agree(source);
}

/// Regression: an arm's decision is at its pattern, after outer attributes on the arm and
/// inner attributes of the match block.
#[test]
fn arm_decisions_are_at_the_pattern() {
    let source = "fn f(x: u8) -> u8 {\n    match x {\n        #![allow(unused)]\n        0 => 0,\n        #[cfg(all())]\n        1 if x > 0 => 1,\n        _ => 2,\n    }\n}\n";
    let oracle = Oracle::measure(&syn::parse_file(source).expect("valid Rust"));
    let arms: Vec<At> =
        oracle.functions[0].decisions.iter().filter(|d| d.kind == Kind::Arm).map(|d| d.at).collect();
    assert_eq!(arms, [At { line: 4, column: 9 }, At { line: 6, column: 9 }]);
    assert_eq!(engine_cc(source), 4);
    agree(source);
}
