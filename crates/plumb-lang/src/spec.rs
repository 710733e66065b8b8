//! The table format: how one language maps its syntax onto the roles of the metric definitions.
//!
//! A [`LangSpec`] names tree-sitter node kinds (exactly as the grammar's `node-types.json` spells
//! them) for each role. The engine in `plumb-metrics` never names a node kind itself: it asks the
//! compiled [`KindTable`](crate::KindTable) what role a kind plays. Adding a language is writing
//! one of these tables and its fixtures.
//!
//! Roles, and what each one adds (see `docs/metrics.md` for the full definitions):
//!
//! | role            | cyclomatic | cognitive                         | nests its body |
//! |-----------------|------------|-----------------------------------|----------------|
//! | `ifs`           | +1         | +1 + nesting (+1 flat as else-if) | yes            |
//! | `elifs`         | +1         | +1                                | yes            |
//! | `elses`         | 0          | +1 (0 when it only wraps an `if`) | yes            |
//! | `conditionals`  | +1         | +1 + nesting                      | yes            |
//! | `loops`         | +1 (0 when unconditional) | +1 + nesting       | yes            |
//! | `switches`      | 0          | +1 + nesting                      | yes            |
//! | `cases`         | +1 (0 for catch-alls) | 0                      | no             |
//! | `guards`        | +1         | 0                                 | no             |
//! | `catches`       | +1         | +1 + nesting                      | yes            |
//! | `decisions`     | +1         | 0                                 | no             |
//! | boolean operators | +1 each  | +1 per sequence of like operators | no             |
//! | labelled jumps  | 0          | +1                                | no             |
//! | functions       | own unit   | own unit; +nesting in the parent  | yes            |
//!
//! A call can play one of these roles by the name of its callee ([`LangSpec::callees`]): in
//! Elixir `if`, `case` and `def` are calls of macros, in R `switch` is a call of a function.

