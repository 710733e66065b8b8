//! C (tree-sitter-c).

use crate::spec::{BoolOp, Bounds, CatchAll, Declarators, Func, LangSpec, Lexis, Loop, Telltales};

pub(crate) static SPEC: LangSpec = LangSpec {
    // In a block, `for_each_cpu(cpu) { ... }` reads as a definition: it is a macro loop, and
    // C has no nested functions (but GNU C's, which kernels and libraries do not use). So does
    // one in a preprocessor conditional in a block (`#ifdef CONFIG_SMP` around the loop), and
    // an `else if (...) {` after `#ifdef`, which reads as `if` defined with type `else`. A
    // definition with a type and a function declarator there is a function all the same: one
    // that a misread block before it ran on over.
    // A block on its own after a declaration the grammar could not read (a macro such as
    // `SYSCALL_DEFINE1(acct, ...)`, a return type it takes for an expression) is the body.
    functions: &[
        Func::declarator("function_definition").misread_in(STATEMENTS, CONDITIONALS, "function_declarator"),
        Func::header("compound_statement").not_in(&["function_definition"]),
    ],
    separator: "::",
    anonymous: "lambda",

    ifs: &["if_statement"],
    elses: &["else_clause"],
    conditionals: &["conditional_expression"],
    loops: &[
        Loop::condition_in("for_statement", "condition"),
        Loop::new("while_statement"),
        Loop::new("do_statement"),
    ],
    switches: &["switch_statement"],
    cases: &["case_statement"],
    catch_alls: &[CatchAll::Kind("default")],
    binary_expressions: &["binary_expression"],
    operators: &[("&&", BoolOp::And), ("||", BoolOp::Or)],
    gotos: &["goto_statement"],
    returns: &["return_statement"],
    calls: &[("call_expression", "arguments")],

    comments: &["comment"],
    attributes: &["attribute_specifier", "attribute_declaration"],

    parameter_fields: &["parameters"],
    skipped_parameters: &["void"],
    not_function_names: KEYWORDS,
    declarator: Some(Declarators {
        field: "declarator",
        wrappers: &["parenthesized_declarator"],
        names: &[],
    }),
    // `#if A && B` is decided by the preprocessor.
    opaque: &[("preproc_if", "condition"), ("preproc_elif", "condition")],
    // Function bodies have `{`; `?:` `?`; `&&`; `||`; comments `/`. A statement needs no brace,
    // so its keyword is the telltale. A lone `&` or `|` is an address or a bitwise operator.
    telltales: Telltales {
        bytes: b"{?/",
        pairs: &[*b"&&", *b"||"],
        not_before: &[],
        words: &["if", "else", "for", "while", "do", "switch", "case", "default", "goto", "return"],
        inert: &[],
        comment_bytes: b"/",
        entered: &[],
        types: None,
    },
    bounds: Some(Bounds {
        lexis: Lexis::C,
        scopes: &["extern"],
        function_keyword: None,
        containers: CONTAINERS,
        macros_after: &[],
        macros_after_name: &[],
        macros_before: &[],
        labels: &[],
    }),
    c_preprocessor: true,
    ..LangSpec::EMPTY
};

/// Statements a definition can stand in only when it is a macro loop (`for_each_cpu(cpu) {`).
pub(crate) const STATEMENTS: &[&str] = &[
    "compound_statement",
    "if_statement",
    "else_clause",
    "case_statement",
    "labeled_statement",
    "while_statement",
    "for_statement",
    "do_statement",
];

/// Keywords the grammar or the tokens may take for a function's name (`else if (b) {`).
pub(crate) const KEYWORDS: &[&str] =
    &["if", "else", "for", "while", "do", "switch", "case", "default", "return", "sizeof", "goto"];

/// The preprocessor's conditionals, which hold what their parent holds: declarations in a file,
/// statements in a block.
pub(crate) const CONDITIONALS: &[&str] =
    &["preproc_if", "preproc_ifdef", "preproc_else", "preproc_elif", "preproc_elifdef"];

/// Where a boundary between two declarations may lie: the file, preprocessor conditionals, the
/// bodies of `extern "C"`, namespaces and (C++) classes.
pub(crate) const CONTAINERS: &[&str] = &[
    "translation_unit",
    "preproc_if",
    "preproc_ifdef",
    "preproc_else",
    "preproc_elif",
    "preproc_elifdef",
    "declaration_list",
    "field_declaration_list",
];
