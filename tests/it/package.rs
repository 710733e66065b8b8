//! plumb as users install it without a Rust toolchain: the wheel and the source distribution,
//! built from this checkout with maturin as `.github/workflows/release.yml` builds them, installed
//! into a fresh virtual environment and used; and the binary archive a release attaches.
//!
//! The builds use the release profile, as the workflow does, without its optimisation (and LTO):
//! an optimised build takes minutes on two cores, and what these tests check is the packaging,
//! not the speed of the binary. Every build the tests make (these, and pre-commit's build of the
//! source hook) shares one target directory, so the dependencies are compiled once.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Mutex, MutexGuard, OnceLock, PoisonError};

use crate::util::{ROUTE_PY, Tree, built_from, python_tool, scratch, stderr};

/// The maturin release the tests build with, and the one pip gets for the source hook.
const MATURIN: &str = "maturin==1.16.0";
/// The build backend of the pre-commit mirror's package.
const SETUPTOOLS: &str = "setuptools==84.2.1";
/// What the release workflow passes to `maturin build` (without its output directory).
const RELEASE_ARGS: &str = "--release --locked";

/// The checkout under test.
const CHECKOUT: &str = env!("CARGO_MANIFEST_DIR");

/// The release profile without optimisation, in the target directory every test build shares.
pub(crate) fn release_build(command: &mut Command) -> &mut Command {
    command
        .env("CARGO_TARGET_DIR", scratch("release-build"))
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
        .env("CARGO_PROFILE_RELEASE_DEBUG", "false")
}

/// Held by each build of plumb and each timed install: two builds in one target directory would
/// each package the binary the other last wrote there, and a build beside a timed install makes
/// the time say nothing about the install.
pub(crate) fn one_at_a_time() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(PoisonError::into_inner)
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

fn run(command: &mut Command) -> Output {
    let output = command.output().unwrap();
    assert!(output.status.success(), "{command:?}:\n{}", text(&output));
    output
}

/// `maturin ARGS --out OUT` in `dir`, with the release workflow's arguments; the wheel it built.
fn maturin_build(dir: &Path, out: &Path, commit: Option<&str>) -> PathBuf {
    let _one = one_at_a_time();
    let mut command = Command::new(python_tool(MATURIN, "maturin"));
    command.arg("build").args(RELEASE_ARGS.split(' ')).arg("--out").arg(out).current_dir(dir);
    match commit {
        Some(commit) => command.env("PLUMB_BUILD_COMMIT", commit),
        None => command.env_remove("PLUMB_BUILD_COMMIT"),
    };
    run(release_build(&mut command));
    let mut wheels = wheels(out);
    assert_eq!(wheels.len(), 1, "{wheels:?}");
    wheels.remove(0)
}

fn wheels(dir: &Path) -> Vec<PathBuf> {
    let entries = std::fs::read_dir(dir).unwrap().map(|entry| entry.unwrap().path());
    entries.filter(|path| path.file_name().unwrap().to_string_lossy().starts_with("plumb_lint-")).collect()
}

/// The wheel of this checkout, built once per run.
fn wheel() -> &'static Path {
    static WHEEL: OnceLock<PathBuf> = OnceLock::new();
    WHEEL.get_or_init(|| {
        let out = scratch("wheel");
        let _ = std::fs::remove_dir_all(&out);
        maturin_build(Path::new(CHECKOUT), &out, None)
    })
}

/// Where `wheelhouse()` is.
pub(crate) fn wheelhouse_dir() -> PathBuf {
    scratch("wheelhouse")
}

/// A directory for pip's `--find-links` (with `--no-index`): the wheel of this checkout, and the
/// wheels of the pinned maturin and setuptools that pip builds the hooks' packages with,
/// downloaded from PyPI the first time.
pub(crate) fn wheelhouse() -> &'static Path {
    static HOUSE: OnceLock<PathBuf> = OnceLock::new();
    HOUSE.get_or_init(|| {
        let house = wheelhouse_dir();
        std::fs::create_dir_all(&house).unwrap();
        for old in wheels(&house) {
            std::fs::remove_file(old).unwrap();
        }
        let wheel = wheel();
        std::fs::copy(wheel, house.join(wheel.file_name().unwrap())).unwrap();
        let pip = python_tool(MATURIN, "pip");
        let mut download = Command::new(pip);
        download.args(["download", "--quiet", "--no-deps", "--only-binary", ":all:", "--dest"]).arg(&house);
        run(download.args([MATURIN, SETUPTOOLS]).env_remove("PIP_FIND_LINKS"));
        house
    })
}

