use serde_json::json;

use crate::util::{NESTED_JS, ROUTE_PY, Tree, json, stderr, stdout};

#[test]
fn clean_code_exits_0() {
    let tree = Tree::new(&[("ok.py", "def f(a):\n    return a or 1\n")]);
    let output = tree.plumb().arg("check").output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "checked 1 file, 1 function (2 lines of code) in [TIME]: no findings\n");
}

#[test]
fn an_error_level_finding_exits_1_with_a_compiler_style_diagnostic() {
    let tree = Tree::new(&[("app.py", ROUTE_PY)]);
    let output = tree.plumb().arg("check").output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&output), @r"
    error[cyclomatic-complexity]: `route` has a cyclomatic complexity of 11 (> 10)
      --> app.py:1:1
      |
    1 | def route(request, user):
      | ^^^^^^^^^^^^^^^^^^^^^^^^^ cyclomatic complexity 11
      |
      = 11 = 1 + 10 decision points: `if` 2:5, `and` 2:32, `elif` 4:5, `or` 4:35, `for` 6:5, `if` 7:9, `and` 7:36, `while` 9:5, `except` 13:5, `if` 15:14
      = help: split `route` into smaller functions, or replace branches on one value with a lookup table

    checked 1 file, 1 function (15 lines of code) in [TIME]: 1 error
    ");
}

#[test]
fn verbose_labels_every_decision_point() {
    let tree = Tree::new(&[("app.py", ROUTE_PY)]);
    let output = tree.plumb().args(["check", "--verbose"]).output().unwrap();
    let text = stdout(&output);
    assert!(text.contains("  --                         --- +1 and\n"), "{text}");
    assert!(text.contains("  +1 if\n"), "{text}");
    assert!(text.contains("  ------ +1 catch\n"), "{text}");
    assert!(text.contains("  -- +1 conditional\n"), "{text}");
}

