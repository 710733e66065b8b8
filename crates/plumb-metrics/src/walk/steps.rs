//! How the walk goes through a tree: the cursor's moves, and the quiet subtrees it steps over
//! ([`crate::quiet`]).
//!
//! The moves know how many siblings follow each node on the way down: after the last child the
//! cursor goes straight to the parent, where asking it for a next sibling would search the
//! hidden nodes above for one there is not (a sixth of the cursor's time on TypeScript's
//! declaration files).

use memchr::memmem;
use plumb_lang::{KindInfo, Roles, Stepping};
use tree_sitter::{Node, TreeCursor};

use super::Walker;

/// For each node on the way down from the root, how many siblings follow it.
#[derive(Default)]
pub(super) struct Moves(Vec<u32>);

impl Moves {
    /// Moves to the first child of the cursor's node; `false` when it has none.
    pub(super) fn first_child(&mut self, cursor: &mut TreeCursor<'_>) -> bool {
        let children = cursor.node().child_count();
        let moved = cursor.goto_first_child();
        if moved {
            self.0.push(children.saturating_sub(1));
        }
        moved
    }

    /// Moves to the next sibling; `false` after the last one (and at the root).
    pub(super) fn next_sibling(&mut self, cursor: &mut TreeCursor<'_>) -> bool {
        match self.0.last_mut() {
            Some(0) | None => {
                debug_assert!(!cursor.clone().goto_next_sibling(), "a sibling after the last child");
                false
            }
            Some(left) => {
                *left -= 1;
                cursor.goto_next_sibling()
            }
        }
    }

    /// Moves to the parent; `false` at the root.
    pub(super) fn parent(&mut self, cursor: &mut TreeCursor<'_>) -> bool {
        self.0.pop();
        cursor.goto_parent()
    }
}

impl<'t> Walker<'_, 't> {
    /// Whether nothing under `node` counts, so the walk can step over it.
    pub(super) fn is_quiet(&mut self, node: Node<'t>, info: &KindInfo, leaf: bool) -> bool {
        let Some(quiet) = &mut self.quiet else { return false };
        // The root is always entered: its statements may be docstrings.
        if leaf
            || info.stepping == Stepping::Entered
            || !info.roles.within(Roles::PASSIVE)
            || !is_whole(node, &self.nodes)
            || self.frames.is_empty()
        {
            return false;
        }
        let (start, end) = (node.start_byte(), node.end_byte());
        let scanner = match (info.stepping, &mut quiet.types) {
            (Stepping::Inert, _) => return quiet.comments.is_quiet(self.source, start, end),
            (Stepping::Type, Some(types)) => types,
            _ => &mut quiet.any,
        };
        if !scanner.is_quiet(self.source, start, end) {
            return false;
        }
        // A call counts only when it names an open function that has not called itself yet.
        let text = &self.source[start..end];
        !self.open.iter().any(|open| {
            !open.recursed
                && open.callable.as_deref().is_some_and(|name| memmem::find(text, name.as_bytes()).is_some())
        })
    }
}

/// Whether a node is whole: no error in it, and all of it in the piece's `nodes` (a node
/// running out of the piece holds nodes walked in other pieces).
fn is_whole(node: Node<'_>, nodes: &std::ops::Range<usize>) -> bool {
    !node.has_error() && nodes.start <= node.start_byte() && node.end_byte() <= nodes.end
}
