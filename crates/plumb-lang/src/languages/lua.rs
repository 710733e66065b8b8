//! Lua (tree-sitter-lua).
//!
//! A function is named as declared: `helper`, `M.run`, `M:method`. An anonymous function is
//! named after the variable or table field it is assigned to (`M.handler = function() end` is
//! `M.handler`).

use crate::spec::{BoolOp, Func, LangSpec, Loop, Telltales};

pub(crate) static SPEC: LangSpec = LangSpec {
    // `function f()`, `local function f()`, `function M.f()` and `function M:f()`.
    functions: &[Func::named("function_declaration"), Func::anonymous("function_definition")],
    separator: ".",
    anonymous: "function",
    bindings: &[("field", "name")],
    binding_children: &[("assignment_statement", "variable_list")],

    ifs: &["if_statement"],
    elifs: &["elseif_statement"],
    elses: &["else_statement"],
    // An `if` alone in an `else` is nested: else-if is written `elseif`.
    else_if_in_else: false,
    loops: &[
        Loop::new("while_statement"),
        Loop::new("repeat_statement"),
        // Numeric and generic `for`.
        Loop::new("for_statement"),
    ],
    binary_expressions: &["binary_expression"],
    operators: &[("and", BoolOp::And), ("or", BoolOp::Or)],
    gotos: &["goto_statement"],
    returns: &["return_statement"],
    calls: &[("function_call", "arguments")],
    self_prefixes: &["self."],
    transparent: &["parenthesized_expression", "expression_list"],

    comments: &["comment"],

    parameter_fields: &["parameters"],
    // Functions and statements have their keyword; comments `--` (a lone `-` subtracts).
    telltales: Telltales {
        bytes: b"",
        pairs: &[*b"--"],
        not_before: &[],
        words: &["function", "if", "elseif", "else", "while", "repeat", "for", "and", "or", "goto", "return"],
        inert: &[],
        comment_bytes: b"-",
        entered: &[],
        types: None,
    },
    ..LangSpec::EMPTY
};
