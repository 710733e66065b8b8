//! `plumb server`: the language server driven over standard input and output with JSON-RPC, as
//! an editor drives it.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use serde_json::{Value, json};

use crate::util::Tree;

/// A client of `plumb server`: it writes requests and notifications, and reads what the server
/// sends, keeping the notifications it has not looked at yet.
struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    notifications: Vec<Value>,
    next_id: i64,
}

impl Client {
    fn start(tree: &Tree, panic_on: &str) -> Self {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("plumb"))
            .arg("server")
            .current_dir("/")
            .env("PLUMB_TEST_PANIC_ON", panic_on)
            .env("PLUMB_CACHE_DIR", tree.join("cache"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (sender, messages) = channel();
        std::thread::spawn(move || {
            loop {
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    if stdout.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(value) = line.strip_prefix("Content-Length: ") {
                        length = value.parse().unwrap();
                    }
                }
                let mut body = vec![0; length];
                stdout.read_exact(&mut body).unwrap();
                if sender.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        Self { child, stdin, messages, notifications: Vec::new(), next_id: 0 }
    }

    fn write(&mut self, message: &Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.write(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn next(&mut self) -> Value {
        self.messages.recv_timeout(Duration::from_secs(30)).expect("the server answers within 30 s")
    }

    /// Sends a request and returns its result (which must not be an error).
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.write(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let message = self.next();
            if message["id"] == id && message.get("method").is_none() {
                assert_eq!(message.get("error"), None, "{method}");
                return message["result"].clone();
            }
            self.notifications.push(message);
        }
    }

    /// The next notification `method` the server sends (the others are kept).
    fn notification(&mut self, method: &str) -> Value {
        if let Some(index) = self.notifications.iter().position(|message| message["method"] == method) {
            return self.notifications.remove(index)["params"].clone();
        }
        loop {
            let message = self.next();
            if message["method"] == method {
                return message["params"].clone();
            }
            self.notifications.push(message);
        }
    }

    /// `shutdown` and `exit`: the server answers and ends with status 0.
    fn stop(mut self) {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        let status = self.child.wait().unwrap();
        assert!(status.success(), "{status}");
    }
}

fn uri(tree: &Tree, path: &str) -> String {
    format!("file://{}", tree.join(path).display())
}

const V1: &str = "def f(a, b):\n    if a:\n        return 1\n    return 2\n";

/// Cyclomatic 1 + 4 (`if`, `for`, `if`, `elif`); cognitive 1 + 2 + 3 + 1 (the `for` at nesting
/// 1, the inner `if` at nesting 2, `elif` without nesting).
const V3: &str = "def f(a, b):
    if a:
        for x in b:
            if x:
                return x
    elif b:
        return 2
    return 3
";

fn initialize(client: &mut Client, tree: &Tree) -> Value {
    let params = json!({
        "processId": null,
        "rootUri": uri(tree, ""),
        "capabilities": {},
        "initializationOptions": {"plumb": {"debounceMs": 50}},
    });
    let result = client.request("initialize", params);
    client.notify("initialized", json!({}));
    result
}

fn open(client: &mut Client, tree: &Tree, path: &str, text: &str) {
    let document = json!({"uri": uri(tree, path), "languageId": "python", "version": 1, "text": text});
    client.notify("textDocument/didOpen", json!({"textDocument": document}));
}

fn change(client: &mut Client, tree: &Tree, path: &str, version: i32, text: &str) {
    let params = json!({
        "textDocument": {"uri": uri(tree, path), "version": version},
        "contentChanges": [{"text": text}],
    });
    client.notify("textDocument/didChange", params);
}

/// The cyclomatic-complexity diagnostic of `f` in V3, on its signature `def f(a, b):`.
fn v3_diagnostic(tree: &Tree) -> Value {
    let at = |line: u32, start: u32, end: u32, message: &str| {
        json!({
            "location": {"uri": uri(tree, "src/app.py"), "range": {"start": {"line": line, "character": start}, "end": {"line": line, "character": end}}},
            "message": message,
        })
    };
    json!({
        "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 12}},
        "severity": 1,
        "code": "cyclomatic-complexity",
        "codeDescription": {"href": "https://github.com/plumb-rs/plumb/blob/main/docs/rules/cyclomatic-complexity.md"},
        "source": "plumb",
        "message": "`f` has a cyclomatic complexity of 5 (> 2)\nhelp: split `f` into smaller functions, or replace branches on one value with a lookup table",
        "relatedInformation": [
            at(1, 4, 6, "+1 if"),
            at(2, 8, 11, "+1 loop"),
            at(3, 12, 14, "+1 if"),
            at(5, 4, 8, "+1 else-if"),
        ],
    })
}

#[test]
fn an_editor_gets_diagnostics_lenses_hovers_and_actions_for_an_unsaved_buffer() {
    let tree = Tree::new(&[("plumb.toml", "[rules.cyclomatic-complexity]\nthreshold = 2\n")]);
    let mut client = Client::start(&tree, "");
    let result = initialize(&mut client, &tree);
    assert_eq!(result["serverInfo"]["name"], "plumb");
    let capabilities = &result["capabilities"];
    assert_eq!(capabilities["textDocumentSync"]["change"], 1);
    assert_eq!(capabilities["codeLensProvider"], json!({"resolveProvider": false}));
    assert_eq!(capabilities["hoverProvider"], true);
    assert_eq!(capabilities["executeCommandProvider"]["commands"], json!(["plumb.openRuleDocs"]));
    assert_eq!(capabilities["diagnosticProvider"]["identifier"], "plumb");

    // src/app.py exists only in the editor. Version 1: cyclomatic 2, no finding.
    open(&mut client, &tree, "src/app.py", V1);
    let published = client.notification("textDocument/publishDiagnostics");
    assert_eq!(published, json!({"uri": uri(&tree, "src/app.py"), "version": 1, "diagnostics": []}));

    // Two quick edits: only the latest is analysed and published.
    change(&mut client, &tree, "src/app.py", 2, "def f(a, b):\n    return a and b\n");
    change(&mut client, &tree, "src/app.py", 3, V3);
    let published = client.notification("textDocument/publishDiagnostics");
    assert_eq!(published["version"], 3);
    assert_eq!(published["diagnostics"], json!([v3_diagnostic(&tree)]));

    let document = json!({"uri": uri(&tree, "src/app.py")});
    let lenses = client.request("textDocument/codeLens", json!({"textDocument": document}));
    let title = "cyclomatic 5 (max 2) · cognitive 7";
    assert_eq!(
        lenses,
        json!([{
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
            "command": {"title": title, "command": ""},
        }])
    );

    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": document, "position": {"line": 0, "character": 4}}),
    );
    let expected = "**f**: cyclomatic 5 (max 2) · cognitive 7

- cyclomatic complexity 5 (threshold 2): 1 + 4 decision points
- cognitive complexity 7 (threshold 15)
- 8 lines (8 of code), 2 parameters, nesting 3, 3 returns

| line | construct | cyclomatic | cognitive |
|---:|---|---:|---|
| 2 | `if` | +1 | +1 |
| 3 | `loop` | +1 | +2 (nesting 1) |
| 4 | `if` | +1 | +3 (nesting 2) |
| 6 | `else-if` | +1 | +1 |
";
    assert_eq!(hover, json!({"contents": {"kind": "markdown", "value": expected}}));
    // Not on a function's name: nothing.
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": document, "position": {"line": 1, "character": 4}}),
    );
    assert_eq!(hover, Value::Null);

    let range = json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}});
    let context = json!({"diagnostics": [v3_diagnostic(&tree)]});
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": document, "range": range, "context": context}),
    );
    let edit = json!({"range": range, "newText": "# plumb: allow(cyclomatic-complexity) reason\n"});
    assert_eq!(
        actions,
        json!([
            {
                "title": "Allow cyclomatic-complexity in f",
                "kind": "quickfix",
                "diagnostics": [v3_diagnostic(&tree)],
                "edit": {"changes": {uri(&tree, "src/app.py"): [edit]}},
                "isPreferred": true,
            },
            {
                "title": "Open the documentation of cyclomatic-complexity",
                "kind": "quickfix",
                "diagnostics": [v3_diagnostic(&tree)],
                "command": {
                    "title": "Open the documentation of cyclomatic-complexity",
                    "command": "plumb.openRuleDocs",
                    "arguments": ["cyclomatic-complexity"],
                },
            },
        ])
    );
    // The client cannot open web pages: the server says where the documentation is.
    let command = json!({"command": "plumb.openRuleDocs", "arguments": ["cyclomatic-complexity"]});
    assert_eq!(client.request("workspace/executeCommand", command), Value::Null);
    let message = client.notification("window/showMessage");
    assert_eq!(
        message["message"],
        "The documentation of cyclomatic-complexity: https://github.com/plumb-rs/plumb/blob/main/docs/rules/cyclomatic-complexity.md"
    );

    let pulled = client.request("textDocument/diagnostic", json!({"textDocument": document}));
    assert_eq!(pulled, json!({"kind": "full", "items": [v3_diagnostic(&tree)]}));

    // plumb.toml changes: read again, and the finding is gone.
    tree.write("plumb.toml", b"[rules.cyclomatic-complexity]\nthreshold = 5\n");
    let event = json!({"changes": [{"uri": uri(&tree, "plumb.toml"), "type": 2}]});
    client.notify("workspace/didChangeWatchedFiles", event);
    let published = client.notification("textDocument/publishDiagnostics");
    assert_eq!(published, json!({"uri": uri(&tree, "src/app.py"), "version": 3, "diagnostics": []}));
    let lenses = client.request("textDocument/codeLens", json!({"textDocument": document}));
    assert_eq!(lenses[0]["command"]["title"], "cyclomatic 5 · cognitive 7");
    client.stop();
}

