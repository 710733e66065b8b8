//! Resolving the paths a report names to files of the repository, one shared step for every
//! format, after reading.
//!
//! Each report path goes through, in order:
//! 1. normalisation (`\` to `/`, `./` and `..` folded, a Windows drive letter lower-cased),
//! 2. the first `path_map` rewrite whose prefix matches (from the configuration),
//! 3. the path as a repository-relative path,
//! 4. an absolute path under the repository root,
//! 5. the path joined to each of the report's roots (Cobertura `<source>`s), or with a root
//!    stripped from its front (a Go module path),
//! 6. a unique suffix match on whole path components against the repository's files: the
//!    shorter of the two paths must be a suffix of the longer one, and the file sharing the
//!    most trailing components wins. A tie is listed as ambiguous, never guessed.
//!
//! An absolute path under the root that names no repository file is unresolved (it is known
//! exactly, so no suffix is tried); an absolute path elsewhere, or a relative one climbing out
//! with `..`, that matches nothing is listed as outside. Nothing here touches the disk: the
//! caller lists the repository's files.
//!
//! ```
//! use std::path::Path;
//! use plumb_coverage::{Coverage, Format, resolve::Resolver};
//!
//! let mut coverage = Coverage::new(Format::Lcov);
//! coverage.file("/ci/build/app/src/lib.rs").add_line_hits(1, 2);
//! coverage.file("/usr/include/stdio.h").add_line_hits(1, 2);
//! let files = ["src/lib.rs".to_owned(), "tests/it.rs".to_owned()];
//! let resolver = Resolver { root: Path::new("/home/me/app"), files: &files, path_map: &[] };
//! let resolved = resolver.resolve(coverage);
//! assert_eq!(resolved.coverage.files.keys().collect::<Vec<_>>(), ["src/lib.rs"]);
//! assert_eq!(resolved.outside, ["/usr/include/stdio.h"]);
//! ```

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::Coverage;

/// What report paths are resolved against.
#[derive(Debug, Clone, Copy)]
pub struct Resolver<'a> {
    /// The repository root (absolute).
    pub root: &'a Path,
    /// The repository's files, relative to the root, `/`-separated.
    pub files: &'a [String],
    /// Prefix rewrites (`("/ci/workspace/app/", "")`), tried in order; the first that matches
    /// applies.
    pub path_map: &'a [(String, String)],
}

/// A report whose paths are the repository's, with what could not be resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    /// Coverage keyed by repository-relative path; two report paths naming one file are merged.
    pub coverage: Coverage,
    /// Each report path that names a file, with that file.
    pub found: Vec<(String, String)>,
    /// Report paths that match no repository file.
    pub unresolved: Vec<String>,
    /// Report paths that match several files equally well, with those files.
    pub ambiguous: Vec<(String, Vec<String>)>,
    /// Report paths outside the repository (absolute elsewhere, or climbing out with `..`).
    pub outside: Vec<String>,
}

/// The outcome for one report path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    File(String),
    Unresolved,
    Ambiguous(Vec<String>),
    Outside,
}

impl Resolver<'_> {
    /// Resolves every path of a report.
    pub fn resolve(&self, coverage: Coverage) -> Resolved {
        let index = Index::new(self.files);
        let root = normalise(&self.root.to_string_lossy());
        let roots: Vec<String> =
            coverage.roots.iter().map(|r| normalise(r)).filter(|r| !r.is_empty()).collect();
        let mut resolved = Resolved {
            coverage: Coverage::new(coverage.format),
            found: Vec::new(),
            unresolved: Vec::new(),
            ambiguous: Vec::new(),
            outside: Vec::new(),
        };
        for (path, file) in coverage.files {
            match self.resolve_path(&path, &root, &roots, &index) {
                Outcome::File(found) => {
                    resolved.coverage.file(&found).merge(file);
                    resolved.found.push((path, found));
                }
                Outcome::Unresolved => resolved.unresolved.push(path),
                Outcome::Ambiguous(candidates) => resolved.ambiguous.push((path, candidates)),
                Outcome::Outside => resolved.outside.push(path),
            }
        }
        resolved
    }

    fn resolve_path(&self, path: &str, root: &str, roots: &[String], index: &Index<'_>) -> Outcome {
        let path = self.rewrite(&normalise(path));
        let candidates = candidates(&path, roots);
        if let Some(outcome) = exact_match(&path, &candidates, root, index) {
            return outcome;
        }
        match suffix_matches(&candidates, index).as_slice() {
            [one] => Outcome::File((*one).to_owned()),
            [] if is_absolute(&path) || path == ".." || path.starts_with("../") => Outcome::Outside,
            [] => Outcome::Unresolved,
            many => Outcome::Ambiguous(many.iter().map(|&f| f.to_owned()).collect()),
        }
    }

    /// The first `path_map` rewrite whose prefix matches.
    fn rewrite(&self, path: &str) -> String {
        for (from, to) in self.path_map {
            let from = normalise_prefix(from);
            if let Some(rest) = path.strip_prefix(from.as_str()) {
                return normalise(&format!("{}{rest}", normalise_prefix(to)));
            }
        }
        path.to_owned()
    }
}

