//! Whether an `else` is an else-if: an `if` after its keyword, or alone in its body where the
//! language reads it so.

use plumb_lang::{KindTable, Roles};
use tree_sitter::Node;

use super::flat;

/// Whether the branch after an else keyword is an `if` (an else-if).
pub(super) fn next_branch_is_if(keyword: Node<'_>, table: &KindTable) -> bool {
    let mut next = keyword.next_named_sibling();
    while let Some(node) = next.filter(|n| table.info(n.kind_id()).roles.contains(Roles::COMMENT)) {
        next = node.next_named_sibling();
    }
    flat::else_if_token_follows(keyword, table)
        || next.is_some_and(|node| {
            let roles = table.info(node.kind_id()).roles;
            roles.contains(Roles::IF) || roles.contains(Roles::TRANSPARENT) && table.wraps_an_if(node)
        })
}

/// An `else` whose only statement is an `if` (`else if`), where the language reads it so.
pub(super) fn else_wraps_if(node: Node<'_>, table: &KindTable) -> bool {
    if !table.spec().else_if_in_else {
        return false;
    }
    let mut cursor = node.walk();
    let mut statements = node
        .named_children(&mut cursor)
        .filter(|child| !table.info(child.kind_id()).roles.contains(Roles::COMMENT));
    statements.next().is_some_and(|child| table.info(child.kind_id()).roles.contains(Roles::IF))
        && statements.next().is_none()
}
