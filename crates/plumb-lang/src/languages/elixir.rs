//! Elixir (tree-sitter-elixir).
//!
//! Elixir's constructs are calls of macros: `if x do ... else ... end` is a call of `if` with a
//! `do` block, `def total(items) do ... end` a call of `def`. The grammar reads them all as
//! `call` nodes, and the table gives each its role by the callee's name. Each clause of a
//! function (`def`, `defp`, `defmacro`, ...) is a function of its own, named by the call it
//! defines (`total`) and qualified by its module; a guard (`when`) and each `<-` of a `with` or
//! `for` decide.

use crate::spec::{Arity, BoolOp, CallRole, CatchAll, Func, LangSpec, LoopCondition, Telltales};

pub(crate) static SPEC: LangSpec = LangSpec {
    // Its parameters are those of its first clause, before any guard: `fn x, y when x > y ->`.
    functions: &[Func::anonymous("anonymous_function").parameters_in(&["stab_clause", "binary_operator"])],
    separator: ".",
    anonymous: "fn",
    // `total = fn items -> ... end`.
    bindings: &[("binary_operator", "left")],

    // `else` in an `if`'s `do` block; an `if` alone in it is a nested `if`.
    elses: &["else_block"],
    else_if_in_else: false,
    // `pattern -> body` of `case`, `cond`, `receive` (and its `after`) and `with`'s `else`:
    // `_`, a bare variable and `cond`'s `true` match anything (in a `case`, `true` is a value
    // like `false`).
    catch_alls: &[CatchAll::Kind("identifier"), CatchAll::TextIn("true", "cond")],
    pattern_wrappers: &["arguments"],
    // A `rescue` or `catch` block counts once, whatever the clauses it holds.
    catches: &["rescue_block", "catch_block"],
    // Guards (`when`), and each `<-` of a `with` or `for`: a match that may fail.
    decisions: &["when", "<-"],
    binary_expressions: &["binary_operator"],
    operators: &[("&&", BoolOp::And), ("and", BoolOp::And), ("||", BoolOp::Or), ("or", BoolOp::Or)],
    calls: &[("call", "arguments")],
    // `sum/1` and `sum/2` are two functions; `acc |> sum(rest)` calls `sum/2`, and
    // `def sum(list, acc \\ 0)` is both.
    arity: Some(Arity { pipes: &["|>"], defaults: &["\\\\"] }),
    callees: &[
        ("if", CallRole::If),
        ("unless", CallRole::If),
        ("case", CallRole::Switch),
        ("cond", CallRole::Switch),
        ("receive", CallRole::Switch),
        ("with", CallRole::Switch),
        // Its generators (`<-`) decide; the loop itself does not.
        ("for", CallRole::Loop(LoopCondition::Never)),
        ("def", CallRole::Function),
        ("defp", CallRole::Function),
        ("defmacro", CallRole::Function),
        ("defmacrop", CallRole::Function),
        ("defguard", CallRole::Function),
        ("defguardp", CallRole::Function),
        // ExUnit's tests are functions, named by their description, in their `describe`.
        ("test", CallRole::Function),
        ("defmodule", CallRole::Container),
        ("defprotocol", CallRole::Container),
        ("defimpl", CallRole::Container),
        ("describe", CallRole::Container),
        // Typespecs: `@spec f(x) :: t when t: term` has no guard.
        ("spec", CallRole::Declaration),
        ("type", CallRole::Declaration),
        ("typep", CallRole::Declaration),
        ("opaque", CallRole::Declaration),
        ("callback", CallRole::Declaration),
        ("macrocallback", CallRole::Declaration),
    ],
    call_blocks: &["do_block", "else_block", "after_block"],
    arms: &["stab_clause"],
    transparent: &["block"],

    comments: &["comment"],
    // A function's parameters are the patterns of its first clause: `fn item, sum -> ...`.
    parameter_lists: &["arguments"],
    // Constructs are calls of macros: their names; clauses `->`, `<-` its `<`; comments `#`.
    // A clause's body starts where the line of a comment before it ends: it is entered.
    telltales: Telltales {
        bytes: b"#-<&|",
        pairs: &[],
        not_before: &[],
        words: &[
            "fn",
            "when",
            "and",
            "or",
            "if",
            "unless",
            "case",
            "cond",
            "receive",
            "with",
            "for",
            "def",
            "defp",
            "defmacro",
            "defmacrop",
            "defguard",
            "defguardp",
            "test",
            "defmodule",
            "defprotocol",
            "defimpl",
            "describe",
            "else",
            "rescue",
            "catch",
            "after",
        ],
        inert: &[],
        comment_bytes: b"#",
        entered: &["body"],
        types: None,
    },
    ..LangSpec::EMPTY
};
