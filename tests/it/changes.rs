use std::process::Output;

use crate::util::{ROUTE_PY, Tree, git, json, stderr, stdout};

/// `ROUTE_PY` under another name: a second function of cyclomatic complexity 11, 15 lines.
fn dispatch_py() -> String {
    ROUTE_PY.replace("def route", "def dispatch")
}

/// `route` (lines 1-15), a blank line, then `dispatch` (lines 17-31).
fn both_py() -> String {
    format!("{ROUTE_PY}\n{}", dispatch_py())
}

/// `text` with the last line of its last function (`dispatch`) edited.
fn edit_dispatch(text: &str) -> String {
    let at = text.rfind("else 6").unwrap();
    format!("{}else 7{}", &text[..at], &text[at + "else 6".len()..])
}

/// `text` with line 10 (in the middle of `route`) edited.
fn edit_route(text: &str) -> String {
    text.replacen("request.retry -= 1", "request.retry -= 2", 1)
}

/// A git repository holding `files`, committed.
fn repository(files: &[(&str, &str)]) -> Tree {
    let tree = Tree::new(files);
    git(tree.path(), &["init", "--quiet"]);
    git(tree.path(), &["add", "."]);
    git(tree.path(), &["commit", "--quiet", "-m", "first"]);
    tree
}

/// `plumb check ARGS` in `dir` (inside the tree).
fn check(tree: &Tree, dir: &str, args: &[&str]) -> Output {
    tree.plumb()
        .current_dir(tree.join(dir))
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .arg("check")
        .args(args)
        .output()
        .unwrap()
}

/// `path: function` of each cyclomatic-complexity finding of `plumb check --format json ARGS`.
fn reported(tree: &Tree, dir: &str, args: &[&str]) -> Vec<String> {
    let output = check(tree, dir, &[args, &["--format", "json"]].concat());
    assert!(matches!(output.status.code(), Some(0 | 1)), "{}", stderr(&output));
    json(&output)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "cyclomatic-complexity")
        .map(|f| format!("{}: {}", f["path"].as_str().unwrap(), f["function"].as_str().unwrap()))
        .collect()
}

#[test]
fn only_functions_that_overlap_changed_lines_are_reported() {
    let tree = repository(&[("app.py", ROUTE_PY)]);
    // Nothing changed: nothing to report, and the run passes.
    let clean = check(&tree, ".", &["--changed-since", "HEAD"]);
    assert_eq!(clean.status.code(), Some(0), "{}", stderr(&clean));
    assert_eq!(reported(&tree, ".", &[]), ["app.py: route"]);

    // A new complex function below the committed one, untouched.
    tree.write("app.py", both_py().as_bytes());
    assert_eq!(reported(&tree, ".", &["--changed-since", "HEAD"]), ["app.py: dispatch"]);
    let output = check(&tree, ".", &["--changed-since", "HEAD"]);
    assert_eq!(output.status.code(), Some(1));
    let shown = stdout(&output);
    assert!(shown.contains("`dispatch` has a cyclomatic complexity of 11"), "{shown}");
    assert!(!shown.contains("`route`"), "{shown}");
    assert!(
        shown.ends_with(
            "reporting on 1 changed file (since HEAD): 1 finding on changed code, 1 elsewhere not shown\n"
        ),
        "{shown}"
    );
}

#[test]
fn editing_one_line_inside_a_function_reports_it() {
    let tree = repository(&[("app.py", &both_py())]);
    // Line 10 of `route`, in the middle of its body.
    tree.write("app.py", edit_route(&both_py()).as_bytes());
    assert_eq!(reported(&tree, ".", &["--changed-since", "HEAD"]), ["app.py: route"]);
    // The last line of `dispatch` too.
    tree.write("app.py", edit_dispatch(&edit_route(&both_py())).as_bytes());
    assert_eq!(reported(&tree, ".", &["--changed-since", "HEAD"]), ["app.py: route", "app.py: dispatch"]);
    // The same, committed, and compared with the commit before.
    git(tree.path(), &["commit", "--quiet", "-am", "edit"]);
    assert_eq!(reported(&tree, ".", &["--changed-since", "HEAD"]), Vec::<String>::new());
    assert_eq!(reported(&tree, ".", &["--changed-since", "HEAD~1"]), ["app.py: route", "app.py: dispatch"]);
}

/// Deleting the last line of `route` marks the line above the deletion, its new last line; the
/// function below is not touched.
#[test]
fn a_function_that_only_lost_lines_is_changed() {
    let committed = format!("{ROUTE_PY}    log(request)\n\n{}", dispatch_py());
    let tree = repository(&[("app.py", &committed)]);
    tree.write("app.py", committed.replace("    log(request)\n", "").as_bytes());
    assert_eq!(reported(&tree, ".", &["--changed-since", "HEAD"]), ["app.py: route"]);
}

