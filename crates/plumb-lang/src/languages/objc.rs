//! Objective-C (tree-sitter-objc): C, with classes whose methods are sent messages.
//!
//! Methods are named by their selector (`totalFor:discount:`, `cart`) and qualified by the
//! class they are implemented in (`Cart.totalFor:discount:`); C functions are named through
//! their declarators, as in C. Blocks (`^(int x) { ... }`) are anonymous functions named
//! after the variable they are assigned to. Everything else is C's table.

use crate::languages::c;
use crate::spec::{Func, LangSpec, Loop, Telltales};

pub(crate) static SPEC: LangSpec = LangSpec {
    functions: &[
        Func::declarator("function_definition").misread_in(
            c::STATEMENTS,
            c::CONDITIONALS,
            "function_declarator",
        ),
        Func::selector("method_definition", "identifier", "method_parameter"),
        Func::anonymous("block_literal"),
    ],
    // `@implementation Cart` and `@implementation Cart (Extra)`: the class's name comes first.
    container_children: &[("class_implementation", "identifier")],
    separator: ".",
    anonymous: "block",
    // `void (^done)(int) = ^(int x) { ... };` is `done`.
    bindings: &[("init_declarator", "declarator")],
    // Every `for` counts: the grammar gives `for (id x in xs)` no `condition` field either.
    loops: &[Loop::new("for_statement"), Loop::new("while_statement"), Loop::new("do_statement")],
    // `@catch (NSException *e) { ... }`; `@finally` adds nothing.
    catches: &["catch_clause"],
    // A block's parameter list is its child; a method's parameters stand in it, one
    // `method_parameter` each.
    parameter_lists: &["parameter_list"],
    parameters: &["method_parameter", "parameter_declaration", "variadic_parameter"],
    // C's telltales, and `catch` (`@catch`): methods and blocks have `{`. C's brace bounds do
    // not know `@` keywords or messages.
    telltales: Telltales {
        bytes: b"{?/",
        pairs: &[*b"&&", *b"||"],
        not_before: &[],
        words: &["if", "else", "for", "while", "do", "switch", "case", "default", "goto", "return", "catch"],
        inert: &[],
        comment_bytes: b"/",
        entered: &[],
        types: None,
    },
    bounds: None,
    ..c::SPEC
};
