//! A [`LangSpec`] compiled against its grammar: one [`KindInfo`] per node-kind id, so the metric
//! walk looks roles up by index and never compares strings on the hot path.
//!
//! What other crates see is what the walk asks: a kind's [`Roles`] and the fields it names,
//! and the [`KindTable`] queries that answer for a node (is this loop conditional, is this case
//! a catch-all, where are a call's arguments). How a table is built and what it keeps to
//! answer them stay here.

use std::num::NonZeroU16;

use tree_sitter::{Language as Grammar, Node};

use crate::children;
use crate::spec::{BoolOp, CallRole, CatchAll, FnName, Func, LangSpec, LoopCondition, Telltales};

/// The roles a node kind plays, as bit flags. All 32 bits are taken: a new role needs a `u64`
/// (a bit of 32 or more does not compile).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Roles(u64);

macro_rules! roles {
    ($($(#[$doc:meta])* $name:ident = $bit:expr;)*) => {
        impl Roles {
            $($(#[$doc])* pub const $name: Roles = Roles(1 << $bit);)*
        }
    };
}

roles! {
    /// A function.
    FUNCTION = 0;
    /// A class, impl, module or namespace that qualifies names.
    CONTAINER = 1;
    /// An `if`.
    IF = 2;
    /// A separate else-if clause (`elif`).
    ELIF = 3;
    /// An `else` clause.
    ELSE = 4;
    /// A conditional expression (ternary, let-else).
    CONDITIONAL = 5;
    /// A loop.
    LOOP = 6;
    /// A `switch`/`match` as a whole.
    SWITCH = 7;
    /// A case label or match arm.
    CASE = 8;
    /// A `catch`/`except` clause.
    CATCH = 9;
    /// A cyclomatic-only decision.
    DECISION = 10;
    /// An expression that may carry a boolean operator.
    BINARY = 11;
    /// A `break`/`continue`.
    JUMP = 12;
    /// A label carried by a jump.
    LABEL = 13;
    /// A `goto`.
    GOTO = 14;
    /// An explicit return.
    RETURN = 15;
    /// An early exit (`?`, `?.`).
    EARLY_EXIT = 16;
    /// A call.
    CALL = 17;
    /// A comment.
    COMMENT = 18;
    /// A statement that is a docstring when it holds only a string.
    DOCSTRING = 19;
    /// An attribute, decorator or annotation.
    ATTRIBUTE = 20;
    /// A kind in a parameter list that is not a parameter.
    NOT_PARAMETER = 21;
    /// A parent whose field holds a match-arm guard.
    GUARDED = 22;
    /// A parent that names anonymous functions bound in it.
    BINDING = 23;
    /// A wrapper looked through (parentheses).
    TRANSPARENT = 24;
    /// A parent whose field holds no decisions.
    OPAQUE = 25;
    /// A match guard.
    GUARD = 26;
    /// A container whose name qualifies the siblings after it.
    FILE_SCOPED = 27;
    /// A token after which an `if`'s children are its else branch.
    ELSE_KEYWORD = 28;
    /// A parameter list found by kind.
    PARAMETER_LIST = 29;
    /// A parameter, when the language lists parameter kinds.
    PARAMETER = 30;
    /// A named node whose text is an operator.
    OPERATOR_NAME = 31;
    /// A list of an `if`'s else-if clauses.
    ELIF_LIST = 32;
    /// A `try` whose children of one kind, outside its fields, are its handlers
    /// ([`LangSpec::handlers`]).
    HANDLERS = 33;
}

impl Roles {
    /// No role.
    pub const NONE: Roles = Roles(0);
    /// Roles that count nothing in the walk: a node with only these may be stepped over.
    pub const PASSIVE: Roles = Roles(
        Roles::ATTRIBUTE.0
            | Roles::NOT_PARAMETER.0
            | Roles::TRANSPARENT.0
            | Roles::PARAMETER_LIST.0
            | Roles::PARAMETER.0,
    );

    /// Whether every role in `other` is set.
    pub const fn contains(self, other: Roles) -> bool {
        self.0 & other.0 == other.0
    }

    /// Whether any role in `other` is set.
    pub const fn intersects(self, other: Roles) -> bool {
        self.0 & other.0 != 0
    }

    /// Whether every role set is in `other`.
    pub const fn within(self, other: Roles) -> bool {
        self.0 & !other.0 == 0
    }

    /// Whether no role is set.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The union of both.
    #[must_use]
    pub const fn union(self, other: Roles) -> Roles {
        Roles(self.0 | other.0)
    }
}

/// A field id of the grammar.
pub type FieldId = NonZeroU16;

/// A compiled loop condition.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum LoopCond {
    /// Always conditional.
    #[default]
    Always,
    /// Never conditional.
    Never,
    /// Conditional when this field holds a non-empty node.
    Field(FieldId),
    /// Go's `for`.
    GoFor,
}

/// What a node kind is to the calls that play a role by their callee's name
/// ([`LangSpec::callees`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CallPart {
    /// Nothing: the kind's roles are all there is (every kind of most languages).
    #[default]
    None,
    /// A call whose callee may name a role ([`KindTable::callee_info`]).
    Call,
    /// A block that stands in such a call ([`LangSpec::call_blocks`]).
    Block,
    /// A case when it stands in a switch played by a call ([`LangSpec::arms`],
    /// [`KindTable::arm_info`]).
    Arm,
}

/// What the table knows about one node kind.
#[derive(Debug, Clone, Copy)]
pub struct KindInfo {
    /// Its roles.
    pub roles: Roles,
    /// For functions: the index into [`LangSpec::functions`].
    pub(crate) function: u16,
    /// The field that must be present for the function or conditional role to apply.
    pub(crate) requires: Option<FieldId>,
    /// For functions: the field that must be absent.
    pub(crate) excludes: Option<FieldId>,
    /// For containers and bindings: the field holding the name.
    pub name_field: Option<FieldId>,
    /// For bindings and containers without a name field: the kind of the child holding the name.
    pub(crate) name_kind: Option<&'static str>,
    /// For containers: the field that must be present for the node to qualify names.
    pub(crate) container_requires: Option<FieldId>,
    /// For guarded parents: the field holding the guard.
    pub guard_field: Option<FieldId>,
    /// For guarded parents: the kind of the children that are guards.
    pub guard_kind: Option<&'static str>,
    /// For opaque parents: the field holding no decisions (`None`: every child).
    pub opaque_field: Option<FieldId>,
    /// For a `try` that holds its handlers ([`Roles::HANDLERS`]): the kind of their blocks.
    pub(crate) handler: Option<&'static str>,
    /// For loops: where the condition is.
    pub(crate) loop_condition: LoopCond,
    /// For operator tokens: which operator.
    pub(crate) operator: Option<BoolOp>,
    /// For calls: the field holding the arguments.
    pub(crate) arguments: Option<FieldId>,
    /// For calls without an arguments field: the kind of the child holding the arguments.
    pub(crate) arguments_kind: Option<&'static str>,
    /// When the walk may step over a node of the kind.
    pub stepping: Stepping,
    /// What the kind is to the calls that play a role by their callee's name.
    pub call_part: CallPart,
    /// For containers played by a call: named by the call's first argument.
    pub by_argument: bool,
}

impl KindInfo {
    /// A kind without roles (ids the grammar does not have).
    pub const NONE: Self = Self {
        roles: Roles(0),
        function: 0,
        requires: None,
        excludes: None,
        name_field: None,
        name_kind: None,
        container_requires: None,
        guard_field: None,
        guard_kind: None,
        opaque_field: None,
        handler: None,
        loop_condition: LoopCond::Always,
        operator: None,
        arguments: None,
        arguments_kind: None,
        stepping: Stepping::Telltales,
        call_part: CallPart::None,
        by_argument: false,
    };
}

/// When the walk may step over a node ([`Telltales`](crate::Telltales)): it never does over a
/// node with roles, a leaf, or one with a syntax error in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stepping {
    /// When its text has none of the language's telltales.
    Telltales,
    /// When its text has no comment: it holds no counted node whatever its text
    /// ([`Telltales::inert`](crate::Telltales::inert)).
    Inert,
    /// Never ([`Telltales::entered`](crate::Telltales::entered)).
    Entered,
    /// When its text has none of the telltales of code in a type ([`Types`](crate::Types)).
    Type,
}

/// Field ids the walk needs on every `if`.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// `condition`.
    pub condition: Option<FieldId>,
    /// `alternative`.
    pub alternative: Option<FieldId>,
    /// `operator`.
    pub operator: Option<FieldId>,
    /// `body`.
    pub body: Option<FieldId>,
    /// `name`.
    pub name: Option<FieldId>,
    /// `value`.
    pub value: Option<FieldId>,
    /// `pattern`.
    pub pattern: Option<FieldId>,
    /// The declarator field of C and C++ ([`LangSpec::declarator`]).
    pub declarator: Option<FieldId>,
}

