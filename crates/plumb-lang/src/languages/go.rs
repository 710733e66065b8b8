//! Go (tree-sitter-go).

use crate::spec::{BoolOp, Func, LangSpec, Loop, Telltales};

pub(crate) static SPEC: LangSpec = LangSpec {
    functions: &[
        // A declaration without a body (implemented in assembly) is not a function.
        Func::named("function_declaration").requires("body"),
        // Methods are qualified by their receiver's type: `(s *Server) Run` is `Server.Run`.
        Func::named("method_declaration").receiver("receiver").requires("body"),
        Func::anonymous("func_literal"),
    ],
    separator: ".",
    anonymous: "func",
    bindings: &[("short_var_declaration", "left"), ("assignment_statement", "left"), ("var_spec", "name")],

    ifs: &["if_statement"],
    // `for {}` and `for ;; {}` have no condition.
    loops: &[Loop::go_for("for_statement")],
    switches: &["expression_switch_statement", "type_switch_statement", "select_statement"],
    // `default_case` is a separate kind, so it is simply not a case.
    cases: &["expression_case", "type_case", "communication_case"],
    binary_expressions: &["binary_expression"],
    operators: &[("&&", BoolOp::And), ("||", BoolOp::Or)],
    jumps: &["break_statement", "continue_statement"],
    labels: &["label_name"],
    gotos: &["goto_statement"],
    returns: &["return_statement"],
    calls: &[("call_expression", "arguments")],
    transparent: &["parenthesized_expression", "expression_list"],

    comments: &["comment"],

    parameter_fields: &["parameters"],
    // Every function has `func`, and every statement that counts its keyword; `&&`; `||`;
    // comments `/`. Braces are no telltale: composite literals (`T{...}`), most of a table's
    // text, hold nothing that counts; nor is a lone `&` (`&T{...}`).
    telltales: Telltales {
        bytes: b"/",
        pairs: &[*b"&&", *b"||"],
        not_before: &[],
        words: &[
            "func", "if", "else", "for", "switch", "select", "case", "break", "continue", "goto", "return",
        ],
        inert: &[],
        comment_bytes: b"/",
        entered: &[],
        types: None,
    },
    ..LangSpec::EMPTY
};
