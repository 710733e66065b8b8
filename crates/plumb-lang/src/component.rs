//! Single-file components (Vue, Svelte): where a component's scripts are, and which language
//! they are written in.
//!
//! A component file is parsed twice: once with its markup's grammar ([`Language::grammar`]),
//! which finds the top-level `<script>` elements, then with JavaScript's or TypeScript's over
//! the whole file with the scripts' text as its only included ranges
//! (`Parser::set_included_ranges`), so that every node of the script's tree carries its line
//! and column in the component file. Two scripts (Vue's `<script>` and `<script setup>`,
//! Svelte's module and instance scripts) are read as one program, in file order.

use tree_sitter::{Node, Range};

use crate::Language;

/// The scripts of a component file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scripts {
    /// The language the scripts are measured as: TypeScript when one says `lang="ts"`, TSX
    /// for `lang="tsx"`, else JavaScript (whose grammar reads JSX).
    pub language: Language,
    /// The text of each script, in file order; empty when the component has no script with
    /// code (none at all, an empty one, or only `src="..."` references to other files).
    pub ranges: Vec<Range>,
}

/// What a script's `lang` (or `type`) attribute makes of it: `None` for a language that is
/// not JavaScript (`lang="coffee"`), which is not measured.
fn script_language(lang: Option<&[u8]>) -> Option<Language> {
    match lang {
        None
        | Some(b"js" | b"javascript" | b"jsx" | b"module" | b"text/javascript" | b"application/javascript") => {
            Some(Language::JavaScript)
        }
        Some(b"ts" | b"typescript" | b"text/typescript" | b"application/typescript") => {
            Some(Language::TypeScript)
        }
        Some(b"tsx") => Some(Language::Tsx),
        Some(_) => None,
    }
}

/// The value of each attribute of a start tag, by name (`lang`, `src`): the text of a quoted
/// or bare value, empty for an attribute without one (`<script setup>`).
fn attribute<'s>(tag: Node<'_>, name: &[u8], source: &'s [u8]) -> Option<&'s [u8]> {
    let mut cursor = tag.walk();
    let found = tag.named_children(&mut cursor).filter(|a| a.kind() == "attribute").find(|attribute| {
        attribute
            .named_child(0)
            .is_some_and(|n| n.kind() == "attribute_name" && &source[n.byte_range()] == name)
    })?;
    let value = found.named_child(1);
    let value = match value {
        Some(quoted) if quoted.kind() == "quoted_attribute_value" => quoted.named_child(0),
        other => other,
    };
    Some(value.map_or(&source[0..0], |v| &source[v.byte_range()]))
}

/// A top-level script element's start tag and text: a `script_element`, or a `<script>` that
/// is never closed, which the markup grammar reads as an error holding its start tag and the
/// rest of the file as its text.
fn script_parts<'t>(node: Node<'t>, source: &[u8]) -> Option<(Node<'t>, Option<Node<'t>>)> {
    let tag = node.named_child(0).filter(|tag| tag.kind() == "start_tag")?;
    let name = tag.named_child(0).filter(|name| name.kind() == "tag_name")?;
    let is_script = node.kind() == "script_element"
        || (node.kind() == "ERROR" && source[name.byte_range()].eq_ignore_ascii_case(b"script"));
    let mut cursor = node.walk();
    let text = node.named_children(&mut cursor).find(|child| child.kind() == "raw_text");
    is_script.then_some((tag, text))
}

impl Language {
    /// Whether the language is a single-file component's (Vue, Svelte): its functions are
    /// those of its scripts ([`Language::scripts`]).
    pub fn is_component(self) -> bool {
        matches!(self, Language::Vue | Language::Svelte)
    }

    /// The scripts of a component, from the root of its markup's tree. Only top-level
    /// `<script>` elements are scripts (one inside an element is the page's, not the
    /// component's); one with a `src` attribute has its code in another file, and one whose
    /// `lang` is not JavaScript or TypeScript is not measured.
    pub fn scripts(root: Node<'_>, source: &[u8]) -> Scripts {
        let mut language = Language::JavaScript;
        let mut ranges = Vec::new();
        let mut cursor = root.walk();
        for (tag, text) in root.named_children(&mut cursor).filter_map(|node| script_parts(node, source)) {
            if attribute(tag, b"src", source).is_some() {
                continue;
            }
            let lang = attribute(tag, b"lang", source).or_else(|| attribute(tag, b"type", source));
            let Some(this) = script_language(lang) else { continue };
            // Blocks of one component share a language; where they differ, TypeScript (and
            // TSX) reads the JavaScript too.
            if this != Language::JavaScript && language != Language::Tsx {
                language = this;
            }
            ranges.extend(text.map(|text| text.range()).filter(|range| range.start_byte < range.end_byte));
        }
        Scripts { language, ranges }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scripts(language: Language, source: &str) -> (Language, Vec<&str>) {
        let mut parser = tree_sitter::Parser::new();
        parser.set_language(&language.grammar()).unwrap();
        let tree = parser.parse(source, None).unwrap();
        let found = Language::scripts(tree.root_node(), source.as_bytes());
        (found.language, found.ranges.iter().map(|r| &source[r.start_byte..r.end_byte]).collect())
    }

    #[test]
    fn a_vue_component_has_its_script_and_script_setup() {
        let source = "<template><p>{{ a }}</p></template>\n<script>\nexport default {}\n</script>\n\
                      <script setup lang=\"ts\">\nconst a: number = 1\n</script>\n<style>p{}</style>\n";
        let (language, texts) = scripts(Language::Vue, source);
        assert_eq!(language, Language::TypeScript);
        assert_eq!(texts, ["\nexport default {}\n", "\nconst a: number = 1\n"]);
    }

    #[test]
    fn a_svelte_component_has_its_module_and_instance_scripts() {
        let source = "<script context=\"module\">\nexport const a = 1\n</script>\n<script module lang=ts>\nlet n = 0\n</script>\n\
                      {#if a < n}<p>{n}</p>{/if}\n";
        let (language, texts) = scripts(Language::Svelte, source);
        assert_eq!(language, Language::TypeScript);
        assert_eq!(texts, ["\nexport const a = 1\n", "\nlet n = 0\n"]);
    }

    #[test]
    fn external_foreign_nested_and_missing_scripts_have_no_code() {
        assert_eq!(
            scripts(Language::Vue, "<script src=\"./a.js\"></script>\n"),
            (Language::JavaScript, vec![])
        );
        assert_eq!(
            scripts(Language::Vue, "<script lang=\"coffee\">\nx = 1\n</script>\n").1,
            Vec::<&str>::new()
        );
        assert_eq!(scripts(Language::Vue, "<template><p>x</p></template>\n").1, Vec::<&str>::new());
        assert_eq!(scripts(Language::Vue, "<script></script>\n").1, Vec::<&str>::new());
        let nested = "<template><div><script>let a = 1</script></div></template>\n";
        assert_eq!(scripts(Language::Vue, nested).1, Vec::<&str>::new());
        assert_eq!(
            scripts(Language::Svelte, "<div><script>let a = 1</script></div>\n").1,
            Vec::<&str>::new()
        );
    }

    #[test]
    fn an_unclosed_script_runs_to_the_end_of_the_file() {
        let (language, texts) =
            scripts(Language::Vue, "<template><p/></template>\n<script lang=\"tsx\">\nlet a = 1\n");
        assert_eq!(language, Language::Tsx);
        assert_eq!(texts, ["\nlet a = 1\n"]);
    }
}
