//! Single-file components end to end: a Vue and a Svelte component checked as a user would,
//! their scripts' functions reported at their lines in the component file, with suppressions,
//! an LCOV report naming the component, and `--changed-since`.

use crate::util::{GIT_AND_PRE_COMMIT_ENV, Tree, git, json, stderr, stdout};

/// `pick` (cyclomatic complexity 2) at lines 7-12 of the component.
const APP_VUE: &str = "<template>\n  <button @click=\"pick(1, 2)\">{{ label }}</button>\n</template>\n\n\
<script setup lang=\"ts\">\nconst label = \"Pick\";\nfunction pick(a: number, b: number): number {\n  \
if (a > b) {\n    return a;\n  }\n  return b;\n}\n</script>\n";

/// `classes` (cyclomatic complexity 2) at lines 3-5.
const BUTTON_SVELTE: &str = "<script lang=\"ts\">\n  export let kind = \"primary\";\n  \
function classes(disabled: boolean) {\n    return disabled ? \"off\" : kind;\n  }\n</script>\n\n\
{#if kind}\n  <button class={classes(false)}><slot /></button>\n{/if}\n";

fn tree() -> Tree {
    Tree::new(&[("src/App.vue", APP_VUE), ("src/Button.svelte", BUTTON_SVELTE)])
}

/// The cyclomatic-complexity findings: path, function, line and column.
fn findings(document: &serde_json::Value) -> Vec<(String, String, u64, u64)> {
    document["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "cyclomatic-complexity")
        .map(|f| {
            let at = |key: &str| f[key].as_u64().unwrap();
            (
                f["path"].as_str().unwrap().to_owned(),
                f["function"].as_str().unwrap().to_owned(),
                at("start_line"),
                at("start_column"),
            )
        })
        .collect()
}

#[test]
fn components_are_files_whose_script_functions_are_at_their_lines() {
    let tree = tree();
    let output =
        tree.plumb().args(["check", "src", "--max-cyclomatic", "1", "--format", "json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let document = json(&output);
    let files: Vec<(&str, &str, u64, u64, u64)> = document["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let count = |key: &str| f[key].as_u64().unwrap();
            (
                f["path"].as_str().unwrap(),
                f["language"].as_str().unwrap(),
                count("lines"),
                count("code"),
                count("blanks"),
            )
        })
        .collect();
    assert_eq!(files, [("src/App.vue", "vue", 13, 12, 1), ("src/Button.svelte", "svelte", 10, 9, 1)]);
    assert_eq!(
        findings(&document),
        [
            ("src/App.vue".to_owned(), "pick".to_owned(), 7, 1),
            ("src/Button.svelte".to_owned(), "classes".to_owned(), 3, 3)
        ]
    );
    // The snippet is the component's own line.
    let output = tree.plumb().args(["check", "src/App.vue", "--max-cyclomatic", "1"]).output().unwrap();
    let text = stdout(&output);
    assert!(text.contains("--> src/App.vue:7:1\n"), "{text}");
    assert!(text.contains("7 | function pick(a: number, b: number): number {\n"), "{text}");
    assert!(text.contains("`if` 8:3"), "{text}");
}

#[test]
fn a_suppression_comment_in_a_script_suppresses() {
    let tree = tree();
    let suppressed = APP_VUE
        .replace("function pick", "// plumb: allow(cyclomatic-complexity) two branches\nfunction pick");
    tree.write("src/App.vue", suppressed.as_bytes());
    let output =
        tree.plumb().args(["check", "src", "--max-cyclomatic", "1", "--format", "json"]).output().unwrap();
    let reported = findings(&json(&output));
    assert_eq!(reported, [("src/Button.svelte".to_owned(), "classes".to_owned(), 3, 3)]);
}

#[test]
fn an_lcov_report_naming_a_component_joins_by_its_lines() {
    let tree = tree();
    // Vitest's LCOV for the component: lines 7, 8 and 11 of `pick` ran, 9 did not.
    tree.write("lcov.info", b"SF:src/App.vue\nDA:6,1\nDA:7,1\nDA:8,1\nDA:9,0\nDA:11,1\nend_of_record\n");
    let output = tree
        .plumb()
        .args(["check", "src/App.vue", "--coverage", "lcov.info", "--format", "json"])
        .output()
        .unwrap();
    assert!(matches!(output.status.code(), Some(0 | 1)), "{}", stderr(&output));
    let document = json(&output);
    let pick = &document["files"][0]["functions"][0];
    assert_eq!(pick["name"], "pick");
    let coverage = &pick["coverage"];
    assert_eq!((coverage["covered"].as_u64(), coverage["lines"].as_u64()), (Some(3), Some(4)));
}

#[test]
fn changed_since_reports_the_changed_component_functions() {
    let tree = tree();
    git(tree.path(), &["init", "--quiet"]);
    git(tree.path(), &["add", "."]);
    git(tree.path(), &["commit", "--quiet", "-m", "first"]);
    tree.write("src/Button.svelte", BUTTON_SVELTE.replace("\"off\"", "\"disabled\"").as_bytes());
    let mut command = tree.plumb();
    for name in GIT_AND_PRE_COMMIT_ENV {
        command.env_remove(name);
    }
    let output = command
        .args(["check", "src", "--max-cyclomatic", "1", "--changed-since", "HEAD", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(findings(&json(&output)), [("src/Button.svelte".to_owned(), "classes".to_owned(), 3, 3)]);
}
