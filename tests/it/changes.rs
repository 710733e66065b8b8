use std::process::Output;

use crate::util::{GIT_AND_PRE_COMMIT_ENV, ROUTE_PY, Tree, git, json, stderr, stdout};

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
    check_with_env(tree, dir, args, &[])
}

/// [`check`] with environment variables set (pre-commit's are unset otherwise).
fn check_with_env(tree: &Tree, dir: &str, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = tree.plumb();
    command.current_dir(tree.join(dir));
    for name in GIT_AND_PRE_COMMIT_ENV {
        command.env_remove(name);
    }
    command.envs(env.iter().copied()).arg("check").args(args).output().unwrap()
}

/// `path: function` of each cyclomatic-complexity finding of `plumb check --format json ARGS`.
fn reported(tree: &Tree, dir: &str, args: &[&str]) -> Vec<String> {
    reported_with_env(tree, dir, args, &[])
}

/// [`reported`] with environment variables set.
fn reported_with_env(tree: &Tree, dir: &str, args: &[&str], env: &[(&str, &str)]) -> Vec<String> {
    let output = check_with_env(tree, dir, &[args, &["--format", "json"]].concat(), env);
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
    let base = short(&tree, "HEAD");
    assert!(
        shown.ends_with(&format!(
            "reporting on 1 changed file since HEAD ({base}): 1 finding on changed code, 1 elsewhere \
             not shown\n"
        )),
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

/// `git rev-parse --short REV` in the tree.
fn short(tree: &Tree, rev: &str) -> String {
    let output = std::process::Command::new("git")
        .args(["rev-parse", "--short", rev])
        .current_dir(tree.path())
        .output()
        .unwrap();
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

/// `main` with `app.py` (`route`) and `util.py`; a branch `feature` that left it and added a
/// simple function to `util.py` (lines 4-5); then `main` moved on and edited line 10 of
/// `route`. `feature` is checked out, without `main`'s edit.
fn branch_behind_main() -> Tree {
    let tree = repository(&[("app.py", ROUTE_PY), ("util.py", "def helper(x):\n    return x\n")]);
    git(tree.path(), &["branch", "-M", "main"]);
    git(tree.path(), &["checkout", "--quiet", "-b", "feature"]);
    tree.write("util.py", b"def helper(x):\n    return x\n\ndef other(y):\n    return y\n");
    git(tree.path(), &["commit", "--quiet", "-am", "feature work"]);
    git(tree.path(), &["checkout", "--quiet", "main"]);
    tree.write("app.py", edit_route(ROUTE_PY).as_bytes());
    git(tree.path(), &["commit", "--quiet", "-am", "main moves on"]);
    git(tree.path(), &["checkout", "--quiet", "feature"]);
    tree
}

#[test]
fn a_branch_behind_main_is_judged_on_its_own_changes() {
    let tree = branch_behind_main();
    // `route` differs from main's only because main edited it after the branch left.
    for rev in ["main", "main...HEAD", "main..HEAD", "main...", "main..feature"] {
        assert_eq!(reported(&tree, ".", &["--changed-since", rev]), Vec::<String>::new(), "{rev}");
    }
    let output = check(&tree, ".", &["--changed-since", "main"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let base = short(&tree, "main~1");
    assert!(
        stdout(&output).ends_with(&format!(
            "reporting on 1 changed file since merge-base of main ({base}): 0 findings on changed \
             code\n"
        )),
        "{}",
        stdout(&output)
    );
    // The branch's own edit of `route`, not committed yet, is reported.
    tree.write("app.py", ROUTE_PY.replace("else 6", "else 7").as_bytes());
    assert_eq!(reported(&tree, ".", &["--changed-since", "main"]), ["app.py: route"]);
}

#[test]
fn a_revision_the_branch_contains_is_the_base_itself() {
    let tree = repository(&[("app.py", ROUTE_PY)]);
    tree.write("app.py", both_py().as_bytes());
    git(tree.path(), &["commit", "--quiet", "-am", "dispatch"]);
    let output = check(&tree, ".", &["--changed-since", "HEAD~1"]);
    assert_eq!(output.status.code(), Some(1));
    let base = short(&tree, "HEAD~1");
    assert!(
        stdout(&output).ends_with(&format!(
            "reporting on 1 changed file since HEAD~1 ({base}): 1 finding on changed code, 1 \
             elsewhere not shown\n"
        )),
        "{}",
        stdout(&output)
    );
}

#[test]
fn a_range_must_end_at_the_checked_out_commit() {
    let tree = branch_behind_main();
    let output = check(&tree, ".", &["--changed-since", "feature...main"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: --changed-since: `feature...main` ends at `main`, which is not the checked-out \
         commit: plumb reads the files on disk, so check out `main` first, or end the range at \
         HEAD\n"
    );
}

/// An LCOV report: `route`'s line 10 never ran; of `other` (util.py lines 4-5), line 4 ran and
/// line 5 did not.
const BRANCH_LCOV: &str = "SF:app.py\nDA:1,1\nDA:2,1\nDA:10,0\nDA:15,1\nend_of_record\n\
                           SF:util.py\nDA:1,1\nDA:2,1\nDA:4,1\nDA:5,0\nend_of_record\n";

#[test]
fn changed_coverage_counts_the_branch_changes_only() {
    let tree = branch_behind_main();
    tree.write("cov.info", BRANCH_LCOV.as_bytes());
    let output =
        check(&tree, ".", &["--changed-since", "main", "--coverage", "cov.info", "--format", "json"]);
    let document = json(&output);
    let changed = &document["coverage"]["changed"];
    // Lines 4 and 5 of util.py; app.py's line 10 is main's change, not the branch's.
    assert_eq!((changed["lines"].as_u64(), changed["covered"].as_u64()), (Some(2), Some(1)));
    let files: Vec<(&str, &serde_json::Value)> = changed["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|file| (file["path"].as_str().unwrap(), &file["uncovered_lines"]))
        .collect();
    assert_eq!(files, [("util.py", &serde_json::json!([5]))]);
    assert_eq!(output.status.code(), Some(1), "50% is below the default 80%");
}

/// In a clone of depth 1 (what CI checkouts make by default), a revision before the cut and
/// the merge base with another branch are unknown: the errors say how to fetch more.
#[test]
fn a_shallow_clone_says_how_to_fetch_more_history() {
    let origin = branch_behind_main();
    let clone = Tree::new(&[]);
    let url = format!("file://{}", origin.path().display());
    git(clone.path(), &["clone", "--quiet", "--depth", "1", "--no-single-branch", &url, "."]);
    let output = check(&clone, ".", &["--changed-since", "HEAD~1"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: --changed-since: `HEAD~1` is not a commit, branch or tag of this repository, which \
         is a shallow clone: fetch more history (`git fetch --unshallow`, or `fetch-depth: 0` with \
         actions/checkout)\n"
    );
    let output = check(&clone, ".", &["--changed-since", "origin/main"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: --changed-since: `origin/main` and HEAD share no commit in this shallow clone, so \
         where the branch left `origin/main` is unknown: fetch more history (`git fetch \
         --unshallow`, or `fetch-depth: 0` with actions/checkout)\n"
    );
}

/// A branch with a history of its own (no common commit) is compared with the revision itself,
/// and the summary says so.
#[test]
fn unrelated_histories_compare_with_the_revision() {
    let tree = repository(&[("app.py", ROUTE_PY)]);
    git(tree.path(), &["branch", "-M", "main"]);
    git(tree.path(), &["checkout", "--quiet", "--orphan", "other"]);
    tree.write("app.py", both_py().as_bytes());
    git(tree.path(), &["commit", "--quiet", "-am", "unrelated"]);
    let output = check(&tree, ".", &["--changed-since", "main"]);
    assert_eq!(output.status.code(), Some(1));
    let base = short(&tree, "main");
    assert!(
        stdout(&output).ends_with(&format!(
            "reporting on 1 changed file since main ({base}), which shares no commit with HEAD: 1 \
             finding on changed code, 1 elsewhere not shown\n"
        )),
        "{}",
        stdout(&output)
    );
}

/// `plumb check --staged app.py` as pre-commit runs it: with `PRE_COMMIT=1`, and the range of
/// `pre-commit run --from-ref A --to-ref B` in `PRE_COMMIT_FROM_REF` and `PRE_COMMIT_TO_REF`.
fn staged_under_pre_commit(tree: &Tree, range: Option<(&str, &str)>) -> Vec<String> {
    let mut env = vec![("PRE_COMMIT", "1")];
    if let Some((from, to)) = range {
        env.extend([("PRE_COMMIT_FROM_REF", from), ("PRE_COMMIT_TO_REF", to)]);
    }
    reported_with_env(tree, ".", &["--staged", "app.py"], &env)
}

#[test]
fn staged_under_pre_commit_follows_its_range_or_checks_whole_files() {
    let tree = repository(&[("app.py", ROUTE_PY)]);
    tree.write("app.py", both_py().as_bytes());
    git(tree.path(), &["commit", "--quiet", "-am", "dispatch, committed without the hook"]);
    // `pre-commit run --from-ref HEAD~1 --to-ref HEAD`: the commit's changes.
    assert_eq!(staged_under_pre_commit(&tree, Some(("HEAD~1", "HEAD"))), ["app.py: dispatch"]);
    // `pre-commit run --all-files`: nothing is staged, so the files are checked whole.
    assert_eq!(staged_under_pre_commit(&tree, None), ["app.py: route", "app.py: dispatch"]);
    // At commit time: what is staged.
    tree.write("app.py", edit_route(&both_py()).as_bytes());
    git(tree.path(), &["add", "app.py"]);
    assert_eq!(staged_under_pre_commit(&tree, None), ["app.py: route"]);
    // Outside pre-commit, nothing staged is nothing to report.
    git(tree.path(), &["reset", "--quiet"]);
    assert_eq!(reported(&tree, ".", &["--staged"]), Vec::<String>::new());
}

/// `path:line rule` of each finding: from a JSON document (a streamed run, which filters each
/// file's findings as it comes), or from `--format short` (a held run, which filters the report).
fn findings_both_ways(tree: &Tree, args: &[&str]) -> (Vec<String>, Vec<String>) {
    let output = check(tree, ".", &[args, &["--format", "json"]].concat());
    let streamed = json(&output)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!("{}:{} {}", f["path"].as_str().unwrap(), f["start_line"], f["rule"].as_str().unwrap())
        })
        .collect();
    let output = check(tree, ".", &[args, &["--format", "short"]].concat());
    let held = stdout(&output)
        .lines()
        .filter_map(|line| {
            let (place, rest) = line.split_once(": ")?;
            let (path, line) = place.rsplit_once(':')?.0.split_once(':')?;
            let rule = rest.split_once('[')?.1.split_once(']')?.0;
            Some(format!("{path}:{line} {rule}"))
        })
        .collect();
    (streamed, held)
}

#[test]
fn a_streamed_run_keeps_the_findings_on_changed_code_a_held_one_keeps() {
    let tree = repository(&[("app.py", &both_py()), ("util.py", ROUTE_PY)]);
    // `route` changes (line 10), `dispatch` beside it does not, and util.py is not analysed.
    tree.write("app.py", edit_route(&both_py()).as_bytes());
    let (streamed, held) = findings_both_ways(&tree, &["--changed-since", "HEAD"]);
    assert_eq!(streamed, ["app.py:1 cyclomatic-complexity"]);
    assert_eq!(held, streamed);
    // With coverage, the run-wide finding on the changed line is kept too, in the same order.
    tree.write("cov.info", b"SF:app.py\nDA:1,1\nDA:10,0\nend_of_record\n");
    let (streamed, held) = findings_both_ways(&tree, &["--changed-since", "HEAD", "--coverage", "cov.info"]);
    let expected = [
        "app.py:1 crap",
        "app.py:1 cyclomatic-complexity",
        "app.py:1 uncovered-complex-function",
        "app.py:10 changed-coverage",
    ];
    assert_eq!(streamed, expected);
    assert_eq!(held, streamed);
}
