//! Erlang (tree-sitter-erlang).
//!
//! Each clause of a function (`total([]) -> 0; total([H | T]) -> ...`) is a function of its
//! own, named by its atom and qualified by the module (`cart:total`), as Haskell's equations and
//! Elixir's `def` clauses are; so is each clause of a `fun`, anonymous or named by its variable
//! (`fun Loop(N) -> ... end`) or by the variable it is bound to (`F = fun(X) -> ... end`).
//!
//! `case`, `receive` and `maybe` count like a `switch` with their clauses the cases (a bare
//! variable or `_` the catch-all); `if` is a `switch` whose cases are guards, `true` the
//! catch-all. `receive`'s `after` is its default, taken when no message matches: like a
//! catch-all it adds nothing. Each `catch` clause of a `try` a catch, and
//! a `try ... of`'s clauses cases. The guard of a clause (`when`) adds 1, and in a guard `;` is
//! an `orelse` and `,` an `andalso`. Erlang has no loops: recursion and list comprehensions
//! (each generator decides) stand in for them.

use crate::spec::{Arity, BoolOp, CatchAll, Func, LangSpec, Telltales};

pub(crate) static SPEC: LangSpec = LangSpec {
    functions: &[Func::named("function_clause"), Func::named("fun_clause")],
    // `-module(cart).` qualifies the functions after it.
    containers: &[("module_attribute", "name")],
    file_scoped: &["module_attribute"],
    separator: ":",
    anonymous: "fun",
    // `Total = fun(Items) -> ... end`.
    bindings: &[("match_expr", "lhs")],

    switches: &["case_expr", "if_expr", "receive_expr", "maybe_expr"],
    // `try ... of` clauses are `cr_clause`s too; an `if` clause's pattern is its guard.
    cases: &["cr_clause", "if_clause"],
    // `_`, a variable, which always matches, and an `if`'s `true` guard (in a `case`, `true` is
    // a value like `false`).
    catch_alls: &[CatchAll::Kind("var"), CatchAll::TextIn("true", "if_expr")],
    // The guard (`when`) of a clause; an `if` clause's guard is its pattern.
    guards: &["function_clause.guard", "fun_clause.guard", "cr_clause.guard", "catch_clause.guard"],
    catches: &["catch_clause"],
    // The generators of a comprehension, and `?=` in a `maybe`: a match that may fail.
    decisions: &["generator", "b_generator", "map_generator", "cond_match_expr"],
    // A guard's `;` is an `orelse`, and a guard clause's `,` an `andalso`.
    binary_expressions: &["binary_op_expr", "guard", "guard_clause"],
    operators: &[
        ("andalso", BoolOp::And),
        ("and", BoolOp::And),
        (",", BoolOp::And),
        ("orelse", BoolOp::Or),
        ("or", BoolOp::Or),
        (";", BoolOp::Or),
    ],
    calls: &[("call", "args")],
    // `sum/1` and `sum/2` are two functions.
    arity: Some(Arity { pipes: &[], defaults: &[] }),
    transparent: &["paren_expr"],

    comments: &["comment"],

    // A clause's patterns: `total([H | T], Sum)`.
    parameter_fields: &["args"],
    // Clauses have their `->`, comprehensions `<-` and `<=`, `?=` its `?`; comments `%`.
    telltales: Telltales {
        bytes: b"-%<?",
        pairs: &[],
        not_before: &[],
        words: &["fun", "case", "if", "receive", "maybe", "when", "andalso", "and", "orelse", "or"],
        inert: &[],
        comment_bytes: b"%",
        entered: &[],
        types: None,
    },
    ..LangSpec::EMPTY
};
