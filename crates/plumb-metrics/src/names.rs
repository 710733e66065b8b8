//! What the walk asks of a function node: its name, its parameters, where its declaration
//! starts and where its signature ends. Driven by the language table; names no node kind.

use plumb_lang::children::children;
use plumb_lang::{FieldId, FnName, KindInfo, KindTable, Roles};
use tree_sitter::Node;

/// The longest text used as a name; anything longer (or spanning lines) is not a name.
const MAX_NAME: usize = 80;

/// The longest signature of a function without a body: its first line, up to this many bytes.
const MAX_SIGNATURE: usize = 4096;

/// A function's name as the walk needs it.
pub(crate) struct Naming {
    /// The name shown (`parse_expr`, `Total.get`, `<closure in main>`).
    pub(crate) name: String,
    /// What is appended to the enclosing scope for the qualified name
    /// (`parse_expr`, `get`, `Foo::bar`, `<closure>`).
    pub(crate) leaf: String,
    /// The name a recursive call would use (`None` for unnamed anonymous functions).
    pub(crate) callable: Option<String>,
}

/// How many of the outermost scopes a qualified name keeps when it has more than
/// [`MAX_SEGMENTS`] segments.
const OUTER_SEGMENTS: usize = 6;

/// How many segments a qualified name has at most, besides the `…` that stands for those left
/// out. Real code stays far below it (the deepest in CPython's standard library has 7); a file
/// of 20,000 nested closures would otherwise store 20,000 names of up to 20,000 segments each.
const MAX_SEGMENTS: usize = 16;

/// The scopes of a chain that the names qualified inside it can show: the whole of a short
/// chain; of a long one, its [`OUTER_SEGMENTS`] outermost and [`MAX_SEGMENTS`] innermost.
pub(crate) fn shown<T>(scope: &[T]) -> (&[T], &[T]) {
    if scope.len() <= OUTER_SEGMENTS + MAX_SEGMENTS {
        (scope, &[])
    } else {
        (&scope[..OUTER_SEGMENTS], &scope[scope.len() - MAX_SEGMENTS..])
    }
}

/// The name qualified by the enclosing scopes (`Parser::parse_expr`). A deep chain keeps its
/// [`OUTER_SEGMENTS`] outermost scopes and its innermost ones, with `…` for those between, so
/// that a name costs at most [`MAX_SEGMENTS`] segments however deep the nesting.
pub(crate) fn qualified(scope: &[String], separator: &str, leaf: &str) -> String {
    let (outer, inner) = if scope.len() < MAX_SEGMENTS {
        (scope, &[][..])
    } else {
        (&scope[..OUTER_SEGMENTS], &scope[scope.len() + OUTER_SEGMENTS + 1 - MAX_SEGMENTS..])
    };
    let elided = (outer.len() + inner.len() < scope.len()).then_some("…");
    let segments = outer.iter().map(String::as_str).chain(elided).chain(inner.iter().map(String::as_str));
    let mut name = String::with_capacity(64);
    for segment in segments {
        name.push_str(segment);
        name.push_str(separator);
    }
    name.push_str(leaf);
    name
}

