//! Calls that play a role by their callee's name ([`plumb_lang::LangSpec::callees`]): Elixir's
//! `if`, `case` and `def` are calls of macros, R's `switch` a call of a function. What a node is
//! to such a call depends on the call it stands in, which the walk carries on its frames.

use plumb_lang::{CallPart, KindInfo, KindTable, Roles, Stepping};
use tree_sitter::Node;

/// Whether a frame is a call that plays a role by its callee's name, or a block standing in
/// one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stands {
    /// Neither.
    No,
    /// A call playing a role other than a switch, or a block standing in one.
    Call,
    /// A call playing a switch, or a block standing in one: arms in it are its cases.
    Switch,
    /// A call that holds no decisions (a type declaration), or a node in one: only its comments
    /// count.
    Opaque,
}

/// What a node is, under a parent that stands as `parent`: a call, with the roles of what its
/// callee names; a block standing in such a call; an arm of a switch played by a call; in a
/// declaration, nothing but a comment. Anything else (every node of a language without
/// callees) keeps its own info.
#[inline]
pub(crate) fn part<'a>(
    table: &'a KindTable,
    node: Node<'_>,
    info: &'a KindInfo,
    parent: Stands,
    source: &[u8],
) -> (&'a KindInfo, Stands) {
    if parent == Stands::Opaque {
        let comment = info.roles.contains(Roles::COMMENT);
        return (if comment { info } else { &KindInfo::NONE }, Stands::Opaque);
    }
    match info.call_part {
        CallPart::Call => played(table, node, info, source),
        CallPart::Block => (info, parent),
        CallPart::Arm if parent == Stands::Switch => (table.arm_info(), Stands::No),
        // Nothing to a call, or an arm elsewhere.
        CallPart::None | CallPart::Arm => (info, Stands::No),
    }
}

/// A call, with the roles of what its callee names, if it names one.
fn played<'a>(
    table: &'a KindTable,
    call: Node<'_>,
    info: &'a KindInfo,
    source: &[u8],
) -> (&'a KindInfo, Stands) {
    match table.callee_info(call, source) {
        Some(played) if played.roles.contains(Roles::SWITCH) => (played, Stands::Switch),
        Some(played) if played.stepping == Stepping::Inert => (played, Stands::Opaque),
        Some(played) => (played, Stands::Call),
        None => (info, Stands::No),
    }
}

/// How many arguments a call passes: those in its list, and the left operand of a pipe it
/// stands after (`acc |> sum(rest)` passes two).
pub(crate) fn arguments(
    table: &KindTable,
    call: Node<'_>,
    info: &KindInfo,
    pipes: &[&str],
    source: &[u8],
) -> u32 {
    let listed =
        table.call_arguments(call, info).map_or(0, |list| crate::names::count_arguments(list, table));
    let operator = call
        .parent()
        .zip(table.fields().operator)
        .and_then(|(parent, field)| parent.child_by_field_id(field.get()));
    let after_pipe = operator.is_some_and(|operator| {
        let text = &source[operator.byte_range()];
        operator.end_byte() <= call.start_byte() && pipes.iter().any(|pipe| pipe.as_bytes() == text)
    });
    listed.saturating_add(u32::from(after_pipe))
}
