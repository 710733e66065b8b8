//! The VS Code extension (`editors/vscode`): `scripts/package-vscode.sh` builds it with npm and
//! packages it with vsce, and the `.vsix` holds the compiled extension and its settings, which
//! map onto `plumb server`'s.
//!
//! In the tools tier: npm installs the dependencies of `package-lock.json` from the registry.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use plumb_server::{Annotations, Functions, Settings};
use serde_json::{Value, json};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// `editors/vscode` without what building makes (`node_modules`, `out`, packages).
fn copy_sources(to: &Path) {
    let from = Path::new(ROOT).join("editors/vscode");
    let made = |entry: &walkdir::DirEntry| {
        let name = entry.file_name().to_string_lossy();
        entry.depth() == 1 && (name == "node_modules" || name == "out" || name.ends_with(".vsix"))
    };
    for entry in walkdir::WalkDir::new(&from).into_iter().filter_entry(|entry| !made(entry)) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(&from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The names in a zip file, and its `extension/package.json`.
fn read_vsix(vsix: &Path) -> (Vec<String>, Value) {
    let script = "import json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
print(json.dumps({'names': z.namelist(), 'package': json.loads(z.read('extension/package.json'))}))";
    let output = Command::new("python3").args(["-c", script]).arg(vsix).output().expect("python3 is needed");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let read: Value = serde_json::from_slice(&output.stdout).unwrap();
    let names =
        read["names"].as_array().unwrap().iter().map(|name| name.as_str().unwrap().to_owned()).collect();
    (names, read["package"].clone())
}

/// What the compiled `serverSettings` sends the server when each `plumb.*` setting has the
/// value `values` gives, or else its default from package.json.
fn server_settings(dir: &Path, values: &Value) -> Value {
    let script = "const { serverSettings } = require('./out/settings.js');
const properties = require('./package.json').contributes.configuration.properties;
const values = JSON.parse(process.argv[1]);
const get = (key, fallback) => key in values ? values[key] : properties['plumb.' + key]?.default ?? fallback;
console.log(JSON.stringify(serverSettings(get)));";
    let output = Command::new("node")
        .args(["-e", script])
        .arg(values.to_string())
        .current_dir(dir)
        .output()
        .expect("node is needed");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
#[ignore = "tools: builds and packages the VS Code extension with npm (registry) and vsce"]
fn the_vscode_extension_packages_with_its_settings() {
    let dir = tempfile::tempdir().unwrap();
    copy_sources(dir.path());
    let output = Command::new("bash")
        .arg(Path::new(ROOT).join("scripts/package-vscode.sh"))
        .arg(dir.path())
        .output()
        .expect("bash");
    let log =
        format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "{log}");

    // Named after the version, which is plumb's.
    let vsix = dir.path().join(format!("plumb-{}.vsix", env!("CARGO_PKG_VERSION")));
    assert!(vsix.is_file(), "{log}");
    let (names, package) = read_vsix(&vsix);
    for name in [
        "extension.vsixmanifest",
        "extension/package.json",
        "extension/readme.md",
        "extension/out/extension.js",
        "extension/out/settings.js",
        "extension/node_modules/vscode-languageclient/package.json",
    ] {
        assert!(names.iter().any(|held| held == name), "{name} is not in the package: {names:?}");
    }
    // The sources and the build's own tools stay out.
    assert!(!names.iter().any(|name| name.starts_with("extension/src/")), "{names:?}");
    assert!(!names.iter().any(|name| name.contains("node_modules/typescript/")), "{names:?}");

    assert_eq!((&package["name"], &package["main"]), (&json!("plumb"), &json!("./out/extension.js")));
    assert_eq!(package["contributes"]["commands"][0]["command"], "plumb.restart");
    let properties = package["contributes"]["configuration"]["properties"].as_object().unwrap();
    let defaults: BTreeMap<&str, &Value> =
        properties.iter().map(|(name, property)| (name.as_str(), &property["default"])).collect();
    assert_eq!(
        defaults,
        BTreeMap::from([
            ("plumb.path", &json!("plumb")),
            ("plumb.lens.functions", &json!("all")),
            ("plumb.lens.fraction", &json!(0.8)),
            ("plumb.lens.annotations", &json!("code-lens")),
            ("plumb.coverage", &json!([])),
        ])
    );
    assert_eq!(properties["plumb.lens.functions"]["enum"], json!(["all", "near-threshold", "none"]));
    assert_eq!(properties["plumb.lens.annotations"]["enum"], json!(["code-lens", "inlay-hint"]));

    // The defaults are the server's; other values reach it under its own names.
    let sent = server_settings(dir.path(), &json!({}));
    assert_eq!(
        sent,
        json!({"coverage": [], "functions": "all", "fraction": 0.8, "annotations": "code-lens"})
    );
    assert_eq!(Settings::from_value(&sent).unwrap(), Settings::default());
    let values = json!({"coverage": "lcov.info", "lens.functions": "near-threshold", "lens.fraction": 0.5, "lens.annotations": "inlay-hint"});
    let sent = server_settings(dir.path(), &values);
    assert_eq!(
        sent,
        json!({"coverage": ["lcov.info"], "functions": "near-threshold", "fraction": 0.5, "annotations": "inlay-hint"})
    );
    let settings = Settings::from_value(&sent).unwrap();
    assert_eq!(
        (settings.coverage, settings.functions, settings.fraction.to_string(), settings.annotations),
        (vec!["lcov.info".to_owned()], Functions::NearThreshold, "0.5".to_owned(), Annotations::InlayHint)
    );
    let sent = server_settings(dir.path(), &json!({"lens.functions": "none"}));
    assert_eq!(Settings::from_value(&sent).unwrap().functions, Functions::None);
}

/// The VS Code language identifiers of each language plumb measures (the editor's own, or the
/// one its usual extension contributes).
const VSCODE_IDS: &[(&str, &[&str])] = &[
    ("rust", &["rust"]),
    ("python", &["python"]),
    ("javascript", &["javascript", "javascriptreact"]),
    ("typescript", &["typescript"]),
    ("tsx", &["typescriptreact"]),
    ("go", &["go"]),
    ("java", &["java"]),
    ("c", &["c"]),
    ("cpp", &["cpp"]),
    ("csharp", &["csharp"]),
    ("ruby", &["ruby"]),
    ("php", &["php"]),
    ("kotlin", &["kotlin"]),
    ("swift", &["swift"]),
    ("scala", &["scala"]),
    ("lua", &["lua"]),
    ("bash", &["shellscript"]),
    ("objc", &["objective-c"]),
    ("dart", &["dart"]),
    ("haskell", &["haskell"]),
    ("zig", &["zig"]),
    ("powershell", &["powershell"]),
    ("fortran", &["fortran", "FortranFreeForm"]),
    ("elixir", &["elixir"]),
    ("r", &["r"]),
    ("ocaml", &["ocaml"]),
    ("solidity", &["solidity"]),
    ("erlang", &["erlang"]),
    ("julia", &["julia"]),
    ("gdscript", &["gdscript"]),
    ("vue", &["vue"]),
    ("svelte", &["svelte"]),
    ("elm", &["elm"]),
];

/// The extension starts the server for every language plumb measures: its document selector
/// (`LANGUAGES` in `extension.ts`) and its activation events name the same VS Code languages,
/// those of every language of `plumb languages`.
#[test]
fn the_vscode_extension_starts_for_every_language_plumb_measures() {
    let ids: Vec<&str> = plumb_lang::Language::ALL.iter().map(|language| language.id()).collect();
    let mapped: Vec<&str> = VSCODE_IDS.iter().map(|(id, _)| *id).collect();
    assert_eq!(mapped, ids, "a language without its VS Code identifiers, or one no longer measured");
    let expected: Vec<&str> = VSCODE_IDS.iter().flat_map(|(_, vscode)| vscode.iter().copied()).collect();

    let extension = std::fs::read_to_string(Path::new(ROOT).join("editors/vscode/src/extension.ts")).unwrap();
    let list = extension.split("const LANGUAGES = [").nth(1).unwrap().split("];").next().unwrap();
    let selected: Vec<&str> =
        list.split(',').map(|id| id.trim().trim_matches('\'')).filter(|id| !id.is_empty()).collect();
    assert_eq!(selected, expected);

    let package: Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(ROOT).join("editors/vscode/package.json")).unwrap(),
    )
    .unwrap();
    let events: Vec<&str> =
        package["activationEvents"].as_array().unwrap().iter().map(|e| e.as_str().unwrap()).collect();
    let activated: Vec<&str> = events.iter().filter_map(|event| event.strip_prefix("onLanguage:")).collect();
    assert_eq!(activated, expected);
}