/// How a function gets its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FnName {
    /// The text of the child in this field (`name`).
    Field(&'static str),
    /// C and C++: follow the `declarator` fields down to the innermost declarator
    /// (`int *Foo::bar(int)` is `Foo::bar`, whose short name is `bar`).
    Declarator,
    /// An anonymous function (closure, lambda, arrow function): named after the variable or
    /// key it is bound to (see [`LangSpec::bindings`]), or after the function it stands in.
    Anonymous,
    /// A property accessor (C# `get`/`set`/`init`): named `Property.get` from the enclosing
    /// property and the keyword in this field.
    Accessor(&'static str),
    /// An expression-bodied property: a getter named `Property.get` from this field.
    Getter(&'static str),
    /// A body with a fixed name (a class's `static { ... }` block is `static`).
    Fixed(&'static str),
    /// An accessor with a fixed keyword, named after the enclosing container: Swift's `get` in
    /// `var total: Int { get { ... } }` is `total.get`.
    Member(&'static str),
    /// A body whose declaration the grammar could not read (`SYSCALL_DEFINE1(acct, ...) {`, a
    /// return type it takes for an expression): a function only where the tokens show that it
    /// ends a declaration ([`Bounds`]), named from that declaration's tokens.
    Header,
    /// Named by its signature: the child in this field (or, without one, the first named
    /// child), or the first of that node's first named children, that has a `name`; several
    /// names are joined with `.` (Dart's `Cart.empty()` constructor). A signature that has an
    /// `operator` instead is named by it and the keyword before it (Dart's `operator ==`).
    Signature(&'static str),
    /// A function defined by a call, named by its first argument: the callee of the call it
    /// is (looking through a binary operator's left operand), or the name it is. Elixir's
    /// `def total(items) when items != [] do` is `total`, whose parameters are that call's
    /// arguments.
    FirstArgument,
    /// An Objective-C method, named by its selector: the children of the first kind, each
    /// followed by `:` when a child of the second kind (its parameter) comes next
    /// (`- (void)add:(id)x to:(id)y` is `add:to:`).
    Selector(&'static str, &'static str),
    /// The text of the first child of this kind, for grammars without a name field
    /// (PowerShell's `function Get-Total` holds its name in a `function_name`; Solidity's
    /// `receive() external payable` is named by its keyword).
    Child(&'static str),
    /// Named by the callee of the call that heads it: its first named child, or that child's
    /// first named child down through the kinds of [`Func::heads`]. Julia's `function
    /// Base.show(io, x) where T` is `Base.show` (a `signature` holding a `where_expression`
    /// holding the call), and `total(xs) = sum(xs)` is `total`.
    Callee,
    /// The text of the first child of the second kind, inside the first child of the first
    /// kind: Elm's `total items rate = ...` is a `value_declaration` named by the
    /// `lower_case_identifier` of its `function_declaration_left`.
    ChildIn(&'static str, &'static str),
}

/// A node kind that is a function: a unit with its own metrics.
#[derive(Debug, Clone, Copy)]
pub struct Func {
    /// The node kind.
    pub kind: &'static str,
    /// How the function is named.
    pub name: FnName,
    /// Only a function when it has a child in this field (C# accessors need a `body`).
    pub requires: Option<&'static str>,
    /// Not a function when it has a child in this field (a C# property with `accessors` is not
    /// an expression-bodied getter, even with an initializer in `value`).
    pub excludes: Option<&'static str>,
    /// Go methods: the field holding the receiver, whose type qualifies the name.
    pub receiver: Option<&'static str>,
    /// What this kind is called when it has no name (`function`); the language's
    /// [`LangSpec::anonymous`] otherwise.
    pub anonymous: Option<&'static str>,
    /// Not a function when its parent is of one of these kinds (Ruby's `{ ... }` block is the
    /// body of a `->` lambda, not a second function).
    pub not_in: &'static [&'static str],
    /// Kinds looked through to the parent that [`not_in`](Self::not_in) tests: C's
    /// preprocessor conditionals, which hold statements in a block as they hold declarations in
    /// a file.
    pub through: &'static [&'static str],
    /// A function even in a parent of [`not_in`](Self::not_in) when it has a `type` and its
    /// declarator chain ([`LangSpec::declarator`]) holds a node of this kind: C's
    /// `static int f(void) {` after a block the grammar ran on, where `for_each_cpu(cpu) {`
    /// has no function declarator. Wherever it stands, it is none when it declares one of
    /// the [`LangSpec::not_function_names`] (`else if (b) {`, of type `else`, declares `if`).
    pub declares: Option<&'static str>,
    /// Only a function when it has a direct child of this kind (Swift's `computed_property` is a
    /// getter when it holds `statements`, not `get`/`set` accessors).
    pub with_child: Option<&'static str>,
    /// Not a function when it is the block passed to a call of one of these names, the callee
    /// standing just before the call's arguments: Swift's `defer { ... }`, which the grammar
    /// reads as a call of `defer` with a closure, is a statement whose body belongs to the
    /// function around it.
    pub not_block_of: &'static [&'static str],
    /// Not a function when one of its decorators names one of these (its last dotted part):
    /// Python's `@overload` and `@typing.overload` signatures, which have no body.
    pub not_decorated: &'static [&'static str],
    /// The function is a `match` of its cases (Scala's `{ case ... }`): +1 cognitive as a
    /// switch, in the function, and the cases one level deeper.
    pub is_match: bool,
    /// A `match` function that is the body of the function around it is that function's
    /// `match`, not a function of its own (OCaml's `let rec size acc = function ...` is one
    /// function of two arguments): there it counts as a switch.
    pub body_match: bool,
    /// Kinds looked through, first named child by first named child, to the call that heads a
    /// function named by its callee ([`FnName::Callee`]).
    pub heads: &'static [&'static str],
    /// Only a function when a call heads it ([`FnName::Callee`]): Julia's assignment
    /// `total(xs) = sum(xs)` defines a function, `total = sum(xs)` does not.
    pub headed: bool,
    /// Kinds looked through, first named child by first named child, to the parameter list:
    /// Elixir's `fn x, y when x > y -> ...` holds its list in its first clause
    /// (`stab_clause`), and there in the left operand of its guard (`binary_operator`).
    pub parameters_in: &'static [&'static str],
    /// Without the name field, an infix definition: the child of the first kind, named by its
    /// operator in the field of the second (Haskell's `x <+> y = ...` is `<+>`, ``a `op` b =
    /// ...`` is `op`), whose two operands are the parameters.
    pub infix: Option<(&'static str, &'static str)>,
}

impl Func {
    pub(crate) const fn new(kind: &'static str, name: FnName) -> Self {
        Self {
            kind,
            name,
            requires: None,
            excludes: None,
            receiver: None,
            anonymous: None,
            not_in: &[],
            through: &[],
            declares: None,
            with_child: None,
            not_block_of: &[],
            not_decorated: &[],
            is_match: false,
            body_match: false,
            heads: &[],
            headed: false,
            parameters_in: &[],
            infix: None,
        }
    }

    /// A function named by its `name` field.
    pub const fn named(kind: &'static str) -> Self {
        Self::new(kind, FnName::Field("name"))
    }

    /// A function named by the given field.
    pub const fn named_by(kind: &'static str, field: &'static str) -> Self {
        Self::new(kind, FnName::Field(field))
    }

    /// An anonymous function (closure, lambda, arrow function).
    pub const fn anonymous(kind: &'static str) -> Self {
        Self::new(kind, FnName::Anonymous)
    }

    /// A C/C++ function named through its declarator chain.
    pub const fn declarator(kind: &'static str) -> Self {
        Self::new(kind, FnName::Declarator)
    }

    /// A property accessor whose keyword is in `field`.
    pub const fn accessor(kind: &'static str, field: &'static str) -> Self {
        Self::new(kind, FnName::Accessor(field))
    }

    /// An expression-bodied property, named by `field`.
    pub const fn getter(kind: &'static str, field: &'static str) -> Self {
        Self::new(kind, FnName::Getter(field))
    }

