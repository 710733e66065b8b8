//! History, fix commits, density and hotspots on real repositories made with the `git`
//! command, with fixed dates and authors.
// Helpers outside `#[test]` functions panic on failure too: they are part of the tests.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use plumb_history::density::{self, SourceFile};
use plumb_history::fixes::{FixOptions, FixRules, Verdict};
use plumb_history::hotspots::{self, Function};
use plumb_history::log::{self, Options, Since};
use plumb_history::stats::{DefectId, Stats};
use plumb_history::{Error, export};

/// `git ARGS` in `dir` as `author` at `date` (also the commit date), isolated from the
/// repository the tests run in and from the user's configuration.
fn git_as(dir: &Path, author: (&str, &str), date: &str, args: &[&str]) -> String {
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
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .expect("git is needed");
    assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

const ANN: (&str, &str) = ("Ann", "ann@example.com");
const BOB: (&str, &str) = ("Bob", "bob@example.com");
const CAT: (&str, &str) = ("Cat", "cat@example.com");
const BOT: (&str, &str) = ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com");

fn write(dir: &Path, path: &str, bytes: &[u8]) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

fn commit(dir: &Path, author: (&str, &str), date: &str, message: &str) {
    git_as(dir, author, date, &["add", "-A"]);
    git_as(dir, author, date, &["commit", "--quiet", "-m", message]);
}

const PARSER: &str = "fn parse() {\n    let a = 1;\n    a\n}\n\nfn check() {\n    let b = 2;\n    b\n}\n\n";
const LEXER: &str = "fn lex() {\n    let c = 3;\n    c\n}\n// lexer\n";

/// A repository, oldest commit first (one day apart in January 2023):
///
/// 1. Ann, "Add parser and lexer": `src/parser.rs` (10 lines), `src/lexer.rs` (5),
///    `README.md` (1), `logo.png` (binary).
/// 2. Ann, "fix: parser crash on empty input": `src/parser.rs` line 7 replaced (+1 -1).
/// 3. Bob, "Move the lexer": `src/lexer.rs` renamed to `src/scan.rs`, unchanged (0/0).
/// 4. Bob, "Fix typo in README": `README.md` +1 -1 (a fix rule matches; excluded).
/// 5. On a branch, Cat, "Handle tabs" with a `Fixes: #12` trailer: `src/scan.rs` +2.
/// 6. On main, Ann, "Update logo": `logo.png` (binary).
/// 7. The merge of the branch (skipped: a merge).
/// 8. dependabot[bot], "fix: bump the lexer": `src/scan.rs` +1 (skipped: a bot).
/// 9. Ann, "Handle CR too, closes #12": `src/parser.rs` +1 (a line inserted after line 2)
///    and `src/scan.rs` +1.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    let day = |n: u32| format!("2023-01-{n:02}T12:00:00+00:00");
    git_as(repo, ANN, &day(1), &["init", "--quiet", "--initial-branch=main"]);
    git_as(repo, ANN, &day(1), &["config", "user.name", "Ann"]);
    git_as(repo, ANN, &day(1), &["config", "user.email", "ann@example.com"]);
    git_as(repo, ANN, &day(1), &["config", "commit.gpgsign", "false"]);
    write(repo, "src/parser.rs", PARSER.as_bytes());
    write(repo, "src/lexer.rs", LEXER.as_bytes());
    write(repo, "README.md", b"# demo\n");
    write(repo, "logo.png", b"\x89PNG\r\n\x1a\n\0\0\0\x01");
    commit(repo, ANN, &day(1), "Add parser and lexer");
    write(repo, "src/parser.rs", PARSER.replace("let b = 2;", "let b = 3;").as_bytes());
    commit(repo, ANN, &day(2), "fix: parser crash on empty input");
    git_as(repo, BOB, &day(3), &["mv", "src/lexer.rs", "src/scan.rs"]);
    commit(repo, BOB, &day(3), "Move the lexer");
    write(repo, "README.md", b"# Demo\n");
    commit(repo, BOB, &day(4), "Fix typo in README");
    git_as(repo, CAT, &day(5), &["checkout", "--quiet", "-b", "tabs"]);
    write(repo, "src/scan.rs", format!("{LEXER}// tabs\n// more tabs\n").as_bytes());
    commit(repo, CAT, &day(5), "Handle tabs\n\nFixes: #12");
    git_as(repo, ANN, &day(6), &["checkout", "--quiet", "main"]);
    write(repo, "logo.png", b"\x89PNG\r\n\x1a\n\0\0\0\x02");
    commit(repo, ANN, &day(6), "Update logo");
    git_as(repo, ANN, &day(7), &["merge", "--quiet", "--no-ff", "-m", "Merge branch 'tabs'", "tabs"]);
    write(repo, "src/scan.rs", format!("{LEXER}// tabs\n// more tabs\n// bumped\n").as_bytes());
    commit(repo, BOT, &day(8), "fix: bump the lexer");
    write(
        repo,
        "src/parser.rs",
        PARSER
            .replace("let b = 2;", "let b = 3;")
            .replace("let a = 1;\n", "let a = 1;\n    let cr = 0;\n")
            .as_bytes(),
    );
    write(repo, "src/scan.rs", format!("{LEXER}// tabs\n// more tabs\n// bumped\n// cr\n").as_bytes());
    commit(repo, ANN, &day(9), "Handle CR too, closes #12");
    dir
}

