//! OCaml (tree-sitter-ocaml).
//!
//! A `let` binding with parameters (`let total items = ...`) is a function named by its
//! pattern, and so is a method; `fun x -> ...` is anonymous, named by the `let` it is bound to,
//! and `function | p -> ...` is an anonymous function that is a `match` of its cases, or, as
//! the body of a function (`let rec size acc = function ...`), that function's `match`. Modules
//! and classes qualify the names inside them (`Cart.total`).
//!
//! `if ... then ... else` counts like an `if` statement (its `else` is optional), `match` like a
//! `switch` with its cases the arms (`_` and a bare variable the catch-alls), and
//! `try ... with` like a `match` of its handlers, as Scala's `catch { case ... }` does.

use crate::spec::{BoolOp, CatchAll, Func, LangSpec, Loop, Telltales};

pub(crate) static SPEC: LangSpec = LangSpec {
    functions: &[
        // `let x = 1` binds a value: only a binding with parameters is a function.
        Func::named_by("let_binding", "pattern").with_child("parameter"),
        Func::named_by_child("method_definition", "method_name"),
        Func::anonymous("fun_expression"),
        // `let rec size acc = function ...` is one function of two arguments.
        Func::anonymous("function_expression").body_match(),
    ],
    separator: ".",
    anonymous: "fun",
    // `let f = fun x -> ...` and `let f = function ...` name the function `f`, and so does
    // `let f = let g y = ... in fun x -> ...`: the local `let ... in` is looked through.
    bindings: &[("let_binding", "pattern")],
    transparent: &["let_expression"],
    // `module Cart = struct ... end` and `class cart = object ... end`.
    container_children: &[("module_binding", "module_name"), ("class_binding", "class_name")],

    ifs: &["if_expression"],
    elses: &["else_clause"],
    loops: &[Loop::new("for_expression"), Loop::new("while_expression")],
    // The handlers of `try ... with` are cases like those of a `match`.
    switches: &["match_expression", "try_expression"],
    cases: &["match_case"],
    // `_`, and a variable, which always matches (constants are constructors).
    catch_alls: &[CatchAll::Kind("any_pattern"), CatchAll::Kind("value_pattern")],
    // `| p when c -> ...`.
    guards: &["guard"],
    binary_expressions: &["infix_expression"],
    // Operators are named nodes whose text is the operator; `&` and `or` are the old spellings.
    operators: &[("&&", BoolOp::And), ("&", BoolOp::And), ("||", BoolOp::Or), ("or", BoolOp::Or)],
    operator_kinds: &["and_operator", "or_operator"],
    calls: &[("application_expression", "argument")],

    comments: &["comment"],
    // An attribute's payload is read by the compiler (`[@@kind k = (value & value)]` is a
    // layout, not a conjunction): code lines, no decisions.
    opaque: &[("attribute", ""), ("item_attribute", ""), ("floating_attribute", "")],

    // Parameters stand directly in the binding, one `parameter` each; `()` takes nothing.
    parameters: &["parameter"],
    skipped_parameters: &["()"],
    // Functions and modules are bound by `let`, `module` and `class`; a `match`'s cases are its
    // children; comments `(*` (a lone `*` multiplies, or pairs types).
    telltales: Telltales {
        bytes: b"&|",
        pairs: &[*b"(*"],
        not_before: &[],
        words: &[
            "let", "module", "class", "fun", "function", "method", "if", "else", "for", "while", "match",
            "try", "when", "or",
        ],
        inert: &[],
        comment_bytes: b"*",
        entered: &[],
        types: None,
    },
    ..LangSpec::EMPTY
};
