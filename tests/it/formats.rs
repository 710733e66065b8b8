use crate::util::{NESTED_JS, ROUTE_PY, Tree, json, stderr, stdout};

/// A path with every character that some format must escape: `%`, `,`, `:`, a quote, a space.
const AWKWARD: &str = "we,ird:na%me \"q\".py";

pub(crate) fn sarif_validator() -> jsonschema::Validator {
    let schema = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/crates/plumb-report/tests/data/sarif-schema-2.1.0.json"
    ))
    .unwrap();
    let schema: serde_json::Value = serde_json::from_str(&schema).unwrap();
    jsonschema::draft4::new(&schema).unwrap()
}

#[test]
fn sarif_output_validates_and_points_at_the_function() {
    let tree = Tree::new(&[("src/app.py", ROUTE_PY), ("web/nested.js", NESTED_JS), (AWKWARD, ROUTE_PY)]);
    std::fs::create_dir(tree.join(".git")).unwrap();
    let output = tree.plumb().args(["check", "--format", "sarif"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let sarif = json(&output);
    let validator = sarif_validator();
    let errors: Vec<String> = validator.iter_errors(&sarif).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let run = &sarif["runs"][0];
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    // Every rule of the registry, in its order (results refer to them by index).
    let registry: Vec<&str> = plumb_check::RULES.iter().map(|rule| rule.id).collect();
    assert_eq!(rules, registry);
    assert_eq!(&rules[..2], ["cyclomatic-complexity", "cognitive-complexity"]);
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    let root = format!("file://{}/", tree.path().canonicalize().unwrap().display());
    assert_eq!(run["originalUriBaseIds"]["SRCROOT"]["uri"], root.as_str());
    assert_eq!(run["invocations"][0]["exitCode"], 1);
    let results = run["results"].as_array().unwrap();
    // Findings in path order: src/app.py, the awkward path, then nested.js (cyclomatic 7 is
    // under 10; its cognitive complexity 21 and nesting depth 6 are warnings).
    assert_eq!(results.len(), 4);
    assert_eq!(results[0]["ruleId"], "cyclomatic-complexity");
    assert_eq!(results[0]["ruleIndex"], 0);
    assert_eq!(results[0]["level"], "error");
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["region"],
        serde_json::json!({"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 26})
    );
    assert_eq!(results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "src/app.py");
    assert_eq!(results[0]["locations"][0]["logicalLocations"][0]["fullyQualifiedName"], "route");
    assert_eq!(results[0]["relatedLocations"].as_array().unwrap().len(), 10);
    let location = &results[1]["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "we,ird%3Ana%25me%20%22q%22.py");
    assert_eq!(location["artifactLocation"]["uriBaseId"], "SRCROOT");
    assert_eq!(results[2]["ruleId"], "cognitive-complexity");
    assert_eq!(results[2]["ruleIndex"], 1);
    assert_eq!(results[2]["level"], "warning");
    assert_eq!(results[3]["ruleId"], "nesting-depth");
    assert_eq!(results[3]["ruleIndex"], 4);
}

#[test]
fn sarif_paths_are_relative_to_the_repository_root_from_a_subdirectory() {
    let tree = Tree::new(&[("pkg/app.py", ROUTE_PY)]);
    std::fs::create_dir(tree.join(".git")).unwrap();
    let output =
        tree.plumb().current_dir(tree.join("pkg")).args(["check", "--format", "sarif"]).output().unwrap();
    let sarif = json(&output);
    let uri = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    assert_eq!(uri, "pkg/app.py");
}

#[test]
fn github_annotations_escape_properties_and_write_the_job_summary() {
    let tree = Tree::new(&[(AWKWARD, ROUTE_PY)]);
    let summary = tree.join("summary.md");
    let output = tree
        .plumb()
        .args(["check", "--format", "github"])
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(
        text.starts_with(
            "::error file=we%2Cird%3Ana%25me \"q\".py,line=1,col=1,endLine=1,endColumn=25,\
             title=plumb (cyclomatic-complexity)::`route` has a cyclomatic complexity of 11 (> 10)%0A"
        ),
        "{text}"
    );
    let markdown = std::fs::read_to_string(&summary).unwrap();
    assert!(markdown.starts_with("## plumb\n"), "{markdown}");
    assert!(markdown.contains("| error | cyclomatic-complexity |"), "{markdown}");
}

#[test]
fn gitlab_checkstyle_and_junit_reports() {
    let tree = Tree::new(&[("app.py", ROUTE_PY), ("ok.py", "x = 1\n")]);
    let output = tree.plumb().args(["check", "--format", "gitlab"]).output().unwrap();
    assert_eq!(
        json(&output),
        serde_json::json!([{
            "description": "cyclomatic-complexity: `route` has a cyclomatic complexity of 11 (> 10)",
            "check_name": "cyclomatic-complexity",
            "fingerprint": "c0d773d6f6ba3fcb",
            "severity": "major",
            "location": {"path": "app.py", "lines": {"begin": 1, "end": 1}},
        }])
    );
    let output = tree.plumb().args(["check", "--format", "checkstyle"]).output().unwrap();
    assert_eq!(
        stdout(&output),
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<checkstyle version=\"4.3\">\n  <file name=\"app.py\">\n    \
         <error line=\"1\" column=\"1\" severity=\"error\" message=\"`route` has a cyclomatic complexity of 11 (&gt; 10)\" \
         source=\"plumb.cyclomatic-complexity\" />\n  </file>\n</checkstyle>\n"
    );
    let output = tree.plumb().args(["check", "--format", "junit"]).output().unwrap();
    let text = stdout(&output);
    assert!(text.contains("<testsuites name=\"plumb\" tests=\"2\" failures=\"1\" errors=\"0\">"), "{text}");
    assert!(text.contains("<testcase name=\"no findings\" classname=\"ok.py\" />"), "{text}");
}

#[test]
fn output_files_are_written_whole_or_not_at_all() {
    let tree = Tree::new(&[("app.py", ROUTE_PY)]);
    let output =
        tree.plumb().args(["check", "--format", "json", "--output", "report.json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tree.join("report.json")).unwrap()).unwrap();
    assert_eq!(written["summary"]["errors"], 1);
    // No temporary file is left behind.
    let names: Vec<_> = std::fs::read_dir(tree.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 2, "{names:?}");

    let output = tree.plumb().args(["check", "--output", "missing/dir/report.txt"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    // The message names the file the user gave, not a temporary one.
    assert_eq!(
        stderr(&output),
        "error: cannot write `missing/dir/report.txt`: No such file or directory (os error 2)\n"
    );
    assert!(!tree.join("missing").exists());
}

#[test]
fn exit_zero_and_max_warnings() {
    let tree = Tree::new(&[("app.py", ROUTE_PY), ("web/nested.js", NESTED_JS)]);
    let output = tree.plumb().args(["check", "--exit-zero", "--format", "short"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    // One error (route), two warnings (nested: cognitive complexity, nesting depth).
    assert_eq!(stdout(&output).lines().count(), 3);

    let warnings_only = Tree::new(&[("web/nested.js", NESTED_JS)]);
    let output = warnings_only.plumb().args(["check", "--max-warnings", "2"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let output = warnings_only.plumb().args(["check", "--max-warnings", "1"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));

    let output = tree.plumb().args(["check", "--exit-zero", "--max-warnings", "3"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("cannot be used with"), "{}", stderr(&output));
}

/// pre-commit splits file lists across invocations: a file's findings must be the same
/// whichever other files it is checked with.
#[test]
fn findings_do_not_depend_on_the_other_files_in_the_run() {
    let tree = Tree::new(&[("a.py", ROUTE_PY), ("b.js", NESTED_JS), ("c.py", "def f(a):\n    return a\n")]);
    let together =
        json(&tree.plumb().args(["check", "--format", "json", "a.py", "b.js", "c.py"]).output().unwrap());
    for (index, file) in ["a.py", "b.js", "c.py"].iter().enumerate() {
        let alone = json(&tree.plumb().args(["check", "--format", "json", file]).output().unwrap());
        assert_eq!(alone["files"][0], together["files"][index]);
        let theirs: Vec<_> =
            together["findings"].as_array().unwrap().iter().filter(|f| f["path"] == *file).cloned().collect();
        assert_eq!(alone["findings"].as_array().unwrap(), &theirs);
    }
}

#[test]
fn no_summary_leaves_only_the_diagnostics() {
    let tree = Tree::new(&[("app.py", ROUTE_PY)]);
    let output = tree.plumb().args(["check", "--no-summary"]).output().unwrap();
    let text = stdout(&output);
    assert!(text.starts_with("error[cyclomatic-complexity]"), "{text}");
    assert!(!text.contains("checked "), "{text}");
}

/// A Python function whose body opens with comments: its signature (the span underlined and
/// the region of SARIF, GitHub and GitLab) is the `def` line, up to its colon.
#[test]
fn python_signatures_end_at_the_colon() {
    let source = "def f(x):\n    # Normalize the argument\n    # before use\n    if x:\n        return 1\n    return 2\n";
    let tree = Tree::new(&[("a.py", source)]);
    let output = tree.plumb().args(["check", "--max-cyclomatic", "1", "--format", "sarif"]).output().unwrap();
    let sarif = json(&output);
    assert_eq!(
        sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"],
        serde_json::json!({"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 10})
    );
    let output =
        tree.plumb().args(["check", "--max-cyclomatic", "1", "--format", "gitlab"]).output().unwrap();
    assert_eq!(json(&output)[0]["location"]["lines"], serde_json::json!({"begin": 1, "end": 1}));
    let output = tree.plumb().args(["check", "--max-cyclomatic", "1"]).output().unwrap();
    let text = stdout(&output);
    assert!(text.contains("1 | def f(x):\n  | ^^^^^^^^^ cyclomatic complexity 2\n"), "{text}");
    assert!(!text.contains("Normalize"), "{text}");
}

/// JUnit: one test case per finding, named by rule, function and line; red exactly when the
/// run fails. `ROUTE_PY` has a cyclomatic-complexity error; `NESTED_JS` has two warnings
/// (cognitive complexity and nesting depth) on the same function and line.
#[test]
fn junit_cases_are_named_and_red_only_when_the_run_fails() {
    let tree = Tree::new(&[("web/nested.js", NESTED_JS)]);
    let output = tree.plumb().args(["check", "--format", "junit"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    // Warnings only: the run passes, and so does every test case.
    assert!(text.contains("<testsuites name=\"plumb\" tests=\"2\" failures=\"0\" errors=\"0\">"), "{text}");
    assert!(text.contains("<testcase name=\"cognitive-complexity: nested (line 1)\" classname=\"web/nested.js\">\n      <system-out>web/nested.js:1:1: warning[cognitive-complexity]: "), "{text}");
    assert!(
        text.contains("<testcase name=\"nesting-depth: nested (line 1)\" classname=\"web/nested.js\">"),
        "{text}"
    );
    assert!(!text.contains("<failure"), "{text}");
    // Past --max-warnings the warnings fail the run, and are failures.
    let output = tree.plumb().args(["check", "--format", "junit", "--max-warnings", "1"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.contains("tests=\"2\" failures=\"2\" errors=\"0\">"), "{text}");
    assert_eq!(text.matches("<failure message=").count(), 2, "{text}");
    // An error fails the run: it is the one failure; the warnings stay green.
    tree.write("app.py", ROUTE_PY.as_bytes());
    let output = tree.plumb().args(["check", "--format", "junit"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.contains("<testsuites name=\"plumb\" tests=\"3\" failures=\"1\" errors=\"0\">"), "{text}");
    assert!(
        text.contains(
            "<testcase name=\"cyclomatic-complexity: route (line 1)\" classname=\"app.py\">\n      <failure "
        ),
        "{text}"
    );
    // --exit-zero: the job passes, the report too.
    let output = tree.plumb().args(["check", "--format", "junit", "--exit-zero"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("failures=\"0\" errors=\"0\">"));
}

/// SARIF within GitHub's limits: a function of 1,101 decision points lists 1,000 related
/// locations; a run of 25,600 findings keeps 25,000, every error among them, and says on
/// standard error and in the log what it left out.
#[test]
fn sarif_stays_within_githubs_limits() {
    use std::fmt::Write as _;
    let mut big = String::from("def big(x):\n");
    for i in 0..1_101 {
        let _ = writeln!(big, "    if x == {i}:\n        x += 1");
    }
    // 25,600 functions of cyclomatic complexity 1 (warnings below) in `many.py`, 50 of 2 in
    // `z.py` (errors: cognitive complexity 1, over a threshold of 0).
    let mut many = String::new();
    for i in 0..25_600 {
        let _ = writeln!(many, "def f{i}(x): return x");
    }
    let mut errors = String::new();
    for i in 0..50 {
        let _ = write!(errors, "def g{i}(x):\n    if x:\n        return 1\n");
    }
    let tree = Tree::new(&[("big.py", &big), ("many.py", &many), ("z.py", &errors)]);
    tree.write(
        "plumb.toml",
        b"[rules.cyclomatic-complexity]\nlevel = \"warn\"\nthreshold = 0\n\
          [rules.cognitive-complexity]\nlevel = \"error\"\nthreshold = 1100\n\
          [[overrides]]\npaths = [\"z.py\"]\nrules.cognitive-complexity.threshold = 0\n\
          [rules.function-length]\nlevel = \"off\"\n[rules.file-length]\nlevel = \"off\"\n",
    );
    let output = tree.plumb().args(["check", "--format", "sarif", "--no-progress"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    // Findings: big (cyclomatic warning, cognitive 1101 error), 25,600 warnings in many.py, 50
    // warnings and 50 errors in z.py: 25,702, of which 51 errors.
    assert_eq!(
        stderr(&output),
        "warning: SARIF allows 25000 results per run: 702 are left out of the log (702 warnings); errors are \
         kept first\n"
    );
    let sarif = json(&output);
    assert!(sarif_validator().is_valid(&sarif));
    let run = &sarif["runs"][0];
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 25_000);
    assert_eq!(results.iter().filter(|r| r["level"] == "error").count(), 51);
    assert_eq!(
        run["properties"]["resultsLeftOut"],
        serde_json::json!({"limit": 25000, "errors": 0, "warnings": 702, "notes": 0})
    );
    let big = &results[1];
    assert_eq!(big["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "big.py");
    assert_eq!(big["ruleId"], "cyclomatic-complexity");
    assert_eq!(big["relatedLocations"].as_array().unwrap().len(), 1_000);
    // The 1,001st `if` is on line 2 + 2 x 1000 = 2002, the last on 2202.
    assert!(
        big["message"]["text"].as_str().unwrap().ends_with(
            "(related locations list the first 1000 of 1101; the other 101, on lines 2002-2202, are 101 `+1 if`)"
        ),
        "{}",
        big["message"]["text"]
    );
}

/// The cognitive finding names its largest increments wherever only the message is shown, and
/// SARIF locates every increment.
#[test]
fn cognitive_findings_name_their_largest_increments_in_every_machine_format() {
    let tree = Tree::new(&[("web/nested.js", NESTED_JS)]);
    let largest = "`nested` has a cognitive complexity of 21 (> 15); the largest increments: \
                   `if` at 7:13 (+6), `if` at 6:11 (+5), `if` at 5:9 (+4)";
    let sarif = json(&tree.plumb().args(["check", "--format", "sarif"]).output().unwrap());
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "cognitive-complexity");
    assert_eq!(result["message"]["text"], largest);
    let related: Vec<(u64, &str)> = result["relatedLocations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["physicalLocation"]["region"]["startLine"].as_u64().unwrap(),
                l["message"]["text"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        related,
        [
            (2, "+1 if"),
            (3, "+2 if (nesting 1)"),
            (4, "+3 if (nesting 2)"),
            (5, "+4 if (nesting 3)"),
            (6, "+5 if (nesting 4)"),
            (7, "+6 if (nesting 5)")
        ]
    );
    let gitlab = json(&tree.plumb().args(["check", "--format", "gitlab"]).output().unwrap());
    assert_eq!(gitlab[0]["description"], format!("cognitive-complexity: {largest}").as_str());
    let github = stdout(&tree.plumb().args(["check", "--format", "github"]).output().unwrap());
    // The annotation carries the message and the notes (newlines escaped).
    assert!(
        github.contains(&format!("{largest}%0A21 = 6 increments: `if` 2:3 +1, `if` 3:5 +2 (nesting 1),")),
        "{github}"
    );
}
