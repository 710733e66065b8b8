//! Defect lists exported from issue trackers.
//!
//! - **CSV**, as Jira exports it: a header row, then one issue per row. Column names may
//!   repeat (Jira writes one `Labels` or `Component/s` column per value). The id is the
//!   `Issue key` column (or `Key`, `ID`, `Id`, `id`, `Number`); the type is `Issue Type` (or
//!   `Type`); file paths, when the export has them, are in `Paths` or `Files` columns (several
//!   paths in one cell are separated by `;`, `,` or line breaks). When there is a type column,
//!   only rows of type `Bug` or `Defect` (any case) are defects; a `Resolution` of `Won't Fix`,
//!   `Won't Do`, `Duplicate`, `Cannot Reproduce`, `Not a Bug` or `Invalid` drops the row.
//! - **JSON**, as GitHub exports issues (`gh issue list --state all --json
//!   number,title,labels` or the REST API): an array of objects with `number` (or `id`/`key`),
//!   `title` and `labels` (strings or objects with a `name`). Pull requests (objects with a
//!   `pull_request` field) are skipped. When any issue has a label, only issues with a label
//!   that contains the word `bug`, `defect` or `regression` are defects. An optional `paths`
//!   (or `files`) array gives file paths.
//!
//! Ids are compared in a normal form (see [`normalize`]): `#123`, `123` and `owner/repo#123`
//! are `#123`; `abc-12` is `ABC-12`.
//!
//! A defect with paths counts on those files; one without is linked to files through the
//! commits whose messages mention its id (see [`crate::stats`]).

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::Error;

/// One defect of an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Defect {
    /// Its id, normalised (`ABC-123`, `#42`).
    pub id: String,
    /// Its title or summary, when the export has one.
    pub title: Option<String>,
    /// Repository-relative paths of the files it affected, when the export lists them.
    pub paths: Vec<String>,
}

/// The defects of an export.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DefectList {
    /// The file it was read from.
    pub path: PathBuf,
    /// The defects, in the export's order, without repeats.
    pub defects: Vec<Defect>,
    /// Rows or issues that are not defects (other types, pull requests, rejected).
    pub skipped: usize,
}

impl DefectList {
    /// The normalised ids of the defects.
    pub fn ids(&self) -> BTreeSet<&str> {
        self.defects.iter().map(|defect| defect.id.as_str()).collect()
    }

    /// The defect with this normalised id.
    pub fn get(&self, id: &str) -> Option<&Defect> {
        self.defects.iter().find(|defect| defect.id == id)
    }
}

/// Reads an export: JSON when the file's first non-blank character is `[` or `{`, CSV
/// otherwise.
pub fn read(path: &Path) -> Result<DefectList, Error> {
    let error = |message: String| Error::DefectList { path: path.to_owned(), message };
    let bytes = std::fs::read(path).map_err(|e| error(e.to_string()))?;
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace() && **b != 0xef && **b != 0xbb && **b != 0xbf);
    let mut list = match first {
        Some(b'[' | b'{') => parse_json(&bytes),
        _ => parse_csv(&bytes),
    }
    .map_err(error)?;
    path.clone_into(&mut list.path);
    Ok(list)
}

/// An id in normal form: `#123`, `123`, `GH-123` and `owner/repo#123` are `#123`; other ids
/// are upper-cased (`abc-12` is `ABC-12`).
pub fn normalize(id: &str) -> String {
    let id = id.trim();
    let number = id.rsplit_once('#').map_or(id, |(_, n)| n);
    let number = number.strip_prefix("GH-").or_else(|| number.strip_prefix("gh-")).unwrap_or(number);
    if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) {
        format!("#{}", number.trim_start_matches('0').max("0"))
    } else {
        id.to_ascii_uppercase()
    }
}

/// A defect list being read: the ids seen so far are in a set, so that a long export takes
/// time in proportion to its length.
#[derive(Default)]
struct Reading {
    list: DefectList,
    seen: HashSet<String>,
}

impl Reading {
    /// Adds a defect unless its id is already there (the export's first row wins).
    fn push(&mut self, defect: Defect) {
        if self.seen.insert(defect.id.clone()) {
            self.list.defects.push(defect);
        }
    }
}

/// `a.rs; b.rs`, `a.rs, b.rs` or one path per line.
fn split_paths(cell: &str) -> impl Iterator<Item = String> + '_ {
    cell.split([';', ',', '\n', '\r'])
        .map(|path| path.trim().trim_start_matches("./").replace('\\', "/"))
        .filter(|path| !path.is_empty())
}

