//! `--stdin-filename PATH -`: the source comes from standard input and is reported as PATH, as
//! editors' and other tools' integrations pipe an unsaved buffer.

use crate::util::{ROUTE_PY, Tree, json, stderr, stdout};

/// The one finding of `ROUTE_PY` as the short format writes it, at `path`.
fn route_finding(path: &str) -> String {
    format!("{path}:1:1: error[cyclomatic-complexity]: `route` has a cyclomatic complexity of 11 (> 10)\n")
}

/// `plumb check ARGS` with `input` on standard input.
fn check_stdin(tree: &Tree, args: &[&str], input: &[u8]) -> std::process::Output {
    tree.plumb().arg("check").args(args).write_stdin(input).output().unwrap()
}

/// Every output format says of the text on standard input what it says of the same text in the
/// named file: same paths, positions, fingerprints, summary and exit status. The file on disk is
/// replaced by other code before the run on standard input, so only the piped text can give it.
#[test]
fn stdin_is_reported_as_the_named_file_in_every_format() {
    let tree = Tree::new(&[("src/app.py", ROUTE_PY), ("src/other.py", "def g():\n    return 1\n")]);
    let formats = ["human", "short", "json", "sarif", "github", "gitlab", "checkstyle", "junit", "markdown"];
    let from_disk: Vec<(Option<i32>, String)> = formats
        .iter()
        .map(|format| {
            let output = tree.plumb().args(["check", "--format", format, "src/app.py"]).output().unwrap();
            (output.status.code(), stdout(&output))
        })
        .collect();
    tree.write("src/app.py", b"def unrelated():\n    return 0\n");
    for (format, (code, expected)) in formats.iter().zip(&from_disk) {
        let output = check_stdin(
            &tree,
            &["--format", format, "--stdin-filename", "src/app.py", "-"],
            ROUTE_PY.as_bytes(),
        );
        assert_eq!(output.status.code(), *code, "{format}: {}", stderr(&output));
        assert_eq!(stderr(&output), "", "{format}");
        // SARIF records the command line, which differs.
        let text = stdout(&output).replace(
            "plumb check --format sarif --stdin-filename src/app.py -",
            "plumb check --format sarif src/app.py",
        );
        assert_eq!(&text, expected, "{format}");
    }
    assert_eq!(from_disk[0].0, Some(1));
    assert_eq!(from_disk[1].1, route_finding("src/app.py"));
    let report: serde_json::Value = serde_json::from_str(&from_disk[2].1).unwrap();
    assert_eq!(report["files"][0]["path"], "src/app.py");
    assert_eq!(report["files"][0]["lines"], 15);
    assert_eq!(report["summary"]["files"], 1);
    assert_eq!(report["summary"]["errors"], 1);
}

/// The configuration that applies is the named file's: its directory's `plumb.toml`, the
/// overrides whose globs match its path, its `exclude`, and `[languages]` for its extension.
#[test]
fn settings_and_language_come_from_the_name() {
    let tree = Tree::new(&[
        (
            "plumb.toml",
            "exclude = [\"vendor/**\"]\n\n[languages]\npyx = \"python\"\n\n\
             [[overrides]]\npaths = [\"tests/**\"]\nrules.cyclomatic-complexity.threshold = 20\n",
        ),
        ("lib/plumb.toml", "[rules.cyclomatic-complexity]\nthreshold = 12\n"),
    ]);
    let short = |name: &str| {
        let output =
            check_stdin(&tree, &["--format", "short", "--stdin-filename", name, "-"], ROUTE_PY.as_bytes());
        (output.status.code(), stdout(&output), stderr(&output))
    };
    assert_eq!(short("src/app.py"), (Some(1), route_finding("src/app.py"), String::new()));
    // An override raises the threshold to 20 under tests/; lib/ has a configuration of its own.
    assert_eq!(short("tests/test_app.py"), (Some(0), String::new(), String::new()));
    assert_eq!(short("lib/app.py"), (Some(0), String::new(), String::new()));
    // `[languages]` makes `.pyx` Python.
    assert_eq!(short("src/app.pyx"), (Some(1), route_finding("src/app.pyx"), String::new()));
    // Excluded by the configuration, as the file itself would be when named: not analysed.
    let output = check_stdin(
        &tree,
        &["--format", "json", "--stdin-filename", "vendor/app.py", "-"],
        ROUTE_PY.as_bytes(),
    );
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(json(&output)["summary"]["files"], 0);
    // A name in no language plumb measures.
    assert_eq!(
        short("notes.txt"),
        (Some(0), String::new(), "warning: notes.txt: not a language plumb measures; skipped\n".to_owned())
    );
}

