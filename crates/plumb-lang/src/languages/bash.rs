//! Bash (tree-sitter-bash).

use crate::spec::{Func, LangSpec, Loop};

pub(crate) static SPEC: LangSpec = LangSpec {
    functions: &[Func::named("function_definition")],
    comments: &["comment"],
    ifs: &["if_statement"],
    loops: &[Loop::new("for_statement"), Loop::new("while_statement")],
    ..LangSpec::EMPTY
};
