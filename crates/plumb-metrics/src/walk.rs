//! The one walk: a pre-order traversal with a `TreeCursor` and an explicit stack (no recursion,
//! so 10,000-deep nesting is fine), driven by the language's role table.
//!
//! Nesting for cognitive complexity is a level carried on each frame: structures that nest
//! (`if`, loops, `switch`, `catch`, conditionals, nested functions) give their children one level
//! more, except an `if`'s condition and `else` branch, which stay at the `if`'s level so that an
//! `else if` chain does not deepen. Each function remembers the level its body starts at, and an
//! increment at level `L` stands at nesting `L - base` in the innermost open function. Nested
//! functions are their own units; with [`NestedFunctions::Include`] an increment also counts in
//! every enclosing function, at that function's nesting.
//!
//! Every decision point and every cognitive increment is recorded with its construct, position
//! and nesting, so that each number can be explained.
//!
//! A subtree whose text has none of the language's telltales holds nothing that counts: the
//! walk marks its lines as code and steps over it ([`crate::quiet`]).

use std::rc::Rc;

use plumb_lang::children::children;
use plumb_lang::{BoolOp, CallPart, FieldId, Fields, FnName, KindInfo, KindTable, Language, Roles};
use tree_sitter::{Node, Point, Tree, TreeCursor};

use crate::bounds::{self, Header, Piece, Unit};
use crate::calls::{self, Stands};
use crate::docstrings;
use crate::lines::{self, LineIndex, LineMap};
use crate::names::{self, Context, Naming};
use crate::quiet::Quiet;
use crate::{
    Counting, CyclomaticVariant, DecisionKind, DecisionPoint, FileMetrics, FunctionMetrics, Increment,
    NestedFunctions, Position, Span,
};
use steps::Moves;

mod else_ifs;
mod ends;
mod flat;
mod steps;

/// How a node's children nest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Nest {
    /// At the node's level.
    Same,
    /// One level deeper.
    Deeper,
    /// An `if`: its consequence is one level deeper; its condition and alternative are not.
    If,
    /// An `else` that only wraps an `if`: that `if` is an else-if.
    ElseIf,
}

/// Where a node stands, for the roles that depend on it.
#[derive(Debug, Clone, Copy)]
struct Placement {
    /// In the else branch of an `if`.
    in_alternative: bool,
    /// A match-arm guard.
    is_guard: bool,
    /// Without children.
    leaf: bool,
}

struct Frame<'a, 't> {
    node: Node<'t>,
    info: &'a KindInfo,
    /// The field this node stands in within its parent.
    field: Option<FieldId>,
    level: u32,
    nest: Nest,
    bool_op: Option<BoolOp>,
    opened_function: bool,
    opened_scope: bool,
    /// Scopes opened by file-scoped children (`namespace A.B;`), closed with this node.
    child_scopes: u32,
    /// An `if` whose else keyword has been met: the children after it are the else branch.
    after_else: bool,
    /// A call that plays a role by its callee's name, or a block standing in one.
    stands: Stands,
}

/// The `<module>` pseudo-function's slot.
const MODULE: usize = usize::MAX;

struct Open {
    index: usize,
    /// The level of the function's children.
    base: u32,
    callable: Option<String>,
    /// What anonymous functions inside are named after (`Total.get` has no callable name, but
    /// a lambda in it is `<lambda in Total.get>`): this function's name, or for an anonymous
    /// one, its enclosing function's label (shared, so a deep nest costs no copies).
    label: Option<Rc<str>>,
    /// A receiver through which the function calls itself (Go's `t.` in `(t *Tree)`).
    receiver: Option<String>,
    /// Where the call that a function defined by a call names starts (Elixir's
    /// `total(items)` in `def total(items) do`): that call is its head, not a call to itself.
    head: Option<usize>,
    /// The fewest and most arguments a call of it takes, where a function is known by its
    /// name and arity ([`plumb_lang::LangSpec::arity`]).
    arity: Option<(u32, u32)>,
    recursed: bool,
    /// With nested functions included: what this function's increments (and its nested
    /// functions') added to the function around it.
    to_parent: u32,
}

pub(crate) struct Walker<'a, 't> {
    table: &'a KindTable,
    fields: Fields,
    source: &'a [u8],
    pub(crate) lines: LineMap,
    /// Positions of bytes.
    index: LineIndex<'a>,
    frames: Vec<Frame<'a, 't>>,
    open: Vec<Open>,
    functions: Vec<FunctionMetrics>,
    /// First and last row of each function, for its line counts.
    rows: Vec<(usize, usize)>,
    module: FunctionMetrics,
    /// Segments of the qualified name: enclosing containers and functions.
    scope: Vec<String>,
    comment_spans: Vec<Span>,
    /// Finders of telltales, when quiet subtrees are stepped over.
    quiet: Option<Quiet>,
    /// Where the nodes of the piece being walked start ([`Piece::nodes`]).
    nodes: std::ops::Range<usize>,
    pub(crate) check_errors: bool,
    /// The file's declarations as the tokens delimit them, when its tree has errors: where a
    /// body standing on its own has its declaration.
    units: &'a [Unit],
    /// The end of the last function found to run on past its last token, and that token's end
    /// ([`ends::function_end`]).
    last_token: Option<(usize, usize)>,
    syntax_errors: u32,
    first_syntax_error: Option<Position>,
    pub(crate) counting: Counting,
    /// Whether top-level code has a decision that the counting variant leaves out: `<module>`
    /// is reported in every variant or in none.
    module_decides: bool,
    /// Whether the language has calls that play a role by their callee's name.
    callees: bool,
}