fn since_2023() -> Options {
    Options { since: Since::Date("2023-01-01".to_owned()) }
}

#[test]
fn commits_renames_merges_binaries_and_bots() {
    let dir = repository();
    let history = log::read(dir.path(), &since_2023()).unwrap();
    let subjects: Vec<&str> = history.commits.iter().map(log::Commit::subject).collect();
    // Newest first; no merge, no bot.
    assert_eq!(
        subjects,
        [
            "Handle CR too, closes #12",
            "Update logo",
            "Handle tabs",
            "Fix typo in README",
            "Move the lexer",
            "fix: parser crash on empty input",
            "Add parser and lexer",
        ]
    );
    assert_eq!(history.bot_commits, 1);
    assert!(!history.shallow);
    assert_eq!(history.prefix, "");
    // 2023-01-01T12:00:00Z.
    assert_eq!(history.commits.last().unwrap().time, 1_672_574_400);
    let first = &history.commits[6];
    let files: Vec<(&str, Option<&str>, Option<u32>)> =
        first.files.iter().map(|f| (f.path.as_str(), f.then.as_deref(), f.added)).collect();
    // The lexer is under today's name, the logo is binary.
    assert_eq!(
        files,
        [
            ("README.md", None, Some(1)),
            ("logo.png", None, None),
            ("src/scan.rs", Some("src/lexer.rs"), Some(5)),
            ("src/parser.rs", None, Some(10)),
        ]
    );
}

