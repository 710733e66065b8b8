//! Every table is checked against its grammar: a grammar upgrade that renames a node kind
//! fails here instead of silently counting 0.

use plumb_lang::{CallRole, Language, Roles, Telltales};

#[test]
fn every_name_in_every_table_exists_in_its_grammar() {
    for &lang in Language::ALL {
        let unknown = lang.unknown_names();
        assert!(unknown.is_empty(), "{lang}: names the grammar does not have: {unknown:?}");
    }
}

/// The grammar crate and version each language names (`plumb languages`, `docs/languages.md`)
/// are those Cargo.lock pins.
#[test]
fn every_grammar_crate_is_the_locked_one() {
    let lock = include_str!("../../../Cargo.lock");
    for &lang in Language::ALL {
        let (name, version) = lang.grammar_crate();
        let entry = format!("[[package]]\nname = \"{name}\"\nversion = \"{version}\"\n");
        assert!(lock.contains(&entry), "{lang}: {name} {version} is not the version in Cargo.lock");
    }
}

/// Languages without loops, where recursion and higher-order functions stand in for them.
const WITHOUT_LOOPS: &[Language] = &[Language::Haskell, Language::Erlang, Language::Elm];

/// Languages whose `if` is a switch of guards, each clause a case (Erlang's `if`).
const IF_AS_SWITCH: &[Language] = &[Language::Erlang];

#[test]
fn every_language_has_functions_comments_branches_and_loops() {
    // A component's functions are its scripts', measured as JavaScript or TypeScript: its own
    // table names only its markup's comments.
    for &lang in Language::ALL.iter().filter(|lang| !lang.is_component()) {
        let spec = lang.spec();
        assert!(!spec.functions.is_empty(), "{lang}: no functions");
        assert!(!spec.comments.is_empty(), "{lang}: no comments");
        // Or calls that play them by their callee's name (Elixir's `if` and `for`); an `if` that
        // is an expression with both branches is a conditional (Haskell's).
        let plays = |wanted: fn(&CallRole) -> bool| spec.callees.iter().any(|(_, role)| wanted(role));
        assert!(
            !spec.ifs.is_empty()
                || !spec.conditionals.is_empty()
                || IF_AS_SWITCH.contains(&lang)
                || plays(|role| *role == CallRole::If),
            "{lang}: no ifs"
        );
        assert!(
            !spec.loops.is_empty()
                || WITHOUT_LOOPS.contains(&lang)
                || plays(|role| matches!(role, CallRole::Loop(_))),
            "{lang}: no loops"
        );
    }
}

#[test]
fn a_component_table_names_its_comments_only() {
    for &lang in Language::ALL.iter().filter(|lang| lang.is_component()) {
        let spec = lang.spec();
        assert_eq!(spec.comments, ["comment"], "{lang}");
        assert!(spec.functions.is_empty() && spec.ifs.is_empty() && spec.transparent.is_empty(), "{lang}");
    }
}

/// A node kind has at most one structural role: an `if` that were also a loop would count twice.
#[test]
fn structural_roles_do_not_overlap() {
    let structural = [
        Roles::FUNCTION,
        Roles::IF,
        Roles::ELIF,
        Roles::ELSE,
        Roles::CONDITIONAL,
        Roles::LOOP,
        Roles::SWITCH,
        Roles::CASE,
        Roles::CATCH,
        Roles::DECISION,
        Roles::COMMENT,
    ];
    for &lang in Language::ALL {
        let table = lang.table();
        let grammar = lang.grammar();
        for id in 0..grammar.node_kind_count() as u16 {
            let roles = table.info(id).roles;
            let count = structural.iter().filter(|role| roles.contains(**role)).count();
            assert!(
                count <= 1,
                "{lang}: `{}` has {count} structural roles",
                grammar.node_kind_for_id(id).unwrap_or("?")
            );
        }
    }
}

/// The grammar's `node-types.json`, for the languages whose telltales name inert kinds or
/// types.
fn node_types(lang: Language) -> Option<&'static str> {
    match lang {
        Language::Rust => Some(tree_sitter_rust::NODE_TYPES),
        Language::TypeScript => Some(tree_sitter_typescript::TYPESCRIPT_NODE_TYPES),
        Language::Tsx => Some(tree_sitter_typescript::TSX_NODE_TYPES),
        _ => None,
    }
}

/// A grammar's named node kinds, and what each may have under it.
struct NodeTypes(Vec<serde_json::Value>);

