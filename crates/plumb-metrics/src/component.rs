//! Single-file components (Vue, Svelte): the markup is parsed to find the scripts
//! ([`Language::scripts`]), then the scripts' language over the scripts' text alone
//! (`Parser::set_included_ranges`), with the whole file as the source, so that every node is at
//! its line and column in the component. The scripts' tree is walked as a JavaScript or
//! TypeScript file's is; the markup adds its lines, and the syntax errors around its scripts.

use plumb_lang::{KindTable, Language, Roles, Scripts};
use tree_sitter::{Node, Parser, Range, Tree};

use crate::lines::LineMap;
use crate::walk::Walker;
use crate::{Counting, FileMetrics};

/// Measures a component file, stepping over quiet subtrees of its scripts or not, with the
/// counting conventions given.
pub(crate) fn analyze(
    parser: &mut Parser,
    source: &[u8],
    language: Language,
    (step_over, counting): (bool, Counting),
) -> FileMetrics {
    let markup = parser.set_language(&language.grammar()).ok().and_then(|()| parser.parse(source, None));
    let Some(markup) = markup else { return crate::unparsed(source, language, counting) };
    let scripts = Language::scripts(markup.root_node(), source);
    // No ranges would include the whole file: a component without a script has no tree of its
    // scripts.
    let script = if scripts.ranges.is_empty() {
        None
    } else {
        let parsed = parser.set_language(&scripts.language.grammar()).ok().and_then(|()| {
            parser.set_included_ranges(&scripts.ranges).ok()?;
            parser.parse(source, None)
        });
        let _ = parser.set_included_ranges(&[]);
        parsed
    };
    let mut walker = Walker::new(scripts.language.table(), source, step_over);
    walker.counting = counting;
    if let Some(tree) = &script {
        walker.check_errors = tree.root_node().has_error();
        walker.walk(tree, &(0..usize::MAX));
    }
    let mut errors = Vec::new();
    markup_lines(&mut walker.lines, &markup, language.table(), &scripts, |node| errors.push(node));
    for node in errors {
        walker.syntax_error(node);
    }
    let markup_code = walker.lines.markup_code();
    let mut metrics = walker.finish(language);
    // Top-level code is the scripts' own, as in a script file: not the markup's lines.
    if let Some(module) = metrics.functions.first_mut().filter(|f| f.name == "<module>" && f.parent.is_none())
    {
        module.code = module.code.saturating_sub(markup_code);
    }
    metrics.structural_errors = metrics.syntax_errors;
    metrics.first_structural_error = metrics.first_syntax_error;
    metrics
}

/// Marks the lines of a component's markup: a comment's lines as comments, every other
/// token's as code, except the scripts' text, which the scripts' tree covers. `error` is called
/// with each error or missing node that touches a script (a `<script>` without its end tag).
fn markup_lines<'t>(
    lines: &mut LineMap,
    tree: &'t Tree,
    table: &KindTable,
    scripts: &Scripts,
    mut error: impl FnMut(Node<'t>),
) {
    let mut cursor = tree.walk();
    loop {
        let node = cursor.node();
        if (node.is_error() || node.is_missing()) && touches_script(node, &scripts.ranges) {
            error(node);
        }
        if markup_node(lines, node, table, &scripts.ranges) && cursor.goto_first_child() {
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                return;
            }
        }
    }
}

/// Whether a node of the markup touches a script's text: an error holding a `<script>` never
/// closed, its missing end tag. Errors elsewhere in the markup (a template syntax the grammar
/// does not know, such as Svelte's newer `{@attach ...}`) change nothing that is measured.
fn touches_script(node: Node<'_>, scripts: &[Range]) -> bool {
    scripts.iter().any(|range| node.start_byte() <= range.end_byte && range.start_byte <= node.end_byte())
}

/// Marks the lines of one node of a component's markup; whether its children are to be
/// walked.
fn markup_node(lines: &mut LineMap, node: Node<'_>, table: &KindTable, scripts: &[Range]) -> bool {
    if table.info(node.kind_id()).roles.contains(Roles::COMMENT) {
        lines.comment(node);
        return false;
    }
    if scripts.iter().any(|range| range.start_byte == node.start_byte() && range.end_byte == node.end_byte())
    {
        return false;
    }
    if node.child_count() == 0 && node.start_byte() < node.end_byte() {
        lines.markup(node);
    }
    true
}
