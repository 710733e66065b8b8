//! Every table is checked against its grammar: a grammar upgrade that renames a node kind
//! fails here instead of silently counting 0.

use plumb_lang::{Language, Roles};

#[test]
fn every_name_in_every_table_exists_in_its_grammar() {
    for &lang in Language::ALL {
        let unknown = lang.unknown_names();
        assert!(unknown.is_empty(), "{lang}: names the grammar does not have: {unknown:?}");
    }
}

#[test]
fn every_language_has_functions_comments_branches_and_loops() {
    for &lang in Language::ALL {
        let spec = lang.spec();
        assert!(!spec.functions.is_empty(), "{lang}: no functions");
        assert!(!spec.comments.is_empty(), "{lang}: no comments");
        assert!(!spec.ifs.is_empty(), "{lang}: no ifs");
        assert!(!spec.loops.is_empty(), "{lang}: no loops");
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