    /// A body with a fixed name (`static` for a class's static block).
    pub const fn fixed(kind: &'static str, name: &'static str) -> Self {
        Self::new(kind, FnName::Fixed(name))
    }

    /// A body standing on its own, whose declaration the grammar could not read.
    pub const fn header(kind: &'static str) -> Self {
        Self::fixed(kind, "").renamed(FnName::Header)
    }

    /// A function named by its signature, in `field`.
    pub const fn signature(kind: &'static str, field: &'static str) -> Self {
        Self::new(kind, FnName::Signature(field))
    }

    /// A method named by its selector: `part` children, with `:` before each `parameter`.
    pub const fn selector(kind: &'static str, part: &'static str, parameter: &'static str) -> Self {
        Self::new(kind, FnName::Selector(part, parameter))
    }

    /// A function named by its first named child of kind `child`.
    pub const fn named_by_child(kind: &'static str, child: &'static str) -> Self {
        Self::new(kind, FnName::Child(child))
    }

    /// A function named by the callee of the call that heads it, looking through `heads`.
    pub const fn callee(kind: &'static str, heads: &'static [&'static str]) -> Self {
        let mut func = Self::new(kind, FnName::Callee);
        func.heads = heads;
        func
    }

    /// Only a function when a call heads it.
    #[must_use]
    pub const fn headed(mut self) -> Self {
        self.headed = true;
        self
    }

    /// Without its name field, an infix definition: a child of `kind`, named by its `operator`.
    #[must_use]
    pub const fn infix(mut self, kind: &'static str, operator: &'static str) -> Self {
        self.infix = Some((kind, operator));
        self
    }

    /// Its parameter list is found through these kinds, first named child by first named child.
    #[must_use]
    pub const fn parameters_in(mut self, kinds: &'static [&'static str]) -> Self {
        self.parameters_in = kinds;
        self
    }

    /// A function named by the first child of kind `child` of its first child of kind `outer`.
    pub const fn named_in(kind: &'static str, outer: &'static str, child: &'static str) -> Self {
        Self::new(kind, FnName::ChildIn(outer, child))
    }

    /// What this kind is called when it has no name.
    #[must_use]
    pub const fn anonymous_as(mut self, label: &'static str) -> Self {
        self.anonymous = Some(label);
        self
    }

    /// Only a function when the node has a child in `field`.
    #[must_use]
    pub const fn requires(mut self, field: &'static str) -> Self {
        self.requires = Some(field);
        self
    }

    /// Not a function when the node has a child in `field`.
    #[must_use]
    pub const fn excludes(mut self, field: &'static str) -> Self {
        self.excludes = Some(field);
        self
    }

    /// The receiver (Go methods) is in `field`; its type qualifies the name.
    #[must_use]
    pub const fn receiver(mut self, field: &'static str) -> Self {
        self.receiver = Some(field);
        self
    }

    /// An accessor with a fixed keyword, named `Container.keyword`.
    pub const fn member(kind: &'static str, keyword: &'static str) -> Self {
        Self::fixed(kind, keyword).renamed(FnName::Member(keyword))
    }

    const fn renamed(mut self, name: FnName) -> Self {
        self.name = name;
        self
    }

    /// Not a function when the node's parent is of one of these kinds.
    #[must_use]
    pub const fn not_in(mut self, parents: &'static [&'static str]) -> Self {
        self.not_in = parents;
        self
    }

    /// Not a function when the node's parent is of one of `parents`, looking through the
    /// kinds of `through`, unless it declares one with a declarator of kind `declares`
    /// ([`Func::declares`]).
    #[must_use]
    pub const fn misread_in(
        mut self,
        parents: &'static [&'static str],
        through: &'static [&'static str],
        declares: &'static str,
    ) -> Self {
        self.not_in = parents;
        self.through = through;
        self.declares = Some(declares);
        self
    }

    /// Only a function when the node has a direct child of this kind.
    #[must_use]
    pub const fn with_child(mut self, kind: &'static str) -> Self {
        self.with_child = Some(kind);
        self
    }

    /// Not a function when it is the block passed to a call of one of these names.
    #[must_use]
    pub const fn not_block_of(mut self, callees: &'static [&'static str]) -> Self {
        self.not_block_of = callees;
        self
    }

    /// Not a function when a decorator names one of these.
    #[must_use]
    pub const fn not_decorated(mut self, names: &'static [&'static str]) -> Self {
        self.not_decorated = names;
        self
    }

    /// The function is a `match` of its cases.
    #[must_use]
    pub const fn is_match(mut self) -> Self {
        self.is_match = true;
        self
    }

    /// The function is a `match` of its cases, and the `match` of the function whose body it is.
    #[must_use]
    pub const fn body_match(mut self) -> Self {
        self.is_match = true;
        self.body_match = true;
        self
    }
}