/// The text of a node, if it is short and on one line.
pub(crate) fn short_text(node: Node<'_>, source: &[u8]) -> Option<String> {
    let text = source.get(node.byte_range())?;
    if text.len() > MAX_NAME || text.contains(&b'\n') {
        return None;
    }
    let text = String::from_utf8_lossy(text);
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// The name a container (class, module, namespace) gives the scope of what it holds, if
/// `node` is one.
pub(crate) fn container_name(table: &KindTable, node: Node<'_>, source: &[u8]) -> Option<String> {
    container_name_as(table, node, table.info(node.kind_id()), source)
}

/// The name a container gives the scope of what it holds, for a node whose kind plays `info`
/// (a call that plays a container by its callee's name).
pub(crate) fn container_name_as(
    table: &KindTable,
    node: Node<'_>,
    info: &KindInfo,
    source: &[u8],
) -> Option<String> {
    if !info.roles.contains(Roles::CONTAINER) || !table.container_applies(info, node) {
        return None;
    }
    let name = table.binding_name(node, info);
    let name = name.and_then(|n| short_text(n, source));
    // `describe "total" do` names its scope `total`.
    let name = if info.by_argument { name.map(unquoted) } else { name };
    Some(name.map_or_else(
        || "<anonymous>".to_owned(),
        |text| text.split(['<', '[']).next().unwrap_or(&text).trim().to_owned(),
    ))
}

/// Context from the walk needed to name a function.
pub(crate) struct Context<'a, 't> {
    pub(crate) table: &'a KindTable,
    pub(crate) source: &'a [u8],
    /// The nearest ancestor that is not a transparent wrapper, with the field the function
    /// (or its wrapper) stands in.
    pub(crate) binding: Option<(Node<'t>, &'a KindInfo, Option<FieldId>)>,
    /// The name of the enclosing container (C# accessors take their property's name).
    pub(crate) container: Option<&'a str>,
    /// The name of the nearest enclosing function that has one.
    pub(crate) enclosing: Option<&'a str>,
}

pub(crate) fn name(node: Node<'_>, info: &KindInfo, cx: &Context<'_, '_>) -> Naming {
    if let Some(naming) = declared_name(node, info, cx).or_else(|| defined_name(node, info, cx)) {
        return naming;
    }
    // Anonymous, or a function expression without a name: use what it is bound to.
    if let Some(name) = bound_name(cx) {
        return Naming::callable(name);
    }
    let anonymous = cx.table.function_anonymous(info);
    let name = match cx.enclosing {
        Some(enclosing) => format!("<{anonymous} in {enclosing}>"),
        None => format!("<{anonymous}>"),
    };
    Naming { name, leaf: format!("<{anonymous}>"), callable: None }
}

impl Naming {
    /// A plain name, which calls to the function use.
    fn callable(name: String) -> Self {
        Naming { leaf: name.clone(), callable: Some(name.clone()), name }
    }

    /// A name that no call uses.
    fn fixed(name: String, leaf: String) -> Self {
        Naming { name, leaf, callable: None }
    }
}

/// The name a function declares, the way its language does.
fn declared_name(node: Node<'_>, info: &KindInfo, cx: &Context<'_, '_>) -> Option<Naming> {
    let table = cx.table;
    // `name` is nearly always the field: its id is known, other names are looked up.
    let child = |field: &str| match table.fields().name {
        Some(id) if field == "name" => node.child_by_field_id(id.get()),
        _ => node.child_by_field_name(field),
    };
    let text = |field: &str| child(field).and_then(|n| short_text(n, cx.source));
    match table.function_name(info) {
        FnName::Field(field) => text(field)
            .or_else(|| {
                let (_, operator) = table.infix(info, node)?;
                let text = short_text(operator, cx.source)?;
                Some(text.trim_matches('`').to_owned())
            })
            .map(Naming::callable),
        FnName::Declarator => {
            let (name, _) = declarator_chain(node, table, cx.source)?;
            let name = strip_scope_templates(&name?);
            let short = name.rsplit("::").next().unwrap_or(&name).to_owned();
            Some(Naming { name: short.clone(), leaf: name, callable: Some(short) })
        }
        FnName::Accessor(field) => {
            let keyword = text(field).unwrap_or_else(|| "get".to_owned());
            let property = cx.container.unwrap_or("<property>");
            Some(Naming::fixed(format!("{property}.{keyword}"), keyword))
        }
        FnName::Getter(field) => {
            let property = text(field).unwrap_or_else(|| "<property>".to_owned());
            Some(Naming::fixed(format!("{property}.get"), format!("{property}.get")))
        }
        FnName::Fixed(name) => Some(Naming::fixed(name.to_owned(), name.to_owned())),
        FnName::Member(keyword) => {
            let name = cx.container.map_or_else(|| keyword.to_owned(), |c| format!("{c}.{keyword}"));
            Some(Naming::fixed(name, keyword.to_owned()))
        }
        FnName::Signature(field) => {
            signature_name(child(field).or_else(|| node.named_child(0))?, cx).map(Naming::callable)
        }
        name @ (FnName::Selector(..) | FnName::Child(_) | FnName::ChildIn(..) | FnName::Callee) => {
            by_children(node, info, name, cx).map(Naming::callable)
        }
        // Named by the walk, from the declaration's tokens.
        // Named by the walk, from the declaration's tokens; or by the call's first argument
        // (`defined_name`).
        FnName::Anonymous | FnName::Header | FnName::FirstArgument => None,
    }
}

/// The name of a function defined by a call: the callee of the call it defines, or the name
/// or string it is (`total` in `def total(items)`, `empty` in `def empty`).
fn defined_name(node: Node<'_>, info: &KindInfo, cx: &Context<'_, '_>) -> Option<Naming> {
    let table = cx.table;
    (table.function_name(info) == FnName::FirstArgument).then_some(())?;
    let head = defined_head(node, info, table)?;
    let callee = if table.info(head.kind_id()).roles.contains(Roles::CALL) { head.child(0)? } else { head };
    short_text(callee, cx.source).map(|text| Naming::callable(unquoted(text)))
}

/// What a call that defines a function declares: its first argument, looking through the left
/// operands of binary operators (`total(items) when items != []` is `total(items)`).
fn defined_head<'t>(node: Node<'t>, info: &KindInfo, table: &KindTable) -> Option<Node<'t>> {
    let mut head = table.first_argument(node, info)?;
    // Bounded: a guard is one operator; `a when b when c` is two.
    for _ in 0..8 {
        if !table.info(head.kind_id()).roles.contains(Roles::BINARY) {
            break;
        }
        head = head.named_child(0)?;
    }
    Some(head)
}

