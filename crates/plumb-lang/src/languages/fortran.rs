//! Fortran (tree-sitter-fortran), free form.
//!
//! Functions and subroutines (module procedures among them) are named by the `name` of their
//! opening statement; a main `program` is a function named `program`.
//!
//! `do` loops count like loops, a plain `do` (left by `exit`) included, as Zig's
//! `while (true)` does; `select case`, `select type` and `select rank` like a `switch`, their
//! `case`, `type is`/`class is` and `rank` blocks like its cases, with `default` the catch-all.
//! One statement kind holds `cycle`, `exit`, `go to` and `return`, each recognised by its
//! keyword: `cycle outer` and `exit outer` are labelled jumps, `go to` a goto.

use crate::spec::{BoolOp, CatchAll, Func, LangSpec, Loop, Telltales};

pub(crate) static SPEC: LangSpec = LangSpec {
    functions: &[
        // The name is in the opening `function` or `subroutine` statement. In an `interface`
        // block, one is a signature without a body (a C function bound, an abstract type).
        Func::signature("function", "name").not_in(&["interface"]),
        Func::signature("subroutine", "name").not_in(&["interface"]),
        Func::signature("module_procedure", "name"),
        Func::fixed("program", "program"),
    ],
    separator: "::",
    anonymous: "function",

    ifs: &["if_statement"],
    elifs: &["elseif_clause"],
    elses: &["else_clause"],
    // An `if` alone in an `else` is nested (it has its own `end if`): else-if is written
    // `else if` or `elseif`, a clause of its own.
    else_if_in_else: false,
    loops: &[Loop::new("do_loop"), Loop::new("forall_statement")],
    switches: &["select_case_statement", "select_type_statement", "select_rank_statement"],
    cases: &["case_statement", "type_statement", "rank_statement"],
    catch_alls: &[CatchAll::Kind("default")],
    binary_expressions: &["logical_expression"],
    operators: &[(".and.", BoolOp::And), (".or.", BoolOp::Or)],
    jumps: &["cycle", "exit"],
    labels: &["identifier"],
    // `goto`, and `go to` (two tokens).
    gotos: &["goto", "go"],
    returns: &["return"],
    // The arguments stand in an `argument_list` child; `call name(...)` calls a subroutine.
    calls: &[("call_expression", "argument_list"), ("subroutine_call", "argument_list")],
    self_prefixes: &["call "],
    transparent: &["parenthesized_expression"],

    comments: &["comment"],

    parameter_lists: &["parameters"],
    // Keywords, in any case; the cases of a `select` are its children, or a preprocessor
    // conditional's (`#`); comments `!`.
    telltales: Telltales {
        bytes: b"!#",
        pairs: &[],
        not_before: &[],
        words: &[
            "program",
            "function",
            "subroutine",
            "procedure",
            "if",
            "elseif",
            "else",
            "do",
            "forall",
            "select",
            "and",
            "or",
            "cycle",
            "exit",
            "goto",
            "go",
            "return",
        ],
        inert: &[],
        comment_bytes: b"!",
        entered: &[],
        types: None,
    },
    ..LangSpec::EMPTY
};