/// Measures a file from its trees: one, or the stretches of a file parsed apart, in order.
/// `units` are its declarations by the tokens (none where the tree has no errors);
/// `comment_rows` the lines that held only comments blanked before the parse
/// ([`crate::defines::without_comments_in_defines`]), which count as comments.
pub(crate) fn measure(
    pieces: &[Piece],
    source: &[u8],
    (units, comment_rows): (&[Unit], &[usize]),
    language: Language,
    step_over: bool,
    counting: Counting,
) -> FileMetrics {
    let mut walker = Walker::new(language.table(), source, step_over);
    walker.units = units;
    walker.counting = counting;
    walker.lines.comment_rows(comment_rows);
    for piece in pieces {
        walker.check_errors = piece.tree.root_node().has_error();
        let outer = walker.scope.len();
        walker.scope.extend(piece.scope.iter().cloned());
        walker.walk(&piece.tree, &piece.nodes);
        walker.scope.truncate(outer);
    }
    walker.finish(language)
}

fn new_function(
    name: String,
    qualified_name: String,
    span: Span,
    signature: Span,
    params: u32,
    parent: Option<usize>,
) -> FunctionMetrics {
    FunctionMetrics {
        name,
        qualified_name,
        span,
        signature,
        cyclomatic: 1,
        cognitive: 0,
        lines: 0,
        code: 0,
        params,
        max_nesting: 0,
        returns: 0,
        early_exits: 0,
        decision_points: Vec::new(),
        increments: Vec::new(),
        parent,
    }
}

impl<'a, 't> Walker<'a, 't> {
    pub(crate) fn new(table: &'a KindTable, source: &'a [u8], step_over: bool) -> Self {
        let (lines, index) = lines::read(source);
        Walker {
            table,
            fields: table.fields(),
            source,
            lines,
            index,
            frames: Vec::with_capacity(64),
            open: vec![Open {
                index: MODULE,
                base: 0,
                callable: None,
                label: None,
                receiver: None,
                head: None,
                arity: None,
                recursed: false,
                to_parent: 0,
            }],
            functions: Vec::new(),
            rows: Vec::new(),
            module: new_function(
                "<module>".into(),
                "<module>".into(),
                Span::default(),
                Span::default(),
                0,
                None,
            ),
            scope: Vec::new(),
            comment_spans: Vec::new(),
            quiet: if step_over { Quiet::new(&table.spec().telltales) } else { None },
            nodes: 0..usize::MAX,
            check_errors: false,
            units: &[],
            last_token: None,
            syntax_errors: 0,
            first_syntax_error: None,
            counting: Counting::default(),
            module_decides: false,
            callees: table.has_callees(),
        }
    }

    /// Walks the root of `tree` and the nodes that start in `nodes` (the others are in other
    /// pieces of the file).
    pub(crate) fn walk(&mut self, tree: &'t Tree, nodes: &std::ops::Range<usize>) {
        let mut cursor = tree.walk();
        let root = tree.root_node();
        self.nodes = nodes.clone();
        let mut moves = Moves::default();
        loop {
            let step = self.visit(&cursor, root);
            if step == Step::Descend && moves.first_child(&mut cursor) {
                continue;
            }
            // A plain token has no frame to leave; every node above it has one.
            let mut framed = !matches!(step, Step::Token | Step::Skip);
            loop {
                if framed {
                    self.leave();
                }
                framed = true;
                if moves.next_sibling(&mut cursor) {
                    break;
                }
                if !moves.parent(&mut cursor) {
                    return;
                }
            }
        }
    }

    /// Enters a node of the piece, or one around its start (a container that began in an
    /// earlier piece, [`Piece::nodes`]); a node of another piece is skipped.
    fn visit(&mut self, cursor: &TreeCursor<'t>, root: Node<'t>) -> Step {
        let node = cursor.node();
        let (start, nodes) = (node.start_byte(), &self.nodes);
        let around = start < nodes.start && node.end_byte() > nodes.start;
        if nodes.contains(&start) || around || node == root { self.enter(cursor, node) } else { Step::Skip }
    }

    /// Enters a node: counts it, and says whether to walk its children.
    fn enter(&mut self, cursor: &TreeCursor<'t>, node: Node<'t>) -> Step {
        let info = self.table.info(node.kind_id());
        let leaf = node.child_count() == 0;
        // Most nodes are tokens without a role under a parent that does not care which child
        // they are: their lines are code, and that is all (no frame: nothing looks at it).
        if leaf && info.roles.is_empty() && self.frames.last().is_some_and(|parent| !parent_cares(parent)) {
            self.check_error(node);
            self.lines.token(node);
            return Step::Token;
        }
        let descend = self.enter_framed(cursor, node, info, leaf);
        if descend && !leaf { Step::Descend } else { Step::Stay }
    }

    /// Enters a node that gets a frame; returns whether to walk its children.
    fn enter_framed(
        &mut self,
        cursor: &TreeCursor<'t>,
        node: Node<'t>,
        info: &'a KindInfo,
        leaf: bool,
    ) -> bool {
        let (info, stands) = self.call_part(node, info);
        // The field a node stands in is looked up only where it matters: it costs a search of
        // the parent's field map.
        let field = match self.frames.last() {
            Some(parent) if needs_field(parent, info.roles) => cursor.field_id(),
            _ => None,
        };
        let info = self.handler(node, info, field);
        let roles = info.roles;
        let (level, parent_nest, parent_info, after_else) = match self.frames.last() {
            Some(parent) => {
                (child_level(parent, field, roles, self.fields), parent.nest, parent.info, parent.after_else)
            }
            None => (0, Nest::Same, &KindInfo::NONE, false),
        };
        let mut frame = Frame {
            node,
            info,
            field,
            level,
            nest: Nest::Same,
            bool_op: None,
            opened_function: false,
            opened_scope: false,
            child_scopes: 0,
            after_else: false,
            stands,
        };
        self.stand_in(info, &mut frame);
        self.check_error(node);
        let in_alternative =
            parent_nest == Nest::If && self.else_branch(node, roles, field, level, after_else, &mut frame);
        let is_guard = self.guard(node, roles, parent_info, field, level);
        // No decisions in here (a preprocessor condition), or nothing that counts: code lines.
        if is_opaque(parent_info, field) || self.is_quiet(node, info, leaf) {
            self.lines.code(node);
            self.frames.push(frame);
            return false;
        }
        let descend = if roles.is_empty() {
            if leaf {
                self.lines.token(node);
            }
            true
        } else {
            let placement = Placement { in_alternative, is_guard, leaf };
            self.roles(node, info, level, placement, parent_nest, &mut frame)
        };
        self.frames.push(frame);
        descend
    }

