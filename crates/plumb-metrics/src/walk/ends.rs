//! Where a function ends: the last line its `lines` count, and the position its span ends at.

use plumb_lang::{KindTable, Roles};
use tree_sitter::Node;

use crate::Position;
use crate::bounds::{self, Unit};
use crate::lines::{self, LineIndex};

/// Where the function at `node` ends, and the row of its last line.
///
/// - A node that takes in the line break after it (Fortran's `end subroutine`) ends on its last
///   line, as its lines are counted.
/// - One the grammar ran on past its last token, over blank lines and comments up to the next
///   declaration (Scala's indented body), ends at that token.
/// - A body the tree closed early (a macro the grammar misread inside it) still ends at the
///   brace that closes it, by the tokens (`units`).
///
/// `last_token` keeps the last run-on end found, with where its token ends: functions nested
/// in a run-on body end at the same byte and at the same token, which is looked for once, so
/// that deep nesting costs no more than its depth.
pub(super) fn function_end(
    node: Node<'_>,
    table: &KindTable,
    source: &[u8],
    index: &LineIndex<'_>,
    (units, last_token): (&[Unit], &mut Option<(usize, usize)>),
) -> (Position, usize) {
    let (_, mut last_row) = lines::rows(node);
    let node_end = node.end_byte();
    let point = node.end_position();
    let mut end = index.pos_in_row(node_end, point.row, point.column);
    let last = last_token_of(node, table, source, last_token);
    if last < node_end && source[last..node_end].contains(&b'\n') {
        end = index.pos(last);
        last_row = end.line as usize - 1;
    } else if end.column == 1 && end.line as usize - 1 > last_row {
        let text = &source[..node_end];
        let text = text.strip_suffix(b"\n").map_or(text, |t| t.strip_suffix(b"\r").unwrap_or(t));
        end = index.pos(text.len());
    }
    if let Some(close) = bounds::body_end(units, node).filter(|&close| close > node_end) {
        end = index.pos(close);
        last_row = end.line as usize - 1;
    }
    (end, last_row)
}

/// Just past the last token of `node` that is not a comment, where the grammar ran it on past
/// that token (its last byte is white space); its end otherwise. `last_token` keeps the last
/// one found.
fn last_token_of(
    node: Node<'_>,
    table: &KindTable,
    source: &[u8],
    last_token: &mut Option<(usize, usize)>,
) -> usize {
    let node_end = node.end_byte();
    let ran_on = node_end > node.start_byte() && source[node_end - 1].is_ascii_whitespace();
    match *last_token {
        _ if !ran_on => node_end,
        Some((end, last)) if end == node_end && last >= node.start_byte() => last,
        _ => {
            let last = last_token_end(node, table);
            *last_token = Some((node_end, last));
            last
        }
    }
}

/// Just past the last token of `node` that is not a comment.
fn last_token_end(node: Node<'_>, table: &KindTable) -> usize {
    let mut cursor = node.walk();
    'down: loop {
        if !cursor.goto_last_child() {
            return cursor.node().end_byte();
        }
        loop {
            let child = cursor.node();
            let comment = table.info(child.kind_id()).roles.contains(Roles::COMMENT);
            if !comment && child.end_byte() > child.start_byte() {
                continue 'down;
            }
            if !cursor.goto_previous_sibling() {
                // Only comments: the node ends where its first child starts.
                cursor.goto_parent();
                return child.start_byte().max(cursor.node().start_byte());
            }
        }
    }
}
