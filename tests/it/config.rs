use crate::util::{NESTED_JS, ROUTE_PY, Tree, json, stderr, stdout};

fn short(tree: &Tree, args: &[&str]) -> (Option<i32>, String) {
    let output = tree.plumb().args(["check", "--format", "short"]).args(args).output().unwrap();
    (output.status.code(), stdout(&output))
}

#[test]
fn thresholds_and_levels_come_from_plumb_toml() {
    let tree = Tree::new(&[
        (
            "plumb.toml",
            "[rules.cyclomatic-complexity]\nthreshold = 11\n\n[rules.nesting-depth]\nlevel = \"off\"\n\n[rules.cognitive-complexity]\nlevel = \"error\"\n",
        ),
        ("app.py", ROUTE_PY),
        ("web/nested.js", NESTED_JS),
    ]);
    // route: cyclomatic 11 is at the new threshold; nested: cognitive 21 is now an error.
    assert_eq!(
        short(&tree, &[]),
        (
            Some(1),
            "web/nested.js:1:1: error[cognitive-complexity]: `nested` has a cognitive complexity of 21 (> 15); \
             the largest increments: `if` at 7:13 (+6), `if` at 6:11 (+5), `if` at 5:9 (+4)\n"
                .to_owned()
        )
    );
    // The command line wins over the file.
    let (_, text) = short(&tree, &["--max-cyclomatic", "6", "--max-cognitive", "30"]);
    assert_eq!(
        text,
        "app.py:1:1: error[cyclomatic-complexity]: `route` has a cyclomatic complexity of 11 (> 6)\n\
         web/nested.js:1:1: error[cyclomatic-complexity]: `nested` has a cyclomatic complexity of 7 (> 6)\n"
    );
}

#[test]
fn overrides_apply_to_matching_paths_only() {
    let tree = Tree::new(&[
        ("plumb.toml", "[[overrides]]\npaths = [\"tests/**\"]\nrules.cyclomatic-complexity.threshold = 20\n"),
        ("src/app.py", ROUTE_PY),
        ("tests/test_app.py", ROUTE_PY),
    ]);
    let (code, text) = short(&tree, &[]);
    assert_eq!(code, Some(1));
    assert_eq!(
        text,
        "src/app.py:1:1: error[cyclomatic-complexity]: `route` has a cyclomatic complexity of 11 (> 10)\n"
    );
}

#[test]
fn include_exclude_and_extra_extensions() {
    let tree = Tree::new(&[
        ("plumb.toml", "exclude = [\"vendor/**\"]\n\n[languages]\npyx = \"python\"\n"),
        ("vendor/lib.py", ROUTE_PY),
        ("fast.pyx", ROUTE_PY),
    ]);
    let (_, text) = short(&tree, &[]);
    assert_eq!(
        text,
        "fast.pyx:1:1: error[cyclomatic-complexity]: `route` has a cyclomatic complexity of 11 (> 10)\n"
    );
    // Excluded files stay excluded when named on the command line (as pre-commit does).
    assert_eq!(short(&tree, &["vendor/lib.py"]), (Some(0), String::new()));

    let tree = Tree::new(&[
        ("plumb.toml", "include = [\"src/**\"]\n"),
        ("src/a.py", ROUTE_PY),
        ("scripts/b.py", ROUTE_PY),
    ]);
    let output = tree.plumb().args(["check", "--format", "json"]).output().unwrap();
    assert_eq!(json(&output)["summary"]["files"], 1);
    assert_eq!(json(&output)["files"][0]["path"], "src/a.py");
}

#[test]
fn the_nearest_configuration_applies_and_pyproject_counts() {
    let tree = Tree::new(&[
        (
            "pyproject.toml",
            "[project]\nname = \"demo\"\n\n[tool.plumb.rules.cyclomatic-complexity]\nthreshold = 11\n",
        ),
        ("app.py", ROUTE_PY),
        ("legacy/plumb.toml", "[rules.cyclomatic-complexity]\nthreshold = 5\n"),
        ("legacy/old.py", ROUTE_PY),
    ]);
    let (_, text) = short(&tree, &[]);
    assert_eq!(
        text,
        "legacy/old.py:1:1: error[cyclomatic-complexity]: `route` has a cyclomatic complexity of 11 (> 5)\n"
    );
}

#[test]
fn the_search_stops_at_the_repository_root() {
    let tree = Tree::new(&[
        ("plumb.toml", "[rules.cyclomatic-complexity]\nthreshold = 50\n"),
        ("repo/app.py", ROUTE_PY),
    ]);
    std::fs::create_dir(tree.join("repo/.git")).unwrap();
    let output =
        tree.plumb().current_dir(tree.join("repo")).args(["check", "--format", "short"]).output().unwrap();
    assert_eq!(
        stdout(&output),
        "app.py:1:1: error[cyclomatic-complexity]: `route` has a cyclomatic complexity of 11 (> 10)\n"
    );
}

