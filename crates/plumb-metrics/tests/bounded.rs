//! What a hostile file costs is bounded by its size, not its shape: deeply nested closures and
//! long lines. One test in this binary, so that the process's peak memory is this test's.

use std::fmt::Write as _;

use plumb_lang::Language;
use plumb_metrics::{Analyzer, Counting, FileMetrics, NestedFunctions};

/// Resets the process's peak resident set size (Linux 4.0+); `false` where that cannot be done.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok() && peak_bytes().is_some()
}

/// The peak resident set size since the last reset (`VmHWM`), on Linux.
fn peak_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    Some(line.split_whitespace().nth(1)?.parse::<u64>().ok()? * 1024)
}

/// Analyses `source`; with the growth of the process's peak memory, when it can be measured.
fn measure(source: &str, language: Language) -> (FileMetrics, Option<u64>) {
    measure_with(source, language, Counting::default())
}

/// [`measure`] with counting conventions.
fn measure_with(source: &str, language: Language, counting: Counting) -> (FileMetrics, Option<u64>) {
    let measured = reset_peak();
    let before = peak_bytes();
    let metrics = Analyzer::new().analyze_with(source.as_bytes(), language, counting);
    let growth = before.zip(peak_bytes()).filter(|_| measured).map(|(before, after)| after - before);
    (metrics, growth)
}

