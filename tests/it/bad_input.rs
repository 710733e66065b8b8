use std::fmt::Write as _;

use crate::util::{ROUTE_PY, Tree, json, stderr, stdout};

/// Every kind of bad input in one tree: each gets a warning naming the file, the good file is
/// still analysed, and warnings alone do not change the exit code.
#[test]
fn bad_files_are_warnings_and_the_run_goes_on() {
    let tree = Tree::new(&[("good.py", "def f(a):\n    return a\n")]);
    tree.write("binary.rs", b"fn main() {}\0\x01\x02\x03");
    // The first invalid byte follows "def g(x):\n" (10 bytes) and "    return '" (12 bytes).
    tree.write("latin1.py", b"def g(x):\n    return '\xe9t\xe9' if x else ''\n");
    // 10 + 300 * 10 = 3,010 bytes = 2.9 KiB.
    tree.write("huge.go", format!("package p\n{}", "// filler\n".repeat(300)).as_bytes());
    let output = tree.plumb().args(["check", "--format", "json", "--max-file-size", "1K"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stderr(&output),
        "\
warning: binary.rs: binary file; skipped
warning: huge.go: 2.9 KiB is larger than --max-file-size (1.0 KiB); skipped
warning: latin1.py: invalid UTF-8 at byte 22; measured with replacement characters
"
    );
    let document = json(&output);
    assert_eq!(document["summary"]["files"], 2);
    assert_eq!(document["summary"]["problems"], 3);
    assert_eq!(
        document["problems"][0],
        serde_json::json!({"path": "binary.rs", "message": "binary file; skipped"})
    );
    // The invalid bytes are replaced, the rest is measured: 1 + conditional = 2.
    assert_eq!(document["files"][1]["path"], "latin1.py");
    assert_eq!(document["files"][1]["functions"][0]["cyclomatic"], 2);
}

/// In C, an error inside a function is local: the function is bounded by the brace that closes
/// its body, measured from the recovered tree, and the error is counted in the JSON file entry
/// without a finding.
#[test]
fn local_syntax_errors_in_c_are_counted_not_reported() {
    // The missing `)` is the only error; the `if` is still measured from the recovered tree.
    let tree = Tree::new(&[(
        "broken.c",
        "int f(int x) {\n    if (x > 0 {\n        return 1;\n    }\n    return 0;\n}\n",
    )]);
    let output = tree.plumb().args(["check", "--format", "json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let document = json(&output);
    assert_eq!(document["findings"], serde_json::json!([]));
    assert_eq!(document["files"][0]["syntax_errors"], 1);
    assert_eq!(document["files"][0]["functions"][0]["cyclomatic"], 2);
}

/// A function whose body the parser cannot read as a block is not measured: that is reported,
/// at the start of its declaration, and the functions after it are measured.
#[test]
fn a_c_function_the_parser_cannot_read_gives_a_warning() {
    let tree = Tree::new(&[(
        "alu.c",
        "static u64 run(u64 *regs)\n{\n\tALU(ADD,  +)\n\tALU(SUB,  -)\n\treturn 0;\n}\n\nint after(int x)\n{\n\treturn x ? 1 : 2;\n}\n",
    )]);
    let output = tree.plumb().arg("check").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    insta::assert_snapshot!(stdout(&output), @r"
    warning[parse-error]: the parser could not read 1 function (first at 1:1); 4 syntax errors in the file
      --> alu.c:1:1
      |
    1 | static u64 run(u64 *regs)
      | ^ not read as a function
      |
      = help: if the code is valid, the grammar does not know this syntax or macro: suppress this finding or exclude the file

    checked 1 file, 1 function (10 lines of code) in [TIME]: 1 warning
    ");
    let output = tree.plumb().args(["check", "--format", "json"]).output().unwrap();
    let functions = &json(&output)["files"][0]["functions"];
    assert_eq!(functions.as_array().unwrap().len(), 1);
    assert_eq!(functions[0]["name"], "after");
    assert_eq!(functions[0]["cyclomatic"], 2);
}

/// Valid Rust the grammar does not read: edition 2015's `try!` (`try` is a keyword to the
/// grammar), a `cfg`-gated field in a pattern, a unit struct with a `where` clause. Each item
/// is bounded by the brace or semicolon that ends it, so the errors are local: counted, not
/// reported, and every function measured.
#[test]
fn rust_items_the_grammar_misreads_are_measured_without_a_finding() {
    let source = "mod version {\n\
                  \x20   #[cfg(test)]\n\
                  \x20   struct _Test where Error: Send + Sync;\n\
                  \n\
                  \x20   pub fn parse(text: &str) -> Result<u32, Error> {\n\
                  \x20       let n = try!(text.parse());\n\
                  \x20       if n > 9 && n < 99 { Ok(n) } else { Err(Error) }\n\
                  \x20   }\n\
                  }\n\
                  \n\
                  fn fields(s: S) -> u8 {\n\
                  \x20   let S {\n\
                  \x20       a,\n\
                  \x20       #[cfg(test)]\n\
                  \x20       b,\n\
                  \x20   } = s;\n\
                  \x20   match a { Some(x) => x, None => 0 }\n\
                  }\n";
    let tree = Tree::new(&[("lib.rs", source)]);
    let output = tree.plumb().args(["check", "--format", "json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let document = json(&output);
    assert_eq!(document["findings"], serde_json::json!([]));
    let file = &document["files"][0];
    assert!(file["syntax_errors"].as_u64().unwrap() > 0, "{file}");
    let functions: Vec<(&str, u64, u64, u64, u64)> = file["functions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let number = |key: &str| f[key].as_u64().unwrap();
            let name = f["qualified_name"].as_str().unwrap();
            (name, number("start_line"), number("end_line"), number("cyclomatic"), number("cognitive"))
        })
        .collect();
    // parse: `if` and `&&`, 1 + 2 = 3; cognitive `if` 1, `else` 1, `&&` 1. fields: the arms
    // `Some(x)` and `None` (neither is a catch-all), 1 + 2 = 3; cognitive `match` 1.
    assert_eq!(functions, [("version::parse", 5, 8, 3, 3), ("fields", 11, 18, 3, 1)]);
}

/// In languages whose declarations plumb does not delimit from the tokens, every syntax error
/// is reported, with the count and the first position.
#[test]
fn syntax_errors_give_a_warning_with_the_count_and_first_position() {
    let tree = Tree::new(&[("broken.py", "def f(x):\n    if (x > 0:\n        return 1\n    return 0\n")]);
    let output = tree.plumb().arg("check").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    insta::assert_snapshot!(stdout(&output), @r"
    warning[parse-error]: 1 syntax error (first at 2:14); metrics come from the recovered parse
      --> broken.py:2:14
      |
    2 |     if (x > 0:
      |              ^ the parser could not read this
      |
      = help: if the code is valid, the grammar does not know this syntax or macro: suppress this finding or exclude the file

    checked 1 file, 1 function (4 lines of code) in [TIME]: 1 warning
    ");
}

/// 10,000 nested `if`s: no stack overflow, exact numbers. Cyclomatic 1 + 10,000; cognitive
/// 1 + 2 + ... + 10,000 = 50,005,000; nesting 10,000.
#[test]
fn ten_thousand_deep_nesting_is_measured() {
    let depth = 10_000;
    let source = format!("function f(a) {{\n{}{}}}\n", "if (a) {\n".repeat(depth), "}\n".repeat(depth));
    let tree = Tree::new(&[("deep.js", &source)]);
    let output = tree.plumb().args(["check", "--format", "json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let function = &json(&output)["files"][0]["functions"][0];
    assert_eq!(function["cyclomatic"], 10_001);
    assert_eq!(function["cognitive"], 50_005_000);
    assert_eq!(function["max_nesting"], 10_000);
    // Deep expressions too (parentheses do not nest for cognitive complexity).
    let source = format!("x = {}1{}\n", "(".repeat(depth), ")".repeat(depth));
    tree.write("deep.py", source.as_bytes());
    let output = tree.plumb().args(["check", "--format", "short", "deep.py"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[cfg(unix)]
#[test]
fn unreadable_files_and_symlink_loops_are_warnings() {
    let tree = Tree::new(&[("good.py", "def f(a):\n    return a\n")]);
    std::os::unix::fs::symlink("missing.py", tree.join("dangling.py")).unwrap();
    std::fs::create_dir(tree.join("loop")).unwrap();
    std::os::unix::fs::symlink("..", tree.join("loop/up")).unwrap();
    // A dangling link named explicitly (as pre-commit would pass a file) cannot be read.
    let output = tree.plumb().args(["check", "good.py", "dangling.py"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stderr(&output),
        "warning: dangling.py: cannot read: No such file or directory (os error 2)\n"
    );
    // Following links, the walk meets the loop, reports it, and goes on.
    let output = tree.plumb().args(["check", "--follow-links", "--format", "json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(stderr(&output).contains("warning: loop/up: symbolic link loop; skipped"), "{}", stderr(&output));
    assert_eq!(json(&output)["summary"]["files"], 1);
}

/// A file that cannot be opened. Skipped when running as root, which can open anything.
#[cfg(unix)]
#[test]
fn permission_denied_is_a_warning() {
    use std::os::unix::fs::PermissionsExt;
    let tree = Tree::new(&[("good.py", "def f(a):\n    return a\n"), ("secret.py", "x = 1\n")]);
    let secret = tree.join("secret.py");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&secret).is_ok() {
        return; // running as root
    }
    let output = tree.plumb().arg("check").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stderr(&output), "warning: secret.py: cannot read: Permission denied (os error 13)\n");
}

/// A panic while analysing one file is reported with its path; the other files are analysed
/// and the exit code reflects only their findings. (The panic is injected by a debug-build hook.)
#[test]
fn a_panic_on_one_file_does_not_end_the_run() {
    let tree = Tree::new(&[("a.py", ROUTE_PY), ("b.py", "def f(a):\n    return a\n"), ("c.py", ROUTE_PY)]);
    let output = tree
        .plumb()
        .args(["check", "--format", "short"])
        .env("PLUMB_TEST_PANIC_ON", "b.py")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.starts_with(
            "warning: b.py: internal error while analysing (test panic requested for b.py at crates/plumb-engine/src/analyze.rs:"
        ),
        "{err}"
    );
    assert!(err.ends_with("); skipped, please report\n"), "{err}");
    assert_eq!(stdout(&output).lines().count(), 2);
}

/// Files are analysed largest first (to bound peak memory) and side by side; the report still
/// lists every file in path order, with the same metrics as when each is analysed by itself.
#[test]
fn large_files_keep_their_place_in_the_report() {
    // 40,000 `if`s of two lines and 35 bytes each: 1.4 MB, by far the largest tree, so
    // analysed first.
    let mut large = String::from("def table(x):\n    y = 0\n");
    for i in 0..40_000 {
        write!(large, "    if x == {i:07}:\n        y = 1\n").unwrap();
    }
    large.push_str("    return y\n");
    assert_eq!(large.len(), 24 + 40_000 * 35 + 13);
    let tree = Tree::new(&[("a.py", "def a(p):\n    return p or 1\n"), ("z.py", "def z():\n    pass\n")]);
    tree.write("m.py", large.as_bytes());
    let output = tree.plumb().args(["check", "--format", "json", "-j", "2"]).output().unwrap();
    let document = json(&output);
    let paths: Vec<&str> =
        document["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["a.py", "m.py", "z.py"]);
    // 1 + 40,000 ifs; a: 1 + `or`.
    assert_eq!(document["files"][1]["functions"][0]["cyclomatic"], 40_001);
    assert_eq!(document["files"][1]["lines"], 80_003);
    assert_eq!(document["files"][0]["functions"][0]["cyclomatic"], 2);
    for (index, path) in paths.iter().enumerate() {
        let alone = json(&tree.plumb().args(["check", "--format", "json", path]).output().unwrap());
        assert_eq!(alone["files"][0], document["files"][index], "{path}");
    }
}
