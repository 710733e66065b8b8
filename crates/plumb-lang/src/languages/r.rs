//! R (tree-sitter-r).
//!
//! Functions are `function(x) ...` and `\(x) ...` expressions, named after the variable they are
//! assigned to (`total <- function(items)`, `total = function(items)`) or the argument they are
//! passed as (`tryCatch(x, error = function(e) ...)`). `switch(x, a = 1, b = 2, 3)` is a call
//! the table reads as a switch: each named alternative is a case, the unnamed one the default.

use crate::spec::{BoolOp, CallRole, CatchAll, Func, LangSpec, Loop, Telltales};

pub(crate) static SPEC: LangSpec = LangSpec {
    functions: &[Func::anonymous("function_definition")],
    separator: ".",
    anonymous: "function",
    bindings: &[("binary_operator", "lhs"), ("argument", "name")],

    ifs: &["if_statement"],
    loops: &[
        Loop::new("for_statement"),
        Loop::new("while_statement"),
        Loop::unconditional("repeat_statement"),
    ],
    // `switch`'s subject and its default have no name.
    catch_alls: &[CatchAll::Unnamed("name")],
    binary_expressions: &["binary_operator"],
    // `&` and `|` are element-wise: values, not decisions.
    operators: &[("&&", BoolOp::And), ("||", BoolOp::Or)],
    calls: &[("call", "arguments")],
    callees: &[("switch", CallRole::Switch), ("return", CallRole::Return)],
    call_blocks: &["arguments"],
    arms: &["argument"],
    transparent: &["parenthesized_expression"],

    comments: &["comment"],
    parameter_fields: &["parameters"],
    parameters: &["parameter"],
    // Functions `function` or `\`, `switch` and `return` calls by name, and
    // the cases of a `switch` their `=`; comments `#`.
    telltales: Telltales {
        bytes: b"#\\=&|",
        pairs: &[],
        not_before: &[],
        words: &["function", "if", "else", "for", "while", "repeat", "switch", "return"],
        inert: &[],
        comment_bytes: b"#",
        entered: &[],
        types: None,
    },
    ..LangSpec::EMPTY
};
