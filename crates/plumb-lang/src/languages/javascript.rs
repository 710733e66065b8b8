//! JavaScript, including JSX (tree-sitter-javascript).

use crate::spec::{BoolOp, Func, LangSpec, Loop, Telltales};

/// Functions shared by JavaScript and TypeScript.
pub(crate) const FUNCTIONS: &[Func] = &[
    Func::named("function_declaration"),
    Func::named("generator_function_declaration"),
    Func::named("method_definition"),
    // Function expressions may have a name; without one they are named like arrow functions.
    Func::named("function_expression").anonymous_as("function"),
    Func::named("generator_function").anonymous_as("function"),
    Func::anonymous("arrow_function"),
    // `static { ... }` in a class runs once, like a function; it is named `static`.
    Func::fixed("class_static_block", "static"),
];

/// Operators shared by JavaScript and TypeScript.
pub(crate) const OPERATORS: &[(&str, BoolOp)] = &[
    ("&&", BoolOp::And),
    ("||", BoolOp::Or),
    ("??", BoolOp::Coalesce),
    ("&&=", BoolOp::Assign),
    ("||=", BoolOp::Assign),
    ("??=", BoolOp::Assign),
];

/// Telltales shared by JavaScript and TypeScript. Functions, methods, static blocks and classes
/// have `{`; arrow functions `=>`; `?:`, `??` and `?.` `?` (but not TypeScript's `?:` of an
/// optional member); `&&`; `||`; comments `/`, and HTML comments `<!--` `<!` or `-->` `->`. A
/// statement needs no brace, so its keyword is the telltale.
pub(crate) const TELLTALES: Telltales = Telltales {
    bytes: b"{?/",
    pairs: &[*b"=>", *b"&&", *b"||", *b"<!", *b"->"],
    not_before: &[*b"?:"],
    words: &["if", "else", "for", "while", "do", "switch", "case", "catch", "break", "continue", "return"],
    inert: &[],
    comment_bytes: b"/!>",
    entered: &[],
    types: None,
};

pub(crate) static SPEC: LangSpec = LangSpec {
    functions: FUNCTIONS,
    containers: &[("class_declaration", "name"), ("class", "name")],
    separator: ".",
    anonymous: "arrow",
    bindings: &[
        ("variable_declarator", "name"),
        ("assignment_expression", "left"),
        ("pair", "key"),
        ("field_definition", "property"),
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
    // `switch_default` is a separate kind, so it is simply not a case.
    cases: &["switch_case"],
    catches: &["catch_clause"],
    binary_expressions: &["binary_expression", "augmented_assignment_expression"],
    operators: OPERATORS,
    jumps: &["break_statement", "continue_statement"],
    labels: &["statement_identifier"],
    returns: &["return_statement"],
    early_exits: &["optional_chain"],
    calls: &[("call_expression", "arguments")],
    self_prefixes: &["this."],

    comments: &["comment", "html_comment"],
    attributes: &["decorator"],

    parameter_fields: &["parameters", "parameter"],
    telltales: TELLTALES,
    ..LangSpec::EMPTY
};
