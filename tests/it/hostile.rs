use std::path::Path;
use std::process::Command as Process;
use std::time::Duration;

use crate::util::{ROUTE_PY, Tree, json, stderr, stdout};

/// Longer than any of these runs takes; a run that hangs fails instead of hanging the tests.
const PATIENCE: Duration = Duration::from_secs(120);

/// `mkfifo PATH`.
#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = Process::new("mkfifo").arg(path).status().expect("mkfifo is needed");
    assert!(status.success());
}

/// `mknod PATH c MAJOR MINOR`: a copy of a character device; `false` when not allowed (not root).
#[cfg(unix)]
fn mknod(path: &Path, major: u32, minor: u32) -> bool {
    let status = Process::new("mknod").arg(path).args(["c", &major.to_string(), &minor.to_string()]).status();
    status.is_ok_and(|status| status.success())
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

#[cfg(unix)]
fn file_type(path: &Path) -> std::fs::FileType {
    std::fs::symlink_metadata(path).unwrap().file_type()
}

/// The names in a directory, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

/// `ROUTE_PY` has one error-level finding, a cyclomatic complexity of 11.
const SHORT_REPORT: &str =
    "app.py:1:1: error[cyclomatic-complexity]: `route` has a cyclomatic complexity of 11 (> 10)\n";

/// `-o` replaces a regular file whole, and never what is not one: a symbolic link is followed,
/// a FIFO and a device are written into, a directory and a read-only file are refused.
#[cfg(unix)]
#[test]
fn output_writes_through_links_and_into_fifos_and_devices() {
    use std::os::unix::fs::{FileTypeExt, PermissionsExt, symlink};
    let tree = Tree::new(&[("app.py", ROUTE_PY)]);
    let short = ["check", "--format", "short", "-o"];

    // A dangling link: its target is created, the link stays a link.
    symlink("reports/target.txt", tree.join("link.txt")).unwrap();
    std::fs::create_dir(tree.join("reports")).unwrap();
    let output = tree.plumb().args(short).arg("link.txt").output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(file_type(&tree.join("link.txt")).is_symlink());
    assert_eq!(std::fs::read_to_string(tree.join("reports/target.txt")).unwrap(), SHORT_REPORT);
    // An existing target is replaced, and keeps its mode.
    std::fs::write(tree.join("reports/target.txt"), "old\n").unwrap();
    std::fs::set_permissions(tree.join("reports/target.txt"), std::fs::Permissions::from_mode(0o640))
        .unwrap();
    let output = tree.plumb().args(short).arg("link.txt").output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(file_type(&tree.join("link.txt")).is_symlink());
    assert_eq!(std::fs::read_to_string(tree.join("reports/target.txt")).unwrap(), SHORT_REPORT);
    assert_eq!(mode(&tree.join("reports/target.txt")), 0o640);
    assert_eq!(names(&tree.join("reports")), ["target.txt"]);

    // A FIFO is written into, and stays a FIFO.
    mkfifo(&tree.join("fifo"));
    let fifo = tree.join("fifo");
    let reader = std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap());
    let output = tree.plumb().args(short).arg("fifo").timeout(PATIENCE).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(reader.join().unwrap(), SHORT_REPORT);
    assert!(file_type(&tree.join("fifo")).is_fifo());

    // A character device too, where the system lets the tests make one: writing into a copy of
    // /dev/full fails as writing into /dev/full does, and it stays a device.
    if mknod(&tree.join("full"), 1, 7) {
        let output = tree.plumb().args(short).arg("full").output().unwrap();
        assert_eq!(output.status.code(), Some(2));
        assert_eq!(stderr(&output), "error: cannot write `full`: No space left on device (os error 28)\n");
        assert!(file_type(&tree.join("full")).is_char_device());
        std::fs::remove_file(tree.join("full")).unwrap();
    }

    // A directory is refused.
    let output = tree.plumb().args(short).arg("reports").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stderr(&output), "error: cannot write `reports`: it is a directory\n");

    // A read-only file is refused, even for root, and left as it was.
    std::fs::write(tree.join("locked.txt"), "kept\n").unwrap();
    std::fs::set_permissions(tree.join("locked.txt"), std::fs::Permissions::from_mode(0o444)).unwrap();
    let output = tree.plumb().args(short).arg("locked.txt").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stderr(&output), "error: cannot write `locked.txt`: the file is read-only\n");
    assert_eq!(std::fs::read_to_string(tree.join("locked.txt")).unwrap(), "kept\n");

    // `-` is standard output.
    let output = tree.plumb().args(short).arg("-").output().unwrap();
    assert_eq!(stdout(&output), SHORT_REPORT);
    assert!(!tree.join("-").exists());
    let mut expected = vec!["app.py", "fifo", "link.txt", "locked.txt", "reports"];
    expected.sort_unstable();
    assert_eq!(names(tree.path()), expected);
}

