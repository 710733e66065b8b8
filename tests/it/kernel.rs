//! plumb's cyclomatic complexity of C against pmccabe's traditional McCabe numbers, on the
//! Linux kernel's `kernel/` and `mm/` (Debian's linux-source-6.1), with `scripts/pmccabe.sh`.
//!
//! In the corpus tier. The corpus and the oracle come from Debian packages: pmccabe, and
//! linux-source-6.1, whose tarball's `kernel/` and `mm/` are extracted once into the build
//! directory (`PLUMB_KERNEL_TREE` names a tree to use instead). Both are installed with apt-get
//! when missing; where they cannot be (not Debian, not root), the test fails and says why.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::util::apt_install;

/// The Debian package of the kernel sources measured in docs/metrics.md.
const KERNEL: &str = "linux-source-6.1";

/// The kernel tree and pmccabe, or why they cannot be had here.
fn prerequisites() -> Result<PathBuf, String> {
    if !runs("pmccabe") {
        apt_install(&["pmccabe"])?;
    }
    kernel_tree()
}

/// Whether a program can be started (pmccabe reads standard input when given no file).
fn runs(program: &str) -> bool {
    Command::new(program).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok()
}

/// `kernel/` and `mm/` of the kernel sources: `PLUMB_KERNEL_TREE`, or extracted from the
/// package's tarball into the build directory the first time.
fn kernel_tree() -> Result<PathBuf, String> {
    if let Some(tree) = std::env::var_os("PLUMB_KERNEL_TREE") {
        return Ok(PathBuf::from(tree));
    }
    let cache = Path::new(env!("CARGO_TARGET_TMPDIR")).join(KERNEL);
    if cache.join("kernel").is_dir() && cache.join("mm").is_dir() {
        return Ok(cache);
    }
    let tarball = PathBuf::from(format!("/usr/src/{KERNEL}.tar.xz"));
    if !tarball.is_file() {
        apt_install(&[KERNEL])?;
    }
    // Extracted next to the cache, then moved into place: an interrupted run leaves no
    // half-extracted tree behind.
    let partial = cache.with_extension("partial");
    let _ = std::fs::remove_dir_all(&partial);
    std::fs::create_dir_all(&partial).map_err(|error| format!("{}: {error}", partial.display()))?;
    let output = Command::new("tar")
        .arg("-xJf")
        .arg(&tarball)
        .arg("-C")
        .arg(&partial)
        .args([format!("{KERNEL}/kernel"), format!("{KERNEL}/mm")])
        .output()
        .map_err(|error| format!("tar cannot run: {error}"))?;
    if !output.status.success() {
        return Err(format!("tar -xJf {}: {}", tarball.display(), String::from_utf8_lossy(&output.stderr)));
    }
    std::fs::rename(partial.join(KERNEL), &cache).map_err(|error| format!("{}: {error}", cache.display()))?;
    let _ = std::fs::remove_dir_all(&partial);
    Ok(cache)
}

/// pmccabe's `(first line, lines, cyclomatic complexity)` of the functions named `name` in a
/// file (its second column, the traditional count).
fn pmccabe_function(path: &Path, name: &str) -> Vec<(u64, u64, u64)> {
    let output = Command::new("pmccabe").arg(path).output().unwrap();
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|line| line.ends_with(&format!("): {name}")))
        .map(|line| {
            let columns: Vec<u64> = line.split('\t').take(5).map(|c| c.parse().unwrap()).collect();
            (columns[3], columns[4], columns[1])
        })
        .collect()
}

/// plumb's `(first line, lines, cyclomatic complexity)` of the functions named `name` in a
/// file.
fn plumb_function(path: &Path, name: &str) -> Vec<(u64, u64, u64)> {
    let output = Command::new(env!("CARGO_BIN_EXE_plumb"))
        .args(["check", "--no-ignore", "--no-progress", "--exit-zero", "--format", "json"])
        .arg(path)
        .output()
        .unwrap();
    let document = crate::util::json(&output);
    let functions = document["files"][0]["functions"].as_array().unwrap().clone();
    functions
        .iter()
        .filter(|f| f["name"] == name)
        .map(|f| {
            let number = |key: &str| f[key].as_u64().unwrap();
            (number("start_line"), number("lines"), number("cyclomatic"))
        })
        .collect()
}

#[test]
#[ignore = "corpus: the Linux kernel's kernel/ and mm/ against pmccabe (Debian packages, apt-get)"]
fn plumb_agrees_with_pmccabe_on_the_kernel() {
    let tree = prerequisites().unwrap_or_else(|why| panic!("{why}"));
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/pmccabe.sh");
    let summary = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pmccabe-summary.json");
    let output = Command::new("bash")
        .arg(&script)
        .arg(&tree)
        .args(["kernel", "mm"])
        .env("PLUMB", env!("CARGO_BIN_EXE_plumb"))
        .env("SUMMARY", &summary)
        .output()
        .unwrap();
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{printed}{}", String::from_utf8_lossy(&output.stderr));
    let numbers: Value = serde_json::from_str(&std::fs::read_to_string(&summary).unwrap()).unwrap();
    let number = |key: &str| numbers[key].as_u64().unwrap();
    // The 669 `.c` and `.h` files of 6.1's kernel/ and mm/: the whole tree was read.
    assert!(number("files") > 600, "{printed}");
    // A parse-error finding on at most 5% of the files (1 today: ___bpf_prog_run).
    assert!(number("files_with_parse_error") * 100 <= number("files") * 5, "{printed}");
    // At least 99% of pmccabe's functions found, on the same first line (99.6% today).
    assert!(number("found_on_first_line") * 100 >= number("pmccabe_functions") * 99, "{printed}");
    // The same cyclomatic complexity on at least 98.5% of those found (99.1% today).
    assert!(number("agree") * 1000 >= number("found") * 985, "{printed}");
    // No function more than 20 above pmccabe's count (6 today, from `#if` branches).
    assert!(number("largest_excess") <= 20, "{printed}");

    // Two functions a macro the grammar cannot read used to run on into the functions after
    // them: cgroup_attach_task (31 lines with its declaration, cyclomatic 4) was measured as
    // 1,972 lines of cyclomatic 212, __show_free_areas (cyclomatic 17) as 2.
    for (file, name, cyclomatic) in
        [("kernel/cgroup/cgroup.c", "cgroup_attach_task", 4), ("mm/page_alloc.c", "__show_free_areas", 17)]
    {
        let path = tree.join(file);
        let expected = pmccabe_function(&path, name);
        assert_eq!(expected.len(), 1, "{file}: {name}");
        assert_eq!(expected[0].2, cyclomatic, "{file}: {name}");
        assert_eq!(plumb_function(&path, name), expected, "{file}: {name}");
    }
}