/// A language's spec compiled against its grammar.
#[derive(Debug)]
pub struct KindTable {
    spec: &'static LangSpec,
    kinds: Vec<KindInfo>,
    fields: Fields,
    parameter_fields: Vec<FieldId>,
    empty_statement: Option<u16>,
    /// The functions: the spec's, then the one that calls define ([`CallRole::Function`]).
    functions: Vec<Func>,
    /// What a call plays, by its callee's name ([`LangSpec::callees`]).
    callees: Vec<(&'static str, KindInfo)>,
    /// What an arm is in a switch played by a call.
    arm: KindInfo,
    /// What a handler's block is in a `try` that holds it: a catch.
    handler: KindInfo,
}

/// A name in a [`LangSpec`] that the grammar does not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    /// What the name was for.
    pub role: &'static str,
    /// The name.
    pub name: String,
}

impl KindTable {
    /// Compiles `spec` against `grammar`. Names the grammar does not have are returned in the
    /// second value (a test asserts there are none) and otherwise ignored.
    pub(crate) fn build(spec: &'static LangSpec, grammar: &Grammar) -> (Self, Vec<UnknownName>) {
        let mut builder = Builder {
            grammar,
            kinds: vec![KindInfo::NONE; grammar.node_kind_count() + 1],
            unknown: Vec::new(),
        };
        builder.fill(spec);
        let fields = Fields {
            condition: grammar.field_id_for_name("condition"),
            alternative: grammar.field_id_for_name("alternative"),
            operator: grammar.field_id_for_name("operator"),
            body: grammar.field_id_for_name("body"),
            name: grammar.field_id_for_name("name"),
            value: grammar.field_id_for_name("value"),
            pattern: grammar.field_id_for_name("pattern"),
            declarator: spec.declarator.and_then(|d| grammar.field_id_for_name(d.field)),
        };
        let parameter_fields =
            spec.parameter_fields.iter().filter_map(|f| grammar.field_id_for_name(f)).collect();
        let empty_statement = ids_of(grammar, "empty_statement", true).first().copied();
        let (functions, callees) = builder.callees(spec);
        let arm = KindInfo { roles: Roles::CASE, ..KindInfo::NONE };
        let handler = KindInfo { roles: Roles::CATCH, ..KindInfo::NONE };
        let table = Self {
            spec,
            kinds: builder.kinds,
            fields,
            parameter_fields,
            empty_statement,
            functions,
            callees,
            arm,
            handler,
        };
        (table, builder.unknown)
    }