/// A fresh virtual environment at `dir` with `wheel` installed by pip, from that file alone.
fn install(wheel: &Path, dir: &Path) -> PathBuf {
    let _ = std::fs::remove_dir_all(dir);
    run(Command::new("python3").args(["-m", "venv", "--without-pip"]).arg(dir));
    let python = dir.join("bin/python");
    let mut pip = Command::new(python_tool(MATURIN, "pip"));
    run(pip.arg("--python").arg(&python).args(["install", "--quiet", "--no-index"]).arg(wheel));
    dir.join("bin/plumb")
}

/// The wheel, named for PyPI's `plumb-lint`, installs the `plumb` command into a fresh virtual
/// environment: it says which commit it was built from, and checks code as the binary under
/// test does. Its size is printed, and bounded by a fifth of PyPI's 100 MB limit on a file.
#[test]
fn the_wheel_installs_a_working_plumb() {
    let wheel = wheel();
    let name = wheel.file_name().unwrap().to_string_lossy().into_owned();
    let version = env!("CARGO_PKG_VERSION");
    assert!(name.starts_with(&format!("plumb_lint-{version}-py3-none-")), "{name}");
    let size = std::fs::metadata(wheel).unwrap().len();
    eprintln!("{name}: {size} bytes");
    assert!(size < 20_000_000, "{name} is {size} bytes");

    let plumb = install(wheel, &scratch("wheel-venv"));
    let output = run(Command::new(&plumb).arg("--version"));
    assert_eq!(String::from_utf8_lossy(&output.stdout), format!("plumb {}\n", built_from()));

    let tree = Tree::new(&[("app.py", ROUTE_PY), ("ok.py", "def f(a):\n    return a\n")]);
    let output =
        Command::new(&plumb).args(["check", "--no-summary"]).current_dir(tree.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let shown = String::from_utf8_lossy(&output.stdout);
    assert!(shown.starts_with("error[cyclomatic-complexity]: `route` has a cyclomatic complexity of 11 (> 10)\n  --> app.py:1:1\n"), "{shown}");
    assert_eq!(stderr(&output), "");
}

/// The source distribution holds what a build needs (the workspace's crates, Cargo.lock), and a
/// wheel builds from it. It has no git metadata: its plumb names the commit `PLUMB_BUILD_COMMIT`
/// gives (which also tells cargo that the build script's output of the checkout's build, in the
/// shared target directory, is not this build's).
#[test]
fn the_source_distribution_builds() {
    let out = scratch("sdist");
    let _ = std::fs::remove_dir_all(&out);
    run(Command::new(python_tool(MATURIN, "maturin"))
        .args(["sdist", "--out"])
        .arg(&out)
        .current_dir(CHECKOUT));
    let sdist = std::fs::read_dir(&out).unwrap().next().unwrap().unwrap().path();
    let version = env!("CARGO_PKG_VERSION");
    assert_eq!(sdist.file_name().unwrap().to_string_lossy(), format!("plumb_lint-{version}.tar.gz"));
    let listed = String::from_utf8(run(Command::new("tar").arg("tzf").arg(&sdist)).stdout).unwrap();
    for file in [
        "Cargo.lock",
        "Cargo.toml",
        "build.rs",
        "pyproject.toml",
        "src/main.rs",
        "crates/plumb-lang/Cargo.toml",
    ] {
        assert!(
            listed.lines().any(|line| line == format!("plumb_lint-{version}/{file}")),
            "no {file} in:\n{listed}"
        );
    }

    let unpacked = scratch("sdist-build");
    let _ = std::fs::remove_dir_all(&unpacked);
    std::fs::create_dir_all(&unpacked).unwrap();
    run(Command::new("tar").arg("xzf").arg(&sdist).arg("-C").arg(&unpacked));
    let dir = unpacked.join(format!("plumb_lint-{version}"));
    let built = scratch("sdist-wheel");
    let _ = std::fs::remove_dir_all(&built);
    let wheel = maturin_build(&dir, &built, Some("0123456789 2026-01-01"));
    let plumb = install(&wheel, &scratch("sdist-venv"));
    let output = run(Command::new(plumb).arg("--version"));
    assert_eq!(String::from_utf8_lossy(&output.stdout), format!("plumb {version} (0123456789 2026-01-01)\n"));
}

/// The archive a release attaches for Linux x86_64, made by the release workflow's script from the
/// wheel: named as `cargo binstall` looks for it (Cargo.toml's pkg-url and bin-dir), with a
/// checksum `sha256sum -c` accepts, and the wheel's plumb inside, executable.
#[test]
fn the_release_archive_holds_the_wheels_plumb() {
    let out = scratch("archives");
    let _ = std::fs::remove_dir_all(&out);
    let target = "x86_64-unknown-linux-gnu";
    let script = Path::new(CHECKOUT).join("scripts/release-archive.sh");
    run(Command::new("bash").arg(script).arg(wheel()).arg(target).arg(&out));
    let version = env!("CARGO_PKG_VERSION");
    let stem = format!("plumb-{version}-{target}");
    let archive = format!("{stem}.tar.gz");
    let mut listed: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    listed.sort();
    assert_eq!(listed, [archive.clone(), format!("{archive}.sha256")]);
    run(Command::new("sha256sum")
        .args(["--check", "--strict", &format!("{archive}.sha256")])
        .current_dir(&out));

    let manifest = std::fs::read_to_string(Path::new(CHECKOUT).join("Cargo.toml")).unwrap();
    let binstall = manifest.split("[package.metadata.binstall]\n").nth(1).unwrap();
    let url = "pkg-url = \"{ repo }/releases/download/v{ version }/{ name }-{ version }-{ target }{ archive-suffix }\"";
    assert!(binstall.contains(url), "{binstall}");
    assert!(
        binstall.contains("bin-dir = \"{ name }-{ version }-{ target }/{ bin }{ binary-ext }\""),
        "{binstall}"
    );

    run(Command::new("tar").arg("xzf").arg(&archive).current_dir(&out));
    let output = run(Command::new(out.join(&stem).join("plumb")).arg("--version"));
    assert_eq!(String::from_utf8_lossy(&output.stdout), format!("plumb {}\n", built_from()));
}

/// The release notes are the changelog's section of the version, and a version the changelog
/// does not describe cannot be released.
#[test]
fn release_notes_come_from_the_changelog() {
    let script = Path::new(CHECKOUT).join("scripts/release-notes.sh");
    let changelog = "# Changelog\n\n## [Unreleased]\n\n### Fixed\n\n- c\n\n## [0.2.0] - 2027-01-05\n\n\
                     ### Added\n\n- b\n\n## [0.1.0] - 2026-12-20\n\n- a\n\n\
                     [Unreleased]: https://example.com/u\n[0.2.0]: https://example.com/2\n";
    let tree = Tree::new(&[("CHANGELOG.md", changelog)]);
    for (version, notes) in
        [("0.2.0", "### Added\n\n- b\n"), ("0.1.0", "- a\n"), ("Unreleased", "### Fixed\n\n- c\n")]
    {
        let output = run(Command::new("bash").arg(&script).arg(version).arg(tree.join("CHANGELOG.md")));
        assert_eq!(String::from_utf8_lossy(&output.stdout), notes, "{version}");
    }
    let output =
        Command::new("bash").arg(&script).arg("0.3.0").arg(tree.join("CHANGELOG.md")).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).ends_with("CHANGELOG.md has no section for 0.3.0\n"), "{}", stderr(&output));
    let own = run(Command::new("bash").arg(&script).arg("Unreleased"));
    assert!(String::from_utf8_lossy(&own.stdout).starts_with("The first release.\n\n### Added\n"));
}