/// When a loop has a condition (and so adds 1 to cyclomatic complexity).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoopCondition {
    /// Every loop of this kind has a condition (`while`, `for-in`, `foreach`).
    Always,
    /// No loop of this kind has one (Rust `loop`): the decision is at the `break`.
    Never,
    /// The condition is in this field, which may be missing or hold only an empty
    /// statement (`for (;;)`).
    Field(&'static str),
    /// Go's `for`: conditional when it has a range clause, a bare condition, or a for clause
    /// with a condition (`for {}` and `for ;; {}` are not).
    GoFor,
}

/// A loop kind.
#[derive(Debug, Clone, Copy)]
pub struct Loop {
    /// The node kind.
    pub kind: &'static str,
    /// Where its condition is.
    pub condition: LoopCondition,
}

impl Loop {
    /// A loop that always has a condition.
    pub const fn new(kind: &'static str) -> Self {
        Self { kind, condition: LoopCondition::Always }
    }

    /// A loop without a condition.
    pub const fn unconditional(kind: &'static str) -> Self {
        Self { kind, condition: LoopCondition::Never }
    }

    /// A loop whose condition is in `field`, and may be absent.
    pub const fn condition_in(kind: &'static str, field: &'static str) -> Self {
        Self { kind, condition: LoopCondition::Field(field) }
    }

    /// Go's `for` statement.
    pub const fn go_for(kind: &'static str) -> Self {
        Self { kind, condition: LoopCondition::GoFor }
    }
}

/// A pattern that matches anything, making a `case` a catch-all that adds nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CatchAll {
    /// A node of this kind (`default`, `_`, `discard`).
    Kind(&'static str),
    /// A node of this kind whose first named child is of the second kind
    /// (C# `var x`: a `declaration_pattern` whose type is `implicit_type`).
    WithFirstChild(&'static str, &'static str),
    /// A node of this kind with exactly one named child (Python's bare capture `case x:`,
    /// a `dotted_name` of one identifier).
    Sole(&'static str),
    /// A pattern of any kind whose text is exactly this (Bash's `*)`).
    Text(&'static str),
    /// A keyword of any kind whose text is this in any case: PowerShell's keywords are
    /// case-insensitive (`Default`, `DEFAULT`).
    Keyword(&'static str),
    /// A pattern whose text is exactly the first, in a case of the switch the second names: of
    /// that kind, or a call of that name ([`LangSpec::callees`]), looking through the blocks
    /// that stand in it. Erlang's `true ->` matches anything in an `if_expr`, Elixir's in a
    /// `cond`; in a `case` it is a value like any other.
    TextIn(&'static str, &'static str),
    /// A node of this kind whose children are exactly these kinds, in order: Swift's binding
    /// `case let x:` is a `pattern` of a `value_binding_pattern` and a `simple_identifier`
    /// (`case let x?:`, with a `?` more, matches only a value).
    Children(&'static str, &'static [&'static str]),
    /// A node of this kind whose text starts with a lowercase letter: Scala's variable pattern
    /// `case other =>` binds anything, where `case Other =>` and ``case `other` =>`` compare
    /// with a value.
    Lowercase(&'static str),
    /// A case without a child in this field: R's `switch` alternative without a name is the
    /// default.
    Unnamed(&'static str),
}

/// The role a call plays by the name of its callee ([`LangSpec::callees`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallRole {
    /// An `if`: its block is the consequence, and an `else` clause in the block
    /// ([`LangSpec::elses`]) the alternative (Elixir's `if` and `unless`).
    If,
    /// A loop, with or without a condition of its own ([`LoopCondition::Always`] or
    /// [`LoopCondition::Never`]): Elixir's `for`, whose generators (`<-`) decide.
    Loop(LoopCondition),
    /// A `switch`: the arms ([`LangSpec::arms`]) in its blocks are its cases (Elixir's `case`,
    /// `cond`, `receive` and `with`; R's `switch`).
    Switch,
    /// A function, named by its first argument ([`FnName::FirstArgument`]): Elixir's `def`.
    Function,
    /// A container named by its first argument: Elixir's `defmodule Cart`.
    Container,
    /// An explicit return: R's `return(x)`.
    Return,
    /// A declaration that holds no decisions, whatever its operators: Elixir's
    /// `@spec f(x) :: t when t: term`, whose `when` is not a guard. Only its comments count.
    Declaration,
}

/// How calls count their arguments, where a function is known by its name and arity
/// ([`LangSpec::arity`]).
#[derive(Debug, Clone, Copy)]
pub struct Arity {
    /// Operators whose left operand is the first argument of the call on their right: Elixir's
    /// `acc |> sum(rest)` calls `sum/2`.
    pub pipes: &'static [&'static str],
    /// Operators that give a parameter a default value, so that a call may leave it out:
    /// Elixir's `def sum(list, acc \\ 0)` is `sum/1` and `sum/2`.
    pub defaults: &'static [&'static str],
}

/// A binary operator that makes a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoolOp {
    /// `&&`, `and`.
    And,
    /// `||`, `or`.
    Or,
    /// `??`: a decision for cyclomatic complexity, but not a boolean sequence.
    Coalesce,
    /// `&&=`, `||=`, `??=`: a decision for cyclomatic complexity only.
    Assign,
}

impl BoolOp {
    /// The name used in reports (`and`, `or`, `coalesce`, `assign`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::And => "and",
            Self::Or => "or",
            Self::Coalesce => "coalesce",
            Self::Assign => "logical-assign",
        }
    }
}

/// C and C++ declarators: `int *(*f)(int)`, `Foo &Foo::operator=(const Foo &)`.
#[derive(Debug, Clone, Copy)]
pub struct Declarators {
    /// The field followed down the chain (`declarator`).
    pub field: &'static str,
    /// Kinds stepped through to their first named child, having no such field
    /// (`reference_declarator`, `parenthesized_declarator`).
    pub wrappers: &'static [&'static str],
    /// Kinds that are the name themselves, up to their own declarator (`operator_cast`:
    /// `operator bool`).
    pub names: &'static [&'static str],
}

