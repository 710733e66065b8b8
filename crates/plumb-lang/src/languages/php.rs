//! PHP (tree-sitter-php; text outside `<?php` is not code).

use crate::spec::{Func, LangSpec, Loop};

pub(crate) static SPEC: LangSpec = LangSpec {
    functions: &[
        Func::named("function_definition"),
        Func::named("method_declaration"),
        Func::anonymous("anonymous_function"),
        Func::anonymous("arrow_function"),
    ],
    comments: &["comment"],
    ifs: &["if_statement"],
    loops: &[
        Loop::condition_in("for_statement", "condition"),
        Loop::new("foreach_statement"),
        Loop::new("while_statement"),
        Loop::new("do_statement"),
    ],
    returns: &["return_statement"],
    ..LangSpec::EMPTY
};
