//! Zig (tree-sitter-zig).
//!
//! Functions are named by their name and qualified by the constant their struct, union, enum or
//! opaque type is bound to (`const Cart = struct { fn size() ... }` is `Cart.size`); a `test`
//! block is a function named `test`.

use crate::spec::{BoolOp, CatchAll, Func, LangSpec, Loop, Telltales};

pub(crate) static SPEC: LangSpec = LangSpec {
    functions: &[Func::named("function_declaration"), Func::fixed("test_declaration", "test")],
    separator: ".",
    anonymous: "function",
    // A type is a value bound to a constant: the declaration names the functions inside it.
    container_children: &[("variable_declaration", "identifier")],

    ifs: &["if_statement"],
    elses: &["else_clause"],
    // `if (c) a else b` as a value, and its form in a type.
    conditionals: &["if_expression", "if_type_expression"],
    loops: &[
        Loop::new("for_statement"),
        Loop::new("for_expression"),
        Loop::new("while_statement"),
        Loop::new("while_expression"),
    ],
    switches: &["switch_expression"],
    cases: &["switch_case"],
    // `else =>`, and `_ =>` of a non-exhaustive enum.
    catch_alls: &[CatchAll::Kind("else"), CatchAll::Text("_")],
    // `f() catch |err| ...` handles an error as a `catch` clause does.
    catches: &["catch_expression"],
    binary_expressions: &["binary_expression"],
    // `a orelse b` takes `b` when `a` is null, as `??` does.
    operators: &[("and", BoolOp::And), ("or", BoolOp::Or), ("orelse", BoolOp::Coalesce)],
    jumps: &["break_expression", "continue_expression"],
    labels: &["break_label"],
    returns: &["return_expression"],
    // `try f()` returns the error of `f()`, as Rust's `?` does.
    early_exits: &["try_expression"],

    comments: &["comment"],

    parameter_lists: &["parameters"],
    parameters: &["parameter"],
    skipped_parameters: &["self"],
    // Declarations and statements have their keyword, switch cases `=>`; comments `/`.
    telltales: Telltales {
        bytes: b"/",
        pairs: &[*b"=>"],
        not_before: &[],
        words: &[
            "fn", "test", "struct", "enum", "union", "opaque", "if", "else", "for", "while", "switch",
            "catch", "and", "or", "orelse", "break", "continue", "return", "try",
        ],
        inert: &[],
        comment_bytes: b"/",
        entered: &[],
        types: None,
    },
    ..LangSpec::EMPTY
};
