//! Malformed reports give an error naming the format (and the line when there is one), never a
//! panic: empty files, truncation, bad numbers, missing fields, XML bombs, external entities,
//! binary garbage, and every real report cut short or with bytes flipped.

#![allow(clippy::unwrap_used)]

use std::path::Path;

use plumb_coverage::resolve::Resolver;
use plumb_coverage::{Error, Format, read};

fn error(text: &[u8], format: Format) -> String {
    match read(&mut &text[..], Some(format)) {
        Ok(coverage) => panic!("{format} accepted {:?}: {coverage:?}", String::from_utf8_lossy(text)),
        Err(error) => {
            if let Error::Malformed { format: named, .. } = &error {
                assert_eq!(*named, format, "{error}");
            }
            error.to_string()
        }
    }
}

#[test]
fn empty_reports() {
    let expected = [
        (Format::Lcov, "LCOV report: no `SF:` record in the report"),
        (Format::Cobertura, "Cobertura report, line 1: no XML root element"),
        (Format::Jacoco, "JaCoCo report, line 1: no XML root element"),
        (Format::LlvmJson, "llvm-cov JSON report, line 1: the report ends too early (truncated?)"),
        (Format::Go, "Go coverprofile report: no `mode:` line: not a Go coverprofile"),
        (Format::CoveragePy, "coverage.py JSON report, line 1: the report ends too early (truncated?)"),
        (Format::Istanbul, "Istanbul JSON report, line 1: the report ends too early (truncated?)"),
        (Format::Clover, "Clover report, line 1: no XML root element"),
        (Format::OpenCover, "OpenCover report, line 1: no XML root element"),
        (Format::Sonar, "Sonar generic coverage report, line 1: no XML root element"),
    ];
    for (format, message) in expected {
        assert_eq!(error(b"", format), message);
    }
    assert_eq!(read(&mut &b""[..], None).unwrap_err().to_string(), Error::UnknownFormat.to_string());
}

#[test]
fn truncated_reports() {
    let cases: [(Format, &str, &str); 5] = [
        (
            Format::Cobertura,
            "<?xml version=\"1.0\" ?>\n<coverage>\n<packages><package name=\"p\"><classes>\n<class filename=\"a.py\"><lines><line number=\"1\" hits=\"1\"/>\n",
            "Cobertura report, line 5: the report ends inside <lines> (truncated?)",
        ),
        (
            Format::Jacoco,
            "<report name=\"x\">\n<package name=\"p\"><sourcefile name=\"A.java\"><line nr=\"1\" mi=",
            "JaCoCo report, line 2: not well-formed XML",
        ),
        (
            Format::CoveragePy,
            "{\"files\": {\"a.py\": {\"executed_lines\": [1, 2,\n",
            "coverage.py JSON report, line 2: the report ends too early (truncated?)",
        ),
        (
            Format::Istanbul,
            "{\"/a.js\": {\"statementMap\": {\"0\": {\"start\": {\"li",
            "Istanbul JSON report, line 1: the report ends too early (truncated?)",
        ),
        (
            Format::LlvmJson,
            "{\"data\": [{\"files\": [{\"filename\": \"a.rs\", \"segments\": [[1, 1, 1, tr",
            "llvm-cov JSON report, line 1:",
        ),
    ];
    for (format, text, start) in cases {
        let message = error(text.as_bytes(), format);
        assert!(message.starts_with(start), "{format}: {message}");
    }
}

#[test]
fn bad_numbers_and_missing_fields() {
    let cases: [(Format, &str, &str); 10] = [
        (
            Format::Lcov,
            "SF:a.c\nDA:1,1\nDA:2,lots\n",
            "LCOV report, line 3: `DA:2,lots`: bad hit count `lots`",
        ),
        (
            Format::Go,
            "mode: count\na.go:1.2,3.4 1 -\n",
            "Go coverprofile report, line 2: `a.go:1.2,3.4 1 -`: bad count `-`",
        ),
        (
            Format::Cobertura,
            "<coverage><packages><package><classes><class filename=\"a\"><lines>\n<line number=\"1\"/>",
            "Cobertura report, line 2: <line> without `hits`",
        ),
        (
            Format::Jacoco,
            "<report><package name=\"p\"><sourcefile name=\"A.java\">\n<line nr=\"1\" mi=\"0\" ci=\"1\" mb=\"0\"/>",
            "JaCoCo report, line 2: <line> without `cb`",
        ),
        (
            Format::Clover,
            "<coverage generated=\"1\"><project><file name=\"a\">\n<line num=\"one\" count=\"1\"/>",
            "Clover report, line 2: <line> with a bad line number num=\"one\"",
        ),
        (
            Format::OpenCover,
            "<CoverageSession><Modules><Module><Files>\n<File fullPath=\"a.cs\"/>",
            "OpenCover report, line 2: <File> without `uid`",
        ),
        (
            Format::Sonar,
            "<coverage version=\"1\">\n<file>",
            "Sonar generic coverage report, line 2: <file> without `path`",
        ),
        (
            Format::CoveragePy,
            "{\"files\": {\"a.py\": {\"missing_lines\": []}}}",
            "coverage.py JSON report, line 1: missing field `executed_lines`",
        ),
        (
            Format::Istanbul,
            "{\"a.js\": {\"s\": {}}}",
            "Istanbul JSON report, line 1: missing field `statementMap`",
        ),
        (
            Format::LlvmJson,
            "{\"data\": [{\"files\": [{\"segments\": []}]}]}",
            "llvm-cov JSON report, line 1: missing field `filename`",
        ),
    ];
    for (format, text, expected) in cases {
        assert_eq!(error(text.as_bytes(), format), expected);
    }
}