    /// The spec this table was built from.
    pub fn spec(&self) -> &'static LangSpec {
        self.spec
    }

    /// What the table knows about a kind id.
    #[inline]
    pub fn info(&self, kind_id: u16) -> &KindInfo {
        self.kinds.get(usize::from(kind_id)).unwrap_or(&KindInfo::NONE)
    }

    /// What a call plays by its callee's name, if the callee (its first child, a name standing
    /// alone) is one of [`LangSpec::callees`]: the call's own info with the roles of what it
    /// plays instead of its own.
    pub fn callee_info(&self, call: Node<'_>, source: &[u8]) -> Option<&KindInfo> {
        let callee = call.child(0).filter(|callee| callee.is_named() && callee.child_count() == 0)?;
        let text = source.get(callee.byte_range())?;
        self.callees.iter().find(|(name, _)| name.as_bytes() == text).map(|(_, info)| info)
    }

    /// Whether any call plays a role by its callee's name ([`LangSpec::callees`]): otherwise no
    /// kind has a [`CallPart`], and the walk need not ask.
    #[inline]
    pub fn has_callees(&self) -> bool {
        !self.callees.is_empty()
    }

    /// What a child of a `try` standing outside its fields is, if it is one of its handlers'
    /// blocks ([`LangSpec::handlers`]): a catch.
    pub fn handler_info(&self, parent: &KindInfo, child: Node<'_>) -> Option<&KindInfo> {
        (parent.roles.contains(Roles::HANDLERS) && parent.handler == Some(child.kind()))
            .then_some(&self.handler)
    }

    /// Where a handler starts: at the first child of its `try` after the block before it
    /// (`on E catch (e) {` of Dart's), or at the node itself for other catches.
    pub fn handler_start<'t>(&self, node: Node<'t>) -> Node<'t> {
        let parent = node.parent().map(|parent| self.info(parent.kind_id()));
        if parent.is_none_or(|parent| parent.handler != Some(node.kind())) {
            return node;
        }
        let mut start = node;
        while let Some(previous) =
            start.prev_sibling().filter(|previous| previous.kind_id() != node.kind_id())
        {
            start = previous;
        }
        start
    }

    /// What an arm ([`LangSpec::arms`]) is in a switch played by a call: a case.
    pub fn arm_info(&self) -> &KindInfo {
        &self.arm
    }

    /// The first argument of a call: what names a function or container a call defines
    /// ([`FnName::FirstArgument`]).
    pub fn first_argument<'t>(&self, call: Node<'t>, info: &KindInfo) -> Option<Node<'t>> {
        let arguments = self.call_arguments(call, info)?;
        let mut cursor = arguments.walk();
        arguments
            .named_children(&mut cursor)
            .find(|child| !self.info(child.kind_id()).roles.contains(Roles::COMMENT))
    }

    /// Field ids used on the hot path.
    pub fn fields(&self) -> Fields {
        self.fields
    }

    /// The parameter list of `node`: its child in a parameter field
    /// ([`LangSpec::parameter_fields`]), or the list inside that child, or its first child that
    /// is a parameter list by kind ([`LangSpec::parameter_lists`]).
    pub fn parameter_list<'t>(&self, node: Node<'t>) -> Option<Node<'t>> {
        let is_list = |n: &Node<'_>| self.info(n.kind_id()).roles.contains(Roles::PARAMETER_LIST);
        let first_list = |n: Node<'t>| {
            let mut cursor = n.walk();
            n.named_children(&mut cursor).find(is_list)
        };
        let in_field = self.parameter_fields.iter().find_map(|&field| node.child_by_field_id(field.get()));
        if self.spec.parameter_lists.is_empty() {
            return in_field; // no list kinds to look for (the common case)
        }
        // The arguments of the call that heads a function named by its callee.
        if let Some(list) = self.headed_list(node) {
            return Some(list);
        }
        if let Some(list) = self.list_in(node) {
            return Some(list);
        }
        // A list one level further down: in a signature's own signature (Dart's
        // `method_signature` holding a `function_signature`).
        let below = |n: Node<'t>| n.named_child(0).and_then(first_list);
        match in_field {
            // Not a list itself (Scala's type parameters share the field with the parameters).
            Some(child) if !is_list(&child) => {
                first_list(child).or_else(|| first_list(node)).or_else(|| below(child)).or(Some(child))
            }
            Some(child) => Some(child),
            // Or in the body: PowerShell's `param(...)` block opens its script block.
            None => first_list(node).or_else(|| below(node)).or_else(|| self.in_body(node, first_list)),
        }
    }

    /// The argument list of the call that heads a function named by its callee
    /// ([`FnName::Callee`]): `(io, x)` in Julia's `function Base.show(io, x)`.
    fn headed_list<'t>(&self, node: Node<'t>) -> Option<Node<'t>> {
        let info = self.info(node.kind_id());
        let func = self.functions.get(usize::from(info.function))?;
        if !info.roles.contains(Roles::FUNCTION) || func.name != FnName::Callee {
            return None;
        }
        let list = self.callee_head(info, node)?.next_named_sibling()?;
        self.info(list.kind_id()).roles.contains(Roles::PARAMETER_LIST).then_some(list)
    }

    /// The parameter list of a function found through the kinds of
    /// [`Func::parameters_in`](crate::Func::parameters_in).
    fn list_in<'t>(&self, node: Node<'t>) -> Option<Node<'t>> {
        let info = self.info(node.kind_id());
        let func = self.functions.get(usize::from(info.function))?;
        if !info.roles.contains(Roles::FUNCTION) || func.parameters_in.is_empty() {
            return None;
        }
        let mut child = node.named_child(0)?;
        // Bounded: a clause, then a guard or two (`a when b when c`).
        for _ in 0..8 {
            if self.info(child.kind_id()).roles.contains(Roles::PARAMETER_LIST) {
                return Some(child);
            }
            if !func.parameters_in.contains(&child.kind()) {
                return None;
            }
            child = child.named_child(0)?;
        }
        None
    }

    /// The first list among the children of a function's child in a body kind
    /// ([`LangSpec::parameter_bodies`]).
    fn in_body<'t>(
        &self,
        node: Node<'t>,
        first_list: impl Fn(Node<'t>) -> Option<Node<'t>>,
    ) -> Option<Node<'t>> {
        let bodies = self.spec.parameter_bodies;
        let mut cursor = node.walk();
        let body = node.named_children(&mut cursor).find(|n| bodies.contains(&n.kind()))?;
        first_list(body)
    }

    /// Whether a function kind's conditions hold for `node` under `parent`: required and
    /// excluded fields ([`applies`](Self::applies)), parents it is not a function in, and a
    /// child it must have.
    pub fn function_applies(
        &self,
        info: &KindInfo,
        node: Node<'_>,
        parent: Option<Node<'_>>,
        source: &[u8],
    ) -> bool {
        let func = &self.functions[usize::from(info.function)];
        self.applies(info, node)
            && self.placed(func, node, parent, source)
            && func.with_child.is_none_or(|kind| has_child(node, kind))
            && (func.not_block_of.is_empty() || !is_block_of(parent, func.not_block_of, source))
            && (func.not_decorated.is_empty() || !self.is_decorated(parent, func.not_decorated, source))
            && (!func.headed || self.callee_head(info, node).is_some())
            && !self.names_a_keyword(func, node, source)
    }

    /// Whether a function named by a field names one of [`LangSpec::not_function_names`]: C#'s
    /// `else if (x) { ... }` after an `#endif` reads as a local function `if` returning `else`.
    fn names_a_keyword(&self, func: &Func, node: Node<'_>, source: &[u8]) -> bool {
        let keywords = self.spec().not_function_names;
        let FnName::Field(field) = func.name else { return false };
        !keywords.is_empty()
            && node.child_by_field_name(field).is_some_and(|name| {
                let text = source.get(name.byte_range()).unwrap_or_default();
                keywords.iter().any(|keyword| keyword.as_bytes() == text)
            })
    }

    /// Whether a function kind is a function where `node` stands: not in a parent of
    /// [`Func::not_in`], unless it [`declares`](Self::declares) one.
    fn placed(&self, func: &Func, node: Node<'_>, parent: Option<Node<'_>>, source: &[u8]) -> bool {
        let misread =
            parent.is_some_and(|parent| func.not_in.contains(&looked_through(parent, func.through).kind()));
        match func.declares {
            Some(kind) => self.declares(node, kind, misread, source),
            None => !misread,
        }
    }

    /// Whether a definition is a function by [`Func::declares`]. It is not when it declares
    /// a word of [`LangSpec::not_function_names`]. Where it is `misread` (in a
    /// parent of [`Func::not_in`]), it must also have a type other than a macro's and a
    /// keyword (`for_each_net(net)` before `for_each_netdev(net, dev) {`, `else` before
    /// `list_for_each_entry(...) {`) and a declarator of kind `kind` in its chain of
    /// declarators outside parentheses (`FOR_NODES(next()) {` declares none).
    fn declares(&self, node: Node<'_>, kind: &str, misread: bool, source: &[u8]) -> bool {
        let Some(declarators) = self.spec().declarator else { return !misread };
        let keywords = self.spec().not_function_names;
        let is_keyword = |node: Node<'_>| {
            let text = source.get(node.byte_range()).unwrap_or_default();
            keywords.iter().any(|k| k.as_bytes() == text)
        };
        // Down the chain to what it declares (`CRITEND if ((a) && (b)) {` reads as
        // `if(...)(...)`), stopping at parentheses. Bounded: a chain is a few declarators deep
        // (`int **f(void)`).
        let mut declarator = node.child_by_field_name(declarators.field);
        let (mut declared, mut function) = (None, false);
        for _ in 0..8 {
            let Some(current) = declarator else { break };
            function |= current.kind() == kind;
            declared = Some(current);
            declarator = current.child_by_field_name(declarators.field);
        }
        if declared.is_some_and(is_keyword) {
            return false;
        }
        let typed = || {
            node.child_by_field_name("type")
                .is_some_and(|t| t.kind() != "macro_type_specifier" && !is_keyword(t))
        };
        !misread || function && typed()
    }

    /// The callee of the call that heads a function named by it ([`FnName::Callee`]): the
    /// first child of the function's first named child that is a call, looking through the
    /// kinds of [`Func::heads`](crate::Func::heads).
    pub fn callee_head<'t>(&self, info: &KindInfo, node: Node<'t>) -> Option<Node<'t>> {
        let func = &self.functions[usize::from(info.function)];
        let mut head = node.named_child(0)?;
        // Bounded: `function f(x)::T where T` is a signature, a where and a type around the call.
        for _ in 0..4 {
            if self.info(head.kind_id()).roles.contains(Roles::CALL) {
                return head.child(0);
            }
            if !func.heads.contains(&head.kind()) {
                return None;
            }
            head = head.named_child(0)?;
        }
        None
    }

    /// Whether a function kind is a `match` of its cases ([`Func::is_match`](crate::Func::is_match)).
    pub fn function_is_match(&self, info: &KindInfo) -> bool {
        self.functions[usize::from(info.function)].is_match
    }

    /// Whether a function kind is the `match` of the function whose body it is
    /// ([`Func::body_match`](crate::Func::body_match)).
    pub fn function_is_body_match(&self, info: &KindInfo) -> bool {
        self.functions[usize::from(info.function)].body_match
    }

    /// Whether one of the decorators beside a function names one of `names`: `@overload`,
    /// `@typing.overload`. The decorators are the leading children of the function's `parent`
    /// with the attribute role; the search stops at the first other child, so that a function
    /// among thousands in a module costs nothing.
    fn is_decorated(&self, parent: Option<Node<'_>>, names: &[&str], source: &[u8]) -> bool {
        let Some(parent) = parent else { return false };
        let mut cursor = parent.walk();
        parent
            .named_children(&mut cursor)
            .filter(|child| !child.is_extra())
            .take_while(|child| self.info(child.kind_id()).roles.contains(Roles::ATTRIBUTE))
            .any(|decorator| {
                let text = source.get(decorator.byte_range()).unwrap_or_default();
                let text = text.strip_prefix(b"@").unwrap_or(text).trim_ascii();
                let callee = text.split(|&b| b == b'(').next().unwrap_or_default().trim_ascii_end();
                let last = callee.rsplit(|&b| b == b'.').next().unwrap_or_default().trim_ascii();
                names.iter().any(|name| name.as_bytes() == last)
            })
    }

    /// Whether a container qualifies names here (its required field, if any, is present).
    pub fn container_applies(&self, info: &KindInfo, node: Node<'_>) -> bool {
        info.container_requires.is_none_or(|field| node.child_by_field_id(field.get()).is_some())
    }

    /// The node naming the anonymous functions bound in `parent` (a binding), or the scope of a
    /// container: its child in the name field, or its first child of the name kind.
    pub fn binding_name<'t>(&self, parent: Node<'t>, info: &KindInfo) -> Option<Node<'t>> {
        if info.by_argument {
            return self.first_argument(parent, info);
        }
        if let Some(field) = info.name_field {
            return parent.child_by_field_id(field.get());
        }
        // `variable_declaration>identifier`: the first `identifier` of the first
        // `variable_declaration`.
        let mut node = parent;
        for kind in info.name_kind?.split('>') {
            let mut cursor = node.walk();
            node = node.named_children(&mut cursor).find(|child| child.kind() == kind)?;
        }
        Some(node)
    }

    /// The boolean operator a token stands for: by its kind, or by its text for the
    /// [`LangSpec::operator_kinds`].
    pub fn operator(&self, token: Node<'_>, source: &[u8]) -> Option<BoolOp> {
        let info = self.info(token.kind_id());
        if info.operator.is_some() || !info.roles.contains(Roles::OPERATOR_NAME) {
            return info.operator;
        }
        let text = source.get(token.byte_range())?;
        self.spec.operators.iter().find(|(name, _)| name.as_bytes() == text).map(|&(_, op)| op)
    }

    /// Whether `node`'s kind-specific precondition holds (a required field is present).
    pub fn applies(&self, info: &KindInfo, node: Node<'_>) -> bool {
        info.requires.is_none_or(|field| node.child_by_field_id(field.get()).is_some())
            && info.excludes.is_none_or(|field| node.child_by_field_id(field.get()).is_none())
    }

    /// Whether a loop node has a condition.
    pub fn loop_is_conditional(&self, info: &KindInfo, node: Node<'_>) -> bool {
        match info.loop_condition {
            LoopCond::Always => true,
            LoopCond::Never => false,
            LoopCond::Field(field) => {
                let mut cursor = node.walk();
                node.children_by_field_id(field, &mut cursor)
                    .any(|child| child.is_named() && Some(child.kind_id()) != self.empty_statement)
            }
            LoopCond::GoFor => go_for_is_conditional(node),
        }
    }

    /// The pattern (or value) of a case: its `pattern` field, or its first named child that is
    /// not an attribute or comment.
    pub fn case_pattern<'t>(&self, case: Node<'t>) -> Option<Node<'t>> {
        if let Some(pattern) = self.fields.pattern.and_then(|id| case.child_by_field_id(id.get())) {
            return Some(pattern);
        }
        let skip = Roles::ATTRIBUTE.union(Roles::COMMENT);
        children::named_children(case).find(|child| !self.info(child.kind_id()).roles.intersects(skip))
    }

    /// The arguments of a call: its child in the arguments field, or its first child of the
    /// arguments kind.
    pub fn call_arguments<'t>(&self, call: Node<'t>, info: &KindInfo) -> Option<Node<'t>> {
        if let Some(field) = info.arguments {
            return call.child_by_field_id(field.get());
        }
        let kind = info.arguments_kind?;
        let mut cursor = call.walk();
        call.named_children(&mut cursor).find(|child| child.kind() == kind)
    }

    /// Whether a wrapper's only named child is an `if`, looking through wrappers inside it:
    /// Solidity's `else if` is an `else` and a `statement` holding an `if`.
    pub fn wraps_an_if(&self, node: Node<'_>) -> bool {
        let mut node = node;
        for _ in 0..8 {
            let Some(child) = node.named_child(0).filter(|_| node.named_child_count() == 1) else {
                return false;
            };
            let roles = self.info(child.kind_id()).roles;
            if roles.contains(Roles::IF) {
                return true;
            }
            if !roles.contains(Roles::TRANSPARENT) {
                return false;
            }
            node = child;
        }
        false
    }

    /// Whether a case node is a catch-all (`default`, `_`, a bare capture, Bash's `*`).
    pub fn case_is_catch_all(&self, case: Node<'_>, source: &[u8]) -> bool {
        let spec = self.spec;
        let unnamed = |rule: &CatchAll| matches!(*rule, CatchAll::Unnamed(field) if case.child_by_field_name(field).is_none());
        if spec.catch_alls.iter().any(unnamed) {
            return true;
        }
        // `default:` is a keyword where other cases have a pattern.
        let keyword = case.child(0).filter(|first| !first.is_named());
        [keyword, self.case_pattern(case)].into_iter().flatten().any(|mut node| {
            loop {
                if spec.catch_alls.iter().any(|rule| self.catches_all(*rule, case, node, source)) {
                    return true;
                }
                if !spec.pattern_wrappers.contains(&node.kind()) {
                    return false;
                }
                match node.child(0) {
                    Some(child) => node = child,
                    None => return false,
                }
            }
        })
    }

    /// Whether a jump (`break`/`continue`) carries a label: a label among its children, or for
    /// a keyword token, right after it.
    pub fn jump_has_label(&self, node: Node<'_>, source: &[u8]) -> bool {
        if !self.spec.jump_texts.is_empty() {
            let text = source.get(node.byte_range()).unwrap_or_default();
            return self.spec.jump_texts.iter().any(|jump| jump.as_bytes() == text);
        }
        let is_label = |child: Node<'_>| self.info(child.kind_id()).roles.contains(Roles::LABEL);
        if node.child_count() == 0 {
            return node.next_sibling().is_some_and(is_label);
        }
        let mut cursor = node.walk();
        node.named_children(&mut cursor).any(is_label)
    }

    /// The name rule of a function kind.
    pub fn function_name(&self, info: &KindInfo) -> FnName {
        self.functions[usize::from(info.function)].name
    }

    /// The infix definition a function without its name field may be ([`Func::infix`]): its
    /// child of that kind, and the operator naming it.
    pub fn infix<'t>(&self, info: &KindInfo, node: Node<'t>) -> Option<(Node<'t>, Node<'t>)> {
        let (kind, field) = self.functions.get(usize::from(info.function))?.infix?;
        let mut cursor = node.walk();
        let infix = node.named_children(&mut cursor).find(|child| child.kind() == kind)?;
        Some((infix, infix.child_by_field_name(field)?))
    }

    /// What a function kind is called when it has no name.
    pub fn function_anonymous(&self, info: &KindInfo) -> &'static str {
        self.functions[usize::from(info.function)].anonymous.unwrap_or(self.spec.anonymous)
    }

    /// The receiver field of a function kind (Go methods).
    pub fn function_receiver(&self, info: &KindInfo) -> Option<&'static str> {
        self.functions[usize::from(info.function)].receiver
    }

    /// Whether the pattern `node` of `case` matches anything by `rule`: by the pattern alone
    /// ([`matches_catch_all`]), or, for [`CatchAll::TextIn`], by the switch around the case.
    fn catches_all(&self, rule: CatchAll, case: Node<'_>, node: Node<'_>, source: &[u8]) -> bool {
        match rule {
            CatchAll::TextIn(text, switch) => {
                source.get(node.byte_range()) == Some(text.as_bytes()) && self.in_switch(case, switch, source)
            }
            _ => matches_catch_all(rule, node, source),
        }
    }

    /// Whether a case stands in a switch of kind `switch`, or in a call of that name, looking
    /// through the blocks that stand in a call (Elixir's `do_block`).
    fn in_switch(&self, case: Node<'_>, switch: &str, source: &[u8]) -> bool {
        let mut parent = case.parent();
        while let Some(block) = parent.filter(|node| self.info(node.kind_id()).call_part == CallPart::Block) {
            parent = block.parent();
        }
        parent.is_some_and(|node| {
            node.kind() == switch
                || node.child(0).is_some_and(|callee| {
                    callee.is_named()
                        && callee.child_count() == 0
                        && source.get(callee.byte_range()) == Some(switch.as_bytes())
                })
        })
    }
}

