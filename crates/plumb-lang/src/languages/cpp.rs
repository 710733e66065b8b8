//! C++ (tree-sitter-cpp).

use super::c::{CONDITIONALS, CONTAINERS, KEYWORDS, STATEMENTS};
use crate::spec::{BoolOp, Bounds, CatchAll, Declarators, Func, LangSpec, Lexis, Loop, Telltales};

pub(crate) static SPEC: LangSpec = LangSpec {
    // `Foo() = default;` and `= delete;` are definitions without a body: not functions.
    functions: &[
        Func::declarator("function_definition").requires("body").misread_in(
            STATEMENTS,
            CONDITIONALS,
            "function_declarator",
        ),
        Func::header("compound_statement").not_in(&["function_definition"]),
        Func::anonymous("lambda_expression"),
    ],
    containers: &[
        ("namespace_definition", "name"),
        ("class_specifier", "name"),
        ("struct_specifier", "name"),
        ("union_specifier", "name"),
    ],
    separator: "::",
    anonymous: "lambda",
    bindings: &[("init_declarator", "declarator"), ("assignment_expression", "left")],

    ifs: &["if_statement"],
    elses: &["else_clause"],
    conditionals: &["conditional_expression"],
    loops: &[
        Loop::condition_in("for_statement", "condition"),
        Loop::new("for_range_loop"),
        Loop::new("while_statement"),
        Loop::new("do_statement"),
    ],
    switches: &["switch_statement"],
    cases: &["case_statement"],
    catch_alls: &[CatchAll::Kind("default")],
    catches: &["catch_clause"],
    binary_expressions: &["binary_expression"],
    operators: &[("&&", BoolOp::And), ("||", BoolOp::Or), ("and", BoolOp::And), ("or", BoolOp::Or)],
    gotos: &["goto_statement"],
    returns: &["return_statement"],
    calls: &[("call_expression", "arguments")],
    self_prefixes: &["this->"],

    comments: &["comment"],
    attributes: &["attribute_declaration", "attribute_specifier"],

    parameter_fields: &["parameters"],
    skipped_parameters: &["void"],
    not_function_names: KEYWORDS,
    declarator: Some(Declarators {
        field: "declarator",
        wrappers: &["reference_declarator", "parenthesized_declarator"],
        names: &["operator_cast"],
    }),
    // `#if A && B` is decided by the preprocessor.
    opaque: &[("preproc_if", "condition"), ("preproc_elif", "condition")],
    // C's, and `catch`, `and` and `or`: bodies, lambdas and classes have `{`. A lone `&` is
    // also a reference.
    telltales: Telltales {
        bytes: b"{?/",
        pairs: &[*b"&&", *b"||"],
        not_before: &[],
        words: &[
            "if", "else", "for", "while", "do", "switch", "case", "default", "goto", "return", "catch",
            "and", "or",
        ],
        inert: &[],
        comment_bytes: b"/",
        entered: &[],
        types: None,
    },
    bounds: Some(Bounds {
        lexis: Lexis::C,
        scopes: &["extern", "namespace", "class", "struct", "union"],
        function_keyword: None,
        containers: CONTAINERS,
        macros_after: &["class", "struct", "union"],
        macros_after_name: &["namespace"],
        macros_before: &["namespace"],
        labels: &["public", "private", "protected"],
    }),
    c_preprocessor: true,
    ..LangSpec::EMPTY
};
