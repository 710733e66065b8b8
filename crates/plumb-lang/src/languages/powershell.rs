//! PowerShell (tree-sitter-powershell).
//!
//! A `function` is named by its `function_name`, a class method by its name and qualified by
//! its class; a script block (`{ $_ -gt 1 }`) is an anonymous function, but not the condition
//! of a `switch` clause, which belongs to the switch.
//! Parameters are those of `function f($a)`, of a class method, or of the `param(...)` block
//! that opens the body.

use crate::spec::{BoolOp, CatchAll, Func, LangSpec, Loop, Telltales};

pub(crate) static SPEC: LangSpec = LangSpec {
    functions: &[
        Func::named_by_child("function_statement", "function_name"),
        Func::named_by_child("class_method_definition", "simple_name"),
        Func::anonymous("script_block_expression").not_in(&["switch_clause_condition"]),
    ],
    separator: ".",
    anonymous: "scriptblock",
    container_children: &[("class_statement", "simple_name")],

    ifs: &["if_statement"],
    elifs: &["elseif_clause"],
    elif_lists: &["elseif_clauses"],
    elses: &["else_clause"],
    loops: &[
        Loop::condition_in("for_statement", "for_condition"),
        Loop::new("foreach_statement"),
        Loop::new("while_statement"),
        Loop::new("do_statement"),
    ],
    switches: &["switch_statement"],
    cases: &["switch_clause"],
    // Keywords are case-insensitive: `Default` too.
    catch_alls: &[CatchAll::Keyword("default")],
    // `trap { ... }` handles the errors of its scope as a `catch` does.
    catches: &["catch_clause", "trap_statement"],
    // `-and` and `-or` are tokens of a `logical_expression`, `&&` and `||` of PowerShell 7's
    // pipeline chains each in a `pipeline_chain_tail`.
    binary_expressions: &["logical_expression", "pipeline_chain_tail"],
    operators: &[("-and", BoolOp::And), ("-or", BoolOp::Or), ("&&", BoolOp::And), ("||", BoolOp::Or)],
    // `break :outer`: one statement kind holds every jump, `return`, `throw` and `exit`.
    jumps: &["flow_control_statement"],
    labels: &["label_expression"],
    returns: &["return"],
    transparent: &["parenthesized_expression"],

    comments: &["comment"],

    parameter_lists: &[
        "function_parameter_declaration",
        "param_block",
        "parameter_list",
        "class_method_parameter_list",
    ],
    parameter_bodies: &["script_block"],
    parameters: &["script_parameter", "class_method_parameter"],
    // Blocks have their `{`, `-and` and `-or` their `-`; `break`, `continue`, `return`, `exit`
    // and `throw` in any case; comments `#`.
    telltales: Telltales {
        bytes: b"{-&|#",
        pairs: &[],
        not_before: &[],
        words: &["break", "continue", "return", "exit", "throw"],
        inert: &[],
        comment_bytes: b"#",
        entered: &[],
        types: None,
    },
    ..LangSpec::EMPTY
};
