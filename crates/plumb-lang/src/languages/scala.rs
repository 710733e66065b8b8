//! Scala (tree-sitter-scala), 2 and 3.
//!
//! `def`s are qualified with `.` by their classes, objects, traits and enums. A
//! for-comprehension adds 1 per generator (`x <- xs`) and per guard (`if c`), and its loop
//! nests; a `catch` holds cases like a `match`. A block of cases passed as an argument
//! (`xs.collect { case ... }`) is an anonymous function that matches its argument.

use crate::spec::{BoolOp, CatchAll, Func, LangSpec, Loop, Telltales};

pub(crate) static SPEC: LangSpec = LangSpec {
    functions: &[
        // Abstract `def`s are `function_declaration`s, without a body.
        Func::named("function_definition"),
        Func::anonymous("lambda_expression"),
        // A block of cases passed as an argument is a function that matches its argument.
        Func::anonymous("case_block")
            .not_in(&["match_expression", "catch_clause"])
            .anonymous_as("cases")
            .is_match(),
    ],
    containers: &[
        ("class_definition", "name"),
        ("object_definition", "name"),
        ("trait_definition", "name"),
        ("enum_definition", "name"),
    ],
    separator: ".",
    anonymous: "lambda",
    bindings: &[("val_definition", "pattern"), ("var_definition", "pattern")],

    ifs: &["if_expression"],
    loops: &[
        Loop::new("while_expression"),
        Loop::new("do_while_expression"),
        // The generators decide, one each.
        Loop::unconditional("for_expression"),
    ],
    // `try ... catch { case ... }` counts once as a whole and +1 per case, like `match`.
    switches: &["match_expression", "catch_clause"],
    cases: &["case_clause"],
    // `_`, and a variable pattern `case other =>`, which binds anything (its guard still
    // counts); `case Other =>` and ``case `other` =>`` compare with a value.
    catch_alls: &[CatchAll::Kind("wildcard"), CatchAll::Lowercase("identifier")],
    // Match guards and for-comprehension guards.
    guards: &["guard"],
    // For-comprehension generators.
    decisions: &["<-"],
    binary_expressions: &["infix_expression"],
    // `&&` is an identifier like `+`: matched by its text.
    operator_kinds: &["operator_identifier"],
    operators: &[("&&", BoolOp::And), ("||", BoolOp::Or)],
    returns: &["return_expression"],
    calls: &[("call_expression", "arguments")],
    self_prefixes: &["this."],

    comments: &["comment", "block_comment"],
    attributes: &["annotation"],

    // `def f[T](x: T)`: the type parameters share the field with the parameter list.
    parameter_fields: &["parameters"],
    parameter_lists: &["parameters", "bindings"],
    curried: true,
    // Declarations and statements have their keyword, lambdas and cases `=>`, generators `<-`,
    // `&&` and `||` theirs; comments `/`.
    telltales: Telltales {
        bytes: b"/",
        pairs: &[*b"=>", *b"<-", *b"&&", *b"||"],
        not_before: &[],
        words: &[
            "def", "class", "object", "trait", "enum", "if", "else", "while", "do", "for", "match", "case",
            "catch", "return",
        ],
        inert: &[],
        comment_bytes: b"/",
        entered: &[],
        types: None,
    },
    ..LangSpec::EMPTY
};
