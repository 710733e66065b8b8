//! The path-resolution examples in `docs/coverage.md` are checked: every row of the table
//! resolves as the table says, against the repository the paragraph above it describes.

#![allow(clippy::unwrap_used)]

use std::path::Path;

use plumb_coverage::resolve::Resolver;
use plumb_coverage::{Coverage, Format};

/// The texts between backticks.
fn quoted(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

#[test]
fn resolution_examples_hold() {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/coverage.md"))
        .unwrap();
    let examples = &doc[doc.find("### Examples").unwrap()..];
    let setup = &examples[..examples.find("| report path").unwrap()];
    let mut names = quoted(setup).into_iter();
    let root = names.next().unwrap();
    let files: Vec<String> = names.map(str::to_owned).collect();
    assert_eq!(files.len(), 6, "{files:?}");
    let mut rows = 0;
    for row in examples.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let (path, roots, expected) = (quoted(cells[1])[0], quoted(cells[2]), cells[3]);
        let mut coverage = Coverage::new(Format::Lcov);
        coverage.file(path).add_line_hits(1, 1);
        coverage.roots = roots.iter().map(|&r| r.to_owned()).collect();
        let resolved = Resolver { root: Path::new(root), files: &files, path_map: &[] }.resolve(coverage);
        let outcome = if let Some(file) = resolved.coverage.files.keys().next() {
            format!("`{file}`")
        } else if !resolved.unresolved.is_empty() {
            "unresolved".to_owned()
        } else if !resolved.outside.is_empty() {
            "outside".to_owned()
        } else {
            let (_, candidates) = &resolved.ambiguous[0];
            let firsts: Vec<String> =
                candidates.iter().map(|c| format!("`{}/…`", c.split('/').next().unwrap())).collect();
            format!("ambiguous: {}", firsts.join(", "))
        };
        assert_eq!(outcome, expected, "{row}");
        rows += 1;
    }
    assert_eq!(rows, 11);
}
