//! plumb as users install it without a Rust toolchain: the wheel and the source distribution,
//! built from this checkout with maturin as `.github/workflows/release.yml` builds them, installed
//! into a fresh virtual environment and used; and the binary archive a release attaches.
//!
//! The wheel of this checkout is built once per run, with the release workflow's maturin and
//! command line for its Linux x86_64 wheel (read from the workflow), and every test that installs
//! plumb uses it: the wheel's, uvx's and pipx's, the archive's, the GitHub Action's and the
//! pre-commit mirror's. It is built with the release profile lightened (`LIGHTER_RELEASE`: no
//! LTO, no optimisation), a few minutes less on two cores; what it leaves out is checked where it
//! is written (`the_release_profile_is_what_the_test_build_lightens`). The source distribution is
//! checked, not compiled again: it holds every file cargo would package of each crate, and its
//! workspace resolves with its lock file. The one other build, pre-commit's of the source hook,
//! shares the wheel's target directory and profile, so that only plumb's own crates are compiled
//! again.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Mutex, MutexGuard, OnceLock, PoisonError};

use crate::util::{ROUTE_PY, Tree, built_from, python_tool, scratch, stderr, yaml};

/// The maturin release the tests build with, and the one pip gets for the source hook: the
/// release workflow's (checked by `workflow_build`).
const MATURIN: &str = "maturin==1.16.0";
/// uv (`uvx`) and pipx, as the README runs plumb with them.
const UV: &str = "uv==0.13.8";
const PIPX: &str = "pipx==1.18.4";
/// The build backend of the pre-commit mirror's package.
const FLIT_CORE: &str = "flit_core==4.2.0";
/// The target of the release wheel the tests build, as the workflow's matrix names it.
const TARGET: &str = "x86_64-unknown-linux-gnu";

/// The checkout under test.
const CHECKOUT: &str = env!("CARGO_MANIFEST_DIR");

/// The `maturin build` arguments of the release workflow's wheel for `TARGET`: PyO3/maturin-action
/// runs `maturin build --target TARGET ARGS`, with the `args` of the workflow's step (less its
/// `--out`, which each build here sets).
fn workflow_build() -> &'static [String] {
    static ARGS: OnceLock<Vec<String>> = OnceLock::new();
    ARGS.get_or_init(|| {
        let workflow = yaml(&Path::new(CHECKOUT).join(".github/workflows/release.yml"));
        let job = &workflow["jobs"]["wheels"];
        let matrix = job["strategy"]["matrix"]["include"].as_array().unwrap();
        assert!(matrix.iter().any(|entry| entry["target"] == TARGET), "no {TARGET} in the matrix");
        let steps = job["steps"].as_array().unwrap();
        let step = steps
            .iter()
            .find(|step| step["uses"].as_str().is_some_and(|uses| uses.starts_with("PyO3/maturin-action@")))
            .expect("the wheels are built by maturin-action");
        let with = &step["with"];
        assert_eq!(with["target"], "${{ matrix.target }}");
        // The release profile, which `release_build` lightens.
        assert!(with["args"].as_str().unwrap().split_whitespace().any(|arg| arg == "--release"), "{with}");
        assert!(with["command"].is_null() || with["command"] == "build", "{with}");
        let version = with["maturin-version"].as_str().unwrap();
        assert_eq!(format!("maturin=={}", version.trim_start_matches('v')), MATURIN);
        let mut args = vec!["build".to_owned(), "--target".to_owned(), TARGET.to_owned()];
        let mut given = with["args"].as_str().unwrap().split_whitespace();
        while let Some(arg) = given.next() {
            if arg == "--out" {
                given.next();
            } else {
                args.push(arg.to_owned());
            }
        }
        args
    })
}

/// The settings of Cargo.toml's release profile that the tests' builds override, and their
/// values there: no link-time optimisation, no optimisation, as many code generation units as
/// cargo likes, no debug information. The release workflow's wheel differs from the tests' only
/// in these (`the_release_profile_is_what_the_test_build_lightens`).
const LIGHTER_RELEASE: [(&str, &str); 4] =
    [("lto", "false"), ("opt-level", "0"), ("codegen-units", "256"), ("debug", "false")];

