//! TypeScript and TSX (tree-sitter-typescript). Function types and signatures in interfaces
//! (`method_signature`, `function_type`) are types, not functions.

use super::javascript::{FUNCTIONS, OPERATORS, TELLTALES};
use crate::spec::{LangSpec, Loop};

pub(crate) static SPEC: LangSpec = LangSpec {
    functions: FUNCTIONS,
    containers: &[
        ("class_declaration", "name"),
        ("abstract_class_declaration", "name"),
        ("class", "name"),
        ("internal_module", "name"),
        ("module", "name"),
    ],
    separator: ".",
    anonymous: "arrow",
    bindings: &[
        ("variable_declarator", "name"),
        ("assignment_expression", "left"),
        ("pair", "key"),
        ("public_field_definition", "name"),
    ],

    ifs: &["if_statement"],
    elses: &["else_clause"],
    conditionals: &["ternary_expression"],
    loops: &[
        Loop::condition_in("for_statement", "condition"),
        Loop::new("for_in_statement"),
        Loop::new("while_statement"),
        Loop::new("do_statement"),
    ],
    switches: &["switch_statement"],
    cases: &["switch_case"],
    catches: &["catch_clause"],
    binary_expressions: &["binary_expression", "augmented_assignment_expression"],
    operators: OPERATORS,
    jumps: &["break_statement", "continue_statement"],
    labels: &["statement_identifier"],
    returns: &["return_statement"],
    // The `?.` token, not `optional_chain`: an optional call `f?.()` has no `optional_chain` node.
    early_exits: &["?."],
    calls: &[("call_expression", "arguments")],
    self_prefixes: &["this."],

    comments: &["comment", "html_comment"],
    attributes: &["decorator"],

    parameter_fields: &["parameters", "parameter"],
    skipped_parameters: &["this"],
    telltales: TELLTALES,
    ..LangSpec::EMPTY
};