/// How one language maps onto the roles of the metric definitions.
///
/// Every string is a node kind of the language's grammar (named kinds unless said otherwise),
/// or a field name. A test checks that every name exists in the grammar.
#[derive(Debug, Clone, Copy)]
pub struct LangSpec {
    /// Functions, methods, constructors, closures, lambdas.
    pub functions: &'static [Func],
    /// Kinds that qualify the names of the functions inside them, with the field holding their
    /// name: classes, impls (`type`), modules, namespaces. `kind[field]` qualifies only when
    /// `field` is present (Swift's `property_declaration[computed_value]`).
    pub containers: &'static [(&'static str, &'static str)],
    /// Containers that end at `;` and qualify the declarations after them, up to the end of
    /// their parent (C#'s `namespace A.B;`). Also listed in `containers`.
    pub file_scoped: &'static [&'static str],
    /// Separator of qualified names (`::` or `.`).
    pub separator: &'static str,
    /// What an anonymous function is called (`closure`, `lambda`).
    pub anonymous: &'static str,
    /// Parents that name an anonymous function bound in them, with the field holding the name:
    /// `const handler = () => {}` is `handler` through `("variable_declarator", "name")`.
    pub bindings: &'static [(&'static str, &'static str)],
    /// Parents that name an anonymous function bound in them after their first child of a
    /// kind, for grammars without a field there: Lua's `M.run = function() end` is `M.run`
    /// through `("assignment_statement", "variable_list")`. `kind>child` looks for the first
    /// `child` of the first `kind`: Kotlin's `val typed: (Int) -> Int = { ... }` is `typed`
    /// through `("property_declaration", "variable_declaration>identifier")`, not its type too.
    pub binding_children: &'static [(&'static str, &'static str)],
    /// Containers named by their first child of a kind, for grammars without a name field:
    /// Objective-C's `@implementation Cart` through `("class_implementation", "identifier")`.
    pub container_children: &'static [(&'static str, &'static str)],

    /// `if` statements and expressions, with `condition`, `consequence` and `alternative` fields.
    /// An `if` in the `alternative` of another (or alone in an `else`) is an else-if.
    pub ifs: &'static [&'static str],
    /// Separate else-if clauses (Python `elif`); or a token that makes an else-if right after an
    /// else keyword ([`else_keywords`](Self::else_keywords)), in an `if` that holds its whole
    /// chain flat (Elm's `if a then x else if b then y else z` is one node).
    pub elifs: &'static [&'static str],
    /// Lists that hold an `if`'s else-if clauses (PowerShell's `elseif_clauses`): they stand at
    /// the `if`'s level, as its else-if clauses do.
    pub elif_lists: &'static [&'static str],
    /// `else` clauses (in an `if`'s `alternative` field, or among its children).
    pub elses: &'static [&'static str],
    /// Whether an `if` alone in an `else` is an else-if (C's `else if`). Not where else-if has
    /// a keyword of its own and an `else` holds statements: Ruby's `else` holding only an
    /// `unless` is a nested `unless`.
    pub else_if_in_else: bool,
    /// Tokens (named or anonymous) after which an `if`'s children are its else branch, for
    /// grammars whose `if` has no `alternative` field (Kotlin, Swift). The branch before it is
    /// the consequence.
    pub else_keywords: &'static [&'static str],
    /// Ternaries and other conditional expressions; `kind[field]` counts only when `field` is
    /// present (Rust `let_declaration[alternative]` is let-else).
    pub conditionals: &'static [&'static str],
    /// Loops.
    pub loops: &'static [Loop],
    /// `switch`/`match`/`select` as a whole.
    pub switches: &'static [&'static str],
    /// One case label or match arm.
    pub cases: &'static [&'static str],
    /// Patterns that make a case a catch-all (named or anonymous kinds).
    pub catch_alls: &'static [CatchAll],
    /// Kinds looked through to find a case's pattern (Rust `match_pattern`).
    pub pattern_wrappers: &'static [&'static str],
    /// Match-arm guards: `kind.field` is the child in `field` of a `kind` (Rust's
    /// `match_pattern.condition`); `kind>child` a child of kind `child` of a `kind` (Swift's
    /// `switch_entry>where_keyword`, where a `where` elsewhere may constrain a generic type); a
    /// plain `kind` is a guard node itself (Java's `guard`).
    pub guards: &'static [&'static str],
    /// `catch`/`except` clauses.
    pub catches: &'static [&'static str],
    /// Handlers that a `try` holds as its own children, as `(try, block)`: each block of the
    /// kind standing in the `try` outside its fields is a handler's, and counts as a `catch`
    /// clause. Dart's `try` holds `on E`, `catch (e)` or both, then the handler's block.
    pub handlers: &'static [(&'static str, &'static str)],
    /// Other decisions that add 1 to cyclomatic complexity only (comprehension clauses,
    /// exception filters; a token such as Scala's `<-` counts once per occurrence).
    pub decisions: &'static [&'static str],
    /// Expressions whose `operator` field may hold a boolean operator.
    pub binary_expressions: &'static [&'static str],
    /// The operator tokens (anonymous kinds) and what they are. When
    /// [`operator_kinds`](Self::operator_kinds) is set, these are the operators' texts instead.
    pub operators: &'static [(&'static str, BoolOp)],
    /// Named kinds whose text is the operator (Scala's `operator_identifier`, where `&&` is
    /// an identifier like any other): their text is looked up in `operators`.
    pub operator_kinds: &'static [&'static str],
    /// `break`/`continue` kinds: a cognitive increment when they carry a label. A jump that
    /// is a keyword token (Swift's `break`) carries the label that follows it.
    pub jumps: &'static [&'static str],
    /// Kinds of the label a jump carries.
    pub labels: &'static [&'static str],
    /// Texts that a jump of the [`jumps`](Self::jumps) kinds has when it carries its label
    /// itself: tree-sitter-kotlin-ng reads `break@outer` as the expression `outer` labelled
    /// `break@`, whose `label` token is the jump. Empty: jumps are recognised by their kind.
    pub jump_texts: &'static [&'static str],
    /// `goto` kinds (or the `goto` token where one statement kind holds every jump): always a
    /// cognitive increment.
    pub gotos: &'static [&'static str],
    /// Explicit returns: statement kinds, or the `return` token where one statement kind holds
    /// every jump (Swift's `control_transfer_statement`).
    pub returns: &'static [&'static str],
    /// Early exits that are not decisions (Rust `?`, optional chaining `?.`).
    pub early_exits: &'static [&'static str],
    /// Calls, with the field holding the arguments (what precedes it is the callee), or the
    /// kind of the child holding them where the grammar has no such field.
    pub calls: &'static [(&'static str, &'static str)],
    /// Calls that play a role by the name of their callee, where a construct is a call of a
    /// macro or function (Elixir's `if`, `case` and `def`; R's `switch`): the callee is the
    /// call's first child, a name standing alone (`Kernel.if` is not looked up).
    pub callees: &'static [(&'static str, CallRole)],
    /// The kinds of a call's children that stand in a call playing a role
    /// ([`callees`](Self::callees)): its argument list and blocks (Elixir's `do ... end` and
    /// the `else` in it), which nest as the call does, so that an `if`'s `else` block is its
    /// alternative. Blocks inside such blocks stand in the call too.
    pub call_blocks: &'static [&'static str],
    /// The kinds that are the cases of a switch played by a call, among the children of its
    /// [`call_blocks`](Self::call_blocks): Elixir's `pattern -> body` clauses, R's arguments
    /// of `switch`. Elsewhere they play no role.
    pub arms: &'static [&'static str],
    /// Callee prefixes that still call the enclosing method (`self.`, `this.`, `Self::`).
    pub self_prefixes: &'static [&'static str],
    /// Where a function is known by its name and arity: a call of its name calls it only with
    /// as many arguments as it has parameters (Erlang's `sum(L) -> sum(L, 0).` calls `sum/2`,
    /// another function). `None`: a call of its name calls it, whatever its arguments.
    pub arity: Option<Arity>,
    /// Wrappers looked through when asking what an expression stands in: parentheses (for
    /// boolean sequences) and Go's expression lists (for the names of bound functions).
    pub transparent: &'static [&'static str],

    /// Comments.
    pub comments: &'static [&'static str],
    /// Docstrings: a statement kind whose only child is a string kind counts as comment lines.
    pub docstring: Option<(&'static str, &'static [&'static str])>,
    /// Prefix letters that make a string standing alone code, not a docstring: Python's
    /// f-strings (`f"..."`) are evaluated.
    pub evaluated_prefixes: &'static [u8],
    /// Attributes, decorators and annotations: skipped when finding where a declaration starts.
    pub attributes: &'static [&'static str],

    /// Fields that hold a function's parameter list (or a single parameter).
    pub parameter_fields: &'static [&'static str],
    /// Parameter list kinds, for grammars without a parameter field: a function's first child
    /// of one of these kinds (Kotlin's `function_value_parameters`), or the first such child of
    /// the node in a parameter field (Swift's closure type holds its parameter list).
    pub parameter_lists: &'static [&'static str],
    /// Whether a function may declare its parameters in several lists, its children, each
    /// counted: Scala's curried `def f(a: A)(b: B, c: C)` has three.
    pub curried: bool,
    /// Bodies whose first parameter list is the function's, for grammars that declare the
    /// parameters inside the body (PowerShell's `function f { param($a) ... }`).
    pub parameter_bodies: &'static [&'static str],
    /// When set, only nodes of these kinds are parameters, one each (Kotlin lists hold default
    /// values beside the parameters); a function without a list counts its own children of
    /// these kinds (Swift's `parameter`s stand directly in the declaration).
    pub parameters: &'static [&'static str],
    /// Kinds in a parameter list that are not parameters (Rust `self_parameter`, Python's `*` and
    /// `/` separators). Comments and attributes are never parameters.
    pub not_parameters: &'static [&'static str],
    /// Parameters not counted, by their name (`self`, `cls`, `this`, C's `void`).
    pub skipped_parameters: &'static [&'static str],
    /// C and C++: how a definition reaches its name and parameters through declarators.
    pub declarator: Option<Declarators>,
    /// Words that never name a function, though the grammar or the tokens may read one so:
    /// `else if (b) {` after `#ifdef` reads as `if` defined with the type `else`
    /// ([`Func::declares`]), and `if (x) { }` among declarations (in `#if 0`) as a function
    /// `if` ([`LangSpec::bounds`]). A function named by a field ([`FnName::Field`]) that names
    /// one is none: C#'s `else if (x) { ... }` after an `#endif` reads as a local function `if`.
    pub not_function_names: &'static [&'static str],
    /// Children that hold no decisions, as `(kind, field)`: C's preprocessor conditions
    /// (`#if A && B`) are decided by the compiler, not at run time. Counted as code lines only.
    /// With an empty field, every child: OCaml's attributes (`[@@kind k = (value & value)]`)
    /// are read by the compiler.
    pub opaque: &'static [(&'static str, &'static str)],
    /// What lets the walk step over a subtree without visiting its nodes.
    pub telltales: Telltales,
    /// Where declarations end, to bound a parse that has errors; `None`: the tree is taken
    /// as the parser recovered it.
    pub bounds: Option<Bounds>,
    /// Whether the C preprocessor reads the files first. Its `#define` bodies are one token to
    /// the grammar, which a block comment between their tokens cuts short: the rest of the
    /// body is read as code. Such comments are blanked before the parse, as the preprocessor
    /// reads them (a space).
    pub c_preprocessor: bool,
}