fn matches_catch_all(rule: CatchAll, node: Node<'_>, source: &[u8]) -> bool {
    let text = || source.get(node.byte_range());
    match rule {
        CatchAll::Text(want) => text() == Some(want.as_bytes()),
        CatchAll::Keyword(word) => text().is_some_and(|t| t.eq_ignore_ascii_case(word.as_bytes())),
        CatchAll::Kind(kind)
        | CatchAll::WithFirstChild(kind, _)
        | CatchAll::Sole(kind)
        | CatchAll::Children(kind, _)
        | CatchAll::Lowercase(kind) => node.kind() == kind && has_shape(rule, node, source),
        // The case itself, without a name; a text that depends on the switch.
        CatchAll::Unnamed(_) | CatchAll::TextIn(..) => false,
    }
}

/// Whether a node of a catch-all's kind has the shape the catch-all asks of it besides.
fn has_shape(rule: CatchAll, node: Node<'_>, source: &[u8]) -> bool {
    match rule {
        CatchAll::WithFirstChild(_, first) => node.named_child(0).is_some_and(|child| child.kind() == first),
        CatchAll::Sole(_) => node.named_child_count() == 1,
        CatchAll::Children(_, kinds) => {
            let mut cursor = node.walk();
            usize::try_from(node.child_count()).is_ok_and(|count| count == kinds.len())
                && node.children(&mut cursor).zip(kinds).all(|(child, &want)| child.kind() == want)
        }
        CatchAll::Lowercase(_) => source
            .get(node.byte_range())
            .and_then(|text| std::str::from_utf8(text).ok())
            .and_then(|text| text.chars().next())
            .is_some_and(char::is_lowercase),
        _ => true,
    }
}

