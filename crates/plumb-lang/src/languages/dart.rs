//! Dart (tree-sitter-dart).
//!
//! Functions, methods, getters, setters, operators and constructors with a body or an
//! initializer list are named by their signature (`total`, `add`, `size`, `Cart.empty` for a
//! named constructor, `operator ==`) and qualified by their class, mixin, extension or enum;
//! function expressions are named after the variable they are assigned to.

use crate::spec::{BoolOp, CatchAll, Func, LangSpec, Loop, Telltales};

pub(crate) static SPEC: LangSpec = LangSpec {
    functions: &[
        Func::signature("function_declaration", "signature"),
        Func::signature("method_declaration", "signature"),
        // `int helper(int y) => y;` inside a body: its signature is its first child.
        Func::signature("local_function_declaration", "signature"),
        // A constructor without a body but with an initializer list
        // (`Range(int lo) : lo = lo < 0 ? 0 : lo;`), whose expressions run when it is called.
        Func::signature("declaration", "signature").with_child("initializers"),
        Func::anonymous("function_expression"),
    ],
    containers: &[
        ("class_declaration", "name"),
        ("mixin_declaration", "name"),
        ("extension_declaration", "name"),
        ("enum_declaration", "name"),
    ],
    separator: ".",
    anonymous: "closure",
    bindings: &[("initialized_variable_declaration", "name")],

    ifs: &["if_statement"],
    // `c ? a : b`, and `[if (c) a else b]` in a collection.
    conditionals: &["conditional_expression", "if_element"],
    loops: &[
        // Every `for` counts: a `for (x in xs)` has no `condition` field either.
        Loop::new("for_statement"),
        Loop::new("for_element"),
        Loop::new("while_statement"),
        Loop::new("do_statement"),
    ],
    switches: &["switch_statement", "switch_expression"],
    // `default:` is a kind of its own, not a case: it adds nothing.
    cases: &["switch_statement_case", "switch_expression_case"],
    catch_alls: &[CatchAll::Text("_")],
    guards: &["switch_statement_case.guard", "switch_expression_case.guard"],
    // A handler (`on E {`, `catch (e) {` or `on E catch (e) {`) is its block: the `try` holds
    // `on E`, the `catch_clause` and the block side by side.
    handlers: &[("try_statement", "block")],
    // `x ??= y`, and `..x ??= y` in a cascade, assign only when `x` is null.
    binary_expressions: &[
        "logical_and_expression",
        "logical_or_expression",
        "if_null_expression",
        "assignment_expression",
        "cascade_section",
    ],
    operators: &[("&&", BoolOp::And), ("||", BoolOp::Or), ("??", BoolOp::Coalesce), ("??=", BoolOp::Assign)],
    jumps: &["break_statement", "continue_statement"],
    labels: &["identifier"],
    returns: &["return_statement"],
    // `a?.b`.
    early_exits: &["?."],
    calls: &[("call_expression", "arguments")],
    self_prefixes: &["this."],

    comments: &["comment", "documentation_comment", "block_comment", "documentation_block_comment"],
    attributes: &["annotation"],

    parameter_fields: &["parameters", "signature"],
    // `{int a, int b}` and `[int a]` are lists in the list.
    parameter_lists: &["formal_parameter_list", "optional_formal_parameters"],
    parameters: &["formal_parameter"],
    // Functions have `{` or `=>`, and so do switch expression arms; classes and statements have
    // their keyword; `?:`, `??` and `?.` `?`; `&&`; `||`; comments `/`.
    telltales: Telltales {
        bytes: b"{?/",
        pairs: &[*b"=>", *b"&&", *b"||"],
        not_before: &[],
        words: &[
            "class",
            "mixin",
            "extension",
            "enum",
            "if",
            "else",
            "for",
            "while",
            "do",
            "switch",
            "case",
            "when",
            "catch",
            "break",
            "continue",
            "return",
        ],
        inert: &[],
        comment_bytes: b"/",
        // A constructor's initializer list may have no telltale (`P(int y) : z = y;`): the
        // member holding it is entered, so that the constructor is found.
        entered: &["member_declaration"],
        types: None,
    },
    ..LangSpec::EMPTY
};