/// The paths a report's path may stand for: itself, under each report root, and relative
/// to each report root it lies in.
fn candidates(path: &str, roots: &[String]) -> Vec<String> {
    let mut candidates = vec![path.to_owned()];
    for report_root in roots {
        if !is_absolute(path) {
            candidates.push(normalise(&format!("{report_root}/{path}")));
        }
        if let Some(rest) = strip_dir(path, report_root) {
            candidates.push(rest.to_owned());
        }
    }
    candidates
}

/// Exact: a candidate that is repository-relative, or absolute under the root. `Unresolved`
/// when the path itself is under the root but no file; `None` to go on with suffixes.
fn exact_match(path: &str, candidates: &[String], root: &str, index: &Index<'_>) -> Option<Outcome> {
    let mut under_root = false;
    for candidate in candidates {
        let relative = if is_absolute(candidate) {
            let Some(relative) = strip_dir(candidate, root) else { continue };
            under_root |= candidate == path;
            relative
        } else {
            candidate.as_str()
        };
        if index.files.contains(relative) {
            return Some(Outcome::File(relative.to_owned()));
        }
    }
    under_root.then_some(Outcome::Unresolved)
}

/// Suffix: the files of the longest whole-component match over every candidate, sorted.
fn suffix_matches<'a>(candidates: &[String], index: &Index<'a>) -> Vec<&'a str> {
    let mut best: (usize, Vec<&str>) = (0, Vec::new());
    for candidate in candidates {
        let (length, files) = index.suffix_matches(candidate);
        if length > best.0 {
            best = (length, files);
        } else if length == best.0 && length > 0 {
            best.1.extend(files);
        }
    }
    let mut matches = best.1;
    matches.sort_unstable();
    matches.dedup();
    matches
}

/// The repository's files, by name for the suffix match.
struct Index<'a> {
    files: HashSet<&'a str>,
    by_name: HashMap<&'a str, Vec<&'a str>>,
}

impl<'a> Index<'a> {
    fn new(files: &'a [String]) -> Self {
        let mut by_name: HashMap<&str, Vec<&str>> = HashMap::new();
        for file in files {
            by_name.entry(file.rsplit('/').next().unwrap_or(file)).or_default().push(file);
        }
        Self { files: files.iter().map(String::as_str).collect(), by_name }
    }

    /// The files where one of the two paths is a whole-component suffix of the other, sharing
    /// the most components, and how many.
    fn suffix_matches(&self, path: &str) -> (usize, Vec<&'a str>) {
        let name = path.rsplit('/').next().unwrap_or(path);
        let Some(files) = self.by_name.get(name) else { return (0, Vec::new()) };
        let wanted: Vec<&str> = path.split('/').filter(|c| !c.is_empty()).rev().collect();
        let mut best = (0, Vec::new());
        for &file in files {
            let components: Vec<&str> = file.split('/').rev().collect();
            let shared = wanted.iter().zip(&components).take_while(|(a, b)| a == b).count();
            if shared < wanted.len().min(components.len()) {
                continue; // neither is a suffix of the other
            }
            if shared > best.0 {
                best = (shared, vec![file]);
            } else if shared == best.0 {
                best.1.push(file);
            }
        }
        best
    }
}

/// `/`-separated, without `.` components, with `..` folded where possible, with a lower-case
/// drive letter; relative paths keep leading `..`s.
fn normalise(path: &str) -> String {
    let path = path.trim().replace('\\', "/");
    let (prefix, rest) = split_root(&path);
    let rooted = !prefix.is_empty();
    prefix + &fold_components(rest, rooted).join("/")
}

/// The root of a path (`c:/` with the drive in lower case, `/`, or nothing) and the rest.
fn split_root(path: &str) -> (String, &str) {
    match path.as_bytes() {
        [drive, b':', b'/', ..] if drive.is_ascii_alphabetic() => {
            (format!("{}:/", char::from(drive.to_ascii_lowercase())), &path[3..])
        }
        [b'/', ..] => ("/".to_owned(), &path[1..]),
        _ => (String::new(), path),
    }
}

