use std::path::{Path, PathBuf};
use std::process::Command as Process;

use assert_cmd::Command;

/// A temporary directory of source files.
pub(crate) struct Tree {
    dir: tempfile::TempDir,
}

impl Tree {
    pub(crate) fn new(files: &[(&str, &str)]) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let tree = Self { dir };
        for (path, text) in files {
            tree.write(path, text.as_bytes());
        }
        tree
    }

    pub(crate) fn write(&self, path: &str, bytes: &[u8]) {
        let path = self.path().join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, bytes).expect("write");
    }

    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn join(&self, path: &str) -> PathBuf {
        self.path().join(path)
    }

    /// `plumb` run inside the tree, without colour.
    pub(crate) fn plumb(&self) -> Command {
        let mut command = Command::cargo_bin("plumb").expect("binary");
        command.current_dir(self.path()).env("NO_COLOR", "1").env_remove("PLUMB_TEST_PANIC_ON");
        command.env("PLUMB_CACHE_DIR", test_cache()).env_remove("PLUMB_TEST_CACHE_VERSION");
        command
    }
}

/// The result cache the tests' runs share, in the build's directory for tests: every test
/// that runs a file another test ran also checks the cache's answer.
pub(crate) fn test_cache() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("plumb-cache")
}

/// Standard output as text, with the run time replaced by `[TIME]`.
pub(crate) fn stdout(output: &std::process::Output) -> String {
    let text = String::from_utf8(output.stdout.clone()).expect("utf-8");
    redact_time(&text)
}

pub(crate) fn stderr(output: &std::process::Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("utf-8")
}

fn redact_time(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        match (line.find(" in "), line.find("s: ")) {
            (Some(start), Some(end)) if line.starts_with("checked ") && start < end => {
                out.push_str(&line[..start + 4]);
                out.push_str("[TIME]");
                out.push_str(&line[end + 1..]);
            }
            _ => out.push_str(line),
        }
    }
    out
}

pub(crate) fn json(output: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).expect("valid JSON on stdout")
}

/// A Python function whose cyclomatic complexity is 11 and cognitive complexity 11:
/// if +1, and +1, elif +1, or +1, for +1, if +1, and +1, while +1, except +1, conditional +1.
/// Cognitive: if 1, and 1, elif 1, or 1, for 1, nested if 2, and 1, while 1, except 1,
/// conditional 1 = 11 (under 15).
pub(crate) const ROUTE_PY: &str = "\
def route(request, user):
    if request.method == \"GET\" and user.active:
        return 1
    elif request.method == \"POST\" or user.admin:
        return 2
    for header in request.headers:
        if header.startswith(\"X-\") and not header.endswith(\"-\"):
            return 3
    while request.retry:
        request.retry -= 1
    try:
        request.send()
    except TimeoutError:
        return 4
    return 5 if user.admin else 6
";

/// Six nested `if`s: cyclomatic 7, cognitive 1+2+3+4+5+6 = 21.
pub(crate) const NESTED_JS: &str = "\
function nested(a) {
  if (a > 1) {
    if (a > 2) {
      if (a > 3) {
        if (a > 4) {
          if (a > 5) {
            if (a > 6) {
              return a;
            }
          }
        }
      }
    }
  }
  return 0;
}
";

/// What git and pre-commit set in a hook: unset, so that a command run by a test sees only the
/// repository it is run in.
pub(crate) const GIT_AND_PRE_COMMIT_ENV: [&str; 6] =
    ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "PRE_COMMIT", "PRE_COMMIT_FROM_REF", "PRE_COMMIT_TO_REF"];

