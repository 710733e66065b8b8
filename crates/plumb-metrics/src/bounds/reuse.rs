//! A stretch parsed again with the file's tree as the old one measures as a fresh parse of it
//! does ([`super::bounded`]). The trees themselves may differ where tree-sitter recovers from
//! an error (which tokens an `ERROR` node holds, whether a template argument is read as a type
//! or a name in a stretch that does not parse): both are readings of code the grammar cannot
//! read. The functions, lines and complexities found in them are the same; the number of
//! syntax errors may not be (fmt's `core.h`, read as C: 2,059 against 2,060).

use std::path::Path;

use plumb_lang::Language;
use tree_sitter::Parser;

use super::{bounded_as, count_unread, declarations, without_export_macros};
use crate::{Counting, FileMetrics, walk};

/// Asserts that the file's metrics are the same whether its stretches are parsed again with
/// its tree as the old one or afresh; returns whether it has any stretch parsed again.
fn reparsed_alike(path: &Path) -> bool {
    let Ok(source) = std::fs::read(path) else { return false };
    // From the first 4 KB, so that some headers are read as C and others as C++ (a run reads a
    // header's language from its whole text).
    let Some(language) = Language::from_path(path, &source[..source.len().min(4096)]) else { return false };
    let Some(bounds) = language.spec().bounds.filter(|_| !language.is_component()) else { return false };
    let blanked = without_export_macros(&source, &bounds);
    let source = blanked.as_deref().unwrap_or(&source);
    let mut parser = Parser::new();
    parser.set_language(&language.grammar()).expect("a linked grammar");
    let Some(tree) = parser.parse(source, None).filter(|tree| tree.root_node().has_error()) else {
        return false;
    };
    let declarations = declarations(source, &bounds);
    let mut measure = |reuse: bool| -> (usize, FileMetrics) {
        let pieces =
            bounded_as(&mut parser, tree.clone(), source, &declarations, (&bounds, language.table()), reuse);
        let units = &declarations.units;
        let mut metrics = walk::measure(&pieces, source, (units, &[]), language, true, Counting::default());
        count_unread(&mut metrics, source, units);
        (pieces.len(), metrics)
    };
    let (reused, fresh) = (measure(true), measure(false));
    // How many errors the recovery finds in a stretch it cannot read may differ.
    let errors =
        |(pieces, metrics): (usize, FileMetrics)| (pieces, FileMetrics { syntax_errors: 0, ..metrics });
    assert_eq!(errors(reused.clone()), errors(fresh), "{}", path.display());
    reused.0 > 1
}

/// The files under `roots` with stretches parsed again, each checked; not the generated
/// parsers of tree-sitter's grammars in the registry (megabytes of tables, read whole).
fn check_under(roots: &[std::path::PathBuf]) -> usize {
    let files = roots.iter().flat_map(|root| walkdir::WalkDir::new(root).into_iter().filter_map(Result::ok));
    let small = |entry: &walkdir::DirEntry| entry.metadata().is_ok_and(|m| m.is_file() && m.len() <= 1 << 20);
    files.filter(small).filter(|entry| reparsed_alike(entry.path())).count()
}

#[test]
fn the_fixtures_misread_stretches_measure_as_a_fresh_parse_does() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let reparsed = check_under(&[fixtures]);
    assert!(reparsed >= 2, "{reparsed} fixtures with stretches parsed again");
}

#[test]
#[ignore = "corpus: reads the C, C++ and Rust of the cargo registry and of the fetched corpus"]
fn real_codes_misread_stretches_measure_as_a_fresh_parse_does() {
    let reparsed = check_under(&super::real_code());
    assert!(reparsed > 0, "{reparsed} files with stretches parsed again");
}