/// Whether a block whose parent is `parent` is passed to a call of one of `callees`: the
/// callee stands just before the call's arguments (`defer { ... }` is `defer` then a closure).
fn is_block_of(parent: Option<Node<'_>>, callees: &[&str], source: &[u8]) -> bool {
    let callee = parent.and_then(|arguments| arguments.prev_sibling());
    let text = callee.and_then(|callee| source.get(callee.byte_range())).unwrap_or_default();
    callees.iter().any(|name| name.as_bytes() == text)
}

/// Go's `for`: `for {}` and `for ;; {}` have no condition; `for x < 3 {}`, `for i := 0; i < n; i++ {}`
/// and `for k := range m {}` do.
fn go_for_is_conditional(node: Node<'_>) -> bool {
    let mut cursor = node.walk();
    let body = node.child_by_field_name("body");
    let mut children = node.named_children(&mut cursor).filter(|child| Some(*child) != body);
    children.any(|child| match child.kind() {
        "for_clause" => child.child_by_field_name("condition").is_some(),
        "comment" => false,
        _ => true,
    })
}

/// The first of `node` and its ancestors that is of none of the kinds of `through`.
fn looked_through<'t>(node: Node<'t>, through: &[&str]) -> Node<'t> {
    let mut node = node;
    while through.contains(&node.kind())
        && let Some(parent) = node.parent()
    {
        node = parent;
    }
    node
}