/// What every build of plumb here runs with, as the workflow's do: the target directory they
/// share, for `TARGET` (pip's build of the source hook is given it by `CARGO_BUILD_TARGET`), and
/// no incremental compilation (maturin-action sets `CARGO_INCREMENTAL=0`); and the release
/// profile lightened (`LIGHTER_RELEASE`), which pip's build of the source hook gets too.
pub(crate) fn release_build(command: &mut Command) -> &mut Command {
    for (setting, value) in LIGHTER_RELEASE {
        let variable = format!("CARGO_PROFILE_RELEASE_{}", setting.to_uppercase().replace('-', "_"));
        command.env(variable, value);
    }
    command
        .env("CARGO_TARGET_DIR", scratch("release-build"))
        .env("CARGO_BUILD_TARGET", TARGET)
        .env("CARGO_INCREMENTAL", "0")
}

/// Every setting of Cargo.toml's release profile is one the tests' builds override, so that the
/// wheel they build is the release workflow's but for those; the workflow builds with that
/// profile and the lock file (its arguments are read by `workflow_build`, which the tools tier
/// runs), and the package strips the binary and builds with the lock file whoever builds it.
#[test]
fn the_release_profile_is_what_the_test_build_lightens() {
    let manifest: toml::Table =
        toml::from_str(&std::fs::read_to_string(Path::new(CHECKOUT).join("Cargo.toml")).unwrap()).unwrap();
    let release = manifest["profile"]["release"].as_table().unwrap();
    for setting in release.keys() {
        assert!(
            LIGHTER_RELEASE.iter().any(|(lightened, _)| lightened == setting),
            "the tests' build keeps the release profile's `{setting}`: add it to LIGHTER_RELEASE, or \
             check here that the tests build with it"
        );
    }
    assert_eq!(release.get("lto").and_then(toml::Value::as_str), Some("thin"), "{release:?}");
    assert_eq!(release.get("codegen-units").and_then(toml::Value::as_integer), Some(4), "{release:?}");
    let pyproject: toml::Table =
        toml::from_str(&std::fs::read_to_string(Path::new(CHECKOUT).join("pyproject.toml")).unwrap())
            .unwrap();
    let maturin = &pyproject["tool"]["maturin"];
    assert_eq!(maturin["bindings"].as_str(), Some("bin"));
    assert_eq!(maturin["locked"].as_bool(), Some(true));
    assert_eq!(maturin["strip"].as_bool(), Some(true));
    let workflow =
        std::fs::read_to_string(Path::new(CHECKOUT).join(".github/workflows/release.yml")).unwrap();
    assert!(workflow.contains("\n          args: --release --locked --out dist\n"), "{workflow}");
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

fn wheels(dir: &Path) -> Vec<PathBuf> {
    let entries = std::fs::read_dir(dir).unwrap().map(|entry| entry.unwrap().path());
    entries.filter(|path| path.file_name().unwrap().to_string_lossy().starts_with("plumb_lint-")).collect()
}

/// The wheel of this checkout, built once per run by `maturin build` as the release workflow
/// runs it (`release_build`'s profile aside), into `wheel/` of the build directory.
fn wheel() -> &'static Path {
    static WHEEL: OnceLock<PathBuf> = OnceLock::new();
    WHEEL.get_or_init(|| {
        let out = scratch("wheel");
        let _ = std::fs::remove_dir_all(&out);
        let _one = one_at_a_time();
        let mut command = Command::new(python_tool(MATURIN, "maturin"));
        command.args(workflow_build()).arg("--out").arg(&out).current_dir(CHECKOUT);
        run(release_build(&mut command).env_remove("PLUMB_BUILD_COMMIT"));
        let mut wheels = wheels(&out);
        assert_eq!(wheels.len(), 1, "{wheels:?}");
        wheels.remove(0)
    })
}

/// Where `wheelhouse()` is.
pub(crate) fn wheelhouse_dir() -> PathBuf {
    scratch("wheelhouse")
}

