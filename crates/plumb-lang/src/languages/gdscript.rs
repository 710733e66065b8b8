//! GDScript (tree-sitter-gdscript): Godot's scripting language.
//!
//! `func` and `static func` are functions, qualified by the script's `class_name` and by inner
//! `class`es; a lambda (`func(x): ...`) is anonymous, named by the variable it is bound to or
//! by its own name (`func named(x): ...`). A property's `get:` and `set(value):` bodies are
//! functions named `x.get` and `x.set`. A `signal` declares no code and is not a function.
//!
//! `if`/`elif`/`else` read as Python's do, `a if c else b` is a conditional, `match` a switch
//! of its pattern sections (`_` and a bare binding `var x` the catch-alls) whose `when` guard
//! adds 1. `and`/`&&` and `or`/`||` are boolean operators; `for` and `while` loops.

use crate::spec::{BoolOp, CatchAll, Func, LangSpec, Loop, Telltales};

pub(crate) static SPEC: LangSpec = LangSpec {
    functions: &[
        Func::named("function_definition"),
        // Godot 3's `func _init(a).(a):`, which passes arguments to the base class.
        Func::fixed("constructor_definition", "_init"),
        Func::named("lambda"),
        Func::member("get_body", "get"),
        Func::member("set_body", "set"),
    ],
    containers: &[
        ("class_name_statement", "name"),
        ("class_definition", "name"),
        // A property with accessors names them (`var x: int: get: ...`).
        ("variable_statement[setget]", "name"),
        ("export_variable_statement[setget]", "name"),
        ("onready_variable_statement[setget]", "name"),
    ],
    // `class_name Cart` names the script's class: the declarations after it are its members.
    file_scoped: &["class_name_statement"],
    separator: ".",
    anonymous: "lambda",
    bindings: &[("variable_statement", "name"), ("assignment", "left")],

    ifs: &["if_statement"],
    elifs: &["elif_clause"],
    elses: &["else_clause"],
    conditionals: &["conditional_expression"],
    loops: &[Loop::new("for_statement"), Loop::new("while_statement")],
    switches: &["match_statement"],
    cases: &["pattern_section"],
    // `_:` and a bare binding `var x:` match anything.
    catch_alls: &[CatchAll::Text("_"), CatchAll::Kind("pattern_binding")],
    guards: &["pattern_guard"],
    binary_expressions: &["binary_operator"],
    operators: &[("and", BoolOp::And), ("&&", BoolOp::And), ("or", BoolOp::Or), ("||", BoolOp::Or)],
    returns: &["return_statement"],
    calls: &[("call", "arguments"), ("attribute_call", "arguments"), ("base_call", "arguments")],
    self_prefixes: &["self."],
    transparent: &["parenthesized_expression"],

    // `#region` and `#endregion` fold code in the editor: comments to the language.
    comments: &["comment", "region_start", "region_end"],
    attributes: &["annotation", "annotations"],

    parameter_fields: &["parameters"],
    // A setter's `(value)` is a list in no field.
    parameter_lists: &["parameters"],
    // Functions and lambdas have their `func`, accessors `get`, `set` or `setget`, statements
    // their keyword, a `match` guard `when`, `&&` and `||` theirs; comments `#`. A
    // `match`'s pattern sections have nothing in common but their colon: its body is entered.
    telltales: Telltales {
        bytes: b"#",
        pairs: &[*b"&&", *b"||"],
        not_before: &[],
        words: &[
            "func",
            "get",
            "set",
            "setget",
            "class",
            "class_name",
            "if",
            "elif",
            "else",
            "for",
            "while",
            "match",
            "when",
            "and",
            "or",
            "return",
        ],
        inert: &[],
        comment_bytes: b"#",
        entered: &["match_body"],
        types: None,
    },
    ..LangSpec::EMPTY
};
