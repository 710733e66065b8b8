//! The two formats no tool here writes (see `tests/data/{opencover,sonar}/SOURCE.txt`):
//! reports written by hand after the published schemas, checked against their own summaries.

#![allow(clippy::unwrap_used)]

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use plumb_coverage::resolve::Resolver;
use plumb_coverage::{Format, read};
use plumb_report::CoverageTally;

fn report(path: &str) -> plumb_coverage::Coverage {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(path);
    read(&mut BufReader::new(File::open(path).unwrap()), None).unwrap()
}

#[test]
fn opencover_matches_its_summary() {
    let coverage = report("opencover/coverage.opencover.xml");
    assert_eq!(coverage.format, Format::OpenCover);
    let file = &coverage.files["/_/src/Shapes/Geometry.cs"];
    // Lines 6-11, 15-16 and 20-21; the fifth point of Area spans lines 10 and 11.
    assert_eq!(
        file.settled(u32::MAX).lines,
        [(6, 4), (7, 4), (8, 3), (9, 1), (10, 0), (11, 0), (15, 2), (16, 2), (20, 0), (21, 0)]
            .into_iter()
            .collect()
    );
    // numBranchPoints="4" visitedBranchPoints="3"
    assert_eq!(coverage.tally(), CoverageTally { lines: 10, covered: 6, branches: 4, branches_covered: 3 });
    let functions: Vec<(&str, u32, Option<u32>, u64)> =
        file.functions.iter().map(|f| (f.name.as_str(), f.start_line, f.end_line, f.hits)).collect();
    assert_eq!(
        functions,
        [
            ("System.Double Shapes.Geometry::Area(System.String,System.Double)", 6, Some(11), 4),
            ("System.String Shapes.Geometry::Describe(System.Double)", 15, Some(16), 2),
            ("System.Boolean Shapes.Geometry::NeverTested()", 20, Some(21), 0),
        ]
    );
    // The deterministic-build prefix is mapped to the repository root.
    let files = vec!["src/Shapes/Geometry.cs".to_owned()];
    let path_map = vec![("/_/".to_owned(), String::new())];
    let resolved =
        Resolver { root: Path::new("/repo"), files: &files, path_map: &path_map }.resolve(coverage);
    assert_eq!(resolved.coverage.files.keys().collect::<Vec<_>>(), ["src/Shapes/Geometry.cs"]);
}

#[test]
fn sonar_generic_coverage() {
    let coverage = report("sonar/coverage.sonar.xml");
    assert_eq!(coverage.format, Format::Sonar);
    assert_eq!(coverage.tally(), CoverageTally { lines: 8, covered: 5, branches: 8, branches_covered: 3 });
    assert_eq!(coverage.files["src/unused.ts"].tally(1..=u32::MAX).percent(), Some(0.0));
}