#[test]
fn verbose_labels_every_cognitive_increment_with_its_nesting() {
    let tree = Tree::new(&[("web/nested.js", NESTED_JS)]);
    let output = tree.plumb().args(["check", "--verbose", "--no-summary"]).output().unwrap();
    // Six nested `if`s: each adds 1 + its nesting, 1 + 2 + 3 + 4 + 5 + 6 = 21.
    insta::assert_snapshot!(stdout(&output), @r"
    warning[cognitive-complexity]: `nested` has a cognitive complexity of 21 (> 15); the largest increments: `if` at 7:13 (+6), `if` at 6:11 (+5), `if` at 5:9 (+4)
      --> web/nested.js:1:1
      |
    1 | function nested(a) {
      | ^^^^^^^^^^^^^^^^^^ cognitive complexity 21
    2 |   if (a > 1) {
      |   -- +1 if
    3 |     if (a > 2) {
      |     -- +2 if (nesting 1)
    4 |       if (a > 3) {
      |       -- +3 if (nesting 2)
    5 |         if (a > 4) {
      |         -- +4 if (nesting 3)
    6 |           if (a > 5) {
      |           -- +5 if (nesting 4)
    7 |             if (a > 6) {
      |             -- +6 if (nesting 5)
      |
      = 21 = 6 increments: `if` 2:3 +1, `if` 3:5 +2 (nesting 1), `if` 4:7 +3 (nesting 2), `if` 5:9 +4 (nesting 3), `if` 6:11 +5 (nesting 4), `if` 7:13 +6 (nesting 5)
      = help: return early instead of nesting, and extract nested blocks into named functions

    warning[nesting-depth]: `nested` nests control flow 6 deep (> 4)
      --> web/nested.js:1:1
      |
    1 | function nested(a) {
      | ^^^^^^^^^^^^^^^^^^ nesting depth 6
      |
      = help: return or continue early, and extract inner loops into functions
    ");
}

#[test]
fn warnings_alone_exit_0() {
    let tree = Tree::new(&[("web/nested.js", NESTED_JS)]);
    let output = tree.plumb().args(["check", "--format", "short"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stdout(&output),
        "web/nested.js:1:1: warning[cognitive-complexity]: `nested` has a cognitive complexity of 21 (> 15); \
         the largest increments: `if` at 7:13 (+6), `if` at 6:11 (+5), `if` at 5:9 (+4)\n\
         web/nested.js:1:1: warning[nesting-depth]: `nested` nests control flow 6 deep (> 4)\n"
    );
}

#[test]
fn thresholds_are_flags() {
    let tree = Tree::new(&[("app.py", ROUTE_PY), ("web/nested.js", NESTED_JS)]);
    let output = tree
        .plumb()
        .args(["check", "--format=short", "--max-cyclomatic", "11", "--max-cognitive", "21"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stdout(&output),
        "web/nested.js:1:1: warning[nesting-depth]: `nested` nests control flow 6 deep (> 4)\n"
    );
    let output = tree.plumb().args(["check", "--format=short", "--max-cyclomatic=6"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stdout(&output),
        "app.py:1:1: error[cyclomatic-complexity]: `route` has a cyclomatic complexity of 11 (> 6)\n\
         web/nested.js:1:1: warning[cognitive-complexity]: `nested` has a cognitive complexity of 21 (> 15); \
         the largest increments: `if` at 7:13 (+6), `if` at 6:11 (+5), `if` at 5:9 (+4)\n\
         web/nested.js:1:1: error[cyclomatic-complexity]: `nested` has a cyclomatic complexity of 7 (> 6)\n\
         web/nested.js:1:1: warning[nesting-depth]: `nested` nests control flow 6 deep (> 4)\n"
    );
}

#[test]
fn json_document_has_the_documented_shape_and_values() {
    let tree = Tree::new(&[("app.py", ROUTE_PY)]);
    let output = tree.plumb().args(["check", "--format", "json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let document = json(&output);
    let decision = |kind: &str, line: u32, column: u32| json!({"kind": kind, "line": line, "column": column});
    // Each decision point adds 1 to cyclomatic complexity; each construct adds 1 to cognitive
    // complexity, plus its nesting for the `if` at 7:9 (in the `for`).
    let both = |kind: &str, line: u32, column: u32, nesting: u32| {
        let adds = if kind == "if" { 1 + nesting } else { 1 };
        [
            json!({"metric": "cyclomatic", "line": line, "column": column, "kind": kind, "adds": 1, "nesting": nesting}),
            json!({"metric": "cognitive", "line": line, "column": column, "kind": kind, "adds": adds, "nesting": nesting}),
        ]
    };
    let increments: Vec<_> = [
        both("if", 2, 5, 0),
        both("and", 2, 32, 0),
        both("else-if", 4, 5, 0),
        both("or", 4, 35, 0),
        both("loop", 6, 5, 0),
        both("if", 7, 9, 1),
        both("and", 7, 36, 1),
        both("loop", 9, 5, 0),
        both("catch", 13, 5, 0),
        both("conditional", 15, 14, 0),
    ]
    .into_iter()
    .flatten()
    .collect();
    assert_eq!(
        document,
        json!({
            "schema_version": 1,
            "files": [{
                "path": "app.py",
                "language": "python",
                "lines": 15, "code": 15, "comments": 0, "blanks": 0, "syntax_errors": 0,
                "counting": {"cyclomatic_variant": "classic", "count_boolean_operators": true, "nested_functions": "exclude"},
                "functions": [{
                    "name": "route",
                    "qualified_name": "route",
                    "start_line": 1, "start_column": 1, "end_line": 15,
                    "cyclomatic": 11, "cognitive": 11,
                    "lines": 15, "code": 15, "params": 2, "max_nesting": 2, "returns": 5, "early_exits": 0,
                    "decision_points": [
                        decision("if", 2, 5), decision("and", 2, 32),
                        decision("else-if", 4, 5), decision("or", 4, 35),
                        decision("loop", 6, 5), decision("if", 7, 9), decision("and", 7, 36),
                        decision("loop", 9, 5), decision("catch", 13, 5), decision("conditional", 15, 14),
                    ],
                    "increments": increments,
                }],
            }],
            "findings": [{
                "rule": "cyclomatic-complexity",
                "level": "error",
                "path": "app.py",
                "start_line": 1, "start_column": 1, "end_line": 1, "end_column": 26,
                "message": "`route` has a cyclomatic complexity of 11 (> 10)",
                "function": "route",
                "value": 11,
                "threshold": 10,
                // FNV-1a 64 of "cyclomatic-complexity\0app.py\0route\00", computed in Python.
                "fingerprint": "c0d773d6f6ba3fcb",
            }],
            "problems": [],
            "summary": {
                "files": 1, "functions": 1, "lines": 15, "code": 15, "comments": 0, "blanks": 0,
                "errors": 1, "warnings": 0, "notes": 0, "problems": 0,
            },
        })
    );
}

#[test]
fn increments_can_be_left_out_of_the_json_document() {
    let tree = Tree::new(&[("app.py", ROUTE_PY)]);
    let full = json(&tree.plumb().args(["check", "--format", "json"]).output().unwrap());
    let output = tree.plumb().args(["check", "--format", "json", "--no-increments"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let mut expected = full.clone();
    let function = expected["files"][0]["functions"][0].as_object_mut().unwrap();
    assert_eq!(function.remove("increments").unwrap().as_array().unwrap().len(), 20);
    assert_eq!(json(&output), expected);
}

#[test]
fn fingerprints_do_not_depend_on_line_numbers() {
    let tree = Tree::new(&[("app.py", ROUTE_PY)]);
    let before = json(&tree.plumb().args(["check", "--format", "json"]).output().unwrap());
    tree.write("app.py", format!("import os\n\n\n{ROUTE_PY}").as_bytes());
    let after = json(&tree.plumb().args(["check", "--format", "json"]).output().unwrap());
    assert_eq!(after["findings"][0]["start_line"], 4);
    assert_eq!(before["findings"][0]["fingerprint"], after["findings"][0]["fingerprint"]);
}

#[test]
fn paths_are_relative_to_the_working_directory_when_inside_it() {
    let tree = Tree::new(&[("src/app.py", ROUTE_PY)]);
    let absolute = tree.join("src/app.py");
    let output = tree.plumb().args(["check", "--format", "short"]).arg(&absolute).output().unwrap();
    assert!(stdout(&output).starts_with("src/app.py:1:1: "), "{}", stdout(&output));
    let output = tree.plumb().args(["check", "--format", "short", "./src"]).output().unwrap();
    assert!(stdout(&output).starts_with("src/app.py:1:1: "), "{}", stdout(&output));
}

#[test]
fn output_is_the_same_whatever_the_thread_count() {
    let mut files = Vec::new();
    for i in 0..40 {
        files.push((format!("m{i:02}/app.py"), ROUTE_PY));
        files.push((format!("m{i:02}/nested.js"), NESTED_JS));
    }
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), *t)).collect();
    let tree = Tree::new(&borrowed);
    let one = tree.plumb().args(["check", "--format", "json", "-j", "1"]).output().unwrap();
    let four = tree.plumb().args(["check", "--format", "json", "-j", "4"]).output().unwrap();
    assert_eq!(one.stdout, four.stdout);
    assert_eq!(json(&one)["summary"]["files"], 80);
}

#[test]
fn gitignored_files_are_skipped_but_named_files_are_always_analysed() {
    let tree = Tree::new(&[(".gitignore", "build/\n"), ("build/gen.py", ROUTE_PY), ("src/ok.py", "x = 1\n")]);
    let output = tree.plumb().args(["check", "--format", "json"]).output().unwrap();
    assert_eq!(json(&output)["summary"]["files"], 1);
    let output = tree.plumb().args(["check", "--format", "short", "build/gen.py"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).starts_with("build/gen.py:1:1: error[cyclomatic-complexity]"));
}

#[test]
fn extensionless_scripts_are_detected_by_shebang() {
    let tree =
        Tree::new(&[("bin/tool", &format!("#!/usr/bin/env python3\n{ROUTE_PY}")), ("bin/notes", "hello\n")]);
    let output = tree.plumb().args(["check", "--format", "json"]).output().unwrap();
    let document = json(&output);
    assert_eq!(document["files"][0]["path"], "bin/tool");
    assert_eq!(document["files"][0]["language"], "python");
    assert_eq!(document["summary"]["files"], 1);
}

/// A `.h` header is C++ when its code is, however long the comment before it (system headers
/// start with a licence); C that names a variable `class` stays C.
#[test]
fn headers_are_cpp_when_their_code_is() {
    let licence =
        format!("/*{} */\n", "\n * This class library is free software; see the licence.".repeat(20));
    let lexer = format!(
        "{licence}#ifndef LEXER_H\n#define LEXER_H\nclass LEXER_EXPORT Lexer {{\npublic:\n    virtual ~Lexer() {{ }}\n    \
         int lineno() const {{ return line > 0 ? line : 1; }}\nprotected:\n    int line;\n}};\n#endif\n"
    );
    let tree =
        Tree::new(&[("Lexer.h", &lexer), ("lock.h", "struct lock_class *class;\nint lock(int new);\n")]);
    let output = tree.plumb().args(["check", "--format", "json"]).output().unwrap();
    let document = json(&output);
    assert_eq!(document["files"][0]["path"], "Lexer.h");
    assert_eq!(document["files"][0]["language"], "cpp");
    let names: Vec<(&str, u64)> = document["files"][0]["functions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["qualified_name"].as_str().unwrap(), f["cyclomatic"].as_u64().unwrap()))
        .collect();
    // `~Lexer` 1; `lineno` 1 + `?:` = 2.
    assert_eq!(names, [("Lexer::~Lexer", 1), ("Lexer::lineno", 2)]);
    assert_eq!(document["files"][1]["language"], "c");
}

/// libstdc++'s headers open their namespaces with a macro call after the name
/// (`namespace std _GLIBCXX_VISIBILITY(default)`): the namespace is a namespace, not one
/// function named after the macro, and each function in it is measured on its own, with its
/// name, even where a macro before its return type makes the grammar read `T f` as `T::f`.
#[test]
fn a_macro_after_a_namespace_name_leaves_it_a_namespace() {
    let header = r"// Shaped as libstdc++'s bits/stl_algo.h.
#include <bits/stl_heap.h>

namespace std _GLIBCXX_VISIBILITY(default)
{
_GLIBCXX_BEGIN_NAMESPACE_VERSION

  /// Provided for stable_partition to use.
  template<typename _InputIterator, typename _Predicate>
    _GLIBCXX20_CONSTEXPR
    inline _InputIterator
    __find_if_not(_InputIterator __first, _InputIterator __last,
		  _Predicate __pred)
    {
      return std::__find_if(__first, __last,
			    __gnu_cxx::__ops::__negate(__pred),
			    std::__iterator_category(__first));
    }

  template<typename _InputIterator, typename _Predicate, typename _Distance>
    _GLIBCXX20_CONSTEXPR
    _InputIterator
    __find_if_not_n(_InputIterator __first, _Distance& __len, _Predicate __pred)
    {
      for (; __len; --__len,  (void) ++__first)
	if (!__pred(__first))
	  break;
      return __first;
    }

  template<typename _RandomAccessIterator, typename _Compare>
    _GLIBCXX20_CONSTEXPR
    void
    __heap_select(_RandomAccessIterator __first,
		  _RandomAccessIterator __middle,
		  _RandomAccessIterator __last, _Compare __comp)
    {
      std::__make_heap(__first, __middle, __comp);
      for (_RandomAccessIterator __i = __middle; __i < __last; ++__i)
	if (__comp(__i, __first))
	  std::__pop_heap(__first, __middle, __i, __comp);
    }

_GLIBCXX_END_NAMESPACE_VERSION
} // namespace std
";
    let tree = Tree::new(&[("stl_algo.h", header)]);
    let output = tree.plumb().args(["check", "--format", "json"]).output().unwrap();
    let document = json(&output);
    assert_eq!(document["files"][0]["language"], "cpp");
    let functions: Vec<(&str, u64, u64, u64)> = document["files"][0]["functions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let number = |key: &str| f[key].as_u64().unwrap();
            (
                f["qualified_name"].as_str().unwrap(),
                number("end_line"),
                number("cyclomatic"),
                number("params"),
            )
        })
        .collect();
    // `__find_if_not` 1; `__find_if_not_n` 1 + `for` + `if` = 3; `__heap_select` the same.
    assert_eq!(
        functions,
        [
            ("std::__find_if_not", 18, 1, 3),
            ("std::__find_if_not_n", 29, 3, 3),
            ("std::__heap_select", 42, 3, 4)
        ]
    );
    let starts: Vec<u64> = document["files"][0]["functions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["start_line"].as_u64().unwrap())
        .collect();
    assert_eq!(starts[1..], [21, 32]);
}

/// A Python stub declares signatures: its lines are counted, no function is measured, even
/// where the same text in a `.py` file has functions.
#[test]
fn python_stubs_have_no_functions() {
    let stub = "import sys\n\ndef f(x: int) -> int: ...\n\nclass C:\n    def m(self, a: str) -> None: ...\n\
                \nif sys.version_info >= (3, 8):\n    def g() -> None: ...\n";
    let tree = Tree::new(&[("api.pyi", stub), ("api.py", stub)]);
    let output = tree.plumb().args(["check", "--format", "json"]).output().unwrap();
    let document = json(&output);
    let functions = |index: usize| -> Vec<&str> {
        let functions = document["files"][index]["functions"].as_array().unwrap();
        functions.iter().map(|f| f["qualified_name"].as_str().unwrap()).collect()
    };
    assert_eq!(document["files"][0]["path"], "api.py");
    // In the `.py` file, the three functions and `<module>` (its `if`).
    assert_eq!(functions(0), ["<module>", "f", "C.m", "g"]);
    assert_eq!(document["files"][1]["path"], "api.pyi");
    assert_eq!(document["files"][1]["language"], "python");
    assert_eq!(
        (document["files"][1]["lines"].as_u64(), document["files"][1]["code"].as_u64()),
        (Some(9), Some(6))
    );
    assert!(functions(1).is_empty(), "{:?}", functions(1));
}

#[test]
fn usage_errors_exit_2() {
    let tree = Tree::new(&[]);
    let output = tree.plumb().args(["check", "--no-such-flag"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let output = tree.plumb().args(["check", "--format", "yaml"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("invalid value 'yaml'"));
    let output = tree.plumb().args(["check", "missing.py"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stderr(&output), "error: cannot read `missing.py`: No such file or directory (os error 2)\n");
}

#[test]
fn help_and_version_exit_0() {
    let tree = Tree::new(&[]);
    let output = tree.plumb().arg("--help").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stdout).contains("Exit status: 0 no error-level finding"));
    let output = tree.plumb().args(["check", "--help"]).output().unwrap();
    assert!(String::from_utf8_lossy(&output.stdout).contains("--max-cyclomatic <N>"));
    let output = tree.plumb().arg("--version").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output), format!("plumb {}\n", crate::util::built_from()));
}

#[test]
fn metrics_lists_the_worst_functions_and_language_totals() {
    let tree = Tree::new(&[
        ("app.py", ROUTE_PY),
        ("web/nested.js", NESTED_JS),
        ("ok.py", "def f(a):\n    return a\n"),
    ]);
    let output = tree.plumb().args(["metrics", "--top", "2"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    // Python: 2 files, 17 code lines, 2 functions with CC 11 and 1 (mean 6.00);
    // JavaScript: 1 file, 16 code lines, 1 function with CC 7.
    assert_eq!(
        stdout(&output),
        "\
Worst 2 by cyclomatic complexity
CC  COG  CODE  PARAMS  NEST  FUNCTION  LOCATION
11   11    15       2     2  route     app.py:1
 7   21    16       1     6  nested    web/nested.js:1

LANGUAGE    FILES  CODE  COMMENTS  BLANKS  FUNCTIONS  MEAN CC  MAX CC
Python          2    17         0       0          2     6.00      11
JavaScript      1    16         0       0          1     7.00       7
Total           3    33         0       0          3     6.33      11
"
    );
    let output = tree
        .plumb()
        .args(["metrics", "--top", "1", "--sort", "cognitive", "--format", "json"])
        .output()
        .unwrap();
    let document = json(&output);
    assert_eq!(document["functions"][0]["qualified_name"], "nested");
    assert_eq!(document["functions"][0]["path"], "web/nested.js");
    assert_eq!(document["functions"].as_array().unwrap().len(), 1);
    assert_eq!(document["languages"][2]["language"], "Total");
    assert_eq!(document["languages"][2]["functions"], 3);
    // `--top 0` lists every function, as it does in `plumb defects` and `plumb hotspots`.
    let output = tree.plumb().args(["metrics", "--top", "0", "--format", "json"]).output().unwrap();
    assert_eq!(json(&output)["functions"].as_array().unwrap().len(), 3);
}

/// `--history` adds to the JSON report only: with another format it is refused, not ignored.
#[test]
fn history_needs_the_json_format() {
    let tree = Tree::new(&[("ok.py", "def f(a):\n    return a\n")]);
    for format in ["human", "sarif", "short"] {
        let output = tree.plumb().args(["check", "--history", "--format", format]).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{format}");
        assert_eq!(
            stderr(&output),
            format!(
                "error: --history adds each file's git history to the JSON report, and nothing to the {format} \
                 format: use it with --format json\n"
            )
        );
        assert!(output.stdout.is_empty());
    }
    let output = tree.plumb().args(["check", "--history"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
}

/// The example in docs/json.md is real output.
#[test]
fn the_json_documentation_example_is_what_plumb_writes() {
    let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/json.md")).unwrap();
    let block = |tag: &str| {
        let start = docs.find(&format!("```{tag}\n")).unwrap() + tag.len() + 4;
        let end = start + docs[start..].find("```").unwrap();
        docs[start..end].to_owned()
    };
    let tree = Tree::new(&[("app.py", &block("python"))]);
    let output = tree.plumb().args(["check", "--format", "json"]).output().unwrap();
    let documented: serde_json::Value = serde_json::from_str(&block("json")).unwrap();
    assert_eq!(json(&output), documented);
}

/// plumb holds its own command-line code and every library (parsing, metrics, coverage, history,
/// rules, reports) to its default thresholds: no error, and no warning either.
#[test]
fn plumbs_own_sources_pass_its_gate() {
    let root = env!("CARGO_MANIFEST_DIR");
    let dirs = [
        "src",
        "crates/plumb-lang/src",
        "crates/plumb-metrics/src",
        "crates/plumb-coverage/src",
        "crates/plumb-history/src",
        "crates/plumb-check/src",
        "crates/plumb-report/src",
        "crates/plumb-engine/src",
    ]
    .map(|dir| format!("{root}/{dir}"));
    let output = Tree::new(&[]).plumb().args(["check", "--format", "short"]).args(&dirs).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(stdout(&output), "");
}

/// The README's first command, `plumb check .` at the root of this repository, runs clean: the
/// root `plumb.toml` leaves out the fixtures and holds only the libraries and the binary to the
/// complexity limits.
#[test]
fn the_readme_showcase_runs_clean() {
    let mut plumb = Tree::new(&[]).plumb();
    let output = plumb
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "--format", "short", "."])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}{}", stdout(&output), stderr(&output));
    assert_eq!(stdout(&output), "");
}

/// A tree laid out like Debian's linux-source: its `.gitignore` ends with `/*` (and `!/debian/`),
/// which hides every top-level entry from a walk of the tree, though it is no git repository.
fn everything_ignored() -> Tree {
    Tree::new(&[
        (".gitignore", "# Object files\n*.o\n\n# Debian packaging\n/*\n!/debian/\n"),
        ("kernel/sched.c", "int pick(int a) {\n    return a;\n}\n"),
        ("lib/route.py", ROUTE_PY),
        ("debian/rules", "#!/usr/bin/make -f\n%:\n\tdh $@\n"),
    ])
}

#[test]
fn a_run_whose_files_are_all_ignored_exits_2_naming_the_rule() {
    let tree = everything_ignored();
    let message = "error: nothing to analyse: every source file under `.` is ignored (2 of them); \
                   `.gitignore` line 5 (`/*`) ignores `kernel`; use --no-ignore to analyse ignored \
                   files (or --allow-empty to accept a run that analyses nothing)\n";
    for command in [&["check"][..], &["check", "--format", "json"], &["baseline"], &["metrics"]] {
        let output = tree.plumb().args(command).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{command:?}");
        assert_eq!(stderr(&output), message, "{command:?}");
        assert_eq!(stdout(&output), "", "{command:?}");
    }
    assert!(!tree.join("plumb-baseline.json").exists());

    let output = tree.plumb().args(["check", "--no-ignore", "--format", "short"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stdout(&output),
        "lib/route.py:1:1: error[cyclomatic-complexity]: `route` has a cyclomatic complexity of 11 (> 10)\n"
    );
    let output = tree.plumb().args(["check", "--allow-empty"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "checked 0 files, 0 functions (0 lines of code) in [TIME]: no findings\n");
    // Named files are analysed, ignored or not; a directory inside is walked from there.
    let output = tree.plumb().args(["check", "kernel/sched.c"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let output = tree.plumb().args(["check", "lib"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
}

#[test]
fn a_nested_ignore_file_is_named_with_its_directory() {
    let tree = Tree::new(&[("src/.gitignore", "# generated\n*.py\n"), ("src/gen.py", "x = 1\n")]);
    let output = tree.plumb().args(["check", "src"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: nothing to analyse: every source file under `src` is ignored (1 of them); \
         `src/.gitignore` line 2 (`*.py`) ignores `src/gen.py`; use --no-ignore to analyse ignored \
         files (or --allow-empty to accept a run that analyses nothing)\n"
    );
}

#[test]
fn a_run_with_no_supported_file_or_every_file_excluded_exits_2() {
    let tree = Tree::new(&[("README.md", "# notes\n"), ("docs/a.md", "a\n"), ("data.csv", "1,2\n")]);
    let output = tree.plumb().arg("check").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: nothing to analyse: none of the 3 files under `.` is in a language plumb measures \
         (2 .md, 1 .csv); `[languages]` in plumb.toml maps other extensions to a supported language \
         (or --allow-empty to accept a run that analyses nothing)\n"
    );

    let tree = Tree::new(&[("plumb.toml", "exclude = [\"vendor/**\"]\n"), ("vendor/lib.py", ROUTE_PY)]);
    let output = tree.plumb().arg("check").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: nothing to analyse: the `include` and `exclude` settings of `plumb.toml` leave out \
         every source file under `.` (1 of them); change them (or --allow-empty to accept a run \
         that analyses nothing)\n"
    );
    // A file named on the command line that the configuration excludes is not an error: it is
    // how pre-commit passes files. The run says why it analysed nothing.
    let output = tree.plumb().args(["check", "vendor/lib.py"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stderr(&output),
        "note: no file analysed: `vendor/lib.py` is excluded by `plumb.toml`: it matches `vendor/**` \
         in `exclude`\n"
    );
    assert_eq!(stdout(&output), "checked 0 files, 0 functions (0 lines of code) in [TIME]: no findings\n");
    std::fs::write(tree.join("vendor/util.py"), "x = 1\n").unwrap();
    let output = tree.plumb().args(["check", "vendor/util.py", "vendor/lib.py"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stderr(&output),
        "note: no file analysed: the 2 files named are excluded by `plumb.toml` (`vendor/lib.py`: \
         it matches `vendor/**` in `exclude`)\n"
    );
    // One admitted file among them: no note.
    std::fs::write(tree.join("app.py"), "x = 1\n").unwrap();
    let output = tree.plumb().args(["check", "vendor/lib.py", "app.py"]).output().unwrap();
    assert_eq!(stderr(&output), "");

    let tree = Tree::new(&[]);
    let output = tree.plumb().arg("check").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: nothing to analyse: there is no file under `.` (or --allow-empty to accept a run \
         that analyses nothing)\n"
    );
}
