//! Haskell (tree-sitter-haskell).
//!
//! Each equation of a function (`size [] = 0`, `size (_:xs) = 1 + size xs`) is a function of
//! its own, named by its variable, and so is a binding without parameters at the top or in a
//! class or instance (`main = do ...`; not a value in a `let` or `where`); both are qualified by
//! their class or instance. Lambdas are anonymous; `\case` is a lambda that is a `case` of its
//! alternatives.
//!
//! Guards (`| x > 0 = ...`) count like the guards of a match arm: +1 each, `otherwise`
//! included (it is a condition, `True`), and 0 cognitive. A `case` and a multi-way `if` count
//! like a `switch`, and the alternatives of a `case` like its arms; `if ... then ... else`
//! counts like a conditional expression (it always has its `else`).

use crate::spec::{BoolOp, CatchAll, Func, LangSpec, Telltales};

pub(crate) static SPEC: LangSpec = LangSpec {
    functions: &[
        // `function` is also the kind of a function type (`Int -> Int`), which has no `match`.
        // `x <+> y = ...` and ``a `op` b = ...`` are named by their operator.
        Func::named("function").requires("match").infix("infix", "operator"),
        // `main = do ...`, at the top or in a class or instance; a `bind` in a `do` block
        // (`x <- action`) has no `match`, and a value in a `let` or `where` is part of its
        // function.
        Func::named("bind").requires("match").not_in(&["local_binds"]),
        Func::anonymous("lambda"),
        Func::anonymous("lambda_case").is_match(),
        Func::anonymous("lambda_cases").is_match(),
    ],
    containers: &[("class", "name"), ("instance", "name")],
    separator: ".",
    anonymous: "lambda",

    // `if c then a else b` is an expression with both branches: a conditional.
    conditionals: &["conditional"],
    switches: &["case", "multi_way_if"],
    cases: &["alternative"],
    // `_`, and a variable, which always matches (constants are constructors).
    catch_alls: &[CatchAll::Kind("wildcard"), CatchAll::Kind("variable")],
    // The guards of an equation, an alternative or a multi-way `if`.
    guards: &["match.guards"],
    // `x <- xs` in a list comprehension.
    decisions: &["generator"],
    binary_expressions: &["infix"],
    // Operators are named nodes whose text is the operator.
    operators: &[("&&", BoolOp::And), ("||", BoolOp::Or)],
    operator_kinds: &["operator"],
    calls: &[("apply", "argument")],
    transparent: &["parens"],

    comments: &["comment", "haddock"],

    parameter_fields: &["patterns"],
    // Equations and bindings have their `=`, lambdas `\`, alternatives `->`, guards `|`;
    // comments `--` and `{-` `-`.
    telltales: Telltales {
        bytes: b"=\\-|&",
        pairs: &[],
        not_before: &[],
        words: &["class", "instance", "if", "case"],
        inert: &[],
        comment_bytes: b"-",
        entered: &[],
        types: None,
    },
    ..LangSpec::EMPTY
};