const ID_COLUMNS: [&str; 7] = ["issue key", "key", "id", "issue id", "number", "issue", "defect"];
const TYPE_COLUMNS: [&str; 3] = ["issue type", "type", "kind"];
const TITLE_COLUMNS: [&str; 3] = ["summary", "title", "name"];
const PATH_COLUMNS: [&str; 4] = ["paths", "path", "files", "file"];
const DEFECT_TYPES: [&str; 2] = ["bug", "defect"];
const REJECTED: [&str; 7] =
    ["won't fix", "won't do", "wont fix", "duplicate", "cannot reproduce", "not a bug", "invalid"];

/// Parses a CSV export (see the [module](self) documentation).
pub fn parse_csv(bytes: &[u8]) -> Result<DefectList, String> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
    let mut records = reader.records();
    let header = match records.next() {
        Some(record) => record.map_err(|e| csv_error(&e))?,
        None => return Err("the file is empty; expected a header row".to_owned()),
    };
    let names: Vec<String> = header.iter().map(|name| name.trim().to_ascii_lowercase()).collect();
    let first = |candidates: &[&str]| {
        candidates.iter().find_map(|candidate| names.iter().position(|name| name == candidate))
    };
    let all = |candidates: &[&str]| -> Vec<usize> {
        (0..names.len()).filter(|&i| candidates.contains(&names[i].as_str())).collect()
    };
    let Some(id_column) = first(&ID_COLUMNS) else {
        return Err(format!(
            "no id column in the header row (expected one of: Issue key, Key, ID, Number); found: {}",
            header.iter().collect::<Vec<_>>().join(", ")
        ));
    };
    let type_column = first(&TYPE_COLUMNS);
    let title_column = first(&TITLE_COLUMNS);
    let resolution_column = first(&["resolution"]);
    let path_columns = all(&PATH_COLUMNS);
    let mut reading = Reading::default();
    for record in records {
        let record = record.map_err(|e| csv_error(&e))?;
        let cell = |column: Option<usize>| column.and_then(|i| record.get(i)).map_or("", str::trim);
        let id = cell(Some(id_column));
        if id.is_empty() {
            let line = record.position().map_or(0, csv::Position::line);
            return Err(format!("line {line}: the id column `{}` is empty", &header[id_column]));
        }
        let kind = cell(type_column).to_ascii_lowercase();
        let resolution = cell(resolution_column).to_ascii_lowercase().replace('\u{2019}', "'");
        if (type_column.is_some() && !DEFECT_TYPES.contains(&kind.as_str()))
            || REJECTED.contains(&resolution.as_str())
        {
            reading.list.skipped += 1;
            continue;
        }
        let title = Some(cell(title_column)).filter(|t| !t.is_empty()).map(str::to_owned);
        let paths = path_columns.iter().filter_map(|&i| record.get(i)).flat_map(split_paths).collect();
        reading.push(Defect { id: normalize(id), title, paths });
    }
    Ok(reading.list)
}

fn csv_error(error: &csv::Error) -> String {
    match error.position() {
        Some(position) => format!("line {}: {error}", position.line()),
        None => error.to_string(),
    }
}

/// Parses a JSON export (see the [module](self) documentation).
pub fn parse_json(bytes: &[u8]) -> Result<DefectList, String> {
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|e| format!("line {}, column {}: {e}", e.line(), e.column()))?;
    let issues = json_issues(&value)?;
    let labelled = issues.iter().any(|issue| !labels(issue).is_empty());
    let mut reading = Reading::default();
    for (index, issue) in issues.iter().enumerate() {
        match json_defect(issue, labelled).map_err(|message| format!("issue {index}: {message}"))? {
            Some(defect) => reading.push(defect),
            None => reading.list.skipped += 1,
        }
    }
    Ok(reading.list)
}

/// An array of issues, or an object holding one (`{"issues": [...]}`, `{"items": [...]}`).
fn json_issues(value: &Value) -> Result<&Vec<Value>, String> {
    match value {
        Value::Array(issues) => Ok(issues),
        Value::Object(object) => match ["issues", "items", "defects"].iter().find_map(|k| object.get(*k)) {
            Some(Value::Array(issues)) => Ok(issues),
            _ => Err("expected an array of issues, or an object with an `issues` array".to_owned()),
        },
        _ => Err("expected an array of issues".to_owned()),
    }
}