impl NodeTypes {
    fn of(lang: Language) -> Self {
        let text = node_types(lang).unwrap_or_else(|| panic!("{lang}: its node types are needed here"));
        Self(serde_json::from_str(text).expect("node types are JSON"))
    }

    /// The named kinds that may stand right under `kind` (as a child, in a field, or as a
    /// subtype of either), each with the field it stands in.
    fn under(&self, kind: &str) -> Vec<(Option<String>, String)> {
        let Some(node) = self.0.iter().find(|t| t["named"] == true && t["type"] == kind) else {
            return Vec::new();
        };
        let named = |types: &serde_json::Value| -> Vec<String> {
            let types = types.as_array().into_iter().flatten().filter(|t| t["named"] == true);
            types.map(|t| t["type"].as_str().expect("a kind is named").to_owned()).collect()
        };
        let fields = node["fields"].as_object().into_iter().flatten();
        let mut under: Vec<(Option<String>, String)> = fields
            .flat_map(|(field, slot)| {
                named(&slot["types"]).into_iter().map(move |kind| (Some(field.clone()), kind))
            })
            .collect();
        for types in [&node["children"]["types"], &node["subtypes"]] {
            under.extend(named(types).into_iter().map(|kind| (None, kind)));
        }
        under
    }

    /// Follows the kinds under `root` (not past those `stop` says to stop at) and returns the
    /// way to the first one that counts, if any.
    fn way_to_a_counted_kind(
        &self,
        lang: Language,
        root: &str,
        stop: impl Fn(&str, Option<&str>, &str) -> bool,
    ) -> Option<Vec<String>> {
        let (grammar, table) = (lang.grammar(), lang.table());
        let mut seen: Vec<(String, Option<usize>)> = vec![(root.to_owned(), None)];
        let mut at = 0;
        while at < seen.len() {
            let kind = seen[at].0.clone();
            let id = grammar.id_for_node_kind(&kind, true);
            if !table.info(id).roles.within(Roles::PASSIVE) {
                let mut way = vec![kind];
                let mut from = seen[at].1;
                while let Some(parent) = from {
                    way.push(seen[parent].0.clone());
                    from = seen[parent].1;
                }
                return Some(way);
            }
            for (field, child) in self.under(&kind) {
                if !stop(&kind, field.as_deref(), &child) && !seen.iter().any(|(known, _)| *known == child) {
                    seen.push((child, Some(at)));
                }
            }
            at += 1;
        }
        None
    }
}

/// An inert kind holds no counted node whatever its text: no kind that the grammar can put
/// anywhere under it (as a child, in a field, or as a subtype of either) has a role that counts.
/// Comments, which may stand anywhere, are what its comment bytes are for.
#[test]
fn inert_kinds_cannot_hold_a_counted_node() {
    for &lang in Language::ALL {
        let inert = lang.spec().telltales.inert;
        if inert.is_empty() {
            continue;
        }
        let types = NodeTypes::of(lang);
        for root in inert {
            assert!(!types.under(root).is_empty(), "{lang}: `{root}` has no node types under it");
            let way = types.way_to_a_counted_kind(lang, root, |_, _, _| false);
            assert!(way.is_none(), "{lang}: a counted kind may stand under `{root}`: {way:?}");
        }
    }
}

/// The places where a type holds code, each with the telltales of which its text has one: a
/// kind, or a field of a kind (`parent.field`).
const MARKS: &[(&str, &[&str])] = &[
    ("computed_property_name", &["["]),
    ("subscript_expression", &["["]),
    ("decorator", &["@"]),
    ("non_null_expression", &["!"]),
    ("object_assignment_pattern", &["="]),
    ("assignment_pattern", &["="]),
    ("required_parameter.value", &["="]),
    ("optional_parameter.value", &["="]),
    ("type_query", &["typeof"]),
    ("export_statement", &["export"]),
    // The grammar reads `import("./x").y` in a type as a call and a member, and a parameter's
    // pattern may be a member (`(a.b) => T`, which TypeScript rejects): code in a member's
    // object is in parentheses or a call `).`, braces `}.`, a template `` `. ``, brackets, or
    // before `?.` or `!.`.
    ("call_expression", &["import", ").", "}.", "`.", "?.", "!"]),
    ("member_expression", &["import", ").", "}.", "`.", "?.", "!", "["]),
];