/// The tokens of a language, as far as matching its braces needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lexis {
    /// C and C++: `//` and `/* */` comments, `"..."` and `'c'` literals, raw strings
    /// `R"x(...)x"`, digit separators (`1'000`), and preprocessor lines, of whose conditionals
    /// only the first branch is read (`#if A {` ... `#else {` ... `#endif` opens one brace).
    C,
    /// Rust: nested `/* */` comments, raw strings `r#"..."#`, and lifetimes (`'a`) beside
    /// character literals (`'{'`).
    Rust,
}

/// Where declarations end, from the tokens alone: what keeps a parse that has errors from
/// running one declaration into the next. Where the tree has errors, the file is cut into its
/// declarations by matching braces (a function ends at the brace that closes its body; other
/// declarations at their `;`), and a stretch in which the tree crosses such a boundary is
/// parsed again on its own.
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    /// How the language's tokens are read.
    pub lexis: Lexis,
    /// Keywords whose brace block holds declarations rather than statements (`extern "C" {`,
    /// `namespace`, `impl`): the declarations inside are delimited one by one.
    pub scopes: &'static [&'static str],
    /// The keyword that introduces a function (Rust's `fn`); `None` where a parameter list
    /// before a block makes it a function's body (C).
    pub function_keyword: Option<&'static str>,
    /// Node kinds in which a boundary between two declarations may lie: the root,
    /// preprocessor conditionals, and the blocks of `scopes`.
    pub containers: &'static [&'static str],
    /// Keywords after which a word before the name is an export or attribute macro
    /// (`class LIB_EXPORT Name {`), which the grammar would read as the name: in every file it
    /// is read as blank, so that the class is a class.
    pub macros_after: &'static [&'static str],
    /// Keywords whose name may be followed by an attribute macro, a word or a call, before
    /// the block (`namespace std _GLIBCXX_VISIBILITY(default) {`), which the grammar cannot
    /// read: in every file it is read as blank, so that the namespace is a namespace.
    pub macros_after_name: &'static [&'static str],
    /// Keywords before which a run of words other than `inline`, `using` and `export` is macros
    /// the grammar cannot read (`NLOHMANN_JSON_NAMESPACE_BEGIN namespace detail {`): in every
    /// file they are read as blank, so that the namespace is a namespace.
    pub macros_before: &'static [&'static str],
    /// Words that stand alone before a `:` between declarations (C++'s `public:`): each is a
    /// declaration of its own, so that the member after it is read without it.
    pub labels: &'static [&'static str],
}