/// A string that names a function or container defined by a call, without its quotes: `test
/// "adds the prices" do` is `adds the prices`.
pub(crate) fn unquoted(text: String) -> String {
    match text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        Some(inner) if !inner.is_empty() => inner.to_owned(),
        _ => text,
    }
}

/// Where the head of a function defined by a call starts (`total(items)` in
/// `def total(items) do`, Julia's `function total(items)`); `None` for other functions.
pub(crate) fn head_start(node: Node<'_>, info: &KindInfo, table: &KindTable) -> Option<usize> {
    match table.function_name(info) {
        FnName::FirstArgument => defined_head(node, info, table).map(|head| head.start_byte()),
        // The call in a signature (`function total(xs)`) starts where its callee does.
        FnName::Callee => table.callee_head(info, node).map(|callee| callee.start_byte()),
        _ => None,
    }
}

/// The `name` of a signature, or of its first named child's (down a few levels): `add`,
/// `Cart.empty` for a constructor with two names. A signature with an `operator` instead is
/// named as it is declared: `operator ==`.
fn signature_name(mut node: Node<'_>, cx: &Context<'_, '_>) -> Option<String> {
    let fields = cx.table.fields();
    let field = fields.name?;
    for _ in 0..4 {
        let mut cursor = node.walk();
        let names: Option<Vec<String>> = node
            .children_by_field_id(field, &mut cursor)
            .filter(Node::is_named)
            .map(|n| short_text(n, cx.source))
            .collect();
        if let Some(names) = names.filter(|names| !names.is_empty()) {
            return Some(names.join("."));
        }
        if let Some(operator) = fields.operator.and_then(|id| node.child_by_field_id(id.get())) {
            let symbol = short_text(operator, cx.source)?;
            let keyword = operator.prev_sibling().filter(|keyword| !keyword.is_named());
            return Some(match keyword.and_then(|keyword| short_text(keyword, cx.source)) {
                Some(keyword) => format!("{keyword} {symbol}"),
                None => symbol,
            });
        }
        node = node.named_child(0)?;
    }
    None
}

/// A name made of a function's children: an Objective-C selector, the text of the first
/// child of a kind (PowerShell's `function_name`, Solidity's `receive` keyword), or the callee
/// of the call that heads it (Julia's `function total(xs)`).
fn by_children(node: Node<'_>, info: &KindInfo, name: FnName, cx: &Context<'_, '_>) -> Option<String> {
    let source = cx.source;
    match name {
        FnName::Callee => short_text(cx.table.callee_head(info, node)?, source),
        FnName::Selector(part, parameter) => selector(node, part, parameter, source),
        FnName::Child(kind) => {
            // A keyword names a function too (Solidity's `receive`).
            let mut cursor = node.walk();
            let child = node.children(&mut cursor).find(|n| n.kind() == kind)?;
            short_text(child, source)
        }
        FnName::ChildIn(outer, kind) => {
            let mut cursor = node.walk();
            let outer = node.named_children(&mut cursor).find(|n| n.kind() == outer)?;
            by_children(outer, info, FnName::Child(kind), cx)
        }
        _ => None,
    }
}

