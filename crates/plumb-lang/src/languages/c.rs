//! C (tree-sitter-c).

use crate::spec::{BoolOp, CatchAll, Declarators, Func, LangSpec, Loop, Telltales};

pub(crate) static SPEC: LangSpec = LangSpec {
    functions: &[Func::declarator("function_definition")],
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
    declarator: Some(Declarators {
        field: "declarator",
        wrappers: &["parenthesized_declarator"],
        names: &[],
    }),
    // `#if A && B` is decided by the preprocessor.
    opaque: &[("preproc_if", "condition"), ("preproc_elif", "condition")],
    // Function bodies have `{`; `?:` `?`; `&&` `&`; `||` `|`; comments `/`. A statement needs
    // no brace, so its keyword is the telltale.
    telltales: Telltales {
        bytes: b"{?&|/",
        words: &["if", "else", "for", "while", "do", "switch", "case", "default", "goto", "return"],
        inert: &[],
        comment_bytes: b"/",
        entered: &[],
    },
    ..LangSpec::EMPTY
};