    /// What a node is to the calls that play a role by their callee's name ([`calls::part`]);
    /// in a language without them, what it is.
    #[inline]
    fn call_part(&self, node: Node<'t>, info: &'a KindInfo) -> (&'a KindInfo, Stands) {
        if !self.callees {
            return (info, Stands::No);
        }
        let parent = self.frames.last().map_or(Stands::No, |parent| parent.stands);
        calls::part(self.table, node, info, parent, self.source)
    }

    /// A handler's block in a `try` that holds it (Dart's `on E {`, outside the `try`'s fields)
    /// is a catch; any other node is what it is.
    fn handler(&self, node: Node<'t>, info: &'a KindInfo, field: Option<FieldId>) -> &'a KindInfo {
        let parent = self.frames.last().filter(|_| field.is_none());
        parent.and_then(|parent| self.table.handler_info(parent.info, node)).unwrap_or(info)
    }

    /// A block standing in a call that plays a role by its callee's name: at the call's level,
    /// nesting as the call does (an `if`'s `do` block holds its consequence and its `else`).
    fn stand_in(&self, info: &KindInfo, frame: &mut Frame<'a, 't>) {
        let standing = frame.stands != Stands::No && info.call_part == CallPart::Block;
        if let Some(parent) = self.frames.last().filter(|_| standing) {
            (frame.level, frame.nest) = (parent.level, parent.nest);
        }
    }

    /// Whether `node` is a match-arm guard; a guard is a decision.
    fn guard(
        &mut self,
        node: Node<'t>,
        roles: Roles,
        parent_info: &KindInfo,
        field: Option<FieldId>,
        level: u32,
    ) -> bool {
        let guard = is_guard(node, roles, parent_info, field);
        if guard {
            self.decision(DecisionKind::Guard, node, level);
        }
        guard
    }

    /// A child of an `if`: whether it is the else branch, and what that adds. The else branch
    /// is the `alternative` field, what follows an else keyword, or an `else`/`elif` clause
    /// standing among the `if`'s children (Bash).
    fn else_branch(
        &mut self,
        node: Node<'t>,
        roles: Roles,
        field: Option<FieldId>,
        level: u32,
        after_else: bool,
        frame: &mut Frame<'a, 't>,
    ) -> bool {
        let branch_roles = Roles::IF.union(Roles::ELIF).union(Roles::ELSE);
        let in_alternative = field.is_some() && field == self.fields.alternative
            || after_else
            || roles.intersects(Roles::ELIF.union(Roles::ELSE));
        if in_alternative && !roles.intersects(branch_roles) {
            frame.nest = self.else_body(node, roles, level, after_else);
        }
        if roles.contains(Roles::ELSE_KEYWORD) && !after_else {
            self.else_keyword(node, level);
        }
        in_alternative
    }

    /// An else branch that is not an `if` or a clause: how its body nests. A wrapper holding
    /// only an `if` (Solidity's `statement`) stands for that `if`, an else-if. Otherwise it is a
    /// bare `else` body (Go, Java, C#): +1, and its body nests; after an else keyword the
    /// keyword took the +1.
    fn else_body(&mut self, node: Node<'t>, roles: Roles, level: u32, after_else: bool) -> Nest {
        if after_else && roles.contains(Roles::TRANSPARENT) && self.table.wraps_an_if(node) {
            return Nest::ElseIf;
        }
        if !after_else {
            // Shown at the `else` keyword before the body, where there is one.
            let keyword = node.prev_sibling().filter(|sibling| !sibling.is_named());
            let span = self.span(first_token(keyword.unwrap_or(node)));
            self.cognitive(DecisionKind::Else, span, level, false);
        }
        Nest::Deeper
    }

    /// An else keyword among an `if`'s children: what follows it is the else branch.
    fn else_keyword(&mut self, node: Node<'t>, level: u32) {
        if let Some(parent) = self.frames.last_mut() {
            parent.after_else = !flat::holds_else_ifs(parent.node, self.table);
        }
        // `else if` is an else-if, which counts itself; a plain `else` is +1.
        if !else_ifs::next_branch_is_if(node, self.table) {
            let span = self.span(node);
            self.cognitive(DecisionKind::Else, span, level, false);
        }
    }

    /// Applies a node's roles. Returns whether to walk its children.
    fn roles(
        &mut self,
        node: Node<'t>,
        info: &'a KindInfo,
        level: u32,
        placement: Placement,
        parent_nest: Nest,
        frame: &mut Frame<'a, 't>,
    ) -> bool {
        let Placement { in_alternative, is_guard, leaf } = placement;
        let roles = info.roles;
        if roles.contains(Roles::COMMENT) {
            self.lines.comment(node);
            let span = self.span(node);
            self.comment_spans.push(span);
            return false;
        }
        if roles.contains(Roles::DOCSTRING) && docstrings::is_docstring(node, self.table, self.source) {
            self.lines.comment(node);
            return false;
        }
        if leaf {
            self.lines.token(node);
        }
        self.scopes(node, info, level, frame);
        if !self.branch(node, roles, level, in_alternative, parent_nest, frame)
            && !self.structures(node, info, level, frame)
        {
            self.clause(node, roles, level, is_guard, frame);
        }
        self.effects(node, info, level, frame);
        true
    }

    /// A function opens its own scope; a container (class, module, namespace) names the scope
    /// of what it holds.
    fn scopes(&mut self, node: Node<'t>, info: &'a KindInfo, level: u32, frame: &mut Frame<'a, 't>) {
        let roles = info.roles;
        let table = self.table;
        if roles.contains(Roles::FUNCTION) {
            self.function(node, info, level, frame);
        }
        // A function that is also a container (an expression-bodied C# property) already carries
        // the container's name in its own (`Total.get`).
        if roles.contains(Roles::CONTAINER)
            && !frame.opened_function
            && let Some(name) = names::container_name_as(table, node, info, self.source)
        {
            self.scope.push(name);
            match self.frames.last_mut() {
                // `namespace A.B;` qualifies what follows it, up to the end of its parent.
                Some(parent) if roles.contains(Roles::FILE_SCOPED) => parent.child_scopes += 1,
                _ => frame.opened_scope = true,
            }
        }
    }

    /// Opens a function at a node of a function kind, where it is one.
    fn function(&mut self, node: Node<'t>, info: &'a KindInfo, level: u32, frame: &mut Frame<'a, 't>) {
        let table = self.table;
        let parent = self.frames.last().map(|frame| frame.node);
        if !table.function_applies(info, node, parent, self.source) {
            return;
        }
        // The body of the function around it: that function's `match`, a switch.
        if table.function_is_body_match(info)
            && self.frames.last().is_some_and(|parent| parent.opened_function)
        {
            self.nesting_structure(DecisionKind::Switch, node, level, frame);
            return;
        }
        let header = self.header(node, info);
        if header.is_none() && table.function_name(info) == FnName::Header {
            return;
        }
        self.open_function(node, info, frame.field, level, header);
        frame.opened_function = true;
        frame.nest = Nest::Deeper;
        if table.function_is_match(info) {
            // A match of cases (Scala's `{ case ... }`): the match is the function's body, its
            // cases one level deeper.
            frame.level = level + 1;
            self.nesting_structure(DecisionKind::Switch, node, level + 1, frame);
        }
    }

    /// `if`, `elif` and `else`. Returns whether the node is one of them.
    fn branch(
        &mut self,
        node: Node<'t>,
        roles: Roles,
        level: u32,
        in_alternative: bool,
        parent_nest: Nest,
        frame: &mut Frame<'a, 't>,
    ) -> bool {
        if roles.contains(Roles::IF) {
            let else_if = in_alternative || parent_nest == Nest::ElseIf;
            let kind = if else_if { DecisionKind::ElseIf } else { DecisionKind::If };
            let span = self.decision(kind, node, level);
            self.cognitive(kind, span, level, !else_if);
            self.nesting(level);
            frame.nest = Nest::If;
        } else if roles.contains(Roles::ELIF) && flat::is_else_if(node, self.table) {
            let span = self.decision(DecisionKind::ElseIf, node, level);
            self.cognitive(DecisionKind::ElseIf, span, level, false);
            self.nesting(level);
            frame.nest = Nest::If;
        } else if roles.contains(Roles::ELSE) && in_alternative {
            if else_ifs::else_wraps_if(node, self.table) {
                frame.nest = Nest::ElseIf;
            } else {
                let span = self.span(first_token(node));
                self.cognitive(DecisionKind::Else, span, level, false);
                frame.nest = Nest::Deeper;
            }
        } else {
            return false;
        }
        true
    }

    /// Conditionals, loops and switches, which nest. Returns whether the node is one of them.
    fn structures(
        &mut self,
        node: Node<'t>,
        info: &'a KindInfo,
        level: u32,
        frame: &mut Frame<'a, 't>,
    ) -> bool {
        let roles = info.roles;
        let table = self.table;
        let kind = if roles.contains(Roles::CONDITIONAL) && table.applies(info, node) {
            DecisionKind::Conditional
        } else if roles.contains(Roles::LOOP) {
            DecisionKind::Loop
        } else if roles.contains(Roles::SWITCH) {
            DecisionKind::Switch
        } else {
            return false;
        };
        self.nesting_structure(kind, node, level, frame);
        true
    }

    /// A conditional, a loop or a switch at `level`: a decision point where it decides, and a
    /// structure that nests.
    fn nesting_structure(
        &mut self,
        kind: DecisionKind,
        node: Node<'t>,
        level: u32,
        frame: &mut Frame<'a, 't>,
    ) {
        // A switch decides as a whole only in the modified variant; otherwise its cases do.
        let decides = match kind {
            DecisionKind::Loop => self.table.loop_is_conditional(frame.info, node),
            DecisionKind::Switch => self.counting.variant == CyclomaticVariant::Modified,
            _ => true,
        };
        let span = if decides { self.decision(kind, node, level) } else { self.label(kind, node) };
        self.structure(kind, span, level, frame);
    }

    /// Case labels, `catch` clauses (which nest) and the other clauses that decide.
    fn clause(
        &mut self,
        node: Node<'t>,
        roles: Roles,
        level: u32,
        is_guard: bool,
        frame: &mut Frame<'a, 't>,
    ) {
        if roles.contains(Roles::CASE) {
            // In the modified variant the switch decided, once.
            if !self.table.case_is_catch_all(node, self.source) {
                if self.counting.variant == CyclomaticVariant::Classic {
                    self.decision(DecisionKind::Case, node, level);
                } else {
                    self.uncounted();
                }
            }
        } else if roles.contains(Roles::CATCH) {
            let span = self.decision(DecisionKind::Catch, node, level);
            self.structure(DecisionKind::Catch, span, level, frame);
        } else if roles.contains(Roles::DECISION) && !is_guard {
            self.decision(DecisionKind::Clause, node, level);
        }
    }

    /// What counts whatever else a node is: boolean operators, jumps, returns and calls.
    fn effects(&mut self, node: Node<'t>, info: &'a KindInfo, level: u32, frame: &mut Frame<'a, 't>) {
        let roles = info.roles;
        if roles.contains(Roles::BINARY) {
            self.binary(node, level, frame);
        }
        if roles.contains(Roles::JUMP) && self.table.jump_has_label(node, self.source)
            || roles.contains(Roles::GOTO)
        {
            let kind = if roles.contains(Roles::GOTO) { DecisionKind::Goto } else { DecisionKind::Jump };
            let span = self.span(node);
            self.cognitive(kind, span, level, false);
        }
        if roles.contains(Roles::RETURN) {
            self.current().returns += 1;
        }
        if roles.contains(Roles::EARLY_EXIT) {
            self.current().early_exits += 1;
        }
        if roles.contains(Roles::CALL) {
            self.call(node, info, level);
        }
    }

    fn leave(&mut self) {
        let Some(frame) = self.frames.pop() else {
            return;
        };
        // Last opened, first closed: the scopes of file-scoped children, then this node's own.
        for _ in 0..frame.child_scopes {
            self.scope.pop();
        }
        if frame.opened_scope {
            self.scope.pop();
        }
        if frame.opened_function {
            if let Some(closed) = self.open.pop() {
                self.nested_function(&closed);
            }
            self.scope.pop();
        }
    }

    /// With nested functions included, a function that closes is one increment of the function
    /// around it: what its increments added there, at the nesting where it stands.
    fn nested_function(&mut self, closed: &Open) {
        let Some(parent) = self.open.last().filter(|_| closed.to_parent > 0) else { return };
        let nesting = closed.base.saturating_sub(1).saturating_sub(parent.base);
        let index = parent.index;
        let signature = self.functions[closed.index].signature;
        let increment = Increment {
            kind: DecisionKind::NestedFunction,
            span: signature,
            nesting,
            adds: closed.to_parent,
        };
        self.metrics(index).increments.push(increment);
    }

    /// A structure that nests: +1 plus nesting, and its children one level deeper.
    fn structure(&mut self, kind: DecisionKind, span: Span, level: u32, frame: &mut Frame<'a, 't>) {
        self.cognitive(kind, span, level, true);
        self.nesting(level);
        frame.nest = Nest::Deeper;
    }

    /// A boolean operator: +1 cyclomatic each; +1 cognitive per sequence of like operators,
    /// read through parentheses. The operator is in the `operator` field, or (Rust's let
    /// chains, `let A = a && b`; Julia's and Elm's binary expressions) the operators are among the
    /// children ([`Self::operators_among`]).
    fn binary(&mut self, node: Node<'t>, level: u32, frame: &mut Frame<'a, 't>) {
        let mut sequence = None;
        let mut last = None;
        if let Some(token) = self.fields.operator.and_then(|id| node.child_by_field_id(id.get())) {
            self.operator(token, level, &mut sequence);
        } else {
            last = self.operators_among(node, level, &mut sequence);
        }
        let Some((op, span)) = sequence else { return };
        frame.bool_op = Some(last.unwrap_or(op));
        let parent_op = self
            .frames
            .iter()
            .rev()
            .find(|f| !f.info.roles.contains(Roles::TRANSPARENT))
            .and_then(|f| f.bool_op);
        if parent_op != Some(op) {
            let kind = if op == BoolOp::And { DecisionKind::And } else { DecisionKind::Or };
            let span = self.first_operator(node, op).map_or(span, |token| self.span(token));
            self.cognitive(kind, span, level, false);
        }
    }

    /// The first operator of the sequence of like operators that `node` holds (`a && b && c`
    /// is `(a && b) && c`): down its left operands, through parentheses.
    fn first_operator(&self, node: Node<'t>, op: BoolOp) -> Option<Node<'t>> {
        let field = self.fields.operator?.get();
        let roles = |node: Node<'_>| self.table.info(node.kind_id()).roles;
        let mut current = node;
        let mut first = None;
        while let Some(token) = current.child_by_field_id(field)
            && self.table.operator(token, self.source) == Some(op)
        {
            first = Some(token);
            let mut left = current.named_child(0)?;
            while roles(left).contains(Roles::TRANSPARENT) {
                left = left.named_child(0)?;
            }
            if !roles(left).contains(Roles::BINARY) {
                break;
            }
            current = left;
        }
        first
    }

    /// One operator token: a decision (unless boolean operators are not counted); `&&`/`||`
    /// also make the expression a boolean sequence, shown at its first operator.
    fn operator(&mut self, token: Node<'t>, level: u32, sequence: &mut Option<(BoolOp, Span)>) {
        let Some(op) = self.table.operator(token, self.source) else { return };
        let kind = match op {
            BoolOp::And => DecisionKind::And,
            BoolOp::Or => DecisionKind::Or,
            BoolOp::Coalesce => DecisionKind::Coalesce,
            BoolOp::Assign => DecisionKind::LogicalAssign,
        };
        let span = if self.counting.count_boolean_operators {
            self.decision(kind, token, level)
        } else {
            self.uncounted();
            self.label(kind, token)
        };
        if matches!(op, BoolOp::And | BoolOp::Or) {
            // The first operator's: a flat list's later ones start sequences of their own.
            *sequence = Some(sequence.unwrap_or((op, span)));
        }
    }

    /// A call: +1 cognitive, once, for a function that calls itself.
    /// The call may be in a closure inside the function it calls: that is the function's
    /// recursion (a cycle through the closure), at the call's nesting in that function.
    fn call(&mut self, node: Node<'t>, info: &KindInfo, level: u32) {
        let Some((start, end)) = self.callee(node, info) else { return };
        let callee = &self.source[start..end];
        let spec = self.table.spec();
        let prefixes = spec.self_prefixes;
        let given =
            spec.arity.map(|arity| calls::arguments(self.table, node, info, arity.pipes, self.source));
        let takes = |open: &Open| match (open.arity, given) {
            (Some((fewest, most)), Some(given)) => (fewest..=most).contains(&given),
            _ => true,
        };
        let mut bump = Vec::new();
        for open in self.open.iter_mut().rev() {
            if !open.recursed
                && open.head != Some(node.start_byte())
                && names_a_call_to(open, callee, prefixes, Match::Whole)
                && takes(open)
            {
                open.recursed = true;
                bump.push((open.index, level.saturating_sub(open.base)));
            }
        }
        if bump.is_empty() {
            return;
        }
        let span = Span { start: self.index.pos(start), end: self.index.pos(end) };
        for (index, nesting) in bump {
            let function = self.metrics(index);
            function.cognitive = function.cognitive.saturating_add(1);
            function.increments.push(Increment { kind: DecisionKind::Recursion, span, nesting, adds: 1 });
        }
    }

    /// The bytes of a call's callee, if it may be an open function that has not recursed yet.
    fn callee(&self, call: Node<'t>, info: &KindInfo) -> Option<(usize, usize)> {
        let start = call.start_byte();
        // The callee starts the call: unless its text starts like a call of such a function,
        // there is no need to find where it ends.
        let text = self.source[start..].trim_ascii_start();
        let prefixes = self.table.spec().self_prefixes;
        if !self.open.iter().any(|open| !open.recursed && names_a_call_to(open, text, prefixes, Match::Start))
        {
            return None;
        }
        let end = self.table.call_arguments(call, info).map_or(call.end_byte(), |args| args.start_byte());
        if start >= end || end - start > 128 {
            return None;
        }
        let text = &self.source[start..end];
        let leading = text.len() - text.trim_ascii_start().len();
        Some((start + leading, start + leading + text.trim_ascii().len()))
    }

    /// The declaration of a body standing on its own, read from the tokens: where a unit of
    /// the file ends with this body.
    fn header(&self, node: Node<'t>, info: &KindInfo) -> Option<Header> {
        if self.units.is_empty() || self.table.function_name(info) != FnName::Header {
            return None;
        }
        let unit = bounds::unit_with_body_at(self.units, node.start_byte())?;
        let spec = self.table.spec();
        bounds::header(self.source, unit, spec.bounds.as_ref()?, spec.not_function_names)
    }

    fn open_function(
        &mut self,
        node: Node<'t>,
        info: &KindInfo,
        field: Option<FieldId>,
        level: u32,
        header: Option<Header>,
    ) {
        let table = self.table;
        let spec = table.spec();
        let (start, signature_end) = if let Some(header) = &header {
            (self.index.pos(header.start), header.end)
        } else {
            let declaration = names::declaration_start(node, table);
            let start = self.pos(declaration.start_byte(), declaration.start_position());
            (start, names::signature_end(node, declaration.start_byte(), table, self.source))
        };
        let (end, last_row) =
            ends::function_end(node, table, self.source, &self.index, (self.units, &mut self.last_token));
        let signature = Span { start, end: self.index.pos(signature_end) };

        // The binding an anonymous function stands in, looking through wrappers.
        let mut binding_field = field;
        let mut binding = None;
        for frame in self.frames.iter().rev() {
            if frame.info.roles.contains(Roles::TRANSPARENT) {
                binding_field = frame.field;
                continue;
            }
            binding = Some((frame.node, frame.info, binding_field));
            break;
        }
        let parent = self.open.last().map(|open| open.index).filter(|&index| index != MODULE);
        // `<arrow in render>`, not `<arrow in <arrow in render>>`.
        let enclosing = self.open.last().and_then(|open| open.label.clone());
        let cx = Context {
            table,
            source: self.source,
            binding,
            container: self.scope.last().map(String::as_str),
            enclosing: enclosing.as_deref(),
        };
        let mut naming = match &header {
            Some(header) => Naming {
                name: header.name.clone(),
                leaf: header.name.clone(),
                callable: header.callable.then(|| header.name.clone()),
            },
            None => names::name(node, info, &cx),
        };
        let receiver_field = table.function_receiver(info);
        if let Some(receiver) = receiver_field.and_then(|f| names::receiver_type(node, f, self.source)) {
            naming.leaf = format!("{receiver}{}{}", spec.separator, naming.leaf);
        }
        let receiver = receiver_field.and_then(|f| names::receiver_name(node, f, self.source));
        let qualified_name = names::qualified(&self.scope, spec.separator, &naming.leaf);
        let params = header.map_or_else(|| names::count_params(node, info, table, self.source), |h| h.params);
        // `def sum(list, acc \\ 0)` takes one argument or two.
        let arity = spec.arity.map(|arity| {
            (
                params.saturating_sub(names::count_defaults(node, info, table, self.source, arity.defaults)),
                params,
            )
        });
        let span = Span { start, end };
        self.functions.push(new_function(naming.name, qualified_name, span, signature, params, parent));
        self.rows.push((start.line as usize - 1, last_row));
        let named = naming.callable.is_some()
            || matches!(
                table.function_name(info),
                FnName::Accessor(_) | FnName::Getter(_) | FnName::Fixed(_) | FnName::Member(_)
            );
        let label = if named {
            Some(Rc::from(self.functions[self.functions.len() - 1].name.as_str()))
        } else {
            enclosing
        };
        self.open.push(Open {
            index: self.functions.len() - 1,
            base: level + 1,
            callable: naming.callable,
            label,
            receiver,
            head: names::head_start(node, info, table),
            arity,
            recursed: false,
            to_parent: 0,
        });
        self.scope.push(naming.leaf);
    }

    fn metrics(&mut self, index: usize) -> &mut FunctionMetrics {
        if index == MODULE { &mut self.module } else { &mut self.functions[index] }
    }

    /// The innermost open function (or `<module>`).
    fn current(&mut self) -> &mut FunctionMetrics {
        let index = self.open.last().map_or(MODULE, |open| open.index);
        self.metrics(index)
    }

    /// A decision point at `level` in the innermost function, labelled as [`Walker::label`]
    /// says. Returns the label.
    fn decision(&mut self, kind: DecisionKind, node: Node<'t>, level: u32) -> Span {
        let span = self.label(kind, node);
        let nesting = level.saturating_sub(self.open.last().map_or(0, |open| open.base));
        let function = self.current();
        function.cyclomatic = function.cyclomatic.saturating_add(1);
        function.decision_points.push(DecisionPoint { kind, span, nesting });
        span
    }

    /// A decision that the counting variant leaves out.
    fn uncounted(&mut self) {
        if self.open.len() == 1 {
            self.module_decides = true;
        }
    }

    /// Where a construct is shown: its keyword or operator; a case by its label or pattern
    /// (`case 1`, `Some(x)`), a ternary by its `?`, a switch by its keyword (`x match`'s
    /// `match`).
    fn label(&self, kind: DecisionKind, node: Node<'t>) -> Span {
        match kind {
            DecisionKind::Case => {
                // From the `case` keyword (or the pattern) to the end of the pattern, after any
                // attributes on the arm.
                let skip = Roles::ATTRIBUTE.union(Roles::COMMENT);
                let first = children(node).find(|c| !self.table.info(c.kind_id()).roles.intersects(skip));
                let pattern = self.table.case_pattern(node);
                match (first, pattern) {
                    (Some(first), Some(pattern)) => Span {
                        start: self.pos(first.start_byte(), first.start_position()),
                        end: self.pos(pattern.end_byte(), pattern.end_position()),
                    },
                    _ => self.span(first_token(node)),
                }
            }
            DecisionKind::Conditional | DecisionKind::Switch => {
                let keyword = children(node).find(|child| !child.is_named());
                self.span(keyword.unwrap_or_else(|| first_token(node)))
            }
            // A handler from its `on` or `catch`, before its block.
            DecisionKind::Catch => self.span(first_token(self.table.handler_start(node))),
            _ => self.span(first_token(node)),
        }
    }

    /// A cognitive increment at `level`, shown at `span`: +1, plus the nesting if `nests`, in
    /// the innermost open function (in `<module>` only outside functions). With nested
    /// functions included, it also adds to every enclosing function, each at its own nesting;
    /// there it is part of the nested function's one increment ([`Walker::nested_function`]).
    fn cognitive(&mut self, kind: DecisionKind, span: Span, level: u32, nests: bool) {
        let include = self.counting.nested_functions == NestedFunctions::Include;
        let innermost = self.open.len() - 1;
        for i in (0..=innermost).rev() {
            let Open { index, base, .. } = self.open[i];
            if index == MODULE && innermost > 0 {
                break;
            }
            let nesting = level.saturating_sub(base);
            let adds = if nests { nesting.saturating_add(1) } else { 1 };
            let function = self.metrics(index);
            function.cognitive = function.cognitive.saturating_add(adds);
            if i == innermost {
                function.increments.push(Increment { kind, span, nesting, adds });
            } else {
                let child = &mut self.open[i + 1];
                child.to_parent = child.to_parent.saturating_add(adds);
            }
            if !include {
                break;
            }
        }
    }

    /// A nesting structure at `level`: updates the innermost function's deepest nesting.
    fn nesting(&mut self, level: u32) {
        let base = self.open.last().map_or(0, |open| open.base);
        let depth = level.saturating_sub(base) + 1;
        let function = self.current();
        function.max_nesting = function.max_nesting.max(depth);
    }

    /// Counts an error or missing node, in a tree that has any.
    fn check_error(&mut self, node: Node<'t>) {
        if self.check_errors && (node.is_error() || node.is_missing()) {
            self.syntax_error(node);
        }
    }

    pub(crate) fn syntax_error(&mut self, node: Node<'t>) {
        self.syntax_errors += 1;
        if self.first_syntax_error.is_none() {
            self.first_syntax_error = Some(self.pos(node.start_byte(), node.start_position()));
        }
    }

    fn span(&self, node: Node<'_>) -> Span {
        Span {
            start: self.pos(node.start_byte(), node.start_position()),
            end: self.pos(node.end_byte(), node.end_position()),
        }
    }

    /// The position of a byte whose tree-sitter point is known.
    fn pos(&self, byte: usize, point: Point) -> Position {
        self.index.pos_in_row(byte, point.row, point.column)
    }

    pub(crate) fn finish(self, language: Language) -> FileMetrics {
        let (counts, prefix) = self.lines.finish();
        let mut functions = self.functions;
        let mut module = self.module;
        for function in functions.iter_mut().chain(std::iter::once(&mut module)) {
            // Boolean operators are met parent first (`a && b && c` is `(a && b) && c`).
            function.decision_points.sort_by_key(|point| point.span.start);
            function.increments.sort_by_key(|increment| increment.span.start);
        }
        for (function, &(first, last)) in functions.iter_mut().zip(&self.rows) {
            function.lines = (last + 1).saturating_sub(first) as u32;
            function.code = lines::code_between(&prefix, first, last);
        }
        // Top-level code that decides anything, in any counting variant, is reported.
        if module.cyclomatic > 1 || module.cognitive > 0 || self.module_decides {
            // Top-level code: the lines outside top-level functions.
            let mut covered = vec![false; prefix.len().saturating_sub(1)];
            for (function, &(first, last)) in functions.iter().zip(&self.rows) {
                if function.parent.is_none() {
                    let end = (last + 1).min(covered.len());
                    for slot in covered.iter_mut().take(end).skip(first) {
                        *slot = true;
                    }
                }
            }
            module.code =
                covered.iter().enumerate().filter(|(row, c)| !**c && prefix[row + 1] > prefix[*row]).count()
                    as u32;
            module.lines = counts.lines;
            // It ends with the file's last line, not after its final line break.
            let end_byte = self.source.len();
            let last_line =
                self.source.strip_suffix(b"\n").map_or(self.source, |s| s.strip_suffix(b"\r").unwrap_or(s));
            let end = self.index.pos(last_line.len());
            let first_line_end = memchr::memchr(b'\n', self.source).unwrap_or(end_byte);
            let start = Position { byte: 0, line: 1, column: 1, utf16_column: 1 };
            module.span = Span { start, end };
            module.signature = Span { start, end: self.index.pos(first_line_end) };
            for function in &mut functions {
                function.parent = function.parent.map(|p| p + 1);
            }
            functions.insert(0, module);
        }
        FileMetrics {
            language,
            lines: counts.lines,
            code: counts.code,
            comments: counts.comments,
            blanks: counts.blanks,
            functions,
            syntax_errors: self.syntax_errors,
            first_syntax_error: self.first_syntax_error,
            structural_errors: 0,
            first_structural_error: None,
            comment_spans: self.comment_spans,
            counting: self.counting,
        }
    }
}