/// A directory for pip's `--find-links` (with `--no-index`): the wheel of this checkout, and the
/// wheels of the pinned maturin and flit_core that pip builds the hooks' packages with,
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
        run(download.args([MATURIN, FLIT_CORE]).env_remove("PIP_FIND_LINKS"));
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
/// test does. Its size is printed (unoptimised, it is larger than a release's: 9.1 MB against
/// 6.1 MB), and bounded by a fifth of PyPI's 100 MB limit on a file.
#[test]
#[ignore = "tools: builds the wheel with maturin from PyPI"]
fn the_wheel_installs_a_working_plumb() {
    let wheel = wheel();
    let name = wheel.file_name().unwrap().to_string_lossy().into_owned();
    let version = env!("CARGO_PKG_VERSION");
    // A binary wheel for any Python 3, for glibc Linux on x86_64: the glibc version of its tag is
    // the oldest the binary runs on (2.17 in the workflow's manylinux2014 container; here, that
    // of this machine's build).
    assert!(name.starts_with(&format!("plumb_lint-{version}-py3-none-manylinux_2_")), "{name}");
    assert!(name.ends_with("_x86_64.whl"), "{name}");
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

/// The README's ways to run plumb without installing it, `uvx --from plumb-lint plumb` and
/// `pipx run --spec plumb-lint plumb`, find the `plumb` command in the wheel (from
/// `wheelhouse()` alone; pipx with pip, its backend where uv is not installed).
#[test]
#[ignore = "tools: builds the wheel with maturin, runs it with uv and pipx, all from PyPI"]
fn uvx_and_pipx_run_the_wheels_plumb() {
    let house = wheelhouse();
    let home = tempfile::tempdir().unwrap();
    let mut uvx = Command::new(python_tool(UV, "uvx"));
    uvx.args(["--from", "plumb-lint", "plumb", "--version"])
        .env("UV_CACHE_DIR", home.path().join("uv-cache"))
        .env("UV_TOOL_DIR", home.path().join("uv-tools"))
        .env("UV_NO_INDEX", "1")
        .env("UV_FIND_LINKS", house)
        .env("UV_PYTHON_DOWNLOADS", "never")
        .env("UV_NO_CONFIG", "1");
    let mut pipx = Command::new(python_tool(PIPX, "pipx"));
    pipx.args(["run", "--spec", "plumb-lint", "plumb", "--version"])
        .env("PIPX_HOME", home.path().join("pipx"))
        .env("PIPX_DEFAULT_BACKEND", "pip")
        // The shared pip stays the one of the virtual environment: no newer pip in the wheelhouse.
        .env("PIPX_DISABLE_SHARED_LIBS_AUTO_UPGRADE", "1")
        .env("PIP_NO_INDEX", "1")
        .env("PIP_FIND_LINKS", house);
    for command in [&mut uvx, &mut pipx] {
        let output = run(command);
        assert_eq!(
            String::from_utf8_lossy(&output.stdout),
            format!("plumb {}\n", built_from()),
            "{command:?}"
        );
    }
}

/// The workspace's packages at `manifest` (`cargo metadata`, resolved with its lock file alone):
/// each one's name and directory.
fn workspace_packages(manifest: &Path) -> Vec<(String, PathBuf)> {
    let output = run(Command::new(cargo())
        .args(["metadata", "--locked", "--offline", "--format-version", "1", "--manifest-path"])
        .arg(manifest));
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let members = metadata["workspace_members"].as_array().unwrap();
    let mut packages: Vec<(String, PathBuf)> = metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|package| members.contains(&package["id"]))
        .map(|package| {
            let manifest = Path::new(package["manifest_path"].as_str().unwrap());
            (package["name"].as_str().unwrap().to_owned(), manifest.parent().unwrap().to_path_buf())
        })
        .collect();
    packages.sort();
    packages
}

fn cargo() -> std::ffi::OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