/// Whether `node` has a named child of `kind`; `kind.field`: one with a child in `field`.
fn has_child(node: Node<'_>, kind: &str) -> bool {
    let (kind, field) = kind_and_field(kind);
    children::named_children(node).any(|child| {
        child.kind() == kind && field.is_none_or(|field| child.child_by_field_name(field).is_some())
    })
}

/// A spec's `kind` or `kind.field`, apart.
fn kind_and_field(entry: &str) -> (&str, Option<&str>) {
    entry.split_once('.').map_or((entry, None), |(kind, field)| (kind, Some(field)))
}

struct Builder<'g> {
    grammar: &'g Grammar,
    kinds: Vec<KindInfo>,
    unknown: Vec<UnknownName>,
}

impl Builder<'_> {
    /// Gives each kind the roles `spec` lists for it; the order matters where two lists set
    /// the same field.
    fn fill(&mut self, spec: &'static LangSpec) {
        self.scopes(spec);
        self.branches(spec);
        self.clauses(spec);
        self.operators(spec);
        self.rest(spec);
    }

    /// The field or kinds that name a function.
    fn check_name(&mut self, name: FnName) {
        match name {
            FnName::Field(field)
            | FnName::Accessor(field)
            | FnName::Getter(field)
            | FnName::Signature(field) => {
                self.field("function name", field);
            }
            FnName::Child(kind) => self.check_exists("function name", kind),
            FnName::ChildIn(first, second) | FnName::Selector(first, second) => {
                self.check_exists("function name", first);
                self.check_exists("function name", second);
            }
            _ => {}
        }
    }

    /// Functions, containers and bindings: what names scopes.
    fn scopes(&mut self, spec: &'static LangSpec) {
        for (index, func) in spec.functions.iter().enumerate() {
            let requires = func.requires.map(|field| self.field("function", field));
            let excludes = func.excludes.map(|field| self.field("function", field));
            self.check_name(func.name);
            let kinds = func.not_in.iter().chain(func.through).chain(&func.declares);
            for kind in kinds.chain(&func.with_child).chain(func.heads).chain(func.parameters_in) {
                let (kind, field) = kind_and_field(kind);
                self.check_exists("functions", kind);
                if let Some(field) = field {
                    self.field("functions", field);
                }
            }
            self.set("functions", func.kind, true, |info| {
                info.roles = info.roles.union(Roles::FUNCTION);
                info.function = index as u16;
                info.requires = requires.flatten();
                info.excludes = excludes.flatten();
            });
        }
        for &(entry, field) in spec.containers {
            let (kind, requires) = split_required(entry);
            let requires = requires.and_then(|field| self.field("container", field));
            let field = self.field("container", field);
            self.set("containers", kind, true, |info| {
                info.roles = info.roles.union(Roles::CONTAINER);
                info.name_field = field;
                info.container_requires = requires;
            });
        }
        for &(kind, child) in spec.container_children {
            self.check_exists("container_children", child);
            self.set("container_children", kind, true, |info| {
                info.roles = info.roles.union(Roles::CONTAINER);
                info.name_kind = Some(child);
            });
        }
        self.all("file_scoped", spec.file_scoped, Roles::FILE_SCOPED);
        for &(kind, field) in spec.bindings {
            let field = self.field("binding", field);
            self.set("bindings", kind, true, |info| {
                info.roles = info.roles.union(Roles::BINDING);
                info.name_field = field;
            });
        }
        for &(kind, child) in spec.binding_children {
            for part in child.split('>') {
                self.check_exists("binding_children", part);
            }
            self.set("binding_children", kind, true, |info| {
                info.roles = info.roles.union(Roles::BINDING);
                info.name_kind = Some(child);
            });
        }
    }

    /// Branches, conditionals and loops.
    fn branches(&mut self, spec: &'static LangSpec) {
        self.all("ifs", spec.ifs, Roles::IF);
        self.tokens("elifs", spec.elifs, Roles::ELIF);
        self.all("elif_lists", spec.elif_lists, Roles::ELIF_LIST);
        self.all("elses", spec.elses, Roles::ELSE);
        self.tokens("else_keywords", spec.else_keywords, Roles::ELSE_KEYWORD);
        for entry in spec.conditionals {
            let (kind, requires) = split_required(entry);
            let requires = requires.and_then(|field| self.field("conditional", field));
            self.set("conditionals", kind, true, |info| {
                info.roles = info.roles.union(Roles::CONDITIONAL);
                info.requires = requires;
            });
        }
        for lp in spec.loops {
            let condition = match lp.condition {
                LoopCondition::Always => LoopCond::Always,
                LoopCondition::Never => LoopCond::Never,
                LoopCondition::GoFor => LoopCond::GoFor,
                LoopCondition::Field(field) => {
                    self.field("loop condition", field).map_or(LoopCond::Always, LoopCond::Field)
                }
            };
            self.set("loops", lp.kind, true, |info| {
                info.roles = info.roles.union(Roles::LOOP);
                info.loop_condition = condition;
            });
        }
    }

    /// Switches, cases, guards, catches and the other clauses that decide.
    fn clauses(&mut self, spec: &'static LangSpec) {
        self.all("switches", spec.switches, Roles::SWITCH);
        self.all("cases", spec.cases, Roles::CASE);
        self.catch_alls(spec);
        for kind in spec.pattern_wrappers {
            self.check_exists("pattern_wrappers", kind);
        }
        for entry in spec.guards {
            if let Some((kind, child)) = entry.split_once('>') {
                self.check_exists("guards", child);
                self.set("guards", kind, true, |info| {
                    info.roles = info.roles.union(Roles::GUARDED);
                    info.guard_kind = Some(child);
                });
                continue;
            }
            match entry.split_once('.') {
                Some((kind, field)) => {
                    let field = self.field("guard", field);
                    self.set("guards", kind, true, |info| {
                        info.roles = info.roles.union(Roles::GUARDED);
                        info.guard_field = field;
                    });
                }
                None => self.all("guards", &[entry], Roles::GUARD),
            }
        }
        self.all("catches", spec.catches, Roles::CATCH);
        for &(parent, block) in spec.handlers {
            self.check_exists("handlers", block);
            self.set("handlers", parent, true, |info| {
                info.roles = info.roles.union(Roles::HANDLERS);
                info.handler = Some(block);
            });
        }
        self.tokens("decisions", spec.decisions, Roles::DECISION);
    }

    /// The names of the catch-all rules: checked, as they are read when a case is met.
    fn catch_alls(&mut self, spec: &'static LangSpec) {
        for rule in spec.catch_alls {
            match *rule {
                CatchAll::Unnamed(field) => {
                    self.field("catch_alls", field);
                }
                CatchAll::Kind(kind) | CatchAll::Sole(kind) | CatchAll::Lowercase(kind) => {
                    self.check_exists("catch_alls", kind);
                }
                CatchAll::Children(kind, kinds) => {
                    self.check_exists("catch_alls", kind);
                    for child in kinds {
                        self.check_exists("catch_alls", child);
                    }
                }
                CatchAll::WithFirstChild(kind, first) => {
                    self.check_exists("catch_alls", kind);
                    self.check_exists("catch_alls", first);
                }
                // A switch that is a call is named by its callee.
                CatchAll::TextIn(_, switch) => {
                    if !spec.callees.iter().any(|&(callee, _)| callee == switch) {
                        self.check_exists("catch_alls", switch);
                    }
                }
                CatchAll::Text(_) | CatchAll::Keyword(_) => {}
            }
        }
    }

    /// Boolean operators, jumps, returns and calls.
    fn operators(&mut self, spec: &'static LangSpec) {
        self.all("binary_expressions", spec.binary_expressions, Roles::BINARY);
        self.all("operator_kinds", spec.operator_kinds, Roles::OPERATOR_NAME);
        if spec.operator_kinds.is_empty() {
            for &(token, op) in spec.operators {
                self.set("operators", token, false, |info| info.operator = Some(op));
            }
        }
        self.tokens("jumps", spec.jumps, Roles::JUMP);
        self.all("labels", spec.labels, Roles::LABEL);
        self.tokens("gotos", spec.gotos, Roles::GOTO);
        self.tokens("returns", spec.returns, Roles::RETURN);
        // `?.` is a token in some grammars and a node in others.
        self.tokens("early_exits", spec.early_exits, Roles::EARLY_EXIT);
        for &(kind, arguments) in spec.calls {
            // A field, or the kind of a child where the grammar has no field (Kotlin, Swift).
            let field = self.grammar.field_id_for_name(arguments);
            let child = field.is_none().then_some(arguments);
            if field.is_none() {
                self.check_exists("calls", arguments);
            }
            self.set("calls", kind, true, |info| {
                info.roles = info.roles.union(Roles::CALL);
                info.arguments = field;
                info.arguments_kind = child;
            });
        }
    }

    /// Comments, docstrings, parameters, declarators and opaque parts.
    fn rest(&mut self, spec: &'static LangSpec) {
        self.all("transparent", spec.transparent, Roles::TRANSPARENT);
        self.all("comments", spec.comments, Roles::COMMENT);
        if let Some((statement, strings)) = spec.docstring {
            self.set("docstring", statement, true, |info| {
                info.roles = info.roles.union(Roles::DOCSTRING);
            });
            for kind in strings {
                self.check_exists("docstring", kind);
            }
        }
        self.all("attributes", spec.attributes, Roles::ATTRIBUTE);
        self.all("not_parameters", spec.not_parameters, Roles::NOT_PARAMETER);
        self.all("parameter_lists", spec.parameter_lists, Roles::PARAMETER_LIST);
        self.all("parameters", spec.parameters, Roles::PARAMETER);
        for kind in spec.parameter_bodies {
            self.check_exists("parameter_bodies", kind);
        }
        for field in spec.parameter_fields {
            self.field("parameter field", field);
        }
        if let Some(declarators) = spec.declarator {
            self.field("declarator", declarators.field);
            for kind in declarators.wrappers.iter().chain(declarators.names) {
                self.check_exists("declarator", kind);
            }
        }
        for &(kind, field) in spec.opaque {
            let field = if field.is_empty() { None } else { self.field("opaque", field) };
            self.set("opaque", kind, true, |info| {
                info.roles = info.roles.union(Roles::OPAQUE);
                info.opaque_field = field;
            });
        }
        self.bounds(spec);
        self.stepping(&spec.telltales);
    }

    /// When the walk may step over the kinds the telltales name ([`Stepping`]).
    fn stepping(&mut self, telltales: &Telltales) {
        let types = telltales.types.map_or(&[][..], |types| types.kinds);
        let named = [
            ("inert", telltales.inert, Stepping::Inert),
            ("entered", telltales.entered, Stepping::Entered),
            ("type", types, Stepping::Type),
        ];
        for (role, kinds, stepping) in named {
            for kind in kinds {
                self.set(role, kind, true, |info| info.stepping = stepping);
            }
        }
    }

    /// The calls that play a role by their callee's name: the table's functions (the spec's,
    /// then the one calls define) and what each callee plays, from its call kinds' info; the
    /// blocks and arms of such calls.
    fn callees(&mut self, spec: &'static LangSpec) -> (Vec<Func>, Vec<(&'static str, KindInfo)>) {
        let mut functions = spec.functions.to_vec();
        if spec.callees.is_empty() {
            return (functions, Vec::new());
        }
        // The call kind whose callee is read: the first of the calls (Elixir and R have one).
        let call = spec
            .calls
            .first()
            .and_then(|&(kind, _)| Some((kind, *ids_of(self.grammar, kind, true).first()?)));
        let Some((kind, id)) = call else {
            self.unknown.push(UnknownName { role: "callees", name: "a call kind".to_owned() });
            return (functions, Vec::new());
        };
        let defined = functions.len() as u16;
        functions.push(Func::new(kind, FnName::FirstArgument));
        let call = self.kinds[usize::from(id)];
        let callees = spec.callees.iter().map(|&(name, role)| (name, played(call, role, defined))).collect();
        self.set("calls", kind, true, |info| info.call_part = CallPart::Call);
        for kind in spec.call_blocks {
            self.set("call_blocks", kind, true, |info| info.call_part = CallPart::Block);
        }
        for kind in spec.arms {
            self.set("arms", kind, true, |info| info.call_part = CallPart::Arm);
        }
        (functions, callees)
    }

    /// The node kinds of [`Bounds::containers`](crate::Bounds::containers).
    fn bounds(&mut self, spec: &'static LangSpec) {
        for kind in spec.bounds.iter().flat_map(|bounds| bounds.containers) {
            self.check_exists("bounds", kind);
        }
    }

    fn all(&mut self, role: &'static str, kinds: &[&'static str], roles: Roles) {
        for kind in kinds {
            self.set(role, kind, true, |info| {
                info.roles = info.roles.union(roles);
            });
        }
    }

    /// Kinds that may be named nodes or anonymous tokens: the named kind when there is one.
    fn tokens(&mut self, role: &'static str, kinds: &[&'static str], roles: Roles) {
        for kind in kinds {
            let named = !ids_of(self.grammar, kind, true).is_empty();
            self.set(role, kind, named, |info| {
                info.roles = info.roles.union(roles);
            });
        }
    }

    fn set(&mut self, role: &'static str, kind: &str, named: bool, mut apply: impl FnMut(&mut KindInfo)) {
        let ids = ids_of(self.grammar, kind, named);
        if ids.is_empty() {
            self.unknown.push(UnknownName { role, name: kind.to_owned() });
        }
        for id in ids {
            apply(&mut self.kinds[usize::from(id)]);
        }
    }

    fn check_exists(&mut self, role: &'static str, kind: &str) {
        if ids_of(self.grammar, kind, true).is_empty() && ids_of(self.grammar, kind, false).is_empty() {
            self.unknown.push(UnknownName { role, name: kind.to_owned() });
        }
    }

    fn field(&mut self, role: &'static str, name: &str) -> Option<FieldId> {
        let id = self.grammar.field_id_for_name(name);
        if id.is_none() {
            self.unknown.push(UnknownName { role, name: format!("field `{name}`") });
        }
        id
    }
}