/// An Objective-C selector: each `part` child, followed by `:` when a `parameter` comes next.
fn selector(node: Node<'_>, part: &str, parameter: &str, source: &[u8]) -> Option<String> {
    let mut name = String::new();
    let mut cursor = node.walk();
    let mut children = node.named_children(&mut cursor).peekable();
    while let Some(child) = children.next() {
        if child.kind() != part {
            continue;
        }
        name.push_str(&short_text(child, source)?);
        if children.peek().is_some_and(|next| next.kind() == parameter) {
            name.push(':');
        }
        if name.len() > MAX_NAME {
            return None;
        }
    }
    (!name.is_empty()).then_some(name)
}

/// The name an anonymous function is bound to (`const f = () => …`), unless it is the bound
/// value's own name.
fn bound_name(cx: &Context<'_, '_>) -> Option<String> {
    let (parent, parent_info, field) = cx.binding?;
    let binds = parent_info.roles.contains(Roles::BINDING)
        && (field != parent_info.name_field || parent_info.name_field.is_none());
    let name = binds.then(|| cx.table.binding_name(parent, parent_info)).flatten()?;
    short_text(innermost_declarator(name, cx.table), cx.source)
}

/// C-like declarators bind a name inside a type: `void (^done)(int)` binds `done`.
fn innermost_declarator<'t>(mut node: Node<'t>, table: &KindTable) -> Node<'t> {
    let (Some(declarators), Some(field)) = (table.spec().declarator, table.fields().declarator) else {
        return node;
    };
    // Bounded like the declarator chain of a definition.
    for _ in 0..64 {
        match node.child_by_field_id(field.get()) {
            Some(next) => node = next,
            None if declarators.wrappers.contains(&node.kind()) => match node.named_child(0) {
                Some(child) => node = child,
                None => break,
            },
            None => break,
        }
    }
    node
}

/// C/C++: follows the declarator chain to the innermost declarator, which is the name, and
/// to the innermost parameter list (in `int (*getfn(void))(int)` the outer `(int)` belongs to
/// the returned pointer type).
fn declarator_chain<'t>(
    node: Node<'t>,
    table: &KindTable,
    source: &[u8],
) -> Option<(Option<String>, Option<Node<'t>>)> {
    let spec = table.spec();
    let declarators = spec.declarator?;
    let field = table.fields().declarator?.get();
    let params_of = |n: Node<'t>| table.parameter_list(n);
    let mut current = node.child_by_field_id(field)?;
    let mut params = None;
    // Bounded: declarator chains are short; a pathological one gives up rather than loops.
    for _ in 0..64 {
        params = params_of(current).or(params);
        let next = current.child_by_field_id(field);
        if declarators.names.contains(&current.kind()) {
            // `operator bool`: the text before its own (abstract) declarator.
            let end = next.map_or(current.end_byte(), |n| n.start_byte());
            params = next.and_then(params_of).or(params);
            let text =
                source.get(current.start_byte()..end).map(|t| String::from_utf8_lossy(t).trim().to_owned());
            return Some((text.filter(|t| !t.is_empty() && t.len() <= MAX_NAME), params));
        }
        match next {
            Some(next) => current = next,
            None if declarators.wrappers.contains(&current.kind()) => match current.named_child(0) {
                Some(child) => current = child,
                None => break,
            },
            None => break,
        }
    }
    Some((declared_text(current, source), params))
}