/// The source distribution holds what a build needs: every file `cargo package` would publish of
/// each crate of the workspace (the sources, the build script, what `include_str!` reads), at its
/// place, and the workspace's Cargo.lock, with which cargo resolves the unpacked workspace
/// offline and finds the same crates. Checked rather than compiled: a build from it compiles
/// plumb's crates at another path, all of them again.
#[test]
#[ignore = "tools: installs maturin from PyPI"]
fn the_source_distribution_holds_the_workspace() {
    let out = scratch("sdist");
    let _ = std::fs::remove_dir_all(&out);
    run(Command::new(python_tool(MATURIN, "maturin"))
        .args(["sdist", "--out"])
        .arg(&out)
        .current_dir(CHECKOUT));
    let sdist = std::fs::read_dir(&out).unwrap().next().unwrap().unwrap().path();
    let version = env!("CARGO_PKG_VERSION");
    assert_eq!(sdist.file_name().unwrap().to_string_lossy(), format!("plumb_lint-{version}.tar.gz"));
    let unpacked = tempfile::tempdir().unwrap();
    run(Command::new("tar").arg("xzf").arg(&sdist).arg("-C").arg(unpacked.path()));
    let dir = unpacked.path().join(format!("plumb_lint-{version}"));
    for file in ["Cargo.lock", "pyproject.toml", "PKG-INFO"] {
        assert!(dir.join(file).is_file(), "no {file} in the source distribution");
    }

    let checkout = workspace_packages(&Path::new(CHECKOUT).join("Cargo.toml"));
    let names =
        |packages: &[(String, PathBuf)]| packages.iter().map(|(name, _)| name.clone()).collect::<Vec<_>>();
    assert!(checkout.len() > 5, "{checkout:?}");
    assert_eq!(names(&workspace_packages(&dir.join("Cargo.toml"))), names(&checkout));
    let mut checked = 0;
    for (name, package_dir) in &checkout {
        let listed = run(Command::new(cargo())
            .args(["package", "--list", "--allow-dirty", "--offline", "--package", name])
            .current_dir(CHECKOUT));
        let place = package_dir.strip_prefix(CHECKOUT).unwrap();
        for file in String::from_utf8(listed.stdout).unwrap().lines() {
            // What cargo writes into a package itself; the lock file is the workspace's.
            if [".cargo_vcs_info.json", "Cargo.toml.orig", "Cargo.lock"].contains(&file) {
                continue;
            }
            assert!(
                dir.join(place).join(file).is_file(),
                "{name}: no {} in the source distribution",
                place.join(file).display()
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked} files");
}

/// Where `cargo binstall` looks for the archive of `target` at this version, from Cargo.toml's
/// `[package.metadata.binstall]` with its override for the target: the file names of the GitHub
/// release `vVERSION` it tries (one per file extension of the format, as cargo-binstall's
/// `PkgFmt::extensions`: `.tgz` and `.tar.gz` for tgz, `.zip` for zip), and the binary's path in
/// the archive.
fn binstall_names(target: &str) -> (Vec<String>, String) {
    let manifest: toml::Table =
        toml::from_str(&std::fs::read_to_string(Path::new(CHECKOUT).join("Cargo.toml")).unwrap()).unwrap();
    let repo = manifest["workspace"]["package"]["repository"].as_str().unwrap();
    let binstall = &manifest["package"]["metadata"]["binstall"];
    let chosen = binstall.get("overrides").and_then(|overrides| overrides.get(target));
    let key = |key: &str| {
        let value = chosen.and_then(|chosen| chosen.get(key)).or_else(|| binstall.get(key));
        value.and_then(toml::Value::as_str).unwrap().to_owned()
    };
    let version = env!("CARGO_PKG_VERSION");
    let binary_ext = if target.contains("windows") { ".exe" } else { "" };
    let render = |template: &str, archive_suffix: &str| {
        let text = template
            .replace("{ repo }", repo)
            .replace("{ name }", "plumb")
            .replace("{ version }", version)
            .replace("{ target }", target)
            .replace("{ archive-suffix }", archive_suffix)
            .replace("{ bin }", "plumb")
            .replace("{ binary-ext }", binary_ext);
        assert!(!text.contains('{'), "a variable these tests do not know: {template}");
        text
    };
    let suffixes: &[&str] = match key("pkg-fmt").as_str() {
        "tgz" => &[".tgz", ".tar.gz"],
        "zip" => &[".zip"],
        other => panic!("a format these tests do not know: {other}"),
    };
    let release = format!("{repo}/releases/download/v{version}/");
    let names = suffixes
        .iter()
        .map(|suffix| {
            let url = render(&key("pkg-url"), suffix);
            url.strip_prefix(&release)
                .unwrap_or_else(|| panic!("{url} is not an asset of {release}"))
                .to_owned()
        })
        .collect();
    (names, render(&key("bin-dir"), ""))
}

/// The files of a directory, sorted.
fn listed(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// `out` holds `archive` and its checksum alone, a checksum `sha256sum --check` accepts.
fn assert_checksummed(out: &Path, archive: &str) {
    assert_eq!(listed(out), [archive.to_owned(), format!("{archive}.sha256")]);
    run(Command::new("sha256sum")
        .args(["--check", "--strict", &format!("{archive}.sha256")])
        .current_dir(out));
}

/// The release workflow's step that makes the archives (release.yml, job `github-release`), run
/// as the runner runs it (`bash -e`) in a workspace laid out as its artifact download leaves it:
/// `wheels/wheel-TARGET/` holds each target's wheel. Returns the `archives` directory it wrote.
fn workflow_archives(wheels: &[(&str, &Path)]) -> tempfile::TempDir {
    let workflow = yaml(&Path::new(CHECKOUT).join(".github/workflows/release.yml"));
    let steps = workflow["jobs"]["github-release"]["steps"].as_array().unwrap();
    let step = steps.iter().find(|step| step["name"] == "Archives and checksums").unwrap();
    let workspace = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(Path::new(CHECKOUT).join("scripts"), workspace.path().join("scripts"))
        .unwrap();
    for (target, wheel) in wheels {
        let dir = workspace.path().join(format!("wheels/wheel-{target}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(wheel, dir.join(wheel.file_name().unwrap())).unwrap();
    }
    run(Command::new("bash").args(["-e", "-c", step["run"].as_str().unwrap()]).current_dir(workspace.path()));
    workspace
}

/// The archive a release attaches for Linux x86_64, made by the release workflow's step from the
/// wheel: named as `cargo binstall` looks for it, with a checksum `sha256sum -c` accepts, and the
/// wheel's plumb inside where `cargo binstall` looks for it, executable.
#[test]
#[ignore = "tools: builds the wheel with maturin, reads the workflow with PyYAML, from PyPI"]
fn the_release_archive_holds_the_wheels_plumb() {
    let target = TARGET;
    let workspace = workflow_archives(&[(target, wheel())]);
    let out = workspace.path().join("archives");
    let stem = format!("plumb-{}-{target}", env!("CARGO_PKG_VERSION"));
    let archive = format!("{stem}.tar.gz");
    assert_checksummed(&out, &archive);

    let (names, bin_dir) = binstall_names(target);
    assert!(names.contains(&archive), "cargo binstall looks for {names:?}, not {archive}");
    run(Command::new("tar").arg("xzf").arg(&archive).current_dir(&out));
    let output = run(Command::new(out.join(bin_dir)).arg("--version"));
    assert_eq!(String::from_utf8_lossy(&output.stdout), format!("plumb {}\n", built_from()));
}

/// The Windows archive is a zip with `plumb.exe`, where `cargo binstall` looks for it: made by the
/// same step from a stand-in of the Windows wheel (its layout: the binary in
/// `plumb_lint-VERSION.data/scripts/`).
#[test]
#[ignore = "tools: reads the workflow with PyYAML from PyPI"]
fn the_windows_archive_is_a_zip_binstall_finds() {
    let target = "x86_64-pc-windows-msvc";
    let version = env!("CARGO_PKG_VERSION");
    let made = tempfile::tempdir().unwrap();
    let wheel = made.path().join(format!("plumb_lint-{version}-py3-none-win_amd64.whl"));
    let scripts = made.path().join(format!("plumb_lint-{version}.data/scripts"));
    std::fs::create_dir_all(&scripts).unwrap();
    std::fs::write(scripts.join("plumb.exe"), b"MZ, a stand-in").unwrap();
    run(Command::new("python3")
        .args(["-m", "zipfile", "-c"])
        .arg(&wheel)
        .arg(format!("plumb_lint-{version}.data"))
        .current_dir(made.path()));

    let workspace = workflow_archives(&[(target, &wheel)]);
    let out = workspace.path().join("archives");
    let archive = format!("plumb-{version}-{target}.zip");
    assert_checksummed(&out, &archive);
    let (names, bin_dir) = binstall_names(target);
    assert_eq!(names, std::slice::from_ref(&archive));
    run(Command::new("python3").args(["-m", "zipfile", "-e", &archive, "."]).current_dir(&out));
    assert_eq!(std::fs::read(out.join(bin_dir)).unwrap(), b"MZ, a stand-in");
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
