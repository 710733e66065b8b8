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
            let mut values: Vec<Value> =
                shards.iter().flat_map(|shard| shard[key].as_array().unwrap().clone()).collect();
            // A shard's findings carry their detail, for `plumb merge`.
            for value in &mut values {
                value.as_object_mut().unwrap().remove("detail");
            }
            values
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

/// `plumb ARGS` in the tree: its exit code and standard output.
fn plumb(tree: &Tree, args: &[&str]) -> (Option<i32>, String) {
    let output = tree.plumb().args(args).output().unwrap();
    assert!(output.status.code().is_some_and(|code| code < 2), "{args:?}: {output:?}");
    (output.status.code(), String::from_utf8(output.stdout).unwrap())
}

/// SARIF records the command line, which is not the same for `plumb merge`.
fn without_command_line(format: &str, text: String) -> String {
    if format != "sarif" {
        return text;
    }
    let mut sarif: Value = serde_json::from_str(&text).unwrap();
    sarif["runs"][0]["invocations"][0].as_object_mut().unwrap().remove("commandLine");
    sarif.to_string()
}

#[test]
fn merged_shards_are_one_run_in_every_format() {
    let tree = tree();
    // A file with a finding and a problem: non-ASCII columns, labels and notes survive.
    tree.write(
        "pkg0/ü.py",
        "def é(a, b):\n    x = \"ü\" if a else 1\n    for i in a:\n        if i and b or a:\n            return i\n    return x\n"
            .as_bytes(),
    );
    tree.write("pkg1/bad.py", b"\xff\xfedef f(:\n");
    let common = ["--no-cache", "--no-progress", "--max-cyclomatic", "4", "--max-cognitive", "3"];
    let formats = ["json", "sarif", "short", "gitlab", "checkstyle", "junit", "markdown", "github", "human"];
    for count in [1, 2, 3, 5] {
        let mut reports = Vec::new();
        for k in 1..=count {
            let report = format!("shard-{k}-of-{count}.json");
            let shard = format!("{k}/{count}");
            let mut args = vec!["check", "--shard", &shard, "--format", "json", "-o", &report];
            args.extend(common);
            args.push("pkg0");
            args.push("pkg1");
            args.push("pkg2");
            plumb(&tree, &args);
            reports.push(report);
        }
        for format in formats {
            for gate in [None, Some("0")] {
                let mut one = vec!["check", "--format", format, "--no-summary"];
                one.extend(common);
                one.extend(["pkg0", "pkg1", "pkg2"]);
                let mut merge = vec!["merge", "--format", format, "--no-summary"];
                merge.extend(reports.iter().map(String::as_str));
                if let Some(max) = gate {
                    one.extend(["--max-warnings", max]);
                    merge.extend(["--max-warnings", max]);
                }
                let (one_code, one_out) = plumb(&tree, &one);
                let (merged_code, merged_out) = plumb(&tree, &merge);
                assert_eq!(merged_code, one_code, "{format} with {count} shards, --max-warnings {gate:?}");
                assert!(
                    without_command_line(format, merged_out) == without_command_line(format, one_out),
                    "{format} with {count} shards differs from one run"
                );
            }
        }
    }
}

#[test]
fn merge_refuses_what_is_not_the_shards_of_one_run() {
    let tree = tree();
    plumb(&tree, &["check", "--no-cache", "--shard", "1/2", "--format", "json", "-o", "a.json"]);
    plumb(&tree, &["check", "--no-cache", "--format", "json", "-o", "plain.json"]);
    std::fs::write(tree.join("junk.json"), "{}").unwrap();
    tree.write("lcov.info", lcov().as_bytes());
    let coverage = ["check", "--coverage", "lcov.info", "--no-cache", "--format", "json", "--shard"];
    plumb(&tree, &[&coverage[..], &["2/2", "-o", "b.json", "--min-coverage", "50"]].concat());
    plumb(&tree, &[&coverage[..], &["1/2", "-o", "c.json", "--min-coverage", "60"]].concat());
    for (reports, says) in [
        (vec!["a.json", "b.json"], "some of the reports have coverage data and others not"),
        (vec!["b.json", "c.json"], "have different coverage gates"),
        (vec!["a.json", "a.json"], "is in two of the reports"),
        (vec!["plain.json"], "have no detail"),
        (vec!["junk.json"], "not a plumb JSON report"),
        (vec!["missing.json"], "cannot read `missing.json`"),
    ] {
        let output = tree.plumb().arg("merge").args(&reports).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{reports:?}");
        assert!(crate::util::stderr(&output).contains(says), "{reports:?}: {}", crate::util::stderr(&output));
    }
}

