//! Chains a grammar holds flat, in one node: Elm's `if a then x else if b then y else z`, whose
//! else-ifs are `else` and `if` tokens among the `if`'s children, and `a && b || c`, whose
//! operators are children of one expression.

use plumb_lang::{BoolOp, KindTable, Roles};
use tree_sitter::Node;

use super::Walker;
use crate::{DecisionKind, Span};

impl<'t> Walker<'_, 't> {
    /// The operators among a node's children: tokens (Rust's let chains), or named nodes whose
    /// text is the operator (Elm's operators). Each `&&`/`||` that follows the other one starts
    /// a sequence of its own, +1 cognitive there; the first sequence is counted by the caller,
    /// as a single operator's is. Returns the last `&&`/`||`, which a parenthesised operand
    /// after it continues.
    pub(super) fn operators_among(
        &mut self,
        node: Node<'t>,
        level: u32,
        sequence: &mut Option<(BoolOp, Span)>,
    ) -> Option<BoolOp> {
        let table = self.table;
        let mut last = None;
        let mut cursor = node.walk();
        for token in node.children(&mut cursor) {
            if token.is_named() && !table.info(token.kind_id()).roles.contains(Roles::OPERATOR_NAME) {
                continue;
            }
            self.operator(token, level, sequence);
            let op = table.operator(token, self.source).filter(|op| matches!(op, BoolOp::And | BoolOp::Or));
            if let Some(op) = op {
                if last.is_some_and(|last| last != op) {
                    let kind = if op == BoolOp::And { DecisionKind::And } else { DecisionKind::Or };
                    let span = self.span(token);
                    self.cognitive(kind, span, level, false);
                }
                last = Some(op);
            }
        }
        last
    }
}

/// Whether an else-if node counts: a clause always; a token ([`plumb_lang::LangSpec::elifs`])
/// only right after an else keyword (the `if` that opens the chain is the `if` node itself).
pub(super) fn is_else_if(node: Node<'_>, table: &KindTable) -> bool {
    node.child_count() > 0
        || node
            .prev_sibling()
            .is_some_and(|prev| table.info(prev.kind_id()).roles.contains(Roles::ELSE_KEYWORD))
}

/// Whether an else keyword is followed by an else-if token (`else if` in a flat chain).
pub(super) fn else_if_token_follows(keyword: Node<'_>, table: &KindTable) -> bool {
    keyword.next_sibling().is_some_and(|next| is_else_if_token(next, table))
}

/// Whether an `if` holds its else-ifs as tokens (its own `if` keyword is one): each of its
/// branches, after an `else` as before, is a child of the `if` one level deeper, and each
/// `else` that no `if` follows is +1.
pub(super) fn holds_else_ifs(node: Node<'_>, table: &KindTable) -> bool {
    node.child(0).is_some_and(|first| is_else_if_token(first, table))
}

fn is_else_if_token(node: Node<'_>, table: &KindTable) -> bool {
    node.child_count() == 0 && table.info(node.kind_id()).roles.contains(Roles::ELIF)
}
