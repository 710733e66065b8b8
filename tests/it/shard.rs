//! `plumb check --shard K/N`: the shards of a run partition its files, and together report
//! what one run reports.

use serde_json::Value;

use crate::util::{Tree, json};

/// A tree of Python files of many sizes, some with findings.
fn tree() -> Tree {
    let files: Vec<(String, String)> = (0..40_usize)
        .map(|n| {
            let branches = "    if a == B:\n        return B\n".repeat(n % 13);
            (format!("pkg{}/m{n}.py", n % 3), format!("def f{n}(a):\n{branches}    return -1\n"))
        })
        .collect();
    let files: Vec<(&str, &str)> = files.iter().map(|(path, text)| (path.as_str(), text.as_str())).collect();
    Tree::new(&files)
}

fn check(tree: &Tree, shard: Option<&str>) -> Value {
    let mut command = tree.plumb();
    command.args(["check", "--no-cache", "--format", "json", "--no-progress", "--max-cyclomatic", "8"]);
    if let Some(shard) = shard {
        command.args(["--shard", shard]);
    }
    let output = command.output().unwrap();
    assert!(output.status.code().is_some_and(|code| code < 2), "{output:?}");
    json(&output)
}

fn sorted(values: Vec<Value>, key: &str) -> Vec<Value> {
    let mut values = values;
    values.sort_by(|a, b| {
        a[key].as_str().cmp(&b[key].as_str()).then_with(|| a.to_string().cmp(&b.to_string()))
    });
    values
}

#[test]
fn shards_partition_the_files_and_add_up_to_one_run() {
    let tree = tree();
    let whole = check(&tree, None);
    assert_eq!(whole["summary"]["files"], 40);
    assert!(whole["summary"]["errors"].as_u64().unwrap() > 0);
    for count in [1, 2, 3, 7] {
        let shards: Vec<Value> = (1..=count).map(|k| check(&tree, Some(&format!("{k}/{count}")))).collect();
        let gather = |key: &str| -> Vec<Value> {
            shards.iter().flat_map(|shard| shard[key].as_array().unwrap().clone()).collect()
        };
        // Each file in exactly one shard, and together every file, finding and problem.
        assert_eq!(
            sorted(gather("files"), "path"),
            sorted(whole["files"].as_array().unwrap().clone(), "path")
        );
        assert_eq!(
            sorted(gather("findings"), "path"),
            sorted(whole["findings"].as_array().unwrap().clone(), "path")
        );
        for counter in ["files", "functions", "lines", "code", "errors", "warnings"] {
            let sum: u64 = shards.iter().map(|shard| shard["summary"][counter].as_u64().unwrap()).sum();
            assert_eq!(Some(sum), whole["summary"][counter].as_u64(), "{counter} with {count} shards");
        }
        if count > 1 {
            // Size-balanced: 40 files in N shards, none empty.
            assert!(shards.iter().all(|shard| shard["summary"]["files"].as_u64().unwrap() > 0));
        }
    }
}

#[test]
fn a_file_stays_in_its_shard_when_others_come() {
    let tree = tree();
    let before = check(&tree, Some("2/3"));
    tree.write("other/new.py", b"def g():\n    return 1\n");
    let after = check(&tree, Some("2/3"));
    let paths = |report: &Value| -> Vec<String> {
        report["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap().to_owned()).collect()
    };
    let (before, after) = (paths(&before), paths(&after));
    // The 12 largest are dealt by size and stay as they were (the new file is small); every
    // other file goes by its path.
    for path in &before {
        assert!(after.contains(path), "{path} left shard 2");
    }
    assert!(after.len() <= before.len() + 1);
}

#[test]
fn bad_shards_are_refused() {
    let tree = tree();
    for bad in ["0/3", "4/3", "3", "x/y"] {
        let output = tree.plumb().args(["check", "--shard", bad]).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{bad}");
        assert!(crate::util::stderr(&output).contains("is not a shard"), "{bad}");
    }
}