#[test]
fn max_file_size_from_the_configuration() {
    let tree = Tree::new(&[("plumb.toml", "max-file-size = \"1K\"\n"), ("big.py", &"x = 1\n".repeat(200))]);
    let output = tree.plumb().arg("check").output().unwrap();
    assert_eq!(
        stderr(&output),
        "warning: big.py: 1.2 KiB is larger than --max-file-size (1.0 KiB); skipped\n"
    );
}

#[test]
fn a_bad_configuration_is_a_diagnostic_pointing_into_it_and_exits_2() {
    let tree = Tree::new(&[
        ("plumb.toml", "[rules.cyclomatic-complexity]\nthreshold = \"ten\"\n"),
        ("app.py", ROUTE_PY),
    ]);
    let output = tree.plumb().arg("check").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    insta::assert_snapshot!(stderr(&output), @r#"
    error[config]: invalid configuration: invalid type: string "ten", expected a number
      --> plumb.toml:2:13
      |
    2 | threshold = "ten"
      |             ^^^^^ invalid type: string "ten", expected a number
    "#);

    tree.write("plumb.toml", b"exclude = [\"[\"]\n[rules.function-length]\nlevel = \"warn\"\n");
    let output = tree.plumb().arg("check").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--> plumb.toml:1:12"), "{}", stderr(&output));
    assert!(stderr(&output).contains("invalid glob"), "{}", stderr(&output));

    tree.write("plumb.toml", b"[languages]\npyx = \"cython\"\n");
    let output = tree.plumb().arg("check").output().unwrap();
    assert!(
        stderr(&output).contains("unknown language; expected one of rust, python,"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn config_show_prints_the_effective_configuration() {
    let tree = Tree::new(&[
        (
            "plumb.toml",
            "max-file-size = 1000\n[rules.function-length]\nlevel = \"off\"\n[[overrides]]\npaths = [\"tests/**\"]\nrules.cyclomatic-complexity.threshold = 20\n",
        ),
        ("tests/t.py", "x = 1\n"),
    ]);
    let output = tree.plumb().args(["config", "--show", "tests/t.py"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(
        text.starts_with(
            "# plumb configuration for tests/t.py\n# read from plumb.toml\n# with the overrides for tests/**\nmax-file-size = 1000\n\n\
             [rules.cyclomatic-complexity]\nlevel = \"error\"\nthreshold = 20\n"
        ),
        "{text}"
    );
    assert!(text.contains("[rules.function-length]\nlevel = \"off\"\nthreshold = 100\n"), "{text}");
    assert!(!text.contains("excluded"), "{text}");
}

/// `config --show` of a file the configuration keeps out says so, and which pattern does.
#[test]
fn config_show_says_when_a_file_is_excluded() {
    let tree = Tree::new(&[
        ("plumb.toml", "exclude = [\"vendor/**\", \"web/**\"]\n"),
        ("web/subset.js", "var x = 1;\n"),
        ("src/a.py", "x = 1\n"),
    ]);
    let output = tree.plumb().args(["config", "--show", "web/subset.js"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(
        stdout(&output).starts_with(
            "# plumb configuration for web/subset.js\n# read from plumb.toml\n# excluded: it matches `web/**` in \
             `exclude`, so plumb does not analyse this file; these settings would apply to it\n"
        ),
        "{}",
        stdout(&output)
    );
    tree.write("plumb.toml", b"include = [\"src/**\"]\n");
    let output = tree.plumb().args(["config", "--show", "web/subset.js"]).output().unwrap();
    assert!(
        stdout(&output).contains("# excluded: it matches no pattern of `include`, so"),
        "{}",
        stdout(&output)
    );
    let output = tree.plumb().args(["config", "--show", "src/a.py"]).output().unwrap();
    assert!(!stdout(&output).contains("excluded"), "{}", stdout(&output));
}

/// Every TOML example of the documentation is configuration plumb reads.
#[test]
fn the_documentations_toml_examples_are_read_by_plumb() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("README.md")];
    for entry in walkdir::WalkDir::new(root.join("docs")).sort_by_file_name() {
        let path = entry.unwrap().into_path();
        if path.extension().is_some_and(|e| e == "md") {
            files.push(path);
        }
    }
    let mut checked = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for block in text.split("```toml\n").skip(1) {
            let snippet = block.split("```").next().unwrap();
            let name = if snippet.contains("[tool.plumb") { "pyproject.toml" } else { "plumb.toml" };
            let tree = Tree::new(&[(name, snippet), ("a.py", "x = 1\n")]);
            std::fs::create_dir(tree.join(".git")).unwrap();
            let output = tree.plumb().args(["config", "--show", "a.py"]).output().unwrap();
            assert_eq!(output.status.code(), Some(0), "{}: {snippet}\n{}", file.display(), stderr(&output));
            assert!(
                stdout(&output).contains(&format!("# read from {name}")),
                "{}: {snippet}",
                file.display()
            );
            checked += 1;
        }
    }
    assert!(checked >= 20, "{checked}");
    // Inline `path-map = ...` examples too, in the `[coverage]` table; `path_map` is not a key.
    let mut inline = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        assert!(!text.contains("path_map"), "{} names `path_map`, which plumb refuses", file.display());
        for span in text.split('`').skip(1).step_by(2).filter(|span| span.starts_with("path-map =")) {
            let tree = Tree::new(&[("plumb.toml", &format!("[coverage]\n{span}\n")), ("a.py", "x = 1\n")]);
            let output = tree.plumb().args(["config", "--show", "a.py"]).output().unwrap();
            assert_eq!(output.status.code(), Some(0), "{}: {span}\n{}", file.display(), stderr(&output));
            inline += 1;
        }
    }
    assert!(inline >= 1, "{inline}");
}

/// What a wrong value should have been, said in words.
#[test]
fn configuration_errors_say_what_was_expected_in_words() {
    let tree = Tree::new(&[("a.py", "x = 1\n")]);
    for (text, expected) in [
        ("[rules.cyclomatic-complexity]\nthreshold = \"12\"\n", "expected a number"),
        ("[history]\nmin-code = -1\n", "expected a whole number from 0 to 4294967295"),
        ("max-file-size = true\n", "expected a size: a number of bytes, or text such as \"5M\""),
        ("[coverage]\npath-map = {\"/_/\" = \"\"}\n", "invalid type: table, expected an array"),
    ] {
        tree.write("plumb.toml", text.as_bytes());
        let output = tree.plumb().arg("check").output().unwrap();
        assert_eq!(output.status.code(), Some(2));
        let message = stderr(&output);
        assert!(message.contains(expected), "{text}: {message}");
        for rust in ["f64", "u32", "untagged", "sequence", "map,"] {
            assert!(!message.contains(rust), "{text}: {message}");
        }
    }
}

/// A switch of three counted labels, boolean operators and a closure, to tell the counting
/// variants apart.
const CLASSIFY_JS: &str = "\
function classify(kind, items) {
  const valid = items.filter((item) => {
    if (item.ok && item.ready) {
      return true;
    }
    return false;
  });
  switch (kind) {
    case \"a\":
      return valid.length;
    case \"b\":
    case \"c\":
      return valid.length > 1 || kind === \"c\" ? 1 : 0;
    default:
      return 0;
  }
}
";

/// `(name, cyclomatic, cognitive)` of each function of the first file, and its `counting`.
fn numbers(document: &serde_json::Value, file: usize) -> (Vec<(String, u64, u64)>, serde_json::Value) {
    let file = &document["files"][file];
    let functions = file["functions"].as_array().unwrap();
    let numbers = functions
        .iter()
        .map(|f| {
            let name = f["name"].as_str().unwrap().to_owned();
            (name, f["cyclomatic"].as_u64().unwrap(), f["cognitive"].as_u64().unwrap())
        })
        .collect();
    (numbers, file["counting"].clone())
}

#[test]
fn counting_options_change_the_numbers_and_the_report_says_which() {
    let tree = Tree::new(&[("src/classify.js", CLASSIFY_JS), ("legacy/classify.js", CLASSIFY_JS)]);
    let run = |tree: &Tree| json(&tree.plumb().args(["check", "--format", "json"]).output().unwrap());
    // classify: cc 1 + 3 labels + `||` + ?: = 6; cognitive switch 1, `||` 1, ?: 1+1 = 4 (the
    // arrow's `if` and `&&` are its own). The arrow: cc 1 + if + && = 3, cognitive 2.
    let defaults = (
        vec![("classify".to_owned(), 6, 4), ("<arrow in classify>".to_owned(), 3, 2)],
        serde_json::json!({"cyclomatic_variant": "classic", "count_boolean_operators": true, "nested_functions": "exclude"}),
    );
    let document = run(&tree);
    assert_eq!(numbers(&document, 0), defaults);
    assert_eq!(numbers(&document, 1), defaults);
    tree.write(
        "plumb.toml",
        b"[rules.cyclomatic-complexity]\nvariant = \"modified\"\ncount-boolean-operators = false\n\
          [rules.cognitive-complexity]\nnested-functions = \"include\"\n\
          [[overrides]]\npaths = [\"legacy/**\"]\n\
          rules.cyclomatic-complexity.variant = \"classic\"\nrules.cyclomatic-complexity.count-boolean-operators = true\n\
          rules.cognitive-complexity.nested-functions = \"exclude\"\n",
    );
    let document = run(&tree);
    // legacy/ keeps the defaults through its override.
    assert_eq!(numbers(&document, 0), defaults);
    // src/: classify: cc 1 + the switch + ?: = 3; cognitive 4 + the arrow's if 1+1 and && 1 = 7.
    // The arrow: cc 1 + if = 2; cognitive 2.
    assert_eq!(
        numbers(&document, 1),
        (
            vec![("classify".to_owned(), 3, 7), ("<arrow in classify>".to_owned(), 2, 2)],
            serde_json::json!({"cyclomatic_variant": "modified", "count_boolean_operators": false, "nested_functions": "include"}),
        )
    );
    // The increments explain the numbers in every variant.
    for file in document["files"].as_array().unwrap() {
        for function in file["functions"].as_array().unwrap() {
            let sum = |metric: &str| -> u64 {
                let increments = function["increments"].as_array().unwrap();
                increments.iter().filter(|i| i["metric"] == metric).map(|i| i["adds"].as_u64().unwrap()).sum()
            };
            assert_eq!(function["cyclomatic"].as_u64().unwrap(), 1 + sum("cyclomatic"), "{function}");
            assert_eq!(function["cognitive"].as_u64().unwrap(), sum("cognitive"), "{function}");
        }
    }
    let output = tree.plumb().args(["config", "--show", "src/classify.js"]).output().unwrap();
    let text = stdout(&output);
    assert!(
        text.contains(
            "[rules.cyclomatic-complexity]\nlevel = \"error\"\nthreshold = 10\nvariant = \"modified\"\ncount-boolean-operators = false\n"
        ),
        "{text}"
    );
    assert!(text.contains("threshold = 15\nnested-functions = \"include\"\n"), "{text}");
    // A misplaced option is an error that points at it.
    tree.write("plumb.toml", b"[rules.nesting-depth]\nvariant = \"modified\"\n");
    let output = tree.plumb().arg("check").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("`nesting-depth` has no setting `variant`"), "{}", stderr(&output));
}

#[test]
fn rules_and_explain() {
    let tree = Tree::new(&[]);
    let output = tree.plumb().arg("rules").output().unwrap();
    let text = stdout(&output);
    // One line per rule of the registry.
    assert_eq!(text.lines().count(), plumb_check::RULES.len());
    assert!(
        text.starts_with(
            "cyclomatic-complexity       error above 10      Function has too many independent paths"
        ),
        "{text}"
    );
    let output = tree.plumb().args(["explain", "too-many-parameters"]).output().unwrap();
    assert!(stdout(&output).starts_with(
        "# too-many-parameters\n\nFunction takes too many parameters.\n\n## What it measures\n"
    ));
    let output = tree.plumb().args(["explain", "complexity"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output)
            .starts_with("error: `complexity` is not a rule; the rules are: cyclomatic-complexity,")
    );
}

#[test]
fn languages_lists_each_language_with_its_files_and_grammar() {
    let tree = Tree::new(&[]);
    let output = tree.plumb().arg("languages").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert_eq!(text.lines().count(), plumb_lang::Language::ALL.len());
    assert!(text.starts_with("Rust         rust        tree-sitter-rust 0.24.2        .rs\n"), "{text}");
    assert!(
        text.contains(
            "\nRuby         ruby        tree-sitter-ruby 0.23.1        .rb .rake .gemspec .ru Rakefile Gemfile \
             Guardfile Vagrantfile Podfile #!ruby\n"
        ),
        "{text}"
    );
    assert!(text.contains("\nObjective-C  objc        tree-sitter-objc 3.0.2         .m\n"), "{text}");

    let output = tree.plumb().args(["languages", "--format", "json"]).output().unwrap();
    let languages: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let bash = languages.as_array().unwrap().iter().find(|lang| lang["id"] == "bash").unwrap();
    assert_eq!(
        *bash,
        serde_json::json!({
            "name": "Bash",
            "id": "bash",
            "extensions": ["sh", "bash"],
            "file_names": [],
            "interpreters": ["bash", "sh", "dash", "ksh"],
            "grammar": {"crate": "tree-sitter-bash", "version": "0.25.1"},
        })
    );
}

#[test]
fn inline_suppressions_end_to_end() {
    let suppressed = format!("# plumb: allow(cyclomatic-complexity) routes are one dispatch\n{ROUTE_PY}");
    let stale = "def f(a):  # plumb: allow(cyclomatic-complexity)\n    return a\n";
    let tree = Tree::new(&[("app.py", &suppressed), ("stale.py", stale)]);
    let (code, text) = short(&tree, &[]);
    assert_eq!(code, Some(0));
    assert_eq!(
        text,
        "stale.py:1:12: warning[unused-suppression]: `plumb: allow(cyclomatic-complexity)` suppresses nothing\n"
    );
}
