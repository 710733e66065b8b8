//! Lua (tree-sitter-lua).

use crate::spec::{Func, LangSpec, Loop};

pub(crate) static SPEC: LangSpec = LangSpec {
    functions: &[Func::named("function_declaration"), Func::anonymous("function_definition")],
    comments: &["comment"],
    ifs: &["if_statement"],
    loops: &[Loop::new("while_statement"), Loop::new("repeat_statement"), Loop::new("for_statement")],
    returns: &["return_statement"],
    ..LangSpec::EMPTY
};