/// The editor's findings are `plumb check`'s: the same file, saved, checked both ways.
#[test]
fn the_editor_and_plumb_check_report_the_same_findings() {
    let source =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/crates/plumb-engine/src/run.rs"))
            .unwrap();
    let tree = Tree::new(&[
        (
            "plumb.toml",
            "[rules.cyclomatic-complexity]\nthreshold = 3\n[rules.cognitive-complexity]\nthreshold = 4\n",
        ),
        ("src/run.rs", &source),
    ]);
    let checked = tree.plumb().args(["check", "--format", "json", "src/run.rs"]).output().unwrap();
    let checked = crate::util::json(&checked);
    let expected: Vec<(String, u64, String)> = checked["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|finding| {
            let line = finding["start_line"].as_u64().unwrap() - 1;
            (
                finding["rule"].as_str().unwrap().to_owned(),
                line,
                finding["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(expected.len() >= 5, "{expected:?}");

    let mut client = Client::start(&tree, "");
    initialize(&mut client, &tree);
    let document =
        json!({"uri": uri(&tree, "src/run.rs"), "languageId": "rust", "version": 1, "text": source});
    client.notify("textDocument/didOpen", json!({"textDocument": document}));
    let published = client.notification("textDocument/publishDiagnostics");
    let found: Vec<(String, u64, String)> = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|diagnostic| {
            let message = diagnostic["message"].as_str().unwrap();
            let first = message.split("\nhelp: ").next().unwrap().to_owned();
            (
                diagnostic["code"].as_str().unwrap().to_owned(),
                diagnostic["range"]["start"]["line"].as_u64().unwrap(),
                first,
            )
        })
        .collect();
    assert_eq!(found, expected);
    client.stop();
}

/// A panic while analysing one document: logged, its diagnostics cleared, and the server goes on.
#[test]
fn a_panic_while_analysing_a_document_is_logged_and_the_server_goes_on() {
    let tree = Tree::new(&[("plumb.toml", "[rules.cyclomatic-complexity]\nthreshold = 1\n")]);
    let mut client = Client::start(&tree, "boom.py");
    initialize(&mut client, &tree);
    open(&mut client, &tree, "boom.py", V1);
    let log = client.notification("window/logMessage");
    assert_eq!(log["type"], 1);
    let message = log["message"].as_str().unwrap();
    assert!(
        message.starts_with("boom.py: internal error while analysing (test panic requested for boom.py"),
        "{message}"
    );
    let published = client.notification("textDocument/publishDiagnostics");
    assert_eq!(published, json!({"uri": uri(&tree, "boom.py"), "version": 1, "diagnostics": []}));

    open(&mut client, &tree, "fine.py", V1);
    let published = client.notification("textDocument/publishDiagnostics");
    assert_eq!(published["uri"], uri(&tree, "fine.py"));
    assert_eq!(
        published["diagnostics"][0]["message"].as_str().unwrap().lines().next(),
        Some("`f` has a cyclomatic complexity of 2 (> 1)")
    );
    client.stop();
}

/// A client that answers `workspace/configuration` without a `plumb` section (Neovim 0.8 and
/// later with no `settings`) keeps the settings of its `initializationOptions`.
#[test]
fn an_answer_without_settings_keeps_the_initialization_options() {
    let tree = Tree::new(&[("plumb.toml", "[rules.cyclomatic-complexity]\nthreshold = 2\n")]);
    let mut client = Client::start(&tree, "");
    let params = json!({
        "processId": null,
        "rootUri": uri(&tree, ""),
        "capabilities": {"workspace": {"configuration": true}},
        "initializationOptions": {"functions": "none", "debounceMs": 50},
    });
    client.request("initialize", params);
    client.notify("initialized", json!({}));
    let asked = loop {
        let message = client.next();
        if message["method"] == "workspace/configuration" {
            break message;
        }
    };
    assert_eq!(asked["params"], json!({"items": [{"section": "plumb"}]}));
    client.write(&json!({"jsonrpc": "2.0", "id": asked["id"], "result": [null]}));

    open(&mut client, &tree, "src/app.py", V3);
    let published = client.notification("textDocument/publishDiagnostics");
    assert_eq!(published["diagnostics"], json!([v3_diagnostic(&tree)]));
    let document = json!({"uri": uri(&tree, "src/app.py")});
    assert_eq!(client.request("textDocument/codeLens", json!({"textDocument": document})), json!([]));
    client.stop();
}

/// The server keeps what it measures in the result cache `plumb check` uses: a document's
/// metrics are measured once per content, whichever of the two measured it first.
#[test]
fn the_editor_and_plumb_check_share_the_result_cache() {
    let source = "def f(a, b):\n    if a and b:\n        return 1\n    return 2\n";
    let tree =
        Tree::new(&[("plumb.toml", "[rules.cyclomatic-complexity]\nthreshold = 2\n"), ("a.py", source)]);
    let entries = || walkdir::WalkDir::new(tree.join("cache")).into_iter().filter_map(Result::ok);
    let count = || entries().filter(|entry| entry.file_type().is_file() && entry.depth() > 1).count();
    let diagnostics = || {
        let mut client = Client::start(&tree, "");
        initialize(&mut client, &tree);
        open(&mut client, &tree, "a.py", source);
        let published = client.notification("textDocument/publishDiagnostics");
        client.stop();
        published["diagnostics"].clone()
    };
    let first = diagnostics();
    assert_eq!(first.as_array().unwrap().len(), 1, "{first}");
    assert_eq!(
        first[0]["message"].as_str().unwrap().lines().next(),
        Some("`f` has a cyclomatic complexity of 3 (> 2)")
    );
    assert_eq!(
        count(),
        1,
        "one entry: {:?}",
        entries().map(walkdir::DirEntry::into_path).collect::<Vec<_>>()
    );
    // Again from the cache, and `plumb check` on the saved file finds its entry too.
    assert_eq!(diagnostics(), first);
    let checked =
        tree.plumb().env("PLUMB_CACHE_DIR", tree.join("cache")).args(["check", "a.py"]).output().unwrap();
    assert_eq!(checked.status.code(), Some(1));
    assert_eq!(count(), 1);
}
