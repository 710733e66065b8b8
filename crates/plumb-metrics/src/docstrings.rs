//! Docstrings: a statement that holds only a string literal documents the code around it, so
//! its lines are comment lines (Python's `"""..."""`), unless a prefix makes the string code
//! (`f"{x}"` is evaluated).

use plumb_lang::KindTable;
use tree_sitter::Node;

/// A statement that holds only a string literal.
pub(crate) fn is_docstring(node: Node<'_>, table: &KindTable, source: &[u8]) -> bool {
    let Some((_, strings)) = table.spec().docstring else {
        return false;
    };
    // Most statements start with a named child that is not a string: decided without counting.
    if let Some(first) = node.child(0).filter(Node::is_named)
        && !strings.contains(&first.kind())
    {
        return false;
    }
    node.named_child_count() == 1
        && node.named_child(0).is_some_and(|child| {
            strings.contains(&child.kind())
                && !is_evaluated(child, strings, table.spec().evaluated_prefixes, source)
        })
}

/// Whether a string (or any string of a concatenation) has a prefix that makes it code:
/// `f"{x}"`, `"a" f"b"`.
fn is_evaluated(string: Node<'_>, strings: &[&str], prefixes: &[u8], source: &[u8]) -> bool {
    if prefixes.is_empty() {
        return false;
    }
    let has_prefix = |piece: Node<'_>| {
        let text = source.get(piece.byte_range()).unwrap_or_default();
        text.iter().take_while(|&&b| b != b'"' && b != b'\'').any(|b| prefixes.contains(b))
    };
    let mut cursor = string.walk();
    let mut pieces =
        string.named_children(&mut cursor).filter(|piece| strings.contains(&piece.kind())).peekable();
    if pieces.peek().is_none() { has_prefix(string) } else { pieces.any(has_prefix) }
}