/// Text without which a subtree holds nothing the walk counts, so that it can be stepped over:
/// its lines are code and its nodes are not visited. Most of a tree is such subtrees (types,
/// paths, literal tables, macro arguments), and visiting every node of a tree costs about a
/// fifth of what parsing it does.
///
/// Every node that adds to a metric (a decision, function, container, return, jump, early exit
/// or comment) has one of [`bytes`](Self::bytes), [`pairs`](Self::pairs) or
/// [`words`](Self::words) in its text: `{` in Rust's `if`, `|` in a closure, `&&`, `return`.
/// A call adds only when it names a function it is in,
/// so a subtree whose text has no telltale and names no open function is stepped over. Text in
/// strings counts too, which only means a subtree is walked that need not be. A test walks real
/// corpora with and without stepping over and requires the same metrics.
#[derive(Debug, Clone, Copy)]
pub struct Telltales {
    /// Bytes of which every counted node has one (or a pair, or a word); empty, with no pairs:
    /// no subtree is stepped over.
    pub bytes: &'static [u8],
    /// Two bytes that are a telltale together where the first is none alone: `&&`, where a
    /// lone `&` takes an address; `=>`, where a lone `>` compares or closes a type's arguments.
    pub pairs: &'static [[u8; 2]],
    /// A byte of [`bytes`](Self::bytes) and the byte after which it is no telltale:
    /// TypeScript's `?:` marks an optional member, and a conditional's `?` is never followed
    /// by `:`.
    pub not_before: &'static [[u8; 2]],
    /// Keywords of which every counted node without a telltale byte has one, matched against
    /// runs of ASCII letters and `_` (so `1if` holds `if`) in any case (Fortran's and
    /// PowerShell's keywords have none).
    pub words: &'static [&'static str],
    /// Kinds whose subtrees hold no counted node whatever their text (a Rust macro's token
    /// tree): stepped over unless their text has one of [`comment_bytes`](Self::comment_bytes).
    /// A test checks this against the grammar's node types.
    pub inert: &'static [&'static str],
    /// Bytes of which every comment has one.
    pub comment_bytes: &'static [u8],
    /// Kinds always entered, whatever their text: Python's blocks, whose statements may be
    /// docstrings (comment lines without a telltale). The root is always entered.
    pub entered: &'static [&'static str],
    /// Kinds that are types, stepped over by telltales of their own ([`Types`]).
    pub types: Option<&'static Types>,
}

