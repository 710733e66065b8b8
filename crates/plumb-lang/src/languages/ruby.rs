//! Ruby (tree-sitter-ruby).
//!
//! Methods are qualified with `.` by their classes and modules: `Shop.Cart.total` for an
//! instance method and for `def self.build` alike (`class << self` adds no name of its own).
//! Blocks (`{ ... }`, `do ... end`) and lambdas are closures; the `{ ... }` of a `->` lambda is
//! the lambda's body, not a second closure.

use crate::spec::{BoolOp, CatchAll, Func, LangSpec, Loop, Telltales};

pub(crate) static SPEC: LangSpec = LangSpec {
    functions: &[
        Func::named("method"),
        Func::named("singleton_method"),
        Func::anonymous("lambda").anonymous_as("lambda"),
        Func::anonymous("block").not_in(&["lambda"]),
        Func::anonymous("do_block").not_in(&["lambda"]),
    ],
    containers: &[("class", "name"), ("module", "name")],
    separator: ".",
    anonymous: "block",
    // `rate = ->(x) { ... }` is `rate`; `{ bulk: ->(n) { ... } }` is `bulk`.
    bindings: &[("assignment", "left"), ("pair", "key")],

    // `unless` is an `if`; `elsif` stands in the `alternative` of the `if` before it, so it is
    // an else-if. `x if y` and `x unless y` are `if`s too.
    ifs: &["if", "unless", "if_modifier", "unless_modifier"],
    elifs: &["elsif"],
    // Only an `else` in an `if`'s `alternative` counts; `case` and `begin` `else` add nothing.
    elses: &["else"],
    // An `if` alone in an `else` is nested: else-if is written `elsif`.
    else_if_in_else: false,
    conditionals: &["conditional"],
    loops: &[
        Loop::new("while"),
        Loop::new("until"),
        Loop::new("while_modifier"),
        Loop::new("until_modifier"),
        Loop::new("for"),
    ],
    // `case ... when` and pattern matching `case ... in`; their `else` is a separate kind.
    switches: &["case", "case_match"],
    cases: &["when", "in_clause"],
    // `in x` binds anything, like Python's capture pattern; `in _` too.
    catch_alls: &[CatchAll::Kind("identifier")],
    guards: &["if_guard", "unless_guard"],
    // `rescue` clauses, in `begin` or a method body, and `x rescue y`.
    catches: &["rescue", "rescue_modifier"],
    binary_expressions: &["binary", "operator_assignment"],
    operators: &[
        ("&&", BoolOp::And),
        ("and", BoolOp::And),
        ("||", BoolOp::Or),
        ("or", BoolOp::Or),
        ("&&=", BoolOp::Assign),
        ("||=", BoolOp::Assign),
    ],
    returns: &["return"],
    // Safe navigation `a&.b`.
    early_exits: &["&."],
    calls: &[("call", "arguments")],
    self_prefixes: &["self."],
    transparent: &["parenthesized_statements"],

    comments: &["comment"],

    parameter_fields: &["parameters"],
    // Methods, classes and statements have their keyword (modifiers too: `x if y`); blocks
    // `{` or `do`; lambdas `->`; `?:` `?`; `&&`, `||` and `&.`; comments `#`, and
    // `=begin` blocks `begin`. A `then` is entered: it starts where the line of its `if` ends,
    // so that a comment on the lines between is inside its span but not its child.
    telltales: Telltales {
        bytes: b"{?#",
        pairs: &[*b"->", *b"&&", *b"&.", *b"||"],
        not_before: &[],
        words: &[
            "def", "do", "class", "module", "if", "unless", "elsif", "else", "while", "until", "for", "case",
            "when", "in", "rescue", "and", "or", "return", "begin",
        ],
        inert: &[],
        comment_bytes: b"#",
        entered: &["then"],
        types: None,
    },
    ..LangSpec::EMPTY
};