/// Suppression comments in the piped text apply, and one that suppresses nothing is reported at
/// the named path.
#[test]
fn suppressions_in_the_piped_text_apply() {
    let tree = Tree::new(&[]);
    let suppressed = format!("# plumb: allow(cyclomatic-complexity) routes are one dispatch\n{ROUTE_PY}");
    let output = check_stdin(
        &tree,
        &["--format", "short", "--stdin-filename", "web/routes.py", "-"],
        suppressed.as_bytes(),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(stdout(&output), "");
    let stale = "def f(a):  # plumb: allow(cyclomatic-complexity)\n    return a\n";
    let output =
        check_stdin(&tree, &["--format", "short", "--stdin-filename", "web/stale.py", "-"], stale.as_bytes());
    assert_eq!(
        stdout(&output),
        "web/stale.py:1:12: warning[unused-suppression]: `plumb: allow(cyclomatic-complexity)` suppresses nothing\n"
    );
}

/// From a subdirectory, the name is relative to it as any path is: shown as given, and
/// fingerprinted relative to the repository root, as a run on the file from the root does.
#[test]
fn a_name_relative_to_a_subdirectory_keeps_the_findings_identity() {
    let tree = Tree::new(&[("src/app.py", ROUTE_PY), ("docs/index.md", "# docs\n")]);
    std::fs::create_dir(tree.join(".git")).unwrap();
    let from_root = tree.plumb().args(["check", "--format", "json", "src/app.py"]).output().unwrap();
    let fingerprint = json(&from_root)["findings"][0]["fingerprint"].clone();
    assert!(fingerprint.as_str().is_some_and(|text| !text.is_empty()));
    let from_docs = |format: &str| {
        let args = ["check", "--format", format, "--stdin-filename", "../src/app.py", "-"];
        json(&tree.plumb().current_dir(tree.join("docs")).args(args).write_stdin(ROUTE_PY).output().unwrap())
    };
    let report = from_docs("json");
    assert_eq!(report["findings"][0]["path"], "../src/app.py");
    assert_eq!(report["findings"][0]["fingerprint"], fingerprint);
    // SARIF locates it from the repository root.
    let sarif = from_docs("sarif");
    let location = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "src/app.py");
    assert_eq!(location["artifactLocation"]["uriBaseId"], "SRCROOT");
}

/// `plumb metrics` reads standard input the same way.
#[test]
fn metrics_of_the_piped_text() {
    let tree = Tree::new(&[]);
    let output = tree
        .plumb()
        .args(["metrics", "--format", "json", "--stdin-filename", "src/app.py", "-"])
        .write_stdin(ROUTE_PY)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let document = json(&output);
    let function = &document["functions"][0];
    assert_eq!(function["path"], "src/app.py");
    assert_eq!(function["name"], "route");
    assert_eq!(function["cyclomatic"], 11);
    assert_eq!(function["cognitive"], 11);
    assert_eq!(function["start_line"], 1);
    assert_eq!(function["end_line"], 15);
    assert_eq!(document["languages"][0]["language"], "Python");
    assert_eq!(document["languages"][0]["files"], 1);
    assert_eq!(document["languages"][0]["code"], 15);
}

/// Binary, undecodable and oversized text on standard input is a warning naming the file, as it
/// is for a file on disk.
#[test]
fn bad_input_on_stdin_is_a_warning_naming_the_file() {
    let tree = Tree::new(&[]);
    let output = check_stdin(&tree, &["--stdin-filename", "src/app.py", "-"], b"\x7fELF\0\0\0\x01");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stderr(&output), "warning: src/app.py: binary file; skipped\n");
    // `é` in Latin-1: byte 18 is not UTF-8.
    let output = check_stdin(
        &tree,
        &["--format", "short", "--stdin-filename", "src/app.py", "-"],
        b"def f():\n    s = '\xe9'\n",
    );
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stderr(&output),
        "warning: src/app.py: invalid UTF-8 at byte 18; measured with replacement characters\n"
    );
    // ROUTE_PY is 438 bytes: more than 100 are read, and it is skipped.
    assert_eq!(ROUTE_PY.len(), 438);
    let output = check_stdin(
        &tree,
        &["--max-file-size", "100", "--stdin-filename", "src/app.py", "-"],
        ROUTE_PY.as_bytes(),
    );
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stderr(&output), "warning: src/app.py: larger than --max-file-size (100 B); skipped\n");
}

/// `-` needs a name, and a name needs `-` as the only path.
#[test]
fn stdin_needs_a_name_and_a_name_needs_stdin() {
    let tree = Tree::new(&[("app.py", ROUTE_PY)]);
    let cases: [(&[&str], &str); 3] = [
        (
            &["-"],
            "error: `-` reads the source from standard input: name it with --stdin-filename, whose \
             language, configuration and path it takes (`--stdin-filename src/app.py -`)\n",
        ),
        (
            &["--stdin-filename", "a.py", "app.py"],
            "error: --stdin-filename names the source read from standard input: give `-` as the only \
             path (`--stdin-filename src/app.py -`)\n",
        ),
        (
            &["--stdin-filename", "a.py", "-", "app.py"],
            "error: --stdin-filename names the source read from standard input: give `-` as the only \
             path (`--stdin-filename src/app.py -`)\n",
        ),
    ];
    for (args, message) in cases {
        let output = check_stdin(&tree, args, ROUTE_PY.as_bytes());
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&output), message, "{args:?}");
        assert_eq!(stdout(&output), "", "{args:?}");
    }
}