/// Types, where telltales of code are not telltales: TypeScript's `{` opens an object type and
/// `=>` ends a function type, and `?` makes a conditional type or an optional member. A type
/// holds code only where its text says so: a computed name or an index (`[`), a default value
/// (`=`), a decorator (`@`), `typeof`, `import("./x")` and an `export`. So a
/// subtree of one of [`kinds`](Self::kinds) is stepped over when its text has none of
/// [`telltales`](Self::telltales), and names no open function. A test follows the grammar's node
/// types down from each kind and checks that every way to a counted node passes such a mark.
#[derive(Debug, Clone, Copy)]
pub struct Types {
    /// The kinds of types, annotations and signatures.
    pub kinds: &'static [&'static str],
    /// The marks of code within them, comments included.
    pub telltales: Telltales,
}

impl Telltales {
    /// Every subtree is walked.
    pub const NONE: Self = Self {
        bytes: &[],
        pairs: &[],
        not_before: &[],
        words: &[],
        inert: &[],
        comment_bytes: &[],
        entered: &[],
        types: None,
    };
}

impl LangSpec {
    /// An empty table, to build the others from with struct update syntax.
    pub const EMPTY: Self = Self {
        functions: &[],
        containers: &[],
        file_scoped: &[],
        separator: ".",
        anonymous: "lambda",
        bindings: &[],
        binding_children: &[],
        container_children: &[],
        ifs: &[],
        elifs: &[],
        elif_lists: &[],
        elses: &[],
        else_if_in_else: true,
        else_keywords: &[],
        conditionals: &[],
        loops: &[],
        switches: &[],
        cases: &[],
        catch_alls: &[],
        pattern_wrappers: &[],
        guards: &[],
        catches: &[],
        handlers: &[],
        decisions: &[],
        binary_expressions: &[],
        operators: &[],
        operator_kinds: &[],
        jumps: &[],
        labels: &[],
        jump_texts: &[],
        gotos: &[],
        returns: &[],
        early_exits: &[],
        calls: &[],
        callees: &[],
        call_blocks: &[],
        arms: &[],
        self_prefixes: &[],
        arity: None,
        transparent: &["parenthesized_expression"],
        comments: &[],
        docstring: None,
        evaluated_prefixes: &[],
        attributes: &[],
        parameter_fields: &[],
        parameter_lists: &[],
        curried: false,
        parameter_bodies: &[],
        parameters: &[],
        not_parameters: &[],
        skipped_parameters: &[],
        declarator: None,
        not_function_names: &[],
        opaque: &[],
        telltales: Telltales::NONE,
        bounds: None,
        c_preprocessor: false,
    };
}