#[test]
fn nested_closures_and_long_lines_cost_what_their_size_suggests() {
    // 4,000 nested closures on one line, in three languages. Each function's qualified name
    // held its whole chain of parents: 4,000 names of up to 4,000 segments, some 90 MB of names
    // for a 12 KB file. Now a name has at most 16 segments and an ellipsis.
    let depth = 4_000;
    let cases = [
        (
            format!("fn f() {{\n    let g = {}1;\n}}\n", "|| ".repeat(depth)),
            Language::Rust,
            "::",
            "<closure>",
        ),
        (
            format!("function f() {{\n  const g = {}1;\n}}\n", "() => ".repeat(depth)),
            Language::JavaScript,
            ".",
            "<arrow>",
        ),
        (format!("def f():\n    g = {}1\n", "lambda: ".repeat(depth)), Language::Python, ".", "<lambda>"),
    ];
    for (source, language, separator, anonymous) in &cases {
        let (metrics, growth) = measure(source, *language);
        // `f`, `g` (the closure bound to `g`), then 3,999 anonymous ones.
        assert_eq!(metrics.functions.len(), depth + 1, "{language:?}");
        if let Some(growth) = growth {
            assert!(growth < 32 << 20, "{language:?}: the peak grew by {} MB", growth >> 20);
        }
        let names: usize = metrics.functions.iter().map(|f| f.qualified_name.len() + f.name.len()).sum();
        assert!(names < depth * 200, "{language:?}: {names} bytes of names");
        let deepest = metrics.functions.last().unwrap();
        assert_eq!(deepest.name, format!("{} in g>", anonymous.trim_end_matches('>')), "{language:?}");
        // f, g, four more, the ellipsis, the nine innermost parents and the function itself.
        let expected: Vec<&str> =
            ["f", "g"].into_iter().chain([*anonymous; 4]).chain(["…"]).chain([*anonymous; 10]).collect();
        assert_eq!(deepest.qualified_name, expected.join(separator), "{language:?}");
        // Whole below the cap: g's 13th nested closure has 16 segments.
        let whole: Vec<&str> = ["f", "g"].into_iter().chain([*anonymous; 14]).collect();
        assert_eq!(metrics.functions[15].qualified_name, whole.join(separator));
        assert_eq!(metrics.functions[16].qualified_name.split(separator).nth(6), Some("…"));
    }

    // 4,000 nested arrow functions, each with an `if`, their increments included in every
    // enclosing function: each nested function is one increment of its parent, so the lists
    // hold two increments a function, not one per `if` inside it (some 8 million).
    let source =
        format!("function f(x) {{\n{}{}}}\n", "(() => { if (x) {} ".repeat(depth), "})".repeat(depth));
    let include = Counting { nested_functions: NestedFunctions::Include, ..Counting::default() };
    let (metrics, growth) = measure_with(&source, Language::JavaScript, include);
    assert_eq!(metrics.functions.len(), depth + 1);
    let increments: usize = metrics.functions.iter().map(|f| f.increments.len()).sum();
    assert_eq!(increments, 2 * depth);
    if let Some(growth) = growth {
        assert!(growth < 32 << 20, "nested functions included: the peak grew by {} MB", growth >> 20);
    }
    // The innermost arrow's `if` is +1 there; the outermost arrow's increments add 1 + 2 + ... + 4,000.
    assert_eq!(metrics.functions[depth].cognitive, 1);
    let depth = depth as u32;
    assert_eq!(metrics.functions[1].cognitive, depth * (depth + 1) / 2);

    // One line of 200,000 `&&` (1.2 MB): each decision point's column used to be counted from the
    // start of the line. Its columns are exact, in ASCII and after a non-ASCII prefix (`é` is
    // 2 bytes, 1 scalar, 1 UTF-16 unit; `𝒇` 4 bytes, 1 scalar, 2 units).
    let operators = 200_000;
    for (prefix, scalars, units) in [("", 0, 0), ("é𝒇", 2, 3)] {
        let source = format!("x = '{prefix}' or {}a\n", "a and ".repeat(operators));
        let (metrics, _) = measure(&source, Language::Python);
        let module = &metrics.functions[0];
        assert_eq!(module.decision_points.len(), operators + 1);
        // `x = '` is 5 characters, then the prefix, then `' or `: `or` is at column 8 past the
        // prefix. The k-th `and` is at 10 + 6 (k - 1) + 2 characters past it, column 13 + ....
        let or = module.decision_points[0].span.start;
        assert_eq!((or.column, or.utf16_column), (8 + scalars, 8 + units));
        let last = module.decision_points[operators].span.start;
        let column = 13 + 6 * (operators as u32 - 1);
        assert_eq!((last.column, last.utf16_column), (column + scalars, column + units));
    }

    // 2,000 nested namespaces, each with a function the grammar runs on past its body: each
    // stretch parsed again is named inside the scopes around it, which are read once each and
    // kept only as far as a qualified name shows them (the whole chain for every stretch was
    // 2,000 x 1,000 names, and as many parses).
    let depth = 2_000;
    let mut source = String::new();
    for i in 0..depth {
        let _ = write!(
            source,
            "namespace a{i} {{\nint f{i}(int x)\n{{\n\tdo {{\n\t\tif (x)\n\t\t\tbreak;\n\t}} while_each(p);\n\treturn 0;\n}}\n"
        );
    }
    source.push_str(&"}\n".repeat(depth));
    let (metrics, growth) = measure(&source, Language::Cpp);
    assert_eq!(metrics.functions.len(), depth);
    assert_eq!(metrics.structural_errors, 0);
    assert_eq!(metrics.functions[0].qualified_name, "a0::f0");
    // The six outermost namespaces, the ellipsis, the nine innermost and the function.
    let inner: Vec<String> = (depth - 9..depth).map(|i| format!("a{i}")).collect();
    let expected = format!("a0::a1::a2::a3::a4::a5::…::{}::f{}", inner.join("::"), depth - 1);
    assert_eq!(metrics.functions[depth - 1].qualified_name, expected);
    if let Some(growth) = growth {
        assert!(growth < 64 << 20, "nested namespaces: the peak grew by {} MB", growth >> 20);
    }

    // 50,000 comments that a binding holds directly, among its parameters and before its `=`:
    // each search among a binding's children (whether it has a parameter, where its signature
    // ends, how many parameters it has) started again from its first child for each, 1.25
    // billion steps; past its first children, a search now goes on with a cursor.
    let comments = "(* c *) ".repeat(50_000);
    let source = format!("let f x {comments}y = x + y\nlet v {comments}= 1\n");
    let (metrics, _) = measure(&source, Language::OCaml);
    let names: Vec<(&str, u32)> = metrics.functions.iter().map(|f| (f.name.as_str(), f.params)).collect();
    // `f`, with its two parameters; `v` has none, and is a value.
    assert_eq!(names, [("f", 2)]);
    assert_eq!((metrics.lines, metrics.code, metrics.comments), (2, 2, 0));

    // 50,000 comments in one C `#define`, on one line, then each on a line of its own: each is
    // blanked once, and each line read once (see `defines.rs`).
    let function = "int f(int a) { return a ? 1 : 2; }\n";
    let one_line = format!("#define M do {{ {}}} while (0)\n{function}", "/* c */ x; ".repeat(50_000));
    let own_lines = format!("#define M \\\n{}  1\n{function}", "  /* c */ \\\n".repeat(50_000));
    for (source, lines, code, comments) in [(one_line, 2, 2, 0), (own_lines, 50_003, 3, 50_000)] {
        let (metrics, _) = measure(&source, Language::C);
        let functions: Vec<(&str, u32)> =
            metrics.functions.iter().map(|f| (f.name.as_str(), f.cyclomatic)).collect();
        assert_eq!(functions, [("f", 2)]);
        assert_eq!(
            (metrics.lines, metrics.code, metrics.comments, metrics.syntax_errors),
            (lines, code, comments, 0)
        );
    }

    // 5,000 conditionals nested in a function's block, each branch opening it again: the
    // function is read from each one's first branch, and each line is read once, whatever the
    // depth (see `bounds/branches.rs`).
    let depth = 5_000;
    let source = format!(
        "int f(int a)\n{{\n{}\tif (a) {{\n{}\ta++;\n}}\n}}\nint g(int c)\n{{\n\treturn c ? 1 : 0;\n}}\n",
        "#ifdef A\n".repeat(depth),
        "#else\n\t{\n#endif\n".repeat(depth),
    );
    let (metrics, _) = measure(&source, Language::C);
    let functions: Vec<(&str, u32, u32)> =
        metrics.functions.iter().map(|f| (f.name.as_str(), f.cyclomatic, f.span.end.line)).collect();
    assert_eq!(functions, [("f", 2, 20_006), ("g", 2, 20_010)]);

    // 2,000 Scala definitions nested in indented bodies, each body running on over a comment to
    // the end of the file: each ends on the line of the innermost body's `1` (line 4,002), which
    // is looked for once for them all (see `walk/ends.rs`), and has its two curried parameters.
    let depth = 2_000;
    let mut source = String::from("object Deep:\n");
    for level in 1..=depth {
        let indent = " ".repeat(level);
        let _ = write!(source, "{indent}def f{level}(x: Int)(y: Int): Int =\n{indent} // note\n");
    }
    let _ = writeln!(source, "{} 1\n\n // tail", " ".repeat(depth + 1));
    let (metrics, _) = measure(&source, Language::Scala);
    assert_eq!(metrics.functions.len(), depth);
    let ends: Vec<(u32, u32)> = metrics.functions.iter().map(|f| (f.span.end.line, f.params)).collect();
    assert!(ends.iter().all(|&end| end == (4_002, 2)), "{:?}", &ends[..4]);
}
