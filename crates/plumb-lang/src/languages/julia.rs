//! Julia (tree-sitter-julia).
//!
//! A `function` or `macro` is named by the callee of the call in its signature, through a
//! `where` clause and a return type (`function Base.show(io, x) where T` is `Base.show`; a
//! functor `function (c::Cart)(x)` is `(c::Cart)`); `function (x) ... end` without a callee is
//! anonymous. The short form `total(xs) = sum(xs)`, an assignment whose left side is a call, is a
//! function as Julia's manual has it; an assignment of anything else is not. Arrow functions
//! (`x -> 2x`) and `do` blocks are anonymous functions, named by the variable they are bound to.
//! Modules qualify names.
//!
//! `if`/`elseif`/`else` count like Python's, `?:` like a ternary, `&&` and `||` as boolean
//! operators, also where they stand for an `if` (`x < 0 && return 0`). Each iterator of a `for`
//! decides, the loop itself adding nothing more: `for i in a, j in b` is two nested loops in
//! one, +2 cyclomatic and +1 cognitive. In a comprehension each iterator and each `if` filter
//! adds 1. `while` is a loop, each `catch` a catch. Julia has no `switch` and no labelled
//! `break`; `@goto` is a macro call and is not counted.

use crate::spec::{BoolOp, Func, LangSpec, Loop, Telltales};

pub(crate) static SPEC: LangSpec = LangSpec {
    functions: &[
        Func::callee("function_definition", &["signature", "where_expression", "typed_expression"])
            .anonymous_as("function"),
        Func::callee("macro_definition", &["signature", "where_expression"]),
        // `total(xs) = sum(xs)`, `total(xs)::Int = ...`, `total(xs::T) where T = ...`.
        Func::callee("assignment", &["where_expression", "typed_expression"]).headed(),
        Func::anonymous("arrow_function_expression"),
        Func::anonymous("do_clause").anonymous_as("do"),
    ],
    containers: &[("module_definition", "name")],
    separator: ".",
    anonymous: "lambda",
    // `double = x -> 2x`.
    binding_children: &[("assignment", "identifier")],

    ifs: &["if_statement"],
    elifs: &["elseif_clause"],
    elses: &["else_clause"],
    // An `if` alone in an `else` is nested: else-if is written `elseif`, a clause of its own.
    else_if_in_else: false,
    conditionals: &["ternary_expression"],
    // Each iterator of a `for` (`for i in a, j in b`) or of a comprehension decides.
    loops: &[Loop::unconditional("for_statement"), Loop::new("while_statement")],
    decisions: &["for_binding", "if_clause"],
    catches: &["catch_clause"],
    binary_expressions: &["binary_expression"],
    operators: &[("&&", BoolOp::And), ("||", BoolOp::Or)],
    operator_kinds: &["operator"],
    returns: &["return_statement"],
    calls: &[("call_expression", "argument_list"), ("broadcast_call_expression", "argument_list")],

    comments: &["line_comment", "block_comment"],

    // The arguments of the call in a signature, a `do` block's and an arrow function's.
    parameter_lists: &["argument_list"],
    // Definitions and statements have their keyword, a short-form function `f(x) = ...` its
    // `=`, arrow functions `->`, ternaries `?`, `&&` and `||` (operator tokens) theirs; comments
    // `#` and `#=`.
    telltales: Telltales {
        bytes: b"#=?",
        pairs: &[*b"->", *b"&&", *b"||"],
        not_before: &[],
        words: &[
            "function",
            "macro",
            "module",
            "baremodule",
            "do",
            "if",
            "elseif",
            "else",
            "for",
            "while",
            "try",
            "catch",
            "return",
        ],
        inert: &[],
        comment_bytes: b"#",
        entered: &[],
        types: None,
    },
    ..LangSpec::EMPTY
};