#[test]
fn renamed_files_are_followed() {
    let tree = repository(&[("old.py", &both_py())]);
    git(tree.path(), &["mv", "old.py", "new.py"]);
    // One line of `dispatch` edited in the renamed file: `route` is not new code.
    tree.write("new.py", edit_dispatch(&both_py()).as_bytes());
    assert_eq!(reported(&tree, ".", &["--changed-since", "HEAD"]), ["new.py: dispatch"]);
    git(tree.path(), &["add", "new.py"]);
    assert_eq!(reported(&tree, ".", &["--staged"]), ["new.py: dispatch"]);
}

#[test]
fn staged_sees_only_staged_edits() {
    let tree = repository(&[("app.py", &both_py())]);
    tree.write("app.py", edit_route(&both_py()).as_bytes());
    git(tree.path(), &["add", "app.py"]);
    // Then an edit to `dispatch`, not staged.
    tree.write("app.py", edit_dispatch(&edit_route(&both_py())).as_bytes());
    assert_eq!(reported(&tree, ".", &["--staged"]), ["app.py: route"]);
    assert_eq!(reported(&tree, ".", &["--changed-since", "HEAD"]), ["app.py: route", "app.py: dispatch"]);
    let output = check(&tree, ".", &["--staged"]);
    assert!(
        stdout(&output).ends_with(
            "reporting on 1 changed file (staged): 1 finding on changed code, 1 elsewhere not shown\n"
        ),
        "{}",
        stdout(&output)
    );
}

#[test]
fn untracked_files_are_new_code() {
    let tree = repository(&[("app.py", ROUTE_PY), (".gitignore", "ignored/\n")]);
    tree.write("fresh.py", dispatch_py().as_bytes());
    assert_eq!(reported(&tree, ".", &["--changed-since", "HEAD"]), ["fresh.py: dispatch"]);
    // Not staged yet.
    assert_eq!(reported(&tree, ".", &["--staged"]), Vec::<String>::new());
    git(tree.path(), &["add", "fresh.py"]);
    assert_eq!(reported(&tree, ".", &["--staged"]), ["fresh.py: dispatch"]);
    // An ignored file named on the command line is analysed but not new code.
    tree.write("ignored/gen.py", dispatch_py().as_bytes());
    let named = reported(&tree, ".", &["--changed-since", "HEAD", "app.py", "fresh.py", "ignored/gen.py"]);
    assert_eq!(named, ["fresh.py: dispatch"]);
}

#[test]
fn works_from_a_subdirectory() {
    let tree =
        repository(&[("top.py", ROUTE_PY), ("sub/app.py", ROUTE_PY), ("sub/deeper/keep.py", ROUTE_PY)]);
    tree.write("top.py", both_py().as_bytes());
    tree.write("sub/app.py", both_py().as_bytes());
    assert_eq!(reported(&tree, "sub", &["--changed-since", "HEAD"]), ["app.py: dispatch"]);
    assert_eq!(
        reported(&tree, "sub/deeper", &["--changed-since", "HEAD", "../.."]),
        ["../../sub/app.py: dispatch", "../../top.py: dispatch",]
    );
    git(tree.path(), &["add", "top.py"]);
    // `sub/app.py` changed too, but is not staged; a path outside the working directory stays
    // absolute.
    let absolute = tree.join("top.py");
    let absolute = absolute.to_str().unwrap();
    assert_eq!(reported(&tree, "sub", &["--staged", ".", absolute]), [format!("{absolute}: dispatch")]);
}

#[test]
fn a_revision_that_does_not_exist_is_a_clear_error() {
    let tree = repository(&[("app.py", ROUTE_PY)]);
    let output = check(&tree, ".", &["--changed-since", "no-such-branch"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: --changed-since: `no-such-branch` is not a commit, branch or tag of this repository\n"
    );
    assert_eq!(stdout(&output), "");
}

#[test]
fn outside_a_git_repository_is_a_clear_error() {
    let tree = Tree::new(&[("app.py", ROUTE_PY)]);
    let parent = tree.path().canonicalize().unwrap().parent().unwrap().to_path_buf();
    for flag in [&["--staged"][..], &["--changed-since", "HEAD"]] {
        // Git must not find a repository above the temporary directory.
        let output = tree
            .plumb()
            .env("GIT_CEILING_DIRECTORIES", &parent)
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .arg("check")
            .args(flag)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        let message = stderr(&output);
        assert!(message.starts_with(&format!("error: {}: `", flag[0])), "{message}");
        assert!(message.ends_with("` is not inside a git repository\n"), "{message}");
    }
}

#[test]
fn changed_since_and_staged_conflict() {
    let tree = repository(&[("app.py", ROUTE_PY)]);
    let output = check(&tree, ".", &["--changed-since", "HEAD", "--staged"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("cannot be used with"), "{}", stderr(&output));
}
