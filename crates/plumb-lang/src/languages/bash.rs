//! Bash and POSIX shell (tree-sitter-bash).
//!
//! `cmd1 && cmd2 || cmd3` lists decide like boolean operators. `return`, `break` and
//! `continue` are commands to the grammar, so returns are not counted.

use crate::spec::{BoolOp, CatchAll, Func, LangSpec, Loop, Telltales};

pub(crate) static SPEC: LangSpec = LangSpec {
    // `f() { ... }` and `function f { ... }`.
    functions: &[Func::named("function_definition")],

    ifs: &["if_statement"],
    // `elif` and `else` clauses stand among the `if`'s children.
    elifs: &["elif_clause"],
    elses: &["else_clause"],
    // An `if` alone in an `else` is nested: else-if is written `elif`.
    else_if_in_else: false,
    conditionals: &["ternary_expression"],
    loops: &[
        // `while` and `until`.
        Loop::new("while_statement"),
        // `for x in ...` and `select x in ...`.
        Loop::new("for_statement"),
        Loop::condition_in("c_style_for_statement", "condition"),
    ],
    switches: &["case_statement"],
    cases: &["case_item"],
    catch_alls: &[CatchAll::Text("*")],
    // `a && b || c` lists, and `&&`/`||` inside `[[ ]]` and `(( ))`.
    binary_expressions: &["list", "binary_expression"],
    operators: &[("&&", BoolOp::And), ("||", BoolOp::Or)],
    calls: &[("command", "argument")],

    comments: &["comment"],
    // Functions have `{` or `function`; statements their keyword (and loop bodies `do`);
    // `&&`; `||`; `?:` `?`; comments `#`. A lone `&` or `|` runs in the background or pipes.
    telltales: Telltales {
        bytes: b"{?#",
        pairs: &[*b"&&", *b"||"],
        not_before: &[],
        words: &["function", "if", "elif", "else", "while", "until", "for", "select", "do", "case"],
        inert: &[],
        comment_bytes: b"#",
        entered: &[],
        types: None,
    },
    ..LangSpec::EMPTY
};
