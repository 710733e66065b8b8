//! Defect density per file, per folder and for the project.
//!
//! `density = defects / KLOC`, KLOC being the unit's code lines (as plumb measures them, at
//! the working tree) divided by 1,000. A file's defects are its distinct defects in the window
//! ([`crate::stats`]); a folder's and the project's are the distinct defects of their files,
//! so one fix that changed three files of a folder is one defect of the folder. A folder is a
//! directory with the files directly inside it (the project root is `.`).
//!
//! Beside the density, each row carries a 90% confidence interval for it: the exact (Garwood)
//! interval of a Poisson count, divided by the KLOC. With 2 defects in 400 lines the density
//! is 5.0 but anything from 0.89 to 15.7 is consistent with that count, and the interval says
//! so. Units with fewer code lines than a minimum (200 by default) are shown but not ranked:
//! small denominators make large densities out of single fixes.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::stats::{FileStats, FixCommit, Stats};

/// A file plumb measured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// How the file is shown (relative to the working directory).
    pub path: String,
    /// Its path relative to the repository root, as history names it.
    pub history_path: String,
    /// Its code lines.
    pub code: u32,
}

/// How to rank.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Units with fewer code lines are shown but not ranked.
    pub min_code: u32,
}

impl Default for Options {
    fn default() -> Self {
        Self { min_code: 200 }
    }
}

/// One file, folder, or the project.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// The file or folder (`.` for the root folder, `total` for the project).
    pub path: String,
    /// Files measured in it.
    pub files: u32,
    /// Code lines.
    pub code: u64,
    /// Distinct defects.
    pub defects: u32,
    /// Defects per 1,000 code lines; `None` without code.
    pub density: Option<f64>,
    /// The 90% interval of the density: lower bound.
    pub density_low: Option<f64>,
    /// The 90% interval of the density: upper bound.
    pub density_high: Option<f64>,
    /// Fix commits that changed it.
    pub fixes: u32,
    /// Commits that changed it.
    pub commits: u32,
    /// Lines added.
    pub added: u64,
    /// Lines deleted.
    pub deleted: u64,
    /// Lines added plus deleted.
    pub churn: u64,
    /// Distinct authors.
    pub authors: u32,
    /// Whether it has at least the minimum code lines, and so takes part in the ranking.
    pub ranked: bool,
    /// Its distinct defects: issue ids, and the object ids of fix commits that name none.
    pub defect_ids: Vec<String>,
    /// The fix commits that changed it, newest first: what [`Row::fixes`] and, through their
    /// defects, [`Row::defects`] count.
    pub fix_commits: Vec<FixCommit>,
}

impl Row {
    fn new(path: String, files: u32, code: u64, stats: &FileStats, all: &Stats, options: Options) -> Row {
        let defects = stats.defects.len() as u32;
        #[allow(clippy::cast_precision_loss)]
        let kloc = code as f64 / 1000.0;
        let (density, low, high) = if code == 0 {
            (None, None, None)
        } else {
            let (low, high) = poisson_interval(u64::from(defects), 0.90);
            (Some(f64::from(defects) / kloc), Some(low / kloc), Some(high / kloc))
        };
        Row {
            path,
            files,
            code,
            defects,
            density,
            density_low: low,
            density_high: high,
            fixes: stats.fixes.len() as u32,
            commits: stats.commits.len() as u32,
            added: stats.added,
            deleted: stats.deleted,
            churn: stats.churn(),
            authors: stats.authors.len() as u32,
            ranked: code >= u64::from(options.min_code),
            defect_ids: stats.defects.iter().map(|id| id.as_str().to_owned()).collect(),
            fix_commits: all.fixes_of(stats),
        }
    }
}

/// Defect density tables.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Density {
    /// Every file: the ranked ones by density (highest first), then the others by path.
    pub files: Vec<Row>,
    /// Every folder, in the same order.
    pub folders: Vec<Row>,
    /// The project: every file.
    pub total: Row,
}