/// The components without `.`, each `..` folded into the one before it; at the root a `..`
/// is dropped (`/..` is `/`), in a relative path a leading one is kept.
fn fold_components(path: &str, rooted: bool) -> Vec<&str> {
    let mut parts: Vec<&str> = Vec::new();
    for component in path.split('/') {
        match component {
            "" | "." => {}
            ".." if parts.last().is_some_and(|last| *last != "..") => {
                parts.pop();
            }
            ".." if rooted => {}
            other => parts.push(other),
        }
    }
    parts
}

/// A `path_map` prefix, normalised but keeping a trailing `/`.
fn normalise_prefix(prefix: &str) -> String {
    let normal = normalise(prefix);
    if prefix.ends_with(['/', '\\']) && !normal.ends_with('/') { normal + "/" } else { normal }
}

fn is_absolute(path: &str) -> bool {
    path.starts_with('/') || matches!(path.as_bytes(), [drive, b':', b'/', ..] if drive.is_ascii_alphabetic())
}

/// The rest of `path` when it lies inside directory `dir` (whole components).
fn strip_dir<'p>(path: &'p str, dir: &str) -> Option<&'p str> {
    let dir = dir.trim_end_matches('/');
    if dir.is_empty() {
        return (!is_absolute(path)).then_some(path);
    }
    path.strip_prefix(dir)?.strip_prefix('/').filter(|rest| !rest.is_empty())
}

/// A `path_map` rewrite that would make report paths resolve, from the files of the repository
/// that share the longest tail of whole components with them (`/app/src/pkg/a.py` and
/// `lib/pkg/a.py` share `pkg/a.py`: `("/app/src/", "lib/")`). The rewrite most paths agree on,
/// with how many; `None` when no path shares even its file name with a file, or the best
/// match of every path is a tie.
pub fn suggest_path_map(paths: &[String], files: &[String]) -> Option<((String, String), usize)> {
    let index = Index::new(files);
    let mut votes: HashMap<(String, String), usize> = HashMap::new();
    for path in paths {
        let path = normalise(path);
        let name = path.rsplit('/').next().unwrap_or(&path);
        let Some(candidates) = index.by_name.get(name) else { continue };
        let wanted: Vec<&str> = path.split('/').rev().collect();
        let shared =
            |file: &str| wanted.iter().zip(file.split('/').rev()).take_while(|(a, b)| **a == *b).count();
        let best = candidates.iter().map(|file| shared(file)).max().unwrap_or(0);
        let mut at_best = candidates.iter().filter(|file| shared(file) == best);
        let (Some(file), None) = (at_best.next(), at_best.next()) else { continue };
        let from = head(&path, best);
        let to = head(file, best);
        if from != to {
            *votes.entry((from.to_owned(), to.to_owned())).or_default() += 1;
        }
    }
    votes.into_iter().max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
}

/// A path without its last `tail` components, ending with `/` (or empty when none is left).
fn head(path: &str, tail: usize) -> &str {
    if tail == 0 {
        return path;
    }
    let mut end = path.len();
    for _ in 0..tail {
        match path[..end].rfind('/') {
            Some(at) => end = at,
            None => return "",
        }
    }
    &path[..=end]
}

/// The directory every path lies in (`/ci/app/`), after normalisation; empty when they share
/// none.
pub fn common_directory(paths: &[String]) -> String {
    let mut paths = paths.iter().map(|path| normalise(path));
    let Some(first) = paths.next() else { return String::new() };
    let mut common = head(&first, 1).to_owned();
    for path in paths {
        while !common.is_empty() && !path.starts_with(&common) {
            let trimmed = &common[..common.len() - 1];
            common = match trimmed.rfind('/') {
                Some(at) => common[..=at].to_owned(),
                None => String::new(),
            };
        }
    }
    common
}

