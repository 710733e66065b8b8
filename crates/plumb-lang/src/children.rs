//! A node's children, the first ones by index, for searches that stop among them.
//!
//! `Node::child(i)` passes over a hidden child (the subtree a grammar's repetition builds, or a
//! hidden rule) by its count of visible children, where a cursor steps down into it and back out
//! again. A search that stops among the first children takes fewer steps by index: asking
//! whether each OCaml `let` binding has a parameter took half the instructions a cursor did.
//! But each index starts again from the first child, and the children a node holds directly
//! (comments between a binding's parameters, as many as a file has) are not balanced as a
//! repetition's are: past the first 16, the rest come from a cursor, so that reading
//! every child stays linear. The walk itself, which reads every child once, keeps its cursor.

use tree_sitter::{Node, TreeCursor};

/// How many children are read by index before a cursor takes over.
const BY_INDEX: u32 = 16;

/// Every child of `node`, in order.
#[inline]
pub fn children(node: Node<'_>) -> Children<'_> {
    Children { node, named: false, count: node.child_count(), read: 0, cursor: None }
}

/// The named children of `node`, in order.
#[inline]
pub fn named_children(node: Node<'_>) -> Children<'_> {
    let count = u32::try_from(node.named_child_count()).unwrap_or(u32::MAX);
    Children { node, named: true, count, read: 0, cursor: None }
}

/// The children of a node ([`children`], [`named_children`]).
pub struct Children<'t> {
    node: Node<'t>,
    /// Whether only named children are read.
    named: bool,
    /// How many there are (kept by the node: asking costs nothing, where asking for a child
    /// past the last reads them all).
    count: u32,
    /// How many have been read.
    read: u32,
    /// Past the first [`BY_INDEX`]: at the child read last.
    cursor: Option<TreeCursor<'t>>,
}

impl<'t> Children<'t> {
    /// The field that the child read last stands in.
    #[inline]
    pub fn field_name(&self) -> Option<&'t str> {
        match &self.cursor {
            Some(cursor) => cursor.field_name(),
            None if self.named => self.node.field_name_for_named_child(self.read.checked_sub(1)?),
            None => self.node.field_name_for_child(self.read.checked_sub(1)?),
        }
    }
}

impl<'t> Iterator for Children<'t> {
    type Item = Node<'t>;

    #[inline]
    fn next(&mut self) -> Option<Node<'t>> {
        if self.read >= self.count {
            return None;
        }
        let named = self.named;
        let child = match &mut self.cursor {
            None if self.read < BY_INDEX => {
                if named {
                    self.node.named_child(self.read)
                } else {
                    self.node.child(self.read)
                }
            }
            // The cursor starts at the first child and passes over those read by index.
            None => {
                let cursor = self.cursor.insert(self.node.walk());
                if cursor.goto_first_child() { counted(cursor, named, self.read) } else { None }
            }
            Some(cursor) => {
                if cursor.goto_next_sibling() {
                    counted(cursor, named, 0)
                } else {
                    None
                }
            }
        }?;
        self.read += 1;
        Some(child)
    }
}

/// From the cursor's node on, the child that counts (any, or a named one) after `skip` others
/// that do; the cursor is left on it.
fn counted<'t>(cursor: &mut TreeCursor<'t>, named: bool, mut skip: u32) -> Option<Node<'t>> {
    loop {
        let child = cursor.node();
        if !named || child.is_named() {
            if skip == 0 {
                return Some(child);
            }
            skip -= 1;
        }
        if !cursor.goto_next_sibling() {
            return None;
        }
    }
}

#[cfg(test)]
mod tests {
    use tree_sitter::{Node, Parser};

    use crate::Language;

    /// Every node of a tree, by a cursor.
    fn nodes(root: Node<'_>) -> Vec<Node<'_>> {
        let mut all = vec![root];
        let mut next = 0;
        while let Some(&node) = all.get(next) {
            let mut cursor = node.walk();
            all.extend(node.children(&mut cursor));
            next += 1;
        }
        all
    }

    /// The fields of a node's children, by a cursor, and as [`super::Children::field_name`] has
    /// them after each child.
    fn fields(node: Node<'_>, named: bool) -> (Vec<Option<&str>>, Vec<Option<&str>>) {
        let mut cursor = node.walk();
        let mut by_cursor = Vec::new();
        let mut more = cursor.goto_first_child();
        while more {
            if !named || cursor.node().is_named() {
                by_cursor.push(cursor.field_name());
            }
            more = cursor.goto_next_sibling();
        }
        let mut children = if named { super::named_children(node) } else { super::children(node) };
        let mut read = Vec::new();
        while children.next().is_some() {
            read.push(children.field_name());
        }
        (by_cursor, read)
    }

    #[test]
    fn children_read_first_by_index_then_by_cursor_are_the_cursor_s_children() {
        // Hidden rules and repetitions around parameters, patterns and a long list; 40 comments
        // (extras) that the binding holds directly, past the first children read by index.
        let params = (0..300).map(|i| format!("a{i}")).collect::<Vec<_>>().join(" ");
        let comments = ["(* c *)"; 40].join(" ");
        let ocaml = format!(
            "let rec f {params} = function\n  | Some x when x > 0 -> (* c *) [1; 2; 3]\n  | _ -> []\n\
             let g (type a) ~x {comments} ?(y = 1) (z : a) = x + y\n\
             module M = struct let h = fun x -> x end\n"
        );
        let rust = "fn f<T>(a: T, /* c */ b: &[u8]) -> usize { match a { _ => b.len() } } // c\n";
        let cases = [(Language::OCaml, ocaml.as_str()), (Language::Rust, rust)];
        let mut parameters = Vec::new();
        for (language, source) in cases {
            let mut parser = Parser::new();
            parser.set_language(&language.grammar()).unwrap();
            let tree = parser.parse(source, None).unwrap();
            for node in nodes(tree.root_node()) {
                let mut cursor = node.walk();
                let by_cursor: Vec<_> = node.children(&mut cursor).collect();
                assert_eq!(super::children(node).collect::<Vec<_>>(), by_cursor, "{}", node.kind());
                let named: Vec<_> = node.named_children(&mut cursor).collect();
                assert_eq!(super::named_children(node).collect::<Vec<_>>(), named, "{}", node.kind());
                for only_named in [false, true] {
                    let (by_cursor, read) = fields(node, only_named);
                    assert_eq!(read, by_cursor, "{}", node.kind());
                }
                if node.kind() == "let_binding" {
                    let count = |kind: &str| named.iter().filter(|child| child.kind() == kind).count();
                    parameters.push((count("parameter"), count("comment")));
                }
            }
        }
        // Both were read past the first 16: `f`'s 300 parameters in a repetition, and `g`'s 3
        // parameters (`(type a)` is not one) among its 40 comments; `h` has neither.
        assert_eq!(parameters, [(300, 0), (3, 40), (0, 0)]);
    }
}
