//! `plumb server` in Neovim's built-in LSP client: `nvim --headless` runs
//! `tests/neovim/lsp.lua`, which opens a file of a small project with the set-up docs/editors.md
//! gives for Neovim 0.7 to 0.10 and writes the diagnostics and code lenses it received.
//!
//! In the tools tier: Debian's `neovim` package is installed with apt-get when `nvim` is missing
//! (`PLUMB_NVIM` names another Neovim).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::util::{Tree, apt_install};

/// `PLUMB_NVIM`, or `nvim`, installed with apt-get when it does not start.
fn nvim() -> PathBuf {
    if let Some(named) = std::env::var_os("PLUMB_NVIM") {
        return named.into();
    }
    let starts = || Command::new("nvim").arg("--version").stdout(Stdio::null()).status().is_ok();
    if !starts() {
        apt_install(&["neovim"]).unwrap_or_else(|why| panic!("the Neovim test needs nvim: {why}"));
    }
    PathBuf::from("nvim")
}

/// Runs the Lua driver on `file` of `root` and returns what it wrote, within a minute.
fn drive(root: &Path, file: &Path) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/neovim/lsp.lua");
    let out = root.join("seen.json");
    // Neovim's own files (its LSP log, its state) go to the temporary directory.
    let home = tempfile::tempdir().unwrap();
    let mut child = Command::new(nvim())
        .args(["--headless", "--clean", "-c"])
        .arg(format!("luafile {}", script.display()))
        .env("PLUMB", env!("CARGO_BIN_EXE_plumb"))
        .env("ROOT", root)
        .env("FILE", file)
        .env("OUT", &out)
        .env("HOME", home.path())
        .env("XDG_CACHE_HOME", home.path().join("cache"))
        .env("XDG_STATE_HOME", home.path().join("state"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .current_dir(root)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("nvim starts");
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("nvim did not quit within 60 s: {}", log(&home));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let text = std::fs::read_to_string(&out).unwrap_or_else(|error| panic!("{}: {error}", out.display()));
    let seen: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(seen.get("error"), None, "{}", log(&home));
    seen
}

/// Neovim's LSP log, for a failure's message.
fn log(home: &tempfile::TempDir) -> String {
    std::fs::read_to_string(home.path().join("cache/nvim/lsp.log")).unwrap_or_default()
}

/// `double`: cyclomatic 2 (`if`), cognitive 1. `classify`: cyclomatic 5 (`if`, `elif`, `for`,
/// `if`), over the threshold of 3; cognitive 1 + 1 + 1 + 2 (the `if` in the loop, at nesting 1).
const APP_PY: &str = "\
def double(n):
    if n is None:
        return 0
    return 2 * n


def classify(n):
    if n < 0:
        return \"negative\"
    elif n == 0:
        return \"zero\"
    for d in range(2, n):
        if n % d == 0:
            return \"composite\"
    return \"prime\"
";

#[test]
#[ignore = "tools: runs plumb server in headless Neovim, which it installs with apt-get when missing"]
fn neovim_shows_the_diagnostics_and_code_lenses_of_plumb_server() {
    let tree = Tree::new(&[
        ("plumb.toml", "[rules.cyclomatic-complexity]\nthreshold = 3\n"),
        ("src/app.py", APP_PY),
    ]);
    let seen = drive(tree.path(), &tree.join("src/app.py"));
    assert_eq!(seen["filetype"], "python");
    assert_eq!(
        (&seen["published"], &seen["lensed"], &seen["stopped"]),
        (&json!(true), &json!(true), &json!(true))
    );
    // One finding, on `classify`'s signature (0-based line 6, columns 0 to 16), an error.
    let message = "`classify` has a cyclomatic complexity of 5 (> 3)\nhelp: split `classify` into smaller \
                   functions, or replace branches on one value with a lookup table";
    assert_eq!(
        seen["diagnostics"],
        json!([{
            "lnum": 6, "col": 0, "end_lnum": 6, "end_col": 16, "severity": 1,
            "source": "plumb", "code": "cyclomatic-complexity", "message": message,
        }])
    );
    // `init_options` asks for the numbers of functions near a threshold only (0.8 of it):
    // `classify` (5 of 3) has its lens, `double` (2 of 3, 1 of 15) none.
    assert_eq!(seen["lenses"], json!([{"line": 6, "title": "cyclomatic 5 (max 3) · cognitive 5"}]));
}
