//! Elm (tree-sitter-elm).
//!
//! A declaration with parameters (`total items rate = ...`) is a function, named by the name
//! in its `function_declaration_left`, at the top or in a `let`; one without (`zero = 0`,
//! `main = Browser.element { ... }`) is a value, whose decisions count where it stands, and
//! names the lambdas bound to it. A lambda (`\x -> ...`) is anonymous.
//!
//! `if ... then ... else` is an `if` whose `else if`s are tokens of the same node, each an
//! else-if; `case ... of` counts like a `switch` with its branches the cases (`_` and a bare
//! variable the catch-alls). `&&` and `||` are operators among the parts of one flat
//! expression: each change between them starts a sequence. Elm has no loops and no `return`.

use crate::spec::{BoolOp, CatchAll, Func, LangSpec, Telltales};

pub(crate) static SPEC: LangSpec = LangSpec {
    functions: &[
        // `zero = 0` binds a value: only a declaration with parameters is a function.
        Func::named_in("value_declaration", "function_declaration_left", "lower_case_identifier")
            .with_child("function_declaration_left.pattern"),
        Func::anonymous("anonymous_function_expr"),
    ],
    separator: ".",
    anonymous: "lambda",
    // `double = \x -> x * 2` names the lambda `double`.
    bindings: &[("value_declaration", "functionDeclarationLeft")],

    ifs: &["if_else_expr"],
    // `else if`: the `if` token after an `else` token, in the same `if_else_expr`.
    elifs: &["if"],
    else_keywords: &["else"],
    switches: &["case_of_expr"],
    cases: &["case_of_branch"],
    // `_`, and a variable, which always matches (constants are constructors).
    catch_alls: &[CatchAll::Kind("anything_pattern"), CatchAll::Kind("lower_pattern")],
    pattern_wrappers: &["pattern"],
    binary_expressions: &["bin_op_expr"],
    // Operators are named nodes whose text is the operator.
    operators: &[("&&", BoolOp::And), ("||", BoolOp::Or)],
    operator_kinds: &["operator"],
    calls: &[("function_call_expr", "arg")],
    transparent: &["parenthesized_expr"],

    comments: &["line_comment", "block_comment"],

    // The patterns after the name, one parameter each; `()` takes nothing.
    parameter_lists: &["function_declaration_left"],
    parameters: &[
        "pattern",
        "lower_pattern",
        "anything_pattern",
        "tuple_pattern",
        "record_pattern",
        "list_pattern",
        "unit_expr",
        "nullary_constructor_argument_pattern",
        "number_constant_expr",
        "string_constant_expr",
        "char_constant_expr",
    ],
    skipped_parameters: &["()"],

    // A function or a bound value has its `=`, a lambda its `\`, a case branch its `->`,
    // `&&`/`||` their `&`/`|`, and comments (`--`, `{- -}`) their `-`; `if` and `case` name the
    // rest.
    telltales: Telltales {
        bytes: b"=\\-&|",
        pairs: &[],
        not_before: &[],
        words: &["if", "case"],
        inert: &[],
        comment_bytes: b"-",
        entered: &[],
        types: None,
    },
    ..LangSpec::EMPTY
};
