//! C# (tree-sitter-c-sharp).

use crate::spec::{BoolOp, CatchAll, Func, LangSpec, Loop, Telltales};

pub(crate) static SPEC: LangSpec = LangSpec {
    functions: &[
        // Interface, abstract, partial and extern members have no body: they are not functions.
        Func::named("method_declaration").requires("body"),
        Func::named("constructor_declaration").requires("body"),
        Func::named("destructor_declaration").requires("body"),
        // `operator +` is named `+`; `implicit operator decimal` is named `decimal`.
        Func::named_by("operator_declaration", "operator").requires("body"),
        Func::named_by("conversion_operator_declaration", "type").requires("body"),
        // `else if (x) { ... }` after an `#endif` reads as a local function `if` returning
        // `else` (not_function_names): it is not one.
        Func::named("local_function_statement").requires("body"),
        // `get { ... }` is `Total.get`; bodiless `{ get; set; }` accessors are not functions.
        Func::accessor("accessor_declaration", "name").requires("body"),
        // `public int Total => x;` is a getter.
        Func::getter("property_declaration", "name").requires("value").excludes("accessors"),
        Func::anonymous("lambda_expression"),
        Func::anonymous("anonymous_method_expression"),
    ],
    containers: &[
        ("namespace_declaration", "name"),
        ("file_scoped_namespace_declaration", "name"),
        ("class_declaration", "name"),
        ("struct_declaration", "name"),
        ("interface_declaration", "name"),
        ("record_declaration", "name"),
        ("property_declaration", "name"),
        // Event accessors are `Changed.add` and `Changed.remove`.
        ("event_declaration", "name"),
    ],
    file_scoped: &["file_scoped_namespace_declaration"],
    separator: ".",
    anonymous: "lambda",
    bindings: &[("variable_declarator", "name"), ("assignment_expression", "left")],

    ifs: &["if_statement"],
    conditionals: &["conditional_expression"],
    loops: &[
        Loop::condition_in("for_statement", "condition"),
        Loop::new("foreach_statement"),
        Loop::new("while_statement"),
        Loop::new("do_statement"),
    ],
    switches: &["switch_statement", "switch_expression"],
    cases: &["switch_section", "switch_expression_arm"],
    // `default:`, `_` and `var x` match anything.
    catch_alls: &[
        CatchAll::Kind("default"),
        CatchAll::Kind("discard"),
        CatchAll::WithFirstChild("declaration_pattern", "implicit_type"),
        CatchAll::Kind("var_pattern"),
    ],
    catches: &["catch_clause"],
    // `case int n when n > 0:` and `int n when n > 0 =>`: guards on cases and arms.
    guards: &["when_clause"],
    // Exception filters: `catch (E e) when (c)` is +1 for the catch and +1 for the filter.
    decisions: &["catch_filter_clause"],
    binary_expressions: &["binary_expression", "assignment_expression"],
    operators: &[("&&", BoolOp::And), ("||", BoolOp::Or), ("??", BoolOp::Coalesce), ("??=", BoolOp::Assign)],
    jumps: &[],
    gotos: &["goto_statement"],
    returns: &["return_statement"],
    early_exits: &["conditional_access_expression"],
    calls: &[("invocation_expression", "arguments")],
    self_prefixes: &["this."],

    comments: &["comment"],
    attributes: &["attribute_list"],

    parameter_fields: &["parameters"],
    // `#if !NET40 || NETSTANDARD2_0` is decided by the compiler, not at run time.
    opaque: &[
        ("preproc_if", "condition"),
        ("preproc_elif", "condition"),
        ("preproc_if_in_attribute_list", "condition"),
    ],
    // Bodies, accessors, anonymous methods and classes have `{`; expression bodies, lambdas
    // and switch arms `=>`; `?:`, `??` and `?.` `?`; `&&`; `||`; comments `/`. A
    // statement needs no brace, so its keyword is the telltale; guards and filters have `when`.
    telltales: Telltales {
        bytes: b"{?/",
        pairs: &[*b"=>", *b"&&", *b"||"],
        not_before: &[],
        words: &[
            "if", "else", "for", "foreach", "while", "do", "switch", "case", "default", "catch", "when",
            "goto", "return",
        ],
        inert: &[],
        comment_bytes: b"/",
        entered: &[],
        types: None,
    },
    not_function_names: &[
        "if", "else", "for", "foreach", "while", "do", "switch", "using", "lock", "fixed", "catch",
    ],
    ..LangSpec::EMPTY
};