/// The text of a declarator's name. A `::` the parser put in where the source has none joins
/// no scope: an attribute macro on the line before the return type (`_GLIBCXX20_CONSTEXPR`,
/// then `inline _Iter` and `__find_if_not(...)` on the next lines) is read as the type, and
/// the return type and the name as `_Iter::__find_if_not`. The name is what follows it.
fn declared_text(node: Node<'_>, source: &[u8]) -> Option<String> {
    let mut cursor = node.walk();
    let missing = node.children(&mut cursor).filter(Node::is_missing).last();
    match missing {
        Some(separator) => {
            let text = source.get(separator.end_byte()..node.end_byte())?;
            let text = String::from_utf8_lossy(text).trim().to_owned();
            (!text.is_empty() && text.len() <= MAX_NAME && !text.contains('\n')).then_some(text)
        }
        None => short_text(node, source),
    }
}

/// `Box<T>::get` is `Box::get`: template arguments are dropped from the scopes (not from the
/// name itself, which may be `operator<`).
fn strip_scope_templates(name: &str) -> String {
    let mut segments = Vec::new();
    let (mut depth, mut start) = (0usize, 0);
    let bytes = name.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'<' => depth += 1,
            b'>' => depth = depth.saturating_sub(1),
            b':' if depth == 0 && bytes.get(i + 1) == Some(&b':') => {
                segments.push(&name[start..i]);
                start = i + 2;
                i += 1;
            }
            _ => {}
        }
        i += 1;
    }
    let last = &name[start..];
    let mut out: Vec<&str> =
        segments.iter().map(|segment| segment.split('<').next().unwrap_or(segment).trim()).collect();
    out.push(last);
    out.join("::")
}

/// Go methods: the receiver's type name, without pointer or type arguments
/// (`(m *Map[K, V])` is `Map`).
pub(crate) fn receiver_type(node: Node<'_>, field: &str, source: &[u8]) -> Option<String> {
    let receiver = node.child_by_field_name(field)?;
    let text = short_text(receiver, source)?;
    let inner = text.trim_start_matches('(').trim_end_matches(')');
    let inner = inner.split('[').next().unwrap_or(inner);
    let ty = inner.split_whitespace().last()?.trim_start_matches('*');
    (!ty.is_empty()).then(|| ty.to_owned())
}

/// Go methods: the receiver's variable name (`t` in `(t *Tree)`), through which a method
/// calls itself.
pub(crate) fn receiver_name(node: Node<'_>, field: &str, source: &[u8]) -> Option<String> {
    let receiver = node.child_by_field_name(field)?;
    let declaration = receiver.named_child(0)?;
    short_text(declaration.child_by_field_name("name")?, source)
}

/// Declared parameters, not counting `self`/`this` and separators.
pub(crate) fn count_params(node: Node<'_>, info: &KindInfo, table: &KindTable, source: &[u8]) -> u32 {
    if table.function_name(info) == FnName::FirstArgument {
        // The arguments of the call it defines: `def total(items, rate)` has two.
        return defined_arguments(node, info, table).map_or(0, |list| count_arguments(list, table));
    }
    let mut list = table.parameter_list(node);
    // An infix definition (`x <+> y = ...`) has its two operands.
    if list.is_none() && table.infix(info, node).is_some() {
        return 2;
    }
    if list.is_none() {
        // C and C++ reach the parameter list through the declarator chain.
        list = declarator_chain(node, table, source).and_then(|(_, params)| params);
    }
    let spec = table.spec();
    // Swift's parameters stand directly in the declaration.
    let Some(list) = list.or_else(|| (!spec.parameters.is_empty()).then_some(node)) else { return 0 };
    // A lone identifier (`x => x`) is one parameter.
    if list.child_count() == 0 {
        return 1;
    }
    let mut count = list_params(list, table, source);
    if spec.curried {
        // The lists after the first, among the function's children: read with a cursor rather
        // than from the list's siblings, which tree-sitter finds from the root down.
        let is_list = |n: &Node<'_>| table.info(n.kind_id()).roles.contains(Roles::PARAMETER_LIST);
        let mut cursor = node.walk();
        let mut children = node.named_children(&mut cursor);
        if children.any(|child| child.id() == list.id()) {
            count += children.filter(is_list).map(|later| list_params(later, table, source)).sum::<u32>();
        }
    }
    count
}

