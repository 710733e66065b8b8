//! Kotlin (tree-sitter-kotlin-ng).

use crate::spec::{Func, LangSpec, Loop};

pub(crate) static SPEC: LangSpec = LangSpec {
    functions: &[Func::named("function_declaration"), Func::anonymous("lambda_literal"), Func::anonymous("anonymous_function")],
    comments: &["line_comment", "block_comment"],
    ifs: &["if_expression"],
    loops: &[Loop::new("for_statement"), Loop::new("while_statement"), Loop::new("do_while_statement")],
    returns: &["return_expression"],
    ..LangSpec::EMPTY
};
