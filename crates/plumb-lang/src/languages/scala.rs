//! Scala (tree-sitter-scala).

use crate::spec::{Func, LangSpec, Loop};

pub(crate) static SPEC: LangSpec = LangSpec {
    functions: &[Func::named("function_definition"), Func::anonymous("lambda_expression")],
    comments: &["comment", "block_comment"],
    ifs: &["if_expression"],
    loops: &[Loop::new("while_expression"), Loop::new("do_while_expression"), Loop::new("for_expression")],
    returns: &["return_expression"],
    ..LangSpec::EMPTY
};
