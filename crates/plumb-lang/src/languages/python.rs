//! Python (tree-sitter-python).

use crate::spec::{BoolOp, CatchAll, Func, LangSpec, Loop, Telltales};

pub(crate) static SPEC: LangSpec = LangSpec {
    functions: &[
        // An `@overload` (`@typing.overload`) signature has no body: the definition after it does.
        Func::named("function_definition").not_decorated(&["overload"]),
        Func::anonymous("lambda"),
    ],
    containers: &[("class_definition", "name")],
    separator: ".",
    anonymous: "lambda",
    bindings: &[("assignment", "left"), ("named_expression", "name")],

    ifs: &["if_statement"],
    elifs: &["elif_clause"],
    // Only an `else` in an `if`'s `alternative` counts; loop and `try` `else` add nothing.
    elses: &["else_clause"],
    conditionals: &["conditional_expression"],
    loops: &[Loop::new("for_statement"), Loop::new("while_statement")],
    switches: &["match_statement"],
    cases: &["case_clause"],
    // `case _:` and a bare capture `case x:` match anything.
    catch_alls: &[CatchAll::Kind("_"), CatchAll::Sole("dotted_name")],
    pattern_wrappers: &["case_pattern"],
    catches: &["except_clause"],
    // Comprehension clauses (an `if_clause` that is a `case` guard is a guard).
    decisions: &["for_in_clause", "if_clause"],
    guards: &["case_clause.guard"],
    binary_expressions: &["boolean_operator"],
    operators: &[("and", BoolOp::And), ("or", BoolOp::Or)],
    jumps: &[],
    returns: &["return_statement"],
    calls: &[("call", "arguments")],
    self_prefixes: &["self.", "cls."],

    comments: &["comment"],
    // A string standing alone as a statement (docstrings) is documentation; an f-string there
    // is evaluated: code.
    docstring: Some(("expression_statement", &["string", "concatenated_string"])),
    evaluated_prefixes: b"fF",
    attributes: &["decorator"],

    parameter_fields: &["parameters"],
    not_parameters: &["keyword_separator", "positional_separator"],
    skipped_parameters: &["self", "cls"],
    // Every statement that holds a block, and every lambda, has `:`; comments `#`. Ternaries,
    // comprehension clauses, `and`, `or` and `return` need no colon. Blocks are entered
    // (their own text has no colon), as docstrings may stand there.
    telltales: Telltales {
        bytes: b":#",
        pairs: &[],
        not_before: &[],
        words: &["if", "else", "for", "and", "or", "return"],
        inert: &[],
        comment_bytes: b"#",
        entered: &["block"],
        types: None,
    },
    ..LangSpec::EMPTY
};
