//! Kotlin (tree-sitter-kotlin-ng).
//!
//! The grammar has few fields: an `if`'s branches are told apart by the `else` token, calls
//! by their `value_arguments` child, and parameter lists by kind. Functions are qualified with
//! `.` by their classes and objects (a companion object adds no name: `Foo.create`); property
//! accessors are named `get` and `set`.

use crate::spec::{BoolOp, CatchAll, Func, LangSpec, Loop, Telltales};

pub(crate) static SPEC: LangSpec = LangSpec {
    functions: &[
        // Interface and abstract functions have no body: they are not functions.
        Func::named("function_declaration").with_child("function_body"),
        Func::fixed("secondary_constructor", "constructor"),
        Func::fixed("anonymous_initializer", "init"),
        Func::fixed("getter", "get").with_child("function_body"),
        Func::fixed("setter", "set").with_child("function_body"),
        Func::anonymous("lambda_literal"),
        Func::anonymous("anonymous_function").anonymous_as("function"),
    ],
    containers: &[("class_declaration", "name"), ("object_declaration", "name")],
    separator: ".",
    anonymous: "lambda",
    // `val handler = { ... }` is `handler`, and so is `val handler: (Int) -> Int = { ... }`.
    binding_children: &[("property_declaration", "variable_declaration>identifier")],

    // `if` is an expression too: `val x = if (a) 1 else 2` counts like a statement.
    ifs: &["if_expression"],
    else_keywords: &["else"],
    loops: &[Loop::new("for_statement"), Loop::new("while_statement"), Loop::new("do_while_statement")],
    switches: &["when_expression"],
    cases: &["when_entry"],
    // `else ->` is the catch-all entry.
    catch_alls: &[CatchAll::Kind("else")],
    catches: &["catch_block"],
    binary_expressions: &["binary_expression"],
    // The elvis operator `a ?: b` decides like `??`.
    operators: &[("&&", BoolOp::And), ("||", BoolOp::Or), ("?:", BoolOp::Coalesce)],
    // The grammar reads `break@outer` as the expression `outer` labelled `break@`.
    jumps: &["label"],
    jump_texts: &["break@", "continue@"],
    returns: &["return_expression"],
    early_exits: &["?."],
    calls: &[("call_expression", "value_arguments")],
    self_prefixes: &["this."],

    comments: &["line_comment", "block_comment"],
    attributes: &["annotation"],

    parameter_lists: &["function_value_parameters", "lambda_parameters"],
    // Default values stand beside the parameters in the list.
    parameters: &["parameter", "variable_declaration", "multi_variable_declaration"],
    // Functions, accessors, classes and statements have their keyword; lambdas `{`; `when`
    // entries `->`; `?:` and `?.` `?`; `&&`; `||`; comments `/`.
    telltales: Telltales {
        bytes: b"{?/",
        pairs: &[*b"->", *b"&&", *b"||"],
        not_before: &[],
        words: &[
            "fun",
            "constructor",
            "init",
            "get",
            "set",
            "class",
            "object",
            "interface",
            "if",
            "else",
            "for",
            "while",
            "do",
            "when",
            "catch",
            "break",
            "continue",
            "return",
        ],
        inert: &[],
        comment_bytes: b"/",
        entered: &[],
        types: None,
    },
    ..LangSpec::EMPTY
};