/// The parameters a parameter list declares.
fn list_params(list: Node<'_>, table: &KindTable, source: &[u8]) -> u32 {
    // The first children by index ([`plumb_lang::children`]): a parameter list is short.
    let mut children = children(list);
    let mut count = 0;
    while let Some(child) = children.next() {
        if child.is_named() {
            count += parameter_weight(child, || children.field_name(), table, source);
        }
    }
    count
}

/// The argument list of the call a function defined by a call defines (`(items, rate)` in
/// `def total(items, rate)`).
fn defined_arguments<'t>(node: Node<'t>, info: &KindInfo, table: &KindTable) -> Option<Node<'t>> {
    let head = defined_head(node, info, table)?;
    let head_info = table.info(head.kind_id());
    head_info.roles.contains(Roles::CALL).then(|| table.call_arguments(head, head_info)).flatten()
}

/// The arguments in an argument list: its named children but comments.
pub(crate) fn count_arguments(list: Node<'_>, table: &KindTable) -> u32 {
    let mut cursor = list.walk();
    let comment = |child: &Node<'_>| table.info(child.kind_id()).roles.contains(Roles::COMMENT);
    u32::try_from(list.named_children(&mut cursor).filter(|child| !comment(child)).count())
        .unwrap_or(u32::MAX)
}

/// How many of a function's parameters have a default value given by one of `operators`
/// (Elixir's `acc \\ 0`), which a call may leave out.
pub(crate) fn count_defaults(
    node: Node<'_>,
    info: &KindInfo,
    table: &KindTable,
    source: &[u8],
    operators: &[&str],
) -> u32 {
    let Some(field) = table.fields().operator.filter(|_| !operators.is_empty()) else { return 0 };
    let list = if table.function_name(info) == FnName::FirstArgument {
        defined_arguments(node, info, table)
    } else {
        table.parameter_list(node)
    };
    let Some(list) = list else { return 0 };
    let has_default = |parameter: &Node<'_>| {
        let operator = parameter.child_by_field_id(field.get());
        operator
            .is_some_and(|operator| operators.iter().any(|o| o.as_bytes() == &source[operator.byte_range()]))
    };
    let mut cursor = list.walk();
    list.named_children(&mut cursor).filter(has_default).count() as u32
}

/// How many parameters a named child of a parameter list declares; `field` names the field of
/// the list it stands in.
fn parameter_weight<'t>(
    child: Node<'t>,
    field: impl FnOnce() -> Option<&'t str>,
    table: &KindTable,
    source: &[u8],
) -> u32 {
    let roles = table.info(child.kind_id()).roles;
    if roles.intersects(Roles::COMMENT.union(Roles::ATTRIBUTE).union(Roles::NOT_PARAMETER)) {
        return 0;
    }
    // Languages that list their parameter kinds: one each, and nothing else; a list in the
    // list is a group of them (Dart's optional parameters, `{int a, int b}`).
    if !table.spec().parameters.is_empty() {
        if roles.contains(Roles::PARAMETER_LIST) {
            let mut cursor = child.walk();
            let group = child.named_children(&mut cursor);
            let is_parameter = |inner: &Node<'_>| {
                table.info(inner.kind_id()).roles.contains(Roles::PARAMETER)
                    && !is_skipped(*inner, table, source)
            };
            return group.filter(is_parameter).count() as u32;
        }
        return u32::from(roles.contains(Roles::PARAMETER) && !is_skipped(child, table, source));
    }
    // Children held in a field of the list itself are parts of one parameter (C# `params T[] xs`
    // puts its type and name there); the name counts once. A list that holds each parameter in
    // the field that holds the list (Erlang's `args`) counts them one each.
    if let Some(field) = field() {
        return u32::from(field == "name" || table.spec().parameter_fields.contains(&field));
    }
    if is_skipped(child, table, source) {
        return 0;
    }
    // Go declares several names with one type: `a, b int`. A token (`x`) is one.
    let Some(name) = table.fields().name.filter(|_| child.child_count() > 0) else { return 1 };
    let mut cursor = child.walk();
    (child.children_by_field_id(name, &mut cursor).count() as u32).max(1)
}