/// What a run says beside its report, `plumb merge` says too: the job summary GitHub Actions
/// shows, and the warning that SARIF's limit of 25,000 results leaves some out.
#[test]
fn merge_writes_the_job_summary_and_the_sarif_warning_as_one_run_does() {
    use std::fmt::Write as _;
    // 25,011 functions of cyclomatic complexity 1, each over a threshold of 0 (errors, the rule's
    // default level), and a.py's 25,010 lines over file-length's 1,000 (a warning): SARIF keeps
    // 25,000 results, errors first, and leaves out 11 errors and the warning.
    let mut many = String::new();
    for i in 0..25_010 {
        let _ = writeln!(many, "def f{i}(x): return x");
    }
    let tree = Tree::new(&[("a.py", many.as_str()), ("b.py", "def g(x):\n    return x\n")]);
    let common = ["--no-cache", "--no-progress", "--max-cyclomatic", "0"];
    for k in 1..=2 {
        let (report, shard) = (format!("shard-{k}.json"), format!("{k}/2"));
        let mut args = vec!["check", "--shard", &shard, "--format", "json", "-o", &report];
        args.extend(common);
        args.extend(["a.py", "b.py"]);
        plumb(&tree, &args);
    }
    let run = |args: &[&str], summary: &str| {
        let output =
            tree.plumb().args(args).env("GITHUB_STEP_SUMMARY", tree.path().join(summary)).output().unwrap();
        (crate::util::stderr(&output), std::fs::read_to_string(tree.path().join(summary)).ok())
    };
    let mut one = vec!["check", "--format", "sarif"];
    one.extend(common);
    one.extend(["a.py", "b.py"]);
    let merge = ["merge", "--format", "sarif", "shard-1.json", "shard-2.json"];
    let warning = "warning: SARIF allows 25000 results per run: 12 are left out of the log (11 errors, 1 \
                   warning); errors are kept first\n";
    assert_eq!(run(&one, "one.md"), (warning.to_owned(), None));
    assert_eq!(run(&merge, "merged.md"), (warning.to_owned(), None));
    one[2] = "github";
    let (_, one_summary) = run(&one, "one.md");
    let merge = ["merge", "--format", "github", "shard-1.json", "shard-2.json"];
    let (_, merged_summary) = run(&merge, "merged.md");
    let one_summary = one_summary.expect("check --format github writes the job summary");
    // 25,010 + 2 code lines; the 25,011 errors and the warning counted above.
    assert!(
        one_summary.starts_with(
            "## plumb\n\n2 files, 25011 functions, 25012 code lines: 25011 errors, 1 warning.\n"
        ),
        "{one_summary}"
    );
    assert_eq!(merged_summary.as_deref(), Some(one_summary.as_str()));
}

/// An LCOV report of the tree's files but every fourth: in file `n`, the odd lines ran, and
/// every line of every fifth file; and a file that is not in the tree.
fn lcov() -> String {
    use std::fmt::Write as _;
    let mut lcov = String::new();
    for n in (0..40_usize).filter(|n| n % 4 != 3) {
        let _ = writeln!(lcov, "SF:pkg{}/m{n}.py", n % 3);
        for line in 1..=2 + 2 * (n % 13) {
            let _ = writeln!(lcov, "DA:{line},{}", usize::from(line % 2 == 1 || n % 5 == 0));
        }
        lcov.push_str("end_of_record\n");
    }
    lcov + "SF:gone/x.py\nDA:1,1\nend_of_record\n"
}

