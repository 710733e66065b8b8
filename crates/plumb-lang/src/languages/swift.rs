//! Swift (tree-sitter-swift).

use crate::spec::{Func, LangSpec, Loop};

pub(crate) static SPEC: LangSpec = LangSpec {
    functions: &[Func::named("function_declaration"), Func::anonymous("lambda_literal")],
    comments: &["comment", "multiline_comment"],
    ifs: &["if_statement"],
    loops: &[Loop::new("for_statement"), Loop::new("while_statement"), Loop::new("repeat_while_statement")],
    returns: &["control_transfer_statement"],
    ..LangSpec::EMPTY
};
