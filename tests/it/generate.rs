//! `plumb completions` and `plumb man`, used as a shell and `man` use them.

use std::collections::BTreeSet;
use std::process::{Command as Process, Stdio};

use crate::util::{Tree, stderr, stdout};

/// The commands `plumb --help` lists (but `help`).
fn commands(tree: &Tree) -> Vec<String> {
    let help = stdout(&tree.plumb().arg("--help").output().unwrap());
    let listed = help.split("Commands:\n").nth(1).unwrap().split("\n\n").next().unwrap();
    // A command's line starts with two spaces, its wrapped description with more.
    let names = listed.lines().filter_map(|line| line.strip_prefix("  ").filter(|l| !l.starts_with(' ')));
    let names = names.filter_map(|line| line.split_whitespace().next());
    names.filter(|name| *name != "help").map(str::to_owned).collect()
}

/// The long flags `plumb COMMAND --help` lists: `  -o, --output <FILE>` or `      --staged`
/// (descriptions are indented further).
fn flags(tree: &Tree, command: &str) -> BTreeSet<String> {
    let help = stdout(&tree.plumb().args([command, "--help"]).output().unwrap());
    let entries = help.lines().filter_map(|line| {
        let short = line.strip_prefix("  -").filter(|l| !l.starts_with('-')).and_then(|l| l.split_once(", "));
        short.map(|(_, long)| long).or_else(|| line.strip_prefix("      ").filter(|l| l.starts_with("--")))
    });
    entries.map(|entry| entry.split([' ', '=']).next().unwrap().to_owned()).collect()
}

/// The bash script, sourced, completes commands, flags and values; `QUERIES` lines are the
/// words on the command line, the last one being completed.
#[test]
fn bash_completes_commands_flags_and_values() {
    let tree = Tree::new(&[]);
    let output = tree.plumb().args(["completions", "bash"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    tree.write("plumb.bash", &output.stdout);
    let script = r#"
source ./plumb.bash
complete -p plumb
query() {
    COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; COMPREPLY=()
    _plumb plumb "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
    printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' '; echo
}
query plumb ch
query plumb co
query plumb check --max-c
query plumb check --format ''
query plumb completions ''
"#;
    let output = Process::new("bash").arg("-c").arg(script).current_dir(tree.path()).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "complete -o bashdefault -o default -o nosort -F _plumb plumb\n\
         check \n\
         completions config coverage \n\
         --max-cognitive --max-cyclomatic \n\
         checkstyle github gitlab human json junit markdown sarif short \n\
         --help -h bash elvish fish powershell zsh \n"
    );
}

/// Every shell's script names every command; an unknown shell is a usage error.
#[test]
fn every_shell_gets_a_script_with_every_command() {
    let tree = Tree::new(&[]);
    let commands = commands(&tree);
    assert!(commands.len() >= 11 && commands.contains(&"man".to_owned()), "{commands:?}");
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let output = tree.plumb().args(["completions", shell]).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{shell}: {}", stderr(&output));
        let script = stdout(&output);
        for command in &commands {
            assert!(script.contains(command.as_str()), "{shell} script without `{command}`");
        }
    }
    let output = tree.plumb().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("invalid value 'tcsh'"), "{}", stderr(&output));
}

/// `text` rendered by `man -l` (or groff, which `.ci/run` installs, where man is missing) for a
/// wide terminal, and what the renderer said on standard error.
fn render(text: &[u8]) -> (String, String) {
    let mut man = Process::new("man");
    man.args(["--warnings", "-l", "-"]).env("MANWIDTH", "250").env_remove("MANPAGER").env_remove("PAGER");
    let mut groff = Process::new("groff");
    groff.args(["-man", "-Tutf8", "-ww", "-rLL=250n"]);
    for mut renderer in [man, groff] {
        let Ok(mut child) =
            renderer.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn()
        else {
            continue;
        };
        {
            use std::io::Write as _;
            child.stdin.take().unwrap().write_all(text).unwrap();
        }
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
        let plain = String::from_utf8_lossy(&output.stdout).replace(['\u{2010}', '\u{2212}'], "-");
        return (plain, stderr(&output));
    }
    panic!("rendering a man page needs man or groff (Debian: man-db or groff-base)");
}

/// `plumb man --dir` writes plumb.1 and one page per command; each renders without a warning,
/// and lists every flag its command's `--help` lists; plumb.1 names every page and the exit
/// status. `plumb man check` prints the page `--dir` writes.
#[test]
fn man_pages_list_every_command_and_flag() {
    let tree = Tree::new(&[]);
    let output = tree.plumb().args(["man", "--dir", "man1"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let commands = commands(&tree);
    let mut expected: BTreeSet<String> = commands.iter().map(|name| format!("plumb-{name}.1")).collect();
    expected.insert("plumb.1".to_owned());
    let written: BTreeSet<String> = std::fs::read_dir(tree.join("man1"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(written, expected);

    let root = std::fs::read(tree.join("man1/plumb.1")).unwrap();
    let (text, warnings) = render(&root);
    assert_eq!(warnings, "", "plumb.1");
    for command in &commands {
        let name = format!("plumb-{command}(1)");
        assert!(text.contains(&name), "plumb.1 does not name {name}:\n{text}");
    }
    assert!(text.contains("EXIT STATUS\n       Exit status: 0 no error-level finding"), "{text}");
    let check_flags = flags(&tree, "check");
    assert!(check_flags.contains("--max-cyclomatic") && check_flags.contains("--output"), "{check_flags:?}");
    for command in &commands {
        let page = std::fs::read(tree.join(&format!("man1/plumb-{command}.1"))).unwrap();
        let (text, warnings) = render(&page);
        assert_eq!(warnings, "", "plumb-{command}.1");
        assert!(text.starts_with(&format!("plumb-{command}(1)")), "{text}");
        // An option's entry starts its line: `--staged`, `-o, --output <FILE>`.
        let entries: BTreeSet<&str> = text
            .lines()
            .map(str::trim_start)
            .filter_map(|line| {
                if line.starts_with("--") {
                    Some(line)
                } else {
                    Some(line.strip_prefix('-')?.split_once(", ")?.1)
                }
            })
            .filter_map(|entry| entry.split(' ').next())
            .collect();
        for flag in flags(&tree, command) {
            assert!(entries.contains(flag.as_str()), "plumb-{command}.1 has no entry for {flag}:\n{text}");
        }
    }

    let check = tree.plumb().args(["man", "check"]).output().unwrap();
    assert_eq!(check.status.code(), Some(0));
    assert_eq!(check.stdout, std::fs::read(tree.join("man1/plumb-check.1")).unwrap());
    let unknown = tree.plumb().args(["man", "lint"]).output().unwrap();
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).starts_with("error: `lint` is not a plumb command; the commands are: check, "));
}

/// The scripts and pages go to a closed pipe without a panic (`plumb completions bash | head`).
#[test]
fn generated_text_to_a_closed_pipe_is_no_error() {
    let tree = Tree::new(&[]);
    for args in [["completions", "zsh"], ["man", "check"]] {
        let script = format!(
            "'{}' {} | head -c 1 >/dev/null",
            assert_cmd::cargo::cargo_bin("plumb").display(),
            args.join(" ")
        );
        let output = Process::new("bash")
            .args(["-o", "pipefail", "-c", &script])
            .current_dir(tree.path())
            .output()
            .unwrap();
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        assert_eq!(stderr(&output), "", "{args:?}");
    }
}
