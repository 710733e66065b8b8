use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

use crate::util::{Tree, json, stderr, stdout};

/// `git ARGS` in `dir` as `author` at `date`, isolated from the repository the tests run in
/// and from the user's configuration.
pub(crate) fn git(dir: &Path, author: (&str, &str), date: &str, args: &[&str]) {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", author.0)
        .env("GIT_AUTHOR_EMAIL", author.1)
        .env("GIT_COMMITTER_NAME", author.0)
        .env("GIT_COMMITTER_EMAIL", author.1)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .expect("git is needed");
    assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
}

const ANN: (&str, &str) = ("Ann", "ann@example.com");
const BOB: (&str, &str) = ("Bob", "bob@example.com");
const CAT: (&str, &str) = ("Cat", "cat@example.com");
const BOT: (&str, &str) = ("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com");

fn day(n: u32) -> String {
    format!("2023-03-{n:02}T10:00:00+00:00")
}

/// `count` functions `f0`.. of 2 code lines each, a blank line after each: function `i` is on
/// lines `3i+1`-`3i+2`.
fn functions(count: u32) -> String {
    (0..count).fold(String::new(), |mut text, i| {
        let _ = write!(text, "def f{i}(x):\n    return x + {i}\n\n");
        text
    })
}

fn commit(tree: &Tree, author: (&str, &str), date: &str, message: &str) {
    git(tree.path(), author, date, &["add", "-A"]);
    git(tree.path(), author, date, &["commit", "--quiet", "-m", message]);
}

/// A repository (March 2023, oldest first):
///
/// 1. Ann, "Initial import": `app/core.py` (125 functions, 250 lines of code), `app/util.py`
///    (50, 100), `lib/big.py` (250, 500).
/// 2. Ann, "fix: wrong total in core": `f1` of core.py edited.
/// 3. Bob, "Fix crash in util when empty (#3)": `f1` of core.py and `f0` of util.py edited.
/// 4. Bob, "Fix typo in docs": a comment added to core.py (excluded: a typo fix).
/// 5. On a branch, Cat, "Handle unicode" with `Fixes: #7`: `f5` of big.py edited; merged into
///    main with a merge commit (not read).
/// 6. renovate[bot], "fix: bump pins": big.py edited (not read: a bot).
/// 7. Ann, "Move util": `app/util.py` renamed to `app/helpers.py`, unchanged.
/// 8. Ann, "Add data": `data.bin`, binary and not source.
///
/// Worked by hand, with the default fix rules and minimum of 200 lines of code:
///
/// | unit | code | commits | fixes | defects | per KLOC |
/// |---|---|---|---|---|---|
/// | app/core.py | 250 | 1, 2, 3, 4 | 2, 3 | c2, c3 | 2 / 0.25 = 8.0 |
/// | app/helpers.py | 100 | 1, 3 (the rename is no change) | 3 | c3 | 1 / 0.1 = 10.0, not ranked |
/// | lib/big.py | 500 | 1, 5 | 5 | #7 | 1 / 0.5 = 2.0 |
/// | folder app | 350 | 1, 2, 3, 4 | 2, 3 | c2, c3 (c3 once) | 2 / 0.35 = 5.714 |
/// | folder lib | 500 | 1, 5 | 5 | #7 | 2.0 |
/// | total | 850 | 1, 2, 3, 4, 5 | 2, 3, 5 | 3 | 3 / 0.85 = 3.529 |
fn repository() -> Tree {
    let core = functions(125);
    let tree = Tree::new(&[
        ("app/core.py", &core),
        ("app/util.py", &functions(50)),
        ("lib/big.py", &functions(250)),
    ]);
    git(tree.path(), ANN, &day(1), &["init", "--quiet", "--initial-branch=main"]);
    git(tree.path(), ANN, &day(1), &["config", "commit.gpgsign", "false"]);
    commit(&tree, ANN, &day(1), "Initial import");
    let core = core.replace("return x + 1\n", "return x - 1\n");
    tree.write("app/core.py", core.as_bytes());
    commit(&tree, ANN, &day(2), "fix: wrong total in core");
    let core = core.replace("return x - 1\n", "return x * 1\n");
    tree.write("app/core.py", core.as_bytes());
    tree.write("app/util.py", functions(50).replace("return x + 0\n", "return x or 0\n").as_bytes());
    commit(&tree, BOB, &day(3), "Fix crash in util when empty (#3)");
    tree.write("app/core.py", format!("{core}# The core.\n").as_bytes());
    commit(&tree, BOB, &day(4), "Fix typo in docs");
    git(tree.path(), CAT, &day(5), &["checkout", "--quiet", "-b", "unicode"]);
    let big = functions(250).replace("return x + 5\n", "return str(x) + 5\n");
    tree.write("lib/big.py", big.as_bytes());
    commit(&tree, CAT, &day(5), "Handle unicode\n\nFixes: #7");
    git(tree.path(), ANN, &day(6), &["checkout", "--quiet", "main"]);
    git(
        tree.path(),
        ANN,
        &day(6),
        &["merge", "--quiet", "--no-ff", "-m", "Merge branch 'unicode'", "unicode"],
    );
    tree.write("lib/big.py", big.replace("return x + 9\n", "return x + 10\n").as_bytes());
    commit(&tree, BOT, &day(7), "fix: bump pins");
    git(tree.path(), ANN, &day(8), &["mv", "app/util.py", "app/helpers.py"]);
    commit(&tree, ANN, &day(8), "Move util");
    tree.write("data.bin", b"\0\x01\x02");
    commit(&tree, ANN, &day(9), "Add data");
    tree
}