#[test]
fn per_file_history_and_density_worked_by_hand() {
    let dir = repository();
    let history = log::read(dir.path(), &since_2023()).unwrap();
    let rules = FixRules::new(&FixOptions::default(), None).unwrap();
    let stats = Stats::gather(&history, &rules, None);
    // Fixes: "fix: parser crash" (conventional... and a keyword), "Handle tabs" (trailer #12),
    // "Handle CR too, closes #12" (closing keyword #12). Excluded: "Fix typo in README".
    assert_eq!((stats.fix_commits(), stats.excluded_commits()), (3, 1));
    let verdicts: Vec<bool> = stats.verdicts.iter().map(|v| matches!(v, Verdict::Fix(_))).collect();
    assert_eq!(verdicts, [true, false, true, false, false, true, false]);

    let fix_commit = history.commits[5].id.clone();
    let parser = stats.file("src/parser.rs").unwrap();
    // Commits 1, 2, 9; churn 10 + 2 + 1; fixes 2 and 9; defects: commit 2 and #12; Ann only.
    assert_eq!(
        (parser.commits.len(), parser.churn(), parser.fixes.len(), parser.authors.len()),
        (3, 13, 2, 1)
    );
    assert_eq!(
        parser.defects,
        BTreeSet::from([DefectId::Issue("#12".into()), DefectId::Commit(fix_commit.clone())])
    );
    let scan = stats.file("src/scan.rs").unwrap();
    // Commits 1 (as lexer.rs, +5), 5 (+2), 9 (+1); the rename alone is no change; the bot's
    // commit is not read. Fixes 5 and 9, both #12: one defect. Ann and Cat.
    assert_eq!((scan.commits.len(), scan.churn(), scan.fixes.len(), scan.authors.len()), (3, 8, 2, 2));
    assert_eq!(scan.defects, BTreeSet::from([DefectId::Issue("#12".into())]));
    let logo = stats.file("logo.png").unwrap();
    assert_eq!((logo.commits.len(), logo.churn()), (2, 0));
    let readme = stats.file("README.md").unwrap();
    assert_eq!((readme.commits.len(), readme.fixes.len()), (2, 0));

    // parser.rs has 11 lines today (10 of code), scan.rs 9 (8): as the caller measures them.
    let files = [
        SourceFile { path: "src/parser.rs".into(), history_path: "src/parser.rs".into(), code: 10 },
        SourceFile { path: "src/scan.rs".into(), history_path: "src/scan.rs".into(), code: 8 },
    ];
    let table = density::compute(&files, &stats, density::Options { min_code: 0 });
    // parser.rs: 2 defects / 0.010 KLOC = 200; scan.rs: 1 / 0.008 = 125.
    let densities: Vec<(&str, u32, f64)> =
        table.files.iter().map(|r| (r.path.as_str(), r.defects, r.density.unwrap())).collect();
    assert_eq!(densities, [("src/parser.rs", 2, 200.0), ("src/scan.rs", 1, 125.0)]);
    // src: {commit 2, #12} = 2 defects (not 3: #12 touched both files) in 0.018 KLOC = 111.1;
    // 4 distinct commits (1, 2, 5, 9), 3 fixes (2, 5, 9), churn 21, authors Ann and Cat.
    let src = &table.folders[0];
    assert_eq!((src.path.as_str(), src.defects, src.code), ("src", 2, 18));
    assert!((src.density.unwrap() - 2.0 / 0.018).abs() < 1e-9);
    assert_eq!((src.commits, src.fixes, src.churn, src.authors), (4, 3, 21, 2));
    assert_eq!(table.total.defects, 2);
    // Under the default minimum of 200 code lines nothing is ranked.
    let table = density::compute(&files, &stats, density::Options::default());
    assert!(table.files.iter().all(|r| !r.ranked) && !table.total.ranked);
}

#[test]
fn a_defect_list_links_defects_to_files_through_commits() {
    let dir = repository();
    let history = log::read(dir.path(), &since_2023()).unwrap();
    let list = export::parse_json(
        br#"[{"number": 12, "title": "Tabs", "labels": ["bug"]}, {"number": 13, "labels": ["bug"]}]"#,
    )
    .unwrap();
    // Only the list's ids make fixes.
    let options =
        FixOptions { presets: Some(vec![plumb_history::fixes::Preset::IssueKeys]), ..FixOptions::default() };
    let rules = FixRules::new(&options, Some(&list)).unwrap();
    let stats = Stats::gather(&history, &rules, Some(&list));
    assert_eq!(stats.fix_commits(), 2);
    assert_eq!(stats.file("src/parser.rs").unwrap().defects, BTreeSet::from([DefectId::Issue("#12".into())]));
    assert_eq!(stats.file("src/scan.rs").unwrap().defects, BTreeSet::from([DefectId::Issue("#12".into())]));
    assert_eq!(stats.unlinked, ["#13"]);
}

/// Today `src/parser.rs` is `parse` (lines 1-5, line 3 added by commit 9) and `check` (7-10,
/// line 8 rewritten by commit 2). With an uncommitted line at the top, they are at 2-6 and
/// 8-11. `parse`: commits 1 and 9; `check`: commits 1 and 2.
#[test]
fn function_changes_follow_lines_to_the_working_tree() {
    let dir = repository();
    let repo = dir.path();
    let text = std::fs::read_to_string(repo.join("src/parser.rs")).unwrap();
    write(repo, "src/parser.rs", format!("// header\n{text}").as_bytes());
    let history = log::read(repo, &since_2023()).unwrap();
    let paths = BTreeSet::from(["src/parser.rs".to_owned(), "src/scan.rs".to_owned()]);
    let changes = hotspots::changes(&history, &since_2023().since, &paths).unwrap();
    let files = [hotspots::SourceFile {
        path: "src/parser.rs".into(),
        history_path: "src/parser.rs".into(),
        functions: vec![
            Function { name: "parse".into(), start_line: 2, end_line: 6, cyclomatic: 1 },
            Function { name: "check".into(), start_line: 8, end_line: 11, cyclomatic: 3 },
        ],
    }];
    let ranked = hotspots::functions(&files, &changes);
    let summary: Vec<(&str, u32, u64)> =
        ranked.iter().map(|f| (f.function.as_str(), f.changes, f.score)).collect();
    assert_eq!(summary, [("check", 2, 6), ("parse", 2, 2)]);
    // scan.rs: commits 9, 5 and 1 (under its old name); the bot's commit 8 is not counted.
    assert_eq!(changes.files["src/scan.rs"].len(), 3);
}