/// One issue's defect; `None` for a pull request, or, when the export has labels, an issue
/// without a defect label.
fn json_defect(issue: &Value, labelled: bool) -> Result<Option<Defect>, String> {
    let Value::Object(object) = issue else {
        return Err("expected an object".to_owned());
    };
    if object.get("pull_request").is_some_and(|pr| !pr.is_null())
        || object.get("isPullRequest") == Some(&Value::Bool(true))
    {
        return Ok(None);
    }
    let id = ["number", "key", "id"].iter().find_map(|key| match object.get(*key) {
        Some(Value::Number(number)) => Some(number.to_string()),
        Some(Value::String(text)) if !text.trim().is_empty() => Some(text.clone()),
        _ => None,
    });
    let Some(id) = id else {
        return Err("no `number`, `key` or `id`".to_owned());
    };
    if labelled && !labels(issue).iter().any(|label| is_defect_label(label)) {
        return Ok(None);
    }
    let title = object.get("title").and_then(Value::as_str).map(str::to_owned);
    let paths = ["paths", "files"]
        .iter()
        .filter_map(|key| object.get(*key).and_then(Value::as_array))
        .flatten()
        .filter_map(Value::as_str)
        .flat_map(split_paths)
        .collect();
    Ok(Some(Defect { id: normalize(&id), title, paths }))
}

/// An issue's label names (`"bug"` or `{"name": "bug"}`).
fn labels(issue: &Value) -> Vec<&str> {
    issue
        .get("labels")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|label| label.as_str().or_else(|| label.get("name").and_then(Value::as_str)))
        .collect()
}

