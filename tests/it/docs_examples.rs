use std::process::Command;

/// The README's trend chart and pull-request comment are what `scripts/docs-examples.sh` makes
/// from this repository's history at a fixed commit: regenerated into a temporary directory,
/// they match the committed files byte for byte (run the script and commit when they do not).
#[test]
fn the_readme_examples_are_current() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = tempfile::tempdir().unwrap();
    let output = Command::new("bash")
        .arg(format!("{root}/scripts/docs-examples.sh"))
        .arg(out.path())
        .env("PLUMB", env!("CARGO_BIN_EXE_plumb"))
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    for file in ["img/trend.svg", "examples/pr-comment.md"] {
        let made = std::fs::read_to_string(out.path().join(file)).unwrap();
        let committed = std::fs::read_to_string(format!("{root}/docs/{file}")).unwrap();
        assert!(made == committed, "docs/{file} is not current: run scripts/docs-examples.sh");
    }
    let svg = std::fs::read_to_string(out.path().join("img/trend.svg")).unwrap();
    assert!(svg.starts_with(r#"<svg xmlns="http://www.w3.org/2000/svg" width="800" height="400""#));
}