/// `plumb ARGS` in the tree, outside any other repository's environment.
fn plumb(tree: &Tree, args: &[&str]) -> Output {
    tree.plumb()
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .args(args)
        .arg("--no-progress")
        .output()
        .unwrap()
}

fn rows(document: &Value, table: &str) -> Vec<(String, u64, u64, f64, bool)> {
    document[table]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            let density = (row["density"].as_f64().unwrap() * 1000.0).round() / 1000.0;
            (
                row["path"].as_str().unwrap().to_owned(),
                row["code"].as_u64().unwrap(),
                row["defects"].as_u64().unwrap(),
                density,
                row["ranked"].as_bool().unwrap(),
            )
        })
        .collect()
}

fn row(path: &str, code: u64, defects: u64, density: f64, ranked: bool) -> (String, u64, u64, f64, bool) {
    (path.to_owned(), code, defects, density, ranked)
}

#[test]
fn defect_density_per_file_and_folder_worked_by_hand() {
    let tree = repository();
    let output = plumb(&tree, &["defects", "--since", "2023-01-01", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let document = json(&output);
    assert_eq!(document["window"]["commits"], 7);
    assert_eq!(document["window"]["bot_commits"], 1);
    assert_eq!(document["window"]["shallow"], false);
    assert_eq!((document["fix_commits"].as_u64(), document["excluded_commits"].as_u64()), (Some(3), Some(1)));
    assert_eq!(
        rows(&document, "files"),
        [
            row("app/core.py", 250, 2, 8.0, true),
            row("lib/big.py", 500, 1, 2.0, true),
            row("app/helpers.py", 100, 1, 10.0, false),
        ]
    );
    assert_eq!(rows(&document, "folders"), [row("app", 350, 2, 5.714, true), row("lib", 500, 1, 2.0, true)]);
    let total = &document["total"];
    assert_eq!((total["code"].as_u64(), total["defects"].as_u64()), (Some(850), Some(3)));
    assert_eq!(
        (total["commits"].as_u64(), total["fixes"].as_u64(), total["authors"].as_u64()),
        (Some(5), Some(3), Some(3))
    );
    let core = &document["files"][0];
    // Commits 1-4; churn: 250 + 125 + 125 added at first (2 x 125 lines and 125 blank), then
    // +1 -1 twice and +1.
    assert_eq!(
        (core["commits"].as_u64(), core["fixes"].as_u64(), core["authors"].as_u64()),
        (Some(4), Some(2), Some(2))
    );
    assert_eq!((core["added"].as_u64(), core["deleted"].as_u64()), (Some(375 + 3), Some(2)));
    // 2 defects in 0.25 KLOC: Garwood's [0.355362, 6.295794] / 0.25.
    assert!((core["density_low"].as_f64().unwrap() - 1.421_448).abs() < 1e-5);
    assert!((core["density_high"].as_f64().unwrap() - 25.183_176).abs() < 1e-5);
    assert_eq!(document["findings"], Value::Array(vec![]));

    // From a subdirectory: paths relative to it, history found through the repository root.
    let output = tree
        .plumb()
        .current_dir(tree.join("app"))
        .env_remove("GIT_DIR")
        .args(["defects", "--since", "2023-01-01", "--format", "json", "--no-progress"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let document = json(&output);
    assert_eq!(
        rows(&document, "files"),
        [row("core.py", 250, 2, 8.0, true), row("helpers.py", 100, 1, 10.0, false)]
    );
    assert_eq!(rows(&document, "folders"), [row(".", 350, 2, 5.714, true)]);
}

#[test]
fn human_and_markdown_tables() {
    let tree = repository();
    let output = plumb(&tree, &["defects", "--since", "2023-01-01"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "defect density since 2023-01-01: 7 commits, 3 fix commits, 1 typo, lint, CI or docs fix not counted, 1 bot \
         commit left out"
    );
    assert_eq!(lines[1], "fix rules: keywords, conventional, trailers");
    assert!(text.contains("\nfolders: 2\n#  folder  files  code  defects  per KLOC  90% interval  fixes  commits  churn  authors\n"), "{text}");
    assert!(
        text.contains("\n1  app         2   350        2      5.71    1.02-17.99      2        4    "),
        "{text}"
    );
    // The unranked file has no rank; the total is the last row of the file table.
    assert!(text.contains("\n   app/helpers.py   100        1     10.00"), "{text}");
    assert!(text.contains("\n   total            850        3      3.53"), "{text}");
    assert!(text.ends_with("rows under 200 lines of code have no rank\n"), "{text}");

    let output = plumb(&tree, &["defects", "--since", "2023-01-01", "--format", "markdown", "--top", "1"]);
    let text = stdout(&output);
    assert!(text.contains("### files: 1 of 3 (--top shows more)\n\n| # | file | code |"), "{text}");
    assert!(text.contains("\n| 1 | app/core.py | 250 | 2 | 8.00 |"), "{text}");
}

#[test]
fn the_gate_writes_sarif_for_code_scanning() {
    let tree = repository();
    let output = plumb(
        &tree,
        &["defects", "--since", "2023-01-01", "--gate", "--max-density", "3", "--format", "sarif"],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let sarif = json(&output);
    assert!(crate::formats::sarif_validator().is_valid(&sarif));
    let run = &sarif["runs"][0];
    assert_eq!(run["invocations"][0]["exitCode"], 1);
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{results:#?}");
    assert_eq!(results[0]["ruleId"], "defect-density");
    assert_eq!(results[0]["level"], "error");
    assert_eq!(results[0]["message"]["text"], "`app` has 5.71 defects per KLOC (> 3)");
    // Code scanning shows results on files: the folder's is on its file with the most defects,
    // app/core.py (2, against 1 in app/helpers.py).
    assert_eq!(results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "app/core.py");
    crate::util::assert_locations_open_in_code_scanning(&sarif, tree.path());
    let rule = &run["tool"]["driver"]["rules"][results[0]["ruleIndex"].as_u64().unwrap() as usize];
    assert_eq!(rule["id"], "defect-density");
    // Without findings the log is still valid, and the run succeeds.
    let output = plumb(&tree, &["defects", "--since", "2023-01-01", "--format", "sarif"]);
    assert_eq!(output.status.code(), Some(0));
    let sarif = json(&output);
    assert!(crate::formats::sarif_validator().is_valid(&sarif));
    assert_eq!(sarif["runs"][0]["results"], Value::Array(Vec::new()));
    // Hotspots rank files; they have nothing for SARIF, and the command line says so.
    let output = plumb(&tree, &["hotspots", "--since", "2023-01-01", "--format", "sarif"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("invalid value 'sarif' for '--format <FORMAT>'"), "{}", stderr(&output));
}

#[test]
fn the_gate_fails_folders_above_the_maximum() {
    let tree = repository();
    let output = plumb(&tree, &["defects", "--since", "2023-01-01", "--gate", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let findings = json(&output)["findings"].clone();
    let messages: Vec<&str> =
        findings.as_array().unwrap().iter().map(|f| f["message"].as_str().unwrap()).collect();
    assert_eq!(messages, ["`app` has 5.71 defects per KLOC (> 1)", "`lib` has 2.00 defects per KLOC (> 1)"]);
    let output = plumb(&tree, &["defects", "--since", "2023-01-01", "--gate", "--max-density", "3"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output)
            .contains("app/core.py:1:1: error[defect-density]: `app` has 5.71 defects per KLOC (> 3)\n")
    );
    let output = plumb(
        &tree,
        &["defects", "--since", "2023-01-01", "--gate", "--max-density", "3", "--format", "markdown"],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).ends_with("\n- **error** `defect-density`: `app` has 5.71 defects per KLOC (> 3)\n")
    );
    let output = plumb(&tree, &["defects", "--since", "2023-01-01", "--gate", "--max-density", "6"]);
    assert_eq!(output.status.code(), Some(0));
    // Without --gate the rule is off...
    let output = plumb(&tree, &["defects", "--since", "2023-01-01"]);
    assert_eq!(output.status.code(), Some(0));
    // ... unless the configuration turns it on; a warning level reports without failing.
    tree.write("plumb.toml", b"[rules.defect-density]\nlevel = \"error\"\nthreshold = 5\n");
    let output = plumb(&tree, &["defects", "--since", "2023-01-01"]);
    assert_eq!(output.status.code(), Some(1));
    tree.write("plumb.toml", b"[rules.defect-density]\nlevel = \"warn\"\n");
    let output = plumb(&tree, &["defects", "--since", "2023-01-01"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("warning[defect-density]: `lib` has 2.00 defects per KLOC (> 1)"));
}

#[test]
fn fix_rules_from_options_configuration_and_a_defect_list() {
    let tree = repository();
    // Only Conventional Commits: "fix: wrong total in core" (the bot's "fix: bump" is not read).
    let output = plumb(
        &tree,
        &["defects", "--since", "2023-01-01", "--fix-preset", "conventional", "--format", "json"],
    );
    let document = json(&output);
    assert_eq!(document["fix_commits"], 1);
    assert_eq!(document["total"]["defects"], 1);
    // A custom pattern alone.
    let output = plumb(
        &tree,
        &["defects", "--since", "2023-01-01", "--fix-pattern", "(?i)unicode", "--format", "json"],
    );
    let document = json(&output);
    assert_eq!(document["fix_rules"]["presets"], Value::Array(vec![]));
    assert_eq!(rows(&document, "folders")[0], row("lib", 500, 1, 2.0, true));
    assert_eq!(document["total"]["defects"], 1);
    // The configuration's window and presets; the typo fix counts without the exclusions.
    tree.write(
        "plumb.toml",
        b"[history]\nsince = \"2023-01-01\"\nfix-presets = [\"keywords\"]\ndefault-exclusions = false\nmin-code = 100\n",
    );
    let output = plumb(&tree, &["defects", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let document = json(&output);
    // Keywords: "fix: wrong total", "Fix crash ...", "Fix typo in docs" (no longer excluded),
    // "Fixes: #7"; "Initial import" and the others have none.
    assert_eq!(document["fix_commits"], 4);
    assert_eq!(document["min_code"], 100);
    assert_eq!(
        rows(&document, "files"),
        [
            row("app/core.py", 250, 3, 12.0, true),
            row("app/helpers.py", 100, 1, 10.0, true),
            row("lib/big.py", 500, 1, 2.0, true),
        ]
    );
    std::fs::remove_file(tree.join("plumb.toml")).unwrap();

    // A GitHub export: #3 and #7 are bugs, #9 is not linked to anything; only its keys count.
    tree.write(
        "issues.json",
        br#"[{"number": 3, "title": "Crash", "labels": [{"name": "bug"}]},
             {"number": 7, "title": "Unicode", "labels": [{"name": "bug"}]},
             {"number": 8, "title": "Docs", "labels": [{"name": "docs"}]},
             {"number": 9, "title": "Slow", "labels": [{"name": "bug"}]}]"#,
    );
    let args = ["defects", "--since", "2023-01-01", "--fix-preset", "issue-keys", "--defects", "issues.json"];
    let output = plumb(&tree, &[&args[..], &["--format", "json"]].concat());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let document = json(&output);
    assert_eq!(document["defect_list"]["defects"], 3);
    assert_eq!(document["defect_list"]["skipped"], 1);
    assert_eq!(document["defect_list"]["unlinked"], serde_json::json!(["#9"]));
    assert_eq!(
        rows(&document, "files"),
        [
            row("app/core.py", 250, 1, 4.0, true),
            row("lib/big.py", 500, 1, 2.0, true),
            row("app/helpers.py", 100, 1, 10.0, false),
        ]
    );
    let text = stdout(&plumb(&tree, &args));
    assert!(
        text.contains(
            "defect list issues.json: 3 defects (1 other entries skipped); not linked to any file: #9"
        ),
        "{text}"
    );
}

#[test]
fn hotspots_rank_files_and_functions() {
    let tree = repository();
    let output = plumb(&tree, &["hotspots", "--since", "2023-01-01", "--format", "json", "--top", "3"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let document = json(&output);
    let files: Vec<(String, u64, u64, u64)> = document["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_owned(),
                f["commits"].as_u64().unwrap(),
                f["complexity"].as_u64().unwrap(),
                f["score"].as_u64().unwrap(),
            )
        })
        .collect();
    // core: 4 commits x 125 functions of complexity 1; big: 2 x 250; helpers: 2 x (49 + 2:
    // commit 3 gave f0 an `or`).
    assert_eq!(
        files,
        [
            ("app/core.py".to_owned(), 4, 125, 500),
            ("lib/big.py".to_owned(), 2, 250, 500),
            ("app/helpers.py".to_owned(), 2, 51, 102)
        ]
    );
    let functions: Vec<(String, String, u64, u64)> = document["functions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_owned(),
                f["function"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
                f["changes"].as_u64().unwrap(),
            )
        })
        .collect();
    // helpers.f0: commits 1 and 3 (under its old name) x complexity 2; core.f1: commits 1, 2,
    // 3 x 1; big.f5: 1 and 5 (the bot's commit is not read) x 1.
    assert_eq!(
        functions,
        [
            ("app/helpers.py".to_owned(), "f0".to_owned(), 1, 2),
            ("app/core.py".to_owned(), "f1".to_owned(), 4, 3),
            ("lib/big.py".to_owned(), "f5".to_owned(), 16, 2),
        ]
    );
    let text = stdout(&plumb(&tree, &["hotspots", "--since", "2023-01-01", "--top", "1"]));
    assert!(text.starts_with("hotspots since 2023-01-01: 7 commits\n"), "{text}");
    assert!(text.contains("\n1  app/core.py        4    380        125         125    500\n"), "{text}");
    assert!(text.contains("\n1  f0        app/helpers.py:1        2           2      4\n"), "{text}");
}

#[test]
fn check_history_adds_numbers_to_the_json_output() {
    let tree = repository();
    tree.write("plumb.toml", b"[history]\nsince = \"2023-01-01\"\n");
    let output = plumb(&tree, &["check", "--history", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let document = json(&output);
    let files = document["files"].as_array().unwrap();
    let core = files.iter().find(|f| f["path"] == "app/core.py").unwrap();
    assert_eq!(
        core["history"],
        serde_json::json!({"commits": 4, "fixes": 2, "defects": 2, "added": 378, "deleted": 2, "authors": 2})
    );
    // Without --history there is no `history` field.
    let output = plumb(&tree, &["check", "--format", "json"]);
    assert!(json(&output)["files"][0].get("history").is_none());
}

#[test]
fn clear_messages_without_history() {
    // Not a repository.
    let plain = Tree::new(&[("a.py", "def f():\n    return 1\n")]);
    let output = plumb(&plain, &["defects"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        format!(
            "error: cannot read the git history: `{}` is not inside a git repository\n",
            plain.path().display()
        )
    );
    // An empty repository.
    git(plain.path(), ANN, &day(1), &["init", "--quiet"]);
    let output = plumb(&plain, &["defects", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stderr(&output), "warning: the repository has no commits yet: there is no history to count\n");
    assert_eq!(json(&output)["total"]["code"], 2);
    // A window without commits.
    let tree = repository();
    let output = plumb(&tree, &["hotspots", "--since", "2024-01-01"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stderr(&output), "warning: no commits since 2024-01-01: every history count is 0\n");
    // A revision that does not exist, a bad pattern, a missing defect list.
    let output = plumb(&tree, &["defects", "--since", "v9"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: cannot read the git history: `v9` is neither a date (`12 months`, `2 weeks ago`, `2025-01-31`) nor a commit, branch or tag\n"
    );
    let output = plumb(&tree, &["defects", "--fix-pattern", "fix("]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).starts_with("error: invalid fix pattern `fix(`: "), "{}", stderr(&output));
    let output = plumb(&tree, &["defects", "--defects", "missing.csv"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with("error: cannot read the defect list `missing.csv`: "),
        "{}",
        stderr(&output)
    );
}

/// The full id of a revision.
fn rev_parse(dir: &Path, rev: &str) -> String {
    let output =
        Command::new("git").args(["rev-parse", rev]).current_dir(dir).env_remove("GIT_DIR").output().unwrap();
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

/// A shallow clone of `tree` at this depth, in `into`.
fn shallow_clone(tree: &Tree, into: &Path, depth: &str, name: &str) -> std::path::PathBuf {
    let url = format!("file://{}", tree.path().display());
    git(into, ANN, &day(11), &["clone", "--quiet", "--depth", depth, &url, name]);
    into.join(name)
}

/// `plumb ARGS` in `dir`.
fn plumb_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(assert_cmd::cargo::cargo_bin("plumb"))
        .args(args)
        .arg("--no-progress")
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("GIT_DIR")
        .output()
        .unwrap()
}

/// The repository, with one more commit on top: Bob's "Fix crash in big" edits `f7` of
/// `lib/big.py`. Cloned with depth 1 (the default of actions/checkout), the clone holds that
/// commit alone, as its cut: git shows it adding every file, which says nothing of what it
/// changed, so nothing is counted (today's code gave every file its defect). With depth 2 the
/// fix is read and counted on big.py alone, and the cut ("Add data") is not.
#[test]
fn a_shallow_clone_counts_only_what_its_history_shows() {
    let tree = repository();
    let big = functions(250)
        .replace("return x + 5\n", "return str(x) + 5\n")
        .replace("return x + 9\n", "return x + 10\n");
    tree.write("lib/big.py", big.replace("return x + 7\n", "return x + 70\n").as_bytes());
    commit(&tree, BOB, &day(10), "Fix crash in big");
    let clones = tempfile::tempdir().unwrap();

    let one = shallow_clone(&tree, clones.path(), "1", "one");
    let output = plumb_in(&one, &["defects", "--since", "2023-01-01", "--format", "json", "--min-code", "0"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stderr(&output),
        "warning: the repository is a shallow clone, and the window since 2023-01-01 reaches past its cut: no \
         commit of the window is after the cut, so every history count is 0; what the commits at the cut and \
         before it changed is unknown (`git fetch --unshallow` fetches the rest; with actions/checkout, set \
         `fetch-depth: 0`)\n"
    );
    let document = json(&output);
    assert_eq!(
        (document["window"]["shallow"].as_bool(), document["window"]["truncated"].as_bool()),
        (Some(true), Some(true))
    );
    assert_eq!(document["window"]["commits"], 0);
    for row in document["files"].as_array().unwrap() {
        assert_eq!((row["defects"].as_u64(), row["commits"].as_u64()), (Some(0), Some(0)), "{row}");
    }
    // A gate cannot judge a window the clone does not hold.
    let output = plumb_in(&one, &["defects", "--since", "2023-01-01", "--gate"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).ends_with(
            "error: the `defect-density` gate needs the whole window of history, and this shallow clone holds only \
             part of it: fetch the rest (`git fetch --unshallow`; with actions/checkout, set `fetch-depth: 0`), or \
             give a --since that the clone holds\n"
        ),
        "{}",
        stderr(&output)
    );
    // Hotspots: no commit changed any file.
    let output = plumb_in(&one, &["hotspots", "--since", "2023-01-01", "--format", "json", "--top", "0"]);
    let document = json(&output);
    assert!(document["files"].as_array().unwrap().iter().all(|f| f["commits"] == 0), "{document}");

    let two = shallow_clone(&tree, clones.path(), "2", "two");
    let output = plumb_in(&two, &["defects", "--since", "2023-01-01", "--format", "json", "--min-code", "0"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains(": only the 1 commit after the cut is counted; "),
        "{}",
        stderr(&output)
    );
    let document = json(&output);
    assert_eq!(document["window"]["commits"], 1);
    let defects: Vec<(String, u64)> = document["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["path"].as_str().unwrap().to_owned(), f["defects"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        defects,
        [("lib/big.py".to_owned(), 1), ("app/core.py".to_owned(), 0), ("app/helpers.py".to_owned(), 0)]
    );
    // A window the clone holds whole is no cause for a warning, and the gate may judge it.
    let output = plumb_in(&two, &["defects", "--since", "2023-03-10", "--gate", "--max-density", "5"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stderr(&output), "");
}

/// `--since` dates before 1970 are refused: git reads them as no date, and the window would
/// be empty, with every count 0 and the gate passing.
#[test]
fn since_before_1970_is_refused() {
    let tree = repository();
    for since in ["100 years", "1969-07-20"] {
        let output = plumb(&tree, &["defects", "--since", since, "--gate"]);
        assert_eq!(output.status.code(), Some(2), "{since}");
        assert_eq!(
            stderr(&output),
            format!(
                "error: --since: `{since}` is before 1970-01-01, the earliest date git reads: give a later date \
                 (`1970-01-01` reads the whole history)\n"
            )
        );
    }
    let output = plumb(&tree, &["defects", "--since", "1970-01-01", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(json(&output)["window"]["commits"], 7);
}

/// Fixes of linters' and type checkers' findings, as itsdangerous's history has them, are not
/// defects; the one real fix is, and the JSON and `--verbose` say which commits were counted
/// and which were not, and why.
#[test]
fn lint_fixes_are_not_defects_and_every_count_is_auditable() {
    let mut core = functions(125);
    let tree = Tree::new(&[("app/core.py", &core)]);
    git(tree.path(), ANN, &day(1), &["init", "--quiet", "--initial-branch=main"]);
    git(tree.path(), ANN, &day(1), &["config", "commit.gpgsign", "false"]);
    commit(&tree, ANN, &day(1), "Initial import");
    let messages = [
        "fix mypy/flake8 findings",
        "use exception chaining\n\nfixes flake8-bugbear B904",
        "fix pyright findings",
        "Fix crash on empty input\n\nFixes: #12",
    ];
    for (i, message) in messages.iter().enumerate() {
        core = core.replace(&format!("return x + {}\n", i + 1), &format!("return x - {}\n", i + 1));
        tree.write("app/core.py", core.as_bytes());
        commit(&tree, BOB, &day(2 + i as u32), message);
    }
    let ids: Vec<String> = (0..4).map(|back| rev_parse(tree.path(), &format!("HEAD~{back}"))).collect();
    let output = plumb(&tree, &["defects", "--since", "2023-01-01", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let document = json(&output);
    assert_eq!((document["fix_commits"].as_u64(), document["excluded_commits"].as_u64()), (Some(1), Some(3)));
    let core = &document["files"][0];
    assert_eq!((core["defects"].as_u64(), core["fixes"].as_u64()), (Some(1), Some(1)));
    assert_eq!(core["defect_ids"], serde_json::json!(["#12"]));
    let fixed = serde_json::json!([{"commit": ids[0], "subject": "Fix crash on empty input", "rule": "keywords", "defects": ["#12"]}]);
    assert_eq!(core["fix_commits"], fixed);
    assert_eq!(document["folders"][0]["fix_commits"], fixed);
    assert_eq!(document["total"]["fix_commits"], fixed);
    assert_eq!(
        document["excluded"],
        serde_json::json!([
            {"commit": ids[1], "subject": "fix pyright findings", "exclusion": "fixes typos, lint, formatting, tool findings, CI or docs"},
            {"commit": ids[2], "subject": "use exception chaining", "exclusion": "fixes only typos, lint, formatting, tool findings, CI or docs"},
            {"commit": ids[3], "subject": "fix mypy/flake8 findings", "exclusion": "fixes typos, lint, formatting, tool findings, CI or docs"},
        ])
    );
    let output = plumb(&tree, &["defects", "--since", "2023-01-01", "--verbose"]);
    let text = stdout(&output);
    let short = |id: &String| id[..7].to_owned();
    let audit = format!(
        "\nfix commits counted:\nfolder app: 1 defect (#12), 1 fix commit\n  {0}  Fix crash on empty input  [keywords: #12]\n\
         file app/core.py: 1 defect (#12), 1 fix commit\n  {0}  Fix crash on empty input  [keywords: #12]\n\
         3 commits not counted as fixes:\n\
         \x20 {1}  fix pyright findings  [fixes typos, lint, formatting, tool findings, CI or docs]\n\
         \x20 {2}  use exception chaining  [fixes only typos, lint, formatting, tool findings, CI or docs]\n\
         \x20 {3}  fix mypy/flake8 findings  [fixes typos, lint, formatting, tool findings, CI or docs]\n",
        short(&ids[0]),
        short(&ids[1]),
        short(&ids[2]),
        short(&ids[3])
    );
    assert!(text.ends_with(&audit), "{text}");
    // Without --verbose there is no audit.
    assert!(!stdout(&plumb(&tree, &["defects", "--since", "2023-01-01"])).contains("fix commits counted"));
}

/// The top-level code of a script spans the whole file, so nearly every commit changes it:
/// it is left out of the function ranking (the file ranking has it).
#[test]
fn hotspots_rank_real_functions_not_top_level_code() {
    let script = |n: u32| {
        format!(
            "import sys\n\nif len(sys.argv) > {n}:\n    print(1)\nelif sys.argv:\n    print(2)\n\n\
             def helper(x):\n    if x:\n        return 1\n    return 0\n"
        )
    };
    let tree = Tree::new(&[("tool.py", &script(1))]);
    git(tree.path(), ANN, &day(1), &["init", "--quiet", "--initial-branch=main"]);
    git(tree.path(), ANN, &day(1), &["config", "commit.gpgsign", "false"]);
    commit(&tree, ANN, &day(1), "Initial import");
    for n in 2..=4 {
        tree.write("tool.py", script(n).as_bytes());
        commit(&tree, ANN, &day(n), "Tweak the arguments");
    }
    let output = plumb(&tree, &["hotspots", "--since", "2023-01-01", "--format", "json", "--top", "0"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let document = json(&output);
    // helper: the first commit only, complexity 2. The top-level code (complexity 3, changed
    // by all 4 commits) would have scored 12 and come first.
    let functions: Vec<(String, u64, u64)> = document["functions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["function"].as_str().unwrap().to_owned(),
                f["changes"].as_u64().unwrap(),
                f["score"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(functions, [("helper".to_owned(), 1, 2)]);
    // The file: 4 commits x (3 + 2), one function.
    let file = &document["files"][0];
    assert_eq!(
        (
            file["commits"].as_u64(),
            file["functions"].as_u64(),
            file["complexity"].as_u64(),
            file["score"].as_u64()
        ),
        (Some(4), Some(1), Some(5), Some(20))
    );
}

/// The project's own history: numbers change as it grows, the relations between them do not.
#[test]
fn the_projects_own_history() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if !root.join(".git").exists() {
        return;
    }
    let run = |args: &[&str]| {
        Command::new(assert_cmd::cargo::cargo_bin("plumb"))
            .args(args)
            .args(["--since", "10 years", "--no-progress", "--format", "json", "crates", "src"])
            .current_dir(root)
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    let output = run(&["defects", "--top", "0"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let document = json(&output);
    assert!(document["window"]["commits"].as_u64().unwrap() >= 1);
    let files = document["files"].as_array().unwrap();
    let total = &document["total"];
    assert_eq!(total["files"].as_u64().unwrap(), files.len() as u64);
    let code: u64 = files.iter().map(|f| f["code"].as_u64().unwrap()).sum();
    assert_eq!(total["code"].as_u64().unwrap(), code);
    let folder_code: u64 =
        document["folders"].as_array().unwrap().iter().map(|f| f["code"].as_u64().unwrap()).sum();
    assert_eq!(folder_code, code);
    assert!(
        files
            .iter()
            .any(|f| f["path"] == "crates/plumb-history/src/log.rs" && f["commits"].as_u64() >= Some(1))
    );
    for row in files.iter().chain(document["folders"].as_array().unwrap()) {
        let (defects, code) = (row["defects"].as_f64().unwrap(), row["code"].as_f64().unwrap());
        if code == 0.0 {
            continue;
        }
        let density = row["density"].as_f64().unwrap();
        assert!((density - defects / code * 1000.0).abs() < 1e-9);
        assert!(
            row["density_low"].as_f64().unwrap() <= density
                && density <= row["density_high"].as_f64().unwrap()
        );
        assert!(row["fixes"].as_u64() <= row["commits"].as_u64());
        assert_eq!(
            row["churn"].as_u64().unwrap(),
            row["added"].as_u64().unwrap() + row["deleted"].as_u64().unwrap()
        );
    }
    let output = run(&["hotspots", "--top", "5"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let document = json(&output);
    let scores: Vec<u64> =
        document["functions"].as_array().unwrap().iter().map(|f| f["score"].as_u64().unwrap()).collect();
    assert!(scores.windows(2).all(|pair| pair[0] >= pair[1]), "{scores:?}");
    for function in document["functions"].as_array().unwrap() {
        assert_eq!(
            function["score"].as_u64().unwrap(),
            function["changes"].as_u64().unwrap() * function["cyclomatic"].as_u64().unwrap()
        );
    }
}

/// The Markdown tables escape what they show as `plumb check --format markdown` does: a path
/// with Markdown punctuation or HTML in it shows as written, neither as emphasis nor as a tag.
#[test]
fn markdown_tables_show_names_as_written() {
    let name = "app/<i>x</i>_*y*.py";
    let tree = Tree::new(&[(name, &functions(10))]);
    git(tree.path(), ANN, &day(1), &["init", "--quiet", "--initial-branch=main"]);
    git(tree.path(), ANN, &day(1), &["config", "commit.gpgsign", "false"]);
    commit(&tree, ANN, &day(1), "Initial import");
    tree.write(name, functions(10).replace("return x + 1\n", "return x - 1\n").as_bytes());
    commit(&tree, ANN, &day(2), "fix: wrong total");
    let output =
        plumb(&tree, &["defects", "--since", "2023-01-01", "--format", "markdown", "--min-code", "1"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("| app/\\<i\\>x\\</i\\>\\_\\*y\\*.py |"), "{text}");
    let output = plumb(&tree, &["hotspots", "--since", "2023-01-01", "--format", "markdown"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("| app/\\<i\\>x\\</i\\>\\_\\*y\\*.py |"), "{}", stdout(&output));
}
