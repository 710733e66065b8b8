//! The test tiers. `cargo test` runs the fast tier: hermetic tests, offline. The others are
//! `#[ignore]`d with a reason that names their tier, `corpus:` (they read the sources in cargo's
//! registry, the Python standard library and the Linux kernel) or `tools:` (they install tools
//! from PyPI or npm, or Chromium and Neovim with apt-get; among them, the tests that build the
//! wheel), and
//! CI runs every tier: `.ci/run` runs the README's test command, with `--include-ignored`.

use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The tiers an ignored test may be in.
const TIERS: [&str; 2] = ["corpus: ", "tools: "];

#[test]
fn every_ignored_test_names_its_tier() {
    let mut ignored = 0;
    for dir in ["src", "tests", "crates"] {
        for entry in walkdir::WalkDir::new(Path::new(ROOT).join(dir)) {
            let entry = entry.unwrap();
            if entry.path().extension().is_none_or(|ext| ext != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).unwrap();
            for (number, line) in text.lines().enumerate() {
                let line = line.trim();
                let Some(attribute) = line.strip_prefix("#[ignore").filter(|_| line.ends_with(']')) else {
                    continue;
                };
                let reason = attribute.strip_prefix(" = \"").unwrap_or_default();
                assert!(
                    TIERS.iter().any(|tier| reason.starts_with(tier)),
                    "{}:{}: an ignored test says its tier: #[ignore = \"corpus: ...\"] or \
                     #[ignore = \"tools: ...\"]",
                    entry.path().display(),
                    number + 1
                );
                ignored += 1;
            }
        }
    }
    // The oracle over the registry, the quiet-subtree check, the increments over the corpus,
    // the export-macro sieve and the misread stretches parsed again over real C, C++ and Rust,
    // coverage.py (twice here, once in plumb-coverage), the six tests that run pre-commit, the
    // two that open `plumb report`'s page in Chromium, pmccabe on the Linux kernel, `plumb server`
    // in Neovim, the VS Code extension's package; and the packaging tests, with maturin, uv, pipx,
    // PyYAML, actionlint and shellcheck from PyPI: five of the wheel, the source distribution and
    // the archives, seven of the GitHub Action.
    assert_eq!(ignored, 31);
}

/// The README's test command is the one `.ci/run` runs, and it runs the ignored tiers too.
#[test]
fn ci_runs_the_readme_test_command_with_every_tier() {
    let readme = std::fs::read_to_string(Path::new(ROOT).join("README.md")).unwrap();
    let after = &readme[readme.find("Run the tests").expect("a test section in README.md")..];
    let block = &after[after.find("```sh\n").unwrap() + 6..];
    let command = &block[..block.find('\n').unwrap()];
    assert_eq!(command, "cargo test --workspace -- --include-ignored");
    let ci = std::fs::read_to_string(Path::new(ROOT).join(".ci/run")).unwrap();
    assert!(ci.lines().any(|line| line == command), ".ci/run runs `{command}`");
    assert!(!ci.lines().any(|line| line.starts_with("cargo test") && line != command), "{ci}");
}