const XML_FORMATS: [(Format, &str); 5] = [
    (Format::Cobertura, "coverage"),
    (Format::Jacoco, "report"),
    (Format::Clover, "coverage"),
    (Format::OpenCover, "CoverageSession"),
    (Format::Sonar, "coverage"),
];

#[test]
fn xml_bombs_are_refused() {
    for (format, root) in XML_FORMATS {
        let bomb = format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE {root} [\n <!ENTITY a \"aaaaaaaaaa\">\n <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n \
             <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n]>\n<{root} name=\"&d;\">&d;</{root}>\n"
        );
        assert_eq!(
            error(bomb.as_bytes(), format),
            format!("{format} report, line 7: the DOCTYPE declares entities, which plumb never expands")
        );
    }
}

#[test]
fn external_entities_are_never_loaded() {
    for (format, root) in XML_FORMATS {
        let declared = format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE {root} [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<{root}>&xxe;</{root}>"
        );
        assert_eq!(
            error(declared.as_bytes(), format),
            format!("{format} report, line 2: the DOCTYPE declares entities, which plumb never expands")
        );
        // An entity used without a declaration (its DTD would be external) is not expanded either.
        let undeclared = format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE {root} SYSTEM \"http://example.com/x.dtd\">\n<{root} a=\"&ext;\"/>"
        );
        let message = error(undeclared.as_bytes(), format);
        assert!(message.starts_with(&format!("{format} report, line 3: <{root}> a:")), "{message}");
    }
}

/// A deterministic byte generator (a linear congruential generator).
struct Bytes(u64);

impl Bytes {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

#[test]
fn binary_garbage() {
    let mut bytes = Bytes(7);
    for round in 0..50 {
        let garbage: Vec<u8> = (0..200 + round * 37).map(|_| bytes.next() as u8).collect();
        for format in Format::ALL {
            let result = read(&mut &garbage[..], Some(format));
            assert!(result.is_err(), "{format} accepted garbage round {round}");
        }
        // Detection finds nothing in garbage that does not start like a report.
        let _ = read(&mut &garbage[..], None);
    }
}

#[test]
fn a_report_for_files_that_no_longer_exist() {
    let coverage = read(
        &mut &b"SF:src/gone.rs\nDA:1,1\nend_of_record\nSF:src/kept.rs\nDA:1,0\nend_of_record\n"[..],
        None,
    )
    .unwrap();
    let files = vec!["src/kept.rs".to_owned()];
    let resolved = Resolver { root: Path::new("/repo"), files: &files, path_map: &[] }.resolve(coverage);
    assert_eq!(resolved.unresolved, ["src/gone.rs"]);
    assert_eq!(resolved.coverage.files.keys().collect::<Vec<_>>(), ["src/kept.rs"]);
}

/// Every real report in `tests/data`, with its format.
fn real_reports() -> Vec<(Vec<u8>, Format, String)> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut reports = Vec::new();
    let mut pending = vec![data];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            if let Some(format) = plumb_coverage::detect(&bytes) {
                reports.push((bytes, format, path.display().to_string()));
            }
        }
    }
    reports.sort_by(|a, b| a.2.cmp(&b.2));
    reports
}

#[test]
fn cut_and_flipped_real_reports_never_panic() {
    let reports = real_reports();
    assert!(reports.len() >= 12, "{} reports", reports.len());
    let mut bytes = Bytes(42);
    for (report, format, path) in &reports {
        // Cut at 64 points across the report and at each of its first 64 bytes.
        let cuts = (0..64).map(|i| report.len() * i / 64).chain(0..64.min(report.len()));
        for cut in cuts {
            let _ = read(&mut &report[..cut], Some(*format));
        }
        // Flip bytes: 32 variants, each with 1 to 16 bytes replaced, read by every reader
        // (the large reports by their own reader only, to keep the test quick).
        for variant in 0..32 {
            let mut flipped = report.clone();
            for _ in 0..=(bytes.next() % 16) {
                let at = usize::try_from(bytes.next()).unwrap() % flipped.len();
                flipped[at] = bytes.next() as u8;
            }
            if report.len() < 32 * 1024 || variant < 4 {
                for other in Format::ALL {
                    let _ = read(&mut &flipped[..], Some(other));
                }
            } else {
                let _ = read(&mut &flipped[..], Some(*format));
            }
            let _ = read(&mut &flipped[..], None);
        }
        assert!(read(&mut &report[..], Some(*format)).is_ok(), "{path}");
    }
}