#[test]
fn a_window_without_commits_and_an_empty_repository_are_empty() {
    let dir = repository();
    let later = Options { since: Since::Date("2024-01-01".to_owned()) };
    let history = log::read(dir.path(), &later).unwrap();
    assert!(history.commits.is_empty());
    assert!(history.head.is_some());
    // A revision: the commits after it.
    let head = git_as(dir.path(), ANN, "2023-02-01T00:00:00Z", &["rev-parse", "HEAD~1"]);
    let after = Options { since: Since::Revision(head.trim().to_owned()) };
    let history = log::read(dir.path(), &after).unwrap();
    assert_eq!(history.commits.len(), 1);

    let empty = tempfile::tempdir().unwrap();
    git_as(empty.path(), ANN, "2023-01-01T00:00:00Z", &["init", "--quiet"]);
    let history = log::read(empty.path(), &Options::default()).unwrap();
    assert_eq!((history.head.clone(), history.commits.len()), (None, 0));
    let changes = hotspots::changes(&history, &Since::default(), &BTreeSet::new()).unwrap();
    assert!(changes.files.is_empty());
}

#[test]
fn clear_errors_outside_a_repository_and_for_an_unknown_since() {
    let outside = tempfile::tempdir().unwrap();
    match log::read(outside.path(), &Options::default()) {
        Err(Error::NotARepository(path)) => assert_eq!(path, outside.path()),
        other => panic!("expected NotARepository, got {other:?}"),
    }
    let dir = repository();
    let error = log::read(dir.path(), &Options { since: Since::parse("v9.9").unwrap() }).unwrap_err();
    assert_eq!(
        error.to_string(),
        "`v9.9` is neither a date (`12 months`, `2 weeks ago`, `2025-01-31`) nor a commit, branch or tag"
    );
}

#[test]
fn a_shallow_clone_is_flagged() {
    let dir = repository();
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", dir.path().display());
    git_as(clone.path(), ANN, "2023-02-01T00:00:00Z", &["clone", "--quiet", "--depth", "2", &url, "shallow"]);
    let shallow = clone.path().join("shallow");
    let history = log::read(&shallow, &since_2023()).unwrap();
    assert!(history.shallow);
    // Depth 2 from the newest commit: it and its first parent, the bot's commit, which is the
    // cut: git shows it as adding every file, so it is not read.
    let bot = git_as(dir.path(), ANN, "2023-02-01T00:00:00Z", &["rev-parse", "HEAD~1"]);
    assert_eq!(history.boundaries, [bot.trim()]);
    assert!(history.truncated);
    let subjects: Vec<&str> = history.commits.iter().map(log::Commit::subject).collect();
    assert_eq!(subjects, ["Handle CR too, closes #12"]);
    assert_eq!(history.bot_commits, 0);
    // Hotspots see that commit's one line in parser.rs, not the cut's whole file.
    let paths = BTreeSet::from(["src/parser.rs".to_owned()]);
    let changes = hotspots::changes(&history, &since_2023().since, &paths).unwrap();
    assert_eq!(changes.files["src/parser.rs"].len(), 1);
    // A window after the cut is whole.
    let options = Options { since: Since::Date("2023-01-09".to_owned()) };
    let history = log::read(&shallow, &options).unwrap();
    assert!(history.shallow && !history.truncated);
    assert_eq!(history.commits.len(), 1);

    // Depth 1, the default of actions/checkout: the newest commit is the cut, and nothing
    // it changed can be told.
    git_as(clone.path(), ANN, "2023-02-01T00:00:00Z", &["clone", "--quiet", "--depth", "1", &url, "one"]);
    let history = log::read(&clone.path().join("one"), &since_2023()).unwrap();
    assert!(history.shallow && history.truncated);
    assert!(history.commits.is_empty());
    let rules = FixRules::new(&FixOptions::default(), None).unwrap();
    let stats = Stats::gather(&history, &rules, None);
    assert!(stats.files.is_empty(), "{:?}", stats.files);
}
