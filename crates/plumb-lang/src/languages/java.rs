//! Java (tree-sitter-java).

use crate::spec::{BoolOp, CatchAll, Func, LangSpec, Loop, Telltales};

pub(crate) static SPEC: LangSpec = LangSpec {
    functions: &[
        // Abstract and interface methods without a body are not functions.
        Func::named("method_declaration").requires("body"),
        Func::named("constructor_declaration"),
        Func::named("compact_constructor_declaration"),
        Func::anonymous("lambda_expression"),
        Func::fixed("static_initializer", "static"),
    ],
    containers: &[
        ("class_declaration", "name"),
        ("interface_declaration", "name"),
        ("enum_declaration", "name"),
        ("record_declaration", "name"),
        ("annotation_type_declaration", "name"),
    ],
    separator: ".",
    anonymous: "lambda",
    bindings: &[("variable_declarator", "name"), ("assignment_expression", "left")],

    ifs: &["if_statement"],
    conditionals: &["ternary_expression"],
    loops: &[
        Loop::condition_in("for_statement", "condition"),
        Loop::new("enhanced_for_statement"),
        Loop::new("while_statement"),
        Loop::new("do_statement"),
    ],
    switches: &["switch_expression"],
    // One per label: `case 1: case 2:` is two, `case 1, 2 ->` is one; `default` adds nothing.
    cases: &["switch_label"],
    catch_alls: &[CatchAll::Kind("default")],
    catches: &["catch_clause"],
    // A pattern label's `when` guard (`case Integer i when i > 0 ->`).
    guards: &["guard"],
    binary_expressions: &["binary_expression"],
    operators: &[("&&", BoolOp::And), ("||", BoolOp::Or)],
    jumps: &["break_statement", "continue_statement"],
    labels: &["identifier"],
    returns: &["return_statement"],
    calls: &[("method_invocation", "arguments")],
    self_prefixes: &["this."],

    comments: &["line_comment", "block_comment"],
    attributes: &["annotation", "marker_annotation"],

    parameter_fields: &["parameters"],
    not_parameters: &["receiver_parameter"],
    // Methods, constructors, initializers and classes have `{`; lambdas `->`; `?:` `?`; `&&`;
    // `||`; comments `/`. A statement needs no brace, so its keyword is the
    // telltale; a pattern's guard has `when`.
    telltales: Telltales {
        bytes: b"{?/",
        pairs: &[*b"->", *b"&&", *b"||"],
        not_before: &[],
        words: &[
            "if", "else", "for", "while", "do", "switch", "case", "default", "catch", "when", "break",
            "continue", "return",
        ],
        inert: &[],
        comment_bytes: b"/",
        entered: &[],
        types: None,
    },
    ..LangSpec::EMPTY
};
