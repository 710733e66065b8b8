//! A node's children by index, for searches among a node's first children.
//!
//! `Node::child(i)` passes over a hidden child (the subtree a grammar's repetition builds, or a
//! hidden rule) by its count of visible children, where a cursor steps down into it and back out
//! again. A search that stops among the first children, or reads a node with few of them, takes
//! fewer steps by index: asking whether each OCaml `let` binding has a parameter took half the
//! instructions a cursor did. Repetitions are balanced trees, so reading every child of a long
//! list by index stays `O(n log n)`; the walk itself, which reads every child once, keeps its
//! cursor.

use tree_sitter::Node;

/// Every child of `node`, in order.
pub fn children(node: Node<'_>) -> impl Iterator<Item = Node<'_>> {
    (0..).map_while(move |index| node.child(index))
}

/// The named children of `node`, in order.
pub fn named_children(node: Node<'_>) -> impl Iterator<Item = Node<'_>> {
    (0..).map_while(move |index| node.named_child(index))
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

    #[test]
    fn children_by_index_are_the_cursor_s_children() {
        // Hidden rules and repetitions around parameters, patterns and a long list, and a
        // comment (an extra) among them.
        let params = (0..300).map(|i| format!("a{i}")).collect::<Vec<_>>().join(" ");
        let ocaml = format!(
            "let rec f {params} = function\n  | Some x when x > 0 -> (* c *) [1; 2; 3]\n  | _ -> []\n\
             let g (type a) ~x ?(y = 1) (z : a) = x + y\nmodule M = struct let h = fun x -> x end\n"
        );
        let rust = "fn f<T>(a: T, b: &[u8]) -> usize { match a { _ => b.len() } } // c\n";
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
                if node.kind() == "let_binding" {
                    parameters.push(named.iter().filter(|child| child.kind() == "parameter").count());
                }
            }
        }
        // The long repetition was read: `f`'s 300 parameters, `g`'s 3 (`(type a)` is not one),
        // `h`'s none.
        assert_eq!(parameters, [300, 3, 0]);
    }
}
