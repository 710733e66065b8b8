//! The version that `plumb --version` prints: the package version, and the commit plumb was
//! built from with its date when the source is a git checkout (`0.1.0 (c78e3e3ad 2026-12-06)`),
//! or the commit cargo recorded in `.cargo_vcs_info.json` when it is a published crate.
//! `PLUMB_BUILD_COMMIT` names the commit instead, for a build from a source distribution or a
//! tarball, which has no git metadata (empty: none).
//!
//! On Linux with glibc it also links the binary's `memcmp` and `bcmp` calls through the
//! wrappers `plumb_lang::zero_length_compares!` defines in `src/main.rs` (see
//! `plumb_lang::compares`).

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=PLUMB_BUILD_COMMIT");
    let commit = match std::env::var("PLUMB_BUILD_COMMIT") {
        Ok(given) => Some(given.trim().to_owned()).filter(|given| !given.is_empty()),
        Err(_) => git_commit(&dir).or_else(|| packaged_commit(&dir)),
    };
    let described = match commit {
        Some(commit) => format!("{version} ({commit})"),
        None => version,
    };
    println!("cargo:rustc-env=PLUMB_VERSION={described}");
    if wraps_compares() {
        println!("cargo:rustc-link-arg-bins=-Wl,--wrap=memcmp,--wrap=bcmp");
    }
}

/// Whether the target is one `plumb_lang::zero_length_compares!` defines its wrappers for.
fn wraps_compares() -> bool {
    let var = |name| std::env::var(name).unwrap_or_default();
    var("CARGO_CFG_TARGET_OS") == "linux" && var("CARGO_CFG_TARGET_ENV") == "gnu"
}

/// Git's output for `args` in `dir`, trimmed; `None` when git is missing or fails.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .output()
        .ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    output.status.success().then(|| text.trim().to_owned())
}

/// `HASH DATE` of the checked-out commit, when `dir` is the top of a git work tree (not a
/// directory inside some other repository, as an unpacked source distribution may be). Asks
/// cargo to build again when HEAD moves.
fn git_commit(dir: &Path) -> Option<String> {
    let top = PathBuf::from(git(dir, &["rev-parse", "--show-toplevel"])?);
    if top.canonicalize().ok()? != dir.canonicalize().ok()? {
        return None;
    }
    let mut watched = vec!["HEAD".to_owned(), "logs/HEAD".to_owned()];
    watched.extend(git(dir, &["symbolic-ref", "-q", "HEAD"]));
    for name in watched {
        if let Some(path) = git(dir, &["rev-parse", "--git-path", &name]) {
            let path = dir.join(path);
            if path.exists() {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }
    }
    let line = git(dir, &["log", "-1", "--no-show-signature", "--format=%H %cs"])?;
    let (hash, date) = line.split_once(' ')?;
    Some(format!("{} {date}", hash.get(..9)?))
}

/// The commit `cargo package` recorded for a crate packaged from a git checkout.
fn packaged_commit(dir: &Path) -> Option<String> {
    let info = dir.join(".cargo_vcs_info.json");
    let text = std::fs::read_to_string(&info).ok()?;
    println!("cargo:rerun-if-changed={}", info.display());
    let after = text.split_once("\"sha1\"")?.1;
    let hash = after.split('"').nth(1)?;
    (hash.len() >= 9 && hash.bytes().all(|b| b.is_ascii_hexdigit())).then(|| hash[..9].to_owned())
}
