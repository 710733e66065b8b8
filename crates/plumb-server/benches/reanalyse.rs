//! Re-analysing an edited buffer as `plumb server` does after each pause in typing: a 5,000-line
//! file held in memory, through `Workspace::analyze_file` on one thread (configuration resolved,
//! parsed, measured, checked).
//!
//! ```text
//! cargo bench -p plumb-server --bench reanalyse [-- RUNS]
//! ```
//!
//! Prints the fastest, median and slowest of RUNS (default 30) analyses of a generated Rust
//! file and a generated Python file, each 5,000 lines of functions with branches, loops and
//! boolean operators. The target is 50 ms.
#![allow(clippy::print_stdout, clippy::unwrap_used)]

use std::time::{Duration, Instant};

use plumb_engine::{RunOptions, Workspace};

/// A 5,000-line file: functions of 20 lines with nested decisions.
fn generate(rust: bool) -> String {
    let mut text = String::new();
    for n in 0..250 {
        let body = if rust {
            format!(
                "fn f{n}(a: i32, b: i32, items: &[i32]) -> i32 {{\n    let mut total = 0;\n    if a > 0 && b > 0 {{\n        for x in items {{\n            if *x > a || *x < b {{\n                total += x;\n            }} else if *x == 0 {{\n                continue;\n            }}\n        }}\n    }}\n    match a {{\n        0 | 1 => total += 1,\n        _ => {{}}\n    }}\n    while total > 100 {{\n        total /= 2;\n    }}\n    total\n}}\n"
            )
        } else {
            format!(
                "def f{n}(a, b, items):\n    total = 0\n    if a > 0 and b > 0:\n        for x in items:\n            if x > a or x < b:\n                total += x\n            elif x == 0:\n                continue\n    # a comment line\n    try:\n        total = total // a\n    except ZeroDivisionError:\n        total = 0\n    while total > 100:\n        total //= 2\n    return total if total else None\n\n\n\n\n"
            )
        };
        text.push_str(&body);
    }
    assert_eq!(text.lines().count(), 5000);
    text
}

fn measure(ws: &Workspace, name: &str, text: &str, runs: usize) {
    let options = RunOptions::default();
    let mut times: Vec<Duration> = (0..runs + 3)
        .map(|_| {
            let started = Instant::now();
            let analysed =
                ws.analyze_file(name.as_ref(), Some(text.as_bytes().to_vec()), None, &options).unwrap();
            let elapsed = started.elapsed();
            assert_eq!(analysed.unwrap().checked.unwrap().file.functions.len(), 250);
            elapsed
        })
        .skip(3) // warm-up: the grammar's tables, the configuration read once
        .collect();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{name}: 5000 lines, {} bytes: fastest {:.1} ms, median {:.1} ms, slowest {:.1} ms ({runs} runs)",
        text.len(),
        ms(times[0]),
        ms(times[runs / 2]),
        ms(times[runs - 1])
    );
}

fn main() {
    let runs = std::env::args().skip(1).find_map(|arg| arg.parse().ok()).unwrap_or(30);
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(dir.path());
    measure(&ws, "src/edited.rs", &generate(true), runs);
    measure(&ws, "src/edited.py", &generate(false), runs);
}