/// `bug`, `type: bug`, `kind/defect`, `Regression` (the words as whole words).
fn is_defect_label(label: &str) -> bool {
    label
        .split(|c: char| !c.is_alphanumeric())
        .any(|word| ["bug", "defect", "regression"].contains(&word.to_ascii_lowercase().as_str()))
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;

    #[test]
    fn ids() {
        assert_eq!(normalize("#123"), "#123");
        assert_eq!(normalize("123"), "#123");
        assert_eq!(normalize("owner/repo#0123"), "#123");
        assert_eq!(normalize("GH-7"), "#7");
        assert_eq!(normalize(" abc-12 "), "ABC-12");
        assert_eq!(normalize("#0"), "#0");
    }

    /// A Jira export: repeated `Labels` and `Component/s` columns, a task and a rejected bug
    /// skipped, a quoted cell with a comma and a line break, two path columns.
    #[test]
    fn jira_csv() {
        let csv = "\u{feff}Summary,Issue key,Issue id,Issue Type,Status,Resolution,Labels,Labels,Component/s,Component/s,Paths,Paths\n\
                   \"Crash, on start\",PLUMB-1,10001,Bug,Done,Fixed,crash,p1,core,cli,src/a.rs,\"src/b.rs;\nsrc/c.rs\"\n\
                   Add a flag,PLUMB-2,10002,Story,Done,Done,,,cli,,,\n\
                   Wrong total,plumb-3,10003,bug,Done,Won't Fix,,,,,,\n\
                   Bad sum,PLUMB-4,10004,Defect,Open,,,,,,,\n\
                   Bad sum again,PLUMB-4,10004,Defect,Open,,,,,,,\n";
        let list = parse_csv(csv.as_bytes()).unwrap();
        assert_eq!(
            list.defects,
            vec![
                Defect {
                    id: "PLUMB-1".into(),
                    title: Some("Crash, on start".into()),
                    paths: vec!["src/a.rs".into(), "src/b.rs".into(), "src/c.rs".into()],
                },
                Defect { id: "PLUMB-4".into(), title: Some("Bad sum".into()), paths: vec![] },
            ]
        );
        assert_eq!(list.skipped, 2);
        assert_eq!(list.ids().into_iter().collect::<Vec<_>>(), ["PLUMB-1", "PLUMB-4"]);
    }

    #[test]
    fn csv_without_a_type_column_is_all_defects() {
        let list = parse_csv(b"id,files\n12,src/x.py\n#13,\n").unwrap();
        let ids: Vec<&str> = list.defects.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["#12", "#13"]);
        assert_eq!(list.defects[0].paths, ["src/x.py"]);
    }

    #[test]
    fn csv_errors_name_the_line() {
        assert_eq!(parse_csv(b"").unwrap_err(), "the file is empty; expected a header row");
        let error = parse_csv(b"Summary,Status\nx,y\n").unwrap_err();
        assert!(error.starts_with("no id column in the header row"), "{error}");
        assert!(error.ends_with("found: Summary, Status"), "{error}");
        assert_eq!(
            parse_csv(b"Key,Type\nA-1,Bug\n,Bug\n").unwrap_err(),
            "line 3: the id column `Key` is empty"
        );
        let error = parse_csv(b"Key\nA-1\n\xff\xfe\n").unwrap_err();
        assert!(error.starts_with("line 3: "), "{error}");
    }

    /// A GitHub export: pull requests skipped, labels as objects or strings, issues without a
    /// bug label skipped because others have labels.
    #[test]
    fn github_json() {
        let json = r#"[
            {"number": 12, "title": "Crash", "labels": [{"name": "bug"}, {"name": "p1"}]},
            {"number": 13, "title": "Feature", "labels": [{"name": "enhancement"}]},
            {"number": 14, "title": "Fix it", "labels": [{"name": "bug"}], "pull_request": {"url": "x"}},
            {"number": 15, "title": "Slow", "labels": ["kind/regression"], "paths": ["src/a.rs", "src/b.rs"]},
            {"number": 16, "title": "Debugger", "labels": ["debugger"]}
        ]"#;
        let list = parse_json(json.as_bytes()).unwrap();
        assert_eq!(
            list.defects,
            vec![
                Defect { id: "#12".into(), title: Some("Crash".into()), paths: vec![] },
                Defect {
                    id: "#15".into(),
                    title: Some("Slow".into()),
                    paths: vec!["src/a.rs".into(), "src/b.rs".into()]
                },
            ]
        );
        assert_eq!(list.skipped, 3);
    }

    #[test]
    fn json_without_labels_is_all_defects_and_errors_are_clear() {
        let list = parse_json(br#"{"issues": [{"key": "ABC-1"}, {"id": 7}]}"#).unwrap();
        let ids: Vec<&str> = list.defects.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["ABC-1", "#7"]);
        assert_eq!(parse_json(b"[{\"title\": \"x\"}]").unwrap_err(), "issue 0: no `number`, `key` or `id`");
        assert_eq!(parse_json(b"[1]").unwrap_err(), "issue 0: expected an object");
        assert_eq!(parse_json(b"\"x\"").unwrap_err(), "expected an array of issues");
        let error = parse_json(b"[\n{\"number\": }").unwrap_err();
        assert!(error.starts_with("line 2, column 12"), "{error}");
    }

    /// 200,000 rows (each id twice) and 200,000 GitHub issues: with a linear scan for repeated
    /// ids this took minutes (100,000 rows took 18 s in a release build); with a set, well under
    /// a second. Time is not asserted here (machines are shared): a quadratic scan would make
    /// this test run for minutes, which the suite's duration shows.
    #[test]
    fn long_exports_with_repeated_ids_are_read_whole() {
        let mut csv = String::from("Issue key,Issue Type,Summary\n");
        for i in 0..200_000 {
            let _ = writeln!(csv, "PLUMB-{},Bug,Crash {i}", i / 2);
        }
        let list = parse_csv(csv.as_bytes()).unwrap();
        assert_eq!(list.defects.len(), 100_000);
        assert_eq!(list.defects[99_999].id, "PLUMB-99999");
        let mut json = String::from("[");
        for i in 0..200_000 {
            let _ =
                write!(json, "{}{{\"number\": {i}, \"labels\": [\"bug\"]}}", if i == 0 { "" } else { "," });
        }
        json.push(']');
        let list = parse_json(json.as_bytes()).unwrap();
        assert_eq!(list.defects.len(), 200_000);
        assert_eq!(list.defects[199_999].id, "#199999");
    }

    #[test]
    fn read_detects_the_format_and_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let json = dir.path().join("issues.json");
        std::fs::write(&json, "  [{\"number\": 3}]").unwrap();
        let list = read(&json).unwrap();
        assert_eq!(list.defects[0].id, "#3");
        assert_eq!(list.path, json);
        let missing = dir.path().join("missing.csv");
        let error = read(&missing).unwrap_err().to_string();
        assert!(
            error.starts_with(&format!("cannot read the defect list `{}`: ", missing.display())),
            "{error}"
        );
    }
}