/// Git in `dir`, isolated from the repository (if any) the tests run in.
pub(crate) fn git(dir: &Path, args: &[&str]) {
    let output = Process::new("git")
        .args(["-c", "user.name=plumb", "-c", "user.email=plumb@example.com", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .output()
        .expect("git is needed");
    assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
}

/// Where tests keep what outlives one of them (tools, builds), under the build directory.
pub(crate) fn scratch(name: &str) -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join(name)
}

/// What `plumb --version` says this build is: the package version, and the commit of this
/// checkout (its first 9 hex digits, and its date) when it is a git work tree.
pub(crate) fn built_from() -> String {
    let version = env!("CARGO_PKG_VERSION");
    let git = |args: &[&str]| {
        let output = std::process::Command::new("git")
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env_remove("GIT_DIR")
            .output()
            .ok()?;
        output.status.success().then(|| String::from_utf8(output.stdout).unwrap().trim().to_owned())
    };
    let top = git(&["rev-parse", "--show-toplevel"]).map(std::path::PathBuf::from);
    if top.and_then(|top| top.canonicalize().ok())
        != std::path::Path::new(env!("CARGO_MANIFEST_DIR")).canonicalize().ok()
    {
        return version.to_owned();
    }
    let hash = git(&["rev-parse", "HEAD"]).unwrap();
    let date = git(&["show", "-s", "--format=%cd", "--date=format:%Y-%m-%d", "HEAD"]).unwrap();
    format!("{version} ({} {date})", &hash[..9])
}

/// A Python tool pinned by `requirement` (`coverage==7.18.0`): the executable `exe` of a
/// virtual environment under the build directory, named after the requirement, which is made
/// and filled from PyPI the first time (one test at a time).
pub(crate) fn python_tool(requirement: &str, exe: &str) -> PathBuf {
    static INSTALLING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one_at_a_time = INSTALLING.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join(requirement.replace("==", "-"));
    let tool = venv.join("bin").join(exe);
    if !tool.exists() {
        let status =
            Process::new("python3").args(["-m", "venv"]).arg(&venv).status().expect("python3 is needed");
        assert!(status.success(), "python3 -m venv failed");
        let status = Process::new(venv.join("bin/pip"))
            .args(["install", "--quiet", requirement])
            .status()
            .expect("pip");
        assert!(status.success(), "pip install {requirement} failed");
    }
    tool
}

/// Held while a test runs apt-get: the tests that install packages run side by side, and dpkg
/// takes one at a time.
static APT: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Installs Debian packages with apt-get, as root or else through `sudo -n`, reading the package
/// lists first if the install alone fails. One test installs at a time, and apt-get waits for
/// dpkg's lock when another process holds it. The error says why they could not be installed.
pub(crate) fn apt_install(packages: &[&str]) -> Result<(), String> {
    let _one_at_a_time = APT.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let apt = |sudo: bool, args: &[&str]| {
        let mut command = if sudo { Process::new("sudo") } else { Process::new("apt-get") };
        if sudo {
            command.args(["-n", "apt-get"]);
        }
        command
            .args(["-o", "DPkg::Lock::Timeout=600"])
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .output()
    };
    let mut install = vec!["install", "-y", "-q", "--no-install-recommends"];
    install.extend(packages);
    let mut why = String::new();
    for sudo in [false, true] {
        for update in [false, true] {
            if update && !apt(sudo, &["update", "-q"]).is_ok_and(|output| output.status.success()) {
                continue;
            }
            match apt(sudo, &install) {
                Ok(output) if output.status.success() => return Ok(()),
                // The error as root says more than sudo's refusal.
                Ok(output) if !sudo => String::from_utf8_lossy(&output.stderr).trim().clone_into(&mut why),
                Err(error) if !sudo => why = format!("apt-get cannot run: {error}"),
                _ => {}
            }
        }
    }
    let names = packages.join(" ");
    Err(format!("{names}: missing, and `apt-get install {names}` failed: {why}"))
}

/// A YAML file (a workflow, action.yml) as JSON, read by PyYAML (pre-commit's YAML parser).
pub(crate) fn yaml(path: &Path) -> serde_json::Value {
    let python = python_tool("PyYAML==6.0.4", "python");
    let to_json = "import json, sys, yaml; json.dump(yaml.safe_load(open(sys.argv[1])), sys.stdout)";
    let output = Process::new(python).args(["-c", to_json]).arg(path).output().expect("python");
    assert!(output.status.success(), "{}: {}", path.display(), String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("JSON")
}

/// Checks what GitHub code scanning needs of each SARIF result beyond the schema: a location
/// whose `uri`, relative to `SRCROOT` (the repository `root`), names a file there, with a
/// region inside it.
pub(crate) fn assert_locations_open_in_code_scanning(sarif: &serde_json::Value, root: &Path) {
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    for result in results {
        let location = &result["locations"][0]["physicalLocation"];
        let artifact = &location["artifactLocation"];
        assert_eq!(artifact["uriBaseId"], "SRCROOT", "{result}");
        let uri = artifact["uri"].as_str().expect("a uri");
        let file = root.join(uri);
        assert!(file.is_file(), "{uri} is not a file of the repository: {result}");
        let lines = std::fs::read_to_string(&file).expect("readable").lines().count().max(1) as u64;
        let region = &location["region"];
        let (start, end) = (region["startLine"].as_u64().unwrap(), region["endLine"].as_u64().unwrap());
        assert!(1 <= start && start <= end && end <= lines, "lines {start}-{end} of {uri} ({lines} lines)");
        assert!(region["startColumn"].as_u64().unwrap() >= 1, "{result}");
    }
}