/// The module path of a `go.mod` (`module github.com/acme/app`), to pass as a root for Go
/// coverprofiles, whose paths are import paths.
pub fn go_module(go_mod: &str) -> Option<&str> {
    go_mod.lines().find_map(|line| {
        let line = line.split("//").next().unwrap_or("").trim();
        let rest = line.strip_prefix("module")?;
        if !rest.starts_with([' ', '\t', '"']) {
            return None;
        }
        let module = rest.trim().trim_matches(['"', '`']).trim();
        (!module.is_empty()).then_some(module)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{FileCoverage, Format};

    const FILES: [&str; 8] = [
        "src/lib.rs",
        "src/minicalc/core.py",
        "tests/minicalc/core.py",
        "app/src/main/java/org/acme/Util.java",
        "lib/src/main/java/org/acme/Util.java",
        "lib/src/main/java/org/acme/Only.java",
        "cmd/tool/main.go",
        "setup.py",
    ];

    fn files() -> Vec<String> {
        FILES.iter().map(|&f| f.to_owned()).collect()
    }

    fn outcome(path: &str, roots: &[&str], path_map: &[(&str, &str)]) -> Outcome {
        let files = files();
        let path_map: Vec<(String, String)> =
            path_map.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect();
        let resolver = Resolver { root: Path::new("/home/me/repo"), files: &files, path_map: &path_map };
        let roots: Vec<String> = roots.iter().map(|r| normalise(r)).collect();
        resolver.resolve_path(path, "/home/me/repo", &roots, &Index::new(&files))
    }

    fn found(path: &str) -> Outcome {
        Outcome::File(path.to_owned())
    }

    #[test]
    fn normalisation() {
        assert_eq!(normalise(r".\src\lib.rs"), "src/lib.rs");
        assert_eq!(normalise("/a/./b//c/../d"), "/a/b/d");
        assert_eq!(normalise(r"C:\Work\App\x.cs"), "c:/Work/App/x.cs");
        assert_eq!(normalise("../x/../../y"), "../../y");
        assert_eq!(normalise("/../y"), "/y");
    }

    #[test]
    fn path_map_rewrites_first() {
        assert_eq!(
            outcome("/ci/workspace/app/src/lib.rs", &[], &[("/ci/workspace/app/", "")]),
            found("src/lib.rs")
        );
        assert_eq!(outcome(r"C:\build\setup.py", &[], &[(r"C:\build\", "")]), found("setup.py"));
        // The first matching rule applies; a rewrite to a missing path is not rescued by a later rule.
        assert_eq!(
            outcome("/_/main.go", &[], &[("/_/", "cmd/tool/"), ("/_/", "")]),
            found("cmd/tool/main.go")
        );
    }

    #[test]
    fn exact_relative_and_absolute_under_root() {
        assert_eq!(outcome("src/lib.rs", &[], &[]), found("src/lib.rs"));
        assert_eq!(outcome("./src/../src/lib.rs", &[], &[]), found("src/lib.rs"));
        assert_eq!(outcome("/home/me/repo/setup.py", &[], &[]), found("setup.py"));
        // Known exactly, so no suffix is tried: `lib.rs` under the root is not `src/lib.rs`.
        assert_eq!(outcome("/home/me/repo/gen/lib.rs", &[], &[]), Outcome::Unresolved);
    }

    #[test]
    fn report_roots_join_and_strip() {
        // Cobertura: `filename` relative to one of several sources.
        assert_eq!(
            outcome("minicalc/core.py", &["/elsewhere", "/home/me/repo/src"], &[]),
            found("src/minicalc/core.py")
        );
        // A source from another machine still disambiguates through the suffix match.
        assert_eq!(
            outcome("minicalc/core.py", &["/ci/workspace/python/src"], &[]),
            found("src/minicalc/core.py")
        );
        assert_eq!(
            outcome("minicalc/core.py", &[], &[]),
            Outcome::Ambiguous(vec!["src/minicalc/core.py".into(), "tests/minicalc/core.py".into()])
        );
        // Go: the module path stripped from an import path.
        assert_eq!(
            outcome("github.com/acme/app/cmd/tool/main.go", &["github.com/acme/app"], &[]),
            found("cmd/tool/main.go")
        );
    }

    #[test]
    fn suffix_match_is_unique_or_listed() {
        // A report made on another machine.
        assert_eq!(outcome("/ci/workspace/rust/src/lib.rs", &[], &[]), found("src/lib.rs"));
        // JaCoCo: package path + source file name, shorter than the repository path.
        assert_eq!(outcome("org/acme/Only.java", &[], &[]), found("lib/src/main/java/org/acme/Only.java"));
        assert_eq!(
            outcome("org/acme/Util.java", &[], &[]),
            Outcome::Ambiguous(vec![
                "app/src/main/java/org/acme/Util.java".into(),
                "lib/src/main/java/org/acme/Util.java".into()
            ])
        );
        // Whole components only: `acme/Only.java` is not a suffix of `xacme/Only.java`.
        assert_eq!(outcome("xacme/Only.java", &[], &[]), Outcome::Unresolved);
        // A longer path ending with a whole repository path matches it...
        assert_eq!(outcome("other/tests/minicalc/core.py", &[], &[]), found("tests/minicalc/core.py"));
        // ...but sharing a tail is not enough when neither path is a suffix of the other.
        assert_eq!(outcome("/ci/other/java/org/acme/Only.java", &[], &[]), Outcome::Outside);
    }

    #[test]
    fn outside_and_unresolved() {
        assert_eq!(outcome("/usr/include/stdio.h", &[], &[]), Outcome::Outside);
        assert_eq!(outcome("../sibling/x.rs", &[], &[]), Outcome::Outside);
        assert_eq!(outcome("src/gone.rs", &[], &[]), Outcome::Unresolved);
    }

    #[test]
    fn resolving_merges_paths_naming_one_file() {
        let mut coverage = Coverage::new(Format::Lcov);
        coverage.file("/ci/a/src/lib.rs").add_line_hits(1, 1);
        coverage.file("src/lib.rs").add_line_hits(1, 2);
        coverage.file("/usr/lib/x.h").add_line_hits(1, 1);
        coverage.file("nowhere.rs").add_line_hits(1, 1);
        coverage.file("core.py").add_line_hits(1, 1);
        let files = files();
        let repo = Resolver { root: Path::new("/home/me/repo"), files: &files, path_map: &[] };
        let resolved = repo.resolve(coverage);
        let named = |(path, file): &(String, String)| (path.clone(), file.clone());
        assert_eq!(
            resolved.found.iter().map(named).collect::<Vec<_>>(),
            [("/ci/a/src/lib.rs".into(), "src/lib.rs".into()), ("src/lib.rs".into(), "src/lib.rs".into())]
        );
        let mut expected = FileCoverage::default();
        expected.add_line_hits(1, 3);
        assert_eq!(
            resolved.coverage.files.into_iter().collect::<Vec<_>>(),
            [("src/lib.rs".to_owned(), expected)]
        );
        assert_eq!(resolved.unresolved, ["nowhere.rs"]);
        assert_eq!(resolved.outside, ["/usr/lib/x.h"]);
        assert_eq!(
            resolved.ambiguous,
            [(
                "core.py".to_owned(),
                vec!["src/minicalc/core.py".to_owned(), "tests/minicalc/core.py".to_owned()]
            )]
        );
    }

    #[test]
    fn suggested_path_maps_come_from_the_shared_tails() {
        let strings = |items: &[&str]| items.iter().map(|&p| p.to_owned()).collect::<Vec<_>>();
        let package =
            strings(&["src/mylib/core.py", "src/mylib/util/io.py", "tests/test_core.py", "setup.py"]);
        // An installed package: `mylib/...` is under site-packages there, under `src/` here.
        let installed = strings(&[
            "/usr/lib/python3/site-packages/mylib/core.py",
            "/usr/lib/python3/site-packages/mylib/util/io.py",
            "/usr/lib/python3/site-packages/mylib/gone.py",
        ]);
        let expected = ("/usr/lib/python3/site-packages/".to_owned(), "src/".to_owned());
        assert_eq!(suggest_path_map(&installed, &package), Some((expected, 2)));
        // A best match shared by two files votes for neither.
        let files = files();
        assert_eq!(suggest_path_map(&strings(&["/w/minicalc/core.py"]), &files), None);
        assert_eq!(suggest_path_map(&strings(&["/x/unknown.rs"]), &files), None);
        let container = strings(&["/app/code/lib.rs", "/app/code/setup.py", "/app/other/setup.py"]);
        assert_eq!(common_directory(&container), "/app/");
        assert_eq!(common_directory(&strings(&["/a/b/c.rs", r"\a\b\d\e.rs"])), "/a/b/");
        assert_eq!(common_directory(&strings(&["a/x.rs", "b/y.rs"])), "");
        assert_eq!(common_directory(&strings(&["x.rs"])), "");
        assert_eq!((head("/a/b/c.rs", 1), head("/c.rs", 1), head("c.rs", 1)), ("/a/b/", "/", ""));
        assert_eq!(head("cmd/tool/main.go", 3), "");
    }

    #[test]
    fn go_module_lines() {
        assert_eq!(
            go_module("// c\nmodule github.com/acme/app // x\n\ngo 1.22\n"),
            Some("github.com/acme/app")
        );
        assert_eq!(go_module("module \"example.com/q\"\n"), Some("example.com/q"));
        assert_eq!(go_module("modules x\ngo 1.21\n"), None);
        assert_eq!(go_module(""), None);
    }
}