/// The folder of a path: `src/a.rs` is in `src`, `a.rs` in `.`.
pub fn folder(path: &str) -> &str {
    match path.rfind('/') {
        Some(0) => "/",
        Some(end) => &path[..end],
        None => ".",
    }
}

/// Computes the tables for the files measured.
pub fn compute(files: &[SourceFile], stats: &Stats, options: Options) -> Density {
    let empty = FileStats::default();
    let mut rows = Vec::with_capacity(files.len());
    let mut folders: BTreeMap<&str, (u32, u64, FileStats)> = BTreeMap::new();
    let mut total = (0u32, 0u64, FileStats::default());
    for file in files {
        let history = stats.file(&file.history_path).unwrap_or(&empty);
        rows.push(Row::new(file.path.clone(), 1, u64::from(file.code), history, stats, options));
        for (count, code, merged) in [folders.entry(folder(&file.path)).or_default(), &mut total] {
            *count += 1;
            *code += u64::from(file.code);
            merged.merge(history);
        }
    }
    let mut folders: Vec<Row> = folders
        .into_iter()
        .map(|(path, (count, code, merged))| Row::new(path.to_owned(), count, code, &merged, stats, options))
        .collect();
    rank(&mut rows);
    rank(&mut folders);
    let total = Row::new("total".to_owned(), total.0, total.1, &total.2, stats, options);
    Density { files: rows, folders, total }
}

