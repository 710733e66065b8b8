//! PHP (tree-sitter-php, with its HTML: text outside `<?php ... ?>` is not code).
//!
//! Methods are qualified with `::` by their class, interface, trait or enum (`Cart::total`);
//! namespaces are left out of the name. Closures (`function () use ($x) { ... }`) and arrow
//! functions (`fn ($x) => ...`) are named after the variable they are assigned to (`$handler`).

use crate::spec::{BoolOp, Func, LangSpec, Loop, Telltales};

pub(crate) static SPEC: LangSpec = LangSpec {
    functions: &[
        Func::named("function_definition"),
        // Abstract and interface methods have no body: they are not functions.
        Func::named("method_declaration").requires("body"),
        Func::anonymous("anonymous_function"),
        Func::anonymous("arrow_function").anonymous_as("arrow"),
    ],
    containers: &[
        ("class_declaration", "name"),
        ("interface_declaration", "name"),
        ("trait_declaration", "name"),
        ("enum_declaration", "name"),
    ],
    separator: "::",
    anonymous: "closure",
    bindings: &[("assignment_expression", "left")],

    ifs: &["if_statement"],
    // `elseif` is a clause of its own; `else if` is an `if` alone in an `else`.
    elifs: &["else_if_clause"],
    elses: &["else_clause"],
    // `a ? b : c` and `a ?: c`.
    conditionals: &["conditional_expression"],
    loops: &[
        Loop::condition_in("for_statement", "condition"),
        Loop::new("foreach_statement"),
        Loop::new("while_statement"),
        Loop::new("do_statement"),
    ],
    switches: &["switch_statement", "match_expression"],
    // `default:` and the `default =>` arm are separate kinds, so they are simply not cases.
    cases: &["case_statement", "match_conditional_expression"],
    catches: &["catch_clause"],
    binary_expressions: &["binary_expression", "augmented_assignment_expression"],
    operators: &[
        ("&&", BoolOp::And),
        ("and", BoolOp::And),
        ("||", BoolOp::Or),
        ("or", BoolOp::Or),
        ("??", BoolOp::Coalesce),
        ("??=", BoolOp::Assign),
    ],
    // `break 2` and `continue 2` leave enclosing loops, like a labelled jump.
    jumps: &["break_statement", "continue_statement"],
    labels: &["integer"],
    gotos: &["goto_statement"],
    returns: &["return_statement"],
    early_exits: &["nullsafe_member_access_expression", "nullsafe_member_call_expression"],
    calls: &[
        ("function_call_expression", "arguments"),
        ("member_call_expression", "arguments"),
        ("scoped_call_expression", "arguments"),
    ],
    self_prefixes: &["$this->", "self::", "static::"],

    // Text outside `<?php ... ?>` (inline HTML) is not code: its lines count as comments.
    comments: &["comment", "text"],
    attributes: &["attribute_list"],

    parameter_fields: &["parameters"],
    // Functions, classes and statements have their keyword; `?:`, `??`, `?->` and the `?>`
    // before inline HTML `?`; `&&`; `||`; comments `#` `/`. A match block is entered:
    // its arms have only `=>`.
    telltales: Telltales {
        bytes: b"?#/",
        pairs: &[*b"&&", *b"||"],
        not_before: &[],
        words: &[
            "function",
            "fn",
            "class",
            "interface",
            "trait",
            "enum",
            "if",
            "elseif",
            "else",
            "for",
            "foreach",
            "while",
            "do",
            "switch",
            "case",
            "catch",
            "and",
            "or",
            "break",
            "continue",
            "goto",
            "return",
        ],
        inert: &[],
        comment_bytes: b"#/",
        entered: &["match_block"],
        types: None,
    },
    ..LangSpec::EMPTY
};
