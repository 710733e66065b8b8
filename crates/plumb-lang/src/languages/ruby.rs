//! Ruby (tree-sitter-ruby).

use crate::spec::{Func, LangSpec, Loop};

pub(crate) static SPEC: LangSpec = LangSpec {
    functions: &[Func::named("method"), Func::named("singleton_method"), Func::anonymous("lambda")],
    comments: &["comment"],
    ifs: &["if", "unless"],
    loops: &[Loop::new("while"), Loop::new("until"), Loop::new("for")],
    returns: &["return"],
    ..LangSpec::EMPTY
};