/// What a call of kind `call` is when it plays `role`: the call's own info (its arguments)
/// with the roles of what it plays instead of its own; `function` is the index of the function
/// that calls define.
fn played(call: KindInfo, role: CallRole, function: u16) -> KindInfo {
    let mut info = KindInfo { roles: Roles::NONE, call_part: CallPart::None, ..call };
    match role {
        CallRole::If => info.roles = Roles::IF,
        CallRole::Loop(condition) => {
            info.roles = Roles::LOOP;
            info.loop_condition =
                if condition == LoopCondition::Never { LoopCond::Never } else { LoopCond::Always };
        }
        CallRole::Switch => info.roles = Roles::SWITCH,
        CallRole::Function => {
            info.roles = Roles::FUNCTION;
            info.function = function;
        }
        CallRole::Container => {
            info.roles = Roles::CONTAINER;
            info.by_argument = true;
        }
        CallRole::Return => info.roles = Roles::RETURN,
        CallRole::Declaration => info.stepping = Stepping::Inert,
    }
    info
}

/// `kind[field]` means "only when `field` is present".
fn split_required(entry: &'static str) -> (&'static str, Option<&'static str>) {
    match entry.split_once('[') {
        Some((kind, rest)) => (kind, Some(rest.trim_end_matches(']'))),
        None => (entry, None),
    }
}

/// Every id whose name is `kind` and whose namedness matches (aliases can give one name several
/// ids).
fn ids_of(grammar: &Grammar, kind: &str, named: bool) -> Vec<u16> {
    (0..grammar.node_kind_count() as u16)
        .filter(|&id| {
            grammar.node_kind_for_id(id) == Some(kind)
                && grammar.node_kind_is_named(id) == named
                && grammar.node_kind_is_visible(id)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_required_reads_the_field() {
        assert_eq!(split_required("let_declaration[alternative]"), ("let_declaration", Some("alternative")));
        assert_eq!(split_required("ternary_expression"), ("ternary_expression", None));
    }
}