/// What [`Walker::enter`] did with a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// Pushed a frame; walk its children.
    Descend,
    /// Pushed a frame; do not walk its children (there are none, or they hold no decisions).
    Stay,
    /// Counted a plain token's lines; no frame.
    Token,
    /// Not walked: in another piece of the file.
    Skip,
}

/// Whether a node stands in its parent's opaque field (a preprocessor condition), or in an
/// opaque parent without one (an attribute).
fn is_opaque(parent_info: &KindInfo, field: Option<FieldId>) -> bool {
    parent_info.roles.contains(Roles::OPAQUE)
        && (parent_info.opaque_field.is_none() || (field.is_some() && field == parent_info.opaque_field))
}

/// Whether a node is a guard: by its kind, or by standing in its parent's guard field.
fn is_guard(node: Node<'_>, roles: Roles, parent_info: &KindInfo, field: Option<FieldId>) -> bool {
    roles.contains(Roles::GUARD)
        || parent_info.roles.contains(Roles::GUARDED)
            && (field.is_some() && field == parent_info.guard_field
                || parent_info.guard_kind.is_some_and(|kind| node.kind() == kind))
}

/// Whether a parent's children need a frame even when they are plain tokens: an `if`, whose
/// branches are told apart by field or position, and parents whose children's fields matter.
fn parent_cares(parent: &Frame<'_, '_>) -> bool {
    parent.nest == Nest::If || parent.info.roles.intersects(FIELD_PARENTS)
}