/// `self`, `cls`, `this: Window`, C's `(void)`.
fn is_skipped(child: Node<'_>, table: &KindTable, source: &[u8]) -> bool {
    let skipped = table.spec().skipped_parameters;
    if skipped.is_empty() {
        return false;
    }
    let Some(text) = source.get(child.byte_range()) else {
        return false;
    };
    let head = text.split(|&b| b == b':' || b == b'=').next().unwrap_or(text);
    let head = head.trim_ascii();
    skipped.iter().any(|s| s.as_bytes() == head)
}

/// Where the declaration proper starts: after attributes, annotations, decorators and comments
/// that lead the node (Java's annotations sit inside its modifiers).
pub(crate) fn declaration_start<'t>(node: Node<'t>, table: &KindTable) -> Node<'t> {
    let skip = Roles::ATTRIBUTE.union(Roles::COMMENT);
    let leads = |n: Node<'_>| table.info(n.kind_id()).roles.intersects(skip);
    let mut current = node;
    // Bounded: each step moves to a descendant or a later sibling of the function node.
    for _ in 0..64 {
        let Some(first) = current.child(0) else {
            return current;
        };
        if leads(first) {
            let mut next = first.next_sibling();
            while let Some(n) = next.filter(|n| leads(*n)) {
                next = n.next_sibling();
            }
            match next {
                Some(n) => current = n,
                // Nothing but attributes in here (Java modifiers that are all annotations): the
                // declaration starts after this node.
                None if current != node => return current.next_sibling().unwrap_or(current),
                None => return current,
            }
        } else if first.child(0).is_some_and(leads) {
            current = first;
        } else {
            return current;
        }
    }
    current
}

/// Where the signature ends: the start of the body (trailing whitespace trimmed), or the end of
/// the first line when there is no body. Comments between the signature and the body (a
/// Python body that opens with comments, which the grammar puts before the block) are not
/// part of it: it ends with the last node before the body that is not a comment.
pub(crate) fn signature_end(node: Node<'_>, start: usize, table: &KindTable, source: &[u8]) -> usize {
    let body = table
        .fields()
        .body
        .and_then(|id| node.child_by_field_id(id.get()))
        .or_else(|| table.fields().value.and_then(|id| node.child_by_field_id(id.get())));
    let end = match body {
        Some(body) if body.start_byte() > start => children(node)
            .take_while(|child| child.start_byte() < body.start_byte())
            .filter(|child| !child.is_extra() && child.end_byte() > start)
            .last()
            .map_or(body.start_byte(), |child| child.end_byte()),
        _ => {
            // Within a bound: thousands of functions without a body nested on one line (Elixir's
            // `fn -> fn -> ... end end`) would each read to the end of the line.
            let rest = &source[start..node.end_byte().min(start + MAX_SIGNATURE)];
            let end = start + rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
            // Not inside a character.
            (start + 1..=end).rev().find(|&at| source.get(at).is_none_or(|b| b & 0xC0 != 0x80)).unwrap_or(end)
        }
    };
    let trimmed = source[start..end].trim_ascii_end().len();
    start + trimmed.max(1).min(end - start)
}

#[cfg(test)]
mod tests {
    use super::qualified;

    #[test]
    fn qualified_names_keep_the_outer_and_inner_scopes_of_a_deep_chain() {
        let scope = |n: usize| (0..n).map(|i| format!("s{i}")).collect::<Vec<_>>();
        assert_eq!(qualified(&[], "::", "main"), "main");
        assert_eq!(qualified(&scope(2), ".", "f"), "s0.s1.f");
        // 15 scopes and the function: 16 segments, whole.
        let whole = qualified(&scope(15), ".", "f");
        assert_eq!(whole.split('.').count(), 16);
        assert!(!whole.contains('…'));
        // 16 scopes: s6 is left out.
        assert_eq!(qualified(&scope(16), ".", "f"), "s0.s1.s2.s3.s4.s5.….s7.s8.s9.s10.s11.s12.s13.s14.s15.f");
        assert_eq!(
            qualified(&scope(1000), "::", "f"),
            "s0::s1::s2::s3::s4::s5::…::s991::s992::s993::s994::s995::s996::s997::s998::s999::f"
        );
    }
}
