//! Solidity (tree-sitter-solidity).
//!
//! Functions, modifiers, constructors and `fallback`/`receive` are functions, qualified by the
//! contract, library or interface around them; a function without a body (an interface's or
//! an abstract one) is not. Functions of inline assembly (Yul) are functions too.

use crate::spec::{BoolOp, Func, LangSpec, Loop, Telltales};

pub(crate) static SPEC: LangSpec = LangSpec {
    functions: &[
        Func::named("function_definition").requires("body"),
        Func::named("modifier_definition").requires("body"),
        Func::fixed("constructor_definition", "constructor"),
        // `receive() external payable`, or `fallback()` (`function()` before Solidity 0.6).
        Func::named_by_child("fallback_receive_definition", "receive").anonymous_as("fallback"),
        Func::named_by_child("yul_function_definition", "yul_identifier"),
    ],
    containers: &[
        ("contract_declaration", "name"),
        ("library_declaration", "name"),
        ("interface_declaration", "name"),
    ],
    separator: ".",
    anonymous: "function",

    ifs: &["if_statement", "yul_if_statement"],
    // `if` has no `alternative` field: what follows `else` is the else branch.
    else_keywords: &["else"],
    conditionals: &["ternary_expression"],
    loops: &[
        // `for (;;)` too: the grammar gives its empty condition the `;` token.
        Loop::new("for_statement"),
        Loop::new("while_statement"),
        Loop::new("do_while_statement"),
        Loop::new("yul_for_statement"),
    ],
    catches: &["catch_clause"],
    binary_expressions: &["binary_expression"],
    operators: &[("&&", BoolOp::And), ("||", BoolOp::Or)],
    returns: &["return_statement"],
    // Every statement and expression is wrapped in a node of its own: `else if` is an `else`
    // and a `statement` holding an `if`, `a && b && c` a `binary_expression` whose operand is
    // an `expression` holding `a && b`.
    transparent: &["statement", "expression", "parenthesized_expression"],

    comments: &["comment"],

    // Parameters stand in the declaration itself, without a list; return parameters are
    // `return_parameter`s.
    parameters: &["parameter"],
    // Declarations and statements have their keyword, conditionals `?`, `&&` and `||` theirs;
    // comments `/`.
    telltales: Telltales {
        bytes: b"/?",
        pairs: &[*b"&&", *b"||"],
        not_before: &[],
        words: &[
            "function",
            "modifier",
            "constructor",
            "fallback",
            "receive",
            "contract",
            "library",
            "interface",
            "if",
            "else",
            "for",
            "while",
            "do",
            "catch",
            "return",
        ],
        inert: &[],
        comment_bytes: b"/",
        entered: &[],
        types: None,
    },
    ..LangSpec::EMPTY
};