/// Roles of a parent whose children's fields matter whatever the children are: the guard and
/// the opaque part are told by field. (Under a binding or a wrapper only a function's or another
/// wrapper's field matters, and `needs_field` asks for those by the child's roles.)
const FIELD_PARENTS: Roles = Roles::GUARDED.union(Roles::OPAQUE).union(Roles::HANDLERS);

/// Whether the walk needs to know which field of `parent` a child stands in: under an `if`
/// (condition, consequence, alternative), a guarded or opaque parent, and for functions and
/// wrappers, whose binding is named by field.
fn needs_field(parent: &Frame<'_, '_>, roles: Roles) -> bool {
    parent_cares(parent) || roles.intersects(Roles::FUNCTION.union(Roles::TRANSPARENT))
}

/// The level of a child with `roles` standing in `field` of `parent`. In an `if`, the
/// consequence is one level deeper; the condition and the else branch (the `alternative` field,
/// `else`/`elif` clauses, and what follows an else keyword) are not.
fn child_level(parent: &Frame<'_, '_>, field: Option<FieldId>, roles: Roles, fields: Fields) -> u32 {
    match parent.nest {
        Nest::Same | Nest::ElseIf => parent.level,
        Nest::Deeper => parent.level + 1,
        Nest::If => {
            let is_branch = field
                .is_none_or(|f| Some(f) != fields.condition && Some(f) != fields.alternative)
                && !parent.after_else
                && !roles.intersects(
                    Roles::ELIF.union(Roles::ELIF_LIST).union(Roles::ELSE).union(Roles::ELSE_KEYWORD),
                );
            parent.level + u32::from(is_branch)
        }
    }
}