/// A new report gets the mode any new file gets (0666 less the umask, as the shell's `>`
/// gives), not the private mode of a temporary file, nor a mode of its own. Run with a umask
/// of 027: 0640.
#[cfg(unix)]
#[test]
fn a_new_output_file_gets_the_default_mode() {
    let tree = Tree::new(&[("app.py", ROUTE_PY)]);
    let with_umask = |args: &[&str]| {
        Process::new("sh")
            .arg("-c")
            .arg("umask 027 && exec \"$0\" \"$@\"")
            .arg(assert_cmd::cargo::cargo_bin("plumb"))
            .args(args)
            .current_dir(tree.path())
            .output()
            .unwrap()
    };
    let output = with_umask(&["check", "--format", "json", "-o", "new.json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(mode(&tree.join("new.json")), 0o640);
    let output = with_umask(&["baseline", "--output", "base.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(mode(&tree.join("base.json")), 0o640);
}

/// `-o` naming a file the run analyses is refused before anything is written.
#[test]
fn output_onto_an_analysed_file_is_refused() {
    let tree = Tree::new(&[("app.py", ROUTE_PY), ("src/lib.py", "def f(a):\n    return a\n")]);
    let output = tree.plumb().args(["check", "--format", "json", "-o", "app.py"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: cannot write `app.py`: it is a file this run analyses; write the report elsewhere\n"
    );
    assert_eq!(std::fs::read_to_string(tree.join("app.py")).unwrap(), ROUTE_PY);
    let output = tree.plumb().args(["baseline", "--output", "./src/../src/lib.py", "src"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: cannot write `./src/../src/lib.py`: it is a file this run analyses (`src/lib.py`); write the \
         report elsewhere\n"
    );
    assert_eq!(std::fs::read_to_string(tree.join("src/lib.py")).unwrap(), "def f(a):\n    return a\n");
    assert_eq!(names(tree.path()), ["app.py", "src"]);
}

/// SIGINT, SIGTERM or SIGHUP while a report is being made: the temporary file is removed, the
/// previous report is left as it was, and plumb dies of the signal. The run is held in the middle
/// by a baseline that is a FIFO nobody writes to.
#[cfg(unix)]
#[test]
fn an_interrupted_run_leaves_no_temporary_file() {
    use std::os::unix::process::ExitStatusExt;
    let tree = Tree::new(&[("app.py", ROUTE_PY)]);
    mkfifo(&tree.join("baseline.json"));
    // Held open for writing, so that plumb's read waits for data that never comes.
    let _writer =
        std::fs::OpenOptions::new().read(true).write(true).open(tree.join("baseline.json")).unwrap();
    for (signal, name) in [(2, "INT"), (15, "TERM"), (1, "HUP")] {
        std::fs::write(tree.join("report.json"), "previous\n").unwrap();
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("plumb"))
            .args(["check", "--format", "json", "-o", "report.json", "--baseline", "baseline.json"])
            .current_dir(tree.path())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Wait for the temporary file, then a little more for the run to reach the baseline.
        let started = std::time::Instant::now();
        while names(tree.path()).len() < 4 {
            assert!(started.elapsed() < PATIENCE, "no temporary file: {:?}", names(tree.path()));
            std::thread::sleep(Duration::from_millis(20));
        }
        std::thread::sleep(Duration::from_millis(200));
        let status =
            Process::new("kill").arg(format!("-{name}")).arg(child.id().to_string()).status().unwrap();
        assert!(status.success());
        let status = child.wait().unwrap();
        assert_eq!(status.signal(), Some(signal), "SIG{name}: {status:?}");
        assert_eq!(names(tree.path()), ["app.py", "baseline.json", "report.json"], "SIG{name}");
        assert_eq!(std::fs::read_to_string(tree.join("report.json")).unwrap(), "previous\n");
    }
}

/// A FIFO or a device named on the command line is skipped without being read: a FIFO without
/// a writer does not hang the run, and /dev/zero is not read up to --max-file-size.
#[cfg(unix)]
#[test]
fn fifos_and_devices_named_are_skipped_unread() {
    let tree = Tree::new(&[("app.py", "def f(a):\n    return a\n")]);
    mkfifo(&tree.join("pipe.py"));
    std::os::unix::fs::symlink("/dev/zero", tree.join("zero.c")).unwrap();
    let output = tree
        .plumb()
        .args(["check", "--format", "json", "--max-file-size", "1G", "pipe.py", "zero.c", "app.py"])
        .timeout(PATIENCE)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stderr(&output),
        "warning: pipe.py: a FIFO, not a regular file; skipped\n\
         warning: zero.c: a character device, not a regular file; skipped\n"
    );
    assert_eq!(json(&output)["summary"]["files"], 1);
}

/// `-j` beyond 4 threads per CPU is capped, with a warning; the results are the same.
#[test]
fn thread_counts_are_capped() {
    let tree = Tree::new(&[("a.py", ROUTE_PY), ("b.py", "def f(a):\n    return a\n")]);
    let cpus = std::thread::available_parallelism().unwrap().get();
    let output =
        tree.plumb().args(["check", "--format", "json", "-j", "100000"]).timeout(PATIENCE).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        format!("warning: -j 100000 is more than 4 threads per CPU; using {}\n", 4 * cpus)
    );
    let capped = json(&output);
    let output = tree.plumb().args(["check", "--format", "json", "-j", "1"]).output().unwrap();
    assert_eq!(capped["files"], json(&output)["files"]);
}

/// The largest --max-file-size there is means no limit, not a limit of 0 that reads every file
/// as empty. ROUTE_PY: 1 function, 15 lines of code.
#[test]
fn the_largest_file_size_limit_reads_files_whole() {
    let largest = u64::MAX.to_string();
    let tree = Tree::new(&[("app.py", ROUTE_PY)]);
    let output =
        tree.plumb().args(["check", "--format", "json", "--max-file-size", &largest]).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(json(&output)["summary"]["functions"], 1);
    assert_eq!(json(&output)["summary"]["code"], 15);
    tree.write("plumb.toml", format!("max-file-size = \"{largest}\"\n").as_bytes());
    let output = tree.plumb().args(["check", "--format", "json"]).output().unwrap();
    assert_eq!(json(&output)["summary"]["code"], 15);
}

/// A configuration file that exists but cannot be read stops the run with exit status 2 and
/// names the file; before, it was skipped, and the defaults (or a parent's settings) applied.
/// Each one here sets a threshold of 1, which app.py's function (cyclomatic 1) would pass.
#[test]
fn unreadable_configuration_files_are_errors() {
    let tree = Tree::new(&[("sub/app.py", "def f(a):\n    return a\n")]);
    let settings = "[rules.cyclomatic-complexity]\nthreshold = 1\n";
    let utf16: Vec<u8> =
        [0xFF, 0xFE].into_iter().chain(settings.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let cases: [(&str, Vec<u8>, &str); 3] = [
        ("UTF-16", utf16, "it is UTF-16 text (as Windows PowerShell writes); save it as UTF-8"),
        // "[rules.cyclomatic-complexity]\n" (30 bytes), "threshold = 1\n" (14), "# r" (3).
        (
            "Latin-1",
            [settings.as_bytes(), b"# r\xe9sum\xe9\n"].concat(),
            "it is not UTF-8 text (invalid byte at offset 47)",
        ),
        (
            "binary",
            b"\x00\x01\x02\xff\xfe garbage".to_vec(),
            "it is not UTF-8 text (invalid byte at offset 3)",
        ),
    ];
    for (what, bytes, reason) in cases {
        tree.write("sub/plumb.toml", &bytes);
        for command in [&["check", "sub"][..], &["config", "sub"]] {
            let output = tree.plumb().args(command).output().unwrap();
            assert_eq!(output.status.code(), Some(2), "{what}: {}", stderr(&output));
            assert_eq!(
                stderr(&output),
                format!("error: cannot read the configuration file `sub/plumb.toml`: {reason}\n"),
                "{what}"
            );
        }
    }
    std::fs::remove_file(tree.join("sub/plumb.toml")).unwrap();
    std::fs::create_dir(tree.join("sub/plumb.toml")).unwrap();
    let output = tree.plumb().args(["check", "sub"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: cannot read the configuration file `sub/plumb.toml`: a directory, not a regular file\n"
    );
    std::fs::remove_dir(tree.join("sub/plumb.toml")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // A FIFO is not waited on.
        mkfifo(&tree.join("sub/.plumb.toml"));
        let output = tree.plumb().args(["check", "sub"]).timeout(PATIENCE).output().unwrap();
        assert_eq!(output.status.code(), Some(2));
        assert_eq!(
            stderr(&output),
            "error: cannot read the configuration file `sub/.plumb.toml`: a FIFO, not a regular file\n"
        );
        std::fs::remove_file(tree.join("sub/.plumb.toml")).unwrap();
        // Unreadable for this user (the check is skipped when running as root).
        tree.write("sub/pyproject.toml", b"[tool.plumb]\n");
        std::fs::set_permissions(tree.join("sub/pyproject.toml"), std::fs::Permissions::from_mode(0o000))
            .unwrap();
        if std::fs::read(tree.join("sub/pyproject.toml")).is_err() {
            let output = tree.plumb().args(["check", "sub"]).output().unwrap();
            assert_eq!(output.status.code(), Some(2));
            assert_eq!(
                stderr(&output),
                "error: cannot read the configuration file `sub/pyproject.toml`: Permission denied (os error 13)\n"
            );
        }
    }
}

/// Percentages above 100 are refused in a configuration file as on the command line: a
/// coverage gate at 500% can never pass.
#[test]
fn percentages_above_100_are_refused_in_configuration() {
    let tree = Tree::new(&[("app.py", "def f(a):\n    return a\n")]);
    for (settings, value) in [
        ("[rules.coverage]\nthreshold = 500\n", "500"),
        ("[rules.changed-coverage]\nthreshold = 100.5\n", "100.5"),
        ("[rules.coverage]\nfile-threshold = 101\n", "101"),
        ("[rules.uncovered-complex-function]\nmin-coverage = 1000\n", "1000"),
    ] {
        tree.write("plumb.toml", settings.as_bytes());
        let output = tree.plumb().arg("check").output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{settings}");
        let err = stderr(&output);
        assert!(
            err.starts_with("error[config]: invalid configuration: expected a percentage from 0 to 100\n"),
            "{err}"
        );
        assert!(err.contains(&format!("= {value}\n")), "{err}");
    }
    // 100 itself, and thresholds that are not percentages, are fine.
    tree.write("plumb.toml", b"[rules.coverage]\nthreshold = 100\n[rules.crap]\nthreshold = 500\n");
    assert_eq!(tree.plumb().arg("check").output().unwrap().status.code(), Some(0));
}

/// UTF-16 sources (with a byte order mark, as Windows tools write them) are decoded and
/// measured; UTF-32 ones are named as such, not called binary.
#[test]
fn utf16_sources_are_measured() {
    let python = "def f(a, b):\n    if a and b:\n        return '\u{e9}'\n    return 'x'\n";
    let tree = Tree::new(&[]);
    let little: Vec<u8> =
        [0xFF, 0xFE].into_iter().chain(python.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let c = "int f(int a) {\n    return a > 0 ? 1 : 2;\n}\n";
    let big: Vec<u8> = [0xFE, 0xFF].into_iter().chain(c.encode_utf16().flat_map(u16::to_be_bytes)).collect();
    let utf32: Vec<u8> = [0xFF, 0xFE, 0, 0]
        .into_iter()
        .chain("x = 1\n".chars().flat_map(|c| (c as u32).to_le_bytes()))
        .collect();
    tree.write("little.py", &little);
    tree.write("big.c", &big);
    tree.write("wide.py", &utf32);
    let output = tree.plumb().args(["check", "--format", "json"]).output().unwrap();
    assert_eq!(stderr(&output), "warning: wide.py: UTF-32 text, which plumb does not read; skipped\n");
    let document = json(&output);
    let files = &document["files"];
    // big.c: 1 + `?:`; 3 lines. little.py: 1 + if + and; 4 lines.
    assert_eq!((files[0]["path"].as_str(), files[0]["lines"].as_u64()), (Some("big.c"), Some(3)));
    assert_eq!(files[0]["functions"][0]["cyclomatic"], 2);
    assert_eq!((files[1]["path"].as_str(), files[1]["lines"].as_u64()), (Some("little.py"), Some(4)));
    assert_eq!(files[1]["functions"][0]["cyclomatic"], 3);
}

/// A coverage report that is a directory is called one, not "no such file"; one that is a FIFO
/// is read (process substitution: `--coverage <(gunzip -c lcov.info.gz)`).
#[cfg(unix)]
#[test]
fn coverage_reports_that_are_directories_or_fifos() {
    let tree = Tree::new(&[("app.py", "def f(a):\n    return a\n")]);
    std::fs::create_dir(tree.join("coverage")).unwrap();
    let output = tree.plumb().args(["check", "--coverage", "coverage"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: cannot read the coverage report `coverage`: it is a directory, not a report\n"
    );
    mkfifo(&tree.join("lcov.fifo"));
    let fifo = tree.join("lcov.fifo");
    let writer =
        std::thread::spawn(move || std::fs::write(fifo, "SF:app.py\nDA:1,1\nDA:2,0\nend_of_record\n"));
    let output = tree
        .plumb()
        .args(["check", "--coverage", "lcov.fifo", "--min-coverage", "50"])
        .timeout(PATIENCE)
        .output()
        .unwrap();
    writer.join().unwrap().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).ends_with("line coverage 50% (1 of 2 lines)\n"), "{}", stdout(&output));
}

/// When the reader of the report goes away (`plumb check | grep -q error`), the exit status is
/// still that of the findings: 1 here, as without the pipe. The pipe's reading end is closed
/// before plumb starts, so that every write meets a broken pipe.
#[test]
fn a_closed_pipe_keeps_the_exit_status() {
    let tree = Tree::new(&[("app.py", ROUTE_PY)]);
    let run = |args: &[&str]| {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        Process::new(assert_cmd::cargo::cargo_bin("plumb"))
            .args(args)
            .current_dir(tree.path())
            .stdout(writer)
            .output()
            .unwrap()
    };
    for format in ["human", "short", "json"] {
        let output = run(&["check", "--format", format]);
        assert_eq!(output.status.code(), Some(1), "{format}: {}", stderr(&output));
        assert_eq!(stderr(&output), "", "{format}");
    }
    assert_eq!(run(&["check", "--exit-zero"]).status.code(), Some(0));
    assert_eq!(run(&["check", "--max-cyclomatic", "11"]).status.code(), Some(0));
}

/// 3,000 nested arrow functions (18 KB): the JSON report lists each function once with a name
/// of at most 16 segments, about 330 bytes each, where every name held its whole chain of
/// parents (36 MB of JSON).
#[test]
fn nested_closures_make_a_report_the_size_of_the_file() {
    let depth = 3_000;
    let source = format!("function f() {{\n  const g = {}1;\n}}\n", "() => ".repeat(depth));
    let tree = Tree::new(&[("deep.js", &source)]);
    let output = tree.plumb().args(["check", "--format", "json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(output.stdout.len() < depth * 500, "{} bytes of JSON", output.stdout.len());
    let document = json(&output);
    let functions = document["files"][0]["functions"].as_array().unwrap();
    assert_eq!(functions.len(), depth + 1);
    assert_eq!(
        functions[depth]["qualified_name"],
        "f.g.<arrow>.<arrow>.<arrow>.<arrow>.….<arrow>.<arrow>.<arrow>.<arrow>.<arrow>.<arrow>.<arrow>.<arrow>.\
         <arrow>.<arrow>"
    );
}

/// A function at the end of a 60 KB line (a minified bundle): the snippet shows the bytes
/// around its signature, not the whole line, and the column counts characters (`é` is 2 bytes).
#[test]
fn long_lines_are_cut_around_the_span_in_snippets() {
    // `var x = "` (9 characters), 30,000 `é`, `";`: the function starts at column 30,012.
    let decisions = "a&&".repeat(20);
    let source = format!("var x = \"{}\";function f(a){{return {decisions}a}}\n", "é".repeat(30_000));
    let tree = Tree::new(&[("long.js", &source)]);
    let output = tree.plumb().args(["check", "--no-summary"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[1], "  --> long.js:1:30012");
    // 40 bytes each side of the signature `function f(a)`: 19 `é` and `";` before it, then the
    // signature, `{return ` and 32 bytes of `a&&a&&...`.
    let shown = format!("…{}\";function f(a){{return {}a&…", "é".repeat(19), "a&&".repeat(10));
    assert_eq!(lines[3], format!("1 | {shown}"));
    assert_eq!(lines[4], format!("  | {}{} cyclomatic complexity 21", " ".repeat(22), "^".repeat(13)));
    assert!(text.len() < 1500, "{text}");
    let output = tree.plumb().args(["check", "--format", "short"]).output().unwrap();
    assert_eq!(
        stdout(&output),
        "long.js:1:30012: error[cyclomatic-complexity]: `f` has a cyclomatic complexity of 21 (> 10)\n"
    );
}

/// Escape sequences in file names and in code reach the terminal escaped, in the human and
/// short formats and in warnings: nothing can recolour, retitle or clear it, or forge a line.
#[cfg(unix)]
#[test]
fn names_and_code_are_printed_escaped() {
    let route = ROUTE_PY.replacen("user)", "user='\u{1b}[31m\u{1b}]0;pwned\u{7}')", 1);
    let tree = Tree::new(&[("esc\u{1b}[2J.py", &route), ("new\nline.py", ROUTE_PY)]);
    tree.write("bin\u{1b}[31m.py", b"\0binary");
    let output = tree.plumb().args(["check", "--no-summary"]).output().unwrap();
    let (out, err) = (stdout(&output), stderr(&output));
    assert!(!out.contains(['\u{1b}', '\u{7}']) && !err.contains(['\u{1b}', '\u{7}']), "{out}{err}");
    assert_eq!(err, "warning: bin\\u{1b}[31m.py: binary file; skipped\n");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[1], "  --> esc\\u{1b}[2J.py:1:1");
    // The underline is as wide as the escaped text: `def route(request, user='` is 25
    // characters, the escaped string 29 (`\u{1b}` 6, `[31m` 4, `\u{1b}` 6, `]0;pwned` 8,
    // `\u{7}` 5), then `'):` 3.
    assert_eq!(lines[3], "1 | def route(request, user='\\u{1b}[31m\\u{1b}]0;pwned\\u{7}'):");
    assert_eq!(lines[4], format!("  | {} cyclomatic complexity 11", "^".repeat(25 + 29 + 3)));
    assert!(out.contains("\n  --> new\\nline.py:1:1\n"), "{out}");
    let output = tree.plumb().args(["check", "--format", "short"]).output().unwrap();
    assert_eq!(
        stdout(&output),
        "esc\\u{1b}[2J.py:1:1: error[cyclomatic-complexity]: `route` has a cyclomatic complexity of 11 (> 10)\n\
         new\\nline.py:1:1: error[cyclomatic-complexity]: `route` has a cyclomatic complexity of 11 (> 10)\n"
    );
}

/// Two names that are not UTF-8 and differ only in their invalid bytes are two paths, in every
/// format, and changed-code mode finds such a file by the name git gives it.
#[cfg(unix)]
#[test]
fn names_that_are_not_utf8_stay_apart() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let tree = Tree::new(&[]);
    for byte in [0xFF, 0xFE] {
        std::fs::write(
            tree.path().join(OsStr::from_bytes(&[b'b', b'a', b'd', byte, b'.', b'p', b'y'])),
            ROUTE_PY,
        )
        .unwrap();
    }
    let output = tree.plumb().args(["check", "--format", "short"]).output().unwrap();
    assert_eq!(
        stdout(&output),
        "bad\\xFE.py:1:1: error[cyclomatic-complexity]: `route` has a cyclomatic complexity of 11 (> 10)\n\
         bad\\xFF.py:1:1: error[cyclomatic-complexity]: `route` has a cyclomatic complexity of 11 (> 10)\n"
    );
    let document = json(&tree.plumb().args(["check", "--format", "json"]).output().unwrap());
    assert_eq!(document["files"][0]["path"], "bad\\xFE.py");
    assert_eq!(document["files"][1]["path"], "bad\\xFF.py");
    // Committed, then one of them changed.
    crate::util::git(tree.path(), &["init", "-q"]);
    crate::util::git(tree.path(), &["add", "."]);
    crate::util::git(tree.path(), &["commit", "-q", "-m", "start"]);
    let changed = tree.path().join(OsStr::from_bytes(b"bad\xff.py"));
    std::fs::write(&changed, format!("{ROUTE_PY}    # changed\n")).unwrap();
    let output =
        tree.plumb().args(["check", "--format", "short", "--changed-since", "HEAD"]).output().unwrap();
    assert_eq!(
        stdout(&output),
        "bad\\xFF.py:1:1: error[cyclomatic-complexity]: `route` has a cyclomatic complexity of 11 (> 10)\n"
    );
}