/// A kind of type holds code only behind a mark its telltales find ([`plumb_lang::Types`]):
/// following the kinds the grammar can put under it, every way to a counted kind passes one
/// of [`MARKS`]. A literal type's `unary_expression` is the one exception: the grammar's alias
/// of a sign and a number.
#[test]
fn types_hold_code_only_behind_a_mark() {
    for &lang in Language::ALL {
        let Some(types) = lang.spec().telltales.types else { continue };
        let nodes = NodeTypes::of(lang);
        let telltales = types.telltales;
        for (mark, marks) in MARKS {
            for telltale in *marks {
                let found = match telltale.as_bytes() {
                    [byte] => telltales.bytes.contains(byte),
                    &[first, second] if !first.is_ascii_alphabetic() => {
                        telltales.pairs.contains(&[first, second])
                    }
                    word => telltales.words.iter().any(|w| w.as_bytes() == word),
                };
                assert!(found, "{lang}: `{telltale}`, which marks `{mark}`, is no telltale of types");
            }
        }
        let marked = |parent: &str, field: Option<&str>, kind: &str| {
            let in_field = field.map(|field| format!("{parent}.{field}"));
            let sign = parent == "literal_type" && kind == "unary_expression";
            sign || MARKS.iter().any(|(mark, _)| *mark == kind || Some(*mark) == in_field.as_deref())
        };
        for root in types.kinds {
            assert!(!nodes.under(root).is_empty(), "{lang}: `{root}` has no node types under it");
            let way = nodes.way_to_a_counted_kind(lang, root, marked);
            assert!(way.is_none(), "{lang}: code may stand unmarked under `{root}`: {way:?}");
        }
    }
}

/// Each language's telltales, and those of code in its types, with what to call them.
fn every_telltales() -> Vec<(String, Telltales)> {
    let mut every = Vec::new();
    for &lang in Language::ALL {
        let telltales = lang.spec().telltales;
        every.push((lang.to_string(), telltales));
        if let Some(types) = telltales.types {
            every.push((format!("{lang} (in types)"), types.telltales));
        }
    }
    every
}

/// Comments count (as comment lines), so a language that steps over subtrees names the bytes
/// comments start with, and each is also a telltale of any kind, alone or in a pair (`<!` of
/// JavaScript's `<!--`, Lua's `--`), in the language's code and in its types.
#[test]
fn comment_bytes_are_telltales() {
    for &lang in Language::ALL {
        let language = lang.spec().telltales;
        if language.bytes.is_empty() && language.pairs.is_empty() {
            continue;
        }
        assert!(!language.comment_bytes.is_empty(), "{lang}: no comment bytes");
        let types = language.types.map(|types| types.telltales);
        for telltales in [Some(language), types].into_iter().flatten() {
            for byte in language.comment_bytes {
                let paired = telltales.pairs.iter().any(|pair| pair.contains(byte));
                assert!(
                    telltales.bytes.contains(byte) || paired,
                    "{lang}: `{}` is a comment byte only",
                    char::from(*byte)
                );
            }
        }
    }
}

/// A pair's first byte is no telltale alone (else the pair would say nothing), an exception's
/// is one, neither starts a word (the scanner reads words apart), and a language has at most
/// eight such bytes (the scanner's slots).
#[test]
fn telltale_pairs_begin_with_a_byte_that_needs_its_second() {
    for (lang, telltales) in every_telltales() {
        let mut firsts: Vec<u8> =
            telltales.pairs.iter().chain(telltales.not_before).map(|pair| pair[0]).collect();
        for &[first, second] in telltales.pairs {
            let pair = format!("{}{}", char::from(first), char::from(second));
            assert!(!telltales.bytes.contains(&first), "{lang}: `{pair}`'s first byte is a telltale alone");
            assert!(
                !telltales.not_before.iter().any(|other| other[0] == first),
                "{lang}: `{pair}` is also an exception"
            );
        }
        for &[first, second] in telltales.not_before {
            let pair = format!("{}{}", char::from(first), char::from(second));
            assert!(telltales.bytes.contains(&first), "{lang}: `{pair}` is an exception to no telltale");
        }
        for first in &firsts {
            assert!(!first.is_ascii_alphabetic() && *first != b'_', "{lang}: a pair starts a word");
        }
        firsts.sort_unstable();
        firsts.dedup();
        assert!(firsts.len() <= 8, "{lang}: {} bytes need the byte after them", firsts.len());
    }
}

/// A callee plays one role: a name listed twice would be read as the first.
#[test]
fn callees_are_listed_once() {
    for &lang in Language::ALL {
        let callees = lang.spec().callees;
        for (index, (name, _)) in callees.iter().enumerate() {
            assert!(
                !callees[..index].iter().any(|(other, _)| other == name),
                "{lang}: the callee `{name}` is listed twice"
            );
        }
    }
}
