//! Every table is checked against its grammar: a grammar upgrade that renames a node kind
//! fails here instead of silently counting 0.

use plumb_lang::{CallRole, Language, Roles};

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

/// The grammar's `node-types.json`, for the languages whose telltales name inert kinds.
fn node_types(lang: Language) -> Option<&'static str> {
    match lang {
        Language::Rust => Some(tree_sitter_rust::NODE_TYPES),
        _ => None,
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
        let text = node_types(lang).unwrap_or_else(|| panic!("{lang}: inert kinds need its node types here"));
        let types: Vec<serde_json::Value> = serde_json::from_str(text).unwrap();
        let under = |kind: &serde_json::Value| -> Vec<String> {
            let fields = kind["fields"].as_object().into_iter().flat_map(|fields| fields.values());
            fields
                .chain([&kind["children"]])
                .flat_map(|slot| slot["types"].as_array().into_iter().flatten())
                .chain(kind["subtypes"].as_array().into_iter().flatten())
                .filter(|t| t["named"] == true)
                .map(|t| t["type"].as_str().unwrap().to_owned())
                .collect()
        };
        let named = |name: &str| types.iter().find(|t| t["named"] == true && t["type"] == name);
        let (grammar, table) = (lang.grammar(), lang.table());
        for root in inert {
            let mut seen = vec![(*root).to_owned()];
            let mut pending = seen.clone();
            while let Some(kind) = pending.pop() {
                let id = grammar.id_for_node_kind(&kind, true);
                let roles = table.info(id).roles;
                assert!(
                    roles.within(Roles::PASSIVE),
                    "{lang}: `{kind}`, which counts, may stand under `{root}`"
                );
                for child in named(&kind).map(under).unwrap_or_default() {
                    if !seen.contains(&child) {
                        seen.push(child.clone());
                        pending.push(child);
                    }
                }
            }
            assert!(seen.len() > 1, "{lang}: `{root}` has no node types under it");
        }
    }
}

/// Comments count (as comment lines), so a language that steps over subtrees names the bytes
/// comments start with, and each is also a telltale of any kind, alone or in a pair (`<!` of
/// JavaScript's `<!--`, Lua's `--`).
#[test]
fn comment_bytes_are_telltales() {
    for &lang in Language::ALL {
        let telltales = lang.spec().telltales;
        if telltales.bytes.is_empty() && telltales.pairs.is_empty() {
            continue;
        }
        assert!(!telltales.comment_bytes.is_empty(), "{lang}: no comment bytes");
        for byte in telltales.comment_bytes {
            let paired = telltales.pairs.iter().any(|pair| pair.contains(byte));
            assert!(
                telltales.bytes.contains(byte) || paired,
                "{lang}: `{}` is a comment byte only",
                char::from(*byte)
            );
        }
    }
}

/// A pair's first byte is no telltale alone (else the pair would say nothing), an exception's
/// is one, neither starts a word (the scanner reads words apart), and a language has at most
/// eight such bytes (the scanner's slots).
#[test]
fn telltale_pairs_begin_with_a_byte_that_needs_its_second() {
    for &lang in Language::ALL {
        let telltales = lang.spec().telltales;
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
