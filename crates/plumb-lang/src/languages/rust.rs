//! Rust (tree-sitter-rust).

use crate::spec::{BoolOp, Bounds, CatchAll, Func, LangSpec, Lexis, Loop, Telltales};

pub(crate) static SPEC: LangSpec = LangSpec {
    functions: &[Func::named("function_item"), Func::anonymous("closure_expression")],
    containers: &[("impl_item", "type"), ("trait_item", "name"), ("mod_item", "name")],
    separator: "::",
    anonymous: "closure",
    bindings: &[("let_declaration", "pattern"), ("static_item", "name"), ("const_item", "name")],

    ifs: &["if_expression"],
    elses: &["else_clause"],
    // `let PAT = EXPR else { ... };` decides like an `if`.
    conditionals: &["let_declaration[alternative]"],
    loops: &[
        Loop::new("while_expression"),
        Loop::new("for_expression"),
        Loop::unconditional("loop_expression"),
    ],
    switches: &["match_expression"],
    cases: &["match_arm"],
    // `_ =>` is the catch-all; an identifier arm (`other =>`) counts, since it may be a constant.
    catch_alls: &[CatchAll::Kind("_")],
    pattern_wrappers: &["match_pattern"],
    guards: &["match_pattern.condition"],
    // A let chain (`if let Some(x) = a && b`) holds its `&&` tokens directly.
    binary_expressions: &["binary_expression", "let_chain"],
    operators: &[("&&", BoolOp::And), ("||", BoolOp::Or)],
    jumps: &["break_expression", "continue_expression"],
    labels: &["label"],
    returns: &["return_expression"],
    early_exits: &["try_expression"],
    calls: &[("call_expression", "arguments")],
    self_prefixes: &["self.", "Self::"],

    comments: &["line_comment", "block_comment"],
    attributes: &["attribute_item", "inner_attribute_item"],

    parameter_fields: &["parameters"],
    not_parameters: &["self_parameter"],
    // `if`, `match`, loops, `else`, bodies and blocks have `{`; closures and `||` `|`; `&&`
    // (a lone `&` borrows); `?` itself; comments `/`. Jumps and returns need not have a brace.
    telltales: Telltales {
        bytes: b"{|?/",
        pairs: &[*b"&&"],
        not_before: &[],
        words: &["return", "break", "continue"],
        inert: &["token_tree", "macro_definition"],
        comment_bytes: b"/",
        entered: &[],
        types: None,
    },
    // Items end at their `}` or `;`; those of `impl`, `trait`, `mod` and `extern` blocks one by
    // one. An edition-2015 `try!(...)` or a syntax newer than the grammar stays in its item.
    bounds: Some(Bounds {
        lexis: Lexis::Rust,
        scopes: &["impl", "trait", "mod", "extern"],
        function_keyword: Some("fn"),
        containers: &["source_file", "declaration_list"],
        macros_after: &[],
        macros_after_name: &[],
        macros_before: &[],
        labels: &[],
    }),
    ..LangSpec::EMPTY
};
