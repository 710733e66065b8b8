//! Reports whose regions claim far more lines than their size: each region stays one range of
//! lines until a file's length cuts it, so memory follows the report's size. One test in its
//! own process, so that the peak memory it reads is its own. (Time is measured by
//! `scripts/bench-coverage.sh`, not here.)

#![allow(clippy::unwrap_used)]

use std::fmt::Write as _;

use plumb_coverage::{Format, read};

/// The process's peak resident memory so far, in KiB (`VmHWM`), where Linux tells it.
fn peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// 500 Go blocks of 10,000 lines each, one after the other: 5 million lines, were they spread
/// one entry a line.
fn go_profile() -> String {
    let mut profile = String::from("mode: count\n");
    for block in 0..500 {
        let first = 1 + block * 10_000;
        let _ = writeln!(profile, "example.com/m/app.go:{first}.1,{}.2 1 {}", first + 9_999, block + 1);
    }
    profile
}

/// 50 llvm-cov regions, each wrapping over 99,999 lines without a segment of their own.
fn llvm_export() -> String {
    let segments: Vec<String> = (0..50)
        .flat_map(|i| {
            let start = 1 + i * 100_000;
            [
                format!("[{start},1,{},true,true,false]", i + 1),
                format!("[{},1,0,false,false,false]", start + 99_999),
            ]
        })
        .collect();
    format!(
        "{{\"type\": \"llvm.coverage.json.export\", \"version\": \"2.0.1\", \"data\": [{{\"files\": [{{\"filename\": \"/w/app.rs\", \"segments\": [{}]}}]}}]}}",
        segments.join(",")
    )
}

/// 500 OpenCover sequence points of 10,000 lines each, one after the other.
fn opencover_session() -> String {
    let mut points = String::new();
    for point in 0..500 {
        let first = 1 + point * 10_000;
        let last = first + 9_999;
        let _ = write!(points, "<SequencePoint vc=\"1\" sl=\"{first}\" el=\"{last}\" fileid=\"1\"/>");
    }
    format!(
        "<CoverageSession><Modules><Module><Files><File uid=\"1\" fullPath=\"C:\\src\\App.cs\"/></Files><Classes><Class><Methods>\
         <Method><Name>App::Run()</Name><FileRef uid=\"1\"/><SequencePoints>{points}</SequencePoints></Method>\
         </Methods></Class></Classes></Module></Modules></CoverageSession>"
    )
}

#[test]
fn regions_stay_ranges_until_a_file_cuts_them() {
    let before = peak_kib();
    for (report, format, path, lines) in [
        (go_profile(), Format::Go, "example.com/m/app.go", 5_000_000),
        (llvm_export(), Format::LlvmJson, "/w/app.rs", 5_000_000),
        (opencover_session(), Format::OpenCover, r"C:\src\App.cs", 5_000_000),
    ] {
        assert!(report.len() < 64 * 1024, "{format:?}: the report is small ({} bytes)", report.len());
        let coverage = read(&mut report.as_bytes(), Some(format)).unwrap();
        let file = &coverage.files[path];
        // Every line the regions claim counts as measured, without a map entry for each...
        assert_eq!(file.tally(1..=u32::MAX).lines, lines, "{format:?}");
        assert!(file.lines.len() <= 100 && file.runs.len() <= 1_000, "{format:?}: {} runs", file.runs.len());
        // ...and a file of 7 lines keeps 7 of them, all covered.
        let settled = file.settled(7);
        assert_eq!((settled.measured_lines(), settled.covered_lines()), (7, 7), "{format:?}");
        assert_eq!(settled.lines.keys().copied().collect::<Vec<_>>(), (1..=7).collect::<Vec<_>>());
    }
    // Spread one entry a line, the 15 million lines would take hundreds of MiB.
    if let (Some(before), Some(after)) = (before, peak_kib()) {
        assert!(after - before < 32 * 1024, "peak memory grew by {} KiB", after - before);
    }
}