/// How much of a text [`names_a_call_to`] compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Match {
    /// The whole text is the callee.
    Whole,
    /// The text starts with the callee (a quick test before the callee's end is known).
    Start,
}

/// Whether `text` names a call of `open`: its name, alone, behind a self prefix (`self.`) or
/// behind its receiver and a dot (Go's `t.`).
fn names_a_call_to(open: &Open, text: &[u8], prefixes: &[&str], how: Match) -> bool {
    let Some(name) = open.callable.as_deref().map(str::as_bytes) else { return false };
    let is_name = |rest: &[u8]| match how {
        Match::Whole => rest == name,
        Match::Start => rest.starts_with(name),
    };
    is_name(text)
        || prefixes.iter().any(|p| text.strip_prefix(p.as_bytes()).is_some_and(is_name))
        || open.receiver.as_deref().is_some_and(|receiver| {
            text.strip_prefix(receiver.as_bytes())
                .and_then(|rest| rest.strip_prefix(b".".as_slice()))
                .is_some_and(is_name)
        })
}

/// The first token of a node: its keyword, for the decision point's label.
fn first_token(node: Node<'_>) -> Node<'_> {
    let mut token = node;
    for _ in 0..32 {
        match token.child(0) {
            Some(child) => token = child,
            None => break,
        }
    }
    token
}
