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