/// Ranked rows first, by density (highest first), then defects, then path; then the rest by
/// path.
fn rank(rows: &mut [Row]) {
    rows.sort_by(|a, b| {
        b.ranked
            .cmp(&a.ranked)
            .then_with(|| {
                if a.ranked {
                    b.density.unwrap_or(0.0).total_cmp(&a.density.unwrap_or(0.0))
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .then_with(|| if a.ranked { b.defects.cmp(&a.defects) } else { std::cmp::Ordering::Equal })
            .then_with(|| a.path.cmp(&b.path))
    });
}

/// The exact (Garwood) two-sided interval at `confidence` for the mean of a Poisson count `k`:
/// the lower bound `L` has `P(X >= k | L) = (1 - confidence) / 2` (0 when `k` is 0), the upper
/// `U` has `P(X <= k | U) = (1 - confidence) / 2`. These are the chi-square quantiles
/// `chi2((1-c)/2; 2k) / 2` and `chi2((1+c)/2; 2k+2) / 2`.
pub fn poisson_interval(k: u64, confidence: f64) -> (f64, f64) {
    let tail = (1.0 - confidence) / 2.0;
    #[allow(clippy::cast_precision_loss)]
    let count = k as f64;
    // P(X <= k | mean) falls as the mean grows: bisect on it.
    let solve = |below: f64, target: f64| {
        let (mut low, mut high) = (0.0, count + 10.0 + 10.0 * count.sqrt());
        while poisson_cdf(below, high) > target {
            high *= 2.0;
        }
        for _ in 0..200 {
            let mid = 0.5 * (low + high);
            if poisson_cdf(below, mid) > target {
                low = mid;
            } else {
                high = mid;
            }
            if high - low <= 1e-12 * high.max(1.0) {
                break;
            }
        }
        0.5 * (low + high)
    };
    let lower = if k == 0 { 0.0 } else { solve(count - 1.0, 1.0 - tail) };
    let upper = solve(count, tail);
    (lower, upper)
}

/// `P(X <= k)` for a Poisson variable of this mean: the regularised upper incomplete gamma
/// function `Q(k + 1, mean)`.
fn poisson_cdf(k: f64, mean: f64) -> f64 {
    if mean <= 0.0 {
        return 1.0;
    }
    let a = k + 1.0;
    // Numerical Recipes' `gammq`: the series for P when mean < a + 1, the continued fraction
    // for Q otherwise.
    let log_prefix = -mean + a * mean.ln() - ln_gamma(a);
    if mean < a + 1.0 {
        (1.0 - gamma_series(a, mean) * log_prefix.exp()).clamp(0.0, 1.0)
    } else {
        (log_prefix.exp() * gamma_continued_fraction(a, mean)).clamp(0.0, 1.0)
    }
}

/// The series of the lower incomplete gamma function `P(a, x)`, without its prefix.
fn gamma_series(a: f64, x: f64) -> f64 {
    let (mut term, mut sum, mut n) = (1.0 / a, 1.0 / a, a);
    for _ in 0..100_000 {
        n += 1.0;
        term *= x / n;
        sum += term;
        if term.abs() < sum.abs() * 1e-15 {
            break;
        }
    }
    sum
}

/// The continued fraction of the upper incomplete gamma function `Q(a, x)`, without its
/// prefix (modified Lentz).
// The names are those of the formulas.
#[allow(clippy::many_single_char_names)]
fn gamma_continued_fraction(a: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let mut b = x + 1.0 - a;
    let mut c = 1.0 / TINY;
    let mut d = 1.0 / b;
    let mut h = d;
    for i in 1..100_000 {
        let i = f64::from(i);
        let an = -i * (i - a);
        b += 2.0;
        d = an * d + b;
        if d.abs() < TINY {
            d = TINY;
        }
        c = b + an / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let delta = d * c;
        h *= delta;
        if (delta - 1.0).abs() < 1e-15 {
            break;
        }
    }
    h
}

/// `ln Γ(x)` for `x > 0` (Lanczos, g = 7, nine coefficients: about 15 significant digits).
fn ln_gamma(x: f64) -> f64 {
    const COEFFICIENTS: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection: Γ(x) Γ(1 - x) = π / sin(πx).
        return (std::f64::consts::PI / (std::f64::consts::PI * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut sum = COEFFICIENTS[0];
    for (i, coefficient) in COEFFICIENTS.iter().enumerate().skip(1) {
        #[allow(clippy::cast_precision_loss)]
        let i = i as f64;
        sum += coefficient / (x + i);
    }
    let t = x + 7.5;
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::DefectId;

    fn close(actual: f64, expected: f64, digits: i32) -> bool {
        (actual - expected).abs() <= 10f64.powi(-digits)
    }

    /// Garwood's limits, from chi-square tables: k = 0 is [0, -ln 0.05]; k = 1 has the lower
    /// limit -ln 0.95 and the upper U with e^-U (1 + U) = 0.05.
    #[test]
    fn poisson_intervals_match_the_tables() {
        let cases: [(u64, f64, f64); 6] = [
            (0, 0.0, 2.995_732),
            (1, 0.051_293, 4.743_865),
            (2, 0.355_362, 6.295_794),
            (5, 1.970_150, 10.513_035),
            (10, 5.425_406, 16.962_219),
            (100, 84.139_277, 118.079_273),
        ];
        for (k, low, high) in cases {
            let (l, h) = poisson_interval(k, 0.90);
            assert!(close(l, low, 4) && close(h, high, 4), "k = {k}: ({l}, {h})");
        }
        // Large counts: the Wilson-Hilferty approximation is exact to a few thousandths there.
        let (l, h) = poisson_interval(1_000_000, 0.90);
        assert!(close(l, 998_355.715, 1) && close(h, 1_001_646.423, 1), "({l}, {h})");
    }

    /// The example of the `defect-density` rule's documentation: 6 defects in 2,400 lines of
    /// code are 2.5 per KLOC, with the interval 1.09 to 4.93.
    #[test]
    fn the_rule_documentation_example() {
        let (low, high) = poisson_interval(6, 0.90);
        assert_eq!(
            (format!("{:.2}", low / 2.4), format!("{:.2}", high / 2.4)),
            ("1.09".to_owned(), "4.93".to_owned())
        );
    }

    #[test]
    fn gamma() {
        assert!(close(ln_gamma(1.0), 0.0, 12));
        assert!(close(ln_gamma(5.0), 24f64.ln(), 12));
        assert!(close(ln_gamma(0.5), std::f64::consts::PI.sqrt().ln(), 12));
        assert!(close(poisson_cdf(0.0, 1.0), (-1.0f64).exp(), 12));
        assert!(close(poisson_cdf(2.0, 3.0), (-3.0f64).exp() * (1.0 + 3.0 + 4.5), 12));
    }

    fn stats(entries: &[(&str, &[&str], u64)]) -> Stats {
        let mut stats = Stats::default();
        for (path, defects, churn) in entries {
            let file = stats.files.entry((*path).to_owned()).or_default();
            file.defects = defects.iter().map(|d| DefectId::Commit((*d).to_owned())).collect();
            file.fixes = (0..defects.len()).collect();
            file.added = *churn;
        }
        stats
    }

    fn file(path: &str, code: u32) -> SourceFile {
        SourceFile { path: path.to_owned(), history_path: format!("repo/{path}"), code }
    }

    /// `src/a.rs`: 400 lines, 2 defects: 5.0 per KLOC. `src/b.rs`: 1,000 lines, 1 defect (one it
    /// shares with a.rs, c1): 1.0. `src/small.rs`: 50 lines, 1 defect: 20.0 but not ranked.
    /// `lib.rs`: 300 lines, none. Folder `src`: 1,450 lines, defects {c1, c2, c3} = 3: 2.069.
    /// Folder `.`: 300 lines, 0. Total: 1,750 lines, 3 defects: 1.714.
    #[test]
    fn files_folders_and_total() {
        let stats = stats(&[
            ("repo/src/a.rs", &["c1", "c2"], 10),
            ("repo/src/b.rs", &["c1"], 5),
            ("repo/src/small.rs", &["c3"], 1),
        ]);
        let files =
            [file("src/a.rs", 400), file("src/b.rs", 1000), file("src/small.rs", 50), file("lib.rs", 300)];
        let density = compute(&files, &stats, Options::default());
        let summary = |rows: &[Row]| -> Vec<(String, u32, Option<f64>, bool)> {
            rows.iter()
                .map(|r| {
                    (r.path.clone(), r.defects, r.density.map(|d| (d * 1000.0).round() / 1000.0), r.ranked)
                })
                .collect()
        };
        assert_eq!(
            summary(&density.files),
            vec![
                ("src/a.rs".into(), 2, Some(5.0), true),
                ("src/b.rs".into(), 1, Some(1.0), true),
                ("lib.rs".into(), 0, Some(0.0), true),
                ("src/small.rs".into(), 1, Some(20.0), false),
            ]
        );
        assert_eq!(
            summary(&density.folders),
            vec![("src".into(), 3, Some(2.069), true), (".".into(), 0, Some(0.0), true)]
        );
        assert_eq!(
            summary(std::slice::from_ref(&density.total)),
            vec![("total".into(), 3, Some(1.714), true)]
        );
        assert_eq!((density.total.files, density.total.code, density.total.churn), (4, 1750, 16));
        // 2 defects in 0.4 KLOC: [0.355362, 6.295794] / 0.4.
        let a = &density.files[0];
        assert!(close(a.density_low.unwrap(), 0.888_404, 5) && close(a.density_high.unwrap(), 15.739_484, 5));
    }

    #[test]
    fn folders() {
        assert_eq!(folder("src/a/b.rs"), "src/a");
        assert_eq!(folder("a.rs"), ".");
        assert_eq!(folder("../x/a.rs"), "../x");
        assert_eq!(folder("/abs.rs"), "/");
    }

    #[test]
    fn a_file_without_code_has_no_density() {
        let density = compute(&[file("empty.py", 0)], &Stats::default(), Options { min_code: 0 });
        assert_eq!(density.files[0].density, None);
        assert!(density.files[0].ranked);
    }
}
