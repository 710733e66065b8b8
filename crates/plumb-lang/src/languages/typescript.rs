//! TypeScript and TSX (tree-sitter-typescript). Function types and signatures in interfaces
//! (`method_signature`, `function_type`) are types, not functions.

use super::javascript::{self, FUNCTIONS, OPERATORS};
use crate::spec::{LangSpec, Loop, Telltales, Types};

/// JavaScript's telltales, and those of code in a type.
const TELLTALES: Telltales = Telltales { types: Some(&TYPES), ..javascript::TELLTALES };

/// Types, annotations and signatures, where code stands only after a `[` that no `]` follows (a
/// computed name, an index; not an array type), a `=` that no `>` follows (a parameter's default
/// value), or a `@` (a decorator), or under `typeof`, `import` (`import("./x").y`, the one call
/// and member the grammar reads in a type) or `export` (a declaration in an object type).
/// Comments are `/`, and HTML comments `<!--` or `-->`. Most of a declaration file (`.d.ts`) is
/// such types.
static TYPES: Types = Types {
    kinds: &[
        "type_annotation",
        "opting_type_annotation",
        "omitting_type_annotation",
        "asserts_annotation",
        "type_predicate_annotation",
        "type_arguments",
        "type_parameters",
        "object_type",
        "interface_body",
        "interface_declaration",
        "extends_type_clause",
        "implements_clause",
        "function_type",
        "constructor_type",
        "union_type",
        "intersection_type",
        "generic_type",
        "array_type",
        "tuple_type",
        "conditional_type",
        "lookup_type",
        "parenthesized_type",
        "readonly_type",
        "index_type_query",
        "template_literal_type",
        "property_signature",
        "method_signature",
        "abstract_method_signature",
        "call_signature",
        "construct_signature",
        "index_signature",
        "function_signature",
        "formal_parameters",
    ],
    telltales: Telltales {
        bytes: b"[=@!/",
        pairs: &[*b"<!", *b"->", *b").", *b"}.", *b"`.", *b"?."],
        not_before: &[*b"[]", *b"=>"],
        words: &["typeof", "import", "export"],
        ..Telltales::NONE
    },
};

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
