//! Swift (tree-sitter-swift).
//!
//! Methods are qualified with `.` by their class, struct, enum, extension or protocol.
//! Computed-property accessors are named after their property (`total.get`, `total.set`,
//! `value.didSet`); a closure is named after the constant it initialises.

use crate::spec::{BoolOp, CatchAll, Func, LangSpec, Loop, Telltales};

pub(crate) static SPEC: LangSpec = LangSpec {
    functions: &[
        Func::named("function_declaration").requires("body"),
        // `init` is named by its keyword.
        Func::named("init_declaration").requires("body"),
        Func::fixed("deinit_declaration", "deinit"),
        Func::fixed("subscript_declaration", "subscript"),
        Func::member("computed_getter", "get").with_child("statements"),
        Func::member("computed_setter", "set").with_child("statements"),
        Func::member("computed_modify", "modify").with_child("statements"),
        Func::member("willset_clause", "willSet").with_child("statements"),
        Func::member("didset_clause", "didSet").with_child("statements"),
        // `var total: Int { items.count }` is a getter; with `get`/`set` inside it is not.
        Func::member("computed_property", "get").with_child("statements"),
        // `defer { ... }` reads as a call of `defer` with a closure: it is a statement, whose
        // body belongs to the function around it.
        Func::anonymous("lambda_literal").not_block_of(&["defer"]),
    ],
    containers: &[
        // `class`, `struct`, `enum`, `extension` and `actor` are all `class_declaration`.
        ("class_declaration", "name"),
        ("protocol_declaration", "name"),
        // A computed property names its accessors.
        ("property_declaration[computed_value]", "name"),
    ],
    separator: ".",
    anonymous: "closure",
    bindings: &[("property_declaration", "name")],

    ifs: &["if_statement"],
    // `else` is a token between the branches; `else if` is an `if` after it.
    else_keywords: &["else"],
    // `guard c else { ... }` is +1 and nests its `else` body, like a conditional.
    conditionals: &["guard_statement", "ternary_expression"],
    loops: &[Loop::new("for_statement"), Loop::new("while_statement"), Loop::new("repeat_while_statement")],
    switches: &["switch_statement"],
    cases: &["switch_entry"],
    // `default`, `_`, and a binding `let x` or `var x`, which matches anything (its `where`
    // still counts).
    catch_alls: &[
        CatchAll::Kind("default_keyword"),
        CatchAll::Kind("wildcard_pattern"),
        CatchAll::Children("pattern", &["value_binding_pattern", "simple_identifier"]),
    ],
    pattern_wrappers: &["switch_pattern", "pattern"],
    // `case x where c:`, `catch E where c`, and `for x in xs where c`; not the `where` that
    // constrains a generic type (`extension Array where Element: Equatable`).
    guards: &["where_clause", "switch_entry>where_keyword"],
    catches: &["catch_block"],
    binary_expressions: &["conjunction_expression", "disjunction_expression", "nil_coalescing_expression"],
    operators: &[("&&", BoolOp::And), ("||", BoolOp::Or), ("??", BoolOp::Coalesce)],
    // `break outer` and `continue outer`: one statement kind holds every jump and `return`.
    jumps: &["break", "continue"],
    labels: &["simple_identifier"],
    returns: &["return"],
    calls: &[("call_expression", "call_suffix")],
    self_prefixes: &["self."],
    // `(a && b)` is a one-element tuple.
    transparent: &["tuple_expression"],

    comments: &["comment", "multiline_comment"],
    attributes: &["attribute"],

    // A closure's parameters are inside its type: `{ (x: Int) -> Int in ... }`.
    parameter_fields: &["type"],
    parameter_lists: &["lambda_function_type_parameters"],
    parameters: &["parameter", "lambda_parameter"],
    // Functions, accessors, types and statements have their keyword; closures and computed
    // properties `{`; `?:` and `??` `?`; `&&`; `||`; comments `/`. A lone `&` passes inout.
    telltales: Telltales {
        bytes: b"{?/",
        pairs: &[*b"&&", *b"||"],
        not_before: &[],
        words: &[
            "func",
            "init",
            "deinit",
            "subscript",
            "get",
            "set",
            "modify",
            "_modify",
            "willSet",
            "didSet",
            "class",
            "struct",
            "enum",
            "extension",
            "actor",
            "protocol",
            "if",
            "else",
            "guard",
            "for",
            "while",
            "repeat",
            "switch",
            "case",
            "default",
            "where",
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