/// Merging shards that read a coverage report applies the run-wide gates over every shard's
/// files: the same report, findings (the project's coverage finding on the file with the most
/// uncovered lines of the whole run) and exit code as one run, in changed-code mode too.
#[test]
fn merged_shards_with_coverage_are_one_run() {
    let tree = tree();
    tree.write("lcov.info", lcov().as_bytes());
    crate::util::git(tree.path(), &["init", "-q"]);
    crate::util::git(tree.path(), &["add", "."]);
    crate::util::git(tree.path(), &["commit", "-qm", "first"]);
    // Changed lines, the files' line counts kept: `pkg1/m4.py`'s lines 3 (ran) and 4 (did not),
    // `pkg0/m0.py`'s line 2 (ran), and a file the report does not cover.
    let m4 = "def f4(a):\n    if a == B:\n        return 0\n    if a == 0:\n        return B\n    if a == B:\n        \
              return B\n    if a == B:\n        return B\n    return -1\n";
    tree.write("pkg1/m4.py", m4.as_bytes());
    tree.write("pkg0/m0.py", b"def f0(a):\n    return 0\n");
    tree.write("pkg2/m11.py", b"def f11(a):\n    return 1\n");
    // The project's lines and covered lines, as `lcov` writes them: a file of `2 + 2k` lines has
    // `1 + k` odd ones.
    let (mut lines, mut covered) = (0_u32, 0_u32);
    for n in (0..40_u32).filter(|n| n % 4 != 3) {
        let k = n % 13;
        lines += 2 + 2 * k;
        covered += if n % 5 == 0 { 2 + 2 * k } else { 1 + k };
    }
    let percent = format!("{:.2}", 100.0 * f64::from(covered) / f64::from(lines));
    let expected = std::collections::HashMap::from([
        ("the project gate fails", vec![format!("coverage: project line coverage is {percent}% (< 90%)")]),
        ("the project gate passes", vec![]),
        (
            "changed lines",
            vec!["changed-coverage: changed-line coverage is 66.67% (< 80%): 1 of 3 changed lines are not covered"
                .to_owned()],
        ),
    ]);
    let formats = ["json", "sarif", "short", "markdown", "human"];
    for (gates, what) in [
        (vec!["--min-coverage", "90"], "the project gate fails"),
        (vec!["--min-coverage", "10"], "the project gate passes"),
        (vec!["--changed-since", "HEAD", "--min-changed-coverage", "80"], "changed lines"),
    ] {
        let mut common = vec!["--no-cache", "--no-progress", "--coverage", "lcov.info"];
        common.extend(&gates);
        for count in [1, 2, 3] {
            let mut reports = Vec::new();
            for k in 1..=count {
                let report = format!("cov-{k}-of-{count}.json");
                let shard = format!("{k}/{count}");
                let mut args = vec!["check", "--shard", &shard, "--format", "json", "-o", &report];
                args.extend(&common);
                plumb(&tree, &args);
                reports.push(report);
            }
            for format in formats {
                let mut one = vec!["check", "--format", format, "--no-summary"];
                one.extend(&common);
                let mut merge = vec!["merge", "--format", format, "--no-summary"];
                merge.extend(reports.iter().map(String::as_str));
                let (one_code, one_out) = plumb(&tree, &one);
                let (merged_code, merged_out) = plumb(&tree, &merge);
                if format == "json" && count == 1 {
                    assert_eq!(run_wide(&one_out), expected[what], "{what}");
                }
                assert_eq!(merged_code, one_code, "{what}: {format} with {count} shards");
                assert!(
                    without_command_line(format, merged_out.clone())
                        == without_command_line(format, one_out.clone()),
                    "{what}: {format} with {count} shards differs from one run:\n{merged_out}\n---\n{one_out}"
                );
            }
        }
    }
}

/// The run-wide findings of a JSON report: `rule: message`.
fn run_wide(json: &str) -> Vec<String> {
    let report: Value = serde_json::from_str(json).unwrap();
    let findings = report["findings"].as_array().unwrap().iter();
    let run_wide =
        findings.filter(|f| ["coverage", "changed-coverage"].contains(&f["rule"].as_str().unwrap()));
    run_wide.map(|f| format!("{}: {}", f["rule"].as_str().unwrap(), f["message"].as_str().unwrap())).collect()
}
