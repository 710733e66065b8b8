//! Every number is explained by its increments: for every function of the registry's locked
//! packages, of the local Python's standard library and of every fixture, `cyclomatic` is 1 +
//! its decision points and `cognitive` the sum of its increments' `adds`, each increment lies
//! in the function's span, in source order, and pays for its nesting only where the construct
//! nests; no function ends after the file's last line. Checked with plumb's definitions and with every counting variant at once.

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
    let include = counting.nested_functions == NestedFunctions::Include;
    for increment in &function.increments {
        if increment.kind == DecisionKind::NestedFunction {
            // What the nested function added, which its own increments account for.
            if !include || increment.adds == 0 {
                let _ = write!(problems, " {increment:?} in {counting:?};");
            }
            continue;
        }
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
        DecisionKind::Else
        | DecisionKind::Jump
        | DecisionKind::Goto
        | DecisionKind::Recursion
        | DecisionKind::NestedFunction => true,
        _ => false,
    });
    if excluded {
        let _ = write!(problems, " a decision point the variant does not count;");
    }
    (!problems.is_empty()).then_some(problems)
}

fn check_file(path: &Path, metrics: &FileMetrics, problems: &mut Vec<String>) {
    for function in &metrics.functions {
        let past_the_end = function.span.end.line > metrics.lines.max(1);
        let problem = check_function(function, metrics.counting);
        let problem = match (problem, past_the_end) {
            (problem, false) => problem,
            (problem, true) => Some(format!(
                "{} ends on line {}, after the file's last line;",
                problem.unwrap_or_default(),
                function.span.end.line
            )),
        };
        if let Some(problem) = problem {
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
#[ignore = "corpus: reads the cargo registry and the Python standard library"]
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

/// `(kind, line, column, adds, nesting)` of the first function's cognitive increments.
fn cognitive_increments(
    source: &str,
    language: Language,
    counting: Counting,
) -> Vec<(&'static str, u32, u32, u32, u32)> {
    let metrics = Analyzer::new().analyze_with(source.as_bytes(), language, counting);
    let function = &metrics.functions[0];
    let at = |span: plumb_metrics::Span| (span.start.line, span.start.column);
    function
        .increments
        .iter()
        .map(|i| (i.kind.as_str(), at(i.span).0, at(i.span).1, i.adds, i.nesting))
        .collect()
}

#[test]
fn increments_stand_at_their_keyword_or_operator() {
    let js = "\
function f(a, b, c) {
  if ((a && b) && c) {
    return f(a, b, c);
  } else {
    outer: for (;;) {
      break outer;
    }
  }
}
";
    // The sequence `(a && b) && c` at its first operator; the recursion at its callee; the
    // loop without a condition (cyclomatic 0) at its keyword, nested in the else branch.
    assert_eq!(
        cognitive_increments(js, Language::JavaScript, Counting::default()),
        [
            ("if", 2, 3, 1, 0),
            ("and", 2, 10, 1, 0),
            ("recursion", 3, 12, 1, 1),
            ("else", 4, 5, 1, 0),
            ("loop", 5, 12, 2, 1),
            ("labelled-jump", 6, 7, 1, 2),
        ]
    );
    let metrics = Analyzer::new().analyze(js.as_bytes(), Language::JavaScript);
    let points: Vec<_> = metrics.functions[0]
        .decision_points
        .iter()
        .map(|d| (d.kind.as_str(), d.span.start.line, d.span.start.column, d.nesting))
        .collect();
    assert_eq!(points, [("if", 2, 3, 0), ("and", 2, 10, 0), ("and", 2, 16, 0)]);

    // A bare `else` body (no else clause in the tree) is shown at its keyword.
    let java = "\
class A {
  int g(int x) {
    if (x > 0) {
      return 1;
    } else {
      return 2;
    }
  }
}
";
    assert_eq!(
        cognitive_increments(java, Language::Java, Counting::default()),
        [("if", 3, 5, 1, 0), ("else", 5, 7, 1, 0)]
    );

    // `x match { ... }` at `match`, for cognitive complexity and, in the modified variant, as
    // the one cyclomatic decision point.
    let scala = "\
object O {
  def h(x: Int): Int = x match {
    case 1 => 1
    case _ => 0
  }
}
";
    let modified = Counting { variant: CyclomaticVariant::Modified, ..Counting::default() };
    assert_eq!(cognitive_increments(scala, Language::Scala, modified), [("switch", 2, 26, 1, 0)]);
    let metrics = Analyzer::new().analyze_with(scala.as_bytes(), Language::Scala, modified);
    let point = metrics.functions[0].decision_points[0];
    assert_eq!((point.kind, point.span.start.line, point.span.start.column), (DecisionKind::Switch, 2, 26));
    assert_eq!(metrics.functions[0].cyclomatic, 2);
}

#[test]
fn with_nested_functions_included_each_nested_function_is_one_increment() {
    let python = "\
def retry(times):
    def decorate(func):
        def wrapper(*args):
            for attempt in range(times):
                if attempt:
                    raise
            return None
        return wrapper
    return decorate
";
    let include = Counting { nested_functions: NestedFunctions::Include, ..Counting::default() };
    let metrics = Analyzer::new().analyze_with(python.as_bytes(), Language::Python, include);
    let listed = |i: usize| -> Vec<(&'static str, u32, u32, u32, u32)> {
        let at = |i: &plumb_metrics::Increment| (i.span.start.line, i.span.start.column);
        metrics.functions[i]
            .increments
            .iter()
            .map(|x| (x.kind.as_str(), at(x).0, at(x).1, x.adds, x.nesting))
            .collect()
    };
    // wrapper: for 1, if 1+1 = 3, its own.
    assert_eq!(listed(2), [("loop", 4, 13, 1, 0), ("if", 5, 17, 2, 1)]);
    // decorate: wrapper's for 1+1 and if 1+2 = 5, as one increment at wrapper's signature.
    assert_eq!(listed(1), [("nested-function", 3, 9, 5, 0)]);
    // retry: for 1+2 and if 1+3 = 7, through decorate.
    assert_eq!(listed(0), [("nested-function", 2, 5, 7, 0)]);
    let cognitive: Vec<u32> = metrics.functions.iter().map(|f| f.cognitive).collect();
    assert_eq!(cognitive, [7, 5, 3]);
}
