//! Every number is explained by its increments: for every function of the registry's locked
//! packages, of the local Python's standard library and of every fixture, `cyclomatic` is 1 +
//! its decision points and `cognitive` the sum of its increments' `adds`, each increment lies
//! in the function's span, in source order, and pays for its nesting only where the construct
//! nests. Checked with plumb's definitions and with every counting variant at once.

mod common;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use plumb_lang::Language;
use plumb_metrics::{
    Analyzer, Counting, CyclomaticVariant, DecisionKind, FileMetrics, FunctionMetrics, NestedFunctions,
};

/// Largest file measured, as `plumb check`'s default limit.
const MAX_FILE_SIZE: u64 = 5 * 1024 * 1024;

/// Every option away from its default.
const VARIANTS: Counting = Counting {
    variant: CyclomaticVariant::Modified,
    count_boolean_operators: false,
    nested_functions: NestedFunctions::Include,
};

fn measurable(path: &Path) -> Option<(Language, Vec<u8>)> {
    let too_big = std::fs::metadata(path).map_or(true, |m| m.len() > MAX_FILE_SIZE);
    if too_big {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    let language = Language::from_path(path, &bytes[..bytes.len().min(512)])?;
    Some((language, bytes))
}

/// The standard library of the local python3, without site-packages.
fn python_stdlib() -> PathBuf {
    let output = std::process::Command::new("python3")
        .args(["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"])
        .output()
        .expect("python3 is needed");
    let stdlib = PathBuf::from(String::from_utf8(output.stdout).expect("a UTF-8 path").trim());
    assert!(stdlib.join("os.py").is_file(), "no standard library at {}", stdlib.display());
    stdlib
}

/// Whether a cognitive increment of this kind pays for its nesting.
fn nests(kind: DecisionKind) -> bool {
    matches!(
        kind,
        DecisionKind::If
            | DecisionKind::Conditional
            | DecisionKind::Loop
            | DecisionKind::Switch
            | DecisionKind::Catch
    )
}

/// What is wrong with one function's increments, if anything.
fn check_function(function: &FunctionMetrics, counting: Counting) -> Option<String> {
    let mut problems = String::new();
    let decisions = function.decision_points.len() as u64;
    if u64::from(function.cyclomatic) != 1 + decisions {
        let _ = write!(problems, " cyclomatic {} but {decisions} decision points;", function.cyclomatic);
    }
    let adds: u64 = function.increments.iter().map(|i| u64::from(i.adds)).sum();
    if u64::from(function.cognitive) != adds {
        let _ = write!(problems, " cognitive {} but increments adding {adds};", function.cognitive);
    }
    let (start, end) = (function.span.start.byte, function.span.end.byte);
    let module = function.name == "<module>";
    let outside = |at: u32| !module && (at < start || at > end);
    let points = function.decision_points.iter().map(|d| d.span.start);
    let increments = function.increments.iter().map(|i| i.span.start);
    if points.clone().chain(increments.clone()).any(|at| outside(at.byte)) {
        let _ = write!(problems, " an increment outside the function;");
    }
    if !points.clone().is_sorted() || !increments.is_sorted() {
        let _ = write!(problems, " increments out of order;");
    }
    for increment in &function.increments {
        let expected = if nests(increment.kind) { 1 + increment.nesting } else { 1 };
        if increment.adds != expected {
            let _ = write!(problems, " {increment:?} should add {expected};");
        }
    }
    let modified = counting.variant == CyclomaticVariant::Modified;
    let excluded = function.decision_points.iter().any(|d| match d.kind {
        DecisionKind::Case => modified,
        DecisionKind::Switch => !modified,
        DecisionKind::And | DecisionKind::Or | DecisionKind::Coalesce | DecisionKind::LogicalAssign => {
            !counting.count_boolean_operators
        }
        DecisionKind::Else | DecisionKind::Jump | DecisionKind::Goto | DecisionKind::Recursion => true,
        _ => false,
    });
    if excluded {
        let _ = write!(problems, " a decision point the variant does not count;");
    }
    (!problems.is_empty()).then_some(problems)
}

fn check_file(path: &Path, metrics: &FileMetrics, problems: &mut Vec<String>) {
    for function in &metrics.functions {
        if let Some(problem) = check_function(function, metrics.counting) {
            problems.push(format!(
                "{}:{} `{}` ({:?}):{problem}",
                path.display(),
                function.span.start.line,
                function.name,
                metrics.counting
            ));
        }
    }
}

#[test]
fn increments_add_up_to_every_number() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files: Vec<PathBuf> = common::files_under(&common::registry_src(), true, |_| true);
    files.extend(common::files_under(&fixtures, false, |_| true));
    let in_stdlib = |path: &Path| {
        path.extension().is_some_and(|x| x == "py")
            && !path.components().any(|c| c.as_os_str() == "site-packages")
    };
    files.extend(common::files_under(&python_stdlib(), false, in_stdlib));
    let problems = Mutex::new(Vec::new());
    let counted = Mutex::new((0_usize, 0_usize, 0_u64));
    common::each_in_parallel(&files, Analyzer::new, |analyzer, path| {
        let Some((language, bytes)) = measurable(path) else { return };
        let mut found = Vec::new();
        let metrics = analyzer.analyze(&bytes, language);
        check_file(path, &metrics, &mut found);
        let increments: usize = metrics.functions.iter().map(|f| f.increments.len()).sum();
        let variants = analyzer.analyze_with(&bytes, language, VARIANTS);
        check_file(path, &variants, &mut found);
        let mut counted = counted.lock().unwrap();
        counted.0 += 1;
        counted.1 += metrics.functions.len();
        counted.2 += increments as u64;
        problems.lock().unwrap().extend(found);
    });
    let (files, functions, increments) = counted.into_inner().unwrap();
    let mut problems = problems.into_inner().unwrap();
    problems.sort();
    println!("checked {files} files, {functions} functions, {increments} cognitive increments");
    assert!(problems.is_empty(), "{} functions: {:#?}", problems.len(), &problems[..problems.len().min(50)]);
    assert!(
        files > 5_000 && functions > 100_000,
        "{files} files, {functions} functions: the corpora are missing"
    );
}
