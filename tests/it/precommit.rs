use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::util::{ROUTE_PY, Tree};

/// The pre-commit release installed when none is on PATH: pinned, so that CI runs what was tested.
const PRE_COMMIT: &str = "pre-commit==4.7.0";

/// The `pre-commit` tool: from PATH, or installed from PyPI into a virtual environment under
/// the build directory the first time.
fn pre_commit() -> PathBuf {
    if Command::new("pre-commit").arg("--version").output().is_ok_and(|o| o.status.success()) {
        return PathBuf::from("pre-commit");
    }
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join(PRE_COMMIT.replace("==", "-"));
    let exe = venv.join("bin/pre-commit");
    if !exe.exists() {
        let status =
            Command::new("python3").args(["-m", "venv"]).arg(&venv).status().expect("python3 is needed");
        assert!(status.success(), "python3 -m venv failed");
        let status = Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet", PRE_COMMIT])
            .status()
            .expect("pip");
        assert!(status.success(), "pip install pre-commit failed");
    }
    exe
}

fn git(repo: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .args(["-c", "user.name=plumb", "-c", "user.email=plumb@example.com", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(repo)
        .env("PRE_COMMIT_HOME", repo.join(".git/pre-commit-home"))
        .output()
        .expect("git is needed")
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

/// A real git repository with plumb as a `repo: local` hook: a clean commit passes; a commit
/// adding a function over the threshold is refused, with the diagnostic shown.
#[test]
fn pre_commit_refuses_a_commit_with_a_complex_function() {
    let plumb = assert_cmd::cargo::cargo_bin("plumb");
    // The file types of the published hook, so that pre-commit checks every tag is one it knows.
    let hooks =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/.pre-commit-hooks.yaml")).unwrap();
    let types = hooks.lines().find_map(|line| line.trim().strip_prefix("types_or: ")).unwrap();
    assert!(types.contains("ruby") && types.contains("shell"), "{types}");
    let config = format!(
        "repos:\n  - repo: local\n    hooks:\n      - id: plumb\n        name: plumb\n        \
         entry: \"'{}' check --no-summary\"\n        language: system\n        \
         types_or: {types}\n        \
         require_serial: true\n        pass_filenames: true\n",
        plumb.display()
    );
    let tree = Tree::new(&[(".pre-commit-config.yaml", &config), ("clean.py", "def f(a):\n    return a\n")]);
    let repo = tree.path();
    assert!(git(repo, &["init", "--quiet"]).status.success());
    let install = Command::new(pre_commit())
        .arg("install")
        .current_dir(repo)
        .env("PRE_COMMIT_HOME", repo.join(".git/pre-commit-home"))
        .output()
        .unwrap();
    assert!(install.status.success(), "{}", text(&install));

    assert!(git(repo, &["add", "."]).status.success());
    let clean = git(repo, &["commit", "--quiet", "-m", "clean"]);
    assert!(clean.status.success(), "the clean commit was refused:\n{}", text(&clean));

    tree.write("app.py", ROUTE_PY.as_bytes());
    assert!(git(repo, &["add", "app.py"]).status.success());
    let complex = git(repo, &["commit", "--quiet", "-m", "complex"]);
    assert!(!complex.status.success(), "the complex commit was accepted:\n{}", text(&complex));
    let shown = text(&complex);
    assert!(
        shown.contains("error[cyclomatic-complexity]: `route` has a cyclomatic complexity of 11 (> 10)"),
        "{shown}"
    );
    assert!(shown.contains("--> app.py:1:1"), "{shown}");
    assert!(!shown.contains("checked "), "no cross-file summary in hook mode:\n{shown}");

    let count = git(repo, &["rev-list", "--count", "HEAD"]);
    assert_eq!(String::from_utf8_lossy(&count.stdout).trim(), "1");
}
